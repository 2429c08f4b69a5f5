//! Code shaped like odata-codegen output, using only the `__private` facade, decoded from
//! the wire through the request types.

use futures::TryStreamExt;

use super::*;

/// What the generator emits for an entity type and an enum type.
mod model {
    use ::odata_runtime::__private as rt;

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Platform {
        Windows,
        Ios,
        Unknown(String),
    }

    impl rt::EdmEnum for Platform {
        const TYPE_NAME: &'static str = "Microsoft.Intune.Platform";
        const MEMBERS: &'static [(&'static str, i64, Self)] =
            &[("windows", 0, Platform::Windows), ("ios", 1, Platform::Ios)];
        fn unknown(name: String) -> Self {
            Platform::Unknown(name)
        }
        fn unknown_name(&self) -> Option<&str> {
            match self {
                Platform::Unknown(name) => Some(name),
                _ => None,
            }
        }
    }

    rt::impl_enum_serde!(Platform);

    #[derive(Debug, Clone, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
    #[serde(crate = "::odata_runtime::__private::serde")]
    pub struct Device {
        #[serde(rename = "deviceKey")]
        pub device_key: i32,
        #[serde(rename = "deviceName", default)]
        pub device_name: Option<String>,
        #[serde(
            rename = "lastSyncDateTime",
            default,
            with = "::odata_runtime::__private::edm"
        )]
        pub last_sync_date_time: Option<rt::time::OffsetDateTime>,
        #[serde(
            rename = "freeStorageSpaceInBytes",
            default,
            with = "::odata_runtime::__private::edm"
        )]
        pub free_storage_space_in_bytes: Option<i64>,
        #[serde(rename = "platform", default)]
        pub platform: Option<Platform>,
        #[serde(
            rename = "platforms",
            default,
            with = "::odata_runtime::__private::edm"
        )]
        pub platforms: Option<rt::Flags<Platform>>,
    }

    pub const DEVICE_KEY: rt::FilterPath<i32> = rt::FilterPath::new("deviceKey");
    pub const PLATFORM: rt::FilterPath<Option<Platform>> = rt::FilterPath::new("platform");

    pub fn devices(client: rt::Client) -> rt::CollectionRequest<Device> {
        rt::CollectionRequest::new(client, "devices")
    }

    pub fn device(client: rt::Client, device_key: i32) -> rt::EntityRequest<Device> {
        rt::EntityRequest::new(
            client,
            rt::key_path("devices", &[("deviceKey", &device_key)]),
        )
    }
}

#[tokio::test]
async fn generated_shapes_decode_from_the_wire() {
    let server = TestServer::start(|req: &Recorded, _| {
        if req.path() == "/svc/devices(5)" {
            return Reply::json(200, json!({"deviceKey": 5}));
        }
        Reply::json(
            200,
            json!({"value": [
                {"deviceKey": 1, "deviceName": "a", "lastSyncDateTime": "2025-10-28T21:03:36.3455123Z",
                 "freeStorageSpaceInBytes": "123456789012", "platform": "windows", "platforms": "windows,ios",
                 "newColumn": {"ignored": true}},
                {"deviceKey": 2, "deviceName": null, "lastSyncDateTime": null,
                 "freeStorageSpaceInBytes": 42, "platform": "android"}
            ]}),
        )
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<model::Device> = model::devices(client.clone())
        .filter(
            model::DEVICE_KEY
                .ge(1)
                .and(model::PLATFORM.ne(model::Platform::Ios)),
        )
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].free_storage_space_in_bytes, Some(123_456_789_012));
    assert_eq!(
        rows[0].last_sync_date_time,
        Some(time::macros::datetime!(2025-10-28 21:03:36.3455123 UTC))
    );
    assert_eq!(rows[0].platforms.as_ref().map(|f| f.len()), Some(2));
    assert_eq!(
        rows[1].platform,
        Some(model::Platform::Unknown("android".into()))
    );
    assert_eq!(rows[1].platforms, None);
    assert_eq!(
        server.requests()[0].query_value("$filter").as_deref(),
        Some("deviceKey ge 1 and platform ne Microsoft.Intune.Platform'ios'")
    );
    let one = model::device(client, 5).send().await.unwrap();
    assert_eq!(one.device_key, 5);
}
