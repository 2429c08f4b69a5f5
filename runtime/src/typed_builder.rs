//! [`TypedClientBuilder`]: what a generated `Client::builder(url)` returns, so that a user
//! configures and builds the typed client in one expression, depending on the generated
//! crate alone.

use std::time::Duration;

use crate::auth::{ClientCredentials, TokenProvider};
use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Configures the runtime [`Client`] of a generated client `C` and builds `C` from it:
///
/// ```no_run
/// # fn demo() -> Result<(), odata_runtime::Error> {
/// # #[derive(Clone)] struct Client(odata_runtime::Client);
/// # impl Client {
/// #     fn builder(root: &str) -> odata_runtime::TypedClientBuilder<Client> {
/// #         odata_runtime::TypedClientBuilder::new(odata_runtime::Client::builder(root), Client)
/// #     }
/// # }
/// let client: Client = Client::builder("https://example.com/odata")
///     .bearer_token("token")
///     .build()?;
/// # Ok(()) }
/// ```
///
/// Each setter is [`ClientBuilder`]'s of the same name; [`configure`](Self::configure) reaches
/// any other.
#[must_use = "a builder does nothing until `build()`"]
pub struct TypedClientBuilder<C> {
    inner: ClientBuilder,
    wrap: fn(Client) -> C,
}

impl<C> TypedClientBuilder<C> {
    /// Builds `C` by `wrap`ping the client `inner` builds.
    pub fn new(inner: ClientBuilder, wrap: fn(Client) -> C) -> Self {
        TypedClientBuilder { inner, wrap }
    }

    /// Applies `f` to the runtime client builder, for settings this type does not forward.
    pub fn configure(self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        TypedClientBuilder {
            inner: f(self.inner),
            wrap: self.wrap,
        }
    }

    /// Authenticates with a fixed bearer token ([`ClientBuilder::bearer_token`]).
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.configure(|b| b.bearer_token(token))
    }

    /// Authenticates with tokens from `provider` ([`ClientBuilder::token_provider`]).
    pub fn token_provider(self, provider: impl TokenProvider + 'static) -> Self {
        self.configure(|b| b.token_provider(provider))
    }

    /// Authenticates with the Entra ID client-credentials flow
    /// ([`ClientBuilder::client_credentials`]).
    pub fn client_credentials(self, creds: ClientCredentials) -> Self {
        self.configure(|b| b.client_credentials(creds))
    }

    /// Adds a custom query option to every request ([`ClientBuilder::query_param`]).
    pub fn query_param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.configure(|b| b.query_param(name, value))
    }

    /// Adds a header to every request ([`ClientBuilder::header`]).
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.configure(|b| b.header(name, value))
    }

    /// Timeout of each attempt ([`ClientBuilder::timeout`]).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.configure(|b| b.timeout(timeout))
    }

    /// Retry policy for transient failures ([`ClientBuilder::retry_policy`]).
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.configure(|b| b.retry_policy(policy))
    }

    /// Uses this HTTP client ([`ClientBuilder::http_client`]).
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.configure(|b| b.http_client(http))
    }

    /// Asks for `IEEE754Compatible=true` ([`ClientBuilder::ieee754_compatible`]).
    pub fn ieee754_compatible(self, yes: bool) -> Self {
        self.configure(|b| b.ieee754_compatible(yes))
    }

    /// The runtime client builder, for building a runtime [`Client`] instead.
    pub fn into_inner(self) -> ClientBuilder {
        self.inner
    }

    /// Builds the runtime client and the typed client around it.
    pub fn build(self) -> Result<C, Error> {
        self.inner.build().map(self.wrap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Typed(Client);

    #[test]
    fn builds_the_typed_client_with_the_settings_given() {
        let typed = TypedClientBuilder::new(Client::builder("https://h/svc"), Typed)
            .query_param("api-version", "beta")
            .configure(|b| b.query_param("x", "1"))
            .bearer_token("t")
            .build()
            .unwrap();
        assert_eq!(typed.0.service_root().as_str(), "https://h/svc");
        let query: Vec<(&str, &str)> = typed
            .0
            .default_query()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(query, [("api-version", "beta"), ("x", "1")]);
        assert!(
            TypedClientBuilder::new(Client::builder("not a url"), Typed)
                .build()
                .is_err()
        );
    }
}
