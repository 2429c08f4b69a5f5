//! The service client: configuration, URL building, default headers, authentication and
//! decoding of responses.

use std::fmt;
use std::sync::{Arc, Once};
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{ClientCredentials, ClientCredentialsProvider, StaticToken, TokenProvider};
use crate::error::{Error, HttpError};
use crate::query::{push_pair, query_names};
use crate::retry::RetryPolicy;
use crate::transport::{DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, RawResponse, Transport};

/// A client for one OData service. Cheap to clone: clones share configuration, connection
/// pool and token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    root: Url,
    /// Root URL text without a trailing slash, for appending relative paths.
    root_text: String,
    default_query: Vec<(String, String)>,
    headers: HeaderMap,
    accept_json: HeaderValue,
    transport: Transport,
    auth: Option<Arc<dyn TokenProvider>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service_root", &self.inner.root.as_str())
            .field("default_query", &self.inner.default_query)
            .field("authenticated", &self.inner.auth.is_some())
            .finish_non_exhaustive()
    }
}

/// What a request expects back, which sets its `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    Json,
    Text,
}

/// A request as the request types hand it to [`Client::execute`].
pub(crate) struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) accept: Accept,
    pub(crate) json_body: Option<Vec<u8>>,
    /// Safe to repeat after a failure whose outcome is unknown.
    pub(crate) idempotent: bool,
}

impl RequestSpec {
    pub(crate) fn get(url: Url) -> Self {
        RequestSpec {
            method: Method::GET,
            url,
            accept: Accept::Json,
            json_body: None,
            idempotent: true,
        }
    }
}

impl Client {
    /// Starts configuring a client for the service at `service_root`, e.g.
    /// `https://fef.msua06.manage.microsoft.com/ReportingService/DataWarehouseFEService`.
    /// Query options in the root URL (`?api-version=v1.0`) become default query options.
    pub fn builder(service_root: impl AsRef<str>) -> ClientBuilder {
        ClientBuilder::new(service_root.as_ref())
    }

    /// The service root URL (without query options).
    pub fn service_root(&self) -> &Url {
        &self.inner.root
    }

    /// Custom query options added to every request, in order.
    pub fn default_query(&self) -> &[(String, String)] {
        &self.inner.default_query
    }

    /// GETs `path` (relative to the service root, or an absolute URL on its origin) with the
    /// default query options and decodes the JSON body.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let url = self.url(path, &[])?;
        let resp = self.execute(RequestSpec::get(url)).await?;
        decode_json(&resp.url, &resp.body)
    }

    /// Resolves `path` against the service root and adds the default query options that the
    /// URL lacks, then `pairs` (unencoded; encoded here).
    pub(crate) fn url(&self, path: &str, pairs: &[(&str, String)]) -> Result<Url, Error> {
        let mut url = if path.starts_with("http://") || path.starts_with("https://") {
            Url::parse(path).map_err(|e| Error::invalid_url(path, e))?
        } else {
            let text = format!("{}/{}", self.inner.root_text, path.trim_start_matches('/'));
            Url::parse(&text).map_err(|e| Error::invalid_url(text, e))?
        };
        url.set_fragment(None);
        let mut query = url.query().unwrap_or_default().to_owned();
        self.push_missing_defaults(&mut query, pairs.iter().map(|(n, _)| *n));
        for (name, value) in pairs {
            push_pair(&mut query, name, value);
        }
        url.set_query(Some(&query).filter(|q| !q.is_empty()).map(String::as_str));
        Ok(url)
    }

    /// Adds the default query options a next link lacks (services often drop custom options
    /// such as `api-version` from next links).
    pub(crate) fn complete_next_link(&self, mut url: Url) -> Url {
        let mut query = url.query().unwrap_or_default().to_owned();
        if self.push_missing_defaults(&mut query, std::iter::empty()) {
            url.set_query(Some(&query));
        }
        url
    }

    /// Appends each default option whose name (ignoring case, as Intune does) is neither in
    /// `query` nor in `also_present`; returns whether any was added.
    fn push_missing_defaults<'a>(
        &self,
        query: &mut String,
        also_present: impl Iterator<Item = &'a str>,
    ) -> bool {
        let present: Vec<String> = query_names(query)
            .chain(also_present.map(str::to_owned))
            .collect();
        let mut added = false;
        for (name, value) in &self.inner.default_query {
            if !present.iter().any(|p| p.eq_ignore_ascii_case(name)) {
                push_pair(query, name, value);
                added = true;
            }
        }
        added
    }

    /// Whether `url` shares the service root's scheme, host and port.
    pub(crate) fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.inner.root.origin()
    }

    /// Whether `url`'s path is the service root's or below it (`url` parsed, so dot segments,
    /// `%2e` included, are already resolved). A next link elsewhere on the origin is refused:
    /// it would send the service's credentials to another application of the same host.
    pub(crate) fn under_root(&self, url: &Url) -> bool {
        let root = self.inner.root.path().trim_end_matches('/');
        let path = url.path();
        path == root
            || path
                .strip_prefix(root)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Checks a next link, sent by the server on the page from `from` or saved by a previous
    /// run: on the service's origin and under its root.
    pub(crate) fn check_next_link(&self, from: &str, link: &Url) -> Result<(), Error> {
        if !self.same_origin(link) {
            Err(Error::CrossOriginNextLink {
                from: from.to_owned(),
                to: link.to_string(),
            })
        } else if !self.under_root(link) {
            Err(Error::NextLinkOutsideService {
                root: self.inner.root.to_string(),
                to: link.to_string(),
            })
        } else {
            Ok(())
        }
    }

    /// Sends a request with default headers and credentials; a 401 triggers one token
    /// refresh and one more try. Non-success statuses become [`Error::Http`].
    pub(crate) async fn execute(&self, spec: RequestSpec) -> Result<RawResponse, Error> {
        crate::trace::in_span!(
            ::tracing::debug_span!(
                "odata.request",
                method = %spec.method,
                // The path only: query values may be secrets (signatures, keys).
                path = spec.url.path(),
                status = ::tracing::field::Empty,
            ),
            self.execute_in_span(spec),
            |span: &::tracing::Span, out: &Result<RawResponse, Error>| {
                let status = match out {
                    Ok(r) => Some(r.status),
                    Err(e) => e.status(),
                };
                if let Some(s) = status {
                    span.record("status", s.as_u16());
                }
            }
        )
    }

    async fn execute_in_span(&self, spec: RequestSpec) -> Result<RawResponse, Error> {
        if !self.same_origin(&spec.url) {
            // Never send credentials off the service's origin, whatever produced the URL.
            return Err(Error::invalid_url(
                spec.url.as_str(),
                format!(
                    "not on the service root's origin {}",
                    self.inner.root.origin().ascii_serialization()
                ),
            ));
        }
        let client_request_id = uuid::Uuid::new_v4().to_string();
        // The token the service rejected, once it answered 401.
        let mut rejected: Option<String> = None;
        let mut sent_token: Option<String> = None;
        loop {
            let auth = match self.authorization(rejected.as_deref()).await? {
                Some((header, token)) => {
                    sent_token = Some(token);
                    Some(header)
                }
                None => None,
            };
            let headers = self.request_headers(&spec, &client_request_id, auth);
            let build = || {
                let rb = self
                    .inner
                    .transport
                    .http
                    .request(spec.method.clone(), spec.url.clone())
                    .headers(headers.clone());
                match &spec.json_body {
                    Some(b) => rb.body(b.clone()),
                    None => rb,
                }
            };
            let resp = self
                .inner
                .transport
                .send(&spec.method, &spec.url, spec.idempotent, &build)
                .await?;
            if resp.status == StatusCode::UNAUTHORIZED
                && rejected.is_none()
                && self.inner.auth.as_ref().is_some_and(|a| a.can_refresh())
            {
                rejected = sent_token.take().or(Some(String::new()));
                crate::trace::event!(debug, "401: refreshing the token and trying once more");
                continue;
            }
            return checked(&spec, resp, client_request_id);
        }
    }

    /// The `Authorization` header to send and the token in it, when the client has a
    /// provider: a fresh token in place of `rejected`, the one the service refused.
    async fn authorization(
        &self,
        rejected: Option<&str>,
    ) -> Result<Option<(HeaderValue, String)>, Error> {
        let Some(p) = &self.inner.auth else {
            return Ok(None);
        };
        let token = match rejected {
            Some(r) => p.refresh(r).await?,
            None => p.token(false).await?,
        };
        let mut header = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            crate::error::AuthError::provider("token contains characters not allowed in a header")
        })?;
        header.set_sensitive(true);
        Ok(Some((header, token)))
    }

    fn request_headers(
        &self,
        spec: &RequestSpec,
        client_request_id: &str,
        auth: Option<HeaderValue>,
    ) -> HeaderMap {
        let mut h = HeaderMap::with_capacity(8 + self.inner.headers.len());
        h.insert(
            ACCEPT,
            match spec.accept {
                Accept::Json => self.inner.accept_json.clone(),
                Accept::Text => HeaderValue::from_static("text/plain"),
            },
        );
        h.insert("odata-version", HeaderValue::from_static("4.0"));
        h.insert("odata-maxversion", HeaderValue::from_static("4.01"));
        if let Ok(v) = HeaderValue::from_str(client_request_id) {
            h.insert("client-request-id", v);
        }
        if spec.json_body.is_some() {
            // The EDM serializers write Int64 and Decimal as strings; this parameter tells
            // the service to read them as numbers.
            h.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;IEEE754Compatible=true"),
            );
        }
        // Custom headers override the defaults above.
        for (name, value) in &self.inner.headers {
            h.insert(name, value.clone());
        }
        if let Some(a) = auth {
            h.insert(AUTHORIZATION, a);
        }
        h
    }
}

/// Decodes JSON, reporting the failing member's path and a snippet of the body.
pub(crate) fn decode_json<T: DeserializeOwned>(url: &Url, body: &[u8]) -> Result<T, Error> {
    // Path tracking slows decoding, so it is only done to explain a failure.
    serde_json::from_slice(body).map_err(|e| decode_error::<T>(url, body, &e))
}

pub(crate) fn decode_error<T: DeserializeOwned>(
    url: &Url,
    body: &[u8],
    error: &serde_json::Error,
) -> Error {
    let mut de = serde_json::Deserializer::from_slice(body);
    let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => e.path().to_string(),
        Ok(_) => ".".to_owned(),
    };
    Error::Decode {
        url: url.to_string(),
        path,
        message: error.to_string(),
        snippet: snippet(body, error.line(), error.column()),
    }
}

/// Up to 40 bytes either side of a 1-based line/column position.
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let line_start: usize = body
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    let pos = (line_start + column.saturating_sub(1)).min(body.len());
    let start = pos.saturating_sub(40);
    let end = (pos + 40).min(body.len());
    String::from_utf8_lossy(&body[start..end]).into_owned()
}

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    root: String,
    auth: AuthConfig,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    ieee754_compatible: bool,
    max_body: u64,
}

enum AuthConfig {
    None,
    Provider(Arc<dyn TokenProvider>),
    Credentials(ClientCredentials),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("root", &self.root)
            .field("query", &self.query)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(root: &str) -> Self {
        ClientBuilder {
            root: root.to_owned(),
            auth: AuthConfig::None,
            query: Vec::new(),
            headers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            http: None,
            ieee754_compatible: true,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Authenticates with a fixed bearer token.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = AuthConfig::Provider(Arc::new(StaticToken::new(token)));
        self
    }

    /// Authenticates with tokens from `provider`.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.auth = AuthConfig::Provider(Arc::new(provider));
        self
    }

    /// Authenticates with the Entra ID client-credentials flow.
    pub fn client_credentials(mut self, creds: ClientCredentials) -> Self {
        self.auth = AuthConfig::Credentials(creds);
        self
    }

    /// Adds a custom query option to every request (e.g. `api-version`=`v1.0`), including
    /// next links that lack it. Replaces an earlier option of the same name.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.query.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.query.push((name, value.into()));
        self
    }

    /// Adds a header to every request; overrides a default header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Timeout of each attempt, from sending until the body is read (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Retry policy for transient failures.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Largest response body read, in bytes (default 256 MiB): a longer one fails with
    /// [`Error::BodyTooLarge`], refused from its `Content-Length` when it has one, else once
    /// that many bytes have arrived. Error bodies are read up to 64 KiB only, whatever this
    /// says.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Uses this HTTP client (its own TLS, proxy and pool settings) instead of building one.
    ///
    /// Its redirect policy applies as configured: the client the runtime builds follows
    /// redirects within the origin of each request only, sends no `Referer`, and its token
    /// requests follow no redirect at all. Build yours with
    /// `.redirect(reqwest::redirect::Policy::none()).referer(false)` to keep those
    /// guarantees.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Whether `Accept` asks for `IEEE754Compatible=true`, so conforming services send Int64
    /// and Decimal as strings and no precision is lost. On by default: the EDM serde helpers
    /// read both forms, and request bodies are sent in that form anyway (their
    /// `Content-Type` always says `IEEE754Compatible=true`). Turn it off only for a service
    /// that refuses the parameter, or when decoding into types that expect JSON numbers.
    pub fn ieee754_compatible(mut self, yes: bool) -> Self {
        self.ieee754_compatible = yes;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let mut root =
            Url::parse(self.root.trim()).map_err(|e| Error::invalid_url(&self.root, e))?;
        if !matches!(root.scheme(), "http" | "https") || root.cannot_be_a_base() {
            return Err(Error::invalid_url(&self.root, "not an http(s) URL"));
        }
        let mut default_query: Vec<(String, String)> = root
            .query_pairs()
            .filter(|(n, _)| !self.query.iter().any(|(q, _)| q.eq_ignore_ascii_case(n)))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        default_query.extend(self.query);
        root.set_query(None);
        root.set_fragment(None);
        let root_text = root.as_str().trim_end_matches('/').to_owned();

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let invalid = |reason: String| Error::InvalidHeader {
                name: name.clone(),
                reason,
            };
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
            let v = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
            headers.insert(n, v);
        }

        if !matches!(self.auth, AuthConfig::None) {
            refuse_plain_http(&root)?;
        }
        let (http, token_http) = match self.http {
            Some(h) => (h.clone(), h),
            None => (
                default_http_client(same_origin_redirects())?,
                default_http_client(reqwest::redirect::Policy::none())?,
            ),
        };
        let transport = Transport {
            http,
            timeout: self.timeout,
            retry: self.retry,
            max_body: self.max_body,
        };
        let auth: Option<Arc<dyn TokenProvider>> = match self.auth {
            AuthConfig::None => None,
            AuthConfig::Provider(p) => Some(p),
            AuthConfig::Credentials(c) => {
                // A token response is a few KiB; 1 MiB bounds a hostile endpoint.
                let token_transport = Transport {
                    http: token_http,
                    max_body: transport.max_body.min(1 << 20),
                    ..transport.clone()
                };
                Some(Arc::new(ClientCredentialsProvider::with_transport(
                    c,
                    token_transport,
                )?))
            }
        };
        let accept_json = HeaderValue::from_static(if self.ieee754_compatible {
            "application/json;odata.metadata=minimal;IEEE754Compatible=true"
        } else {
            "application/json;odata.metadata=minimal"
        });
        Ok(Client {
            inner: Arc::new(Inner {
                root,
                root_text,
                default_query,
                headers,
                accept_json,
                transport,
                auth,
            }),
        })
    }
}

/// Refuses credentials for a plain `http://` URL unless its host is a loopback one (a local
/// test server or proxy), where nothing crosses the network.
pub(crate) fn refuse_plain_http(url: &Url) -> Result<(), Error> {
    if url.scheme() == "https" || is_loopback(url) {
        return Ok(());
    }
    Err(Error::InsecureCredentials {
        url: url.to_string(),
    })
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// Follows a redirect only within the origin of the request that started the chain (same
/// scheme, host and port, so never https to http), at most 10 times. reqwest's default
/// follows anywhere, dropping only `Authorization` and `Cookie`: custom headers (API keys),
/// and on 307/308 the body, went to the other origin.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(Url::origin);
        if attempt.previous().len() > 10 || first != Some(attempt.url().origin()) {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// Builds the default HTTP client with rustls over the ring provider (aws-lc-rs would add a
/// long C build for no gain here), sending no `Referer`.
fn default_http_client(redirects: reqwest::redirect::Policy) -> Result<reqwest::Client, Error> {
    static INSTALL: Once = Once::new();
    // reqwest uses the process-wide default provider; one installed by the application
    // earlier wins, which is why the result is ignored.
    INSTALL.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .user_agent("odata-runtime")
        .connect_timeout(Duration::from_secs(30))
        .redirect(redirects)
        .referer(false)
        .build()
        .map_err(Error::Build)
}

/// `resp` when it is a success; otherwise the error it is: a redirect the policy stopped
/// (another origin, or a downgrade to http), or the service's HTTP error.
fn checked(
    spec: &RequestSpec,
    resp: RawResponse,
    client_request_id: String,
) -> Result<RawResponse, Error> {
    if resp.status.is_redirection()
        && let Some(location) = resp.headers.get(reqwest::header::LOCATION)
    {
        return Err(Error::Redirected {
            method: spec.method.to_string(),
            url: spec.url.to_string(),
            location: String::from_utf8_lossy(location.as_bytes()).into_owned(),
        });
    }
    if !resp.status.is_success() {
        return Err(Error::Http(Box::new(HttpError::new(
            spec.method.as_str(),
            spec.url.as_str(),
            resp.status,
            &resp.headers,
            &resp.body,
            Some(client_request_id),
        ))));
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(root: &str) -> Client {
        Client::builder(root)
            .query_param("api-version", "v1.0")
            .build()
            .unwrap()
    }

    #[test]
    fn urls() {
        let c = client("https://fef.example.com/ReportingService/DataWarehouseFEService/");
        assert_eq!(
            c.service_root().as_str(),
            "https://fef.example.com/ReportingService/DataWarehouseFEService/"
        );
        let u = c.url("devices", &[("$top", "5".into())]).unwrap();
        assert_eq!(
            u.as_str(),
            "https://fef.example.com/ReportingService/DataWarehouseFEService/devices?api-version=v1.0&$top=5"
        );
        let u = c
            .url(
                "people('x y')/Friends",
                &[("$filter", "a eq 'b&c+d'".into())],
            )
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://fef.example.com/ReportingService/DataWarehouseFEService/people('x%20y')/Friends?api-version=v1.0&$filter=a%20eq%20%27b%26c%2Bd%27"
        );
        // A request's own api-version wins over the default.
        let u = c.url("devices", &[("API-Version", "beta".into())]).unwrap();
        assert_eq!(u.query(), Some("API-Version=beta"));
    }

    #[test]
    fn root_query_becomes_default() {
        let c = Client::builder("https://h/svc?api-version=beta&maxhistorydays=7")
            .query_param("MaxHistoryDays", "3")
            .build()
            .unwrap();
        assert_eq!(c.service_root().as_str(), "https://h/svc");
        assert_eq!(
            c.default_query(),
            [
                ("api-version".to_owned(), "beta".to_owned()),
                ("MaxHistoryDays".to_owned(), "3".to_owned())
            ]
        );
        assert_eq!(
            c.url("dates", &[]).unwrap().query(),
            Some("api-version=beta&MaxHistoryDays=3")
        );
    }

    #[test]
    fn next_links_get_missing_defaults_only() {
        let c = client("https://h/svc");
        let nl = Url::parse("https://h/svc/devices?$skiptoken=abc").unwrap();
        assert_eq!(
            c.complete_next_link(nl).as_str(),
            "https://h/svc/devices?$skiptoken=abc&api-version=v1.0"
        );
        let nl = Url::parse("https://h/svc/devices?api-version=v1.0&$skiptoken=abc").unwrap();
        assert_eq!(c.complete_next_link(nl.clone()), nl);
        let nl = Url::parse("https://h/svc/devices?Api-Version=beta").unwrap();
        assert_eq!(c.complete_next_link(nl.clone()), nl);
    }

    #[test]
    fn bad_configuration() {
        assert!(matches!(
            Client::builder("not a url").build(),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(matches!(
            Client::builder("ftp://h/x").build(),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(matches!(
            Client::builder("https://h").header("bad name", "v").build(),
            Err(Error::InvalidHeader { .. })
        ));
        assert!(matches!(
            Client::builder("https://h")
                .header("x-a", "line\nbreak")
                .build(),
            Err(Error::InvalidHeader { .. })
        ));
    }

    #[test]
    fn snippets() {
        let body = b"{\n  \"a\": 1,\n  \"b\": x\n}";
        assert_eq!(snippet(body, 3, 8), "{\n  \"a\": 1,\n  \"b\": x\n}");
        let long = format!("[{}]", "1,".repeat(100));
        let s = snippet(long.as_bytes(), 1, 101);
        assert_eq!(s.len(), 80);
    }
}
