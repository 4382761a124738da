//! The client: builder checks, the token kept out of every printout, the
//! environment, and the raw client sharing auth and user agent.

mod support;

use serde_json::json;
use std::time::Duration;
use support::{Reply, Seen, TOKEN, TestServer, client, stalling_server};
use whapi::{Client, ClientBuilder, Error, RetryPolicy};

const MSG: &str = "ABCDEF012345-gBcdefghIjk";

fn assert_invalid(result: Result<Client, Error>, argument: &str) {
    match result {
        Err(e @ Error::InvalidInput { .. }) => {
            let text = support::error_text(&e);
            assert!(!text.contains("SECRET"), "the token leaked: {text}");
            let Error::InvalidInput {
                argument: named, ..
            } = e
            else {
                unreachable!()
            };
            assert_eq!(named, argument, "{text}");
        }
        Err(other) => panic!("expected InvalidInput `{argument}`, got {other:?}"),
        Ok(client) => panic!("expected InvalidInput `{argument}`, got {client:?}"),
    }
}

fn valid() -> ClientBuilder {
    Client::builder()
        .token(TOKEN)
        .base_url("http://127.0.0.1:9")
}

fn assert_authorized(seen: &Seen) {
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(seen.header("authorization"), Some(auth.as_str()));
    assert_eq!(seen.header("user-agent"), Some(whapi::USER_AGENT));
    assert!(whapi::USER_AGENT.starts_with("whapi-rs/"));
}

#[test]
fn the_builder_rejects_bad_tokens() {
    assert_invalid(Client::builder().build(), "token");
    assert_invalid(Client::builder().token("").build(), "token");
    assert_invalid(Client::builder().token(" \t ").build(), "token");
    assert_invalid(
        Client::builder().token(format!("{TOKEN}\n")).build(),
        "token",
    );
    assert_invalid(
        Client::builder()
            .token(format!("{TOKEN}\r\nX-Evil: 1"))
            .build(),
        "token",
    );
}

#[test]
fn the_builder_rejects_bad_base_urls() {
    for url in [
        "ftp://x",
        "not a url",
        "",
        "http://user:pw@host",
        "http://user@host",
        "file:///etc/passwd",
    ] {
        assert_invalid(valid().base_url(url).build(), "base_url");
    }
}

#[test]
fn the_builder_rejects_a_zero_timeout() {
    assert_invalid(valid().timeout(Duration::ZERO).build(), "timeout");
}

#[test]
fn the_builder_accepts_good_settings() {
    valid().build().expect("defaults");
    valid()
        .base_url("https://gate.whapi.cloud/")
        .timeout(Duration::from_millis(1))
        .connect_timeout(Duration::from_secs(1))
        .retry(RetryPolicy::none())
        .build()
        .expect("all set");
    Client::builder()
        .token(TOKEN)
        .build()
        .expect("the default base URL");
}

#[test]
fn debug_output_never_shows_the_token() {
    let builder = valid().timeout(Duration::from_secs(5));
    let shown = format!("{builder:?} {builder:#?}");
    assert!(
        !shown.contains(TOKEN) && !shown.contains("SECRET"),
        "{shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");

    let client = builder.build().expect("client");
    let shown = format!("{client:?} {client:#?} {:?}", client.raw());
    assert!(
        !shown.contains(TOKEN) && !shown.contains("SECRET"),
        "{shown}"
    );
    assert!(shown.contains("http://127.0.0.1:9"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!format!("{:?}", client.clone()).contains("SECRET"));
}

#[tokio::test]
async fn from_env_reads_token_and_base_url() {
    let server = TestServer::start().await;
    server.reply(Reply::json(
        200,
        &json!({"messages": [], "count": 1, "offset": 0}),
    ));
    let saved: Vec<_> = ["WHAPI_TOKEN", "WHAPI_BASE_URL"]
        .into_iter()
        .map(|k| (k, std::env::var_os(k)))
        .collect();
    // SAFETY: this is the only test of this binary that touches the
    // environment, and nothing else here reads it.
    unsafe {
        std::env::remove_var("WHAPI_TOKEN");
        std::env::set_var("WHAPI_BASE_URL", &server.url);
    }
    let missing = Client::from_env();
    unsafe {
        std::env::set_var("WHAPI_TOKEN", "");
    }
    let empty = Client::from_env();
    unsafe {
        std::env::set_var("WHAPI_TOKEN", TOKEN);
        std::env::set_var("WHAPI_BASE_URL", "ftp://x");
    }
    let bad_url = Client::from_env();
    unsafe {
        std::env::set_var("WHAPI_BASE_URL", &server.url);
    }
    let from_env = Client::from_env();
    unsafe {
        for (k, v) in &saved {
            match v {
                Some(v) => std::env::set_var(k, v),
                None => std::env::remove_var(k),
            }
        }
    }
    assert_invalid(missing, "WHAPI_TOKEN");
    assert_invalid(empty, "token");
    assert_invalid(bad_url, "base_url");
    let client = from_env.expect("a client from the environment");
    client.messages().list().send().await.expect("listed");
    let seen = server.take_seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/messages/list");
    assert_authorized(&seen[0]);
}

#[tokio::test]
async fn raw_calls_carry_the_same_auth_and_user_agent() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &json!({"success": true})));
    let client = client(&server.url);
    let done = client
        .raw()
        .delete_message()
        .message_id(MSG)
        .send()
        .await
        .expect("deleted")
        .into_inner();
    assert_eq!(done.success, Some(true));
    let seen = server.take_seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "DELETE");
    assert_eq!(seen[0].path, format!("/messages/{MSG}"));
    assert_authorized(&seen[0]);
}

#[tokio::test]
async fn a_trailing_slash_and_a_path_prefix_in_the_base_url_are_kept_right() {
    let server = TestServer::start().await;
    let page = json!({"messages": [], "count": 1, "offset": 0});
    server.reply_times(Reply::json(200, &page), 2);
    for base in [
        format!("{}/", server.url),
        format!("{}/gateway/", server.url),
    ] {
        client(&base)
            .messages()
            .list()
            .send()
            .await
            .expect("listed");
    }
    let paths: Vec<_> = server.take_seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/messages/list", "/gateway/messages/list"]);

    // The sends build their URL from the base the client parsed once.
    server.reply_times(Reply::json(200, &json!({"sent": true})), 4);
    for base in [
        server.url.clone(),
        format!("{}/", server.url),
        format!("{}/gateway", server.url),
        format!("{}/gateway/", server.url),
    ] {
        client(&base)
            .messages()
            .text("15551234567", "hi")
            .send()
            .await
            .expect("sent");
    }
    let paths: Vec<_> = server.take_seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/messages/text",
            "/messages/text",
            "/gateway/messages/text",
            "/gateway/messages/text"
        ]
    );
}

#[tokio::test]
async fn a_custom_http_client_still_gets_auth_user_agent_and_timeout() {
    let server = TestServer::start().await;
    server.reply(Reply::json(200, &json!({"success": true})));
    let custom = Client::builder()
        .token(TOKEN)
        .base_url(&server.url)
        .retry(RetryPolicy::none())
        .http_client(reqwest::Client::new())
        .build()
        .expect("client");
    custom.messages().mark_read(MSG).send().await.expect("read");
    let seen = server.take_seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "PUT");
    assert_authorized(&seen[0]);

    let stalled = Client::builder()
        .token(TOKEN)
        .base_url(stalling_server().await)
        .timeout(Duration::from_millis(200))
        .http_client(reqwest::Client::new())
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    let result = stalled.messages().mark_read(MSG).send().await;
    assert!(
        matches!(result, Err(Error::Timeout(t)) if t == Duration::from_millis(200)),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn clones_share_settings() {
    let server = TestServer::start().await;
    server.reply_times(Reply::json(200, &json!({"success": true})), 2);
    let client = client(&server.url);
    let clone = client.clone();
    drop(client);
    clone.messages().delete(MSG).send().await.expect("deleted");
    clone
        .messages()
        .react(MSG, "🎉")
        .send()
        .await
        .expect("reacted");
    for seen in server.take_seen() {
        assert_authorized(&seen);
    }
}
