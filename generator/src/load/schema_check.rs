//! Reads every schema on its own before the whole document is read.
//!
//! `openapiv3` reads a schema's kind as an untagged enum: when a keyword deep
//! inside nested schemas has the wrong type, every enclosing level retries
//! every variant, so the time to fail grows exponentially with the depth (a
//! `nullable: 1.5` twenty properties down takes hours). Here each schema is
//! read alone, with the schemas inside it replaced by empty ones, parents
//! before children: linear in the document's size, as strict as the typed
//! read (it is the same type), and the error names the schema's own pointer.

use openapiv3::{ReferenceOr, Schema};
use serde_json::{Map, Value};

use super::deserialize_at;
use super::normalize::{
    for_each_child_schema, for_each_schema, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
};
use crate::diagnostics::{GenerateError, JsonPointer};

/// The first schema (outermost first) that does not read as an OpenAPI schema.
pub fn check_schemas(tree: &mut Value) -> Result<(), GenerateError> {
    let mut first_error = None;
    for_each_schema(tree, &JsonPointer::root(), &mut |schema, pointer| {
        if first_error.is_none() {
            first_error = check_schema(schema, pointer).err();
        }
    });
    first_error.map_or(Ok(()), Err)
}

fn check_schema(schema: &mut Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    let Value::Object(fields) = schema else {
        // A non-object in a schema position is judged by its parent's read,
        // which keeps it; elsewhere (a `schema` key in vendor data) it is no
        // schema at all.
        return Ok(());
    };
    deserialize_at::<ReferenceOr<Schema>>(&without_child_schemas(fields), pointer)?;
    let mut result = Ok(());
    for_each_child_schema(fields, pointer, &mut |child, child_pointer| {
        if result.is_ok() {
            result = check_schema(child, child_pointer);
        }
    });
    result
}

/// A copy of the schema's own keywords, each schema inside it (an object)
/// replaced by `{}`; anything else in a schema position is kept, so that the
/// read still fails on it.
fn without_child_schemas(fields: &Map<String, Value>) -> Value {
    let empty = || Value::Object(Map::new());
    let hollow = |value: &Value| {
        if value.is_object() {
            empty()
        } else {
            value.clone()
        }
    };
    let copy = fields
        .iter()
        .map(|(key, value)| {
            let key_str = key.as_str();
            let value = match value {
                Value::Object(children) if SCHEMA_MAP_KEYWORDS.contains(&key_str) => Value::Object(
                    children
                        .iter()
                        .map(|(name, child)| (name.clone(), hollow(child)))
                        .collect(),
                ),
                Value::Object(_) if SCHEMA_KEYWORDS.contains(&key_str) => empty(),
                Value::Array(children) if SCHEMA_LIST_KEYWORDS.contains(&key_str) => {
                    Value::Array(children.iter().map(hollow).collect())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    Value::Object(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(depth: usize, innermost: Value) -> Value {
        (0..depth).fold(
            innermost,
            |inner, _| json!({ "type": "object", "properties": { "a": inner } }),
        )
    }

    #[test]
    fn deep_mistyped_keyword_is_found_at_once_with_its_pointer() {
        // Before this check, reading this document took exponential time.
        let mut tree = json!({
            "components": { "schemas": {
                "S": nested(24, json!({ "type": "string", "nullable": 1.5 }))
            } }
        });
        let error = check_schemas(&mut tree).unwrap_err();
        let pointer = format!("/components/schemas/S{}", "/properties/a".repeat(24));
        assert_eq!(
            error.to_string(),
            format!("at {pointer}: invalid type: floating point `1.5`, expected a boolean")
        );
    }

    #[test]
    fn well_formed_schemas_pass() {
        let mut tree = json!({
            "paths": { "/a": { "get": { "parameters": [
                { "name": "q", "in": "query", "schema": nested(5, json!({ "type": "integer", "minimum": 1 })) }
            ] } } },
            "components": { "schemas": {
                "R": { "$ref": "#/components/schemas/S" },
                "S": { "type": "object", "additionalProperties": false,
                       "allOf": [{ "type": "object" }], "items": { "type": "string" } }
            } }
        });
        assert!(check_schemas(&mut tree).is_ok());
    }

    #[test]
    fn non_object_in_a_schema_position_is_an_error() {
        let mut tree = json!({
            "components": { "schemas": { "S": { "type": "array", "items": 5 } } }
        });
        let error = check_schemas(&mut tree).unwrap_err();
        assert!(
            error.to_string().starts_with("at /components/schemas/S"),
            "{error}"
        );
    }
}
