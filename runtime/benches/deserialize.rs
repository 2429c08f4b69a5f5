//! Decoding speed of a 100k-row Intune `devices`-like page: the runtime's `Page<T>` of a
//! model as generated (`structured!`, every field through the EDM forms), against the same
//! model through serde's derive with the EDM helpers, and plain serde_json structs.
//!
//! Run with `cargo bench -p odata-runtime --bench deserialize`; prints the median of several
//! runs per variant in MB/s.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use odata_runtime::Page;
use odata_runtime::time::OffsetDateTime;
use serde::{Deserialize, Deserializer};

const ROWS: usize = 100_000;
const RUNS: usize = 5;

/// Timestamps decoded by the time crate's own RFC 3339 parser, as a plain serde model would.
struct Rfc3339(#[allow(dead_code)] OffsetDateTime);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <&str>::deserialize(d)?;
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map(Rfc3339)
            .map_err(serde::de::Error::custom)
    }
}

macro_rules! edm_ty {
    (I32) => {
        i32
    };
    (I64) => {
        i64
    };
    (Str) => {
        String
    };
    (Bool) => {
        bool
    };
    (Dto) => {
        OffsetDateTime
    };
}

macro_rules! plain_ty {
    (I32) => {
        i32
    };
    (I64) => {
        i64
    };
    (Str) => {
        String
    };
    (Bool) => {
        bool
    };
    (Dto) => {
        String
    };
}

macro_rules! typed_ty {
    (I32) => {
        i32
    };
    (I64) => {
        i64
    };
    (Str) => {
        String
    };
    (Bool) => {
        bool
    };
    (Dto) => {
        Rfc3339
    };
}

/// Declares the three models over one field list: (rust name, wire name, EDM kind).
macro_rules! devices {
    ($($field:ident $wire:literal $kind:ident),* $(,)?) => {
        /// As generated: every field through the runtime's lenient EDM forms.
        #[allow(dead_code)]
        struct EdmDevice {
            $($field: Option<edm_ty!($kind)>,)*
        }
        odata_runtime::__private::structured!(EdmDevice { $($field = $wire OptEdm),* });

        /// serde's derive, every field through the runtime's EDM helpers.
        #[derive(Deserialize)]
        #[serde(crate = "odata_runtime::__private::serde")]
        #[allow(dead_code)]
        struct DerivedDevice {
            $(
                #[serde(rename = $wire, default, with = "odata_runtime::__private::edm")]
                $field: Option<edm_ty!($kind)>,
            )*
        }

        /// Plain serde, timestamps left as strings.
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct PlainDevice {
            $(
                #[serde(rename = $wire, default)]
                $field: Option<plain_ty!($kind)>,
            )*
        }

        /// Plain serde, timestamps parsed by `time`'s RFC 3339 parser.
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct TypedDevice {
            $(
                #[serde(rename = $wire, default)]
                $field: Option<typed_ty!($kind)>,
            )*
        }
    };
}

devices! {
    device_key "deviceKey" I32,
    device_id "deviceId" Str,
    device_name "deviceName" Str,
    device_type_key "deviceTypeKey" I32,
    device_registration_state_key "deviceRegistrationStateKey" I32,
    owner_type_key "ownerTypeKey" I32,
    enrolled_date_time "enrolledDateTime" Dto,
    last_sync_date_time "lastSyncDateTime" Dto,
    management_agent_key "managementAgentKey" I32,
    management_state_key "managementStateKey" I32,
    azure_ad_device_id "azureADDeviceId" Str,
    azure_ad_registered "azureADRegistered" Bool,
    device_category_key "deviceCategoryKey" I32,
    device_enrollment_type_key "deviceEnrollmentTypeKey" I32,
    compliance_state_key "complianceStateKey" I32,
    os_version "osVersion" Str,
    eas_device_id "easDeviceId" Str,
    serial_number "serialNumber" Str,
    user_id "userId" Str,
    row_last_modified_date_time_utc "rowLastModifiedDateTimeUTC" Dto,
    manufacturer "manufacturer" Str,
    model "model" Str,
    operating_system "operatingSystem" Str,
    is_deleted "isDeleted" Bool,
    android_security_patch_level "androidSecurityPatchLevel" Str,
    meid "meid" Str,
    is_supervised "isSupervised" I32,
    free_storage_space_in_bytes "freeStorageSpaceInBytes" I64,
    total_storage_space_in_bytes "totalStorageSpaceInBytes" I64,
    encryption_state "encryptionState" I32,
    subscriber_carrier "subscriberCarrier" Str,
    phone_number "phoneNumber" Str,
    imei "imei" Str,
    cellular_technology "cellularTechnology" Str,
    wi_fi_mac_address "wiFiMacAddress" Str,
    windows_os_edition "windowsOsEdition" Str,
    ethernet_mac_address "ethernetMacAddress" Str,
    office365_version "office365Version" Str,
    primary_user "primaryUser" Str,
}

#[derive(Deserialize)]
struct PlainPage<T> {
    value: Vec<T>,
}

/// A deterministic page resembling the live `devices` response.
fn build_page() -> Vec<u8> {
    let mut s = String::with_capacity(ROWS * 1700);
    s.push_str(r#"{"@odata.context":"https://fef.msua06.manage.microsoft.com/ReportingService/DataWarehouseFEService/$metadata#devices","value":["#);
    for i in 0..ROWS {
        if i > 0 {
            s.push(',');
        }
        let g = |k: usize| {
            format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                i * 7 + k,
                i % 65536,
                k,
                i % 4096,
                i * 31 + k
            )
        };
        let ts = |day: usize| {
            format!(
                "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
                1 + day % 12,
                1 + day % 28,
                i % 24,
                i % 60,
                (i * 7) % 60,
                (i * 7919) % 10_000_000
            )
        };
        let _ = write!(
            s,
            r#"{{"deviceKey":{i},"deviceId":"{}","deviceName":"DESKTOP-{:06}","deviceTypeKey":{},"deviceRegistrationStateKey":{},"ownerTypeKey":{},"enrolledDateTime":"{}","lastSyncDateTime":"{}","managementAgentKey":{},"managementStateKey":{},"azureADDeviceId":"{}","azureADRegistered":{},"deviceCategoryKey":{},"deviceEnrollmentTypeKey":{},"complianceStateKey":{},"osVersion":"10.0.{}.{}","easDeviceId":"{}","serialNumber":"SN{:010}","userId":"{}","rowLastModifiedDateTimeUTC":"{}","manufacturer":"{}","model":"Model {}","operatingSystem":"{}","isDeleted":{},"androidSecurityPatchLevel":{},"meid":null,"isSupervised":{},"freeStorageSpaceInBytes":{},"totalStorageSpaceInBytes":{},"encryptionState":{},"subscriberCarrier":{},"phoneNumber":{},"imei":{},"cellularTechnology":null,"wiFiMacAddress":"{:012X}","windowsOsEdition":"Enterprise","ethernetMacAddress":"{:012X}","office365Version":"16.0.{}.{}","primaryUser":"{}"}}"#,
            g(1),
            i,
            i % 20,
            i % 5,
            i % 3,
            ts(i),
            ts(i + 3),
            i % 7,
            i % 4,
            g(2),
            i % 2 == 0,
            i % 9,
            i % 11,
            i % 6,
            19045 + i % 100,
            i % 5000,
            g(3),
            i,
            g(4),
            ts(i + 5),
            [
                "Microsoft Corporation",
                "Dell Inc.",
                "LENOVO",
                "HP",
                "Apple"
            ][i % 5],
            i % 1000,
            ["Windows", "iOS", "Android", "macOS"][i % 4],
            i % 50 == 0,
            if i % 4 == 2 {
                "\"2025-10-01\"".to_owned()
            } else {
                "null".to_owned()
            },
            i % 2,
            (i as i64) * 1_048_576 * 37,
            256_000_000_000i64 + i as i64,
            i % 3,
            if i % 4 == 2 {
                "\"Carrier\"".to_owned()
            } else {
                "null".to_owned()
            },
            if i % 4 == 2 {
                format!("\"+1555{:07}\"", i)
            } else {
                "null".to_owned()
            },
            if i % 4 == 2 {
                format!("\"35{:013}\"", i)
            } else {
                "null".to_owned()
            },
            i * 13,
            i * 17,
            17000 + i % 900,
            20000 + i % 77,
            g(5),
        );
    }
    s.push_str("]}");
    s.into_bytes()
}

/// Median wall time per variant. Runs are interleaved, after one untimed warm-up each, so
/// first-touch page faults and allocator growth do not land on whichever variant runs first.
fn medians(variants: &mut [&mut dyn FnMut() -> usize]) -> Vec<Duration> {
    for f in variants.iter_mut() {
        black_box(f());
    }
    let mut times = vec![Vec::with_capacity(RUNS); variants.len()];
    for _ in 0..RUNS {
        for (f, t) in variants.iter_mut().zip(&mut times) {
            let start = Instant::now();
            black_box(f());
            t.push(start.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[RUNS / 2]
        })
        .collect()
}

fn main() {
    let body = build_page();
    let mb = body.len() as f64 / 1e6;
    println!("page: {ROWS} rows, 39 fields, {mb:.1} MB; median of {RUNS} interleaved runs");
    let url = odata_runtime::url::Url::parse(
        "https://fef.example/ReportingService/DataWarehouseFEService/devices",
    )
    .unwrap();

    let [edm, derived, plain, typed] = medians(&mut [
        &mut || Page::<EdmDevice>::decode(&url, &body).unwrap().items.len(),
        &mut || {
            Page::<DerivedDevice>::decode(&url, &body)
                .unwrap()
                .items
                .len()
        },
        &mut || {
            serde_json::from_slice::<PlainPage<PlainDevice>>(&body)
                .unwrap()
                .value
                .len()
        },
        &mut || {
            serde_json::from_slice::<PlainPage<TypedDevice>>(&body)
                .unwrap()
                .value
                .len()
        },
    ])[..] else {
        unreachable!("four variants")
    };

    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "runtime Page<T>, as generated : {:>8.1} ms  {:>7.1} MB/s",
        edm.as_secs_f64() * 1e3,
        rate(edm)
    );
    println!(
        "Page<T>, serde derive + edm   : {:>8.1} ms  {:>7.1} MB/s  (edm/derive = {:.2})",
        derived.as_secs_f64() * 1e3,
        rate(derived),
        rate(edm) / rate(derived)
    );
    println!(
        "plain serde, string timestamps: {:>8.1} ms  {:>7.1} MB/s  (edm/plain = {:.2})",
        plain.as_secs_f64() * 1e3,
        rate(plain),
        rate(edm) / rate(plain)
    );
    println!(
        "plain serde, time::Rfc3339    : {:>8.1} ms  {:>7.1} MB/s  (edm/typed = {:.2})",
        typed.as_secs_f64() * 1e3,
        rate(typed),
        rate(edm) / rate(typed)
    );
}
