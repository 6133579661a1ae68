//! Malformed documents get one clear error naming the place in the document
//! (a JSON pointer, or line and column for syntax errors), never a panic.

use openapi_client_gen::{generate, CrateOptions};

fn error_for(document: &str) -> String {
    match generate(document, &CrateOptions::new("broken")) {
        Ok(_) => panic!("expected an error for:\n{document}"),
        Err(error) => error.to_string(),
    }
}

const INFO: &str = r#""info": {"title": "t", "version": "1"}"#;

#[test]
fn bad_json_names_line_and_column() {
    let document = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,}\n}";
    assert_eq!(
        error_for(document),
        "the document is not valid JSON (line 3, column 12): key must be a string"
    );
}

#[test]
fn bad_yaml_names_line_and_column() {
    let document = "openapi: 3.0.3\ninfo:\n  title: t\n   version: 1\n";
    assert_eq!(
        error_for(document),
        "the document is not valid YAML (line 4, column 11): mapping values are not allowed in this context"
    );
}

#[test]
fn unresolved_reference_names_where_it_is_used() {
    let document = format!(
        r##"{{"openapi": "3.1.0", {INFO}, "paths": {{"/a": {{"get": {{"responses": {{"200": {{"description": "ok",
            "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Missing"}}}}}}}}}}}}}}}}}}"##
    );
    assert_eq!(
        error_for(&document),
        "at /paths/~1a/get/responses/200/content/application~1json/schema: unresolved reference `#/components/schemas/Missing`"
    );
}

#[test]
fn cyclic_reference_is_refused() {
    let document = format!(
        r##"{{"openapi": "3.0.3", {INFO}, "paths": {{}}, "components": {{"schemas": {{
            "A": {{"$ref": "#/components/schemas/B"}}, "B": {{"$ref": "#/components/schemas/A"}}}}}}}}"##
    );
    assert_eq!(
        error_for(&document),
        "at /components/schemas/A: reference `#/components/schemas/A` is cyclic (it never reaches a definition)"
    );
}

#[test]
fn wrong_type_names_the_innermost_node() {
    let document = format!(
        r#"{{"openapi": "3.0.3", {INFO}, "paths": {{"/a": {{"get": {{
            "parameters": [{{"name": "x", "in": "query", "required": "yes"}}], "responses": {{}}}}}}}}}}"#
    );
    assert_eq!(
        error_for(&document),
        "at /paths/~1a/get/parameters/0: invalid type: string \"yes\", expected a boolean"
    );
}

#[test]
fn wrong_schema_type_names_the_property() {
    let document = format!(
        r#"{{"openapi": "3.0.3", {INFO}, "paths": {{}}, "components": {{"schemas": {{
            "A": {{"type": "object", "properties": {{"b": {{"type": "string", "maxLength": "ten"}}}}}}}}}}}}"#
    );
    assert_eq!(
        error_for(&document),
        "at /components/schemas/A/properties/b: invalid type: string \"ten\", expected usize"
    );
}

#[test]
fn missing_required_field_names_its_parent() {
    let document = r#"{"openapi": "3.0.3", "info": {"version": "1"}, "paths": {}}"#;
    assert_eq!(error_for(document), "at /info: missing field `title`");
}

#[test]
fn missing_version_is_refused() {
    let document = format!(r#"{{{INFO}, "paths": {{}}}}"#);
    assert_eq!(
        error_for(&document),
        "at /openapi: missing the `openapi` version field"
    );
}

#[test]
fn swagger_two_is_refused() {
    let document = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    assert_eq!(
        error_for(document),
        "at /swagger: Swagger 2.0 documents are not supported; expected `openapi: 3.0.x` or `3.1.x`"
    );
}

#[test]
fn document_that_is_not_an_object_is_refused() {
    assert_eq!(
        error_for("- just\n- a list\n"),
        "at /: expected an OpenAPI document (a JSON object)"
    );
}

#[test]
fn external_reference_is_explained() {
    let document = format!(
        r##"{{"openapi": "3.0.3", {INFO}, "paths": {{}}, "components": {{"schemas": {{
            "A": {{"type": "object", "properties": {{"b": {{"$ref": "other.yaml#/B"}}}}}}}}}}}}"##
    );
    assert_eq!(
        error_for(&document),
        "at /components/schemas/A/properties/b: external reference `other.yaml#/B` is not supported; inline or bundle the document first"
    );
}
