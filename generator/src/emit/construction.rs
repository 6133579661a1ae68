//! How callers build the values they send: `new` with the required values and
//! one `with_` setter per optional one, each listed in one runtime macro line
//! (`runtime::constructor!`, `runtime::setters!`).
//!
//! Generated structs are `#[non_exhaustive]`, so a struct literal outside the
//! crate does not compile; in exchange an added optional field (the most
//! common change of a real API) breaks no caller's code. Types only received
//! get neither: callers read them, and build them in tests with `Default` and
//! field assignment, or from JSON.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// One field as the constructor and setters see it.
pub struct Member {
    pub ident: Ident,
    /// The field's type without the `Option` its presence adds.
    pub value: TokenStream,
    pub presence: MemberPresence,
    pub deprecated: bool,
}

/// How a field is given a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberPresence {
    /// An argument of `new`, stored as given.
    Required,
    /// An argument of `new` that may be `None` (sent as `null`).
    RequiredNullable,
    /// `None` until its setter stores `Some`.
    Optional,
    /// `None` until its setter stores `Some(value)`, where `value` may be
    /// `None` (sent as `null`).
    OptionalNullable,
    /// An optional field the server sets (`readOnly`): `None`, without a
    /// setter, since requests leave it out.
    SetByServer,
    /// The map of undeclared properties: empty, assigned directly.
    CatchAll,
}

/// A `runtime::constructor!` line for `new` and a `runtime::setters!` line
/// for the `with_..` setters, or nothing when there is nothing to set. `new`
/// is left out when no field is required: `Default` builds the value.
pub fn constructor_and_setters(name: &Ident, members: &[Member]) -> TokenStream {
    let has_required = members.iter().any(|member| {
        matches!(
            member.presence,
            MemberPresence::Required | MemberPresence::RequiredNullable
        )
    });
    // The constructor names deprecated fields too.
    let allow_deprecated = members
        .iter()
        .any(|member| member.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let constructor = has_required.then(|| constructor(name, members, allow_deprecated));
    let setters = |presence: MemberPresence| -> Vec<TokenStream> {
        members
            .iter()
            .filter(|member| member.presence == presence)
            .map(setter)
            .collect()
    };
    let (optional, nullable) = (
        setters(MemberPresence::Optional),
        setters(MemberPresence::OptionalNullable),
    );
    let setters = (!optional.is_empty() || !nullable.is_empty()).then(|| {
        let nullable = (!nullable.is_empty()).then(|| quote!(; nullable: #(#nullable),*));
        quote!(crate::runtime::setters!(#name { #(#optional),* #nullable });)
    });
    quote! {
        #constructor
        #setters
    }
}

/// The `runtime::constructor!` line: the required fields with the argument
/// types `new` takes, the fields that start as `None`, and the map of
/// undeclared properties.
fn constructor(name: &Ident, members: &[Member], attributes: Option<TokenStream>) -> TokenStream {
    let idents = |wanted: &[MemberPresence]| -> Vec<&Ident> {
        members
            .iter()
            .filter(|member| wanted.contains(&member.presence))
            .map(|member| &member.ident)
            .collect()
    };
    let arguments = members.iter().filter_map(|member| {
        let ident = &member.ident;
        let value = &member.value;
        match member.presence {
            MemberPresence::Required => Some(quote!(#ident: impl Into<#value>)),
            MemberPresence::RequiredNullable => Some(quote!(#ident: Option<#value>)),
            _ => None,
        }
    });
    let unset = idents(&[
        MemberPresence::Optional,
        MemberPresence::OptionalNullable,
        MemberPresence::SetByServer,
    ]);
    let empty = idents(&[MemberPresence::CatchAll]);
    quote! {
        crate::runtime::constructor!(#attributes #name { #(#arguments),*; #(#unset),*; #(#empty),* });
    }
}

/// `with_name(name: Type)` as `runtime::setters!` lists it.
fn setter(member: &Member) -> TokenStream {
    let ident = &member.ident;
    let value = &member.value;
    let bare = ident.to_string();
    let method = format_ident!("with_{}", bare.trim_start_matches("r#"));
    let deprecated = member.deprecated.then(|| quote!(#[deprecated]));
    quote!(#deprecated #method(#ident: #value))
}
