//! An echo bot: receives Whapi's webhooks through `whapi::webhooks::receiver`
//! and answers each incoming text with `client.messages().text(..)`, ignoring
//! its own messages (`from_me`) so that it never answers itself.
//!
//! `cargo run --example echo_bot` runs offline: the sends go to the embedded
//! mock server, and since the mock does not deliver webhooks yet, the example
//! posts a few documented deliveries to its own receiver on 127.0.0.1 (one of
//! them twice, as Whapi retries), prints the conversation and exits.
//!
//! Against Whapi.Cloud, serve the same router on a public URL and register it
//! once with `client.settings().webhooks().upsert(Hook::new(url)…)`.

use serde_json::json;
use std::time::Duration;
use tokio::sync::mpsc;
use whapi::webhooks::{Delivery, Event, ReceiverConfig, receiver};

/// The static header Whapi is told to send with every delivery.
const SECRET: &str = "Bearer echo-bot-secret";

/// What the bot did with one delivery, for the transcript.
type Log = mpsc::UnboundedSender<String>;

async fn handle(client: &whapi::Client, delivery: Delivery, log: &Log) {
    let line = match &delivery.event {
        Event::Messages(items) => {
            let mut lines = Vec::new();
            for item in items {
                let Some(message) = item.get() else {
                    lines.push(format!(
                        "  (an item that did not decode: {:?})",
                        item.error()
                    ));
                    continue;
                };
                if message.from_me {
                    lines.push(format!("  (ignored our own message {})", message.id));
                    continue;
                }
                let who = message
                    .from_name
                    .clone()
                    .unwrap_or_else(|| message.chat_id.clone());
                let Some(text) = message.text.as_ref().and_then(|t| t.body.clone()) else {
                    lines.push(format!(
                        "  (ignored a {} message from {who})",
                        message.type_
                    ));
                    continue;
                };
                lines.push(format!("< {who}: {text}"));
                let reply = format!("You said: {text}");
                match client
                    .messages()
                    .text(message.chat_id.as_str(), reply.as_str())
                    .quoted(message.id.as_str())
                    .send()
                    .await
                {
                    Ok(sent) => lines.push(format!(
                        "> bot: {reply}   [sent {}]",
                        sent.message.map(|m| m.id).unwrap_or_default()
                    )),
                    Err(e) => lines.push(format!("  (could not answer: {e})")),
                }
            }
            lines.join("\n")
        }
        Event::Statuses(items) => items
            .iter()
            .filter_map(|i| i.get())
            .map(|s| format!("  (message {} is {})", s.id, s.status))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("  (a {:?} event)", other.key()),
    };
    let _ = log.send(line);
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The API side: the embedded mock server.
    let mock = whapi::mock::MockServer::start().await?;
    let client = whapi::Client::builder()
        .token("mock-token")
        .base_url(mock.url())
        .build()?;

    // The bot: a receiver handing each delivery to `handle`.
    let (log, mut transcript) = mpsc::unbounded_channel();
    let bot = client.clone();
    let hooks = receiver(
        ReceiverConfig::new("Authorization", SECRET),
        move |delivery| {
            let (bot, log) = (bot.clone(), log.clone());
            async move { handle(&bot, delivery, &log).await }
        },
    );
    let app = axum::Router::new().nest("/hook", hooks);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hook_url = format!("http://{}/hook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!(
        "echo bot listening on {hook_url}, API mock at {}\n",
        mock.url()
    );

    // What Whapi would post (documented shapes; see tests/fixtures/webhooks).
    let hello = json!({"messages": [{"id": "p.w30M7fgwWD4XwHu.g4CA-gBgTwl0rVw", "from_me": false, "type": "text",
        "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1712995245, "source": "mobile",
        "text": {"body": "Hello"}, "from": "15550001111", "from_name": "Ada"}],
        "event": {"type": "messages", "event": "post"}, "channel_id": "MANTIS-M72HC"});
    let own = json!({"messages": [{"id": "yqLtD.vWBRfgcUw-0qgBq53al769NA-AYk9hYU", "from_me": true, "type": "text",
        "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1734153336, "source": "api",
        "text": {"body": "You said: Hello"}, "from": "15550009999"}],
        "event": {"type": "messages", "event": "post"}, "channel_id": "MANTIS-M72HC"});
    let read = json!({"statuses": [{"id": "yqLtD.vWBRfgcUw-0qgBq53al769NA-AYk9hYU", "code": 4, "status": "read",
        "recipient_id": "15550001111@s.whatsapp.net", "timestamp": "1734153340"}], "channel_id": "MANTIS-M72HC"});
    let image = json!({"messages": [{"id": "PyWvS_RV2MaNkQ-0lwBq53MttdwGQ-AYk9hYU", "from_me": false, "type": "image",
        "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1734153834, "source": "mobile",
        "image": {"id": "jpeg-3f25af4bf455d8c68d91-d25c01ab9dccb6d77019-01893d8585", "mime_type": "image/jpeg"},
        "from": "15550001111", "from_name": "Ada"}], "channel_id": "MANTIS-M72HC"});
    let how = json!({"messages": [{"id": "qAbCdEfGhIjKlMnOpQrStU-wxyz", "from_me": false, "type": "text",
        "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1734153900, "source": "mobile",
        "text": {"body": "How are you?"}, "from": "15550001111", "from_name": "Ada"}], "channel_id": "MANTIS-M72HC"});
    let deliveries = [
        ("POST", "", &hello, "an incoming text (body mode)"),
        ("POST", "", &hello, "the same delivery, retried"),
        ("POST", "", &own, "our own answer coming back"),
        (
            "POST",
            "/statuses/post",
            &read,
            "a read receipt (path mode)",
        ),
        ("POST", "/messages", &image, "an image (method mode)"),
        ("POST", "/messages", &how, "another text (method mode)"),
    ];
    let http = reqwest::Client::new();
    for (method, path, body, what) in deliveries {
        let response = http
            .request(method.parse()?, format!("{hook_url}{path}"))
            .header("Authorization", SECRET)
            .json(body)
            .send()
            .await?;
        let answer = response.status();
        let text = response.text().await.unwrap_or_default();
        println!("posted {what}: {answer} {text}");
    }
    let unauthenticated = http.post(&hook_url).json(&hello).send().await?.status();
    println!("posted without the header: {unauthenticated}\n");

    // The retry is answered 200 but handled once: five deliveries reach the bot.
    let mut lines = Vec::new();
    while lines.len() < 5 {
        match tokio::time::timeout(Duration::from_secs(10), transcript.recv()).await {
            Ok(Some(line)) => lines.push(line),
            _ => return Err(format!("the bot handled {} of 5 deliveries", lines.len()).into()),
        }
    }
    println!("conversation:\n{}", lines.join("\n"));
    let answered = lines.iter().filter(|l| l.contains("> bot:")).count();
    if answered != 2 || unauthenticated != 401 {
        return Err(
            format!("expected 2 answers and a 401, got {answered} and {unauthenticated}").into(),
        );
    }
    println!("\n{answered} texts answered, our own message ignored, the retry handled once");
    Ok(())
}
