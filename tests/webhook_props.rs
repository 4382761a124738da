//! Properties of webhook parsing: whatever JSON object arrives, in any mode,
//! `whapi::webhooks::parse` keeps all of it (tests/support/webhook_kept.rs
//! says what that means, the fuzz target checks the same); and arbitrary
//! items raised on the mock arrive, through a real delivery, exactly as
//! raised.
#![cfg(feature = "mock")]

mod support;
#[path = "support/webhook_kept.rs"]
mod webhook_kept;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::time::Duration;
use support::{KEY_EVENTS, Reply, TestServer};
use webhook_kept::kept;
use whapi::mock::{HookMode, MOCK_CHANNEL_ID, MockServer};
use whapi::webhooks::parse;

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

/// Any JSON, biased towards the names and values webhooks use.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec!["text", "1712995290", "read", "", "post", "messages"])
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "type",
            "timestamp",
            "from_me",
            "chat_id",
            "status",
            "code",
            "text",
            "body",
            "source",
            "event",
            "method",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{0,8}",
    ]
}

/// A body key: a payload key, an envelope key, or anything.
fn body_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KEY_EVENTS.iter().map(|k| k.0).collect::<Vec<_>>())
            .prop_map(str::to_owned),
        prop::sample::select(vec!["event", "channel_id"]).prop_map(str::to_owned),
        "[a-z_]{0,10}",
    ]
}

/// An `event` object as the wire has it, as the spec has it, or broken.
fn event_object() -> impl Strategy<Value = Value> {
    let kinds = KEY_EVENTS.iter().map(|k| k.1).collect::<Vec<_>>();
    prop_oneof![
        (
            prop::sample::select(kinds.clone()),
            "post|put|patch|delete|[A-Z]{0,3}"
        )
            .prop_map(|(t, m)| json!({"type": t, "event": m})),
        (prop::sample::select(kinds), "post|put")
            .prop_map(|(t, m)| json!({"type": t, "method": m})),
        json_value(),
    ]
}

fn request_line() -> impl Strategy<Value = (String, String)> {
    let methods = prop::sample::select(vec!["POST", "PUT", "PATCH", "DELETE", "GET", "post", ""]);
    let segment = prop_oneof![
        prop::sample::select(vec![
            "messages", "statuses", "chats", "groups", "post", "patch", "put", "delete", "hook",
            "message", "ack",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z%?#]{0,6}",
    ];
    (
        methods.prop_map(str::to_owned),
        prop::collection::vec(segment, 0..4).prop_map(|s| format!("/{}", s.join("/"))),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    /// Any object, named by body, path, method or key: parsed, all kept.
    #[test]
    fn any_object_is_kept_whole(
        entries in prop::collection::vec((body_key(), json_value()), 0..5),
        event in prop::option::of(event_object()),
        channel in prop::option::of(prop_oneof![Just(json!("MANTIS-M72HC")), json_value()]),
        (method, path) in request_line(),
    ) {
        let mut body: Map<String, Value> = entries.into_iter().collect();
        if let Some(event) = event {
            body.insert("event".into(), event);
        }
        if let Some(channel) = channel {
            body.insert("channel_id".into(), channel);
        }
        let bytes = Value::Object(body).to_string();
        // What serde_json reads back is the reference (floats may round).
        let Value::Object(sent) = serde_json::from_str(&bytes).expect("JSON") else {
            unreachable!("an object")
        };
        let delivery = parse(&method, &path, bytes.as_bytes()).expect("an object parses");
        prop_assert_eq!(kept(&sent, &delivery), Ok(()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    /// Arbitrary items raised on the mock reach the receiver in any mode and
    /// parse back to exactly those items, under their event.
    #[test]
    fn items_delivered_by_the_mock_are_kept(
        key in 0..KEY_EVENTS.len(),
        items in prop::collection::vec(json_value(), 1..4),
        mode in prop::sample::select(vec![HookMode::Body, HookMode::Path, HookMode::Method]),
    ) {
        let (key, event_type, method) = KEY_EVENTS[key];
        let single = ["messages_removed_all", "health", "qr", "user"].contains(&key);
        let raised = if single { items[0].clone() } else { Value::Array(items) };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let (delivery, seen_body) = runtime.block_on(async {
            let server = MockServer::start().await.expect("mock");
            let receiver = TestServer::start().await;
            receiver.reply(Reply::raw(200, "text/plain", "ok"));
            server.webhook(format!("{}/hook", receiver.url)).event(event_type, method).mode(mode).add();
            server.inject_event(event_type, method, key, raised.clone());
            let d = server
                .wait_for_deliveries(1, Duration::from_secs(10))
                .await
                .expect("delivered");
            let seen = receiver.take_seen();
            (d[0].clone(), seen[0].body.clone())
        });
        prop_assert_eq!(delivery.status, Some(200));
        prop_assert_eq!(&seen_body, &delivery.body);
        let parsed = parse(&delivery.method, delivery.path(), &seen_body).expect("parses");
        let sent: Map<String, Value> = serde_json::from_slice(&seen_body).expect("an object");
        prop_assert_eq!(kept(&sent, &parsed), Ok(()));
        prop_assert_eq!(parsed.channel_id.as_deref(), Some(MOCK_CHANNEL_ID));
        prop_assert_eq!(parsed.event_type.as_deref(), Some(event_type));
        prop_assert_eq!(parsed.event_method.as_deref(), Some(method));
        // The items as raised (read back through serde_json: floats may round).
        let raised: Value = serde_json::from_str(&raised.to_string()).expect("JSON");
        let want: Vec<&Value> = match &raised {
            Value::Array(items) if !single => items.iter().collect(),
            one => vec![one],
        };
        prop_assert_eq!(parsed.event.key(), Some(key));
        prop_assert_eq!(parsed.event.raw_items(), want);
    }
}
