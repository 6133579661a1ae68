//! Operations to client methods and their parameter structs.
//!
//! Each method is a short chain of calls into the runtime's request builder,
//! so the per-operation code stays small however large the API is.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::construction::{constructor_and_setters, Member, MemberPresence};
use super::docs::{code_span, led_doc_attributes, lines_to_attributes, sanitize};
use super::sections::{FeatureCondition, Sections};
use super::types::{describe_constraints, ident, rust_ident, rust_type, TypeScope};
use super::validation::{params_checks, value_checks};
use crate::model::{
    ApiModel, AuthKind, AuthScheme, BodyKind, ErrorBodies, MethodKind, Operation, Pagination,
    Parameter, ParameterLocation, ParameterStyle, PathSegment, RustIdent, StatusCase,
    StatusResponses, SuccessResponse, TypeRef,
};

/// How a method takes the request body: typed as the document describes it,
/// or as bytes the caller encoded (the `_raw` methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyArgument {
    Typed,
    Encoded,
}

/// `impl Client { ... }` with one method per operation (two for downloads).
pub fn client_impl(model: &ApiModel) -> TokenStream {
    let sections: Sections<&Operation> = model
        .operations
        .iter()
        .map(|operation| (FeatureCondition::any_of(&operation.features), operation))
        .collect();
    let features_per_tag = !model.features.is_empty();
    let imports = client_imports(model);
    // Only schemes some operation applies: an unused constant is a warning.
    let used: std::collections::BTreeSet<&String> = model
        .operations
        .iter()
        .flat_map(|operation| operation.security.iter().flatten().flatten())
        .collect();
    let schemes = model
        .auth
        .iter()
        .filter(|scheme| used.contains(&scheme.name))
        .map(|scheme| {
            let constant = scheme_constant(scheme);
            let allow = features_per_tag.then(|| quote!(#[allow(dead_code)]));
            quote!(#allow #constant)
        });
    // One `impl` block per section: its `cfg` is the condition of all its
    // methods (see `sections`).
    let impls = sections.into_iter().map(|(condition, operations)| {
        let cfg = condition.attribute();
        let methods = operations
            .into_iter()
            .map(|operation| operation_methods(model, operation));
        quote! {
            #cfg
            impl crate::runtime::Client {
                #(#methods)*
            }
        }
    });
    quote! {
        #imports
        #(#schemes)*
        #(#impls)*
    }
}

/// The names the methods use, imported so that each call reads short and
/// most fit on one line (the generated client is mostly these calls). Every
/// import is allowed to go unused: which ones an API needs, and which its
/// feature selection keeps, varies.
fn client_imports(model: &ApiModel) -> TokenStream {
    let params = model
        .operations
        .iter()
        .any(|operation| operation.params_struct.is_some())
        .then(|| quote!(params,));
    quote! {
        #[allow(unused_imports)]
        use crate::runtime::{Error, Explode, ParamStyle, PathStyle, RequestPath, ResponseValue};
        #[allow(unused_imports)]
        use crate::{models, #params};
        #[allow(unused_imports)]
        use reqwest::Method;
        #[allow(unused_imports)]
        use std::future::Future;
    }
}

/// The `params` module: one struct per operation with query, header or
/// cookie parameters. Operations whose parameters are the same share one
/// struct, and the others' names are aliases of it: APIs that pass
/// credentials as header parameters (Autotask: 2,958 operations, three
/// different sets of parameters) would otherwise repeat one struct thousands
/// of times.
pub fn params_structs(
    model: &ApiModel,
) -> impl Iterator<Item = (FeatureCondition, TokenStream)> + '_ {
    let kept = shared_params(model);
    model.operations.iter().enumerate().filter_map(move |(index, operation)| {
        let name = ident(operation.params_struct.as_deref()?);
        match kept.get(&index) {
            Some(SharedParams::Kept { features, shared_with }) => {
                let items = params_struct_items(model, operation, *shared_with)?;
                Some((FeatureCondition::any_of(features), items))
            }
            Some(SharedParams::AliasOf(kept)) => {
                let kept_name = ident(model.operations[*kept].params_struct.as_deref()?);
                let method = operation.method_name().bare();
                let doc = format!(
                    " Parameters of [`Client::{method}`](crate::Client::{method}): the same as [`{kept_name}`]."
                );
                let alias = quote! {
                    #[doc = #doc]
                    pub type #name = #kept_name;
                };
                Some((FeatureCondition::any_of(&operation.features), alias))
            }
            None => None,
        }
    })
}

/// How an operation's parameter struct is emitted.
pub(super) enum SharedParams {
    /// As a struct, compiled with any of `features`, whose parameters
    /// `shared_with` other operations have too.
    Kept {
        features: Vec<String>,
        shared_with: usize,
    },
    /// As an alias of the struct of the operation at this index.
    AliasOf(usize),
}

/// For each operation with a parameter struct, by index: the struct it
/// keeps, or the one it is an alias of. The struct kept for a group of
/// operations with the same parameters is the one with the shortest name,
/// then the first in alphabetical order, so that an operation added
/// elsewhere does not change it unless it joins the group.
pub(super) fn shared_params(model: &ApiModel) -> std::collections::HashMap<usize, SharedParams> {
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (index, operation) in model.operations.iter().enumerate() {
        if operation.params_struct.is_some() {
            let parameters: Vec<&Parameter> = non_path_parameters(operation).collect();
            groups
                .entry(format!("{parameters:?}"))
                .or_default()
                .push(index);
        }
    }
    let mut shared = std::collections::HashMap::new();
    for members in groups.into_values() {
        let name = |index: &usize| {
            let name = model.operations[*index]
                .params_struct
                .clone()
                .unwrap_or_default();
            (name.len(), name)
        };
        let Some(kept) = members.iter().copied().min_by_key(name) else {
            continue;
        };
        let mut features: Vec<String> = Vec::new();
        // Compiled whenever one of the operations is; always, if one always is.
        if members
            .iter()
            .all(|index| !model.operations[*index].features.is_empty())
        {
            for area in &model.features {
                let used = members
                    .iter()
                    .any(|index| model.operations[*index].features.contains(&area.name));
                if used {
                    features.push(area.name.clone());
                }
            }
        }
        for &member in &members {
            if member != kept {
                shared.insert(member, SharedParams::AliasOf(kept));
            }
        }
        let shared_with = members.len() - 1;
        shared.insert(
            kept,
            SharedParams::Kept {
                features,
                shared_with,
            },
        );
    }
    shared
}

fn params_struct_items(
    model: &ApiModel,
    operation: &Operation,
    shared_with: usize,
) -> Option<TokenStream> {
    let struct_name = ident(operation.params_struct.as_deref()?);
    let fields: Vec<&Parameter> = non_path_parameters(operation).collect();
    let default = fields
        .iter()
        .all(|parameter| !parameter.required || model.has_natural_default(&parameter.ty))
        .then(|| quote!(Default,));
    let field_items = fields.iter().map(|parameter| {
        let name = rust_ident(&parameter.rust_name);
        let ty = rust_type(model, &parameter.ty, TypeScope::ImportsModels);
        let ty = if parameter.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        let lead = format!(
            "`{}` {} parameter",
            parameter.wire_name,
            location_word(parameter.location)
        );
        let notes: Vec<String> = describe_constraints(&parameter.constraints)
            .into_iter()
            .collect();
        let docs = led_doc_attributes(&parameter.docs, &lead, &notes);
        quote! { #docs pub #name: #ty, }
    });
    let method = operation.method_name().bare();
    let mut doc = format!(" Parameters of [`Client::{method}`](crate::Client::{method})");
    match shared_with {
        0 => doc.push('.'),
        1 => doc.push_str(" and of one other operation with the same parameters."),
        more => doc.push_str(&format!(
            " and of {more} other operations with the same parameters."
        )),
    }
    let members: Vec<Member> = fields
        .iter()
        .map(|parameter| Member {
            ident: rust_ident(&parameter.rust_name),
            value: rust_type(model, &parameter.ty, TypeScope::ImportsModels),
            presence: if parameter.required {
                MemberPresence::Required
            } else {
                MemberPresence::Optional
            },
            deprecated: parameter.docs.deprecated,
        })
        .collect();
    let construction = constructor_and_setters(&struct_name, &members);
    let checks = params_checks(model, &fields);
    let validation = (!checks.is_empty()).then(|| {
        quote! {
            impl crate::runtime::Validate for #struct_name {
                fn validate(&self, violations: &mut crate::runtime::Violations) {
                    #checks
                }
            }
        }
    });
    let entries = fields.iter().map(|parameter| parameters_entry(parameter));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #struct_name {
            #(#field_items)*
        }

        #construction

        #validation

        crate::runtime::parameters!(#struct_name { #(#entries),* });
    })
}

/// A field's entry in its struct's `runtime::parameters!` line: place, wire
/// name, field, whether dispatch requires it, and a query parameter's style
/// when it is not exploded form.
fn parameters_entry(parameter: &Parameter) -> TokenStream {
    let wire = &parameter.wire_name;
    let field = rust_ident(&parameter.rust_name);
    let read = if parameter.required {
        quote!(required)
    } else {
        quote!(optional)
    };
    let place = ident(match parameter.location {
        ParameterLocation::Query | ParameterLocation::Path => "Query",
        ParameterLocation::Header => "Header",
        ParameterLocation::Cookie => "Cookie",
    });
    let styled = parameter.location == ParameterLocation::Query
        && !(parameter.style == ParameterStyle::Form && parameter.explode);
    let style = styled.then(|| {
        let style = query_style(parameter.style);
        let explode = ident(if parameter.explode { "Yes" } else { "No" });
        quote!([#style #explode])
    });
    quote!(#place #wire #field #read #style)
}

/// The runtime's `ParamStyle` variant for a query parameter's style.
fn query_style(style: ParameterStyle) -> Ident {
    ident(match style {
        ParameterStyle::Form
        | ParameterStyle::Simple
        | ParameterStyle::Label
        | ParameterStyle::Matrix => "Form",
        ParameterStyle::SpaceDelimited => "SpaceDelimited",
        ParameterStyle::PipeDelimited => "PipeDelimited",
        ParameterStyle::DeepObject => "DeepObject",
    })
}

/// `.check(..)` with every constraint on the path parameters, the parameter
/// struct and the body, or nothing when the operation has none.
fn request_checks(
    model: &ApiModel,
    operation: &Operation,
    body_argument: BodyArgument,
) -> TokenStream {
    let path_checks = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == ParameterLocation::Path)
        .map(|parameter| {
            let name = rust_ident(&parameter.rust_name);
            value_checks(
                model,
                &parameter.wire_name,
                &quote!(&#name),
                &parameter.ty,
                &parameter.constraints,
            )
        });
    let non_path: Vec<&Parameter> = non_path_parameters(operation).collect();
    let params_check = (!params_checks(model, &non_path).is_empty())
        .then(|| quote!(violations.nested("", params);));
    let body_check = operation
        .request_body
        .as_ref()
        .filter(|_| body_argument == BodyArgument::Typed)
        .map(|body| match &body.kind {
            BodyKind::Json { ty, .. }
            | BodyKind::FormUrlEncoded { ty }
            | BodyKind::Multipart { ty } => {
                // Object bodies name fields from their root; arrays say `body[i]`.
                let name = if matches!(ty, TypeRef::Array(_)) {
                    "body"
                } else {
                    ""
                };
                value_checks(model, name, &quote!(body), ty, &body.constraints)
            }
            BodyKind::Binary { .. } => quote!(),
        });
    let checks = quote!(#(#path_checks)* #params_check #body_check);
    if checks.is_empty() {
        return quote!();
    }
    quote!(.check(|violations| { #checks }))
}

fn operation_methods(model: &ApiModel, operation: &Operation) -> TokenStream {
    let methods = operation.methods.iter().map(|(name, kind)| match kind {
        MethodKind::Buffered => buffered_method(model, operation, name),
        MethodKind::ByteStream => byte_stream_method(model, operation, name),
        MethodKind::ItemStream(pagination) => pagination_method(model, operation, name, pagination),
        MethodKind::Raw => raw_method(model, operation, name),
    });
    quote!(#(#methods)*)
}

/// `{operation}_raw`: the body as the caller encoded it, the response in the
/// media type the caller asks for, as bytes.
fn raw_method(model: &ApiModel, operation: &Operation, name: &RustIdent) -> TokenStream {
    let method_name = rust_ident(name);
    let mut arguments = method_arguments(model, operation, BodyArgument::Encoded);
    arguments.push(quote!(accept: &str));
    let start = request_start(model, operation);
    let checks = request_checks(model, operation, BodyArgument::Encoded);
    let parameter_calls = operation
        .params_struct
        .as_ref()
        .map(|_| quote!(.params(params)));
    let upload = operation
        .request_body
        .as_ref()
        .map(|_| quote!(.upload(body)));
    let mut doc = vec![format!(
        "Like [`Self::{}`], but with the body and the response as raw bytes, in other media types the API lists.",
        operation.method_name().bare()
    )];
    if let Some(body) = operation
        .request_body
        .as_ref()
        .filter(|body| !body.other_media_types.is_empty())
    {
        doc.push(String::new());
        doc.push(format!(
            "`body` may also be sent as: {}.",
            body.other_media_types.join(", ")
        ));
    }
    if !operation.other_response_media_types.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            "`accept` may also ask for: {}.",
            operation.other_response_media_types.join(", ")
        ));
    }
    let docs = lines_to_attributes(&doc);
    let deprecated = operation.docs.deprecated.then(|| quote!(#[deprecated]));
    let result = result_type(model, operation, quote!(ResponseValue<bytes::Bytes>));
    quote! {
        #docs
        #deprecated
        pub fn #method_name(&self, #(#arguments),*) -> impl Future<Output = #result> + '_ {
            #start
            request
                #checks
                #parameter_calls
                .header("Accept", accept)
                #upload
                .send_bytes()
        }
    }
}

/// `{operation}_stream`: every item of every page, keeping the caller's filters.
fn pagination_method(
    model: &ApiModel,
    operation: &Operation,
    name: &RustIdent,
    pagination: &Pagination,
) -> TokenStream {
    let method_name = rust_ident(name);
    let list_method = rust_ident(operation.method_name());
    let Some(params_struct) = operation.params_struct.as_deref().map(ident) else {
        return quote!();
    };
    // The stream borrows the path arguments for as long as it borrows the client.
    let path_arguments = path_arguments(model, operation, &quote!('a));
    let path_names = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == ParameterLocation::Path)
        .map(|parameter| rust_ident(&parameter.rust_name));
    let item_type = rust_type(model, &pagination.item_type, TypeScope::ImportsModels);
    let offset = rust_ident(&pagination.offset.rust_name);
    let offset_type = rust_type(model, &pagination.offset.ty, TypeScope::ImportsModels);
    let (start, set_offset) = if pagination.offset.optional {
        (
            quote!(params.#offset.map_or(0, |offset| offset as u64)),
            quote!(params.#offset = Some(offset as #offset_type)),
        )
    } else {
        (
            quote!(params.#offset as u64),
            quote!(params.#offset = offset as #offset_type),
        )
    };
    let items = rust_ident(&pagination.items.rust_name);
    let items_value = if pagination.items.optional {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    let total_value = match &pagination.total {
        Some(total) if total.optional => {
            let total = rust_ident(&total.rust_name);
            quote!(page.#total.map(|total| total as u64))
        }
        Some(total) => {
            let total = rust_ident(&total.rust_name);
            quote!(Some(page.#total as u64))
        }
        None => quote!(None),
    };
    let doc = format!(
        " Every item of [`Self::{}`], fetched page by page from `params`' offset on, keeping its other parameters. Ends when the reported total is reached or a page is empty; a failed page is the last item.",
        operation.method_name().bare()
    );
    let item_result = result_type(model, operation, item_type.clone());
    // The walk calls the list method; a deprecated one is deprecated here too.
    let deprecated = operation
        .docs
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #method_name<'a>(
            &'a self,
            #(#path_arguments,)*
            params: &params::#params_struct,
        ) -> impl futures_util::Stream<Item = #item_result> + 'a {
            let start = #start;
            crate::runtime::paginate(params.clone(), start, move |mut params, offset| async move {
                #set_offset;
                let page = self.#list_method(#(#path_names,)* &params).await?.into_inner();
                let page = crate::runtime::Page { items: #items_value, total: #total_value };
                Ok((params, page))
            })
        }
    }
}

/// The method every operation has: the typed body in, the whole response
/// decoded (or buffered) out.
fn buffered_method(model: &ApiModel, operation: &Operation, name: &RustIdent) -> TokenStream {
    let docs = method_docs(operation, &operation_summary_lines(operation));
    let (return_type, send) = response_handling(model, &operation.success);
    typed_call_method(model, operation, name, docs, return_type, send)
}

/// `{operation}_stream` of a binary download: the body as a stream of chunks.
fn byte_stream_method(model: &ApiModel, operation: &Operation, name: &RustIdent) -> TokenStream {
    let lead = vec![format!(
        "Like [`Self::{}`], but yields the body as a stream of chunks instead of buffering it.",
        operation.method_name().bare()
    )];
    let docs = method_docs(operation, &lead);
    let (return_type, send) = (quote!(crate::runtime::ByteStream), quote!(send_stream()));
    typed_call_method(model, operation, name, docs, return_type, send)
}

/// A method that sends the typed request and reads the response with `send`.
fn typed_call_method(
    model: &ApiModel,
    operation: &Operation,
    name: &RustIdent,
    docs: TokenStream,
    return_type: TokenStream,
    send: TokenStream,
) -> TokenStream {
    let method_name = rust_ident(name);
    let deprecated = operation.docs.deprecated.then(|| quote!(#[deprecated]));
    let arguments = method_arguments(model, operation, BodyArgument::Typed);
    let start = request_start(model, operation);
    let parameter_calls = operation
        .params_struct
        .as_ref()
        .map(|_| quote!(.params(params)));
    let body_call = body_call(model, operation);
    let checks = request_checks(model, operation, BodyArgument::Typed);
    let result = result_type(model, operation, quote!(ResponseValue<#return_type>));
    quote! {
        #docs
        #deprecated
        pub fn #method_name(&self, #(#arguments),*) -> impl Future<Output = #result> + '_ {
            #start
            request
                #checks
                #parameter_calls
                #body_call
                .#send
        }
    }
}

/// The summary and description, each once (documents often repeat one as the other).
fn operation_summary_lines(operation: &Operation) -> Vec<String> {
    let summary = operation
        .docs
        .summary
        .as_deref()
        .or(operation.docs.description.as_deref());
    let rendered = [summary, operation.docs.description.as_deref()];
    let mut lines = Vec::new();
    let mut seen = Vec::new();
    for text in rendered.into_iter().flatten() {
        if seen.contains(&text.trim()) {
            continue;
        }
        seen.push(text.trim());
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(text.trim()));
    }
    lines
}

/// `lead`, then the route and the error statuses the document lists.
fn method_docs(operation: &Operation, lead: &[String]) -> TokenStream {
    let mut lines = lead.to_vec();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    // One paragraph: the route, what the method sends itself, the errors.
    let mut route = format!(
        "`{} {}` (operation `{}`).",
        operation.http_method.as_str(),
        operation.path_template,
        operation.operation_id
    );
    if !operation.fixed_parameters.is_empty() {
        let fixed: Vec<String> = operation
            .fixed_parameters
            .iter()
            .map(|parameter| {
                let value = code_span(&format!("{}={}", parameter.wire_name, parameter.value));
                format!("{value} ({})", parameter.location.as_str())
            })
            .collect();
        route.push_str(&format!(
            " Sends {} itself: the API allows no other value.",
            fixed.join(", ")
        ));
    }
    if !operation.error_statuses.is_empty() {
        route.push_str(&format!(
            " Errors the API describes: {}.",
            operation.error_statuses.join(", ")
        ));
    }
    lines.push(route);
    lines_to_attributes(&lines)
}

/// Path parameters, the parameter struct and the body (typed, or as an
/// [`Upload`] for raw methods).
fn method_arguments(
    model: &ApiModel,
    operation: &Operation,
    body_argument: BodyArgument,
) -> Vec<TokenStream> {
    let mut arguments = path_arguments(model, operation, &quote!());
    if let Some(params) = &operation.params_struct {
        let params = ident(params);
        arguments.push(quote!(params: &params::#params));
    }
    if let Some(body) = &operation.request_body {
        let ty = match (&body.kind, body_argument) {
            (
                BodyKind::Json { ty, .. }
                | BodyKind::FormUrlEncoded { ty }
                | BodyKind::Multipart { ty },
                BodyArgument::Typed,
            ) => borrowed_type(model, ty, &quote!()),
            _ => quote!(crate::runtime::Upload),
        };
        arguments.push(quote!(body: #ty));
    }
    arguments
}

/// `name: Type` for each path parameter, in template order; references carry
/// `lifetime` (empty for an elided one).
fn path_arguments(
    model: &ApiModel,
    operation: &Operation,
    lifetime: &TokenStream,
) -> Vec<TokenStream> {
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == ParameterLocation::Path)
        .map(|parameter| {
            let name = rust_ident(&parameter.rust_name);
            let ty = path_argument_type(model, &parameter.ty, lifetime);
            quote!(#name: #ty)
        })
        .collect()
}

/// Small values by value, strings as `&str`, everything else by reference.
fn path_argument_type(model: &ApiModel, ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Boolean
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date => rust_type(model, ty, TypeScope::ImportsModels),
        other => borrowed_type(model, other, lifetime),
    }
}

fn borrowed_type(model: &ApiModel, ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Array(item) => {
            let item = rust_type(model, item, TypeScope::ImportsModels);
            quote!(&#lifetime [#item])
        }
        TypeRef::String => quote!(&#lifetime str),
        other => {
            let ty = rust_type(model, other, TypeScope::ImportsModels);
            quote!(&#lifetime #ty)
        }
    }
}

/// `let path = ..; let request = ..;` (the path inline when it is only a
/// template): statements of their own, so that the
/// builder chain that follows starts at the usual indent (a chain that starts
/// with a call is laid out with its arguments indented twice).
fn request_start(model: &ApiModel, operation: &Operation) -> TokenStream {
    let path = path_expression(operation);
    let http_method = ident(operation.http_method.as_str());
    let operation_id = &operation.operation_id;
    let server = operation.server.as_ref().map(|url| {
        quote! {
            let request = request.server(#url);
        }
    });
    let security = operation.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|alternative| {
            let schemes = alternative
                .iter()
                .filter_map(|name| model.auth.iter().find(|scheme| scheme.name == *name))
                .map(|scheme| format_ident!("{}", scheme.const_name));
            quote!(&[#(#schemes),*])
        });
        quote! {
            let request = request.security(&[#(#alternatives),*]);
        }
    });
    let fixed = (!operation.fixed_parameters.is_empty()).then(|| {
        let calls = operation.fixed_parameters.iter().map(|parameter| {
            let (wire, value) = (&parameter.wire_name, &parameter.value);
            let method = format_ident!("{}", parameter.location.as_str());
            quote!(.#method(#wire, #value))
        });
        quote!(let request = request #(#calls)*;)
    });
    // A path without parameters is its template, short enough to give inline.
    let request = if operation.path_template.is_literal() {
        quote!(let request = self.request(Method::#http_method, #operation_id, #path);)
    } else {
        quote! {
            let path = #path;
            let request = self.request(Method::#http_method, #operation_id, path);
        }
    };
    quote! {
        #request
        #fixed
        #server
        #security
    }
}

/// The constant that stands for a scheme in operations' `security`.
fn scheme_constant(scheme: &AuthScheme) -> TokenStream {
    let name = &scheme.name;
    let const_name = format_ident!("{}", scheme.const_name);
    let kind = match &scheme.kind {
        AuthKind::Bearer | AuthKind::OAuth2ClientCredentials { .. } => quote!(Bearer),
        AuthKind::Basic => quote!(Basic),
        AuthKind::ApiKeyHeader(header) => quote!(ApiKeyHeader(#header)),
        AuthKind::ApiKeyQuery(parameter) => quote!(ApiKeyQuery(#parameter)),
        AuthKind::ApiKeyCookie(cookie) => quote!(ApiKeyCookie(#cookie)),
    };
    quote! {
        const #const_name: crate::runtime::Scheme = crate::runtime::Scheme {
            name: #name,
            kind: crate::runtime::SchemeKind::#kind,
        };
    }
}

/// `RequestPath::new("/a/{id}/b").param("id", &id)` for templated paths (one
/// call per placeholder, in template order), the template otherwise: the
/// runtime encodes each value and refuses one that would not stay a segment
/// of its own. (No `format!`: prettyplease cannot lay out macro arguments.)
fn path_expression(operation: &Operation) -> TokenStream {
    let template = &operation.path_template;
    let text = template.as_str();
    if template.is_literal() {
        return quote!(#text);
    }
    let calls = template
        .segments()
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(_) => None,
            PathSegment::Parameter(name) => {
                let declared = operation.parameters.iter().find(|parameter| {
                    parameter.location == ParameterLocation::Path && parameter.rust_name == *name
                });
                let wire_name = declared.map_or_else(
                    || name.bare().to_owned(),
                    |parameter| parameter.wire_name.clone(),
                );
                let name = rust_ident(name);
                // The default (simple, not exploded) keeps the short form.
                let style = declared
                    .filter(|parameter| {
                        parameter.style != ParameterStyle::Simple || parameter.explode
                    })
                    .map(|parameter| {
                        let style = ident(match parameter.style {
                            ParameterStyle::Label => "Label",
                            ParameterStyle::Matrix => "Matrix",
                            _ => "Simple",
                        });
                        (style, explode(parameter))
                    });
                Some(match style {
                    Some((style, explode)) => {
                        quote!(.styled_param(#wire_name, &#name, PathStyle::#style, #explode))
                    }
                    None => quote!(.param(#wire_name, &#name)),
                })
            }
        });
    quote!(RequestPath::new(#text) #(#calls)*)
}

fn non_path_parameters(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location != ParameterLocation::Path)
}

/// `Explode::Yes` or `Explode::No`, as the parameter says.
fn explode(parameter: &Parameter) -> TokenStream {
    if parameter.explode {
        quote!(Explode::Yes)
    } else {
        quote!(Explode::No)
    }
}

fn body_call(model: &ApiModel, operation: &Operation) -> TokenStream {
    let Some(body) = &operation.request_body else {
        return quote!();
    };
    match &body.kind {
        BodyKind::Json { media_type, .. } => quote!(.json_body(#media_type, body)),
        BodyKind::FormUrlEncoded { ty } => form_calls(model, ty),
        BodyKind::Multipart { ty } => multipart_calls(model, ty),
        BodyKind::Binary { .. } => quote!(.upload(body)),
    }
}

/// One pair per field, in declaration order.
fn form_calls(model: &ApiModel, ty: &TypeRef) -> TokenStream {
    let Some(structure) = model.struct_behind(ty) else {
        return quote!(.form_body(body));
    };
    let fields = structure.fields.iter().map(|field| {
        let wire = &field.wire_name;
        let member = rust_ident(&field.rust_name);
        quote!(.form_field(#wire, &body.#member))
    });
    quote!(#(#fields)*)
}

/// One part per field of the body struct: binary fields as file parts, the
/// rest as text; a body that is not a struct is sent field by field as text.
fn multipart_calls(model: &ApiModel, ty: &TypeRef) -> TokenStream {
    let Some(structure) = model.struct_behind(ty) else {
        return quote!(.multipart_body(body));
    };
    let parts = structure.fields.iter().map(|field| {
        let wire = &field.wire_name;
        let member = rust_ident(&field.rust_name);
        if field.ty == TypeRef::Bytes {
            quote!(.multipart_file(#wire, &body.#member))
        } else if field.ty == TypeRef::Array(Box::new(TypeRef::Bytes)) {
            quote!(.multipart_files(#wire, &body.#member))
        } else {
            quote!(.multipart_text(#wire, &body.#member))
        }
    });
    quote!(#(#parts)*)
}

fn response_handling(model: &ApiModel, success: &SuccessResponse) -> (TokenStream, TokenStream) {
    match success {
        SuccessResponse::Empty => (quote!(()), quote!(send_empty())),
        SuccessResponse::Json(ty) => (
            rust_type(model, ty, TypeScope::ImportsModels),
            quote!(send_json()),
        ),
        SuccessResponse::Binary => (quote!(bytes::Bytes), quote!(send_bytes())),
        SuccessResponse::Text => (quote!(String), quote!(send_text())),
        SuccessResponse::ByStatus(responses) => {
            let name = ident(&responses.type_name);
            let arms = responses.cases.iter().map(|case| status_arm(&name, case));
            let catch_all = (!responses.cases.iter().any(|case| case.status == "default")).then(
                || quote!(_ => crate::responses::#name::Other { status, body: body.clone() },),
            );
            let decode = quote! {
                send_by_status(|status, body| {
                    Ok(match status {
                        #(#arms)*
                        #catch_all
                    })
                })
            };
            (quote!(crate::responses::#name), decode)
        }
    }
}

/// `201 => Response::Created(serde_json::from_slice(body)?),`
fn status_arm(name: &Ident, case: &StatusCase) -> TokenStream {
    let variant = ident(&case.variant);
    let pattern = match case.status.as_str() {
        "default" => quote!(_),
        range if range.ends_with("XX") => {
            let hundreds: u16 = range[..1].parse().unwrap_or(2) * 100;
            let (first, last) = (
                Literal::u16_unsuffixed(hundreds),
                Literal::u16_unsuffixed(hundreds + 99),
            );
            quote!(#first..=#last)
        }
        code => {
            let code = Literal::u16_unsuffixed(code.parse().unwrap_or(200));
            quote!(#code)
        }
    };
    let value = match &case.body {
        SuccessResponse::Json(_) => quote!((serde_json::from_slice(body)?)),
        SuccessResponse::Text => quote!((String::from_utf8_lossy(body).into_owned())),
        _ => quote!(),
    };
    quote!(#pattern => crate::responses::#name::#variant #value,)
}

/// `crate::Result<ok>` where the operation's errors carry the crate's error
/// body, else a `Result` whose error names the operation's own.
fn result_type(model: &ApiModel, operation: &Operation, ok: TokenStream) -> TokenStream {
    let own = match &operation.error_bodies {
        ErrorBodies::One(ty) if model.error_body.as_ref() != Some(ty) => {
            Some(rust_type(model, ty, TypeScope::ImportsModels))
        }
        ErrorBodies::Several(_) if model.error_body.is_some() => Some(quote!(serde_json::Value)),
        _ => None,
    };
    match own {
        // The crate's `Result` with another error: the same type, shorter.
        Some(body) => quote!(crate::Result<#ok, Error<#body>>),
        None => quote!(crate::Result<#ok>),
    }
}

/// The enums of operations whose success statuses carry different bodies.
pub fn status_response_enums(
    model: &ApiModel,
) -> impl Iterator<Item = (FeatureCondition, TokenStream)> + '_ {
    model
        .operations
        .iter()
        .filter_map(|operation| match &operation.success {
            SuccessResponse::ByStatus(responses) => Some((
                FeatureCondition::any_of(&operation.features),
                status_enum(model, operation, responses),
            )),
            _ => None,
        })
}

fn status_enum(
    model: &ApiModel,
    operation: &Operation,
    responses: &StatusResponses,
) -> TokenStream {
    let name = ident(&responses.type_name);
    let method = operation.method_name().bare();
    let doc = format!(" What [`Client::{method}`](crate::Client::{method}) returns, by the status of the response.");
    let variants = responses.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let (payload, what) = match &case.body {
            SuccessResponse::Json(ty) => {
                let ty = rust_type(model, ty, TypeScope::ImportsModels);
                (quote!((#ty)), "")
            }
            SuccessResponse::Text => (quote!((String)), ", as text"),
            _ => (quote!(), ", without a body"),
        };
        let doc = format!(" Status `{}`{what}.", case.status);
        quote!(#[doc = #doc] #variant #payload,)
    });
    let other = (!responses.cases.iter().any(|case| case.status == "default")).then(|| {
        quote! {
            /// A success status the API description does not list, with its body as sent.
            Other { status: u16, body: bytes::Bytes },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }
    }
}

fn location_word(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}
