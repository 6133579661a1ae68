//! Rewrites an OpenAPI 3.1 document (and the defects of real published ones) into
//! the 3.0 shape that the `openapiv3` crate reads, warning about every repair.
//!
//! The rewrite happens on the JSON tree before typed deserialisation, so each
//! fix knows its JSON pointer and the typed layer never sees 3.1 syntax.

use serde_json::{Map, Value};

use crate::diagnostics::{GenerateError, JsonPointer, Warnings};

/// The OpenAPI minor version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// OpenAPI 3.0.x.
    V3_0,
    /// OpenAPI 3.1.x.
    V3_1,
}

/// Keywords whose values are examples or vendor data, never schemas to rewrite.
const OPAQUE_KEYS: [&str; 3] = ["example", "examples", "default"];

/// Checks the version, then rewrites the document in place.
pub fn normalize(
    document: &mut Value,
    warnings: &mut Warnings,
) -> Result<SpecVersion, GenerateError> {
    let root = JsonPointer::root();
    let Value::Object(fields) = document else {
        return Err(GenerateError::invalid(
            &root,
            "expected an OpenAPI document (a JSON object)",
        ));
    };
    let version = spec_version(fields)?;
    repair_info(fields, warnings);
    // Webhooks (OAS 3.1 4.8.1) are calls the API makes, never calls a client makes.
    fields.remove("webhooks");
    fields
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    inline_component_path_items(fields);
    repair_paths(fields);
    repair_components(fields, &root.join("components"), warnings);
    resolve_named_references(document);
    for_each_schema(document, &root, &mut |schema, pointer| {
        normalize_schema(schema, pointer, warnings);
    });
    Ok(version)
}

fn spec_version(fields: &Map<String, Value>) -> Result<SpecVersion, GenerateError> {
    let pointer = JsonPointer::root().join("openapi");
    if fields.contains_key("swagger") {
        return Err(GenerateError::invalid(
            &JsonPointer::root().join("swagger"),
            "Swagger 2.0 documents are not supported; expected `openapi: 3.0.x` or `3.1.x`",
        ));
    }
    match fields.get("openapi") {
        Some(Value::String(text)) if text.starts_with("3.0") => Ok(SpecVersion::V3_0),
        Some(Value::String(text)) if text.starts_with("3.1") => Ok(SpecVersion::V3_1),
        Some(Value::String(text)) => Err(GenerateError::invalid(
            &pointer,
            format!("unsupported OpenAPI version `{text}`; expected 3.0.x or 3.1.x"),
        )),
        Some(other) => Err(GenerateError::invalid(
            &pointer,
            format!(
                "expected the version as a string such as \"3.1.0\", found {}",
                kind_of(other)
            ),
        )),
        None => Err(GenerateError::invalid(
            &pointer,
            "missing the `openapi` version field",
        )),
    }
}

/// Published documents carry `"contact": ""` and `"license": ""`; these are
/// metadata the client does not need, so they are dropped with a warning.
fn repair_info(fields: &mut Map<String, Value>, warnings: &mut Warnings) {
    let pointer = JsonPointer::root().join("info");
    let Some(Value::Object(info)) = fields.get_mut("info") else {
        return;
    };
    for key in ["contact", "license"] {
        let malformed = match info.get(key) {
            Some(Value::Object(object)) => key == "license" && !object.contains_key("name"),
            Some(_) => true,
            None => false,
        };
        if malformed {
            info.remove(key);
            warnings.push(
                &pointer.join(key),
                format!("malformed `{key}` object ignored"),
            );
        }
    }
    for key in ["title", "version"] {
        if let Some(value) = info.get(key).filter(|value| !value.is_string()) {
            let text = value.to_string();
            info.insert(key.to_owned(), Value::String(text));
            warnings.push(
                &pointer.join(key),
                format!("`{key}` is not a string; used its JSON text"),
            );
        }
    }
}

/// OAS 3.1 adds `components/pathItems`, which the typed layer does not know: a
/// path that refers to one gets a copy of it (its own `summary` and
/// `description` win, as OAS 3.1 4.8.9 lets a Path Item `$ref` override them).
fn inline_component_path_items(fields: &mut Map<String, Value>) {
    let Some(Value::Object(path_items)) = fields
        .get("components")
        .and_then(|components| components.get("pathItems"))
        .cloned()
    else {
        return;
    };
    let Some(Value::Object(paths)) = fields.get_mut("paths") else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        let Value::Object(item_fields) = item else {
            continue;
        };
        let target = item_fields
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/pathItems/"))
            .map(|name| JsonPointer::from_fragment(&format!("#/{name}")))
            .and_then(|pointer| pointer.segments().next())
            .and_then(|name| path_items.get(&name).cloned());
        if let Some(Value::Object(mut inlined)) = target {
            item_fields.remove("$ref");
            for (key, value) in std::mem::take(item_fields) {
                inlined.insert(key, value);
            }
            *item = Value::Object(inlined);
        }
    }
}

/// OAS 3.1 makes `responses` optional; callbacks are never client calls.
fn repair_paths(fields: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = fields.get_mut("paths") else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
                operation.remove("callbacks");
            }
        }
    }
}

fn repair_components(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    let Some(Value::Object(components)) = fields.get_mut("components") else {
        return;
    };
    components.remove("pathItems");
    let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") else {
        return;
    };
    let known = ["apiKey", "http", "oauth2", "openIdConnect"];
    schemes.retain(|name, scheme| {
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let keep = scheme.get("$ref").is_some() || known.contains(&kind);
        let scheme_pointer = pointer.join("securitySchemes").join(name);
        if kind == "mutualTLS" {
            warnings.push(
                &scheme_pointer,
                "mutual TLS is configured on the HTTP client: pass one with the client certificate to `ClientBuilder::http_client`",
            );
        } else if !keep {
            warnings.push(
                &scheme_pointer,
                format!("security scheme type `{kind}` is not supported by the client; ignored"),
            );
        }
        keep
    });
}

/// OAS 3.1 schemas may be named by `$anchor` (`$ref: "#pet"`) or by `$id`
/// (`$ref: "https://example.com/pet"`) instead of by their place in the
/// document (JSON Schema 2020-12 8.2.1 and 8.2.2). References by a name the
/// document itself defines become references by place; other external
/// references stay as they are and are reported where they are used.
fn resolve_named_references(document: &mut Value) {
    let mut places = std::collections::HashMap::new();
    collect_names(document, &JsonPointer::root(), &mut places);
    if !places.is_empty() {
        rewrite_named_references(document, &places);
    }
}

fn collect_names(
    value: &Value,
    pointer: &JsonPointer,
    places: &mut std::collections::HashMap<String, String>,
) {
    match value {
        Value::Object(fields) => {
            if let Some(anchor) = fields.get("$anchor").and_then(Value::as_str) {
                places.insert(format!("#{anchor}"), format!("#{}", pointer.as_str()));
            }
            if let Some(id) = fields.get("$id").and_then(Value::as_str) {
                places.insert(id.to_owned(), format!("#{}", pointer.as_str()));
            }
            for (key, child) in fields {
                if !OPAQUE_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    collect_names(child, &pointer.join(key), places);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_names(item, &pointer.join(index), places);
            }
        }
        _ => {}
    }
}

fn rewrite_named_references(value: &mut Value, places: &std::collections::HashMap<String, String>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::String(reference)) = fields.get_mut("$ref") {
                if let Some(place) = places.get(reference.as_str()) {
                    *reference = place.clone();
                }
            }
            for (key, child) in fields.iter_mut() {
                if !OPAQUE_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    rewrite_named_references(child, places);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_named_references(item, places);
            }
        }
        _ => {}
    }
}

/// Calls `visit` on every top-level schema of the document: each `schema`
/// keyword and each entry of `components/schemas`, wherever they are nested.
/// Schemas inside those are the visitor's to reach, through
/// [`for_each_child_schema`].
pub(super) fn for_each_schema(
    value: &mut Value,
    pointer: &JsonPointer,
    visit: &mut dyn FnMut(&mut Value, &JsonPointer),
) {
    match value {
        Value::Object(fields) => {
            let in_components = pointer.as_str() == "/components";
            for (key, child) in fields.iter_mut() {
                let child_pointer = pointer.join(key);
                if OPAQUE_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                if key == "schema" {
                    visit(child, &child_pointer);
                } else if in_components && key == "schemas" {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas.iter_mut() {
                            visit(schema, &child_pointer.join(name));
                        }
                    }
                } else {
                    for_each_schema(child, &child_pointer, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                for_each_schema(item, &pointer.join(index), visit);
            }
        }
        _ => {}
    }
}

/// Keywords whose value is a map of schemas.
pub(super) const SCHEMA_MAP_KEYWORDS: [&str; 4] =
    ["properties", "patternProperties", "$defs", "definitions"];
/// Keywords whose value is one schema (`additionalProperties` may also be a
/// boolean, which 3.0 allows and which stays as it is).
pub(super) const SCHEMA_KEYWORDS: [&str; 4] = ["items", "not", "contains", "additionalProperties"];
/// Keywords whose value is a list of schemas.
pub(super) const SCHEMA_LIST_KEYWORDS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Calls `visit` on each schema directly inside the schema `fields` (not on
/// their own children), with its pointer.
pub(super) fn for_each_child_schema(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    visit: &mut dyn FnMut(&mut Value, &JsonPointer),
) {
    for key in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(children)) = fields.get_mut(key) {
            for (name, child) in children.iter_mut() {
                visit(child, &pointer.join(key).join(name));
            }
        }
    }
    for key in SCHEMA_KEYWORDS {
        if let Some(child) = fields.get_mut(key) {
            if !(key == "additionalProperties" && child.is_boolean()) {
                visit(child, &pointer.join(key));
            }
        }
    }
    for key in SCHEMA_LIST_KEYWORDS {
        if let Some(Value::Array(children)) = fields.get_mut(key) {
            for (index, child) in children.iter_mut().enumerate() {
                visit(child, &pointer.join(key).join(index));
            }
        }
    }
}

/// Rewrites one schema and, recursively, the schemas inside it.
pub fn normalize_schema(schema: &mut Value, pointer: &JsonPointer, warnings: &mut Warnings) {
    if let Value::Bool(accepts_anything) = schema {
        // JSON Schema booleans: `true` accepts anything, `false` nothing.
        *schema = if *accepts_anything {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Value::Object(fields) = schema else {
        return;
    };
    wrap_reference_with_siblings(fields);
    rewrite_type_array(fields, pointer, warnings);
    rewrite_exclusive_bounds(fields);
    if let Some(constant) = fields.remove("const") {
        fields
            .entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
    rewrite_content_encoding(fields);
    drop_unchecked_keywords(fields, pointer, warnings);
    repair_misplaced_keywords(fields, pointer, warnings);
    for_each_child_schema(fields, pointer, &mut |child, child_pointer| {
        normalize_schema(child, child_pointer, warnings);
    });
    drop_null_branches(fields);
    drop_uncheckable_pattern(fields, pointer, warnings);
    rewrite_prefix_items(fields, pointer, warnings);
}

/// The client checks `pattern` with the `regex` crate, whose syntax is close to
/// the ECMA-262 one JSON Schema names but lacks look-around and
/// backreferences. A pattern it cannot compile is left unchecked (and said
/// so) rather than failing the document or rejecting every value.
fn drop_uncheckable_pattern(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    let Some(pattern) = fields.get("pattern") else {
        return;
    };
    let problem = match pattern.as_str().map(regex::Regex::new) {
        Some(Ok(_)) => return,
        Some(Err(error)) => first_line(&error.to_string()),
        None => "it is not a string".to_owned(),
    };
    fields.remove("pattern");
    warnings.push(
        &pointer.join("pattern"),
        format!("`pattern` is not checked by the client: {problem}"),
    );
}

/// The regex crate's errors draw the pattern with a caret under the fault
/// over several lines; the last line says what is wrong.
fn first_line(error: &str) -> String {
    error
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(error)
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

/// Where [`rewrite_prefix_items`] keeps the positions of a tuple for the
/// model: openapiv3 reads only `x-` keywords it does not know.
pub const TUPLE_POSITIONS: &str = "x-openapi-client-gen-tuple";

/// Tuples have at most 12 positions in Rust's standard trait impls (`Debug`,
/// `Default`, `PartialEq`), which every generated type derives.
const MAX_TUPLE_POSITIONS: usize = 12;

/// `prefixItems` (JSON Schema 2020-12) describes an array position by
/// position. A closed one (no items past the positions, and `minItems`
/// covering them all) always has exactly those values: a Rust tuple. Any other
/// may be shorter or longer, which a tuple cannot hold, so its items are any
/// JSON value and a warning says so.
fn rewrite_prefix_items(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    let Some(prefix) = fields.remove("prefixItems") else {
        return;
    };
    let positions = match prefix {
        Value::Array(positions) if !positions.is_empty() => positions,
        _ => {
            warnings.push(
                &pointer.join("prefixItems"),
                "`prefixItems` must be a non-empty array of schemas; ignored",
            );
            return;
        }
    };
    let count = positions.len();
    let count_keyword = |keyword: &str| {
        fields
            .get(keyword)
            .and_then(Value::as_u64)
            .and_then(|value| usize::try_from(value).ok())
    };
    let no_further_items = fields.get("items").is_some_and(is_false_schema)
        || count_keyword("maxItems").is_some_and(|max| max <= count);
    let all_present = count_keyword("minItems").is_some_and(|min| min >= count);
    if no_further_items && all_present && count <= MAX_TUPLE_POSITIONS {
        fields.remove("items");
        fields.insert(TUPLE_POSITIONS.to_owned(), Value::Array(positions));
    } else {
        fields.insert("items".to_owned(), Value::Object(Map::new()));
        warnings.push(
            &pointer.join("prefixItems"),
            format!(
                "`prefixItems` is a tuple only when closed (`items: false` or `maxItems` of \
                 {count}, `minItems` of {count}) with at most {MAX_TUPLE_POSITIONS} positions; \
                 this array's items are any JSON value"
            ),
        );
    }
}

/// `false`, or `{not: {}}` as normalisation spells it.
fn is_false_schema(schema: &Value) -> bool {
    match schema {
        Value::Bool(accepts) => !accepts,
        Value::Object(fields) => {
            fields.len() == 1
                && fields
                    .get("not")
                    .is_some_and(|not| not.as_object().is_some_and(Map::is_empty))
        }
        _ => false,
    }
}

/// Keywords beside a `$ref` that describe the use of the target (the field
/// holding it) without changing the target's shape.
const ANNOTATIONS: [&str; 11] = [
    "description",
    "title",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "examples",
    "nullable",
    "default",
    "externalDocs",
    "$comment",
];

/// A `$ref` with siblings (allowed in 3.1, common in 3.0 documents) would lose the
/// siblings when read as a plain reference, so it becomes a one-branch `allOf`,
/// which the model reads as the target plus the annotations. When the other
/// siblings only annotate, a `type` beside the reference is dropped: the
/// target gives the type (a different one would admit no value), and a
/// `type` would make the schema read as a new object rather than the target.
fn wrap_reference_with_siblings(fields: &mut Map<String, Value>) {
    if !fields.contains_key("$ref") {
        return;
    }
    let annotates_only = fields.keys().all(|key| {
        key == "$ref"
            || key == "type"
            || key.starts_with("x-")
            || ANNOTATIONS.contains(&key.as_str())
    });
    if annotates_only {
        // `type: [X, "null"]` (3.1) still says the use may be null.
        let admits_null = fields
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|name| name == "null"));
        fields.remove("type");
        if admits_null {
            fields.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    let has_siblings = fields
        .keys()
        .any(|key| key != "$ref" && !key.starts_with("x-"));
    if has_siblings {
        if let Some(reference) = fields.remove("$ref") {
            let branch = serde_json::json!({ "$ref": reference });
            fields.insert("allOf".to_owned(), Value::Array(vec![branch]));
        }
    }
}

/// OAS 3.1 writes nullability as `type: [T, "null"]`; 3.0 writes `nullable: true`.
fn rewrite_type_array(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    let types: Vec<String> = match fields.get("type") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(single)) => vec![single.clone()],
        _ => return,
    };
    let non_null: Vec<&String> = types
        .iter()
        .filter(|name| name.as_str() != "null")
        .collect();
    if non_null.len() < types.len() {
        fields.insert("nullable".to_owned(), Value::Bool(true));
    }
    match non_null.as_slice() {
        [] => {
            fields.remove("type");
        }
        [single] => {
            fields.insert("type".to_owned(), Value::String((*single).clone()));
        }
        several => {
            fields.remove("type");
            let names: Vec<String> = several.iter().map(|name| (*name).clone()).collect();
            if fields.contains_key("anyOf") || fields.contains_key("oneOf") {
                warnings.push(
                    &pointer.join("type"),
                    format!(
                        "several types ({}) beside anyOf/oneOf are represented as any JSON value",
                        names.join(", ")
                    ),
                );
            } else {
                split_by_type(fields, &names);
            }
        }
    }
}

/// Keywords that apply to values of one JSON type only (JSON Schema 2020-12
/// validation vocabulary), moved into that type's branch.
fn keywords_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "contentMediaType",
            "contentEncoding",
        ],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// `type: [string, integer]` becomes `anyOf: [{type: string, ..}, {type:
/// integer, ..}]`: a union whose variants keep their own keywords, instead of
/// any JSON value.
fn split_by_type(fields: &mut Map<String, Value>, type_names: &[String]) {
    let branches: Vec<Value> = type_names
        .iter()
        .map(|type_name| {
            let mut branch = Map::new();
            branch.insert("type".to_owned(), Value::String(type_name.clone()));
            for keyword in keywords_of(type_name) {
                if let Some(value) = fields.get(*keyword) {
                    branch.insert((*keyword).to_owned(), value.clone());
                }
            }
            Value::Object(branch)
        })
        .collect();
    for type_name in type_names {
        for keyword in keywords_of(type_name) {
            fields.remove(*keyword);
        }
    }
    fields.insert("anyOf".to_owned(), Value::Array(branches));
}

/// OAS 3.1 (JSON Schema 2020-12) makes `exclusiveMinimum` a number; 3.0 a flag.
fn rewrite_exclusive_bounds(fields: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(bound)) = fields.get(exclusive).cloned() {
            fields.insert(inclusive.to_owned(), Value::Number(bound));
            fields.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// OAS 3.1 describes binary strings by `contentMediaType`/`contentEncoding`
/// instead of `format: binary`/`byte`, and documents upgraded from 3.0 drop
/// `type: string` beside `contentMediaType` (raw bytes are no JSON type): such
/// a schema is a binary string, as it was before the upgrade.
fn rewrite_content_encoding(fields: &mut Map<String, Value>) {
    if fields.contains_key("contentMediaType") && !fields.contains_key("type") {
        fields.insert("type".to_owned(), Value::String("string".to_owned()));
    }
    if fields.contains_key("format") || fields.get("type").and_then(Value::as_str) != Some("string")
    {
        return;
    }
    let format = match fields.get("contentEncoding").and_then(Value::as_str) {
        Some("base64") => Some("byte"),
        Some(_) => Some("binary"),
        None if fields.contains_key("contentMediaType") => Some("binary"),
        None => None,
    };
    if let Some(format) = format {
        fields.insert("format".to_owned(), Value::String(format.to_owned()));
    }
}

/// JSON Schema 2020-12 keywords the client neither checks nor reflects in its
/// types: their values are sent and read without them, which a warning says.
const UNCHECKED_KEYWORDS: [&str; 7] = [
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
];

fn drop_unchecked_keywords(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    for keyword in UNCHECKED_KEYWORDS {
        if fields.remove(keyword).is_some() {
            warnings.push(
                &pointer.join(keyword),
                format!(
                    "`{keyword}` is not checked by the client; values are sent and read without it"
                ),
            );
        }
    }
}

/// Defects seen in published documents that would otherwise fail deserialisation.
fn repair_misplaced_keywords(
    fields: &mut Map<String, Value>,
    pointer: &JsonPointer,
    warnings: &mut Warnings,
) {
    if fields
        .get("required")
        .is_some_and(|required| !required.is_array())
    {
        fields.remove("required");
        warnings.push(
            &pointer.join("required"),
            "`required` must list property names; ignored",
        );
    }
    if fields.get("items").is_some_and(Value::is_array) {
        fields.insert("items".to_owned(), Value::Object(Map::new()));
        warnings.push(
            &pointer.join("items"),
            "tuple-style `items` represented as any JSON value",
        );
    }
    if fields.get("enum").is_some_and(|values| !values.is_array()) {
        fields.remove("enum");
        warnings.push(&pointer.join("enum"), "`enum` must be an array; ignored");
    }
}

/// `anyOf: [T, {type: "null"}]` is the 3.1 way to say "nullable T".
fn drop_null_branches(fields: &mut Map<String, Value>) {
    let mut found_null = false;
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = fields.get_mut(key) {
            let before = branches.len();
            branches.retain(|branch| !is_null_schema(branch));
            found_null |= branches.len() < before;
        }
    }
    if found_null {
        fields.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// After rewriting, `{type: "null"}` has become `{nullable: true}` and nothing else.
fn is_null_schema(schema: &Value) -> bool {
    schema.as_object().is_some_and(|fields| {
        fields.get("nullable") == Some(&Value::Bool(true))
            && fields
                .keys()
                .all(|key| key == "nullable" || key == "description" || key == "title")
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(schema: Value) -> (Value, Vec<String>) {
        let mut schema = schema;
        let mut warnings = Warnings::default();
        normalize_schema(&mut schema, &JsonPointer::root().join("s"), &mut warnings);
        let messages = warnings
            .into_vec()
            .into_iter()
            .map(|warning| warning.to_string())
            .collect();
        (schema, messages)
    }

    #[test]
    fn closed_prefix_items_become_tuple_positions() {
        for closing in [json!({ "items": false }), json!({ "maxItems": 2 })] {
            let mut schema = json!({
                "type": "array",
                "prefixItems": [{ "type": "number" }, true],
                "minItems": 2
            });
            if let (Value::Object(fields), Value::Object(extra)) = (&mut schema, closing) {
                fields.extend(extra);
            }
            let (schema, warnings) = normalized(schema);
            assert_eq!(schema[TUPLE_POSITIONS], json!([{ "type": "number" }, {}]));
            assert!(schema.get("items").is_none() && schema.get("prefixItems").is_none());
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn open_prefix_items_are_any_json_with_a_warning() {
        let (schema, warnings) = normalized(json!({
            "type": "array",
            "prefixItems": [{ "type": "number" }],
            "items": { "type": "string" }
        }));
        assert_eq!(schema["items"], json!({}));
        assert!(schema.get(TUPLE_POSITIONS).is_none());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("warning at /s/prefixItems:"),
            "{warnings:?}"
        );
    }

    #[test]
    fn patterns_the_regex_crate_cannot_compile_are_dropped_with_a_warning() {
        let (kept, warnings) = normalized(json!({ "type": "string", "pattern": "^[a-z]+$" }));
        assert_eq!(kept["pattern"], "^[a-z]+$");
        assert!(warnings.is_empty());
        let (dropped, warnings) = normalized(json!({ "type": "string", "pattern": "^(?=a)" }));
        assert!(dropped.get("pattern").is_none());
        assert_eq!(
            warnings,
            [
                "warning at /s/pattern: `pattern` is not checked by the client: look-around, \
              including look-ahead and look-behind, is not supported"
            ]
        );
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let (schema, _) = normalized(json!({ "type": ["string", "null"], "maxLength": 3 }));
        assert_eq!(
            schema,
            json!({ "type": "string", "nullable": true, "maxLength": 3 })
        );
    }

    #[test]
    fn several_types_become_a_union_that_keeps_each_types_keywords() {
        let (schema, warnings) = normalized(json!({
            "type": ["string", "integer", "null"],
            "maxLength": 3,
            "minimum": 1,
            "description": "either",
        }));
        assert_eq!(
            schema,
            json!({
                "nullable": true,
                "description": "either",
                "anyOf": [
                    { "type": "string", "maxLength": 3 },
                    { "type": "integer", "minimum": 1 },
                ],
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn several_types_beside_a_union_fall_back_with_a_warning() {
        let (schema, warnings) = normalized(json!({
            "type": ["string", "integer"],
            "anyOf": [{ "minLength": 1 }, { "minimum": 1 }],
        }));
        assert_eq!(schema.get("type"), None);
        assert_eq!(warnings, ["warning at /s/type: several types (string, integer) beside anyOf/oneOf are represented as any JSON value"]);
    }

    #[test]
    fn references_by_anchor_or_id_become_references_by_place() {
        let mut document = json!({
            "components": { "schemas": {
                "Pet": { "$anchor": "pet", "type": "object" },
                "Owner": { "$id": "https://example.com/owner", "type": "object" },
                "Both": { "anyOf": [
                    { "$ref": "#pet" },
                    { "$ref": "https://example.com/owner" },
                    { "$ref": "other.json#/x" },
                ] },
            } },
        });
        resolve_named_references(&mut document);
        assert_eq!(
            document["components"]["schemas"]["Both"]["anyOf"],
            json!([
                { "$ref": "#/components/schemas/Pet" },
                { "$ref": "#/components/schemas/Owner" },
                { "$ref": "other.json#/x" },
            ])
        );
    }

    #[test]
    fn keywords_the_client_does_not_check_are_named() {
        let (schema, warnings) = normalized(json!({
            "type": "object",
            "if": { "properties": { "a": { "const": 1 } } },
            "then": { "required": ["b"] },
            "unevaluatedProperties": false,
        }));
        assert_eq!(schema, json!({ "type": "object" }));
        assert_eq!(
            warnings,
            [
                "warning at /s/if: `if` is not checked by the client; values are sent and read without it",
                "warning at /s/then: `then` is not checked by the client; values are sent and read without it",
                "warning at /s/unevaluatedProperties: `unevaluatedProperties` is not checked by the client; values are sent and read without it",
            ]
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        let (schema, _) = normalized(json!({ "type": "integer", "exclusiveMinimum": 0 }));
        assert_eq!(
            schema,
            json!({ "type": "integer", "exclusiveMinimum": true, "minimum": 0 })
        );
    }

    #[test]
    fn const_becomes_single_enum() {
        let (schema, _) = normalized(json!({ "const": "dog" }));
        assert_eq!(schema, json!({ "enum": ["dog"] }));
    }

    #[test]
    fn reference_with_siblings_keeps_them() {
        let (schema, _) = normalized(json!({ "$ref": "#/components/schemas/A", "readOnly": true }));
        assert_eq!(
            schema,
            json!({ "readOnly": true, "allOf": [{ "$ref": "#/components/schemas/A" }] })
        );
    }

    #[test]
    fn a_type_beside_an_annotated_reference_is_dropped() {
        let (schema, _) = normalized(json!({
            "$ref": "#/components/schemas/A", "type": ["object", "null"], "description": "d"
        }));
        assert_eq!(
            schema,
            json!({ "description": "d", "nullable": true,
                    "allOf": [{ "$ref": "#/components/schemas/A" }] })
        );
        // Beside a shape-changing keyword, `type` stays.
        let (schema, _) = normalized(json!({
            "$ref": "#/components/schemas/A", "type": "object",
            "properties": { "b": { "type": "string" } }
        }));
        assert_eq!(schema["type"], json!("object"));
    }

    #[test]
    fn null_branch_of_any_of_becomes_nullable() {
        let (schema, _) = normalized(
            json!({ "anyOf": [{ "$ref": "#/components/schemas/A" }, { "type": "null" }] }),
        );
        assert_eq!(
            schema,
            json!({ "anyOf": [{ "$ref": "#/components/schemas/A" }], "nullable": true })
        );
    }

    #[test]
    fn malformed_contact_and_license_are_dropped() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1", "contact": "", "license": "" }
        });
        let mut warnings = Warnings::default();
        normalize(&mut document, &mut warnings).unwrap();
        assert_eq!(document["info"], json!({ "title": "t", "version": "1" }));
        assert_eq!(warnings.into_vec().len(), 2);
    }

    #[test]
    fn swagger_two_is_refused_with_its_pointer() {
        let mut document = json!({ "swagger": "2.0" });
        let error = normalize(&mut document, &mut Warnings::default()).unwrap_err();
        assert!(
            error.to_string().starts_with("at /swagger: Swagger 2.0"),
            "{error}"
        );
    }
}
