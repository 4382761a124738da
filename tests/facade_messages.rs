//! The messages facade against a loopback server: for every operation, the
//! exact request (method, path, query, JSON body, headers) and the mapping of
//! the documented success body onto the typed value; then pagination.

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use serde_json::{Value, json};
use support::{Reply, Seen, TOKEN, TestServer, client, serve_reply as serve};
use whapi::messages::MediaKind;
use whapi::types::{MessageStatusKnown, MessageTypeKnown, SortOrder};
use whapi::{Media, OpenEnum};

const PHONE: &str = "15551234567";
const CHAT: &str = "15551234567@s.whatsapp.net";
const GROUP: &str = "120363025555555555@g.us";
const MSG: &str = "ABCDEF012345-gBcdefghIjk";
const OTHER_MSG: &str = "FEDCBA543210-kJihgfedcBg";
/// The first bytes of a PNG file: enough for content sniffing.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// The documented success body of a send.
fn sent(kind: &str) -> Value {
    json!({"sent": true, "message": {
        "id": MSG, "type": kind, "chat_id": CHAT, "from_me": true,
        "timestamp": 1_700_000_000, "status": "sent"
    }})
}

fn message(id: &str) -> Value {
    json!({"id": id, "type": "text", "chat_id": CHAT, "from_me": false, "timestamp": 1_700_000_000, "text": {"body": "hi"}})
}

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", STANDARD.encode(bytes))
}

/// A server answering a send with its documented 201.
async fn serve_sent(kind: &str) -> (TestServer, whapi::Client) {
    serve(Reply::json(201, &sent(kind))).await
}

/// The one request the server saw.
fn only_request(server: &TestServer) -> Seen {
    let mut seen = server.take_seen();
    assert_eq!(seen.len(), 1, "expected exactly one request: {seen:#?}");
    seen.remove(0)
}

/// Auth and user agent, on every request.
fn assert_client_headers(seen: &Seen) {
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(seen.header("authorization"), Some(auth.as_str()));
    let agent = seen.header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("whapi-rs/"), "user-agent: {agent:?}");
    assert_eq!(agent, whapi::USER_AGENT);
}

/// A JSON send: POST `path`, no query, `application/json`, exactly `body`.
fn assert_json_send(seen: &Seen, path: &str, body: Value) {
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, path);
    assert_eq!(seen.query, None, "a JSON send has no query");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_client_headers(seen);
    assert_eq!(seen.json(), body);
}

/// A request without a body (mark read, delete, list, login QR).
fn assert_no_body(seen: &Seen, method: &str, path: &str) {
    assert_eq!(seen.method, method);
    assert_eq!(seen.path, path);
    assert!(seen.body.is_empty(), "unexpected body: {:?}", seen.body);
    assert_eq!(seen.header("content-type"), None);
    assert_client_headers(seen);
}

/// The typed send result carries the documented fields.
fn assert_sent(result: Result<whapi::types::SentMessage, whapi::Error>, kind: MessageTypeKnown) {
    let sent = result.expect("the send succeeds");
    assert!(sent.sent);
    let m = sent.message.expect("the message is returned");
    assert_eq!(m.id, MSG);
    assert_eq!(m.type_, OpenEnum::Known(kind));
    assert_eq!(m.chat_id, CHAT);
    assert!(m.from_me);
    assert_eq!(m.timestamp, 1_700_000_000.0);
    assert_eq!(m.status, Some(OpenEnum::Known(MessageStatusKnown::Sent)));
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sorted(mut list: Vec<(String, String)>) -> Vec<(String, String)> {
    list.sort();
    list
}

/// A small PDF in a temporary directory, removed on drop.
struct TempPdf {
    dir: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl TempPdf {
    fn new(test: &str) -> TempPdf {
        let dir = std::env::temp_dir().join(format!("whapi-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("invoice.pdf");
        std::fs::write(&path, PDF).expect("write temp file");
        TempPdf { dir, path }
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ----- JSON media sends -----

#[tokio::test]
async fn gif_sends_caption_autoplay_and_quoted() {
    let (server, client) = serve_sent("gif").await;
    let result = client
        .messages()
        .gif(PHONE, Media::url("https://example.com/cat.mp4"))
        .caption("Look at this")
        .autoplay(true)
        .quoted(MSG)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Gif);
    assert_json_send(
        &only_request(&server),
        "/messages/gif",
        json!({"to": PHONE, "media": "https://example.com/cat.mp4", "caption": "Look at this", "autoplay": true, "quoted": MSG}),
    );
}

#[tokio::test]
async fn gif_sends_only_what_was_set() {
    let (server, client) = serve_sent("gif").await;
    let result = client
        .messages()
        .gif(PHONE, Media::url("https://example.com/cat.mp4"))
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Gif);
    // No defaults are serialized: autoplay, view_once and friends are absent.
    assert_json_send(
        &only_request(&server),
        "/messages/gif",
        json!({"to": PHONE, "media": "https://example.com/cat.mp4"}),
    );
}

#[tokio::test]
async fn gif_sends_every_setter() {
    let (server, client) = serve_sent("gif").await;
    let result = client
        .messages()
        .gif(GROUP, Media::url("https://example.com/cat.mp4"))
        .caption("c")
        .preview("/9j/AAA=")
        .width(320)
        .height(240)
        .autoplay(false)
        .mime_type("video/mp4")
        .edit(OTHER_MSG)
        .ephemeral(604_800)
        .view_once(false)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Gif);
    // An explicit `false` is sent as such.
    assert_json_send(
        &only_request(&server),
        "/messages/gif",
        json!({
            "to": GROUP, "media": "https://example.com/cat.mp4", "caption": "c",
            "preview": "/9j/AAA=", "width": 320, "height": 240, "autoplay": false,
            "mime_type": "video/mp4", "edit": OTHER_MSG, "ephemeral": 604_800, "view_once": false
        }),
    );
}

#[tokio::test]
async fn voice_sends_seconds_and_recording_time_with_a_data_url_passed_through() {
    let (server, client) = serve_sent("voice").await;
    let ogg = "data:audio/ogg;base64,T2dnUwACAAAAAAAA";
    let result = client
        .messages()
        .voice("+1 (555) 123.4567", Media::base64(ogg))
        .seconds(12)
        .recording_time(2.5)
        .ephemeral(60)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Voice);
    // The phone number is normalized; the data URL's MIME type is reported.
    assert_json_send(
        &only_request(&server),
        "/messages/voice",
        json!({"to": PHONE, "media": ogg, "mime_type": "audio/ogg", "seconds": 12, "recording_time": 2.5, "ephemeral": 60}),
    );
}

#[tokio::test]
async fn voice_with_a_media_id_passes_it_through() {
    let (server, client) = serve_sent("voice").await;
    let result = client
        .messages()
        .voice(PHONE, Media::id("oga-4f2a0e1b-3c5d"))
        .view_once(true)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Voice);
    assert_json_send(
        &only_request(&server),
        "/messages/voice",
        json!({"to": PHONE, "media": "oga-4f2a0e1b-3c5d", "view_once": true}),
    );
}

#[tokio::test]
async fn document_from_a_path_is_a_pdf_data_url_named_after_the_file() {
    let pdf = TempPdf::new("document-path");
    let (server, client) = serve_sent("document").await;
    let result = client
        .messages()
        .document(PHONE, Media::path(&pdf.path))
        .caption("Your invoice")
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_json_send(
        &only_request(&server),
        "/messages/document",
        json!({
            "to": PHONE, "media": data_url("application/pdf", PDF), "mime_type": "application/pdf",
            "caption": "Your invoice", "filename": "invoice.pdf"
        }),
    );
}

#[tokio::test]
async fn document_filename_setter_wins_over_the_file_name() {
    let pdf = TempPdf::new("document-filename");
    let (server, client) = serve_sent("document").await;
    let result = client
        .messages()
        .document(PHONE, Media::path(&pdf.path))
        .filename("Q3 report.pdf")
        .mime_type("application/x-pdf")
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_json_send(
        &only_request(&server),
        "/messages/document",
        json!({
            "to": PHONE, "media": data_url("application/pdf", PDF), "mime_type": "application/x-pdf",
            "filename": "Q3 report.pdf"
        }),
    );
}

#[tokio::test]
async fn document_from_png_bytes_is_a_png_data_url_without_a_filename() {
    let (server, client) = serve_sent("document").await;
    let result = client
        .messages()
        .document(PHONE, Media::bytes(PNG.to_vec()))
        .quoted(MSG)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_json_send(
        &only_request(&server),
        "/messages/document",
        json!({"to": PHONE, "media": data_url("image/png", PNG), "mime_type": "image/png", "quoted": MSG}),
    );
}

#[tokio::test]
async fn document_from_bytes_with_a_file_name_uses_it() {
    let (server, client) = serve_sent("document").await;
    let media = Media::bytes(b"plain words".to_vec())
        .mime("text/plain")
        .file_name("notes.txt");
    let result = client.messages().document(PHONE, media).send().await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_json_send(
        &only_request(&server),
        "/messages/document",
        json!({"to": PHONE, "media": data_url("text/plain", b"plain words"), "mime_type": "text/plain", "filename": "notes.txt"}),
    );
}

#[tokio::test]
async fn sticker_sends_animated_and_size() {
    let (server, client) = serve_sent("sticker").await;
    let result = client
        .messages()
        .sticker(CHAT, Media::url("https://example.com/s.webp"))
        .animated(true)
        .width(512)
        .height(512)
        .mime_type("image/webp")
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Sticker);
    // A full chat ID is kept as given.
    assert_json_send(
        &only_request(&server),
        "/messages/sticker",
        json!({"to": CHAT, "media": "https://example.com/s.webp", "animated": true, "width": 512, "height": 512, "mime_type": "image/webp"}),
    );
}

// ----- Location, contact, interactive -----

#[tokio::test]
async fn location_sends_coordinates_and_every_place_field() {
    let (server, client) = serve_sent("location").await;
    let result = client
        .messages()
        .location(PHONE, 52.5163, 13.3777)
        .address("Pariser Platz, Berlin")
        .name("Brandenburg Gate")
        .url("https://example.com/gate")
        .preview("/9j/AAA=")
        .accuracy(5)
        .speed(0)
        .degrees(90)
        .comment("meet here")
        .quoted(MSG)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Location);
    assert_json_send(
        &only_request(&server),
        "/messages/location",
        json!({
            "to": PHONE, "latitude": 52.5163, "longitude": 13.3777,
            "address": "Pariser Platz, Berlin", "name": "Brandenburg Gate",
            "url": "https://example.com/gate", "preview": "/9j/AAA=", "accuracy": 5,
            "speed": 0, "degrees": 90, "comment": "meet here", "quoted": MSG
        }),
    );
}

#[tokio::test]
async fn location_accepts_the_extremes() {
    let (server, client) = serve_sent("location").await;
    let result = client.messages().location(PHONE, -90.0, 180.0).send().await;
    assert_sent(result, MessageTypeKnown::Location);
    assert_json_send(
        &only_request(&server),
        "/messages/location",
        json!({"to": PHONE, "latitude": -90.0, "longitude": 180.0}),
    );
}

#[tokio::test]
async fn live_location_sends_speed_heading_and_comment() {
    let (server, client) = serve_sent("live_location").await;
    let result = client
        .messages()
        .live_location(PHONE, -33.8568, 151.2153)
        .accuracy(10)
        .speed(3)
        .degrees(270)
        .comment("on my way")
        .ephemeral(86_400)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::LiveLocation);
    assert_json_send(
        &only_request(&server),
        "/messages/live_location",
        json!({
            "to": PHONE, "latitude": -33.8568, "longitude": 151.2153, "accuracy": 10,
            "speed": 3, "degrees": 270, "comment": "on my way", "ephemeral": 86_400
        }),
    );
}

#[tokio::test]
async fn contact_sends_name_and_vcard() {
    let (server, client) = serve_sent("contact").await;
    let vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nTEL:+15557654321\nEND:VCARD";
    let result = client
        .messages()
        .contact(PHONE, "Jane Doe", vcard)
        .quoted(MSG)
        .view_once(false)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Contact);
    assert_json_send(
        &only_request(&server),
        "/messages/contact",
        json!({"to": PHONE, "name": "Jane Doe", "vcard": vcard, "quoted": MSG, "view_once": false}),
    );
}

#[tokio::test]
async fn contact_accepts_a_lowercase_indented_vcard() {
    let (server, client) = serve_sent("contact").await;
    let vcard = "  begin:vcard\nFN:J\nend:vcard";
    let result = client.messages().contact(PHONE, "J", vcard).send().await;
    assert_sent(result, MessageTypeKnown::Contact);
    assert_json_send(
        &only_request(&server),
        "/messages/contact",
        json!({"to": PHONE, "name": "J", "vcard": vcard}),
    );
}

#[tokio::test]
async fn interactive_sends_body_footer_and_product() {
    let (server, client) = serve_sent("interactive").await;
    let result = client
        .messages()
        .interactive(PHONE)
        .body("Our best seller")
        .footer("Free shipping")
        .product("catalog-1", "product-42")
        .edit(OTHER_MSG)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Interactive);
    assert_json_send(
        &only_request(&server),
        "/messages/interactive",
        json!({
            "to": PHONE, "body": {"text": "Our best seller"}, "footer": {"text": "Free shipping"},
            "action": {"catalog_id": "catalog-1", "product_id": "product-42"}, "edit": OTHER_MSG
        }),
    );
}

#[tokio::test]
async fn interactive_with_only_a_product_sends_no_body() {
    let (server, client) = serve_sent("interactive").await;
    let result = client
        .messages()
        .interactive(PHONE)
        .product("catalog-1", "product-42")
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Interactive);
    assert_json_send(
        &only_request(&server),
        "/messages/interactive",
        json!({"to": PHONE, "action": {"catalog_id": "catalog-1", "product_id": "product-42"}}),
    );
}

// ----- Raw upload -----

/// A raw upload: POST `path`, the bytes as they are, these query pairs.
fn assert_upload(seen: &Seen, path: &str, bytes: &[u8], query: &[(&str, &str)]) {
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, path);
    assert_eq!(&seen.body[..], bytes, "the body is the file itself");
    assert_eq!(sorted(seen.query_list()), sorted(pairs(query)));
    assert_client_headers(seen);
}

#[tokio::test]
async fn raw_upload_of_png_bytes_is_an_image_with_caption_and_mentions() {
    let (server, client) = serve_sent("image").await;
    let result = client
        .messages()
        .media(PHONE, Media::bytes(PNG.to_vec()))
        .caption("A pixel")
        .mention("15557654321")
        .mention("15550001111")
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Image);
    assert_upload(
        &only_request(&server),
        "/messages/media/image",
        PNG,
        &[
            ("to", PHONE),
            ("caption", "A pixel"),
            ("mentions", "15557654321"),
            ("mentions", "15550001111"),
        ],
    );
}

#[tokio::test]
async fn raw_upload_of_a_pdf_path_is_a_document_named_after_the_file() {
    let pdf = TempPdf::new("upload-path");
    let (server, client) = serve_sent("document").await;
    let result = client
        .messages()
        .media(PHONE, Media::path(&pdf.path))
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_upload(
        &only_request(&server),
        "/messages/media/document",
        PDF,
        &[("to", PHONE), ("filename", "invoice.pdf")],
    );
}

#[tokio::test]
async fn raw_upload_sends_kind_filename_and_the_common_options() {
    let (server, client) = serve_sent("video").await;
    let result = client
        .messages()
        .media(CHAT, Media::bytes(b"not really a video".to_vec()))
        .kind(MediaKind::Video)
        .filename("clip.mp4")
        .quoted(MSG)
        .edit(OTHER_MSG)
        .ephemeral(3600)
        .view_once(true)
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Video);
    assert_upload(
        &only_request(&server),
        "/messages/media/video",
        b"not really a video",
        &[
            ("to", CHAT),
            ("filename", "clip.mp4"),
            ("quoted", MSG),
            ("edit", OTHER_MSG),
            ("ephemeral", "3600"),
            ("view_once", "true"),
        ],
    );
}

#[tokio::test]
async fn raw_upload_of_base64_decodes_it() {
    let (server, client) = serve_sent("image").await;
    let result = client
        .messages()
        .media(PHONE, Media::base64(data_url("image/png", PNG)))
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Image);
    assert_upload(
        &only_request(&server),
        "/messages/media/image",
        PNG,
        &[("to", PHONE)],
    );
}

#[tokio::test]
async fn raw_upload_sends_the_real_content_type() {
    let pdf = TempPdf::new("upload-content-type");
    let server = TestServer::start().await;
    server.reply_times(Reply::json(201, &sent("document")), 3);
    let client = client(&server.url);
    let m = client.messages();
    m.media(PHONE, Media::bytes(PNG.to_vec()))
        .send()
        .await
        .expect("sniffed PNG");
    m.media(PHONE, Media::bytes(b"hello".to_vec()).mime("text/plain"))
        .send()
        .await
        .expect("explicit MIME type");
    m.media(PHONE, Media::path(&pdf.path))
        .send()
        .await
        .expect("PDF file");
    let types: Vec<_> = server
        .take_seen()
        .iter()
        .map(|s| s.header("content-type").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(types, ["image/png", "text/plain", "application/pdf"]);
}

// ----- Read, delete, react -----

#[tokio::test]
async fn mark_read_puts_the_message_id() {
    let (server, client) = serve(Reply::json(200, &json!({"success": true}))).await;
    let done = client.messages().mark_read(MSG).send().await.expect("ok");
    assert_eq!(done.success, Some(true));
    let seen = only_request(&server);
    assert_no_body(&seen, "PUT", &format!("/messages/{MSG}"));
    assert_eq!(seen.query, None);
}

#[tokio::test]
async fn delete_deletes_the_message_id() {
    let (server, client) = serve(Reply::json(200, &json!({"success": true}))).await;
    let done = client.messages().delete(MSG).send().await.expect("ok");
    assert_eq!(done.success, Some(true));
    let seen = only_request(&server);
    assert_no_body(&seen, "DELETE", &format!("/messages/{MSG}"));
    assert_eq!(seen.query, None);
}

#[tokio::test]
async fn react_puts_the_emoji() {
    let (server, client) = serve(Reply::json(200, &json!({"success": true}))).await;
    let done = client.messages().react(MSG, "👍").send().await.expect("ok");
    assert_eq!(done.success, Some(true));
    let seen = only_request(&server);
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.path, format!("/messages/{MSG}/reaction"));
    assert_eq!(seen.query, None);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_client_headers(&seen);
    assert_eq!(seen.json(), json!({"emoji": "👍"}));
}

#[tokio::test]
async fn react_with_an_empty_emoji_removes_the_reaction() {
    let (server, client) = serve(Reply::json(200, &json!({}))).await;
    let done = client.messages().react(MSG, "").send().await.expect("ok");
    assert_eq!(done.success, None);
    assert_eq!(only_request(&server).json(), json!({"emoji": ""}));
}

// ----- List -----

fn page(ids: &[&str], total: Option<i32>, offset: i32) -> Value {
    let mut page = json!({
        "messages": ids.iter().map(|id| message(id)).collect::<Vec<_>>(),
        "count": ids.len(), "offset": offset
    });
    if let Some(t) = total {
        page["total"] = json!(t);
    }
    page
}

#[tokio::test]
async fn list_sends_only_the_offset_by_default() {
    let (server, client) = serve(Reply::json(200, &page(&["AAAA-1111"], Some(1), 0))).await;
    let list = client.messages().list().send().await.expect("ok");
    assert_eq!(list.messages.len(), 1);
    assert_eq!(list.messages[0].id, "AAAA-1111");
    assert_eq!(
        list.messages[0].type_,
        OpenEnum::Known(MessageTypeKnown::Text)
    );
    assert_eq!(list.total, Some(1));
    let seen = only_request(&server);
    assert_no_body(&seen, "GET", "/messages/list");
    // Nothing unset is sent, not even offset 0 (the API's default).
    assert_eq!(seen.query_list(), pairs(&[]));
}

#[tokio::test]
async fn list_sends_every_filter() {
    let (server, client) = serve(Reply::json(200, &page(&[], Some(0), 5))).await;
    let list = client
        .messages()
        .list()
        .count(20)
        .offset(5)
        .time_from(1_600_000_000)
        .time_to(1_700_000_000)
        .normal_types(false)
        .author("15557654321")
        .from_me(true)
        .sort(SortOrder::Asc)
        .send()
        .await
        .expect("ok");
    assert!(list.messages.is_empty());
    assert_eq!(list.offset, Some(5));
    let seen = only_request(&server);
    assert_no_body(&seen, "GET", "/messages/list");
    assert_eq!(
        sorted(seen.query_list()),
        sorted(pairs(&[
            ("count", "20"),
            ("offset", "5"),
            ("time_from", "1600000000"),
            ("time_to", "1700000000"),
            ("normal_types", "false"),
            ("author", "15557654321"),
            ("from_me", "true"),
            ("sort", "asc"),
        ]))
    );
}

#[tokio::test]
async fn list_in_a_phone_number_lists_its_chat() {
    let (server, client) = serve(Reply::json(
        200,
        &page(&["AAAA-1111", "BBBB-2222"], Some(9), 0),
    ))
    .await;
    let list = client
        .messages()
        .list_in(PHONE)
        .count(2)
        .sort(SortOrder::Desc)
        .send()
        .await
        .expect("ok");
    let ids: Vec<_> = list.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["AAAA-1111", "BBBB-2222"]);
    assert_eq!(list.count, Some(2));
    assert_eq!(list.total, Some(9));
    let seen = only_request(&server);
    assert_no_body(&seen, "GET", "/messages/list/15551234567@s.whatsapp.net");
    assert_eq!(
        sorted(seen.query_list()),
        sorted(pairs(&[("count", "2"), ("sort", "desc")]))
    );
}

#[tokio::test]
async fn list_in_a_group_keeps_its_id() {
    let (server, client) = serve(Reply::json(200, &page(&[], None, 0))).await;
    client.messages().list_in(GROUP).send().await.expect("ok");
    assert_eq!(
        only_request(&server).path,
        format!("/messages/list/{GROUP}")
    );
}

// ----- Pagination -----

/// The `offset` of each request.
/// The offset of each request; an absent one is the API's default, 0.
fn offsets(seen: &[Seen]) -> Vec<String> {
    seen.iter()
        .map(|s| {
            let pairs = s.query_pairs();
            let offset = pairs.get("offset").cloned();
            assert_ne!(offset.as_deref(), Some("0"), "offset 0 is left out");
            offset.unwrap_or_else(|| "0".into())
        })
        .collect()
}

#[tokio::test]
async fn stream_pages_until_total() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &page(&["M1-aaaa", "M2-aaaa"], Some(5), 0)));
    server.reply(Reply::json(200, &page(&["M3-aaaa", "M4-aaaa"], Some(5), 2)));
    server.reply(Reply::json(200, &page(&["M5-aaaa"], Some(5), 4)));
    // Would be the fourth page: must never be asked for.
    server.reply(Reply::json(200, &page(&["M6-aaaa"], Some(5), 5)));
    let client = client(&server.url);
    let stream = client.messages().list().count(2).into_stream();
    let ids: Vec<String> = stream
        .map(|m| m.expect("every page decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["M1-aaaa", "M2-aaaa", "M3-aaaa", "M4-aaaa", "M5-aaaa"]);
    let seen = server.take_seen();
    assert_eq!(offsets(&seen), ["0", "2", "4"]);
    for s in &seen {
        assert_eq!(s.path, "/messages/list");
        assert_eq!(s.query_pairs().get("count").map(String::as_str), Some("2"));
    }
}

#[tokio::test]
async fn stream_is_lazy_and_starts_at_the_offset() {
    let server = TestServer::start().await;
    server.reply(Reply::json(
        200,
        &page(&["M1-aaaa", "M2-aaaa"], Some(50), 10),
    ));
    let client = client(&server.url);
    let stream = client
        .messages()
        .list_in(PHONE)
        .count(2)
        .offset(10)
        .into_stream();
    assert!(server.take_seen().is_empty(), "nothing before polling");
    let first: Vec<_> = stream.take(1).collect().await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].as_ref().expect("ok").id, "M1-aaaa");
    let seen = server.take_seen();
    assert_eq!(offsets(&seen), ["10"]);
    assert_eq!(seen[0].path, "/messages/list/15551234567@s.whatsapp.net");
}

#[tokio::test]
async fn stream_stops_at_an_empty_page() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &page(&["M1-aaaa", "M2-aaaa"], None, 0)));
    server.reply(Reply::json(200, &page(&[], None, 2)));
    server.reply(Reply::json(200, &page(&["M9-aaaa"], None, 2)));
    let client = client(&server.url);
    let results: Vec<_> = client
        .messages()
        .list()
        .count(2)
        .into_stream()
        .collect()
        .await;
    let ids: Vec<_> = results.into_iter().map(|m| m.expect("ok").id).collect();
    assert_eq!(ids, ["M1-aaaa", "M2-aaaa"]);
    assert_eq!(offsets(&server.take_seen()), ["0", "2"]);
}

#[tokio::test]
async fn stream_yields_an_error_then_ends() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &page(&["M1-aaaa", "M2-aaaa"], Some(6), 0)));
    server.reply(Reply::json(
        500,
        &json!({"error": {"code": 500, "message": "Internal error"}}),
    ));
    server.reply(Reply::json(200, &page(&["M3-aaaa"], Some(6), 2)));
    let client = client(&server.url);
    let results: Vec<_> = client
        .messages()
        .list()
        .count(2)
        .into_stream()
        .collect()
        .await;
    assert_eq!(
        results.len(),
        3,
        "two messages, then the error: {results:?}"
    );
    assert_eq!(results[0].as_ref().expect("ok").id, "M1-aaaa");
    assert_eq!(results[1].as_ref().expect("ok").id, "M2-aaaa");
    match &results[2] {
        Err(whapi::Error::Api(e)) => {
            assert_eq!(e.status, 500);
            assert_eq!(e.message, "Internal error");
        }
        other => panic!("expected the API error, got {other:?}"),
    }
    assert_eq!(offsets(&server.take_seen()), ["0", "2"]);
}

#[tokio::test]
async fn stream_with_an_invalid_count_yields_one_error_and_no_request() {
    let server = TestServer::start().await;
    let client = client(&server.url);
    let results: Vec<_> = client
        .messages()
        .list()
        .count(0)
        .into_stream()
        .collect()
        .await;
    assert!(
        matches!(
            results.as_slice(),
            [Err(whapi::Error::InvalidInput {
                argument: "count",
                ..
            })]
        ),
        "{results:?}"
    );
    assert!(server.take_seen().is_empty());
}

// ----- More media resolution -----

#[tokio::test]
async fn phone_numbers_are_sent_as_digits() {
    let server = TestServer::start().await;
    let client = client(&server.url);
    let written = ["+1 555 123-4567", "+1 (555) 123 4567", " 15551234567 "];
    server.reply_times(Reply::json(201, &sent("location")), written.len());
    for to in written {
        let result = client.messages().location(to, 1.0, 2.0).send().await;
        assert_sent(result, MessageTypeKnown::Location);
    }
    let tos: Vec<_> = server
        .take_seen()
        .iter()
        .map(|s| s.json()["to"].clone())
        .collect();
    assert_eq!(tos, [PHONE, PHONE, PHONE]);
}

#[tokio::test]
async fn plain_base64_becomes_a_data_url_with_the_detected_type() {
    let (server, client) = serve_sent("document").await;
    let result = client
        .messages()
        .document(PHONE, Media::base64(STANDARD.encode(PDF)))
        .send()
        .await;
    assert_sent(result, MessageTypeKnown::Document);
    assert_json_send(
        &only_request(&server),
        "/messages/document",
        json!({"to": PHONE, "media": data_url("application/pdf", PDF), "mime_type": "application/pdf"}),
    );
}

#[tokio::test]
async fn raw_upload_kind_follows_the_content() {
    const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0";
    const OGG: &[u8] = b"OggS\0\x02\0\0\0\0\0\0\0\0";
    let png_file = TempPdf::new("upload-kind");
    let png_path = png_file.dir.join("pixel.png");
    std::fs::write(&png_path, PNG).expect("write temp file");
    let server = TestServer::start().await;
    server.reply_times(Reply::json(201, &sent("image")), 4);
    let client = client(&server.url);
    let m = client.messages();
    for media in [
        Media::bytes(WEBP.to_vec()),
        Media::bytes(OGG.to_vec()),
        Media::bytes(b"just some text".to_vec()),
        Media::path(&png_path),
    ] {
        m.media(PHONE, media).send().await.expect("sent");
    }
    let seen: Vec<_> = server
        .take_seen()
        .iter()
        .map(|s| (s.path.clone(), s.query_list()))
        .collect();
    let to = || ("to".to_owned(), PHONE.to_owned());
    assert_eq!(
        seen,
        [
            ("/messages/media/sticker".to_owned(), vec![to()]),
            ("/messages/media/audio".to_owned(), vec![to()]),
            // Unknown content without a name: a document, and no filename.
            ("/messages/media/document".to_owned(), vec![to()]),
            // A file name is sent for documents only.
            ("/messages/media/image".to_owned(), vec![to()]),
        ]
    );
}

#[tokio::test]
async fn a_send_gives_its_message_id_or_a_decode_error() {
    let (_server, client) = serve_sent("gif").await;
    let sent = client
        .messages()
        .gif(PHONE, Media::url("https://example.com/cat.mp4"))
        .send()
        .await
        .expect("sent");
    let id = sent.message_id().expect("a message id");
    assert_eq!(
        Some(id.as_str()),
        sent.message.as_ref().map(|m| m.id.as_str())
    );
    let mut without = sent.clone();
    without.message = None;
    assert!(matches!(
        without.message_id(),
        Err(whapi::Error::Decode(e)) if e.path == "message.id"
    ));
}

#[tokio::test]
async fn text_sends_body_quoted_and_preview_options() {
    let (server, client) = serve_sent("text").await;
    let sent = client
        .messages()
        .text(PHONE, "You said: Hello")
        .quoted(OTHER_MSG)
        .no_link_preview(true)
        .send()
        .await
        .expect("sent");
    assert!(sent.sent);
    let seen = only_request(&server);
    assert_client_headers(&seen);
    assert_json_send(
        &seen,
        "/messages/text",
        json!({"to": PHONE, "body": "You said: Hello", "quoted": OTHER_MSG, "no_link_preview": true}),
    );
}

#[tokio::test]
async fn text_refuses_empty_and_oversized_bodies_before_sending() {
    let server = TestServer::start().await;
    let client = client(&server.url);
    for text in ["".to_owned(), "  ".to_owned(), "x".repeat(4097)] {
        let e = client
            .messages()
            .text(PHONE, text)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(
                e,
                whapi::Error::InvalidInput {
                    argument: "text",
                    ..
                }
            ),
            "{e:?}"
        );
    }
    let e = client
        .messages()
        .text("not a chat", "hi")
        .send()
        .await
        .expect_err("bad recipient");
    assert!(matches!(e, whapi::Error::InvalidInput { .. }), "{e:?}");
    assert!(server.take_seen().is_empty());
}
