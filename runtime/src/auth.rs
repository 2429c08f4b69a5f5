//! Bearer tokens: the [`TokenProvider`] trait, a fixed token, and the Microsoft Entra ID
//! client-credentials flow with caching and a shared refresh.

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

use crate::error::{AuthError, Error};
use crate::transport::Transport;

/// Supplies bearer tokens for requests.
///
/// `force_refresh` is true after the service answered 401 to the last token: return a new
/// one (the client then retries the request once). Implemented for closures
/// `Fn(bool) -> impl Future<Output = Result<String, AuthError>>`.
pub trait TokenProvider: Send + Sync {
    /// A bearer token (without the `Bearer ` prefix).
    fn token(&self, force_refresh: bool) -> BoxFuture<'_, Result<String, AuthError>>;

    /// Whether [`token`](Self::token)`(true)` can yield a different token; when false a 401
    /// is returned at once instead of retried.
    fn can_refresh(&self) -> bool {
        true
    }

    /// A replacement for `rejected`, the token the service just answered 401 to. The default
    /// calls [`token`](Self::token)`(true)`; a caching provider can return a token that
    /// another request obtained meanwhile instead of fetching one more, as
    /// [`ClientCredentialsProvider`] does.
    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, AuthError>> {
        let _ = rejected;
        self.token(true)
    }
}

impl<F, Fut> TokenProvider for F
where
    F: Fn(bool) -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, AuthError>> + Send + 'static,
{
    fn token(&self, force_refresh: bool) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(self(force_refresh))
    }
}

/// A fixed token, e.g. one obtained by another tool.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self, _force_refresh: bool) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }

    fn can_refresh(&self) -> bool {
        false
    }
}

/// Scope of the Intune Data Warehouse API (Microsoft Intune API, application permission).
pub const INTUNE_SCOPE: &str = "https://api.manage.microsoft.com/.default";

/// Entra ID public-cloud authority.
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";

/// Settings of the OAuth 2.0 client-credentials flow against Microsoft Entra ID.
#[derive(Clone)]
pub struct ClientCredentials {
    /// Directory (tenant) id or domain.
    pub tenant_id: String,
    /// Application (client) id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Requested scope; defaults to [`INTUNE_SCOPE`].
    pub scope: String,
    /// Authority host; defaults to [`DEFAULT_AUTHORITY`] (change for national clouds).
    pub authority: String,
    /// Full token endpoint URL, overriding `{authority}/{tenant_id}/oauth2/v2.0/token`.
    pub token_url: Option<String>,
    /// How long before expiry a token is replaced (default 5 minutes; at most half the
    /// token's lifetime).
    pub refresh_margin: Duration,
}

impl ClientCredentials {
    /// Credentials with the default scope, authority and margin.
    pub fn new(
        tenant_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials {
            tenant_id: tenant_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            ..Self::default()
        }
    }

    /// Sets the scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Sets the full token endpoint URL.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// The token endpoint this configuration posts to.
    pub fn endpoint(&self) -> Result<Url, Error> {
        let text = match &self.token_url {
            Some(u) => u.clone(),
            None => format!(
                "{}/{}/oauth2/v2.0/token",
                self.authority.trim_end_matches('/'),
                self.tenant_id
            ),
        };
        Url::parse(&text).map_err(|e| Error::invalid_url(text, e))
    }
}

impl Default for ClientCredentials {
    fn default() -> Self {
        ClientCredentials {
            tenant_id: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            scope: INTUNE_SCOPE.to_owned(),
            authority: DEFAULT_AUTHORITY.to_owned(),
            token_url: None,
            refresh_margin: Duration::from_secs(300),
        }
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scope", &self.scope)
            .field("authority", &self.authority)
            .field("token_url", &self.token_url)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

/// A [`TokenProvider`] running the client-credentials flow.
///
/// Tokens are cached until `refresh_margin` before expiry. Concurrent callers wait for a
/// single fetch: each notes the fetch counter (a generation) before waiting, and takes the
/// outcome of any fetch completed meanwhile, the new token or its failure, instead of
/// fetching again. After a 401 a token other than the rejected one is used as is. When a
/// refresh inside the margin fails, the cached token, still valid, is used.
pub struct ClientCredentialsProvider {
    creds: ClientCredentials,
    endpoint: Url,
    transport: Transport,
    state: Mutex<TokenState>,
    /// Fetches completed (a copy of `TokenState::fetches`, readable without the lock).
    fetches: AtomicU64,
}

#[derive(Default)]
struct TokenState {
    token: Option<CachedToken>,
    /// Fetches completed, successful or not: the generation of the cache.
    fetches: u64,
    /// The last fetch's failure message, if it failed.
    failure: Option<String>,
}

struct CachedToken {
    token: String,
    refresh_at: Instant,
    expires_at: Instant,
}

impl CachedToken {
    fn valid(&self, now: Instant, rejected: Option<&str>) -> bool {
        now < self.expires_at && rejected != Some(self.token.as_str())
    }
}

impl fmt::Debug for ClientCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentialsProvider")
            .field("creds", &self.creds)
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

/// Lifetime assumed when a token response omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// Longest lifetime believed; Entra ID tokens live about an hour.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

impl ClientCredentialsProvider {
    /// A provider posting to the credentials' token endpoint with `http`.
    pub fn new(creds: ClientCredentials, http: reqwest::Client) -> Result<Self, Error> {
        Self::with_transport(creds, Transport::new(http))
    }

    pub(crate) fn with_transport(
        creds: ClientCredentials,
        transport: Transport,
    ) -> Result<Self, Error> {
        let endpoint = creds.endpoint()?;
        crate::client::refuse_plain_http(&endpoint)?;
        Ok(ClientCredentialsProvider {
            creds,
            endpoint,
            transport,
            state: Mutex::new(TokenState::default()),
            fetches: AtomicU64::new(0),
        })
    }

    /// A token: the cached one while before its refresh time and not `rejected`, else a
    /// new one. `force` (without a known rejected token) always fetches, unless a fetch
    /// completed while this call waited.
    async fn get(&self, force: bool, rejected: Option<&str>) -> Result<String, AuthError> {
        let generation = self.fetches.load(Ordering::Acquire);
        // Holding the lock across the fetch makes concurrent callers share one fetch.
        let mut state = self.state.lock().await;
        let now = Instant::now();
        if state.fetches > generation {
            // Someone fetched while this call waited: share the outcome.
            match (&state.failure, &state.token) {
                (None, Some(c)) => return Ok(c.token.clone()),
                (Some(_), Some(c)) if c.valid(now, rejected) => return Ok(c.token.clone()),
                (Some(message), _) => {
                    return Err(AuthError::RefreshFailed {
                        message: message.clone(),
                    });
                }
                (None, None) => {}
            }
        }
        if let Some(c) = &state.token
            && !force
            && now < c.refresh_at
            && rejected != Some(c.token.as_str())
        {
            return Ok(c.token.clone());
        }
        self.refresh_locked(&mut state, rejected).await
    }

    /// Fetches a token with the lock held and records the outcome for waiting callers.
    async fn refresh_locked(
        &self,
        state: &mut TokenState,
        rejected: Option<&str>,
    ) -> Result<String, AuthError> {
        let result = crate::trace::in_span!(
            ::tracing::debug_span!(
                "odata.token",
                endpoint = self.endpoint.path(),
                generation = state.fetches + 1,
                outcome = ::tracing::field::Empty,
            ),
            self.fetch(),
            |span: &::tracing::Span, out: &Result<CachedToken, AuthError>| {
                span.record("outcome", if out.is_ok() { "ok" } else { "failed" });
            }
        );
        state.fetches += 1;
        self.fetches.store(state.fetches, Ordering::Release);
        match result {
            Ok(fresh) => {
                let token = fresh.token.clone();
                state.token = Some(fresh);
                state.failure = None;
                Ok(token)
            }
            Err(e) => {
                state.failure = Some(e.to_string());
                match &state.token {
                    // Inside the refresh margin the old token still works.
                    Some(c) if c.valid(Instant::now(), rejected) => {
                        crate::trace::event!(warn, error = %e, "token refresh failed; the cached token is still valid and used");
                        Ok(c.token.clone())
                    }
                    _ => Err(e),
                }
            }
        }
    }

    async fn fetch(&self) -> Result<CachedToken, AuthError> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", &self.creds.client_id)
            .append_pair("client_secret", &self.creds.client_secret)
            .append_pair("scope", &self.creds.scope)
            .finish();
        let build = || {
            self.transport
                .http
                .post(self.endpoint.clone())
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .body(form.clone())
        };
        let fetched_at = Instant::now();
        // Token requests have no side effects, so they are retried like GETs.
        let resp = self
            .transport
            .send(&Method::POST, &self.endpoint, true, &build)
            .await
            .map_err(|e| AuthError::Request(Box::new(e)))?;
        let url = self.endpoint.to_string();
        if !resp.status.is_success() {
            return Err(token_error(url, resp.status.as_u16(), &resp.body));
        }
        let body: TokenResponse =
            serde_json::from_slice(&resp.body).map_err(|e| AuthError::InvalidResponse {
                url: url.clone(),
                message: e.to_string(),
            })?;
        if body.access_token.is_empty() {
            return Err(AuthError::InvalidResponse {
                url,
                message: "empty access_token".into(),
            });
        }
        // Capped so that an absurd `expires_in` cannot overflow `Instant` arithmetic.
        let lifetime = body
            .expires_in
            .map_or(DEFAULT_LIFETIME, |s| Duration::from_secs(s.0))
            .min(MAX_LIFETIME);
        let margin = self.creds.refresh_margin.min(lifetime / 2);
        Ok(CachedToken {
            token: body.access_token,
            refresh_at: fetched_at + (lifetime - margin),
            expires_at: fetched_at + lifetime,
        })
    }
}

impl TokenProvider for ClientCredentialsProvider {
    fn token(&self, force_refresh: bool) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(self.get(force_refresh, None))
    }

    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(self.get(false, Some(rejected)))
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    // The v1 endpoint sends `"3599"`, the v2 endpoint `3599`.
    expires_in: Option<crate::edm::Edm<u64>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenErrorBody {
    error: Option<String>,
    error_description: Option<String>,
    error_codes: Vec<i64>,
    trace_id: Option<String>,
    correlation_id: Option<String>,
}

fn token_error(url: String, status: u16, body: &[u8]) -> AuthError {
    match serde_json::from_slice::<TokenErrorBody>(body) {
        Ok(b) if b.error.is_some() => AuthError::TokenEndpoint {
            url,
            status,
            error: b.error.unwrap_or_default(),
            error_description: b.error_description,
            error_codes: b.error_codes,
            trace_id: b.trace_id,
            correlation_id: b.correlation_id,
        },
        _ => AuthError::TokenEndpoint {
            url,
            status,
            error: format!("http_{status}"),
            // Not an OAuth error body: never quoted, since a token endpoint's answer in an
            // unexpected shape may hold a token.
            error_description: Some("no OAuth error in the body (body not shown)".into()),
            error_codes: Vec::new(),
            trace_id: None,
            correlation_id: None,
        },
    }
}
