//! Adversarial responses: every malformed, truncated, slow, huge or
//! unexpected answer ends in the documented typed outcome, never a panic or
//! a hang past the configured timeout.
//!
//! Each case is a table row: the name, what the server does (a scripted
//! axum server for HTTP-level answers, a hand-written HTTP/1.1 server on a
//! raw socket for transport-level ones), the facade call, and a predicate on
//! the outcome (the result and how many requests the server saw).

#[path = "support/raw.rs"]
mod raw;
mod support;

use raw::{Act, RawServer};
use serde_json::{Value, json};
use std::time::Duration;
use support::{Reply, TestServer};
use whapi::types::{MessageStatusKnown, MessageTypeKnown, QrStatusKnown};
use whapi::{
    ApiError, BODY_EXCERPT_LIMIT, DecodeError, Error, Media, OpenEnum, RetryPolicy, types,
};

const PHONE: &str = "15551234567";
const CHAT: &str = "120363025555555555@g.us";
const MESSAGE: &str = "ABCDEF012345-gBcdefghIjk";
/// The client timeout of the cases that stall.
const SHORT: Duration = Duration::from_millis(300);
/// The client timeout of the other cases.
const NORMAL: Duration = Duration::from_secs(2);
/// No case may take longer than this, whatever the server does.
const HARD_LIMIT: Duration = Duration::from_secs(5);
const TEN_MB: usize = 10 * 1024 * 1024;

/// The facade call a case makes.
#[derive(Debug, Clone, Copy)]
enum Op {
    /// `PUT /messages/{id}` (idempotent: retried).
    MarkRead,
    /// `DELETE /messages/{id}`.
    Delete,
    /// `PUT /messages/{id}/reaction`.
    React,
    /// `GET /messages/list`.
    List,
    /// `GET /messages/list/{chat}`.
    ListIn,
    /// `POST /messages/document` (a send: never retried after it left).
    Document,
    /// `POST /messages/location`.
    Location,
    /// `POST /messages/media/document`, the raw upload.
    Media,
    /// `GET /users/login`.
    Qr,
}

/// A successful outcome, by response type.
#[derive(Debug)]
enum Got {
    Success(types::ResponseSuccess),
    Sent(Box<types::SentMessage>),
    List(types::MessagesList),
    Qr(types::Qr),
}

/// What a case ended in.
struct Outcome {
    result: Result<Got, Error>,
    /// Complete requests the server received.
    requests: usize,
}

/// What the server does.
enum Serve {
    /// Answers the requests in order (axum, well-formed HTTP).
    Http(Vec<Reply>),
    /// Plays one script per connection (raw socket).
    Raw(Vec<Vec<Act>>),
    /// Nothing listens on the port.
    Refused,
}

type Check = fn(&Outcome) -> Result<(), String>;

struct Case {
    name: &'static str,
    serve: Serve,
    op: Op,
    timeout: Duration,
    check: Check,
}

fn case(name: &'static str, serve: Serve, op: Op, check: Check) -> Case {
    Case {
        name,
        serve,
        op,
        timeout: NORMAL,
        check,
    }
}

fn stalling(name: &'static str, serve: Serve, op: Op, check: Check) -> Case {
    Case {
        timeout: SHORT,
        ..case(name, serve, op, check)
    }
}

// ----- server behaviours -----

fn reply(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        body: body.into(),
        headers: vec![("content-type".into(), content_type.into())],
    }
}

fn with_header(mut r: Reply, name: &str, value: &str) -> Reply {
    r.headers.push((name.into(), value.into()));
    r
}

/// One JSON answer.
fn json_once(status: u16, body: Value) -> Serve {
    Serve::Http(vec![Reply::json(status, &body)])
}

/// One answer with any body, declared as JSON.
fn bytes_once(status: u16, body: impl Into<Vec<u8>>) -> Serve {
    Serve::Http(vec![reply(status, "application/json", body)])
}

fn html(status: u16) -> Reply {
    reply(
        status,
        "text/html",
        concat!(
            "<html><head><title>502 Bad Gateway</title></head><body>",
            "<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>",
            "</body></html>",
        ),
    )
}

fn error_body(code: i64, message: &str) -> Value {
    json!({"error": {"code": code, "message": message, "details": "scripted"}})
}

fn message(id: &str, kind: &str) -> Value {
    json!({
        "id": id,
        "type": kind,
        "chat_id": "15551234567@s.whatsapp.net",
        "from_me": true,
        "timestamp": 1_700_000_000,
        "status": "sent",
    })
}

fn sent_body() -> Value {
    json!({"sent": true, "message": message(MESSAGE, "document")})
}

/// A raw script: read the request, write `bytes`, close.
fn raw_once(bytes: Vec<u8>) -> Serve {
    Serve::Raw(vec![vec![Act::Read, Act::Write(bytes)]])
}

/// A response head announcing `length` bytes of JSON, and the first `part`.
fn head_then(length: usize, part: &str) -> Vec<u8> {
    let mut out = raw::head(200, &[("Content-Type", "application/json")]);
    out.extend_from_slice(format!("Content-Length: {length}\r\n\r\n{part}").as_bytes());
    out
}

/// `[[[[...]]]]`, `depth` deep.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

// ----- outcome predicates -----

fn requests(o: &Outcome, n: usize) -> Result<(), String> {
    if o.requests == n {
        Ok(())
    } else {
        Err(format!("server saw {} requests, expected {n}", o.requests))
    }
}

fn got(o: &Outcome) -> Result<&Got, String> {
    o.result
        .as_ref()
        .map_err(|e| format!("expected Ok, got {e:?}"))
}

fn sent(o: &Outcome) -> Result<&types::SentMessage, String> {
    match got(o)? {
        Got::Sent(s) => Ok(&**s),
        other => Err(format!("expected a sent message, got {other:?}")),
    }
}

fn listed(o: &Outcome) -> Result<&types::MessagesList, String> {
    match got(o)? {
        Got::List(l) => Ok(l),
        other => Err(format!("expected a list, got {other:?}")),
    }
}

fn success(o: &Outcome) -> Result<&types::ResponseSuccess, String> {
    match got(o)? {
        Got::Success(s) => Ok(s),
        other => Err(format!("expected a success, got {other:?}")),
    }
}

fn qr(o: &Outcome) -> Result<&types::Qr, String> {
    match got(o)? {
        Got::Qr(q) => Ok(q),
        other => Err(format!("expected a QR, got {other:?}")),
    }
}

/// A decode error for `status`, at `path` (`None`: any path), with an
/// excerpt within the limit.
fn decode<'a>(o: &'a Outcome, status: u16, path: Option<&str>) -> Result<&'a DecodeError, String> {
    match &o.result {
        Err(Error::Decode(d)) => {
            if d.status != Some(status) {
                return Err(format!(
                    "decode error for status {:?}, expected {status}",
                    d.status
                ));
            }
            if let Some(p) = path
                && d.path != p
            {
                return Err(format!("decode error at `{}`, expected `{p}`: {d}", d.path));
            }
            excerpt_bounded(&d.excerpt)?;
            Ok(d)
        }
        other => Err(format!("expected Error::Decode, got {}", summary(other))),
    }
}

fn decode_says(o: &Outcome, status: u16, path: Option<&str>, says: &str) -> Result<(), String> {
    let d = decode(o, status, path)?;
    if d.message.contains(says) {
        Ok(())
    } else {
        Err(format!("decode message `{}` lacks `{says}`", d.message))
    }
}

fn api(o: &Outcome, status: u16) -> Result<&ApiError, String> {
    match &o.result {
        Err(Error::Api(a)) if a.status == status => {
            excerpt_bounded(&a.message)?;
            Ok(a)
        }
        other => Err(format!(
            "expected Error::Api {status}, got {}",
            summary(other)
        )),
    }
}

fn transport(o: &Outcome) -> Result<(), String> {
    match &o.result {
        Err(Error::Transport { message, .. }) if !message.is_empty() => Ok(()),
        other => Err(format!("expected Error::Transport, got {}", summary(other))),
    }
}

fn timed_out(o: &Outcome) -> Result<(), String> {
    match &o.result {
        Err(Error::Timeout(d)) if *d == SHORT => Ok(()),
        other => Err(format!(
            "expected Error::Timeout({SHORT:?}), got {}",
            summary(other)
        )),
    }
}

/// At most the limit, plus the ellipsis when cut.
fn excerpt_bounded(text: &str) -> Result<(), String> {
    if text.len() <= BODY_EXCERPT_LIMIT + '…'.len_utf8() {
        Ok(())
    } else {
        Err(format!("excerpt of {} bytes", text.len()))
    }
}

fn cut_with_ellipsis(text: &str) -> Result<(), String> {
    if text.ends_with('…') && text.len() > BODY_EXCERPT_LIMIT - 4 {
        Ok(())
    } else {
        Err(format!(
            "excerpt not cut with an ellipsis: {} bytes",
            text.len()
        ))
    }
}

fn ensure(condition: bool, what: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(what.to_owned())
    }
}

fn summary(result: &Result<Got, Error>) -> String {
    let text = match result {
        Ok(Got::Success(s)) => format!("Ok(success: {:?})", s.success),
        Ok(Got::Sent(s)) => format!(
            "Ok(sent: {}, message: {:?})",
            s.sent,
            s.message.as_ref().map(|m| m.id.as_str())
        ),
        Ok(Got::List(l)) => format!("Ok(list of {})", l.messages.len()),
        Ok(Got::Qr(q)) => format!("Ok(qr: {})", q.status),
        Err(Error::Api(a)) => format!(
            "Api {} (code {:?}, retry_after {:?}): {}",
            a.status, a.code, a.retry_after, a.message
        ),
        Err(Error::Decode(d)) => format!("Decode {:?} at `{}`: {}", d.status, d.path, d.message),
        Err(Error::Transport { message, .. }) => format!("Transport: {message}"),
        Err(Error::Timeout(d)) => format!("Timeout({d:?})"),
        Err(e) => format!("{e:?}"),
    };
    let mut short: String = text.chars().take(140).collect();
    if text.chars().count() > 140 {
        short.push('…');
    }
    short.replace('\n', " ")
}

// ----- the cases -----

fn cases() -> Vec<Case> {
    use Op::*;
    let huge_text = "a".repeat(TEN_MB);
    let mut huge_message = message(MESSAGE, "text");
    huge_message["text"] = json!({ "body": huge_text });
    let mut unknown_everywhere = sent_body();
    unknown_everywhere["brand_new"] = json!({"nested": [1, 2, 3]});
    unknown_everywhere["message"]["brand_new_list"] = json!(["x"]);
    unknown_everywhere["message"]["text"] = json!({"body": "hi", "font": "serif"});

    let mut cases = Vec::new();
    // --- success bodies that are not the documented shape ---
    cases.push(case(
        "truncated JSON on 201 send",
        bytes_once(201, r#"{"sent": true, "message": {"id": "ABC"#),
        Document,
        |o| {
            decode_says(o, 201, None, "EOF")?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "truncated JSON on 200 mark_read",
        bytes_once(200, r#"{"success": tr"#),
        MarkRead,
        |o| decode(o, 200, None).map(drop),
    ));
    cases.push(case(
        "empty body on 201 send",
        bytes_once(201, ""),
        Document,
        |o| decode_says(o, 201, Some("."), "EOF"),
    ));
    cases.push(case(
        "empty body on 200 list",
        bytes_once(200, ""),
        List,
        |o| decode(o, 200, Some(".")).map(drop),
    ));
    cases.push(case(
        "`null` body where an object is expected (mark_read)",
        bytes_once(200, "null"),
        MarkRead,
        |o| decode_says(o, 200, Some("."), "null"),
    ));
    cases.push(case(
        "`null` for an optional object (sent.message)",
        json_once(201, json!({"sent": true, "message": null})),
        Document,
        |o| {
            let s = sent(o)?;
            ensure(s.sent && s.message.is_none(), "sent without message")
        },
    ));
    cases.push(case(
        "`null` for an array (list.messages)",
        json_once(200, json!({"messages": null, "count": 0})),
        List,
        |o| decode_says(o, 200, Some("messages"), "null"),
    ));
    cases.push(case(
        "`null` item in list.messages",
        json_once(200, json!({"messages": [null]})),
        ListIn,
        |o| decode(o, 200, Some("messages[0]")).map(drop),
    ));
    cases.push(case(
        "wrong type: sent is a string",
        json_once(201, json!({"sent": "yes"})),
        Document,
        |o| decode_says(o, 201, Some("sent"), "expected a boolean"),
    ));
    cases.push(case(
        "wrong type: message.from_me is a string",
        json_once(201, {
            let mut b = sent_body();
            b["message"]["from_me"] = json!("true");
            b
        }),
        Location,
        |o| decode(o, 201, Some("message.from_me")).map(drop),
    ));
    let mut late = message("LATE-0001", "text");
    late["timestamp"] = json!("1700000000");
    cases.push(case(
        "wrong type: message.timestamp is a string",
        json_once(200, json!({"messages": [message(MESSAGE, "text"), late]})),
        List,
        |o| decode(o, 200, Some("messages[1].timestamp")).map(drop),
    ));
    cases.push(case(
        "wrong type: list.count is a string",
        json_once(200, json!({"count": "5", "messages": []})),
        List,
        |o| decode(o, 200, Some("count")).map(drop),
    ));
    cases.push(case(
        "wrong type: list.messages is an object",
        json_once(200, json!({"messages": {"0": message(MESSAGE, "text")}})),
        ListIn,
        |o| decode_says(o, 200, Some("messages"), "expected a sequence"),
    ));
    cases.push(case(
        "wrong type: success is a number",
        json_once(200, json!({"success": 1})),
        Delete,
        |o| decode(o, 200, Some("success")).map(drop),
    ));
    cases.push(case(
        "wrong type: qr.status is a number",
        json_once(200, json!({"status": 5, "base64": ""})),
        Qr,
        |o| decode(o, 200, Some("status")).map(drop),
    ));
    cases.push(case(
        "wrong type: message.type is a number",
        json_once(201, {
            let mut b = sent_body();
            b["message"]["type"] = json!(7);
            b
        }),
        Media,
        |o| decode(o, 201, Some("message.type")).map(drop),
    ));
    cases.push(case(
        "wrong type: message.reactions is a string",
        json_once(201, {
            let mut b = sent_body();
            b["message"]["reactions"] = json!("none");
            b
        }),
        Document,
        |o| decode(o, 201, Some("message.reactions")).map(drop),
    ));
    cases.push(case(
        "unknown enum: message type in a list",
        json_once(200, json!({"messages": [message(MESSAGE, "hologram")]})),
        List,
        |o| {
            let m = &listed(o)?.messages[0];
            ensure(
                m.type_ == OpenEnum::Unknown("hologram".into()),
                "type_ is Unknown(hologram)",
            )
        },
    ));
    cases.push(case(
        "unknown enum: message status on a send",
        json_once(201, {
            let mut b = sent_body();
            b["message"]["status"] = json!("queued");
            b
        }),
        Document,
        |o| {
            let m = sent(o)?.message.as_ref().ok_or("no message")?;
            ensure(
                m.status == Some(OpenEnum::Unknown("queued".into())),
                "status is Unknown(queued)",
            )
            .and(ensure(
                m.type_ == OpenEnum::Known(MessageTypeKnown::Document),
                "type stays known",
            ))
        },
    ));
    cases.push(case(
        "unknown enum: QR status",
        json_once(200, json!({"status": "EXPIRED", "base64": ""})),
        Qr,
        |o| {
            ensure(
                qr(o)?.status == OpenEnum::Unknown("EXPIRED".into()),
                "status is Unknown(EXPIRED)",
            )
        },
    ));
    let three = [
        message("AAAA-BBBB", "text"),
        message("CCCC-DDDD", "hologram"),
        message("EEEE-FFFF", "image"),
    ];
    cases.push(case(
        "unknown enum: one message of three, the page still decodes",
        json_once(200, json!({"messages": three, "count": 3, "total": 3})),
        ListIn,
        |o| {
            let l = listed(o)?;
            ensure(l.messages.len() == 3, "three messages")?;
            let text = OpenEnum::Known(MessageTypeKnown::Text);
            ensure(l.messages[0].type_ == text, "first is text")?;
            ensure(l.messages[1].type_.is_unknown(), "second is unknown")?;
            let sent = Some(OpenEnum::Known(MessageStatusKnown::Sent));
            ensure(l.messages[2].status == sent, "third's status known")
        },
    ));
    cases.push(case(
        "unknown extra fields at every level",
        json_once(201, unknown_everywhere),
        Document,
        |o| {
            let m = sent(o)?.message.as_ref().ok_or("no message")?;
            ensure(
                m.text.as_ref().and_then(|t| t.body.as_deref()) == Some("hi"),
                "text body kept",
            )
        },
    ));
    cases.push(case(
        "missing required field (sent)",
        json_once(201, json!({"message": message(MESSAGE, "text")})),
        Document,
        |o| decode_says(o, 201, Some("."), "missing field `sent`"),
    ));
    cases.push(case(
        "missing required field (messages[0].id)",
        json_once(
            200,
            json!({"messages": [{
                "type": "text", "chat_id": "c", "from_me": true, "timestamp": 1
            }]}),
        ),
        List,
        |o| decode_says(o, 200, Some("messages[0]"), "missing field `id`"),
    ));
    cases.push(case(
        "JSON array instead of an object (send)",
        json_once(201, json!([sent_body()])),
        Document,
        |o| decode(o, 201, None).map(drop),
    ));
    cases.push(case(
        "JSON string instead of an object (mark_read)",
        json_once(200, json!("ok")),
        MarkRead,
        |o| decode(o, 200, Some(".")).map(drop),
    ));
    cases.push(case(
        "deeply nested JSON in an unknown field (100k levels): skipped",
        bytes_once(
            200,
            format!(r#"{{"success": true, "extra": {}}}"#, nested(100_000)),
        ),
        MarkRead,
        |o| ensure(success(o)?.success == Some(true), "success decoded"),
    ));
    // `quoted_content` is free-form JSON: serde_json's recursion limit applies.
    let mut quoting = sent_body();
    quoting["message"]["context"] = json!({"quoted_content": {"deep": "DEEP"}});
    let quoting = quoting.to_string().replace("\"DEEP\"", &nested(100_000));
    cases.push(case(
        "deeply nested JSON in a free-form field (100k levels)",
        bytes_once(201, quoting),
        Document,
        |o| decode_says(o, 201, None, "recursion limit"),
    ));
    cases.push(case(
        "deeply nested JSON as the whole body (100k levels)",
        bytes_once(201, nested(100_000)),
        Document,
        |o| decode(o, 201, None).map(drop),
    ));
    cases.push(case(
        "number out of range for an i32 (count = 3e9)",
        bytes_once(200, r#"{"count": 3000000000, "messages": []}"#),
        List,
        |o| decode(o, 200, Some("count")).map(drop),
    ));
    cases.push(case(
        "number out of range for an i32 (total = -2^31-1)",
        bytes_once(200, r#"{"total": -2147483649}"#),
        ListIn,
        |o| decode(o, 200, Some("total")).map(drop),
    ));
    cases.push(case(
        "fraction for an i32 (offset = 1.5)",
        bytes_once(200, r#"{"offset": 1.5}"#),
        List,
        |o| decode(o, 200, Some("offset")).map(drop),
    ));
    let far_future = sent_body().to_string().replace("1700000000", "1e400");
    cases.push(case(
        "number out of range for an f64 (timestamp = 1e400)",
        bytes_once(201, far_future),
        Document,
        |o| decode_says(o, 201, Some("message.timestamp"), "out of range"),
    ));
    // The message id becomes three bytes that are not UTF-8.
    let not_utf8 = sent_body().to_string().replace(MESSAGE, "~~~");
    let not_utf8: Vec<u8> = not_utf8
        .into_bytes()
        .into_iter()
        .map(|b| if b == b'~' { 0xff } else { b })
        .collect();
    cases.push(case(
        "non-UTF-8 bytes in a known string field",
        bytes_once(201, not_utf8),
        Document,
        |o| {
            let d = decode(o, 201, Some("message.id"))?;
            ensure(d.excerpt.contains('\u{fffd}'), "excerpt decoded lossily")
        },
    ));
    cases.push(case(
        "non-UTF-8 bytes in an unknown field: skipped",
        bytes_once(
            200,
            b"{\"success\": true, \"note\": \"\xff\xfe\xfd\"}".to_vec(),
        ),
        MarkRead,
        |o| ensure(success(o)?.success == Some(true), "success decoded"),
    ));
    cases.push(case(
        "UTF-8 byte order mark before the JSON",
        bytes_once(200, b"\xef\xbb\xbf{\"success\": true}".to_vec()),
        Delete,
        |o| decode(o, 200, Some(".")).map(drop),
    ));
    cases.push(case(
        "trailing garbage after the JSON",
        bytes_once(200, r#"{"success": true} <html>"#),
        React,
        |o| decode_says(o, 200, None, "trailing"),
    ));
    cases.push(case(
        "duplicate key",
        bytes_once(201, r#"{"sent": true, "sent": false}"#),
        Document,
        |o| decode_says(o, 201, None, "duplicate field"),
    ));
    cases.push(case(
        "10 MB valid success body",
        json_once(200, json!({"messages": [huge_message], "count": 1})),
        List,
        |o| {
            let body = listed(o)?.messages[0]
                .text
                .as_ref()
                .and_then(|t| t.body.as_ref())
                .ok_or("no text")?;
            ensure(body.len() == TEN_MB, "the whole 10 MB text")
        },
    ));
    cases.push(case(
        "10 MB invalid success body",
        bytes_once(200, vec![b'x'; TEN_MB]),
        MarkRead,
        |o| {
            let d = decode(o, 200, Some("."))?;
            cut_with_ellipsis(&d.excerpt)
        },
    ));
    cases.push(case(
        "wrong content type (text/plain) with a valid JSON body",
        Serve::Http(vec![reply(200, "text/plain", r#"{"success": true}"#)]),
        MarkRead,
        |o| ensure(success(o)?.success == Some(true), "success decoded"),
    ));
    cases.push(case(
        "HTML body declared as JSON on 200",
        bytes_once(200, "<html><body>maintenance</body></html>"),
        ListIn,
        |o| {
            let d = decode(o, 200, Some("."))?;
            ensure(d.excerpt.starts_with("<html>"), "excerpt shows the HTML")
        },
    ));
    // --- error statuses ---
    cases.push(case(
        "documented error body on 401",
        json_once(401, error_body(1001, "channel not authorized")),
        Document,
        |o| {
            let a = api(o, 401)?;
            ensure(
                a.code == Some(1001) && a.message == "channel not authorized" && a.body.is_some(),
                "code and message from the body",
            )
        },
    ));
    cases.push(case(
        "HTML body on 502 (undeclared) for a send: not retried",
        Serve::Http(vec![html(502), html(502), html(502)]),
        Document,
        |o| {
            let a = api(o, 502)?;
            ensure(
                a.message.contains("502 Bad Gateway") && a.code.is_none(),
                "message is the body excerpt",
            )?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "HTML body on 502 for a GET: retried up to 3 attempts",
        Serve::Http(vec![html(502), html(502), html(502)]),
        List,
        |o| {
            api(o, 502)?;
            requests(o, 3)
        },
    ));
    cases.push(case(
        "HTML body on a declared 500 (send)",
        Serve::Http(vec![html(500)]),
        Location,
        |o| {
            let a = api(o, 500)?;
            ensure(
                a.body.is_none() && a.message.starts_with("<html>"),
                "excerpt as message",
            )
        },
    ));
    cases.push(case(
        "empty body on 500",
        Serve::Http(vec![reply(500, "application/json", "")]),
        Document,
        |o| {
            ensure(
                api(o, 500)?.message == "Internal Server Error",
                "canonical reason as message",
            )
        },
    ));
    cases.push(case(
        "10 MB HTML body on 500",
        Serve::Http(vec![reply(500, "text/html", "<p>".repeat(TEN_MB / 3))]),
        Document,
        |o| cut_with_ellipsis(&api(o, 500)?.message),
    ));
    cases.push(case(
        "non-UTF-8 error body on 400",
        bytes_once(400, b"\xff\xfe bad request".to_vec()),
        Document,
        |o| ensure(api(o, 400)?.message.contains('\u{fffd}'), "lossy message"),
    ));
    cases.push(case(
        "error body of another shape on 400",
        json_once(400, json!({"error": "boom"})),
        MarkRead,
        |o| {
            let a = api(o, 400)?;
            ensure(
                a.body.is_none() && a.code.is_none() && a.message.contains("boom"),
                "excerpt as message",
            )
        },
    ));
    cases.push(case(
        "error code out of range for i32 on 400",
        bytes_once(400, r#"{"error": {"code": 1e20, "message": "x"}}"#),
        Document,
        |o| ensure(api(o, 400)?.body.is_none(), "no typed body"),
    ));
    cases.push(case(
        "undeclared status 418 with the error shape",
        json_once(418, error_body(418, "teapot")),
        Document,
        |o| {
            let a = api(o, 418)?;
            ensure(
                a.code == Some(418) && a.message == "teapot",
                "code and message parsed",
            )
        },
    ));
    cases.push(case(
        "undeclared status 404 on GET /messages/list",
        json_once(404, error_body(404, "not here")),
        List,
        |o| {
            api(o, 404)?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "undeclared success status 202: decoded as the success type",
        json_once(202, json!({"success": true})),
        MarkRead,
        |o| ensure(success(o)?.success == Some(true), "success decoded"),
    ));
    cases.push(case(
        "undeclared success status 203 with an invalid body",
        bytes_once(203, "<html>"),
        Document,
        |o| decode(o, 203, Some(".")).map(drop),
    ));
    cases.push(case(
        "429 with Retry-After on a send: not retried, wait reported",
        Serve::Http(vec![with_header(
            Reply::json(429, &error_body(429, "slow down")),
            "retry-after",
            "7",
        )]),
        Document,
        |o| {
            ensure(
                api(o, 429)?.retry_after == Some(Duration::from_secs(7)),
                "retry_after 7 s",
            )?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "429 without Retry-After on a send",
        json_once(429, error_body(429, "slow down")),
        Document,
        |o| {
            ensure(api(o, 429)?.retry_after.is_none(), "no retry_after")?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "429 with an HTTP-date Retry-After (counts as absent)",
        Serve::Http(vec![with_header(
            Reply::json(429, &error_body(429, "later")),
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT",
        )]),
        Document,
        |o| ensure(api(o, 429)?.retry_after.is_none(), "date ignored"),
    ));
    cases.push(case(
        "429 with a plain-text body on a send",
        Serve::Http(vec![with_header(
            reply(429, "text/plain", "Too Many Requests"),
            "retry-after",
            "7",
        )]),
        Document,
        |o| {
            let a = api(o, 429)?;
            ensure(a.message == "Too Many Requests", "excerpt as message")?;
            ensure(
                a.retry_after == Some(Duration::from_secs(7)),
                "retry_after kept",
            )
        },
    ));
    cases.push(case(
        "429 with Retry-After: 0 on a GET, then 200",
        Serve::Http(vec![
            with_header(Reply::json(429, &error_body(429, "x")), "retry-after", "0"),
            Reply::json(200, &json!({"messages": []})),
        ]),
        List,
        |o| {
            listed(o)?;
            requests(o, 2)
        },
    ));
    cases.push(case(
        "429 with a Retry-After over max_delay on a GET: not waited",
        Serve::Http(vec![with_header(
            Reply::json(429, &error_body(429, "x")),
            "retry-after",
            "30",
        )]),
        ListIn,
        |o| {
            ensure(
                api(o, 429)?.retry_after == Some(Duration::from_secs(30)),
                "retry_after 30 s",
            )?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "503 then 200 on a GET: retried",
        Serve::Http(vec![
            json_reply(503),
            Reply::json(200, &json!({"messages": [message(MESSAGE, "text")]})),
        ]),
        List,
        |o| {
            ensure(listed(o)?.messages.len() == 1, "the second answer")?;
            requests(o, 2)
        },
    ));
    cases.push(case(
        "500 then 200 on a PUT: retried",
        Serve::Http(vec![
            json_reply(500),
            Reply::json(200, &json!({"success": true})),
        ]),
        MarkRead,
        |o| {
            success(o)?;
            requests(o, 2)
        },
    ));
    cases.push(case(
        "503 then 201 on a send: not retried",
        Serve::Http(vec![json_reply(503), Reply::json(201, &sent_body())]),
        Document,
        |o| {
            api(o, 503)?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "redirect loop",
        Serve::Http(
            (0..20)
                .map(|_| with_header(reply(302, "text/plain", ""), "location", "/messages/list"))
                .collect(),
        ),
        List,
        |o| {
            transport(o)?;
            ensure(o.requests <= 11, "bounded redirects")
        },
    ));
    // --- transport-level behaviour (raw socket) ---
    cases.push(stalling(
        "headers, then a body slower than the timeout",
        Serve::Raw(vec![vec![
            Act::Read,
            Act::Write(head_then(100, r#"{"success""#)),
            Act::Sleep(Duration::from_secs(30)),
        ]]),
        MarkRead,
        timed_out,
    ));
    cases.push(stalling(
        "no answer at all within the timeout (GET)",
        Serve::Raw(vec![vec![Act::Read, Act::Sleep(Duration::from_secs(30))]]),
        List,
        |o| {
            timed_out(o)?;
            requests(o, 1)
        },
    ));
    cases.push(stalling(
        "no answer at all within the timeout (send)",
        Serve::Raw(vec![vec![Act::Read, Act::Sleep(Duration::from_secs(30))]]),
        Document,
        |o| {
            timed_out(o)?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "connection closed mid-body (Content-Length 1000, 10 bytes sent)",
        raw_once(head_then(1000, r#"{"success""#)),
        MarkRead,
        |o| {
            transport(o)?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "connection reset mid-body (RST)",
        Serve::Raw(vec![vec![
            Act::Read,
            Act::Write(head_then(1000, r#"{"sent": tru"#)),
            Act::Sleep(Duration::from_millis(50)),
            Act::Reset,
        ]]),
        Document,
        transport,
    ));
    cases.push(case(
        "connection closed before any answer (GET)",
        Serve::Raw(vec![vec![Act::Read]]),
        ListIn,
        |o| {
            transport(o)?;
            requests(o, 1)
        },
    ));
    cases.push(case(
        "not HTTP at all",
        raw_once(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()),
        Qr,
        transport,
    ));
    cases.push(case(
        "malformed status line",
        raw_once(b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n".to_vec()),
        Delete,
        transport,
    ));
    cases.push(case(
        "conflicting Content-Length headers",
        raw_once(
            b"HTTP/1.1 200 OK\r\nContent-Length: 17\r\nContent-Length: 3\r\n\r\n{\"success\":true}"
                .to_vec(),
        ),
        Delete,
        transport,
    ));
    cases.push(case(
        "invalid chunked encoding",
        raw_once(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".to_vec(),
        ),
        React,
        transport,
    ));
    let chunked = concat!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
        "Transfer-Encoding: chunked\r\n\r\n",
        "7\r\n{\"succe\r\n9\r\nss\":true}\r\n0\r\n\r\n",
    );
    cases.push(case(
        "valid chunked encoding",
        raw_once(chunked.into()),
        React,
        |o| ensure(success(o)?.success == Some(true), "success decoded"),
    ));
    cases.push(case(
        "too many response headers (200)",
        raw_once({
            let headers: Vec<(String, String)> = (0..200)
                .map(|i| (format!("X-Filler-{i}"), "v".to_owned()))
                .collect();
            let refs: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            raw::response(200, &refs, br#"{"success":true}"#)
        }),
        MarkRead,
        transport,
    ));
    cases.push(case(
        "connection refused (retried, then Transport)",
        Serve::Refused,
        List,
        transport,
    ));
    cases
}

fn json_reply(status: u16) -> Reply {
    Reply::json(status, &error_body(i64::from(status), "scripted"))
}

// ----- running a case -----

enum Server {
    Http(TestServer),
    Raw(RawServer),
    None,
}

impl Server {
    fn requests(&self) -> usize {
        match self {
            Server::Http(s) => s.take_seen().len(),
            Server::Raw(s) => s.requests().len(),
            Server::None => 0,
        }
    }
}

async fn call(client: &whapi::Client, op: Op) -> Result<Got, Error> {
    let m = client.messages();
    Ok(match op {
        Op::MarkRead => Got::Success(m.mark_read(MESSAGE).send().await?),
        Op::Delete => Got::Success(m.delete(MESSAGE).send().await?),
        Op::React => Got::Success(m.react(MESSAGE, "👍").send().await?),
        Op::List => Got::List(m.list().count(20).send().await?),
        Op::ListIn => Got::List(m.list_in(CHAT).count(20).send().await?),
        Op::Document => Got::Sent(Box::new(
            m.document(PHONE, Media::url("https://example.invalid/q3.pdf"))
                .caption("Q3")
                .send()
                .await?,
        )),
        Op::Location => Got::Sent(Box::new(
            m.location(PHONE, 51.5, -0.12).name("Office").send().await?,
        )),
        Op::Media => Got::Sent(Box::new(
            m.media(PHONE, Media::bytes(b"%PDF-1.7 adversarial".to_vec()))
                .send()
                .await?,
        )),
        Op::Qr => Got::Qr(client.users().login_qr().size(200).send().await?),
    })
}

async fn run(case: &Case) -> Outcome {
    let (server, url) = match &case.serve {
        Serve::Http(replies) => {
            let s = TestServer::start().await;
            for r in replies {
                s.reply(r.clone());
            }
            let url = s.url.clone();
            (Server::Http(s), url)
        }
        Serve::Raw(scripts) => {
            let s = RawServer::start(scripts.clone()).await;
            let url = s.url.clone();
            (Server::Raw(s), url)
        }
        Serve::Refused => (Server::None, raw::refused_url()),
    };
    let client = whapi::Client::builder()
        .token("adversarial-token")
        .base_url(url)
        .timeout(case.timeout)
        .retry(
            RetryPolicy::default()
                .initial_delay(Duration::from_millis(5))
                .max_delay(Duration::from_secs(1)),
        )
        .build()
        .expect("valid client settings");
    let result = call(&client, case.op).await;
    Outcome {
        result,
        requests: server.requests(),
    }
}

#[tokio::test]
async fn every_adversarial_response_ends_in_its_typed_outcome() {
    let cases = cases();
    let total = cases.len();
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in &cases {
        match tokio::time::timeout(HARD_LIMIT, run(case)).await {
            Err(_) => {
                println!(
                    "HUNG {} ({:?}): no outcome within {HARD_LIMIT:?}",
                    case.name, case.op
                );
                failures.push(format!("{}: hung past {HARD_LIMIT:?}", case.name));
            }
            Ok(outcome) => {
                let verdict = (case.check)(&outcome);
                println!(
                    "{} {} ({:?}, {} request(s)) -> {}",
                    if verdict.is_ok() { "ok  " } else { "FAIL" },
                    case.name,
                    case.op,
                    outcome.requests,
                    summary(&outcome.result)
                );
                match verdict {
                    Ok(()) => passed += 1,
                    Err(why) => failures.push(format!("{}: {why}", case.name)),
                }
            }
        }
    }
    println!("adversarial: {passed}/{total}");
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
    assert_eq!(passed, total);
    assert!(total >= 40, "at least 40 cases, have {total}");
}

/// A declared error status (429 on a send) whose body is not the error shape,
/// as a rate-limiting proxy sends it, must still report `Retry-After`: the
/// caller cannot retry the send correctly without it.
#[tokio::test]
async fn retry_after_survives_a_declared_error_status_with_a_non_json_body() {
    let server = TestServer::start().await;
    server.reply(with_header(
        reply(429, "text/plain", "Too Many Requests"),
        "retry-after",
        "7",
    ));
    let client = whapi::Client::builder()
        .token("adversarial-token")
        .base_url(&server.url)
        .build()
        .expect("valid client settings");
    let result = tokio::time::timeout(
        HARD_LIMIT,
        client
            .messages()
            .document(PHONE, Media::url("https://example.invalid/q3.pdf"))
            .send(),
    )
    .await
    .expect("no hang");
    let error = result.expect_err("429 is an error");
    assert_eq!(error.status(), Some(429));
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(7)),
        "{error:?}"
    );
}

/// The control for the unknown-enum cases: a listed value stays `Known`.
#[test]
fn known_qr_status_still_decodes_as_known() {
    let q: types::Qr = serde_json::from_value(json!({"status": "WAITING"})).expect("decodes");
    assert_eq!(q.status, OpenEnum::Known(QrStatusKnown::Waiting));
}
