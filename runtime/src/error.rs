//! The error type of every fallible operation, and decoding of server error bodies.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Map, Value};

/// Longest error body text kept, in bytes; the rest is cut so a huge HTML error page cannot
/// bloat every `Error` that carries it.
const MAX_BODY_TEXT: usize = 8 * 1024;

/// Everything that can go wrong talking to an OData service.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success HTTP status.
    #[error(transparent)]
    Http(Box<HttpError>),
    /// The request could not be sent or its response could not be read (connection refused,
    /// reset, TLS failure, …), after any retries.
    #[error("{method} {url} failed: {source}")]
    Transport {
        /// HTTP method of the request.
        method: String,
        /// URL of the request.
        url: String,
        /// The underlying error from the HTTP stack.
        #[source]
        source: reqwest::Error,
    },
    /// No complete response arrived within the configured timeout, after any retries.
    #[error("{method} {url} timed out after {timeout:?}")]
    Timeout {
        /// HTTP method of the request.
        method: String,
        /// URL of the request.
        url: String,
        /// The timeout that elapsed.
        timeout: Duration,
    },
    /// A successful response body did not have the expected shape.
    #[error("cannot decode the response of {url} at `{path}`: {message} (near `{snippet}`)")]
    Decode {
        /// URL of the request.
        url: String,
        /// JSON path of the member that failed (`value[3].lastSyncDateTime`), or `.` for the root.
        path: String,
        /// What the decoder said.
        message: String,
        /// A short excerpt of the body around the failure.
        snippet: String,
    },
    /// A next link pointed to another origin (scheme, host or port) than the service root;
    /// it was not requested, so no credentials were sent there.
    #[error("next link {to} (from {from}) leaves the service's origin; not followed")]
    CrossOriginNextLink {
        /// URL of the page that returned the next link.
        from: String,
        /// The offending next link.
        to: String,
    },
    /// A next link (sent by the server, or a saved one passed to
    /// [`CollectionRequest::resume_from`](crate::CollectionRequest::resume_from)) on the
    /// service's origin but outside its root path: not requested.
    #[error("next link {to} is not under the service root {root}; not followed")]
    NextLinkOutsideService {
        /// The service root.
        root: String,
        /// The offending next link.
        to: String,
    },
    /// A next link that was already followed in this stream came back: the server's paging
    /// would never end.
    #[error("next link {0} was already followed in this stream: the server's paging loops")]
    NextLinkLoop(String),
    /// The server kept answering empty pages that each link to yet another page: paging
    /// was stopped rather than followed for ever.
    #[error(
        "{count} consecutive empty pages, the last from {url}, each with a new next link: \
         paging stopped (the server's paging does not end)"
    )]
    EmptyPages {
        /// How many empty pages in a row were fetched.
        count: usize,
        /// URL of the last of them.
        url: String,
    },
    /// A response body was larger than the client's limit
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)).
    #[error("the response of {method} {url} exceeds the limit of {limit} bytes; not read")]
    BodyTooLarge {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The server redirected to another origin (or from https to http); the redirect was
    /// not followed, so nothing was sent there.
    #[error("{method} {url} was redirected to {location}, off the service's origin; not followed")]
    Redirected {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// Where the server redirected to (`Location`), as sent.
        location: String,
    },
    /// Credentials would be sent over plain `http://` to a host other than a loopback one.
    #[error(
        "refusing to send credentials over plain http to {url}: use https (plain http is allowed for loopback hosts only)"
    )]
    InsecureCredentials {
        /// The offending URL.
        url: String,
    },
    /// Obtaining a bearer token failed.
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// A URL could not be built or parsed.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The text that was not a usable URL.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A configured header name or value is not valid HTTP.
    #[error("invalid header `{name}`: {reason}")]
    InvalidHeader {
        /// Header name as given.
        name: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The request cannot be made as configured (e.g. `count()` of a next link).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
    /// A request body (action parameters) could not be serialized.
    #[error("cannot serialize the request body: {0}")]
    Serialize(#[source] serde_json::Error),
}

impl Error {
    /// The HTTP status of an [`Error::Http`] error.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Http(e) => Some(e.status),
            _ => None,
        }
    }

    /// The details of an [`Error::Http`] error.
    pub fn http(&self) -> Option<&HttpError> {
        match self {
            Error::Http(e) => Some(e),
            _ => None,
        }
    }

    /// The server's request id of an [`Error::Http`] error, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.http().and_then(|e| e.request_id.as_deref())
    }

    pub(crate) fn invalid_url(url: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::InvalidUrl {
            url: url.into(),
            reason: reason.to_string(),
        }
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(Box::new(e))
    }
}

/// A non-success HTTP response.
#[derive(Debug)]
#[non_exhaustive]
pub struct HttpError {
    /// The HTTP status.
    pub status: StatusCode,
    /// HTTP method of the request.
    pub method: String,
    /// URL of the request.
    pub url: String,
    /// The server's request id (`request-id`, `x-ms-request-id` or an echoed
    /// `client-request-id` header), if any.
    pub request_id: Option<String>,
    /// The `client-request-id` this client sent, for correlation with the service's logs.
    pub client_request_id: Option<String>,
    /// The delay the server asked for in `Retry-After`, if any.
    pub retry_after: Option<Duration>,
    /// The decoded response body.
    pub body: ErrorBody,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} from {} {}", self.status, self.method, self.url)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        match &self.body {
            ErrorBody::Empty => Ok(()),
            body => write!(f, ": {body}"),
        }
    }
}

impl std::error::Error for HttpError {}

impl HttpError {
    pub(crate) fn new(
        method: &str,
        url: &str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        client_request_id: Option<String>,
    ) -> Self {
        HttpError {
            status,
            method: method.to_owned(),
            url: url.to_owned(),
            request_id: request_id(headers),
            client_request_id,
            retry_after: crate::retry::retry_after(headers),
            body: ErrorBody::decode(body),
        }
    }
}

/// Picks the id the service logged the request under, preferring its own over our echo.
fn request_id(headers: &HeaderMap) -> Option<String> {
    ["request-id", "x-ms-request-id", "client-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_owned)
}

/// The body of an error response, decoded as far as its shape is recognised.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A standard OData error: `{"error": {"code", "message", …}}`.
    OData(ODataError),
    /// The Intune front-end error: `{"_version": 3, "Message": "…", …}`.
    Intune(IntuneError),
    /// Any other body, as text (cut to a few kilobytes).
    Text(String),
    /// No body.
    Empty,
}

impl ErrorBody {
    /// Decodes an error body, falling back to its text so nothing the server said is lost.
    pub fn decode(body: &[u8]) -> Self {
        if body.iter().all(u8::is_ascii_whitespace) {
            return ErrorBody::Empty;
        }
        if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) {
            if let Some(e) = ODataError::from_json(&obj) {
                return ErrorBody::OData(e);
            }
            if let Some(e) = IntuneError::from_json(obj) {
                return ErrorBody::Intune(e);
            }
        }
        ErrorBody::Text(truncate_text(body, MAX_BODY_TEXT))
    }

    /// The server's message, whatever the body's shape.
    pub fn message(&self) -> Option<&str> {
        match self {
            ErrorBody::OData(e) => Some(&e.message),
            ErrorBody::Intune(e) => Some(&e.message),
            ErrorBody::Text(t) => Some(t),
            ErrorBody::Empty => None,
        }
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorBody::OData(e) => e.fmt(f),
            ErrorBody::Intune(e) => e.fmt(f),
            ErrorBody::Text(t) => f.write_str(t),
            ErrorBody::Empty => f.write_str("(empty body)"),
        }
    }
}

/// A standard OData JSON error (OData JSON Format §21).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ODataError {
    /// Service-defined error code.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// What the error refers to, if given.
    pub target: Option<String>,
    /// Further errors, each with code, message and target.
    pub details: Vec<ODataErrorDetail>,
    /// The service-specific `innererror` object, kept as JSON.
    pub innererror: Option<Value>,
}

/// One entry of an OData error's `details`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ODataErrorDetail {
    /// Service-defined error code.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// What the detail refers to, if given.
    pub target: Option<String>,
}

impl ODataError {
    fn from_json(obj: &Map<String, Value>) -> Option<Self> {
        let err = obj.get("error")?.as_object()?;
        if !err.contains_key("code") && !err.contains_key("message") {
            return None;
        }
        let details = err
            .get("details")
            .and_then(Value::as_array)
            .map(|d| {
                d.iter()
                    .filter_map(Value::as_object)
                    .map(|d| ODataErrorDetail {
                        code: text(d.get("code")),
                        message: text(d.get("message")),
                        target: d.get("target").map(|t| text(Some(t))),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(ODataError {
            code: text(err.get("code")),
            message: text(err.get("message")),
            target: err
                .get("target")
                .filter(|t| !t.is_null())
                .map(|t| text(Some(t))),
            details,
            innererror: err.get("innererror").cloned(),
        })
    }
}

impl fmt::Display for ODataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (false, false) => write!(f, "{}: {}", self.code, self.message)?,
            (true, _) => f.write_str(&self.message)?,
            (false, true) => f.write_str(&self.code)?,
        }
        if let Some(t) = &self.target {
            write!(f, " (target {t})")?;
        }
        for d in &self.details {
            write!(f, "; {}: {}", d.code, d.message)?;
        }
        Ok(())
    }
}

/// The Intune front-end error body, which is not an OData error.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct IntuneError {
    /// The `_version` member (3 in observed bodies).
    pub version: Option<i64>,
    /// The `Message` member, e.g. `An error has occurred - Operation ID: …`.
    pub message: String,
    /// The `CustomApiErrorPhrase` member, if present.
    pub custom_api_error_phrase: Option<String>,
    /// The `RetryAfter` member, if present, as sent.
    pub retry_after: Option<Value>,
    /// Every other member (`ErrorSourceService`, `HttpHeaders`, …).
    pub other: Map<String, Value>,
}

impl IntuneError {
    fn from_json(mut obj: Map<String, Value>) -> Option<Self> {
        let key = ["Message", "message"]
            .into_iter()
            .find(|k| obj.get(*k).is_some_and(Value::is_string))?;
        if key == "message" && !obj.contains_key("_version") {
            // A bare `{"message": …}` is too generic to claim as the Intune shape.
            return None;
        }
        let message = text(obj.remove(key).as_ref());
        let version = obj.remove("_version").and_then(|v| v.as_i64());
        let custom_api_error_phrase = obj
            .remove("CustomApiErrorPhrase")
            .filter(|v| !v.is_null())
            .map(|v| text(Some(&v)));
        let retry_after = obj.remove("RetryAfter").filter(|v| !v.is_null());
        Some(IntuneError {
            version,
            message,
            custom_api_error_phrase,
            retry_after,
            other: obj,
        })
    }
}

impl fmt::Display for IntuneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(p) = &self.custom_api_error_phrase {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

/// Failure to obtain a bearer token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A token refresh that this request waited for failed just before; the endpoint was
    /// not asked again for every waiting request. `message` is the failure's own message.
    #[error("token refresh failed (shared by the requests waiting for it): {message}")]
    RefreshFailed {
        /// The message of the failure.
        message: String,
    },
    /// The token endpoint rejected the request (OAuth 2.0 error response).
    #[error("token endpoint {url} answered HTTP {status}: {error}{}", describe(.error_description))]
    TokenEndpoint {
        /// Token endpoint URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// OAuth `error` code, e.g. `invalid_client`.
        error: String,
        /// OAuth `error_description`.
        error_description: Option<String>,
        /// Entra ID `error_codes`.
        error_codes: Vec<i64>,
        /// Entra ID `trace_id`.
        trace_id: Option<String>,
        /// Entra ID `correlation_id`.
        correlation_id: Option<String>,
    },
    /// The token endpoint answered 2xx with a body that is not a token response.
    #[error("token endpoint {url} sent an unusable response: {message}")]
    InvalidResponse {
        /// Token endpoint URL.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// The token request itself failed (transport, timeout, …).
    #[error("token request failed: {0}")]
    Request(#[source] Box<Error>),
    /// A custom [`TokenProvider`](crate::TokenProvider) failed.
    #[error("token provider failed: {0}")]
    Provider(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AuthError {
    /// Wraps any error of a custom token provider.
    pub fn provider(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        AuthError::Provider(e.into())
    }
}

fn describe(d: &Option<String>) -> String {
    d.as_ref().map(|d| format!(" - {d}")).unwrap_or_default()
}

/// JSON scalar as text; some servers send numeric codes.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        // OData 4.0 JSON (like V3) may send `"message": {"lang": "en", "value": "…"}`.
        Some(Value::Object(o)) if o.get("value").is_some_and(Value::is_string) => {
            text(o.get("value"))
        }
        Some(other) => other.to_string(),
    }
}

/// Lossy UTF-8 text of at most `max` bytes, cut on a character boundary.
pub(crate) fn truncate_text(bytes: &[u8], max: usize) -> String {
    let mut s = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned();
    if bytes.len() > max {
        // A cut multi-byte char shows as U+FFFD at the end; drop it.
        if s.ends_with('\u{FFFD}') {
            s.pop();
        }
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odata_error_body() {
        let body = br#"{"error":{"code":"BadRequest","message":"Bad filter","target":"$filter",
            "details":[{"code":"x","message":"y","target":"z"}],"innererror":{"trace":"t"}}}"#;
        let ErrorBody::OData(e) = ErrorBody::decode(body) else {
            panic!("not OData")
        };
        assert_eq!(e.code, "BadRequest");
        assert_eq!(e.message, "Bad filter");
        assert_eq!(e.target.as_deref(), Some("$filter"));
        assert_eq!(e.details.len(), 1);
        assert_eq!(e.details[0].target.as_deref(), Some("z"));
        assert_eq!(e.innererror, Some(serde_json::json!({"trace": "t"})));
        assert_eq!(
            e.to_string(),
            "BadRequest: Bad filter (target $filter); x: y"
        );
    }

    #[test]
    fn odata_error_with_localised_message() {
        let body = br#"{"error":{"code":"1","message":{"lang":"en-US","value":"Nope"}}}"#;
        assert_eq!(ErrorBody::decode(body).message(), Some("Nope"));
    }

    #[test]
    fn intune_error_body() {
        let body = br#"{"_version":3,"Message":"An error has occurred - Operation ID: abc",
            "CustomApiErrorPhrase":"Throttled","RetryAfter":"00:00:30","ErrorSourceService":"FE"}"#;
        let ErrorBody::Intune(e) = ErrorBody::decode(body) else {
            panic!("not Intune")
        };
        assert_eq!(e.version, Some(3));
        assert_eq!(e.message, "An error has occurred - Operation ID: abc");
        assert_eq!(e.custom_api_error_phrase.as_deref(), Some("Throttled"));
        assert_eq!(e.retry_after, Some(Value::from("00:00:30")));
        assert_eq!(e.other.get("ErrorSourceService"), Some(&Value::from("FE")));
    }

    #[test]
    fn other_bodies_are_kept_as_text() {
        assert_eq!(ErrorBody::decode(b""), ErrorBody::Empty);
        assert_eq!(ErrorBody::decode(b" \r\n"), ErrorBody::Empty);
        assert_eq!(
            ErrorBody::decode(b"<html>oops</html>"),
            ErrorBody::Text("<html>oops</html>".into())
        );
        assert_eq!(
            ErrorBody::decode(br#"{"message":"generic"}"#),
            ErrorBody::Text(r#"{"message":"generic"}"#.into())
        );
        let big = "é".repeat(MAX_BODY_TEXT);
        let ErrorBody::Text(t) = ErrorBody::decode(big.as_bytes()) else {
            panic!()
        };
        assert!(t.len() <= MAX_BODY_TEXT + 3 && t.ends_with('…'));
        assert!(!t.contains('\u{FFFD}'));
    }
}
