//! `client.settings()` and its webhooks helper, request by request, on a
//! loopback channel that keeps its settings like Whapi does.
#![cfg(feature = "channel")]

mod support;

use axum::Json;
use axum::extract::State;
use axum::http::Method;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use support::{Reply, TestServer};
use whapi::settings::{Hook, WebhookChange};
use whapi::types::{
    EventMethodKnown as M, WebhookEventTypeTypeKnown as T, WebhookParametersModeKnown as Mode,
};

/// A channel's settings on 127.0.0.1: `GET /settings` answers them, `PATCH
/// /settings` replaces the top-level keys it is sent. Every request is kept.
#[derive(Clone, Default)]
struct Channel {
    settings: Arc<Mutex<Value>>,
    requests: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Channel {
    async fn start(settings: Value) -> (Channel, whapi::Client) {
        let channel = Channel {
            settings: Arc::new(Mutex::new(settings)),
            ..Channel::default()
        };
        let app = axum::Router::new()
            .route(
                "/settings",
                axum::routing::get(get_settings).patch(patch_settings),
            )
            .with_state(channel.clone());
        let url = support::serve(app).await;
        (channel, support::client(&url))
    }

    fn requests(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.requests.lock().expect("lock"))
    }

    fn settings(&self) -> Value {
        self.settings.lock().expect("lock").clone()
    }
}

async fn get_settings(State(c): State<Channel>) -> Json<Value> {
    c.requests
        .lock()
        .expect("lock")
        .push(("GET".into(), Value::Null));
    Json(c.settings())
}

async fn patch_settings(
    State(c): State<Channel>,
    method: Method,
    Json(changes): Json<Value>,
) -> Json<Value> {
    c.requests
        .lock()
        .expect("lock")
        .push((method.to_string(), changes.clone()));
    let mut settings = c.settings.lock().expect("lock");
    let before = settings.clone();
    let mut changed = Vec::new();
    for (k, v) in changes.as_object().into_iter().flatten() {
        if settings.get(k) != Some(v) {
            changed.push(k.clone());
        }
        settings[k] = v.clone();
    }
    Json(json!({"before_update": before, "after_update": settings.clone(), "changes": changed}))
}

fn initial() -> Value {
    json!({
        "callback_persist": true,
        "full_history": false,
        "media": {"auto_download": ["image"]},
        "webhooks": [{"url": "https://other.example.invalid/hook", "mode": "path",
                      "events": [{"type": "chats", "method": "patch"}],
                      "headers": {"X-Other": "1"}}],
    })
}

fn bot_hook() -> Hook {
    Hook::new("https://bot.example.invalid/hook")
        .event(T::Messages, M::Post)
        .event(T::Statuses, M::Post)
        .mode(Mode::Method)
        .header("Authorization", "Bearer s3cret")
}

fn bot_hook_json() -> Value {
    json!({"url": "https://bot.example.invalid/hook", "mode": "method",
           "events": [{"type": "messages", "method": "post"}, {"type": "statuses", "method": "post"}],
           "headers": {"Authorization": "Bearer s3cret"}})
}

#[tokio::test]
async fn upsert_patches_only_webhooks_and_keeps_the_other_hooks() {
    let (channel, client) = Channel::start(initial()).await;
    let change = client
        .settings()
        .webhooks()
        .upsert(bot_hook())
        .await
        .expect("upserts");
    assert_eq!(change, WebhookChange::Added);
    let requests = channel.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].0, "GET");
    assert_eq!(requests[1].0, "PATCH");
    // Exactly the whole array, and nothing else.
    assert_eq!(
        requests[1].1,
        json!({"webhooks": [initial()["webhooks"][0], bot_hook_json()]})
    );
    let mut expected = initial();
    expected["webhooks"] = json!([initial()["webhooks"][0], bot_hook_json()]);
    assert_eq!(channel.settings(), expected, "other settings untouched");
}

#[tokio::test]
async fn upsert_twice_changes_nothing_the_second_time() {
    let (channel, client) = Channel::start(initial()).await;
    client
        .settings()
        .webhooks()
        .upsert(bot_hook())
        .await
        .expect("first");
    let after_first = channel.settings();
    channel.requests();
    let change = client
        .settings()
        .webhooks()
        .upsert(bot_hook())
        .await
        .expect("second");
    assert_eq!(change, WebhookChange::Unchanged);
    assert_eq!(
        channel
            .requests()
            .iter()
            .map(|r| r.0.as_str())
            .collect::<Vec<_>>(),
        ["GET"],
        "no PATCH"
    );
    assert_eq!(channel.settings(), after_first);
    // Whapi fills in the default mode: still the same hook.
    let (channel, client) = Channel::start(json!({"webhooks": [
        {"url": "https://bot.example.invalid/hook", "mode": "body", "events": [{"type": "messages", "method": "post"}]}
    ]}))
    .await;
    let plain = Hook::new("https://bot.example.invalid/hook").event(T::Messages, M::Post);
    assert_eq!(
        client
            .settings()
            .webhooks()
            .upsert(plain)
            .await
            .expect("upserts"),
        WebhookChange::Unchanged
    );
    assert_eq!(channel.requests().len(), 1);
}

#[tokio::test]
async fn upsert_replaces_the_hook_with_the_same_url_in_place() {
    let mut settings = initial();
    settings["webhooks"] = json!([bot_hook_json(), initial()["webhooks"][0]]);
    let (channel, client) = Channel::start(settings).await;
    let narrower = Hook::new("https://bot.example.invalid/hook").event(T::Messages, M::Post);
    let change = client
        .settings()
        .webhooks()
        .upsert(narrower)
        .await
        .expect("upserts");
    assert_eq!(change, WebhookChange::Replaced);
    let requests = channel.requests();
    assert_eq!(
        requests[1].1,
        json!({"webhooks": [
            {"url": "https://bot.example.invalid/hook", "events": [{"type": "messages", "method": "post"}]},
            initial()["webhooks"][0],
        ]})
    );
}

#[tokio::test]
async fn remove_sends_the_others_and_absent_is_a_no_op() {
    let mut settings = initial();
    settings["webhooks"] = json!([initial()["webhooks"][0], bot_hook_json()]);
    let (channel, client) = Channel::start(settings).await;
    let hooks = client.settings().webhooks();
    assert_eq!(hooks.list().await.expect("lists").len(), 2);
    channel.requests();
    assert_eq!(
        hooks
            .remove("https://bot.example.invalid/hook")
            .await
            .expect("removes"),
        WebhookChange::Removed
    );
    let requests = channel.requests();
    assert_eq!(
        requests[1],
        (
            "PATCH".into(),
            json!({"webhooks": [initial()["webhooks"][0]]})
        )
    );
    assert_eq!(channel.settings(), initial());
    assert_eq!(
        hooks
            .remove("https://bot.example.invalid/hook")
            .await
            .expect("no-op"),
        WebhookChange::Unchanged
    );
    assert_eq!(channel.requests().len(), 1, "only the read");
    // Removing the last hook sends an empty array.
    hooks
        .remove("https://other.example.invalid/hook")
        .await
        .expect("removes");
    assert_eq!(channel.requests()[1].1, json!({"webhooks": []}));
}

#[tokio::test]
async fn invalid_hooks_fail_before_any_request() {
    let server = TestServer::start().await;
    let client = support::client(&server.url);
    let mut hook = Hook::new("https://bot.example.invalid/hook");
    for i in 0..6 {
        hook = hook.header(format!("X-{i}"), "v");
    }
    let e = client
        .settings()
        .webhooks()
        .upsert(hook)
        .await
        .expect_err("six headers");
    assert!(matches!(e, whapi::Error::InvalidInput { .. }), "{e:?}");
    let e = client
        .settings()
        .webhooks()
        .upsert(Hook::new(" "))
        .await
        .expect_err("no URL");
    assert!(matches!(e, whapi::Error::InvalidInput { .. }), "{e:?}");
    assert!(server.take_seen().is_empty());
}

#[tokio::test]
async fn get_and_patch_are_the_settings_operations() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &initial()));
    server.reply(Reply::json(200, &json!({"before_update": {}, "after_update": {"callback_persist": false}, "changes": ["callback_persist"]})));
    let client = support::client(&server.url);
    let settings = client.settings().get().await.expect("gets");
    assert_eq!(settings.callback_persist, Some(true));
    assert_eq!(settings.webhooks.map(|w| w.0.len()), Some(1));
    let changes = whapi::types::Settings {
        callback_persist: Some(false),
        ..Default::default()
    };
    let answer = client.settings().patch(changes).await.expect("patches");
    assert_eq!(
        answer
            .changes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["callback_persist"]
    );
    let seen = server.take_seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/settings")
    );
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("PATCH", "/settings")
    );
    assert_eq!(seen[1].json(), json!({"callback_persist": false}));
}
