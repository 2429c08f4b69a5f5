//! What goes on the wire: headers, query encoding, entity, count and operation requests.

use odata_runtime::{
    CollectionRequest, Edm, EntityRequest, Error, Expand, FilterPath, OperationRequest, Order,
    key_path,
};

use super::*;

#[tokio::test]
async fn default_and_custom_headers() {
    let server = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
    let client = client_for(&server)
        .bearer_token("tkn")
        .header("x-custom", "yes")
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client.clone(), "devices")
        .send()
        .await
        .unwrap();
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    // IEEE754Compatible by default: Int64 and Decimal arrive as exact strings.
    assert_eq!(
        r.header("accept"),
        Some("application/json;odata.metadata=minimal;IEEE754Compatible=true")
    );
    assert_eq!(r.header("odata-version"), Some("4.0"));
    assert_eq!(r.header("odata-maxversion"), Some("4.01"));
    assert_eq!(r.header("authorization"), Some("Bearer tkn"));
    assert_eq!(r.header("x-custom"), Some("yes"));
    assert_eq!(r.header("user-agent"), Some("odata-runtime"));
    let id0 = uuid::Uuid::parse_str(r.header("client-request-id").unwrap()).unwrap();
    let id1 = uuid::Uuid::parse_str(reqs[1].header("client-request-id").unwrap()).unwrap();
    assert_ne!(id0, id1, "a new id per request");
}

#[tokio::test]
async fn ieee754_compatible_accept_and_header_override() {
    let server = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
    let client = client_for(&server)
        .ieee754_compatible(false)
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    let client = client_for(&server)
        .header("Accept", "application/json")
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("accept"),
        Some("application/json;odata.metadata=minimal")
    );
    assert_eq!(reqs[1].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn query_options_reach_the_server_intact() {
    let server = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
    let client = client_for(&server)
        .query_param("maxhistorydays", "7")
        .build()
        .unwrap();
    let date_key: FilterPath<i32> = FilterPath::new("dateKey");
    let name: FilterPath<Option<String>> = FilterPath::new("deviceName");
    CollectionRequest::<Row>::new(client, "devices")
        .select(["deviceKey", "deviceName"])
        .filter(date_key.ge(20240101).and(date_key.lt(20240201)))
        .filter(name.eq("a&b+c #1 50% 'q'").or(name.is_null()))
        .order_by("deviceName", Order::Desc)
        .order_by("deviceKey", false)
        .top(10)
        .skip(20)
        .expand(Expand::new("owner").select(["id"]).top(1))
        .search("blue OR green")
        .query("custom", "x&y=z")
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path(), "/svc/devices");
    let q = r.query();
    let want = [
        ("api-version", "v1.0"),
        ("maxhistorydays", "7"),
        ("$select", "deviceKey,deviceName"),
        (
            "$filter",
            "dateKey ge 20240101 and dateKey lt 20240201 and (deviceName eq 'a&b+c #1 50% ''q''' or deviceName eq null)",
        ),
        ("$expand", "owner($select=id;$top=1)"),
        ("$orderby", "deviceName desc,deviceKey"),
        ("$top", "10"),
        ("$skip", "20"),
        ("$search", "blue OR green"),
        ("custom", "x&y=z"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(q, want);
    // Raw form: separators and `+` inside values are escaped; no literal spaces.
    assert!(
        r.target.contains("a%26b%2Bc%20%231%2050%25"),
        "{}",
        r.target
    );
    assert!(!r.target.contains(' '));
}

#[tokio::test]
async fn count_uses_the_count_segment_with_filter() {
    let server = TestServer::start(|req: &Recorded, _| {
        assert_eq!(req.header("accept"), Some("text/plain"));
        Reply::text(200, "\u{feff}4242\r\n")
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let n = CollectionRequest::<Row>::new(client.clone(), "devices")
        .filter(FilterPath::<i32>::new("dateKey").eq(20240101))
        .top(5)
        .select(["a"])
        .count()
        .await
        .unwrap();
    assert_eq!(n, 4242);
    let r = &server.requests()[0];
    assert_eq!(r.path(), "/svc/devices/$count");
    assert_eq!(
        r.query(),
        [
            ("api-version".to_owned(), "v1.0".to_owned()),
            ("$filter".to_owned(), "dateKey eq 20240101".to_owned()),
        ]
    );
    let e = CollectionRequest::<Row>::from_next_link(client, server.url("/svc/devices?x=1"))
        .count()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
}

#[tokio::test]
async fn non_numeric_count_is_a_decode_error() {
    let server = TestServer::start(|_: &Recorded, _| Reply::text(200, "many")).await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .count()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

#[tokio::test]
async fn entity_by_key() {
    let server =
        TestServer::start(|_: &Recorded, _| Reply::json(200, json!({"id": 7, "extra": true})))
            .await;
    let client = client_for(&server).build().unwrap();
    let path = key_path("people", &[("UserName", &"o'neil/x")]);
    let req = EntityRequest::<Row>::new(client.clone(), path)
        .select(["id"])
        .expand(Expand::new("Friends"));
    assert_eq!(req.path(), "people('o''neil%2Fx')");
    assert_eq!(req.send().await.unwrap(), Row { id: 7 });
    let composite = key_path("facts", &[("dateKey", &20240101), ("deviceKey", &5)]);
    EntityRequest::<Row>::new(client, composite)
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].path(), "/svc/people('o''neil%2Fx')");
    assert_eq!(reqs[0].query_value("$select").as_deref(), Some("id"));
    assert_eq!(reqs[0].query_value("$expand").as_deref(), Some("Friends"));
    assert_eq!(reqs[1].path(), "/svc/facts(dateKey=20240101,deviceKey=5)");
}

#[tokio::test]
async fn entity_decode_error_names_the_member() {
    let server =
        TestServer::start(|_: &Recorded, _| Reply::json(200, json!({"id": "seven"}))).await;
    let client = client_for(&server).build().unwrap();
    let e = EntityRequest::<Row>::new(client, "devices(1)")
        .send()
        .await
        .unwrap_err();
    let Error::Decode { path, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(path, "id");
}

#[tokio::test]
async fn functions_use_parameter_aliases() {
    let server = TestServer::start(|req: &Recorded, _| match req.path() {
        "/svc/devices/NS.Recent(since=@since,kind=@kind)" => {
            Reply::json(200, json!({"value": [{"id": 1}, {"id": 2}]}))
        }
        "/svc/NS.Total()" => Reply::json(200, json!({"value": "9007199254740993"})),
        _ => Reply::json(200, json!({"id": 3})),
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<Row> = OperationRequest::function(client.clone(), "devices/NS.Recent")
        .param("since", &time::macros::date!(2024 - 01 - 31))
        .param("kind", &"a&b")
        .send_value()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let total: Edm<i64> = OperationRequest::function(client.clone(), "NS.Total")
        .send_value()
        .await
        .unwrap();
    assert_eq!(total.0, 9_007_199_254_740_993);
    let one: Row = OperationRequest::function(client.clone(), "NS.One")
        .param("id", &3)
        .send()
        .await
        .unwrap();
    assert_eq!(one.id, 3);
    let r = &server.requests()[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.query_value("@since").as_deref(), Some("2024-01-31"));
    assert_eq!(r.query_value("@kind").as_deref(), Some("'a&b'"));
    assert_eq!(
        server.requests()[2].target,
        "/svc/NS.One(id=@id)?api-version=v1.0&@id=3"
    );
    // Misuse is reported, not sent.
    let e = OperationRequest::<Row>::function(client, "NS.One")
        .body_param("id", 3)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn actions_post_json_parameters() {
    let server = TestServer::start(|req: &Recorded, _| {
        if req.path() == "/svc/NS.Reset" {
            Reply::Full {
                status: 204,
                headers: vec![],
                body: vec![],
            }
        } else {
            Reply::json(200, json!({"id": 11}))
        }
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let row: Row = OperationRequest::action(client.clone(), "devices(1)/NS.Wipe")
        .body_param("keepData", false)
        .body_param("big", Edm(i64::MAX))
        .body_param("above53", Edm((1i64 << 53) + 1))
        .body_param(
            "amount",
            Edm(rust_decimal::Decimal::from_str_exact("1234567890.123456789012345678").unwrap()),
        )
        .body_param("when", Edm(time::macros::datetime!(2024-01-01 00:00 UTC)))
        .send()
        .await
        .unwrap();
    assert_eq!(row.id, 11);
    OperationRequest::<()>::action(client.clone(), "NS.Reset")
        .send_no_content()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path(), "/svc/devices(1)/NS.Wipe");
    assert_eq!(
        r.header("content-type"),
        Some("application/json;IEEE754Compatible=true")
    );
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"keepData": false, "big": "9223372036854775807", "above53": "9007199254740993",
               "amount": "1234567890.123456789012345678", "when": "2024-01-01T00:00:00Z"})
    );
    let e = OperationRequest::<()>::action(client, "NS.Reset")
        .param("x", &1)
        .send_no_content()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
}

#[tokio::test]
async fn collection_results_as_pages() {
    let server = TestServer::start(|req: &Recorded, _| {
        if req.target.contains("skiptoken") {
            Reply::json(200, json!({"value": [{"id": 2}]}))
        } else {
            Reply::json(
                200,
                json!({"value": [{"id": 1}], "@odata.nextLink": "NS.Delta()?$skiptoken=2"}),
            )
        }
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let page = OperationRequest::<Vec<Row>>::function(client.clone(), "devices/NS.Delta")
        .send_page()
        .await
        .unwrap();
    assert_eq!(page.items.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
    let next = page.next_link.unwrap();
    // Relative to the response URL, with the client's default options added.
    assert!(
        next.as_str()
            .ends_with("/svc/devices/NS.Delta()?$skiptoken=2&api-version=v1.0"),
        "{next}"
    );
    let rest: Vec<Row> = futures::TryStreamExt::try_collect(
        CollectionRequest::<Row>::from_next_link(client, next.as_str()).stream(),
    )
    .await
    .unwrap();
    assert_eq!(rest.iter().map(|r| r.id).collect::<Vec<_>>(), [2]);
}

#[tokio::test]
async fn raw_get_json() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::json(
            200,
            json!({"value": [{"name": "devices", "url": "devices"}]}),
        )
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let doc: serde_json::Value = client.get_json("").await.unwrap();
    assert_eq!(doc["value"][0]["name"], "devices");
    let r = &server.requests()[0];
    assert_eq!(r.target, "/svc/?api-version=v1.0");
}
