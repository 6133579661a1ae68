//! A loopback HTTP/1.1 server that misbehaves on purpose: bodies without end,
//! lengths it never sends, answers that never come. Each request is answered
//! by the behaviour its path maps to.

#![allow(dead_code)] // each test or bench uses some of it

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers one request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// `status`, then a chunked body that never ends.
    Endless { status: u16 },
    /// `status` with a `Content-Length` of `length`, and no body at all.
    Announced { status: u16, length: u64 },
    /// Reads the request and never answers.
    Silent,
    /// `status` and `body`, as JSON.
    Json { status: u16, body: String },
    /// 200 and `body` as JSON, one byte at a time with `pause` between bytes.
    Trickle { body: String, pause: Duration },
}

/// A running server: its base URL and how many requests it received.
pub struct Server {
    pub url: String,
    requests: Arc<AtomicU64>,
}

impl Server {
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Starts a server on an ephemeral port; `route` maps a request path to its answer.
pub async fn start(route: fn(&str) -> Answer) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let requests = Arc::new(AtomicU64::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = serve(stream, route, &counter).await;
            });
        }
    });
    Server { url, requests }
}

async fn serve(
    stream: TcpStream,
    route: fn(&str) -> Answer,
    counter: &AtomicU64,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut content_length = 0u64;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
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
        let mut body = (&mut reader).take(content_length);
        tokio::io::copy(&mut body, &mut tokio::io::sink()).await?;
        counter.fetch_add(1, Ordering::SeqCst);
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_owned();
        let stream = reader.get_mut();
        match route(&path) {
            Answer::Endless { status } => {
                let head = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).await?;
                let mut chunk = format!("{:x}\r\n", 16 * 1024).into_bytes();
                chunk.extend(std::iter::repeat_n(b'x', 16 * 1024));
                chunk.extend_from_slice(b"\r\n");
                // Until the client hangs up.
                loop {
                    stream.write_all(&chunk).await?;
                }
            }
            Answer::Announced { status, length } => {
                let head = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).await?;
                std::future::pending::<()>().await;
            }
            Answer::Silent => std::future::pending::<()>().await,
            Answer::Json { status, body } => {
                let head = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(body.as_bytes()).await?;
            }
            Answer::Trickle { body, pause } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                for byte in body.as_bytes() {
                    tokio::time::sleep(pause).await;
                    stream.write_all(&[*byte]).await?;
                    stream.flush().await?;
                }
            }
        }
    }
}
