//! Inline schemas the generator hoisted into named types, reported where a
//! reader of the document finds them: under the field, union or operation
//! that holds them, not as types of their own.
//!
//! A type from `#/components/schemas/X` is the document's own; any other
//! origin (a property, an array's items, a branch, a parameter, a body, a
//! response) is an inline schema. Its owner is the named type that refers to
//! it and whose schema encloses it (its pointer is a prefix of the hoisted
//! type's, which keeps ownership a tree and rules out types that merely reuse
//! a hoisted one); failing that, an inline schema of a parameter, body or
//! response belongs to its operation.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ApiModel, TypeDef, TypeId, TypeKind, TypeRef};

/// Where a hoisted type belongs.
#[derive(Debug, Clone, PartialEq)]
enum Owner {
    /// The type of a struct's field (or of its items or values).
    Field { owner: TypeId, field: String },
    /// A union's branch or an alias's target.
    Type(TypeId),
    /// A parameter, body or response of an operation: the hoisted type keeps
    /// its own name there, the one callers write.
    Operation,
}

/// Reader paths and owned hoisted types of both versions.
pub(super) struct HoistedTypes {
    new_paths: BTreeMap<String, String>,
    old_paths: BTreeMap<String, String>,
    new_owned: BTreeSet<String>,
    old_owned: BTreeSet<String>,
}

impl HoistedTypes {
    pub(super) fn of(old: &ApiModel, new: &ApiModel) -> Self {
        let (old_owners, new_owners) = (owners(old), owners(new));
        Self {
            new_paths: paths(new, &new_owners),
            old_paths: paths(old, &old_owners),
            new_owned: owned_names(new, &new_owners),
            old_owned: owned_names(old, &old_owners),
        }
    }

    /// How reports name the type called `name`: `Owner.field.inner` for a
    /// type hoisted from a property, else the type's name.
    pub(super) fn path<'a>(&'a self, name: &'a str) -> &'a str {
        self.new_paths
            .get(name)
            .or_else(|| self.old_paths.get(name))
            .map_or(name, String::as_str)
    }

    /// Whether an added type is told by its owner's entry (a new field, a
    /// changed field type, a new operation or body), so needs none itself.
    pub(super) fn added_with_owner(&self, name: &str) -> bool {
        self.new_owned.contains(name)
    }

    /// Whether a removed type is told by its owner's entry.
    pub(super) fn removed_with_owner(&self, name: &str) -> bool {
        self.old_owned.contains(name)
    }
}

/// Whether `definition` came from an inline schema rather than from
/// `#/components/schemas`. A type of unknown origin counts as the
/// document's own, so that its changes are never hidden.
pub(super) fn is_hoisted(definition: &TypeDef) -> bool {
    match definition.origin.strip_prefix("/components/schemas/") {
        Some(name) => name.contains('/'),
        None => !definition.origin.is_empty(),
    }
}

/// The owner of each hoisted type that has one. Types claim first, so an
/// operation owns only the roots of its inline schemas.
fn owners(model: &ApiModel) -> BTreeMap<TypeId, Owner> {
    let mut owners = BTreeMap::new();
    for (index, definition) in model.types.iter().enumerate() {
        for (ty, owner) in held_types(TypeId(index), definition) {
            for id in named_in(ty) {
                let claimable = is_nested_in(model.type_def(id), definition);
                if claimable && is_hoisted(model.type_def(id)) {
                    owners.entry(id).or_insert_with(|| owner.clone());
                }
            }
        }
    }
    // Inline schemas of parameters, bodies and responses (under `/paths` or
    // the other components) belong to their operation, also when no method
    // uses them: error bodies of different types are decoded as plain JSON.
    for (index, definition) in model.types.iter().enumerate() {
        let in_schemas = definition.origin.starts_with("/components/schemas/");
        if is_hoisted(definition) && !in_schemas {
            owners.entry(TypeId(index)).or_insert(Owner::Operation);
        }
    }
    owners
}

/// The types `definition` holds directly, each with the owner it would be.
fn held_types(id: TypeId, definition: &TypeDef) -> Vec<(&TypeRef, Owner)> {
    match &definition.kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .map(|field| {
                let owner = Owner::Field {
                    owner: id,
                    field: field.wire_name.clone(),
                };
                (&field.ty, owner)
            })
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .map(|variant| (&variant.ty, Owner::Type(id)))
            .collect(),
        TypeKind::Alias(target) | TypeKind::Newtype(target) => vec![(target, Owner::Type(id))],
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The named types in `ty` itself, through arrays, maps and nullability but
/// not into other named types.
fn named_in(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// Whether `inner` was defined inside `outer`'s schema.
fn is_nested_in(inner: &TypeDef, outer: &TypeDef) -> bool {
    inner
        .origin
        .strip_prefix(outer.origin.as_str())
        .is_some_and(|rest| rest.starts_with('/'))
}

fn paths(model: &ApiModel, owners: &BTreeMap<TypeId, Owner>) -> BTreeMap<String, String> {
    (0..model.types.len())
        .map(|index| {
            let id = TypeId(index);
            (model.type_def(id).name.clone(), path(model, owners, id))
        })
        .collect()
}

/// The reader's path to a type. Owners are defined at strictly shorter
/// pointers, so the walk up ends.
fn path(model: &ApiModel, owners: &BTreeMap<TypeId, Owner>, id: TypeId) -> String {
    match owners.get(&id) {
        Some(Owner::Field { owner, field }) => format!("{}.{field}", path(model, owners, *owner)),
        Some(Owner::Type(owner)) => path(model, owners, *owner),
        Some(Owner::Operation) | None => model.type_def(id).name.clone(),
    }
}

fn owned_names(model: &ApiModel, owners: &BTreeMap<TypeId, Owner>) -> BTreeSet<String> {
    owners
        .keys()
        .map(|id| model.type_def(*id).name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { name: { type: string } } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
components:
  schemas:
    Pet:
      type: object
      properties:
        tags:
          type: array
          items: { type: object, properties: { owner: { type: object, properties: { name: { type: string } } } } }
"##;

    fn model() -> ApiModel {
        crate::build_model(SPEC).expect("spec builds").0
    }

    #[test]
    fn only_types_from_components_schemas_are_the_documents_own() {
        let model = model();
        let hoisted: BTreeSet<&str> = model
            .types
            .iter()
            .filter(|definition| is_hoisted(definition))
            .map(|definition| definition.name.as_str())
            .collect();
        assert!(!hoisted.contains("Pet"));
        assert!(hoisted.contains("CreatePetRequest"));
        assert!(hoisted.contains("PetTagsItem"));
    }

    #[test]
    fn a_nested_inline_type_is_named_by_its_owners_path() {
        let model = model();
        let hoisted = HoistedTypes::of(&model, &model);
        assert_eq!(hoisted.path("PetTagsItemOwner"), "Pet.tags.owner");
        assert_eq!(hoisted.path("PetTagsItem"), "Pet.tags");
        assert_eq!(hoisted.path("Pet"), "Pet");
        // A body keeps the name callers write.
        assert_eq!(hoisted.path("CreatePetRequest"), "CreatePetRequest");
    }

    #[test]
    fn inline_types_have_owners_and_component_types_do_not() {
        let model = model();
        let hoisted = HoistedTypes::of(&model, &model);
        assert!(hoisted.added_with_owner("PetTagsItemOwner"));
        assert!(hoisted.added_with_owner("CreatePetRequest"));
        assert!(!hoisted.added_with_owner("Pet"));
    }
}
