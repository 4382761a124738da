//! How every failure maps onto `whapi::Error`: API errors (documented,
//! undeclared, non-JSON), decode errors, timeouts, transport errors, and
//! which calls are retried.

mod support;

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::{Reply, TOKEN, TestServer, client, refused_url, stalling_server};
use whapi::types::{self, MessageTypeKnown};
use whapi::{ApiError, Client, DecodeError, Error, Media, OpenEnum, RetryPolicy};

const PHONE: &str = "15551234567";
const MSG: &str = "ABCDEF012345-gBcdefghIjk";

fn error_body(code: u16, message: &str, details: &str) -> Value {
    json!({"error": {"code": code, "message": message, "details": details}})
}

/// A POST send: never retried on an answer.
async fn send_document(client: &Client) -> Result<types::SentMessage, Error> {
    client
        .messages()
        .document(PHONE, Media::url("https://example.com/a.pdf"))
        .send()
        .await
}

/// A GET: retried on 429 and 5xx.
async fn list(client: &Client) -> Result<types::MessagesList, Error> {
    client.messages().list().count(1).send().await
}

fn client_with(url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(url)
        .retry(retry)
        .build()
        .expect("valid client settings")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().initial_delay(Duration::from_millis(10))
}

fn assert_no_token(e: &Error) {
    let text = support::error_text(e);
    assert!(!text.contains(TOKEN), "the token leaked: {text}");
    assert!(!text.contains("SECRET"), "the token leaked: {text}");
}

fn expect_api<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(e @ Error::Api(_)) => {
            assert_no_token(&e);
            match e {
                Error::Api(api) => *api,
                _ => unreachable!(),
            }
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn expect_decode<T: std::fmt::Debug>(result: Result<T, Error>) -> DecodeError {
    match result {
        Err(e @ Error::Decode(_)) => {
            assert_no_token(&e);
            assert!(!e.is_retryable(), "a 2xx decode error is not retryable");
            match e {
                Error::Decode(d) => *d,
                _ => unreachable!(),
            }
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ----- API errors -----

#[tokio::test]
async fn documented_error_statuses_map_to_api_errors() {
    let server = TestServer::start().await;
    let client = client(&server.url);
    for status in [400, 401, 402, 404, 413, 415, 429, 500] {
        server.reply(Reply::json(
            status,
            &error_body(status, "Too many requests", "slow down"),
        ));
        let result = send_document(&client).await;
        let retryable = result.as_ref().err().map(Error::is_retryable);
        let shown_status = result.as_ref().err().and_then(Error::status);
        let shown = result.as_ref().err().map(|e| e.to_string());
        let e = expect_api(result);
        assert_eq!(e.status, status);
        assert_eq!(e.code, Some(i64::from(status)));
        assert_eq!(e.message, "Too many requests");
        assert_eq!(e.details.as_deref(), Some("slow down"));
        assert_eq!(e.retry_after, None);
        let body = e.body.expect("the documented body is kept");
        assert_eq!(body.error.message, "Too many requests");
        assert_eq!(shown_status, Some(status));
        assert_eq!(
            retryable,
            Some(status == 429 || status >= 500),
            "is_retryable for {status}"
        );
        assert_eq!(
            shown.as_deref(),
            Some(format!("API error {status}: Too many requests (slow down)").as_str())
        );
    }
    assert_eq!(server.take_seen().len(), 8, "no send was retried");
}

#[tokio::test]
async fn the_raw_upload_maps_its_documented_errors_too() {
    let server = TestServer::start().await;
    let client = client(&server.url);
    for status in [413, 415] {
        server.reply(Reply::json(status, &error_body(status, "Bad file", "")));
        let result = client
            .messages()
            .media(PHONE, Media::bytes(b"%PDF-1.7 x".to_vec()))
            .send()
            .await;
        let e = expect_api(result);
        assert_eq!(e.status, status);
        assert_eq!(e.message, "Bad file");
        assert_eq!(e.details, None, "empty details are dropped");
    }
}

#[tokio::test]
async fn retry_after_is_read_from_the_header() {
    let server = TestServer::start().await;
    server.reply(
        Reply::json(429, &error_body(429, "Too many requests", "slow down"))
            .with_header("retry-after", "7"),
    );
    let client = client(&server.url);
    let result = send_document(&client).await;
    assert_eq!(
        result.as_ref().err().and_then(Error::retry_after),
        Some(Duration::from_secs(7))
    );
    let e = expect_api(result);
    assert_eq!(e.status, 429);
    assert_eq!(e.retry_after, Some(Duration::from_secs(7)));

    // Seconds may be fractional; an HTTP date is not parsed.
    for (header, expected) in [
        ("1.5", Some(Duration::from_millis(1500))),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ("-3", None),
    ] {
        server.reply(
            Reply::json(429, &error_body(429, "Too many requests", ""))
                .with_header("retry-after", header),
        );
        let e = expect_api(send_document(&client).await);
        assert_eq!(e.retry_after, expected, "Retry-After: {header}");
    }
}

#[tokio::test]
async fn a_retry_after_longer_than_max_delay_is_not_waited_for() {
    let server = TestServer::start().await;
    server.reply_times(
        Reply::json(429, &error_body(429, "Too many requests", "")).with_header("retry-after", "7"),
        3,
    );
    let client = client_with(
        &server.url,
        fast_retries().max_delay(Duration::from_secs(1)),
    );
    let started = Instant::now();
    let e = expect_api(list(&client).await);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(e.status, 429);
    assert_eq!(e.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(server.take_seen().len(), 1);
}

#[tokio::test]
async fn an_undeclared_status_with_an_error_body_is_an_api_error() {
    let server = TestServer::start().await;
    server.reply(Reply::json(
        418,
        &error_body(418, "I'm a teapot", "short and stout"),
    ));
    let client = client(&server.url);
    let result = send_document(&client).await;
    assert_eq!(result.as_ref().err().map(Error::is_retryable), Some(false));
    let e = expect_api(result);
    assert_eq!(e.status, 418);
    assert_eq!(e.code, Some(418));
    assert_eq!(e.message, "I'm a teapot");
    assert_eq!(e.details.as_deref(), Some("short and stout"));
    assert!(e.body.is_some());
}

#[tokio::test]
async fn an_html_502_is_an_api_error_with_the_body_excerpt() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start().await;
    server.reply(Reply::raw(502, "text/html", html));
    let client = client(&server.url);
    let result = send_document(&client).await;
    assert_eq!(result.as_ref().err().map(Error::is_retryable), Some(true));
    let e = expect_api(result);
    assert_eq!(e.status, 502);
    assert_eq!(e.message, html);
    assert_eq!((e.code, e.details, e.body), (None, None, None));
}

#[tokio::test]
async fn a_declared_error_status_with_a_non_json_body_keeps_its_status() {
    let server = TestServer::start().await;
    server.reply(Reply::raw(500, "text/plain", "upstream exploded"));
    server.reply(Reply::raw(
        400,
        "application/json",
        "{\"error\": {\"code\":",
    ));
    let client = client(&server.url);
    let e = expect_api(send_document(&client).await);
    assert_eq!(e.status, 500);
    assert_eq!(e.message, "upstream exploded");
    assert_eq!(e.body, None);
    let e = expect_api(send_document(&client).await);
    assert_eq!(e.status, 400);
    assert_eq!(e.message, "{\"error\": {\"code\":");
}

#[tokio::test]
async fn an_error_status_with_an_empty_body_gets_the_reason_phrase() {
    let server = TestServer::start().await;
    server.reply(Reply::raw(503, "text/plain", ""));
    let client = client(&server.url);
    let e = expect_api(send_document(&client).await);
    assert_eq!(e.status, 503);
    assert_eq!(e.message, "Service Unavailable");
}

#[tokio::test]
async fn retry_after_survives_a_non_json_error_body() {
    let server = TestServer::start().await;
    server
        .reply(Reply::raw(429, "text/plain", "Too Many Requests").with_header("retry-after", "30"));
    let client = client(&server.url);
    let e = expect_api(send_document(&client).await);
    assert_eq!(e.status, 429);
    assert_eq!(e.message, "Too Many Requests");
    assert_eq!(e.retry_after, Some(Duration::from_secs(30)));
}

// ----- Decode errors -----

#[tokio::test]
async fn a_wrong_type_in_a_success_body_names_the_field() {
    let server = TestServer::start().await;
    server.reply(Reply::json(201, &json!({"sent": "yes"})));
    let client = client(&server.url);
    let result = send_document(&client).await;
    assert_eq!(result.as_ref().err().and_then(Error::status), Some(201));
    let e = expect_decode(result);
    assert_eq!(e.status, Some(201));
    assert_eq!(e.path, "sent");
    assert_eq!(e.excerpt, r#"{"sent":"yes"}"#);
    assert!(!e.message.is_empty());
}

#[tokio::test]
async fn a_wrong_type_deep_in_a_page_names_the_path() {
    let server = TestServer::start().await;
    let ok = json!({"id": "AAAA-1111", "type": "text", "chat_id": "1@s.whatsapp.net", "from_me": false, "timestamp": 1});
    let bad = json!({"id": "BBBB-2222", "type": "text", "chat_id": "1@s.whatsapp.net", "from_me": "no", "timestamp": 1});
    server.reply(Reply::json(
        200,
        &json!({"messages": [ok, bad], "count": 2, "offset": 0}),
    ));
    let client = client(&server.url);
    let e = expect_decode(list(&client).await);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.path, "messages[1].from_me");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = TestServer::start().await;
    server.reply(Reply::raw(
        201,
        "application/json",
        r#"{"sent": true, "message": {"id": "ABCDEF0"#,
    ));
    let client = client(&server.url);
    let e = expect_decode(send_document(&client).await);
    assert_eq!(e.status, Some(201));
    assert_eq!(e.path, "message.id");
    assert!(e.message.contains("EOF"), "{}", e.message);
    assert_eq!(e.excerpt, r#"{"sent": true, "message": {"id": "ABCDEF0"#);
}

#[tokio::test]
async fn a_long_body_is_cut_in_the_excerpt() {
    let padding = "x".repeat(10_000);
    let server = TestServer::start().await;
    let body = format!(r#"{{"sent":"yes","padding":"{padding}"}}"#);
    server.reply(Reply::raw(201, "application/json", body));
    let client = client(&server.url);
    let result = send_document(&client).await;
    let shown = result
        .as_ref()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let e = expect_decode(result);
    assert_eq!(e.path, "sent");
    assert!(
        e.excerpt.len() <= whapi::BODY_EXCERPT_LIMIT + '…'.len_utf8(),
        "excerpt of {} bytes",
        e.excerpt.len()
    );
    assert_eq!(whapi::BODY_EXCERPT_LIMIT, 1024);
    assert!(e.excerpt.starts_with(r#"{"sent":"yes","padding":"xxx"#));
    assert!(e.excerpt.ends_with('…'));
    assert!(
        shown.len() < 2 * 1024,
        "the message stays short: {} bytes",
        shown.len()
    );
}

#[tokio::test]
async fn a_long_multibyte_body_is_cut_at_a_character_boundary() {
    let server = TestServer::start().await;
    // 'é' is two bytes: the 1024-byte cut would split one.
    let body = format!("{{\"sent\":\"{}\"}}", "é".repeat(2_000));
    server.reply(Reply::raw(201, "application/json", body));
    let client = client(&server.url);
    let e = expect_decode(send_document(&client).await);
    assert!(e.excerpt.len() <= whapi::BODY_EXCERPT_LIMIT + '…'.len_utf8());
    assert!(!e.excerpt.contains('\u{FFFD}'), "no replacement char");
}

#[tokio::test]
async fn an_empty_success_body_is_a_decode_error() {
    let server = TestServer::start().await;
    server.reply(Reply::raw(201, "application/json", ""));
    let client = client(&server.url);
    let e = expect_decode(send_document(&client).await);
    assert_eq!(e.status, Some(201));
    assert_eq!(e.path, ".");
    assert!(e.message.contains("EOF"), "{}", e.message);
    assert_eq!(e.excerpt, "");
}

#[tokio::test]
async fn an_unknown_message_type_decodes() {
    let server = TestServer::start().await;
    let m = json!({"id": "AAAA-1111", "type": "hologram", "chat_id": "1@s.whatsapp.net", "from_me": false, "timestamp": 1, "status": "beamed"});
    server.reply(Reply::json(
        200,
        &json!({"messages": [m], "count": 1, "offset": 0, "total": 1}),
    ));
    server.reply(Reply::json(201, &json!({"sent": true, "message": m})));
    let client = client(&server.url);
    let page = list(&client).await.expect("open enums decode");
    assert_eq!(page.messages[0].type_, OpenEnum::Unknown("hologram".into()));
    assert_eq!(
        page.messages[0].status,
        Some(OpenEnum::Unknown("beamed".into()))
    );
    let sent = send_document(&client).await.expect("open enums decode");
    let m = sent.message.expect("message");
    assert_eq!(m.type_, OpenEnum::Unknown("hologram".into()));
    assert_ne!(m.type_, OpenEnum::Known(MessageTypeKnown::Document));
}

// ----- Timeouts and transport -----

#[tokio::test]
async fn a_stalled_server_times_out() {
    let url = stalling_server().await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(&url)
        .timeout(Duration::from_millis(300))
        .retry(fast_retries())
        .build()
        .expect("client");
    for operation in ["list (GET)", "send (POST)"] {
        let started = Instant::now();
        let result = match operation {
            "list (GET)" => list(&client).await.map(drop),
            _ => send_document(&client).await.map(drop),
        };
        let elapsed = started.elapsed();
        match &result {
            Err(e @ Error::Timeout(after)) => {
                assert_eq!(*after, Duration::from_millis(300));
                assert!(e.is_retryable());
                assert!(e.is_timeout() && !e.is_connect());
                assert_eq!(e.status(), None);
                assert_no_token(e);
            }
            other => panic!("{operation}: expected a timeout, got {other:?}"),
        }
        // Timeouts are not retried: one timeout's worth, not three.
        assert!(
            elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(2),
            "{operation}: took {elapsed:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let url = refused_url();
    for retry in [RetryPolicy::none(), fast_retries()] {
        let client = client_with(&url, retry);
        let results = [
            list(&client).await.map(drop),
            send_document(&client).await.map(drop),
        ];
        for result in results {
            match &result {
                Err(e @ Error::Transport { message, .. }) => {
                    assert!(!message.is_empty());
                    assert!(e.is_retryable());
                    assert_eq!(e.status(), None);
                    assert!(std::error::Error::source(e).is_some(), "keeps its source");
                    assert!(e.is_connect() && !e.is_timeout(), "{e:?}");
                    // The chain reaches reqwest's error, which says connect.
                    let mut chain = std::error::Error::source(e);
                    let mut reqwest_error = None;
                    while let Some(cause) = chain {
                        if let Some(r) = cause.downcast_ref::<reqwest::Error>() {
                            reqwest_error = Some(r);
                        }
                        chain = cause.source();
                    }
                    assert!(
                        reqwest_error.is_some_and(reqwest::Error::is_connect),
                        "{e:?}"
                    );
                    assert!(e.to_string().starts_with("transport error: "));
                    assert_no_token(e);
                }
                other => panic!("expected a transport error, got {other:?}"),
            }
        }
    }
}

// ----- Retries -----

fn unavailable() -> Reply {
    Reply::json(503, &error_body(503, "Service unavailable", ""))
}

fn empty_page() -> Reply {
    Reply::json(
        200,
        &json!({"messages": [], "count": 1, "offset": 0, "total": 0}),
    )
}

#[tokio::test]
async fn a_get_is_retried_on_503_until_it_succeeds() {
    let server = TestServer::start().await;
    server.reply_times(unavailable(), 2);
    server.reply(empty_page());
    let client = client_with(&server.url, fast_retries());
    let page = list(&client).await.expect("the third attempt succeeds");
    assert_eq!(page.total, Some(0));
    let seen = server.take_seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(
            (s.method.as_str(), s.path.as_str()),
            ("GET", "/messages/list")
        );
        let auth = format!("Bearer {TOKEN}");
        assert_eq!(
            s.header("authorization"),
            Some(auth.as_str()),
            "every attempt is authorized"
        );
    }
}

#[tokio::test]
async fn a_get_gives_up_after_max_attempts() {
    let server = TestServer::start().await;
    server.reply_times(unavailable(), 4);
    let client = client_with(&server.url, fast_retries());
    let e = expect_api(list(&client).await);
    assert_eq!(e.status, 503);
    assert_eq!(e.message, "Service unavailable");
    assert_eq!(server.take_seen().len(), 3, "the default is 3 attempts");
}

#[tokio::test]
async fn a_retry_after_within_max_delay_is_waited_for() {
    let server = TestServer::start().await;
    server.reply(
        Reply::json(429, &error_body(429, "Too many requests", ""))
            .with_header("retry-after", "0.3"),
    );
    server.reply(empty_page());
    let client = client_with(&server.url, fast_retries());
    let started = Instant::now();
    list(&client).await.expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.take_seen().len(), 2);
}

#[tokio::test]
async fn put_and_delete_are_retried_too() {
    let server = TestServer::start().await;
    let client = client_with(&server.url, fast_retries());
    server.reply(unavailable());
    server.reply(Reply::json(200, &json!({"success": true})));
    client
        .messages()
        .mark_read(MSG)
        .send()
        .await
        .expect("retried");
    server.reply(Reply::json(500, &error_body(500, "oops", "")));
    server.reply(Reply::json(200, &json!({"success": true})));
    client.messages().delete(MSG).send().await.expect("retried");
    let methods: Vec<_> = server.take_seen().into_iter().map(|s| s.method).collect();
    assert_eq!(methods, ["PUT", "PUT", "DELETE", "DELETE"]);
}

#[tokio::test]
async fn a_send_answered_503_is_not_retried() {
    let server = TestServer::start().await;
    server.reply_times(unavailable(), 3);
    let client = client_with(&server.url, fast_retries());
    let e = expect_api(send_document(&client).await);
    assert_eq!(e.status, 503);
    let e = expect_api(
        client
            .messages()
            .media(PHONE, Media::bytes(b"%PDF-1.7 x".to_vec()))
            .send()
            .await,
    );
    assert_eq!(e.status, 503);
    assert_eq!(server.take_seen().len(), 2, "one request per send");
}

#[tokio::test]
async fn no_retries_means_one_request() {
    let server = TestServer::start().await;
    server.reply_times(unavailable(), 3);
    let client = client_with(&server.url, RetryPolicy::none());
    let e = expect_api(list(&client).await);
    assert_eq!(e.status, 503);
    assert_eq!(server.take_seen().len(), 1);
}
