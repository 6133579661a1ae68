//! Schema conversion: which schemas become named types (structs, enums, unions)
//! and which become plain type references (primitives, arrays, maps).

use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, ReferenceOr,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::build::{docs_of, nullable_if, ModelBuilder};
use super::names::{pascal_case, snake_case, NameScope};
use super::{
    Access, CatchAllField, Constraints, EnumVariant, Field, FloatWidth, IntegerWidth, Presence,
    RustIdent, StructDef, TypeId, TypeKind, TypeRef, UnionDef, UnionVariant,
};
use crate::diagnostics::{GenerateError, JsonPointer};
use crate::load::TUPLE_POSITIONS;

/// The discriminator values of a branch: the mapping entries that point at it
/// or, for a `$ref` no entry names, the schema's own name (OAS 3.0 4.7.25.1).
fn branch_tags(discriminator: &Discriminator, branch: &ReferenceOr<Schema>) -> Vec<String> {
    let ReferenceOr::Reference { reference } = branch else {
        return Vec::new();
    };
    let schema_name = reference.rsplit('/').next().unwrap_or_default();
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || target.as_str() == schema_name)
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![schema_name.to_owned()]
    } else {
        mapped
    }
}

/// The catch-all variant of open enums and unions; the runtime's `open_string_enum!` and
/// `open_integer_enum!` name it so too.
pub const CATCH_ALL_VARIANT: &str = "Other";

impl ModelBuilder<'_, '_> {
    /// The type of a schema or `$ref`; inline structs, enums and unions are
    /// hoisted to named types called `name_hint`.
    pub(super) fn type_for(
        &mut self,
        schema: &ReferenceOr<Schema>,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        match schema {
            ReferenceOr::Reference { reference } => self.named_schema(reference, pointer),
            ReferenceOr::Item(schema) => self.type_for_inline(schema, name_hint, pointer),
        }
    }

    pub(super) fn type_for_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        match schema {
            ReferenceOr::Reference { reference } => self.named_schema(reference, pointer),
            ReferenceOr::Item(schema) => self.type_for_inline(schema, name_hint, pointer),
        }
    }

    fn type_for_inline(
        &mut self,
        schema: &Schema,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        let nullable = schema.schema_data.nullable;
        let ty = if let Some((index, single)) = single_branch(schema) {
            self.type_for(single, name_hint, &branch_pointer(schema, pointer, index))?
        } else if needs_named_type(schema) {
            self.hoisted_type(schema, name_hint, pointer)?
        } else {
            self.plain_type(schema, name_hint, pointer)?
        };
        Ok(nullable_if(ty, nullable))
    }

    /// An inline struct, enum or union, hoisted to a type named `name_hint`.
    ///
    /// `allOf` copies the properties of the schemas it merges, so an inline
    /// schema can meet a copy of itself while it is being converted: a property
    /// `next: {$ref: Chain, const: null}` of a schema that `Chain` merges holds an
    /// inline `allOf` of `Chain` that merges the property again. Hoisting each
    /// copy as a new type would never end; the copy is the same schema, so it
    /// becomes the same type, which is then recursive.
    fn hoisted_type(
        &mut self,
        schema: &Schema,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        if let Some((_, id)) = self.hoisting.iter().find(|(open, _)| open == schema) {
            return Ok(TypeRef::Named(*id));
        }
        let id = self.reserve_type(name_hint, pointer);
        self.hoisting.push((schema.clone(), id));
        let kind = self.kind_for_named_schema(schema, id, pointer);
        self.hoisting.pop();
        self.define_type(id, pointer, docs_of(schema), kind?)?;
        Ok(TypeRef::Named(id))
    }

    /// The definition of a named type; schemas that need no type of their own
    /// (a string, an array) become aliases.
    pub(super) fn kind_for_named_schema(
        &mut self,
        schema: &Schema,
        id: TypeId,
        pointer: &JsonPointer,
    ) -> Result<TypeKind, GenerateError> {
        let name = self.type_def_of(id, pointer)?.name.clone();
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => self.struct_kind(
                &name,
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                pointer,
            ),
            SchemaKind::Type(Type::String(string)) if has_values(&string.enumeration) => {
                Ok(string_enum(string.enumeration.iter().flatten().cloned()))
            }
            SchemaKind::Type(Type::Integer(integer)) if has_values(&integer.enumeration) => {
                Ok(integer_enum(integer.enumeration.iter().flatten().copied()))
            }
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches }
                if branches.len() > 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union_kind(&name, branches, discriminator, &pointer.join(key))
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.all_of_kind(&name, all_of, None, pointer)
            }
            SchemaKind::Any(any) => self.any_kind(
                &name,
                any,
                schema.schema_data.discriminator.as_ref(),
                pointer,
            ),
            _ => {
                let ty = match single_branch(schema) {
                    Some((index, single)) => self.type_for(
                        single,
                        &format!("{name}Value"),
                        &branch_pointer(schema, pointer, index),
                    )?,
                    None => self.plain_type(schema, &format!("{name}Item"), pointer)?,
                };
                Ok(TypeKind::Alias(ty))
            }
        }
    }

    /// Types that are not named: primitives, arrays, maps, free-form JSON.
    fn plain_type(
        &mut self,
        schema: &Schema,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        if let Some(positions) = schema.schema_data.extensions.get(TUPLE_POSITIONS) {
            return self.tuple_type(positions, name_hint, pointer);
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_type(&string.format),
            SchemaKind::Type(Type::Integer(integer)) => {
                TypeRef::Integer(integer_width(&integer.format))
            }
            SchemaKind::Type(Type::Number(number)) => TypeRef::Float(float_width(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => self.type_for_boxed(
                        items,
                        &format!("{name_hint}Item"),
                        &pointer.join("items"),
                    )?,
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), name_hint, pointer)?
            }
            SchemaKind::Any(any) => self.plain_any_type(any, name_hint, pointer)?,
            SchemaKind::Not { .. } => {
                self.warnings
                    .push(pointer, "`not` schemas are represented as any JSON value");
                TypeRef::Json
            }
            _ => TypeRef::Json,
        })
    }

    /// The positions of a closed `prefixItems` array, as the loader left them.
    fn tuple_type(
        &mut self,
        positions: &serde_json::Value,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        let pointer = pointer.join("prefixItems");
        let Ok(positions) = serde_json::from_value::<Vec<ReferenceOr<Schema>>>(positions.clone())
        else {
            self.warnings.push(
                &pointer,
                "`prefixItems` positions are not all schemas; the array's items are any JSON value",
            );
            return Ok(TypeRef::Array(Box::new(TypeRef::Json)));
        };
        let mut types = Vec::with_capacity(positions.len());
        for (index, position) in positions.iter().enumerate() {
            let hint = format!("{name_hint}Item{index}");
            types.push(self.type_for(position, &hint, &pointer.join(index))?);
        }
        Ok(TypeRef::Tuple(types))
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value_schema)) => {
                let value = self.type_for(
                    value_schema,
                    &format!("{name_hint}Value"),
                    &pointer.join("additionalProperties"),
                )?;
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::JsonObject,
        })
    }

    /// A schema without `type`: judged by the keywords it has.
    fn plain_any_type(
        &mut self,
        any: &AnySchema,
        name_hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        Ok(match any.typ.as_deref() {
            Some("string") => string_type(&format_variant(any.format.as_deref())),
            Some("integer") => {
                TypeRef::Integer(integer_width(&format_variant(any.format.as_deref())))
            }
            Some("number") => TypeRef::Float(float_width(&format_variant(any.format.as_deref()))),
            Some("boolean") => TypeRef::Boolean,
            Some("array") => {
                let item = match &any.items {
                    Some(items) => self.type_for_boxed(
                        items,
                        &format!("{name_hint}Item"),
                        &pointer.join("items"),
                    )?,
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(item))
            }
            Some("object") => {
                self.map_type(any.additional_properties.as_ref(), name_hint, pointer)?
            }
            _ if any.items.is_some() => {
                let items = any.items.as_ref().map(|items| {
                    self.type_for_boxed(items, &format!("{name_hint}Item"), &pointer.join("items"))
                });
                TypeRef::Array(Box::new(items.transpose()?.unwrap_or(TypeRef::Json)))
            }
            _ if any.additional_properties.is_some() => {
                self.map_type(any.additional_properties.as_ref(), name_hint, pointer)?
            }
            _ => TypeRef::Json,
        })
    }

    /// Schemas without `type` that still describe a struct, an enum or a union.
    fn any_kind(
        &mut self,
        name: &str,
        any: &AnySchema,
        discriminator: Option<&Discriminator>,
        pointer: &JsonPointer,
    ) -> Result<TypeKind, GenerateError> {
        if !any.all_of.is_empty() {
            let own = (!any.properties.is_empty()).then_some((&any.properties, &any.required));
            return self.all_of_kind(name, &any.all_of, own, pointer);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.struct_kind(
                name,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
            );
        }
        let branches = if any.one_of.is_empty() {
            &any.any_of
        } else {
            &any.one_of
        };
        if branches.len() > 1 {
            return self.union_kind(name, branches, discriminator, pointer);
        }
        if !any.enumeration.is_empty() {
            return Ok(self.loose_enum(&any.enumeration, pointer));
        }
        Ok(TypeKind::Alias(self.plain_any_type(
            any,
            &format!("{name}Item"),
            pointer,
        )?))
    }

    /// An `enum` without a `type`: strings or integers become enums, mixtures JSON.
    fn loose_enum(&mut self, values: &[serde_json::Value], pointer: &JsonPointer) -> TypeKind {
        let present: Vec<&serde_json::Value> =
            values.iter().filter(|value| !value.is_null()).collect();
        if present.iter().all(|value| value.is_string()) {
            string_enum(
                present
                    .iter()
                    .filter_map(|value| value.as_str())
                    .map(str::to_owned),
            )
        } else if present.iter().all(|value| value.is_i64()) {
            integer_enum(present.iter().filter_map(|value| value.as_i64()))
        } else {
            self.warnings.push(
                &pointer.join("enum"),
                "enum mixes value types; represented as any JSON value",
            );
            TypeKind::Alias(TypeRef::Json)
        }
    }

    pub(super) fn struct_kind(
        &mut self,
        name: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &JsonPointer,
    ) -> Result<TypeKind, GenerateError> {
        let mut field_names = NameScope::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, property) in properties {
            let property_pointer = pointer.join("properties").join(wire_name);
            let hint = format!("{name}{}", pascal_case(wire_name, "Field"));
            let ty = self.type_for_boxed(property, &hint, &property_pointer)?;
            let rust_name = field_names.claim_ident(&snake_case(wire_name));
            let mut field = field(
                wire_name,
                rust_name,
                ty,
                required.contains(wire_name),
                property,
            );
            if field
                .default
                .as_ref()
                .is_some_and(|default| !value_fits(default, &field.ty))
            {
                self.warnings.push(
                    &property_pointer.join("default"),
                    "the default does not fit the property's type; it is left out of the docs",
                );
                field.default = None;
            }
            fields.push(field);
        }
        let additional_value = match additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(value_schema)) => Some(self.type_for(
                value_schema,
                &format!("{name}Extra"),
                &pointer.join("additionalProperties"),
            )?),
            _ => None,
        };
        if fields.is_empty() {
            // `{type: object, additionalProperties: X}` is a map, not a struct.
            return Ok(TypeKind::Alias(match additional_value {
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::JsonObject,
            }));
        }
        // Named after the declared fields, so a property of that name keeps it.
        let additional_properties = additional_value.map(|value| CatchAllField {
            rust_name: field_names.claim_ident(&snake_case("additional_properties")),
            value,
        });
        Ok(TypeKind::Struct(StructDef {
            fields,
            additional_properties,
            derives_default: false,
        }))
    }

    fn union_kind(
        &mut self,
        name: &str,
        branches: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        pointer: &JsonPointer,
    ) -> Result<TypeKind, GenerateError> {
        let mut variant_names = NameScope::with_reserved([CATCH_ALL_VARIANT]);
        let mut variants = Vec::with_capacity(branches.len());
        for (index, branch) in branches.iter().enumerate() {
            let title = match branch {
                ReferenceOr::Item(schema) => schema.schema_data.title.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let hint = format!(
                "{name}{}",
                title.map_or_else(
                    || format!("Variant{}", index + 1),
                    |title| pascal_case(&title, "Variant")
                )
            );
            let branch_pointer = pointer.join(index);
            let ty = self.type_for(branch, &hint, &branch_pointer)?;
            let variant_name = variant_names.claim(&self.variant_name_for(&ty, &branch_pointer)?);
            let tags = discriminator
                .map(|discriminator| branch_tags(discriminator, branch))
                .unwrap_or_default();
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                boxed: false,
                tags,
            });
        }
        Ok(TypeKind::Union(UnionDef {
            variants,
            discriminator: discriminator.map(|discriminator| discriminator.property_name.clone()),
        }))
    }

    /// A union variant is named after its type: `Pet`, `PetList`, `String`.
    fn variant_name_for(
        &self,
        ty: &TypeRef,
        pointer: &JsonPointer,
    ) -> Result<String, GenerateError> {
        Ok(match ty {
            TypeRef::Named(id) => self.type_def_of(*id, pointer)?.name.clone(),
            TypeRef::Nullable(inner) => self.variant_name_for(inner, pointer)?,
            TypeRef::Array(item) => format!("{}List", self.variant_name_for(item, pointer)?),
            TypeRef::Map(value) => format!("{}Map", self.variant_name_for(value, pointer)?),
            TypeRef::String => "String".to_owned(),
            TypeRef::Boolean => "Boolean".to_owned(),
            TypeRef::Integer(_) => "Integer".to_owned(),
            TypeRef::Float(_) => "Number".to_owned(),
            TypeRef::Uuid => "Uuid".to_owned(),
            TypeRef::DateTime => "DateTime".to_owned(),
            TypeRef::Date => "Date".to_owned(),
            TypeRef::Bytes | TypeRef::Base64 => "Bytes".to_owned(),
            TypeRef::Tuple(_) => "Tuple".to_owned(),
            TypeRef::Json => "Json".to_owned(),
            TypeRef::JsonObject => "Object".to_owned(),
        })
    }

    /// `allOf`: the properties of every object branch merged into one struct;
    /// a later branch's definition of a property replaces an earlier one.
    fn all_of_kind(
        &mut self,
        name: &str,
        branches: &[ReferenceOr<Schema>],
        own: Option<(&Properties, &Vec<String>)>,
        pointer: &JsonPointer,
    ) -> Result<TypeKind, GenerateError> {
        let mut merged = MergedObject::default();
        for (index, branch) in branches.iter().enumerate() {
            let mut ancestors = vec![pointer.as_str().to_owned()];
            self.merge_branch(
                branch,
                &pointer.join("allOf").join(index),
                &mut merged,
                &mut ancestors,
            )?;
        }
        if let Some((properties, required)) = own {
            let conflicts = merged.add(properties, required);
            self.warn_conflicts(pointer, &conflicts);
        }
        if merged.properties.is_empty() {
            let Some(first) = branches.first() else {
                return Ok(TypeKind::Alias(TypeRef::Json));
            };
            return Ok(TypeKind::Alias(self.type_for(
                first,
                &format!("{name}Value"),
                &pointer.join("allOf").join(0),
            )?));
        }
        self.struct_kind(
            name,
            &merged.properties,
            &merged.required,
            merged.additional.as_ref(),
            pointer,
        )
    }

    fn warn_conflicts(&mut self, pointer: &JsonPointer, conflicts: &[String]) {
        for name in conflicts {
            self.warnings.push(
                &pointer.join("properties").join(name),
                format!("allOf branches define `{name}` differently; the later definition is used"),
            );
        }
    }

    /// Merges one branch, and the branches of its own `allOf`, into `merged`.
    /// `ancestors` are the schemas whose `allOf` led here: meeting one again is
    /// a cycle, however deep the inheritance chain legitimately goes.
    fn merge_branch(
        &mut self,
        branch: &ReferenceOr<Schema>,
        pointer: &JsonPointer,
        merged: &mut MergedObject,
        ancestors: &mut Vec<String>,
    ) -> Result<(), GenerateError> {
        let (schema, schema_pointer) = match branch {
            ReferenceOr::Reference { reference } => self.resolve::<Schema>(reference, pointer)?,
            ReferenceOr::Item(schema) => (schema.clone(), pointer.clone()),
        };
        if ancestors
            .iter()
            .any(|ancestor| ancestor == schema_pointer.as_str())
        {
            return Err(GenerateError::CyclicReference {
                pointer: pointer.clone(),
                reference: format!("#{}", schema_pointer.as_str()),
            });
        }
        ancestors.push(schema_pointer.as_str().to_owned());
        let result = self.merge_schema(&schema, pointer, &schema_pointer, merged, ancestors);
        ancestors.pop();
        result
    }

    fn merge_schema(
        &mut self,
        schema: &Schema,
        pointer: &JsonPointer,
        schema_pointer: &JsonPointer,
        merged: &mut MergedObject,
        ancestors: &mut Vec<String>,
    ) -> Result<(), GenerateError> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                let conflicts = merged.add(&object.properties, &object.required);
                self.warn_conflicts(schema_pointer, &conflicts);
                if object.additional_properties.is_some() {
                    merged.additional = object.additional_properties.clone();
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (index, inner) in all_of.iter().enumerate() {
                    self.merge_branch(
                        inner,
                        &schema_pointer.join("allOf").join(index),
                        merged,
                        ancestors,
                    )?;
                }
            }
            SchemaKind::Any(any) => {
                for (index, inner) in any.all_of.iter().enumerate() {
                    self.merge_branch(
                        inner,
                        &schema_pointer.join("allOf").join(index),
                        merged,
                        ancestors,
                    )?;
                }
                let conflicts = merged.add(&any.properties, &any.required);
                self.warn_conflicts(schema_pointer, &conflicts);
            }
            _ => self.warnings.push(
                pointer,
                "allOf branch that is not an object is ignored in the merged struct",
            ),
        }
        Ok(())
    }
}

/// The `properties` of an object schema, in document order.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

#[derive(Default)]
struct MergedObject {
    properties: indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

impl MergedObject {
    /// Adds a branch's properties; returns those it defines differently from
    /// an earlier branch (the later definition is kept).
    fn add(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
    ) -> Vec<String> {
        let mut conflicts = Vec::new();
        for (name, schema) in properties {
            if let Some(previous) = self.properties.insert(name.clone(), schema.clone()) {
                if previous != *schema {
                    conflicts.push(name.clone());
                }
            }
        }
        for name in required {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
        conflicts
    }
}

fn field(
    wire_name: &str,
    rust_name: RustIdent,
    ty: TypeRef,
    required: bool,
    property: &ReferenceOr<Box<Schema>>,
) -> Field {
    let (ty, nullable) = match ty {
        TypeRef::Nullable(inner) => (*inner, true),
        other => (other, false),
    };
    let schema = match property {
        ReferenceOr::Item(schema) => Some(schema.as_ref()),
        ReferenceOr::Reference { .. } => None,
    };
    let access =
        match schema.map(|schema| (schema.schema_data.read_only, schema.schema_data.write_only)) {
            Some((true, _)) => Access::ReadOnly,
            Some((_, true)) => Access::WriteOnly,
            _ => Access::ReadWrite,
        };
    // A readOnly field cannot be demanded from senders, nor a writeOnly one from
    // the server (OAS 3.0 4.7.24.1), so both are optional whatever `required` says.
    let required = required && access == Access::ReadWrite;
    let presence = match (required, nullable) {
        (true, false) => Presence::Required,
        (true, true) => Presence::RequiredNullable,
        (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    };
    Field {
        wire_name: wire_name.to_owned(),
        rust_name,
        ty,
        presence,
        docs: schema.map(docs_of).unwrap_or_default(),
        access,
        constraints: schema.map(constraints_of).unwrap_or_default(),
        default: schema.and_then(|schema| schema.schema_data.default.clone()),
        boxed: false,
    }
}

/// Whether a JSON value from the document (a `default`) is a value of `ty`;
/// named types and formats are not checked, so they always fit.
fn value_fits(value: &serde_json::Value, ty: &TypeRef) -> bool {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Nullable(_), Value::Null) => true,
        (TypeRef::Nullable(inner), _) => value_fits(value, inner),
        (TypeRef::String, other) => other.is_string(),
        (TypeRef::Boolean, other) => other.is_boolean(),
        (TypeRef::Integer(_), other) => other.is_i64() || other.is_u64(),
        (TypeRef::Float(_), other) => other.is_number(),
        (TypeRef::Array(item), Value::Array(items)) => {
            items.iter().all(|element| value_fits(element, item))
        }
        (TypeRef::Array(_), _) => false,
        _ => true,
    }
}

/// Validation keywords of a schema, whatever its type.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let mut constraints = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            constraints.min_length = string.min_length;
            constraints.max_length = string.max_length;
            constraints.pattern = string.pattern.clone();
        }
        SchemaKind::Type(Type::Array(array)) => {
            constraints.min_items = array.min_items;
            constraints.max_items = array.max_items;
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            constraints.minimum = integer.minimum.map(|bound| bound as f64);
            constraints.maximum = integer.maximum.map(|bound| bound as f64);
            constraints.exclusive_minimum = integer.exclusive_minimum;
            constraints.exclusive_maximum = integer.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(number)) => {
            constraints.minimum = number.minimum;
            constraints.maximum = number.maximum;
            constraints.exclusive_minimum = number.exclusive_minimum;
            constraints.exclusive_maximum = number.exclusive_maximum;
        }
        _ => {}
    }
    constraints
}

/// `allOf`/`oneOf`/`anyOf` with one branch is that branch (plus annotations).
/// The one branch that gives the schema its shape, with its index.
fn single_branch(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches }
            if branches.len() == 1 =>
        {
            branches.first().map(|branch| (0, branch))
        }
        SchemaKind::AllOf { all_of: branches } => {
            // `allOf: [{$ref: X}, {description: ..}]` is how OAS 3.0 documents
            // describe a use of X: it is X, not a copy of X's fields (which,
            // when X contains itself this way, would never end).
            let mut shaping = branches
                .iter()
                .enumerate()
                .filter(|(_, branch)| !is_annotation_only(branch));
            match (shaping.next(), shaping.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A schema that only describes (`description`, `title`, `readOnly`,
/// `deprecated`, `example`...) and constrains nothing. `nullable` changes what
/// values are allowed, so it is no annotation.
fn is_annotation_only(branch: &ReferenceOr<Schema>) -> bool {
    match branch {
        ReferenceOr::Item(schema) => {
            matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
                && !schema.schema_data.nullable
        }
        ReferenceOr::Reference { .. } => false,
    }
}

fn branch_pointer(schema: &Schema, pointer: &JsonPointer, index: usize) -> JsonPointer {
    let key = match &schema.schema_kind {
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::OneOf { .. } => "oneOf",
        _ => "anyOf",
    };
    pointer.join(key).join(index)
}

fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => has_values(&string.enumeration),
        SchemaKind::Type(Type::Integer(integer)) => has_values(&integer.enumeration),
        SchemaKind::OneOf { one_of: branches }
        | SchemaKind::AnyOf { any_of: branches }
        | SchemaKind::AllOf { all_of: branches } => branches.len() > 1,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || any.one_of.len() > 1
                || any.any_of.len() > 1
                || any.enumeration.iter().any(|value| !value.is_null())
        }
        _ => false,
    }
}

fn has_values<T>(values: &[Option<T>]) -> bool {
    values.iter().any(Option::is_some)
}

fn string_enum(values: impl Iterator<Item = String>) -> TypeKind {
    let mut names = NameScope::with_reserved([CATCH_ALL_VARIANT]);
    let mut variants: Vec<EnumVariant<String>> = Vec::new();
    for value in values {
        if variants.iter().any(|variant| variant.value == value) {
            continue;
        }
        let name = names.claim(&pascal_case(&value, "Value"));
        variants.push(EnumVariant { name, value });
    }
    TypeKind::StringEnum(variants)
}

fn integer_enum(values: impl Iterator<Item = i64>) -> TypeKind {
    let mut names = NameScope::with_reserved([CATCH_ALL_VARIANT]);
    let mut variants: Vec<EnumVariant<i64>> = Vec::new();
    for value in values {
        if variants.iter().any(|variant| variant.value == value) {
            continue;
        }
        let spelled = if value < 0 {
            format!("Minus{}", value.unsigned_abs())
        } else {
            value.to_string()
        };
        let name = names.claim(&pascal_case(&spelled, "Value"));
        variants.push(EnumVariant { name, value });
    }
    TypeKind::IntegerEnum(variants)
}

fn format_variant<T>(format: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        Some(format) => VariantOrUnknownOrEmpty::Unknown(format.to_owned()),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "byte" => TypeRef::Base64,
            "uuid" => TypeRef::Uuid,
            "date-time" => TypeRef::DateTime,
            "date" => TypeRef::Date,
            "binary" => TypeRef::Bytes,
            _ => TypeRef::String,
        },
        _ => TypeRef::String,
    }
}

fn integer_width(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntegerWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "int32" | "int16" | "int8" => IntegerWidth::I32,
            "uint32" | "uint16" | "uint8" => IntegerWidth::U32,
            "uint64" | "uint" => IntegerWidth::U64,
            _ => IntegerWidth::I64,
        },
        _ => IntegerWidth::I64,
    }
}

fn float_width(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> FloatWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatWidth::F32,
        _ => FloatWidth::F64,
    }
}
