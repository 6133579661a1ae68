//! The API description's constraints are checked before sending: a request
//! that breaks one fails with `InvalidRequest`, naming the field and the rule,
//! and never reaches the server.

use signicat_sign_client::models::{
    DocumentCollection, DocumentReference, SessionDocument, SessionDocumentAction, SigningFlow,
    SigningSession, SigningSetup, UpdateDocument,
};
use signicat_sign_client::params::ListSigningSessionsParams;
use signicat_sign_client::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "d1234567-89ab-cdef-0123-456789abcdef";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .build()
        .expect("client builds")
}

fn id() -> uuid::Uuid {
    ID.parse().expect("uuid")
}

fn valid_session() -> SigningSession {
    SigningSession::new(
        "Rental agreement",
        vec![SessionDocument::new(
            id(),
            SessionDocumentAction::Sign,
            id(),
        )],
        vec![SigningSetup::new(SigningFlow::AuthenticationBased)],
    )
}

/// The message of the `InvalidRequest` that `result` must be, after checking
/// that the server saw nothing.
async fn invalid_request_message<T: std::fmt::Debug>(
    server: &MockServer,
    result: signicat_sign_client::Result<T>,
) -> String {
    let received = server.received_requests().await.unwrap_or_default();
    assert!(
        received.is_empty(),
        "an invalid request reached the server: {received:?}"
    );
    match result {
        Err(Error::InvalidRequest { message, .. }) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn too_few_items_in_a_body_field() {
    let server = MockServer::start().await;
    let collection = DocumentCollection::new(Vec::new());
    let result = client(&server)
        .create_document_collection(&collection)
        .await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`documents` must have 1 to 100 items (got 0)"
    );
}

#[tokio::test]
async fn too_many_items_in_a_body_field() {
    let server = MockServer::start().await;
    let collection = DocumentCollection::new(vec![DocumentReference::new(id()); 101]);
    let result = client(&server)
        .create_document_collection(&collection)
        .await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`documents` must have 1 to 100 items (got 101)"
    );
}

#[tokio::test]
async fn too_long_a_string() {
    let server = MockServer::start().await;
    let update = UpdateDocument::default().with_title("x".repeat(256));
    let result = client(&server)
        .update_document_metadata(id(), &update)
        .await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`title` must have at most 255 characters (got 256)"
    );
}

#[tokio::test]
async fn array_body_bounds_and_nested_fields_are_all_reported() {
    let server = MockServer::start().await;
    let result = client(&server).create_signing_session(&[]).await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`body` must have 1 to 100 items (got 0)"
    );

    let mut session = valid_session();
    session.title = "é".repeat(256);
    session.signing_setup.push(session.signing_setup[0].clone());
    let result = client(&server)
        .create_signing_session(&[valid_session(), session])
        .await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`body[1].title` must have at most 255 characters (got 256); \
         `body[1].signingSetup` must have exactly 1 item (got 2)"
    );
}

#[tokio::test]
async fn numbers_outside_their_range() {
    let server = MockServer::start().await;
    let params = ListSigningSessionsParams::default()
        .with_limit(0)
        .with_offset(100_001);
    let result = client(&server).list_signing_sessions(&params).await;
    assert_eq!(
        invalid_request_message(&server, result).await,
        "`offset` must be >= 0 and <= 100000 (got 100001); `limit` must be >= 1 and <= 1000 (got 0)"
    );
}

#[tokio::test]
async fn a_valid_request_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/signing-sessions"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_signing_session(&[valid_session()])
        .await
        .expect("sent");
    assert_eq!(created.status().as_u16(), 201);
}
