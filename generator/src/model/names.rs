//! Turning document names into Rust identifiers: cased by heck, keywords and
//! leading digits made legal, collisions resolved by numbering in document order.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::ident::RustIdent;

/// Methods the runtime defines on `Client` (a test in `emit` reads the runtime's
/// sources to keep this list exact): an operation of the same name would clash.
pub const RUNTIME_CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "base_url_for",
    "http_client",
    "request",
    "token_source",
    "retry_policy",
    "max_body_size",
    "with_options",
    "call_options",
];

/// Names an operation must not take although no method has them yet:
/// - methods of prelude traits that `Client` implements (`Clone`, `ToOwned`,
///   `Into`): an inherent method of the same name silently takes their place,
///   so `client.clone()` would start a request;
/// - the names callers expect for constructing and configuring a client.
const RESERVED_FOR_CALLERS: &[&str] = &[
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "into",
    "try_into",
    "new",
    "config",
    // `Client::dispatch`, which the `dispatch` feature generates.
    "dispatch",
];

/// Every name an operation's methods cannot take.
pub fn reserved_client_methods() -> impl Iterator<Item = &'static str> {
    RUNTIME_CLIENT_METHODS
        .iter()
        .chain(RESERVED_FOR_CALLERS)
        .copied()
}

/// Prelude names the generated models use unqualified (`Option<T>`,
/// `impl From<&str>`, `Some(..)`, `value.to_owned()`): a type of the same name
/// would take their place in its module. Derives (`Clone`, `Default`) are
/// macros, which a type does not shadow. `Self` is a keyword.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Err", "From", "None", "Ok", "Option", "Result", "Self", "Some", "String", "ToOwned",
    "Vec",
];

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

/// `PascalCase` name for a type or variant; `prefix` is used when it would
/// start with a digit, and as a suffix for `Self`, which no identifier can be.
pub fn pascal_case(raw: &str, prefix: &str) -> String {
    let cased = words(raw).to_upper_camel_case();
    if cased.is_empty() {
        prefix.to_owned()
    } else if cased.starts_with(|character: char| character.is_ascii_digit()) {
        format!("{prefix}{cased}")
    } else if cased == "Self" {
        format!("{cased}{prefix}")
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
pub fn snake_case(raw: &str) -> RustIdent {
    let cased = words(raw).to_snake_case();
    let cased = if cased.is_empty() {
        "value".to_owned()
    } else {
        cased
    };
    if cased.starts_with(|character: char| character.is_ascii_digit()) {
        RustIdent::plain(format!("_{cased}"))
    } else if NOT_RAW.contains(&cased.as_str()) {
        RustIdent::plain(format!("{cased}_"))
    } else if KEYWORDS.contains(&cased.as_str()) {
        RustIdent::raw(cased)
    } else {
        RustIdent::plain(cased)
    }
}

/// The type names an earlier generation gave, by the schema each came from.
///
/// Collisions are numbered in the order schemas are met, so a schema added
/// ahead of an existing one would take its name and push it to `Name2`.
/// Generating with the names of the last generation kept, existing types keep
/// theirs and only the added schema is numbered.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct KeptNames {
    /// Sorted, so the file the crate keeps them in diffs line by line.
    by_origin: BTreeMap<String, String>,
}

impl KeptNames {
    /// The names of every type of `model`.
    pub fn of(model: &super::ApiModel) -> Self {
        Self {
            by_origin: model
                .types
                .iter()
                .map(|definition| (definition.origin.clone(), definition.name.clone()))
                .collect(),
        }
    }

    /// The names as the generated crate keeps them: a JSON object from each
    /// schema's pointer to its type's name, one per line.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads [`Self::to_json`]'s output.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The name kept for the schema at `origin`.
    pub fn name_for(&self, origin: &str) -> Option<&str> {
        self.by_origin.get(origin).map(String::as_str)
    }

    /// Every kept name, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_origin.values().map(String::as_str)
    }
}

/// Hands out names unique within one scope, numbering repeats (`Name2`, `name_2`).
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    used: HashSet<String>,
    /// The last number handed out per stem, so that the n-th repeat of a name
    /// costs one look-up, not n (50,000 enum values that case alike).
    last_number: HashMap<String, usize>,
}

impl NameScope {
    pub fn with_reserved<'name>(reserved: impl IntoIterator<Item = &'name str>) -> Self {
        Self {
            used: reserved.into_iter().map(str::to_owned).collect(),
            last_number: HashMap::new(),
        }
    }

    /// Claims the type or variant name `base`, or the first free numbered
    /// form of it (`Name2`).
    pub fn claim(&mut self, base: &str) -> String {
        self.claim_text(base, base, "", &[])
    }

    /// Claims the identifier `base`, or the first free numbered form of it
    /// (`name_2`; a numbered keyword is no keyword, so it needs no `r#`).
    pub fn claim_ident(&mut self, base: &RustIdent) -> RustIdent {
        self.claim_ident_avoiding(base, &[])
    }

    /// Like [`Self::claim_ident`], but `avoid` counts as taken without being
    /// claimed: names that are free in this scope but not where the name is used.
    pub fn claim_ident_avoiding(&mut self, base: &RustIdent, avoid: &[&str]) -> RustIdent {
        let written = base.to_string();
        // `self_` numbers as `self_2`, not `self__2`.
        let stem = base.bare().trim_end_matches('_');
        let claimed = self.claim_text(&written, stem, "_", avoid);
        if claimed == written {
            base.clone()
        } else {
            RustIdent::plain(claimed)
        }
    }

    /// The first free of `base`, `{stem}{separator}2`, `..3`, ... Numbers
    /// below the last one handed out for the stem are all taken (names are
    /// never released), so the search starts there.
    fn claim_text(&mut self, base: &str, stem: &str, separator: &str, avoid: &[&str]) -> String {
        let taken = |scope: &Self, candidate: &str| {
            scope.used.contains(candidate) || avoid.contains(&candidate)
        };
        let mut candidate = base.to_owned();
        if taken(self, &candidate) {
            let key = format!("{stem}{separator}");
            let mut number = self.last_number.get(&key).map_or(2, |last| last + 1);
            candidate = format!("{key}{number}");
            while taken(self, &candidate) {
                number += 1;
                candidate = format!("{key}{number}");
            }
            self.last_number.insert(key, number);
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
        assert_eq!(snake_case("type"), RustIdent::raw("type"));
        assert_eq!(snake_case("self").to_string(), "self_");
        assert_eq!(snake_case("Self").to_string(), "self_");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake_case("2fa").to_string(), "_2fa");
        assert_eq!(type_name("3dSecure"), "Type3dSecure");
        assert_eq!(pascal_case("1", "Value"), "Value1");
    }

    #[test]
    fn wire_names_are_cased() {
        assert_eq!(
            snake_case("signatureUrlTTL").to_string(),
            "signature_url_ttl"
        );
        assert_eq!(snake_case("Content-Type").to_string(), "content_type");
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
        assert_eq!(type_name("From"), "FromModel");
        assert_eq!(type_name("Error"), "Error");
    }

    #[test]
    fn self_is_no_variant_or_type_name() {
        assert_eq!(pascal_case("self", "Value"), "SelfValue");
        assert_eq!(pascal_case("SELF", "Value"), "SelfValue");
        assert_eq!(type_name("Self"), "SelfType");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut scope = NameScope::with_reserved(["new"]);
        assert_eq!(scope.claim_ident(&snake_case("new")).to_string(), "new_2");
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(
            scope.claim_ident(&snake_case("type")),
            RustIdent::raw("type")
        );
        assert_eq!(
            scope.claim_ident(&snake_case("type")),
            RustIdent::plain("type_2")
        );
        assert_eq!(scope.claim_ident(&snake_case("self")).to_string(), "self_");
        assert_eq!(scope.claim_ident(&snake_case("self")).to_string(), "self_2");
    }

    #[test]
    fn empty_or_symbolic_names_get_a_word() {
        assert_eq!(snake_case("+").to_string(), "value");
        assert_eq!(pascal_case("", "Value"), "Value");
    }
}
