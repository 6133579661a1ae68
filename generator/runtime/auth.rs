//! Where access tokens come from. The client asks its token source before every
//! request, so a source can cache, refresh and rotate tokens as it sees fit.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AuthError>> + Send + 'a>>;

/// Supplies the bearer token sent with each request.
///
/// Implementations must keep secrets out of their `Debug` output.
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;

    /// Called when the server rejected `token` with 401. Returns whether a fresh
    /// token could differ, in which case the request is retried once.
    fn invalidate(&self, token: &str) -> bool {
        let _ = token;
        false
    }

    /// Whether [`Self::invalidate`] can ever answer `true`. A source that
    /// never refreshes says `false`, and its requests are not copied before
    /// they are sent in case of a 401.
    fn can_refresh(&self) -> bool {
        true
    }

    /// Called when a client is built with this source, with the client's own
    /// `reqwest` client: a source that makes requests of its own should send
    /// them through it, so they get the client's timeouts and TLS settings.
    fn use_http_client(&self, http: &reqwest::Client) {
        let _ = http;
    }
}

/// A shared source, e.g. one token cache used by several clients.
impl<T: TokenSource + ?Sized> TokenSource for std::sync::Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn invalidate(&self, token: &str) -> bool {
        (**self).invalidate(token)
    }

    fn can_refresh(&self) -> bool {
        (**self).can_refresh()
    }

    fn use_http_client(&self, http: &reqwest::Client) {
        (**self).use_http_client(http)
    }
}

/// A fixed bearer token, e.g. one obtained out of band.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn can_refresh(&self) -> bool {
        false
    }
}

/// A token could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    message: String,
    timed_out: bool,
}

impl AuthError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            timed_out: false,
        }
    }

    /// A token request that ran out of time.
    pub fn timed_out(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            timed_out: true,
        }
    }

    /// Whether the token could not be obtained in time.
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for AuthError {}
