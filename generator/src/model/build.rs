//! Drives the conversion from the parsed document to an [`ApiModel`] and owns
//! the state that conversion shares: the type table, the names in use, and
//! `$ref` resolution.

use std::collections::{BTreeSet, HashMap, HashSet};

use openapiv3::{ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use super::names::{type_name, KeptNames, NameScope};
use super::{ApiModel, AuthKind, AuthScheme, Docs, TypeDef, TypeId, TypeKind, TypeRef};
use crate::diagnostics::{GenerateError, JsonPointer, Warnings};
use crate::load::{deserialize_at, resolve_pointer, LoadedDocument};

const COMPONENT_SCHEMAS: &str = "#/components/schemas/";

/// Builds the model of a loaded document.
pub fn build_model(
    loaded: &LoadedDocument,
    warnings: &mut Warnings,
    kept_names: &KeptNames,
) -> Result<ApiModel, GenerateError> {
    let mut builder = ModelBuilder::new(loaded, warnings, kept_names);
    builder.register_component_schemas()?;
    let operations = builder.operations()?;
    let auth = builder.auth_schemes();
    builder.warn_undeclared_in_document();
    let error_body = builder.shared_error_body();
    let server = builder.document_server();
    let mut types = builder.finish_types();
    for id in super::graph::newtype_recursive_aliases(&mut types) {
        if let Some(definition) = types.get(id.0) {
            warnings.push(
                &JsonPointer::parse(&definition.origin),
                "the schema only refers to itself and describes no value; it is taken as any JSON value",
            );
        }
    }
    super::dedup::merge_identical_types(&mut types);
    super::graph::mark_boxed_fields(&mut types);
    super::graph::mark_default_structs(&mut types);
    super::graph::mark_validated_types(&mut types);
    let document = &loaded.document;
    let mut model = ApiModel {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        server,
        types,
        operations,
        error_body,
        auth,
        features: Vec::new(),
    };
    super::features::assign_features(&mut model);
    super::graph::mark_sent_types(&mut model.types, &model.operations);
    Ok(model)
}

pub(super) struct ModelBuilder<'doc, 'warn> {
    pub(super) loaded: &'doc LoadedDocument,
    pub(super) warnings: &'warn mut Warnings,
    /// Slots are reserved (as placeholders) before their schema is converted.
    types: Vec<TypeDef>,
    pub(super) type_names: NameScope,
    /// Named schemas by the pointer their `$ref` names, with whether the schema
    /// itself is nullable.
    named_schemas: HashMap<String, (TypeId, bool)>,
    pub(super) error_bodies: BTreeSet<TypeRef>,
    /// Schema `$ref`s whose chain of aliases is known to reach a definition.
    ending_aliases: HashSet<String>,
    /// Inline schemas being hoisted to named types, innermost last, with the
    /// type each is becoming.
    pub(super) hoisting: Vec<(Schema, TypeId)>,
    /// Names an earlier generation gave, reserved from the start; each goes
    /// to the schema it was given to, once.
    kept_names: &'doc KeptNames,
    kept_names_given: HashSet<String>,
}

impl<'doc, 'warn> ModelBuilder<'doc, 'warn> {
    fn new(
        loaded: &'doc LoadedDocument,
        warnings: &'warn mut Warnings,
        kept_names: &'doc KeptNames,
    ) -> Self {
        let mut type_names = NameScope::default();
        for name in kept_names.names() {
            type_names.claim(name);
        }
        Self {
            loaded,
            warnings,
            types: Vec::new(),
            type_names,
            kept_names,
            kept_names_given: HashSet::new(),
            named_schemas: HashMap::new(),
            error_bodies: BTreeSet::new(),
            ending_aliases: HashSet::new(),
            hoisting: Vec::new(),
        }
    }

    /// Converts every component schema, in document order, so that each keeps
    /// its own name and is emitted even when no operation uses it.
    fn register_component_schemas(&mut self) -> Result<(), GenerateError> {
        let Some(components) = &self.loaded.document.components else {
            return Ok(());
        };
        let names: Vec<String> = components.schemas.keys().cloned().collect();
        for name in names {
            let reference = format!("{COMPONENT_SCHEMAS}{}", escape_segment(&name));
            let pointer = JsonPointer::root()
                .join("components")
                .join("schemas")
                .join(&name);
            self.named_schema(&reference, &pointer)?;
        }
        Ok(())
    }

    /// Reserves a type slot named after `name_hint`.
    pub(super) fn reserve_type(&mut self, name_hint: &str, origin: &JsonPointer) -> TypeId {
        let kept = self
            .kept_names
            .name_for(&origin.to_string())
            .filter(|name| !self.kept_names_given.contains(*name))
            .map(str::to_owned);
        let name = match kept {
            Some(name) => {
                self.kept_names_given.insert(name.clone());
                name
            }
            None => self.type_names.claim(&type_name(name_hint)),
        };
        self.types.push(TypeDef {
            name,
            origin: String::new(),
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Json),
            validated: false,
            sent: false,
            features: Vec::new(),
        });
        TypeId(self.types.len() - 1)
    }

    /// Fills a reserved slot. Ids come only from [`Self::reserve_type`], so a
    /// missing slot is a generator bug, reported as one.
    pub(super) fn define_type(
        &mut self,
        id: TypeId,
        origin: &JsonPointer,
        docs: Docs,
        kind: TypeKind,
    ) -> Result<(), GenerateError> {
        let definition = self
            .types
            .get_mut(id.0)
            .ok_or_else(|| missing_type(id, origin))?;
        definition.origin = origin.to_string();
        definition.docs = docs;
        // A title that only spells the type's own name would open its docs
        // with a line repeating the name.
        if let Some(title) = &definition.docs.summary {
            if type_name(title) == definition.name {
                definition.docs.summary = None;
            }
        }
        definition.kind = kind;
        Ok(())
    }

    /// The definition in a reserved slot; `pointer` is where it is needed.
    pub(super) fn type_def_of(
        &self,
        id: TypeId,
        pointer: &JsonPointer,
    ) -> Result<&TypeDef, GenerateError> {
        self.types
            .get(id.0)
            .ok_or_else(|| missing_type(id, pointer))
    }

    fn finish_types(&mut self) -> Vec<TypeDef> {
        std::mem::take(&mut self.types)
    }

    /// The type for a schema `$ref`: a named type, defined on first use.
    pub(super) fn named_schema(
        &mut self,
        reference: &str,
        from: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        // Keyed by the decoded pointer: `Key%20Item` and `Key Item` are one schema.
        let key = JsonPointer::from_fragment(reference).as_str().to_owned();
        if let Some(&(id, nullable)) = self.named_schemas.get(&key) {
            return Ok(nullable_if(TypeRef::Named(id), nullable));
        }
        let (schema, pointer) = self.resolve::<ReferenceOr<Schema>>(reference, from)?;
        let name_hint = pointer.segments().last().unwrap_or_default();
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            // A pure alias (`A: {$ref: B}`): `resolve` has already proven the chain ends.
            ReferenceOr::Reference { reference: target } => {
                let id = self.reserve_type(&name_hint, &pointer);
                self.named_schemas.insert(key, (id, false));
                let aliased = self.named_schema(&target, &pointer)?;
                self.define_type(id, &pointer, Docs::default(), TypeKind::Alias(aliased))?;
                return Ok(TypeRef::Named(id));
            }
        };
        let nullable = schema.schema_data.nullable;
        let id = self.reserve_type(&name_hint, &pointer);
        self.named_schemas.insert(key, (id, nullable));
        let kind = self.kind_for_named_schema(&schema, id, &pointer)?;
        self.define_type(id, &pointer, docs_of(&schema), kind)?;
        Ok(nullable_if(TypeRef::Named(id), nullable))
    }

    /// Follows a local `$ref` (and any chain of them) to a value of type `T`.
    pub(super) fn resolve<T: DeserializeOwned>(
        &mut self,
        reference: &str,
        from: &JsonPointer,
    ) -> Result<(T, JsonPointer), GenerateError> {
        let pointer = self.final_target(reference, from)?;
        let tree = &self.loaded.tree;
        let value =
            resolve_pointer(tree, &pointer).ok_or_else(|| GenerateError::UnresolvedReference {
                pointer: from.clone(),
                reference: reference.to_owned(),
            })?;
        Ok((deserialize_at(value, &pointer)?, pointer))
    }

    /// Walks `$ref` → `$ref` chains to the first node that is a definition.
    fn final_target(
        &mut self,
        reference: &str,
        from: &JsonPointer,
    ) -> Result<JsonPointer, GenerateError> {
        let mut visited = HashSet::new();
        let mut current = reference.to_owned();
        loop {
            if !current.starts_with('#') {
                return Err(GenerateError::invalid(
                    from,
                    format!("external reference `{current}` is not supported; inline or bundle the document first"),
                ));
            }
            if !visited.insert(current.clone()) {
                return Err(GenerateError::CyclicReference {
                    pointer: from.clone(),
                    reference: reference.to_owned(),
                });
            }
            let pointer = JsonPointer::from_fragment(&current);
            let node = resolve_pointer(&self.loaded.tree, &pointer).ok_or_else(|| {
                GenerateError::UnresolvedReference {
                    pointer: from.clone(),
                    reference: current.clone(),
                }
            })?;
            match node.get("$ref").and_then(serde_json::Value::as_str) {
                // A schema alias is a definition of its own: it gets a name.
                Some(next) if !is_schema_pointer(&pointer) => current = next.to_owned(),
                Some(next) => {
                    self.check_alias_chain(next, &mut visited, from, reference)?;
                    return Ok(pointer);
                }
                None => return Ok(pointer),
            }
        }
    }

    /// Schema aliases are kept as names, but a chain of them must still end.
    fn check_alias_chain(
        &mut self,
        start: &str,
        visited: &mut HashSet<String>,
        from: &JsonPointer,
        reference: &str,
    ) -> Result<(), GenerateError> {
        let mut walked = Vec::new();
        let mut current = start.to_owned();
        // A chain that joins one already walked ends where that one does:
        // remembering them keeps a long chain of aliases linear, not quadratic.
        while current.starts_with('#') && !self.ending_aliases.contains(&current) {
            if !visited.insert(current.clone()) {
                return Err(GenerateError::CyclicReference {
                    pointer: from.clone(),
                    reference: reference.to_owned(),
                });
            }
            walked.push(current.clone());
            let node = resolve_pointer(&self.loaded.tree, &JsonPointer::from_fragment(&current));
            match node
                .and_then(|node| node.get("$ref"))
                .and_then(serde_json::Value::as_str)
            {
                Some(next) => current = next.to_owned(),
                None => break,
            }
        }
        self.ending_aliases.extend(walked);
        Ok(())
    }

    /// When every error response carries the same body type, errors are typed by it.
    fn shared_error_body(&self) -> Option<TypeRef> {
        match self.error_bodies.iter().collect::<Vec<_>>().as_slice() {
            [single] => Some((*single).clone()),
            _ => None,
        }
    }

    /// The security schemes the client can apply; the others get a warning.
    fn auth_schemes(&mut self) -> Vec<AuthScheme> {
        let Some(components) = &self.loaded.document.components else {
            return Vec::new();
        };
        let mut schemes = Vec::new();
        let mut const_names = NameScope::default();
        for (name, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else {
                continue;
            };
            let pointer = JsonPointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            match auth_kind(scheme) {
                Ok(kind) => schemes.push(AuthScheme {
                    name: name.clone(),
                    const_name: const_names.claim(&scheme_const_name(name)),
                    kind,
                }),
                Err(reason) => self.warnings.push(&pointer, reason),
            }
        }
        schemes
    }
}

/// `SCHEME_HEADER_KEY` for `headerKey`.
fn scheme_const_name(scheme: &str) -> String {
    let snake = super::names::snake_case(scheme);
    format!("SCHEME_{}", snake.bare().trim_matches('_').to_uppercase())
}

/// What the client sends for a scheme, or why it cannot.
pub(super) fn auth_kind(scheme: &openapiv3::SecurityScheme) -> Result<AuthKind, String> {
    use openapiv3::{APIKeyLocation, SecurityScheme};
    Ok(match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            AuthKind::Bearer
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            AuthKind::Basic
        }
        SecurityScheme::HTTP { scheme, .. } => {
            return Err(format!(
                "HTTP `{scheme}` authentication is not applied by the client; add it as a middleware layer (`ClientBuilder::with`)"
            ))
        }
        SecurityScheme::APIKey { location, name, .. } => match location {
            APIKeyLocation::Header => AuthKind::ApiKeyHeader(name.clone()),
            APIKeyLocation::Query => AuthKind::ApiKeyQuery(name.clone()),
            APIKeyLocation::Cookie => AuthKind::ApiKeyCookie(name.clone()),
        },
        SecurityScheme::OAuth2 { flows, .. } => match &flows.client_credentials {
            Some(flow) => AuthKind::OAuth2ClientCredentials {
                token_url: flow.token_url.clone(),
                scopes: flow.scopes.keys().cloned().collect(),
            },
            None => AuthKind::Bearer,
        },
        SecurityScheme::OpenIDConnect { .. } => AuthKind::Bearer,
    })
}

fn missing_type(id: TypeId, pointer: &JsonPointer) -> GenerateError {
    GenerateError::internal(pointer, format!("type {} was never reserved", id.0))
}

fn is_schema_pointer(pointer: &JsonPointer) -> bool {
    pointer.as_str().starts_with("/components/schemas/")
}

pub(super) fn nullable_if(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) => ty,
        other if nullable => TypeRef::Nullable(Box::new(other)),
        other => other,
    }
}

pub(super) fn docs_of(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
        deprecated: schema.schema_data.deprecated,
    }
}

/// RFC 6901 escaping of one pointer segment.
pub(super) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
