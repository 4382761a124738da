//! The axum receiver on loopback: authentication, limits, queue, retries.
#![cfg(feature = "webhooks-axum")]

mod support;

use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc};
use whapi::webhooks::{Delivery, Event, ReceiverConfig, receiver};

const AUTH: (&str, &str) = ("authorization", "Bearer hook-s3cret");

fn config() -> ReceiverConfig {
    ReceiverConfig::new(AUTH.0, AUTH.1)
}

/// A receiver on 127.0.0.1 whose handler forwards every delivery; returns
/// its URL and the deliveries' channel.
async fn start(config: ReceiverConfig) -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().nest(
        "/hook",
        receiver(config, move |d: Delivery| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(d);
            }
        }),
    );
    (support::serve(app).await, rx)
}

async fn post(
    url: &str,
    path: &str,
    auth: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("{url}{path}"))
        .body(body);
    if let Some(value) = auth {
        request = request.header(AUTH.0, value);
    }
    request.send().await.expect("loopback answers")
}

fn text_message(id: &str) -> Vec<u8> {
    json!({"messages": [{"id": id, "from_me": false, "type": "text", "chat_id": "15550001111@s.whatsapp.net",
        "timestamp": 1712995245, "text": {"body": "Hello"}}], "channel_id": "MANTIS-M72HC"})
    .to_string()
    .into_bytes()
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("the handler is called")
        .expect("a delivery")
}

async fn nothing(rx: &mut mpsc::UnboundedReceiver<Delivery>) {
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(rx.try_recv().is_err(), "the handler got nothing more");
}

#[tokio::test]
async fn the_static_header_is_required() {
    let (url, mut rx) = start(config()).await;
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer hook-s3cre"),
        Some(""),
    ] {
        let r = post(&url, "/hook", auth, text_message("a")).await;
        assert_eq!(r.status(), 401, "{auth:?}");
    }
    nothing(&mut rx).await;
    let r = post(&url, "/hook", Some(AUTH.1), text_message("a")).await;
    assert_eq!(r.status(), 200);
    let d = next(&mut rx).await;
    assert_eq!(d.channel_id.as_deref(), Some("MANTIS-M72HC"));
    let Event::Messages(items) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(items[0].get().map(|m| m.id.as_str()), Some("a"));
}

#[tokio::test]
async fn an_invalid_header_name_refuses_everything_without_panicking() {
    let (url, mut rx) = start(ReceiverConfig::new("bad header\n", "v")).await;
    let r = reqwest::Client::new()
        .post(format!("{url}/hook"))
        .header("x-other", "v")
        .body(text_message("a"))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 401);
    nothing(&mut rx).await;
    // Unauthenticated on purpose: accepted.
    let (url, mut rx) = start(ReceiverConfig::unauthenticated()).await;
    assert_eq!(
        post(&url, "/hook", None, text_message("a")).await.status(),
        200
    );
    next(&mut rx).await;
}

#[tokio::test]
async fn bodies_beyond_the_limit_are_413_and_garbage_is_400() {
    let (url, mut rx) = start(config().body_limit(2048)).await;
    let r = post(&url, "/hook", Some(AUTH.1), vec![b' '; 4096]).await;
    assert_eq!(r.status(), 413);
    // Chunked, no Content-Length: the limit still holds.
    let chunks =
        futures_util::stream::iter((0..8).map(|_| Ok::<_, std::io::Error>(vec![b' '; 512])));
    let r = post(
        &url,
        "/hook",
        Some(AUTH.1),
        reqwest::Body::wrap_stream(chunks),
    )
    .await;
    assert_eq!(r.status(), 413);
    let r = post(&url, "/hook", Some(AUTH.1), "<html>").await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap_or_default().contains("not JSON"));
    let r = post(&url, "/hook", Some(AUTH.1), "[1]").await;
    assert_eq!(r.status(), 400);
    nothing(&mut rx).await;
}

#[tokio::test]
async fn path_and_method_modes_reach_the_handler_typed() {
    let (url, mut rx) = start(config()).await;
    let status = json!({"statuses": [{"id": "m1", "code": 3, "status": "delivered", "timestamp": "1712995270"}]});
    let r = post(
        &url,
        "/hook/statuses/post",
        Some(AUTH.1),
        status.to_string(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let d = next(&mut rx).await;
    assert_eq!(
        (d.event_type.as_deref(), d.event_method.as_deref()),
        (Some("statuses"), Some("post"))
    );
    let chats = json!({"chats_updates": [{"before_update": {"id": "1@s.whatsapp.net"}, "after_update": {"id": "1@s.whatsapp.net"}, "changes": ["unread"]}]});
    let r = reqwest::Client::new()
        .patch(format!("{url}/hook/chats"))
        .header(AUTH.0, AUTH.1)
        .body(chats.to_string())
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    let d = next(&mut rx).await;
    assert_eq!(
        (d.event_type.as_deref(), d.event_method.as_deref()),
        (Some("chats"), Some("patch"))
    );
    assert!(matches!(d.event, Event::ChatUpdates(ref u) if u.len() == 1));
}

#[tokio::test]
async fn retried_deliveries_reach_the_handler_once() {
    let (url, mut rx) = start(config()).await;
    for _ in 0..3 {
        assert_eq!(
            post(&url, "/hook", Some(AUTH.1), text_message("same"))
                .await
                .status(),
            200
        );
    }
    // A retry mixing a seen and a new message hands on the new one only.
    let both = json!({"messages": [
        {"id": "same", "from_me": false, "type": "text", "chat_id": "1@s.whatsapp.net", "timestamp": 1},
        {"id": "new", "from_me": false, "type": "text", "chat_id": "1@s.whatsapp.net", "timestamp": 1}],
        "channel_id": "MANTIS-M72HC"});
    assert_eq!(
        post(&url, "/hook", Some(AUTH.1), both.to_string())
            .await
            .status(),
        200
    );
    // Events without IDs are de-duplicated by their body.
    let health =
        json!({"health": {"start_at": 1, "uptime": 2, "status": {"code": 4, "text": "AUTH"}}});
    for _ in 0..2 {
        assert_eq!(
            post(&url, "/hook", Some(AUTH.1), health.to_string())
                .await
                .status(),
            200
        );
    }
    let first = next(&mut rx).await;
    assert_eq!(first.event.raw_items()[0]["id"], "same");
    let second = next(&mut rx).await;
    assert_eq!(second.event.raw_items().len(), 1);
    assert_eq!(second.event.raw_items()[0]["id"], "new");
    assert!(matches!(next(&mut rx).await.event, Event::Health(_)));
    nothing(&mut rx).await;
}

#[tokio::test]
async fn a_full_queue_answers_503_and_the_retry_is_handled() {
    let gate = Arc::new(Semaphore::new(0));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let hook_gate = gate.clone();
    let app = receiver(config().queue_capacity(1), move |d: Delivery| {
        let (gate, tx) = (hook_gate.clone(), tx.clone());
        async move {
            if let Ok(permit) = gate.acquire().await {
                permit.forget();
            }
            let _ = tx.send(d);
        }
    });
    let url = support::serve(app).await;
    assert_eq!(
        post(&url, "/", Some(AUTH.1), text_message("1"))
            .await
            .status(),
        200
    );
    // The worker holds "1"; let it take it off the queue.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        post(&url, "/", Some(AUTH.1), text_message("2"))
            .await
            .status(),
        200
    );
    let full = post(&url, "/", Some(AUTH.1), text_message("3")).await;
    assert_eq!(full.status(), 503);
    assert_eq!(
        full.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    gate.add_permits(10);
    let ids: Vec<String> = [next(&mut rx).await, next(&mut rx).await]
        .iter()
        .map(|d| {
            d.event.raw_items()[0]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["1", "2"]);
    // Not remembered as seen: Whapi's retry goes through.
    assert_eq!(
        post(&url, "/", Some(AUTH.1), text_message("3"))
            .await
            .status(),
        200
    );
    assert_eq!(next(&mut rx).await.event.raw_items()[0]["id"], "3");
}

#[tokio::test]
async fn a_panicking_handler_does_not_stop_the_receiver() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let app = receiver(config(), move |d: Delivery| {
        let tx = tx.clone();
        async move {
            if d.event
                .raw_items()
                .first()
                .is_some_and(|m| m["id"] == "boom")
            {
                panic!("handler bug");
            }
            let _ = tx.send(d);
        }
    });
    let url = support::serve(app).await;
    assert_eq!(
        post(&url, "/", Some(AUTH.1), text_message("boom"))
            .await
            .status(),
        200
    );
    assert_eq!(
        post(&url, "/", Some(AUTH.1), text_message("fine"))
            .await
            .status(),
        200
    );
    assert_eq!(next(&mut rx).await.event.raw_items()[0]["id"], "fine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_10000_deliveries_256_concurrent_with_retries() {
    const DELIVERIES: usize = 10_000;
    const CONCURRENT: usize = 256;
    let received: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let seen = received.clone();
    // A small queue and a handler that sometimes takes a millisecond: the
    // queue fills, and the senders retry on 503 as Whapi does.
    let app = receiver(config().queue_capacity(128), move |d: Delivery| {
        let seen = seen.clone();
        async move {
            let slow = {
                let mut seen = seen.lock().expect("lock");
                for raw in d.event.raw_items() {
                    let id = raw["id"].as_str().unwrap_or_default().to_owned();
                    *seen.entry(id).or_default() += 1;
                }
                seen.len().is_multiple_of(50)
            };
            if slow {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
    });
    let url = support::serve(app).await;
    let http = reqwest::Client::new();
    let next_index = Arc::new(AtomicUsize::new(0));
    let (sent, retried_503) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENT {
        let (http, url, next_index) = (http.clone(), url.clone(), next_index.clone());
        let (sent, retried_503) = (sent.clone(), retried_503.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next_index.fetch_add(1, Ordering::Relaxed);
                if i >= DELIVERIES {
                    break;
                }
                let body = if i.is_multiple_of(4) {
                    json!({"statuses": [{"id": format!("s{i}"), "code": 4, "status": "read", "timestamp": "1"}], "channel_id": "C"})
                } else {
                    json!({"messages": [{"id": format!("m{i}"), "from_me": false, "type": "text", "chat_id": "1@s.whatsapp.net", "timestamp": i}], "channel_id": "C"})
                }
                .to_string();
                // Every fifth delivery is retried once as Whapi would after a
                // lost answer, even though it was accepted.
                let copies = if i.is_multiple_of(5) { 2 } else { 1 };
                for _ in 0..copies {
                    loop {
                        let r = http
                            .post(&url)
                            .header(AUTH.0, AUTH.1)
                            .body(body.clone())
                            .send()
                            .await
                            .expect("loopback answers");
                        sent.fetch_add(1, Ordering::Relaxed);
                        match r.status().as_u16() {
                            200 => break,
                            503 => {
                                retried_503.fetch_add(1, Ordering::Relaxed);
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                            other => panic!("unexpected status {other}"),
                        }
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("client task");
    }
    // The handler drains the queue.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let total: usize = received.lock().expect("lock").values().sum();
        if total >= DELIVERIES || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let received = received.lock().expect("lock").clone();
    let lost = (0..DELIVERIES)
        .filter(|i| {
            let id = if i.is_multiple_of(4) {
                format!("s{i}")
            } else {
                format!("m{i}")
            };
            !received.contains_key(&id)
        })
        .count();
    let duplicated: usize = received.values().map(|n| n - 1).sum();
    println!(
        "webhook load: {DELIVERIES} deliveries, {CONCURRENT} concurrent, {lost} lost, {duplicated} duplicated"
    );
    println!(
        "  ({} requests sent, {} answered 503 and retried)",
        sent.load(Ordering::Relaxed),
        retried_503.load(Ordering::Relaxed)
    );
    assert_eq!(
        received.len(),
        DELIVERIES,
        "nothing else reached the handler"
    );
    assert_eq!((lost, duplicated), (0, 0));
    assert!(
        sent.load(Ordering::Relaxed) >= DELIVERIES + DELIVERIES / 5,
        "retries were sent"
    );
}
