//! Edm.Duration: the day-time subset of ISO 8601 (`-P1DT2H3M4.5S`); years and months have no
//! fixed length, so OData (and this parser) reject them.

use std::fmt::Write;

use super::temporal::push_fraction;

/// Parses an Edm.Duration such as `P1DT2H`, `PT0.5S` or `-P3D`.
pub fn parse_duration(s: &str) -> Option<time::Duration> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    if b.get(i) != Some(&b'P') {
        return None;
    }
    i += 1;
    // i128: the most negative duration's magnitude is one second more than i64 holds.
    let (mut secs, mut nanos) = (0i128, 0u32);
    let (mut in_time, mut rank, mut components) = (false, 0u8, 0u32);
    while i < b.len() {
        if b[i] == b'T' {
            if in_time {
                return None;
            }
            in_time = true;
            i += 1;
            // `T` must be followed by a time component.
            if i == b.len() {
                return None;
            }
            continue;
        }
        let start = i;
        let mut n: i128 = 0;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
            i += 1;
        }
        if i == start {
            return None;
        }
        let mut frac = None;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let fstart = i;
            let mut f = 0u32;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                let k = i - fstart;
                if k < 9 {
                    f += u32::from(d - b'0') * 10u32.pow(8 - k as u32);
                }
                i += 1;
            }
            if i == fstart {
                return None;
            }
            frac = Some(f);
        }
        let (unit_rank, unit_secs) = match (b.get(i)?, in_time) {
            (b'D', false) => (1, 86_400),
            (b'H', true) => (2, 3_600),
            (b'M', true) => (3, 60),
            (b'S', true) => (4, 1),
            _ => return None,
        };
        if unit_rank <= rank || (frac.is_some() && unit_rank != 4) {
            return None;
        }
        rank = unit_rank;
        components += 1;
        secs = secs.checked_add(n.checked_mul(unit_secs)?)?;
        nanos = frac.unwrap_or(0);
        i += 1;
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
