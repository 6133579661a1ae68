//! Peak resident memory of calls against a server whose bodies never end: an
//! error response, a JSON success response (read up to the default 32 MiB
//! limit) and a token response, each several times, client and server in one
//! process. Target: under 64 MB for the whole process.
//!
//! Run: `cargo bench -p integration-tests --bench endless_bodies`, or for the
//! kernel's own figure, `/usr/bin/time -v` on the bench binary it builds.

#[path = "../support/misbehaving_server.rs"]
mod misbehaving_server;
#[path = "peak_memory.rs"]
mod peak_memory;

use misbehaving_server::Answer;
use peak_memory::{megabytes, peak_resident_bytes};
use signicat_sign_client::{Client, ClientCredentials, Error, RetryPolicy};

const TARGET_BYTES: u64 = 64 * 1024 * 1024;
const DOCUMENT_ID: uuid::Uuid = uuid::uuid!("d1234567-89ab-cdef-0123-456789abcdef");

fn route(path: &str) -> Answer {
    match path {
        "/error/documents/d1234567-89ab-cdef-0123-456789abcdef/metadata" => {
            Answer::Endless { status: 500 }
        }
        _ => Answer::Endless { status: 200 },
    }
}

#[tokio::main]
async fn main() {
    let server = misbehaving_server::start(route).await;
    let before = peak_resident_bytes();
    let plain = |base: &str| {
        Client::builder()
            .base_url(format!("{}{base}", server.url))
            .bearer_token("bench")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client")
    };
    let errors = plain("/error");
    for _ in 0..10 {
        match errors.get_document_info(DOCUMENT_ID).await {
            Err(Error::Api(error)) => assert_eq!(error.snippet.len(), 2048),
            other => panic!("expected an API error, got {other:?}"),
        }
    }
    let after_errors = peak_resident_bytes();
    let successes = plain("/success");
    for _ in 0..3 {
        match successes.get_document_info(DOCUMENT_ID).await {
            Err(Error::BodyTooLarge { .. }) => {}
            other => panic!("expected BodyTooLarge, got {other:?}"),
        }
    }
    let after_successes = peak_resident_bytes();
    let credentials =
        ClientCredentials::new("id", "secret").with_token_url(format!("{}/token", server.url));
    let authenticated = Client::builder()
        .base_url(&server.url)
        .token_source(credentials)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    for _ in 0..3 {
        match authenticated.get_document_info(DOCUMENT_ID).await {
            Err(Error::Auth { .. }) => {}
            other => panic!("expected an auth error, got {other:?}"),
        }
    }
    let after_tokens = peak_resident_bytes();
    println!(
        "peak RSS before calls:                        {:.1} MB",
        megabytes(before)
    );
    println!(
        "peak RSS after 10 endless 500 bodies:         {:.1} MB",
        megabytes(after_errors)
    );
    println!(
        "peak RSS after 3 endless 200 JSON bodies:     {:.1} MB",
        megabytes(after_successes)
    );
    println!(
        "peak RSS after 3 endless token responses:     {:.1} MB",
        megabytes(after_tokens)
    );
    println!(
        "target: under {:.0} MB for the whole process",
        megabytes(TARGET_BYTES)
    );
    if after_tokens >= TARGET_BYTES {
        eprintln!("FAILED: peak resident memory above target");
        std::process::exit(1);
    }
}
