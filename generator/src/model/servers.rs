//! Server URLs (OAS 3.0 4.7.5): the document's first server with its
//! variables, which the client's base URL is made from, and the first server
//! of a path item or operation, which that operation is sent to.

use openapiv3::ServerVariable as DocumentVariable;

use super::build::ModelBuilder;
use super::names::{pascal_case, snake_case, NameScope};
use super::{EnumVariant, RustIdent};
use crate::diagnostics::JsonPointer;

/// The server the client's base URL comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL as written, with a `{name}` placeholder for each variable.
    pub url_template: String,
    /// The variables of the template, in document order.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        substitute_defaults(&self.url_template, &self.variables)
    }

    /// Whether the URL, at its defaults, names a scheme and a host; a relative
    /// one (`/api/v3`) leaves the caller to say where the API is.
    pub fn is_absolute(&self) -> bool {
        is_absolute(&self.default_url())
    }
}

/// A `{name}` of a server URL and how the client builder sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name in the URL template.
    pub name: String,
    /// The builder method that sets it (`server_region`).
    pub method: RustIdent,
    /// The value used unless the caller sets one.
    pub default: String,
    /// `description`, for the method docs.
    pub description: Option<String>,
    /// The type of the values, when the document lists them (`enum`).
    pub values: Option<ServerVariableValues>,
}

/// The values a server variable may take, as a Rust enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariableValues {
    /// The enum's name, unique among the server variable types.
    pub type_name: String,
    /// One variant per listed value, in document order.
    pub variants: Vec<EnumVariant<String>>,
}

impl ModelBuilder<'_, '_> {
    /// The document's first server; `None` when it lists none.
    pub(super) fn document_server(&mut self) -> Option<Server> {
        let server = self.loaded.document.servers.first()?;
        let mut methods = NameScope::default();
        let mut types = NameScope::default();
        let variables = server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| server_variable(name, variable, &mut methods, &mut types))
            .collect();
        Some(Server {
            url_template: server.url.clone(),
            variables,
        })
    }

    /// The URL, at its defaults, of the first server an operation or its path
    /// item lists. A relative one is dropped with a warning: it would be
    /// resolved against the document's own location, which a client does not know.
    pub(super) fn operation_server(
        &mut self,
        servers: &[openapiv3::Server],
        pointer: &JsonPointer,
    ) -> Option<String> {
        let server = servers.first()?;
        let defaults: Vec<(&str, &str)> = server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| (name.as_str(), variable.default.as_str()))
            .collect();
        let url = substitute(&server.url, &defaults);
        if is_absolute(&url) {
            return Some(url);
        }
        self.warnings.push(
            &pointer.join("0").join("url"),
            "a relative server URL of a path or operation is ignored; the operation uses the client's base URL",
        );
        None
    }
}

fn server_variable(
    name: &str,
    variable: &DocumentVariable,
    methods: &mut NameScope,
    types: &mut NameScope,
) -> ServerVariable {
    let method = methods.claim_ident(&snake_case(&format!("server {name}")));
    let values = (!variable.enumeration.is_empty()).then(|| {
        let mut variant_names = NameScope::default();
        ServerVariableValues {
            type_name: types.claim(&pascal_case(name, "Server")),
            variants: variable
                .enumeration
                .iter()
                .map(|value| EnumVariant {
                    name: variant_names.claim(&pascal_case(value, "Value")),
                    value: value.clone(),
                })
                .collect(),
        }
    });
    ServerVariable {
        name: name.to_owned(),
        method,
        default: variable.default.clone(),
        description: variable.description.clone(),
        values,
    }
}

fn substitute_defaults(template: &str, variables: &[ServerVariable]) -> String {
    let defaults: Vec<(&str, &str)> = variables
        .iter()
        .map(|variable| (variable.name.as_str(), variable.default.as_str()))
        .collect();
    substitute(template, &defaults)
}

/// `template` with each `{name}` replaced by its value; a placeholder without
/// a variable stays as written.
fn substitute(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |url, (name, value)| {
            url.replace(&format!("{{{name}}}"), value)
        })
}

/// A scheme followed by `://`, as in `https://api.example.com`.
fn is_absolute(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || "+-.".contains(character))
    })
}
