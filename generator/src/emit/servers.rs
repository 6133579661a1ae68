//! The server the client talks to: the base URL constants of `lib.rs` and,
//! when the server URL has variables, `servers.rs` with a type per listed set
//! of values and a `ClientBuilder` method per variable.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{lines_to_attributes, sanitize};
use super::types::{ident, rust_ident};
use crate::model::{ApiModel, Server, ServerVariable, ServerVariableValues};

/// Where a document names no server; callers set the base URL.
const FALLBACK_BASE_URL: &str = "http://localhost";

/// Whether the crate has a `servers` module: the server URL has variables.
pub fn has_servers_module(model: &ApiModel) -> bool {
    model
        .server
        .as_ref()
        .is_some_and(|server| !server.variables.is_empty())
}

/// `DEFAULT_BASE_URL`, the template and variables the builder starts from, and
/// the error type of `ClientBuilder::build`.
pub fn base_url_items(model: &ApiModel) -> TokenStream {
    let (default_url, template) = match &model.server {
        Some(server) => (server.default_url(), server.url_template.clone()),
        None => (FALLBACK_BASE_URL.to_owned(), FALLBACK_BASE_URL.to_owned()),
    };
    let variables = model.server.iter().flat_map(|server| &server.variables);
    let names = variables.clone().map(|variable| &variable.name);
    let defaults = variables.map(|variable| &variable.default);
    // A fixed absolute URL cannot make `build` fail, so its error stays the
    // HTTP stack's own, as it was before servers could be templated.
    let build_error = match &model.server {
        Some(server) if !is_fixed_and_absolute(server) => quote!(runtime::BuildError),
        _ => quote!(reqwest::Error),
    };
    quote! {
        /// The base URL of the first server the API description lists, with
        /// each server variable at its default.
        pub const DEFAULT_BASE_URL: &str = #default_url;

        /// The URL of the first server as written, with a `{name}` for each of
        /// [`SERVER_VARIABLES`].
        pub const SERVER_URL_TEMPLATE: &str = #template;

        /// The variables of [`SERVER_URL_TEMPLATE`] and their defaults.
        pub const SERVER_VARIABLES: &[(&str, &str)] = &[#((#names, #defaults)),*];

        /// Why [`ClientBuilder::build`] failed.
        pub type ClientBuildError = #build_error;
    }
}

fn is_fixed_and_absolute(server: &Server) -> bool {
    server.variables.is_empty() && server.is_absolute()
}

/// `src/servers.rs`: the value types and builder methods of the variables.
pub fn servers_module(model: &ApiModel) -> TokenStream {
    let Some(server) = &model.server else {
        return TokenStream::new();
    };
    let types = server
        .variables
        .iter()
        .filter_map(|variable| variable.values.as_ref().map(|values| (variable, values)))
        .map(|(variable, values)| value_type(variable, values));
    let methods = server
        .variables
        .iter()
        .map(|variable| builder_method(server, variable));
    quote! {
        //! The variables of the server URL, set on [`ClientBuilder`].

        use crate::runtime::ClientBuilder;

        #(#types)*

        impl ClientBuilder {
            #(#methods)*
        }
    }
}

fn value_type(variable: &ServerVariable, values: &ServerVariableValues) -> TokenStream {
    let name = ident(&values.type_name);
    let docs = lines_to_attributes(&[format!(
        "The values the server variable `{}` may take.",
        variable.name
    )]);
    let variants = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let variant_docs = lines_to_attributes(&[format!("`{}`", variant.value)]);
        quote!(#variant_docs #variant_name,)
    });
    let arms = values.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = &variant.value;
        quote!(Self::#variant_name => #value,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it appears in the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn builder_method(server: &Server, variable: &ServerVariable) -> TokenStream {
    let method = rust_ident(&variable.method);
    let name = &variable.name;
    let mut lines = vec![
        format!(
            "Sets `{{{name}}}` of the server URL `{}`; default `{}`.",
            server.url_template, variable.default
        ),
        String::new(),
        "Ignored when a base URL is set with [`ClientBuilder::base_url`].".to_owned(),
    ];
    if let Some(description) = &variable.description {
        lines.push(String::new());
        lines.extend(sanitize(description));
    }
    let docs = lines_to_attributes(&lines);
    match &variable.values {
        Some(values) => {
            let ty = ident(&values.type_name);
            quote! {
                #docs
                pub fn #method(self, value: #ty) -> Self {
                    self.set_server_variable(#name, value.as_str())
                }
            }
        }
        None => quote! {
            #docs
            pub fn #method(self, value: impl Into<String>) -> Self {
                self.set_server_variable(#name, value)
            }
        },
    }
}
