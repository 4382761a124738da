//! The groups facade: create, list (pages and stream), get, update,
//! settings, invites, participants, join requests, icon, leave.

use crate::harness::{
    Case, Ctx, assert_client_headers, assert_invalid as invalid, assert_request, case,
};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use whapi::mock::MockResponse;
use whapi::types::{UpdateGroupSettingRequestPolicy, UpdateGroupSettingRequestSetting};

const GROUP: &str = "120363025555555555@g.us";
const GROUP_PATH: &str = "/groups/120363025555555555@g.us";
const PHONE: &str = "+1 555 123-4567";
const DIGITS: &str = "15551234567";
const CODE: &str = "AbCdEfGhIjKlMnOp";

fn group(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "type": "group", "participants": [], "participants_count": 7})
}

fn success(ctx: &Ctx, op: &str) {
    ctx.server
        .on(op)
        .respond(MockResponse::json(200, json!({"success": false})));
}

/// Add, remove, promote, demote: the same inputs, the same body.
async fn participants<F, Fut, T>(ctx: Ctx, method: &str, path: &str, call: F) -> T
where
    F: Fn(whapi::Client, &'static str, Vec<&'static str>) -> Fut,
    Fut: std::future::Future<Output = Result<T, whapi::Error>>,
    T: std::fmt::Debug,
{
    invalid(
        call(ctx.client.clone(), "123@g.us", vec![DIGITS]).await,
        "group",
    );
    invalid(
        call(ctx.client.clone(), GROUP, vec![]).await,
        "participants",
    );
    invalid(
        call(ctx.client.clone(), GROUP, vec![DIGITS, "1"]).await,
        "participants",
    );
    ctx.assert_no_request();
    let answer = call(ctx.client.clone(), GROUP, vec![PHONE, "15557654321"])
        .await
        .expect("the mock answers");
    assert_request(
        &ctx.only_request(),
        method,
        path,
        &[],
        Some(json!({"participants": [DIGITS, "15557654321"]})),
    );
    answer
}

pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        case(
            "client.groups().list().count(n).send()",
            &["getGroups"],
            |ctx| async move {
                invalid(ctx.client.groups().list().count(1000).send().await, "count");
                ctx.assert_no_request();
                ctx.server.on("getGroups").respond(MockResponse::json(
                    200,
                    json!({"groups": [group(GROUP, "Team")], "total": 1}),
                ));
                let page = ctx
                    .client
                    .groups()
                    .list()
                    .count(20)
                    .send()
                    .await
                    .expect("a page");
                let groups = page.groups.expect("groups").0;
                assert_eq!(groups[0].name, "Team");
                assert_eq!(groups[0].participants_count, 7);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/groups",
                    &[("count", "20")],
                    None,
                );
            },
        ),
        case(
            "client.groups().list().into_stream()",
            &["getGroups"],
            |ctx| async move {
                for (name, offset) in [("a", 0), ("b", 1), ("c", 2)] {
                    ctx.server.on("getGroups").respond_once(MockResponse::json(
                        200,
                        json!({"groups": [group(GROUP, name)], "offset": offset, "total": 3}),
                    ));
                }
                let stream = ctx.client.groups().list().count(1).into_stream();
                let names: Vec<String> =
                    tokio::spawn(async move { stream.map_ok(|g| g.name).try_collect().await })
                        .await
                        .expect("the task ends")
                        .expect("every page");
                assert_eq!(names, ["a", "b", "c"]);
                let offsets: Vec<Option<String>> = ctx
                    .server
                    .requests()
                    .iter()
                    .map(|r| r.query_param("offset").map(str::to_owned))
                    .collect();
                assert_eq!(offsets, [None, Some("1".into()), Some("2".into())]);
            },
        ),
        case(
            "client.groups().create(subject, participants)",
            &["createGroup"],
            |ctx| async move {
                invalid(ctx.client.groups().create(" ", [DIGITS]).await, "subject");
                invalid(
                    ctx.client.groups().create("Team", Vec::<&str>::new()).await,
                    "participants",
                );
                ctx.assert_no_request();
                ctx.server.on("createGroup").respond(MockResponse::json(
                    200,
                    json!({"id": GROUP, "name": "Team", "type": "group", "participants": [],
                       "unprocessed_participants": ["15557654321"]}),
                ));
                let created = ctx
                    .client
                    .groups()
                    .create("Team", [PHONE])
                    .await
                    .expect("created");
                assert_eq!(created.id.as_str(), GROUP);
                assert_eq!(
                    created.unprocessed_participants[0].to_string(),
                    "15557654321"
                );
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/groups",
                    &[],
                    Some(json!({"subject": "Team", "participants": [DIGITS]})),
                );
            },
        ),
        case(
            "client.groups().get(group)",
            &["getGroup"],
            |ctx| async move {
                invalid(
                    ctx.client.groups().get("15551234567@s.whatsapp.net").await,
                    "group",
                );
                ctx.assert_no_request();
                ctx.server
                    .on("getGroup")
                    .respond(MockResponse::json(200, group(GROUP, "Team")));
                let got = ctx.client.groups().get(GROUP).await.expect("a group");
                assert_eq!(got.name, "Team");
                assert_request(&ctx.only_request(), "GET", GROUP_PATH, &[], None);
            },
        ),
        case(
            "client.groups().update(group).subject(..).description(..).send()",
            &["updateGroupInfo"],
            |ctx| async move {
                invalid(
                    ctx.client.groups().update("x").subject("T").send().await,
                    "group",
                );
                invalid(ctx.client.groups().update(GROUP).send().await, "update");
                invalid(
                    ctx.client.groups().update(GROUP).subject("").send().await,
                    "subject",
                );
                ctx.assert_no_request();
                success(&ctx, "updateGroupInfo");
                let answer = ctx
                    .client
                    .groups()
                    .update(GROUP)
                    .subject("Team 2")
                    .description("Q3")
                    .send()
                    .await
                    .expect("updated");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    GROUP_PATH,
                    &[],
                    Some(json!({"subject": "Team 2", "description": "Q3"})),
                );
            },
        ),
        case(
            "client.groups().setting(group, setting, policy)",
            &["updateGroupSetting"],
            |ctx| async move {
                let (setting, policy) = (
                    UpdateGroupSettingRequestSetting::SendMessages,
                    UpdateGroupSettingRequestPolicy::Admins,
                );
                invalid(
                    ctx.client.groups().setting("", setting, policy).await,
                    "group",
                );
                ctx.assert_no_request();
                success(&ctx, "updateGroupSetting");
                let answer = ctx
                    .client
                    .groups()
                    .setting(GROUP, setting, policy)
                    .await
                    .expect("set");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "PATCH",
                    GROUP_PATH,
                    &[],
                    Some(json!({"setting": "send_messages", "policy": "admins"})),
                );
            },
        ),
        case(
            "client.groups().invite_code(group)",
            &["getGroupInvite"],
            |ctx| async move {
                invalid(ctx.client.groups().invite_code("g").await, "group");
                ctx.assert_no_request();
                ctx.server
                    .on("getGroupInvite")
                    .respond(MockResponse::json(200, json!({"invite_code": CODE})));
                let invite = ctx
                    .client
                    .groups()
                    .invite_code(GROUP)
                    .await
                    .expect("a code");
                assert_eq!(invite.invite_code, CODE);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &format!("{GROUP_PATH}/invite"),
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.groups().revoke_invite(group)",
            &["revokeGroupInvite"],
            |ctx| async move {
                invalid(ctx.client.groups().revoke_invite("g").await, "group");
                ctx.assert_no_request();
                success(&ctx, "revokeGroupInvite");
                let answer = ctx
                    .client
                    .groups()
                    .revoke_invite(GROUP)
                    .await
                    .expect("revoked");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "DELETE",
                    &format!("{GROUP_PATH}/invite"),
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.groups().accept_invite(invite)",
            &["acceptGroupInvite"],
            |ctx| async move {
                invalid(ctx.client.groups().accept_invite("short").await, "invite");
                invalid(
                    ctx.client.groups().accept_invite("AbCdEfGh-IjKlMnOp").await,
                    "invite",
                );
                ctx.assert_no_request();
                ctx.server
                    .on("acceptGroupInvite")
                    .respond(MockResponse::json(200, json!({"group_id": GROUP})));
                let link = format!("https://chat.whatsapp.com/{CODE}");
                let joined = ctx
                    .client
                    .groups()
                    .accept_invite(&link)
                    .await
                    .expect("joined");
                assert_eq!(joined.group_id.to_string(), GROUP);
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/groups",
                    &[],
                    Some(json!({"invite_code": CODE})),
                );
            },
        ),
        case(
            "client.groups().invite_info(invite)",
            &["getGroupMetadataByInviteCode"],
            |ctx| async move {
                invalid(ctx.client.groups().invite_info("").await, "invite");
                ctx.assert_no_request();
                ctx.server.on("getGroupMetadataByInviteCode").respond(MockResponse::json(
                    200,
                    json!({"id": GROUP, "name": "Team", "participants": [], "participantsCount": 4}),
                ));
                let info = ctx.client.groups().invite_info(CODE).await.expect("info");
                assert_eq!(info.name.as_deref(), Some("Team"));
                assert_eq!(info.participants_count, Some(4.0));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &format!("/groups/link/{CODE}"),
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.groups().leave(group)",
            &["leaveGroup"],
            |ctx| async move {
                invalid(ctx.client.groups().leave("1@g.us").await, "group");
                ctx.assert_no_request();
                success(&ctx, "leaveGroup");
                let answer = ctx.client.groups().leave(GROUP).await.expect("left");
                assert_eq!(answer.success, Some(false));
                assert_request(&ctx.only_request(), "DELETE", GROUP_PATH, &[], None);
            },
        ),
        case(
            "client.groups().delete_icon(group)",
            &["deleteGroupIcon"],
            |ctx| async move {
                invalid(ctx.client.groups().delete_icon("1@g.us").await, "group");
                ctx.assert_no_request();
                success(&ctx, "deleteGroupIcon");
                let answer = ctx
                    .client
                    .groups()
                    .delete_icon(GROUP)
                    .await
                    .expect("deleted");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "DELETE",
                    &format!("{GROUP_PATH}/icon"),
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.groups().applications(group).into_stream()",
            &["getGroupApplicationsList"],
            |ctx| async move {
                invalid(
                    ctx.client.groups().applications("x").count(5).send().await,
                    "group",
                );
                let mut bad = std::pin::pin!(ctx.client.groups().applications("x").into_stream());
                invalid(bad.try_next().await, "group");
                assert!(
                    bad.try_next().await.expect("ended").is_none(),
                    "one error, then the end"
                );
                ctx.assert_no_request();
                let applicant =
                    |chat: &str| json!({"chatId": chat, "request_method": "invite_link"});
                ctx.server.on("getGroupApplicationsList").respond_once(MockResponse::json(
                    200,
                    json!({"applications": [applicant("15551111111@s.whatsapp.net"), applicant("15552222222@s.whatsapp.net")], "total": 3}),
                ));
                ctx.server.on("getGroupApplicationsList").respond_once(MockResponse::json(
                    200,
                    json!({"applications": [applicant("15553333333@s.whatsapp.net")], "total": 3}),
                ));
                let stream = ctx
                    .client
                    .groups()
                    .applications(GROUP)
                    .count(2)
                    .into_stream();
                let chats: Vec<String> = tokio::spawn(async move {
                    stream
                        .map_ok(|a| a.chat_id.map(|c| c.to_string()).unwrap_or_default())
                        .try_collect()
                        .await
                })
                .await
                .expect("the task ends")
                .expect("every page");
                assert_eq!(
                    chats,
                    [
                        "15551111111@s.whatsapp.net",
                        "15552222222@s.whatsapp.net",
                        "15553333333@s.whatsapp.net"
                    ]
                );
                let seen = ctx.server.requests();
                assert_eq!(seen.len(), 2);
                let path = format!("{GROUP_PATH}/applications");
                assert_request(&seen[0], "GET", &path, &[("count", "2")], None);
                assert_request(
                    &seen[1],
                    "GET",
                    &path,
                    &[("count", "2"), ("offset", "2")],
                    None,
                );
            },
        ),
    ];
    cases.extend(participant_cases());
    cases.extend(icon_and_invite_cases());
    cases.extend(application_cases());
    cases
}

fn participant_cases() -> Vec<Case> {
    vec![
        case(
            "client.groups().add(group, participants)",
            &["addGroupParticipant"],
            |ctx| async move {
                ctx.server
                    .on("addGroupParticipant")
                    .respond(MockResponse::json(
                        200,
                        json!({"processed": [DIGITS], "failed": ["15557654321"], "success": true}),
                    ));
                let path = format!("{GROUP_PATH}/participants");
                let answer = participants(ctx, "POST", &path, |c, g, p| async move {
                    c.groups().add(g, p).await
                })
                .await;
                assert_eq!(answer.processed[0].to_string(), DIGITS);
                assert_eq!(answer.failed[0].to_string(), "15557654321");
            },
        ),
        case(
            "client.groups().remove(group, participants)",
            &["removeGroupParticipant"],
            |ctx| async move {
                ctx.server
                    .on("removeGroupParticipant")
                    .respond(MockResponse::json(
                        200,
                        json!({"processed": ["15557654321"], "failed": [DIGITS]}),
                    ));
                let path = format!("{GROUP_PATH}/participants");
                let answer = participants(ctx, "DELETE", &path, |c, g, p| async move {
                    c.groups().remove(g, p).await
                })
                .await;
                assert_eq!(answer.failed[0].to_string(), DIGITS);
                assert_eq!(answer.success, None);
            },
        ),
        case(
            "client.groups().promote(group, participants)",
            &["promoteToGroupAdmin"],
            |ctx| async move {
                success(&ctx, "promoteToGroupAdmin");
                let path = format!("{GROUP_PATH}/admins");
                let answer = participants(ctx, "PATCH", &path, |c, g, p| async move {
                    c.groups().promote(g, p).await
                })
                .await;
                assert_eq!(answer.success, Some(false));
            },
        ),
        case(
            "client.groups().demote(group, participants)",
            &["demoteGroupAdmin"],
            |ctx| async move {
                success(&ctx, "demoteGroupAdmin");
                let path = format!("{GROUP_PATH}/admins");
                let answer = participants(ctx, "DELETE", &path, |c, g, p| async move {
                    c.groups().demote(g, p).await
                })
                .await;
                assert_eq!(answer.success, Some(false));
            },
        ),
    ]
}

fn application_cases() -> Vec<Case> {
    let changed = || {
        MockResponse::json(
            200,
            json!([{"chatId": "15551234567@s.whatsapp.net", "success": true}]),
        )
    };
    vec![
        case(
            "client.groups().approve(group, applicant)",
            &["approveGroupApplicationsList"],
            move |ctx| async move {
                invalid(ctx.client.groups().approve("x", PHONE).await, "group");
                invalid(ctx.client.groups().approve(GROUP, "1").await, "applicant");
                ctx.assert_no_request();
                ctx.server
                    .on("approveGroupApplicationsList")
                    .respond(changed());
                let answer = ctx
                    .client
                    .groups()
                    .approve(GROUP, PHONE)
                    .await
                    .expect("approved");
                assert_eq!(answer.0[0].success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    &format!("{GROUP_PATH}/applications"),
                    &[],
                    Some(json!({"application": "15551234567@s.whatsapp.net"})),
                );
            },
        ),
        case(
            "client.groups().reject(group, applicant)",
            &["rejectGroupApplicationsList"],
            move |ctx| async move {
                invalid(ctx.client.groups().reject(GROUP, "").await, "applicant");
                ctx.assert_no_request();
                ctx.server
                    .on("rejectGroupApplicationsList")
                    .respond(changed());
                let answer = ctx
                    .client
                    .groups()
                    .reject(GROUP, PHONE)
                    .await
                    .expect("rejected");
                assert_eq!(
                    answer.0[0].chat_id.as_ref().map(|c| c.as_str()),
                    Some("15551234567@s.whatsapp.net")
                );
                assert_request(
                    &ctx.only_request(),
                    "DELETE",
                    &format!("{GROUP_PATH}/applications"),
                    &[],
                    Some(json!({"application": "15551234567@s.whatsapp.net"})),
                );
            },
        ),
    ]
}

/// A PNG's signature and header chunk: enough for MIME detection.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

fn icon_and_invite_cases() -> Vec<Case> {
    vec![
        case(
            "client.groups().icon(group)",
            &["getGroupIcon"],
            |ctx| async move {
                invalid(ctx.client.groups().icon("x").await, "group");
                ctx.assert_no_request();
                ctx.server.on("getGroupIcon").respond(
                    MockResponse::raw(200, PNG.to_vec()).header("content-type", "image/png"),
                );
                let icon = ctx.client.groups().icon(GROUP).await.expect("an icon");
                assert_eq!(icon, PNG);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &format!("{GROUP_PATH}/icon"),
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.groups().set_icon(group, image)",
            &["setGroupIcon"],
            |ctx| async move {
                invalid(
                    ctx.client
                        .groups()
                        .set_icon("x", whapi::Media::bytes(PNG))
                        .await,
                    "group",
                );
                let text = whapi::Media::bytes(&b"just text"[..]).mime("text/plain");
                invalid(ctx.client.groups().set_icon(GROUP, text).await, "image");
                ctx.assert_no_request();
                success(&ctx, "setGroupIcon");
                let answer = ctx
                    .client
                    .groups()
                    .set_icon(GROUP, whapi::Media::bytes(PNG))
                    .await
                    .expect("set");
                assert_eq!(answer.success, Some(false));
                let r = ctx.only_request();
                assert_eq!(
                    (r.method.as_str(), r.path.as_str()),
                    ("PUT", &*format!("{GROUP_PATH}/icon"))
                );
                assert!(r.query.is_empty());
                assert_client_headers(&r);
                assert_eq!(r.header("content-type"), Some("image/png"));
                assert_eq!(&r.body[..], PNG, "the image itself is the body");
            },
        ),
        case(
            "client.groups().send_invite(invite, to).text(..).send()",
            &["sendGroupInvite"],
            |ctx| async move {
                invalid(
                    ctx.client.groups().send_invite("bad", PHONE).send().await,
                    "invite",
                );
                invalid(
                    ctx.client.groups().send_invite(CODE, "1").send().await,
                    "to",
                );
                ctx.assert_no_request();
                let sent = ctx
                    .client
                    .groups()
                    .send_invite(CODE, PHONE)
                    .text("Join us")
                    .send()
                    .await
                    .expect("sent");
                assert!(sent.sent);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    &format!("/groups/link/{CODE}"),
                    &[],
                    Some(json!({"to": DIGITS, "body": "Join us"})),
                );
            },
        ),
    ]
}
