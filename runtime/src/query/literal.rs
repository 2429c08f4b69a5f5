//! Primitive literals in URLs (OData ABNF `primitiveLiteral`), written unencoded; the
//! request encodes the finished query once.

use std::fmt::Write;

use rust_decimal::Decimal;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::edm::{
    Binary, EdmEnum, Flags, format_date, format_date_time_offset, format_duration,
    format_time_of_day,
};

/// A value that can appear in a URL: in `$filter`, a key predicate or a function parameter.
///
/// Object safe, so keys mixing types can be passed as `&[(&str, &dyn Literal)]`.
pub trait Literal {
    /// Appends the literal's text (not percent-encoded) to `out`.
    fn write_literal(&self, out: &mut String);

    /// The literal's text (not percent-encoded).
    fn to_literal(&self) -> String {
        let mut s = String::new();
        self.write_literal(&mut s);
        s
    }
}

macro_rules! int_literal {
    ($($t:ty),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

int_literal!(i8, u8, i16, u16, i32, u32, i64, u64);

impl Literal for bool {
    fn write_literal(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! float_literal {
    ($($t:ty),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                let v = *self;
                if v.is_nan() {
                    out.push_str("NaN");
                } else if v.is_infinite() {
                    out.push_str(if v > 0.0 { "INF" } else { "-INF" });
                } else if v != 0.0 && (v.abs() < 1e-7 || v.abs() >= 1e16) {
                    // `Display` never uses an exponent; 1e300 would be 301 digits.
                    let _ = write!(out, "{v:e}");
                } else {
                    let _ = write!(out, "{v}");
                }
            }
        }
    )*};
}

float_literal!(f32, f64);

impl Literal for Decimal {
    fn write_literal(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Literal for str {
    fn write_literal(&self, out: &mut String) {
        out.reserve(self.len() + 2);
        out.push('\'');
        for (i, part) in self.split('\'').enumerate() {
            if i > 0 {
                out.push_str("''");
            }
            out.push_str(part);
        }
        out.push('\'');
    }
}

impl Literal for &str {
    fn write_literal(&self, out: &mut String) {
        (**self).write_literal(out);
    }
}

impl Literal for String {
    fn write_literal(&self, out: &mut String) {
        self.as_str().write_literal(out);
    }
}

impl Literal for uuid::Uuid {
    fn write_literal(&self, out: &mut String) {
        let _ = write!(out, "{}", self.hyphenated());
    }
}

impl Literal for Date {
    fn write_literal(&self, out: &mut String) {
        format_date(*self, out);
    }
}

impl Literal for OffsetDateTime {
    fn write_literal(&self, out: &mut String) {
        // UTC keeps `+` (a space to form decoders) out of URLs; a value whose UTC form is
        // outside the calendar (the last hours of year 9999 west of Greenwich) keeps its offset.
        let utc = self.checked_to_offset(UtcOffset::UTC).unwrap_or(*self);
        format_date_time_offset(utc, out);
    }
}

impl Literal for Time {
    fn write_literal(&self, out: &mut String) {
        format_time_of_day(*self, out);
    }
}

impl Literal for time::Duration {
    fn write_literal(&self, out: &mut String) {
        out.push_str("duration'");
        format_duration(*self, out);
        out.push('\'');
    }
}

impl Literal for Binary {
    fn write_literal(&self, out: &mut String) {
        out.push_str("binary'");
        out.push_str(&self.to_base64url());
        out.push('\'');
    }
}

impl<T: Literal> Literal for Option<T> {
    fn write_literal(&self, out: &mut String) {
        match self {
            Some(v) => v.write_literal(out),
            None => out.push_str("null"),
        }
    }
}

/// Writes `Qualified.Type'members'`, doubling quotes as in string literals.
fn enum_literal(type_name: &str, members: &str, out: &mut String) {
    out.push_str(type_name);
    members.write_literal(out);
}

impl<E: EdmEnum> Literal for E {
    fn write_literal(&self, out: &mut String) {
        enum_literal(E::type_name(), self.as_str(), out);
    }
}

impl<E: EdmEnum + Ord> Literal for Flags<E> {
    fn write_literal(&self, out: &mut String) {
        enum_literal(E::type_name(), &self.to_wire(), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    enum Color {
        Red,
        Blue,
        Unknown(String),
    }

    impl EdmEnum for Color {
        const TYPE_NAME: &'static str = "NS.Color";
        const MEMBERS: &'static [(&'static str, i64, Self)] =
            &[("Red", 0, Color::Red), ("Blue", 1, Color::Blue)];
        fn unknown(name: String) -> Self {
            Color::Unknown(name)
        }
        fn unknown_name(&self) -> Option<&str> {
            match self {
                Color::Unknown(name) => Some(name),
                _ => None,
            }
        }
    }

    #[test]
    fn date_time_offsets_without_a_utc_form_keep_their_offset() {
        // Found by fuzzing: converting to UTC panicked past the calendar's last day.
        let last = datetime!(9999-12-31 23:30:00 -01:00);
        assert_eq!(last.to_literal(), "9999-12-31T23:30:00-01:00");
        assert_eq!(
            crate::edm::parse_date_time_offset(&last.to_literal()),
            Some(last)
        );
        let odd = datetime!(9999-12-31 23:30:00 -01:00:30);
        assert_eq!(odd.to_literal(), "9999-12-31T23:30:00-01:00");
    }

    #[test]
    fn literal_table() {
        let table: [(&dyn Literal, &str); _] = [
            (&0i8, "0"),
            (&-128i8, "-128"),
            (&255u8, "255"),
            (&-32768i16, "-32768"),
            (&20240101i32, "20240101"),
            (&i64::MIN, "-9223372036854775808"),
            (&u64::MAX, "18446744073709551615"),
            (&true, "true"),
            (&false, "false"),
            (&1.5f64, "1.5"),
            (&-0.25f32, "-0.25"),
            (&0.1f32, "0.1"),
            (&0.0f64, "0"),
            (&1e300f64, "1e300"),
            (&-1.5e-10f64, "-1.5e-10"),
            (&f64::INFINITY, "INF"),
            (&f64::NEG_INFINITY, "-INF"),
            (&f64::NAN, "NaN"),
            (&f32::NAN, "NaN"),
            (&"russell", "'russell'"),
            (&"O'Neil", "'O''Neil'"),
            (&"''", "''''''"),
            (&"", "''"),
            (&"a&b #c", "'a&b #c'"),
            (&String::from("x'"), "'x'''"),
            (
                &uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
                "01234567-89ab-cdef-0123-456789abcdef",
            ),
            (&date!(2024 - 01 - 01), "2024-01-01"),
            (&date!(0099 - 12 - 31), "0099-12-31"),
            (
                &datetime!(2018-02-21 23:18:51.3277273 UTC),
                "2018-02-21T23:18:51.3277273Z",
            ),
            (
                &datetime!(2018-02-21 23:18:51 +02:00),
                "2018-02-21T21:18:51Z",
            ),
            (&time!(13:45), "13:45:00"),
            (&time!(07:05:09.5), "07:05:09.5"),
            (&time::Duration::hours(26), "duration'P1DT2H'"),
            (&-time::Duration::milliseconds(1500), "duration'-PT1.5S'"),
            (&time::Duration::ZERO, "duration'PT0S'"),
            (&Decimal::new(12345, 2), "123.45"),
            (&Decimal::new(-5, 0), "-5"),
            (&Binary(vec![0xfb, 0xff, 0x01]), "binary'-_8B'"),
            (&Binary(vec![1]), "binary'AQ=='"),
            (&Some(5i32), "5"),
            (&None::<i32>, "null"),
            (&None::<String>, "null"),
            (&Color::Red, "NS.Color'Red'"),
            (&Color::Unknown("It's".into()), "NS.Color'It''s'"),
            (
                &[Color::Blue, Color::Red].into_iter().collect::<Flags<_>>(),
                "NS.Color'Red,Blue'",
            ),
        ];
        for (lit, want) in table {
            assert_eq!(lit.to_literal(), want);
        }
    }
}
