//! The token never shows: not in any error (`Debug`, `Display`, the source
//! chain), not in the client's or builder's `Debug`, not in tracing output;
//! and message bodies stay out of tracing output too.

#[path = "support/raw.rs"]
mod raw;
mod support;

use raw::{Act, RawServer};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{Reply, TestServer};
use tracing_subscriber::fmt::format::FmtSpan;
use whapi::{Client, Error, Media, RetryPolicy};

const TOKEN: &str = "tok-SECRET-9f8e7d";
/// A message body: may travel to the API, never into logs.
const CAPTION: &str = "CAPTION-BODY-7a6b";
const PHONE: &str = "15551234567";
const MESSAGE: &str = "ABCDEF012345-gBcdefghIjk";

/// Every rendering of `error`: `Debug`, `Display`, and both for each source.
fn renderings(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![
        format!("{error:?}"),
        format!("{error}"),
        format!("{error:#?}"),
    ];
    let mut source = error.source();
    while let Some(s) = source {
        out.push(format!("{s:?}"));
        out.push(format!("{s}"));
        source = s.source();
    }
    out
}

fn assert_no_token(what: &str, error: &Error) {
    for text in renderings(error) {
        assert!(!text.contains(TOKEN), "{what}: the token shows in {text}");
        assert!(
            !text.contains("9f8e7d"),
            "{what}: part of the token shows in {text}"
        );
    }
}

/// Captures what the fmt subscriber prints.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(url)
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::default().initial_delay(Duration::from_millis(5)))
        .build()
        .expect("valid client settings")
}

/// Runs every error path a call can take and returns what each ended in.
async fn every_error() -> Vec<(&'static str, Result<(), Error>)> {
    let mut out: Vec<(&'static str, Result<(), Error>)> = Vec::new();
    let bound = |r: Result<Result<(), Error>, tokio::time::error::Elapsed>| {
        r.expect("no call hangs past its timeout")
    };
    let limit = Duration::from_secs(5);

    // API errors: 401 and 500 with the documented body, 429 with Retry-After.
    let server = TestServer::start().await;
    let c = client(&server.url);
    server.reply(Reply::json(
        401,
        &json!({"error": {"code": 401, "message": "wrong token", "details": "check it"}}),
    ));
    let call = c
        .messages()
        .document(PHONE, Media::url("https://example.invalid/a.pdf"))
        .caption(CAPTION)
        .send();
    out.push((
        "api 401",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));
    let seen = server.take_seen();
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the token was in play"
    );
    assert!(
        String::from_utf8_lossy(&seen[0].body).contains(CAPTION),
        "the caption was in play"
    );

    server.reply(
        Reply::json(
            429,
            &json!({"error": {"code": 429, "message": "slow down"}}),
        )
        .with_header("retry-after", "60"),
    );
    let call = c.messages().list().count(5).send();
    out.push((
        "api 429",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));

    for _ in 0..3 {
        server.reply(Reply::json(
            500,
            &json!({"error": {"code": 500, "message": "internal"}}),
        ));
    }
    let call = c.messages().mark_read(MESSAGE).send();
    out.push((
        "api 500",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));

    // Decode: a success status with a body that is not the documented one.
    server.reply(Reply::json(201, &json!({"sent": "maybe"})));
    let call = c
        .messages()
        .document(PHONE, Media::bytes(b"%PDF-1.7 secret".to_vec()))
        .caption(CAPTION)
        .send();
    out.push((
        "decode",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));

    // Timeout: the server reads the request and says nothing.
    let stall = RawServer::start(vec![vec![Act::Read, Act::Sleep(Duration::from_secs(30))]]).await;
    let stalled = client(&stall.url);
    let call = stalled
        .messages()
        .document(PHONE, Media::url("https://example.invalid/a.pdf"))
        .caption(CAPTION)
        .send();
    out.push((
        "timeout",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));

    // Transport: refused, and reset mid-body.
    let refused = client(&raw::refused_url());
    let call = refused.messages().react(MESSAGE, "👍").send();
    out.push((
        "transport: connection refused",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));
    let mut cut = raw::head(201, &[("Content-Type", "application/json")]);
    cut.extend_from_slice(b"Content-Length: 500\r\n\r\n{\"sent\": tr");
    let reset = RawServer::start(vec![vec![
        Act::Read,
        Act::Write(cut),
        Act::Sleep(Duration::from_millis(20)),
        Act::Reset,
    ]])
    .await;
    let resetting = client(&reset.url);
    let call = resetting
        .messages()
        .contact(
            PHONE,
            "Jane",
            "BEGIN:VCARD\nVERSION:3.0\nFN:Jane\nEND:VCARD",
        )
        .send();
    out.push((
        "transport: reset mid-body",
        bound(tokio::time::timeout(limit, call).await.map(|r| r.map(drop))),
    ));

    // 429 (not waited: Retry-After is over max_delay), 500 three times, decode.
    assert_eq!(server.take_seen().len(), 5);

    // Invalid input, rejected before any request.
    let m = c.messages();
    out.push((
        "invalid chat",
        m.document("12", Media::url("https://example.invalid/a.pdf"))
            .caption(CAPTION)
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "invalid message id",
        m.mark_read("not a message id").send().await.map(drop),
    ));
    out.push((
        "invalid quoted id",
        m.gif(PHONE, Media::url("https://example.invalid/a.mp4"))
            .quoted("nope")
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "invalid media URL",
        m.voice(PHONE, Media::url("ftp://example.invalid/a.ogg"))
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "missing media file",
        m.media(PHONE, Media::path("/nonexistent/whapi-secrets/a.pdf"))
            .caption(CAPTION)
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "invalid base64 media",
        m.sticker(PHONE, Media::base64("!!!not base64"))
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "invalid coordinates",
        m.location(PHONE, 123.0, 0.0).send().await.map(drop),
    ));
    out.push((
        "invalid vcard",
        m.contact(PHONE, "Jane", "not a vcard")
            .send()
            .await
            .map(drop),
    ));
    out.push((
        "invalid page size",
        m.list_in(PHONE).count(0).send().await.map(drop),
    ));
    out.push((
        "invalid QR colour",
        c.users()
            .login_qr()
            .color_dark("red")
            .send()
            .await
            .map(drop),
    ));
    let requests_before = server.take_seen().len();
    assert_eq!(requests_before, 0, "invalid input never reaches the server");
    out
}

#[test]
fn no_error_and_no_log_line_carries_the_token_or_a_message_body() {
    let capture = Capture::default();
    let sink = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(move || sink.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let outcomes =
        tracing::subscriber::with_default(subscriber, || runtime.block_on(every_error()));

    let mut kinds = Vec::new();
    for (what, result) in &outcomes {
        let error = match result {
            Err(e) => e,
            Ok(()) => panic!("{what}: expected an error"),
        };
        kinds.push(format!(
            "{what}: {}",
            match error {
                Error::Api(e) => format!("Api {}", e.status),
                Error::Decode(_) => "Decode".into(),
                Error::Timeout(_) => "Timeout".into(),
                Error::Transport { .. } => "Transport".into(),
                Error::InvalidInput { argument, .. } => format!("InvalidInput({argument})"),
                Error::Io { kind, .. } => format!("Io({kind:?})"),
                other => format!("{other:?}"),
            }
        ));
        assert_no_token(what, error);
    }
    println!("{}", kinds.join("\n"));
    // Every kind of error was produced, so the checks above cover them all.
    let expect = [
        "api 401: Api 401",
        "api 429: Api 429",
        "api 500: Api 500",
        "decode: Decode",
        "timeout: Timeout",
        "transport: connection refused: Transport",
        "transport: reset mid-body: Transport",
        "invalid chat: InvalidInput(to)",
        "invalid message id: InvalidInput(message_id)",
        "invalid quoted id: InvalidInput(quoted)",
        "invalid media URL: InvalidInput(media)",
        "missing media file: Io(NotFound)",
        "invalid base64 media: InvalidInput(media)",
        "invalid coordinates: InvalidInput(latitude)",
        "invalid vcard: InvalidInput(vcard)",
        "invalid page size: InvalidInput(count)",
        "invalid QR colour: InvalidInput(color_dark)",
    ];
    assert_eq!(kinds, expect);

    let log = String::from_utf8_lossy(&capture.0.lock().expect("lock")).into_owned();
    // The capture saw the calls, so its silence about secrets means something.
    assert!(log.contains("whapi.call"), "no whapi.call span in:\n{log}");
    for field in [
        "operation=\"send_message_document\"",
        "method=POST",
        "status=401",
        "status=429",
        "status=500",
        "attempt=",
        "latency_ms=",
    ] {
        assert!(log.contains(field), "no `{field}` in:\n{log}");
    }
    assert!(!log.contains(TOKEN), "the token is in the logs:\n{log}");
    assert!(!log.contains("9f8e7d"), "part of the token is in the logs");
    assert!(
        !log.contains("Bearer"),
        "an authorization header is in the logs"
    );
    assert!(
        !log.contains(CAPTION),
        "a message body is in the logs:\n{log}"
    );
    assert!(!log.contains("BEGIN:VCARD"), "a vCard is in the logs");
    assert!(
        !log.contains("JVBERi0xLjcgc2VjcmV0"),
        "file contents are in the logs"
    );
}

#[test]
fn the_client_and_its_builder_never_show_the_token() {
    let builder = Client::builder()
        .token(TOKEN)
        .base_url("http://127.0.0.1:9")
        .timeout(Duration::from_secs(1));
    for text in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
    let client = builder.build().expect("valid client settings");
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(
            text.contains("[redacted]") && text.contains("127.0.0.1:9"),
            "{text}"
        );
    }
    // Handlers and builders print the client too.
    let pending = client
        .messages()
        .document(PHONE, Media::bytes(b"%PDF-1.7".to_vec()))
        .caption(CAPTION);
    let text = format!("{pending:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("JVBERi0"), "{text}");
    assert!(!format!("{:?}", client.raw()).contains(TOKEN));
}

#[test]
fn builder_errors_never_show_the_token() {
    let cases: Vec<(&str, Result<Client, Error>)> = vec![
        (
            "no token",
            Client::builder().base_url("http://127.0.0.1:9").build(),
        ),
        ("blank token", Client::builder().token("   ").build()),
        (
            "token with a newline",
            Client::builder().token(format!("{TOKEN}\n")).build(),
        ),
        (
            "token with a NUL",
            Client::builder().token(format!("{TOKEN}\0")).build(),
        ),
        (
            "credentials in the base URL",
            Client::builder()
                .token(TOKEN)
                .base_url(format!("http://user:{TOKEN}@127.0.0.1:9"))
                .build(),
        ),
        (
            "not a URL",
            Client::builder().token(TOKEN).base_url("not a url").build(),
        ),
        (
            "not http",
            Client::builder()
                .token(TOKEN)
                .base_url("ftp://127.0.0.1")
                .build(),
        ),
        (
            "zero timeout",
            Client::builder()
                .token(TOKEN)
                .timeout(Duration::ZERO)
                .build(),
        ),
    ];
    for (what, result) in cases {
        match result {
            Err(e @ Error::InvalidInput { .. }) => assert_no_token(what, &e),
            other => panic!("{what}: expected InvalidInput, got {other:?}"),
        }
    }
}

/// A base URL is where paths are appended: a query in it (`?token=…`, the
/// API's other auth scheme) ends up before the path and shows in `Debug`
/// and in every transport error message.
#[test]
fn a_base_url_with_a_query_is_rejected() {
    let result = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:9/?token={TOKEN}"))
        .build();
    match result {
        Err(e @ Error::InvalidInput { .. }) => assert_no_token("query in base_url", &e),
        Err(other) => panic!("expected InvalidInput, got {other:?}"),
        Ok(client) => panic!("accepted, and shows the token: {client:?}"),
    }
}

#[cfg(feature = "channel")]
#[test]
fn webhook_header_values_never_show_in_debug() {
    let hook: whapi::types::Webhook = serde_json::from_value(serde_json::json!({
        "url": "https://bot.example.com/hook",
        "events": [],
        "headers": {"x-hook-secret": "s3cr3t-value"}
    }))
    .expect("a hook decodes");
    let shown = format!("{hook:?} {hook:#?}");
    assert!(shown.contains("x-hook-secret"), "the name shows: {shown}");
    assert!(
        !shown.contains("s3cr3t-value"),
        "the value never shows: {shown}"
    );
    // The wire form is unchanged: a plain JSON object.
    assert_eq!(
        serde_json::to_value(&hook).expect("serializes")["headers"],
        serde_json::json!({"x-hook-secret": "s3cr3t-value"})
    );
    let settings = whapi::types::Settings {
        webhooks: Some(whapi::types::Webhooks(vec![hook])),
        ..Default::default()
    };
    assert!(!format!("{settings:?}").contains("s3cr3t-value"));
}
