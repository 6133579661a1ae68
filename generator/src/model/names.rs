//! Turning document names into Rust identifiers: cased by heck, keywords and
//! leading digits made legal, collisions resolved by numbering in document order.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Methods the runtime already defines on `Client`; an operation with one of
/// these names would clash with them (an operation called `new` or `request`).
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "http_client",
    "request",
    "token_source",
    "retry_policy",
    "config",
];

/// Type names the generated code itself uses unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &["Option", "Vec", "String", "Box", "Result", "Self"];

/// Words a Rust identifier cannot be without the `r#` prefix.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Replaces characters heck would silently drop with word breaks, so that
/// `+dueDate` and `dueDate` still differ after numbering.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character
            } else {
                ' '
            }
        })
        .collect()
}

/// `PascalCase` name for a type; `prefix` is used when it would start with a digit.
pub fn pascal_case(raw: &str, prefix: &str) -> String {
    let cased = words(raw).to_upper_camel_case();
    let cased = if cased.is_empty() {
        prefix.to_owned()
    } else {
        cased
    };
    if cased.starts_with(|character: char| character.is_ascii_digit()) {
        format!("{prefix}{cased}")
    } else {
        cased
    }
}

/// A type name that is legal and does not shadow what the generated code uses.
pub fn type_name(raw: &str) -> String {
    let name = pascal_case(raw, "Type");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// `snake_case` name for a field, parameter or method, keyword-safe.
pub fn snake_case(raw: &str) -> String {
    let cased = words(raw).to_snake_case();
    let cased = if cased.is_empty() {
        "value".to_owned()
    } else {
        cased
    };
    if cased.starts_with(|character: char| character.is_ascii_digit()) {
        format!("_{cased}")
    } else if NOT_RAW.contains(&cased.as_str()) {
        format!("{cased}_")
    } else if KEYWORDS.contains(&cased.as_str()) {
        format!("r#{cased}")
    } else {
        cased
    }
}

/// Hands out names unique within one scope, numbering repeats (`Name2`, `name_2`).
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    used: HashSet<String>,
}

impl NameScope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            used: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `base`, or the first free numbered form of it.
    pub fn claim(&mut self, base: &str) -> String {
        let separator = if base.starts_with(|character: char| character.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut candidate = base.to_owned();
        let mut number = 2;
        while self.used.contains(&candidate) {
            let stem = base.trim_start_matches("r#").trim_end_matches('_');
            candidate = format!("{stem}{separator}{number}");
            number += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(snake_case("type"), "r#type");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(snake_case("Self"), "self_");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake_case("2fa"), "_2fa");
        assert_eq!(type_name("3dSecure"), "Type3dSecure");
        assert_eq!(pascal_case("1", "Value"), "Value1");
    }

    #[test]
    fn wire_names_are_cased() {
        assert_eq!(snake_case("signatureUrlTTL"), "signature_url_ttl");
        assert_eq!(snake_case("Content-Type"), "content_type");
        assert_eq!(type_name("signing-session"), "SigningSession");
        assert_eq!(
            pascal_case("AUTHENTICATION_BASED", "Value"),
            "AuthenticationBased"
        );
    }

    #[test]
    fn reserved_type_names_are_suffixed() {
        assert_eq!(type_name("string"), "StringModel");
        assert_eq!(type_name("Result"), "ResultModel");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut scope = NameScope::with_reserved(&["new"]);
        assert_eq!(scope.claim("new"), "new_2");
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
    }

    #[test]
    fn empty_or_symbolic_names_get_a_word() {
        assert_eq!(snake_case("+"), "value");
        assert_eq!(pascal_case("", "Value"), "Value");
    }
}
