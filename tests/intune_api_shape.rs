//! Compile-time check of the generated Intune API's shape (the example from the issue); the
//! function is never run.

use odata_codegen_suite::intune_v1_0::{Client, models::DeviceField};
use odata_runtime::Error;

#[allow(dead_code, reason = "compiled for its types, never called")]
async fn shape(runtime: odata_runtime::Client) -> Result<(), Error> {
    let client = Client::new(runtime);
    assert_eq!(Client::API_VERSION, "v1.0");
    let page = client
        .devices()
        .list()
        .select([DeviceField::DeviceName])
        .top(100)
        .skip(10)
        .send()
        .await?;
    let _names: Vec<Option<String>> = page.items.into_iter().map(|d| d.device_name).collect();
    let _device = client.devices().get(42).send().await?;
    // A composite key read from the service's `$metadata` (`IndexableByKey` is not false).
    let _activity = client
        .policy_device_activities()
        .get(20240101, 42)
        .send()
        .await?;
    // A date-key range: from a date, to an integer key, joined by `&` (the service's only
    // combinator); the rows stream across pages, resumable from a saved link.
    let from = odata_runtime::time::Date::from_ordinal_date(2024, 1).expect("a date");
    let _rows = client
        .device_property_histories()
        .list()
        .with(odata_codegen_suite::intune_v1_0::options::MaxHistoryDays(
            30,
        ))
        .filter(|f| f.date_key().ge(from) & f.date_key().lt(20240105))
        .resume_from("devicePropertyHistories?$skiptoken=1")
        .max_pages(10)
        .stream_with_checkpoints();
    Ok(())
}

#[test]
fn compiles() {}
