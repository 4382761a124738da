//! What is done to messages: get, forward, read, react, pin, star, delete,
//! list.

use super::{FIRST_SENT, GROUP, MSG, PHONE, assert_invalid};
use crate::harness::{Case, assert_request, case};
use futures_util::TryStreamExt;
use serde_json::json;
use whapi::messages::PinTime;
use whapi::mock::MockResponse;

/// The path of message `MSG`, plus `rest`.
fn path(rest: &str) -> String {
    format!("/messages/{MSG}{rest}")
}

/// Defines a case for a call that only takes a message ID and answers
/// `{"success": true}`.
macro_rules! id_only {
    ($call:literal, $op:literal, $method:ident, $http:literal, $rest:literal) => {
        case($call, &[$op], |ctx| async move {
            let m = ctx.client.messages();
            assert_invalid(m.$method("not an id").send().await, "message_id");
            ctx.assert_no_request();
            let ok = m.$method(MSG).send().await.expect("the mock accepts it");
            assert_eq!(ok.success, Some(true));
            assert_request(&ctx.only_request(), $http, &path($rest), &[], None);
        })
    };
}

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.messages().get(message_id)",
            &["getMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.get("").send().await, "message_id");
                ctx.assert_no_request();
                let message = m.get(MSG).resync(true).send().await.expect("a message");
                assert!(!message.id.is_empty());
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &path(""),
                    &[("resync", "true")],
                    None,
                );
            },
        ),
        case(
            "client.messages().forward(message_id, to)",
            &["forwardMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.forward(MSG, "x").send().await, "to");
                assert_invalid(m.forward("x", PHONE).send().await, "message_id");
                ctx.assert_no_request();
                let sent = m
                    .forward(MSG, GROUP)
                    .force(true)
                    .send()
                    .await
                    .expect("forwarded");
                assert!(sent.sent);
                assert_eq!(sent.message_id().expect("an id").as_str(), FIRST_SENT);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    &path(""),
                    &[],
                    Some(json!({"to": GROUP, "force": true})),
                );
            },
        ),
        id_only!(
            "client.messages().mark_read(id)",
            "markMessageAsRead",
            mark_read,
            "PUT",
            ""
        ),
        id_only!(
            "client.messages().delete(id)",
            "deleteMessage",
            delete,
            "DELETE",
            ""
        ),
        id_only!(
            "client.messages().remove_reaction(id)",
            "removeReactFromMessage",
            remove_reaction,
            "DELETE",
            "/reaction"
        ),
        id_only!(
            "client.messages().unpin(id)",
            "unpinMessage",
            unpin,
            "DELETE",
            "/pin"
        ),
        case(
            "client.messages().react(id, \"👍\")",
            &["reactToMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.react("?", "👍").send().await, "message_id");
                assert_invalid(
                    m.react(MSG, "a whole sentence, not one emoji").send().await,
                    "emoji",
                );
                ctx.assert_no_request();
                let ok = m.react(MSG, "👍").send().await.expect("reacted");
                assert_eq!(ok.success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    &path("/reaction"),
                    &[],
                    Some(json!({"emoji": "👍"})),
                );
            },
        ),
        case(
            "client.messages().pin(id).time(PinTime::Week)",
            &["pinMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.pin("nope").send().await, "message_id");
                ctx.assert_no_request();
                let ok = m.pin(MSG).time(PinTime::Week).send().await.expect("pinned");
                assert_eq!(ok.success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    &path("/pin"),
                    &[],
                    Some(json!({"time": "week"})),
                );
            },
        ),
        case(
            "client.messages().star(id)",
            &["starMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.star("nope").send().await, "message_id");
                ctx.assert_no_request();
                let ok = m.star(MSG).send().await.expect("starred");
                assert_eq!(ok.success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    &path("/star"),
                    &[],
                    Some(json!({"starred": true})),
                );
            },
        ),
        case(
            "client.messages().unstar(id)",
            &["starMessage"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.unstar("nope").send().await, "message_id");
                ctx.assert_no_request();
                m.unstar(MSG).send().await.expect("unstarred");
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    &path("/star"),
                    &[],
                    Some(json!({"starred": false})),
                );
            },
        ),
        case(
            "client.messages().list().count(50).send()` / `.into_stream()",
            &["getMessages"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.list().count(0).send().await, "count");
                assert_invalid(m.list().author("12").send().await, "author");
                ctx.assert_no_request();
                // Two pages of two, then the rest: the stream stops at `total`.
                for (offset, ids) in [(0, ["A1", "A2"]), (2, ["A3", "A4"]), (4, ["A5", "A6"])] {
                    let messages: Vec<_> = ids.iter().map(|id| message(id)).collect();
                    ctx.server
                        .on("getMessages")
                        .respond_once(MockResponse::json(
                            200,
                            json!({"messages": messages, "count": 2, "offset": offset, "total": 5}),
                        ));
                }
                let stream = m.list().count(2).from_me(true).into_stream();
                // Owned: it runs in a task of its own.
                let ids: Vec<String> =
                    tokio::spawn(
                        async move { stream.map_ok(|m| m.id).try_collect::<Vec<_>>().await },
                    )
                    .await
                    .expect("the task ends")
                    .expect("every page");
                assert_eq!(ids, ["A1", "A2", "A3", "A4", "A5", "A6"]);
                let seen = ctx.server.requests();
                assert_eq!(seen.len(), 3, "three pages, then `total` is reached");
                for (r, offset) in seen.iter().zip([None, Some("2"), Some("4")]) {
                    let mut query = vec![("count", "2"), ("from_me", "true")];
                    query.extend(offset.map(|o| ("offset", o)));
                    assert_request(r, "GET", "/messages/list", &query, None);
                }
            },
        ),
        case(
            "client.messages().list_in(chat).send()` / `.into_stream()",
            &["getMessagesByChatID"],
            |ctx| async move {
                let m = ctx.client.messages();
                assert_invalid(m.list_in("x").send().await, "chat");
                ctx.assert_no_request();
                let page = m
                    .list_in(PHONE)
                    .count(10)
                    .offset(5)
                    .time_from(1_700_000_000)
                    .sort(whapi::types::SortOrder::Asc)
                    .send()
                    .await
                    .expect("a page");
                assert!(page.messages.is_empty(), "the mock holds no messages");
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/messages/list/15551234567@s.whatsapp.net",
                    &[
                        ("count", "10"),
                        ("offset", "5"),
                        ("time_from", "1700000000"),
                        ("sort", "asc"),
                    ],
                    None,
                );
            },
        ),
    ]
}

/// A minimal message for a list page.
fn message(id: &str) -> serde_json::Value {
    json!({
        "id": id, "type": "text", "chat_id": "15551234567@s.whatsapp.net",
        "from_me": true, "timestamp": 1_700_000_000, "source": "api",
        "text": {"body": "hi"},
    })
}
