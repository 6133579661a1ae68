//! Named types to Rust items: serde structs, open enums, untagged unions, aliases.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::construction::{constructor_and_setters, Member, MemberPresence};
use super::docs::{code_span, doc_attributes, lines_to_attributes};
use super::validation::validate_impl;
use crate::model::{
    Access, ApiModel, Constraints, Field, FloatWidth, IntegerWidth, Presence, RustIdent, StructDef,
    TypeDef, TypeKind, TypeRef, UnionDef,
};

/// Where a type is spelled: inside `models` (siblings by bare name), in a
/// module that imports `crate::models` (`models::Name`), or anywhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeScope {
    Models,
    ImportsModels,
    Crate,
}

/// An identifier from a type or variant name: PascalCase, which the model
/// keeps clear of keywords.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The identifier of a field, parameter or method, raw where the model says so.
pub fn rust_ident(name: &RustIdent) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.bare(), Span::call_site())
    } else {
        Ident::new(name.bare(), Span::call_site())
    }
}

/// The Rust spelling of a type reference.
pub fn rust_type(model: &ApiModel, ty: &TypeRef, scope: TypeScope) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&model.type_def(*id).name);
            match scope {
                TypeScope::Models => quote!(#name),
                TypeScope::ImportsModels => quote!(models::#name),
                TypeScope::Crate => quote!(crate::models::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(IntegerWidth::I32) => quote!(i32),
        TypeRef::Integer(IntegerWidth::I64) => quote!(i64),
        TypeRef::Integer(IntegerWidth::U32) => quote!(u32),
        TypeRef::Integer(IntegerWidth::U64) => quote!(u64),
        TypeRef::Float(FloatWidth::F32) => quote!(f32),
        TypeRef::Float(FloatWidth::F64) => quote!(f64),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Base64 => quote!(crate::runtime::Base64Bytes),
        TypeRef::Tuple(positions) => {
            let positions = positions
                .iter()
                .map(|position| rust_type(model, position, scope));
            quote!((#(#positions,)*))
        }
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Array(item) => {
            let item = rust_type(model, item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(model, value, scope);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(model, inner, scope);
            quote!(Option<#inner>)
        }
    }
}

/// One named type: its item and impls (compiled as its section of the
/// models says). Structs and open enums are declared inside the runtime macro
/// that writes their impls, their docs with them.
pub fn type_definition(model: &ApiModel, definition: &TypeDef) -> TokenStream {
    let name = ident(&definition.name);
    let docs = type_docs(model, definition);
    let item = match &definition.kind {
        TypeKind::Struct(structure) => struct_item(model, &name, &docs, structure, definition.sent),
        TypeKind::StringEnum(variants) => open_enum_item(
            "open_string_enum",
            &name,
            &docs,
            variants
                .iter()
                .map(|variant| (&variant.name, variant.value.to_token_stream())),
        ),
        TypeKind::IntegerEnum(variants) => open_enum_item(
            "open_integer_enum",
            &name,
            &docs,
            variants.iter().map(|variant| {
                let value = proc_macro2::Literal::i64_unsuffixed(variant.value);
                (&variant.name, value.into_token_stream())
            }),
        ),
        TypeKind::Union(union) => {
            let item = union_item(model, &name, union);
            quote!(#docs #item)
        }
        TypeKind::Alias(target) => {
            let target = rust_type(model, target, TypeScope::Models);
            quote!(#docs pub type #name = #target;)
        }
        TypeKind::Newtype(target) => {
            let target = rust_type(model, target, TypeScope::Models);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    };
    let validation = validate_impl(model, definition);
    quote! {
        #item
        #validation
    }
}

/// A named type's docs: its description, or where the document defines it.
fn type_docs(model: &ApiModel, definition: &TypeDef) -> TokenStream {
    let mut notes = Vec::new();
    if definition.docs.deprecated {
        notes.push("**Deprecated** in the API description.".to_owned());
    }
    match &definition.kind {
        // An inline schema merged into an identical type keeps its name as an
        // alias; its description is already on the field that uses it.
        TypeKind::Alias(TypeRef::Named(target)) if !definition.is_component() => {
            notes.push(format!(
                "Defined at `{}`: the same type as [`{}`].",
                definition.origin,
                model.type_def(*target).name
            ));
            lines_to_attributes(&notes)
        }
        _ => {
            if definition.docs.summary.is_none() && definition.docs.description.is_none() {
                notes.push(format!("Defined at `{}`.", definition.origin));
            }
            doc_attributes(&definition.docs, &notes)
        }
    }
}

/// A struct that may gain fields without breaking callers (`non_exhaustive`),
/// declared in the runtime's `json_struct!` with each field's wire name and
/// kind, with a constructor and setters when callers send it.
fn struct_item(
    model: &ApiModel,
    name: &Ident,
    docs: &TokenStream,
    structure: &StructDef,
    sent: bool,
) -> TokenStream {
    let attributes = struct_attributes(structure.derives_default);
    let fields = structure
        .fields
        .iter()
        .map(|field| struct_field(model, field));
    let catch_all = structure.additional_properties.as_ref().map(|catch_all| {
        let field_name = rust_ident(&catch_all.rust_name);
        let value = rust_type(model, &catch_all.value, TypeScope::Models);
        quote! {
            #[doc = " Properties beyond the declared ones, kept as sent."]
            pub #field_name: std::collections::BTreeMap<String, #value> => "" Rest,
        }
    });
    let construction = sent.then(|| constructor_and_setters(name, &members(model, structure)));
    quote! {
        crate::runtime::json_struct! {
            #docs
            #attributes
            pub struct #name {
                #(#fields)*
                #catch_all
            }
        }
        #construction
    }
}

/// A model struct's derives and `non_exhaustive`. The runtime's
/// `json_struct!` reads a struct into its default value (cheaper to compile
/// than its slots) when it finds these attributes of a `Default` struct,
/// written exactly so.
fn struct_attributes(derives_default: bool) -> TokenStream {
    let default = derives_default.then(|| quote!(, Default));
    quote! {
        #[derive(Debug, Clone, PartialEq #default)]
        #[non_exhaustive]
    }
}

/// How the runtime's `json_struct!` reads and writes a field: a type of its
/// `read` and of its `write` module, both of that name.
fn wire_kind(field: &Field) -> Ident {
    // Bytes in a JSON value can only be a string: they travel as their text
    // (a multipart file part does not go through serde).
    let binary_text = field.ty == TypeRef::Bytes && !field.boxed;
    let kind = match (field.presence, binary_text) {
        (Presence::Required, false) => "Required",
        (Presence::Required, true) => "TextBytes",
        // Absent reads as `None`, and `None` is written as `null`.
        (Presence::RequiredNullable, false) => "Nullable",
        (Presence::RequiredNullable, true) => "NullableTextBytes",
        (Presence::Optional, false) => "Optional",
        (Presence::Optional, true) => "OptionalTextBytes",
        (Presence::OptionalNullable, _) => "DoubleOption",
    };
    format_ident!("{kind}")
}

/// The struct's fields as its constructor and setters take them.
fn members(model: &ApiModel, structure: &StructDef) -> Vec<Member> {
    let declared = structure.fields.iter().map(|field| {
        let mut value = rust_type(model, &field.ty, TypeScope::Models);
        if field.boxed {
            value = quote!(Box<#value>);
        }
        let presence = match (field.presence, field.access) {
            (Presence::Required, _) => MemberPresence::Required,
            (Presence::RequiredNullable, _) => MemberPresence::RequiredNullable,
            (Presence::Optional | Presence::OptionalNullable, Access::ReadOnly) => {
                MemberPresence::SetByServer
            }
            (Presence::Optional, _) => MemberPresence::Optional,
            (Presence::OptionalNullable, _) => MemberPresence::OptionalNullable,
        };
        Member {
            ident: rust_ident(&field.rust_name),
            value,
            presence,
            deprecated: field.docs.deprecated,
        }
    });
    let catch_all = structure
        .additional_properties
        .iter()
        .map(|catch_all| Member {
            ident: rust_ident(&catch_all.rust_name),
            value: quote!(),
            presence: MemberPresence::CatchAll,
            deprecated: false,
        });
    declared.chain(catch_all).collect()
}

/// The Rust type of a struct field: the value's, boxed inside a cycle, in
/// the `Option`s its presence adds.
fn field_type(model: &ApiModel, field: &Field) -> TokenStream {
    let mut ty = rust_type(model, &field.ty, TypeScope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    }
}

/// A field of `json_struct!`: its declaration, then its wire name and kind.
fn struct_field(model: &ApiModel, field: &Field) -> TokenStream {
    let name = rust_ident(&field.rust_name);
    let ty = field_type(model, field);
    let deprecated = field.docs.deprecated.then(|| quote!(#[deprecated]));
    let docs = doc_attributes(&field.docs, &field_notes(field));
    let wire = &field.wire_name;
    let kind = wire_kind(field);
    quote! {
        #docs
        #deprecated
        pub #name: #ty => #wire #kind,
    }
}

/// What a caller must know beyond the description: nullability, access, limits.
fn field_notes(field: &Field) -> Vec<String> {
    let mut notes = Vec::new();
    match field.access {
        Access::ReadOnly => {
            notes.push("Read-only: set by the server; leave it `None` in requests.".to_owned())
        }
        Access::WriteOnly => {
            notes.push("Write-only: sent to the server, never returned by it.".to_owned())
        }
        Access::ReadWrite => {}
    }
    match field.presence {
        // `Option<T>` does not say whether `None` is left out or sent; an
        // optional nullable field's `Option<Option<T>>` does, as the models
        // module's docs say once for all.
        Presence::RequiredNullable => {
            notes.push("Always sent; `None` is sent as `null`.".to_owned())
        }
        Presence::Required | Presence::Optional | Presence::OptionalNullable => {}
    }
    if let Some(limits) = describe_constraints(&field.constraints) {
        notes.push(limits);
    }
    if let Some(default) = &field.default {
        notes.push(format!("Server default: `{default}`."));
    }
    notes
}

pub fn describe_constraints(constraints: &Constraints) -> Option<String> {
    if constraints.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    match (constraints.min_length, constraints.max_length) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} characters")),
        (None, Some(max)) => parts.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    match (constraints.min_items, constraints.max_items) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} items")),
        (Some(min), None) => parts.push(format!("at least {min} items")),
        (None, Some(max)) => parts.push(format!("at most {max} items")),
        (None, None) => {}
    }
    if let Some(minimum) = constraints.minimum {
        let relation = if constraints.exclusive_minimum {
            "more than"
        } else {
            "at least"
        };
        parts.push(format!("{relation} {minimum}"));
    }
    if let Some(maximum) = constraints.maximum {
        let relation = if constraints.exclusive_maximum {
            "less than"
        } else {
            "at most"
        };
        parts.push(format!("{relation} {maximum}"));
    }
    // Words, not `<`/`>`: rustdoc would read those as HTML.
    let limits = (!parts.is_empty()).then(|| format!("Limits: {}.", parts.join(", ")));
    let pattern = constraints
        .pattern
        .as_deref()
        .map(|pattern| format!("Pattern: {}.", code_span(pattern)));
    match (limits, pattern) {
        (Some(limits), Some(pattern)) => Some(format!("{limits} {pattern}")),
        (limits, pattern) => limits.or(pattern),
    }
}

/// An open enum, declared by the runtime's `open_string_enum!` or
/// `open_integer_enum!` (`macro_name`) from its docs and each variant's wire
/// value; the macro documents each variant with its value, adds the
/// catch-all variant `Other` and writes the conversions.
fn open_enum_item<'a>(
    macro_name: &str,
    name: &Ident,
    docs: &TokenStream,
    wire_values: impl Iterator<Item = (&'a String, TokenStream)>,
) -> TokenStream {
    let macro_name = format_ident!("{macro_name}");
    let wire_values = wire_values.map(|(variant_name, value)| {
        let variant_name = ident(variant_name);
        quote!(#variant_name = #value)
    });
    quote! {
        crate::runtime::#macro_name! {
            #docs
            pub enum #name { #(#wire_values),* }
        }
    }
}

fn union_item(model: &ApiModel, name: &Ident, union: &UnionDef) -> TokenStream {
    let catch_all = format_ident!("{}", crate::model::CATCH_ALL_VARIANT);
    let declarations = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let mut ty = rust_type(model, &variant.ty, TypeScope::Models);
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#variant_name(#ty),)
    });
    let (derives, deserialize) = match &union.discriminator {
        Some(property) => (
            quote!(serde::Serialize),
            Some(tagged_deserialize(name, property, union)),
        ),
        None => (quote!(serde::Serialize, serde::Deserialize), None),
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #derives)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            #[doc = " A value that matches none of the variants above, kept as sent."]
            #catch_all(serde_json::Value),
        }

        #deserialize
    }
}

/// Deserialises by the discriminator property: its value picks the variant;
/// a value no variant claims, or a missing one, lands in the catch-all.
fn tagged_deserialize(name: &Ident, property: &str, union: &UnionDef) -> TokenStream {
    let catch_all = format_ident!("{}", crate::model::CATCH_ALL_VARIANT);
    let arms = union.variants.iter().filter(|variant| !variant.tags.is_empty()).map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        let wrap = if variant.boxed {
            quote!(|inner| Self::#variant_name(Box::new(inner)))
        } else {
            quote!(Self::#variant_name)
        };
        quote! {
            Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#catch_all(value)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_structs_carry_the_attributes_the_runtime_reads_into_a_default() {
        let runtime = include_str!("../../runtime/json_struct.rs");
        let matched = "#[derive(Debug, Clone, PartialEq, Default)]\n        #[non_exhaustive]\n        pub struct $name:ident {";
        assert!(runtime.contains(matched), "the runtime's first arm changed");
        let matched: TokenStream = "#[derive(Debug, Clone, PartialEq, Default)] #[non_exhaustive]"
            .parse()
            .unwrap();
        assert_eq!(struct_attributes(true).to_string(), matched.to_string());
        assert_ne!(struct_attributes(false).to_string(), matched.to_string());
    }
}
