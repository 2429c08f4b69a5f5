//! When and how long to wait before retrying a request.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// How transient failures are retried.
///
/// Retried: HTTP 429, 502, 503 and 504 and transport failures for idempotent requests
/// (GET, and token requests); for actions (POST) only connection failures (nothing was sent)
/// and 429/503 carrying `Retry-After`. A server's `Retry-After` (seconds or HTTP-date) is
/// honoured; otherwise the delay grows exponentially with jitter up to
/// [`max_delay`](Self::max_delay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
    retry_timeouts: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(300),
            retry_timeouts: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts per request, the first included (default 5; 0 counts as 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// First backoff delay, doubled on every further retry (default 500 ms).
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Longest single wait (default 60 s). A `Retry-After` longer than this is not waited
    /// for: the error is returned instead, carrying the server's delay.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Longest total time spent on one request including waits (default 5 min); a retry
    /// whose wait would cross it is not made.
    pub fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// Whether idempotent requests that timed out are retried (default false: a server too
    /// slow once is usually too slow again, and each try costs a full timeout).
    pub fn retry_timeouts(mut self, yes: bool) -> Self {
        self.retry_timeouts = yes;
        self
    }

    pub(crate) fn retries_timeouts(&self) -> bool {
        self.retry_timeouts
    }

    /// Whether a response with this status may be retried at all.
    pub(crate) fn retryable_status(
        status: StatusCode,
        idempotent: bool,
        has_retry_after: bool,
    ) -> bool {
        match status.as_u16() {
            429 | 503 => idempotent || has_retry_after,
            502 | 504 => idempotent,
            _ => false,
        }
    }

    /// The wait before attempt `attempt + 1`, or `None` when the budget is spent.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = match retry_after {
            Some(d) if d > self.max_delay => return None,
            Some(d) => d,
            None => self.backoff(attempt),
        };
        (elapsed.saturating_add(delay) <= self.max_elapsed).then_some(delay)
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so that clients
    /// that failed together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let capped = exp.min(self.max_delay);
        let half = capped / 2;
        half + half.mul_f64(random_fraction())
    }
}

/// A uniformly distributed number in [0, 1) from the OS generator that uuid already uses.
fn random_fraction() -> f64 {
    let bits = (uuid::Uuid::new_v4().as_u128() >> 75) as u64; // 53 random bits
    bits as f64 / (1u64 << 53) as f64
}

/// The delay a `Retry-After` header asks for: delta-seconds or an HTTP-date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // Non-standard but seen in the wild: fractional seconds.
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs.max(0.0)).ok();
    }
    let at = parse_http_date(value)?;
    let wait = at - OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only HTTP-date form
/// senders may generate (RFC 9110 §5.6.7).
fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    let (_, rest) = s.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: u8 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => Month::January,
        "Feb" => Month::February,
        "Mar" => Month::March,
        "Apr" => Month::April,
        "May" => Month::May,
        "Jun" => Month::June,
        "Jul" => Month::July,
        "Aug" => Month::August,
        "Sep" => Month::September,
        "Oct" => Month::October,
        "Nov" => Month::November,
        "Dec" => Month::December,
        _ => return None,
    };
    let year: i32 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || parts.next().is_some() || hms.next().is_some() {
        return None;
    }
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(h, m, sec).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&headers(" 0 ")), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&headers("1.5")),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Duration::ZERO)
        );
        let later = OffsetDateTime::now_utc() + time::Duration::seconds(30);
        let fmt = format!(
            "Wed, {:02} {} {} {:02}:{:02}:{:02} GMT",
            later.day(),
            &format!("{:?}", later.month())[..3],
            later.year(),
            later.hour(),
            later.minute(),
            later.second()
        );
        let d = retry_after(&headers(&fmt)).unwrap();
        assert!(
            d > Duration::from_secs(25) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&headers("Sun, 06 Nov 1994 08:49:37 PST")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn statuses() {
        let s = |c| StatusCode::from_u16(c).unwrap();
        assert!(RetryPolicy::retryable_status(s(429), true, false));
        assert!(RetryPolicy::retryable_status(s(504), true, false));
        assert!(!RetryPolicy::retryable_status(s(504), false, true));
        assert!(!RetryPolicy::retryable_status(s(503), false, false));
        assert!(RetryPolicy::retryable_status(s(503), false, true));
        assert!(!RetryPolicy::retryable_status(s(500), true, true));
        assert!(!RetryPolicy::retryable_status(s(400), true, true));
    }

    #[test]
    fn delays_are_capped_and_budgeted() {
        let p = RetryPolicy::default()
            .base_delay(Duration::from_secs(1))
            .max_delay(Duration::from_secs(4))
            .max_attempts(10);
        for attempt in 1..10 {
            let d = p.delay(attempt, Duration::ZERO, None).unwrap();
            let full = Duration::from_secs(1 << (attempt - 1)).min(Duration::from_secs(4));
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        assert_eq!(p.delay(10, Duration::ZERO, None), None);
        assert_eq!(
            p.delay(1, Duration::ZERO, Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            p.delay(1, Duration::ZERO, Some(Duration::from_secs(5))),
            None
        );
        assert_eq!(
            p.delay(1, Duration::from_secs(299), Some(Duration::from_secs(2))),
            None
        );
        assert_eq!(RetryPolicy::none().delay(1, Duration::ZERO, None), None);
    }
}
