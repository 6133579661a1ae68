//! Documents far deeper or larger than hand-written ones: long `$ref` chains,
//! deep `allOf` inheritance, enums with tens of thousands of values. Each must
//! generate (no stack overflow, no false "cyclic" error); how long it takes is
//! measured by the generation benchmark, not asserted here.

use openapi_client_gen::{generate, CrateOptions, GenerateError};
use serde_json::{json, Map, Value};

fn document(schemas: Map<String, Value>) -> String {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Large", "version": "1" },
        "paths": {},
        "components": { "schemas": schemas },
    })
    .to_string()
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// `{prefix}0` refers to `{prefix}1` ... through `link`, ending in a string.
fn chain(prefix: &str, length: usize, link: impl Fn(Value) -> Value) -> Map<String, Value> {
    let mut schemas: Map<String, Value> = (0..length)
        .map(|index| {
            let next = reference(&format!("{prefix}{}", index + 1));
            (format!("{prefix}{index}"), link(next))
        })
        .collect();
    schemas.insert(format!("{prefix}{length}"), json!({ "type": "string" }));
    schemas
}

fn generates(text: &str) -> Result<usize, GenerateError> {
    generate(text, &CrateOptions::new("large")).map(|generated| generated.files.len())
}

const CHAIN: usize = 10_000;

#[test]
fn a_long_chain_of_properties_generates() {
    let schemas = chain(
        "S",
        CHAIN,
        |next| json!({ "type": "object", "properties": { "next": next } }),
    );
    assert!(generates(&document(schemas)).is_ok());
}

#[test]
fn a_long_chain_of_array_items_generates() {
    let schemas = chain("I", CHAIN, |next| json!({ "type": "array", "items": next }));
    assert!(generates(&document(schemas)).is_ok());
}

#[test]
fn a_long_chain_of_aliases_generates() {
    let schemas = chain("A", CHAIN, |next| next);
    assert!(generates(&document(schemas)).is_ok());
}

#[test]
fn deep_all_of_inheritance_is_no_cycle_but_a_real_cycle_is() {
    let deep = chain(
        "L",
        40,
        |next| json!({ "allOf": [next, { "type": "object", "properties": { "own": { "type": "string" } } }] }),
    );
    assert!(generates(&document(deep)).is_ok());

    let own = json!({ "type": "object", "properties": { "own": { "type": "string" } } });
    let mut cyclic = Map::new();
    cyclic.insert("A".into(), json!({ "allOf": [reference("B"), own] }));
    cyclic.insert("B".into(), json!({ "allOf": [reference("A"), own] }));
    let error = generates(&document(cyclic)).err();
    assert!(
        matches!(error, Some(GenerateError::CyclicReference { .. })),
        "{error:?}"
    );
}

#[test]
fn tens_of_thousands_of_enum_values_that_case_alike_are_numbered() {
    // `a-0`, `a_0`, `a.0` ... all case to `A0`: each needs a numbered name.
    let values: Vec<String> = (0..20_000)
        .map(|index| format!("a{}{}", ["-", "_", ".", " "][index % 4], index / 4))
        .collect();
    let mut schemas = Map::new();
    schemas.insert("E".into(), json!({ "type": "string", "enum": values }));
    let generated = generate(&document(schemas), &CrateOptions::new("large"))
        .unwrap_or_else(|error| panic!("{error}"));
    let models = generated
        .files
        .iter()
        .find(|file| file.path == "src/models.rs")
        .map(|file| file.contents.as_str())
        .unwrap_or_default();
    assert!(
        models.contains(" A49994 = \"a 4999\" }"),
        "the 4th spelling of `a 4999`"
    );
}
