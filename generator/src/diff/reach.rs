//! Which named types a value reaches through nesting: struct fields, union
//! branches, aliases, arrays, maps and nullable wrappers.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ApiModel, ErrorBodies, Operation, SuccessResponse, TypeId, TypeKind, TypeRef};

/// Adds to `seen` every named type `ty` reaches, itself included. A type
/// already seen is not walked again, which also ends cycles.
pub(super) fn walk(model: &ApiModel, ty: &TypeRef, seen: &mut BTreeSet<TypeId>) {
    match ty {
        TypeRef::Named(id) if seen.insert(*id) => walk_definition(model, *id, seen),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            walk(model, inner, seen)
        }
        _ => {}
    }
}

fn walk_definition(model: &ApiModel, id: TypeId, seen: &mut BTreeSet<TypeId>) {
    match &model.type_def(id).kind {
        TypeKind::Struct(structure) => {
            for field in &structure.fields {
                walk(model, &field.ty, seen);
            }
        }
        TypeKind::Union(union) => {
            for variant in &union.variants {
                walk(model, &variant.ty, seen);
            }
        }
        TypeKind::Alias(target) | TypeKind::Newtype(target) => walk(model, target, seen),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
    }
}

/// Named types that appear in requests (bodies and parameters), transitively,
/// by name so that the sets of two versions can be joined.
#[derive(Default)]
pub(super) struct RequestUsage(BTreeSet<String>);

impl RequestUsage {
    pub(super) fn of(model: &ApiModel) -> Self {
        let mut seen = BTreeSet::new();
        for ty in model.operations.iter().flat_map(Operation::request_types) {
            walk(model, ty, &mut seen);
        }
        Self(
            seen.into_iter()
                .map(|id| model.type_def(id).name.clone())
                .collect(),
        )
    }

    pub(super) fn union(mut self, other: Self) -> Self {
        self.0.extend(other.0);
        self
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// The types a call of `operation` involves: what it sends, what a success
/// returns and what an error carries. Every method returns the crate's one
/// error type, so the shared error body reaches them all.
fn call_types<'a>(
    model: &'a ApiModel,
    operation: &'a Operation,
) -> impl Iterator<Item = &'a TypeRef> {
    let own_error = match &operation.error_bodies {
        ErrorBodies::One(ty) => Some(ty),
        ErrorBodies::None | ErrorBodies::Several(_) => None,
    };
    operation
        .request_types()
        .chain(success_types(&operation.success))
        .chain(model.error_body.as_ref())
        .chain(own_error)
}

/// The types a successful call decodes, where they are JSON.
pub(super) fn success_types(success: &SuccessResponse) -> Vec<&TypeRef> {
    match success {
        SuccessResponse::Json(ty) => vec![ty],
        SuccessResponse::ByStatus(responses) => responses
            .cases
            .iter()
            .flat_map(|case| success_types(&case.body))
            .collect(),
        SuccessResponse::Empty | SuccessResponse::Binary | SuccessResponse::Text => Vec::new(),
    }
}

/// For each named type, the client methods whose calls involve it, sorted.
pub(super) fn methods_by_type(model: &ApiModel) -> BTreeMap<String, Vec<String>> {
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for operation in &model.operations {
        let mut seen = BTreeSet::new();
        for ty in call_types(model, operation) {
            walk(model, ty, &mut seen);
        }
        for id in seen {
            let name = &model.type_def(id).name;
            methods
                .entry(name.clone())
                .or_default()
                .insert(operation.method_name().to_string());
        }
    }
    methods
        .into_iter()
        .map(|(name, methods)| (name, methods.into_iter().collect()))
        .collect()
}
