//! Rules for named types: added, removed and deprecated ones, and in the
//! types both versions have, their fields, enum values, union branches and
//! alias targets.

use crate::model::{ApiModel, EnumVariant, Field, TypeDef, TypeKind, TypeRef, UnionDef};

use super::constraints::diff_constraints;
use super::keyed::{pair_by_key, pair_values, Pairing};
use super::wording::{is_required, presence_text, type_text};
use super::{Changes, Comparison, Impact, Subject};

pub(super) fn diff_types<'a>(comparison: &Comparison<'a>, changes: &mut Changes) {
    let by_name = |types: &'a [TypeDef]| {
        types
            .iter()
            .map(|definition| (definition.name.as_str(), definition))
    };
    let pairs = pair_by_key(
        by_name(&comparison.old.types),
        by_name(&comparison.new.types),
    );
    for (name, pairing) in pairs {
        let subject = Subject::Type {
            name: name.to_owned(),
        };
        match pairing {
            // An inline schema comes and goes with its field or operation,
            // whose entry already tells it.
            Pairing::Added(_) if comparison.hoisted.added_with_owner(name) => {}
            Pairing::Removed(_) if comparison.hoisted.removed_with_owner(name) => {}
            Pairing::Added(_) => changes.non_breaking(subject, format!("`{name}` added")),
            Pairing::Removed(_) => changes.breaking(subject, format!("`{name}` removed")),
            Pairing::Both(before, after) => diff_type(comparison, before, after, changes),
        }
    }
}

/// The shape a type has for callers: an inline schema merged into an
/// identical type (an alias of it) is compared as that type, so a copy that
/// gains a field and leaves the merge reads as the field it gained.
fn merged_shape<'a>(model: &'a ApiModel, definition: &'a TypeDef) -> &'a TypeKind {
    match &definition.kind {
        TypeKind::Alias(TypeRef::Named(target)) if super::hoisted::is_hoisted(definition) => {
            &model.type_def(*target).kind
        }
        kind => kind,
    }
}

/// A named type as changes refer to it: by name in subjects, which say what
/// methods it reaches, and by the reader's path in prose.
#[derive(Clone, Copy)]
struct Named<'a> {
    name: &'a str,
    path: &'a str,
}

fn diff_type(comparison: &Comparison, before: &TypeDef, after: &TypeDef, changes: &mut Changes) {
    let name = after.name.as_str();
    let named = Named {
        name,
        path: comparison.hoisted.path(name),
    };
    let path = named.path;
    let subject = Subject::Type {
        name: name.to_owned(),
    };
    if after.docs.deprecated && !before.docs.deprecated {
        changes.non_breaking(subject.clone(), format!("`{path}` deprecated"));
    }
    match (
        merged_shape(comparison.old, before),
        merged_shape(comparison.new, after),
    ) {
        (TypeKind::Struct(old_struct), TypeKind::Struct(new_struct)) => {
            let sent = comparison.sent.contains(name);
            let fields = (&old_struct.fields[..], &new_struct.fields[..]);
            diff_fields(comparison, named, fields, sent, changes);
        }
        (TypeKind::StringEnum(old_values), TypeKind::StringEnum(new_values)) => {
            diff_enum_values(named, values(old_values), values(new_values), changes);
        }
        (TypeKind::IntegerEnum(old_values), TypeKind::IntegerEnum(new_values)) => {
            diff_enum_values(named, values(old_values), values(new_values), changes);
        }
        (TypeKind::Alias(old_target), TypeKind::Alias(new_target)) => {
            let old_text = type_text(comparison.old, old_target);
            let new_text = type_text(comparison.new, new_target);
            if old_text != new_text {
                changes.breaking(
                    subject,
                    format!("`{path}` changed from {old_text} to {new_text}"),
                );
            }
        }
        (TypeKind::Union(old_union), TypeKind::Union(new_union)) => {
            diff_variants(comparison, named, (old_union, new_union), changes)
        }
        _ => changes.breaking(subject, format!("`{path}` changed its kind")),
    }
}

/// An enum's values as the document writes them.
fn values<V: ToString>(variants: &[EnumVariant<V>]) -> Vec<String> {
    variants
        .iter()
        .map(|variant| variant.value.to_string())
        .collect()
}

/// Enums are `#[non_exhaustive]` with a catch-all variant: a new value is
/// not breaking, but a lost one breaks code that names it.
fn diff_enum_values(named: Named, before: Vec<String>, after: Vec<String>, changes: &mut Changes) {
    let Named { name, path } = named;
    for (value, pairing) in pair_values(before, after) {
        let subject = Subject::EnumValue {
            owner: name.to_owned(),
            value: value.clone(),
        };
        match pairing {
            Pairing::Added(()) => {
                changes.non_breaking(subject, format!("`{path}` gained `{value}`"))
            }
            Pairing::Removed(()) => changes.breaking(subject, format!("`{path}` lost `{value}`")),
            Pairing::Both((), ()) => {}
        }
    }
}

/// Branches are compared by the type they hold, as a reader names it.
fn diff_variants(
    comparison: &Comparison,
    named: Named,
    (before, after): (&UnionDef, &UnionDef),
    changes: &mut Changes,
) {
    let Named { name, path } = named;
    let branches = |model, union: &UnionDef| {
        union
            .variants
            .iter()
            .map(|variant| type_text(model, &variant.ty))
            .collect::<Vec<_>>()
    };
    let old_branches = branches(comparison.old, before);
    let new_branches = branches(comparison.new, after);
    for (variant, pairing) in pair_values(old_branches, new_branches) {
        let subject = Subject::Variant {
            owner: name.to_owned(),
            variant: variant.clone(),
        };
        match pairing {
            Pairing::Added(()) => {
                changes.non_breaking(subject, format!("`{path}` may be {variant}"))
            }
            Pairing::Removed(()) => {
                changes.breaking(subject, format!("`{path}` can no longer be {variant}"))
            }
            Pairing::Both((), ()) => {}
        }
    }
}

// ---- fields -----------------------------------------------------------------

/// `sent` says whether clients send values of the owner: a new required
/// field breaks senders, while for what the server sends it is harmless.
fn diff_fields<'a>(
    comparison: &Comparison,
    owner: Named,
    (before, after): (&'a [Field], &'a [Field]),
    sent: bool,
    changes: &mut Changes,
) {
    let path = owner.path;
    let by_wire_name =
        |fields: &'a [Field]| fields.iter().map(|field| (field.wire_name.as_str(), field));
    let pairs = pair_by_key(by_wire_name(before), by_wire_name(after));
    let rewired = rewired_fields(&pairs);
    let is_rewired = |field: &Field| {
        rewired
            .iter()
            .any(|(old, new)| std::ptr::eq(*old, field) || std::ptr::eq(*new, field))
    };
    for (old, new) in &rewired {
        let subject = Subject::Field {
            owner: owner.name.to_owned(),
            name: new.wire_name.clone(),
        };
        let place = format!("`{path}.{}`", new.wire_name);
        changes.breaking(
            subject.clone(),
            format!(
                "`{path}.{}` renamed to `{}` on the wire (the Rust field `{}` keeps its name)",
                old.wire_name,
                new.wire_name,
                new.rust_name.bare()
            ),
        );
        diff_field(comparison, (&subject, &place), (old, new), sent, changes);
    }
    for (name, pairing) in pairs {
        let subject = Subject::Field {
            owner: owner.name.to_owned(),
            name: name.to_owned(),
        };
        match pairing {
            Pairing::Added(field) | Pairing::Removed(field) if is_rewired(field) => {}
            Pairing::Added(field) => {
                let required = is_required(field.presence);
                let impact = if required && sent {
                    Impact::Breaking
                } else {
                    Impact::NonBreaking
                };
                let kind = if required { "required" } else { "optional" };
                changes.push(
                    impact,
                    subject,
                    format!("`{path}`: {kind} field `{name}` added"),
                );
            }
            Pairing::Removed(_) => changes.breaking(subject, format!("`{path}.{name}` removed")),
            Pairing::Both(before, after) => {
                let place = format!("`{path}.{name}`");
                diff_field(
                    comparison,
                    (&subject, &place),
                    (before, after),
                    sent,
                    changes,
                );
            }
        }
    }
}

/// Fields whose wire name changed while their Rust name stayed (`documentId`
/// to `document_id`, both `document_id`): code still compiles, but the old
/// client sends and expects the old name, so each pair is one breaking change
/// rather than a removal and an addition.
fn rewired_fields<'a>(pairs: &[(&str, Pairing<&'a Field>)]) -> Vec<(&'a Field, &'a Field)> {
    let removed = pairs.iter().filter_map(|(_, pairing)| match pairing {
        Pairing::Removed(field) => Some(*field),
        _ => None,
    });
    let added: Vec<&Field> = pairs
        .iter()
        .filter_map(|(_, pairing)| match pairing {
            Pairing::Added(field) => Some(*field),
            _ => None,
        })
        .collect();
    removed
        .filter_map(|old| {
            added
                .iter()
                .find(|new| new.rust_name == old.rust_name)
                .map(|new| (old, *new))
        })
        .collect()
}

/// Type and presence set the field's Rust type, so any change of either
/// breaks code that reads or builds it.
fn diff_field(
    comparison: &Comparison,
    (subject, place): (&Subject, &str),
    (before, after): (&Field, &Field),
    sent: bool,
    changes: &mut Changes,
) {
    let old_type = type_text(comparison.old, &before.ty);
    let new_type = type_text(comparison.new, &after.ty);
    if old_type != new_type {
        let changed = format!("{place} changed type from {old_type} to {new_type}");
        changes.breaking(subject.clone(), changed);
    }
    if before.presence != after.presence {
        let (now, was) = (
            presence_text(after.presence),
            presence_text(before.presence),
        );
        changes.breaking(subject.clone(), format!("{place} is now {now} (was {was})"));
    }
    if after.docs.deprecated && !before.docs.deprecated {
        changes.non_breaking(subject.clone(), format!("{place} deprecated"));
    }
    let constraints = (&before.constraints, &after.constraints);
    diff_constraints(subject, place, constraints, sent, changes);
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff_models, Impact};

    const PET: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        WIRE: { type: string }
        name: { type: string }
"##;

    fn changes(old_wire: &str, new_wire: &str) -> Vec<(Impact, String)> {
        let (old, _) = crate::build_model(&PET.replace("WIRE", old_wire)).expect("old builds");
        let (new, _) = crate::build_model(&PET.replace("WIRE", new_wire)).expect("new builds");
        diff_models(&old, &new)
            .changes
            .into_iter()
            .map(|change| (change.impact, change.description))
            .collect()
    }

    #[test]
    fn a_new_wire_name_behind_the_same_rust_field_is_one_breaking_change() {
        assert_eq!(
            changes("petId", "pet_id"),
            [(
                Impact::Breaking,
                "`Pet.petId` renamed to `pet_id` on the wire (the Rust field `pet_id` keeps its name)"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn a_field_renamed_in_rust_too_is_a_removal_and_an_addition() {
        let changes = changes("petId", "ownerId");
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes.contains(&(Impact::Breaking, "`Pet.petId` removed".to_owned())));
    }
}
