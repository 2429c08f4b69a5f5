//! Edm.DateTimeOffset, Edm.Date and Edm.TimeOfDay: hand-written parsers because OData allows
//! more than RFC 3339 (optional seconds, up to 12 fractional digits) and these fields
//! dominate page decoding time.

use std::fmt::Write;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserializer, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::EdmSerde;
use super::duration::{format_duration, parse_duration};

/// A cursor over ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn eat_any(&mut self, set: &[u8]) -> Option<u8> {
        let c = self.peek().filter(|c| set.contains(c))?;
        self.pos += 1;
        Some(c)
    }

    fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Exactly `n` digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let chunk = self.bytes.get(self.pos..self.pos + n)?;
        let mut v = 0u32;
        for &b in chunk {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Some(v)
    }

    /// One or more digits as a fraction of a second in nanoseconds; digits past the ninth
    /// are dropped (OData allows 12).
    fn fraction(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            let i = self.pos - start;
            if i < 9 {
                nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
            }
            self.pos += 1;
        }
        (self.pos > start).then_some(nanos)
    }

    /// `[-]YYYY[Y…]-MM-DD`
    fn date(&mut self) -> Option<Date> {
        let negative = self.eat(b'-');
        let start = self.pos;
        let mut year: i32 = 0;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            year = year.checked_mul(10)?.checked_add(i32::from(b - b'0'))?;
            self.pos += 1;
        }
        if self.pos - start < 4 || !self.eat(b'-') {
            return None;
        }
        let month = self.digits(2)?;
        if !self.eat(b'-') {
            return None;
        }
        let day = self.digits(2)?;
        let year = if negative { -year } else { year };
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
    }

    /// `HH:MM[:SS[.f…]]`
    fn time(&mut self) -> Option<Time> {
        let hour = self.digits(2)?;
        if !self.eat(b':') {
            return None;
        }
        let minute = self.digits(2)?;
        let (mut second, mut nanos) = (0, 0);
        if self.eat(b':') {
            second = self.digits(2)?;
            if self.eat(b'.') {
                nanos = self.fraction()?;
            }
        }
        Time::from_hms_nano(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        )
        .ok()
    }

    /// `Z` or `±HH:MM` (also `±HHMM`); absent means UTC, as non-conforming servers mean it.
    fn offset(&mut self) -> Option<UtcOffset> {
        if self.done() || self.eat_any(b"Zz").is_some() {
            return Some(UtcOffset::UTC);
        }
        let sign: i8 = if self.eat_any(b"+-")? == b'-' { -1 } else { 1 };
        let hours = i8::try_from(self.digits(2)?).ok().filter(|h| *h < 24)?;
        self.eat(b':');
        let minutes = i8::try_from(self.digits(2)?).ok().filter(|m| *m < 60)?;
        UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
    }
}

/// Parses an Edm.DateTimeOffset: `2025-10-28T21:03:36.3455123Z`, `…+02:00`, seconds optional.
pub fn parse_date_time_offset(s: &str) -> Option<OffsetDateTime> {
    let mut c = Cursor::new(s);
    let date = c.date()?;
    c.eat_any(b"Tt")?;
    let time = c.time()?;
    let offset = c.offset()?;
    c.done()
        .then(|| PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// Parses an Edm.Date (`2024-01-31`); a full DateTimeOffset is accepted and its date taken,
/// as some servers send midnight timestamps for dates.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut c = Cursor::new(s);
    let date = c.date()?;
    if c.done() {
        Some(date)
    } else {
        parse_date_time_offset(s).map(OffsetDateTime::date)
    }
}

/// Parses an Edm.TimeOfDay: `HH:MM[:SS[.fffffff]]`.
pub fn parse_time_of_day(s: &str) -> Option<Time> {
    let mut c = Cursor::new(s);
    let t = c.time()?;
    c.done().then_some(t)
}

/// `YYYY-MM-DD`, years outside 0..=9999 signed or widened as OData's ABNF allows.
pub(crate) fn format_date(d: Date, out: &mut String) {
    let year = d.year();
    if year < 0 {
        out.push('-');
    }
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(d.month()),
        d.day()
    );
}

/// `HH:MM:SS` plus a fraction without trailing zeros.
pub(crate) fn format_time_of_day(t: Time, out: &mut String) {
    let _ = write!(out, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    push_fraction(t.nanosecond(), out);
}

/// `.fffffffff` with trailing zeros removed; nothing for whole seconds.
pub(crate) fn push_fraction(nanos: u32, out: &mut String) {
    if nanos == 0 {
        return;
    }
    let digits = format!("{nanos:09}");
    out.push('.');
    out.push_str(digits.trim_end_matches('0'));
}

/// RFC 3339 with `Z` for UTC and `±HH:MM` otherwise.
pub(crate) fn format_date_time_offset(dt: OffsetDateTime, out: &mut String) {
    // OData offsets have no seconds; such values are written in UTC instead.
    // At the calendar's edges, where no UTC form exists, the offset's seconds are dropped.
    let dt = if dt.offset().seconds_past_minute() != 0 {
        dt.checked_to_offset(UtcOffset::UTC).unwrap_or(dt)
    } else {
        dt
    };
    format_date(dt.date(), out);
    out.push('T');
    format_time_of_day(dt.time(), out);
    let off = dt.offset();
    if off.is_utc() {
        out.push('Z');
    } else {
        let sign = if off.is_negative() { '-' } else { '+' };
        let _ = write!(
            out,
            "{sign}{:02}:{:02}",
            off.whole_hours().unsigned_abs(),
            off.minutes_past_hour().unsigned_abs()
        );
    }
}

/// Implements [`EdmSerde`] for a type written as a JSON string.
macro_rules! edm_text {
    ($t:ty, $what:literal, $parse:path, $format:path) => {
        impl EdmSerde for $t {
            fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut s = String::with_capacity(40);
                $format(*self, &mut s);
                serializer.serialize_str(&s)
            }

            fn deserialize_edm<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($what)
                    }

                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        $parse(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

edm_text!(
    OffsetDateTime,
    "an Edm.DateTimeOffset string such as 2025-10-28T21:03:36.3455123Z",
    parse_date_time_offset,
    format_date_time_offset
);
edm_text!(
    Date,
    "an Edm.Date string such as 2024-01-31",
    parse_date,
    format_date
);
edm_text!(
    Time,
    "an Edm.TimeOfDay string such as 13:45:00.5",
    parse_time_of_day,
    format_time_of_day
);
edm_text!(
    time::Duration,
    "an Edm.Duration string such as P1DT2H3M4.5S",
    parse_duration,
    format_duration
);
