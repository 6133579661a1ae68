//! Finds the innermost node that fails to deserialise.
//!
//! `openapiv3` reads paths, responses and schemas through custom visitors and
//! `flatten`, which lose the error's position below `/paths` or `/components`.
//! After a failure, the document is re-read piece by piece, innermost first,
//! so the error names the parameter, response or schema that is wrong.

use openapiv3::{
    Callback, Example, Header, Info, Link, Operation, Parameter, PathItem, ReferenceOr,
    RequestBody, Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::deserialize_at;
use crate::diagnostics::{GenerateError, JsonPointer};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The most specific error in the document, if any part fails on its own.
pub fn locate_error(tree: &Value) -> Option<GenerateError> {
    let root = JsonPointer::root();
    check_section::<Info>(tree, &root.join("info"))
        .and_then(|()| check_paths(tree, &root.join("paths")))
        .and_then(|()| check_components(tree, &root.join("components")))
        .err()
}

fn check<T: DeserializeOwned>(node: &Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    deserialize_at::<T>(node, pointer).map(|_| ())
}

fn check_section<T: DeserializeOwned>(
    tree: &Value,
    pointer: &JsonPointer,
) -> Result<(), GenerateError> {
    match tree.get(pointer.segments().last().unwrap_or_default()) {
        Some(node) => check::<T>(node, pointer),
        None => Ok(()),
    }
}

fn entries(node: Option<&Value>) -> Vec<(String, &Value)> {
    match node {
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(key, value)| (key.clone(), value))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (index.to_string(), value))
            .collect(),
        _ => Vec::new(),
    }
}

fn check_paths(tree: &Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    for (path, item) in entries(tree.get("paths")) {
        let item_pointer = pointer.join(&path);
        check_parameters(item.get("parameters"), &item_pointer.join("parameters"))?;
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                check_operation(operation, &item_pointer.join(method))?;
            }
        }
        check::<ReferenceOr<PathItem>>(item, &item_pointer)?;
    }
    Ok(())
}

fn check_parameters(
    parameters: Option<&Value>,
    pointer: &JsonPointer,
) -> Result<(), GenerateError> {
    for (index, parameter) in entries(parameters) {
        let parameter_pointer = pointer.join(&index);
        if let Some(schema) = parameter.get("schema") {
            check_schema(schema, &parameter_pointer.join("schema"))?;
        }
        check::<ReferenceOr<Parameter>>(parameter, &parameter_pointer)?;
    }
    Ok(())
}

fn check_operation(operation: &Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    check_parameters(operation.get("parameters"), &pointer.join("parameters"))?;
    if let Some(body) = operation.get("requestBody") {
        check_content(
            body.get("content"),
            &pointer.join("requestBody").join("content"),
        )?;
        check::<ReferenceOr<RequestBody>>(body, &pointer.join("requestBody"))?;
    }
    for (status, response) in entries(operation.get("responses")) {
        let response_pointer = pointer.join("responses").join(&status);
        check_content(response.get("content"), &response_pointer.join("content"))?;
        check::<ReferenceOr<Response>>(response, &response_pointer)?;
    }
    check::<Operation>(operation, pointer)
}

fn check_content(content: Option<&Value>, pointer: &JsonPointer) -> Result<(), GenerateError> {
    for (media_type, media) in entries(content) {
        if let Some(schema) = media.get("schema") {
            check_schema(schema, &pointer.join(&media_type).join("schema"))?;
        }
    }
    Ok(())
}

/// Schemas nest; the innermost property or branch that fails is reported.
fn check_schema(schema: &Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    for key in ["properties", "patternProperties"] {
        for (name, child) in entries(schema.get(key)) {
            check_schema(child, &pointer.join(key).join(&name))?;
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (index, child) in entries(schema.get(key)) {
            check_schema(child, &pointer.join(key).join(&index))?;
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = schema.get(key).filter(|child| child.is_object()) {
            check_schema(child, &pointer.join(key))?;
        }
    }
    check::<ReferenceOr<Schema>>(schema, pointer)
}

fn check_components(tree: &Value, pointer: &JsonPointer) -> Result<(), GenerateError> {
    let Some(components) = tree.get("components") else {
        return Ok(());
    };
    for (name, schema) in entries(components.get("schemas")) {
        check_schema(schema, &pointer.join("schemas").join(&name))?;
    }
    check_entries::<ReferenceOr<Parameter>>(components, "parameters", pointer)?;
    check_entries::<ReferenceOr<Response>>(components, "responses", pointer)?;
    check_entries::<ReferenceOr<RequestBody>>(components, "requestBodies", pointer)?;
    check_entries::<ReferenceOr<Header>>(components, "headers", pointer)?;
    check_entries::<ReferenceOr<SecurityScheme>>(components, "securitySchemes", pointer)?;
    check_entries::<ReferenceOr<Example>>(components, "examples", pointer)?;
    check_entries::<ReferenceOr<Link>>(components, "links", pointer)?;
    check_entries::<ReferenceOr<Callback>>(components, "callbacks", pointer)
}

fn check_entries<T: DeserializeOwned>(
    components: &Value,
    section: &str,
    pointer: &JsonPointer,
) -> Result<(), GenerateError> {
    for (name, entry) in entries(components.get(section)) {
        check::<T>(entry, &pointer.join(section).join(&name))?;
    }
    Ok(())
}
