//! Operations: each path item's methods become client methods named uniquely
//! on the client. Parameters (`parameters.rs`), bodies and responses
//! (`bodies.rs`) and the pagination heuristic (`pagination.rs`) are resolved
//! in modules of their own.

mod bodies;
mod pagination;
mod parameters;
mod security;

use openapiv3::{PathItem, ReferenceOr, Schema};

use super::build::ModelBuilder;
use super::names::{pascal_case, reserved_client_methods, snake_case, NameScope};
use super::path_template::{parse_template, RawSegment};
use super::schemas::constraints_of;
use super::{
    ClientMethods, Constraints, Docs, HttpMethod, MethodKind, Operation, Parameter,
    ParameterLocation, PathSegment, PathTemplate, SuccessResponse,
};
use crate::diagnostics::{GenerateError, JsonPointer};

impl ModelBuilder<'_, '_> {
    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, GenerateError> {
        let mut names = ClientNames {
            methods: NameScope::with_reserved(reserved_client_methods()),
            params_structs: NameScope::default(),
        };
        let mut operations = Vec::new();
        let paths: Vec<(String, ReferenceOr<PathItem>)> = self
            .loaded
            .document
            .paths
            .iter()
            .map(|(path, item)| (path.clone(), item.clone()))
            .collect();
        for (path, item) in paths {
            let path_pointer = JsonPointer::root().join("paths").join(&path);
            let template = parse_template(&path).map_err(|error| {
                GenerateError::invalid(&path_pointer, format!("invalid path template: {error}"))
            })?;
            let (item, item_pointer) = match item {
                ReferenceOr::Item(item) => (item, path_pointer.clone()),
                ReferenceOr::Reference { reference } => {
                    self.resolve::<PathItem>(&reference, &path_pointer)?
                }
            };
            for (method, operation) in item.iter() {
                let pointer = item_pointer.join(method);
                let context = OperationContext {
                    path: &path,
                    template: &template,
                    method,
                    item: &item,
                    item_pointer: &item_pointer,
                    pointer: &pointer,
                };
                operations.push(self.operation(&context, operation, &mut names)?);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
        names: &mut ClientNames,
    ) -> Result<Operation, GenerateError> {
        let operation_id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {}", context.method, context.path));
        let method_name = names.methods.claim_ident(&snake_case(&operation_id));
        let type_prefix = pascal_case(method_name.bare(), "Operation");
        let (parameters, fixed_parameters) = self.parameters(context, operation, &type_prefix)?;
        let params_struct = parameters
            .iter()
            .any(|parameter| parameter.location != ParameterLocation::Path)
            .then(|| names.params_structs.claim(&format!("{type_prefix}Params")));
        let request_body = match &operation.request_body {
            Some(body) => {
                Some(self.request_body(body, &type_prefix, &context.pointer.join("requestBody"))?)
            }
            None => None,
        };
        let responses =
            self.responses(operation, &type_prefix, &context.pointer.join("responses"))?;
        let other_response_media_types = responses.other_media_types();
        let path_template = bind_template(context, &parameters)?;
        let server = if operation.servers.is_empty() {
            self.operation_server(&context.item.servers, &context.item_pointer.join("servers"))
        } else {
            self.operation_server(&operation.servers, &context.pointer.join("servers"))
        };
        let mut built = Operation {
            operation_id,
            methods: ClientMethods::new(method_name),
            other_response_media_types,
            http_method: http_method(context.method),
            path_template,
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                deprecated: operation.deprecated,
            },
            parameters,
            fixed_parameters,
            params_struct,
            request_body,
            success: responses.success,
            error_statuses: responses.error_statuses,
            error_bodies: responses.error_bodies,
            server,
            security: self.operation_security(operation, context.pointer),
            tags: operation.tags.clone(),
            features: Vec::new(),
        };
        self.add_method_variants(context, &mut built, &mut names.methods)?;
        Ok(built)
    }

    /// The methods an operation has besides the buffered one, named after it,
    /// in the order the client lists them.
    fn add_method_variants(
        &self,
        context: &OperationContext<'_>,
        operation: &mut Operation,
        names: &mut NameScope,
    ) -> Result<(), GenerateError> {
        let base = operation.method_name().clone();
        let has_other_request_media = operation
            .request_body
            .as_ref()
            .is_some_and(|body| !body.other_media_types.is_empty());
        let raw = (has_other_request_media || !operation.other_response_media_types.is_empty())
            .then(|| names.claim_ident(&base.with_suffix("raw")));
        let pagination = self.pagination(
            context.method,
            &operation.parameters,
            &operation.success,
            context.pointer,
        )?;
        let item_stream = pagination
            .map(|pagination| (names.claim_ident(&base.with_suffix("stream")), pagination));
        let byte_stream = (operation.success == SuccessResponse::Binary)
            .then(|| names.claim_ident(&base.with_suffix("stream")));
        // Names are claimed in a fixed order (raw, item stream, byte stream) so
        // that collisions number the same way in every run.
        if let Some(name) = byte_stream {
            operation.methods.add(name, MethodKind::ByteStream);
        }
        if let Some((name, pagination)) = item_stream {
            operation
                .methods
                .add(name, MethodKind::ItemStream(Box::new(pagination)));
        }
        if let Some(name) = raw {
            operation.methods.add(name, MethodKind::Raw);
        }
        Ok(())
    }
}

/// The names handed out across all operations.
struct ClientNames {
    methods: NameScope,
    params_structs: NameScope,
}

struct OperationContext<'a> {
    path: &'a str,
    template: &'a [RawSegment<'a>],
    method: &'a str,
    item: &'a PathItem,
    item_pointer: &'a JsonPointer,
    pointer: &'a JsonPointer,
}

/// The path template with each variable bound to its path parameter, which
/// exists for every variable: undeclared ones were added as strings.
fn bind_template(
    context: &OperationContext<'_>,
    parameters: &[Parameter],
) -> Result<PathTemplate, GenerateError> {
    let segments = context
        .template
        .iter()
        .map(|segment| match segment {
            RawSegment::Literal(text) => Ok(PathSegment::Literal((*text).to_owned())),
            RawSegment::Variable(name) => parameters
                .iter()
                .find(|parameter| {
                    parameter.location == ParameterLocation::Path && parameter.wire_name == *name
                })
                .map(|parameter| PathSegment::Parameter(parameter.rust_name.clone()))
                .ok_or_else(|| {
                    GenerateError::internal(
                        context.pointer,
                        format!("path variable `{name}` has no parameter"),
                    )
                }),
        })
        .collect::<Result<_, _>>()?;
    Ok(PathTemplate::new(context.path, segments))
}

/// The constraints a schema states directly; a `$ref`'s live on its target.
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
