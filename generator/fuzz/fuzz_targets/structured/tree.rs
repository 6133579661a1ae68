//! Finding the places in a JSON document that mutations act on: schemas,
//! `$ref`s, parameters, operations, media-type and response maps. Places are
//! found by where they sit (the key that leads to them), not by validating
//! the document, so they are still found after earlier mutations broke it.

use serde_json::{Map, Value};

/// One step of a path from the document root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path from the document root to one value.
pub type Path = Vec<Step>;

/// The value at `path`, if it is still there.
pub fn get<'a>(root: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(root, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}

/// The value at `path`, mutably, if it is still there.
pub fn get_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

/// The object at `path`, if the value there is one.
pub fn object_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Map<String, Value>> {
    get_mut(root, path)?.as_object_mut()
}

/// `path` as a JSON pointer fragment (`#/a/b~1c`), escaped per RFC 6901.
pub fn pointer(path: &[Step]) -> String {
    let mut text = String::from("#");
    for step in path {
        text.push('/');
        match step {
            Step::Key(key) => text.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => text.push_str(&index.to_string()),
        }
    }
    text
}

/// `path` extended by one key.
pub fn child(path: &[Step], key: &str) -> Path {
    let mut extended = path.to_vec();
    extended.push(Step::Key(key.to_owned()));
    extended
}

/// Keys whose value, inside a schema, is itself a schema.
const SCHEMA_VALUED: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Keys whose value, inside a schema, is a map of names to schemas.
const SCHEMA_MAP_VALUED: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keys whose value, inside a schema, is a list of schemas.
const SCHEMA_LIST_VALUED: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Every schema position in the document, outermost first.
pub fn schemas(root: &Value) -> Vec<Path> {
    let mut found = Vec::new();
    walk_document(root, &mut Vec::new(), &mut found);
    found
}

/// Outside schemas: a `schema` key holds one, `schemas`, `$defs` and
/// `definitions` hold maps of them; anything else is searched further.
fn walk_document(value: &Value, path: &mut Path, found: &mut Vec<Path>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                path.push(Step::Key(key.clone()));
                match key.as_str() {
                    "schema" => walk_schema(child, path, found),
                    "schemas" | "$defs" | "definitions" => walk_schema_map(child, path, found),
                    _ => walk_document(child, path, found),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                walk_document(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn walk_schema(value: &Value, path: &mut Path, found: &mut Vec<Path>) {
    found.push(path.clone());
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, child) in object {
        path.push(Step::Key(key.clone()));
        let key = key.as_str();
        if SCHEMA_VALUED.contains(&key) {
            walk_schema(child, path, found);
        } else if SCHEMA_MAP_VALUED.contains(&key) {
            walk_schema_map(child, path, found);
        } else if SCHEMA_LIST_VALUED.contains(&key) {
            walk_schema_list(child, path, found);
        }
        path.pop();
    }
}

fn walk_schema_map(value: &Value, path: &mut Path, found: &mut Vec<Path>) {
    if let Some(object) = value.as_object() {
        for (name, schema) in object {
            path.push(Step::Key(name.clone()));
            walk_schema(schema, path, found);
            path.pop();
        }
    }
}

fn walk_schema_list(value: &Value, path: &mut Path, found: &mut Vec<Path>) {
    if let Some(items) = value.as_array() {
        for (index, schema) in items.iter().enumerate() {
            path.push(Step::Index(index));
            walk_schema(schema, path, found);
            path.pop();
        }
    }
}

/// Every object in the document, with the key or index that leads to it.
/// The other finders filter this list.
fn objects(root: &Value) -> Vec<Path> {
    fn walk(value: &Value, path: &mut Path, found: &mut Vec<Path>) {
        match value {
            Value::Object(object) => {
                found.push(path.clone());
                for (key, child) in object {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, found);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(item, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(root, &mut Vec::new(), &mut found);
    found
}

fn last_key(path: &[Step]) -> Option<&str> {
    match path.last()? {
        Step::Key(key) => Some(key),
        Step::Index(_) => None,
    }
}

/// Objects holding a `$ref`.
pub fn references(root: &Value) -> Vec<Path> {
    maps_with_key(root, "$ref")
}

/// Objects holding `key`.
pub fn maps_with_key(root: &Value, key: &str) -> Vec<Path> {
    objects(root)
        .into_iter()
        .filter(|path| get(root, path).is_some_and(|value| value.get(key).is_some()))
        .collect()
}

/// Parameter objects: items of a `parameters` list, and entries of
/// `components/parameters`.
pub fn parameters(root: &Value) -> Vec<Path> {
    objects(root)
        .into_iter()
        .filter(|path| match path.as_slice() {
            [.., Step::Key(list), Step::Index(_)] => list == "parameters",
            [Step::Key(components), Step::Key(parameters), Step::Key(_)] => {
                components == "components" && parameters == "parameters"
            }
            _ => false,
        })
        .collect()
}

/// The HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operation objects: `paths/<template>/<method>`.
pub fn operations(root: &Value) -> Vec<Path> {
    let mut found = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (template, item) in paths {
        for method in METHODS {
            if item.get(*method).is_some_and(Value::is_object) {
                found.push(vec![
                    Step::Key("paths".to_owned()),
                    Step::Key(template.clone()),
                    Step::Key((*method).to_owned()),
                ]);
            }
        }
    }
    found
}

/// Objects under a key named `key` (`content`, `responses`).
pub fn maps_named(root: &Value, key: &str) -> Vec<Path> {
    objects(root)
        .into_iter()
        .filter(|path| last_key(path) == Some(key))
        .collect()
}

/// The keys of the object at `path`, in document order.
pub fn keys(root: &Value, path: &[Step]) -> Vec<String> {
    get(root, path)
        .and_then(Value::as_object)
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default()
}

/// Renames `from` to `to` in `object`, keeping its position. A `to` already
/// present is replaced, as a later duplicate key in the text would be.
pub fn rename_key(object: &mut Map<String, Value>, from: &str, to: &str) {
    if from == to || !object.contains_key(from) {
        return;
    }
    let entries = std::mem::take(object);
    for (key, value) in entries {
        if key == from {
            object.insert(to.to_owned(), value);
        } else if key != to {
            object.insert(key, value);
        }
    }
}

/// The item of `candidates` chosen by `index`, wrapping around.
pub fn pick<T>(candidates: &[T], index: u16) -> Option<&T> {
    match candidates.len() {
        0 => None,
        len => candidates.get(usize::from(index) % len),
    }
}
