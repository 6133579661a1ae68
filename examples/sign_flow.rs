//! Signs a PDF from start to finish: upload it, put it in a document
//! collection, open a signing session for one signer, print the URL to send
//! the signer to, wait for the session to end, and download the result.
//!
//! ```sh
//! SIGNICAT_CLIENT_ID=... SIGNICAT_CLIENT_SECRET=... \
//!     cargo run -p signicat-sign-client --example sign_flow -- contract.pdf signed.pdf
//! ```
//!
//! Environment: `SIGNICAT_CLIENT_ID` and `SIGNICAT_CLIENT_SECRET` (required);
//! `SIGNICAT_BASE_URL` and `SIGNICAT_TOKEN_URL` to use another server;
//! `SIGNICAT_IDP` (identity provider, default `nbid`); `SIGN_FLOW_POLL_MS`
//! (default 5000) and `SIGN_FLOW_MAX_POLLS` (default 120).

use std::time::Duration;

use signicat_sign_client::models::{
    DocumentCollection, DocumentReference, IdentityProvider, SessionDocument,
    SessionDocumentAction, SessionState, SigningFlow, SigningSession, SigningSetup,
};
use signicat_sign_client::{Client, ClientCredentials, Upload};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut arguments = std::env::args().skip(1);
    let input = arguments
        .next()
        .ok_or("usage: sign_flow INPUT.pdf [OUTPUT.pdf]")?;
    let output = arguments.next().unwrap_or_else(|| "signed.pdf".to_owned());
    let client = client_from_environment()?;

    // The file is streamed from disk, never held whole in memory.
    let file = tokio::fs::File::open(&input).await?;
    let length = file.metadata().await?.len();
    let upload =
        Upload::from_stream("application/pdf", ReaderStream::new(file)).with_length(length);
    let document = client.upload_document(upload).await?.into_inner();
    let document_id = document
        .document_id
        .ok_or("the upload returned no document id")?;
    println!("uploaded {input} as document {document_id}");

    let collection = DocumentCollection::new(vec![DocumentReference::new(document_id)]);
    let collection = client
        .create_document_collection(&collection)
        .await?
        .into_inner();
    let collection_id = collection.id.ok_or("the collection has no id")?;

    let identity_provider = std::env::var("SIGNICAT_IDP").unwrap_or_else(|_| "nbid".to_owned());
    let session = SigningSession::new(
        format!("Please sign {input}"),
        vec![SessionDocument::new(
            collection_id,
            SessionDocumentAction::Sign,
            document_id,
        )],
        vec![SigningSetup::new(SigningFlow::AuthenticationBased)
            .with_identity_providers(vec![IdentityProvider::new(identity_provider)])],
    );
    let created = client
        .create_signing_session(&[session])
        .await?
        .into_inner();
    let session = created
        .into_iter()
        .next()
        .ok_or("no signing session was created")?;
    let session_id = session.id.ok_or("the signing session has no id")?;
    println!(
        "signature URL: {}",
        session.signature_url.as_deref().unwrap_or("(none)")
    );

    let session = wait_until_final(&client, session_id).await?;
    let state = session
        .lifecycle
        .as_ref()
        .and_then(|lifecycle| lifecycle.state.clone());
    println!(
        "session {session_id} ended as {}",
        state.as_ref().map_or("unknown", SessionState::as_str)
    );
    if state != Some(SessionState::Signed) {
        return Err("the document was not signed".into());
    }
    let result_id =
        signed_document_id(&session).ok_or("the signed session names no result document")?;
    download(&client, result_id, &output).await?;
    println!("saved the signed document to {output}");
    Ok(())
}

fn client_from_environment() -> Result<Client, Failure> {
    let client_id = std::env::var("SIGNICAT_CLIENT_ID").map_err(|_| "set SIGNICAT_CLIENT_ID")?;
    let client_secret =
        std::env::var("SIGNICAT_CLIENT_SECRET").map_err(|_| "set SIGNICAT_CLIENT_SECRET")?;
    let mut credentials = ClientCredentials::new(client_id, client_secret);
    if let Ok(token_url) = std::env::var("SIGNICAT_TOKEN_URL") {
        credentials = credentials.with_token_url(token_url);
    }
    let mut builder = Client::builder().token_source(credentials);
    if let Ok(base_url) = std::env::var("SIGNICAT_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    Ok(builder.build()?)
}

fn number_from_environment(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

async fn wait_until_final(
    client: &Client,
    session_id: uuid::Uuid,
) -> Result<SigningSession, Failure> {
    let interval = Duration::from_millis(number_from_environment("SIGN_FLOW_POLL_MS", 5000));
    for _ in 0..number_from_environment("SIGN_FLOW_MAX_POLLS", 120) {
        let session = client.get_signing_session(session_id).await?.into_inner();
        let lifecycle = session.lifecycle.as_ref();
        if lifecycle.and_then(|lifecycle| lifecycle.state_is_final) == Some(true) {
            return Ok(session);
        }
        let state = lifecycle.and_then(|lifecycle| lifecycle.state.as_ref());
        println!(
            "waiting for the signer (state {})",
            state.map_or("unknown", SessionState::as_str)
        );
        tokio::time::sleep(interval).await;
    }
    Err("gave up waiting for the signer".into())
}

/// The packaged result if there is one, else the first signed document.
fn signed_document_id(session: &SigningSession) -> Option<uuid::Uuid> {
    let output = session.output.as_ref()?;
    let packaged = output
        .packages
        .iter()
        .flatten()
        .find_map(|package| package.result_document_id);
    packaged.or_else(|| {
        output
            .signatures
            .iter()
            .flatten()
            .map(|signature| signature.result_document_id)
            .next()
    })
}

async fn download(client: &Client, document_id: uuid::Uuid, path: &str) -> Result<(), Failure> {
    use futures_util::StreamExt;
    let mut body = client.get_document_stream(document_id).await?.into_inner();
    let mut file = tokio::fs::File::create(path).await?;
    while let Some(chunk) = body.next().await {
        file.write_all(&chunk?).await?;
    }
    file.flush().await?;
    Ok(())
}
