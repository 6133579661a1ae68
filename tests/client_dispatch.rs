//! `Client::dispatch` (the `dispatch` feature): operations called by their
//! operationId with JSON arguments, against a loopback HTTP server.

use signicat_sign_client::runtime::Error;
use signicat_sign_client::Client;
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DOCUMENT_ID: &str = "d1234567-89ab-cdef-0123-456789abcdef";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn path_arguments_reach_the_typed_method_and_json_comes_back() {
    let server = MockServer::start().await;
    let info = serde_json::json!({ "documentId": DOCUMENT_ID, "mimeType": "application/pdf" });
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}/metadata")))
        .and(header("authorization", "Bearer t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&info))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .dispatch(
            "getDocumentInfo",
            serde_json::json!({ "path": { "documentId": DOCUMENT_ID } }),
        )
        .await
        .expect("dispatched");
    assert_eq!(response.status, 200);
    assert_eq!(response.body["mimeType"], "application/pdf");
}

#[tokio::test]
async fn binary_bodies_go_as_bytes_and_come_back_as_base64() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .and(header("content-type", "application/pdf"))
        .and(body_bytes(vec![0x25, 0x50, 0x44, 0x46]))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({ "documentId": DOCUMENT_ID })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0u8, 255]))
        .mount(&server)
        .await;
    let client = client(&server);
    let uploaded = client
        .dispatch(
            "uploadDocument",
            serde_json::json!({ "body": { "base64": "JVBERg==" } }),
        )
        .await
        .expect("uploaded");
    assert_eq!(uploaded.body["documentId"], DOCUMENT_ID);
    let downloaded = client
        .dispatch(
            "getDocument",
            serde_json::json!({ "path": { "documentId": DOCUMENT_ID } }),
        )
        .await
        .expect("downloaded");
    assert_eq!(downloaded.body, serde_json::json!({ "base64": "AP8=" }));
}

#[tokio::test]
async fn query_parameters_are_read_by_their_names_in_the_document() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/signing-sessions"))
        .and(query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "items": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .dispatch(
            "listSigningSessions",
            serde_json::json!({ "query": { "limit": 5 } }),
        )
        .await
        .expect("listed");
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn unknown_operations_and_arguments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let unknown = client
        .dispatch("noSuchOperation", serde_json::json!({}))
        .await
        .unwrap_err();
    assert!(matches!(unknown, Error::InvalidRequest { .. }));
    assert!(unknown
        .to_string()
        .contains("unknown operation `noSuchOperation`"));
    let misfit = client
        .dispatch(
            "getDocumentInfo",
            serde_json::json!({ "path": { "documentId": "not-a-uuid" } }),
        )
        .await
        .unwrap_err();
    assert!(
        misfit.to_string().contains("argument `path.documentId`"),
        "{misfit}"
    );
    let extra = client
        .dispatch(
            "getDocumentInfo",
            serde_json::json!({ "path": { "documentId": DOCUMENT_ID, "x": 1 } }),
        )
        .await
        .unwrap_err();
    assert!(
        extra.to_string().contains("unknown argument `path.x`"),
        "{extra}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn error_responses_keep_their_status_and_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}/metadata")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("content-type", "application/problem+json")
                .set_body_json(serde_json::json!({ "title": "Not found", "status": 404 })),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .dispatch(
            "getDocumentInfo",
            serde_json::json!({ "path": { "documentId": DOCUMENT_ID } }),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(
        error.error_body().map(|body| body["title"].clone()),
        Some(serde_json::json!("Not found"))
    );
}
