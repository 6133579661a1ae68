//! The model to the files of a client crate: tokens built with `quote`,
//! parsed by `syn` and printed by `prettyplease`.

mod construction;
mod crate_files;
mod dispatch;
mod docs;
mod guide;
mod layout;
mod operations;
mod servers;
mod types;
mod validation;

pub use crate_files::{emit_crate, CrateOptions, OAuthEndpoint, PackageMetadata, TYPE_NAMES_FILE};

use proc_macro2::TokenStream;
use quote::quote;

/// `#[cfg(feature = ..)]` for code compiled when any of `features` is on;
/// nothing for code that is always compiled (no features).
fn cfg_attribute(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        _ => {
            let condition = any_feature(features);
            quote!(#[cfg(#condition)])
        }
    }
}

/// As [`cfg_attribute`], for code compiled when every group has a feature on.
fn cfg_all_attribute(groups: &[Vec<String>]) -> TokenStream {
    match groups {
        [] => TokenStream::new(),
        [single] => cfg_attribute(single),
        several => {
            let conditions = several.iter().map(|group| any_feature(group));
            quote!(#[cfg(all(#(#conditions),*))])
        }
    }
}

fn any_feature(features: &[String]) -> TokenStream {
    match features {
        [single] => quote!(feature = #single),
        several => quote!(any(#(feature = #several),*)),
    }
}

/// The items of `tokens`, each compiled only when any of `features` is on;
/// `tokens` unchanged when `features` is empty. Tokens that do not parse as
/// items are returned as they are: the crate's final parse reports them.
fn gated(tokens: TokenStream, features: &[String]) -> TokenStream {
    gated_all(tokens, &[features.to_vec()])
}

/// As [`gated`], for items compiled when every group has a feature on.
fn gated_all(tokens: TokenStream, groups: &[Vec<String>]) -> TokenStream {
    if groups.iter().all(Vec::is_empty) {
        return tokens;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    let cfg = cfg_all_attribute(groups);
    for item in &mut file.items {
        let attributes = match item {
            syn::Item::Struct(item) => &mut item.attrs,
            syn::Item::Enum(item) => &mut item.attrs,
            syn::Item::Impl(item) => &mut item.attrs,
            syn::Item::Type(item) => &mut item.attrs,
            syn::Item::Macro(item) => &mut item.attrs,
            syn::Item::Const(item) => &mut item.attrs,
            syn::Item::Fn(item) => &mut item.attrs,
            _ => continue,
        };
        // After the docs, where a reader looks for the item's conditions.
        let after_docs = attributes
            .iter()
            .take_while(|attribute| attribute.path().is_ident("doc"))
            .count();
        attributes.insert(after_docs, syn::parse_quote!(#cfg));
    }
    quote!(#file)
}
