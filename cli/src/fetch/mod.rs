//! Downloading a service's `$metadata`: the request (query options, headers, bearer or Entra ID
//! client-credentials auth), the check that the answer is an OData v4 CSDL document, and its
//! [canonical form](canonicalize), ready to be checked in as a fixture.
//!
//! The client-credentials token comes from the runtime's provider
//! ([`odata_runtime::ClientCredentialsProvider`]), the one generated clients use, so the
//! OAuth exchange is written once. This is a command-line function only; a build script never
//! calls it, so builds stay offline and reproducible.

pub(crate) mod command;

use std::fmt;
use std::path::Path;
use std::sync::Once;
use std::time::Duration;

use odata_runtime::{AuthError, ClientCredentials, ClientCredentialsProvider, TokenProvider};
use reqwest::Url;
use reqwest::blocking::{Client, Response};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

pub use odata_codegen::{CanonicalError, canonicalize};
use odata_codegen::{Diagnostic, check_syntax};

/// The scope asked for by client-credentials auth when none is given: the Intune API.
pub const DEFAULT_SCOPE: &str = "https://api.manage.microsoft.com/.default";

/// How long a request may take when no timeout is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How much of an error response body is quoted in the error message.
const BODY_QUOTE_CHARS: usize = 500;

/// The default limit of a `$metadata` document: Microsoft Graph beta is about 40 MiB; a
/// server sending more is broken or hostile, and would otherwise fill memory.
pub const DEFAULT_MAX_BODY: u64 = 256 * 1024 * 1024;

/// How much of an error response is read.
const MAX_SMALL_BODY: u64 = 64 * 1024;

/// A secret (token, client secret) whose `Debug` output does not show it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Reads a secret from the environment variable `var`.
    pub fn from_env(var: &str) -> Result<Self, FetchError> {
        match std::env::var(var) {
            Ok(value) if !value.is_empty() => Ok(Secret(value)),
            _ => Err(FetchError::EnvVar(var.to_owned())),
        }
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// How the request authenticates.
#[derive(Clone, Debug, Default)]
pub enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// `Authorization: Bearer <token>` with a token the caller already has.
    Bearer(Secret),
    /// A token obtained first with the OAuth 2.0 client-credentials grant.
    ClientCredentials {
        /// The token endpoint, usually [`Auth::entra_token_url`].
        token_url: String,
        /// The application (client) id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
        /// The scope, usually [`DEFAULT_SCOPE`].
        scope: String,
    },
}

impl Auth {
    /// The Entra ID (Azure AD) v2.0 token endpoint of `tenant`.
    pub fn entra_token_url(tenant: &str) -> String {
        format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
    }
}

/// What to download and how.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The service root or its `$metadata` URL.
    pub url: String,
    /// The `api-version` query option, when the service wants one (Intune Data Warehouse).
    pub api_version: Option<String>,
    /// More query options, appended in order.
    pub query: Vec<(String, String)>,
    /// More request headers, in order.
    pub headers: Vec<(String, String)>,
    /// How the request authenticates.
    pub auth: Auth,
    /// Time limit of each request (token and `$metadata`).
    pub timeout: Duration,
    /// Largest `$metadata` body read, in bytes (default [`DEFAULT_MAX_BODY`]).
    pub max_body: u64,
}

impl FetchOptions {
    /// Options for `url` without auth, extra query options or headers.
    pub fn new(url: impl Into<String>) -> Self {
        FetchOptions {
            url: url.into(),
            api_version: None,
            query: Vec::new(),
            headers: Vec::new(),
            auth: Auth::None,
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

/// A downloaded and canonicalized `$metadata` document.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The URL it was downloaded from.
    pub url: Url,
    /// Its canonical text.
    pub canonical: String,
    /// What the reader found in the downloaded text (warnings, and errors that did not stop it).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a download failed. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL is not an absolute http(s) URL.
    #[error("invalid URL `{url}`: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header name or value cannot be sent.
    #[error("invalid header `{name}`: {reason}")]
    Header {
        /// The header name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A secret's environment variable is unset or empty.
    #[error("environment variable `{0}` is not set (or empty or not UTF-8)")]
    EnvVar(String),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// The request could not be sent or its answer not received.
    #[error("{what} {url} failed: {reason}")]
    Request {
        /// Which request.
        what: &'static str,
        /// Where it went.
        url: String,
        /// The transport error and its causes.
        reason: String,
    },
    /// The server answered with a status other than 2xx.
    #[error("{what} {url} returned HTTP {status}: {body}")]
    Status {
        /// Which request.
        what: &'static str,
        /// Where it went.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the response body.
        body: String,
    },
    /// The token endpoint's answer is not JSON with an `access_token`. Its body is never
    /// quoted: it may hold a token in another shape.
    #[error("the token response from {url} has no access_token (body not shown)")]
    Token {
        /// The token endpoint.
        url: String,
    },
    /// The token endpoint refused: its OAuth `error` and `error_description`, never the
    /// body itself.
    #[error("{url} returned HTTP {status}: {error}")]
    TokenStatus {
        /// The token endpoint.
        url: String,
        /// The status code.
        status: u16,
        /// `error: error_description` from a JSON error body, or a note that there was none.
        error: String,
    },
    /// The response body is larger than the limit.
    #[error("{what} {url}: the response exceeds the limit of {limit} bytes; not read")]
    TooLarge {
        /// Which request.
        what: &'static str,
        /// Where it went.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The server redirected to another origin (or from https to http), or the token
    /// endpoint redirected at all; not followed, so nothing was sent there.
    #[error(
        "{what} {url} was redirected to {location}; not followed (redirects are followed within the same origin only, and never for the token endpoint)"
    )]
    Redirected {
        /// Which request.
        what: &'static str,
        /// Where it went.
        url: String,
        /// The `Location` header, as sent.
        location: String,
    },
    /// Credentials would be sent over plain `http://` to a host that is not a loopback one.
    #[error(
        "refusing to send credentials over plain http to {url}: use https (plain http is allowed for loopback hosts only)"
    )]
    Insecure {
        /// The offending URL.
        url: String,
    },
    /// The answer is not an OData v4 CSDL XML document.
    #[error("the response from {url} is not an OData v4 CSDL XML document")]
    NotCsdl {
        /// Where it came from.
        url: String,
        /// What the reader found.
        diagnostics: Vec<Diagnostic>,
    },
    /// The document could not be canonicalized.
    #[error("cannot canonicalize the response from {url}: {source}")]
    Canonical {
        /// Where it came from.
        url: String,
        /// What went wrong, and where.
        source: CanonicalError,
    },
}

/// The `$metadata` URL for `options`: `/$metadata` appended to the path unless it already ends
/// in it, then `api-version` and the extra query options, each replacing an option of the same
/// name already in the URL.
pub fn metadata_url(options: &FetchOptions) -> Result<Url, FetchError> {
    let invalid = |reason: String| FetchError::Url {
        url: options.url.clone(),
        reason,
    };
    let mut url = Url::parse(&options.url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "expected an http or https URL, found scheme `{}`",
            url.scheme()
        )));
    }
    if !url.path().ends_with("/$metadata") {
        url.path_segments_mut()
            .map_err(|()| invalid("the URL cannot have a path".into()))?
            .pop_if_empty()
            .push("$metadata");
    }
    let added: Vec<(&str, &str)> = options
        .api_version
        .iter()
        .map(|v| ("api-version", v.as_str()))
        .chain(options.query.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .collect();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !added.iter().any(|(a, _)| a == k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    // A query given in the URL stays as written unless an option is added.
    if !added.is_empty() {
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .extend_pairs(added);
    }
    Ok(url)
}

/// Downloads the `$metadata` document described by `options` and returns its URL and bytes.
pub fn download(options: &FetchOptions) -> Result<(Url, Vec<u8>), FetchError> {
    let url = metadata_url(options)?;
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/xml"));
    headers.insert("OData-MaxVersion", HeaderValue::from_static("4.01"));
    // A given header replaces a default of the same name (`Accept`); repeated, it repeats.
    let mut given = Vec::new();
    for (name, value) in &options.headers {
        let invalid = |reason: String| FetchError::Header {
            name: name.clone(),
            reason,
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(e.to_string()))?;
        let value = HeaderValue::from_str(value).map_err(|e| invalid(e.to_string()))?;
        if !given.contains(&name) {
            headers.remove(&name);
            given.push(name.clone());
        }
        headers.append(name, value);
    }
    if !matches!(options.auth, Auth::None) {
        refuse_plain_http(&url)?;
    }
    let http = client(options.timeout, same_origin_redirects())?;
    let token = match &options.auth {
        Auth::None => None,
        Auth::Bearer(token) => Some(token.clone()),
        Auth::ClientCredentials {
            token_url,
            client_id,
            client_secret,
            scope,
        } => Some(client_credentials_token(
            options.timeout,
            token_url,
            client_id,
            client_secret,
            scope,
        )?),
    };
    if let Some(token) = token {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                FetchError::Header {
                    name: AUTHORIZATION.to_string(),
                    reason: "the token contains characters not allowed in a header".into(),
                }
            })?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    let what = "GET";
    let response = http
        .get(url.clone())
        .headers(headers)
        .send()
        .map_err(|e| request_error(what, url.as_str(), e))?;
    let response = success(what, url.as_str(), response)?;
    let body = read_bounded(what, url.as_str(), response, options.max_body)?;
    Ok((url, body))
}

/// Downloads the document, checks with the reader ([`check_syntax`]) that it is OData v4 CSDL, and
/// canonicalizes it.
pub fn fetch(options: &FetchOptions) -> Result<Fetched, FetchError> {
    let (url, body) = download(options)?;
    let (is_csdl, diags) = check_syntax(Path::new(url.as_str()), &body);
    if !is_csdl {
        return Err(FetchError::NotCsdl {
            url: url.to_string(),
            diagnostics: diags.into_sorted(),
        });
    }
    // The reader accepted the bytes, so they are UTF-8 (after an optional BOM).
    let text = std::str::from_utf8(&body).expect("the reader accepts only UTF-8");
    let canonical = canonicalize(text).map_err(|source| FetchError::Canonical {
        url: url.to_string(),
        source,
    })?;
    Ok(Fetched {
        url,
        canonical,
        diagnostics: diags.into_sorted(),
    })
}

/// Follows a redirect only within the origin of the first request (same scheme, host and
/// port: never https to http), at most 10 times. reqwest's default follows anywhere, taking
/// custom headers (API keys) along.
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

/// Refuses credentials for a plain `http://` URL unless its host is a loopback one.
fn refuse_plain_http(url: &Url) -> Result<(), FetchError> {
    let host = url.host_str().unwrap_or_default();
    let loopback = match host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let d = host.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
    };
    if url.scheme() == "https" || loopback {
        Ok(())
    } else {
        Err(FetchError::Insecure {
            url: url.to_string(),
        })
    }
}

/// Reads a body up to `limit` bytes: refused at once when `Content-Length` says more, else
/// read until it goes beyond.
fn read_bounded(
    what: &'static str,
    url: &str,
    response: Response,
    limit: u64,
) -> Result<Vec<u8>, FetchError> {
    use std::io::Read;
    let too_large = || FetchError::TooLarge {
        what,
        url: url.to_owned(),
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    response
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|e| FetchError::Request {
            what,
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    if body.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(body)
}

const USER_AGENT: &str = concat!("odata-codegen/", env!("CARGO_PKG_VERSION"));

/// reqwest takes rustls' process-wide provider; one installed earlier by an embedding
/// application wins, which is why the result is ignored.
fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn client(timeout: Duration, redirects: reqwest::redirect::Policy) -> Result<Client, FetchError> {
    install_crypto_provider();
    Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .redirect(redirects)
        .referer(false)
        .build()
        .map_err(|e| FetchError::Client(causes(e)))
}

/// Obtains an access token with the client-credentials grant (RFC 6749 §4.4) through the
/// runtime's provider, on an HTTP client that follows no redirect (a 307/308 would re-send the
/// secret). A token endpoint's body is never quoted: it may hold a token.
fn client_credentials_token(
    timeout: Duration,
    token_url: &str,
    client_id: &str,
    client_secret: &Secret,
    scope: &str,
) -> Result<Secret, FetchError> {
    let parsed = Url::parse(token_url).map_err(|e| FetchError::Url {
        url: token_url.to_owned(),
        reason: e.to_string(),
    })?;
    refuse_plain_http(&parsed)?;
    let creds = ClientCredentials {
        client_id: client_id.to_owned(),
        client_secret: client_secret.expose().to_owned(),
        ..ClientCredentials::default()
    }
    .scope(scope)
    .token_url(token_url);
    install_crypto_provider();
    let http = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .build()
        .map_err(|e| FetchError::Client(causes(e)))?;
    let provider = ClientCredentialsProvider::new(creds, http)
        .map_err(|e| FetchError::Client(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Client(e.to_string()))?;
    runtime
        .block_on(provider.token(false))
        .map(Secret::new)
        .map_err(|e| token_error(token_url, e))
}

/// A failed token request as a fetch error: the status and the OAuth `error` (a redirect is
/// a 3xx status: never followed), the transport failure, or a response without a token.
fn token_error(url: &str, e: AuthError) -> FetchError {
    let url = url.to_owned();
    match e {
        AuthError::TokenEndpoint {
            status,
            error,
            error_description,
            ..
        } => FetchError::TokenStatus {
            url,
            status,
            error: match error_description {
                Some(d) => format!("{error}: {}", quote(d.as_bytes())),
                None => error,
            },
        },
        AuthError::Request(e) => FetchError::Request {
            what: "POST",
            url,
            reason: e.to_string(),
        },
        _ => FetchError::Token { url },
    }
}

fn redirected(what: &'static str, url: &str, response: &Response) -> FetchError {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
        .unwrap_or_default();
    FetchError::Redirected {
        what,
        url: url.to_owned(),
        location,
    }
}

/// `response` if its status is 2xx, else an error quoting the start of its body.
fn success(what: &'static str, url: &str, response: Response) -> Result<Response, FetchError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status.is_redirection() {
        return Err(redirected(what, url, &response));
    }
    // Only the start of an error body is read; it is quoted, not parsed.
    let mut start = Vec::new();
    let _ = std::io::Read::read_to_end(
        &mut std::io::Read::take(response, MAX_SMALL_BODY),
        &mut start,
    );
    let body = quote(&start);
    Err(FetchError::Status {
        what,
        url: url.to_owned(),
        status: status.as_u16(),
        body,
    })
}

/// The start of `body` as one line of text.
fn quote(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(BODY_QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None if line.is_empty() => "(empty body)".into(),
        None => line,
    }
}

fn request_error(what: &'static str, url: &str, e: reqwest::Error) -> FetchError {
    FetchError::Request {
        what,
        url: url.to_owned(),
        reason: causes(e),
    }
}

/// The error and its causes: reqwest's message alone ("error sending request") hides why
/// (connection refused, timed out). The URL is left out; the caller names it.
fn causes(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reason.push_str(": ");
        reason.push_str(&s.to_string());
        source = s.source();
    }
    reason
}
