//! Date keys: a calendar date as the integer `yyyymmdd`, as data warehouses key their date
//! dimension (the Intune Data Warehouse's `dateKey`: 2024-01-31 is `20240131`).

use std::fmt;

use time::{Date, Month};

use crate::query::{FilterValue, Literal};

/// A date key: a date in years 1000 to 9999, read and written as the integer `yyyymmdd`.
///
/// Convert a date with [`DateKey::try_from`]`(date)` (or [`DateKey::new`]), an integer
/// read from a row with `DateKey::try_from(20240131_i64)`, and back with
/// [`to_date`](Self::to_date) or [`value`](Self::value). It is a filter literal, comparable
/// with integer paths (`f.date_key().ge(DateKey::new(date)?)` sends `dateKey ge 20240131`).
///
/// ```
/// use odata_runtime::DateKey;
/// use odata_runtime::time::macros::date;
///
/// let key = DateKey::new(date!(2024 - 01 - 31)).unwrap();
/// assert_eq!(key.value(), 20240131);
/// assert_eq!(DateKey::try_from(20240131_i64).unwrap().to_date(), date!(2024 - 01 - 31));
/// assert!(DateKey::try_from(20231332_i64).is_err()); // month 13
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateKey(Date);

/// Why a value is not a date key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value} is not a date key (yyyymmdd, years 1000 to 9999): {reason}")]
pub struct DateKeyError {
    value: String,
    reason: String,
}

impl DateKeyError {
    fn new(value: impl fmt::Display, reason: impl Into<String>) -> Self {
        DateKeyError {
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

impl DateKey {
    /// The key of `date`; years outside 1000 to 9999 have no 8-digit `yyyymmdd` and are refused.
    pub fn new(date: Date) -> Result<Self, DateKeyError> {
        if (1000..=9999).contains(&date.year()) {
            Ok(DateKey(date))
        } else {
            Err(DateKeyError::new(date, "the year is not of four digits"))
        }
    }

    /// The date.
    pub const fn to_date(self) -> Date {
        self.0
    }

    /// The integer `yyyymmdd`.
    pub fn value(self) -> i32 {
        let (y, m, d) = self.0.to_calendar_date();
        y * 10_000 + i32::from(u8::from(m)) * 100 + i32::from(d)
    }
}

impl TryFrom<Date> for DateKey {
    type Error = DateKeyError;

    fn try_from(date: Date) -> Result<Self, DateKeyError> {
        DateKey::new(date)
    }
}

impl TryFrom<i64> for DateKey {
    type Error = DateKeyError;

    /// Reads `yyyymmdd`, checking the month and the day in that month (`20240230` is
    /// refused: February 2024 has 29 days).
    fn try_from(n: i64) -> Result<Self, DateKeyError> {
        if !(10_000_101..=99_991_231).contains(&n) {
            return Err(DateKeyError::new(n, "not 8 digits of years 1000 to 9999"));
        }
        // In range, so each part fits its type.
        let (year, month, day) = ((n / 10_000) as i32, (n / 100 % 100) as u8, (n % 100) as u8);
        let month = Month::try_from(month)
            .map_err(|_| DateKeyError::new(n, format!("no month {month}")))?;
        let date = Date::from_calendar_date(year, month, day)
            .map_err(|_| DateKeyError::new(n, format!("no day {day} in {month} {year}")))?;
        Ok(DateKey(date))
    }
}

impl TryFrom<i32> for DateKey {
    type Error = DateKeyError;

    fn try_from(n: i32) -> Result<Self, DateKeyError> {
        DateKey::try_from(i64::from(n))
    }
}

impl From<DateKey> for Date {
    fn from(key: DateKey) -> Date {
        key.0
    }
}

impl From<DateKey> for i32 {
    fn from(key: DateKey) -> i32 {
        key.value()
    }
}

impl From<DateKey> for i64 {
    fn from(key: DateKey) -> i64 {
        i64::from(key.value())
    }
}

/// The integer, as it appears in rows and URLs.
impl fmt::Display for DateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value())
    }
}

impl Literal for DateKey {
    fn write_literal(&self, out: &mut String) {
        self.value().write_literal(out);
    }
}

/// Implements `FilterValue<$path>` for `$value`, writing the literal with `$write`.
macro_rules! filter_value {
    ($value:ty => $($path:ty),+ ; $write:expr) => {$(
        impl FilterValue<$path> for $value {
            fn write_filter_literal(&self, out: &mut String) {
                let write: fn(&$value, &mut String) = $write;
                write(self, out);
            }
        }
    )+};
}

// A date key compares with the integer properties that hold date keys, whatever their width.
filter_value!(DateKey => i32, Option<i32>, i64, Option<i64>; |key, out| key.write_literal(out));
// A property the generator knows holds date keys (its filter path is typed `DateKey`) also
// compares with dates, and with the integers it held before it was known to be one.
filter_value!(Date => DateKey, Option<DateKey>; |date, out| date_number(*date).write_literal(out));
filter_value!(i32 => DateKey, Option<DateKey>; |n, out| n.write_literal(out));
filter_value!(i64 => DateKey, Option<DateKey>; |n, out| n.write_literal(out));

/// `yyyymmdd` of any date, as a number. It orders as the dates do in every year (also
/// outside 1000 to 9999, where it is not a date key), so a comparison with a date outside
/// the keys' years still selects the rows on the right side of that date.
fn date_number(date: Date) -> i64 {
    let (y, m, d) = date.to_calendar_date();
    i64::from(y) * 10_000 + i64::from(u8::from(m)) * 100 + i64::from(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FilterPath;
    use time::macros::date;

    #[test]
    fn round_trips_dates_and_integers() {
        for d in [
            date!(1000 - 01 - 01),
            date!(2024 - 02 - 29),
            date!(2023 - 12 - 31),
            date!(9999 - 12 - 31),
        ] {
            let key = DateKey::new(d).unwrap();
            assert_eq!(DateKey::try_from(i64::from(key)).unwrap().to_date(), d);
            assert_eq!(
                key.to_string(),
                format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
            );
        }
        assert_eq!(DateKey::try_from(20240131_i32).unwrap().value(), 20240131);
        assert!(
            DateKey::new(date!(2024 - 01 - 01)).unwrap()
                < DateKey::new(date!(2024 - 01 - 02)).unwrap()
        );
    }

    #[test]
    fn bad_keys_say_why() {
        let cases = [
            (20231332, "no month 13"),
            (20230229, "no day 29 in February 2023"),
            (20230100, "no day 0"),
            (2023011, "not 8 digits"),
            (100000101, "not 8 digits"),
            (-20230101, "not 8 digits"),
        ];
        for (n, why) in cases {
            let e = DateKey::try_from(n as i64).unwrap_err().to_string();
            assert!(e.contains(why) && e.contains(&n.to_string()), "{n}: {e}");
        }
        for d in [date!(0999 - 12 - 31), date!(-0001 - 01 - 01)] {
            let e = DateKey::new(d).unwrap_err();
            assert!(e.to_string().contains("four digits"), "{e}");
        }
    }

    #[test]
    fn is_a_filter_literal_for_integer_paths() {
        let key = DateKey::new(date!(2024 - 01 - 31)).unwrap();
        let p: FilterPath<i32> = FilterPath::new("dateKey");
        let q: FilterPath<Option<i64>> = FilterPath::new("dateKey");
        let e = p.ge(key).and(q.lt(key));
        assert_eq!(e.to_string(), "dateKey ge 20240131 and dateKey lt 20240131");
    }

    #[test]
    fn date_key_paths_take_dates_keys_and_integers() {
        let p: FilterPath<DateKey> = FilterPath::new("dateKey");
        let q: FilterPath<Option<DateKey>> = FilterPath::new("dateKey");
        let key = DateKey::new(date!(2024 - 02 - 01)).unwrap();
        let e = p
            .ge(date!(2024 - 01 - 31))
            .and(q.lt(key))
            .and(p.ne(20240105_i64));
        assert_eq!(
            e.to_string(),
            "dateKey ge 20240131 and dateKey lt 20240201 and dateKey ne 20240105"
        );
    }

    #[test]
    fn dates_outside_the_keys_years_keep_their_order() {
        let days = [
            date!(-0001 - 12 - 31),
            date!(0000 - 01 - 01),
            date!(0999 - 12 - 31),
            date!(1000 - 01 - 01),
            date!(9999 - 12 - 31),
        ];
        let numbers: Vec<i64> = days.iter().map(|d| date_number(*d)).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        assert_eq!(date_number(date!(1000 - 01 - 01)), 10_000_101);
    }
}
