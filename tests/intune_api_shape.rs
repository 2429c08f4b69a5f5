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
    let _history = client
        .device_property_histories()
        .get(20240101, 42)
        .send()
        .await?;
    let _rows = client
        .device_property_histories()
        .list()
        .filter(|f| f.date_key().ge(20240101).and(f.date_key().lt(20240105)))
        .stream();
    Ok(())
}

#[test]
fn compiles() {}
