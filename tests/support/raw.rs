//! A hand-written HTTP/1.1 server on 127.0.0.1 for what a well-behaved
//! server cannot do: stall, cut a body short, reset, send garbage.
//!
//! Include it with `#[path = "support/raw.rs"] mod raw;`. Each accepted
//! connection plays the next script of [`Act`]s; a connection beyond the
//! scripts plays the last one. When a script ends the connection is closed.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One step of a connection's script.
#[derive(Debug, Clone)]
pub enum Act {
    /// Reads one complete request (head, then a `Content-Length` body) and
    /// records it. A connection closed before that ends the script.
    Read,
    /// Writes these bytes.
    Write(Vec<u8>),
    /// Waits (the connection stays open).
    Sleep(Duration),
    /// Closes with a TCP reset (`SO_LINGER` 0) instead of a clean close.
    Reset,
}

/// One complete request as received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The connection it arrived on, 0 for the first.
    pub connection: usize,
    /// Request line and headers, lossily decoded.
    pub head: String,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// `POST /messages/document`: the request line without the version.
    pub fn line(&self) -> String {
        let first = self.head.lines().next().unwrap_or_default();
        first.rsplit_once(' ').map_or(first, |(l, _)| l).to_owned()
    }
}

#[derive(Default)]
struct Log {
    connections: usize,
    requests: Vec<RawRequest>,
}

/// The running server; its task ends with the test's runtime.
#[derive(Clone)]
pub struct RawServer {
    pub url: String,
    log: Arc<Mutex<Log>>,
}

impl RawServer {
    /// Binds 127.0.0.1 on a free port and plays `scripts`.
    pub async fn start(scripts: Vec<Vec<Act>>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        RawServer::serve(listener, scripts)
    }

    /// Plays `scripts` on an already bound listener.
    pub fn serve(listener: TcpListener, scripts: Vec<Vec<Act>>) -> RawServer {
        assert!(!scripts.is_empty(), "at least one script");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = log.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let connection = {
                    let mut log = shared.lock().expect("lock");
                    log.connections += 1;
                    log.connections - 1
                };
                let script = scripts[connection.min(scripts.len() - 1)].clone();
                tokio::spawn(play(socket, connection, script, shared.clone()));
            }
        });
        RawServer { url, log }
    }

    /// The complete requests received so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.log.lock().expect("lock").requests.clone()
    }

    /// The connections accepted so far.
    pub fn connections(&self) -> usize {
        self.log.lock().expect("lock").connections
    }
}

async fn play(mut socket: TcpStream, connection: usize, script: Vec<Act>, log: Arc<Mutex<Log>>) {
    let mut buffer = Vec::new();
    for act in script {
        match act {
            Act::Read => match read_request(&mut socket, &mut buffer).await {
                Some((head, body)) => log.lock().expect("lock").requests.push(RawRequest {
                    connection,
                    head,
                    body,
                }),
                None => return,
            },
            Act::Write(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = socket.flush().await;
            }
            Act::Sleep(d) => tokio::time::sleep(d).await,
            Act::Reset => {
                let _ = socket.set_zero_linger();
                return;
            }
        }
    }
    let _ = socket.shutdown().await;
}

/// Reads one request from `socket`; bytes past it stay in `buffer` for the
/// next one (pipelining does not happen with reqwest, but be exact).
async fn read_request(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some((head, body))
}

/// A complete HTTP/1.1 response with `Content-Length` and `Connection: close`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = head(status, headers);
    out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(body);
    out
}

/// The status line and `headers`, each ending in CRLF, without the blank
/// line that ends the head.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Scripted\r\n").into_bytes();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out
}

/// A URL on 127.0.0.1 where nothing listens (bound, then released).
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    drop(listener);
    url
}
