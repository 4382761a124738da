//! The chats facade: list (pages and stream), get, and every chat action.

use crate::harness::{Case, Ctx, assert_invalid as invalid, assert_request, case};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use whapi::mock::MockResponse;
use whapi::types::PatchChatRequestEphemeral;

const PHONE: &str = "+1 555 123-4567";
const CHAT_PATH: &str = "/chats/15551234567@s.whatsapp.net";

fn chat(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "type": "contact", "unread": 3, "pin": true})
}

/// One chat action: rejected chat first, then the exact PATCH/POST/DELETE.
async fn action<F, Fut>(ctx: Ctx, method: &str, op: &str, body: Option<Value>, call: F)
where
    F: Fn(whapi::Client, &'static str) -> Fut,
    Fut: std::future::Future<Output = Result<whapi::types::ResponseSuccess, whapi::Error>>,
{
    invalid(call(ctx.client.clone(), "12").await, "chat");
    ctx.assert_no_request();
    ctx.server
        .on(op)
        .respond(MockResponse::json(200, json!({"success": false})));
    let answer = call(ctx.client.clone(), PHONE)
        .await
        .expect("the mock answers");
    assert_eq!(answer.success, Some(false), "the mock's answer, mapped");
    assert_request(&ctx.only_request(), method, CHAT_PATH, &[], body);
}

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.chats().list().count(n).send()",
            &["getChats"],
            |ctx| async move {
                invalid(ctx.client.chats().list().count(501).send().await, "count");
                ctx.assert_no_request();
                ctx.server.on("getChats").respond(MockResponse::json(
                    200,
                    json!({"chats": [chat("15551234567@s.whatsapp.net", "Ada")], "count": 1, "offset": 5, "total": 9}),
                ));
                let page = ctx
                    .client
                    .chats()
                    .list()
                    .count(1)
                    .offset(5)
                    .send()
                    .await
                    .expect("a page");
                assert_eq!(page.total, Some(9));
                let chats = page.chats.expect("chats").0;
                assert_eq!(chats[0].id.as_str(), "15551234567@s.whatsapp.net");
                assert_eq!(chats[0].name.as_deref(), Some("Ada"));
                assert_eq!(chats[0].unread, Some(3));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/chats",
                    &[("count", "1"), ("offset", "5")],
                    None,
                );
            },
        ),
        case(
            "client.chats().list().into_stream()",
            &["getChats"],
            |ctx| async move {
                for (ids, offset) in [
                    (["1@s.whatsapp.net", "2@s.whatsapp.net"], 0),
                    (["3@s.whatsapp.net", "4@s.whatsapp.net"], 2),
                ] {
                    let chats: Vec<Value> = ids.iter().map(|id| chat(id, id)).collect();
                    ctx.server.on("getChats").respond_once(MockResponse::json(
                        200,
                        json!({"chats": chats, "count": 2, "offset": offset, "total": 4}),
                    ));
                }
                // Spawned: the stream is owned.
                let stream = ctx.client.chats().list().count(2).into_stream();
                let ids: Vec<String> =
                    tokio::spawn(
                        async move { stream.map_ok(|c| c.id.to_string()).try_collect().await },
                    )
                    .await
                    .expect("the task ends")
                    .expect("every page");
                // total 4: no third page is asked for.
                assert_eq!(
                    ids,
                    [
                        "1@s.whatsapp.net",
                        "2@s.whatsapp.net",
                        "3@s.whatsapp.net",
                        "4@s.whatsapp.net"
                    ]
                );
                let seen = ctx.server.requests();
                assert_eq!(seen.len(), 2, "two pages");
                assert_request(&seen[0], "GET", "/chats", &[("count", "2")], None);
                assert_request(
                    &seen[1],
                    "GET",
                    "/chats",
                    &[("count", "2"), ("offset", "2")],
                    None,
                );
            },
        ),
        case("client.chats().get(chat)", &["getChat"], |ctx| async move {
            invalid(ctx.client.chats().get("not a chat").await, "chat");
            ctx.assert_no_request();
            ctx.server.on("getChat").respond(MockResponse::json(
                200,
                chat("15551234567@s.whatsapp.net", "Grace"),
            ));
            let got = ctx.client.chats().get(PHONE).await.expect("a chat");
            assert_eq!(got.name.as_deref(), Some("Grace"));
            assert_eq!(got.pin, Some(true));
            assert_request(&ctx.only_request(), "GET", CHAT_PATH, &[], None);
        }),
        case("client.chats().archive(chat)", &["archiveChat"], |ctx| {
            action(
                ctx,
                "POST",
                "archiveChat",
                Some(json!({"archive": true})),
                |c, chat| async move { c.chats().archive(chat).await },
            )
        }),
        case("client.chats().unarchive(chat)", &["archiveChat"], |ctx| {
            action(
                ctx,
                "POST",
                "archiveChat",
                Some(json!({"archive": false})),
                |c, chat| async move { c.chats().unarchive(chat).await },
            )
        }),
        case("client.chats().pin(chat)", &["patchChat"], |ctx| {
            action(
                ctx,
                "PATCH",
                "patchChat",
                Some(json!({"pin": true})),
                |c, chat| async move { c.chats().pin(chat).await },
            )
        }),
        case("client.chats().unpin(chat)", &["patchChat"], |ctx| {
            action(
                ctx,
                "PATCH",
                "patchChat",
                Some(json!({"pin": false})),
                |c, chat| async move { c.chats().unpin(chat).await },
            )
        }),
        case(
            "client.chats().mute(chat, until_unix_ms)",
            &["patchChat"],
            |ctx| async move {
                invalid(ctx.client.chats().mute(PHONE, -1).await, "until_unix_ms");
                action(
                    ctx,
                    "PATCH",
                    "patchChat",
                    Some(json!({"mute_until": 1810364624000_i64})),
                    |c, chat| async move { c.chats().mute(chat, 1_810_364_624_000).await },
                )
                .await
            },
        ),
        case("client.chats().unmute(chat)", &["patchChat"], |ctx| {
            action(
                ctx,
                "PATCH",
                "patchChat",
                Some(json!({"mute_until": 0})),
                |c, chat| async move { c.chats().unmute(chat).await },
            )
        }),
        case("client.chats().mark_read(chat)", &["patchChat"], |ctx| {
            action(
                ctx,
                "PATCH",
                "patchChat",
                Some(json!({"mark_unread": false})),
                |c, chat| async move { c.chats().mark_read(chat).await },
            )
        }),
        case("client.chats().mark_unread(chat)", &["patchChat"], |ctx| {
            action(
                ctx,
                "PATCH",
                "patchChat",
                Some(json!({"mark_unread": true})),
                |c, chat| async move { c.chats().mark_unread(chat).await },
            )
        }),
        case(
            "client.chats().disappearing(chat, after)",
            &["patchChat"],
            |ctx| {
                action(
                    ctx,
                    "PATCH",
                    "patchChat",
                    Some(json!({"ephemeral": "week"})),
                    |c, chat| async move {
                        c.chats()
                            .disappearing(chat, PatchChatRequestEphemeral::Week)
                            .await
                    },
                )
            },
        ),
        case("client.chats().delete(chat)", &["deleteChat"], |ctx| {
            action(ctx, "DELETE", "deleteChat", None, |c, chat| async move {
                c.chats().delete(chat).await
            })
        }),
    ]
}
