//! Response JSON → the runtime's decoders: collection pages of plain and EDM-typed items, a
//! model-like struct whose fields use the EDM serde helpers as generated code does, polymorphic
//! objects, and error bodies. Decoding may fail (with an error); it must not panic. A value that
//! decodes is written back and must decode to the same value.

#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use odata_runtime::__private::edm;
use odata_runtime::edm::TypedValue;
use odata_runtime::rust_decimal::Decimal;
use odata_runtime::time::{Date, Duration, OffsetDateTime, Time};
use odata_runtime::url::Url;
use odata_runtime::{Binary, Edm, EdmSerde, ErrorBody, Geo, Page};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A model as generated code declares one: every field through the EDM serde helpers.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    #[serde(default, with = "edm")]
    id: Option<i64>,
    #[serde(default, with = "edm")]
    amount: Option<Decimal>,
    #[serde(default, with = "edm")]
    ratio: Option<Vec<f64>>,
    #[serde(default, with = "edm")]
    at: Option<OffsetDateTime>,
    #[serde(default, with = "edm")]
    day: Option<Date>,
    #[serde(default, with = "edm")]
    time: Option<Time>,
    #[serde(default, with = "edm")]
    span: Option<Duration>,
    #[serde(default, with = "edm")]
    blob: Option<Binary>,
    #[serde(default, with = "edm")]
    small: Option<Vec<u8>>,
    #[serde(default, with = "edm")]
    flag: Option<bool>,
    #[serde(default, with = "edm")]
    place: Option<Geo>,
}

/// Decodes `body` as a page of `T`; what decodes re-encodes and decodes to the same items.
fn page<T: DeserializeOwned + Serialize + PartialEq + Debug>(url: &Url, body: &[u8], exact: bool) {
    let Ok(page) = Page::<T>::decode(url, body) else {
        return;
    };
    let again = serde_json::to_vec(&serde_json::json!({ "value": page.items })).unwrap();
    let back =
        Page::<T>::decode(url, &again).expect("a decoded page re-encodes to a decodable one");
    if exact {
        assert_eq!(back.items, page.items);
    }
}

/// Decodes `body` as one EDM value; what decodes re-encodes to the same value.
fn value<T: EdmSerde + Clone + PartialEq + Debug>(body: &[u8], exact: bool) {
    let Ok(Edm(v)) = serde_json::from_slice::<Edm<T>>(body) else {
        return;
    };
    let again = serde_json::to_vec(&Edm(v.clone())).unwrap();
    let Edm(back) = serde_json::from_slice::<Edm<T>>(&again).expect("a decoded value re-encodes");
    if exact {
        assert_eq!(back, v);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let url = Url::parse("https://example.com/svc/items?$top=5").unwrap();
    match which % 16 {
        0 => page::<serde_json::Value>(&url, body, true),
        1 => page::<Row>(&url, body, false),
        2 => page::<Edm<i64>>(&url, body, true),
        3 => value::<Decimal>(body, true),
        4 => value::<f64>(body, false),
        5 => value::<OffsetDateTime>(body, true),
        6 => value::<Date>(body, true),
        7 => value::<Time>(body, true),
        8 => value::<Duration>(body, true),
        9 => value::<Binary>(body, true),
        10 => value::<Vec<i32>>(body, true),
        11 => value::<Option<u8>>(body, true),
        12 => {
            if let Ok(t) = serde_json::from_slice::<TypedValue>(body) {
                std::hint::black_box(t.type_name());
                let _ = t.into_type::<Row, serde_json::Error>();
            }
        }
        13 => {
            let e = ErrorBody::decode(body);
            std::hint::black_box((e.message(), format!("{e:?}")));
        }
        14 => {
            if let Ok(page) = Page::<Row>::decode(&url, body) {
                std::hint::black_box((page.next_link, page.count));
            }
        }
        _ => value::<Vec<Option<Decimal>>>(body, true),
    }
});
