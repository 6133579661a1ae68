//! Cost of a generated call against the same request written by hand with
//! reqwest + serde: `get_signing_session` against a loopback server, JSON
//! decoding included. Target: the generated client costs at most 5 % more.
//!
//! Run: `cargo bench -p integration-tests --bench call_overhead`

#[path = "loopback_server.rs"]
mod loopback_server;

use std::time::{Duration, Instant};

use signicat_sign_client::models::SigningSession;
use signicat_sign_client::{Client, ClientBuilder};

const ROUNDS: usize = 15;
const CALLS_PER_ROUND: u32 = 1000;
const SESSION_ID: &str = "f05d0dce-a7af-432b-b6b8-e455ab7c0852";

/// A signing session as the API's reference shows it.
const SESSION_JSON: &[u8] = br#"{"id":"f05d0dce-a7af-432b-b6b8-e455ab7c0852","signatureUrl":"https://signtest-account.sandbox.signicat.com/sign/?sessionId=8ce3dac2-74b3-429c-adf7-fe6d277186d0","signatureUrlTimeToLive":"PT1M30S","signatureUrlExpiresAt":"2026-01-15T14:05:00Z","title":"Rental agreement","signText":"Please sign this document","dueDate":"2025-04-01T17:32:28Z","documents":[{"documentCollectionId":"f05d0dce-a7af-432b-b6b8-e455ab7c0853","action":"SIGN","documentId":"f05d0dce-a7af-432b-b6b8-e455ab7c0857"}],"lifecycle":{"state":"READY","stateIsFinal":false},"output":{"signatures":[],"packages":[]},"externalReference":"order-4711","signingSetup":[{"identityProviders":[{"idpName":"nbid"}],"signingFlow":"AUTHENTICATION_BASED"}],"subsequentTo":[],"packageTo":["PADES_CONTAINER"],"ui":{"language":"en"}}"#;

async fn generated_call(client: &Client, id: uuid::Uuid) -> SigningSession {
    client
        .get_signing_session(id)
        .await
        .expect("generated call")
        .into_inner()
}

async fn hand_written_call(http: &reqwest::Client, base_url: &str) -> SigningSession {
    let response = http
        .get(format!("{base_url}/signing-sessions/{SESSION_ID}"))
        .bearer_auth("bench")
        .send()
        .await
        .expect("hand-written call");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("decode")
}

/// Mean time per call over one round.
async fn round<F, Fut>(mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = SigningSession>,
{
    let started = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        std::hint::black_box(call().await);
    }
    started.elapsed() / CALLS_PER_ROUND
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base_url = loopback_server::start(loopback_server::Routes {
        session_json: SESSION_JSON,
        download_size: 0,
    })
    .await;
    let client = Client::builder()
        .base_url(base_url.clone())
        .bearer_token("bench")
        .build()
        .expect("client");
    // The same request means the same headers (the generated client sends its
    // User-Agent) and the same transport: the timeouts the generated client
    // sets by default, which a careful hand-written client would set too.
    let http = reqwest::Client::builder()
        .user_agent("signicat-sign-client/0.1.0")
        .connect_timeout(ClientBuilder::DEFAULT_CONNECT_TIMEOUT)
        .read_timeout(ClientBuilder::DEFAULT_READ_TIMEOUT)
        .build()
        .expect("reqwest client");
    let id: uuid::Uuid = SESSION_ID.parse().expect("uuid");

    // Warm both connection pools and caches before measuring.
    round(|| generated_call(&client, id)).await;
    round(|| hand_written_call(&http, &base_url)).await;

    let (mut generated, mut hand_written) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        // Alternating rounds spreads machine noise evenly over both.
        generated.push(round(|| generated_call(&client, id)).await);
        hand_written.push(round(|| hand_written_call(&http, &base_url)).await);
    }
    let (generated, hand_written) = (median(generated), median(hand_written));
    let overhead = generated.as_secs_f64() / hand_written.as_secs_f64() - 1.0;
    println!("hand-written reqwest + serde: {:.1} µs per call (median of {ROUNDS} rounds of {CALLS_PER_ROUND})", hand_written.as_secs_f64() * 1e6);
    println!(
        "generated client:             {:.1} µs per call",
        generated.as_secs_f64() * 1e6
    );
    println!(
        "overhead: {:+.1} % (target: at most +5 %)",
        overhead * 100.0
    );
    if overhead > 0.05 {
        eprintln!("FAILED: the generated client costs more than 5 % over the hand-written call");
        std::process::exit(1);
    }
}
