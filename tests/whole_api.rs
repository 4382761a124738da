//! The published document's silent breakages (full-spec-notes.md), each
//! checked against the generated client on a loopback server: without the
//! correction (regen) or transformation (build.rs) named in each test, it
//! fails.

mod support;

use serde_json::{Value, json};
use support::{Reply, TestServer};
use whapi::{OpenEnum, types};

fn decode<T: serde::de::DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{body} does not decode: {e}"))
}

/// regen `drop-required-without-property`: `ResponseSuccess` required a
/// `result` no answer has.
#[tokio::test]
async fn a_success_answer_decodes() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &json!({"success": true})));
    let client = support::client(&server.url);
    let answer = client
        .raw()
        .mark_message_as_read()
        .message_id("ABCDEF012345-gBcdefghIjk")
        .send()
        .await
        .expect("{\"success\": true} decodes");
    assert_eq!(answer.success, Some(true));
}

/// regen `drop-required-without-property`: `MediaFile` required `time`; the
/// property is `timestamp`.
#[test]
fn a_media_object_with_timestamp_decodes() {
    let file: types::MediaFile = decode(json!({
        "id": "jpeg-3b0a8f4e2c1d", "mime_type": "image/jpeg", "file_size": 1024,
        "timestamp": 1_700_000_000, "link": "https://example.invalid/a.jpg"
    }));
    assert_eq!(file.timestamp, Some(1_700_000_000.0));
}

/// build.rs step 6: `MessageContent` (16 object variants, no discriminator)
/// became one object, so a video's own fields survive instead of decoding
/// as the first variant that fits (an image).
#[test]
fn edited_video_content_keeps_its_video_fields() {
    let video = json!({
        "id": "mp4-3b0a8f4e2c1d", "mime_type": "video/mp4", "file_size": 2048,
        "seconds": 12, "autoplay": true, "caption": "clip"
    });
    let action: types::MessageAction = decode(json!({"type": "edit", "edited_content": video}));
    let content = action.edited_content.expect("edited content");
    let back = serde_json::to_value(&content).expect("serializes");
    for key in ["seconds", "autoplay", "caption", "mime_type"] {
        assert_eq!(back[key], video[key], "{key} survives: {back}");
    }
}

/// build.rs step 8: request defaults are not sent, so a PATCH that sets only
/// `webhooks` does not reset `full_history` or `offline_mode`.
#[tokio::test]
async fn a_settings_patch_sends_only_what_it_sets() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &json!({})));
    let client = support::client(&server.url);
    let settings: types::Settings = decode(json!({
        "webhooks": [{"url": "https://bot.example.invalid/hook", "mode": "body",
                      "events": [{"type": "messages", "method": "post"}]}]
    }));
    let _ = client
        .raw()
        .update_channel_settings()
        .body(settings)
        .send()
        .await;
    let seen = server.take_seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "PATCH");
    let body = seen[0].json();
    let keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["webhooks"], "{body}");
    let hook = &body["webhooks"][0];
    let hook_keys: Vec<&String> = hook.as_object().expect("an object").keys().collect();
    assert_eq!(hook_keys, ["events", "mode", "url"], "{hook}");
}

/// build.rs steps 11–12: response enums, inline ones too, are open.
#[test]
fn unknown_values_in_response_enums_decode_as_unknown() {
    let chat: types::Chat = decode(json!({"id": "15551234567@s.whatsapp.net", "type": "hologram"}));
    assert_eq!(chat.type_, OpenEnum::Unknown("hologram".into()));
    let presence: types::Presence =
        decode(json!({"contact_id": "15551234567", "status": "levitating"}));
    assert_eq!(
        presence.status,
        Some(OpenEnum::Unknown("levitating".into()))
    );
    let qr: types::Qr = decode(json!({"status": "SCANNED_TWICE"}));
    assert_eq!(qr.status, OpenEnum::Unknown("SCANNED_TWICE".into()));
    let action: types::MessageAction = decode(json!({"type": "teleport"}));
    assert_eq!(action.type_, Some(OpenEnum::Unknown("teleport".into())));
    let message: types::Message = decode(json!({
        "id": "ABCDEF012345-gBcdefghIjk", "type": "hologram", "chat_id": "15551234567@s.whatsapp.net",
        "from_me": false, "timestamp": 1_700_000_000, "source": "telepathy"
    }));
    assert_eq!(message.type_, OpenEnum::Unknown("hologram".into()));
    assert_eq!(message.source, Some(OpenEnum::Unknown("telepathy".into())));
}

/// build.rs step 10: response patterns are not validated; real ids decode.
#[test]
fn broadcast_chats_and_lid_participants_decode() {
    let chat: types::Chat = decode(json!({"id": "status@broadcast", "type": "contact"}));
    assert_eq!(chat.id.as_str(), "status@broadcast");
    let participant: types::Participant =
        decode(json!({"id": "98765432101234@lid", "rank": "member"}));
    assert_eq!(participant.id.as_str(), "98765432101234@lid");
}

/// regen `number-parameter-is-integer` (and the overlay's integer `count`):
/// `count=100`, never `count=100.0`.
#[tokio::test]
async fn count_goes_out_as_an_integer() {
    let server = TestServer::start().await;
    server.reply(Reply::json(
        200,
        &json!({"chats": [], "count": 0, "total": 0, "offset": 0}),
    ));
    let client = support::client(&server.url);
    let _ = client.raw().get_chats().count(100).offset(5).send().await;
    let seen = server.take_seen();
    assert_eq!(seen[0].query.as_deref(), Some("count=100&offset=5"));
}

/// regen `head-has-no-body`: a HEAD answer has no body to decode.
#[tokio::test]
async fn check_exist_works() {
    let server = TestServer::start().await;
    server.reply(Reply::raw(200, "application/json", Vec::new()));
    let client = support::client(&server.url);
    let answer = client
        .raw()
        .check_exist()
        .contact_id("15551234567".to_string())
        .send()
        .await
        .expect("an empty 200 is success");
    assert_eq!(answer.status(), 200);
    let seen = server.take_seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("HEAD", "/contacts/15551234567")
    );
}

/// build.rs step 7: the object query parameter is flattened after merging
/// its allOf/oneOf parts, so `to`, `caption`, ... stay.
#[tokio::test]
async fn send_media_message_keeps_its_query_parameters() {
    let server = TestServer::start().await;
    server.reply(Reply::json(201, &json!({"sent": true})));
    let client = support::client(&server.url);
    let _ = client
        .raw()
        .send_media_message()
        .media_message_type(OpenEnum::Known(types::MediaMessageTypeKnown::Image))
        .to("15551234567")
        .caption("a pixel".to_string())
        .view_once(true)
        .body(vec![0x89, b'P', b'N', b'G'])
        .send()
        .await;
    let seen = server.take_seen();
    let query = seen[0].query_pairs();
    assert_eq!(query.get("to").map(String::as_str), Some("15551234567"));
    assert_eq!(query.get("caption").map(String::as_str), Some("a pixel"));
    assert_eq!(query.get("view_once").map(String::as_str), Some("true"));
}
