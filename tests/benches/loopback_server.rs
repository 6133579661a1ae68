//! A minimal HTTP/1.1 server on loopback for the benchmarks: it never holds a
//! body in memory (uploads are counted and dropped, downloads are generated),
//! so the process's memory is the client's.

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Body bytes received by `POST /documents` so far.
pub static UPLOADED_BYTES: AtomicU64 = AtomicU64::new(0);

/// What the server answers.
#[derive(Clone)]
pub struct Routes {
    /// Body of every `GET /signing-sessions/{id}`.
    pub session_json: &'static [u8],
    /// Size of the body of `GET /documents/{id}`.
    pub download_size: u64,
}

/// Starts the server on an ephemeral port; returns its base URL.
pub async fn start(routes: Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            // Without this, Nagle's algorithm and delayed ACKs add ~40 ms per call.
            let _ = stream.set_nodelay(true);
            let routes = routes.clone();
            tokio::spawn(async move {
                let _ = serve_connection(stream, routes).await;
            });
        }
    });
    format!("http://{address}")
}

async fn serve_connection(stream: TcpStream, routes: Routes) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut content_length = 0u64;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut discarded = (&mut reader).take(content_length);
        let received = tokio::io::copy(&mut discarded, &mut tokio::io::sink()).await?;
        let mut parts = request_line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let stream = reader.get_mut();
        match (method, path) {
            ("POST", "/documents") => {
                UPLOADED_BYTES.fetch_add(received, Ordering::SeqCst);
                let body = format!("{{\"documentId\":\"d1234567-89ab-cdef-0123-456789abcdef\",\"mimeType\":\"application/pdf\",\"received\":{received}}}");
                write_head(stream, "application/json", body.len() as u64).await?;
                stream.write_all(body.as_bytes()).await?;
            }
            ("GET", path) if path.starts_with("/documents/") => {
                write_head(stream, "application/octet-stream", routes.download_size).await?;
                let chunk = vec![0x25u8; 64 * 1024];
                let mut remaining = routes.download_size;
                while remaining > 0 {
                    let size = remaining.min(chunk.len() as u64) as usize;
                    stream.write_all(&chunk[..size]).await?;
                    remaining -= size as u64;
                }
            }
            ("GET", path) if path.starts_with("/signing-sessions/") => {
                let mut response =
                    head("application/json", routes.session_json.len() as u64).into_bytes();
                response.extend_from_slice(routes.session_json);
                stream.write_all(&response).await?;
            }
            _ => {
                stream
                    .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                    .await?;
            }
        }
        stream.flush().await?;
    }
}

fn head(content_type: &str, length: u64) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n\r\n")
}

async fn write_head(
    stream: &mut TcpStream,
    content_type: &str,
    length: u64,
) -> std::io::Result<()> {
    stream
        .write_all(head(content_type, length).as_bytes())
        .await
}
