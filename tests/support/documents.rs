//! The Signicat document the loopback tests ask about, and a retry policy
//! that keeps their waits short.

use std::time::Duration;

use signicat_sign_client::RetryPolicy;

pub const DOCUMENT_ID: &str = "d1234567-89ab-cdef-0123-456789abcdef";

pub fn document_id() -> uuid::Uuid {
    DOCUMENT_ID.parse().expect("valid uuid")
}

/// Where `get_document_info` asks.
pub fn metadata_path() -> String {
    format!("/documents/{DOCUMENT_ID}/metadata")
}

/// What `get_document_info` gets back.
pub fn metadata_body() -> serde_json::Value {
    serde_json::json!({ "documentId": DOCUMENT_ID, "mimeType": "application/pdf" })
}

/// Retries with millisecond waits.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}
