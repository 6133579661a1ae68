//! Building, sending and decoding one operation call.

use std::time::Instant;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{
    ACCEPT,
    HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, COOKIE,
};
use reqwest::{Method, StatusCode};
use reqwest_middleware::RequestBuilder;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use super::client::Client;
use super::error::{snippet, ApiError, Error, ERROR_BODY_LIMIT};
use super::multipart::{FileContent, FileParts, MultipartForm};
use super::params::{query_pairs, scalar_text, Explode, ParamStyle, RequestPath};
use super::response::{read_at_most, ByteStream, ResponseValue, Upload};
use super::security::{Scheme, Security};
use super::validate::Violations;

/// Query, header and cookie parameters that add themselves to a request:
/// the generated parameter structs, each written once however many
/// operations share it.
pub trait Parameters {
    fn apply<'a>(&self, request: OperationRequest<'a>) -> OperationRequest<'a>;
}

/// Where a parameter goes and, in the query, how it is written: what the
/// `parameters!` lines name for each field (`Placement::Query`, or
/// `Placement::Query.styled(..)` for another style than exploded form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    place: Place,
    style: ParamStyle,
    explode: Explode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Query,
    Header,
    Cookie,
}

// Named as the locations are in the API description and in dispatch
// arguments, so that one name in a `parameters!` line serves both.
#[allow(non_upper_case_globals)]
impl Placement {
    /// In the query string, exploded form (the default style).
    pub const Query: Self = Self::new(Place::Query);
    /// In a header (simple style).
    pub const Header: Self = Self::new(Place::Header);
    /// In the `Cookie` header (form style).
    pub const Cookie: Self = Self::new(Place::Cookie);

    const fn new(place: Place) -> Self {
        Self {
            place,
            style: ParamStyle::Form,
            explode: Explode::Yes,
        }
    }

    /// The same place in another style (query parameters).
    pub const fn styled(self, style: ParamStyle, explode: Explode) -> Self {
        Self {
            place: self.place,
            style,
            explode,
        }
    }
}

/// `Parameters` for a generated parameter struct, and with the `dispatch`
/// feature how it reads itself from dispatch arguments, from one entry per
/// field: its place, wire name, field, whether dispatch requires it, and for
/// a query parameter in another style than exploded form, that style:
/// `parameters!(ListParams { Query "limit" limit optional, Header "X-Trace" trace required, Query "tags" tags optional [PipeDelimited No] });`.
/// Spelled out, each was a line per field, twice.
// An API without query, header or cookie parameters leaves it unused.
#[allow(unused_macros)]
macro_rules! parameters {
    (
        $name:ident {
            $($place:ident $wire:literal $field:ident $read:ident $([$style:ident $explode:ident])?),* $(,)?
        }
    ) => {
        impl crate::runtime::Parameters for $name {
            fn apply<'a>(
                &self,
                request: crate::runtime::OperationRequest<'a>,
            ) -> crate::runtime::OperationRequest<'a> {
                request
                    $(.parameter(
                        crate::runtime::Placement::$place
                            $(.styled(crate::runtime::ParamStyle::$style, crate::runtime::Explode::$explode))?,
                        $wire,
                        &self.$field,
                    ))*
            }
        }

        // (One line: the client generated as one module, which has no
        // dispatch, reads a line of this attribute alone as the start of an
        // item to leave out.)
        #[cfg(feature = "dispatch")] impl $name {
            /// The parameters as dispatch arguments give them.
            pub(crate) fn from_arguments(
                args: &crate::runtime::DispatchArguments,
            ) -> ::std::result::Result<Self, crate::runtime::DispatchError> {
                ::std::result::Result::Ok(Self {
                    $($field: args.$read(crate::runtime::Location::$place, $wire)?,)*
                })
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use parameters;

/// A request being assembled by a generated operation method.
///
/// Encoding problems are remembered and reported when the request is sent,
/// so the builder chain stays free of `?`.
#[derive(Debug)]
pub struct OperationRequest<'a> {
    client: &'a Client,
    method: Method,
    operation: &'static str,
    path_template: &'static str,
    path: String,
    server: Option<&'static str>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Body>,
    multipart: Option<MultipartForm>,
    form: Option<Vec<(String, String)>>,
    security: Option<&'static [&'static [Scheme]]>,
    invalid: Option<String>,
}

#[derive(Debug)]
enum Body {
    Buffered { content_type: String, bytes: Bytes },
    Upload(Upload),
}

impl<'a> OperationRequest<'a> {
    pub(crate) fn new(
        client: &'a Client,
        method: Method,
        operation: &'static str,
        path: impl Into<RequestPath>,
    ) -> Self {
        let path = path.into();
        let path_template = path.template();
        let (path, invalid) = match path.into_result() {
            Ok(path) => (path, None),
            Err(message) => (String::new(), Some(message)),
        };
        Self {
            client,
            method,
            operation,
            path_template,
            path,
            server: None,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            multipart: None,
            form: None,
            security: None,
            invalid,
        }
    }

    /// The operation's `security` requirement: alternatives, each a set of
    /// schemes applied together (an empty one: no credentials).
    pub fn security(mut self, alternatives: &'static [&'static [Scheme]]) -> Self {
        self.security = Some(alternatives);
        self
    }

    /// Sends the request to `server`, the one the API description names for
    /// this operation, unless the caller chose the base URL.
    pub fn server(mut self, server: &'static str) -> Self {
        self.server = Some(server);
        self
    }

    fn reject(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// Checks the API description's constraints; a violation stops the request
    /// before anything is sent.
    pub fn check(mut self, check: impl FnOnce(&mut Violations)) -> Self {
        if let Err(message) = Violations::collect(check) {
            self.reject(message);
        }
        self
    }

    /// Adds an operation's query, header and cookie parameters.
    pub fn params(self, params: &impl Parameters) -> Self {
        params.apply(self)
    }

    /// Adds a query parameter in form style, exploded (the default); `None`
    /// values add nothing.
    pub fn query<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.styled_query(name, value, ParamStyle::Form, Explode::Yes)
    }

    /// Adds a parameter where `placement` says; `None` values add nothing.
    pub fn parameter<T: Serialize + ?Sized>(self, placement: Placement, name: &str, value: &T) -> Self {
        match placement.place {
            Place::Query => self.styled_query(name, value, placement.style, placement.explode),
            Place::Header => self.header(name, value),
            Place::Cookie => self.cookie(name, value),
        }
    }

    /// Adds a query parameter in `style`; `None` values add nothing.
    pub fn styled_query<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
        explode: Explode,
    ) -> Self {
        match query_pairs(name, value, style, explode) {
            Ok(pairs) => self.query.extend(pairs),
            Err(error) => self.reject(format!("query parameter `{name}`: {error}")),
        }
        self
    }

    /// Adds a header parameter (simple style); `None` values add nothing.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let Some(text) = simple_text(value) else {
            return self;
        };
        match (HeaderName::try_from(name), HeaderValue::try_from(text)) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => self.reject(format!(
                "header parameter `{name}` is not a valid header value"
            )),
        }
        self
    }

    /// Adds a cookie parameter; `None` values add nothing.
    ///
    /// The value is percent-encoded (`;`, `,`, spaces, quotes, backslashes,
    /// `%`, controls and non-ASCII), so it cannot end its cookie early and add
    /// another, nor break the header; array items stay comma-separated. A name
    /// that is not an HTTP token is refused.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let Some(text) = cookie_text(value) else {
            return self;
        };
        // Header names are exactly the HTTP tokens, which cookie names must be.
        if HeaderName::try_from(name).is_ok() {
            self.cookies.push(format!("{name}={text}"));
        } else {
            self.reject(format!("cookie parameter `{name}` is not a valid cookie name"));
        }
        self
    }

    /// Sends `body` as JSON with the media type the API describes.
    pub fn json_body<T: Serialize + ?Sized>(mut self, media_type: &str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Body::Buffered {
                    content_type: media_type.to_owned(),
                    bytes: bytes.into(),
                });
            }
            Err(error) => self.reject(format!("request body: {error}")),
        }
        self
    }

    /// Sends `body` as `application/x-www-form-urlencoded`.
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match form_pairs(body) {
            Ok(pairs) => self.body = Some(url_encoded(pairs)),
            Err(error) => self.reject(format!("request body: {error}")),
        }
        self
    }

    /// Adds a field to an `application/x-www-form-urlencoded` body (arrays: one
    /// pair per item); `None` adds none. Fields keep the order they are added in.
    pub fn form_field<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match query_pairs(name, value, ParamStyle::Form, Explode::Yes) {
            Ok(pairs) => self.form.get_or_insert_with(Vec::new).extend(pairs),
            Err(error) => self.reject(format!("form field `{name}`: {error}")),
        }
        self
    }

    /// Sends `body`'s fields as the text parts of a `multipart/form-data` body.
    pub fn multipart_body<T: Serialize + ?Sized>(self, body: &T) -> Self {
        let pairs = form_pairs(body).map_err(|error| format!("request body: {error}"));
        self.add_text_parts(pairs)
    }

    /// Adds a text part to a `multipart/form-data` body (arrays: one part per
    /// item); `None` adds none.
    pub fn multipart_text<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let pairs = query_pairs(name, value, ParamStyle::Form, Explode::Yes)
            .map_err(|error| format!("multipart field `{name}`: {error}"));
        self.add_text_parts(pairs)
    }

    fn add_text_parts(mut self, pairs: Result<Vec<(String, String)>, String>) -> Self {
        match pairs {
            Ok(pairs) => {
                let form = self.multipart.get_or_insert_with(MultipartForm::default);
                for (name, value) in pairs {
                    form.text(&name, value);
                }
            }
            Err(message) => self.reject(message),
        }
        self
    }

    /// Adds a file part to a `multipart/form-data` body; `None` adds none.
    pub fn multipart_file<T: FileContent + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let form = self.multipart.get_or_insert_with(MultipartForm::default);
        if let Some(content) = value.file_content() {
            form.file(name, content);
        }
        self
    }

    /// Adds one file part named `name` per item: an array of binary.
    pub fn multipart_files<T: FileParts + ?Sized>(mut self, name: &str, values: &T) -> Self {
        let form = self.multipart.get_or_insert_with(MultipartForm::default);
        for content in values.file_parts() {
            form.file(name, content);
        }
        self
    }

    /// Sends raw bytes (or a stream) with the upload's media type.
    pub fn upload(mut self, upload: Upload) -> Self {
        self.body = Some(Body::Upload(upload));
        self
    }

    /// Sends the request and decodes a JSON body. Asks for JSON (`Accept`),
    /// unless the operation or the caller asks otherwise: a server that
    /// offers the same resource as XML too may otherwise send its first.
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(
        mut self,
    ) -> Result<ResponseValue<T>, Error<E>> {
        self.headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        self.send_by_status(|_, body| serde_json::from_slice(body))
            .await
    }

    /// Sends the request and decodes the body by the response's status, for
    /// operations whose success statuses carry different bodies.
    pub async fn send_by_status<T, E: DeserializeOwned>(
        self,
        decode: impl FnOnce(u16, &Bytes) -> Result<T, serde_json::Error>,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let operation = self.operation;
        let (status, headers, bytes) = self.send_buffered().await?.into_parts();
        let body = decode(status.as_u16(), &bytes).map_err(|source| Error::Decode {
            operation,
            status,
            source,
            snippet: snippet(&bytes),
        })?;
        Ok(ResponseValue::new(status, headers, body))
    }

    /// Sends the request and discards any body.
    pub async fn send_empty<E: DeserializeOwned>(self) -> Result<ResponseValue<()>, Error<E>> {
        let (status, headers, _) = take_head(self.execute().await?);
        Ok(ResponseValue::new(status, headers, ()))
    }

    /// Sends the request and buffers the whole body.
    pub async fn send_bytes<E: DeserializeOwned>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        self.send_buffered().await
    }

    async fn send_buffered<E: DeserializeOwned>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        let operation = self.operation;
        let limit = self.client.max_body_size();
        let (status, headers, response) = take_head(self.execute().await?);
        let body = read_at_most(response, limit)
            .await
            .map_err(|source| Error::Transport { operation, source })?;
        if !body.complete {
            return Err(Error::BodyTooLarge {
                operation,
                status,
                limit,
            });
        }
        Ok(ResponseValue::new(status, headers, body.bytes))
    }

    /// Sends the request and reads the body as UTF-8 text.
    pub async fn send_text<E: DeserializeOwned>(self) -> Result<ResponseValue<String>, Error<E>> {
        let (status, headers, bytes) = self.send_buffered().await?.into_parts();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(ResponseValue::new(status, headers, text))
    }

    /// Sends the request and hands the body over as a stream.
    pub async fn send_stream<E: DeserializeOwned>(
        self,
    ) -> Result<ResponseValue<ByteStream>, Error<E>> {
        let (status, headers, response) = take_head(self.execute().await?);
        Ok(ResponseValue::new(
            status,
            headers,
            ByteStream::from_response(response),
        ))
    }

    /// Sends the request, retrying as the client's [`RetryPolicy`] allows and
    /// once more after a 401 when the token source can offer a fresh token; a
    /// final non-success status becomes [`Error::Api`].
    ///
    /// Each call is one `http_request` span carrying the operation id, method,
    /// path template, attempt, status and latency; never bodies or tokens.
    async fn execute<E: DeserializeOwned>(self) -> Result<reqwest::Response, Error<E>> {
        let span = tracing::info_span!(
            "http_request",
            operation = self.operation,
            method = %self.method,
            path = self.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self.send_with_retries().instrument(span.clone()).await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(response) => span.record("status", response.status().as_u16()),
            Err(error) => span.record("status", error.status().map_or(0, |status| status.as_u16())),
        };
        result
    }

    /// Sends through the client's middleware stack: the retry layer, then
    /// the credentials, then the caller's layers.
    async fn send_with_retries<E: DeserializeOwned>(self) -> Result<reqwest::Response, Error<E>> {
        let operation = self.operation;
        let response = self
            .prepare()?
            .send()
            .await
            .map_err(|source| Error::from_transport(operation, source))?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(api_error(operation, response).await)
        }
    }

    /// The request as the middleware stack receives it.
    fn prepare<E>(self) -> Result<RequestBuilder, Error<E>> {
        let operation = self.operation;
        if let Some(message) = self.invalid {
            return Err(Error::InvalidRequest { operation, message });
        }
        let base_url = self.client.base_url_for(self.server);
        let mut url =
            reqwest::Url::parse(&format!("{base_url}{}", self.path)).map_err(|error| {
                Error::InvalidRequest {
                    operation,
                    message: format!("invalid URL `{base_url}{}`: {error}", self.path),
                }
            })?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            let value = HeaderValue::try_from(self.cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest {
                    operation,
                    message: "the cookie parameters do not form a valid Cookie header".to_owned(),
                }
            })?;
            headers.insert(COOKIE, value);
        }
        let call_options = self.client.call_options();
        if let Some(message) = call_options.and_then(|options| options.invalid.clone()) {
            return Err(Error::InvalidRequest { operation, message });
        }
        let mut request = self.client.http_client().request(self.method, url);
        let body = match (self.multipart, self.form) {
            (Some(form), _) => {
                let (content_type, bytes) = form.encode();
                Some(Body::Buffered {
                    content_type,
                    bytes,
                })
            }
            (None, Some(pairs)) => Some(url_encoded(pairs)),
            (None, None) => self.body,
        };
        match body {
            Some(Body::Buffered {
                content_type,
                bytes,
            }) => {
                insert_content_type(&mut headers, &content_type, operation)?;
                request = request.body(bytes);
            }
            Some(Body::Upload(upload)) => {
                insert_content_type(&mut headers, &upload.content_type, operation)?;
                if let Some(length) = upload.length {
                    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
                }
                request = request.body(upload.body);
            }
            None => {}
        }
        if let Some(options) = call_options {
            // The caller's headers win over those the operation sets.
            for name in options.headers.keys() {
                headers.remove(name);
            }
            for (name, value) in &options.headers {
                headers.append(name, value.clone());
            }
            if let Some(timeout) = options.timeout {
                request = request.timeout(timeout);
            }
        }
        let request = match self.security {
            Some(alternatives) => request.with_extension(Security(alternatives)),
            None => request,
        };
        Ok(request.headers(headers))
    }
}

fn url_encoded(pairs: Vec<(String, String)>) -> Body {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Body::Buffered {
        content_type: "application/x-www-form-urlencoded".to_owned(),
        bytes: encoded.into(),
    }
}

/// Status and headers, moved out of the response rather than copied.
fn take_head(mut response: reqwest::Response) -> (StatusCode, HeaderMap, reqwest::Response) {
    let headers = std::mem::take(response.headers_mut());
    (response.status(), headers, response)
}

fn insert_content_type<E>(
    headers: &mut HeaderMap,
    content_type: &str,
    operation: &'static str,
) -> Result<(), Error<E>> {
    let value = HeaderValue::try_from(content_type).map_err(|_| Error::InvalidRequest {
        operation,
        message: format!("`{content_type}` is not a valid Content-Type"),
    })?;
    headers.insert(CONTENT_TYPE, value);
    Ok(())
}

/// Reads an error response, decoding its body as `E` when it is JSON. At most
/// [`ERROR_BODY_LIMIT`] bytes are read; a longer body is not decoded.
async fn api_error<E: DeserializeOwned>(
    operation: &'static str,
    response: reqwest::Response,
) -> Error<E> {
    let (status, headers, response) = take_head(response);
    let (bytes, complete) = match read_at_most(response, ERROR_BODY_LIMIT).await {
        Ok(body) => (body.bytes, body.complete),
        Err(_) => (Bytes::new(), false),
    };
    let body = complete
        .then(|| serde_json::from_slice::<E>(&bytes).ok())
        .flatten();
    Error::Api(Box::new(ApiError {
        operation,
        status,
        headers,
        body,
        snippet: snippet(&bytes),
    }))
}

/// Simple style (headers): scalars as text, arrays comma-joined.
fn simple_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    comma_joined(value, |text| text)
}

/// Scalars as text and array items joined by commas, each passed through
/// `encode`; `None` for a null value.
fn comma_joined<T: Serialize + ?Sized>(
    value: &T,
    encode: impl Fn(String) -> String,
) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::Null => None,
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .map(&encode)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => scalar_text(&other).map(encode),
    }
}

/// What a cookie value may not hold as it is (RFC 6265 4.1.1 `cookie-octet`,
/// plus `%` so that encoded text reads back unambiguously).
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A cookie parameter's value (form style, not exploded): each scalar
/// percent-encoded, array items joined by commas.
fn cookie_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    comma_joined(value, |text| {
        utf8_percent_encode(&text, COOKIE_VALUE).to_string()
    })
}

/// The fields of a body object as form pairs, arrays repeated per item.
fn form_pairs<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, String)>, serde_json::Error> {
    let serde_json::Value::Object(fields) = serde_json::to_value(body)? else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    for (name, value) in &fields {
        pairs.extend(query_pairs(name, value, ParamStyle::Form, Explode::Yes)?);
    }
    Ok(pairs)
}
