//! Each request is one `http_request` span with the operation, method, path
//! template, attempt, status and latency, and nothing secret.
//!
//! This binary holds one test only: tracing caches whether a call site is
//! enabled, so a concurrent test without a subscriber could switch it off.

use std::io::Write;
use std::sync::{Arc, Mutex};

use signicat_sign_client::{Client, RetryPolicy};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DOCUMENT_ID: &str = "d1234567-89ab-cdef-0123-456789abcdef";

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log lock")).into_owned()
    }
}

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for CapturedLog {
    type Writer = CapturedLog;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_request_is_one_span_with_its_outcome_and_no_secrets() {
    let log = CapturedLog::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}/metadata")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}/metadata")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "title": "secret title" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .retry_policy(RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client builds");
    client
        .get_document_info(DOCUMENT_ID.parse().expect("uuid"))
        .await
        .expect("second attempt succeeds");

    let text = log.text();
    let closed = text
        .lines()
        .find(|line| line.contains("http_request") && line.contains("close"))
        .unwrap_or_else(|| panic!("no closed span in:\n{text}"));
    for field in [
        "operation=\"getDocumentInfo\"",
        "method=GET",
        "path=\"/documents/{documentId}/metadata\"",
        "attempt=2",
        "status=200",
        "latency_ms=",
    ] {
        assert!(closed.contains(field), "missing {field} in {closed}");
    }
    assert!(text.contains("retrying"), "{text}");
    for secret in ["secret-token", "secret title", DOCUMENT_ID] {
        assert!(!text.contains(secret), "{secret} leaked in:\n{text}");
    }
}
