//! Identical types become one: an inline enum, union or struct with exactly
//! the shape of another type becomes an alias of it.
//!
//! Big documents repeat inline shapes everywhere (`state: open | closed` once
//! per schema that has a state); emitting each copy as its own type made most
//! of a big client's code and compile time. Every name stays: a merged type
//! is `pub type Name = Kept;`, so callers who spell either name compile.
//!
//! The type kept for a group follows a fixed rule that looks only at the
//! group itself: a component schema before an inline one (components always
//! keep their own type, and are never merged with each other), then the
//! shortest name, then the first in alphabetical order. Document order plays
//! no part, so adding a schema elsewhere never changes which type is kept.

use std::collections::HashMap;

use super::{TypeDef, TypeId, TypeKind, TypeRef};

/// Merges identical inline enums, unions and structs, repeating until no more merge
/// (two structs become identical once the enums in their fields have
/// merged). Returns how many types became aliases.
pub(super) fn merge_identical_types(types: &mut [TypeDef]) -> usize {
    let mut kept: Vec<usize> = (0..types.len()).collect();
    loop {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, definition) in types.iter().enumerate() {
            if kept[index] != index {
                continue;
            }
            if let Some(key) = shape_key(definition, &kept) {
                groups.entry(key).or_default().push(index);
            }
        }
        let mut merged = false;
        for members in groups.values().filter(|members| members.len() > 1) {
            let keep = choose_kept(members, types);
            for &member in members {
                if member != keep && !types[member].is_component() {
                    kept[member] = keep;
                    merged = true;
                }
            }
        }
        if !merged {
            break;
        }
    }
    let mut count = 0;
    for (index, definition) in types.iter_mut().enumerate() {
        if kept[index] != index {
            definition.kind = TypeKind::Alias(TypeRef::Named(TypeId(kept[index])));
            count += 1;
        }
    }
    count
}

/// The shape of an enum, union or struct, with named types spelled by the type they
/// merged into; `None` for kinds that are not merged.
fn shape_key(definition: &TypeDef, kept: &[usize]) -> Option<String> {
    match &definition.kind {
        TypeKind::StringEnum(variants) => Some(format!("string enum {variants:?}")),
        TypeKind::IntegerEnum(variants) => Some(format!("integer enum {variants:?}")),
        TypeKind::Struct(structure) => {
            let mut structure = structure.clone();
            for field in &mut structure.fields {
                field.ty = resolved(&field.ty, kept);
            }
            if let Some(catch_all) = &mut structure.additional_properties {
                catch_all.value = resolved(&catch_all.value, kept);
            }
            Some(format!("struct {structure:?}"))
        }
        TypeKind::Union(union) => {
            let mut union = union.clone();
            for variant in &mut union.variants {
                variant.ty = resolved(&variant.ty, kept);
            }
            Some(format!("union {union:?}"))
        }
        TypeKind::Alias(_) | TypeKind::Newtype(_) => None,
    }
}

fn resolved(ty: &TypeRef, kept: &[usize]) -> TypeRef {
    match ty {
        TypeRef::Named(id) => TypeRef::Named(TypeId(kept.get(id.0).copied().unwrap_or(id.0))),
        TypeRef::Array(item) => TypeRef::Array(Box::new(resolved(item, kept))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(resolved(value, kept))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(resolved(inner, kept))),
        TypeRef::Tuple(positions) => TypeRef::Tuple(
            positions
                .iter()
                .map(|position| resolved(position, kept))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn choose_kept(members: &[usize], types: &[TypeDef]) -> usize {
    let rank = |index: &usize| {
        let definition = &types[*index];
        (
            !definition.is_component(),
            definition.name.len(),
            definition.name.clone(),
        )
    };
    members
        .iter()
        .copied()
        .min_by_key(rank)
        .unwrap_or(members[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, EnumVariant, IntegerWidth, UnionDef, UnionVariant};

    fn definition(name: &str, origin: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: origin.to_owned(),
            docs: Docs::default(),
            kind,
            validated: false,
            sent: false,
            features: Vec::new(),
        }
    }

    fn state_enum() -> TypeKind {
        TypeKind::StringEnum(
            ["open", "closed"]
                .iter()
                .map(|value| EnumVariant {
                    name: heck::ToUpperCamelCase::to_upper_camel_case(*value),
                    value: (*value).to_owned(),
                })
                .collect(),
        )
    }

    #[test]
    fn identical_inline_enums_merge_into_the_shortest_name() {
        let mut types = vec![
            definition(
                "PullRequestState",
                "/components/schemas/PullRequest/properties/state",
                state_enum(),
            ),
            definition(
                "IssueState",
                "/components/schemas/Issue/properties/state",
                state_enum(),
            ),
        ];
        assert_eq!(merge_identical_types(&mut types), 1);
        assert_eq!(types[0].kind, TypeKind::Alias(TypeRef::Named(TypeId(1))));
        assert_eq!(types[1].kind, state_enum());
    }

    fn integer_or_date_time() -> TypeKind {
        let variant = |name: &str, ty: TypeRef| UnionVariant {
            name: name.to_owned(),
            ty,
            boxed: false,
            tags: Vec::new(),
        };
        TypeKind::Union(UnionDef {
            variants: vec![
                variant("Integer", TypeRef::Integer(IntegerWidth::I64)),
                variant("DateTime", TypeRef::DateTime),
            ],
            discriminator: None,
        })
    }

    #[test]
    fn identical_inline_unions_merge_and_different_ones_stay() {
        let mut other_branches = integer_or_date_time();
        if let TypeKind::Union(union) = &mut other_branches {
            union.variants[1].ty = TypeRef::Date;
        }
        let mut types = vec![
            definition(
                "RepoCreatedAt",
                "/components/schemas/Repo/properties/created_at",
                integer_or_date_time(),
            ),
            definition(
                "RepoPushedAt",
                "/components/schemas/Repo/properties/pushed_at",
                integer_or_date_time(),
            ),
            definition(
                "RepoDay",
                "/components/schemas/Repo/properties/day",
                other_branches.clone(),
            ),
        ];
        assert_eq!(merge_identical_types(&mut types), 1);
        // The shorter name is kept.
        assert_eq!(types[0].kind, TypeKind::Alias(TypeRef::Named(TypeId(1))));
        assert_eq!(types[1].kind, integer_or_date_time());
        assert_eq!(types[2].kind, other_branches);
    }

    #[test]
    fn a_component_is_kept_and_never_merged_into_another_component() {
        let mut types = vec![
            definition(
                "S",
                "/components/schemas/Issue/properties/state",
                state_enum(),
            ),
            definition("State", "/components/schemas/State", state_enum()),
            definition("Status", "/components/schemas/Status", state_enum()),
        ];
        assert_eq!(merge_identical_types(&mut types), 1);
        assert_eq!(types[0].kind, TypeKind::Alias(TypeRef::Named(TypeId(1))));
        assert_eq!(types[1].kind, state_enum());
        assert_eq!(types[2].kind, state_enum());
    }

    #[test]
    fn the_kept_type_does_not_depend_on_document_order() {
        let build = |reversed: bool| {
            let mut types = vec![
                definition("IssueState", "/paths/~1a/get/x", state_enum()),
                definition("PullState", "/paths/~1b/get/x", state_enum()),
            ];
            if reversed {
                types.reverse();
            }
            merge_identical_types(&mut types);
            types
                .into_iter()
                .find(|definition| definition.kind == state_enum())
                .map(|definition| definition.name)
        };
        assert_eq!(build(false), Some("PullState".to_owned()));
        assert_eq!(build(true), Some("PullState".to_owned()));
    }
}
