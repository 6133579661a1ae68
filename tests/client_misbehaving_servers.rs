//! The client against servers that misbehave on purpose (`support/
//! misbehaving_server.rs`): bodies without end must not grow the process.

#[path = "support/misbehaving_server.rs"]
mod misbehaving_server;

use std::time::Duration;

use misbehaving_server::Answer;
use signicat_sign_client::runtime::{ClientBuilder, RetryPolicy};
use signicat_sign_client::{Client, ClientCredentials, Error};

const DOCUMENT_ID: uuid::Uuid = uuid::uuid!("d1234567-89ab-cdef-0123-456789abcdef");

/// Every test must end well before this; a call that hangs fails it instead.
const DEADLINE: Duration = Duration::from_secs(30);

fn client(url: &str) -> signicat_sign_client::runtime::ClientBuilder {
    Client::builder()
        .base_url(url)
        .bearer_token("token")
        .retry_policy(RetryPolicy::none())
}

async fn within_deadline<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(DEADLINE, call)
        .await
        .expect("the call ends instead of reading for ever")
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_as_far_as_it_is_kept() {
    let server = misbehaving_server::start(|_| Answer::Endless { status: 500 }).await;
    let client = client(&server.url).build().unwrap();
    match within_deadline(client.get_document_info(DOCUMENT_ID)).await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status.as_u16(), 500);
            assert!(error.body.is_none());
            assert_eq!(error.snippet.len(), 2048);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_endless_success_body_stops_at_the_body_limit() {
    let server = misbehaving_server::start(|_| Answer::Endless { status: 200 }).await;
    let client = client(&server.url)
        .max_body_size(1024 * 1024)
        .build()
        .unwrap();
    match within_deadline(client.get_document_info(DOCUMENT_ID)).await {
        Err(error @ Error::BodyTooLarge { limit, .. }) => {
            assert_eq!(limit, 1024 * 1024);
            assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
            assert!(
                error
                    .to_string()
                    .contains("larger than the client's limit of 1048576 bytes"),
                "{error}"
            );
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // Buffered downloads are held to the same limit.
    match within_deadline(client.get_document(DOCUMENT_ID)).await {
        Err(Error::BodyTooLarge { .. }) => {}
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_without_reading() {
    let server = misbehaving_server::start(|_| Answer::Announced {
        status: 200,
        length: 10 << 30,
    })
    .await;
    let client = client(&server.url).build().unwrap();
    match within_deadline(client.get_document_info(DOCUMENT_ID)).await {
        Err(Error::BodyTooLarge { limit, .. }) => {
            assert_eq!(limit, ClientBuilder::DEFAULT_MAX_BODY_SIZE)
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn the_default_body_limit_is_32_mib() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.max_body_size(), 32 * 1024 * 1024);
    assert_eq!(ClientBuilder::DEFAULT_MAX_BODY_SIZE, 32 * 1024 * 1024);
}

#[tokio::test]
async fn an_endless_token_response_is_refused() {
    let server = misbehaving_server::start(|_| Answer::Endless { status: 200 }).await;
    let credentials =
        ClientCredentials::new("id", "secret").with_token_url(format!("{}/token", server.url));
    let client = Client::builder()
        .base_url(&server.url)
        .token_source(credentials)
        .build()
        .unwrap();
    match within_deadline(client.get_document_info(DOCUMENT_ID)).await {
        Err(Error::Auth { source, .. }) => {
            assert!(
                source.to_string().contains("longer than 65536 bytes"),
                "{source}"
            )
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
}

/// Short timeouts stand in for the defaults (10 s to connect, 60 s of silence).
const SHORT: Duration = Duration::from_millis(300);

#[tokio::test]
async fn a_server_that_never_answers_hits_the_read_timeout() {
    let server = misbehaving_server::start(|_| Answer::Silent).await;
    let client = client(&server.url).read_timeout(SHORT).build().unwrap();
    let started = std::time::Instant::now();
    let error = within_deadline(client.get_document_info(DOCUMENT_ID))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_read_timeout_counts_silence_not_the_whole_transfer() {
    // 40 bytes, one every 50 ms: two seconds in all, never silent for 300 ms.
    let server = misbehaving_server::start(|_| Answer::Trickle {
        body: format!("{{\"documentId\":\"{DOCUMENT_ID}\"}}   "),
        pause: Duration::from_millis(50),
    })
    .await;
    let client = client(&server.url).read_timeout(SHORT).build().unwrap();
    let document = within_deadline(client.get_document_info(DOCUMENT_ID))
        .await
        .expect("a transfer that keeps moving is not cut off");
    assert_eq!(document.document_id, Some(DOCUMENT_ID));
}

#[tokio::test]
async fn timeouts_can_be_removed_and_a_whole_request_limit_added() {
    let server = misbehaving_server::start(|_| Answer::Trickle {
        body: "{}".to_owned(),
        pause: Duration::from_millis(600),
    })
    .await;
    let no_read_timeout = client(&server.url).read_timeout(None).build().unwrap();
    within_deadline(no_read_timeout.get_document_info(DOCUMENT_ID))
        .await
        .expect("without a read timeout a slow answer is awaited");
    let short_read = client(&server.url).read_timeout(SHORT).build().unwrap();
    let error = within_deadline(short_read.get_document_info(DOCUMENT_ID))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let whole = client(&server.url)
        .read_timeout(None)
        .timeout(Duration::from_millis(900))
        .build()
        .unwrap();
    let error = within_deadline(whole.get_document_info(DOCUMENT_ID))
        .await
        .unwrap_err();
    assert!(
        error.is_timeout() && error.to_string().contains("timed out"),
        "{error}"
    );
}

#[test]
fn the_default_timeouts_are_documented_values() {
    assert_eq!(
        ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    assert_eq!(ClientBuilder::DEFAULT_READ_TIMEOUT, Duration::from_secs(60));
}

/// A client whose tokens come from `token_server`'s `/token`, for an API
/// server that answers every call with `{}`.
async fn client_with_token_endpoint(
    token_route: fn(&str) -> Answer,
) -> (Client, misbehaving_server::Server) {
    let api = misbehaving_server::start(|_| Answer::Json {
        status: 200,
        body: "{}".to_owned(),
    })
    .await;
    let tokens = misbehaving_server::start(token_route).await;
    let credentials =
        ClientCredentials::new("id", "secret").with_token_url(format!("{}/token", tokens.url));
    let client = Client::builder()
        .base_url(&api.url)
        .token_source(credentials)
        .read_timeout(SHORT)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    (client, tokens)
}

#[tokio::test]
async fn a_huge_expires_in_is_clamped_and_the_token_cached() {
    let (client, tokens) = client_with_token_endpoint(|_| Answer::Json {
        status: 200,
        body: r#"{"access_token": "abc", "expires_in": 18446744073709551615}"#.to_owned(),
    })
    .await;
    for _ in 0..2 {
        within_deadline(client.get_document_info(DOCUMENT_ID))
            .await
            .expect("the call gets the token");
    }
    assert_eq!(tokens.requests(), 1, "the token is cached");
}

#[tokio::test]
async fn an_expires_in_in_a_string_is_accepted() {
    let (client, tokens) = client_with_token_endpoint(|_| Answer::Json {
        status: 200,
        body: r#"{"access_token": "abc", "token_type": "Bearer", "expires_in": "3600"}"#.to_owned(),
    })
    .await;
    for _ in 0..2 {
        within_deadline(client.get_document_info(DOCUMENT_ID))
            .await
            .expect("the call gets the token");
    }
    assert_eq!(
        tokens.requests(),
        1,
        "cached for its lifetime, not the assumed minute"
    );
}

#[tokio::test]
async fn a_token_with_a_line_break_is_an_error_and_not_cached() {
    let (client, tokens) = client_with_token_endpoint(|_| Answer::Json {
        status: 200,
        body: r#"{"access_token": "abc\r\nX-Injected: 1", "expires_in": 3600}"#.to_owned(),
    })
    .await;
    for _ in 0..2 {
        match within_deadline(client.get_document_info(DOCUMENT_ID)).await {
            Err(Error::Auth { source, .. }) => {
                assert!(
                    source.to_string().contains("not allowed in a header"),
                    "{source}"
                )
            }
            other => panic!("expected an auth error, got {other:?}"),
        }
    }
    assert_eq!(tokens.requests(), 2, "a refused token is asked for again");
}

#[tokio::test]
async fn a_hanging_token_endpoint_is_bounded_by_the_client_timeouts() {
    let (client, _tokens) = client_with_token_endpoint(|_| Answer::Silent).await;
    let started = std::time::Instant::now();
    // Callers that queue behind the hanging request end too.
    let calls = (0..3).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_document_info(DOCUMENT_ID).await })
    });
    for call in calls {
        let error = within_deadline(call).await.unwrap().unwrap_err();
        assert!(matches!(error, Error::Auth { .. }), "{error:?}");
        assert!(error.is_timeout(), "{error}");
        assert!(error.to_string().contains("timed out"), "{error}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_trickling_token_endpoint_is_bounded_by_the_token_request_timeout() {
    let api = misbehaving_server::start(|_| Answer::Json {
        status: 200,
        body: "{}".to_owned(),
    })
    .await;
    let tokens = misbehaving_server::start(|_| Answer::Trickle {
        body: format!("{{\"access_token\": \"abc\"}}{}", " ".repeat(200)),
        pause: Duration::from_millis(50),
    })
    .await;
    let credentials = ClientCredentials::new("id", "secret")
        .with_token_url(format!("{}/token", tokens.url))
        .with_request_timeout(Duration::from_millis(500));
    let client = client(&api.url).token_source(credentials).build().unwrap();
    let error = within_deadline(client.get_document_info(DOCUMENT_ID))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
