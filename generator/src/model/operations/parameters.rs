//! Parameters: the path item's and the operation's merged, each with its
//! Rust name, type, style and constraints.

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
    Schema, SchemaKind, Type,
};

use super::super::build::ModelBuilder;
use super::super::names::{pascal_case, snake_case, NameScope};
use super::super::path_template::template_variables;
use super::super::{
    Constraints, Docs, FixedLocation, FixedParameter, Parameter, ParameterLocation, ParameterStyle,
    RustIdent, TypeRef,
};
use super::{schema_constraints, OperationContext};
use crate::diagnostics::{GenerateError, JsonPointer};

/// OAS 3.0 4.7.12.1: header parameters with these names SHALL be ignored; the
/// client sets them from the body's media type and the auth configuration.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// Argument names the generated methods use besides the parameters.
const RESERVED_ARGUMENTS: [&str; 2] = ["body", "params"];

/// Names of the generated methods' own arguments and locals (`accept` of a raw
/// method, `path` and `request`, a check's `violations`, the page walk's
/// `start`, `offset` and `page`). Path parameters are arguments beside them, so
/// they avoid these names; the others are fields of the params struct and
/// keep theirs.
const METHOD_LOCALS: [&str; 7] = [
    "accept",
    "offset",
    "page",
    "path",
    "request",
    "start",
    "violations",
];

impl ModelBuilder<'_, '_> {
    /// Path-item parameters overlaid by the operation's own (same name and
    /// location); those with one allowed value apart, as fixed ones.
    pub(super) fn parameters(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
        type_prefix: &str,
    ) -> Result<(Vec<Parameter>, Vec<FixedParameter>), GenerateError> {
        let path_pointer = JsonPointer::root()
            .join("paths")
            .join(context.path)
            .join("parameters");
        let mut resolved: Vec<(SpecParameter, JsonPointer)> = Vec::new();
        let declared = context
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| (parameter, path_pointer.join(index)))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(index, parameter)| {
                        (parameter, context.pointer.join("parameters").join(index))
                    }),
            )
            .collect::<Vec<_>>();
        for (parameter, pointer) in declared {
            let (parameter, pointer) = match parameter {
                ReferenceOr::Item(parameter) => (parameter.clone(), pointer),
                ReferenceOr::Reference { reference } => {
                    self.resolve::<SpecParameter>(reference, &pointer)?
                }
            };
            let key = parameter_key(&parameter);
            resolved.retain(|(existing, _)| parameter_key(existing) != key);
            resolved.push((parameter, pointer));
        }
        let mut names = NameScope::with_reserved(RESERVED_ARGUMENTS);
        let mut parameters = Vec::new();
        let mut fixed = Vec::new();
        for (parameter, pointer) in resolved {
            if let Some(parameter) = self.fixed_parameter(&parameter, &pointer)? {
                fixed.push(parameter);
                continue;
            }
            if let Some(parameter) = self.parameter(parameter, &pointer, type_prefix, &mut names)? {
                parameters.push(parameter);
            }
        }
        self.add_undeclared_path_parameters(context, &mut parameters, &mut names);
        // Path parameters in template order, so positional arguments read like the URL.
        let order: Vec<&str> = template_variables(context.template).collect();
        parameters.sort_by_key(|parameter| match parameter.location {
            ParameterLocation::Path => order
                .iter()
                .position(|name| *name == parameter.wire_name)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
        Ok((parameters, fixed))
    }

    /// A required query, header or cookie parameter whose schema (inline or
    /// referenced) is a string enum of one value, not nullable.
    fn fixed_parameter(
        &mut self,
        parameter: &SpecParameter,
        pointer: &JsonPointer,
    ) -> Result<Option<FixedParameter>, GenerateError> {
        let location = match parameter {
            SpecParameter::Query { .. } => FixedLocation::Query,
            SpecParameter::Header { .. } => FixedLocation::Header,
            SpecParameter::Cookie { .. } => FixedLocation::Cookie,
            SpecParameter::Path { .. } => return Ok(None),
        };
        let data = parameter.parameter_data_ref();
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Ok(None);
        };
        if !data.required
            || (location == FixedLocation::Header
                && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()))
        {
            return Ok(None);
        }
        let schema = match schema {
            ReferenceOr::Item(schema) => schema.clone(),
            ReferenceOr::Reference { reference } => {
                self.resolve::<Schema>(reference, &pointer.join("schema"))?
                    .0
            }
        };
        let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
            return Ok(None);
        };
        let value = match string.enumeration.as_slice() {
            [Some(value)] if !schema.schema_data.nullable => value.clone(),
            _ => return Ok(None),
        };
        Ok(Some(FixedParameter {
            wire_name: data.name.clone(),
            location,
            value,
        }))
    }

    fn parameter(
        &mut self,
        parameter: SpecParameter,
        pointer: &JsonPointer,
        type_prefix: &str,
        names: &mut NameScope,
    ) -> Result<Option<Parameter>, GenerateError> {
        let (location, style, explode_default) = match &parameter {
            SpecParameter::Query { style, .. } => {
                (ParameterLocation::Query, query_style(style), true)
            }
            SpecParameter::Header { .. } => {
                (ParameterLocation::Header, ParameterStyle::Simple, false)
            }
            SpecParameter::Path { style, .. } => {
                let style = match style {
                    PathStyle::Simple => ParameterStyle::Simple,
                    PathStyle::Label => ParameterStyle::Label,
                    PathStyle::Matrix => ParameterStyle::Matrix,
                };
                (ParameterLocation::Path, style, false)
            }
            SpecParameter::Cookie { .. } => (ParameterLocation::Cookie, ParameterStyle::Form, true),
        };
        let data = parameter.parameter_data();
        if location == ParameterLocation::Header
            && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
        {
            return Ok(None);
        }
        let hint = format!("{type_prefix}{}", pascal_case(&data.name, "Param"));
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = pointer.join("schema");
                (
                    self.type_for(schema, &hint, &schema_pointer)?,
                    schema_constraints(schema),
                )
            }
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((media_type, media)) => {
                    let media_pointer = pointer.join("content").join(media_type);
                    (
                        self.media_type(media, &hint, &media_pointer)?,
                        Constraints::default(),
                    )
                }
                None => (TypeRef::String, Constraints::default()),
            },
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        // A URL or a header carries text: `format: binary` there is a string.
        let ty = match ty {
            TypeRef::Bytes => TypeRef::String,
            TypeRef::Array(item) if *item == TypeRef::Bytes => {
                TypeRef::Array(Box::new(TypeRef::String))
            }
            other => other,
        };
        Ok(Some(Parameter {
            rust_name: claim_parameter_name(names, &data.name, location),
            wire_name: data.name,
            location,
            // OAS 3.0 4.7.12.2: path parameters are always required.
            required: data.required || location == ParameterLocation::Path,
            ty,
            style,
            explode: data.explode.unwrap_or(explode_default),
            docs: Docs {
                summary: None,
                description: data.description,
                deprecated: data.deprecated.unwrap_or(false),
            },
            constraints,
        }))
    }

    /// A `{name}` in the path with no declaration is still sent, as a string.
    fn add_undeclared_path_parameters(
        &mut self,
        context: &OperationContext<'_>,
        parameters: &mut Vec<Parameter>,
        names: &mut NameScope,
    ) {
        for variable in template_variables(context.template) {
            let declared = parameters.iter().any(|parameter| {
                parameter.location == ParameterLocation::Path && parameter.wire_name == variable
            });
            if declared {
                continue;
            }
            self.warnings.push(
                context.pointer,
                format!("path parameter `{variable}` is not declared; it is taken as a string"),
            );
            parameters.push(Parameter {
                wire_name: variable.to_owned(),
                rust_name: claim_parameter_name(names, variable, ParameterLocation::Path),
                location: ParameterLocation::Path,
                required: true,
                ty: TypeRef::String,
                style: ParameterStyle::Simple,
                explode: false,
                docs: Docs::default(),
                constraints: Constraints::default(),
            });
        }
    }
}

fn parameter_key(parameter: &SpecParameter) -> (String, &'static str) {
    let location = match parameter {
        SpecParameter::Query { .. } => "query",
        SpecParameter::Header { .. } => "header",
        SpecParameter::Path { .. } => "path",
        SpecParameter::Cookie { .. } => "cookie",
    };
    let name = match parameter {
        SpecParameter::Query { parameter_data, .. }
        | SpecParameter::Header { parameter_data, .. }
        | SpecParameter::Path { parameter_data, .. }
        | SpecParameter::Cookie { parameter_data, .. } => parameter_data.name.clone(),
    };
    (name, location)
}

fn query_style(style: &QueryStyle) -> ParameterStyle {
    match style {
        QueryStyle::Form => ParameterStyle::Form,
        QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
        QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
        QueryStyle::DeepObject => ParameterStyle::DeepObject,
    }
}

fn claim_parameter_name(
    names: &mut NameScope,
    wire_name: &str,
    location: ParameterLocation,
) -> RustIdent {
    let base = snake_case(wire_name);
    match location {
        ParameterLocation::Path => names.claim_ident_avoiding(&base, &METHOD_LOCALS),
        _ => names.claim_ident(&base),
    }
}
