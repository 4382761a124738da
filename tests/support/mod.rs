//! A loopback HTTP server for tests: answers with scripted responses and
//! records every request it sees.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    /// The query string as sorted key → value pairs.
    pub fn query_pairs(&self) -> BTreeMap<String, String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(
            self.query.as_deref().unwrap_or_default(),
        )
        .expect("query string decodes")
        .into_iter()
        .collect()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            body: serde_json::to_vec(body).expect("serializable"),
            headers: vec![("content-type".into(), "application/json".into())],
        }
    }
}

#[derive(Default)]
struct Shared {
    replies: VecDeque<Reply>,
    seen: Vec<Seen>,
}

/// The running server; dropped with the test's runtime.
#[derive(Clone)]
pub struct TestServer {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

/// Serves `app` on 127.0.0.1, port 0, in the background; returns its URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

/// Everything an error prints, its sources included.
pub fn error_text(e: &whapi::Error) -> String {
    let mut text = format!("{e} {e:?}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(" | {s} {s:?}"));
        source = s.source();
    }
    text
}

impl TestServer {
    /// Binds 127.0.0.1 on port 0 and serves in the background.
    pub async fn start() -> TestServer {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let url = serve(app).await;
        TestServer { url, shared }
    }

    /// Queues the answer to the next request.
    pub fn reply(&self, reply: Reply) {
        self.shared.lock().expect("lock").replies.push_back(reply);
    }

    /// Takes the requests seen so far.
    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut self.shared.lock().expect("lock").seen)
    }
}

async fn handle(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = {
        let mut s = shared.lock().expect("lock");
        s.seen.push(Seen {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            headers,
            body,
        });
        s.replies.pop_front()
    };
    let reply = reply
        .unwrap_or_else(|| Reply::json(599, &serde_json::json!({"error": "no reply scripted"})));
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (k, v) in &reply.headers {
        builder = builder.header(k, v);
    }
    builder.body(Body::from(reply.body)).expect("response")
}

/// The checked-in records, one JSON object each.
pub fn records() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/records");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("spec/records exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("readable records")
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).expect("record is JSON"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The checked-in spec.
pub fn spec() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/whapi.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("spec readable"))
        .expect("spec is JSON")
}

/// Whether `actual` carries everything `expected` does: numbers compare as
/// numbers (0 == 0.0), and an empty array may be left out (typify skips
/// empty Vecs when serializing). Returns the first difference.
pub fn covers(expected: &Value, actual: Option<&Value>, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Array(e), None) if e.is_empty() => Ok(()),
        (_, None) => Err(format!("{path}: missing")),
        (Value::Number(e), Some(Value::Number(a))) if e.as_f64() == a.as_f64() => Ok(()),
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, v) in e {
                covers(v, a.get(k), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Some(Value::Array(a))) if e.len() == a.len() => {
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                covers(x, Some(y), &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (e, Some(a)) if e == a => Ok(()),
        (e, Some(a)) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

// ----- Helpers for the facade tests (tests/facade_*.rs). -----

/// The token the facade tests use: distinctive, so a leak is easy to spot.
pub const TOKEN: &str = "tok-SECRET-123";

impl Seen {
    /// The query string as key → value pairs, in order, repeats kept.
    pub fn query_list(&self) -> Vec<(String, String)> {
        serde_urlencoded::from_str(self.query.as_deref().unwrap_or_default())
            .expect("query string decodes")
    }
}

impl Reply {
    /// Any body, with its content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            body: body.into(),
            headers: vec![("content-type".into(), content_type.into())],
        }
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl TestServer {
    /// Queues `reply` as the answer to each of the next `times` requests.
    pub fn reply_times(&self, reply: Reply, times: usize) {
        for _ in 0..times {
            self.reply(reply.clone());
        }
    }
}

/// A listener on 127.0.0.1 that accepts connections and never answers:
/// returns its URL. The task holding the connections lives as long as the
/// test's runtime.
pub async fn stalling_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

/// A URL on 127.0.0.1 where nothing listens (bound, then released).
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    drop(listener);
    url
}

/// A [`TestServer`] scripted with one reply, and a [`client`] for it.
pub async fn serve_reply(reply: Reply) -> (TestServer, whapi::Client) {
    let server = TestServer::start().await;
    server.reply(reply);
    let client = client(&server.url);
    (server, client)
}

/// A facade client for `url` with [`TOKEN`] and no retries.
pub fn client(url: &str) -> whapi::Client {
    whapi::Client::builder()
        .token(TOKEN)
        .base_url(url)
        .retry(whapi::RetryPolicy::none())
        .build()
        .expect("valid client settings")
}

/// Which event (type, method) sends each key of `WebhookPayload`.
pub const KEY_EVENTS: [(&str, &str, &str); 21] = [
    ("messages", "messages", "post"),
    ("messages_updates", "messages", "patch"),
    ("messages_removed", "messages", "delete"),
    ("messages_removed_all", "messages", "delete"),
    ("statuses", "statuses", "post"),
    ("chats", "chats", "post"),
    ("chats_updates", "chats", "patch"),
    ("chats_removed", "chats", "delete"),
    ("contacts", "contacts", "post"),
    ("contacts_updates", "contacts", "patch"),
    ("groups", "groups", "post"),
    ("groups_participants", "groups", "put"),
    ("groups_updates", "groups", "patch"),
    ("presences", "presences", "post"),
    ("labels", "labels", "post"),
    ("labels_removed", "labels", "delete"),
    ("calls", "calls", "post"),
    ("health", "channel", "post"),
    ("qr", "channel", "patch"),
    ("user", "users", "post"),
    ("errors", "service", "post"),
];
