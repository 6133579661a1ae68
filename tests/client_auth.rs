//! The OAuth 2.0 client-credentials token source against a loopback token
//! endpoint: fetching, caching, expiry, refresh after a 401, one fetch for
//! concurrent callers, and secrets kept out of every printed form.

use std::time::Duration;

use signicat_sign_client::runtime::ClientCredentials;
use signicat_sign_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{basic_auth, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DOCUMENT_ID: &str = "d1234567-89ab-cdef-0123-456789abcdef";
const CLIENT_ID: &str = "sandbox-client";
const CLIENT_SECRET: &str = "very-secret-value";

fn credentials(server: &MockServer) -> ClientCredentials {
    ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
        .with_token_url(format!("{}/token", server.uri()))
}

fn client(server: &MockServer, source: ClientCredentials) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token_source(source)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }))
}

async fn mount_token_endpoint(server: &MockServer, response: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(basic_auth(CLIENT_ID, CLIENT_SECRET))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(response)
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

/// Answers document metadata requests that carry `Bearer {token}`.
async fn mount_api_accepting(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path(format!("/documents/{DOCUMENT_ID}/metadata")))
        .and(header("Authorization", format!("Bearer {token}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "documentId": DOCUMENT_ID })),
        )
        .expect(times)
        .mount(server)
        .await;
}

async fn call(client: &Client) -> Result<(), Error> {
    client
        .get_document_info(DOCUMENT_ID.parse().expect("uuid"))
        .await
        .map(|_| ())
}

#[tokio::test]
async fn documented_token_url_and_scope_are_the_defaults() {
    assert_eq!(
        signicat_sign_client::OAUTH_TOKEN_URL,
        Some("https://api.signicat.com/auth/open/connect/token")
    );
    assert_eq!(signicat_sign_client::OAUTH_SCOPES, ["signicat-api"]);
    let printed = format!("{:?}", ClientCredentials::new(CLIENT_ID, CLIENT_SECRET));
    assert!(
        printed.contains("https://api.signicat.com/auth/open/connect/token"),
        "{printed}"
    );
    assert!(printed.contains("signicat-api"), "{printed}");
}

#[tokio::test]
async fn token_is_fetched_with_the_scope_and_then_cached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("scope=signicat-api"))
        .respond_with(token_response("token-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    mount_api_accepting(&server, "token-1", 3).await;
    let client = client(&server, credentials(&server));
    for _ in 0..3 {
        call(&client).await.expect("authorised call");
    }
}

#[tokio::test]
async fn an_expiring_token_is_replaced_before_use() {
    let server = MockServer::start().await;
    // With `expires_in: 0` the refresh point has already passed on every call.
    mount_token_endpoint(&server, token_response("short-lived", 0), 2).await;
    mount_api_accepting(&server, "short-lived", 2).await;
    let client = client(&server, credentials(&server));
    call(&client).await.expect("first call");
    call(&client).await.expect("second call");
}

#[tokio::test]
async fn a_token_is_refreshed_within_its_margin() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, token_response("token", 2), 2).await;
    mount_api_accepting(&server, "token", 3).await;
    let source = credentials(&server).with_refresh_margin(Duration::from_millis(1900));
    let client = client(&server, source);
    call(&client).await.expect("fetches");
    call(&client)
        .await
        .expect("reuses: 1.9 s margin is capped at half the 2 s lifetime");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call(&client)
        .await
        .expect("refetches once past the refresh point");
}

#[tokio::test]
async fn a_rejected_token_is_replaced_and_the_request_retried_once() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, token_response("revoked", 3600), 1).await;
    mount_token_endpoint(&server, token_response("fresh", 3600), 1).await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    mount_api_accepting(&server, "fresh", 1).await;
    call(&client(&server, credentials(&server)))
        .await
        .expect("retried with the fresh token");
}

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let server = MockServer::start().await;
    let slow = token_response("shared", 3600).set_delay(Duration::from_millis(200));
    mount_token_endpoint(&server, slow, 1).await;
    mount_api_accepting(&server, "shared", 8).await;
    let client = client(&server, credentials(&server));
    let calls = (0..8).map(|_| call(&client));
    for result in futures_util::future::join_all(calls).await {
        result.expect("authorised call");
    }
}

#[tokio::test]
async fn a_failing_token_endpoint_is_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    let rejection =
        ResponseTemplate::new(400).set_body_json(serde_json::json!({ "error": "invalid_client" }));
    mount_token_endpoint(&server, rejection, 1).await;
    let client = client(&server, credentials(&server));
    let error = call(&client).await.unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    let display = error.to_string();
    assert!(
        display.contains("invalid_client") && display.contains("400"),
        "{display}"
    );
    for printed in [display, format!("{error:?}")] {
        assert!(!printed.contains(CLIENT_SECRET), "{printed}");
    }
}

#[tokio::test]
async fn secrets_and_tokens_never_appear_in_debug_output() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, token_response("issued-token", 3600), 1).await;
    mount_api_accepting(&server, "issued-token", 1).await;
    let oauth_client = client(&server, credentials(&server));
    call(&oauth_client).await.expect("authorised call");
    let static_client = Client::builder()
        .base_url(server.uri())
        .bearer_token("static-token-value")
        .build()
        .expect("client builds");
    let printed = [
        format!("{oauth_client:?}"),
        format!("{static_client:?}"),
        format!("{:?}", credentials(&server)),
    ];
    for text in printed {
        for secret in [CLIENT_SECRET, "issued-token", "static-token-value"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_error() {
    let source = ClientCredentials::new(CLIENT_ID, CLIENT_SECRET);
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_source(source.with_token_url("http://127.0.0.1:1/token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let error = call(&client).await.unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert!(!error.to_string().contains(CLIENT_SECRET));
}

/// A redirect to another host must not carry the caller's credentials there.
/// The first request carries them, so their absence at the second means the
/// client dropped them.
#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_host() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let metadata = format!("/documents/{DOCUMENT_ID}/metadata");
    Mock::given(method("GET"))
        .and(path(metadata.as_str()))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "Location",
            format!("{}{metadata}", elsewhere.uri()).as_str(),
        ))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path(metadata.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "documentId": DOCUMENT_ID })),
        )
        .mount(&elsewhere)
        .await;
    let client = Client::builder()
        .base_url(api.uri())
        .bearer_token("static-secret")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let document_id = DOCUMENT_ID.parse().expect("uuid");
    client
        .get_document_info(document_id)
        .await
        .expect("the redirect is followed");

    let first = api.received_requests().await.unwrap_or_default();
    assert_eq!(
        first[0]
            .headers
            .get("authorization")
            .map(|value| value.as_bytes()),
        Some(&b"Bearer static-secret"[..])
    );
    let redirected = elsewhere.received_requests().await.unwrap_or_default();
    assert_eq!(redirected.len(), 1);
    assert!(
        redirected[0].headers.get("authorization").is_none(),
        "{:?}",
        redirected[0].headers
    );
}
