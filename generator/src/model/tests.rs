//! The model built from small documents: each test pins one decision of the
//! model (a name, a boxed field, a hoisted type), so a model bug is found
//! here rather than in a whole-file snapshot.

use super::*;
use crate::diagnostics::{GenerateError, Warning};

fn model_of(document: &str) -> (ApiModel, Vec<Warning>) {
    crate::build_model(document).unwrap_or_else(|error| panic!("model: {error}"))
}

fn named<'model>(model: &'model ApiModel, name: &str) -> &'model TypeDef {
    model
        .types
        .iter()
        .find(|definition| definition.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn struct_fields<'model>(model: &'model ApiModel, name: &str) -> &'model [Field] {
    match &named(model, name).kind {
        TypeKind::Struct(structure) => &structure.fields,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn operation<'model>(model: &'model ApiModel, id: &str) -> &'model Operation {
    model
        .operations
        .iter()
        .find(|operation| operation.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn method_names(operation: &Operation) -> Vec<(String, &MethodKind)> {
    operation
        .methods
        .iter()
        .map(|(name, kind)| (name.to_string(), kind))
        .collect()
}

const HEADER: &str = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\n";

#[test]
fn field_names_are_cased_escaped_and_numbered() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Thing:
      type: object
      properties:
        fooBar: {{ type: string }}
        foo_bar: {{ type: string }}
        type: {{ type: string }}
        self: {{ type: string }}
"
    ));
    let names: Vec<String> = struct_fields(&model, "Thing")
        .iter()
        .map(|field| field.rust_name.to_string())
        .collect();
    assert_eq!(names, ["foo_bar", "foo_bar_2", "r#type", "self_"]);
    assert!(struct_fields(&model, "Thing")[2].rust_name.is_raw());
}

#[test]
fn a_struct_that_contains_itself_directly_is_boxed_but_not_through_a_list() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Node:
      type: object
      properties:
        parent: {{ $ref: '#/components/schemas/Node' }}
        children: {{ type: array, items: {{ $ref: '#/components/schemas/Node' }} }}
"
    ));
    let fields = struct_fields(&model, "Node");
    assert!(fields[0].boxed, "parent");
    assert!(!fields[1].boxed, "children");
}

#[test]
fn inline_objects_are_hoisted_under_their_owner_with_their_origin() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Order:
      type: object
      properties:
        shipping:
          type: object
          properties:
            street: {{ type: string }}
"
    ));
    let shipping = &struct_fields(&model, "Order")[0];
    let TypeRef::Named(id) = shipping.ty.strip_nullable().0 else {
        panic!("shipping is {:?}", shipping.ty);
    };
    let hoisted = model.type_def(*id);
    assert_eq!(hoisted.name, "OrderShipping");
    assert_eq!(
        hoisted.origin,
        "/components/schemas/Order/properties/shipping"
    );
}

#[test]
fn one_of_becomes_a_union_named_after_its_branches_with_discriminator_tags() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Cat: {{ type: object, properties: {{ kind: {{ type: string }} }} }}
    Dog: {{ type: object, properties: {{ kind: {{ type: string }} }} }}
    Pet:
      oneOf: [{{ $ref: '#/components/schemas/Cat' }}, {{ $ref: '#/components/schemas/Dog' }}]
      discriminator:
        propertyName: kind
        mapping: {{ cat: '#/components/schemas/Cat' }}
"
    ));
    let TypeKind::Union(union) = &named(&model, "Pet").kind else {
        panic!("Pet is not a union");
    };
    assert_eq!(union.discriminator.as_deref(), Some("kind"));
    let variants: Vec<(&str, &[String])> = union
        .variants
        .iter()
        .map(|variant| (variant.name.as_str(), variant.tags.as_slice()))
        .collect();
    assert_eq!(
        variants,
        [
            ("Cat", &["cat".to_owned()][..]),
            ("Dog", &["Dog".to_owned()][..])
        ]
    );
}

#[test]
fn operation_parameters_override_path_item_ones_and_path_ones_follow_the_template() {
    let (model, warnings) = model_of(&format!(
        "{HEADER}paths:
  /orgs/{{org}}/items/{{item}}:
    parameters:
      - {{ name: verbose, in: query, schema: {{ type: string }} }}
      - {{ name: org, in: path, required: true, schema: {{ type: string }} }}
    get:
      operationId: getItem
      parameters:
        - {{ name: item, in: path, required: true, schema: {{ type: integer }} }}
        - {{ name: verbose, in: query, schema: {{ type: boolean }} }}
      responses: {{ '204': {{ description: none }} }}
"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let get_item = operation(&model, "getItem");
    let parameters: Vec<(&str, ParameterLocation, &TypeRef)> = get_item
        .parameters
        .iter()
        .map(|parameter| {
            (
                parameter.wire_name.as_str(),
                parameter.location,
                &parameter.ty,
            )
        })
        .collect();
    assert_eq!(
        parameters,
        [
            ("org", ParameterLocation::Path, &TypeRef::String),
            (
                "item",
                ParameterLocation::Path,
                &TypeRef::Integer(IntegerWidth::I64)
            ),
            ("verbose", ParameterLocation::Query, &TypeRef::Boolean),
        ]
    );
    assert_eq!(get_item.params_struct.as_deref(), Some("GetItemParams"));
}

#[test]
fn path_templates_bind_each_variable_to_its_argument() {
    let (model, warnings) = model_of(&format!(
        "{HEADER}paths:
  /files/{{fileId}}.{{format}}:
    get:
      operationId: getFile
      parameters:
        - {{ name: fileId, in: path, required: true, schema: {{ type: string }} }}
      responses: {{ '204': {{ description: none }} }}
"
    ));
    let template = &operation(&model, "getFile").path_template;
    assert_eq!(template.as_str(), "/files/{fileId}.{format}");
    let segments: Vec<String> = template
        .segments()
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Parameter(name) => format!("<{name}>"),
        })
        .collect();
    assert_eq!(segments, ["/files/", "<file_id>", ".", "<format>"]);
    // `format` is not declared: it is still sent, as a string, with a warning.
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].pointer.as_str(),
        "/paths/~1files~1{fileId}.{format}/get"
    );
}

#[test]
fn a_malformed_path_template_is_an_error_at_its_path() {
    let error = crate::build_model(&format!(
        "{HEADER}paths:
  /n/{{{{x}}}}:
    get:
      responses: {{ '204': {{ description: none }} }}
"
    ))
    .err();
    let Some(GenerateError::Invalid { pointer, message }) = error else {
        panic!("expected an invalid-document error, got {error:?}");
    };
    assert_eq!(pointer.as_str(), "/paths/~1n~1{{x}}");
    assert!(message.contains("second expression"), "{message}");
}

#[test]
fn each_operation_lists_the_methods_its_bodies_call_for() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths:
  /files/{{id}}:
    get:
      operationId: getFile
      parameters: [{{ name: id, in: path, required: true, schema: {{ type: string }} }}]
      responses:
        '200':
          description: the file
          content: {{ application/pdf: {{ schema: {{ type: string, format: binary }} }} }}
  /items:
    get:
      operationId: listItems
      parameters:
        - {{ name: offset, in: query, schema: {{ type: integer }} }}
        - {{ name: limit, in: query, schema: {{ type: integer }} }}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {{ type: array, items: {{ type: string }} }}
                  total: {{ type: integer }}
            text/csv: {{ schema: {{ type: string }} }}
"
    ));
    let get_file = operation(&model, "getFile");
    assert_eq!(
        method_names(get_file),
        [
            ("get_file".to_owned(), &MethodKind::Buffered),
            ("get_file_stream".to_owned(), &MethodKind::ByteStream)
        ]
    );
    let list_items = method_names(operation(&model, "listItems"));
    let names: Vec<&str> = list_items.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["list_items", "list_items_stream", "list_items_raw"]);
    let MethodKind::ItemStream(pagination) = list_items[1].1 else {
        panic!("{:?}", list_items[1]);
    };
    assert_eq!(pagination.items.rust_name.to_string(), "items");
    assert_eq!(pagination.item_type, TypeRef::String);
    assert!(pagination.total.is_some());
    assert_eq!(list_items[2].1, &MethodKind::Raw);
}

#[test]
fn required_parameters_with_one_allowed_value_are_sent_by_the_client() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths:
  /:
    get:
      operationId: describe
      parameters:
        - {{ $ref: '#/components/parameters/Action' }}
        - {{ name: Version, in: query, required: true, schema: {{ type: string, enum: ['2016-11-15'] }} }}
        - {{ name: Mode, in: query, schema: {{ type: string, enum: [fast] }} }}
        - {{ name: Kind, in: header, required: true, schema: {{ type: string, enum: [a, b] }} }}
        - {{ name: Tag, in: query, required: true, schema: {{ type: string, enum: [x], nullable: true }} }}
      responses:
        '204': {{ description: done }}
components:
  parameters:
    Action:
      name: Action
      in: query
      required: true
      schema: {{ type: string, enum: [Describe] }}
"
    ));
    let describe = operation(&model, "describe");
    let fixed: Vec<(&str, FixedLocation, &str)> = describe
        .fixed_parameters
        .iter()
        .map(|parameter| {
            (
                parameter.wire_name.as_str(),
                parameter.location,
                parameter.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        fixed,
        [
            ("Action", FixedLocation::Query, "Describe"),
            ("Version", FixedLocation::Query, "2016-11-15")
        ]
    );
    // Optional, several values, or nullable: the caller's to give.
    let given: Vec<&str> = describe
        .parameters
        .iter()
        .map(|parameter| parameter.wire_name.as_str())
        .collect();
    assert_eq!(given, ["Mode", "Kind", "Tag"]);
}

#[test]
fn json_under_other_names_needs_no_raw_variant() {
    // What .NET services list for every operation: the same JSON three ways.
    let (model, _) = model_of(&format!(
        "{HEADER}paths:
  /items:
    post:
      operationId: addItem
      requestBody:
        content:
          application/json: {{ schema: {{ type: object }} }}
          text/json: {{ schema: {{ type: object }} }}
          application/*+json: {{ schema: {{ type: object }} }}
      responses:
        '200':
          description: the item
          content:
            application/json: {{ schema: {{ type: object }} }}
            text/json: {{ schema: {{ type: object }} }}
  /reports:
    post:
      operationId: addReport
      requestBody:
        content:
          application/json: {{ schema: {{ type: object }} }}
          text/csv: {{ schema: {{ type: string }} }}
      responses:
        '204': {{ description: added }}
"
    ));
    let names = |id: &str| -> Vec<String> {
        method_names(operation(&model, id))
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };
    assert_eq!(names("addItem"), ["add_item"]);
    assert_eq!(names("addReport"), ["add_report", "add_report_raw"]);
}

#[test]
fn operations_cannot_take_the_names_of_client_methods_or_prelude_traits() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths:
  /a: {{ get: {{ operationId: clone, responses: {{ '204': {{ description: none }} }} }} }}
  /b: {{ get: {{ operationId: request, responses: {{ '204': {{ description: none }} }} }} }}
  /c: {{ get: {{ operationId: type, responses: {{ '204': {{ description: none }} }} }} }}
"
    ));
    let names: Vec<String> = model
        .operations
        .iter()
        .map(|operation| operation.method_name().to_string())
        .collect();
    assert_eq!(names, ["clone_2", "request_2", "r#type"]);
}

#[test]
fn a_title_that_repeats_the_type_name_is_dropped_and_others_kept() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    PackageType: {{ title: PackageType, type: string, enum: [PDF] }}
    Cat: {{ title: A small animal, type: object }}
"
    ));
    assert_eq!(named(&model, "PackageType").docs.summary, None);
    assert_eq!(
        named(&model, "Cat").docs.summary.as_deref(),
        Some("A small animal")
    );
}

#[test]
fn a_default_that_does_not_fit_its_type_is_dropped_with_a_warning() {
    let (model, warnings) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Settings:
      type: object
      properties:
        name: {{ type: string, default: 0 }}
        count: {{ type: integer, default: 3 }}
"
    ));
    let defaults: Vec<Option<&serde_json::Value>> = struct_fields(&model, "Settings")
        .iter()
        .map(|field| field.default.as_ref())
        .collect();
    assert_eq!(defaults, [None, Some(&serde_json::json!(3))]);
    let pointers: Vec<&str> = warnings
        .iter()
        .map(|warning| warning.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/components/schemas/Settings/properties/name/default"]
    );
}

#[test]
fn text_bodies_are_text_only_when_their_schema_says_string() {
    let (model, _) = model_of(
        "openapi: 3.1.0
info: { title: T, version: '1' }
paths:
  /csv:
    get:
      operationId: csvNoSchema
      responses: { '200': { description: csv, content: { text/csv: {} } } }
  /csv-empty:
    get:
      operationId: csvEmptySchema
      responses: { '200': { description: csv, content: { text/csv: { schema: {} } } } }
  /plain:
    get:
      operationId: plainString
      responses: { '200': { description: text, content: { text/plain: { schema: { type: string } } } } }
",
    );
    let successes: Vec<&SuccessResponse> = model
        .operations
        .iter()
        .map(|operation| &operation.success)
        .collect();
    assert_eq!(
        successes,
        [
            &SuccessResponse::Binary,
            &SuccessResponse::Binary,
            &SuccessResponse::Text
        ]
    );
}

#[test]
fn binary_parameters_are_text() {
    let (model, _) = model_of(
        "openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /files:
    get:
      operationId: find
      parameters:
        - { name: name, in: query, schema: { type: string, format: binary } }
        - { name: names, in: query, schema: { type: array, items: { type: string, format: binary } } }
      responses: { '204': { description: none } }
",
    );
    let types: Vec<&TypeRef> = operation(&model, "find")
        .parameters
        .iter()
        .map(|parameter| &parameter.ty)
        .collect();
    assert_eq!(
        types,
        [&TypeRef::String, &TypeRef::Array(Box::new(TypeRef::String))]
    );
}

#[test]
fn a_file_part_means_the_same_in_both_versions() {
    let file_part = |version: &str, schema: &str| {
        let (model, _) = model_of(&format!(
            "openapi: {version}
info: {{ title: T, version: '1' }}
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {{ type: object, properties: {{ file: {schema} }} }}
      responses: {{ '204': {{ description: none }} }}
"
        ));
        struct_fields(&model, "UploadRequest")[0].ty.clone()
    };
    assert_eq!(
        file_part("3.0.3", "{ type: string, format: binary }"),
        TypeRef::Bytes
    );
    assert_eq!(
        file_part("3.1.0", "{ contentMediaType: application/octet-stream }"),
        TypeRef::Bytes
    );
}

#[test]
fn an_all_of_of_one_reference_and_annotations_is_that_reference() {
    let (model, _) = model_of(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Expression:
      type: object
      properties:
        not:
          allOf:
            - $ref: '#/components/schemas/Expression'
            - description: Results that do not match.
"
    ));
    let not = &struct_fields(&model, "Expression")[0];
    assert_eq!(not.ty, TypeRef::Named(named_id(&model, "Expression")));
    assert!(not.boxed);
    assert_eq!(model.types.len(), 1, "no copy of Expression");
}

fn named_id(model: &ApiModel, name: &str) -> TypeId {
    model
        .types
        .iter()
        .position(|definition| definition.name == name)
        .map(TypeId)
        .unwrap_or_else(|| panic!("no type {name}"))
}

#[test]
fn a_binary_string_under_a_json_media_type_is_any_json_value() {
    let (model, warnings) = model_of(&format!(
        "{HEADER}paths:
  /blob:
    get:
      operationId: getBlob
      responses:
        '200':
          description: mislabelled
          content: {{ application/json: {{ schema: {{ type: string, format: binary }} }} }}
"
    ));
    assert_eq!(
        operation(&model, "getBlob").success,
        SuccessResponse::Json(TypeRef::Json)
    );
    assert_eq!(
        warnings[0].pointer.as_str(),
        "/paths/~1blob/get/responses/200/content/application~1json/schema"
    );
}

#[test]
fn server_variables_get_defaults_builder_methods_and_value_types() {
    let (model, warnings) = model_of(
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://{region}.example.com/{base path}", "variables": {
            "region": {"default": "eu-west-1", "enum": ["eu-west-1", "us-east-1"]},
            "base path": {"default": "v1"}}}],
        "paths": {
            "/a": {"get": {"operationId": "plain", "responses": {"204": {"description": "ok"}}}},
            "/b": {"servers": [{"url": "https://{host}/b", "variables": {"host": {"default": "b.example.com"}}}],
                "get": {"operationId": "pathLevel", "responses": {"204": {"description": "ok"}}},
                "put": {"operationId": "operationLevel", "servers": [{"url": "https://put.example.com"}],
                    "responses": {"204": {"description": "ok"}}}}}}"#,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let server = model.server.as_ref().unwrap();
    assert_eq!(server.default_url(), "https://eu-west-1.example.com/v1");
    assert!(server.is_absolute());
    let methods: Vec<String> = server
        .variables
        .iter()
        .map(|variable| variable.method.to_string())
        .collect();
    assert_eq!(methods, ["server_region", "server_base_path"]);
    let values = server.variables[0].values.as_ref().unwrap();
    assert_eq!(values.type_name, "Region");
    let variants: Vec<&str> = values
        .variants
        .iter()
        .map(|variant| variant.name.as_str())
        .collect();
    assert_eq!(variants, ["EuWest1", "UsEast1"]);
    assert_eq!(server.variables[1].values, None);
    assert_eq!(operation(&model, "plain").server, None);
    assert_eq!(
        operation(&model, "pathLevel").server.as_deref(),
        Some("https://b.example.com/b")
    );
    assert_eq!(
        operation(&model, "operationLevel").server.as_deref(),
        Some("https://put.example.com")
    );
}

#[test]
fn a_relative_server_is_kept_but_not_absolute() {
    let (model, _) = model_of(
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "/api/v3"}], "paths": {}}"#,
    );
    let server = model.server.as_ref().unwrap();
    assert_eq!(server.default_url(), "/api/v3");
    assert!(!server.is_absolute());
}

#[test]
fn success_statuses_make_an_enum_only_where_their_bodies_differ() {
    let (model, warnings) = model_of(
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/same": {"post": {"operationId": "same", "responses": {
                "200": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
                "201": {"description": "b", "content": {"application/json": {"schema": {"type": "string"}}}}}}},
            "/mixed": {"put": {"operationId": "mixed", "responses": {
                "204": {"description": "none"},
                "200": {"description": "a", "content": {"application/json": {"schema": {"type": "integer"}}}}}}},
            "/bytes": {"get": {"operationId": "bytes", "responses": {
                "200": {"description": "a", "content": {"application/pdf": {}}},
                "202": {"description": "b", "content": {"application/json": {"schema": {"type": "string"}}}}}}}}}"#,
    );
    assert_eq!(
        operation(&model, "same").success,
        SuccessResponse::Json(TypeRef::String)
    );
    let SuccessResponse::ByStatus(mixed) = &operation(&model, "mixed").success else {
        panic!("an enum by status")
    };
    let cases: Vec<(&str, &str)> = mixed
        .cases
        .iter()
        .map(|case| (case.status.as_str(), case.variant.as_str()))
        .collect();
    assert_eq!(cases, [("204", "NoContent"), ("200", "Ok")]);
    assert_eq!(operation(&model, "bytes").success, SuccessResponse::Binary);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .to_string()
        .starts_with("warning at /paths/~1bytes/get/responses/202"));
}

/// A `$ref` with annotations beside it (`description`, `readOnly`, a `type`
/// the target has anyway) is a use of the target, described: the field has
/// the target's type and the annotations, and no copy of the target exists.
#[test]
fn reference_with_annotation_siblings_is_the_target_not_a_copy() {
    let (model, _) = model_of(
        r##"
openapi: 3.1.0
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Account:
      type: object
      properties:
        id: { type: string }
        owner: { $ref: "#/components/schemas/Person" }
    Person:
      type: object
      properties:
        name: { type: string }
    Order:
      type: object
      properties:
        account:
          $ref: "#/components/schemas/Account"
          description: The account that placed the order.
          readOnly: true
          type: object
        payer:
          $ref: "#/components/schemas/Person"
          nullable: true
          deprecated: true
"##,
    );
    let fields = struct_fields(&model, "Order");
    let account = &fields[0];
    let account_id = model
        .types
        .iter()
        .position(|definition| definition.name == "Account")
        .map(TypeId);
    assert_eq!(Some(account.ty.clone()), account_id.map(TypeRef::Named));
    assert_eq!(
        account.docs.description.as_deref(),
        Some("The account that placed the order.")
    );
    assert_eq!(account.access, Access::ReadOnly);
    let payer = &fields[1];
    assert!(payer.docs.deprecated);
    assert!(
        matches!(
            payer.presence,
            Presence::OptionalNullable | Presence::RequiredNullable
        ) || matches!(payer.ty, TypeRef::Nullable(_))
    );
    let structs = model
        .types
        .iter()
        .filter(|definition| matches!(definition.kind, TypeKind::Struct(_)))
        .count();
    assert_eq!(structs, 3, "{:#?}", model.types);
}

/// One cargo feature per tag: an operation is in the features of its tags, a
/// type in those of the operations that reach it; schemas no operation uses
/// have a feature of their own, and the shared error body none at all.
#[test]
fn features_follow_tags_and_what_each_operation_reaches() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/shapes/tagged_areas.yaml"),
    )
    .expect("fixture");
    let (model, _) = model_of(&text);
    let names: Vec<&str> = model
        .features
        .iter()
        .map(|feature| feature.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["pets", "stores", "untagged", "unreferenced-schemas"]
    );
    assert_eq!(operation(&model, "listPets").features, ["pets"]);
    assert_eq!(
        operation(&model, "addPetToStore").features,
        ["pets", "stores"]
    );
    assert_eq!(operation(&model, "health").features, ["untagged"]);
    assert_eq!(named(&model, "Pet").features, [["pets", "stores"]]);
    assert_eq!(
        named(&model, "Store").features,
        [["stores", "unreferenced-schemas"]]
    );
    assert_eq!(
        named(&model, "Archive").features,
        [["unreferenced-schemas"]]
    );
    assert!(named(&model, "Problem").features.is_empty());
}

#[test]
fn a_document_with_one_group_of_operations_has_no_features() {
    let (model, _) = model_of(
        r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a: { get: { operationId: a, tags: [A], responses: { "204": { description: ok } } } }
  /b: { get: { operationId: b, tags: [A], responses: { "204": { description: ok } } } }
"##,
    );
    assert!(model.features.is_empty());
    assert!(operation(&model, "a").features.is_empty());
}

const COLLIDING_NAMES: &str = r#"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {},
  "components": {"schemas": {
    "Order": {"type": "object", "properties": {
      NEWCOMER
      "shipping": {"type": "object", "properties": {
        "city": {"type": "object", "properties": {"name": {"type": "string"}}}
      }}
    }}
  }}
}"#;

#[test]
fn kept_names_go_back_to_their_schemas_and_the_newcomer_is_numbered() {
    let (old, _) = model_of(&COLLIDING_NAMES.replace("NEWCOMER", ""));
    let city = "/components/schemas/Order/properties/shipping/properties/city";
    let origin_of = |model: &ApiModel, name: &str| named(model, name).origin.clone();
    assert_eq!(origin_of(&old, "OrderShippingCity"), city);
    let newcomer =
        r#""shippingCity": {"type": "object", "properties": {"zip": {"type": "string"}}},"#;
    let new_text = COLLIDING_NAMES.replace("NEWCOMER", newcomer);
    // Without the old names, the schema met first takes the name.
    let (fresh, _) = model_of(&new_text);
    assert_ne!(origin_of(&fresh, "OrderShippingCity"), city);
    let (kept, _) =
        crate::build_model_keeping_names(&new_text, &KeptNames::of(&old)).expect("model");
    assert_eq!(origin_of(&kept, "OrderShippingCity"), city);
    assert_eq!(
        origin_of(&kept, "OrderShippingCity2"),
        "/components/schemas/Order/properties/shippingCity"
    );
    let round_trip = KeptNames::from_json(&KeptNames::of(&kept).to_json()).expect("reads");
    assert_eq!(round_trip, KeptNames::of(&kept));
}

#[test]
fn only_types_a_request_reaches_through_writable_fields_are_sent() {
    let (model, _) = model_of(
        r##"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {"/orders": {"post": {
    "operationId": "createOrder",
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}},
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}}}
  }}},
  "components": {"schemas": {
    "NewOrder": {"type": "object", "properties": {
      "item": {"$ref": "#/components/schemas/Item"},
      "audit": {"readOnly": true, "allOf": [{"$ref": "#/components/schemas/Audit"}]}
    }},
    "Item": {"type": "object", "properties": {"sku": {"type": "string"}}},
    "Audit": {"type": "object", "properties": {"by": {"type": "string"}}},
    "Receipt": {"type": "object", "properties": {"id": {"type": "string"}}}
  }}
}"##,
    );
    let sent = |name: &str| named(&model, name).sent;
    assert!(sent("NewOrder") && sent("Item"));
    assert!(!sent("Audit"), "only behind a read-only field");
    assert!(!sent("Receipt"), "only received");
}
