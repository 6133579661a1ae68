//! Bytes to a document the `openapiv3` crate can read: format detection,
//! OpenAPI 3.1 normalisation and tolerance of known defects.

mod locate;
mod normalize;
mod schema_check;
mod syntax;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{GenerateError, JsonPointer, Warnings};

pub use normalize::{SpecVersion, TUPLE_POSITIONS};
pub use syntax::parse_text;

/// A parsed document, with the normalised JSON tree kept beside the typed view
/// so that `$ref`s to arbitrary places (not only components) can be followed.
#[derive(Debug)]
pub struct LoadedDocument {
    /// The OpenAPI version the document declares.
    pub version: SpecVersion,
    /// The normalised document as a JSON tree, for following `$ref`s to any pointer.
    pub tree: Value,
    /// The normalised document, typed.
    pub document: openapiv3::OpenAPI,
}

/// Parses and normalises `text`; every failure names its JSON pointer.
pub fn load(text: &str, warnings: &mut Warnings) -> Result<LoadedDocument, GenerateError> {
    let mut tree = syntax::parse_text(text)?;
    let version = normalize::normalize(&mut tree, warnings)?;
    schema_check::check_schemas(&mut tree)?;
    // On failure, a piecewise re-read names the innermost failing node.
    let document = deserialize_at(&tree, &JsonPointer::root())
        .map_err(|error| locate::locate_error(&tree).unwrap_or(error))?;
    Ok(LoadedDocument {
        version,
        tree,
        document,
    })
}

/// Deserialises the subtree at `base`, reporting the exact pointer of the first error.
pub fn deserialize_at<T: DeserializeOwned>(
    tree: &Value,
    base: &JsonPointer,
) -> Result<T, GenerateError> {
    serde_path_to_error::deserialize(tree).map_err(|error| {
        let mut pointer = base.clone();
        for segment in error.path().iter() {
            pointer = match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.join(index),
                serde_path_to_error::Segment::Map { key } => pointer.join(key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => pointer,
            };
        }
        GenerateError::Invalid {
            pointer,
            message: describe_serde_error(&error.into_inner().to_string()),
        }
    })
}

/// Serde's messages for untagged enums say nothing useful; say what was expected.
fn describe_serde_error(message: &str) -> String {
    if message.contains("did not match any variant of untagged enum ReferenceOr") {
        "expected a `$ref` object or a valid definition here".to_owned()
    } else if message.contains("did not match any variant") {
        "the value does not have any of the shapes OpenAPI allows here".to_owned()
    } else {
        message.to_owned()
    }
}

/// Follows a local `$ref` (`#/a/b`) through the JSON tree.
pub fn resolve_pointer<'tree>(tree: &'tree Value, pointer: &JsonPointer) -> Option<&'tree Value> {
    pointer
        .segments()
        .try_fold(tree, |node, segment| match node {
            Value::Object(fields) => fields.get(&segment),
            Value::Array(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index)),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_type_names_its_pointer() {
        let text = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
            "paths":{"/a":{"get":{"parameters":[{"name":"x","in":"query","required":"yes"}],"responses":{}}}}}"#;
        let error = load(text, &mut Warnings::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "at /paths/~1a/get/parameters/0: invalid type: string \"yes\", expected a boolean"
        );
    }

    #[test]
    fn missing_required_field_names_its_parent() {
        let text = r#"{"openapi":"3.0.3","info":{"version":"1"},"paths":{}}"#;
        let error = load(text, &mut Warnings::default()).unwrap_err();
        assert_eq!(error.to_string(), "at /info: missing field `title`");
    }

    #[test]
    fn resolves_escaped_pointer_segments() {
        let tree = serde_json::json!({ "paths": { "/a/{id}": { "get": 1 } } });
        let pointer = JsonPointer::from_fragment("#/paths/~1a~1{id}/get");
        assert_eq!(
            resolve_pointer(&tree, &pointer),
            Some(&serde_json::json!(1))
        );
    }
}
