//! One cargo feature per tag, so that a user who needs a few areas of a big
//! API compiles only those.
//!
//! An operation is compiled when any of its tags' features is on (operations
//! without a tag have a feature of their own), and a named type when any
//! enabled operation reaches it, through parameters, bodies, responses and
//! the types inside those. Component schemas that no operation reaches have
//! a feature of their own too. Types the crate root needs whatever the
//! features (the shared error body) are always compiled, as is a type every
//! feature reaches, which keeps its definition free of a `cfg` that says
//! nothing. A document whose operations form one group gets no features.

use std::collections::BTreeSet;

use heck::ToKebabCase;

use super::graph::reachable;
use super::{
    ApiFeature, ApiModel, ErrorBodies, FeatureArea, MethodKind, Operation, SuccessResponse,
    TypeKind, TypeRef,
};

/// Feature names the generated manifest uses for other things.
const RESERVED: [&str; 5] = ["default", "rustls", "native-tls", "dispatch", "all-areas"];
/// The feature of operations without a tag.
pub const UNTAGGED: &str = "untagged";
/// The feature of component schemas no operation reaches.
pub const UNREFERENCED_SCHEMAS: &str = "unreferenced-schemas";

/// Fills in `model.features` and the features of each operation and type.
pub(super) fn assign_features(model: &mut ApiModel) {
    let areas = operation_areas(&model.operations);
    if areas.len() < 2 {
        return;
    }
    let mut features: Vec<ApiFeature> = Vec::new();
    for area in areas {
        let name = match &area {
            FeatureArea::Tag(tag) => unique_name(&feature_name(tag), &features),
            FeatureArea::Untagged => UNTAGGED.to_owned(),
            FeatureArea::UnreferencedSchemas => UNREFERENCED_SCHEMAS.to_owned(),
        };
        features.push(ApiFeature { name, area });
    }
    let index_of = |area: &FeatureArea| {
        features
            .iter()
            .position(|feature| feature.area == *area)
            .unwrap_or_default()
    };

    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); model.types.len()];
    for operation in &mut model.operations {
        let enabling: BTreeSet<usize> = areas_of(operation).iter().map(index_of).collect();
        operation.features = enabling
            .iter()
            .map(|&index| features[index].name.clone())
            .collect();
        for id in reachable(&model.types, operation_roots(operation)) {
            reached[id].extend(enabling.iter().copied());
        }
    }
    let unreferenced: Vec<TypeRef> = model
        .types
        .iter()
        .enumerate()
        .filter(|(id, definition)| reached[*id].is_empty() && definition.is_component())
        .map(|(id, _)| TypeRef::Named(super::TypeId(id)))
        .collect();
    let mut has_unreferenced = false;
    for id in reachable(&model.types, unreferenced.iter()) {
        if reached[id].is_empty() {
            has_unreferenced = true;
        }
        reached[id].insert(usize::MAX);
    }
    if has_unreferenced {
        features.push(ApiFeature {
            name: UNREFERENCED_SCHEMAS.to_owned(),
            area: FeatureArea::UnreferencedSchemas,
        });
    }
    let unreferenced_index = features.len() - 1;
    let always: BTreeSet<usize> = reachable(&model.types, model.error_body.iter())
        .into_iter()
        .collect();
    let every_feature: BTreeSet<usize> = (0..features.len()).collect();
    let mut enabling: Vec<Option<Condition>> = reached
        .iter()
        .enumerate()
        .map(|(id, found)| {
            let set: BTreeSet<usize> = found
                .iter()
                .map(|&index| {
                    if index == usize::MAX {
                        unreferenced_index
                    } else {
                        index
                    }
                })
                .collect();
            // `None`: always compiled.
            (!set.is_empty() && !always.contains(&id)).then(|| vec![set])
        })
        .collect();
    gate_orphans(&model.types, &reached, &always, &mut enabling);
    for (definition, enabling) in model.types.iter_mut().zip(enabling) {
        // Always needed, or needed by every feature: no `cfg`.
        let Some(groups) = enabling else { continue };
        if groups.iter().all(|group| *group == every_feature) {
            continue;
        }
        definition.features = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|&index| features[index].name.clone())
                    .collect()
            })
            .collect();
    }
    model.features = features;
}

/// When a type compiles: for every group, any of its features (by index).
type Condition = Vec<BTreeSet<usize>>;

/// Types nothing reaches (an inline schema whose owner was merged into an
/// identical type is still emitted under its own name) compile when every
/// type they name does: one group per distinct condition of those types,
/// merged into one group where a feature enables them all. Repeated until
/// it settles, since orphans may name orphans.
fn gate_orphans(
    types: &[super::TypeDef],
    reached: &[BTreeSet<usize>],
    always: &BTreeSet<usize>,
    enabling: &mut [Option<Condition>],
) {
    let orphans: Vec<usize> = (0..types.len())
        .filter(|id| reached[*id].is_empty() && !always.contains(id))
        .collect();
    let children: Vec<Vec<usize>> = orphans
        .iter()
        .map(|&id| directly_named(&types[id].kind))
        .collect();
    // Bounded: each round can only add conditions orphans inherit.
    for _ in 0..=orphans.len() {
        let mut changed = false;
        for (orphan, named) in orphans.iter().zip(&children) {
            let mut groups: Condition = Vec::new();
            for child in named {
                for group in enabling[*child].iter().flatten() {
                    if !groups.contains(group) {
                        groups.push(group.clone());
                    }
                }
            }
            let shared: BTreeSet<usize> = groups.iter().skip(1).fold(
                groups.first().cloned().unwrap_or_default(),
                |shared, group| shared.intersection(group).copied().collect(),
            );
            let condition = match groups.len() {
                0 => None,
                1 => Some(groups),
                _ if !shared.is_empty() => Some(vec![shared]),
                _ => Some(groups),
            };
            if condition != enabling[*orphan] {
                enabling[*orphan] = condition;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The named types a type's own definition names (not theirs in turn).
fn directly_named(kind: &TypeKind) -> Vec<usize> {
    let refs: Vec<&TypeRef> = match kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(
                structure
                    .additional_properties
                    .iter()
                    .map(|catch_all| &catch_all.value),
            )
            .collect(),
        TypeKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias(target) | TypeKind::Newtype(target) => vec![target],
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    };
    let mut named = Vec::new();
    let mut pending = refs;
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => named.push(id.0),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            TypeRef::Tuple(positions) => pending.extend(positions.iter()),
            _ => {}
        }
    }
    named
}

/// The groups of operations, in the order the document first uses them.
fn operation_areas(operations: &[Operation]) -> Vec<FeatureArea> {
    let mut areas: Vec<FeatureArea> = Vec::new();
    for operation in operations {
        for area in areas_of(operation) {
            if !areas.contains(&area) {
                areas.push(area);
            }
        }
    }
    areas
}

fn areas_of(operation: &Operation) -> Vec<FeatureArea> {
    if operation.tags.is_empty() {
        vec![FeatureArea::Untagged]
    } else {
        operation
            .tags
            .iter()
            .cloned()
            .map(FeatureArea::Tag)
            .collect()
    }
}

/// A cargo feature name from a tag: kebab case, ASCII letters and digits.
fn feature_name(tag: &str) -> String {
    let kebab: String = tag
        .to_kebab_case()
        .chars()
        .filter(|character| character.is_ascii_alphanumeric() || *character == '-')
        .collect();
    let kebab = kebab.trim_matches('-').to_owned();
    if kebab.is_empty() {
        "tag".to_owned()
    } else {
        kebab
    }
}

/// `name`, or `name-2`, `name-3`... when another feature (or the manifest)
/// already uses it.
fn unique_name(name: &str, taken: &[ApiFeature]) -> String {
    let is_free = |candidate: &str| {
        !RESERVED.contains(&candidate)
            && candidate != UNTAGGED
            && candidate != UNREFERENCED_SCHEMAS
            && taken.iter().all(|feature| feature.name != candidate)
    };
    if is_free(name) {
        return name.to_owned();
    }
    (2..)
        .map(|number| format!("{name}-{number}"))
        .find(|candidate| is_free(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// The type references an operation's code names.
fn operation_roots(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let success: Vec<&TypeRef> = match &operation.success {
        SuccessResponse::Json(ty) => vec![ty],
        SuccessResponse::ByStatus(statuses) => statuses
            .cases
            .iter()
            .filter_map(|case| match &case.body {
                SuccessResponse::Json(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        SuccessResponse::Empty | SuccessResponse::Binary | SuccessResponse::Text => Vec::new(),
    };
    let error: Vec<&TypeRef> = match &operation.error_bodies {
        ErrorBodies::One(ty) => vec![ty],
        ErrorBodies::Several(types) => types.iter().collect(),
        ErrorBodies::None => Vec::new(),
    };
    let items = operation.methods.iter().filter_map(|(_, kind)| match kind {
        MethodKind::ItemStream(pagination) => Some(&pagination.item_type),
        _ => None,
    });
    operation
        .request_types()
        .chain(success)
        .chain(error)
        .chain(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_kebab_ascii_and_unique() {
        assert_eq!(feature_name("Document collections"), "document-collections");
        assert_eq!(feature_name("Über-API"), "ber-api");
        assert_eq!(feature_name("日本"), "tag");
        let taken = vec![ApiFeature {
            name: "pets".to_owned(),
            area: FeatureArea::Tag("Pets".to_owned()),
        }];
        assert_eq!(unique_name("pets", &taken), "pets-2");
        assert_eq!(unique_name("dispatch", &taken), "dispatch-2");
    }
}
