//! The channel facade: health, limits, and the settings (get, patch,
//! reset, events, webhooks upsert / remove / list / test).

use crate::harness::{Case, assert_invalid as invalid, assert_request, case};
use serde_json::{Value, json};
use whapi::mock::MockResponse;
use whapi::settings::{Hook, WebhookChange};
use whapi::types::{CheckHealthChannelType, EventMethodKnown, WebhookEventTypeTypeKnown};

const URL: &str = "https://bot.example.com/hook";

fn health(text: &str) -> Value {
    json!({"start_at": 1700000000, "uptime": 42, "status": {"code": 4, "text": text}, "version": "1.2.3"})
}

fn settings_with_hooks() -> Value {
    json!({
        "callback_persist": true,
        "webhooks": [{"url": "https://other.example.com", "events": [{"type": "chats", "method": "post"}], "mode": "body"}],
    })
}

pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        case(
            "client.channel().health().wakeup(..).platform(..).send()",
            &["checkHealth"],
            |ctx| async move {
                let bad = ctx.client.channel().health().platform("Chrome");
                invalid(bad.send().await, "platform");
                ctx.assert_no_request();
                ctx.server
                    .on("checkHealth")
                    .respond_once(MockResponse::json(200, health("AUTH")));
                let up = ctx
                    .client
                    .channel()
                    .health()
                    .wakeup(false)
                    .platform("Chrome,Bot,1.0")
                    .channel_type(CheckHealthChannelType::Web)
                    .send()
                    .await
                    .expect("healthy");
                assert!(up.is_authorized());
                assert_eq!(up.uptime, 42.0);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/health",
                    &[
                        ("wakeup", "false"),
                        ("platform", "Chrome,Bot,1.0"),
                        ("channel_type", "web"),
                    ],
                    None,
                );
                // Waiting for a QR scan, or a status newer than the SDK:
                // not authorized.
                for text in ["QR", "SOMETHING_NEW"] {
                    ctx.server
                        .on("checkHealth")
                        .respond_once(MockResponse::json(200, health(text)));
                    let h = ctx
                        .client
                        .channel()
                        .health()
                        .send()
                        .await
                        .expect("an answer");
                    assert!(!h.is_authorized(), "{text}");
                    assert_eq!(h.status.text.as_str(), text);
                }
            },
        ),
        case(
            "client.channel().limits()",
            &["getLimits"],
            |ctx| async move {
                ctx.server.on("getLimits").respond(MockResponse::json(
                200,
                json!({"chats": ["15551234567@s.whatsapp.net"], "checks": 3, "messages": 17, "requests": 900}),
            ));
                let limits = ctx.client.channel().limits().await.expect("limits");
                assert_eq!(
                    (limits.messages, limits.checks, limits.requests),
                    (17, 3, 900)
                );
                assert_eq!(limits.chats[0].as_str(), "15551234567@s.whatsapp.net");
                assert_request(&ctx.only_request(), "GET", "/limits", &[], None);
            },
        ),
        case(
            "client.channel().settings().get()",
            &["getChannelSettings"],
            |ctx| async move {
                ctx.server
                    .on("getChannelSettings")
                    .respond(MockResponse::json(200, settings_with_hooks()));
                let settings = ctx
                    .client
                    .channel()
                    .settings()
                    .get()
                    .await
                    .expect("settings");
                assert_eq!(settings.callback_persist, Some(true));
                assert_eq!(
                    settings.webhooks.expect("hooks").0[0].url,
                    "https://other.example.com"
                );
                assert_request(&ctx.only_request(), "GET", "/settings", &[], None);
            },
        ),
        case(
            "client.settings().patch(changes)",
            &["updateChannelSettings"],
            |ctx| async move {
                let changes = whapi::types::Settings {
                    callback_persist: Some(false),
                    ..Default::default()
                };
                ctx.server.on("updateChannelSettings").respond(MockResponse::json(
                200,
                json!({"before_update": {"callback_persist": true}, "after_update": {"callback_persist": false},
                       "changes": ["callback_persist"]}),
            ));
                let answer = ctx.client.settings().patch(changes).await.expect("patched");
                assert_eq!(answer.before_update.callback_persist, Some(true));
                assert_eq!(answer.after_update.callback_persist, Some(false));
                assert_eq!(answer.changes.len(), 1);
                assert_request(
                    &ctx.only_request(),
                    "PATCH",
                    "/settings",
                    &[],
                    Some(json!({"callback_persist": false})),
                );
            },
        ),
        case(
            "client.settings().reset()",
            &["resetChannelSettings"],
            |ctx| async move {
                ctx.server
                    .on("resetChannelSettings")
                    .respond(MockResponse::json(200, json!({"success": false})));
                let answer = ctx.client.settings().reset().await.expect("reset");
                assert_eq!(answer.success, Some(false));
                assert_request(&ctx.only_request(), "DELETE", "/settings", &[], None);
            },
        ),
        case(
            "client.settings().events()",
            &["getAllowedEvents"],
            |ctx| async move {
                ctx.server.on("getAllowedEvents").respond(MockResponse::json(
                200,
                json!([{"type": "messages", "method": "post"}, {"type": "chats", "method": "patch"}]),
            ));
                let events = ctx.client.settings().events().await.expect("events");
                assert_eq!(events.len(), 2);
                assert_eq!(
                    events[1].method.as_ref().and_then(|m| m.known().copied()),
                    Some(EventMethodKnown::Patch)
                );
                assert_request(&ctx.only_request(), "GET", "/settings/events", &[], None);
            },
        ),
        case(
            "client.settings().webhooks().test(hook, event_type)",
            &["webhookTest"],
            |ctx| async move {
                let empty = ctx
                    .client
                    .settings()
                    .webhooks()
                    .test(Hook::new(" "), WebhookEventTypeTypeKnown::Messages);
                invalid(empty.await, "webhook url");
                ctx.assert_no_request();
                ctx.server
                    .on("webhookTest")
                    .respond(MockResponse::json(200, json!({"success": true})));
                let hook = Hook::new(URL).header("Authorization", "Bearer s3cret");
                let answer = ctx
                    .client
                    .settings()
                    .webhooks()
                    .test(hook, WebhookEventTypeTypeKnown::Statuses)
                    .await
                    .expect("tested");
                assert_eq!(answer.success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/settings/webhook_test",
                    &[],
                    Some(json!({"url": URL, "mode": "body", "type": "statuses",
                                "headers": {"Authorization": "Bearer s3cret"}})),
                );
            },
        ),
    ];
    cases.extend(webhook_cases());
    cases
}

fn webhook_cases() -> Vec<Case> {
    vec![
        case(
            "client.settings().webhooks().upsert(hook)",
            &["getChannelSettings", "updateChannelSettings"],
            |ctx| async move {
                let too_many = (0..6).fold(Hook::new(URL), |h, i| h.header(format!("X-{i}"), "v"));
                invalid(
                    ctx.client.settings().webhooks().upsert(too_many).await,
                    "webhook headers",
                );
                ctx.assert_no_request();
                ctx.server
                    .on("getChannelSettings")
                    .respond(MockResponse::json(200, settings_with_hooks()));
                let hook = Hook::new(URL)
                    .event(WebhookEventTypeTypeKnown::Messages, EventMethodKnown::Post);
                let change = ctx
                    .client
                    .settings()
                    .webhooks()
                    .upsert(hook)
                    .await
                    .expect("upserted");
                assert_eq!(change, WebhookChange::Added);
                let seen = ctx.server.requests();
                assert_eq!(seen.len(), 2, "a read, then a write");
                assert_request(&seen[0], "GET", "/settings", &[], None);
                // Only `webhooks`, the other hook kept.
                assert_request(
                    &seen[1],
                    "PATCH",
                    "/settings",
                    &[],
                    Some(json!({"webhooks": [
                        {"url": "https://other.example.com", "events": [{"type": "chats", "method": "post"}], "mode": "body"},
                        {"url": URL, "events": [{"type": "messages", "method": "post"}]},
                    ]})),
                );
            },
        ),
        case(
            "client.settings().webhooks().remove(url)",
            &["getChannelSettings", "updateChannelSettings"],
            |ctx| async move {
                ctx.server
                    .on("getChannelSettings")
                    .respond(MockResponse::json(200, settings_with_hooks()));
                let absent = ctx
                    .client
                    .settings()
                    .webhooks()
                    .remove(URL)
                    .await
                    .expect("read");
                assert_eq!(absent, WebhookChange::Unchanged);
                assert_eq!(ctx.server.requests().len(), 1, "nothing written");
                ctx.server.clear_requests();
                let removed = ctx
                    .client
                    .settings()
                    .webhooks()
                    .remove("https://other.example.com")
                    .await
                    .expect("removed");
                assert_eq!(removed, WebhookChange::Removed);
                let seen = ctx.server.requests();
                assert_request(
                    &seen[1],
                    "PATCH",
                    "/settings",
                    &[],
                    Some(json!({"webhooks": []})),
                );
            },
        ),
        case(
            "client.settings().webhooks().list()",
            &["getChannelSettings"],
            |ctx| async move {
                ctx.server
                    .on("getChannelSettings")
                    .respond(MockResponse::json(200, settings_with_hooks()));
                let hooks = ctx
                    .client
                    .settings()
                    .webhooks()
                    .list()
                    .await
                    .expect("hooks");
                assert_eq!(hooks.len(), 1);
                assert_eq!(hooks[0].url, "https://other.example.com");
                assert_request(&ctx.only_request(), "GET", "/settings", &[], None);
            },
        ),
    ]
}
