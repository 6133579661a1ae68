//! Operations: parameters merged from path and operation, bodies and
//! responses resolved, each operation named uniquely on the client.

use openapiv3::{
    MediaType, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, RequestBody as SpecRequestBody, Response, Schema, StatusCode,
};

use super::build::ModelBuilder;
use super::names::{pascal_case, snake_case, NameScope, RESERVED_CLIENT_METHODS};
use super::schemas::constraints_of;
use super::{
    BodyKind, Constraints, Docs, Field, HttpMethod, Operation, PageField, Pagination, Parameter,
    ParameterLocation, ParameterStyle, Presence, RequestBody, SuccessResponse, TypeKind, TypeRef,
};
use crate::diagnostics::{GenerateError, JsonPointer};

/// OAS 3.0 4.7.12.1: header parameters with these names SHALL be ignored; the
/// client sets them from the body's media type and the auth configuration.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// Argument names the generated methods use besides the parameters.
const RESERVED_ARGUMENTS: [&str; 2] = ["body", "params"];

impl ModelBuilder<'_, '_> {
    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, GenerateError> {
        let mut method_names = NameScope::with_reserved(RESERVED_CLIENT_METHODS);
        let mut params_names = NameScope::default();
        let mut operations = Vec::new();
        let paths: Vec<(String, ReferenceOr<PathItem>)> = self
            .loaded
            .document
            .paths
            .iter()
            .map(|(path, item)| (path.clone(), item.clone()))
            .collect();
        for (path, item) in paths {
            let item_pointer = JsonPointer::root().join("paths").join(&path);
            let (item, item_pointer) = match item {
                ReferenceOr::Item(item) => (item, item_pointer),
                ReferenceOr::Reference { reference } => {
                    self.resolve::<PathItem>(&reference, &item_pointer)?
                }
            };
            for (method, operation) in item.iter() {
                let pointer = item_pointer.join(method);
                let context = OperationContext {
                    path: &path,
                    method,
                    item: &item,
                    pointer: &pointer,
                };
                let built =
                    self.operation(&context, operation, &mut method_names, &mut params_names)?;
                operations.push(built);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
        method_names: &mut NameScope,
        params_names: &mut NameScope,
    ) -> Result<Operation, GenerateError> {
        let operation_id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {}", context.method, context.path));
        let method_name = method_names.claim(&snake_case(&operation_id));
        let type_prefix = pascal_case(&method_name, "Operation");
        let parameters = self.parameters(context, operation, &type_prefix)?;
        let params_struct = parameters
            .iter()
            .any(|parameter| parameter.location != ParameterLocation::Path)
            .then(|| params_names.claim(&format!("{type_prefix}Params")));
        let request_body = match &operation.request_body {
            Some(body) => {
                Some(self.request_body(body, &type_prefix, &context.pointer.join("requestBody"))?)
            }
            None => None,
        };
        let ResponsesSummary {
            success,
            success_media_types,
            error_statuses,
        } = self.responses(operation, &type_prefix, &context.pointer.join("responses"))?;
        // JSON is decoded; any other media type is offered raw through `{name}_raw`.
        let other_response_media_types: Vec<String> = match &success {
            SuccessResponse::Json(_) => success_media_types
                .into_iter()
                .filter(|media_type| !is_json(media_type))
                .collect(),
            _ => Vec::new(),
        };
        let has_other_request_media = request_body
            .as_ref()
            .is_some_and(|body| !body.other_media_types.is_empty());
        let raw_method_name = (has_other_request_media || !other_response_media_types.is_empty())
            .then(|| method_names.claim(&format!("{method_name}_raw")));
        let pagination = self.pagination(
            context.method,
            &parameters,
            &success,
            &method_name,
            method_names,
        );
        let stream_method_name = (success == SuccessResponse::Binary)
            .then(|| method_names.claim(&format!("{method_name}_stream")));
        Ok(Operation {
            operation_id,
            method_name,
            stream_method_name,
            pagination,
            other_response_media_types,
            raw_method_name,
            http_method: http_method(context.method),
            path_template: context.path.to_owned(),
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                deprecated: operation.deprecated,
            },
            parameters,
            params_struct,
            request_body,
            success,
            error_statuses,
        })
    }

    /// Path-item parameters overlaid by the operation's own (same name and location).
    fn parameters(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
        type_prefix: &str,
    ) -> Result<Vec<Parameter>, GenerateError> {
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
        let mut names = NameScope::with_reserved(&RESERVED_ARGUMENTS);
        let mut parameters = Vec::new();
        for (parameter, pointer) in resolved {
            if let Some(parameter) = self.parameter(parameter, &pointer, type_prefix, &mut names)? {
                parameters.push(parameter);
            }
        }
        self.add_undeclared_path_parameters(context, &mut parameters, &mut names);
        // Path parameters in template order, so positional arguments read like the URL.
        let order = template_variables(context.path);
        parameters.sort_by_key(|parameter| match parameter.location {
            ParameterLocation::Path => order
                .iter()
                .position(|name| *name == parameter.wire_name)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
        Ok(parameters)
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
                if !matches!(style, PathStyle::Simple) {
                    self.warnings.push(
                        pointer,
                        "label and matrix path styles are sent in simple style",
                    );
                }
                (ParameterLocation::Path, ParameterStyle::Simple, false)
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
        Ok(Some(Parameter {
            rust_name: names.claim(&snake_case(&data.name)),
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
        for variable in template_variables(context.path) {
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
                rust_name: names.claim(&snake_case(variable)),
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

    /// Recognises offset/limit list operations: a GET with integer `offset` and
    /// `limit` query parameters whose page has one array field (the items) and,
    /// optionally, an integer `total`.
    fn pagination(
        &self,
        method: &str,
        parameters: &[Parameter],
        success: &SuccessResponse,
        method_name: &str,
        method_names: &mut NameScope,
    ) -> Option<Pagination> {
        let query_integer = |name: &str| {
            parameters.iter().find(|parameter| {
                parameter.location == ParameterLocation::Query
                    && parameter.wire_name.eq_ignore_ascii_case(name)
                    && matches!(parameter.ty, TypeRef::Integer(_))
            })
        };
        let offset = query_integer("offset")?;
        query_integer("limit")?;
        let SuccessResponse::Json(TypeRef::Named(page_id)) = success else {
            return None;
        };
        let TypeKind::Struct(page) = &self.type_def_of(*page_id)?.kind else {
            return None;
        };
        let mut arrays = page
            .fields
            .iter()
            .filter(|field| matches!(field.ty, TypeRef::Array(_)));
        let (Some(items), None) = (arrays.next(), arrays.next()) else {
            return None;
        };
        let TypeRef::Array(item_type) = &items.ty else {
            return None;
        };
        let total = page.fields.iter().find(|field| {
            field.wire_name.eq_ignore_ascii_case("total") && matches!(field.ty, TypeRef::Integer(_))
        });
        (method == "get").then(|| Pagination {
            method_name: method_names.claim(&format!("{method_name}_stream")),
            offset: PageField {
                rust_name: offset.rust_name.clone(),
                ty: offset.ty.clone(),
                optional: !offset.required,
            },
            items: page_field(items),
            item_type: (**item_type).clone(),
            total: total.map(page_field),
        })
    }

    fn media_type(
        &mut self,
        media: &MediaType,
        hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        match &media.schema {
            Some(schema) => self.type_for(schema, hint, &pointer.join("schema")),
            None => Ok(TypeRef::Json),
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<SpecRequestBody>,
        type_prefix: &str,
        pointer: &JsonPointer,
    ) -> Result<RequestBody, GenerateError> {
        let (body, pointer) = match body {
            ReferenceOr::Item(body) => (body.clone(), pointer.clone()),
            ReferenceOr::Reference { reference } => {
                self.resolve::<SpecRequestBody>(reference, pointer)?
            }
        };
        let hint = format!("{type_prefix}Request");
        let content_pointer = pointer.join("content");
        let json = body
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type));
        let form = body
            .content
            .iter()
            .find(|(media_type, _)| media_type.starts_with("application/x-www-form-urlencoded"));
        let multipart = body
            .content
            .iter()
            .find(|(media_type, _)| media_type.starts_with("multipart/form-data"));
        let (kind, constraints) = if let Some((media_type, media)) = json {
            let ty = self.media_type(media, &hint, &content_pointer.join(media_type))?;
            let kind = BodyKind::Json {
                media_type: media_type.clone(),
                ty,
            };
            (
                kind,
                media
                    .schema
                    .as_ref()
                    .map(schema_constraints)
                    .unwrap_or_default(),
            )
        } else if let Some((media_type, media)) = form {
            let ty = self.media_type(media, &hint, &content_pointer.join(media_type))?;
            (BodyKind::FormUrlEncoded { ty }, Constraints::default())
        } else if let Some((media_type, media)) = multipart {
            let ty = self.media_type(media, &hint, &content_pointer.join(media_type))?;
            (BodyKind::Multipart { ty }, Constraints::default())
        } else {
            let media_types = body.content.keys().cloned().collect();
            (BodyKind::Binary { media_types }, Constraints::default())
        };
        let chosen = match &kind {
            BodyKind::Json { media_type, .. } => Some(media_type.as_str()),
            BodyKind::FormUrlEncoded { .. } => form.map(|(media_type, _)| media_type.as_str()),
            BodyKind::Multipart { .. } => multipart.map(|(media_type, _)| media_type.as_str()),
            BodyKind::Binary { .. } => None,
        };
        let other_media_types = match chosen {
            Some(chosen) => body
                .content
                .keys()
                .filter(|media_type| *media_type != chosen)
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        Ok(RequestBody {
            required: body.required,
            kind,
            other_media_types,
            docs: Docs {
                summary: None,
                description: body.description.clone(),
                deprecated: false,
            },
            constraints,
        })
    }

    /// The success body type, and the error statuses the document lists.
    fn responses(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &JsonPointer,
    ) -> Result<ResponsesSummary, GenerateError> {
        let mut success: Option<SuccessResponse> = None;
        let mut success_media_types: Vec<String> = Vec::new();
        let mut error_statuses = Vec::new();
        let entries = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| (status_text(status), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| ("default".to_owned(), response)),
            );
        let entries: Vec<_> = entries.collect();
        // With no 2xx response listed, `default` is what a successful call returns.
        let default_is_success = !entries.iter().any(|(status, _)| status.starts_with('2'));
        for (status, response) in entries {
            let response_pointer = pointer.join(&status);
            let (response, response_pointer) = match response {
                ReferenceOr::Item(response) => (response.clone(), response_pointer),
                ReferenceOr::Reference { reference } => {
                    self.resolve::<Response>(reference, &response_pointer)?
                }
            };
            if status.starts_with('2') || (default_is_success && status == "default") {
                let hint = if success.is_none() {
                    format!("{type_prefix}Response")
                } else {
                    format!("{type_prefix}Response{status}")
                };
                let body = self.response_body(&response, &hint, &response_pointer)?;
                match &success {
                    None | Some(SuccessResponse::Empty) => {
                        success = Some(body);
                        success_media_types = response.content.keys().cloned().collect();
                    }
                    Some(existing) if *existing != body && body != SuccessResponse::Empty => self.warnings.push(
                        &response_pointer,
                        "a second success response with another body type is decoded as the first one",
                    ),
                    Some(_) => {}
                }
            } else {
                let hint = format!("{type_prefix}Error{}", pascal_case(&status, "Status"));
                if let SuccessResponse::Json(ty) =
                    self.response_body(&response, &hint, &response_pointer)?
                {
                    self.error_bodies.insert(ty);
                }
                error_statuses.push(status);
            }
        }
        Ok(ResponsesSummary {
            success: success.unwrap_or(SuccessResponse::Empty),
            success_media_types,
            error_statuses,
        })
    }

    fn response_body(
        &mut self,
        response: &Response,
        hint: &str,
        pointer: &JsonPointer,
    ) -> Result<SuccessResponse, GenerateError> {
        let content_pointer = pointer.join("content");
        if let Some((media_type, media)) = response
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
        {
            return Ok(SuccessResponse::Json(self.media_type(
                media,
                hint,
                &content_pointer.join(media_type),
            )?));
        }
        Ok(match response.content.first() {
            None => SuccessResponse::Empty,
            Some((media_type, media))
                if media_type.starts_with("text/") && !is_binary_schema(media.schema.as_ref()) =>
            {
                SuccessResponse::Text
            }
            Some(_) => SuccessResponse::Binary,
        })
    }
}

fn page_field(field: &Field) -> PageField {
    PageField {
        rust_name: field.rust_name.clone(),
        ty: field.ty.clone(),
        optional: field.presence != Presence::Required,
    }
}

/// What an operation's responses say: the success body, the media types the
/// success response lists, and the error statuses.
struct ResponsesSummary {
    success: SuccessResponse,
    success_media_types: Vec<String>,
    error_statuses: Vec<String>,
}

struct OperationContext<'a> {
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    pointer: &'a JsonPointer,
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

fn schema_constraints(schema: &ReferenceOr<Schema>) -> Constraints {
    match schema {
        ReferenceOr::Item(schema) => constraints_of(schema),
        ReferenceOr::Reference { .. } => Constraints::default(),
    }
}

fn http_method(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        _ => HttpMethod::Trace,
    }
}

fn status_text(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn is_binary_schema(schema: Option<&ReferenceOr<Schema>>) -> bool {
    matches!(
        schema,
        Some(ReferenceOr::Item(Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(
                openapiv3::StringType {
                    format: openapiv3::VariantOrUnknownOrEmpty::Item(
                        openapiv3::StringFormat::Binary
                    ),
                    ..
                }
            )),
            ..
        }))
    )
}

/// The `{name}` variables of a path template, in order.
pub fn template_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}
