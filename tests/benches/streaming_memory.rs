//! Peak resident memory of a 200 MB upload (streamed from a file) and a 200 MB
//! download (streamed to a sink) through the generated client, client and
//! loopback server in one process. Target: under 64 MB for the whole process.
//!
//! Run: `cargo bench -p integration-tests --bench streaming_memory`

#[path = "loopback_server.rs"]
mod loopback_server;
#[path = "peak_memory.rs"]
mod peak_memory;

use futures_util::StreamExt;
use peak_memory::{megabytes, peak_resident_bytes};
use signicat_sign_client::{Client, Upload};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

const SIZE: u64 = 200 * 1024 * 1024;
const TARGET_BYTES: u64 = 64 * 1024 * 1024;

async fn write_input_file(path: &std::path::Path) {
    let mut file = tokio::fs::File::create(path).await.expect("create input");
    let chunk = vec![0x42u8; 1024 * 1024];
    for _ in 0..SIZE / chunk.len() as u64 {
        file.write_all(&chunk).await.expect("write input");
    }
    file.flush().await.expect("flush input");
}

#[tokio::main]
async fn main() {
    let base_url = loopback_server::start(loopback_server::Routes {
        session_json: b"{}",
        download_size: SIZE,
    })
    .await;
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token("bench")
        .build()
        .expect("client");
    let workdir = tempfile::tempdir().expect("temporary directory");
    let input = workdir.path().join("large.pdf");
    write_input_file(&input).await;
    let before = peak_resident_bytes();

    let file = tokio::fs::File::open(&input).await.expect("open input");
    let upload = Upload::from_stream(
        "application/pdf",
        ReaderStream::with_capacity(file, 64 * 1024),
    )
    .with_length(SIZE);
    let started = std::time::Instant::now();
    let stored = client.upload_document(upload).await.expect("upload");
    let upload_time = started.elapsed();
    let uploaded = loopback_server::UPLOADED_BYTES.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(uploaded, SIZE, "the server received the whole upload");
    let after_upload = peak_resident_bytes();

    let document_id = stored.document_id.expect("document id");
    let started = std::time::Instant::now();
    let mut body = client
        .get_document_stream(document_id)
        .await
        .expect("download")
        .into_inner();
    let mut downloaded = 0u64;
    while let Some(chunk) = body.next().await {
        downloaded += chunk.expect("chunk").len() as u64;
    }
    assert_eq!(downloaded, SIZE, "the whole body arrived");
    let download_time = started.elapsed();
    let after_download = peak_resident_bytes();

    println!(
        "peak RSS before transfers:      {:.1} MB",
        megabytes(before)
    );
    println!(
        "peak RSS after 200 MB upload:   {:.1} MB ({upload_time:.2?})",
        megabytes(after_upload)
    );
    println!(
        "peak RSS after 200 MB download: {:.1} MB ({download_time:.2?})",
        megabytes(after_download)
    );
    println!(
        "target: under {:.0} MB for the whole process",
        megabytes(TARGET_BYTES)
    );
    if after_download >= TARGET_BYTES {
        eprintln!("FAILED: peak resident memory above target");
        std::process::exit(1);
    }
}
