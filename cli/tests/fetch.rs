//! `fetch`: the request it sends (against a server on 127.0.0.1), its failures, and the
//! canonical form it writes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;

use odata_codegen::Surface;
use odata_codegen::{LoadOptions, load_bytes};
use odata_codegen_cli::fetch::{
    Auth, FetchError, FetchOptions, Secret, canonicalize, fetch, metadata_url,
};

#[path = "../../codegen/tests/common/mod.rs"]
mod common;

const INTUNE_V1: &str = include_str!("../../fixtures/intune/v1.0.xml");

/// A request as the test server saw it; header names lowercased.
#[derive(Clone, Debug)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn form(&self) -> BTreeMap<String, String> {
        reqwest::Url::parse(&format!("http://form/?{}", self.body))
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

type Reply = (u16, &'static str, Vec<u8>);

/// An HTTP/1.1 server on 127.0.0.1 that records every request and answers through `route`.
struct Server {
    root: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(route: impl Fn(&Request) -> Reply + Send + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let root = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        // The thread ends with the test process.
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let request = read_request(&stream);
                seen.lock().unwrap().push(request.clone());
                respond(stream, route(&request));
            }
        });
        Server { root, requests }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn read_request(stream: &TcpStream) -> Request {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap().to_owned();
    let target = parts.next().unwrap().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    Request {
        method,
        target,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

fn respond(mut stream: TcpStream, (status, content_type, body): Reply) {
    let head = format!(
        "HTTP/1.1 {status} Status\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
}

/// A server with a token endpoint at `/tenant/token` and `$metadata` serving `body`.
fn service(status: u16, content_type: &'static str, body: &str) -> Server {
    let body = body.as_bytes().to_vec();
    Server::start(move |r| match (r.method.as_str(), r.target.as_str()) {
        ("POST", "/tenant/token") => (
            200,
            "application/json",
            br#"{"token_type":"Bearer","expires_in":3599,"access_token":"issued-token"}"#.to_vec(),
        ),
        _ => (status, content_type, body.clone()),
    })
}

fn odata_codegen(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_odata-codegen"));
    command.arg("fetch").args(args);
    for (k, v) in envs {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn temp_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fetch");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn sends_bearer_token_api_version_and_custom_header_and_returns_the_canonical_form() {
    let server = service(200, "application/xml", INTUNE_V1);
    let fetched = fetch(&FetchOptions {
        api_version: Some("beta".into()),
        query: vec![("extra".into(), "a b".into())],
        headers: vec![
            ("X-Custom".into(), "yes".into()),
            ("Accept".into(), "application/xml;q=0.9".into()),
        ],
        auth: Auth::Bearer(Secret::new("secret-token")),
        ..FetchOptions::new(format!(
            "{}/ReportingService/DataWarehouseFEService",
            server.root
        ))
    })
    .unwrap();
    let [request] = &server.requests()[..] else {
        panic!("expected one request, got {:?}", server.requests())
    };
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/ReportingService/DataWarehouseFEService/$metadata?api-version=beta&extra=a+b"
    );
    assert_eq!(request.header("authorization"), Some("Bearer secret-token"));
    assert_eq!(request.header("accept"), Some("application/xml;q=0.9"));
    assert_eq!(request.header("odata-maxversion"), Some("4.01"));
    assert_eq!(request.header("x-custom"), Some("yes"));
    assert_eq!(fetched.canonical, canonicalize(INTUNE_V1).unwrap());
}

#[test]
fn metadata_url_appends_metadata_and_sets_query_options() {
    let url = |u: &str, api: Option<&str>| {
        metadata_url(&FetchOptions {
            api_version: api.map(Into::into),
            ..FetchOptions::new(u)
        })
        .unwrap()
        .to_string()
    };
    assert_eq!(url("https://h/svc", None), "https://h/svc/$metadata");
    assert_eq!(url("https://h/svc/", None), "https://h/svc/$metadata");
    assert_eq!(
        url("https://h/svc/$metadata", None),
        "https://h/svc/$metadata"
    );
    assert_eq!(
        url("https://h/svc/$metadata?api-version=v1.0&x=1", Some("beta")),
        "https://h/svc/$metadata?x=1&api-version=beta"
    );
    assert_eq!(
        url("https://h/svc/$metadata?$format=xml", None),
        "https://h/svc/$metadata?$format=xml"
    );
    assert!(matches!(
        metadata_url(&FetchOptions::new("ftp://h/svc")),
        Err(FetchError::Url { .. })
    ));
}

#[test]
fn cli_gets_a_client_credentials_token_and_writes_the_canonical_file() {
    let server = service(200, "application/xml", INTUNE_V1);
    let out = temp_path("client-credentials.xml");
    let token_url = format!("{}/tenant/token", server.root);
    let output = odata_codegen(
        &[
            "--url",
            &format!("{}/svc/$metadata", server.root),
            "--api-version",
            "v1.0",
            "--tenant",
            "contoso",
            "--client-id",
            "app-id",
            "--client-secret-env",
            "FETCH_TEST_SECRET",
            "--token-url",
            &token_url,
            "--header",
            "X-Custom: from-cli",
            "--out",
            out.to_str().unwrap(),
        ],
        &[("FETCH_TEST_SECRET", "client-s3cret")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("client-s3cret") && !stderr.contains("issued-token"));
    let requests = server.requests();
    let [token, metadata] = &requests[..] else {
        panic!("expected a token request then a $metadata request, got {requests:?}")
    };
    assert_eq!(
        (token.method.as_str(), token.target.as_str()),
        ("POST", "/tenant/token")
    );
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = token.form();
    let expected = [
        ("client_id", "app-id"),
        ("client_secret", "client-s3cret"),
        ("grant_type", "client_credentials"),
        ("scope", "https://api.manage.microsoft.com/.default"),
    ];
    assert_eq!(
        form,
        expected
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into_iter()
            .collect()
    );
    assert_eq!(metadata.target, "/svc/$metadata?api-version=v1.0");
    assert_eq!(
        metadata.header("authorization"),
        Some("Bearer issued-token")
    );
    assert_eq!(metadata.header("x-custom"), Some("from-cli"));
    assert_eq!(metadata.header("accept"), Some("application/xml"));
    assert_eq!(metadata.header("odata-maxversion"), Some("4.01"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, canonicalize(INTUNE_V1).unwrap());

    let again = odata_codegen(
        &[
            "--url",
            &server.root,
            "--bearer-token",
            "t",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("unchanged"));
}

#[test]
fn cli_writes_to_stdout_with_a_bearer_token_from_the_environment() {
    let server = service(200, "application/xml", INTUNE_V1);
    let output = odata_codegen(
        &[
            "--url",
            &server.root,
            "--bearer-token-env",
            "FETCH_TEST_TOKEN",
            "--out",
            "-",
        ],
        &[("FETCH_TEST_TOKEN", "env-token")],
    );
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        canonicalize(INTUNE_V1).unwrap()
    );
    let requests = server.requests();
    assert_eq!(requests[0].target, "/$metadata");
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer env-token")
    );
}

#[test]
fn cli_fails_with_the_status_on_401_and_writes_nothing() {
    let server = service(
        401,
        "application/json",
        r#"{"error":{"code":"Unauthorized","message":"token expired"}}"#,
    );
    let out = temp_path("unauthorized.xml");
    let output = odata_codegen(
        &[
            "--url",
            &server.root,
            "--bearer-token",
            "stale-token",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("401") && stderr.contains("token expired"),
        "{stderr}"
    );
    assert!(!stderr.contains("stale-token"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn cli_never_echoes_a_malformed_header() {
    let output = odata_codegen(
        &[
            "--url",
            "http://127.0.0.1:9",
            "--header",
            "Authorization Bearer s3cret",
            "--out",
            "-",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("NAME: VALUE") && !stderr.contains("s3cret"),
        "{stderr}"
    );
}

#[test]
fn cli_refuses_a_body_that_is_not_csdl() {
    let server = service(200, "text/html", "<html><body>Sign in</body></html>");
    let out = temp_path("html.xml");
    let output = odata_codegen(
        &["--url", &server.root, "--out", out.to_str().unwrap()],
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not an OData v4 CSDL"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn refuses_plain_text_and_reports_failed_connections() {
    let server = service(200, "text/plain", "Service Unavailable, try again later");
    let err = fetch(&FetchOptions::new(&server.root)).unwrap_err();
    let FetchError::NotCsdl { diagnostics, .. } = &err else {
        panic!("expected NotCsdl, got {err}")
    };
    assert!(!diagnostics.is_empty());

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = fetch(&FetchOptions::new(format!("http://127.0.0.1:{port}/svc"))).unwrap_err();
    assert!(matches!(err, FetchError::Request { .. }), "{err}");
}

#[test]
fn token_endpoint_errors_are_reported_with_their_status() {
    let server = Server::start(|_| {
        (
            400,
            "application/json",
            br#"{"error":"invalid_client"}"#.to_vec(),
        )
    });
    let err = fetch(&with_client_credentials(&server.root)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("400") && message.contains("invalid_client"),
        "{message}"
    );
    assert!(!message.contains("client-s3cret") && !format!("{err:?}").contains("client-s3cret"));
    assert_eq!(
        server.requests().len(),
        1,
        "no $metadata request without a token"
    );
}

// --- canonical form ---

/// Moves the blocks from `open` to the following `close` into reverse order, in place.
fn reverse_blocks(text: &str, open: &str, close: &str) -> String {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find(open).map(|i| at + i) {
        let end = start + text[start..].find(close).unwrap() + close.len();
        ranges.push(start..end);
        at = end;
    }
    assert!(ranges.len() > 1, "expected several {open} blocks");
    let mut out = String::new();
    let mut last = 0;
    for (slot, block) in ranges.iter().zip(ranges.iter().rev()) {
        out.push_str(&text[last..slot.start]);
        out.push_str(&text[block.clone()]);
        last = slot.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Reverses the attributes of every start tag and spreads them over lines.
fn reverse_attributes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap();
        out.push_str(&rest[..name_end]);
        rest = &rest[name_end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let eq = rest.find('=').unwrap();
            let quote = rest[eq + 1..].chars().next().unwrap();
            let close = eq + 2 + rest[eq + 2..].find(quote).unwrap();
            attrs.push(&rest[..=close]);
            rest = &rest[close + 1..];
        }
        for attr in attrs.iter().rev() {
            out.push_str("\n   ");
            out.push_str(attr);
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn canonical_form_is_stable_under_reordering_and_reformatting() {
    let mut shuffled = reverse_blocks(INTUNE_V1, "<EntityType ", "</EntityType>");
    shuffled = reverse_blocks(&shuffled, "<Annotations ", "</Annotations>");
    shuffled = reverse_blocks(&shuffled, "<edmx:Reference ", "</edmx:Reference>");
    shuffled = reverse_attributes(&shuffled);
    // Other layout, line ends and comments.
    shuffled = shuffled
        .lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\r\n")
        .replacen("?>", "?><!-- fetched --><?pi x?>", 1);
    assert_ne!(shuffled, INTUNE_V1);
    let canonical = canonicalize(INTUNE_V1).unwrap();
    assert_eq!(canonicalize(&shuffled).unwrap(), canonical);
    assert!(canonical.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<edmx:Edmx "));
    assert!(!canonical.contains("<!--") && !canonical.contains('\r'));
}

#[test]
fn canonicalize_is_idempotent_and_keeps_the_meaning_of_every_fixture() {
    let options = LoadOptions::default();
    let surface = |path: &Path, bytes: &[u8]| {
        let (model, diags) = load_bytes(path, bytes, &options);
        let model = model.unwrap_or_else(|| panic!("{}: {:?}", path.display(), diags));
        (Surface::of(&model, &BTreeMap::new()), diags.iter().count())
    };
    for path in common::fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let once = canonicalize(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(canonicalize(&once).unwrap(), once, "{}", path.display());
        assert_eq!(
            surface(&path, once.as_bytes()),
            surface(&path, text.as_bytes()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn canonicalize_never_panics_on_bad_fixtures_and_stays_idempotent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/bad");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(once) = canonicalize(text) {
            assert_eq!(canonicalize(&once).unwrap(), once, "{}", path.display());
        }
    }
}

#[test]
fn canonical_layout_order_and_escaping() {
    let input = r#"<?xml version="1.0"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0" xmlns:sap="http://www.sap.com/Protocols/SAPData">
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="N">
      <EntityContainer Name="C">
        <Singleton Type="N.T" Name="me"/>
        <EntitySet EntityType="N.T" Name="ts">
          <NavigationPropertyBinding Target="ts" Path="z"/>
          <NavigationPropertyBinding Target="ts" Path="a"/>
        </EntitySet>
        <FunctionImport Function="N.f" Name="f"/>
      </EntityContainer>
      <Function Name="f"><Parameter Name="y" Type="Edm.Int32"/><Parameter Name="x" Type="Edm.Int32"/><ReturnType Type="Edm.Int32"/></Function>
      <Function Name="f"><ReturnType Type="Edm.String"/></Function>
      <EnumType Name="E"><Member Name="b"/><Member Name="a"/></EnumType>
      <EntityType Name="T" sap:label="Tee &amp; &quot;co&quot;" sap:content-version="1">
        <Annotation Term="Core.Description" String="line1&#10;line2&#9;tab"/>
        <Key><PropertyRef Name="k2"/><PropertyRef Name="k1"/></Key>
        <Property Nullable="false" Type="Edm.Int32" Name="k2"/>
        <Property Type="Edm.Int32" Name="k1" Nullable="false"></Property>
        <NavigationProperty Type="N.T" Name="z"/>
        <Annotation Term="Core.Computed" Qualifier="b"/>
        <Annotation Term="Core.Computed" Qualifier="a"/>
      </EntityType>
      <Annotations Target="N.T/k1">
        <Annotation Term="Org.Note">
          <Record>
            <PropertyValue Property="b"><String>  </String></PropertyValue>
            <PropertyValue Property="a"><String> x &lt; y <![CDATA[&]]> </String></PropertyValue>
          </Record>
        </Annotation>
        <Annotation Term="Org.List"><Collection><Int>2</Int><Int>1</Int></Collection></Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;
    let expected = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" xmlns:sap="http://www.sap.com/Protocols/SAPData" Version="4.0">
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="N">
      <EntityType Name="T" sap:content-version="1" sap:label="Tee &amp; &quot;co&quot;">
        <Key>
          <PropertyRef Name="k2"/>
          <PropertyRef Name="k1"/>
        </Key>
        <Property Name="k2" Type="Edm.Int32" Nullable="false"/>
        <Property Name="k1" Type="Edm.Int32" Nullable="false"/>
        <NavigationProperty Name="z" Type="N.T"/>
        <Annotation Term="Core.Computed" Qualifier="a"/>
        <Annotation Term="Core.Computed" Qualifier="b"/>
        <Annotation Term="Core.Description" String="line1&#10;line2&#9;tab"/>
      </EntityType>
      <EnumType Name="E">
        <Member Name="b"/>
        <Member Name="a"/>
      </EnumType>
      <Function Name="f">
        <Parameter Name="y" Type="Edm.Int32"/>
        <Parameter Name="x" Type="Edm.Int32"/>
        <ReturnType Type="Edm.Int32"/>
      </Function>
      <Function Name="f">
        <ReturnType Type="Edm.String"/>
      </Function>
      <EntityContainer Name="C">
        <EntitySet Name="ts" EntityType="N.T">
          <NavigationPropertyBinding Path="a" Target="ts"/>
          <NavigationPropertyBinding Path="z" Target="ts"/>
        </EntitySet>
        <Singleton Name="me" Type="N.T"/>
        <FunctionImport Name="f" Function="N.f"/>
      </EntityContainer>
      <Annotations Target="N.T/k1">
        <Annotation Term="Org.List">
          <Collection>
            <Int>2</Int>
            <Int>1</Int>
          </Collection>
        </Annotation>
        <Annotation Term="Org.Note">
          <Record>
            <PropertyValue Property="a">
              <String> x &lt; y &amp; </String>
            </PropertyValue>
            <PropertyValue Property="b">
              <String>  </String>
            </PropertyValue>
          </Record>
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;
    let canonical = canonicalize(input).unwrap();
    assert_eq!(canonical, expected);
    assert_eq!(canonicalize(&canonical).unwrap(), canonical);
}

#[test]
fn mixed_content_in_foreign_elements_survives_unchanged() {
    let input =
        "<r xmlns:v=\"urn:v\"><v:doc> a <v:b>bold</v:b>\r\n tail <v:i/></v:doc><v:z/><v:a/></r>";
    let canonical = canonicalize(input).unwrap();
    assert_eq!(
        canonical,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<r xmlns:v=\"urn:v\">\n  <v:doc> a <v:b>bold</v:b>\n tail <v:i/></v:doc>\n  <v:z/>\n  <v:a/>\n</r>\n"
    );
    assert_eq!(canonicalize(&canonical).unwrap(), canonical);
}

#[test]
fn canonicalize_refuses_doctype_deep_nesting_and_bad_xml_with_a_position() {
    let err =
        canonicalize("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>")
            .unwrap_err();
    assert!(err.message.contains("DOCTYPE"), "{err}");
    assert_eq!((err.pos.line, err.pos.column), (2, 1));

    let deep = "<a>".repeat(1000);
    assert!(canonicalize(&deep).unwrap_err().message.contains("nested"));

    let err = canonicalize("<x>\n  <y sap:label=\"a\"/></x>").unwrap_err();
    assert!(err.message.contains("sap"), "{err}");
    assert_eq!(err.pos.line, 2);
    assert!(canonicalize("<x></y>").is_err());
    assert!(canonicalize("not xml").is_err());
}

// --- hostile servers ---

/// A reply redirecting to `location` (the test server writes headers after Content-Type).
fn redirect(status: u16, location: &str) -> Reply {
    let header: &'static str =
        Box::leak(format!("text/plain\r\nLocation: {location}").into_boxed_str());
    (status, header, Vec::new())
}

#[test]
fn redirects_to_another_origin_are_not_followed() {
    let other = Server::start(|_| (200, "application/xml", INTUNE_V1.as_bytes().to_vec()));
    let to_other = format!("{}/steal/$metadata", other.root);
    for status in [302, 307] {
        let target = to_other.clone();
        let server = Server::start(move |_| redirect(status, &target));
        let err = fetch(&FetchOptions {
            auth: Auth::Bearer(Secret::new("b3arer")),
            headers: vec![("X-Api-Key".into(), "k3y".into())],
            ..FetchOptions::new(&server.root)
        })
        .unwrap_err();
        assert!(matches!(err, FetchError::Redirected { .. }), "{err}");
        assert!(err.to_string().contains(&to_other), "{err}");
        assert_eq!(server.requests().len(), 1);
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

#[test]
fn same_origin_redirects_are_followed_without_referer() {
    let server = Server::start(|r| match r.target.as_str() {
        "/old/$metadata" => redirect(302, "/new/$metadata"),
        _ => (200, "application/xml", INTUNE_V1.as_bytes().to_vec()),
    });
    fetch(&FetchOptions::new(format!("{}/old", server.root))).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].target, "/new/$metadata");
    assert!(requests[1].header("referer").is_none());
}

/// The token endpoint's redirects are never followed, not even within its origin: a 307
/// would re-send the client secret.
#[test]
fn token_endpoint_redirects_are_never_followed() {
    let other = Server::start(|_| (200, "application/json", br#"{"access_token":"x"}"#.to_vec()));
    let to_other = format!("{}/token", other.root);
    for (status, location) in [
        (307, to_other.clone()),
        (302, to_other),
        (307, "/token2".into()),
    ] {
        let server = Server::start(move |r| match r.target.as_str() {
            "/token" => redirect(status, &location),
            _ => (
                200,
                "application/json",
                br#"{"access_token":"same-origin"}"#.to_vec(),
            ),
        });
        let err = fetch(&with_client_credentials(&server.root)).unwrap_err();
        // The runtime's token provider reports the redirect as the status it is.
        assert!(
            matches!(err, FetchError::TokenStatus { status: s, .. } if s == status),
            "{err}"
        );
        assert_eq!(server.requests().len(), 1, "{status}");
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

/// A token response that is not the expected JSON is never quoted: it may hold the token.
#[test]
fn token_responses_are_never_echoed() {
    for (status, body) in [
        (200, "access_token=t0ken-value&expires_in=3599"),
        (200, r#"{"accessToken":"t0ken-value"}"#),
        (500, "t0ken-value"),
    ] {
        let server = Server::start(move |_| (status, "text/plain", body.as_bytes().to_vec()));
        let err = fetch(&with_client_credentials(&server.root)).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("t0ken-value"), "{shown}");
        assert!(shown.contains("body not shown"), "{shown}");
    }
}

#[test]
fn oversized_documents_are_refused() {
    let server = service(200, "application/xml", INTUNE_V1);
    let err = fetch(&FetchOptions {
        max_body: 1000,
        ..FetchOptions::new(&server.root)
    })
    .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1000, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("exceeds the limit of 1000 bytes"),
        "{err}"
    );
    let fits = FetchOptions {
        max_body: INTUNE_V1.len() as u64,
        ..FetchOptions::new(&server.root)
    };
    fetch(&fits).unwrap();
}

/// Credentials are refused over plain http to any host but a loopback one, before any
/// connection.
#[test]
fn credentials_over_plain_http_are_refused() {
    let err = fetch(&FetchOptions {
        auth: Auth::Bearer(Secret::new("b3arer")),
        ..FetchOptions::new("http://odata.example.com/svc")
    })
    .unwrap_err();
    assert!(matches!(err, FetchError::Insecure { .. }), "{err}");
    let err = fetch(&FetchOptions {
        auth: Auth::ClientCredentials {
            token_url: "http://login.example.com/token".into(),
            client_id: "id".into(),
            client_secret: Secret::new("client-s3cret"),
            scope: "s".into(),
        },
        ..FetchOptions::new("https://odata.example.com/svc")
    })
    .unwrap_err();
    assert!(matches!(err, FetchError::Insecure { .. }), "{err}");
    assert!(err.to_string().contains("login.example.com"), "{err}");
}

/// Options fetching `root`'s `$metadata` with a client-credentials token from `root/token`.
fn with_client_credentials(root: &str) -> FetchOptions {
    FetchOptions {
        auth: Auth::ClientCredentials {
            token_url: format!("{root}/token"),
            client_id: "id".into(),
            client_secret: Secret::new("client-s3cret"),
            scope: "s".into(),
        },
        ..FetchOptions::new(root)
    }
}
