//! Response enums are open: unknown values decode, known ones stay typed.

mod support;

use serde_json::{Value, json};
use support::{Reply, TestServer};
use whapi::OpenEnum;
use whapi::types::{self, MessageStatusKnown, MessageTypeKnown, QrStatusKnown};

fn message(kind: &str, status: &str) -> Value {
    json!({"id": "ABCD-1234", "type": kind, "chat_id": "1234567890@s.whatsapp.net", "from_me": false, "timestamp": 1.0, "status": status})
}

#[test]
fn unknown_values_decode_and_known_values_stay_typed() {
    let m: types::Message =
        serde_json::from_value(message("brand_new_type", "queued")).expect("decodes");
    assert_eq!(m.type_, OpenEnum::Unknown("brand_new_type".into()));
    assert_eq!(m.status, Some(OpenEnum::Unknown("queued".into())));

    let m: types::Message = serde_json::from_value(message("gif", "read")).expect("decodes");
    assert_eq!(m.type_, OpenEnum::Known(MessageTypeKnown::Gif));
    assert_eq!(m.status, Some(OpenEnum::Known(MessageStatusKnown::Read)));
}

#[test]
fn both_kinds_round_trip_unchanged() {
    for (kind, status) in [("gif", "read"), ("brand_new_type", "queued")] {
        let input = message(kind, status);
        let m: types::Message = serde_json::from_value(input.clone()).expect("decodes");
        let output = serde_json::to_value(&m).expect("encodes");
        assert_eq!(output["type"], input["type"]);
        assert_eq!(output["status"], input["status"]);
    }
    assert_eq!(
        "text".parse::<OpenEnum<MessageTypeKnown>>(),
        Ok(OpenEnum::Known(MessageTypeKnown::Text))
    );
    assert_eq!(
        OpenEnum::<MessageTypeKnown>::Unknown("x".into()).to_string(),
        "x"
    );
    assert_eq!(
        OpenEnum::Known(MessageTypeKnown::LiveLocation).to_string(),
        "live_location"
    );
}

#[tokio::test]
async fn a_page_with_an_unknown_message_type_still_decodes() {
    let server = TestServer::start().await;
    let client = whapi::raw::Client::new_with_client(
        &server.url,
        reqwest::Client::new(),
        Default::default(),
    );
    server.reply(Reply::json(200, &json!({"messages": [message("hologram", "sent"), message("text", "sent")], "count": 2, "total": 2, "offset": 0})));
    let page = client
        .get_messages()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(page.messages[0].type_, OpenEnum::Unknown("hologram".into()));
    assert_eq!(
        page.messages[1].type_,
        OpenEnum::Known(MessageTypeKnown::Text)
    );

    server.reply(Reply::json(200, &json!({"status": "EXPIRED"})));
    let qr = client
        .login_user()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(qr.status, OpenEnum::Unknown("EXPIRED".into()));
    assert!(qr.status.known().is_none());
    server.reply(Reply::json(200, &json!({"status": "WAITING"})));
    let qr = client
        .login_user()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(qr.status.known(), Some(&QrStatusKnown::Waiting));
}

#[test]
fn as_str_is_the_text_on_the_wire_known_or_not() {
    let known: OpenEnum<MessageTypeKnown> = serde_json::from_str("\"image\"").expect("decodes");
    assert_eq!(known, OpenEnum::Known(MessageTypeKnown::Image));
    assert_eq!(known.as_str(), "image");
    let unknown: OpenEnum<MessageTypeKnown> =
        serde_json::from_str("\"hologram\"").expect("decodes");
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "hologram");
}
