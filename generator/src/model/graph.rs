//! Passes over the finished type graph: they decide what a type's Rust form
//! needs from the types it contains, so each looks at the whole table at once.
//!
//! - boxing: a field or variant that contains its own type directly is boxed,
//!   found by strongly connected components;
//! - `Default`: a struct derives it when every required field has one;
//! - validation: a type is validated when it or anything it contains carries
//!   constraints;
//! - recursive aliases: an alias that contains itself becomes a newtype.

use super::{Access, Field, Operation, Presence, TypeDef, TypeId, TypeKind, TypeRef};

/// Turns aliases that contain themselves into newtypes (`pub type X = Vec<X>`
/// does not compile; `pub struct X(pub Vec<X>)` does). A cycle of aliases with
/// no array or map in it (`X = X`, `X = Option<Y>`, `Y = X`) describes no
/// finite value: those become any JSON value, and their ids are returned so the
/// caller can warn.
pub(super) fn newtype_recursive_aliases(types: &mut [TypeDef]) -> Vec<TypeId> {
    let alias_target = |definition: &TypeDef| match &definition.kind {
        TypeKind::Alias(target) => Some(target.clone()),
        _ => None,
    };
    let targets: Vec<Option<TypeRef>> = types.iter().map(alias_target).collect();
    let is_alias = |id: usize| targets.get(id).is_some_and(Option::is_some);
    let every_edge: Vec<Vec<usize>> = targets
        .iter()
        .map(|target| named_within(target.as_ref(), true, &is_alias))
        .collect();
    let direct_edges: Vec<Vec<usize>> = targets
        .iter()
        .map(|target| named_within(target.as_ref(), false, &is_alias))
        .collect();
    let recursive = on_a_cycle(&every_edge);
    let endless = on_a_cycle(&direct_edges);
    let mut made_json = Vec::new();
    for (index, definition) in types.iter_mut().enumerate() {
        let TypeKind::Alias(target) = &definition.kind else {
            continue;
        };
        if endless[index] {
            definition.kind = TypeKind::Alias(TypeRef::Json);
            made_json.push(TypeId(index));
        } else if recursive[index] {
            definition.kind = TypeKind::Newtype(target.clone());
        }
    }
    made_json
}

/// The alias ids named in `target`; through arrays and maps only when
/// `through_containers`, through `Option` always (it holds its value inline).
fn named_within(
    target: Option<&TypeRef>,
    through_containers: bool,
    is_alias: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let mut found = Vec::new();
    let mut pending: Vec<&TypeRef> = target.into_iter().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) if is_alias(id.0) => found.push(id.0),
            TypeRef::Nullable(inner) => pending.push(inner),
            TypeRef::Tuple(positions) => pending.extend(positions),
            TypeRef::Array(inner) | TypeRef::Map(inner) if through_containers => {
                pending.push(inner);
            }
            _ => {}
        }
    }
    found
}

/// Whether each node lies on a cycle: in a component with others, or with an
/// edge to itself.
fn on_a_cycle(edges: &[Vec<usize>]) -> Vec<bool> {
    let component = strongly_connected_components(edges);
    let mut sizes = std::collections::HashMap::new();
    for id in &component {
        *sizes.entry(*id).or_insert(0usize) += 1;
    }
    edges
        .iter()
        .enumerate()
        .map(|(node, targets)| sizes[&component[node]] > 1 || targets.contains(&node))
        .collect()
}

/// Boxes every field and union variant whose type contains, directly (not
/// behind a `Vec` or map, which already allocate), the type that holds it.
/// Edges inside one strongly connected component are exactly those.
pub(super) fn mark_boxed_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|definition| direct_children(&definition.kind))
        .collect();
    let component = strongly_connected_components(&edges);
    for (index, definition) in types.iter_mut().enumerate() {
        let same_component = |ty: &TypeRef| {
            direct_targets(ty)
                .iter()
                .any(|target| component[*target] == component[index])
        };
        match &mut definition.kind {
            TypeKind::Struct(structure) => {
                for field in &mut structure.fields {
                    field.boxed = same_component(&field.ty);
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = same_component(&variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// The named types `ty` holds inline: itself, inside `Option` or a tuple.
fn direct_targets(ty: &TypeRef) -> Vec<usize> {
    match ty {
        TypeRef::Named(id) => vec![id.0],
        TypeRef::Nullable(inner) => direct_targets(inner),
        TypeRef::Tuple(positions) => positions.iter().flat_map(direct_targets).collect(),
        _ => Vec::new(),
    }
}

fn direct_children(kind: &TypeKind) -> Vec<usize> {
    match kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .flat_map(|field| direct_targets(&field.ty))
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .flat_map(|variant| direct_targets(&variant.ty))
            .collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct_targets(ty),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative so deep type graphs cannot overflow the stack.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index_of = vec![UNVISITED; count];
    let mut low_link = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index_of[root] != UNVISITED {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((node, child_position)) = work.pop() {
            if child_position == 0 {
                index_of[node] = next_index;
                low_link[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            } else {
                let child = edges[node][child_position - 1];
                low_link[node] = low_link[node].min(low_link[child]);
            }
            let mut descended = false;
            for (position, &child) in edges[node].iter().enumerate().skip(child_position) {
                if child >= count {
                    continue;
                }
                if index_of[child] == UNVISITED {
                    work.push((node, position + 1));
                    work.push((child, 0));
                    descended = true;
                    break;
                } else if on_stack[child] {
                    low_link[node] = low_link[node].min(index_of[child]);
                }
            }
            if descended {
                continue;
            }
            if low_link[node] == index_of[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Derives `Default` for structs whose required fields all have natural
/// defaults, iterating until no struct changes, since structs nest.
pub(super) fn mark_default_structs(types: &mut [TypeDef]) {
    let mut defaults: Vec<bool> = types
        .iter()
        .map(|definition| matches!(definition.kind, TypeKind::Struct(_)))
        .collect();
    loop {
        let mut changed = false;
        for (index, definition) in types.iter().enumerate() {
            if !defaults[index] {
                continue;
            }
            let TypeKind::Struct(structure) = &definition.kind else {
                continue;
            };
            let all_default = structure.fields.iter().all(|field| {
                field.presence != Presence::Required
                    || has_natural_default(&field.ty, &|id: TypeId| defaults[id.0], types)
            });
            if !all_default {
                defaults[index] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (definition, derives_default) in types.iter_mut().zip(defaults) {
        if let TypeKind::Struct(structure) = &mut definition.kind {
            structure.derives_default = derives_default;
        }
    }
}

/// Whether `ty` implements `Default`; `struct_default` answers for structs,
/// whose answer depends on their own fields.
pub(super) fn has_natural_default(
    ty: &TypeRef,
    struct_default: &dyn Fn(TypeId) -> bool,
    types: &[TypeDef],
) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Bytes
        | TypeRef::Base64 => true,
        TypeRef::Tuple(positions) => positions
            .iter()
            .all(|position| has_natural_default(position, struct_default, types)),
        TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => true,
        TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => false,
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(_) => struct_default(*id),
            TypeKind::Alias(inner) => has_natural_default(inner, struct_default, types),
            // A self-containing newtype has no `Default` that ends.
            _ => false,
        },
    }
}

/// Whether `ty` is or contains (through options, arrays and maps) a named type
/// that `validated` says carries constraints.
pub(super) fn contains_validated(ty: &TypeRef, validated: &dyn Fn(TypeId) -> bool) -> bool {
    match ty {
        TypeRef::Named(id) => validated(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            contains_validated(inner, validated)
        }
        // A tuple has no `Validate` impl; its positions go unchecked.
        _ => false,
    }
}

/// Marks the types whose values have constraints to check, iterating until
/// stable since a struct is validated when anything it contains is.
pub(super) fn mark_validated_types(types: &mut [TypeDef]) {
    let mut validated = vec![false; types.len()];
    loop {
        let mut changed = false;
        for (index, definition) in types.iter().enumerate() {
            if validated[index] {
                continue;
            }
            let contains = |ty: &TypeRef| contains_validated(ty, &|id: TypeId| validated[id.0]);
            let needs = match &definition.kind {
                TypeKind::Struct(structure) => structure
                    .fields
                    .iter()
                    .any(|field| field.constraints.apply_to(&field.ty) || contains(&field.ty)),
                TypeKind::Union(union) => {
                    union.variants.iter().any(|variant| contains(&variant.ty))
                }
                TypeKind::Alias(target) | TypeKind::Newtype(target) => contains(target),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => false,
            };
            if needs {
                validated[index] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (definition, validated) in types.iter_mut().zip(validated) {
        definition.validated = validated;
    }
}

/// Marks the types callers build: those a request (a body or a parameter of
/// some operation) reaches. They get a constructor and setters.
pub(super) fn mark_sent_types(types: &mut [TypeDef], operations: &[Operation]) {
    // A type behind read-only fields only comes back from the server.
    let sent = reachable_through(
        types,
        operations
            .iter()
            .flat_map(|operation| operation.request_types()),
        &|field: &Field| field.access != Access::ReadOnly,
    );
    for index in sent {
        types[index].sent = true;
    }
}

/// Every named type the roots reach, themselves included: fields (and the
/// catch-all), union variants, alias and newtype targets, through arrays,
/// maps, tuples and `Option`.
pub(super) fn reachable<'a>(
    types: &'a [TypeDef],
    roots: impl Iterator<Item = &'a TypeRef>,
) -> Vec<usize> {
    reachable_through(types, roots, &|_| true)
}

/// [`reachable`], through the struct fields `follow` accepts only.
fn reachable_through<'a>(
    types: &'a [TypeDef],
    roots: impl Iterator<Item = &'a TypeRef>,
    follow: &dyn Fn(&Field) -> bool,
) -> Vec<usize> {
    let mut seen = vec![false; types.len()];
    let mut found = Vec::new();
    let mut pending: Vec<&TypeRef> = roots.collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => {
                if seen.get(id.0).copied().unwrap_or(true) {
                    continue;
                }
                seen[id.0] = true;
                found.push(id.0);
                match &types[id.0].kind {
                    TypeKind::Struct(structure) => {
                        pending.extend(
                            structure
                                .fields
                                .iter()
                                .filter(|field| follow(field))
                                .map(|field| &field.ty),
                        );
                        pending.extend(
                            structure
                                .additional_properties
                                .iter()
                                .map(|catch_all| &catch_all.value),
                        );
                    }
                    TypeKind::Union(union) => {
                        pending.extend(union.variants.iter().map(|variant| &variant.ty));
                    }
                    TypeKind::Alias(target) | TypeKind::Newtype(target) => pending.push(target),
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            TypeRef::Tuple(positions) => pending.extend(positions.iter()),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Constraints, Docs, Field, RustIdent, StructDef};

    fn field(name: &str, ty: TypeRef, presence: Presence) -> Field {
        Field {
            wire_name: name.to_owned(),
            rust_name: RustIdent::plain(name),
            ty,
            presence,
            docs: Docs::default(),
            access: Access::ReadWrite,
            constraints: Constraints::default(),
            default: None,
            boxed: false,
        }
    }

    fn structure(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            docs: Docs::default(),
            kind: TypeKind::Struct(StructDef {
                fields,
                additional_properties: None,
                derives_default: false,
            }),
            validated: false,
            sent: false,
            features: Vec::new(),
        }
    }

    fn named(index: usize) -> TypeRef {
        TypeRef::Named(TypeId(index))
    }

    fn fields(definition: &TypeDef) -> &[Field] {
        match &definition.kind {
            TypeKind::Struct(structure) => &structure.fields,
            _ => &[],
        }
    }

    fn derives_default(definition: &TypeDef) -> bool {
        matches!(&definition.kind, TypeKind::Struct(structure) if structure.derives_default)
    }

    #[test]
    fn components_group_cycles_and_leave_the_rest_alone() {
        // 0 -> 1 -> 2 -> 0 is one cycle; 3 points into it; 4 points at itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[0]);
        assert_ne!(component[4], component[3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let length = 200_000;
        let edges: Vec<Vec<usize>> = (0..length).map(|node| vec![(node + 1) % length]).collect();
        let component = strongly_connected_components(&edges);
        assert!(component.iter().all(|&id| id == component[0]));
    }

    #[test]
    fn only_fields_inside_a_cycle_are_boxed() {
        let mut types = vec![
            structure(
                "A",
                vec![
                    field(
                        "b",
                        TypeRef::Nullable(Box::new(named(1))),
                        Presence::Optional,
                    ),
                    field("leaf", named(2), Presence::Required),
                ],
            ),
            structure("B", vec![field("a", named(0), Presence::Optional)]),
            structure("Leaf", vec![]),
        ];
        mark_boxed_fields(&mut types);
        let boxed: Vec<bool> = fields(&types[0]).iter().map(|field| field.boxed).collect();
        assert_eq!(boxed, [true, false]);
        assert!(fields(&types[1])[0].boxed);
    }

    #[test]
    fn default_is_withheld_from_structs_that_need_a_required_value_without_one() {
        let mut types = vec![
            structure(
                "HasUuid",
                vec![field("id", TypeRef::Uuid, Presence::Required)],
            ),
            structure("Outer", vec![field("inner", named(0), Presence::Required)]),
            structure(
                "Optional",
                vec![field("inner", named(0), Presence::Optional)],
            ),
        ];
        mark_default_structs(&mut types);
        let defaults: Vec<bool> = types.iter().map(derives_default).collect();
        assert_eq!(defaults, [false, false, true]);
    }

    #[test]
    fn validation_spreads_to_every_type_that_contains_a_constrained_field() {
        let mut constrained = field("name", TypeRef::String, Presence::Required);
        constrained.constraints.max_length = Some(10);
        let mut types = vec![
            structure("Leaf", vec![constrained]),
            structure(
                "Holder",
                vec![field(
                    "leaves",
                    TypeRef::Array(Box::new(named(0))),
                    Presence::Required,
                )],
            ),
            structure(
                "Plain",
                vec![field("count", TypeRef::Boolean, Presence::Required)],
            ),
        ];
        mark_validated_types(&mut types);
        let validated: Vec<bool> = types
            .iter()
            .map(|definition| definition.validated)
            .collect();
        assert_eq!(validated, [true, true, false]);
    }
}
