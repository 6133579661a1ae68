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
    /// Where the sampler's own check found an argument the document's
    /// schema does not accept (the sampler's limit, or a schema no value
    /// satisfies); a rejection of that argument says nothing about the client.
    #[serde(skip)]
    pub unsatisfied: Vec<String>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Makes values from one document's schemas, and checks them against those
/// schemas with an independent JSON Schema validator (Draft 4 for OpenAPI
/// 3.0, whose schema dialect is an extended subset of it; 2020-12 for 3.1).
pub struct Sampler<'d> {
    document: &'d Value,
    registry: Option<jsonschema::Registry<'d>>,
    draft: jsonschema::Draft,
}

/// How deep the sampler follows nested schemas before giving up.
const MAX_DEPTH: usize = 24;

/// Under this URI the validator knows the whole document, so that a local
/// `$ref` (`#/components/...`) resolves inside it.
const DOCUMENT_URI: &str = "urn:conformance:document";

impl<'d> Sampler<'d> {
    pub fn new(document: &'d Value) -> Self {
        let draft = match document.get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.0") => jsonschema::Draft::Draft4,
            _ => jsonschema::Draft::Draft202012,
        };
        let registry = jsonschema::Registry::new()
            .draft(draft)
            .add(DOCUMENT_URI, document)
            .and_then(|builder| builder.prepare())
            .ok();
        Self {
            document,
            registry,
            draft,
        }
    }

    /// `Some(Ok)` when the schema accepts `value`, `Some(Err(first error))`
    /// when it does not, `None` when the validator cannot read the schema.
    pub fn check(&self, schema: &Value, value: &Value) -> Option<Result<(), String>> {
        let registry = self.registry.as_ref()?;
        let validator = jsonschema::options()
            .with_draft(self.draft)
            .with_registry(registry)
            .should_validate_formats(true)
            .build(&anchored(schema))
            .ok()?;
        Some(match validator.validate(value) {
            Ok(()) => Ok(()),
            Err(error) => Err(format!("{} at `{}`", error, error.instance_path())),
        })
    }

    /// Whether the schema accepts `value`, as far as the validator can tell
    /// (a schema it cannot read falls back to the `pattern` alone).
    fn fits(&self, schema: &Value, value: &Value) -> bool {
        let valid = match self.check(schema, value) {
            Some(verdict) => verdict.is_ok(),
            None => fits_pattern(schema, value),
        };
        valid && fits_format(schema, value)
    }

    /// A call for each operation (method of a path item under `paths`), in
    /// document order; operations without an operationId are named as the
    /// generator names them (`get /path`).
    pub fn calls(&self) -> Vec<Call> {
        let mut calls = Vec::new();
        let Some(paths) = self.document.get("paths").and_then(Value::as_object) else {
            return calls;
        };
        for (path, item) in paths {
            let item = self.resolve(item);
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
                let mut unsatisfied = Vec::new();
                let mut arguments = self.arguments_for(&parameters, &mut unsatisfied);
                if let Some(body) = operation.get("requestBody").map(|body| self.resolve(body)) {
                    if let Some(sample) = self.body_sample(body, &mut unsatisfied) {
                        arguments.insert("body".to_owned(), sample);
                    }
                }
                calls.push(Call {
                    operation: operation_id,
                    arguments: Value::Object(arguments),
                    unsatisfied,
                });
            }
        }
        calls
    }

    /// Every parameter, optional ones too: the style and explode rules of
    /// query, header and cookie parameters are only exercised when sent.
    fn arguments_for(
        &self,
        parameters: &[Value],
        unsatisfied: &mut Vec<String>,
    ) -> Map<String, Value> {
        let mut groups = Map::new();
        for parameter in parameters {
            let parameter = self.resolve(parameter);
            let (Some(name), Some(location)) = (
                parameter.get("name").and_then(Value::as_str),
                parameter.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            // OAS 3.x: header parameters of these names are ignored; the body
            // and the security scheme set them.
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
            let value = self.sample(&schema, 0);
            if let Some(Err(error)) = self.check(&schema, &value) {
                unsatisfied.push(format!("{location} parameter `{name}`: {error}"));
            }
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
    fn body_sample(&self, body: &Value, unsatisfied: &mut Vec<String>) -> Option<Value> {
        let content = body.get("content")?.as_object()?;
        let (media_type, media) = content
            .iter()
            .find(|(media_type, _)| media_type.contains("json"))
            .or_else(|| content.iter().next())?;
        let schema = media.get("schema").cloned().unwrap_or(Value::Null);
        if media_type.contains("json") || media_type.contains("form") {
            let value = self.sample(&schema, 0);
            if let Some(Err(error)) = self.check(&schema, &value) {
                unsatisfied.push(format!("body: {error}"));
            }
            return Some(value);
        }
        Some(json!({ "base64": "JVBERi0xLjQK", "contentType": media_type }))
    }

    /// A value the schema accepts, as far as a sampler can tell.
    pub fn sample(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        // Only a schema that requires itself recurses this deep (optional
        // properties stop at depth 2); no finite value satisfies it.
        if depth > MAX_DEPTH {
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
            .filter(|example| self.fits(schema, example))
        {
            return example.clone();
        }
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            return self.merged(schema, branches, depth);
        }
        if let Some(branches) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|key| schema.get(*key).and_then(Value::as_array))
            .filter(|branches| !branches.is_empty())
        {
            return self.one_of(schema, branches, depth);
        }
        match type_of(schema) {
            "object" => self.object(schema, depth),
            "array" => {
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                // Two items where allowed: one item of an exploded array (a
                // repeated multipart part, a repeated query pair) reads the
                // same as a single value, which says less about array encoding.
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(u64::MAX);
                // Deeply nested arrays get one item each, so that ten
                // levels make ten values rather than a thousand.
                // `minItems` always holds (within reason); identical items
                // would break `uniqueItems`, so then only one where allowed.
                let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
                let wanted = if depth > 4 || unique { 1 } else { 2 };
                let count = min.min(64).max(wanted.min(max));
                Value::Array((0..count).map(|_| self.sample(&items, depth + 1)).collect())
            }
            "integer" => json!(bounded(schema, 1.0).round() as i64),
            "number" => json!(bounded(schema, 1.5)),
            "boolean" => json!(true),
            "null" => Value::Null,
            _ => string(schema),
        }
    }

    /// A value of one branch that the whole schema accepts: `oneOf` wants
    /// exactly one branch to match, which the first branch's plain sample
    /// often misses (two branches with the same required fields). Branches
    /// are tried in order, each with its discriminator value set, until the
    /// validator accepts one. Keywords beside the `oneOf` apply to every
    /// branch, so each branch is sampled together with them (a branch may be
    /// no more than `required: [...]` over the properties beside it).
    fn one_of(&self, schema: &Value, branches: &[Value], depth: usize) -> Value {
        // Each branch with every property, then with the required ones only
        // (optional properties are left out below depth 2): a property one
        // branch merely allows may be what another requires.
        let candidates = branches.iter().flat_map(|branch| {
            let combined = with_siblings(schema, self.resolve(branch));
            [depth + 1, (depth + 1).max(3)].map(|depth| {
                let mut value = self.sample(&combined, depth);
                if let (Some((property, tag)), Value::Object(fields)) =
                    (discriminator_tag(schema, branch), &mut value)
                {
                    fields.insert(property, Value::String(tag));
                }
                value
            })
        });
        let mut first = None;
        for candidate in candidates {
            if self.fits(schema, &candidate) {
                return candidate;
            }
            first.get_or_insert(candidate);
        }
        first.unwrap_or(Value::Null)
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let mut fields = Map::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let property_schema = self.resolve(property);
                let read_only =
                    property_schema.get("readOnly").and_then(Value::as_bool) == Some(true);
                if read_only || (!required.contains(&name.as_str()) && depth > 2) {
                    continue;
                }
                fields.insert(name.clone(), self.sample(property, depth + 1));
            }
        }
        // A required name the schema does not describe: any value the
        // additional properties allow.
        let additional = schema
            .get("additionalProperties")
            .filter(|additional| additional.is_object())
            .cloned()
            .unwrap_or(json!({}));
        let described = |name: &str| {
            schema
                .get("properties")
                .is_some_and(|properties| properties.get(name).is_some())
        };
        for name in required {
            if !fields.contains_key(name) && !described(name) {
                fields.insert(name.to_owned(), self.sample(&additional, depth + 1));
            }
        }
        Value::Object(fields)
    }

    /// An `allOf`: the properties beside it and each branch's, together.
    fn merged(&self, schema: &Value, branches: &[Value], depth: usize) -> Value {
        let mut fields = match schema.get("properties") {
            Some(_) => match self.object(schema, depth) {
                Value::Object(fields) => fields,
                _ => Map::new(),
            },
            None => Map::new(),
        };
        for branch in branches {
            match self.sample(branch, depth + 1) {
                // The first value for a name stays: a later branch that only
                // requires it would put a filler in its place.
                Value::Object(branch_fields) => {
                    for (name, value) in branch_fields {
                        fields.entry(name).or_insert(value);
                    }
                }
                other if fields.is_empty() => return other,
                _ => {}
            }
        }
        Value::Object(fields)
    }

    /// Follows local `$ref`s (`#/components/...`), a bounded number of times.
    fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..32 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return current;
            };
            let Some(pointer) = reference.strip_prefix('#') else {
                return current;
            };
            match self.document.pointer(pointer) {
                Some(target) => current = target,
                None => return current,
            }
        }
        current
    }
}

/// One `oneOf`/`anyOf` branch with the keywords beside the `oneOf`:
/// properties merged, required names added, the branch's own keywords first.
fn with_siblings(schema: &Value, branch: &Value) -> Value {
    let (Some(siblings), Some(branch_fields)) = (schema.as_object(), branch.as_object()) else {
        return branch.clone();
    };
    let mut combined = branch_fields.clone();
    for (key, value) in siblings {
        match (key.as_str(), combined.get_mut(key)) {
            ("oneOf" | "anyOf" | "discriminator", _) => {}
            ("properties", Some(Value::Object(properties))) => {
                if let Value::Object(shared) = value {
                    for (name, property) in shared {
                        properties
                            .entry(name.clone())
                            .or_insert_with(|| property.clone());
                    }
                }
            }
            ("required", Some(Value::Array(required))) => {
                if let Value::Array(shared) = value {
                    required.extend(shared.iter().cloned());
                }
            }
            (_, Some(_)) => {}
            (_, None) => {
                combined.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(combined)
}

/// `schema` with its local references pointed into the registered document.
fn anchored(schema: &Value) -> Value {
    match schema {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) if reference.starts_with('#') => (
                        key.clone(),
                        Value::String(format!("{DOCUMENT_URI}{reference}")),
                    ),
                    _ => (key.clone(), anchored(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(anchored).collect()),
        other => other.clone(),
    }
}

/// The discriminator property and the value that selects `branch`: the
/// mapping's key that names the branch's `$ref`, else the referenced
/// schema's name (OpenAPI's implicit mapping). Inline branches have none.
fn discriminator_tag(schema: &Value, branch: &Value) -> Option<(String, String)> {
    let discriminator = schema.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let reference = branch.get("$ref")?.as_str()?;
    let name = reference.rsplit('/').next()?;
    let mapped = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .and_then(|mapping| {
            mapping.iter().find_map(|(tag, target)| {
                let target = target.as_str()?;
                (target == reference || target == name).then(|| tag.clone())
            })
        });
    Some((
        property.to_owned(),
        mapped.unwrap_or_else(|| name.to_owned()),
    ))
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

/// A number inside `minimum`/`maximum` (and their exclusive forms, both
/// the 3.0 flag and the 3.1 bound), a multiple of `multipleOf` if set.
fn bounded(schema: &Value, preferred: f64) -> f64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let flag = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    let step = bound("multipleOf").filter(|step| *step > 0.0);
    let nudge = step.unwrap_or(1.0);
    let low = match bound("minimum") {
        Some(low) if flag("exclusiveMinimum") => Some(low + nudge),
        Some(low) => Some(low),
        None => bound("exclusiveMinimum").map(|low| low + nudge),
    };
    let high = match bound("maximum") {
        Some(high) if flag("exclusiveMaximum") => Some(high - nudge),
        Some(high) => Some(high),
        None => bound("exclusiveMaximum").map(|high| high - nudge),
    };
    let mut value = match (low, high) {
        (Some(low), _) if preferred < low => low,
        (_, Some(high)) if preferred > high => high,
        _ => preferred,
    };
    if let Some(step) = step {
        value = (value / step).ceil() * step;
        if high.is_some_and(|high| value > high) {
            value -= step;
        }
    }
    value
}

fn string(schema: &Value) -> Value {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
        Some("date") => "2024-01-02".to_owned(),
        Some("time") => "03:04:05Z".to_owned(),
        Some("uuid") => "d1234567-89ab-cdef-0123-456789abcdef".to_owned(),
        Some("email") => "someone@example.com".to_owned(),
        Some("uri" | "url") => "https://example.com/a".to_owned(),
        Some("hostname") => "example.com".to_owned(),
        Some("byte") => "AAEC".to_owned(),
        Some("ipv4") => "192.0.2.1".to_owned(),
        Some("ipv6") => "2001:db8::1".to_owned(),
        Some("duration") => "P1DT2H".to_owned(),
        Some("json-pointer") => "/a/0".to_owned(),
        Some("relative-json-pointer") => "0/a".to_owned(),
        Some("uri-reference" | "iri-reference") => "/a?b=c".to_owned(),
        Some("iri") => "https://example.com/\u{e9}".to_owned(),
        Some("uri-template") => "https://example.com/{id}".to_owned(),
        Some("idn-email") => "someone@example.com".to_owned(),
        Some("idn-hostname") => "example.com".to_owned(),
        Some("regex") => "^a+$".to_owned(),
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

/// Whether a string value is of the schema's `format`, by every format the
/// validator knows (Draft 4, which 3.0 documents are checked by, knows few:
/// `duration` or `json-pointer` examples would pass unchecked there, and a
/// server that knows them refuses `"TBD"`). Unknown formats pass.
fn fits_format(schema: &Value, value: &Value) -> bool {
    let (Some(format), Some(_)) = (schema.get("format").and_then(Value::as_str), value.as_str())
    else {
        return true;
    };
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&json!({ "format": format }))
        .map_or(true, |validator| validator.is_valid(value))
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

#[cfg(test)]
mod tests {
    #[test]
    fn strings_match_their_pattern() {
        let document = json!({});
        let schema = json!({ "type": "string", "pattern": "^(v{0,1})(stable|([0-9]+)(?:\\.([0-9]+))?)$", "example": "sample" });
        let value = Sampler::new(&document).sample(&schema, 0);
        let text = value.as_str().expect("a string");
        assert!(
            regex::Regex::new(schema["pattern"].as_str().unwrap())
                .unwrap()
                .is_match(text),
            "{text}"
        );
        // `.` keeps the string UTF-8 only with Unicode classes.
        let schema = json!({ "type": "string", "pattern": "^stable(-.*)?$" });
        let text = Sampler::new(&document).sample(&schema, 0);
        assert!(
            text.as_str().is_some_and(|text| text.starts_with("stable")),
            "{text}"
        );
        let schema = json!({ "type": "string", "pattern": "[a-f\\d]{24}", "maxLength": 24 });
        let text = Sampler::new(&document).sample(&schema, 0);
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
        let pet = Sampler::new(&document).sample(&json!({ "$ref": "#/components/schemas/Pet" }), 0);
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
        let document = json!({});
        let arguments = Sampler::new(&document).arguments_for(&parameters, &mut Vec::new());
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
        let calls = Sampler::new(&document).calls();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].operation, "getPet");
        assert_eq!(calls[0].arguments, json!({ "path": { "id": 1 } }));
        assert_eq!(calls[1].operation, "delete /pets/{id}");
    }

    #[test]
    fn optional_parameters_are_sent_too() {
        let document = json!({ "openapi": "3.1.0", "paths": { "/pets": { "get": {
            "parameters": [
                { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 5 } },
                { "name": "X-Trace", "in": "header", "schema": { "type": "string" } }
            ]
        } } } });
        let calls = Sampler::new(&document).calls();
        assert_eq!(
            calls[0].arguments,
            json!({ "query": { "limit": 5 }, "header": { "X-Trace": "sample" } })
        );
        assert!(calls[0].unsatisfied.is_empty());
    }

    #[test]
    fn one_of_samples_match_exactly_one_branch() {
        // Both branches accept `{ "name": "sample" }`; only the discriminator
        // value (or the branch's own required field) tells them apart.
        let document = json!({ "openapi": "3.0.3", "components": { "schemas": {
            "Cat": { "type": "object", "required": ["name", "kind"], "properties": {
                "name": { "type": "string" }, "kind": { "type": "string" } } },
            "Dog": { "type": "object", "required": ["name", "kind"], "properties": {
                "name": { "type": "string" }, "kind": { "type": "string" },
                "barks": { "type": "boolean" } } },
            "Pet": { "oneOf": [
                { "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }
            ], "discriminator": { "propertyName": "kind", "mapping": {
                "cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog" } } }
        } } });
        let sampler = Sampler::new(&document);
        let pet = json!({ "$ref": "#/components/schemas/Pet" });
        let value = sampler.sample(&pet, 0);
        assert_eq!(value["kind"], json!("cat"), "{value}");
        // Branches that differ only in what they allow match any value of
        // either together: no value satisfies the `oneOf`, so the sampler
        // keeps the first branch's and its own check says so.
        let overlapping = json!({ "oneOf": [
            { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
            { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string" }, "name": { "type": "string" } } }
        ] });
        let value = sampler.sample(&overlapping, 0);
        assert_eq!(value, json!({ "id": "sample" }));
        assert!(
            matches!(sampler.check(&overlapping, &value), Some(Err(_))),
            "{value}"
        );
        // Branches told apart by type: the second branch's value is found.
        let by_type = json!({ "oneOf": [
            { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" } } },
            { "type": "object", "required": ["id"], "properties": { "id": { "type": "number" } } }
        ] });
        let value = sampler.sample(&by_type, 0);
        assert_eq!(sampler.check(&by_type, &value), Some(Ok(())), "{value}");
        let distinct = json!({ "oneOf": [
            { "type": "object", "required": ["id"], "properties": { "id": { "type": "string", "format": "uuid" } } },
            { "type": "object", "required": ["name"], "additionalProperties": false,
              "properties": { "name": { "type": "string" } } }
        ] });
        let value = sampler.sample(&distinct, 0);
        assert_eq!(sampler.check(&distinct, &value), Some(Ok(())), "{value}");
    }

    #[test]
    fn numbers_honour_multiple_of_and_exclusive_bounds() {
        let document = json!({ "openapi": "3.0.3" });
        let sampler = Sampler::new(&document);
        for schema in [
            json!({ "type": "integer", "multipleOf": 2 }),
            json!({ "type": "integer", "minimum": 10, "exclusiveMinimum": true }),
            json!({ "type": "number", "maximum": 1, "exclusiveMaximum": true }),
            json!({ "type": "integer", "minimum": 3, "maximum": 9, "multipleOf": 4 }),
        ] {
            let value = sampler.sample(&schema, 0);
            assert_eq!(
                sampler.check(&schema, &value),
                Some(Ok(())),
                "{schema} {value}"
            );
        }
    }

    #[test]
    fn formats_and_undescribed_required_names_are_satisfied() {
        let document = json!({ "openapi": "3.1.0" });
        let sampler = Sampler::new(&document);
        let schema = json!({ "type": "object",
            "required": ["when", "where", "named only in required"],
            "properties": {
                "when": { "type": "string", "format": "duration" },
                "where": { "type": "string", "format": "json-pointer" }
            } });
        let value = sampler.sample(&schema, 0);
        assert_eq!(sampler.check(&schema, &value), Some(Ok(())), "{value}");
    }

    #[test]
    fn one_of_branches_that_only_require_apply_to_the_properties_beside_them() {
        let document = json!({ "openapi": "3.0.3" });
        let sampler = Sampler::new(&document);
        let schema = json!({ "type": "object",
            "properties": { "title": { "type": "string" }, "category": { "type": "string" },
                            "categorySlug": { "type": "string" } },
            "oneOf": [ { "required": ["title", "category"] },
                       { "required": ["title", "categorySlug"] } ] });
        let value = sampler.sample(&schema, 0);
        assert_eq!(sampler.check(&schema, &value), Some(Ok(())), "{value}");
        assert!(value.get("category").is_some() != value.get("categorySlug").is_some());
    }

    #[test]
    fn arrays_keep_their_item_bounds_and_all_of_keeps_the_first_value() {
        let document = json!({ "openapi": "3.1.0" });
        let sampler = Sampler::new(&document);
        for schema in [
            json!({ "type": "array", "minItems": 5, "items": { "type": "integer" } }),
            json!({ "type": "array", "uniqueItems": true, "items": { "type": "integer" } }),
            json!({ "type": "array", "maxItems": 1, "items": { "type": "string" } }),
        ] {
            let value = sampler.sample(&schema, 0);
            assert_eq!(
                sampler.check(&schema, &value),
                Some(Ok(())),
                "{schema} {value}"
            );
        }
        // `id` is read-only: the sampler leaves it out rather than inventing one.
        let schema = json!({ "type": "object", "required": ["id"],
            "properties": { "id": { "type": "integer", "readOnly": true } } });
        assert_eq!(sampler.sample(&schema, 0), json!({}));
        let schema = json!({ "allOf": [
            { "type": "object", "properties": { "id": { "type": "integer" } } },
            { "type": "object", "required": ["id"] }
        ] });
        assert_eq!(sampler.sample(&schema, 0), json!({ "id": 1 }));
    }

    #[test]
    fn deeply_nested_arrays_are_sampled_to_the_bottom() {
        let document = json!({ "openapi": "3.0.3" });
        let sampler = Sampler::new(&document);
        let mut schema = json!({ "type": "string" });
        for _ in 0..12 {
            schema = json!({ "type": "array", "items": schema });
        }
        let value = sampler.sample(&schema, 0);
        assert_eq!(sampler.check(&schema, &value), Some(Ok(())));
    }

    #[test]
    fn an_example_the_schema_refuses_is_not_used() {
        let document = json!({ "openapi": "3.1.0" });
        let sampler = Sampler::new(&document);
        let schema = json!({ "type": "integer", "format": "int32", "example": "23456" });
        assert_eq!(sampler.sample(&schema, 0), json!(1));
        // A 3.0 document is checked by Draft 4, which knows no `duration`.
        let document_30 = json!({ "openapi": "3.0.3" });
        let schema = json!({ "type": "string", "format": "duration", "example": "TBD" });
        assert_eq!(
            Sampler::new(&document_30).sample(&schema, 0),
            json!("P1DT2H")
        );
        let schema = json!({ "type": "string", "format": "uuid", "example": "1234567-aa" });
        let value = sampler.sample(&schema, 0);
        assert_eq!(sampler.check(&schema, &value), Some(Ok(())), "{value}");
    }
}
