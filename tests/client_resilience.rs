//! Retries, Retry-After and the refresh of a rejected token, against a
//! loopback HTTP server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use signicat_sign_client::models::{DocumentCollection, DocumentReference};
use signicat_sign_client::runtime::{TokenFuture, TokenSource};
use signicat_sign_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/documents.rs"]
mod documents;
use documents::{document_id, fast_policy, metadata_body, metadata_path};

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

/// Answers `times` metadata requests with `response`, expecting exactly that many.
async fn answer_metadata(server: &MockServer, response: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .and(path(metadata_path()))
        .respond_with(response)
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

fn collection() -> DocumentCollection {
    DocumentCollection::new(vec![DocumentReference::new(document_id())])
}

#[tokio::test]
async fn get_is_retried_after_503_and_429() {
    let server = MockServer::start().await;
    answer_metadata(&server, ResponseTemplate::new(503), 1).await;
    answer_metadata(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        1,
    )
    .await;
    answer_metadata(
        &server,
        ResponseTemplate::new(200).set_body_json(metadata_body()),
        1,
    )
    .await;
    let info = client(&server, fast_policy())
        .get_document_info(document_id())
        .await
        .expect("third attempt succeeds");
    assert_eq!(info.mime_type.as_deref(), Some("application/pdf"));
}

#[tokio::test]
async fn retries_stop_at_the_attempt_cap() {
    let server = MockServer::start().await;
    answer_metadata(&server, ResponseTemplate::new(502), 3).await;
    let error = client(&server, fast_policy())
        .get_document_info(document_id())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
}

#[tokio::test]
async fn statuses_that_describe_the_request_are_not_retried() {
    let server = MockServer::start().await;
    answer_metadata(&server, ResponseTemplate::new(500), 1).await;
    let error = client(&server, fast_policy())
        .get_document_info(document_id())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server, fast_policy())
        .create_document_collection(&collection())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
}

#[tokio::test]
async fn post_is_retried_when_the_caller_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/document-collections"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({ "documents": [] })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        retry_non_idempotent: true,
        ..fast_policy()
    };
    let created = client(&server, policy)
        .create_document_collection(&collection())
        .await
        .expect("retried");
    assert_eq!(created.status().as_u16(), 201);
}

#[tokio::test]
async fn no_retry_policy_sends_once() {
    let server = MockServer::start().await;
    answer_metadata(&server, ResponseTemplate::new(503), 1).await;
    let result = client(&server, RetryPolicy::none())
        .get_document_info(document_id())
        .await;
    assert!(result.is_err());
}

/// Hands out `token-1`, then `token-2` once told the first was rejected.
#[derive(Debug, Default)]
struct RotatingToken {
    generation: AtomicUsize,
}

impl TokenSource for RotatingToken {
    fn token(&self) -> TokenFuture<'_> {
        let generation = self.generation.load(Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(format!("token-{generation}")) })
    }

    fn invalidate(&self, _token: &str) -> bool {
        self.generation.fetch_add(1, Ordering::SeqCst);
        true
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata_body()))
        .expect(1)
        .mount(&server)
        .await;
    let source = Arc::new(RotatingToken::default());
    let client = Client::builder()
        .base_url(server.uri())
        .token_source(source.clone())
        .retry_policy(fast_policy())
        .build()
        .expect("client builds");
    client
        .get_document_info(document_id())
        .await
        .expect("second token accepted");
    assert_eq!(source.generation.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_second_401_is_returned_as_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_source(RotatingToken::default())
        .retry_policy(fast_policy())
        .build()
        .expect("client builds");
    let error = client.get_document_info(document_id()).await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
}

/// Counts how often it is asked for a token: once per attempt.
#[derive(Debug, Default)]
struct CountingToken {
    requests: AtomicUsize,
}

impl TokenSource for CountingToken {
    fn token(&self) -> TokenFuture<'_> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok("token".to_owned()) })
    }
}

#[tokio::test]
async fn connection_errors_are_retried_up_to_the_cap() {
    // Bind and drop a listener so the port refuses connections.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port");
    let counter = Arc::new(CountingToken::default());
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .token_source(counter.clone())
        .retry_policy(fast_policy())
        .build()
        .expect("client builds");
    let error = client.get_document_info(document_id()).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(counter.requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn no_retry_starts_past_the_total_time_cap() {
    let server = MockServer::start().await;
    // Each wait is capped at 300 ms; a third attempt would start after
    // ~600 ms. (Margins wide enough for a loaded machine: the second attempt
    // starts well inside the cap, the third well past it.)
    answer_metadata(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "5"),
        2,
    )
    .await;
    let policy = RetryPolicy {
        max_attempts: 10,
        max_backoff: Duration::from_millis(300),
        max_elapsed: Duration::from_millis(500),
        ..RetryPolicy::default()
    };
    let error = client(&server, policy)
        .get_document_info(document_id())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
}

#[tokio::test]
async fn a_slow_answer_hits_the_request_timeout() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(metadata_body())
        .set_delay(Duration::from_secs(5));
    answer_metadata(&server, slow, 1).await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    match client.get_document_info(document_id()).await {
        Err(Error::Transport { source, .. }) => assert!(source.is_timeout(), "{source}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}
