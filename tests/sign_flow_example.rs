//! Runs the shipped `sign_flow` example against a loopback server that speaks
//! the API, from token to signed download.

use std::path::PathBuf;
use std::process::Command;

use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DOCUMENT: &str = "d1234567-89ab-cdef-0123-456789abcdef";
const COLLECTION: &str = "f05d0dce-a7af-432b-b6b8-e455ab7c0858";
const SESSION: &str = "f05d0dce-a7af-432b-b6b8-e455ab7c0852";
const RESULT: &str = "f05d0dce-a7af-432b-b6b8-e455ab7c0864";

/// The example binary, built (or found up to date) beside this test.
fn example_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path");
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target profile directory");
    let binary = profile_dir
        .join("examples")
        .join(format!("sign_flow{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--package",
                "signicat-sign-client",
                "--example",
                "sign_flow",
            ])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building the sign_flow example failed");
    }
    binary
}

fn session(state: &str, is_final: bool) -> serde_json::Value {
    serde_json::json!({
        "id": SESSION,
        "signatureUrl": "https://sign.example/session/8ce3dac2",
        "title": "Please sign contract.pdf",
        "documents": [{ "documentCollectionId": COLLECTION, "action": "SIGN", "documentId": DOCUMENT }],
        "signingSetup": [{ "signingFlow": "AUTHENTICATION_BASED" }],
        "lifecycle": { "state": state, "stateIsFinal": is_final },
        "output": { "packages": [{ "resultDocumentId": RESULT }] },
    })
}

async fn serve_the_api(server: &MockServer, pdf: &[u8]) {
    let authorised = || header("Authorization", "Bearer example-token");
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({ "access_token": "example-token", "expires_in": 600 }),
        ))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .and(authorised())
        .and(header("Content-Type", "application/pdf"))
        .and(body_bytes(pdf.to_vec()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "documentId": DOCUMENT })),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .and(authorised())
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": COLLECTION, "documents": [{ "documentId": DOCUMENT }],
        })))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/signing-sessions"))
        .and(authorised())
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!([session("READY", false)])),
        )
        .expect(1)
        .mount(server)
        .await;
    let session_path = format!("/signing-sessions/{SESSION}");
    Mock::given(method("GET"))
        .and(path(session_path.as_str()))
        .and(authorised())
        .respond_with(ResponseTemplate::new(200).set_body_json(session("READY", false)))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(session_path.as_str()))
        .and(authorised())
        .respond_with(ResponseTemplate::new(200).set_body_json(session("SIGNED", true)))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/documents/{RESULT}")))
        .and(authorised())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.7 signed".to_vec()))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_signs_a_document_end_to_end() {
    let binary = example_binary();
    let server = MockServer::start().await;
    let pdf = b"%PDF-1.7 contract".repeat(1000);
    serve_the_api(&server, &pdf).await;

    let workdir = tempfile::tempdir().expect("temporary directory");
    let input = workdir.path().join("contract.pdf");
    let output = workdir.path().join("signed.pdf");
    std::fs::write(&input, &pdf).expect("write input");
    let mut command = Command::new(binary);
    command
        .arg(&input)
        .arg(&output)
        .env("SIGNICAT_CLIENT_ID", "example-client")
        .env("SIGNICAT_CLIENT_SECRET", "example-secret")
        .env("SIGNICAT_BASE_URL", server.uri())
        .env("SIGNICAT_TOKEN_URL", format!("{}/token", server.uri()))
        .env("SIGN_FLOW_POLL_MS", "10");
    let result = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("join")
        .expect("run the example");

    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "example failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        stdout.contains("signature URL: https://sign.example/session/8ce3dac2"),
        "{stdout}"
    );
    assert!(stdout.contains("ended as SIGNED"), "{stdout}");
    assert_eq!(
        std::fs::read(&output).expect("signed file"),
        b"%PDF-1.7 signed"
    );
}
