//! Rules for operations: added, removed, moved and deprecated ones, and in
//! the operations both versions have, their parameters, request body,
//! success response and error statuses.

use crate::model::{
    BodyKind, FixedParameter, Operation, Parameter, ParameterLocation, RequestBody,
};

use super::constraints::diff_constraints;
use super::keyed::{pair_by_key, pair_values, Pairing};
use super::wording::{body_text, route, success_text, type_text};
use super::{Changes, Comparison, Impact, Subject};

pub(super) fn diff_operations<'a>(comparison: &Comparison<'a>, changes: &mut Changes) {
    let by_id = |operations: &'a [Operation]| {
        operations
            .iter()
            .map(|operation| (operation.operation_id.as_str(), operation))
    };
    let pairs = pair_by_key(
        by_id(&comparison.old.operations),
        by_id(&comparison.new.operations),
    );
    for (id, pairing) in pairs {
        let subject = Subject::Operation {
            operation: id.to_owned(),
        };
        match pairing {
            Pairing::Added(operation) => {
                changes.non_breaking(subject, format!("`{id}` added ({})", route(operation)))
            }
            Pairing::Removed(operation) => {
                changes.breaking(subject, format!("`{id}` removed ({})", route(operation)))
            }
            Pairing::Both(before, after) => diff_operation(comparison, before, after, changes),
        }
    }
}

fn diff_operation(
    comparison: &Comparison,
    before: &Operation,
    after: &Operation,
    changes: &mut Changes,
) {
    let id = &after.operation_id;
    let subject = Subject::Operation {
        operation: id.clone(),
    };
    if route(before) != route(after) {
        let moved = format!("`{id}` moved from {} to {}", route(before), route(after));
        changes.non_breaking(subject.clone(), moved);
    }
    if after.docs.deprecated && !before.docs.deprecated {
        changes.non_breaking(subject, format!("`{id}` deprecated"));
    }
    diff_parameters(comparison, before, after, changes);
    diff_fixed_parameters(before, after, changes);
    diff_request_body(comparison, id, before, after, changes);
    diff_success(comparison, id, before, after, changes);
    diff_statuses(id, before, after, changes);
}

/// A different success body no longer decodes into the type callers use.
fn diff_success(
    comparison: &Comparison,
    id: &str,
    before: &Operation,
    after: &Operation,
    changes: &mut Changes,
) {
    let old_success = success_text(comparison.old, &before.success);
    let new_success = success_text(comparison.new, &after.success);
    if old_success != new_success {
        changes.breaking(
            Subject::Response {
                operation: id.to_owned(),
            },
            format!("`{id}` now returns {new_success} instead of {old_success}"),
        );
    }
}

/// Error statuses only document what may come back: every error decodes
/// into the same error type, so none of this breaks callers.
fn diff_statuses(id: &str, before: &Operation, after: &Operation, changes: &mut Changes) {
    for (status, pairing) in pair_values(&before.error_statuses, &after.error_statuses) {
        let subject = Subject::Status {
            operation: id.to_owned(),
            status: status.clone(),
        };
        match pairing {
            Pairing::Added(()) => {
                changes.non_breaking(subject, format!("`{id}` may answer {status}"))
            }
            Pairing::Removed(()) => {
                changes.non_breaking(subject, format!("`{id}` no longer lists {status}"))
            }
            Pairing::Both((), ()) => {}
        }
    }
}

// ---- parameters -------------------------------------------------------------

/// Parameters are told apart by location and wire name (OAS 3.0 4.7.12).
fn parameter_key(parameter: &Parameter) -> (String, &str) {
    let location = format!("{:?}", parameter.location).to_lowercase();
    (location, parameter.wire_name.as_str())
}

fn keyed(operation: &Operation) -> impl Iterator<Item = ((String, &str), &Parameter)> {
    operation
        .parameters
        .iter()
        .map(|parameter| (parameter_key(parameter), parameter))
}

/// Parameters the method sends itself (one allowed value): callers' code
/// is unchanged whatever happens to them, but what goes over the wire is
/// not, so each change is told.
fn diff_fixed_parameters(before: &Operation, after: &Operation, changes: &mut Changes) {
    let id = &after.operation_id;
    for ((location, name), pairing) in pair_by_key(fixed_by_key(before), fixed_by_key(after)) {
        let subject = Subject::Parameter {
            operation: id.clone(),
            location: location.to_owned(),
            name: name.clone(),
        };
        let sentence = match pairing {
            Pairing::Added(parameter) => format!(
                "`{id}`: the method sends {location} parameter `{name}={}` now",
                parameter.value
            ),
            Pairing::Removed(parameter) => format!(
                "`{id}`: the method no longer sends {location} parameter `{name}={}`",
                parameter.value
            ),
            Pairing::Both(old, new) if old.value != new.value => format!(
                "`{id}`: the method sends {location} parameter `{name}` as `{}` instead of `{}`",
                new.value, old.value
            ),
            Pairing::Both(..) => continue,
        };
        changes.non_breaking(subject, sentence);
    }
}

fn fixed_by_key(operation: &Operation) -> Vec<((&'static str, String), &FixedParameter)> {
    operation
        .fixed_parameters
        .iter()
        .map(|parameter| {
            (
                (parameter.location.as_str(), parameter.wire_name.clone()),
                parameter,
            )
        })
        .collect()
}

fn diff_parameters(
    comparison: &Comparison,
    before: &Operation,
    after: &Operation,
    changes: &mut Changes,
) {
    let id = &after.operation_id;
    let pairs = pair_by_key(keyed(before), keyed(after));
    let rewired = rewired_parameters(&pairs);
    let is_rewired = |parameter: &Parameter| {
        rewired
            .iter()
            .any(|(old, new)| std::ptr::eq(*old, parameter) || std::ptr::eq(*new, parameter))
    };
    for (old, new) in &rewired {
        let location = parameter_key(new).0;
        let subject = Subject::Parameter {
            operation: id.clone(),
            location: location.clone(),
            name: new.wire_name.clone(),
        };
        let renamed = format!(
            "`{id}`: {location} parameter `{}` renamed to `{}` on the wire (the Rust name `{}` is unchanged)",
            old.wire_name,
            new.wire_name,
            new.rust_name.bare()
        );
        changes.breaking(subject.clone(), renamed);
        let place = format!("`{id}`: {location} parameter `{}`", new.wire_name);
        diff_parameter(comparison, &subject, &place, (old, new), changes);
    }
    for ((location, name), pairing) in pairs {
        let subject = Subject::Parameter {
            operation: id.clone(),
            location: location.clone(),
            name: name.to_owned(),
        };
        match pairing {
            Pairing::Added(parameter) | Pairing::Removed(parameter) if is_rewired(parameter) => {}
            Pairing::Added(parameter) => {
                // Query, header and cookie parameters travel in one struct
                // argument: the first one adds that argument to the method.
                let first_in_struct =
                    before.params_struct.is_none() && after.params_struct.is_some();
                let (impact, kind) = match (parameter.required, first_in_struct) {
                    (true, _) => (Impact::Breaking, "required"),
                    (false, true) => (Impact::Breaking, "optional"),
                    (false, false) => (Impact::NonBreaking, "optional"),
                };
                let mut added = format!("`{id}`: {kind} {location} parameter `{name}` added");
                if first_in_struct && parameter.location != ParameterLocation::Path {
                    added.push_str(&format!(
                        " (the first of its kind: the method takes a `{}` argument now)",
                        after.params_struct.as_deref().unwrap_or_default()
                    ));
                }
                changes.push(impact, subject, added);
            }
            Pairing::Removed(_) => changes.breaking(
                subject,
                format!("`{id}`: {location} parameter `{name}` removed"),
            ),
            Pairing::Both(before, after) => {
                let place = format!("`{id}`: {location} parameter `{name}`");
                diff_parameter(comparison, &subject, &place, (before, after), changes);
            }
        }
    }
}

/// Parameters of one location whose wire name changed while their Rust name
/// stayed: calls still compile but send the old name, so each pair is one
/// breaking change rather than a removal and an addition.
fn rewired_parameters<'a, K>(
    pairs: &[(K, Pairing<&'a Parameter>)],
) -> Vec<(&'a Parameter, &'a Parameter)> {
    let side = |added: bool| {
        pairs.iter().filter_map(move |(_, pairing)| match pairing {
            Pairing::Added(parameter) if added => Some(*parameter),
            Pairing::Removed(parameter) if !added => Some(*parameter),
            _ => None,
        })
    };
    let added: Vec<&Parameter> = side(true).collect();
    side(false)
        .filter_map(|old| {
            added
                .iter()
                .find(|new| new.location == old.location && new.rust_name == old.rust_name)
                .map(|new| (old, *new))
        })
        .collect()
}

/// Any change of type or required-ness changes the method's signature.
fn diff_parameter(
    comparison: &Comparison,
    subject: &Subject,
    place: &str,
    (before, after): (&Parameter, &Parameter),
    changes: &mut Changes,
) {
    let old_type = type_text(comparison.old, &before.ty);
    let new_type = type_text(comparison.new, &after.ty);
    if old_type != new_type {
        changes.breaking(
            subject.clone(),
            format!("{place} changed type from {old_type} to {new_type}"),
        );
    }
    if before.required != after.required {
        let now = if after.required {
            "required"
        } else {
            "optional"
        };
        changes.breaking(subject.clone(), format!("{place} is now {now}"));
    }
    let constraints = (&before.constraints, &after.constraints);
    diff_constraints(subject, place, constraints, true, changes);
}

// ---- request bodies ---------------------------------------------------------

fn diff_request_body(
    comparison: &Comparison,
    id: &str,
    before: &Operation,
    after: &Operation,
    changes: &mut Changes,
) {
    let subject = Subject::RequestBody {
        operation: id.to_owned(),
    };
    match (&before.request_body, &after.request_body) {
        (None, None) => {}
        (None, Some(_)) => changes.breaking(subject, format!("`{id}` now takes a request body")),
        (Some(_), None) => {
            changes.breaking(subject, format!("`{id}` no longer takes a request body"))
        }
        (Some(before_body), Some(after_body)) => {
            diff_body(comparison, id, &subject, (before_body, after_body), changes)
        }
    }
}

fn diff_body(
    comparison: &Comparison,
    id: &str,
    subject: &Subject,
    (before, after): (&RequestBody, &RequestBody),
    changes: &mut Changes,
) {
    let old_kind = body_text(comparison.old, &before.kind);
    let new_kind = body_text(comparison.new, &after.kind);
    if old_kind != new_kind {
        changes.breaking(
            subject.clone(),
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
    ) = (&before.kind, &after.kind)
    {
        diff_media_types(id, old_types, new_types, changes);
    }
    let place = format!("`{id}` request body");
    let constraints = (&before.constraints, &after.constraints);
    diff_constraints(subject, &place, constraints, true, changes);
}

/// A binary body may be sent as any listed media type: dropping one refuses
/// callers that picked it.
fn diff_media_types(id: &str, before: &[String], after: &[String], changes: &mut Changes) {
    for (media_type, pairing) in pair_values(before, after) {
        let subject = Subject::MediaType {
            operation: id.to_owned(),
            media_type: media_type.clone(),
        };
        match pairing {
            Pairing::Added(()) => {
                changes.non_breaking(subject, format!("`{id}` accepts {media_type}"))
            }
            Pairing::Removed(()) => {
                changes.breaking(subject, format!("`{id}` no longer accepts {media_type}"))
            }
            Pairing::Both((), ()) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff_models, Impact};

    const LIST: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - { name: WIRE, in: query, schema: { type: integer } }
      responses: { "204": { description: none } }
"##;

    #[test]
    fn a_new_wire_name_behind_the_same_rust_parameter_is_one_breaking_change() {
        let (old, _) = crate::build_model(&LIST.replace("WIRE", "pageSize")).expect("old builds");
        let (new, _) = crate::build_model(&LIST.replace("WIRE", "page_size")).expect("new builds");
        let changes: Vec<(Impact, String)> = diff_models(&old, &new)
            .changes
            .into_iter()
            .map(|change| (change.impact, change.description))
            .collect();
        assert_eq!(
            changes,
            [(
                Impact::Breaking,
                "`listPets`: query parameter `pageSize` renamed to `page_size` on the wire (the Rust name `page_size` is unchanged)"
                    .to_owned()
            )]
        );
    }

    fn fixed_document(version: &str, extra: &str) -> String {
        format!(
            "openapi: 3.0.3
info: {{ title: t, version: '1' }}
paths:
  /:
    get:
      operationId: describe
      parameters:
        - {{ name: Version, in: query, required: true, schema: {{ type: string, enum: ['{version}'] }} }}
{extra}      responses:
        '204': {{ description: done }}
"
        )
    }

    #[test]
    fn what_a_method_sends_by_itself_is_reported_and_breaks_no_caller() {
        let action = "        - { name: Action, in: header, required: true, schema: { type: string, enum: [Describe] } }\n";
        let (old, _) =
            crate::build_model(&fixed_document("2016-11-15", action)).expect("old builds");
        let (new, _) = crate::build_model(&fixed_document("2024-01-01", "")).expect("new builds");
        let changes: Vec<(String, bool)> = super::super::diff_models(&old, &new)
            .changes
            .into_iter()
            .map(|change| {
                (
                    change.description,
                    change.impact == super::super::Impact::Breaking,
                )
            })
            .collect();
        assert_eq!(
            changes,
            [
                (
                    "`describe`: the method no longer sends header parameter `Action=Describe`".to_owned(),
                    false
                ),
                (
                    "`describe`: the method sends query parameter `Version` as `2024-01-01` instead of `2016-11-15`"
                        .to_owned(),
                    false
                ),
            ]
        );
    }
}
