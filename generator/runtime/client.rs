//! The client: base URL, HTTP connection pool and token source, cheap to clone.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{StaticToken, TokenSource};
use super::params::RequestPath;
use super::request::OperationRequest;
use super::retry::RetryPolicy;

/// The API client. Operations are its async methods; clones share one
/// connection pool and token source.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    base_url: String,
    http: reqwest::Client,
    token_source: Option<Arc<dyn TokenSource>>,
    retry_policy: RetryPolicy,
    max_body_size: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token_source", &self.inner.token_source)
            .field("retry_policy", &self.inner.retry_policy)
            .field("max_body_size", &self.inner.max_body_size)
            .finish()
    }
}

impl Client {
    /// A builder starting from the API's default base URL.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new(crate::DEFAULT_BASE_URL)
    }

    /// The base URL every operation path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The underlying `reqwest` client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The token source, if the client authenticates.
    pub fn token_source(&self) -> Option<&Arc<dyn TokenSource>> {
        self.inner.token_source.as_ref()
    }

    /// When and how often failed requests are tried again.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// The longest success body a buffered call reads, in bytes.
    pub fn max_body_size(&self) -> usize {
        self.inner.max_body_size
    }

    /// Starts a request for an operation; used by the generated methods.
    #[doc(hidden)]
    pub fn request(
        &self,
        method: reqwest::Method,
        operation: &'static str,
        path_template: &'static str,
        path: impl Into<RequestPath>,
    ) -> OperationRequest<'_> {
        OperationRequest::new(self, method, operation, path_template, path)
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    http_client: Option<reqwest::Client>,
    token_source: Option<Arc<dyn TokenSource>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    retry_policy: RetryPolicy,
    max_body_size: usize,
}

impl ClientBuilder {
    /// The default of [`ClientBuilder::connect_timeout`]: 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default of [`ClientBuilder::read_timeout`]: 60 seconds.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

    /// The default of [`ClientBuilder::max_body_size`]: 32 MiB.
    pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

    /// A builder for a server at `base_url`.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            http_client: None,
            token_source: None,
            timeout: None,
            connect_timeout: Some(Self::DEFAULT_CONNECT_TIMEOUT),
            read_timeout: Some(Self::DEFAULT_READ_TIMEOUT),
            retry_policy: RetryPolicy::default(),
            max_body_size: Self::DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Overrides the base URL (another environment, a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends `token` as a bearer token with every request.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Asks `source` for the bearer token before every request.
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.token_source = Some(Arc::new(source));
        self
    }

    /// Uses the caller's own `reqwest` client (proxies, TLS roots, pools).
    /// Timeouts set on this builder are then ignored: configure them on `client`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Limits the time of a whole request, from connecting to the last body
    /// byte; `None` (the default) sets no such limit, so that a large transfer
    /// that keeps moving is never cut off.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Limits the time to establish a connection; `None` removes the limit.
    /// Default [`Self::DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Limits how long the connection may stay silent while a response is
    /// awaited or read: each read must bring data within this time, however
    /// long the whole transfer takes. `None` removes the limit. Default
    /// [`Self::DEFAULT_READ_TIMEOUT`].
    pub fn read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.read_timeout = timeout.into();
        self
    }

    /// Replaces the default retry policy; [`RetryPolicy::none`] disables retries.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The longest success body that a buffered call (JSON, text or bytes)
    /// reads, in bytes; a longer one is [`Error::BodyTooLarge`](super::Error::BodyTooLarge)
    /// and is not read further. Default [`Self::DEFAULT_MAX_BODY_SIZE`].
    /// Streamed downloads (`ByteStream`) are not limited.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Builds the client; fails only if the HTTP stack cannot be initialised.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut builder = reqwest::Client::builder().user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ));
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                if let Some(timeout) = self.read_timeout {
                    builder = builder.read_timeout(timeout);
                }
                builder.build()?
            }
        };
        if let Some(source) = &self.token_source {
            source.use_http_client(&http);
        }
        Ok(Client {
            inner: Arc::new(ClientInner {
                base_url: self.base_url.trim_end_matches('/').to_owned(),
                http,
                token_source: self.token_source,
                retry_policy: self.retry_policy,
                max_body_size: self.max_body_size,
            }),
        })
    }
}
