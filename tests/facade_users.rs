//! The users facade: the login QR request and its response.

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use support::{Reply, Seen, TOKEN, TestServer, serve_reply as serve};
use whapi::OpenEnum;
use whapi::types::QrStatusKnown;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// The one request seen: a bodiless GET of /users/login with auth.
fn only_login_request(server: &TestServer) -> Seen {
    let mut seen = server.take_seen();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    let seen = seen.remove(0);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/users/login");
    assert!(seen.body.is_empty());
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(seen.header("authorization"), Some(auth.as_str()));
    assert!(
        seen.header("user-agent")
            .is_some_and(|a| a.starts_with("whapi-rs/"))
    );
    seen
}

#[tokio::test]
async fn login_qr_without_options_sends_no_query() {
    let body =
        json!({"status": "OK", "base64": STANDARD.encode(PNG), "expire": 20, "rowdata": "2@abc"});
    let (server, client) = serve(Reply::json(200, &body)).await;
    let qr = client.users().login_qr().send().await.expect("ok");
    assert_eq!(qr.status, OpenEnum::Known(QrStatusKnown::Ok));
    assert_eq!(qr.expire, Some(20.0));
    assert_eq!(qr.rowdata.as_deref(), Some("2@abc"));
    assert_eq!(qr.png().expect("valid base64"), PNG);
    let seen = only_login_request(&server);
    assert_eq!(seen.query, None, "no option was set");
}

#[tokio::test]
async fn login_qr_sends_every_option() {
    let data_url = format!("data:image/png;base64,{}", STANDARD.encode(PNG));
    let body = json!({"status": "OK", "base64": data_url});
    let (server, client) = serve(Reply::json(200, &body)).await;
    let qr = client
        .users()
        .login_qr()
        .wakeup(false)
        .size(400)
        .width(500)
        .height(600)
        .color_dark("#122e31")
        .color_light("#FFFFFF")
        .send()
        .await
        .expect("ok");
    // A data URL decodes too.
    assert_eq!(qr.png().expect("valid base64"), PNG);
    let seen = only_login_request(&server);
    let expected: std::collections::BTreeMap<String, String> = [
        ("wakeup", "false"),
        ("size", "400"),
        ("width", "500"),
        ("height", "600"),
        ("color_dark", "#122e31"),
        ("color_light", "#FFFFFF"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(seen.query_pairs(), expected);
    assert_eq!(seen.query_list().len(), 6, "no key repeated");
}

#[tokio::test]
async fn login_qr_while_waiting_has_no_image() {
    let (server, client) = serve(Reply::json(200, &json!({"status": "WAITING"}))).await;
    let qr = client
        .users()
        .login_qr()
        .size(100)
        .send()
        .await
        .expect("ok");
    assert_eq!(qr.status, OpenEnum::Known(QrStatusKnown::Waiting));
    assert!(matches!(
        qr.png(),
        Err(whapi::Error::Decode(e)) if e.path == "base64"
    ));
    let seen = only_login_request(&server);
    assert_eq!(seen.query.as_deref(), Some("size=100"));
}

#[tokio::test]
async fn login_qr_with_an_unknown_status_decodes() {
    let (_server, client) = serve(Reply::json(200, &json!({"status": "EXPIRED"}))).await;
    let qr = client.users().login_qr().send().await.expect("open enum");
    assert_eq!(qr.status, OpenEnum::Unknown("EXPIRED".into()));
}

#[tokio::test]
async fn login_qr_with_broken_base64_fails_to_decode_the_image() {
    let (_server, client) = serve(Reply::json(
        200,
        &json!({"status": "OK", "base64": "not base64!"}),
    ))
    .await;
    let qr = client.users().login_qr().send().await.expect("ok");
    assert!(matches!(
        qr.png(),
        Err(whapi::Error::Decode(e)) if e.path == "base64"
    ));
}
