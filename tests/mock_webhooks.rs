//! The mock talks back: webhook deliveries to hooks configured through the
//! settings or directly, in the three modes, with their headers; sends echo
//! as `messages.post` then `statuses` sent → delivered → read; injected
//! messages; retries with linear backoff; every delivery parsed with
//! `whapi::webhooks::parse` and checked field by field.
#![cfg(feature = "mock")]

mod support;

use serde_json::json;
use std::time::Duration;
use support::{Reply, TestServer};
use whapi::mock::{HookMode, MOCK_CHANNEL_ID, MockDelivery, MockServer};
use whapi::settings::{Hook, WebhookChange};
use whapi::types::{EventMethodKnown as Method, WebhookEventTypeTypeKnown as Type};
use whapi::types::{MessageStatusKnown, WebhookParametersModeKnown as Mode};
use whapi::webhooks::{Delivery, Event, NamedBy, ReceiverConfig, parse};

/// Generous: only a broken mock takes this long.
const WAIT: Duration = Duration::from_secs(10);
const SECRET: &str = "Bearer mock-hook-secret";
const CONTACT: &str = "15550001111";

/// A receiver on 127.0.0.1 answering the next `n` deliveries 200.
async fn receiver_answering_ok(n: usize) -> TestServer {
    let receiver = TestServer::start().await;
    receiver.reply_times(ok(), n);
    receiver
}

fn ok() -> Reply {
    Reply::raw(200, "text/plain", "ok")
}

fn client(server: &MockServer) -> whapi::Client {
    whapi::Client::builder()
        .token("test-token")
        .base_url(server.url())
        .build()
        .expect("client")
}

/// A delivery as its receiver parses it.
fn parsed(d: &MockDelivery) -> Delivery {
    parse(&d.method, d.path(), &d.body)
        .unwrap_or_else(|e| panic!("the mock sent an unparsable delivery: {e}\n{d:?}"))
}

fn messages(d: &Delivery) -> Vec<&whapi::types::Message> {
    let Event::Messages(items) = &d.event else {
        panic!("not a messages event: {d:?}");
    };
    assert!(items.iter().all(|i| i.error().is_none()), "{items:?}");
    items.iter().filter_map(|i| i.get()).collect()
}

fn statuses(d: &Delivery) -> Vec<&whapi::types::Status> {
    let Event::Statuses(items) = &d.event else {
        panic!("not a statuses event: {d:?}");
    };
    assert!(items.iter().all(|i| i.error().is_none()), "{items:?}");
    items.iter().filter_map(|i| i.get()).collect()
}

#[tokio::test]
async fn a_send_comes_back_as_the_message_then_sent_delivered_read() {
    let server = MockServer::start().await.expect("mock");
    let receiver = receiver_answering_ok(4).await;
    let client = client(&server);
    let hook = Hook::new(format!("{}/hook", receiver.url))
        .event(Type::Messages, Method::Post)
        .event(Type::Statuses, Method::Post)
        .header("Authorization", SECRET);
    let change = client.settings().webhooks().upsert(hook).await;
    assert_eq!(change.expect("upsert"), WebhookChange::Added);

    let sent = client
        .messages()
        .text(CONTACT, "Hi there")
        .send()
        .await
        .expect("send");
    let sent = sent.message.expect("the sent message");
    let deliveries = server.wait_for_deliveries(4, WAIT).await.expect("4");
    assert_eq!(deliveries.len(), 4, "{deliveries:#?}");

    for d in &deliveries {
        assert_eq!((d.method.as_str(), d.path()), ("POST", "/hook"));
        assert_eq!(d.header("authorization"), Some(SECRET));
        assert_eq!(d.header("content-type"), Some("application/json"));
        assert_eq!((d.attempt, d.status, d.retry_in), (1, Some(200), None));
    }
    let first = parsed(&deliveries[0]);
    assert_eq!(first.channel_id.as_deref(), Some(MOCK_CHANNEL_ID));
    assert_eq!(first.named_by, NamedBy::Body);
    assert_eq!(
        (first.event_type.as_deref(), first.event_method.as_deref()),
        (Some("messages"), Some("post"))
    );
    let echoed = messages(&first);
    assert_eq!(echoed.len(), 1);
    let m = echoed[0];
    assert_eq!(m.id, sent.id);
    assert!(m.from_me);
    assert_eq!(
        m.source.as_ref().map(|s| s.to_string()).as_deref(),
        Some("api")
    );
    assert_eq!(m.chat_id, format!("{CONTACT}@s.whatsapp.net"));
    assert_eq!(
        m.text.as_ref().and_then(|t| t.body.as_deref()),
        Some("Hi there")
    );

    let mut seen_statuses = Vec::new();
    for d in &deliveries[1..] {
        let p = parsed(d);
        assert_eq!(p.channel_id.as_deref(), Some(MOCK_CHANNEL_ID));
        assert_eq!(p.event_type.as_deref(), Some("statuses"));
        let s = statuses(&p);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id, sent.id);
        assert_eq!(
            p.event.raw_items()[0]["recipient_id"],
            format!("{CONTACT}@s.whatsapp.net")
        );
        // On the wire a status timestamp is a string.
        assert!(p.event.raw_items()[0]["timestamp"].is_string());
        seen_statuses.push((s[0].status.known().cloned(), s[0].code));
    }
    assert_eq!(
        seen_statuses,
        [
            (Some(MessageStatusKnown::Sent), 2.0),
            (Some(MessageStatusKnown::Delivered), 3.0),
            (Some(MessageStatusKnown::Read), 4.0)
        ]
    );
    // The receiver saw what the mock recorded, header included.
    let seen = receiver.take_seen();
    assert_eq!(seen.len(), 4);
    for (s, d) in seen.iter().zip(&deliveries) {
        assert_eq!(
            (&s.body, s.header("authorization")),
            (&d.body, Some(SECRET))
        );
    }
    // The list shows the last status too.
    assert_eq!(server.messages()[0]["status"], "read");
}

#[tokio::test]
async fn each_mode_addresses_the_event_its_way() {
    let server = MockServer::start().await.expect("mock");
    let receiver = receiver_answering_ok(6).await;
    let url = &receiver.url;
    for (path, mode) in [
        ("body", HookMode::Body),
        ("path", HookMode::Path),
        ("method", HookMode::Method),
    ] {
        server
            .webhook(format!("{url}/{path}/"))
            .event("messages", "post")
            .event("chats", "patch")
            .mode(mode)
            .header("X-Mode", path)
            .add();
    }
    let incoming = server.inject_message(CONTACT, "Hello");
    let update = json!([{"before_update": {"id": "c1"}, "after_update": {"id": "c1", "unread": 0}, "changes": ["unread"]}]);
    server.inject_event("chats", "patch", "chats_updates", update);
    let deliveries = server.wait_for_deliveries(6, WAIT).await.expect("6");

    let mut by_mode: Vec<(String, String, String, NamedBy)> = Vec::new();
    for d in &deliveries {
        let p = parsed(d);
        assert_eq!(p.channel_id.as_deref(), Some(MOCK_CHANNEL_ID));
        assert_eq!(d.header("x-mode"), d.hook_url.split('/').nth(3));
        match &p.event {
            Event::Messages(_) => {
                let m = messages(&p)[0];
                assert_eq!(m.id, incoming["id"].as_str().expect("id"));
                assert!(!m.from_me);
                assert_eq!(m.chat_id, format!("{CONTACT}@s.whatsapp.net"));
                assert_eq!(
                    m.text.as_ref().and_then(|t| t.body.as_deref()),
                    Some("Hello")
                );
                assert_eq!(
                    (p.event_type.as_deref(), p.event_method.as_deref()),
                    (Some("messages"), Some("post"))
                );
            }
            Event::ChatUpdates(items) => {
                assert_eq!(items.len(), 1);
                assert_eq!(items[0].raw["changes"], json!(["unread"]));
                assert_eq!(
                    (p.event_type.as_deref(), p.event_method.as_deref()),
                    (Some("chats"), Some("patch"))
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        by_mode.push((
            d.method.clone(),
            d.path().to_string(),
            p.event_type.clone().unwrap_or_default(),
            p.named_by,
        ));
    }
    by_mode.sort_by(|a, b| (&a.1, &a.0, &a.2).cmp(&(&b.1, &b.0, &b.2)));
    let want = [
        ("POST", "/body/", "chats", NamedBy::Body),
        ("POST", "/body/", "messages", NamedBy::Body),
        ("PATCH", "/method/chats", "chats", NamedBy::HttpMethod),
        ("POST", "/method/messages", "messages", NamedBy::HttpMethod),
        ("POST", "/path/chats/patch", "chats", NamedBy::Path),
        ("POST", "/path/messages/post", "messages", NamedBy::Path),
    ];
    let mut want: Vec<_> = want
        .iter()
        .map(|(m, p, t, n)| (m.to_string(), p.to_string(), t.to_string(), *n))
        .collect();
    want.sort_by(|a, b| (&a.1, &a.0, &a.2).cmp(&(&b.1, &b.0, &b.2)));
    assert_eq!(by_mode, want);
    // Only the body mode names the event in the body.
    for d in &deliveries {
        let body = d.json().expect("JSON");
        assert_eq!(
            body.get("event").is_some(),
            d.hook_url.ends_with("/body/"),
            "{body}"
        );
    }
    let seen = receiver.take_seen();
    assert_eq!(seen.len(), 6);
    let mut paths: Vec<(String, String)> = seen
        .iter()
        .map(|s| (s.method.clone(), s.path.clone()))
        .collect();
    paths.sort();
    let mut recorded: Vec<(String, String)> = deliveries
        .iter()
        .map(|d| (d.method.clone(), d.path().to_string()))
        .collect();
    recorded.sort();
    assert_eq!(paths, recorded);
}

#[tokio::test]
async fn only_subscribed_events_are_delivered() {
    let server = MockServer::start().await.expect("mock");
    server.status_delay(Duration::ZERO);
    let receiver = receiver_answering_ok(7).await;
    let url = &receiver.url;
    let messages_only = format!("{url}/messages-only");
    server.webhook(&messages_only).add(); // no events: Whapi's default, new messages
    server
        .webhook(format!("{url}/all"))
        .event("messages", "post")
        .event("statuses", "post")
        .add();
    client(&server)
        .messages()
        .text(CONTACT, "one")
        .send()
        .await
        .expect("send");
    // 1 + 4: once the second hook has the `read` status, every status was
    // raised, and the first hook was passed over for each.
    server.wait_for_deliveries(5, WAIT).await.expect("5");
    server.inject_message(CONTACT, "barrier");
    let all = server.wait_for_deliveries(7, WAIT).await.expect("7");
    let first: Vec<(String, String)> = all
        .iter()
        .filter(|d| d.hook_url == messages_only)
        .map(|d| (d.event_type.clone(), d.event_method.clone()))
        .collect();
    assert_eq!(first, vec![("messages".to_string(), "post".to_string()); 2]);
    assert_eq!(all.len(), 7, "{all:#?}");
}

#[tokio::test]
async fn non_200_is_retried_with_linear_backoff_from_the_settings() {
    let server = MockServer::start().await.expect("mock");
    let receiver = TestServer::start().await;
    let client = client(&server);
    // 5 s steps, scaled to 50 ms.
    server.webhook_time_scale(0.01);
    let changes = whapi::types::Settings {
        callback_backoff_delay_ms: Some(5000.0),
        ..Default::default()
    };
    let answer = client.settings().patch(changes).await.expect("patch");
    assert_eq!(answer.changes.len(), 1, "{answer:?}");
    assert_eq!(answer.after_update.callback_backoff_delay_ms, Some(5000.0));
    assert_eq!(answer.before_update.callback_backoff_delay_ms, Some(3000.0));
    server.webhook(format!("{}/hook", receiver.url)).add();
    receiver.reply(Reply::raw(500, "text/plain", "busy"));
    receiver.reply(Reply::raw(503, "text/plain", "busy"));
    receiver.reply(ok());

    let incoming = server.inject_message(CONTACT, "are you there?");
    let deliveries = server.wait_for_deliveries(3, WAIT).await.expect("3");
    let step = Duration::from_millis(50);
    let outcome: Vec<_> = deliveries
        .iter()
        .map(|d| (d.attempt, d.status, d.retry_in))
        .collect();
    assert_eq!(
        outcome,
        [
            (1, Some(500), Some(step)),
            (2, Some(503), Some(step * 2)),
            (3, Some(200), None)
        ]
    );
    // Linear: each wait is one step longer than the one before.
    for (pair, want) in deliveries.windows(2).zip([step, step * 2]) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= want, "waited {gap:?}, want at least {want:?}");
    }
    // The same event each time, parsed the same.
    for d in &deliveries {
        assert_eq!(d.body, deliveries[0].body);
        let p = parsed(d);
        assert_eq!(messages(&p)[0].id, incoming["id"].as_str().expect("id"));
    }
    assert_eq!(receiver.take_seen().len(), 3);
}

#[tokio::test]
async fn an_unreachable_hook_is_retried_until_the_window_is_spent() {
    let server = MockServer::start().await.expect("mock");
    let url = format!("{}/gone", support::refused_url());
    let longest = whapi::types::Settings {
        callback_backoff_delay_ms: Some(15000.0),
        max_callback_backoff_delay_ms: Some(600000.0),
        ..Default::default()
    };
    client(&server)
        .settings()
        .patch(longest)
        .await
        .expect("patch");
    server.webhook_time_scale(0.0001); // 1.5 ms steps, a 60 ms window
    server.webhook(&url).add();
    server.inject_message(CONTACT, "anyone?");

    // Whapi's rule: the n-th retry waits n steps, while the total wait
    // stays within the window.
    let (step, window) = (1.5, 60.0);
    let mut retries = 0;
    while (1..=retries + 1).map(|n| n as f64 * step).sum::<f64>() <= window {
        retries += 1;
    }
    let deliveries = server
        .wait_for_deliveries(retries + 1, WAIT)
        .await
        .expect("every attempt");
    let last = deliveries.last().expect("one");
    assert_eq!(last.attempt as usize, retries + 1);
    assert_eq!(last.retry_in, None);
    assert!(deliveries.iter().all(|d| d.status.is_none()));
    assert!(
        deliveries[0]
            .error
            .as_deref()
            .is_some_and(|e| !e.is_empty()),
        "{:?}",
        deliveries[0].error
    );
    let attempts: Vec<u32> = deliveries.iter().map(|d| d.attempt).collect();
    assert_eq!(attempts, (1..=retries as u32 + 1).collect::<Vec<_>>());
    // And no more (the window is 60 ms).
    let more = server
        .wait_for_deliveries(retries + 2, Duration::from_millis(150))
        .await;
    assert!(more.is_err(), "{more:?}");
}

#[tokio::test]
async fn the_whapi_receiver_gets_injected_messages_and_rejects_a_hook_without_the_header() {
    let server = MockServer::start().await.expect("mock");
    server.webhook_time_scale(0.0001);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let hooks = whapi::webhooks::receiver(
        ReceiverConfig::new("Authorization", SECRET),
        move |delivery| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(delivery);
            }
        },
    );
    let app = axum::Router::new().nest("/hook", hooks);
    let base = support::serve(app).await;

    server
        .webhook(format!("{base}/hook"))
        .event("messages", "post")
        .mode(HookMode::Method)
        .header("Authorization", SECRET)
        .add();
    let incoming = server.inject_message(CONTACT, "Hello bot");
    let delivery = tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("in time")
        .expect("a delivery");
    assert_eq!(delivery.channel_id.as_deref(), Some(MOCK_CHANNEL_ID));
    assert_eq!(delivery.named_by, NamedBy::HttpMethod);
    let m = messages(&delivery)[0];
    assert_eq!(m.id, incoming["id"].as_str().expect("id"));
    assert!(!m.from_me);
    assert_eq!(
        m.text.as_ref().and_then(|t| t.body.as_deref()),
        Some("Hello bot")
    );

    // The same URL without the header: 401, retried, never handled.
    // (The receiver may hand over the delivery before the mock records the
    // answer: wait for the record before clearing.)
    server.wait_for_deliveries(1, WAIT).await.expect("recorded");
    server.clear_deliveries();
    server.webhook(format!("{base}/hook")).add();
    server.inject_message(CONTACT, "intruder?");
    let refused = server.wait_for_deliveries(2, WAIT).await.expect("retried");
    assert!(
        refused.iter().all(|d| d.status == Some(401)),
        "{refused:#?}"
    );
    assert_eq!((refused[0].attempt, refused[1].attempt), (1, 2));
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn settings_are_kept_and_drive_the_hooks() {
    let server = MockServer::start().await.expect("mock");
    let client = client(&server);
    let url = "http://127.0.0.1:9/hook";
    let hook = Hook::new(url)
        .event(Type::Messages, Method::Post)
        .mode(Mode::Path)
        .header("Authorization", SECRET);
    let settings = client.settings().webhooks();
    assert_eq!(
        settings.upsert(hook.clone()).await.expect("add"),
        WebhookChange::Added
    );
    assert_eq!(
        settings.upsert(hook).await.expect("again"),
        WebhookChange::Unchanged
    );
    let listed = settings.list().await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].url, url);
    assert_eq!(
        listed[0]
            .headers
            .as_ref()
            .and_then(|h| h.get("Authorization"))
            .map(String::as_str),
        Some(SECRET)
    );
    assert_eq!(server.settings()["webhooks"][0]["mode"], "path");
    // A direct hook shows in the settings too.
    server.webhook("http://127.0.0.1:9/other").add();
    assert_eq!(settings.list().await.expect("list").len(), 2);
    assert_eq!(
        settings.remove(url).await.expect("remove"),
        WebhookChange::Removed
    );
    assert_eq!(
        server.settings()["webhooks"].as_array().map(Vec::len),
        Some(1)
    );
    // DELETE /settings: back to no hooks.
    let reset = client
        .raw()
        .reset_channel_settings()
        .send()
        .await
        .expect("reset");
    assert_eq!(reset.into_inner().success, Some(true));
    assert_eq!(server.settings()["webhooks"], json!([]));

    // No hook: a send is delivered nowhere.
    client
        .messages()
        .text(CONTACT, "unheard")
        .send()
        .await
        .expect("send");
    let none = server
        .wait_for_deliveries(1, Duration::from_millis(200))
        .await
        .expect_err("no hook, no delivery");
    assert_eq!((none.wanted, none.seen.len()), (1, 0));
    assert!(none.to_string().contains("saw 0"), "{none}");
}

#[tokio::test]
async fn reset_drops_hooks_deliveries_and_pending_retries() {
    let server = MockServer::start().await.expect("mock");
    let receiver = TestServer::start().await;
    server.webhook_time_scale(0.01); // 30 ms steps
    server.webhook(format!("{}/hook", receiver.url)).add();
    receiver.reply(Reply::raw(500, "text/plain", "busy"));
    receiver.reply(ok());
    server.inject_message(CONTACT, "first");
    let failed = server.wait_for_deliveries(1, WAIT).await.expect("1");
    assert_eq!(failed[0].retry_in, Some(Duration::from_millis(30)));
    server.reset();
    assert!(server.deliveries().is_empty());
    assert_eq!(server.settings()["webhooks"], json!([]));
    // The retry due in 30 ms does not come.
    let quiet = server
        .wait_for_deliveries(1, Duration::from_millis(150))
        .await;
    assert!(quiet.is_err(), "{quiet:?}");
    assert_eq!(receiver.take_seen().len(), 1);
}

#[cfg(feature = "channel")]
#[tokio::test]
async fn a_webhook_test_reaches_the_hook_in_the_request_for_every_event_type() {
    let server = MockServer::start().await.expect("mock");
    let receiver = TestServer::start().await;
    let types = [
        (Type::Messages, Some("messages")),
        (Type::Statuses, Some("statuses")),
        (Type::Chats, Some("chats")),
        (Type::Contacts, Some("contacts")),
        (Type::Groups, Some("groups")),
        (Type::Presences, Some("presences")),
        (Type::Calls, Some("calls")),
        (Type::Labels, Some("labels")),
        (Type::Channel, Some("health")),
        (Type::Users, Some("user")),
        // No documented payload: the event alone.
        (Type::Service, None),
    ];
    receiver.reply_times(ok(), types.len());
    let client = client(&server);
    for (n, (event_type, key)) in types.into_iter().enumerate() {
        let hook = Hook::new(format!("{}/test", receiver.url))
            .mode(Mode::Path)
            .header("X-Test", "s3cret");
        let answer = client
            .settings()
            .webhooks()
            .test(hook, event_type)
            .await
            .expect("the test is accepted");
        assert_eq!(answer.success, Some(true), "{event_type}");
        let deliveries = server
            .wait_for_deliveries(n + 1, WAIT)
            .await
            .expect("delivered");
        let d = &deliveries[n];
        let name = event_type.to_string();
        assert_eq!(d.url, format!("{}/test/{name}/post", receiver.url));
        assert_eq!(d.header("x-test"), Some("s3cret"));
        assert_eq!(d.status, Some(200));
        let p = parsed(d);
        assert_eq!(p.event_type.as_deref(), Some(name.as_str()), "{d:?}");
        assert_eq!(p.event_method.as_deref(), Some("post"));
        assert_eq!(p.event.key(), key, "{d:?}");
        assert!(
            p.event.item_errors().is_empty(),
            "{d:?}: {:?}",
            p.event.item_errors()
        );
        match key {
            Some(_) => assert!(!p.event.is_empty(), "{name}: no item in {d:?}"),
            None => assert!(matches!(p.event, Event::Unknown), "{d:?}"),
        }
    }
    // Tested, not configured.
    assert_eq!(
        server.settings()["webhooks"],
        json!([]),
        "tested, not added"
    );
    assert_eq!(receiver.take_seen().len(), types.len());
}
