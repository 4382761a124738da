//! The presence facade: typing, recording, pause, online, offline, get,
//! subscribe.

use crate::harness::{Case, assert_invalid as invalid, assert_request, case};
use serde_json::json;
use whapi::mock::MockResponse;

const PHONE: &str = "+1 555 123-4567";
const ENTRY: &str = "/presences/15551234567@s.whatsapp.net";
const GROUP: &str = "120363025555555555@g.us";

/// The answer the spec gives these operations (a contact check list).
fn answered() -> MockResponse {
    MockResponse::json(
        200,
        json!({"contacts": [{"input": "15551234567", "status": "valid", "wa_id": "15551234567"}]}),
    )
}

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.presences().typing(chat).for_seconds(s).send()",
            &["sendPresence"],
            |ctx| async move {
                invalid(ctx.client.presences().typing("x").send().await, "chat");
                let negative = ctx.client.presences().typing(PHONE).for_seconds(-1.0);
                invalid(negative.send().await, "seconds");
                let nan = ctx.client.presences().typing(PHONE).for_seconds(f64::NAN);
                invalid(nan.send().await, "seconds");
                ctx.assert_no_request();
                ctx.server.on("sendPresence").respond(answered());
                let answer = ctx
                    .client
                    .presences()
                    .typing(PHONE)
                    .for_seconds(2.5)
                    .send()
                    .await
                    .expect("sent");
                assert!(answer.contacts[0].is_valid());
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    ENTRY,
                    &[],
                    Some(json!({"presence": "typing", "delay": 2.5})),
                );
            },
        ),
        case(
            "client.presences().recording(chat).send()",
            &["sendPresence"],
            |ctx| async move {
                invalid(ctx.client.presences().recording("").send().await, "chat");
                ctx.assert_no_request();
                ctx.client
                    .presences()
                    .recording(GROUP)
                    .send()
                    .await
                    .expect("sent");
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/presences/120363025555555555@g.us",
                    &[],
                    Some(json!({"presence": "recording"})),
                );
            },
        ),
        case(
            "client.presences().pause(chat).send()",
            &["sendPresence"],
            |ctx| async move {
                invalid(ctx.client.presences().pause("1").send().await, "chat");
                ctx.assert_no_request();
                ctx.client
                    .presences()
                    .pause(PHONE)
                    .send()
                    .await
                    .expect("sent");
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    ENTRY,
                    &[],
                    Some(json!({"presence": "pause"})),
                );
            },
        ),
        case(
            "client.presences().online()",
            &["sendMePresence"],
            |ctx| async move {
                ctx.server.on("sendMePresence").respond(answered());
                let answer = ctx.client.presences().online().await.expect("online");
                assert_eq!(answer.contacts.len(), 1);
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/presences/me",
                    &[],
                    Some(json!({"presence": "online"})),
                );
            },
        ),
        case(
            "client.presences().offline()",
            &["sendMePresence"],
            |ctx| async move {
                ctx.client.presences().offline().await.expect("offline");
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/presences/me",
                    &[],
                    Some(json!({"presence": "offline"})),
                );
            },
        ),
        case(
            "client.presences().get(chat)",
            &["getPresence"],
            |ctx| async move {
                invalid(ctx.client.presences().get("nobody").await, "chat");
                ctx.assert_no_request();
                ctx.server.on("getPresence").respond(MockResponse::json(
                200,
                json!({"contact_id": "15551234567", "status": "typing", "last_seen": 1700000000}),
            ));
                let presence = ctx.client.presences().get(PHONE).await.expect("a presence");
                assert_eq!(presence.contact_id.to_string(), "15551234567");
                assert_eq!(presence.last_seen, Some(1_700_000_000.0));
                assert_eq!(
                    presence.status.and_then(|s| s.known().copied()),
                    Some(whapi::types::PresenceStatusKnown::Typing)
                );
                assert_request(&ctx.only_request(), "GET", ENTRY, &[], None);
            },
        ),
        case(
            "client.presences().subscribe(chat)",
            &["subscribePresence"],
            |ctx| async move {
                invalid(ctx.client.presences().subscribe("@").await, "chat");
                ctx.assert_no_request();
                ctx.server.on("subscribePresence").respond(answered());
                let answer = ctx
                    .client
                    .presences()
                    .subscribe(PHONE)
                    .await
                    .expect("subscribed");
                assert_eq!(answer.contacts[0].wa_id.as_deref(), Some("15551234567"));
                assert_request(&ctx.only_request(), "POST", ENTRY, &[], None);
            },
        ),
    ]
}
