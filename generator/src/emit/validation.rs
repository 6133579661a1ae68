//! Checks of the API description's constraints, run before a request is sent:
//! `impl Validate` for constrained types and the check calls of each method.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::{ident, rust_ident};
use crate::model::{ApiModel, Constraints, Field, TypeDef, TypeKind, TypeRef};

/// The checks of one value (`value` is an expression that borrows it).
pub fn value_checks(
    model: &ApiModel,
    name: &str,
    value: &TokenStream,
    ty: &TypeRef,
    constraints: &Constraints,
) -> TokenStream {
    let own = constraints
        .apply_to(ty)
        .then(|| match ty.strip_nullable().0 {
            TypeRef::String => string_checks(name, value, constraints),
            TypeRef::Array(_) => {
                let (min, max) = (
                    optional_usize(constraints.min_items),
                    optional_usize(constraints.max_items),
                );
                quote!(violations.items(#name, #value, #min, #max);)
            }
            _ => {
                let bounds = range(constraints);
                quote!(violations.range(#name, #value, #bounds);)
            }
        });
    let nested = model
        .needs_validation(ty)
        .then(|| quote!(violations.nested(#name, #value);));
    quote!(#own #nested)
}

/// Length and pattern checks of a string; a pattern is compiled once, on its
/// first use, into a `static` of its own.
fn string_checks(name: &str, value: &TokenStream, constraints: &Constraints) -> TokenStream {
    let length =
        (constraints.min_length.is_some() || constraints.max_length.is_some()).then(|| {
            let (min, max) = (
                optional_usize(constraints.min_length),
                optional_usize(constraints.max_length),
            );
            quote!(violations.length(#name, #value, #min, #max);)
        });
    let pattern = constraints.pattern.as_deref().map(|source| {
        quote! {
            static PATTERN: crate::runtime::Pattern = crate::runtime::Pattern::new(#source);
            violations.pattern(#name, #value, &PATTERN);
        }
    });
    match (length, pattern) {
        (length, Some(pattern)) => quote!(#length { #pattern }),
        (length, None) => quote!(#length),
    }
}

/// `impl Validate` for a named type that carries constraints, if it does.
pub fn validate_impl(model: &ApiModel, definition: &TypeDef) -> Option<TokenStream> {
    if !definition.validated {
        return None;
    }
    let name = ident(&definition.name);
    let (body, touches_deprecated) = match &definition.kind {
        TypeKind::Struct(structure) => struct_checks(model, &structure.fields),
        TypeKind::Union(union) => {
            let checked: Vec<_> = union
                .variants
                .iter()
                .filter(|variant| model.needs_validation(&variant.ty))
                .map(|variant| ident(&variant.name))
                .collect();
            let body = match checked.as_slice() {
                [single] => {
                    quote!(if let Self::#single(value) = self { violations.nested("", value); })
                }
                several => {
                    quote!(match self { #(Self::#several(value) => violations.nested("", value),)* _ => {} })
                }
            };
            (body, false)
        }
        TypeKind::Newtype(_) => (quote!(violations.nested("", &self.0);), false),
        TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => return None,
    };
    let allow = touches_deprecated.then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        impl crate::runtime::Validate for #name {
            #allow
            fn validate(&self, violations: &mut crate::runtime::Violations) {
                #body
            }
        }
    })
}

/// The checks of a struct's fields, and whether any of them is deprecated.
fn struct_checks(model: &ApiModel, fields: &[Field]) -> (TokenStream, bool) {
    let mut touches_deprecated = false;
    let checks: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            let member = rust_ident(&field.rust_name);
            let checks = value_checks(
                model,
                &field.wire_name,
                &quote!(&self.#member),
                &field.ty,
                &field.constraints,
            );
            touches_deprecated |= field.docs.deprecated && !checks.is_empty();
            checks
        })
        .collect();
    (quote!(#(#checks)*), touches_deprecated)
}

fn optional_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(value) => {
            let literal = Literal::usize_unsuffixed(value);
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}

fn range(constraints: &Constraints) -> TokenStream {
    let bound = |value: Option<f64>| match value {
        Some(value) => {
            let literal = Literal::f64_unsuffixed(value);
            quote!(Some(#literal))
        }
        None => quote!(None),
    };
    let (min, max) = (bound(constraints.minimum), bound(constraints.maximum));
    let (exclusive_min, exclusive_max) =
        (constraints.exclusive_minimum, constraints.exclusive_maximum);
    quote! {
        crate::runtime::Range { min: #min, max: #max, exclusive_min: #exclusive_min, exclusive_max: #exclusive_max }
    }
}

/// The checks of an operation's parameter struct (empty if it has none).
pub fn params_checks(model: &ApiModel, parameters: &[&crate::model::Parameter]) -> TokenStream {
    let checks = parameters.iter().map(|parameter| {
        let member = rust_ident(&parameter.rust_name);
        value_checks(
            model,
            &parameter.wire_name,
            &quote!(&self.#member),
            &parameter.ty,
            &parameter.constraints,
        )
    });
    quote!(#(#checks)*)
}
