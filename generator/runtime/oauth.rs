//! OAuth 2.0 client-credentials grant (RFC 6749 4.4): a token source that
//! fetches, caches and refreshes access tokens for a service account.

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;

use serde::Deserialize;
use tokio::sync::Mutex;

use super::auth::{AuthError, TokenFuture, TokenSource};
use super::client::ClientBuilder;
use super::error::snippet;
use super::response::read_at_most;

/// The longest token response read: a token endpoint answers a few hundred bytes.
const TOKEN_RESPONSE_LIMIT: usize = 64 * 1024;

/// Lifetime assumed when the token endpoint does not say (`expires_in` is optional).
const ASSUMED_LIFETIME: Duration = Duration::from_secs(60);

/// The longest lifetime believed: a token is fetched again at least daily,
/// and an absurd `expires_in` cannot overflow the clock.
const LONGEST_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Default of [`ClientCredentials::with_request_timeout`].
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Fetches tokens with the client-credentials grant. The token is cached and
/// replaced shortly before it expires; concurrent callers share one fetch.
/// The secret and the tokens never appear in `Debug` output or errors.
pub struct ClientCredentials {
    token_url: Option<String>,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    refresh_margin: Duration,
    request_timeout: Duration,
    /// Set by `with_http_client`, or by the client this source is given to,
    /// so token requests share its connection settings and timeouts.
    http: OnceLock<reqwest::Client>,
    /// Held across a fetch (for at most `request_timeout`), so callers that
    /// arrive meanwhile wait for its result.
    cache: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    value: String,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<Duration>,
}

/// `expires_in` as token endpoints send it: a number of seconds, sometimes
/// fractional or negative, sometimes in a string. Anything else is ignored
/// (the assumed lifetime applies) rather than failing the whole token.
fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    let number = match value {
        Some(serde_json::Value::Number(number)) => number.as_f64(),
        Some(serde_json::Value::String(text)) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    Ok(number
        .filter(|seconds| seconds.is_finite())
        .map(|seconds| Duration::from_secs_f64(seconds.clamp(0.0, LONGEST_LIFETIME.as_secs_f64()))))
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
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            http: OnceLock::new(),
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

    /// Sends token requests through this `reqwest` client rather than the one
    /// of the API client this source is given to.
    pub fn with_http_client(self, http: reqwest::Client) -> Self {
        let _ = self.http.set(http);
        self
    }

    /// Limits the time of a whole token request, and of waiting for one in
    /// progress: a token endpoint that hangs delays callers by at most this
    /// (twice, for one that waited on another's request). Default 30 seconds.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The client's `reqwest` client, or one with the client's default timeouts
    /// when this source is used on its own.
    fn http(&self) -> &reqwest::Client {
        self.http.get_or_init(|| {
            reqwest::Client::builder()
                .connect_timeout(ClientBuilder::DEFAULT_CONNECT_TIMEOUT)
                .read_timeout(ClientBuilder::DEFAULT_READ_TIMEOUT)
                .build()
                .unwrap_or_default()
        })
    }

    async fn cached_or_fetch(&self) -> Result<String, AuthError> {
        let limit = self.request_timeout;
        let mut cache = tokio::time::timeout(limit, self.cache.lock())
            .await
            .map_err(|_| {
                AuthError::timed_out(format!(
                    "timed out after {limit:?} waiting for the token request in progress"
                ))
            })?;
        if let Some(cached) = cache
            .as_ref()
            .filter(|cached| Instant::now() < cached.refresh_at)
        {
            return Ok(cached.value.clone());
        }
        let fresh = tokio::time::timeout(limit, self.fetch())
            .await
            .map_err(|_| AuthError::timed_out(format!("the token request timed out after {limit:?}")))??;
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
        let response = self
            .http()
            .post(token_url)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            .map_err(|error| transport_error(token_url, "token request to", &error))?;
        let status = response.status();
        let body = read_at_most(response, TOKEN_RESPONSE_LIMIT)
            .await
            .map_err(|error| transport_error(token_url, "token response from", &error))?;
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
        // The token goes into a header: one that cannot is refused, not cached.
        if HeaderValue::try_from(format!("Bearer {}", token.access_token)).is_err() {
            return Err(AuthError::new(format!(
                "token endpoint {token_url} sent an access_token with characters not allowed in a header"
            )));
        }
        let lifetime = token
            .expires_in
            .unwrap_or(ASSUMED_LIFETIME)
            .min(LONGEST_LIFETIME);
        let margin = self.refresh_margin.min(lifetime / 2);
        Ok(CachedToken {
            value: token.access_token,
            // Fetched again at once if the clock cannot represent the instant.
            refresh_at: requested_at
                .checked_add(lifetime.saturating_sub(margin))
                .unwrap_or(requested_at),
        })
    }
}

/// A failed token request or response, saying "timed out" when it did.
fn transport_error(token_url: &str, what: &str, error: &reqwest::Error) -> AuthError {
    if error.is_timeout() {
        AuthError::timed_out(format!("{what} {token_url} timed out: {error}"))
    } else {
        AuthError::new(format!("{what} {token_url} failed: {error}"))
    }
}

impl TokenSource for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cached_or_fetch())
    }

    fn use_http_client(&self, http: &reqwest::Client) {
        // Kept if `with_http_client` or another client came first.
        let _ = self.http.set(http.clone());
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
