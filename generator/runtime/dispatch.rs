//! Calling an operation by its operationId with JSON arguments (the
//! `dispatch` cargo feature), for command lines, scripts and conformance
//! tests. The arguments are deserialised into the operation's typed
//! parameters and passed to its typed method: there is no second way to the
//! wire.
//!
//! The arguments are one JSON object:
//! `{"path": {..}, "query": {..}, "header": {..}, "cookie": {..}, "body": ..}`,
//! each parameter under its name in the API description. Bytes (a binary
//! body, a file part of a multipart body) are `{"base64": "..."}`,
//! `{"file": "/path/to/read"}`, or a string taken as its UTF-8 bytes; a
//! binary body may add `"contentType"`. Binary and streamed responses come
//! back buffered, as `{"base64": "..."}`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::{Mutex, PoisonError};

use super::error::{ApiError, Error};
use super::response::{ResponseValue, Upload};

/// The error of a dispatched call: error bodies as JSON.
pub type DispatchError = Error<Value>;

/// Where a parameter goes, as the arguments name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    const ALL: [Location; 4] = [Self::Path, Self::Query, Self::Header, Self::Cookie];

    fn key(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// The JSON arguments of one dispatched call.
#[derive(Debug)]
pub struct DispatchArguments {
    operation: &'static str,
    groups: Map<String, Value>,
    /// The parameters asked for so far, for [`Self::finish`] (a mutex, not
    /// a cell, so that the arguments stay `Sync`).
    asked: Mutex<Vec<(Location, String)>>,
}

impl DispatchArguments {
    /// Checks the shape: an object with only the known keys, each parameter
    /// group an object itself.
    pub fn parse(operation: &'static str, arguments: Value) -> Result<Self, DispatchError> {
        let groups = match arguments {
            Value::Object(groups) => groups,
            Value::Null => Map::new(),
            _ => return Err(invalid(operation, "the arguments must be a JSON object".to_owned())),
        };
        for (key, value) in &groups {
            let known = key == "body" || Location::ALL.iter().any(|location| location.key() == key);
            if !known {
                return Err(invalid(operation, format!("unknown argument group `{key}`")));
            }
            if key != "body" && !value.is_object() {
                return Err(invalid(operation, format!("`{key}` must be an object of parameters")));
            }
        }
        Ok(Self {
            operation,
            groups,
            asked: Mutex::new(Vec::new()),
        })
    }

    /// Fails on a parameter given but never asked for (one the operation
    /// does not have), naming it.
    pub fn finish(&self) -> Result<(), DispatchError> {
        let asked = self.asked.lock().unwrap_or_else(PoisonError::into_inner);
        let known: Vec<(Location, &str)> =
            asked.iter().map(|(location, name)| (*location, name.as_str())).collect();
        self.expect_names(&known)
    }

    /// Fails on a parameter the operation does not have, naming it.
    pub fn expect_names(&self, known: &[(Location, &str)]) -> Result<(), DispatchError> {
        for location in Location::ALL {
            let Some(Value::Object(given)) = self.groups.get(location.key()) else {
                continue;
            };
            for name in given.keys() {
                if !known.contains(&(location, name.as_str())) {
                    let message = format!("unknown argument `{}.{name}`", location.key());
                    return Err(invalid(self.operation, message));
                }
            }
        }
        Ok(())
    }

    /// Parameters the client sends with the one value the API allows: given
    /// or not, they are sent; given with another value, the call is refused.
    pub fn fixed(&self, parameters: &[(Location, &str, &str)]) -> Result<(), DispatchError> {
        for (location, name, value) in parameters {
            match self.optional::<Value>(*location, name)? {
                None => {}
                Some(Value::String(given)) if given == *value => {}
                Some(_) => {
                    let message = format!("argument `{}.{name}` can only be `{value}`", location.key());
                    return Err(invalid(self.operation, message));
                }
            }
        }
        Ok(())
    }

    /// A parameter the call needs.
    pub fn required<T: DeserializeOwned>(&self, location: Location, name: &str) -> Result<T, DispatchError> {
        match self.optional(location, name)? {
            Some(value) => Ok(value),
            None => Err(invalid(
                self.operation,
                format!("missing argument `{}.{name}`", location.key()),
            )),
        }
    }

    /// A parameter the call may go without.
    pub fn optional<T: DeserializeOwned>(
        &self,
        location: Location,
        name: &str,
    ) -> Result<Option<T>, DispatchError> {
        self.asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((location, name.to_owned()));
        let Some(value) = self
            .groups
            .get(location.key())
            .and_then(|group| group.get(name))
            .filter(|value| !value.is_null())
        else {
            return Ok(None);
        };
        serde_json::from_value(value.clone()).map(Some).map_err(|error| {
            invalid(self.operation, format!("argument `{}.{name}`: {error}", location.key()))
        })
    }

    /// A JSON (or form) body of the operation's type.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<T, DispatchError> {
        self.body_with_bytes_fields(&[])
    }

    /// A multipart body, whose file parts take any form of bytes.
    pub fn body_with_bytes_fields<T: DeserializeOwned>(
        &self,
        bytes_fields: &[&str],
    ) -> Result<T, DispatchError> {
        let mut body = self.groups.get("body").cloned().unwrap_or(Value::Null);
        if let Value::Object(fields) = &mut body {
            for name in bytes_fields {
                if let Some(field) = fields.get_mut(*name).filter(|field| !field.is_null()) {
                    let bytes = files_of(field).map_err(|message| {
                        invalid(self.operation, format!("argument `body.{name}`: {message}"))
                    })?;
                    *field = bytes;
                }
            }
        }
        serde_json::from_value(body)
            .map_err(|error| invalid(self.operation, format!("argument `body`: {error}")))
    }

    /// A binary body; `contentType` picks the media type (else the first
    /// the API description lists).
    pub fn upload(&self, default_content_type: &str) -> Result<Upload, DispatchError> {
        let body = self.groups.get("body").unwrap_or(&Value::Null);
        let content_type = body
            .get("contentType")
            .and_then(Value::as_str)
            .unwrap_or(default_content_type)
            .to_owned();
        let bytes = bytes_of(body)
            .map_err(|message| invalid(self.operation, format!("argument `body`: {message}")))?;
        Ok(Upload::new(content_type, bytes))
    }
}

/// A file field's value as serde reads bytes: one file, or an array of
/// files (an array of anything but numbers), each as [`bytes_of`] reads it.
fn files_of(value: &Value) -> Result<Value, String> {
    match value {
        Value::Array(items) if !items.iter().all(Value::is_number) => items
            .iter()
            .map(|item| bytes_of(item).map(Value::from))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        one => bytes_of(one).map(Value::from),
    }
}

/// `{"base64": ..}`, `{"file": path}` or a string, as bytes.
fn bytes_of(value: &Value) -> Result<Vec<u8>, String> {
    match value {
        Value::String(text) => Ok(text.clone().into_bytes()),
        Value::Object(fields) => match (fields.get("base64"), fields.get("file")) {
            (Some(Value::String(encoded)), _) => STANDARD
                .decode(encoded)
                .map_err(|error| format!("invalid base64: {error}")),
            (_, Some(Value::String(path))) => {
                std::fs::read(path).map_err(|error| format!("cannot read `{path}`: {error}"))
            }
            _ => Err("bytes are {\"base64\": ..}, {\"file\": ..} or a string".to_owned()),
        },
        Value::Array(_) => serde_json::from_value(value.clone()).map_err(|error| error.to_string()),
        _ => Err("bytes are {\"base64\": ..}, {\"file\": ..} or a string".to_owned()),
    }
}

/// The status and the body of a dispatched call's response.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchResponse {
    pub status: u16,
    /// JSON as decoded and encoded again; text as a string; bytes as
    /// `{"base64": ..}`; no body as `null`.
    pub body: Value,
}

impl DispatchResponse {
    pub fn new(status: u16, body: Value) -> Self {
        Self { status, body }
    }

    /// A decoded JSON response.
    pub fn json<T: Serialize>(response: ResponseValue<T>) -> Result<Self, DispatchError> {
        let status = response.status();
        let body = serde_json::to_value(response.into_inner()).map_err(|error| Error::Decode {
            operation: "dispatch",
            status,
            source: error,
            snippet: String::new(),
        })?;
        Ok(Self::new(status.as_u16(), body))
    }

    pub fn text(response: ResponseValue<String>) -> Self {
        let status = response.status().as_u16();
        Self::new(status, Value::String(response.into_inner()))
    }

    pub fn bytes(response: ResponseValue<bytes::Bytes>) -> Self {
        let status = response.status().as_u16();
        Self::new(status, bytes_json(&response.into_inner()))
    }

    pub fn empty(response: ResponseValue<()>) -> Self {
        Self::new(response.status().as_u16(), Value::Null)
    }
}

/// Bytes as dispatched calls return them.
pub fn bytes_json(bytes: &[u8]) -> Value {
    serde_json::json!({ "base64": STANDARD.encode(bytes) })
}

/// An operation's error with its error body as JSON.
pub fn json_error<E: Serialize>(error: Error<E>) -> DispatchError {
    match error {
        Error::Api(api) => {
            let api = *api;
            Error::Api(Box::new(ApiError {
                operation: api.operation,
                status: api.status,
                headers: api.headers,
                body: api.body.and_then(|body| serde_json::to_value(body).ok()),
                snippet: api.snippet,
            }))
        }
        Error::InvalidRequest { operation, message } => Error::InvalidRequest { operation, message },
        Error::Auth { operation, source } => Error::Auth { operation, source },
        Error::Transport { operation, source } => Error::Transport { operation, source },
        Error::Middleware { operation, source } => Error::Middleware { operation, source },
        Error::BodyTooLarge { operation, status, limit } => Error::BodyTooLarge { operation, status, limit },
        Error::Decode { operation, status, source, snippet } => Error::Decode { operation, status, source, snippet },
    }
}

/// An operation id the client does not have.
pub fn unknown_operation(operation_id: &str) -> DispatchError {
    invalid("dispatch", format!("unknown operation `{operation_id}`"))
}

fn invalid(operation: &'static str, message: String) -> DispatchError {
    Error::InvalidRequest { operation, message }
}

/// One operation's dispatch function, from a one-line description: the
/// arguments read one by one (path parameters), the parameters the client
/// sends with their one allowed value, the parameter struct, the body and
/// how it is read, the typed call, and how its response becomes
/// JSON (`json`, `text`, `bytes` or `empty`):
///
/// ```text
/// dispatch_operation!(get_pet("getPet") { id: i64 = Path "id" }
///     fixed Query "version" = "2";
///     params params: params::GetPetParams;
///     body body: models::Pet = json_body();
///     call get_pet(id, &params, &body) -> json);
/// ```
///
/// It reads every argument, refuses any it did not ask for (before anything
/// is sent), calls the typed method and gives its response as JSON. Each
/// operation spelled out came to a dozen lines; a big API has thousands.
/// The names of the values come from the invocation, so the call can use
/// them.
// An API without operations leaves it unused.
#[allow(unused_macros)]
macro_rules! dispatch_operation {
    (@respond json $response:ident) => {
        crate::runtime::DispatchResponse::json($response)
    };
    (@respond text $response:ident) => {
        ::std::result::Result::Ok(crate::runtime::DispatchResponse::text($response))
    };
    (@respond bytes $response:ident) => {
        ::std::result::Result::Ok(crate::runtime::DispatchResponse::bytes($response))
    };
    (@respond empty $response:ident) => {
        ::std::result::Result::Ok(crate::runtime::DispatchResponse::empty($response))
    };
    (
        $function:ident($id:literal) { $($name:ident: $ty:ty = $location:ident $wire:literal),* $(,)? }
        $(fixed $($fixed_location:ident $fixed_name:literal = $fixed_value:literal),*;)?
        $(params $params:ident: $params_ty:ty;)?
        $(body $body:ident $(: $body_ty:ty)? = $read:ident($($read_argument:expr),*);)?
        call $method:ident($($argument:expr),*) -> $respond:ident
    ) => {
        async fn $function(
            client: &crate::Client,
            args: ::serde_json::Value,
        ) -> ::std::result::Result<crate::runtime::DispatchResponse, crate::runtime::DispatchError> {
            let args = crate::runtime::DispatchArguments::parse($id, args)?;
            $(let $name: $ty = args.required(crate::runtime::Location::$location, $wire)?;)*
            $(args.fixed(&[$((crate::runtime::Location::$fixed_location, $fixed_name, $fixed_value)),*])?;)?
            $(let $params = <$params_ty>::from_arguments(&args)?;)?
            $(let $body $(: $body_ty)? = args.$read($($read_argument),*)?;)?
            args.finish()?;
            let response = client
                .$method($($argument),*)
                .await
                .map_err(crate::runtime::json_error)?;
            crate::runtime::dispatch_operation!(@respond $respond response)
        }
    };
}
#[allow(unused_imports)]
pub(crate) use dispatch_operation;

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(value: Value) -> DispatchArguments {
        DispatchArguments::parse("op", value).unwrap()
    }

    #[test]
    fn parameters_are_read_by_location_and_name() {
        let args = arguments(serde_json::json!({ "path": { "id": 7 }, "query": { "tag": ["a", "b"] } }));
        assert_eq!(args.required::<i64>(Location::Path, "id").unwrap(), 7);
        assert_eq!(args.optional::<Vec<String>>(Location::Query, "tag").unwrap(), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(args.optional::<String>(Location::Header, "x").unwrap(), None);
    }

    #[test]
    fn arguments_that_do_not_fit_are_named() {
        let args = arguments(serde_json::json!({ "path": { "id": "seven" }, "query": { "extra": 1 } }));
        let wrong = args.required::<i64>(Location::Path, "id").unwrap_err().to_string();
        assert!(wrong.contains("argument `path.id`"), "{wrong}");
        let unknown = args.expect_names(&[(Location::Path, "id")]).unwrap_err().to_string();
        assert!(unknown.contains("unknown argument `query.extra`"), "{unknown}");
        let missing = args.required::<i64>(Location::Query, "limit").unwrap_err().to_string();
        let left_over = args.finish().unwrap_err().to_string();
        assert!(left_over.contains("unknown argument `query.extra`"), "{left_over}");
        let _: Option<i64> = args.optional(Location::Query, "extra").unwrap();
        args.finish().unwrap();
        assert!(missing.contains("missing argument `query.limit`"), "{missing}");
        assert!(DispatchArguments::parse("op", serde_json::json!({ "params": {} })).is_err());
    }

    #[test]
    fn a_fixed_parameter_may_be_given_only_with_its_value() {
        let fixed = [(Location::Query, "Action", "Describe")];
        let absent = arguments(serde_json::json!({}));
        absent.fixed(&fixed).unwrap();
        absent.finish().unwrap();
        let same = arguments(serde_json::json!({ "query": { "Action": "Describe" } }));
        same.fixed(&fixed).unwrap();
        same.finish().unwrap();
        let other = arguments(serde_json::json!({ "query": { "Action": "Delete" } }));
        let refused = other.fixed(&fixed).unwrap_err().to_string();
        assert!(refused.contains("argument `query.Action` can only be `Describe`"), "{refused}");
    }

    #[test]
    fn bytes_come_as_base64_a_file_or_text() {
        assert_eq!(bytes_of(&serde_json::json!({ "base64": "AAH/" })).unwrap(), vec![0, 1, 255]);
        assert_eq!(bytes_of(&serde_json::json!("hi")).unwrap(), b"hi".to_vec());
        let path = std::env::temp_dir().join(format!("dispatch-bytes-{}", std::process::id()));
        std::fs::write(&path, [9, 8]).unwrap();
        let from_file = bytes_of(&serde_json::json!({ "file": path.to_str().unwrap() })).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(from_file, vec![9, 8]);
        assert!(bytes_of(&serde_json::json!(5)).is_err());
    }

    #[test]
    fn an_array_of_files_takes_each_item_as_bytes() {
        let files = files_of(&serde_json::json!(["hi", { "base64": "AAH/" }])).unwrap();
        assert_eq!(files, serde_json::json!([[104, 105], [0, 1, 255]]));
        // An array of numbers is one file, given as its byte values.
        assert_eq!(files_of(&serde_json::json!([1, 2])).unwrap(), serde_json::json!([1, 2]));
    }
}
