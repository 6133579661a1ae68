//! Compares two API descriptions at the level a user of the generated client
//! thinks in (operations, parameters, fields, enum values, constraints) and
//! classes each change as breaking or not for callers of the client.
//!
//! The rule: a change is breaking when code written against the old client
//! stops compiling or a request it sends is now refused. Types change with
//! required-ness and nullability (`T` versus `Option<T>`), so those changes
//! are breaking in either direction; enums are `#[non_exhaustive]`, so new
//! values are not.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::model::{
    ApiModel, BodyKind, Constraints, Field, FloatWidth, IntegerWidth, Operation, Parameter,
    Presence, SuccessResponse, TypeId, TypeKind, TypeRef,
};

/// Whether callers of the generated client must change their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Breaking,
    NonBreaking,
}

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub impact: Impact,
    /// What changed: `operation`, `parameter`, `field`, `enum value`, ...
    pub subject: String,
    pub description: String,
}

/// The semver step the generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

/// All changes between two descriptions, breaking ones first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiDiff {
    pub old_version: String,
    pub new_version: String,
    pub title: String,
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|change| change.impact == Impact::Breaking)
    }

    /// The bump for a crate at `version`: by the 0.x rules below 1.0 (a
    /// breaking change bumps the minor part, anything else the patch part).
    pub fn bump_for(&self, version: &str) -> Bump {
        let below_one = version.split('.').next().is_some_and(|major| major == "0");
        match (self.is_empty(), self.has_breaking(), below_one) {
            (true, _, _) => Bump::None,
            (false, true, true) => Bump::Minor,
            (false, true, false) => Bump::Major,
            (false, false, true) => Bump::Patch,
            (false, false, false) => Bump::Minor,
        }
    }
}

/// `version` with `bump` applied (`0.1.3` + minor = `0.2.0`).
pub fn bumped_version(version: &str, bump: Bump) -> String {
    let mut parts: Vec<u64> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|part| part.parse().unwrap_or(0))
        .collect();
    parts.resize(3, 0);
    match bump {
        Bump::None => return version.to_owned(),
        Bump::Patch => parts[2] += 1,
        Bump::Minor => parts = vec![parts[0], parts[1] + 1, 0],
        Bump::Major => parts = vec![parts[0] + 1, 0, 0],
    }
    format!("{}.{}.{}", parts[0], parts[1], parts[2])
}

/// Compares `old` with `new`.
pub fn diff_models(old: &ApiModel, new: &ApiModel) -> ApiDiff {
    let mut changes = BTreeSet::new();
    let usage = RequestUsage::of(old).union(RequestUsage::of(new));
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &usage, &mut changes);
    let mut changes: Vec<Change> = changes.into_iter().collect();
    changes.sort_by(|left, right| left.impact.cmp(&right.impact).then_with(|| left.cmp(right)));
    ApiDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        title: new.title.clone(),
        changes,
    }
}

fn push(changes: &mut BTreeSet<Change>, impact: Impact, subject: &str, description: String) {
    changes.insert(Change {
        impact,
        subject: subject.to_owned(),
        description,
    });
}

// ---- operations -------------------------------------------------------------

fn diff_operations(old: &ApiModel, new: &ApiModel, changes: &mut BTreeSet<Change>) {
    let old_operations: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    let new_operations: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    for (id, operation) in &new_operations {
        if !old_operations.contains_key(id) {
            push(
                changes,
                Impact::NonBreaking,
                "operation",
                format!("`{id}` added ({})", route(operation)),
            );
        }
    }
    for (id, old_operation) in &old_operations {
        match new_operations.get(id) {
            None => push(
                changes,
                Impact::Breaking,
                "operation",
                format!("`{id}` removed ({})", route(old_operation)),
            ),
            Some(new_operation) => diff_operation(old, new, old_operation, new_operation, changes),
        }
    }
}

fn route(operation: &Operation) -> String {
    format!(
        "{} {}",
        operation.http_method.as_str(),
        operation.path_template
    )
}

fn diff_operation(
    old: &ApiModel,
    new: &ApiModel,
    before: &Operation,
    after: &Operation,
    changes: &mut BTreeSet<Change>,
) {
    let id = &after.operation_id;
    if route(before) != route(after) {
        push(
            changes,
            Impact::NonBreaking,
            "operation",
            format!("`{id}` moved from {} to {}", route(before), route(after)),
        );
    }
    if after.docs.deprecated && !before.docs.deprecated {
        push(
            changes,
            Impact::NonBreaking,
            "operation",
            format!("`{id}` deprecated"),
        );
    }
    diff_parameters(old, new, before, after, changes);
    diff_request_body(old, new, before, after, changes);
    let (old_success, new_success) = (
        success_text(old, &before.success),
        success_text(new, &after.success),
    );
    if old_success != new_success {
        push(
            changes,
            Impact::Breaking,
            "response",
            format!("`{id}` now returns {new_success} instead of {old_success}"),
        );
    }
    let old_statuses: BTreeSet<&String> = before.error_statuses.iter().collect();
    let new_statuses: BTreeSet<&String> = after.error_statuses.iter().collect();
    for status in new_statuses.difference(&old_statuses) {
        push(
            changes,
            Impact::NonBreaking,
            "status",
            format!("`{id}` may answer {status}"),
        );
    }
    for status in old_statuses.difference(&new_statuses) {
        push(
            changes,
            Impact::NonBreaking,
            "status",
            format!("`{id}` no longer lists {status}"),
        );
    }
}

fn diff_parameters(
    old: &ApiModel,
    new: &ApiModel,
    before: &Operation,
    after: &Operation,
    changes: &mut BTreeSet<Change>,
) {
    let key = |parameter: &Parameter| {
        (
            format!("{:?}", parameter.location).to_lowercase(),
            parameter.wire_name.clone(),
        )
    };
    let old_parameters: BTreeMap<_, &Parameter> = before
        .parameters
        .iter()
        .map(|parameter| (key(parameter), parameter))
        .collect();
    let new_parameters: BTreeMap<_, &Parameter> = after
        .parameters
        .iter()
        .map(|parameter| (key(parameter), parameter))
        .collect();
    let id = &after.operation_id;
    for ((location, name), parameter) in &new_parameters {
        if old_parameters.contains_key(&(location.clone(), name.clone())) {
            continue;
        }
        let (impact, kind) = if parameter.required {
            (Impact::Breaking, "required")
        } else {
            (Impact::NonBreaking, "optional")
        };
        push(
            changes,
            impact,
            "parameter",
            format!("`{id}`: {kind} {location} parameter `{name}` added"),
        );
    }
    for ((location, name), before_parameter) in &old_parameters {
        let Some(after_parameter) = new_parameters.get(&(location.clone(), name.clone())) else {
            push(
                changes,
                Impact::Breaking,
                "parameter",
                format!("`{id}`: {location} parameter `{name}` removed"),
            );
            continue;
        };
        let subject = format!("`{id}`: {location} parameter `{name}`");
        let (old_type, new_type) = (
            type_text(old, &before_parameter.ty),
            type_text(new, &after_parameter.ty),
        );
        if old_type != new_type {
            push(
                changes,
                Impact::Breaking,
                "parameter",
                format!("{subject} changed type from {old_type} to {new_type}"),
            );
        }
        if before_parameter.required != after_parameter.required {
            let now = if after_parameter.required {
                "required"
            } else {
                "optional"
            };
            push(
                changes,
                Impact::Breaking,
                "parameter",
                format!("{subject} is now {now}"),
            );
        }
        diff_constraints(
            &subject,
            &before_parameter.constraints,
            &after_parameter.constraints,
            true,
            changes,
        );
    }
}

fn diff_request_body(
    old: &ApiModel,
    new: &ApiModel,
    before: &Operation,
    after: &Operation,
    changes: &mut BTreeSet<Change>,
) {
    let id = &after.operation_id;
    match (&before.request_body, &after.request_body) {
        (None, None) => {}
        (None, Some(_)) => push(
            changes,
            Impact::Breaking,
            "request body",
            format!("`{id}` now takes a request body"),
        ),
        (Some(_), None) => push(
            changes,
            Impact::Breaking,
            "request body",
            format!("`{id}` no longer takes a request body"),
        ),
        (Some(before_body), Some(after_body)) => {
            let (old_kind, new_kind) = (
                body_text(old, &before_body.kind),
                body_text(new, &after_body.kind),
            );
            if old_kind != new_kind {
                push(
                    changes,
                    Impact::Breaking,
                    "request body",
                    format!("`{id}` body changed from {old_kind} to {new_kind}"),
                );
            }
            if let (
                BodyKind::Binary {
                    media_types: old_types,
                },
                BodyKind::Binary {
                    media_types: new_types,
                },
            ) = (&before_body.kind, &after_body.kind)
            {
                for media_type in new_types
                    .iter()
                    .filter(|media_type| !old_types.contains(media_type))
                {
                    push(
                        changes,
                        Impact::NonBreaking,
                        "media type",
                        format!("`{id}` accepts {media_type}"),
                    );
                }
                for media_type in old_types
                    .iter()
                    .filter(|media_type| !new_types.contains(media_type))
                {
                    push(
                        changes,
                        Impact::Breaking,
                        "media type",
                        format!("`{id}` no longer accepts {media_type}"),
                    );
                }
            }
            let subject = format!("`{id}` request body");
            diff_constraints(
                &subject,
                &before_body.constraints,
                &after_body.constraints,
                true,
                changes,
            );
        }
    }
}

fn body_text(model: &ApiModel, kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json { media_type, ty } => format!("{} as {media_type}", type_text(model, ty)),
        BodyKind::FormUrlEncoded { ty } => format!("{} as a form", type_text(model, ty)),
        BodyKind::Multipart { ty } => format!("{} as multipart", type_text(model, ty)),
        BodyKind::Binary { .. } => "binary".to_owned(),
    }
}

fn success_text(model: &ApiModel, success: &SuccessResponse) -> String {
    match success {
        SuccessResponse::Empty => "nothing".to_owned(),
        SuccessResponse::Json(ty) => type_text(model, ty),
        SuccessResponse::Binary => "bytes".to_owned(),
        SuccessResponse::Text => "text".to_owned(),
    }
}

// ---- types ------------------------------------------------------------------

/// Named types that appear in requests (bodies and parameters), transitively:
/// for those, new requirements and tighter limits break senders.
#[derive(Default)]
struct RequestUsage(BTreeSet<String>);

impl RequestUsage {
    fn of(model: &ApiModel) -> Self {
        let mut usage = Self::default();
        for operation in &model.operations {
            for parameter in &operation.parameters {
                usage.visit(model, &parameter.ty);
            }
            if let Some(body) = &operation.request_body {
                if let BodyKind::Json { ty, .. }
                | BodyKind::FormUrlEncoded { ty }
                | BodyKind::Multipart { ty } = &body.kind
                {
                    usage.visit(model, ty);
                }
            }
        }
        usage
    }

    fn visit(&mut self, model: &ApiModel, ty: &TypeRef) {
        match ty {
            TypeRef::Named(id) => {
                let definition = model.type_def(*id);
                if !self.0.insert(definition.name.clone()) {
                    return;
                }
                match &definition.kind {
                    TypeKind::Struct(structure) => {
                        for field in &structure.fields {
                            self.visit(model, &field.ty);
                        }
                    }
                    TypeKind::Union(union) => {
                        for variant in &union.variants {
                            self.visit(model, &variant.ty);
                        }
                    }
                    TypeKind::Alias(target) | TypeKind::Newtype(target) => self.visit(model, target),
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.visit(model, inner)
            }
            _ => {}
        }
    }

    fn union(mut self, other: Self) -> Self {
        self.0.extend(other.0);
        self
    }

    fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

fn diff_types(
    old: &ApiModel,
    new: &ApiModel,
    usage: &RequestUsage,
    changes: &mut BTreeSet<Change>,
) {
    let old_types: BTreeMap<&str, TypeId> = old
        .types
        .iter()
        .enumerate()
        .map(|(index, definition)| (definition.name.as_str(), TypeId(index)))
        .collect();
    let new_types: BTreeMap<&str, TypeId> = new
        .types
        .iter()
        .enumerate()
        .map(|(index, definition)| (definition.name.as_str(), TypeId(index)))
        .collect();
    for name in new_types
        .keys()
        .filter(|name| !old_types.contains_key(*name))
    {
        push(
            changes,
            Impact::NonBreaking,
            "type",
            format!("`{name}` added"),
        );
    }
    for (name, old_id) in &old_types {
        let Some(new_id) = new_types.get(name) else {
            push(
                changes,
                Impact::Breaking,
                "type",
                format!("`{name}` removed"),
            );
            continue;
        };
        let (before, after) = (old.type_def(*old_id), new.type_def(*new_id));
        if after.docs.deprecated && !before.docs.deprecated {
            push(
                changes,
                Impact::NonBreaking,
                "type",
                format!("`{name}` deprecated"),
            );
        }
        let in_requests = usage.contains(name);
        match (&before.kind, &after.kind) {
            (TypeKind::Struct(old_struct), TypeKind::Struct(new_struct)) => {
                diff_fields(
                    old,
                    new,
                    name,
                    &old_struct.fields,
                    &new_struct.fields,
                    in_requests,
                    changes,
                );
            }
            (TypeKind::StringEnum(old_values), TypeKind::StringEnum(new_values)) => {
                let old_set: BTreeSet<String> = old_values
                    .iter()
                    .map(|variant| variant.value.clone())
                    .collect();
                let new_set: BTreeSet<String> = new_values
                    .iter()
                    .map(|variant| variant.value.clone())
                    .collect();
                diff_enum_values(name, &old_set, &new_set, changes);
            }
            (TypeKind::IntegerEnum(old_values), TypeKind::IntegerEnum(new_values)) => {
                let old_set: BTreeSet<String> = old_values
                    .iter()
                    .map(|variant| variant.value.to_string())
                    .collect();
                let new_set: BTreeSet<String> = new_values
                    .iter()
                    .map(|variant| variant.value.to_string())
                    .collect();
                diff_enum_values(name, &old_set, &new_set, changes);
            }
            (TypeKind::Alias(old_target), TypeKind::Alias(new_target)) => {
                let (before_text, after_text) =
                    (type_text(old, old_target), type_text(new, new_target));
                if before_text != after_text {
                    push(
                        changes,
                        Impact::Breaking,
                        "type",
                        format!("`{name}` changed from {before_text} to {after_text}"),
                    );
                }
            }
            (TypeKind::Union(old_union), TypeKind::Union(new_union)) => {
                let old_set: BTreeSet<String> = old_union
                    .variants
                    .iter()
                    .map(|variant| type_text(old, &variant.ty))
                    .collect();
                let new_set: BTreeSet<String> = new_union
                    .variants
                    .iter()
                    .map(|variant| type_text(new, &variant.ty))
                    .collect();
                for added in new_set.difference(&old_set) {
                    push(
                        changes,
                        Impact::NonBreaking,
                        "variant",
                        format!("`{name}` may be {added}"),
                    );
                }
                for removed in old_set.difference(&new_set) {
                    push(
                        changes,
                        Impact::Breaking,
                        "variant",
                        format!("`{name}` can no longer be {removed}"),
                    );
                }
            }
            _ => push(
                changes,
                Impact::Breaking,
                "type",
                format!("`{name}` changed its kind"),
            ),
        }
    }
}

fn diff_enum_values(
    name: &str,
    old_values: &BTreeSet<String>,
    new_values: &BTreeSet<String>,
    changes: &mut BTreeSet<Change>,
) {
    for added in new_values.difference(old_values) {
        push(
            changes,
            Impact::NonBreaking,
            "enum value",
            format!("`{name}` gained `{added}`"),
        );
    }
    for removed in old_values.difference(new_values) {
        push(
            changes,
            Impact::Breaking,
            "enum value",
            format!("`{name}` lost `{removed}`"),
        );
    }
}

fn diff_fields(
    old: &ApiModel,
    new: &ApiModel,
    owner: &str,
    before: &[Field],
    after: &[Field],
    in_requests: bool,
    changes: &mut BTreeSet<Change>,
) {
    let old_fields: BTreeMap<&str, &Field> = before
        .iter()
        .map(|field| (field.wire_name.as_str(), field))
        .collect();
    let new_fields: BTreeMap<&str, &Field> = after
        .iter()
        .map(|field| (field.wire_name.as_str(), field))
        .collect();
    for (name, field) in &new_fields {
        if old_fields.contains_key(name) {
            continue;
        }
        let required = matches!(
            field.presence,
            Presence::Required | Presence::RequiredNullable
        );
        let (impact, kind) = match (required, in_requests) {
            (true, true) => (Impact::Breaking, "required field"),
            (true, false) => (Impact::NonBreaking, "required field"),
            (false, _) => (Impact::NonBreaking, "optional field"),
        };
        push(
            changes,
            impact,
            "field",
            format!("`{owner}`: {kind} `{name}` added"),
        );
    }
    for (name, before_field) in &old_fields {
        let subject = format!("`{owner}.{name}`");
        let Some(after_field) = new_fields.get(name) else {
            push(
                changes,
                Impact::Breaking,
                "field",
                format!("{subject} removed"),
            );
            continue;
        };
        let (old_type, new_type) = (
            type_text(old, &before_field.ty),
            type_text(new, &after_field.ty),
        );
        if old_type != new_type {
            push(
                changes,
                Impact::Breaking,
                "field",
                format!("{subject} changed type from {old_type} to {new_type}"),
            );
        }
        if before_field.presence != after_field.presence {
            push(
                changes,
                Impact::Breaking,
                "field",
                format!(
                    "{subject} is now {} (was {})",
                    presence_text(after_field.presence),
                    presence_text(before_field.presence)
                ),
            );
        }
        if after_field.docs.deprecated && !before_field.docs.deprecated {
            push(
                changes,
                Impact::NonBreaking,
                "field",
                format!("{subject} deprecated"),
            );
        }
        diff_constraints(
            &subject,
            &before_field.constraints,
            &after_field.constraints,
            in_requests,
            changes,
        );
    }
}

fn presence_text(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required and nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "optional and nullable",
    }
}

/// A tighter limit refuses requests that used to pass: breaking for senders.
fn diff_constraints(
    subject: &str,
    before: &Constraints,
    after: &Constraints,
    sent: bool,
    changes: &mut BTreeSet<Change>,
) {
    let tightened_impact = if sent {
        Impact::Breaking
    } else {
        Impact::NonBreaking
    };
    let mut compare = |name: &str, old: Option<f64>, new: Option<f64>, lower_bound: bool| {
        if old == new {
            return;
        }
        let tightened = match (old, new) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(old), Some(new)) => {
                if lower_bound {
                    new > old
                } else {
                    new < old
                }
            }
            (None, None) => return,
        };
        let shown =
            |value: Option<f64>| value.map_or_else(|| "none".to_owned(), |value| value.to_string());
        let (verb, impact) = if tightened {
            ("tightened", tightened_impact)
        } else {
            ("loosened", Impact::NonBreaking)
        };
        push(
            changes,
            impact,
            "constraint",
            format!(
                "{subject}: {name} {verb} from {} to {}",
                shown(old),
                shown(new)
            ),
        );
    };
    let as_float = |value: Option<usize>| value.map(|value| value as f64);
    compare(
        "minLength",
        as_float(before.min_length),
        as_float(after.min_length),
        true,
    );
    compare(
        "maxLength",
        as_float(before.max_length),
        as_float(after.max_length),
        false,
    );
    compare(
        "minItems",
        as_float(before.min_items),
        as_float(after.min_items),
        true,
    );
    compare(
        "maxItems",
        as_float(before.max_items),
        as_float(after.max_items),
        false,
    );
    compare("minimum", before.minimum, after.minimum, true);
    compare("maximum", before.maximum, after.maximum, false);
}

/// A type as a reader of the report would name it.
fn type_text(model: &ApiModel, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("`{}`", model.type_def(*id).name),
        TypeRef::String => "string".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Integer(IntegerWidth::I32) => "int32".to_owned(),
        TypeRef::Integer(IntegerWidth::I64) => "int64".to_owned(),
        TypeRef::Integer(IntegerWidth::U32) => "uint32".to_owned(),
        TypeRef::Integer(IntegerWidth::U64) => "uint64".to_owned(),
        TypeRef::Float(FloatWidth::F32) => "float".to_owned(),
        TypeRef::Float(FloatWidth::F64) => "double".to_owned(),
        TypeRef::Uuid => "uuid".to_owned(),
        TypeRef::DateTime => "date-time".to_owned(),
        TypeRef::Date => "date".to_owned(),
        TypeRef::Bytes => "bytes".to_owned(),
        TypeRef::Json => "any JSON".to_owned(),
        TypeRef::JsonObject => "a JSON object".to_owned(),
        TypeRef::Array(item) => format!("array of {}", type_text(model, item)),
        TypeRef::Map(value) => format!("map of {}", type_text(model, value)),
        TypeRef::Nullable(inner) => format!("{} or null", type_text(model, inner)),
    }
}

// ---- reports ----------------------------------------------------------------

/// The breaking, then the non-breaking changes, each with its heading; empty
/// groups are left out.
fn grouped<'diff>(
    diff: &'diff ApiDiff,
    headings: [&'static str; 2],
) -> Vec<(Vec<&'diff Change>, &'static str)> {
    [Impact::Breaking, Impact::NonBreaking]
        .into_iter()
        .zip(headings)
        .map(|(impact, heading)| {
            let entries: Vec<&Change> = diff
                .changes
                .iter()
                .filter(|change| change.impact == impact)
                .collect();
            (entries, heading)
        })
        .filter(|(entries, _)| !entries.is_empty())
        .collect()
}

/// The report as plain text for a terminal.
pub fn render_text(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let mut text = format!(
        "API changes in {}: {} -> {}\n",
        diff.title, diff.old_version, diff.new_version
    );
    for (entries, heading) in grouped(diff, ["Breaking", "Non-breaking"]) {
        let _ = writeln!(text, "{heading} ({}):", entries.len());
        for change in entries {
            let _ = writeln!(
                text,
                "  - {}: {}",
                change.subject,
                change.description.replace('`', "")
            );
        }
    }
    if diff.is_empty() {
        text.push_str("No changes that affect the client.\n");
    }
    let _ = writeln!(text, "{}", bump_sentence(diff, crate_name, current_version));
    text
}

/// The report as Markdown, for a pull request or a CHANGELOG entry.
pub fn render_markdown(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let bump = diff.bump_for(current_version);
    let next = bumped_version(current_version, bump);
    let mut text = format!(
        "## {crate_name} {next}\n\n{} {} -> {}.\n",
        diff.title, diff.old_version, diff.new_version
    );
    for (entries, heading) in grouped(diff, ["Breaking changes", "Non-breaking changes"]) {
        let _ = write!(text, "\n### {heading}\n\n");
        for change in entries {
            let _ = writeln!(text, "- {}: {}", change.subject, change.description);
        }
    }
    if diff.is_empty() {
        text.push_str("\nNo changes that affect the client.\n");
    }
    let _ = write!(
        text,
        "\n{}\n",
        bump_sentence(diff, crate_name, current_version)
    );
    text
}

/// The report as JSON, for tools.
pub fn render_json(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        #[serde(flatten)]
        diff: &'a ApiDiff,
        crate_name: &'a str,
        current_version: &'a str,
        bump: Bump,
        next_version: String,
    }
    let bump = diff.bump_for(current_version);
    let report = Report {
        diff,
        crate_name,
        current_version,
        bump,
        next_version: bumped_version(current_version, bump),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

fn bump_sentence(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let bump = diff.bump_for(current_version);
    let reason = match bump {
        Bump::None => return format!("{crate_name} stays at {current_version}."),
        Bump::Major => "breaking changes",
        Bump::Minor if diff.has_breaking() => "breaking changes, below 1.0",
        Bump::Minor => "additions",
        Bump::Patch if current_version.starts_with("0.") => "no breaking changes, below 1.0",
        Bump::Patch => "fixes only",
    };
    let step = format!("{bump:?}").to_lowercase();
    format!(
        "Version: {crate_name} {current_version} -> {} ({step} bump: {reason}).",
        bumped_version(current_version, bump)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_x_rules() {
        let mut diff = ApiDiff {
            old_version: "1".into(),
            new_version: "2".into(),
            title: "t".into(),
            changes: Vec::new(),
        };
        assert_eq!(diff.bump_for("0.3.1"), Bump::None);
        diff.changes.push(Change {
            impact: Impact::NonBreaking,
            subject: "type".into(),
            description: "x".into(),
        });
        assert_eq!(bumped_version("0.3.1", diff.bump_for("0.3.1")), "0.3.2");
        assert_eq!(bumped_version("1.3.1", diff.bump_for("1.3.1")), "1.4.0");
        diff.changes.push(Change {
            impact: Impact::Breaking,
            subject: "type".into(),
            description: "y".into(),
        });
        assert_eq!(bumped_version("0.3.1", diff.bump_for("0.3.1")), "0.4.0");
        assert_eq!(bumped_version("1.3.1", diff.bump_for("1.3.1")), "2.0.0");
    }
}
