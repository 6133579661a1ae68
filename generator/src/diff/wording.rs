//! How reports name types, bodies, responses and routes: as a reader of the
//! document would, not as the generated Rust spells them.

use crate::model::{
    ApiModel, BodyKind, FloatWidth, IntegerWidth, Operation, Presence, SuccessResponse, TypeRef,
};

/// A type as a reader of the report would name it: primitives by their
/// `type` or, where it sets the Rust type, their `format`.
pub(super) fn type_text(model: &ApiModel, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("`{}`", model.type_def(*id).name),
        TypeRef::String => "string".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Integer(IntegerWidth::I32) => "int32".to_owned(),
        TypeRef::Integer(IntegerWidth::I64) => "int64".to_owned(),
        TypeRef::Integer(IntegerWidth::U32) => "uint32".to_owned(),
        TypeRef::Integer(IntegerWidth::U64) => "uint64".to_owned(),
        TypeRef::Float(FloatWidth::F32) => "float".to_owned(),
        TypeRef::Float(FloatWidth::F64) => "double".to_owned(),
        TypeRef::Uuid => "uuid".to_owned(),
        TypeRef::DateTime => "date-time".to_owned(),
        TypeRef::Date => "date".to_owned(),
        TypeRef::Bytes => "bytes".to_owned(),
        TypeRef::Base64 => "base64 bytes".to_owned(),
        TypeRef::Tuple(positions) => {
            let positions: Vec<String> = positions
                .iter()
                .map(|position| type_text(model, position))
                .collect();
            format!("tuple ({})", positions.join(", "))
        }
        TypeRef::Json => "any JSON".to_owned(),
        TypeRef::JsonObject => "a JSON object".to_owned(),
        TypeRef::Array(item) => format!("array of {}", type_text(model, item)),
        TypeRef::Map(value) => format!("map of {}", type_text(model, value)),
        TypeRef::Nullable(inner) => format!("{} or null", type_text(model, inner)),
    }
}

pub(super) fn body_text(model: &ApiModel, kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json { media_type, ty } => format!("{} as {media_type}", type_text(model, ty)),
        BodyKind::FormUrlEncoded { ty } => format!("{} as a form", type_text(model, ty)),
        BodyKind::Multipart { ty } => format!("{} as multipart", type_text(model, ty)),
        BodyKind::Binary { .. } => "binary".to_owned(),
    }
}

pub(super) fn success_text(model: &ApiModel, success: &SuccessResponse) -> String {
    match success {
        SuccessResponse::Empty => "nothing".to_owned(),
        SuccessResponse::Json(ty) => type_text(model, ty),
        SuccessResponse::Binary => "bytes".to_owned(),
        SuccessResponse::Text => "text".to_owned(),
        SuccessResponse::ByStatus(responses) => {
            let cases: Vec<String> = responses
                .cases
                .iter()
                .map(|case| format!("{}: {}", case.status, success_text(model, &case.body)))
                .collect();
            format!("by status ({})", cases.join(", "))
        }
    }
}

pub(super) fn presence_text(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required and nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "optional and nullable",
    }
}

pub(super) fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// `GET /items/{id}`.
pub(super) fn route(operation: &Operation) -> String {
    format!(
        "{} {}",
        operation.http_method.as_str(),
        operation.path_template
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_read_as_phrases() {
        let model = crate::model::ApiModel {
            title: String::new(),
            version: String::new(),
            description: None,
            server: None,
            types: Vec::new(),
            operations: Vec::new(),
            error_body: None,
            auth: Vec::new(),
            features: Vec::new(),
        };
        let ty = TypeRef::Nullable(Box::new(TypeRef::Array(Box::new(TypeRef::Map(Box::new(
            TypeRef::Integer(IntegerWidth::I64),
        ))))));
        assert_eq!(type_text(&model, &ty), "array of map of int64 or null");
    }
}
