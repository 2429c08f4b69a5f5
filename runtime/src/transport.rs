//! One logical HTTP exchange: send, read the body, and retry transient failures.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use url::Url;

use crate::error::Error;
use crate::retry::{RetryPolicy, retry_after};

/// Longest error body read; the rest is not needed to explain the error.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Default per-attempt timeout.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The HTTP client with its timeout and retry policy.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

/// A fully read response.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// URL the response came from (after redirects).
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// How one attempt failed before a response was read.
enum AttemptError {
    Timeout,
    /// Whether the request certainly never reached the server.
    Transport {
        error: reqwest::Error,
        unsent: bool,
    },
}

impl Transport {
    /// A transport with the default timeout and retry policy.
    pub(crate) fn new(http: reqwest::Client) -> Self {
        Transport {
            http,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// Sends the request `build` makes (afresh for every attempt) until it gets a response
    /// that is not retried, and returns it whatever its status.
    pub(crate) async fn send(
        &self,
        method: &Method,
        url: &Url,
        idempotent: bool,
        build: &(dyn Fn() -> RequestBuilder + Send + Sync),
    ) -> Result<RawResponse, Error> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.attempt(build().timeout(self.timeout)).await;
            let (retryable, hint) = match &result {
                Ok(r) => {
                    let hint = retry_after(&r.headers);
                    let ok = RetryPolicy::retryable_status(r.status, idempotent, hint.is_some());
                    (ok, hint)
                }
                Err(AttemptError::Timeout) => (idempotent && self.retry.retries_timeouts(), None),
                Err(AttemptError::Transport { unsent, .. }) => (idempotent || *unsent, None),
            };
            let delay = retryable
                .then(|| self.retry.delay(attempt, started.elapsed(), hint))
                .flatten();
            match (delay, result) {
                (Some(d), _) => tokio::time::sleep(d).await,
                (None, Ok(r)) => return Ok(r),
                (None, Err(AttemptError::Timeout)) => {
                    return Err(Error::Timeout {
                        method: method.to_string(),
                        url: url.to_string(),
                        timeout: self.timeout,
                    });
                }
                (None, Err(AttemptError::Transport { error, .. })) => {
                    return Err(Error::Transport {
                        method: method.to_string(),
                        url: url.to_string(),
                        source: error.without_url(),
                    });
                }
            }
        }
    }

    async fn attempt(&self, req: RequestBuilder) -> Result<RawResponse, AttemptError> {
        let mut resp = req.send().await.map_err(|e| classify(e, true))?;
        let status = resp.status();
        let url = resp.url().clone();
        let headers = std::mem::take(resp.headers_mut());
        let body = if status.is_success() {
            resp.bytes().await.map_err(|e| classify(e, false))?
        } else {
            // Error bodies are only read up to a bound; a failure reading one still
            // leaves the status to report.
            let mut buf = Vec::new();
            while buf.len() < MAX_ERROR_BODY {
                match resp.chunk().await {
                    Ok(Some(chunk)) => buf.extend_from_slice(&chunk),
                    Ok(None) | Err(_) => break,
                }
            }
            buf.truncate(MAX_ERROR_BODY);
            Bytes::from(buf)
        };
        Ok(RawResponse {
            url,
            status,
            headers,
            body,
        })
    }
}

fn classify(error: reqwest::Error, sending: bool) -> AttemptError {
    if error.is_timeout() {
        AttemptError::Timeout
    } else {
        AttemptError::Transport {
            unsent: sending && error.is_connect(),
            error,
        }
    }
}
