//! The one error type of every operation.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::auth::AuthError;
use super::security::AuthFailure;

/// How many bytes of an unexpected body an error keeps for diagnosis.
pub(crate) const SNIPPET_LIMIT: usize = 2048;

/// How much of an error response's body is read: enough for any problem
/// document, while a server that sends without end costs no more.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Why an operation failed. `E` is the body type of the API's error responses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The request was not sent: it breaks a rule of the API description or
    /// could not be encoded.
    InvalidRequest {
        operation: &'static str,
        message: String,
    },
    /// No access token could be obtained.
    Auth {
        operation: &'static str,
        source: AuthError,
    },
    /// The request got no complete answer: connection, TLS or timeout.
    Transport {
        operation: &'static str,
        source: reqwest::Error,
    },
    /// A middleware layer added to the client failed the request.
    Middleware {
        operation: &'static str,
        source: anyhow::Error,
    },
    /// The server answered with a status the operation does not treat as success.
    Api(Box<ApiError<E>>),
    /// The server answered with success, but its body is longer than the
    /// client's limit ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size));
    /// it was not read further.
    BodyTooLarge {
        operation: &'static str,
        status: StatusCode,
        limit: usize,
    },
    /// The server answered with success, but the body is not what the API describes.
    Decode {
        operation: &'static str,
        status: StatusCode,
        source: serde_json::Error,
        snippet: String,
    },
}

/// An error response: its status, headers and body, decoded when possible.
#[derive(Debug)]
pub struct ApiError<E> {
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body decoded as the API's error type, when it is JSON of that shape.
    pub body: Option<E>,
    /// The start of the raw body, for diagnosis when `body` is `None`.
    pub snippet: String,
}

impl<E> Error<E> {
    /// A request the middleware stack could not complete: the transport's own
    /// failure, or a layer's.
    pub(crate) fn from_transport(
        operation: &'static str,
        error: reqwest_middleware::Error,
    ) -> Self {
        match error {
            reqwest_middleware::Error::Reqwest(source) => Error::Transport { operation, source },
            reqwest_middleware::Error::Middleware(error) => match AuthFailure::from_middleware(error) {
                Ok(AuthFailure::Token(source)) => Error::Auth { operation, source },
                Ok(AuthFailure::Invalid(message)) => Error::InvalidRequest { operation, message },
                Err(source) => Error::Middleware { operation, source },
            },
        }
    }

    /// The operationId of the failed call.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Auth { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Middleware { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Decode { operation, .. } => operation,
            Error::Api(api) => api.operation,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status(),
            Error::InvalidRequest { .. } | Error::Auth { .. } | Error::Middleware { .. } => None,
        }
    }

    /// Whether the call failed because a timeout of the client ran out
    /// (connecting, a silent connection, the whole request) or the token
    /// request did.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport { source, .. } => source.is_timeout(),
            Error::Auth { source, .. } => source.is_timeout(),
            _ => false,
        }
    }

    /// The decoded error body (for problem+json APIs, the problem details).
    pub fn error_body(&self) -> Option<&E> {
        match self {
            Error::Api(api) => api.body.as_ref(),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { operation, message } => {
                write!(formatter, "{operation}: invalid request: {message}")
            }
            Error::Auth { operation, source } => {
                write!(formatter, "{operation}: could not obtain an access token: {source}")
            }
            Error::Transport { operation, source } if source.is_timeout() => {
                write!(formatter, "{operation}: request timed out: {source}")
            }
            Error::Transport { operation, source } => {
                write!(formatter, "{operation}: request failed: {source}")
            }
            Error::Middleware { operation, source } => {
                write!(formatter, "{operation}: a middleware layer failed the request: {source}")
            }
            Error::Api(api) => {
                write!(formatter, "{}: the server answered {}", api.operation, api.status)?;
                if !api.snippet.is_empty() {
                    write!(formatter, ": {}", api.snippet)?;
                }
                Ok(())
            }
            Error::BodyTooLarge {
                operation,
                status,
                limit,
            } => write!(
                formatter,
                "{operation}: the {status} response body is larger than the client's limit of {limit} bytes"
            ),
            Error::Decode {
                operation,
                status,
                source,
                snippet,
            } => write!(
                formatter,
                "{operation}: could not decode the {status} response ({source}); body starts: {snippet}"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Auth { source, .. } => Some(source),
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::Middleware { source, .. } => Some(source.as_ref()),
            Error::InvalidRequest { .. } | Error::Api(_) | Error::BodyTooLarge { .. } => None,
        }
    }
}

/// The first [`SNIPPET_LIMIT`] bytes of a body as text, cut at a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT)]);
    text.trim_end_matches('\u{fffd}').to_owned()
}
