//! `src/dispatch.rs` (the `dispatch` cargo feature): `Client::dispatch`
//! calls any operation by its operationId with JSON arguments, deserialised
//! into the operation's typed parameters and passed to its typed method.

use proc_macro2::TokenStream;
use quote::quote;

use super::sections::FeatureCondition;
use super::types::{ident, rust_ident, rust_type, TypeScope};
use crate::model::{
    ApiModel, BodyKind, FixedLocation, Operation, Parameter, ParameterLocation, SuccessResponse,
    TypeRef,
};

/// The module: its opening with the entry point, and one function per
/// operation.
pub fn dispatch_module(
    model: &ApiModel,
) -> (
    TokenStream,
    impl Iterator<Item = (FeatureCondition, TokenStream)> + '_,
) {
    let arms = model.operations.iter().map(|operation| {
        let id = &operation.operation_id;
        let function = rust_ident(operation.method_name());
        let cfg = FeatureCondition::any_of(&operation.features).attribute();
        quote!(#cfg #id => #function(self, arguments).await,)
    });
    let functions = model.operations.iter().map(|operation| {
        (
            FeatureCondition::any_of(&operation.features),
            operation_function(model, operation),
        )
    });
    // A document without operations (only webhooks), or a build with every
    // feature per tag off, leaves it unused.
    let unused = (model.operations.is_empty() || !model.features.is_empty())
        .then(|| quote!(let _ = &arguments;));
    let params = model
        .operations
        .iter()
        .any(|operation| operation.params_struct.is_some())
        .then(|| quote!(params,));
    let opening = quote! {
        //! Calling an operation by its operationId with JSON arguments; see
        //! [`Client::dispatch`](crate::Client::dispatch).

        // Dispatch reaches every operation by design, deprecated ones too;
        // typed calls are where deprecation is worth a warning.
        #![allow(deprecated)]

        // Which names an API's operations use varies.
        #[allow(unused_imports)]
        use crate::runtime::{json_error, DispatchArguments, DispatchError, DispatchResponse, Location::*};
        #[allow(unused_imports)]
        use crate::{models, #params Client};
        #[allow(unused_imports)]
        use serde_json::Value;

        #[allow(dead_code)]
        type Outcome = Result<DispatchResponse, DispatchError>;

        impl crate::Client {
            /// Calls the operation `operation_id` with JSON `arguments`
            /// (`{"path": {..}, "query": {..}, "header": {..}, "cookie": {..}, "body": ..}`,
            /// parameters under their names in the API description), through its
            /// typed method. Bytes are `{"base64": ..}`, `{"file": path}` or a
            /// string; binary responses come back as `{"base64": ..}`. An unknown
            /// operation, or arguments that do not fit, are `Error::InvalidRequest`
            /// naming the argument.
            pub async fn dispatch(
                &self,
                operation_id: &str,
                arguments: serde_json::Value,
            ) -> Result<crate::runtime::DispatchResponse, crate::runtime::DispatchError> {
                #unused
                match operation_id {
                    #(#arms)*
                    other => Err(crate::runtime::unknown_operation(other)),
                }
            }
        }
    };
    (opening, functions)
}

/// Reads every argument, checks that none is left over (before anything is
/// sent), calls the typed method and gives its response as JSON: one
/// `dispatch_operation!` line, or the function spelled out for a response
/// that depends on the status.
fn operation_function(model: &ApiModel, operation: &Operation) -> TokenStream {
    let Some(respond) = response_kind(&operation.success) else {
        return spelled_out_function(model, operation);
    };
    // The dispatch function is named after the typed method it calls.
    let method = rust_ident(operation.method_name());
    let id = &operation.operation_id;
    let path_values = path_parameters(operation).map(|parameter| {
        let name = rust_ident(&parameter.rust_name);
        let ty = rust_type(model, &parameter.ty, TypeScope::ImportsModels);
        let wire = &parameter.wire_name;
        quote!(#name: #ty = Path #wire)
    });
    let fixed = fixed_parameters(operation).map(|fixed| {
        let entries = fixed
            .iter()
            .map(|(location, name, value)| quote!(#location #name = #value));
        quote!(fixed #(#entries),*;)
    });
    let params = operation.params_struct.as_deref().map(|name| {
        let struct_name = ident(name);
        quote!(params params: params::#struct_name;)
    });
    let body = body_read(model, operation);
    let call_arguments = call_arguments(operation, body.as_ref());
    let body = body.as_ref().map(BodyRead::macro_part);
    quote! {
        crate::runtime::dispatch_operation!(
            #method(#id) { #(#path_values),* }
            #fixed
            #params
            #body
            call #method(#(#call_arguments),*) -> #respond
        );
    }
}

/// The typed method's arguments: the path values, the parameter struct and
/// the body, each as the method takes it.
fn call_arguments(operation: &Operation, body: Option<&BodyRead>) -> Vec<TokenStream> {
    path_parameters(operation)
        .map(path_argument)
        .chain(operation.params_struct.as_ref().map(|_| quote!(&params)))
        .chain(body.map(|body| body.argument.clone()))
        .collect()
}

/// How the macro turns the response into JSON; `None` for a response by
/// status, which is spelled out.
fn response_kind(success: &SuccessResponse) -> Option<proc_macro2::Ident> {
    let kind = match success {
        SuccessResponse::Empty => "empty",
        SuccessResponse::Json(_) => "json",
        SuccessResponse::Binary => "bytes",
        SuccessResponse::Text => "text",
        SuccessResponse::ByStatus(_) => return None,
    };
    Some(proc_macro2::Ident::new(
        kind,
        proc_macro2::Span::call_site(),
    ))
}

/// The dispatch function of an operation whose response depends on the
/// status: each status's body becomes JSON its own way.
fn spelled_out_function(model: &ApiModel, operation: &Operation) -> TokenStream {
    let method = rust_ident(operation.method_name());
    let id = &operation.operation_id;
    let path_values: Vec<TokenStream> = path_parameters(operation)
        .map(|parameter| argument_value(model, parameter))
        .collect();
    let params = params_value(operation);
    let fixed = fixed_parameters(operation).map(|fixed| {
        let entries = fixed
            .iter()
            .map(|(location, name, value)| quote!((#location, #name, #value)));
        quote!(args.fixed(&[#(#entries),*])?;)
    });
    let body = body_read(model, operation);
    let call_arguments = call_arguments(operation, body.as_ref());
    let body = body.as_ref().map(BodyRead::statement);
    let response = response_value(&operation.success);
    quote! {
        async fn #method(client: &Client, args: Value) -> Outcome {
            let args = DispatchArguments::parse(#id, args)?;
            #(#path_values)*
            #fixed
            #params
            #body
            args.finish()?;
            let response = client.#method(#(#call_arguments),*).await.map_err(json_error)?;
            #response
        }
    }
}

fn path_parameters(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location == ParameterLocation::Path)
}

/// `let id: T = args.required(Path, "id")?;`
fn argument_value(model: &ApiModel, parameter: &Parameter) -> TokenStream {
    let name = rust_ident(&parameter.rust_name);
    let ty = rust_type(model, &parameter.ty, TypeScope::ImportsModels);
    let wire = &parameter.wire_name;
    quote!(let #name: #ty = args.required(Path, #wire)?;)
}

/// Small values by value, the rest borrowed, as the typed method takes them.
fn path_argument(parameter: &Parameter) -> TokenStream {
    let name = rust_ident(&parameter.rust_name);
    match parameter.ty {
        TypeRef::Boolean
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date => quote!(#name),
        _ => quote!(&#name),
    }
}

/// `let params = Params::from_arguments(&args)?;`
fn params_value(operation: &Operation) -> Option<TokenStream> {
    let struct_name = ident(operation.params_struct.as_deref()?);
    Some(quote! {
        let params = params::#struct_name::from_arguments(&args)?;
    })
}

/// How a dispatch function reads an operation's body, and passes it on.
struct BodyRead {
    /// `: Type`, when the read needs to be told (JSON and multipart bodies).
    ty: Option<TokenStream>,
    /// The `DispatchArguments` call: `json_body()`, `upload("...")`.
    read: TokenStream,
    /// How the typed method takes it.
    argument: TokenStream,
}

impl BodyRead {
    /// The part of a `dispatch_operation!` line.
    fn macro_part(&self) -> TokenStream {
        let (ty, read) = (&self.ty, &self.read);
        quote!(body body #ty = #read;)
    }

    /// The statement of a spelled-out function.
    fn statement(&self) -> TokenStream {
        let (ty, read) = (&self.ty, &self.read);
        quote!(let body #ty = args.#read?;)
    }
}

fn body_read(model: &ApiModel, operation: &Operation) -> Option<BodyRead> {
    let body = operation.request_body.as_ref()?;
    Some(match &body.kind {
        BodyKind::Json { ty, .. } | BodyKind::FormUrlEncoded { ty } => {
            let rust = rust_type(model, ty, TypeScope::ImportsModels);
            BodyRead {
                ty: Some(quote!(: #rust)),
                read: quote!(json_body()),
                argument: quote!(&body),
            }
        }
        BodyKind::Multipart { ty } => {
            let rust = rust_type(model, ty, TypeScope::ImportsModels);
            let bytes_fields = bytes_fields(model, ty);
            BodyRead {
                ty: Some(quote!(: #rust)),
                read: quote!(body_with_bytes_fields(&[#(#bytes_fields),*])),
                argument: quote!(&body),
            }
        }
        BodyKind::Binary { media_types } => {
            let content_type = media_types
                .first()
                .map_or("application/octet-stream", String::as_str);
            BodyRead {
                ty: None,
                read: quote!(upload(#content_type)),
                argument: quote!(body),
            }
        }
    })
}

/// The wire names of a multipart struct's file parts (one file, or an array).
fn bytes_fields<'model>(model: &'model ApiModel, ty: &TypeRef) -> Vec<&'model str> {
    model
        .struct_behind(ty)
        .map(|structure| {
            structure
                .fields
                .iter()
                .filter(|field| {
                    let ty = field.ty.strip_nullable().0;
                    ty == &TypeRef::Bytes || ty == &TypeRef::Array(Box::new(TypeRef::Bytes))
                })
                .map(|field| field.wire_name.as_str())
                .collect()
        })
        .unwrap_or_default()
}

fn response_value(success: &SuccessResponse) -> TokenStream {
    match success {
        SuccessResponse::Empty => quote!(Ok(DispatchResponse::empty(response))),
        SuccessResponse::Json(_) => quote!(DispatchResponse::json(response)),
        SuccessResponse::Binary => quote!(Ok(DispatchResponse::bytes(response))),
        SuccessResponse::Text => quote!(Ok(DispatchResponse::text(response))),
        SuccessResponse::ByStatus(responses) => {
            let name = ident(&responses.type_name);
            let arms = responses.cases.iter().map(|case| {
                let variant = ident(&case.variant);
                match &case.body {
                    SuccessResponse::Json(_) => quote! {
                        crate::responses::#name::#variant(value) => serde_json::to_value(value).unwrap_or_default(),
                    },
                    SuccessResponse::Text => quote! {
                        crate::responses::#name::#variant(text) => serde_json::Value::String(text),
                    },
                    _ => quote!(crate::responses::#name::#variant => serde_json::Value::Null,),
                }
            });
            let other = (!responses.cases.iter().any(|case| case.status == "default")).then(|| {
                quote!(crate::responses::#name::Other { body, .. } => crate::runtime::bytes_json(&body),)
            });
            quote! {
                let status = response.status().as_u16();
                let body = match response.into_inner() {
                    #(#arms)*
                    #other
                };
                Ok(DispatchResponse::new(status, body))
            }
        }
    }
}

/// The operation's fixed parameters as dispatch names them (location,
/// wire name, value), or `None` when it has none.
fn fixed_parameters(operation: &Operation) -> Option<Vec<(proc_macro2::Ident, &str, &str)>> {
    (!operation.fixed_parameters.is_empty()).then(|| {
        operation
            .fixed_parameters
            .iter()
            .map(|parameter| {
                (
                    fixed_location(parameter.location),
                    parameter.wire_name.as_str(),
                    parameter.value.as_str(),
                )
            })
            .collect()
    })
}

fn fixed_location(location: FixedLocation) -> proc_macro2::Ident {
    let name = match location {
        FixedLocation::Query => "Query",
        FixedLocation::Header => "Header",
        FixedLocation::Cookie => "Cookie",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}
