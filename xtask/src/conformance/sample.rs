//! Arguments for every operation, made from the document itself and not from
//! the generated Rust types: a value for each schema that honours `enum`,
//! `const`, `format`, `required`, bounds and lengths, leaves `readOnly`
//! properties out of requests, and follows local `$ref`s.

use serde_json::{json, Map, Value};

/// One call to make: the operation and its dispatch arguments.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Call {
    pub operation: String,
    pub arguments: Value,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A call for each operation (method of a path item under `paths`), in
/// document order; operations without an operationId are named as the
/// generator names them (`get /path`).
pub fn calls(document: &Value) -> Vec<Call> {
    let mut calls = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return calls;
    };
    for (path, item) in paths {
        let item = resolve(document, item);
        let shared = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let operation_id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{method} {path}"), str::to_owned);
            let mut parameters = shared.clone();
            parameters.extend(
                operation
                    .get("parameters")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            let mut arguments = arguments_for(document, &parameters);
            if let Some(body) = operation
                .get("requestBody")
                .map(|body| resolve(document, body))
            {
                if let Some(sample) = body_sample(document, body) {
                    arguments.insert("body".to_owned(), sample);
                }
            }
            calls.push(Call {
                operation: operation_id,
                arguments: Value::Object(arguments),
            });
        }
    }
    calls
}

/// Path parameters always; others when required (an optional one would only
/// widen what can go wrong without saying more about the client).
fn arguments_for(document: &Value, parameters: &[Value]) -> Map<String, Value> {
    let mut groups = Map::new();
    for parameter in parameters {
        let parameter = resolve(document, parameter);
        let (Some(name), Some(location)) = (
            parameter.get("name").and_then(Value::as_str),
            parameter.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        let required = parameter
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if location != "path" && !required {
            continue;
        }
        // OAS 3.x: header parameters of these names are ignored; the body and
        // the security scheme set them.
        let reserved_header = ["accept", "content-type", "authorization"]
            .contains(&name.to_ascii_lowercase().as_str());
        if location == "header" && reserved_header {
            continue;
        }
        let schema = parameter
            .get("schema")
            .or_else(|| {
                parameter
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|content| content.values().next())
                    .and_then(|media| media.get("schema"))
            })
            .cloned()
            .unwrap_or(json!({ "type": "string" }));
        let value = sample(document, &schema, 0);
        if let Value::Object(group) = groups
            .entry(location.to_owned())
            .or_insert_with(|| Value::Object(Map::new()))
        {
            group.insert(name.to_owned(), value);
        }
    }
    groups
}

/// The body in the first media type the generated client sends.
fn body_sample(document: &Value, body: &Value) -> Option<Value> {
    let content = body.get("content")?.as_object()?;
    let (media_type, media) = content
        .iter()
        .find(|(media_type, _)| media_type.contains("json"))
        .or_else(|| content.iter().next())?;
    let schema = media.get("schema").cloned().unwrap_or(Value::Null);
    if media_type.contains("json") || media_type.contains("form") {
        return Some(sample(document, &schema, 0));
    }
    Some(json!({ "base64": "JVBERi0xLjQK", "contentType": media_type }))
}

/// A value the schema accepts, as far as a sampler can tell.
pub fn sample(document: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(document, schema);
    if depth > 8 {
        return Value::Null;
    }
    if let Some(value) = schema
        .get("const")
        .or_else(|| schema.get("enum").and_then(|values| values.get(0)))
    {
        return value.clone();
    }
    if let Some(example) = schema
        .get("example")
        .or_else(|| schema.get("examples").and_then(|values| values.get(0)))
        .filter(|example| fits_pattern(schema, example))
    {
        return example.clone();
    }
    if let Some(first) = ["allOf"]
        .iter()
        .find_map(|key| schema.get(*key).and_then(Value::as_array))
    {
        return merged(document, first, depth);
    }
    if let Some(first) = ["oneOf", "anyOf"].iter().find_map(|key| {
        schema
            .get(*key)
            .and_then(Value::as_array)
            .and_then(|branches| branches.first())
    }) {
        return sample(document, first, depth + 1);
    }
    match type_of(schema) {
        "object" => object(document, schema, depth),
        "array" => {
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            // Two items where allowed: one item of an exploded array (a
            // repeated multipart part, a repeated query pair) reads the same
            // as a single value, which says less about array encoding.
            let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let max = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let count = min.max(2).min(max).min(3);
            Value::Array(
                (0..count)
                    .map(|_| sample(document, &items, depth + 1))
                    .collect(),
            )
        }
        "integer" => json!(bounded(schema, 1.0).round() as i64),
        "number" => json!(bounded(schema, 1.5)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => string(schema),
    }
}

fn object(document: &Value, schema: &Value, depth: usize) -> Value {
    let mut fields = Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let property_schema = resolve(document, property);
            let read_only = property_schema.get("readOnly").and_then(Value::as_bool) == Some(true);
            if read_only || (!required.contains(&name.as_str()) && depth > 2) {
                continue;
            }
            fields.insert(name.clone(), sample(document, property, depth + 1));
        }
    }
    Value::Object(fields)
}

fn merged(document: &Value, branches: &[Value], depth: usize) -> Value {
    let mut fields = Map::new();
    for branch in branches {
        match sample(document, branch, depth + 1) {
            Value::Object(branch_fields) => fields.extend(branch_fields),
            other if fields.is_empty() => return other,
            _ => {}
        }
    }
    Value::Object(fields)
}

fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(name)) => name,
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "string",
    }
}

/// A number inside `minimum`/`maximum` (and their exclusive forms).
fn bounded(schema: &Value, preferred: f64) -> f64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let low = bound("minimum").or(bound("exclusiveMinimum").map(|low| low + 1.0));
    let high = bound("maximum").or(bound("exclusiveMaximum").map(|high| high - 1.0));
    match (low, high) {
        (Some(low), _) if preferred < low => low,
        (_, Some(high)) if preferred > high => high,
        _ => preferred,
    }
}

fn string(schema: &Value) -> Value {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
        Some("date") => "2024-01-02".to_owned(),
        Some("uuid") => "d1234567-89ab-cdef-0123-456789abcdef".to_owned(),
        Some("email") => "someone@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com/a".to_owned(),
        Some("byte") => "AAEC".to_owned(),
        Some("ipv4") => "192.0.2.1".to_owned(),
        _ => "sample".to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|max| max as usize);
    let mut text = text;
    while text.chars().count() < min {
        text.push('a');
    }
    if let Some(max) = max {
        text = text.chars().take(max.max(min)).collect();
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if !fits_pattern(schema, &Value::String(text.clone())) {
            text = matching_string(pattern, min, max).unwrap_or(text);
        }
    }
    Value::String(text)
}

/// Whether a string value matches the schema's `pattern` (anywhere, as JSON
/// Schema reads it); other values, and patterns the `regex` crate cannot
/// compile, pass.
fn fits_pattern(schema: &Value, value: &Value) -> bool {
    let (Some(pattern), Some(text)) = (
        schema.get("pattern").and_then(Value::as_str),
        value.as_str(),
    ) else {
        return true;
    };
    regex::Regex::new(pattern).map_or(true, |regex| regex.is_match(text))
}

/// A string (ASCII where it can) that matches `pattern` and has `min..=max` characters,
/// drawn by `rand_regex` from the pattern's syntax with a fixed seed (so runs
/// repeat); `None` where the pattern is beyond it.
fn matching_string(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
    use rand::distr::Distribution;
    use rand::SeedableRng;
    // The generator refuses anchors; one at either end changes nothing for
    // a generated string, which is the whole match.
    let unanchored = pattern.strip_prefix('^').unwrap_or(pattern);
    let unanchored = match unanchored.strip_suffix('$') {
        Some(rest) if !rest.ends_with('\\') => rest,
        _ => unanchored,
    };
    // ASCII where the pattern allows it (`.` needs Unicode to stay UTF-8).
    let syntax = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .build()
        .parse(unanchored)
        .ok()
        .or_else(|| regex_syntax::Parser::new().parse(unanchored).ok())?;
    let generator = rand_regex::Regex::with_hir(syntax, 8).ok()?;
    let checker = regex::Regex::new(pattern).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20_24);
    (0..64)
        .map(|_| -> String { generator.sample(&mut rng) })
        .find(|text| {
            let length = text.chars().count();
            checker.is_match(text) && length >= min && max.is_none_or(|max| length <= max)
        })
}

/// Follows local `$ref`s (`#/components/...`), a bounded number of times.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..32 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return current;
        };
        match document.pointer(pointer) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_match_their_pattern() {
        let document = json!({});
        let schema = json!({ "type": "string", "pattern": "^(v{0,1})(stable|([0-9]+)(?:\\.([0-9]+))?)$", "example": "sample" });
        let value = sample(&document, &schema, 0);
        let text = value.as_str().expect("a string");
        assert!(
            regex::Regex::new(schema["pattern"].as_str().unwrap())
                .unwrap()
                .is_match(text),
            "{text}"
        );
        // `.` keeps the string UTF-8 only with Unicode classes.
        let schema = json!({ "type": "string", "pattern": "^stable(-.*)?$" });
        let text = sample(&document, &schema, 0);
        assert!(
            text.as_str().is_some_and(|text| text.starts_with("stable")),
            "{text}"
        );
        let schema = json!({ "type": "string", "pattern": "[a-f\\d]{24}", "maxLength": 24 });
        let text = sample(&document, &schema, 0);
        assert_eq!(text.as_str().map(str::len), Some(24), "{text}");
    }

    use super::*;

    #[test]
    fn samples_honour_the_schema_and_leave_read_only_fields_out() {
        let document = json!({ "components": { "schemas": { "Pet": {
            "type": "object", "required": ["name"],
            "properties": {
                "id": { "type": "string", "readOnly": true },
                "name": { "type": "string", "minLength": 8 },
                "kind": { "type": "string", "enum": ["cat", "dog"] },
                "age": { "type": "integer", "minimum": 3 },
                "born": { "type": "string", "format": "date" }
            } } } } });
        let pet = sample(&document, &json!({ "$ref": "#/components/schemas/Pet" }), 0);
        assert_eq!(
            pet,
            json!({ "name": "sampleaa", "kind": "cat", "age": 3, "born": "2024-01-02" })
        );
    }

    #[test]
    fn header_parameters_the_specification_ignores_are_not_sent() {
        let parameters = [
            json!({ "name": "Content-Type", "in": "header", "required": true, "schema": { "type": "string" } }),
            json!({ "name": "X-Trace", "in": "header", "required": true, "schema": { "type": "string" } }),
        ];
        let arguments = arguments_for(&json!({}), &parameters);
        assert_eq!(
            Value::Object(arguments),
            json!({ "header": { "X-Trace": "sample" } })
        );
    }

    #[test]
    fn every_operation_gets_a_call_with_its_path_parameters() {
        let document = json!({ "paths": { "/pets/{id}": {
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
            "get": { "operationId": "getPet" },
            "delete": {}
        } } });
        let calls = calls(&document);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].operation, "getPet");
        assert_eq!(calls[0].arguments, json!({ "path": { "id": 1 } }));
        assert_eq!(calls[1].operation, "delete /pets/{id}");
    }
}
