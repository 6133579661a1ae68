//! The pagination heuristic: which list operations get a stream of every item.

use super::super::build::ModelBuilder;
use super::super::{
    Field, PageField, Pagination, Parameter, ParameterLocation, Presence, StructDef,
    SuccessResponse, TypeKind, TypeRef,
};
use crate::diagnostics::{GenerateError, JsonPointer};

impl ModelBuilder<'_, '_> {
    /// Recognises offset/limit list operations: a GET with integer `offset` and
    /// `limit` query parameters whose page has one array field (the items) and,
    /// optionally, an integer `total`.
    pub(super) fn pagination(
        &self,
        method: &str,
        parameters: &[Parameter],
        success: &SuccessResponse,
        pointer: &JsonPointer,
    ) -> Result<Option<Pagination>, GenerateError> {
        let query_integer = |name: &str| {
            parameters.iter().find(|parameter| {
                parameter.location == ParameterLocation::Query
                    && parameter.wire_name.eq_ignore_ascii_case(name)
                    && matches!(parameter.ty, TypeRef::Integer(_))
            })
        };
        let (Some(offset), Some(_limit)) = (query_integer("offset"), query_integer("limit")) else {
            return Ok(None);
        };
        let SuccessResponse::Json(TypeRef::Named(page_id)) = success else {
            return Ok(None);
        };
        let TypeKind::Struct(page) = &self.type_def_of(*page_id, pointer)?.kind else {
            return Ok(None);
        };
        Ok((method == "get")
            .then(|| walk_pages(offset, page))
            .flatten())
    }
}

/// How to walk a page struct: its one array field and its integer `total`.
fn walk_pages(offset: &Parameter, page: &StructDef) -> Option<Pagination> {
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
    Some(Pagination {
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

fn page_field(field: &Field) -> PageField {
    PageField {
        rust_name: field.rust_name.clone(),
        ty: field.ty.clone(),
        optional: field.presence != Presence::Required,
    }
}
