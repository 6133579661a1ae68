//! Request bodies and responses: which media type is used and how, the success
//! type, and the error statuses.

use openapiv3::{
    MediaType, ReferenceOr, RequestBody as SpecRequestBody, Response, Schema, StatusCode,
};

use super::super::build::ModelBuilder;
use super::super::names::pascal_case;
use std::collections::BTreeSet;

use super::super::{
    BodyKind, Constraints, Docs, ErrorBodies, RequestBody, StatusCase, StatusResponses,
    SuccessResponse, TypeRef,
};
use super::schema_constraints;
use crate::diagnostics::{GenerateError, JsonPointer};

impl ModelBuilder<'_, '_> {
    /// The type of a JSON body. A binary string (`format: binary`) is no JSON
    /// value: it is read as any JSON value, which is also what the document
    /// says once upgraded to 3.1 (the upgrade leaves an empty schema there).
    fn json_media_type(
        &mut self,
        media: &MediaType,
        hint: &str,
        pointer: &JsonPointer,
    ) -> Result<TypeRef, GenerateError> {
        if is_binary_schema(media.schema.as_ref()) {
            self.warnings.push(
                &pointer.join("schema"),
                "a binary string is no JSON value; the body is taken as any JSON value",
            );
            return Ok(TypeRef::Json);
        }
        self.media_type(media, hint, pointer)
    }

    pub(super) fn media_type(
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

    pub(super) fn request_body(
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
            let ty = self.json_media_type(media, &hint, &content_pointer.join(media_type))?;
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
        let sends_json = matches!(kind, BodyKind::Json { .. });
        let other_media_types = match chosen {
            Some(chosen) => body
                .content
                .keys()
                .filter(|media_type| *media_type != chosen)
                .filter(|media_type| !(sends_json && is_json_alike(media_type)))
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
    pub(super) fn responses(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &JsonPointer,
    ) -> Result<ResponsesSummary, GenerateError> {
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
        let mut successes = Vec::new();
        let mut error_statuses = Vec::new();
        let mut error_bodies = BTreeSet::new();
        for (status, response) in entries {
            let response_pointer = pointer.join(&status);
            let (response, response_pointer) = match response {
                ReferenceOr::Item(response) => (response.clone(), response_pointer),
                ReferenceOr::Reference { reference } => {
                    self.resolve::<Response>(reference, &response_pointer)?
                }
            };
            if status.starts_with('2') || (default_is_success && status == "default") {
                let hint = match successes.is_empty() {
                    true => format!("{type_prefix}Response"),
                    false => format!("{type_prefix}Response{status}"),
                };
                let body = self.response_body(&response, &hint, &response_pointer)?;
                successes.push(SuccessEntry {
                    media_types: response.content.keys().cloned().collect(),
                    status,
                    body,
                    pointer: response_pointer,
                });
            } else {
                let hint = format!("{type_prefix}Error{}", pascal_case(&status, "Status"));
                if let SuccessResponse::Json(ty) =
                    self.response_body(&response, &hint, &response_pointer)?
                {
                    self.error_bodies.insert(ty.clone());
                    error_bodies.insert(ty);
                }
                error_statuses.push(status);
            }
        }
        let (success, success_media_types) = self.combine_successes(successes, type_prefix);
        Ok(ResponsesSummary {
            success,
            success_media_types,
            error_statuses,
            error_bodies: match error_bodies.len() {
                0 => ErrorBodies::None,
                1 => error_bodies
                    .pop_first()
                    .map_or(ErrorBodies::None, ErrorBodies::One),
                _ => ErrorBodies::Several(error_bodies.into_iter().collect()),
            },
        })
    }

    /// One success body where every success status carries the same, else
    /// an enum by status. Bytes do not mix with other bodies in such an enum:
    /// the first body is then decoded for every status, with a warning.
    fn combine_successes(
        &mut self,
        successes: Vec<SuccessEntry>,
        type_prefix: &str,
    ) -> (SuccessResponse, Vec<String>) {
        let distinct: BTreeSet<String> = successes
            .iter()
            .map(|entry| format!("{:?}", entry.body))
            .collect();
        let has_bytes = successes
            .iter()
            .any(|entry| entry.body == SuccessResponse::Binary);
        if distinct.len() <= 1 || has_bytes {
            let mut successes = successes.into_iter();
            let Some(first) = successes.next() else {
                return (SuccessResponse::Empty, Vec::new());
            };
            for other in successes.filter(|entry| entry.body != first.body) {
                self.warnings.push(
                    &other.pointer,
                    "a success response with another body beside bytes is decoded as the first one",
                );
            }
            return (first.body, first.media_types);
        }
        let mut cases: Vec<StatusCase> = successes
            .into_iter()
            .map(|entry| StatusCase {
                variant: status_variant(&entry.status),
                status: entry.status,
                body: entry.body,
            })
            .collect();
        // Exact codes, then ranges, then `default`, as a match must try them.
        cases.sort_by_key(|case| status_rank(&case.status));
        let responses = StatusResponses {
            type_name: format!("{type_prefix}Response"),
            cases,
        };
        (SuccessResponse::ByStatus(responses), Vec::new())
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
            return Ok(SuccessResponse::Json(self.json_media_type(
                media,
                hint,
                &content_pointer.join(media_type),
            )?));
        }
        Ok(match response.content.first() {
            None => SuccessResponse::Empty,
            Some((media_type, media))
                if media_type.starts_with("text/") && is_text_schema(media.schema.as_ref()) =>
            {
                SuccessResponse::Text
            }
            Some(_) => SuccessResponse::Binary,
        })
    }
}

/// What an operation's responses say: the success body, the media types the
/// success response lists, the error statuses and their bodies.
pub(super) struct ResponsesSummary {
    pub(super) success: SuccessResponse,
    success_media_types: Vec<String>,
    pub(super) error_statuses: Vec<String>,
    pub(super) error_bodies: ErrorBodies,
}

/// One success status as the document lists it.
struct SuccessEntry {
    status: String,
    body: SuccessResponse,
    media_types: Vec<String>,
    pointer: JsonPointer,
}

/// A variant name for a success status: its reason phrase where it has a
/// common one (RFC 9110), else the code.
fn status_variant(status: &str) -> String {
    let name = match status {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "208" => "AlreadyReported",
        "226" => "ImUsed",
        "2XX" => "Success",
        "default" => "Default",
        other => return format!("Status{other}"),
    };
    name.to_owned()
}

fn status_rank(status: &str) -> u8 {
    match status {
        "default" => 2,
        _ if status.ends_with("XX") => 1,
        _ => 0,
    }
}

impl ResponsesSummary {
    /// JSON is decoded; any other media type of the success response is offered
    /// raw through `{name}_raw`.
    pub(super) fn other_media_types(&self) -> Vec<String> {
        match &self.success {
            SuccessResponse::Json(_) => self
                .success_media_types
                .iter()
                .filter(|media_type| !is_json_alike(media_type))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn status_text(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// JSON, or JSON under another name: `text/json`, which .NET services list
/// beside `application/json` for every operation. A typed call already
/// writes and reads such a body (decoding does not look at the media type),
/// so it is no reason for a `_raw` variant of its own.
fn is_json_alike(media_type: &str) -> bool {
    is_json(media_type) || media_type_essence(media_type) == "text/json"
}

/// The type and subtype, lower case, without parameters.
fn media_type_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type_essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A `text/*` body is text only where its schema says `type: string` without
/// `format: binary`: with no schema or an empty one (how OAS 3.1 writes raw
/// bytes, and what upgrading a 3.0 `format: binary` body gives) it is bytes,
/// so a document means the same whichever version it is written in.
fn is_text_schema(schema: Option<&ReferenceOr<Schema>>) -> bool {
    match schema {
        Some(ReferenceOr::Item(Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(string)),
            ..
        })) => !matches!(
            string.format,
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
        ),
        Some(ReferenceOr::Reference { .. }) => true,
        _ => false,
    }
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
