//! The embedded mock server (`whapi::mock`), driven over real HTTP with
//! reqwest: every operation's default answer, validation, the message store,
//! overrides and request recording.
#![cfg(feature = "mock")]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use whapi::mock::{MockResponse, MockServer, PNG_1X1};

#[path = "support/synth.rs"]
mod synth;

const CHAT: &str = "120363025555555555@g.us";
const PHONE: &str = "15551234567";
const MESSAGE: &str = "ABCDEF012345-gBcdefghIjk";
const DOC_URL: &str = "https://example.invalid/a.pdf";
const MESSAGE_ID_PATTERN: &str =
    r"^[A-Za-z0-9._]{4,23}-[A-Za-z0-9._]{4,14}(-[A-Za-z0-9._]{4,10})?(-[A-Za-z0-9._]{4,10})?$";

thread_local! {
    // One client per test thread: building one (TLS roots) is the slowest
    // part of these tests. No proxy from the environment may stand between
    // us and 127.0.0.1.
    static HTTP: reqwest::Client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
}

fn http() -> reqwest::Client {
    HTTP.with(Clone::clone)
}

/// A request to the mock with a bearer token.
fn req(server: &MockServer, method: Method, path_and_query: &str) -> reqwest::RequestBuilder {
    http()
        .request(method, format!("{}{path_and_query}", server.url()))
        .bearer_auth("test-token")
}

/// Status and JSON body (`Null` when the body is empty or not JSON).
async fn answer(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn send_document(server: &MockServer, to: &str) -> Value {
    let (status, body) = answer(
        req(server, Method::POST, "/messages/document").json(&json!({"to": to, "media": DOC_URL})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body
}

fn error_message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

fn assert_error(status: u16, body: &Value, want: u16) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["error"]["code"], want, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
}

/// The default answer's shape, by response schema, also decoded into the
/// generated type.
fn check_shape(operation: &str, schema_name: &str, body: &Value) {
    let typed = |r: Result<(), serde_json::Error>| {
        r.unwrap_or_else(|e| panic!("{operation}: {schema_name} does not decode: {e}\n{body}"))
    };
    let message_id = regress::Regex::new(MESSAGE_ID_PATTERN).expect("pattern");
    match schema_name {
        "SentMessage" => {
            typed(serde_json::from_value::<whapi::types::SentMessage>(body.clone()).map(drop));
            let m = &body["message"];
            assert_eq!(body["sent"], true, "{operation}: {body}");
            let id = m["id"].as_str().expect("message id");
            assert!(message_id.find(id).is_some(), "{operation}: id {id}");
            assert_eq!(m["from_me"], true);
            assert_eq!(m["status"], "sent");
            assert!(m["timestamp"].as_u64().expect("timestamp") > 1_700_000_000);
            let kind = m["type"].as_str().expect("type");
            assert_ne!(kind, "unknown", "{operation}: {body}");
            assert!(
                m["chat_id"].as_str().is_some_and(|c| c.contains('@')),
                "{operation}: {body}"
            );
            if ORIGINAL.contains(&operation) {
                assert_eq!(m["chat_id"], format!("{PHONE}@s.whatsapp.net"));
                assert!(
                    m[kind].is_object(),
                    "{operation}: no {kind} content: {body}"
                );
            }
        }
        "MessagesList" => {
            typed(serde_json::from_value::<whapi::types::MessagesList>(body.clone()).map(drop));
            assert!(body["messages"].is_array(), "{operation}: {body}");
            for key in ["count", "total", "offset"] {
                assert!(body[key].is_u64(), "{operation}: {key}: {body}");
            }
        }
        "ResponseSuccess" => {
            typed(serde_json::from_value::<whapi::types::ResponseSuccess>(body.clone()).map(drop));
            assert_eq!(body, &json!({"success": true}), "{operation}");
        }
        "QR" | "Qr" => {
            typed(serde_json::from_value::<whapi::types::Qr>(body.clone()).map(drop));
            assert_eq!(body["status"], "OK");
            let png = STANDARD
                .decode(body["base64"].as_str().expect("base64"))
                .expect("valid base64");
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
            assert_eq!(body["expire"], 20);
        }
        // Other schemas: checked against the spec by the caller.
        _ => {}
    }
}

/// The operations the SDK started with: their answers also get typed checks.
const ORIGINAL: [&str; 15] = [
    "sendMessageGif",
    "sendMessageVoice",
    "sendMessageDocument",
    "sendMessageSticker",
    "sendMessageLocation",
    "sendMessageLiveLocation",
    "sendMessageContact",
    "sendMessageInteractive",
    "sendMediaMessage",
    "markMessageAsRead",
    "deleteMessage",
    "reactToMessage",
    "getMessages",
    "getMessagesByChatID",
    "loginUser",
];

/// Checks one operation's default answer; `Err` says what is wrong.
async fn check_operation(server: &MockServer, spec: &Value, op: &synth::Op) -> Result<(), String> {
    let r = synth::request(spec, op);
    let method: Method = r.method.parse().map_err(|e| format!("method: {e}"))?;
    let mut request = req(server, method, &r.target);
    if let Some(ct) = &r.content_type {
        request = request.header("content-type", ct).body(r.body.clone());
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.map_err(|e| format!("body: {e}"))?;
    let (want, content) = synth::success(spec, op);
    let shown = String::from_utf8_lossy(&bytes);
    if status != want {
        return Err(format!(
            "{} {}: status {status}, documented {want}: {shown}",
            r.method, r.target
        ));
    }
    if op.method == "HEAD" || content.is_empty() {
        return match bytes.is_empty() {
            true => Ok(()),
            false => Err(format!("a body where the spec has none: {shown}")),
        };
    }
    let Some(json) = content.get("application/json") else {
        // Non-JSON answers: one of the documented types, some bytes.
        if !content.contains_key(&content_type) || bytes.is_empty() {
            return Err(format!(
                "{content_type:?} ({} bytes) is not one of {:?}",
                bytes.len(),
                content.keys().collect::<Vec<_>>()
            ));
        }
        if content_type == "image/png" && !bytes.starts_with(PNG_1X1) {
            return Err("not the mock's PNG".into());
        }
        return Ok(());
    };
    let body: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("not JSON ({e}): {shown}"))?;
    let schema = json.get("schema").cloned().unwrap_or(Value::Null);
    let short: String = body.to_string().chars().take(300).collect();
    synth::validate(spec, &body, &schema, "$").map_err(|e| format!("{e}\n{short}"))?;
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
    {
        let shape = std::panic::AssertUnwindSafe(|| check_shape(&op.id, name, &body));
        std::panic::catch_unwind(shape).map_err(|p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "check_shape panicked".into())
        })?;
        decodes_as_generated(name, &body)?;
    }
    Ok(())
}

/// Decodes `body` into the generated type named after the response schema:
/// every response component of the spec, each under the features that
/// generate it.
fn decodes_as_generated(schema_name: &str, body: &Value) -> Result<(), String> {
    use whapi::types as t;
    fn decode<T: serde::de::DeserializeOwned>(body: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(body.clone())
            .map(drop)
            .map_err(|e| {
                format!(
                    "does not decode as {}: {e}\n{body}",
                    std::any::type_name::<T>()
                )
            })
    }
    match schema_name {
        "AuthCode" => decode::<t::AuthCode>(body),
        #[cfg(feature = "business")]
        "BusinessCollection" => decode::<t::BusinessCollection>(body),
        #[cfg(feature = "business")]
        "BusinessCollectionEditResult" => decode::<t::BusinessCollectionEditResult>(body),
        #[cfg(feature = "business")]
        "BusinessCollectionList" => decode::<t::BusinessCollectionList>(body),
        #[cfg(feature = "business")]
        "BusinessProfile" => decode::<t::BusinessProfile>(body),
        "Chat" => decode::<t::Chat>(body),
        "ChatsList" => decode::<t::ChatsList>(body),
        "CheckContactResponse" => decode::<t::CheckContactResponse>(body),
        #[cfg(feature = "communities")]
        "CommunitySubGroups" => decode::<t::CommunitySubGroups>(body),
        "Contact" => decode::<t::Contact>(body),
        #[cfg(feature = "blacklist")]
        "ContactIDList" => decode::<t::ContactIdList>(body),
        "ContactsList" => decode::<t::ContactsList>(body),
        #[cfg(feature = "calls")]
        "CreateCallEventResponse" => decode::<t::CreateCallEventResponse>(body),
        #[cfg(feature = "calls")]
        "CreateGroupCallLinkResponse" => decode::<t::CreateGroupCallLinkResponse>(body),
        "Events" => decode::<t::Events>(body),
        "Group" => decode::<t::Group>(body),
        "GroupApplicationChangeList" => decode::<t::GroupApplicationChangeList>(body),
        "GroupApplicationList" => decode::<t::GroupApplicationList>(body),
        "GroupCreate" => decode::<t::GroupCreate>(body),
        "GroupInfoByInviteCode" => decode::<t::GroupInfoByInviteCode>(body),
        "GroupInvite" => decode::<t::GroupInvite>(body),
        "GroupsList" => decode::<t::GroupsList>(body),
        "Health" => decode::<t::Health>(body),
        #[cfg(feature = "labels")]
        "LabelAssociations" => decode::<t::LabelAssociations>(body),
        #[cfg(feature = "labels")]
        "Labels" => decode::<t::Labels>(body),
        "Lid" => decode::<t::Lid>(body),
        "Lids" => decode::<t::Lids>(body),
        "Limits" => decode::<t::Limits>(body),
        "MediaFilesList" => decode::<t::MediaFilesList>(body),
        "Message" => decode::<t::Message>(body),
        "MessagesList" => decode::<t::MessagesList>(body),
        "NewGroup" => decode::<t::NewGroup>(body),
        #[cfg(feature = "newsletters")]
        "Newsletter" => decode::<t::Newsletter>(body),
        #[cfg(feature = "newsletters")]
        "NewslettersList" => decode::<t::NewslettersList>(body),
        #[cfg(feature = "newsletters")]
        "NewslettersListPaged" => decode::<t::NewslettersListPaged>(body),
        #[cfg(feature = "business")]
        "OrderItems" => decode::<t::OrderItems>(body),
        "Presence" => decode::<t::Presence>(body),
        #[cfg(feature = "business")]
        "Product" => decode::<t::Product>(body),
        #[cfg(feature = "business")]
        "ProductsList" => decode::<t::ProductsList>(body),
        "QR" => decode::<t::Qr>(body),
        "ResponseSuccess" => decode::<t::ResponseSuccess>(body),
        "SentMessage" => decode::<t::SentMessage>(body),
        "Settings" => decode::<t::Settings>(body),
        #[cfg(feature = "statuses")]
        "StatusesList" => decode::<t::StatusesList>(body),
        "UpdateSettings" => decode::<t::UpdateSettings>(body),
        "UploadMediaResponse" => decode::<t::UploadMediaResponse>(body),
        "UserProfile" => decode::<t::UserProfile>(body),
        "Qr" => decode::<t::Qr>(body),
        other => Err(format!(
            "no generated type listed for the response schema {other}"
        )),
    }
}

/// Every operation of the enabled areas, sent as the synthesizer builds it
/// (tests/support/synth.rs), gets its documented success status and a body
/// that validates against the response schema.
#[tokio::test]
async fn every_operation_answers_its_documented_success() {
    let spec = synth::full_spec();
    let ops = synth::enabled_operations(&spec);
    let served: Value = serde_json::from_str(MockServer::spec_json()).expect("served spec");
    let served_ops: Vec<&str> = served["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("path item").values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .collect();
    let mut enabled: Vec<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let mut served_sorted = served_ops.clone();
    enabled.sort_unstable();
    served_sorted.sort_unstable();
    assert_eq!(
        served_sorted, enabled,
        "the mock serves the enabled areas' operations"
    );
    for id in ORIGINAL {
        assert!(enabled.contains(&id), "{id} is a default-area operation");
    }

    let server = MockServer::start().await.expect("mock starts");
    let mut passed = 0;
    let mut failures = Vec::new();
    for op in &ops {
        match check_operation(&server, &spec, op).await {
            Ok(()) => passed += 1,
            Err(e) => failures.push(format!("{} ({} {}): {e}", op.id, op.method, op.template)),
        }
    }
    println!("mock: {passed}/{} operations", ops.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed, served_ops.len());
    assert_eq!(server.requests().len(), ops.len());
    assert!(server.requests().iter().all(|r| r.operation_id.is_some()));
    // Every send was stored, `text` included.
    let messages = server.messages();
    assert!(
        messages
            .iter()
            .any(|m| m["type"] == "text" && m["text"]["body"].is_string()),
        "sendMessageText stored a text message: {messages:?}"
    );
    if cfg!(feature = "messages") {
        assert!(
            messages.iter().any(|m| m["type"] == "story"),
            "{messages:?}"
        );
    }
}

#[tokio::test]
async fn sent_content_is_plausible() {
    let server = MockServer::start().await.expect("mock starts");
    let body = answer(
        req(&server, Method::POST, "/messages/document").json(&json!({
            "to": CHAT, "media": DOC_URL, "caption": "Invoice", "filename": "invoice.pdf",
            "quoted": MESSAGE,
        })),
    )
    .await
    .1;
    let m = &body["message"];
    assert_eq!(m["id"], "MOCK0000000001-whapi");
    assert_eq!(m["timestamp"], 1_700_000_001);
    assert_eq!(m["chat_id"], CHAT, "a chat id stays as is");
    assert_eq!(m["type"], "document");
    assert_eq!(m["context"]["quoted_id"], MESSAGE);
    let doc = &m["document"];
    assert_eq!(doc["mime_type"], "application/pdf");
    assert_eq!(doc["caption"], "Invoice");
    assert_eq!(doc["filename"], "invoice.pdf");
    assert_eq!(doc["link"], DOC_URL);
    assert!(doc["id"].as_str().is_some_and(|id| !id.is_empty()));
    // Placeholders of the spec example are gone.
    assert!(m.get("order").is_none() && m.get("action").is_none(), "{m}");

    let data = format!(
        "data:application/pdf;base64,{}",
        STANDARD.encode(b"%PDF-1.4 tiny")
    );
    let body = answer(
        req(&server, Method::POST, "/messages/document").json(&json!({"to": PHONE, "media": data})),
    )
    .await
    .1;
    assert_eq!(body["message"]["id"], "MOCK0000000002-whapi");
    assert_eq!(body["message"]["document"]["file_size"], 13);

    let body = answer(
        req(&server, Method::POST, "/messages/location").json(&json!({
            "to": PHONE, "latitude": 51.5, "longitude": -0.12, "name": "Home"
        })),
    )
    .await
    .1;
    assert_eq!(
        body["message"]["location"],
        json!({"latitude": 51.5, "longitude": -0.12, "name": "Home"})
    );

    let body = answer(
        req(
            &server,
            Method::POST,
            "/messages/media/voice?to=15551234567&seconds=3",
        )
        .header("content-type", "audio/ogg; codecs=opus")
        .body(&b"OggS fake"[..]),
    )
    .await
    .1;
    let voice = &body["message"]["voice"];
    assert_eq!(body["message"]["type"], "voice");
    assert_eq!(voice["mime_type"], "audio/ogg; codecs=opus");
    assert_eq!(voice["file_size"], 9);
    assert_eq!(voice["seconds"], 3, "query values are typed per the spec");
}

#[tokio::test]
async fn unknown_route_is_404_naming_method_and_path() {
    let server = MockServer::start().await.expect("mock starts");
    let (status, body) = answer(req(&server, Method::GET, "/no/such/route")).await;
    assert_error(status, &body, 404);
    let message = error_message(&body);
    assert!(
        message.contains("GET") && message.contains("/no/such/route"),
        "{message}"
    );
    let recorded = server.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].operation_id, None);
}

#[tokio::test]
async fn known_path_with_another_method_is_405() {
    let server = MockServer::start().await.expect("mock starts");
    let response = req(&server, Method::GET, "/messages/document")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.expect("json");
    assert_error(405, &body, 405);
}

#[tokio::test]
async fn a_token_is_required() {
    let server = MockServer::start().await.expect("mock starts");
    let url = format!("{}/users/login", server.url());
    let (status, body) = answer(http().get(&url)).await;
    assert_error(status, &body, 401);
    let (status, body) = answer(
        http()
            .get(&url)
            .header("authorization", "Basic dXNlcjpwdw=="),
    )
    .await;
    assert_error(status, &body, 401);
    let (status, _) = answer(http().get(&url).header("authorization", "Bearer ")).await;
    assert_eq!(status, 401, "an empty token is no token");
    let (status, _) = answer(http().get(format!("{url}?token=abc"))).await;
    assert_eq!(status, 200, "the token query parameter works too");
    let (status, _) = answer(http().get(&url).header("authorization", "bearer abc")).await;
    assert_eq!(status, 200, "the scheme is case-insensitive");
}

#[tokio::test]
async fn body_validation_names_the_field() {
    let server = MockServer::start().await.expect("mock starts");
    let post = |path: &str| req(&server, Method::POST, path);

    let (status, body) = answer(post("/messages/document").json(&json!({"media": DOC_URL}))).await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("`to`"), "{body}");

    let (status, body) =
        answer(post("/messages/document").json(&json!({"to": 15551234567u64, "media": DOC_URL})))
            .await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("`to`"), "{body}");
    assert!(error_message(&body).contains("string"), "{body}");

    let (status, body) =
        answer(post("/messages/document").json(&json!({"to": "nope", "media": DOC_URL}))).await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("`to`") && error_message(&body).contains("pattern"));

    let (status, body) = answer(post("/messages/location").json(&json!({
        "to": PHONE, "latitude": "51.5", "longitude": -0.12
    })))
    .await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("`latitude`"), "{body}");

    let (status, body) = answer(post("/messages/document").json(&json!({
        "to": PHONE, "media": DOC_URL, "view_once": "yes"
    })))
    .await;
    assert!(
        status == 400 && error_message(&body).contains("`view_once`"),
        "{body}"
    );

    let (status, body) = answer(post("/messages/document").json(&json!({
        "to": PHONE, "media": DOC_URL, "ephemeral": 0
    })))
    .await;
    assert!(
        status == 400 && error_message(&body).contains("`ephemeral`"),
        "{body}"
    );

    let (status, body) = answer(post("/messages/interactive").json(&json!({
        "to": PHONE, "body": {"text": 5}
    })))
    .await;
    assert!(
        status == 400 && error_message(&body).contains("`body.text`"),
        "{body}"
    );

    let (status, body) = answer(
        post("/messages/document")
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_error(status, &body, 400);

    let (status, body) = answer(post("/messages/document").json(&json!([1, 2]))).await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("object"), "{body}");

    let (status, body) = answer(post("/messages/document")).await;
    assert_error(status, &body, 400);

    // Non-ASCII input comes back escaped.
    let (status, body) =
        answer(post("/messages/document").json(&json!({"to": "\u{1F600}", "media": DOC_URL})))
            .await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).is_ascii(), "{body}");

    assert!(server.messages().is_empty(), "invalid sends are not stored");
}

#[tokio::test]
async fn path_parameters_are_checked() {
    let server = MockServer::start().await.expect("mock starts");
    let (status, body) = answer(req(&server, Method::PUT, "/messages/bad-id!")).await;
    assert_error(status, &body, 400);
    let message = error_message(&body);
    assert!(
        message.contains("MessageID") && message.contains("bad-id!"),
        "{message}"
    );

    let (status, body) = answer(req(&server, Method::GET, "/messages/list/not-a-chat")).await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("ChatID"), "{body}");

    let (status, body) = answer(
        req(&server, Method::POST, "/messages/media/pdf?to=15551234567")
            .header("content-type", "application/pdf")
            .body(&b"%PDF"[..]),
    )
    .await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("MediaMessageType"), "{body}");

    // Percent-encoded path parameters are decoded before the check.
    let encoded = CHAT.replace('@', "%40");
    let (status, _) = answer(req(
        &server,
        Method::GET,
        &format!("/messages/list/{encoded}"),
    ))
    .await;
    assert_eq!(status, 200);

    let (status, body) = answer(req(&server, Method::GET, "/messages/list?count=0")).await;
    assert!(
        status == 400 && error_message(&body).contains("`count`"),
        "{body}"
    );
    let (status, body) = answer(req(&server, Method::GET, "/messages/list?sort=sideways")).await;
    assert!(
        status == 400 && error_message(&body).contains("`sort`"),
        "{body}"
    );
}

#[tokio::test]
async fn uploads_are_checked() {
    let server = MockServer::start().await.expect("mock starts");
    let upload = |query: &str, content_type: &str, body: &'static [u8]| {
        req(
            &server,
            Method::POST,
            &format!("/messages/media/image{query}"),
        )
        .header("content-type", content_type)
        .body(body)
    };
    let (status, body) = answer(upload("", "image/png", PNG_1X1)).await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("`to`"), "{body}");

    let (status, body) = answer(upload("?to=15551234567", "application/zip", PNG_1X1)).await;
    assert_error(status, &body, 415);

    let (status, body) = answer(upload("?to=15551234567", "image/png", b"")).await;
    assert_error(status, &body, 400);

    let (status, _) = answer(upload(
        "?to=15551234567",
        "application/octet-stream",
        PNG_1X1,
    ))
    .await;
    assert_eq!(status, 201);
    let (status, _) = answer(upload(
        "?to=15551234567",
        "text/plain; charset=utf-8",
        b"hi",
    ))
    .await;
    assert_eq!(status, 201, "parameters of the media type are ignored");
    let (status, body) = answer(upload("?to=15551234567", "image/png", PNG_1X1)).await;
    assert_eq!(status, 201);
    assert_eq!(body["message"]["image"]["file_size"], PNG_1X1.len());
    assert_eq!(body["message"]["image"]["mime_type"], "image/png");
}

#[tokio::test]
async fn list_returns_sent_messages_newest_first() {
    let server = MockServer::start().await.expect("mock starts");
    let first = send_document(&server, PHONE).await;
    let second = send_document(&server, CHAT).await;
    let third = send_document(&server, PHONE).await;
    let id = |v: &Value| v["message"]["id"].clone();

    let (status, list) = answer(req(&server, Method::GET, "/messages/list")).await;
    assert_eq!(status, 200);
    let ids: Vec<Value> = list["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["id"].clone())
        .collect();
    assert_eq!(ids, [id(&third), id(&second), id(&first)]);
    assert_eq!(
        (list["count"].clone(), list["total"].clone()),
        (json!(3), json!(3))
    );
    assert_eq!(list["messages"][0], third["message"], "listed as sent");

    let (_, page) = answer(req(&server, Method::GET, "/messages/list?count=1&offset=1")).await;
    assert_eq!(page["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["messages"][0]["id"], id(&second));
    assert_eq!(
        (
            page["count"].clone(),
            page["total"].clone(),
            page["offset"].clone()
        ),
        (json!(1), json!(3), json!(1))
    );

    let (_, asc) = answer(req(&server, Method::GET, "/messages/list?sort=asc&count=1")).await;
    assert_eq!(asc["messages"][0]["id"], id(&first));

    let chat = format!("/messages/list/{PHONE}@s.whatsapp.net");
    let (_, in_chat) = answer(req(&server, Method::GET, &chat)).await;
    assert_eq!(in_chat["total"], 2);
    assert_eq!(in_chat["messages"][0]["id"], id(&third));
    assert_eq!(in_chat["messages"][1]["id"], id(&first));

    // Deleting removes it from the list; unknown ids still succeed.
    let path = format!("/messages/{}", id(&third).as_str().expect("id"));
    let (status, _) = answer(req(&server, Method::DELETE, &path)).await;
    assert_eq!(status, 200);
    let (status, _) = answer(req(
        &server,
        Method::DELETE,
        &format!("/messages/{MESSAGE}"),
    ))
    .await;
    assert_eq!(status, 200);
    let (_, list) = answer(req(&server, Method::GET, "/messages/list")).await;
    assert_eq!(list["total"], 2);
    assert_eq!(server.messages().len(), 2);
}

#[tokio::test]
async fn overrides_persistent_once_headers_and_fallback() {
    let server = MockServer::start().await.expect("mock starts");
    let limited = json!({"error": {"code": 429, "message": "slow down"}});
    server
        .on("sendMessageDocument")
        .respond(MockResponse::json(429, limited.clone()).header("retry-after", "1"));
    for _ in 0..2 {
        let response = req(&server, Method::POST, "/messages/document")
            .json(&json!({"to": PHONE, "media": DOC_URL}))
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "1");
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.json::<Value>().await.expect("json"), limited);
    }
    assert!(
        server.messages().is_empty(),
        "overridden sends are not stored"
    );

    // Validation still runs first.
    let (status, _) =
        answer(req(&server, Method::POST, "/messages/document").json(&json!({"media": DOC_URL})))
            .await;
    assert_eq!(status, 400);

    // Once-overrides queue up, then the default comes back.
    server
        .on("getMessages")
        .respond_once(MockResponse::status(500));
    server
        .on("getMessages")
        .respond_once(MockResponse::raw(202, "plain").header("content-type", "text/plain"));
    let (status, body) = answer(req(&server, Method::GET, "/messages/list")).await;
    assert_error(status, &body, 500);
    let response = req(&server, Method::GET, "/messages/list")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 202);
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert_eq!(response.text().await.expect("text"), "plain");
    let (status, body) = answer(req(&server, Method::GET, "/messages/list")).await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 0);

    // skip_validation answers even unauthenticated requests.
    server
        .on("loginUser")
        .skip_validation()
        .respond_once(MockResponse::status(409));
    let (status, _) = answer(http().get(format!("{}/users/login", server.url()))).await;
    assert_eq!(status, 409);
    let (status, _) = answer(http().get(format!("{}/users/login", server.url()))).await;
    assert_eq!(status, 401);

    // clear and reset bring the defaults back.
    server.on("sendMessageDocument").clear();
    send_document(&server, PHONE).await;
    server
        .on("sendMessageDocument")
        .respond(MockResponse::status(500));
    server.reset();
    assert!(server.requests().is_empty() && server.messages().is_empty());
    let sent = send_document(&server, PHONE).await;
    assert_eq!(
        sent["message"]["id"], "MOCK0000000001-whapi",
        "ids start over"
    );
}

#[tokio::test]
async fn overrides_delay_and_drop_connection() {
    let server = MockServer::start().await.expect("mock starts");
    server.on("markMessageAsRead").respond_once(
        MockResponse::json(200, json!({"success": true})).delay(Duration::from_millis(300)),
    );
    let started = Instant::now();
    let (status, _) = answer(req(&server, Method::PUT, &format!("/messages/{MESSAGE}"))).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );

    // A client timeout shorter than the delay fires.
    server
        .on("markMessageAsRead")
        .respond_once(MockResponse::status(200).delay(Duration::from_secs(5)));
    let result = req(&server, Method::PUT, &format!("/messages/{MESSAGE}"))
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(result.is_err_and(|e| e.is_timeout()));

    server
        .on("deleteMessage")
        .respond_once(MockResponse::drop_connection());
    let result = req(&server, Method::DELETE, &format!("/messages/{MESSAGE}"))
        .send()
        .await;
    let error = result.expect_err("a transport error, not a response");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");
    // The next request gets the default again (on a new connection).
    let (status, body) = answer(req(
        &server,
        Method::DELETE,
        &format!("/messages/{MESSAGE}"),
    ))
    .await;
    assert_eq!((status, body), (200, json!({"success": true})));
    assert_eq!(
        server.requests_for("deleteMessage").len(),
        2,
        "dropped ones are recorded"
    );
}

#[tokio::test]
async fn requests_are_recorded_in_order() {
    let server = MockServer::start().await.expect("mock starts");
    send_document(&server, PHONE).await;
    answer(req(&server, Method::GET, "/messages/list?count=5&offset=0")).await;
    answer(req(&server, Method::GET, "/nowhere")).await;
    answer(
        req(
            &server,
            Method::POST,
            "/messages/media/image?to=15551234567&caption=a+b%21",
        )
        .header("content-type", "image/png")
        .body(PNG_1X1),
    )
    .await;

    let all = server.requests();
    let seen: Vec<(Option<&str>, &str, &str)> = all
        .iter()
        .map(|r| {
            (
                r.operation_id.as_deref(),
                r.method.as_str(),
                r.path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (Some("sendMessageDocument"), "POST", "/messages/document"),
            (Some("getMessages"), "GET", "/messages/list"),
            (None, "GET", "/nowhere"),
            (Some("sendMediaMessage"), "POST", "/messages/media/image"),
        ]
    );
    assert_eq!(all[0].json(), Some(json!({"to": PHONE, "media": DOC_URL})));
    assert_eq!(all[0].header("Authorization"), Some("Bearer test-token"));
    assert!(all[0].headers.iter().all(|(k, _)| *k == k.to_lowercase()));
    assert_eq!(
        all[1].query,
        [
            ("count".to_string(), "5".to_string()),
            ("offset".to_string(), "0".to_string())
        ]
    );
    assert_eq!(all[3].query_param("caption"), Some("a b!"));
    assert_eq!(
        all[3].path_params,
        [("MediaMessageType".to_string(), "image".to_string())]
    );
    assert_eq!(&all[3].body[..], PNG_1X1);
    assert_eq!(all[3].json(), None);

    assert_eq!(server.requests_for("getMessages").len(), 1);
    server.clear_requests();
    assert!(server.requests().is_empty());
    assert_eq!(
        server.messages().len(),
        2,
        "clearing requests keeps messages"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_on_a_multi_thread_runtime() {
    let server = MockServer::start().await.expect("mock starts");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let server = server.clone();
            tokio::spawn(async move { send_document(&server, PHONE).await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        let sent = task.await.expect("task");
        ids.push(sent["message"]["id"].as_str().expect("id").to_string());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "ids are unique");
    assert_eq!(server.requests().len(), 20);
}

#[tokio::test]
async fn dropping_the_last_handle_stops_the_server() {
    let server = MockServer::start().await.expect("mock starts");
    let addr = server.addr();
    let clone = server.clone();
    drop(server);
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_ok(),
        "a clone keeps it up"
    );
    drop(clone);
    let mut stopped = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(stopped, "still accepting connections on {addr}");
}

#[tokio::test]
#[should_panic(expected = "no operation \"sendMessageTxt\"")]
async fn unknown_operation_ids_panic() {
    let server = MockServer::start().await.expect("mock starts");
    let _ = server.on("sendMessageTxt");
}

/// Constructs of the whole API beyond JSON in, JSON out: a form/explode=false
/// array, HEAD, a PNG answer, a multipart send.
#[tokio::test]
async fn comma_lists_head_png_and_multipart() {
    let server = MockServer::start().await.expect("mock starts");

    // `ContactIDList` (style form, explode false): one key, comma-separated,
    // every item checked.
    let (status, body) = answer(req(
        &server,
        Method::GET,
        "/contacts/lids?ContactIDList=15551234567,15557654321",
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = answer(req(
        &server,
        Method::GET,
        "/contacts/lids?ContactIDList=15551234567,abc",
    ))
    .await;
    assert_error(status, &body, 400);
    assert!(error_message(&body).contains("ContactIDList"), "{body}");
    assert!(error_message(&body).contains("abc"), "{body}");
    let (status, body) = answer(req(&server, Method::GET, "/contacts/lids")).await;
    assert_error(status, &body, 400);

    // HEAD: the status, no body.
    let response = req(&server, Method::HEAD, &format!("/contacts/{PHONE}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.expect("body").is_empty());

    // A PNG answer.
    let response = req(&server, Method::GET, "/users/login/image")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await.expect("body").as_ref(), PNG_1X1);

    // A multipart send is a send like the JSON one: stored, with its fields.
    let form = "--b0undary\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n15551234567\r\n\
                --b0undary\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhello form\r\n\
                --b0undary--\r\n";
    let (status, body) = answer(
        req(&server, Method::POST, "/messages/text")
            .header("content-type", "multipart/form-data; boundary=b0undary")
            .body(form),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["message"]["type"], "text", "{body}");
    assert_eq!(body["message"]["text"]["body"], "hello form", "{body}");
    assert_eq!(
        body["message"]["chat_id"],
        format!("{PHONE}@s.whatsapp.net")
    );
    assert_eq!(server.messages().len(), 1);

    // Neither JSON nor a listed type: 415 naming what is accepted.
    let (status, body) = answer(
        req(&server, Method::POST, "/messages/text")
            .header("content-type", "text/plain")
            .body("hello"),
    )
    .await;
    assert_error(status, &body, 415);
}

#[tokio::test]
async fn an_upload_answers_a_fresh_media_id_that_downloads() {
    let server = MockServer::start().await.expect("mock starts");
    let media_id = regex_lite_media_id();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, body) = answer(
            req(&server, Method::POST, "/media")
                .header("content-type", "image/png")
                .body(PNG_1X1.to_vec()),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let id = body["media"][0]["id"].as_str().expect("an id").to_owned();
        assert!(id.starts_with("png-"), "typed by the upload: {id}");
        assert!(media_id(&id), "{id} has the spec's MediaID shape");
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "each upload gets its own id");
    let (status, _) = answer(req(&server, Method::GET, &format!("/media/{}", ids[0]))).await;
    assert_eq!(
        status, 200,
        "the id is accepted where a MediaID is expected"
    );
}

/// The spec's MediaID pattern, `^[a-zA-Z0-9]+-[0-9a-fA-F-]+$`, by hand.
fn regex_lite_media_id() -> impl Fn(&str) -> bool {
    |id: &str| match id.split_once('-') {
        Some((ext, rest)) => {
            !ext.is_empty()
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                && !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        }
        None => false,
    }
}
