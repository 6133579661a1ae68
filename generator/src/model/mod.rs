//! The generator's own model of an API: named types and operations, with every
//! `$ref` resolved and every inline schema hoisted to a named type.
//!
//! Emission reads only this model. Types are stored in one ordered list and
//! referred to by [`TypeId`], so forward references and cycles need no special
//! casing: a name is reserved before its schema is converted.

mod build;
mod dedup;
mod graph;
mod ident;
mod names;
mod operations;
mod path_template;
mod schemas;
mod servers;

pub use build::build_model;
pub use ident::RustIdent;
pub use names::RUNTIME_CLIENT_METHODS;
pub use path_template::{PathSegment, PathTemplate};
pub use schemas::CATCH_ALL_VARIANT;
pub use servers::{Server, ServerVariable, ServerVariableValues};

/// Everything the emitter needs to write a client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiModel {
    /// `info.title`.
    pub title: String,
    /// `info.version`: the version of the API, not of the crate.
    pub version: String,
    /// `info.description`, for the crate docs.
    pub description: Option<String>,
    /// The document's first server, which the client's base URL is made from.
    pub server: Option<Server>,
    /// Every named type, in the order names were reserved; [`TypeId`] indexes it.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The body type that error responses share, if they all share one.
    pub error_body: Option<TypeRef>,
    /// The security schemes the client can apply, from `components/securitySchemes`.
    pub auth: Vec<AuthScheme>,
}

impl ApiModel {
    /// The definition behind `id`. Ids are handed out by the model builder only, so every id it produced is valid.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Whether values of `ty` have constraints to check before sending.
    pub fn needs_validation(&self, ty: &TypeRef) -> bool {
        graph::contains_validated(ty, &|id: TypeId| self.types[id.0].validated)
    }

    /// Whether the Rust type for `ty` implements `Default`.
    pub fn has_natural_default(&self, ty: &TypeRef) -> bool {
        let struct_default = |id: TypeId| matches!(&self.types[id.0].kind, TypeKind::Struct(structure) if structure.derives_default);
        graph::has_natural_default(ty, &struct_default, &self.types)
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
    /// Title, description and deprecation from the schema.
    pub docs: Docs,
    /// What the type is in Rust.
    pub kind: TypeKind,
    /// Whether values of this type carry constraints to check before sending,
    /// in their own fields or in types they contain.
    pub validated: bool,
}

/// Human-facing text taken from the document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// A one-line summary (`summary` or `title`).
    pub summary: Option<String>,
    /// The longer `description`, CommonMark as written.
    pub description: Option<String>,
    /// Whether the document marks the item `deprecated`.
    pub deprecated: bool,
}

/// What a named type is in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(StructDef),
    /// A string enum; unknown values land in a catch-all variant.
    StringEnum(Vec<EnumVariant<String>>),
    /// An integer enum; unknown values land in a catch-all variant.
    IntegerEnum(Vec<EnumVariant<i64>>),
    /// oneOf/anyOf: the first variant that fits, or raw JSON.
    Union(UnionDef),
    /// A name for another type (`pub type X = Vec<Y>`).
    Alias(TypeRef),
    /// A name for another type that contains itself (`X = Vec<X>`): a tuple
    /// struct, since a type alias cannot refer to itself.
    Newtype(TypeRef),
}

/// The fields of a struct type and how it treats undeclared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// The field that keeps properties beyond the declared ones, when the
    /// schema allows them.
    pub additional_properties: Option<CatchAllField>,
    /// Whether every field has a natural default, so `Default` can be derived.
    pub derives_default: bool,
}

/// The map field of a struct that keeps undeclared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct CatchAllField {
    /// Its Rust name: `additional_properties` unless a declared field has it.
    pub rust_name: RustIdent,
    /// The type of each undeclared property's value.
    pub value: TypeRef,
}

/// One declared value of an enum, with its Rust variant name.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant<V> {
    /// The Rust variant name, unique in the enum.
    pub name: String,
    /// The value on the wire.
    pub value: V,
}

/// oneOf/anyOf branches; with a discriminator, the property that names the
/// branch (OAS 3.0 4.7.25), otherwise the first branch that fits wins.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The branches, in document order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the branch, when the schema has a `discriminator`.
    pub discriminator: Option<String>,
}

/// One branch of a [`UnionDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name, unique in the union.
    pub name: String,
    /// The branch's type.
    pub ty: TypeRef,
    /// The variant's type contains this union, so it must be boxed.
    pub boxed: bool,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name, unique in the struct.
    pub rust_name: RustIdent,
    /// The value's type, without the optionality [`Field::presence`] adds.
    pub ty: TypeRef,
    /// Whether the property must be present and whether it may be `null`.
    pub presence: Presence,
    /// The property's description and deprecation.
    pub docs: Docs,
    /// Whether the property is sent, received or both.
    pub access: Access,
    /// Validation keywords checked before sending.
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
    /// Always present, never `null`.
    Required,
    /// Always present, may be `null`.
    RequiredNullable,
    /// May be absent, never `null` when present.
    Optional,
    /// May be absent or `null`, and the two differ on the wire.
    OptionalNullable,
}

/// readOnly fields come only from the server, writeOnly ones only from clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Sent and received.
    ReadWrite,
    /// Only received: the server sets it.
    ReadOnly,
    /// Only sent: the server never returns it.
    WriteOnly,
}

/// Validation keywords, kept so callers can be told about limits before sending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// Whether `minimum` itself is excluded.
    pub exclusive_minimum: bool,
    /// Whether `maximum` itself is excluded.
    pub exclusive_maximum: bool,
    /// `pattern`, one the `regex` crate compiles (the loader drops others).
    pub pattern: Option<String>,
}

impl Constraints {
    /// Whether no constraint is stated.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether any of these constraints can be checked on a value of `ty`:
    /// lengths on strings, item counts on arrays, ranges on numbers.
    pub fn apply_to(&self, ty: &TypeRef) -> bool {
        match ty.strip_nullable().0 {
            TypeRef::String => {
                self.min_length.is_some() || self.max_length.is_some() || self.pattern.is_some()
            }
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
    /// A named type of the crate.
    Named(TypeId),
    /// A string with no format the client interprets.
    String,
    /// `true` or `false`.
    Boolean,
    /// An integer of the given width.
    Integer(IntegerWidth),
    /// A floating-point number of the given width.
    Float(FloatWidth),
    /// `format: uuid`.
    Uuid,
    /// `format: date-time` (RFC 3339).
    DateTime,
    /// `format: date` (RFC 3339 full-date).
    Date,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Bytes sent as base64 text (`format: byte`, `contentEncoding: base64`).
    Base64,
    /// A closed `prefixItems` array: exactly these values, in this order.
    Tuple(Vec<TypeRef>),
    /// Any JSON value.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    /// A JSON array of the item type.
    Array(Box<TypeRef>),
    /// A JSON object whose values are all of one type.
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

/// The Rust integer type for an `integer` schema's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntegerWidth {
    /// `int32`.
    I32,
    /// `int64`, and integers with no format.
    I64,
    /// An unsigned 32-bit integer (`format: uint32`).
    U32,
    /// An unsigned 64-bit integer (`format: uint64`).
    U64,
}

/// The Rust float type for a `number` schema's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatWidth {
    /// `float`.
    F32,
    /// `double`, and numbers with no format.
    F64,
}

/// One HTTP operation, a method of the generated client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The document's operationId, or one made from method and path.
    pub operation_id: String,
    /// The client methods that call it, each name unique on the client.
    pub methods: ClientMethods,
    /// Media types the success response may come in besides JSON.
    pub other_response_media_types: Vec<String>,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path, with the parameters that fill it.
    pub path_template: PathTemplate,
    /// Summary, description and deprecation of the operation.
    pub docs: Docs,
    /// Path parameters in template order, then the others in document order.
    pub parameters: Vec<Parameter>,
    /// Name of the struct that carries the non-path parameters, if any.
    pub params_struct: Option<String>,
    /// The request body, if the operation takes one.
    pub request_body: Option<RequestBody>,
    /// What a successful call returns.
    pub success: SuccessResponse,
    /// Error statuses the document lists (`404`, `4XX`, `default`), for the method docs.
    pub error_statuses: Vec<String>,
    /// The body types of the error responses, which type the method's error.
    pub error_bodies: ErrorBodies,
    /// The URL, variables at their defaults, of the first server the operation
    /// or its path item lists; calls go there unless the caller chose a base URL.
    pub server: Option<String>,
    /// The operation's `security` (its own, else the document's): alternatives,
    /// each the names of the schemes applied together. `None` where the
    /// document says nothing; an empty list where it requires no credentials.
    pub security: Option<Vec<Vec<String>>>,
}

impl Operation {
    /// The method every operation has, which returns the whole response.
    pub fn method_name(&self) -> &RustIdent {
        &self.methods.buffered
    }
}

/// The client methods of one operation: the one that returns the whole
/// response, which every operation has, and the variants its bodies call for.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientMethods {
    buffered: RustIdent,
    variants: Vec<ClientMethod>,
}

/// A client method besides the buffered one.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientMethod {
    /// The Rust method name, unique on the client.
    pub name: RustIdent,
    /// What the method does with the bodies.
    pub kind: MethodKind,
}

/// What a client method of an operation does with the bodies.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodKind {
    /// Sends the typed body and returns the whole decoded response.
    Buffered,
    /// Returns a binary response as a stream of chunks (`{name}_stream`).
    ByteStream,
    /// Walks every page of a list operation as a stream of items.
    ItemStream(Box<Pagination>),
    /// Sends and receives other media types as raw bytes (`{name}_raw`).
    Raw,
}

/// Kept in a static so [`ClientMethods::iter`] can lend it like the others.
static BUFFERED: MethodKind = MethodKind::Buffered;

impl ClientMethods {
    /// The methods of an operation whose buffered method is called `buffered`.
    pub fn new(buffered: RustIdent) -> Self {
        Self {
            buffered,
            variants: Vec::new(),
        }
    }

    /// Adds a variant method; names must already be unique on the client.
    pub fn add(&mut self, name: RustIdent, kind: MethodKind) {
        self.variants.push(ClientMethod { name, kind });
    }

    /// Every method, the buffered one first.
    pub fn iter(&self) -> impl Iterator<Item = (&RustIdent, &MethodKind)> {
        std::iter::once((&self.buffered, &BUFFERED)).chain(
            self.variants
                .iter()
                .map(|method| (&method.name, &method.kind)),
        )
    }
}

/// An offset/limit list operation: its page type holds an array of items and,
/// usually, the total count.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The offset parameter's field in the params struct.
    pub offset: PageField,
    /// The field of the page that holds the items.
    pub items: PageField,
    /// The type of one item.
    pub item_type: TypeRef,
    /// The field of the page that holds the total count, if there is one.
    pub total: Option<PageField>,
}

/// A field the pagination code reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// The Rust field name.
    pub rust_name: RustIdent,
    /// The field's type.
    pub ty: TypeRef,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method's name as sent on the wire.
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

/// A parameter of an operation, merged from the path item and the operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name of its argument or field, unique in the operation.
    pub rust_name: RustIdent,
    /// Where the value is sent.
    pub location: ParameterLocation,
    /// Whether the caller must give a value (always, for path parameters).
    pub required: bool,
    /// The value's type.
    pub ty: TypeRef,
    /// How arrays and objects are written.
    pub style: ParameterStyle,
    /// Whether arrays and objects are written one name-value pair per item.
    pub explode: bool,
    /// The parameter's description and deprecation.
    pub docs: Docs,
    /// Validation keywords checked before sending.
    pub constraints: Constraints,
}

/// Where a parameter's value is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// OAS 3.0 4.7.12.4: how arrays and objects are written into the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// Comma-separated (`simple`).
    Simple,
    /// `name=value` pairs (`form`).
    Form,
    /// Space-separated values (`spaceDelimited`).
    SpaceDelimited,
    /// Pipe-separated values (`pipeDelimited`).
    PipeDelimited,
    /// `name[key]=value` for object properties (`deepObject`).
    DeepObject,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Whether the body must be sent.
    pub required: bool,
    /// How the body is encoded.
    pub kind: BodyKind,
    /// Other media types the body may be sent as, besides the one `kind` uses.
    pub other_media_types: Vec<String>,
    /// The body's description.
    pub docs: Docs,
    /// Validation keywords of the body schema itself, checked before sending.
    pub constraints: Constraints,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// A JSON value of the given type, sent with the given media type.
    Json {
        /// The JSON media type the document lists (`application/merge-patch+json`).
        media_type: String,
        /// The body's type.
        ty: TypeRef,
    },
    /// `application/x-www-form-urlencoded` fields of the given type.
    FormUrlEncoded {
        /// The body's type, usually a struct whose fields are the form fields.
        ty: TypeRef,
    },
    /// `multipart/form-data` parts of the given type.
    Multipart {
        /// The body's type, usually a struct whose fields are the parts.
        ty: TypeRef,
    },
    /// Raw bytes; the caller picks one of the media types the spec lists.
    Binary {
        /// The media types the document lists for the body.
        media_types: Vec<String>,
    },
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessResponse {
    /// No body (e.g. 204).
    Empty,
    /// A JSON body of the given type.
    Json(TypeRef),
    /// Raw bytes, also offered as a stream.
    Binary,
    /// A text body.
    Text,
    /// Success statuses with different bodies: an enum with a variant per status.
    ByStatus(StatusResponses),
}

/// The success responses of an operation whose 2xx statuses carry different
/// bodies, decoded by status into one enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusResponses {
    /// The enum's name, in the generated `responses` module.
    pub type_name: String,
    /// One case per listed status, exact codes first, then ranges, then `default`.
    pub cases: Vec<StatusCase>,
}

/// One status of [`StatusResponses`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCase {
    /// `201`, `2XX` or `default`, as the document lists it.
    pub status: String,
    /// The enum variant, named after the status (`Created`, `NoContent`).
    pub variant: String,
    /// Its body: JSON, text or none (never `ByStatus` or bytes).
    pub body: SuccessResponse,
}

/// The body types of an operation's error responses.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ErrorBodies {
    /// No error response has a JSON body.
    #[default]
    None,
    /// Every JSON error body is of this type.
    One(TypeRef),
    /// Error responses carry JSON bodies of different types.
    Several,
}

/// A security scheme of `components/securitySchemes` that the client applies.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The scheme's name in `components/securitySchemes`.
    pub name: String,
    /// The name of the constant that stands for it in generated code, unique.
    pub const_name: String,
    /// What the client sends for it.
    pub kind: AuthKind,
}

/// Where a security scheme's credential goes.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, OpenID Connect, and
    /// OAuth 2.0 flows other than client credentials (through a token source).
    Bearer,
    /// `Authorization: Basic ..` (HTTP basic).
    Basic,
    /// An API key in the request header of this name.
    ApiKeyHeader(String),
    /// An API key in the query parameter of this name.
    ApiKeyQuery(String),
    /// An API key in the cookie of this name.
    ApiKeyCookie(String),
    /// OAuth 2.0 client credentials: a bearer token the client fetches itself.
    OAuth2ClientCredentials {
        /// Where tokens are requested.
        token_url: String,
        /// The scopes the flow declares.
        scopes: Vec<String>,
    },
}

#[cfg(test)]
mod tests;
