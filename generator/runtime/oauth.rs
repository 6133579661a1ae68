//! OAuth 2.0 client-credentials grant (RFC 6749 4.4): a token source that
//! fetches, caches and refreshes access tokens for a service account.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

use super::auth::{AuthError, TokenFuture, TokenSource};
use super::error::snippet;
use super::response::read_at_most;

/// The longest token response read: a token endpoint answers a few hundred bytes.
const TOKEN_RESPONSE_LIMIT: usize = 64 * 1024;

/// Lifetime assumed when the token endpoint does not say (`expires_in` is optional).
const ASSUMED_LIFETIME: Duration = Duration::from_secs(60);

/// Fetches tokens with the client-credentials grant. The token is cached and
/// replaced shortly before it expires; concurrent callers share one fetch.
/// The secret and the tokens never appear in `Debug` output or errors.
pub struct ClientCredentials {
    token_url: Option<String>,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    refresh_margin: Duration,
    http: reqwest::Client,
    /// Held across a fetch, so callers that arrive meanwhile wait for its result.
    cache: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    value: String,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

impl ClientCredentials {
    /// A source for the token URL and scopes the API description declares
    /// (`crate::OAUTH_TOKEN_URL`, `crate::OAUTH_SCOPES`).
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            token_url: crate::OAUTH_TOKEN_URL.map(str::to_owned),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: crate::OAUTH_SCOPES
                .iter()
                .map(|scope| (*scope).to_owned())
                .collect(),
            refresh_margin: Duration::from_secs(30),
            http: reqwest::Client::new(),
            cache: Mutex::new(None),
        }
    }

    /// Uses another token endpoint (another environment, a test server).
    pub fn with_token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// Requests these scopes instead of the documented ones.
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// How long before expiry a token is replaced (at most half its lifetime).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Sends token requests through the caller's `reqwest` client.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    async fn cached_or_fetch(&self) -> Result<String, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache
            .as_ref()
            .filter(|cached| Instant::now() < cached.refresh_at)
        {
            return Ok(cached.value.clone());
        }
        let fresh = self.fetch().await?;
        let value = fresh.value.clone();
        *cache = Some(fresh);
        Ok(value)
    }

    fn token_request_body(&self) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            form.append_pair("scope", &self.scopes.join(" "));
        }
        form.finish()
    }

    async fn fetch(&self) -> Result<CachedToken, AuthError> {
        let token_url = self.token_url.as_deref().ok_or_else(|| {
            AuthError::new(
                "no token URL: the API description declares none, set one with `with_token_url`",
            )
        })?;
        let form = self.token_request_body();
        let requested_at = Instant::now();
        let mut response = self
            .http
            .post(token_url)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            .map_err(|error| {
                AuthError::new(format!("token request to {token_url} failed: {error}"))
            })?;
        let status = response.status();
        let body = read_at_most(&mut response, TOKEN_RESPONSE_LIMIT)
            .await
            .map_err(|error| {
                AuthError::new(format!(
                    "token response from {token_url} was cut off: {error}"
                ))
            })?;
        drop(response);
        if !body.complete && status.is_success() {
            return Err(AuthError::new(format!(
                "token response from {token_url} is longer than {TOKEN_RESPONSE_LIMIT} bytes"
            )));
        }
        let body = body.bytes;
        if !status.is_success() {
            return Err(AuthError::new(format!(
                "token endpoint {token_url} answered {status}: {}",
                snippet(&body)
            )));
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|error| {
            AuthError::new(format!(
                "token endpoint {token_url} sent no usable access_token: {error}"
            ))
        })?;
        let lifetime = token
            .expires_in
            .map_or(ASSUMED_LIFETIME, Duration::from_secs);
        let margin = self.refresh_margin.min(lifetime / 2);
        Ok(CachedToken {
            value: token.access_token,
            refresh_at: requested_at + lifetime - margin,
        })
    }
}

impl TokenSource for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cached_or_fetch())
    }

    fn invalidate(&self, token: &str) -> bool {
        // A fetch in progress holds the lock; its token is new anyway.
        if let Ok(mut cache) = self.cache.try_lock() {
            if cache.as_ref().is_some_and(|cached| cached.value == token) {
                *cache = None;
            }
        }
        true
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}
