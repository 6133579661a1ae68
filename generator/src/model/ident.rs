//! [`RustIdent`]: a snake_case Rust identifier that is known to be legal.

use std::fmt;

/// A legal Rust identifier for a field, parameter or method, made by
/// [`super::names::snake_case`] or numbered by a name scope.
///
/// Keywords are raw identifiers (`r#type`); the type keeps that fact instead of
/// a `r#` prefix every reader must strip, because rustdoc links and derived
/// names (`type_2`, `r#type` in a link is an error) need the bare word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustIdent {
    /// The identifier without any `r#` prefix.
    word: String,
    raw: bool,
}

impl RustIdent {
    /// An identifier that needs no prefix. The caller guarantees `word` is a
    /// legal identifier and no keyword: the naming functions are the only
    /// callers, and they check both.
    pub(super) fn plain(word: impl Into<String>) -> Self {
        Self {
            word: word.into(),
            raw: false,
        }
    }

    /// A keyword written as a raw identifier (`r#type`).
    pub(super) fn raw(word: impl Into<String>) -> Self {
        Self {
            word: word.into(),
            raw: true,
        }
    }

    /// `{word}_{suffix}`, for a method derived from this one
    /// (`get_document_stream`); no keyword ends in `_suffix`, so it is plain.
    pub(super) fn with_suffix(&self, suffix: &str) -> Self {
        Self::plain(format!("{}_{suffix}", self.word))
    }

    /// The identifier without `r#`: for docs, links and derived names.
    pub fn bare(&self) -> &str {
        &self.word
    }

    /// Whether the identifier must be written `r#word`.
    pub fn is_raw(&self) -> bool {
        self.raw
    }
}

/// The identifier as written in source: `r#type`, `document_id`.
impl fmt::Display for RustIdent {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            formatter.write_str("r#")?;
        }
        formatter.write_str(&self.word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_identifiers_keep_the_bare_word_apart() {
        let keyword = RustIdent::raw("type");
        assert_eq!(keyword.to_string(), "r#type");
        assert_eq!(keyword.bare(), "type");
        assert!(keyword.is_raw());

        let plain = RustIdent::plain("document_id");
        assert_eq!(plain.to_string(), "document_id");
        assert_eq!(plain.bare(), "document_id");
        assert!(!plain.is_raw());
    }
}
