//! Middleware layers added by the caller, the caller's own HTTP client, and
//! per-call options (headers, timeout, idempotency key), against a loopback
//! HTTP server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use signicat_sign_client::models::{DocumentCollection, DocumentReference};
use signicat_sign_client::reqwest_middleware::{self, Middleware, Next};
use signicat_sign_client::{CallOptions, Client, Error, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/documents.rs"]
mod documents;
use documents::{document_id, fast_policy, metadata_body, metadata_path, DOCUMENT_ID};

/// Counts the requests it sees and stamps each with a header.
#[derive(Clone, Default)]
struct Counting {
    seen: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl Middleware for Counting {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.seen.fetch_add(1, Ordering::SeqCst);
        request.headers_mut().insert(
            "x-layer",
            reqwest::header::HeaderValue::from_static("counted"),
        );
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn a_layer_added_by_the_caller_sees_every_request_retries_included() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .and(header("x-layer", "counted"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .and(header("x-layer", "counted"))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata_body()))
        .mount(&server)
        .await;
    let counting = Counting::default();
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_policy())
        .with(counting.clone())
        .build()
        .expect("client builds");
    client
        .get_document_info(document_id())
        .await
        .expect("second attempt succeeds");
    assert_eq!(counting.seen.load(Ordering::SeqCst), 2);
}

/// Answers every request itself, as a test double would.
struct Refusing;

#[async_trait::async_trait]
impl Middleware for Refusing {
    async fn handle(
        &self,
        _request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("offline mode"),
        ))
    }
}

#[tokio::test]
async fn a_failing_layer_is_a_middleware_error_naming_the_operation() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .with(Refusing)
        .build()
        .expect("client builds");
    let error = client.get_document_info(document_id()).await.unwrap_err();
    assert!(matches!(error, Error::Middleware { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "getDocumentInfo: a middleware layer failed the request: offline mode"
    );
}

#[tokio::test]
async fn the_callers_own_reqwest_client_and_middleware_stack_are_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .and(header("x-layer", "counted"))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata_body()))
        .expect(2)
        .mount(&server)
        .await;
    // The tests' own reqwest (0.13), not the client crate's re-export.
    let http = reqwest::Client::builder().build().expect("reqwest client");
    let counting = Counting::default();
    let stack = reqwest_middleware::ClientBuilder::new(http.clone())
        .with(counting.clone())
        .build();
    let with_stack = Client::builder()
        .base_url(server.uri())
        .middleware_client(stack)
        .build()
        .expect("builds");
    with_stack
        .get_document_info(document_id())
        .await
        .expect("answered");
    let with_client = Client::builder()
        .base_url(server.uri())
        .http_client(http)
        .with(counting.clone())
        .build()
        .expect("builds");
    with_client
        .get_document_info(document_id())
        .await
        .expect("answered");
    assert_eq!(counting.seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn per_call_headers_apply_only_to_calls_through_the_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .and(header("x-request-id", "r-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata_body()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .respond_with(ResponseTemplate::new(418))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .with_options(CallOptions::new().header("x-request-id", "r-42"))
        .get_document_info(document_id())
        .await
        .expect("the header arrived");
    let plain = client.get_document_info(document_id()).await.unwrap_err();
    assert_eq!(plain.status().map(|status| status.as_u16()), Some(418));
}

#[tokio::test]
async fn a_per_call_timeout_cuts_a_slow_call_short() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(metadata_body())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let started = std::time::Instant::now();
    let error = client
        .with_options(CallOptions::new().timeout(Duration::from_millis(200)))
        .get_document_info(document_id())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn an_idempotency_key_makes_a_post_safe_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .and(header("idempotency-key", "k-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .and(header("idempotency-key", "k-1"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "c1234567-89ab-cdef-0123-456789abcdef",
            "documents": [{ "documentId": DOCUMENT_ID }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_policy())
        .build()
        .expect("builds");
    let collection = DocumentCollection::new(vec![DocumentReference::new(document_id())]);
    client
        .with_options(CallOptions::new().idempotency_key("k-1"))
        .create_document_collection(&collection)
        .await
        .expect("the retry succeeds");
}

#[tokio::test]
async fn an_unencodable_per_call_header_fails_the_call_before_sending() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("builds");
    let error = client
        .with_options(CallOptions::new().header("x-note", "two\nlines"))
        .get_document_info(document_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
}

/// Why the runtime keeps its own multipart encoder (ARCHITECTURE.md): a
/// request carrying reqwest's own `multipart::Form` cannot be copied, so it
/// could be neither retried nor repeated with a fresh token.
#[test]
fn a_request_with_reqwests_own_multipart_form_cannot_be_sent_twice() {
    let form = reqwest::multipart::Form::new().text("title", "Q3").part(
        "file",
        reqwest::multipart::Part::bytes(vec![1, 2, 3]).file_name("a.pdf"),
    );
    let request = reqwest::Client::new()
        .post("http://127.0.0.1:9/upload")
        .multipart(form)
        .build()
        .expect("request builds");
    assert!(request.try_clone().is_none());
    let buffered = reqwest::Client::new()
        .post("http://127.0.0.1:9/upload")
        .body(b"--boundary--".to_vec())
        .build()
        .expect("request builds");
    assert!(buffered.try_clone().is_some());
}
