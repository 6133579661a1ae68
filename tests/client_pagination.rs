//! `list_signing_sessions_stream` walks offset/limit pages against a loopback
//! server, keeping the caller's filters on every page.

use futures_util::{StreamExt, TryStreamExt};
use signicat_sign_client::params::ListSigningSessionsParams;
use signicat_sign_client::{Client, Error};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .build()
        .expect("client builds")
}

fn session(title: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "documents": [],
        "signingSetup": [{ "signingFlow": "AUTHENTICATION_BASED" }],
    })
}

/// Serves the page at `offset` (with the filters the caller set) exactly once.
async fn serve_page(server: &MockServer, offset: u32, titles: &[&str], total: Option<u32>) {
    let mut page = serde_json::json!({
        "offset": offset,
        "limit": 2,
        "count": titles.len(),
        "data": titles.iter().map(|title| session(title)).collect::<Vec<_>>(),
    });
    if let Some(total) = total {
        page["total"] = total.into();
    }
    Mock::given(method("GET"))
        .and(path("/signing-sessions"))
        .and(query_param("offset", offset.to_string()))
        .and(query_param("limit", "2"))
        .and(query_param("state", "READY"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(server)
        .await;
}

fn ready_sessions_two_per_page() -> ListSigningSessionsParams {
    ListSigningSessionsParams::default()
        .with_limit(2)
        .with_state(vec!["READY".to_owned()])
}

#[tokio::test]
async fn three_pages_are_walked_until_the_total() {
    let server = MockServer::start().await;
    serve_page(&server, 0, &["a", "b"], Some(5)).await;
    serve_page(&server, 2, &["c", "d"], Some(5)).await;
    serve_page(&server, 4, &["e"], Some(5)).await;
    let client = client(&server);
    let titles: Vec<String> = client
        .list_signing_sessions_stream(&ready_sessions_two_per_page())
        .map_ok(|session| session.title)
        .try_collect()
        .await
        .expect("every page decodes");
    assert_eq!(titles, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn without_a_total_the_walk_ends_at_an_empty_page() {
    let server = MockServer::start().await;
    serve_page(&server, 0, &["a", "b"], None).await;
    serve_page(&server, 2, &["c"], None).await;
    serve_page(&server, 3, &[], None).await;
    let client = client(&server);
    let count = client
        .list_signing_sessions_stream(&ready_sessions_two_per_page())
        .count()
        .await;
    assert_eq!(count, 3);
}

#[tokio::test]
async fn the_walk_starts_at_the_callers_offset_and_ends_with_a_failed_page() {
    let server = MockServer::start().await;
    serve_page(&server, 10, &["k", "l"], Some(20)).await;
    Mock::given(method("GET"))
        .and(path("/signing-sessions"))
        .and(query_param("offset", "12"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let params = ready_sessions_two_per_page().with_offset(10);
    let client = client(&server);
    let results: Vec<_> = client.list_signing_sessions_stream(&params).collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[..2].iter().all(Result::is_ok));
    assert!(matches!(&results[2], Err(Error::Api(api)) if api.status.as_u16() == 500));
}
