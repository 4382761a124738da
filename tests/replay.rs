//! Replays every documented record through a real loopback HTTP server:
//! the generated client calls the record's operation, the server answers with
//! the record's status and body, and the outcome must be the typed one.

mod support;

use serde_json::Value;
use support::{Reply, TestServer, covers, records, spec};
use whapi::raw::{Client, Error, ResponseValue};
use whapi::types;

const CHAT: &str = "120363025555555555@g.us";
const PHONE: &str = "15551234567";
const MESSAGE: &str = "ABCDEF012345-gBcdefghIjk";

/// What a call ended in: the status and the typed body, re-serialized.
type Outcome = Result<(u16, Value), (u16, Value)>;

fn ok<T: serde::Serialize>(r: Result<ResponseValue<T>, Error<types::ResponseError>>) -> Outcome {
    match r {
        Ok(v) => Ok((
            v.status().as_u16(),
            serde_json::to_value(v.into_inner()).expect("serializes"),
        )),
        Err(Error::ErrorResponse(v)) => Err((
            v.status().as_u16(),
            serde_json::to_value(v.into_inner()).expect("serializes"),
        )),
        Err(other) => panic!("untyped outcome: {other:?}"),
    }
}

/// Calls `operation` with valid arguments.
async fn call(client: &Client, operation: &str) -> Outcome {
    let to: types::Recipient = PHONE.parse().expect("valid recipient");
    match operation {
        "loginUser" => ok(client.login_user().send().await),
        "getMessages" => ok(client
            .get_messages()
            .count(std::num::NonZeroU32::new(2).unwrap())
            .send()
            .await),
        "getMessagesByChatID" => ok(client
            .get_messages_by_chat_id()
            .chat_id(CHAT.to_string())
            .send()
            .await),
        "sendMessageGif" => ok(client
            .send_message_gif()
            .body(
                types::SenderGif::builder()
                    .to(to)
                    .media("https://example.invalid/a.mp4"),
            )
            .send()
            .await),
        "sendMessageVoice" => ok(client
            .send_message_voice()
            .body(
                types::SenderVoice::builder()
                    .to(to)
                    .media("https://example.invalid/a.ogg"),
            )
            .send()
            .await),
        "sendMessageDocument" => ok(client
            .send_message_document()
            .body(
                types::SenderDocument::builder()
                    .to(to)
                    .media("https://example.invalid/a.pdf"),
            )
            .send()
            .await),
        "sendMessageSticker" => ok(client
            .send_message_sticker()
            .body(
                types::SenderSticker::builder()
                    .to(to)
                    .media("https://example.invalid/a.webp"),
            )
            .send()
            .await),
        "sendMessageLocation" => ok(client
            .send_message_location()
            .body(
                types::SenderLocation::builder()
                    .to(to)
                    .latitude(52.5)
                    .longitude(13.4),
            )
            .send()
            .await),
        "sendMessageLiveLocation" => ok(client
            .send_message_live_location()
            .body(
                types::SenderLiveLocation::builder()
                    .to(to)
                    .latitude(52.5)
                    .longitude(13.4),
            )
            .send()
            .await),
        "sendMessageContact" => ok(client
            .send_message_contact()
            .body(
                types::SenderContact::builder()
                    .to(to)
                    .name("Ada")
                    .vcard("BEGIN:VCARD\nEND:VCARD"),
            )
            .send()
            .await),
        "sendMessageInteractive" => ok(client
            .send_message_interactive()
            .body(types::SenderInteractive::builder().to(to))
            .send()
            .await),
        "sendMediaMessage" => ok(client
            .send_media_message()
            .media_message_type(whapi::OpenEnum::Known(types::MediaMessageTypeKnown::Image))
            .to(to)
            .body(b"\x89PNG\r\n\x1a\n".to_vec())
            .send()
            .await),
        "markMessageAsRead" => ok(client
            .mark_message_as_read()
            .message_id(MESSAGE)
            .send()
            .await),
        "deleteMessage" => ok(client.delete_message().message_id(MESSAGE).send().await),
        "reactToMessage" => ok(client
            .react_to_message()
            .message_id(MESSAGE)
            .body(types::ReactToMessage::builder().emoji(Some("👍".to_string())))
            .send()
            .await),
        other => panic!("no call for operation {other}"),
    }
}

/// operationId → (METHOD, path template) from the spec.
fn routes() -> std::collections::BTreeMap<String, (String, String)> {
    let spec = spec();
    let mut out = std::collections::BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            out.insert(id, (method.to_uppercase(), path.clone()));
        }
    }
    out
}

fn path_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<_>, Vec<_>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
}

#[tokio::test]
async fn every_record_replays_into_its_typed_outcome() {
    let server = TestServer::start().await;
    // No retries: each record is answered exactly once.
    let facade = whapi::Client::builder()
        .token("replay-token")
        .base_url(&server.url)
        .retry(whapi::RetryPolicy::none())
        .build()
        .expect("client");
    let client: &Client = facade.raw();
    let records = records();
    assert_eq!(records.len(), 100, "the records in spec/records");
    let routes = routes();
    let mut passed = 0;
    let mut failures = Vec::new();
    for record in &records {
        let id = record["id"].as_str().expect("id");
        let op = record["operation"].as_str().expect("operation");
        let status = record["status"].as_u64().expect("status") as u16;
        let example = &record["example"];
        server.reply(Reply::json(status, example));
        let outcome = call(client, op).await;
        let seen = server.take_seen();
        let (method, template) = &routes[op];
        let mut problems = Vec::new();
        match seen.as_slice() {
            [one] if one.method == *method && path_matches(template, &one.path) => {}
            other => problems.push(format!(
                "server saw {:?}, expected one {method} {template}",
                other
                    .iter()
                    .map(|s| format!("{} {}", s.method, s.path))
                    .collect::<Vec<_>>()
            )),
        }
        let (got_status, body, success) = match outcome {
            Ok((s, b)) => (s, b, true),
            Err((s, b)) => (s, b, false),
        };
        if success != (200..300).contains(&status) {
            problems.push(format!(
                "status {status} decoded as {}",
                if success { "success" } else { "error" }
            ));
        }
        if got_status != status {
            problems.push(format!("status {got_status}, expected {status}"));
        }
        if let Err(e) = covers(example, Some(&body), "$") {
            problems.push(format!("typed body lost data: {e}"));
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{id} ({op} {status}): {}", problems.join("; ")));
        }
    }
    println!("replay: {passed}/{}", records.len());
    assert!(
        failures.is_empty(),
        "failed records:\n{}",
        failures.join("\n")
    );
    assert_eq!(passed, 100);
}
