//! Values → URL literals (`Literal::to_literal`), parsed back where the OData ABNF allows a
//! reading: strings (quotes doubled), integers, floats (`INF`, `NaN`), decimals, GUIDs, dates,
//! times of day, date-times, durations and binaries must come back as the same value; a key
//! predicate and a percent-encoded literal must decode back to the literal.

#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use odata_runtime::edm::{parse_date, parse_date_time_offset, parse_duration, parse_time_of_day};
use odata_runtime::rust_decimal::Decimal;
use odata_runtime::time::{Date, Duration, Time, UtcOffset};
use odata_runtime::uuid::Uuid;
use odata_runtime::{Binary, Literal, encode_path_segment, encode_query_value, key_path};
use percent_encoding::percent_decode_str;

/// `text` between `prefix'` and `'`.
fn quoted<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.strip_prefix(prefix)
        .and_then(|t| t.strip_prefix('\''))
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or_else(|| panic!("expected {prefix}'…', found {text}"))
}

fn date(u: &mut Unstructured<'_>) -> Result<Date> {
    let (min, max) = (Date::MIN.to_julian_day(), Date::MAX.to_julian_day());
    Ok(Date::from_julian_day(u.int_in_range(min..=max)?).unwrap())
}

fn time(u: &mut Unstructured<'_>) -> Result<Time> {
    Ok(Time::from_hms_nano(
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=999_999_999)?,
    )
    .unwrap())
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8().unwrap().into_owned()
}

/// The literal of `value` survives percent-encoding in a query value, a path segment and a key.
fn encodings(value: &dyn Literal) {
    let lit = value.to_literal();
    assert_eq!(decode(&encode_query_value(&lit)), lit);
    assert_eq!(decode(&encode_path_segment(&lit)), lit);
    let key = key_path("Set", &[("k", value)]);
    let inner = key
        .strip_prefix("Set(")
        .and_then(|k| k.strip_suffix(')'))
        .unwrap();
    assert_eq!(decode(inner), lit, "{key}");
}

fn one(u: &mut Unstructured<'_>) -> Result<()> {
    match u.int_in_range(0..=11u8)? {
        0 => {
            let s = String::arbitrary(u)?;
            let lit = s.to_literal();
            assert_eq!(quoted(&lit, "").replace("''", "'"), s);
            encodings(&s);
        }
        1 => {
            let v = i64::arbitrary(u)?;
            assert_eq!(v.to_literal().parse::<i64>().unwrap(), v);
            encodings(&v);
        }
        2 => {
            let v = u64::arbitrary(u)?;
            assert_eq!(v.to_literal().parse::<u64>().unwrap(), v);
        }
        3 => {
            let v = f64::arbitrary(u)?;
            let lit = v.to_literal();
            let back = match lit.as_str() {
                "INF" => f64::INFINITY,
                "-INF" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                t => t.parse::<f64>().unwrap_or_else(|e| panic!("{t}: {e}")),
            };
            assert!(
                back == v || (v.is_nan() && back.is_nan()),
                "{v:?} → {lit} → {back:?}"
            );
            encodings(&v);
        }
        4 => {
            let v = f32::arbitrary(u)?;
            let lit = v.to_literal();
            if v.is_finite() {
                assert_eq!(lit.parse::<f32>().unwrap(), v, "{lit}");
            }
        }
        5 => {
            let v = Decimal::from_parts(
                u32::arbitrary(u)?,
                u32::arbitrary(u)?,
                u32::arbitrary(u)?,
                bool::arbitrary(u)?,
                u.int_in_range(0..=28)?,
            );
            let lit = v.to_literal();
            assert_eq!(lit.parse::<Decimal>().unwrap(), v, "{lit}");
            encodings(&v);
        }
        6 => {
            let v = Uuid::from_bytes(<[u8; 16]>::arbitrary(u)?);
            assert_eq!(Uuid::parse_str(&v.to_literal()).unwrap(), v);
            encodings(&v);
        }
        7 => {
            let v = date(u)?;
            let lit = v.to_literal();
            assert_eq!(parse_date(&lit), Some(v), "{lit}");
            encodings(&v);
        }
        8 => {
            let v = time(u)?;
            let lit = v.to_literal();
            assert_eq!(parse_time_of_day(&lit), Some(v), "{lit}");
        }
        9 => {
            let offset = UtcOffset::from_whole_seconds(u.int_in_range(-86_399..=86_399)?).unwrap();
            let v = date(u)?.with_time(time(u)?).assume_offset(offset);
            let lit = v.to_literal();
            // Outside the calendar's UTC range an offset's seconds cannot be written.
            let exact = v.checked_to_offset(UtcOffset::UTC).is_some()
                || v.offset().seconds_past_minute() == 0;
            if let Some(back) = parse_date_time_offset(&lit).filter(|_| exact) {
                assert_eq!(back, v, "{lit}");
            }
            encodings(&v);
        }
        10 => {
            let v = Duration::new(
                i64::arbitrary(u)?,
                u.int_in_range(-999_999_999..=999_999_999)?,
            );
            let lit = v.to_literal();
            assert_eq!(parse_duration(quoted(&lit, "duration")), Some(v), "{lit}");
            encodings(&v);
        }
        _ => {
            let v = Binary(Vec::<u8>::arbitrary(u)?);
            let lit = v.to_literal();
            assert_eq!(
                Binary::from_base64(quoted(&lit, "binary")),
                Some(v.clone()),
                "{lit}"
            );
            encodings(&v);
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    while !u.is_empty() && one(&mut u).is_ok() {}
});
