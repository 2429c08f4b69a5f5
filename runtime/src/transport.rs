//! One logical HTTP exchange: send, read the body, and retry transient failures.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use url::Url;

use crate::error::Error;
use crate::retry::{RetryPolicy, retry_after};

/// Longest error body read; the rest is not needed to explain the error.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Default per-attempt timeout.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Default limit of a success body: a page or document this large is already far beyond what
/// a service sends (Intune pages are a few MiB); a hostile or broken server could otherwise
/// make the client buffer without end.
pub(crate) const DEFAULT_MAX_BODY: u64 = 256 * 1024 * 1024;

/// The HTTP client with its timeout, retry policy and body limit.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// Largest success body read, in bytes.
    pub(crate) max_body: u64,
}

/// A fully read response.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// URL the response came from (after redirects).
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// How one attempt failed before a response was read.
enum AttemptError {
    Timeout,
    /// The body exceeds [`Transport::max_body`]; never retried.
    TooLarge,
    /// Whether the request certainly never reached the server.
    Transport {
        error: reqwest::Error,
        unsent: bool,
    },
}

impl Transport {
    /// A transport with the default timeout and retry policy.
    pub(crate) fn new(http: reqwest::Client) -> Self {
        Transport {
            http,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Sends the request `build` makes (afresh for every attempt) until it gets a response
    /// that is not retried, and returns it whatever its status.
    pub(crate) async fn send(
        &self,
        method: &Method,
        url: &Url,
        idempotent: bool,
        build: &(dyn Fn() -> RequestBuilder + Send + Sync),
    ) -> Result<RawResponse, Error> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.attempt(build().timeout(self.timeout)).await;
            let (retryable, hint) = match &result {
                Ok(r) => {
                    let hint = retry_after(&r.headers);
                    let ok = RetryPolicy::retryable_status(r.status, idempotent, hint.is_some());
                    (ok, hint)
                }
                Err(AttemptError::Timeout) => (idempotent && self.retry.retries_timeouts(), None),
                Err(AttemptError::TooLarge) => (false, None),
                Err(AttemptError::Transport { unsent, .. }) => (idempotent || *unsent, None),
            };
            let delay = retryable
                .then(|| self.retry.delay(attempt, started.elapsed(), hint))
                .flatten();
            trace_attempt(attempt, &result, delay);
            match (delay, result) {
                (Some(d), _) => tokio::time::sleep(d).await,
                (None, Ok(r)) => return Ok(r),
                (None, Err(AttemptError::Timeout)) => {
                    return Err(Error::Timeout {
                        method: method.to_string(),
                        url: url.to_string(),
                        timeout: self.timeout,
                    });
                }
                (None, Err(AttemptError::TooLarge)) => {
                    return Err(Error::BodyTooLarge {
                        method: method.to_string(),
                        url: url.to_string(),
                        limit: self.max_body,
                    });
                }
                (None, Err(AttemptError::Transport { error, .. })) => {
                    return Err(Error::Transport {
                        method: method.to_string(),
                        url: url.to_string(),
                        source: error.without_url(),
                    });
                }
            }
        }
    }

    async fn attempt(&self, req: RequestBuilder) -> Result<RawResponse, AttemptError> {
        let mut resp = req.send().await.map_err(|e| classify(e, true))?;
        let status = resp.status();
        let url = resp.url().clone();
        let headers = std::mem::take(resp.headers_mut());
        let body = if status.is_success() {
            self.read_bounded(&mut resp).await?
        } else {
            // Error bodies are only read up to a bound; a failure reading one still
            // leaves the status to report.
            let mut buf = Vec::new();
            while buf.len() < MAX_ERROR_BODY {
                match resp.chunk().await {
                    Ok(Some(chunk)) => buf.extend_from_slice(&chunk),
                    Ok(None) | Err(_) => break,
                }
            }
            buf.truncate(MAX_ERROR_BODY);
            Bytes::from(buf)
        };
        Ok(RawResponse {
            url,
            status,
            headers,
            body,
        })
    }
}

impl Transport {
    /// Reads a success body up to [`max_body`](Self::max_body): refused at once when
    /// `Content-Length` says more, else read chunk by chunk until it goes beyond.
    async fn read_bounded(&self, resp: &mut reqwest::Response) -> Result<Bytes, AttemptError> {
        if resp.content_length().is_some_and(|n| n > self.max_body) {
            return Err(AttemptError::TooLarge);
        }
        let capacity = resp.content_length().unwrap_or(0).min(16 * 1024 * 1024);
        let mut buf = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(chunk) = resp.chunk().await.map_err(|e| classify(e, false))? {
            if (buf.len() + chunk.len()) as u64 > self.max_body {
                return Err(AttemptError::TooLarge);
            }
            if buf.is_empty() && capacity > 0 && chunk.len() as u64 == capacity {
                // The whole body in one chunk: no copy.
                return Ok(chunk);
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buf))
    }
}

/// Reports an attempt's outcome and any retry wait (nothing without the `tracing` feature).
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn trace_attempt(
    attempt: u32,
    result: &Result<RawResponse, AttemptError>,
    delay: Option<Duration>,
) {
    #[cfg(feature = "tracing")]
    {
        let outcome = match result {
            Ok(r) => r.status.as_str().to_owned(),
            Err(AttemptError::Timeout) => "timeout".to_owned(),
            Err(AttemptError::TooLarge) => "body too large".to_owned(),
            // reqwest's message would carry the URL with its query.
            Err(AttemptError::Transport { error, .. }) if error.is_connect() => {
                "connection failed".to_owned()
            }
            Err(AttemptError::Transport { .. }) => "transport error".to_owned(),
        };
        crate::trace::event!(debug, attempt, outcome = %outcome, "attempt");
        if let Some(d) = delay {
            crate::trace::event!(info, attempt, delay_ms = d.as_millis() as u64, outcome = %outcome, "retrying after a wait");
        }
    }
}

fn classify(error: reqwest::Error, sending: bool) -> AttemptError {
    if error.is_timeout() {
        AttemptError::Timeout
    } else {
        AttemptError::Transport {
            unsent: sending && error.is_connect(),
            error,
        }
    }
}
