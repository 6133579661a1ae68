//! The generator's own model of an API: named types and operations, with every
//! `$ref` resolved and every inline schema hoisted to a named type.
//!
//! Emission reads only this model. Types are stored in one ordered list and
//! referred to by [`TypeId`], so forward references and cycles need no special
//! casing: a name is reserved before its schema is converted.

mod build;
mod names;
mod operations;
mod schemas;

pub use build::build_model;
pub use names::RESERVED_CLIENT_METHODS;
pub use schemas::CATCH_ALL_VARIANT;

/// Everything the emitter needs to write a client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiModel {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, the client's default base URL.
    pub base_url: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The body type that error responses share, if they all share one.
    pub error_body: Option<TypeRef>,
    pub auth: Vec<AuthScheme>,
}

impl ApiModel {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Whether values of `ty` have constraints to check before sending.
    pub fn needs_validation(&self, ty: &TypeRef) -> bool {
        schemas::contains_validated(ty, &|id: TypeId| self.types[id.0].validated)
    }

    /// Whether the Rust type for `ty` implements `Default`.
    pub fn has_natural_default(&self, ty: &TypeRef) -> bool {
        let struct_default = |id: TypeId| matches!(&self.types[id.0].kind, TypeKind::Struct(structure) if structure.derives_default);
        schemas::has_natural_default(ty, &struct_default, &self.types)
    }
}

/// Index of a [`TypeDef`] in [`ApiModel::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, unique in the crate.
    pub name: String,
    /// Where the schema was defined, for docs and diagnostics.
    pub origin: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Whether values of this type carry constraints to check before sending,
    /// in their own fields or in types they contain.
    pub validated: bool,
}

/// Human-facing text taken from the document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    /// A string enum; unknown values land in a catch-all variant.
    StringEnum(Vec<EnumVariant<String>>),
    /// An integer enum; unknown values land in a catch-all variant.
    IntegerEnum(Vec<EnumVariant<i64>>),
    /// oneOf/anyOf: the first variant that fits, or raw JSON.
    Union(UnionDef),
    /// A name for another type (`pub type X = Vec<Y>`).
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Type of properties beyond the declared ones, when the schema allows them.
    pub additional_properties: Option<TypeRef>,
    /// Whether every field has a natural default, so `Default` can be derived.
    pub derives_default: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant<V> {
    pub name: String,
    pub value: V,
}

/// oneOf/anyOf branches; with a discriminator, the property that names the
/// branch (OAS 3.0 4.7.25), otherwise the first branch that fits wins.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The variant's type contains this union, so it must be boxed.
    pub boxed: bool,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub presence: Presence,
    pub docs: Docs,
    pub access: Access,
    pub constraints: Constraints,
    /// The server-side default, documented for callers.
    pub default: Option<serde_json::Value>,
    /// The field's type contains this struct, so it must be boxed.
    pub boxed: bool,
}

/// Whether a field must be present and whether it may be `null`: the four
/// combinations serialise differently, so they are kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    RequiredNullable,
    Optional,
    OptionalNullable,
}

/// readOnly fields come only from the server, writeOnly ones only from clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

/// Validation keywords, kept so callers can be told about limits before sending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether any of these constraints can be checked on a value of `ty`:
    /// lengths on strings, item counts on arrays, ranges on numbers.
    pub fn apply_to(&self, ty: &TypeRef) -> bool {
        match ty.strip_nullable().0 {
            TypeRef::String => self.min_length.is_some() || self.max_length.is_some(),
            TypeRef::Array(_) => self.min_items.is_some() || self.max_items.is_some(),
            TypeRef::Integer(_) | TypeRef::Float(_) => {
                self.minimum.is_some() || self.maximum.is_some()
            }
            _ => false,
        }
    }
}

/// The type of a value: a primitive, a container, or a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Boolean,
    Integer(IntegerWidth),
    Float(FloatWidth),
    Uuid,
    DateTime,
    Date,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// May be `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The type without an outer [`TypeRef::Nullable`], and whether there was one.
    pub fn strip_nullable(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Nullable(inner) => (inner, true),
            other => (other, false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntegerWidth {
    I32,
    I64,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatWidth {
    F32,
    F64,
}

/// One HTTP operation, a method of the generated client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The document's operationId, or one made from method and path.
    pub operation_id: String,
    /// Rust method name, unique on the client.
    pub method_name: String,
    /// Name of the streaming twin of a binary download, unique on the client.
    pub stream_method_name: Option<String>,
    /// How to walk all pages, for offset/limit list operations.
    pub pagination: Option<Pagination>,
    /// Media types the success response may come in besides JSON.
    pub other_response_media_types: Vec<String>,
    /// Name of the method that sends and receives other media types as raw
    /// bytes, when the operation has any.
    pub raw_method_name: Option<String>,
    pub http_method: HttpMethod,
    pub path_template: String,
    pub docs: Docs,
    pub parameters: Vec<Parameter>,
    /// Name of the struct that carries the non-path parameters, if any.
    pub params_struct: Option<String>,
    pub request_body: Option<RequestBody>,
    pub success: SuccessResponse,
    pub error_statuses: Vec<String>,
}

/// An offset/limit list operation: its page type holds an array of items and,
/// usually, the total count.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Name of the method that streams every item.
    pub method_name: String,
    /// The offset parameter's field in the params struct.
    pub offset: PageField,
    /// The field of the page that holds the items.
    pub items: PageField,
    pub item_type: TypeRef,
    /// The field of the page that holds the total count, if there is one.
    pub total: Option<PageField>,
}

/// A field the pagination code reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    pub rust_name: String,
    pub ty: TypeRef,
    pub optional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub style: ParameterStyle,
    pub explode: bool,
    pub docs: Docs,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// OAS 3.0 4.7.12.4: how arrays and objects are written into the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    Simple,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub kind: BodyKind,
    /// Other media types the body may be sent as, besides the one `kind` uses.
    pub other_media_types: Vec<String>,
    pub docs: Docs,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// A JSON value of the given type, sent with the given media type.
    Json { media_type: String, ty: TypeRef },
    /// `application/x-www-form-urlencoded` fields of the given type.
    FormUrlEncoded { ty: TypeRef },
    /// `multipart/form-data` parts of the given type.
    Multipart { ty: TypeRef },
    /// Raw bytes; the caller picks one of the media types the spec lists.
    Binary { media_types: Vec<String> },
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessResponse {
    /// No body (e.g. 204).
    Empty,
    Json(TypeRef),
    /// Raw bytes, also offered as a stream.
    Binary,
    /// A text body.
    Text,
}

/// How the client authenticates, from `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthScheme {
    Bearer {
        scheme_name: String,
    },
    ApiKeyHeader {
        scheme_name: String,
        header: String,
    },
    ApiKeyQuery {
        scheme_name: String,
        parameter: String,
    },
    OAuth2ClientCredentials {
        scheme_name: String,
        token_url: String,
        scopes: Vec<String>,
    },
}
