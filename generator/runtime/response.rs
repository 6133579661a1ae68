//! What operations take and give besides models: uploads, typed responses
//! with their status and headers, and streamed bodies.

use std::fmt;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{Stream, TryStream};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A successful response: the decoded body plus status and headers
/// (`Location`, `Retry-After`, ...). Dereferences to the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// A body read up to a limit: what arrived, and whether that was all of it.
pub(crate) struct LimitedBody {
    pub(crate) bytes: Bytes,
    pub(crate) complete: bool,
}

/// Reads at most `limit` bytes of `response`'s body. A longer body is not
/// read further: dropping the response then closes its connection instead of
/// draining it, so a server that sends without end costs at most `limit`.
pub(crate) async fn read_at_most(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<LimitedBody, reqwest::Error> {
    match response.content_length().map(usize::try_from) {
        Some(Ok(length)) if length <= limit => {
            // HTTP framing ends the body at the announced length, so reading
            // it whole is bounded, and takes it without copying.
            return Ok(LimitedBody {
                bytes: response.bytes().await?,
                complete: true,
            });
        }
        Some(_) => {
            return Ok(LimitedBody {
                bytes: Bytes::new(),
                complete: false,
            })
        }
        None => {}
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok(LimitedBody {
                bytes: body.into(),
                complete: false,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(LimitedBody {
        bytes: body.into(),
        complete: true,
    })
}

/// A response body read chunk by chunk, never held whole in memory.
pub struct ByteStream(Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>);

impl ByteStream {
    pub(crate) fn from_response(response: reqwest::Response) -> Self {
        Self(Box::pin(response.bytes_stream()))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(context)
    }
}

/// A binary request body with its media type, from memory or from a stream.
pub struct Upload {
    pub(crate) content_type: String,
    pub(crate) body: reqwest::Body,
    pub(crate) length: Option<u64>,
}

impl Upload {
    /// Bytes already in memory, e.g. `Upload::new("application/pdf", pdf)`.
    pub fn new(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            content_type: content_type.into(),
            length: Some(bytes.len() as u64),
            body: reqwest::Body::from(bytes),
        }
    }

    /// Any stream of chunks (a file, a socket), sent as it is read.
    pub fn from_stream<S>(content_type: impl Into<String>, stream: S) -> Self
    where
        S: TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Self {
            content_type: content_type.into(),
            body: reqwest::Body::wrap_stream(stream),
            length: None,
        }
    }

    /// Declares the stream's length, sent as `Content-Length` instead of chunked encoding.
    pub fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    pub fn content_type(&self) -> &str {
        &self.content_type
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Upload")
            .field("content_type", &self.content_type)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}
