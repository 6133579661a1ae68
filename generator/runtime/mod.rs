//! The hand-written part of every generated client: HTTP transport, auth,
//! parameter encoding, errors and response wrappers. The generated modules
//! only describe operations and types; everything they call lives here.
//!
//! The runtime expects the generated crate root to define `DEFAULT_BASE_URL`,
//! `SERVER_URL_TEMPLATE`, `SERVER_VARIABLES`, `ClientBuildError`,
//! `OAUTH_TOKEN_URL` and `OAUTH_SCOPES`.

// A panic in a client is a crash of its caller's service: failures here are
// `Error` values. Tests may still unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod auth;
mod base64_bytes;
mod call_options;
mod client;
#[cfg(feature = "dispatch")]
mod dispatch;
mod error;
pub(crate) mod json_struct;
mod multipart;
mod oauth;
pub(crate) mod open_enum;
mod pagination;
mod params;
mod request;
mod response;
mod retry;
mod security;
pub(crate) mod setters;
#[doc(hidden)]
pub mod serde_helpers;
mod validate;

pub use auth::{AuthError, StaticToken, TokenFuture, TokenSource};
pub use base64_bytes::Base64Bytes;
pub use call_options::CallOptions;
pub use client::{BuildError, Client, ClientBuilder};
// Used by the dispatch module of APIs that have operations.
#[cfg(feature = "dispatch")]
#[allow(unused_imports)]
pub(crate) use dispatch::dispatch_operation;
#[cfg(feature = "dispatch")]
pub use dispatch::{
    bytes_json, json_error, unknown_operation, DispatchArguments, DispatchError, DispatchResponse,
    Location,
};
pub use error::{ApiError, Error};
pub use multipart::{FileContent, FileParts};
// Used by the models of APIs that have enums of each kind.
#[allow(unused_imports)]
pub(crate) use open_enum::{open_integer_enum, open_string_enum};
// Used by the models of APIs that have structs.
#[allow(unused_imports)]
pub(crate) use json_struct::json_struct;
// Used by the structs callers send.
#[allow(unused_imports)]
pub(crate) use setters::{constructor, setters};
pub use oauth::ClientCredentials;
pub use pagination::Page;
#[doc(hidden)]
pub use pagination::paginate;
#[doc(hidden)]
pub use params::{query_pairs, Explode, ParamStyle, PathStyle, RequestPath};
#[doc(hidden)]
pub use request::{OperationRequest, Parameters, Placement};
// Used by the parameter structs of APIs that have them.
#[allow(unused_imports)]
pub(crate) use request::parameters;
pub use response::{ByteStream, ResponseValue, Upload};
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use security::{Scheme, SchemeKind, Security};
pub use validate::{Validate, Violations};
#[doc(hidden)]
pub use validate::{ItemCount, NumericValue, Pattern, Range, TextValue};

/// Items compiled under one condition, written once for all of them: the
/// generated modules list their items area by area (see the crate's
/// features), each area's under its `cfg`.
// An API without features per area leaves it unused.
#[allow(unused_macros)]
macro_rules! cfg_items {
    (#[cfg($condition:meta)] $($item:item)*) => {
        $(#[cfg($condition)] $item)*
    };
}
// Used by the modules of APIs with features per area.
#[allow(unused_imports)]
pub(crate) use cfg_items;
