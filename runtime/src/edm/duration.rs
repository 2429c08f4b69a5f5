//! Edm.Duration: the day-time subset of ISO 8601 (`-P1DT2H3M4.5S`); years and months have no
//! fixed length, so OData (and this parser) reject them.

use std::fmt::Write;

use super::temporal::push_fraction;

/// Parses an Edm.Duration such as `P1DT2H`, `PT0.5S` or `-P3D`.
pub fn parse_duration(s: &str) -> Option<time::Duration> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut cursor = Cursor {
        b: rest.strip_prefix('P')?.as_bytes(),
        i: 0,
    };
    // i128: the most negative duration's magnitude is one second more than i64 holds.
    let (mut secs, mut nanos) = (0i128, 0u32);
    let (mut in_time, mut rank, mut components) = (false, 0u8, 0u32);
    while !cursor.done() {
        if cursor.eat(b'T') {
            // One `T`, followed by a time component.
            if in_time || cursor.done() {
                return None;
            }
            in_time = true;
            continue;
        }
        let c = cursor.component(in_time)?;
        if c.rank <= rank || (c.fraction.is_some() && c.rank != SECONDS_RANK) {
            return None;
        }
        rank = c.rank;
        components += 1;
        secs = secs.checked_add(c.whole.checked_mul(c.unit_secs)?)?;
        nanos = c.fraction.unwrap_or(0);
    }
    if components == 0 {
        return None;
    }
    // Seconds and nanoseconds of one sign: the construction normalizes nothing.
    let nanos = i32::try_from(nanos).ok()?;
    let (secs, nanos) = if negative {
        (-secs, -nanos)
    } else {
        (secs, nanos)
    };
    Some(time::Duration::new(i64::try_from(secs).ok()?, nanos))
}

/// The rank of `S`, the only unit that may carry a fraction.
const SECONDS_RANK: u8 = 4;

/// One `n[.f]U` of a duration: its whole number, its fraction in nanoseconds, and its unit's
/// rank (units must come in order: D, H, M, S) and length.
struct Component {
    whole: i128,
    fraction: Option<u32>,
    rank: u8,
    unit_secs: i128,
}

/// A position in a duration's text after its `P`.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn done(&self) -> bool {
        self.i == self.b.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&byte);
        self.i += usize::from(hit);
        hit
    }

    /// The ASCII digits here (at least one), advanced past.
    fn digits(&mut self) -> Option<&[u8]> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        (self.i > start).then(|| &self.b[start..self.i])
    }

    /// `n[.f]U`, where `U` is `D` before the `T` and `H`, `M` or `S` after it.
    fn component(&mut self, in_time: bool) -> Option<Component> {
        let mut whole: i128 = 0;
        for d in self.digits()? {
            whole = whole.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
        }
        let fraction = if self.eat(b'.') {
            // Nanoseconds: digits past the ninth are below the resolution and dropped.
            let digits = self.digits()?;
            let mut nanos = 0u32;
            for (k, d) in digits.iter().take(9).enumerate() {
                nanos += u32::from(d - b'0') * 10u32.pow(8 - k as u32);
            }
            Some(nanos)
        } else {
            None
        };
        let (rank, unit_secs) = match (self.b.get(self.i)?, in_time) {
            (b'D', false) => (1, 86_400),
            (b'H', true) => (2, 3_600),
            (b'M', true) => (3, 60),
            (b'S', true) => (SECONDS_RANK, 1),
            _ => return None,
        };
        self.i += 1;
        Some(Component {
            whole,
            fraction,
            rank,
            unit_secs,
        })
    }
}

/// Writes `[-]P[nD][T[nH][nM][n[.f]S]]`, or `PT0S` for zero.
pub(crate) fn format_duration(d: time::Duration, out: &mut String) {
    if d.is_negative() {
        out.push('-');
    }
    let abs = d.unsigned_abs();
    let total = abs.as_secs();
    let nanos = abs.subsec_nanos();
    let (days, h, m, s) = (
        total / 86_400,
        total % 86_400 / 3_600,
        total % 3_600 / 60,
        total % 60,
    );
    out.push('P');
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if h == 0 && m == 0 && s == 0 && nanos == 0 {
        if days == 0 {
            out.push_str("T0S");
        }
        return;
    }
    out.push('T');
    if h > 0 {
        let _ = write!(out, "{h}H");
    }
    if m > 0 {
        let _ = write!(out, "{m}M");
    }
    if s > 0 || nanos > 0 {
        let _ = write!(out, "{s}");
        push_fraction(nanos, out);
        out.push('S');
    }
}
