//! The client: base URL, HTTP connection pool and middleware stack, token
//! source; cheap to clone.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest_middleware::{ClientWithMiddleware, Middleware};

use super::auth::{StaticToken, TokenSource};
use super::call_options::CallOptions;
use super::params::RequestPath;
use super::request::OperationRequest;
use super::retry::{RetryLayer, RetryPolicy};
use super::security::{AuthLayer, Credential, Credentials};

/// The API client. Operations are its async methods; clones share one
/// connection pool, middleware stack and token source.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
    call_options: Option<Arc<CallOptions>>,
}

struct ClientInner {
    base_url: String,
    base_url_chosen: bool,
    http: ClientWithMiddleware,
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
            .field("call_options", &self.call_options)
            .finish()
    }
}

impl Client {
    /// A builder starting from the API's first server: its URL with each
    /// server variable at its default until set on the builder.
    pub fn builder() -> ClientBuilder {
        let mut builder = ClientBuilder::new(crate::SERVER_URL_TEMPLATE);
        builder.base_url_chosen = false;
        builder.server_variables = crate::SERVER_VARIABLES
            .iter()
            .map(|(name, default)| (*name, (*default).to_owned()))
            .collect();
        builder
    }

    /// The base URL every operation path is appended to; operations for which
    /// the API description names a server of their own use that one instead,
    /// unless the base URL was set with [`ClientBuilder::base_url`].
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Where an operation whose description names `server` is sent: to that
    /// server, unless the caller chose the base URL.
    pub(crate) fn base_url_for<'a>(&'a self, server: Option<&'a str>) -> &'a str {
        match server {
            Some(server) if !self.inner.base_url_chosen => server.trim_end_matches('/'),
            _ => &self.inner.base_url,
        }
    }

    /// The HTTP client with its middleware stack, the retry layer outermost.
    pub fn http_client(&self) -> &ClientWithMiddleware {
        &self.inner.http
    }

    /// A client that applies `options` (headers, a timeout, an idempotency
    /// key) to every call made through it, on top of any this one applies.
    /// It shares this client's connections, so it is cheap to make per call:
    /// `client.with_options(CallOptions::new().timeout(..)).some_operation(..)`.
    pub fn with_options(&self, options: CallOptions) -> Client {
        let merged = match &self.call_options {
            Some(current) => current.merged_with(options),
            None => options,
        };
        Client {
            inner: Arc::clone(&self.inner),
            call_options: Some(Arc::new(merged)),
        }
    }

    /// The options every call through this client applies, if any.
    pub(crate) fn call_options(&self) -> Option<&CallOptions> {
        self.call_options.as_deref()
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
        path: impl Into<RequestPath>,
    ) -> OperationRequest<'_> {
        OperationRequest::new(self, method, operation, path)
    }
}

/// Configures a [`Client`].
///
/// The base URL is, in order of precedence: the one set with
/// [`Self::base_url`] (or [`Self::new`]), which every operation uses; else,
/// for an operation whose path or operation lists servers of its own, the
/// first of those; else the API's first server, with the server variables set
/// on this builder and the others at their defaults.
#[derive(Debug)]
pub struct ClientBuilder {
    /// The base URL, or while `base_url_chosen` is false the server URL
    /// template that `server_variables` fill.
    base_url: String,
    base_url_chosen: bool,
    server_variables: Vec<(&'static str, String)>,
    http_client: Option<reqwest::Client>,
    middleware_client: Option<ClientWithMiddleware>,
    middleware: Layers,
    credentials: Credentials,
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

    /// A builder for a server at `base_url`, as if set with [`Self::base_url`].
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            base_url_chosen: true,
            server_variables: Vec::new(),
            http_client: None,
            middleware_client: None,
            middleware: Layers::default(),
            credentials: Credentials::default(),
            timeout: None,
            connect_timeout: Some(Self::DEFAULT_CONNECT_TIMEOUT),
            read_timeout: Some(Self::DEFAULT_READ_TIMEOUT),
            retry_policy: RetryPolicy::default(),
            max_body_size: Self::DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Overrides the base URL (another environment, a mock server) for every
    /// operation, including those the API description sends to a server of
    /// their own; server variables are then ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self.base_url_chosen = true;
        self
    }

    /// Sets the server variable `name`; used by the generated `server_*`
    /// methods, which check the value against the values the API lists.
    #[doc(hidden)]
    pub fn set_server_variable(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.server_variables.iter_mut().find(|(known, _)| *known == name) {
            Some((_, current)) => *current = value,
            None => self.server_variables.push((name, value)),
        }
        self
    }

    /// The base URL: the chosen one, or the server URL template filled in.
    fn resolved_base_url(&self) -> String {
        if self.base_url_chosen {
            return self.base_url.trim_end_matches('/').to_owned();
        }
        let filled = self
            .server_variables
            .iter()
            .fold(self.base_url.clone(), |url, (name, value)| {
                url.replace(&format!("{{{name}}}"), value)
            });
        filled.trim_end_matches('/').to_owned()
    }

    /// Sends `token` as the bearer token of every operation whose security
    /// scheme is HTTP bearer, OAuth 2.0 or OpenID Connect (and of every
    /// operation, where the API description names no security at all).
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Asks `source` for the bearer token before every attempt of a request
    /// that sends one, as for [`Self::bearer_token`].
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.credentials.default_token = Some(Arc::new(source));
        self
    }

    /// The bearer token source of the security scheme `scheme` only (its
    /// name under `components/securitySchemes`), for APIs with several.
    pub fn scheme_token_source(mut self, scheme: &str, source: impl TokenSource + 'static) -> Self {
        let credential = Credential::Token(Arc::new(source));
        self.credentials.by_scheme.insert(scheme.to_owned(), credential);
        self
    }

    /// The API key of the `apiKey` security scheme `scheme`, sent in the
    /// header, query parameter or cookie that the scheme names.
    pub fn api_key(mut self, scheme: &str, key: impl Into<String>) -> Self {
        let credential = Credential::ApiKey(key.into());
        self.credentials.by_scheme.insert(scheme.to_owned(), credential);
        self
    }

    /// The user name and password of the HTTP basic security scheme `scheme`.
    pub fn basic_auth(
        mut self,
        scheme: &str,
        username: impl Into<String>,
        password: Option<String>,
    ) -> Self {
        let credential = Credential::Basic {
            username: username.into(),
            password,
        };
        self.credentials.by_scheme.insert(scheme.to_owned(), credential);
        self
    }

    /// Uses the caller's own `reqwest` client (proxies, TLS roots, pools).
    /// Timeouts set on this builder are then ignored: configure them on `client`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Uses the caller's own client with its middleware stack, as built with
    /// `reqwest_middleware::ClientBuilder`. The retry policy is added as the
    /// innermost layer, so the caller's layers see each call once; layers
    /// added with [`Self::with`] come after it. Timeouts set on this builder
    /// are ignored, and token requests use a client of their own.
    pub fn middleware_client(mut self, client: ClientWithMiddleware) -> Self {
        self.middleware_client = Some(client);
        self
    }

    /// Adds a middleware layer (logging, caching, signing, a test double):
    /// it sees every request, each retry included, and may change it or
    /// answer it. Layers run in the order they are added.
    pub fn with(mut self, middleware: impl Middleware) -> Self {
        self.middleware.0.push(Arc::new(middleware));
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

    /// Builds the client; fails if the HTTP stack cannot be initialised, and,
    /// where the API's server URL is relative or has variables, if the base
    /// URL is not an absolute URL (then set it with [`Self::base_url`]).
    pub fn build(mut self) -> Result<Client, crate::ClientBuildError> {
        let base_url = self.resolved_base_url();
        if let Some(problem) = base_url_problem(&base_url) {
            if let Some(error) = crate::ClientBuildError::unusable_base_url(problem) {
                return Err(error);
            }
        }
        let retry = RetryLayer {
            policy: self.retry_policy.clone(),
        };
        let stack = match self.middleware_client.take() {
            Some(client) => reqwest_middleware::ClientBuilder::from_client(client),
            None => {
                let http = match self.http_client.take() {
                    Some(client) => client,
                    None => plain_client(&self)?,
                };
                for source in self.credentials.token_sources() {
                    source.use_http_client(&http);
                }
                reqwest_middleware::ClientBuilder::new(http)
            }
        };
        let auth = AuthLayer {
            credentials: self.credentials.clone(),
        };
        let stack = stack.with(retry).with(auth);
        let http = self
            .middleware
            .0
            .into_iter()
            .fold(stack, |stack, layer| stack.with_arc(layer))
            .build();
        Ok(Client {
            inner: Arc::new(ClientInner {
                base_url,
                base_url_chosen: self.base_url_chosen,
                http,
                token_source: self.credentials.default_token,
                retry_policy: self.retry_policy,
                max_body_size: self.max_body_size,
            }),
            call_options: None,
        })
    }
}

/// The middleware layers added with [`ClientBuilder::with`], in order.
#[derive(Default)]
struct Layers(Vec<Arc<dyn Middleware>>);

impl fmt::Debug for Layers {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} layers", self.0.len())
    }
}

/// The HTTP client made when the caller brings none, with the builder's timeouts.
fn plain_client(settings: &ClientBuilder) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = reqwest::Client::builder().user_agent(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(timeout) = settings.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = settings.connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(timeout) = settings.read_timeout {
        builder = builder.read_timeout(timeout);
    }
    builder.build()
}

/// Why [`ClientBuilder::build`] failed, for an API whose server URL is
/// relative or has variables.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The HTTP stack could not be initialised.
    Http(reqwest::Error),
    /// The base URL is not an absolute URL: the API description gives only a
    /// path (`/api/v3`), or a server variable was set to a value that breaks it.
    BaseUrl(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(error) => write!(formatter, "cannot initialise the HTTP client: {error}"),
            Self::BaseUrl(message) => formatter.write_str(message),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            Self::BaseUrl(_) => None,
        }
    }
}

impl From<reqwest::Error> for BuildError {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

/// The error types [`ClientBuilder::build`] may return: the generated crate
/// picks [`BuildError`], or `reqwest::Error` where its server URL is fixed and
/// absolute, so that such clients keep the error type they always had.
pub(crate) trait BuildFailure: From<reqwest::Error> {
    /// The error for an unusable base URL; `None` where the type cannot say
    /// it, and a bad URL then fails each call instead.
    fn unusable_base_url(message: String) -> Option<Self>;
}

impl BuildFailure for reqwest::Error {
    fn unusable_base_url(_message: String) -> Option<Self> {
        None
    }
}

impl BuildFailure for BuildError {
    fn unusable_base_url(message: String) -> Option<Self> {
        Some(Self::BaseUrl(message))
    }
}

/// What is wrong with `base_url`, if it cannot be the start of a request URL.
fn base_url_problem(base_url: &str) -> Option<String> {
    match reqwest::Url::parse(base_url) {
        Ok(url) if !url.cannot_be_a_base() => None,
        Ok(_) => Some(format!(
            "the base URL `{base_url}` cannot have paths appended; set the base URL with `ClientBuilder::base_url`"
        )),
        Err(error) => Some(format!(
            "the base URL `{base_url}` is not an absolute URL ({error}); set the base URL with `ClientBuilder::base_url`"
        )),
    }
}
