//! Behaviour of the generated Signicat Sign client against a real HTTP server on
//! loopback: what goes on the wire for each operation, and how responses and
//! errors come back.

use futures_util::StreamExt;
use serde_json::{json, Value};
use signicat_sign_client::models::{
    DocumentCollection, DocumentReference, HashAlgorithm, IdentityProvider, MerchantSignRequest,
    PackageType, Problem, SessionDocument, SessionDocumentAction, SessionState, SignatureType,
    SigningFlow, SigningSession, SigningSetup, ToBeSignedDocument, UpdateDocument,
    UpdateSigningSession, VendorEnum,
};
use signicat_sign_client::params::ListSigningSessionsParams;
use signicat_sign_client::runtime::Error as RuntimeError;
use signicat_sign_client::{Client, Error, Upload};
use uuid::{uuid, Uuid};
use wiremock::matchers::{
    bearer_token, body_bytes, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-token";
const DOCUMENT_ID: Uuid = uuid!("d1234567-89ab-cdef-0123-456789abcdef");
const COLLECTION_ID: Uuid = uuid!("f05d0dce-a7af-432b-b6b8-e455ab7c0858");
const SESSION_ID: Uuid = uuid!("0b0e2c5a-5d1f-4c43-9a3e-6f1d2b7c8e90");
const RESULT_DOCUMENT_ID: Uuid = uuid!("f05d0dce-a7af-432b-b6b8-e455ab7c0864");

fn client(server: &MockServer) -> Client {
    client_at(server.uri())
}

fn client_at(base_url: String) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .build()
        .expect("the client builds")
}

/// A mock for exactly this method and path, sent with the test bearer token.
fn authorised(http_method: &str, request_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(request_path))
        .and(bearer_token(TOKEN))
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn document_info_json() -> Value {
    json!({
        "mimeType": "application/pdf",
        "documentId": DOCUMENT_ID.to_string(),
        "createdAt": "2023-04-12T10:30:00Z",
        "documentHash": { "hash": "q1w2e3", "hashAlgorithm": "SHA256" },
        "filename": "contract.pdf",
        "title": "Employment contract",
        "description": "Signed by both parties"
    })
}

fn collection_json() -> Value {
    json!({
        "id": COLLECTION_ID.to_string(),
        "documents": [
            { "documentId": DOCUMENT_ID.to_string(), "description": "Terms of Service" }
        ],
        "packageTo": ["PADES_CONTAINER"],
        "output": {
            "packages": [{
                "packageId": "f05d0dce-a7af-432b-b6b8-e455ab7c0863",
                "packageType": "PADES_CONTAINER",
                "resultDocumentId": RESULT_DOCUMENT_ID.to_string()
            }]
        }
    })
}

fn session_json(id: Uuid, state: &str) -> Value {
    json!({
        "id": id.to_string(),
        "signatureUrl": format!("https://sign.example/{id}"),
        "signatureUrlExpiresAt": "2024-06-01T12:00:00Z",
        "title": "Employment contract",
        "documents": [{
            "documentCollectionId": COLLECTION_ID.to_string(),
            "action": "SIGN",
            "documentId": DOCUMENT_ID.to_string()
        }],
        "lifecycle": { "state": state, "stateIsFinal": false },
        "signingSetup": [{
            "identityProviders": [{ "idpName": "nbid" }],
            "signingFlow": "AUTHENTICATION_BASED"
        }]
    })
}

fn not_found_problem_json() -> Value {
    json!({
        "type": "https://developer.signicat.com/problems/document-not-found",
        "title": "Could not find document",
        "status": 404,
        "code": "document_not_found",
        "traceId": "abc",
        "invalidParams": [{ "name": "documentId", "reason": "unknown" }],
        "detail": "No document with this ID exists."
    })
}

fn new_session(title: &str, external_reference: Option<Option<String>>) -> SigningSession {
    let mut session = SigningSession::new(
        title,
        vec![SessionDocument::new(
            COLLECTION_ID,
            SessionDocumentAction::Sign,
            DOCUMENT_ID,
        )],
        vec![SigningSetup::new(SigningFlow::AuthenticationBased)
            .with_identity_providers(vec![IdentityProvider::new("nbid")])],
    );
    session.external_reference = external_reference;
    session
}

/// The wire form of [`new_session`] without `externalReference`.
fn new_session_json(title: &str) -> Value {
    json!({
        "title": title,
        "documents": [{
            "documentCollectionId": COLLECTION_ID.to_string(),
            "action": "SIGN",
            "documentId": DOCUMENT_ID.to_string()
        }],
        "signingSetup": [{
            "identityProviders": [{ "idpName": "nbid" }],
            "signingFlow": "AUTHENTICATION_BASED"
        }]
    })
}

#[tokio::test]
async fn upload_document_sends_raw_pdf_bytes_with_pdf_content_type() {
    let server = MockServer::start().await;
    let pdf = b"%PDF-1.7\n\x00\xff\xfe binary content\n%%EOF".to_vec();
    authorised("POST", "/documents")
        .and(header("content-type", "application/pdf"))
        .and(body_bytes(pdf.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "mimeType": "application/pdf",
            "documentId": DOCUMENT_ID.to_string(),
            "createdAt": "2023-04-12T10:30:00Z",
            "documentHash": { "hash": "q1w2e3", "hashAlgorithm": "SHA256" }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .upload_document(Upload::new("application/pdf", pdf.clone()))
        .await
        .expect("upload succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.document_id, Some(DOCUMENT_ID));
    assert_eq!(response.mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(
        response.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2023-04-12T10:30:00+00:00")
    );
    let hash = response.document_hash.as_ref().expect("hash is present");
    assert_eq!(hash.hash.as_deref(), Some("q1w2e3"));
    assert_eq!(hash.hash_algorithm, Some(HashAlgorithm::Sha256));
    let request = single_request(&server).await;
    assert_eq!(
        request.headers.get("content-length").unwrap(),
        &pdf.len().to_string()
    );
}

#[tokio::test]
async fn upload_document_sends_plain_text_with_text_content_type() {
    let server = MockServer::start().await;
    authorised("POST", "/documents")
        .and(header("content-type", "text/plain"))
        .and(body_bytes(b"I agree to the terms.".to_vec()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "mimeType": "text/plain",
            "documentId": DOCUMENT_ID.to_string()
        })))
        .expect(1)
        .mount(&server)
        .await;

    let document = client(&server)
        .upload_document(Upload::new("text/plain", "I agree to the terms."))
        .await
        .expect("upload succeeds")
        .into_inner();

    assert_eq!(document.mime_type.as_deref(), Some("text/plain"));
    assert_eq!(document.document_id, Some(DOCUMENT_ID));
    assert_eq!(document.created_at, None);
}

#[tokio::test]
async fn get_document_returns_the_raw_bytes_and_their_content_type() {
    let server = MockServer::start().await;
    let pdf = b"%PDF-1.7\n\x00\x01\x02\xff%%EOF".to_vec();
    authorised("GET", &format!("/documents/{DOCUMENT_ID}"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_document(DOCUMENT_ID)
        .await
        .expect("download succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/pdf"
    );
    assert_eq!(&response[..], &pdf[..]);
}

#[tokio::test]
async fn get_document_stream_yields_the_whole_body() {
    let server = MockServer::start().await;
    let content: Vec<u8> = (0..512 * 1024).map(|index| (index % 251) as u8).collect();
    authorised("GET", &format!("/documents/{DOCUMENT_ID}"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(content.clone(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_document_stream(DOCUMENT_ID)
        .await
        .expect("download starts");
    assert_eq!(response.status().as_u16(), 200);
    let mut stream = response.into_inner();
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("chunk arrives"));
    }

    assert_eq!(received.len(), content.len());
    assert!(received == content, "streamed bytes differ from the body");
}

#[tokio::test]
async fn delete_document_returns_unit_on_204() {
    let server = MockServer::start().await;
    authorised("DELETE", &format!("/documents/{DOCUMENT_ID}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_document(DOCUMENT_ID)
        .await
        .expect("delete succeeds");

    assert_eq!(response.status().as_u16(), 204);
    let () = response.into_inner();
}

/// A JSON operation asks for JSON: a server that also offers XML (Prism
/// serving the petstore, for one) otherwise answers with its first type.
#[tokio::test]
async fn a_json_operation_sends_accept_application_json() {
    let server = MockServer::start().await;
    authorised("GET", &format!("/documents/{DOCUMENT_ID}/metadata"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(document_info_json()))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .get_document_info(DOCUMENT_ID)
        .await
        .expect("the request asks for JSON");
}

#[tokio::test]
async fn get_document_info_decodes_the_metadata() {
    let server = MockServer::start().await;
    authorised("GET", &format!("/documents/{DOCUMENT_ID}/metadata"))
        .respond_with(ResponseTemplate::new(200).set_body_json(document_info_json()))
        .expect(1)
        .mount(&server)
        .await;

    let document = client(&server)
        .get_document_info(DOCUMENT_ID)
        .await
        .expect("metadata is returned")
        .into_inner();

    assert_eq!(document.document_id, Some(DOCUMENT_ID));
    assert_eq!(document.filename.as_deref(), Some("contract.pdf"));
    assert_eq!(document.title.as_deref(), Some("Employment contract"));
    assert_eq!(
        document.description.as_deref(),
        Some("Signed by both parties")
    );
    assert_eq!(
        document.document_hash.and_then(|hash| hash.hash_algorithm),
        Some(HashAlgorithm::Sha256)
    );
}

#[tokio::test]
async fn base_url_path_prefix_and_trailing_slash_are_handled() {
    let server = MockServer::start().await;
    authorised("GET", &format!("/sign/documents/{DOCUMENT_ID}/metadata"))
        .respond_with(ResponseTemplate::new(200).set_body_json(document_info_json()))
        .expect(1)
        .mount(&server)
        .await;

    let document = client_at(format!("{}/sign/", server.uri()))
        .get_document_info(DOCUMENT_ID)
        .await
        .expect("metadata is returned");

    assert_eq!(document.document_id, Some(DOCUMENT_ID));
}

#[tokio::test]
async fn update_document_metadata_sends_only_the_fields_that_are_set() {
    let server = MockServer::start().await;
    authorised("PATCH", &format!("/documents/{DOCUMENT_ID}/metadata"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "title": "Renamed contract" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "documentId": DOCUMENT_ID.to_string(),
            "title": "Renamed contract"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let update = UpdateDocument::default().with_title("Renamed contract");
    let document = client(&server)
        .update_document_metadata(DOCUMENT_ID, &update)
        .await
        .expect("update succeeds");

    assert_eq!(document.title.as_deref(), Some("Renamed contract"));
    assert_eq!(document.filename, None);
}

#[tokio::test]
async fn create_document_collection_exposes_201_and_location_header() {
    let server = MockServer::start().await;
    let location = format!("/document-collections/{COLLECTION_ID}");
    authorised("POST", "/document-collections")
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "documents": [
                { "documentId": DOCUMENT_ID.to_string(), "description": "Terms of Service" }
            ],
            "packageTo": ["PADES_CONTAINER"]
        })))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Location", location.as_str())
                .set_body_json(collection_json()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let collection = DocumentCollection::new(vec![
        DocumentReference::new(DOCUMENT_ID).with_description("Terms of Service")
    ])
    .with_package_to(vec![PackageType::PadesContainer]);
    let response = client(&server)
        .create_document_collection(&collection)
        .await
        .expect("collection is created");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers().get("location").unwrap(), &location);
    assert_eq!(response.id, Some(COLLECTION_ID));
    assert_eq!(response.documents, collection.documents);
}

#[tokio::test]
async fn get_document_collection_decodes_its_packages() {
    let server = MockServer::start().await;
    authorised("GET", &format!("/document-collections/{COLLECTION_ID}"))
        .respond_with(ResponseTemplate::new(200).set_body_json(collection_json()))
        .expect(1)
        .mount(&server)
        .await;

    let collection = client(&server)
        .get_document_collection(COLLECTION_ID)
        .await
        .expect("collection is returned")
        .into_inner();

    assert_eq!(collection.id, Some(COLLECTION_ID));
    assert_eq!(
        collection.package_to,
        Some(vec![PackageType::PadesContainer])
    );
    let packages = collection
        .output
        .and_then(|output| output.packages)
        .expect("packages are present");
    assert_eq!(packages.len(), 1);
    assert_eq!(packages[0].package_type, Some(PackageType::PadesContainer));
    assert_eq!(packages[0].result_document_id, Some(RESULT_DOCUMENT_ID));
}

#[tokio::test]
async fn delete_document_collection_returns_unit_on_204() {
    let server = MockServer::start().await;
    authorised("DELETE", &format!("/document-collections/{COLLECTION_ID}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_document_collection(COLLECTION_ID)
        .await
        .expect("delete succeeds");

    assert_eq!(response.status().as_u16(), 204);
    let () = response.into_inner();
}

#[tokio::test]
async fn create_signing_session_sends_an_array_with_null_kept_apart_from_absent() {
    let server = MockServer::start().await;
    let mut explicit_null = new_session_json("Explicit null");
    explicit_null["externalReference"] = Value::Null;
    let absent = new_session_json("Absent");
    let mut set = new_session_json("Set");
    set["externalReference"] = json!("order-42");
    let mut created_with_null = session_json(SESSION_ID, "READY");
    created_with_null["externalReference"] = Value::Null;
    authorised("POST", "/signing-sessions")
        .and(header("content-type", "application/json"))
        .and(body_json(json!([explicit_null, absent, set])))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!([
            created_with_null,
            session_json(SESSION_ID, "READY")
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let sessions = [
        new_session("Explicit null", Some(None)),
        new_session("Absent", None),
        new_session("Set", Some(Some("order-42".to_owned()))),
    ];
    let response = client(&server)
        .create_signing_session(&sessions)
        .await
        .expect("sessions are created");

    let sent: Value = single_request(&server).await.body_json().unwrap();
    let sent = sent.as_array().expect("the body is a JSON array");
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0].get("externalReference"), Some(&Value::Null));
    assert_eq!(sent[1].get("externalReference"), None);
    assert_eq!(sent[2]["externalReference"], "order-42");
    assert!(sent.iter().all(|session| session.get("id").is_none()));

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.len(), 2);
    assert_eq!(response[0].id, Some(SESSION_ID));
    assert_eq!(response[0].external_reference, Some(None));
    assert_eq!(response[1].external_reference, None);
}

#[tokio::test]
async fn list_signing_sessions_explodes_state_and_omits_absent_params() {
    let server = MockServer::start().await;
    authorised("GET", "/signing-sessions")
        .and(query_param("offset", "20"))
        .and(query_param("limit", "10"))
        .and(query_param("state", "READY"))
        .and(query_param("state", "BLOCKED"))
        .and(query_param_is_missing("sort"))
        .and(query_param_is_missing("createdDateFrom"))
        .and(query_param_is_missing("createdDateTo"))
        .and(query_param_is_missing("dueDateFrom"))
        .and(query_param_is_missing("dueDateTo"))
        .and(query_param_is_missing("sessionTitleLike"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 10,
            "offset": 20,
            "count": 1,
            "total": 21,
            "data": [session_json(SESSION_ID, "BLOCKED")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListSigningSessionsParams::default()
        .with_offset(20)
        .with_limit(10)
        .with_state(vec!["READY".to_owned(), "BLOCKED".to_owned()]);
    let page = client(&server)
        .list_signing_sessions(&params)
        .await
        .expect("the page is returned")
        .into_inner();

    let request = single_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("offset=20&limit=10&state=READY&state=BLOCKED")
    );
    assert_eq!((page.offset, page.limit), (Some(20), Some(10)));
    assert_eq!((page.count, page.total), (Some(1), Some(21)));
    let sessions = page.data.expect("data is present");
    assert_eq!(sessions[0].id, Some(SESSION_ID));
    assert_eq!(
        sessions[0].lifecycle.as_ref().and_then(|l| l.state.clone()),
        Some(SessionState::Blocked)
    );
}

#[tokio::test]
async fn list_signing_sessions_without_params_sends_no_query_string() {
    let server = MockServer::start().await;
    authorised("GET", "/signing-sessions")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .list_signing_sessions(&ListSigningSessionsParams::default())
        .await
        .expect("the page is returned");

    assert_eq!(single_request(&server).await.url.query(), None);
    assert_eq!(page.data, Some(Vec::new()));
}

#[tokio::test]
async fn get_signing_session_decodes_known_values_into_their_variants() {
    let server = MockServer::start().await;
    let mut signed = session_json(SESSION_ID, "SIGNED");
    signed["lifecycle"]["stateIsFinal"] = json!(true);
    signed["output"] = json!({
        "signatures": [{
            "documentCollectionId": COLLECTION_ID.to_string(),
            "originalDocumentId": DOCUMENT_ID.to_string(),
            "resultDocumentId": RESULT_DOCUMENT_ID.to_string(),
            "signatureType": "PADES"
        }]
    });
    authorised("GET", &format!("/signing-sessions/{SESSION_ID}"))
        .respond_with(ResponseTemplate::new(200).set_body_json(signed))
        .expect(1)
        .mount(&server)
        .await;

    let session = client(&server)
        .get_signing_session(SESSION_ID)
        .await
        .expect("the session is returned")
        .into_inner();

    assert_eq!(session.id, Some(SESSION_ID));
    assert_eq!(session.title, "Employment contract");
    let lifecycle = session.lifecycle.expect("lifecycle is present");
    assert_eq!(lifecycle.state, Some(SessionState::Signed));
    assert_eq!(lifecycle.state_is_final, Some(true));
    assert_eq!(session.documents[0].action, SessionDocumentAction::Sign);
    assert_eq!(
        session.signing_setup[0].signing_flow,
        SigningFlow::AuthenticationBased
    );
    let signatures = session
        .output
        .and_then(|output| output.signatures)
        .expect("signatures are present");
    assert_eq!(signatures[0].signature_type, SignatureType::Pades);
    assert_eq!(signatures[0].result_document_id, RESULT_DOCUMENT_ID);
}

#[tokio::test]
async fn get_signing_session_keeps_an_unlisted_state_in_the_other_variant() {
    let server = MockServer::start().await;
    authorised("GET", &format!("/signing-sessions/{SESSION_ID}"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json(SESSION_ID, "EXPIRED")))
        .expect(1)
        .mount(&server)
        .await;

    let session = client(&server)
        .get_signing_session(SESSION_ID)
        .await
        .expect("an unlisted enum value still decodes");

    let state = session.lifecycle.as_ref().and_then(|l| l.state.clone());
    assert_eq!(state, Some(SessionState::Other("EXPIRED".into())));
    assert_eq!(state.unwrap().as_str(), "EXPIRED");
}

#[tokio::test]
async fn delete_signing_session_returns_unit_on_204() {
    let server = MockServer::start().await;
    authorised("DELETE", &format!("/signing-sessions/{SESSION_ID}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_signing_session(SESSION_ID)
        .await
        .expect("delete succeeds");

    assert_eq!(response.status().as_u16(), 204);
    let () = response.into_inner();
}

#[tokio::test]
async fn update_signing_session_percent_encodes_the_session_id() {
    let server = MockServer::start().await;
    authorised("PATCH", "/signing-sessions/order%2042%2Fb")
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "dueDate": "2024-06-01T12:00:00Z" })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let mut update = UpdateSigningSession::default();
    update.due_date = Some("2024-06-01T12:00:00Z".parse().unwrap());
    let response = client(&server)
        .update_signing_session("order 42/b", &update)
        .await
        .expect("update succeeds");

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        single_request(&server).await.url.path(),
        "/signing-sessions/order%2042%2Fb"
    );
}

#[tokio::test]
async fn merchant_sign_posts_the_request_and_decodes_the_results() {
    let server = MockServer::start().await;
    authorised("POST", "/merchant-signing")
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "vendor": "NBID",
            "toBeSignedDocuments": [{ "documentId": DOCUMENT_ID.to_string() }]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
            "documentId": DOCUMENT_ID.to_string(),
            "documentResultId": RESULT_DOCUMENT_ID.to_string()
        }])))
        .expect(1)
        .mount(&server)
        .await;

    let request =
        MerchantSignRequest::new(VendorEnum::Nbid, vec![ToBeSignedDocument::new(DOCUMENT_ID)]);
    let results = client(&server)
        .merchant_sign(&request)
        .await
        .expect("merchant signing succeeds")
        .into_inner();

    assert_eq!(results.len(), 1);
    assert_eq!(results[0].document_id, Some(DOCUMENT_ID));
    assert_eq!(results[0].document_result_id, Some(RESULT_DOCUMENT_ID));
}

#[tokio::test]
async fn problem_json_error_decodes_into_a_typed_problem() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&not_found_problem_json()).unwrap();
    authorised("GET", &format!("/documents/{DOCUMENT_ID}/metadata"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/problem+json"))
        .expect(1)
        .mount(&server)
        .await;

    let error: Error = client(&server)
        .get_document_info(DOCUMENT_ID)
        .await
        .expect_err("404 is an error");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.operation(), "getDocumentInfo");
    let problem: &Problem = error.error_body().expect("the problem is decoded");
    assert_eq!(problem.title.as_deref(), Some("Could not find document"));
    assert_eq!(problem.status, Some(404));
    assert_eq!(problem.code.as_deref(), Some("document_not_found"));
    assert_eq!(problem.trace_id.as_deref(), Some("abc"));
    assert_eq!(
        problem.r#type.as_deref(),
        Some("https://developer.signicat.com/problems/document-not-found")
    );
    let invalid = problem.invalid_params.as_deref().expect("invalid params");
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].name.as_deref(), Some("documentId"));
    assert_eq!(invalid[0].reason.as_deref(), Some("unknown"));
    let RuntimeError::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(
        api.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
}

#[tokio::test]
async fn delete_error_is_reported_although_the_success_body_is_empty() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&not_found_problem_json()).unwrap();
    authorised("DELETE", &format!("/documents/{DOCUMENT_ID}"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(body, "application/problem+json"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .delete_document(DOCUMENT_ID)
        .await
        .expect_err("404 is an error");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    let code = error
        .error_body()
        .and_then(|problem| problem.code.as_deref());
    assert_eq!(code, Some("document_not_found"));
}

#[tokio::test]
async fn server_error_with_a_non_json_body_keeps_the_snippet() {
    let server = MockServer::start().await;
    let page = "<html><body>upstream timed out</body></html>";
    authorised("GET", &format!("/signing-sessions/{SESSION_ID}"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(page, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .get_signing_session(SESSION_ID)
        .await
        .expect_err("500 is an error");

    let RuntimeError::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.body, None);
    assert_eq!(api.snippet, page);
    assert!(error.error_body().is_none());
    assert!(error.to_string().contains("upstream timed out"));
}

#[tokio::test]
async fn success_body_not_matching_the_schema_is_a_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"id":"not-a-uuid","documents":"none"}"#;
    authorised("GET", &format!("/document-collections/{COLLECTION_ID}"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .get_document_collection(COLLECTION_ID)
        .await
        .expect_err("the body does not decode");

    let RuntimeError::Decode {
        operation,
        status,
        snippet,
        ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(*operation, "getDocumentCollection");
    assert_eq!(status.as_u16(), 200);
    assert_eq!(snippet, body);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_its_version() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("User-Agent", "signicat-sign-client/0.2.0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    client
        .delete_document(DOCUMENT_ID)
        .await
        .expect("the request carried the User-Agent");
}

/// `..` percent-encoded is still a dot segment to URL parsing, so the request
/// would reach `/signing-sessions/` or `/` instead: such values never leave.
#[tokio::test]
async fn dot_segment_and_empty_path_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let update = UpdateSigningSession::default();
    for value in ["..", ".", "", "%2E%2E"] {
        let result = client(&server).update_signing_session(value, &update).await;
        if value == "%2E%2E" {
            // A literal percent sign is escaped, so this one is an ordinary segment.
            result.expect("an escaped percent sign is sent");
            continue;
        }
        match result {
            Err(Error::InvalidRequest { operation, message }) => {
                assert_eq!(operation, "updateSigningSession");
                assert!(message.contains("path parameter `sessionId`"), "{message}");
            }
            other => panic!("`{value}` was not refused: {other:?}"),
        }
    }
    let received = server.received_requests().await.expect("recording is on");
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    assert_eq!(paths, ["/signing-sessions/%252E%252E"]);
}

#[tokio::test]
async fn dots_inside_a_path_value_are_sent_as_they_are() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let update = UpdateSigningSession::default();
    for value in ["...", "a..b", ".hidden"] {
        client(&server)
            .update_signing_session(value, &update)
            .await
            .expect("an ordinary segment is sent");
    }
    let received = server.received_requests().await.expect("recording is on");
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/signing-sessions/...",
            "/signing-sessions/a..b",
            "/signing-sessions/.hidden"
        ]
    );
}

/// Cookie parameters go through the runtime's `cookie(..)`; no Signicat
/// operation has one, so the request is built the way generated code builds it.
async fn send_with_cookie(server: &MockServer, name: &str, value: &str) -> Result<(), Error> {
    client(server)
        .request(reqwest::Method::GET, "withCookie", "/c")
        .cookie(name, value)
        .send_empty()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn cookie_values_cannot_add_cookies_or_break_the_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    send_with_cookie(&server, "session", "abc; admin=1")
        .await
        .expect("sent");
    send_with_cookie(&server, "session", "a\r\nX-Injected: 1")
        .await
        .expect("sent");
    send_with_cookie(&server, "session", "plain-value_1.2")
        .await
        .expect("sent");
    let received = server.received_requests().await.expect("recording is on");
    let cookies: Vec<&str> = received
        .iter()
        .map(|request| {
            assert!(request.headers.get("x-injected").is_none());
            request
                .headers
                .get("cookie")
                .expect("a Cookie header")
                .to_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        cookies,
        [
            "session=abc%3B%20admin=1",
            "session=a%0D%0AX-Injected:%201",
            "session=plain-value_1.2"
        ]
    );
}

#[tokio::test]
async fn a_cookie_name_that_is_not_a_token_is_refused() {
    let server = MockServer::start().await;
    match send_with_cookie(&server, "a=b; c", "1").await {
        Err(Error::InvalidRequest { message, .. }) => {
            assert!(message.contains("cookie parameter `a=b; c`"), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
