//! Errors and warnings, each tied to the place in the document it is about.
//!
//! Every location is a JSON pointer (RFC 6901) into the document as written,
//! so a maintainer can jump straight to the offending node.

use std::fmt;

/// Builds RFC 6901 JSON pointers one segment at a time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (`""`, shown as `/`).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A pointer from its text (`/components/schemas/Pet`), as [`Self::as_str`] gives it.
    pub fn parse(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// Parses the fragment of a local `$ref` such as `#/components/schemas/Pet`.
    /// A fragment is percent-decoded before it is read as a pointer (RFC 6901
    /// section 6): `#/paths/~1keys~1%7Bid%7D` names the path `/keys/{id}`. A `%`
    /// not followed by two hex digits stays as written.
    pub fn from_fragment(fragment: &str) -> Self {
        let encoded = fragment.strip_prefix('#').unwrap_or(fragment);
        Self(
            percent_encoding::percent_decode_str(encoded)
                .decode_utf8_lossy()
                .into_owned(),
        )
    }

    /// A pointer to `segment` below this one; `~` and `/` are escaped as the RFC requires.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let escaped = segment.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{}", self.0, escaped))
    }

    /// The unescaped segments, outermost first.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
    }

    /// The pointer text, `""` for the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// Why a document could not be turned into a client.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The text is not well-formed JSON or YAML.
    #[error("the document is not valid {format} (line {line}, column {column}): {message}")]
    Syntax {
        /// `JSON` or `YAML`, as detected.
        format: &'static str,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document is well-formed but breaks the OpenAPI schema at `pointer`.
    #[error("at {pointer}: {message}")]
    Invalid {
        /// Where the document breaks the schema.
        pointer: JsonPointer,
        /// What is wrong there.
        message: String,
    },
    /// A `$ref` names something the document does not contain.
    #[error("at {pointer}: unresolved reference `{reference}`")]
    UnresolvedReference {
        /// Where the reference is written.
        pointer: JsonPointer,
        /// The reference as written.
        reference: String,
    },
    /// A chain of `$ref`s leads back to where it started without reaching a definition.
    #[error("at {pointer}: reference `{reference}` is cyclic (it never reaches a definition)")]
    CyclicReference {
        /// Where the chain starts.
        pointer: JsonPointer,
        /// The reference as written.
        reference: String,
    },
    /// The generated tokens did not parse as Rust; this is a generator bug, not a document defect.
    #[error("internal error: generated code for {file} does not parse: {message}")]
    InvalidOutput {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// The generator broke one of its own rules while working on `pointer`:
    /// a bug to report, never a defect of the document.
    #[error("internal error at {pointer}: {message}")]
    Internal {
        /// What the generator was working on.
        pointer: JsonPointer,
        /// Which rule it broke.
        message: String,
    },
}

impl GenerateError {
    /// Shorthand for [`GenerateError::Invalid`].
    pub fn invalid(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self::Invalid {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    /// Shorthand for [`GenerateError::Internal`].
    pub fn internal(pointer: &JsonPointer, message: impl Into<String>) -> Self {
        Self::Internal {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }
}

/// Something the generator handled with a stated fallback instead of failing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where the fallback applies.
    pub pointer: JsonPointer,
    /// What was approximated and how.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning at {}: {}", self.pointer, self.message)
    }
}

/// Collects warnings in the order they were found, so output is deterministic.
#[derive(Debug, Default)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    /// Records a warning about the node at `pointer`.
    pub fn push(&mut self, pointer: &JsonPointer, message: impl Into<String>) {
        self.0.push(Warning {
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    /// The warnings in the order they were found.
    pub fn into_vec(self) -> Vec<Warning> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        let pointer = JsonPointer::root().join("paths").join("/a~b/{id}");
        assert_eq!(pointer.as_str(), "/paths/~1a~0b~1{id}");
        assert_eq!(
            pointer.segments().collect::<Vec<_>>(),
            ["paths", "/a~b/{id}"]
        );
    }

    #[test]
    fn root_pointer_displays_as_slash() {
        assert_eq!(JsonPointer::root().to_string(), "/");
        assert_eq!(
            JsonPointer::from_fragment("#/components/schemas/Pet").as_str(),
            "/components/schemas/Pet"
        );
    }

    #[test]
    fn fragments_are_percent_decoded_before_unescaping() {
        let pointer = JsonPointer::from_fragment("#/paths/~1keys~1%7Bid%7D/get/parameters/0");
        assert_eq!(
            pointer.segments().collect::<Vec<_>>(),
            ["paths", "/keys/{id}", "get", "parameters", "0"]
        );
        assert_eq!(
            JsonPointer::from_fragment("#/components/schemas/100%").as_str(),
            "/components/schemas/100%"
        );
    }
}
