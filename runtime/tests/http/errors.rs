//! Error bodies decoded into `Error` with status and request id.

use odata_runtime::{CollectionRequest, Error, ErrorBody};

use super::*;

#[tokio::test]
async fn odata_error_body() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::json(
            400,
            json!({"error": {"code": "BadRequest", "message": "The query specified in the URI is not valid.",
                   "target": "$filter", "details": [{"code": "D1", "message": "detail", "target": "x"}],
                   "innererror": {"type": "Microsoft.OData.ODataException"}}}),
        )
        .with_header("request-id", "req-123")
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    let Error::Http(http) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(http.status.as_u16(), 400);
    assert_eq!(http.request_id.as_deref(), Some("req-123"));
    assert_eq!(http.method, "GET");
    assert!(http.client_request_id.is_some());
    let ErrorBody::OData(o) = &http.body else {
        panic!("{:?}", http.body)
    };
    assert_eq!(o.code, "BadRequest");
    assert_eq!(o.target.as_deref(), Some("$filter"));
    assert_eq!(o.details.len(), 1);
    assert_eq!(
        o.innererror.as_ref().unwrap()["type"],
        "Microsoft.OData.ODataException"
    );
    let text = e.to_string();
    assert!(text.contains("HTTP 400"), "{text}");
    assert!(text.contains("req-123"), "{text}");
    assert!(
        text.contains("BadRequest: The query specified in the URI is not valid."),
        "{text}"
    );
}

#[tokio::test]
async fn intune_front_end_error_body() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::json(
            400,
            json!({"_version": 3, "Message": "An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7b5d",
                   "CustomApiErrorPhrase": "", "RetryAfter": null, "ErrorSourceService": "", "HttpHeaders": "{}"}),
        )
        .with_header("x-ms-request-id", "ms-req-9")
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .select(["deviceId", "deviceName"])
        .send()
        .await
        .unwrap_err();
    let http = e.http().unwrap();
    assert_eq!(http.status.as_u16(), 400);
    assert_eq!(e.request_id(), Some("ms-req-9"));
    let ErrorBody::Intune(i) = &http.body else {
        panic!("{:?}", http.body)
    };
    assert_eq!(i.version, Some(3));
    assert!(
        i.message
            .starts_with("An error has occurred - Operation ID")
    );
    assert!(i.other.contains_key("ErrorSourceService"));
    assert!(
        e.to_string()
            .contains("An error has occurred - Operation ID"),
        "{e}"
    );
}

#[tokio::test]
async fn unknown_error_body_is_kept_as_text() {
    let server =
        TestServer::start(|_: &Recorded, _| Reply::text(500, "<html>Internal failure</html>"))
            .await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.http().map(|h| &h.body),
        Some(&ErrorBody::Text("<html>Internal failure</html>".into()))
    );
    assert!(
        e.to_string().ends_with(": <html>Internal failure</html>"),
        "{e}"
    );
}
