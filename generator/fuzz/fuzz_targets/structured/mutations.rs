//! Structural mutations of an OpenAPI document held as JSON. Each one changes
//! a shape real documents have (a schema moved, a `$ref` retargeted, a name
//! made awkward, a keyword toggled) so the generator sees documents that are
//! valid or nearly so, which byte-level mutation of the text rarely reaches.
//! A mutation whose target is missing (no schema, no parameter) does nothing.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

use crate::tree::{self, pick, Path, Step};
use crate::values::{
    choice, Format, Literal, Location, MediaType, Name, Pattern, Status, Style, TypeName, Version,
};

/// One change to the document. Indices (`at`, `which`, ...) choose among the
/// candidates present when the mutation runs, wrapping around.
#[derive(Arbitrary, Debug)]
pub enum Mutation {
    /// A schema copied over another: a path parameter holding an object, a
    /// property holding a whole component, a body schema that is a scalar.
    CopySchema { from: u16, to: u16 },
    /// Two schemas exchanged.
    SwapSchemas { first: u16, second: u16 },
    /// An existing `$ref` pointed elsewhere.
    RetargetRef { at: u16, target: RefTarget },
    /// A schema replaced by a `$ref`, or given one beside its other keywords
    /// (siblings of `$ref` are ignored in 3.0 and meaningful in 3.1).
    InsertRef {
        at: u16,
        target: RefTarget,
        keep_siblings: bool,
    },
    /// A component schema renamed, with or without the `$ref`s to it.
    RenameSchema {
        which: u16,
        name: Name,
        follow_refs: bool,
    },
    /// A property renamed (field names, serde renames, collisions).
    RenameProperty { at: u16, which: u16, name: Name },
    /// `required` listing awkward, duplicate or missing property names.
    SetRequired { at: u16, names: Vec<Name> },
    /// A parameter renamed: it may no longer match its path template.
    RenameParameter { which: u16, name: Name },
    /// An `operationId` changed: method names that clash or are keywords.
    RenameOperation { which: u16, name: Name },
    /// `enum` values of mixed types, duplicates and awkward variant names.
    SetEnum { at: u16, values: Vec<Literal> },
    /// `type` set to one type, a list of types (with `null`), or a non-string.
    SetType { at: u16, value: TypeValue },
    /// `nullable`, in 3.0's spelling, with a boolean or a wrong-typed value.
    SetNullable { at: u16, value: Literal },
    /// `allOf`, `oneOf` or `anyOf` with zero, one or many branches.
    Compose {
        at: u16,
        keyword: Composition,
        branches: Vec<Subschema>,
        wrap: bool,
    },
    /// `additionalProperties` true, false, empty or a schema.
    SetAdditionalProperties { at: u16, value: Subschema },
    /// `items` or `prefixItems`, as a schema or a list of schemas.
    SetItems {
        at: u16,
        tuple: bool,
        prefix: bool,
        values: Vec<Subschema>,
    },
    /// A value keyword (`const`, `default`, `example`, bounds) set to a
    /// literal of any type: defaults of the wrong type, negative lengths.
    SetValueKeyword {
        at: u16,
        keyword: ValueKeyword,
        value: Literal,
    },
    /// A `format` the generator maps to a special type, or an unknown one.
    SetFormat { at: u16, format: Format },
    /// A `pattern`, valid or not for the `regex` crate.
    SetPattern { at: u16, pattern: Pattern },
    /// A schema replaced by `true` or `false`.
    BooleanSchema { at: u16, value: bool },
    /// A `discriminator` whose mapping may name missing schemas, on a schema
    /// that may or may not have `oneOf` branches.
    Discriminator {
        at: u16,
        property: Name,
        mapping: Vec<(Name, MappingValue)>,
        branches: Vec<RefTarget>,
    },
    /// `readOnly` and `writeOnly`, both allowed at once.
    ReadWriteOnly {
        at: u16,
        read_only: bool,
        write_only: bool,
    },
    /// A schema copied into another's `$defs` or `definitions`, where later
    /// `$ref`s can reach it.
    NestDefinition {
        at: u16,
        definitions: bool,
        name: Name,
        from: u16,
    },
    /// A keyword removed from any object of the document.
    RemoveKeyword { at: u16, keyword: RemovableKeyword },
    /// A parameter's `in`, `style`, `explode`, `required` or schema changed.
    SetParameter { which: u16, change: ParameterChange },
    /// A parameter copied into an operation: duplicates, or path parameters
    /// with no place in the template.
    CopyParameter { from: u16, to_operation: u16 },
    /// A path template edited so it no longer matches its parameters.
    EditPath { which: u16, edit: PathEdit },
    /// A media type renamed or added (JSON, multipart, form, text, octet-stream).
    SetMediaType {
        which: u16,
        entry: u16,
        media_type: MediaType,
        keep_old: bool,
    },
    /// A response status renamed or added (`2XX`, `default`, `204`).
    SetStatus {
        which: u16,
        entry: u16,
        status: Status,
        keep_old: bool,
    },
    /// `openapi` switched between versions (3.0 and 3.1 read differently).
    SetVersion(Version),
}

/// Where a `$ref` points.
#[derive(Arbitrary, Debug, Clone)]
pub enum RefTarget {
    /// A component schema.
    Component(u16),
    /// The place holding the reference: a cycle with no definition.
    Itself,
    /// Any schema position, nested ones included (`.../properties/y`,
    /// `.../items`, `.../allOf/0`, `.../$defs/x`).
    Nested(u16),
    /// A component that does not exist.
    Dangling(Name),
    /// A component, percent-encoded (every byte, or only reserved ones).
    PercentEncoded { which: u16, every_byte: bool },
    /// A place that is not a schema, or not in this document.
    Odd(OddRef),
}

choice!(
    /// References that do not lead to a schema of this document.
    OddRef: "#", "", "#/", "#/components", "#/components/schemas", "#/components/schemas/",
    "other.yaml#/components/schemas/X", "https://example.com/schema.json", "#/paths",
    "#/components/parameters/missing", "#/info", "#/components/schemas/%",
    "#/components/schemas/%ZZ", "#/components/schemas/~2", "#/components/schemas//",
    "#components/schemas/X", "#/definitions/X", "#/paths/~1/get"
);

choice!(
    /// Keywords whose value can be any literal.
    ValueKeyword: "const", "default", "example", "examples", "minItems", "maxItems",
    "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minProperties", "maxProperties", "uniqueItems", "title", "description",
    "deprecated", "required", "properties", "items", "x-enum-varnames", "contentMediaType",
    "contentEncoding"
);

choice!(
    /// Keywords whose absence changes how a document reads.
    RemovableKeyword: "type", "properties", "items", "required", "$ref", "enum", "allOf",
    "oneOf", "anyOf", "additionalProperties", "schema", "content", "requestBody",
    "responses", "parameters", "discriminator", "nullable", "format", "components", "paths",
    "info", "operationId", "name", "in", "schemas", "mapping", "propertyName"
);

choice!(
    /// The three composition keywords.
    Composition: "allOf", "oneOf", "anyOf"
);

/// A `type` value.
#[derive(Arbitrary, Debug, Clone)]
pub enum TypeValue {
    One(TypeName),
    /// `[type, "null"]`: 3.1's nullable.
    OrNull(TypeName),
    /// Any list, empty and duplicated ones included.
    Many(Vec<TypeName>),
    /// Not a string at all.
    Number,
}

/// A schema written where a keyword takes one.
#[derive(Arbitrary, Debug, Clone)]
pub enum Subschema {
    True,
    False,
    Empty,
    CopyOf(u16),
    Ref(RefTarget),
}

/// A discriminator mapping value: a `$ref`, or a bare schema name.
#[derive(Arbitrary, Debug, Clone)]
pub enum MappingValue {
    Ref(RefTarget),
    Bare(Name),
}

/// A change to one parameter.
#[derive(Arbitrary, Debug, Clone)]
pub enum ParameterChange {
    In(Location),
    Style(Style),
    Explode(bool),
    Required(bool),
    AllowReserved(bool),
    /// `content` in place of `schema`: a parameter serialised as a document.
    Content(MediaType),
    RemoveSchema,
}

/// An edit of a path template.
#[derive(Arbitrary, Debug, Clone)]
pub enum PathEdit {
    /// `{name}` appended, with no parameter declared for it.
    AddUndeclared(Name),
    /// `{x}` becomes `{{x}}`.
    DoubleBraces,
    /// The first `/{x}` written twice.
    Repeat,
    /// Braces removed: declared path parameters no longer appear.
    DropBraces,
    /// An unclosed `{`.
    Unclosed,
    /// `{}` appended.
    Empty,
    /// The leading slash removed.
    NoLeadingSlash,
    /// Another template with its parameters renamed: two paths that differ
    /// only in parameter names.
    LikeOther { other: u16, name: Name },
}

impl Mutation {
    /// Applies the mutation to `document`.
    pub fn apply(&self, document: &mut Value) {
        match self {
            Mutation::CopySchema { from, to } => copy_schema(document, *from, *to),
            Mutation::SwapSchemas { first, second } => swap_schemas(document, *first, *second),
            Mutation::RetargetRef { at, target } => retarget_ref(document, *at, target),
            Mutation::InsertRef {
                at,
                target,
                keep_siblings,
            } => insert_ref(document, *at, target, *keep_siblings),
            Mutation::RenameSchema {
                which,
                name,
                follow_refs,
            } => rename_schema(document, *which, name, *follow_refs),
            Mutation::RenameProperty { at, which, name } => {
                rename_property(document, *at, *which, name)
            }
            Mutation::SetRequired { at, names } => set_required(document, *at, names),
            Mutation::RenameParameter { which, name } => rename_parameter(document, *which, name),
            Mutation::RenameOperation { which, name } => rename_operation(document, *which, name),
            Mutation::SetEnum { at, values } => set_enum(document, *at, values),
            Mutation::SetType { at, value } => set_keyword(document, *at, "type", value.value()),
            Mutation::SetNullable { at, value } => {
                set_keyword(document, *at, "nullable", value.value())
            }
            Mutation::Compose {
                at,
                keyword,
                branches,
                wrap,
            } => compose(document, *at, *keyword, branches, *wrap),
            Mutation::SetAdditionalProperties { at, value } => {
                let value = value.value(document, *at);
                set_keyword(document, *at, "additionalProperties", value)
            }
            Mutation::SetItems {
                at,
                tuple,
                prefix,
                values,
            } => set_items(document, *at, *tuple, *prefix, values),
            Mutation::SetValueKeyword { at, keyword, value } => {
                set_keyword(document, *at, keyword.text(), value.value())
            }
            Mutation::SetFormat { at, format } => {
                set_keyword(document, *at, "format", json!(format.text()))
            }
            Mutation::SetPattern { at, pattern } => {
                set_keyword(document, *at, "pattern", json!(pattern.text()))
            }
            Mutation::BooleanSchema { at, value } => replace_schema(document, *at, json!(value)),
            Mutation::Discriminator {
                at,
                property,
                mapping,
                branches,
            } => discriminator(document, *at, property, mapping, branches),
            Mutation::ReadWriteOnly {
                at,
                read_only,
                write_only,
            } => {
                set_keyword(document, *at, "readOnly", json!(read_only));
                set_keyword(document, *at, "writeOnly", json!(write_only));
            }
            Mutation::NestDefinition {
                at,
                definitions,
                name,
                from,
            } => nest_definition(document, *at, *definitions, name, *from),
            Mutation::RemoveKeyword { at, keyword } => remove_keyword(document, *at, *keyword),
            Mutation::SetParameter { which, change } => set_parameter(document, *which, change),
            Mutation::CopyParameter { from, to_operation } => {
                copy_parameter(document, *from, *to_operation)
            }
            Mutation::EditPath { which, edit } => edit_path(document, *which, edit),
            Mutation::SetMediaType {
                which,
                entry,
                media_type,
                keep_old,
            } => rekey_entry(
                document,
                "content",
                (*which, *entry),
                media_type.text(),
                *keep_old,
            ),
            Mutation::SetStatus {
                which,
                entry,
                status,
                keep_old,
            } => rekey_entry(
                document,
                "responses",
                (*which, *entry),
                status.text(),
                *keep_old,
            ),
            Mutation::SetVersion(version) => {
                if let Some(root) = document.as_object_mut() {
                    root.insert("openapi".to_owned(), json!(version.text()));
                }
            }
        }
    }
}

fn schema_at(document: &Value, at: u16) -> Option<Path> {
    pick(&tree::schemas(document), at).cloned()
}

fn component_names(document: &Value) -> Vec<String> {
    tree::keys(document, &components_path())
}

fn components_path() -> Path {
    vec![
        Step::Key("components".to_owned()),
        Step::Key("schemas".to_owned()),
    ]
}

/// Writes `value` at `path`, if the path still leads somewhere.
fn put(document: &mut Value, path: &[Step], value: Value) {
    if let Some(slot) = tree::get_mut(document, path) {
        *slot = value;
    }
}

fn copy_schema(document: &mut Value, from: u16, to: u16) {
    let schemas = tree::schemas(document);
    let (Some(from), Some(to)) = (pick(&schemas, from), pick(&schemas, to)) else {
        return;
    };
    if let Some(value) = tree::get(document, from).cloned() {
        put(document, to, value);
    }
}

fn swap_schemas(document: &mut Value, first: u16, second: u16) {
    let schemas = tree::schemas(document);
    let (Some(first), Some(second)) = (pick(&schemas, first), pick(&schemas, second)) else {
        return;
    };
    let values = (
        tree::get(document, first).cloned(),
        tree::get(document, second).cloned(),
    );
    if let (Some(first_value), Some(second_value)) = values {
        put(document, first, second_value);
        put(document, second, first_value);
    }
}

impl RefTarget {
    /// The `$ref` text, for a reference written at `here`.
    fn reference(&self, document: &Value, here: &[Step]) -> String {
        let component = |name: &str| tree::pointer(&tree::child(&components_path(), name));
        match self {
            RefTarget::Component(which) => match pick(&component_names(document), *which) {
                Some(name) => component(name),
                None => component("Missing"),
            },
            RefTarget::Itself => tree::pointer(here),
            RefTarget::Nested(which) => match schema_at(document, *which) {
                Some(path) => tree::pointer(&path),
                None => "#/components/schemas/Missing/items".to_owned(),
            },
            RefTarget::Dangling(name) => component(&name.text(&component_names(document))),
            RefTarget::PercentEncoded { which, every_byte } => {
                let names = component_names(document);
                let name = pick(&names, *which).map_or("Missing", String::as_str);
                let escaped = name.replace('~', "~0").replace('/', "~1");
                format!(
                    "#/components/schemas/{}",
                    percent_encoded(&escaped, *every_byte)
                )
            }
            RefTarget::Odd(odd) => odd.text().to_owned(),
        }
    }
}

fn percent_encoded(text: &str, every_byte: bool) -> String {
    text.bytes()
        .map(|byte| {
            let unreserved = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte);
            if unreserved && !every_byte {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

fn retarget_ref(document: &mut Value, at: u16, target: &RefTarget) {
    let Some(here) = pick(&tree::references(document), at).cloned() else {
        return;
    };
    let reference = target.reference(document, &here);
    if let Some(object) = tree::object_mut(document, &here) {
        object.insert("$ref".to_owned(), json!(reference));
    }
}

fn insert_ref(document: &mut Value, at: u16, target: &RefTarget, keep_siblings: bool) {
    let Some(here) = schema_at(document, at) else {
        return;
    };
    let reference = target.reference(document, &here);
    match tree::object_mut(document, &here) {
        Some(object) if keep_siblings => {
            object.insert("$ref".to_owned(), json!(reference));
        }
        _ => put(document, &here, json!({ "$ref": reference })),
    }
}

/// Renames a component schema; with `follow_refs`, the `$ref`s naming it
/// exactly are renamed too, so the document stays valid.
fn rename_schema(document: &mut Value, which: u16, name: &Name, follow_refs: bool) {
    let names = component_names(document);
    let Some(old) = pick(&names, which).cloned() else {
        return;
    };
    let new = name.text(&names);
    if let Some(schemas) = tree::object_mut(document, &components_path()) {
        tree::rename_key(schemas, &old, &new);
    }
    if !follow_refs {
        return;
    }
    let old_ref = tree::pointer(&tree::child(&components_path(), &old));
    let new_ref = tree::pointer(&tree::child(&components_path(), &new));
    for path in tree::references(document) {
        if let Some(object) = tree::object_mut(document, &path) {
            if object.get("$ref").and_then(Value::as_str) == Some(old_ref.as_str()) {
                object.insert("$ref".to_owned(), json!(new_ref));
            }
        }
    }
}

fn rename_property(document: &mut Value, at: u16, which: u16, name: &Name) {
    let Some(schema) = schema_at(document, at) else {
        return;
    };
    let properties_path = tree::child(&schema, "properties");
    let names = tree::keys(document, &properties_path);
    let Some(old) = pick(&names, which).cloned() else {
        return;
    };
    let new = name.text(&names);
    if let Some(properties) = tree::object_mut(document, &properties_path) {
        tree::rename_key(properties, &old, &new);
    }
}

fn set_required(document: &mut Value, at: u16, names: &[Name]) {
    let Some(schema) = schema_at(document, at) else {
        return;
    };
    let properties = tree::keys(document, &tree::child(&schema, "properties"));
    let required: Vec<Value> = names
        .iter()
        .take(8)
        .map(|name| json!(name.text(&properties)))
        .collect();
    if let Some(object) = tree::object_mut(document, &schema) {
        object.insert("required".to_owned(), Value::Array(required));
    }
}

fn rename_parameter(document: &mut Value, which: u16, name: &Name) {
    let parameters = tree::parameters(document);
    let Some(parameter) = pick(&parameters, which) else {
        return;
    };
    let siblings: Vec<String> = parameters
        .iter()
        .filter_map(|path| {
            tree::get(document, path)?
                .get("name")?
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let new = name.text(&siblings);
    if let Some(object) = tree::object_mut(document, parameter) {
        object.insert("name".to_owned(), json!(new));
    }
}

fn rename_operation(document: &mut Value, which: u16, name: &Name) {
    let operations = tree::operations(document);
    let Some(operation) = pick(&operations, which) else {
        return;
    };
    let siblings: Vec<String> = operations
        .iter()
        .filter_map(|path| {
            let id = tree::get(document, path)?.get("operationId")?;
            id.as_str().map(str::to_owned)
        })
        .collect();
    let new = name.text(&siblings);
    if let Some(object) = tree::object_mut(document, operation) {
        object.insert("operationId".to_owned(), json!(new));
    }
}

fn set_enum(document: &mut Value, at: u16, values: &[Literal]) {
    let values = values.iter().take(8).map(Literal::value).collect();
    set_keyword(document, at, "enum", Value::Array(values));
}

/// Sets `keyword` on the schema chosen by `at`, if that schema is an object.
fn set_keyword(document: &mut Value, at: u16, keyword: &str, value: Value) {
    let Some(schema) = schema_at(document, at) else {
        return;
    };
    if let Some(object) = tree::object_mut(document, &schema) {
        object.insert(keyword.to_owned(), value);
    }
}

fn replace_schema(document: &mut Value, at: u16, value: Value) {
    if let Some(schema) = schema_at(document, at) {
        put(document, &schema, value);
    }
}

impl TypeValue {
    fn value(&self) -> Value {
        match self {
            TypeValue::One(name) => json!(name.text()),
            TypeValue::OrNull(name) => json!([name.text(), "null"]),
            TypeValue::Many(names) => names
                .iter()
                .take(4)
                .map(|name| json!(name.text()))
                .collect(),
            TypeValue::Number => json!(5),
        }
    }
}

impl Subschema {
    /// The schema, for a keyword of the schema chosen by `at`.
    fn value(&self, document: &Value, at: u16) -> Value {
        match self {
            Subschema::True => json!(true),
            Subschema::False => json!(false),
            Subschema::Empty => json!({}),
            Subschema::CopyOf(from) => schema_at(document, *from)
                .and_then(|path| tree::get(document, &path).cloned())
                .unwrap_or_else(|| json!({})),
            Subschema::Ref(target) => {
                let here = schema_at(document, at).unwrap_or_default();
                json!({ "$ref": target.reference(document, &here) })
            }
        }
    }
}

/// Gives the schema `keyword` with `branches`; with `wrap`, the schema as it
/// was becomes the first branch of a new schema.
fn compose(
    document: &mut Value,
    at: u16,
    keyword: Composition,
    branches: &[Subschema],
    wrap: bool,
) {
    let Some(schema) = schema_at(document, at) else {
        return;
    };
    let mut list: Vec<Value> = branches
        .iter()
        .take(4)
        .map(|branch| branch.value(document, at))
        .collect();
    if wrap {
        let old = tree::get(document, &schema).cloned().unwrap_or(Value::Null);
        list.insert(0, old);
        put(document, &schema, json!({ keyword.text(): list }));
    } else if let Some(object) = tree::object_mut(document, &schema) {
        object.insert(keyword.text().to_owned(), Value::Array(list));
    }
}

/// Sets `items` (or `prefixItems` with `prefix`): one schema, or with `tuple`
/// a list of them (2020-12's `prefixItems`, or draft 4's tuple `items`).
fn set_items(document: &mut Value, at: u16, tuple: bool, prefix: bool, values: &[Subschema]) {
    let mut list: Vec<Value> = values
        .iter()
        .take(4)
        .map(|value| value.value(document, at))
        .collect();
    let value = match (tuple, list.is_empty()) {
        (true, _) => Value::Array(list),
        (false, true) => json!({}),
        (false, false) => list.swap_remove(0),
    };
    let keyword = if prefix { "prefixItems" } else { "items" };
    set_keyword(document, at, keyword, value);
}

fn discriminator(
    document: &mut Value,
    at: u16,
    property: &Name,
    mapping: &[(Name, MappingValue)],
    branches: &[RefTarget],
) {
    let Some(schema) = schema_at(document, at) else {
        return;
    };
    let names = component_names(document);
    let properties = tree::keys(document, &tree::child(&schema, "properties"));
    let mut entries = Map::new();
    for (key, value) in mapping.iter().take(4) {
        let value = match value {
            MappingValue::Ref(target) => target.reference(document, &schema),
            MappingValue::Bare(name) => name.text(&names),
        };
        entries.insert(key.text(&names), json!(value));
    }
    let one_of: Vec<Value> = branches
        .iter()
        .take(4)
        .map(|target| json!({ "$ref": target.reference(document, &schema) }))
        .collect();
    let Some(object) = tree::object_mut(document, &schema) else {
        return;
    };
    let mut discriminator = json!({ "propertyName": property.text(&properties) });
    if !entries.is_empty() {
        discriminator["mapping"] = Value::Object(entries);
    }
    object.insert("discriminator".to_owned(), discriminator);
    if !one_of.is_empty() {
        object.insert("oneOf".to_owned(), Value::Array(one_of));
    }
}

fn nest_definition(document: &mut Value, at: u16, definitions: bool, name: &Name, from: u16) {
    let (Some(schema), Some(source)) = (schema_at(document, at), schema_at(document, from)) else {
        return;
    };
    let Some(copied) = tree::get(document, &source).cloned() else {
        return;
    };
    let keyword = if definitions { "definitions" } else { "$defs" };
    let Some(object) = tree::object_mut(document, &schema) else {
        return;
    };
    let holder = object.entry(keyword).or_insert_with(|| json!({}));
    if let Some(holder) = holder.as_object_mut() {
        let siblings: Vec<String> = holder.keys().cloned().collect();
        holder.insert(name.text(&siblings), copied);
    }
}

fn remove_keyword(document: &mut Value, at: u16, keyword: RemovableKeyword) {
    let holders: Vec<Path> = tree::maps_with_key(document, keyword.text());
    if let Some(path) = pick(&holders, at) {
        if let Some(object) = tree::object_mut(document, path) {
            object.shift_remove(keyword.text());
        }
    }
}

fn set_parameter(document: &mut Value, which: u16, change: &ParameterChange) {
    let Some(parameter) = pick(&tree::parameters(document), which).cloned() else {
        return;
    };
    let Some(object) = tree::object_mut(document, &parameter) else {
        return;
    };
    let (key, value) = match change {
        ParameterChange::In(location) => ("in", json!(location.text())),
        ParameterChange::Style(style) => ("style", json!(style.text())),
        ParameterChange::Explode(explode) => ("explode", json!(explode)),
        ParameterChange::Required(required) => ("required", json!(required)),
        ParameterChange::AllowReserved(allow) => ("allowReserved", json!(allow)),
        ParameterChange::Content(media_type) => {
            let schema = object.remove("schema").unwrap_or_else(|| json!({}));
            (
                "content",
                json!({ media_type.text(): { "schema": schema } }),
            )
        }
        ParameterChange::RemoveSchema => {
            object.shift_remove("schema");
            return;
        }
    };
    object.insert(key.to_owned(), value);
}

fn copy_parameter(document: &mut Value, from: u16, to_operation: u16) {
    let Some(parameter) = pick(&tree::parameters(document), from).cloned() else {
        return;
    };
    let Some(operation) = pick(&tree::operations(document), to_operation).cloned() else {
        return;
    };
    let Some(copied) = tree::get(document, &parameter).cloned() else {
        return;
    };
    let Some(object) = tree::object_mut(document, &operation) else {
        return;
    };
    let list = object.entry("parameters").or_insert_with(|| json!([]));
    if let Some(list) = list.as_array_mut() {
        list.push(copied);
    }
}

fn edit_path(document: &mut Value, which: u16, edit: &PathEdit) {
    let paths_path = vec![Step::Key("paths".to_owned())];
    let templates = tree::keys(document, &paths_path);
    let Some(old) = pick(&templates, which) else {
        return;
    };
    let new = edit.apply(old, &templates);
    if let Some(paths) = tree::object_mut(document, &paths_path) {
        tree::rename_key(paths, old, &new);
    }
}

impl PathEdit {
    fn apply(&self, template: &str, templates: &[String]) -> String {
        let first_parameter = template
            .find('{')
            .and_then(|start| Some(&template[start..=start + template[start..].find('}')?]));
        match (self, first_parameter) {
            (PathEdit::AddUndeclared(name), _) => format!("{template}/{{{}}}", name.text(&[])),
            (PathEdit::DoubleBraces, _) => template.replace('{', "{{").replace('}', "}}"),
            (PathEdit::Repeat, Some(parameter)) => format!("{template}/{parameter}"),
            (PathEdit::Repeat, None) => format!("{template}/{{x}}/{{x}}"),
            (PathEdit::DropBraces, _) => template.replace(['{', '}'], ""),
            (PathEdit::Unclosed, _) => format!("{template}/{{x"),
            (PathEdit::Empty, _) => format!("{template}/{{}}"),
            (PathEdit::NoLeadingSlash, _) => template.trim_start_matches('/').to_owned(),
            (PathEdit::LikeOther { other, name }, _) => {
                let other = pick(templates, *other).map_or(template, String::as_str);
                with_parameters_named(other, &name.text(&[]))
            }
        }
    }
}

/// `template` with every `{parameter}` renamed to `{name}`.
fn with_parameters_named(template: &str, name: &str) -> String {
    let mut renamed = String::new();
    let mut inside = false;
    for character in template.chars() {
        match character {
            '{' => {
                inside = true;
                renamed.push('{');
                renamed.push_str(name);
            }
            '}' => {
                inside = false;
                renamed.push('}');
            }
            _ if inside => {}
            _ => renamed.push(character),
        }
    }
    renamed
}

/// Renames (or with `keep_old`, copies) one entry of one of the maps under
/// keys called `map_key`: media types under `content`, statuses under
/// `responses`.
fn rekey_entry(
    document: &mut Value,
    map_key: &str,
    (which, entry): (u16, u16),
    new: &str,
    keep_old: bool,
) {
    let Some(map) = pick(&tree::maps_named(document, map_key), which).cloned() else {
        return;
    };
    let Some(old) = pick(&tree::keys(document, &map), entry).cloned() else {
        return;
    };
    let Some(object) = tree::object_mut(document, &map) else {
        return;
    };
    if keep_old {
        if let Some(value) = object.get(&old).cloned() {
            object.insert(new.to_owned(), value);
        }
    } else {
        tree::rename_key(object, &old, new);
    }
}
