//! Retries never send a message twice, honour `Retry-After`, and stop at the
//! attempt cap.
//!
//! Sends are POSTs: retried only when the connection could not be made. The
//! server side counts what arrived; a tracing capture shows the client's
//! own "retrying" events where the server cannot see an attempt (a refused
//! connection).

#[path = "support/raw.rs"]
mod raw;
mod support;

use raw::{Act, RawServer};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Reply, TestServer};
use whapi::{Client, Error, Media, RetryPolicy};

const PHONE: &str = "15551234567";
const MESSAGE: &str = "ABCDEF012345-gBcdefghIjk";
const CAPTION: &str = "invoice 2024-118";
/// No test may take longer than this.
const HARD_LIMIT: Duration = Duration::from_secs(10);

fn client(url: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .token("retry-safety-token")
        .base_url(url)
        .timeout(Duration::from_secs(3))
        .retry(policy)
        .build()
        .expect("valid client settings")
}

async fn send_document(client: &Client) -> Result<whapi::types::SentMessage, Error> {
    let call = client
        .messages()
        .document(PHONE, Media::url("https://example.invalid/invoice.pdf"))
        .caption(CAPTION)
        .send();
    tokio::time::timeout(HARD_LIMIT, call)
        .await
        .expect("the call ends")
}

fn sent_json() -> serde_json::Value {
    json!({"sent": true, "message": {
        "id": MESSAGE, "type": "document", "chat_id": "15551234567@s.whatsapp.net",
        "from_me": true, "timestamp": 1_700_000_000
    }})
}

fn is_transport(result: &Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::Transport { .. }))
}

/// The request body arrived whole: the send really reached the server.
fn assert_whole_send(request: &raw::RawRequest) {
    assert_eq!(request.line(), "POST /messages/document");
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("a whole JSON body");
    assert_eq!(body["to"], PHONE);
    assert_eq!(body["caption"], CAPTION);
}

#[tokio::test]
async fn a_send_dropped_after_the_server_read_it_is_not_retried() {
    // Every connection reads the request whole, then closes without a word.
    let server = RawServer::start(vec![vec![Act::Read]]).await;
    let result = send_document(&client(&server.url, RetryPolicy::default())).await;
    assert!(is_transport(&result), "{result:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "the message reached the server once");
    assert_eq!(server.connections(), 1, "no second connection either");
    assert_whole_send(&seen[0]);
}

#[tokio::test]
async fn a_send_reset_after_the_server_read_it_is_not_retried() {
    let server = RawServer::start(vec![vec![Act::Read, Act::Reset]]).await;
    let result = send_document(&client(&server.url, RetryPolicy::default())).await;
    assert!(is_transport(&result), "{result:?}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_send_on_a_reused_connection_dropped_after_the_read_is_not_retried() {
    // One keep-alive connection: answers a mark-read, then reads the send
    // whole and closes. A retry, by the facade or the pool, would show as
    // a second connection.
    let ok = concat!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
        "Content-Length: 16\r\n\r\n{\"success\":true}",
    );
    let ok = ok.as_bytes().to_vec();
    // Later connections (there should be none) read the request and close.
    let server = RawServer::start(vec![
        vec![Act::Read, Act::Write(ok), Act::Read],
        vec![Act::Read],
    ])
    .await;
    let client = client(&server.url, RetryPolicy::default());
    let read = tokio::time::timeout(HARD_LIMIT, client.messages().mark_read(MESSAGE).send())
        .await
        .expect("the call ends");
    assert_eq!(read.expect("mark_read answered").success, Some(true));
    // Let the pool take the idle connection back before the send.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let result = send_document(&client).await;
    assert!(is_transport(&result), "{result:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "the mark-read and one send: {seen:?}");
    assert_eq!(seen[1].connection, 0, "the send reused the connection");
    assert_eq!(
        server.connections(),
        1,
        "the pool did not resend it elsewhere"
    );
    assert_whole_send(&seen[1]);
}

#[tokio::test]
async fn a_raw_upload_dropped_after_the_server_read_it_is_not_retried() {
    let server = RawServer::start(vec![vec![Act::Read]]).await;
    let client = client(&server.url, RetryPolicy::default());
    let call = client
        .messages()
        .media(PHONE, Media::bytes(b"%PDF-1.7 upload once".to_vec()))
        .send();
    let result = tokio::time::timeout(HARD_LIMIT, call)
        .await
        .expect("the call ends");
    assert!(is_transport(&result), "{result:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].line().starts_with("POST /messages/media/document?"));
    assert_eq!(seen[0].body, b"%PDF-1.7 upload once");
}

#[tokio::test]
async fn a_send_that_times_out_is_not_retried() {
    let server = RawServer::start(vec![vec![Act::Read, Act::Sleep(Duration::from_secs(30))]]).await;
    let client = Client::builder()
        .token("retry-safety-token")
        .base_url(&server.url)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("valid client settings");
    let result = send_document(&client).await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_send_answered_5xx_or_429_is_not_retried() {
    for first in [
        Reply::json(503, &json!({"error": {"code": 503, "message": "busy"}})),
        Reply::json(429, &json!({"error": {"code": 429, "message": "slow"}}))
            .with_header("retry-after", "0"),
    ] {
        let status = first.status;
        let server = TestServer::start().await;
        server.reply(first);
        server.reply(Reply::json(201, &sent_json()));
        let result = send_document(&client(&server.url, RetryPolicy::default())).await;
        assert_eq!(
            result.as_ref().err().and_then(Error::status),
            Some(status),
            "{result:?}"
        );
        assert_eq!(server.take_seen().len(), 1, "{status}: sent once");
    }
}

#[tokio::test]
async fn a_get_answered_429_waits_for_retry_after_then_succeeds() {
    let server = TestServer::start().await;
    server.reply(
        Reply::json(
            429,
            &json!({"error": {"code": 429, "message": "slow down"}}),
        )
        .with_header("retry-after", "1"),
    );
    server.reply(Reply::json(
        200,
        &json!({"messages": [], "count": 0, "total": 0}),
    ));
    let client = client(&server.url, RetryPolicy::default());
    let started = Instant::now();
    let page = tokio::time::timeout(HARD_LIMIT, client.messages().list().count(10).send())
        .await
        .expect("the call ends")
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(page.total, Some(0));
    assert_eq!(server.take_seen().len(), 2);
    assert!(
        elapsed >= Duration::from_secs(1),
        "Retry-After: 1 was honoured, waited only {elapsed:?}"
    );
}

#[tokio::test]
async fn the_attempt_cap_holds() {
    for (attempts, policy) in [
        (
            3,
            RetryPolicy::default()
                .max_attempts(3)
                .initial_delay(Duration::from_millis(10)),
        ),
        (
            5,
            RetryPolicy::default()
                .max_attempts(5)
                .initial_delay(Duration::from_millis(1)),
        ),
        (1, RetryPolicy::none()),
    ] {
        // A read (GET) answered 503 and an update (PUT) answered 500, forever.
        for (put, status) in [(false, 503), (true, 500)] {
            let server = TestServer::start().await;
            for _ in 0..8 {
                server.reply(Reply::json(
                    status,
                    &json!({"error": {"code": status, "message": "down"}}),
                ));
            }
            let client = client(&server.url, policy.clone());
            let result = if put {
                let call = client.messages().mark_read(MESSAGE).send();
                tokio::time::timeout(HARD_LIMIT, call)
                    .await
                    .map(|r| r.map(drop))
            } else {
                let call = client.messages().list().send();
                tokio::time::timeout(HARD_LIMIT, call)
                    .await
                    .map(|r| r.map(drop))
            }
            .expect("the call ends");
            match result {
                Err(Error::Api(e)) => assert_eq!(e.status, status),
                other => panic!("expected Api {status}, got {other:?}"),
            }
            let method = if put { "PUT" } else { "GET" };
            assert_eq!(
                server.take_seen().len(),
                attempts,
                "{method}: at most {attempts} attempts"
            );
        }
    }
}

#[tokio::test]
async fn a_get_closed_without_an_answer_is_not_retried() {
    // Documented: only connect errors, 429 and 5xx are retried.
    let server = RawServer::start(vec![vec![Act::Read]]).await;
    let client = client(&server.url, RetryPolicy::default());
    let result = tokio::time::timeout(HARD_LIMIT, client.messages().list().send())
        .await
        .expect("the call ends");
    assert!(is_transport(&result), "{result:?}");
    assert_eq!(server.requests().len(), 1);
}

/// Captures everything tracing prints (DEBUG and up) on this thread.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }

    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_send_whose_connection_was_refused_is_retried_and_sent_once() {
    let capture = Capture::default();
    let _guard = capture.install();
    let url = raw::refused_url();
    let addr = url.trim_start_matches("http://").to_owned();
    let client = client(
        &url,
        RetryPolicy::default().initial_delay(Duration::from_millis(400)),
    );
    let respond = raw::response(
        201,
        &[("Content-Type", "application/json")],
        sent_json().to_string().as_bytes(),
    );
    // The server starts listening once the client has seen the first
    // connection refused and is waiting (200 to 400 ms) to retry.
    let late_server = async {
        let deadline = Instant::now() + HARD_LIMIT;
        while !capture.text().contains("retrying") {
            assert!(
                Instant::now() < deadline,
                "no retry logged:\n{}",
                capture.text()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .expect("the port is still free");
        RawServer::serve(listener, vec![vec![Act::Read, Act::Write(respond)]])
    };
    let (result, server) = tokio::join!(send_document(&client), late_server);
    let sent = result.expect("the retry reached the late server");
    assert!(sent.sent);
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "sent exactly once");
    assert_whole_send(&seen[0]);
    let log = capture.text();
    assert_eq!(log.matches("retrying").count(), 1, "{log}");
    assert!(
        log.contains("whapi.call{operation=\"send_message_document\" method=POST"),
        "{log}"
    );
    // The target is `whapi` (what `RUST_LOG=whapi=debug` selects), though the
    // hooks live in the whapi-api crate.
    assert!(log.contains("}: whapi: retrying"), "{log}");
    // With a subscriber listening, the span gets its records (the hooks
    // skip them only when no one listens).
    assert!(log.contains("attempt=1"), "{log}");
}

#[tokio::test]
async fn a_send_whose_connection_is_always_refused_stops_at_the_cap() {
    let capture = Capture::default();
    let _guard = capture.install();
    let client = client(
        &raw::refused_url(),
        RetryPolicy::default().initial_delay(Duration::from_millis(10)),
    );
    let result = send_document(&client).await;
    assert!(is_transport(&result), "{result:?}");
    let log = capture.text();
    // 3 attempts: 2 retries.
    assert_eq!(log.matches("retrying").count(), 2, "{log}");
}
