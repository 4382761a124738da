//! An echo bot: receives Whapi's webhooks through `whapi::webhooks::receiver`
//! and answers each incoming text with `client.messages().text(..)`, ignoring
//! its own messages (`from_me`) so that it never answers itself.
//!
//! `cargo run --example echo_bot` runs a whole conversation offline: the
//! embedded mock server plays Whapi. The bot registers its hook through
//! `client.settings().webhooks()`, a contact's texts are injected into the
//! mock, the mock delivers them to the bot, the bot's answers come back as
//! its own messages (ignored) followed by their statuses, and the example
//! prints it all and exits once the last answer is read. Nothing sleeps:
//! every step waits on the event it needs.
//!
//! Against Whapi.Cloud, serve the same router on a public URL and register it
//! once with the same `upsert`.

use std::time::Duration;
use tokio::sync::mpsc;
use whapi::mock::MockServer;
use whapi::settings::Hook;
use whapi::types::{EventMethodKnown as Method, WebhookEventTypeTypeKnown as Type};
use whapi::webhooks::{Delivery, Event, ReceiverConfig, receiver};

/// The static header Whapi is told to send with every delivery.
const SECRET: &str = "Bearer echo-bot-secret";
/// The contact writing to the bot.
const ADA: &str = "15550001111";
/// Only a broken bot or mock takes this long for one step.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// One thing the bot did, for the transcript.
struct Note {
    line: String,
    /// The bot answered a text.
    answered: bool,
    /// The bot ignored its own message.
    ignored_own: bool,
    /// A message of the bot was read: the end of an exchange.
    read: bool,
}

impl Note {
    fn line(line: String) -> Note {
        Note {
            line,
            answered: false,
            ignored_own: false,
            read: false,
        }
    }
}

/// The bot itself: answers texts, ignores its own messages.
async fn handle(client: &whapi::Client, delivery: Delivery, log: &mpsc::UnboundedSender<Note>) {
    match &delivery.event {
        Event::Messages(items) => {
            for item in items {
                let _ = log.send(on_message(client, item).await);
            }
        }
        Event::Statuses(items) => {
            for status in items.iter().filter_map(|i| i.get()) {
                let mut note = Note::line(format!("  ({} is {})", status.id, status.status));
                note.read = status.status.to_string() == "read";
                let _ = log.send(note);
            }
        }
        other => {
            let _ = log.send(Note::line(format!("  (a {:?} event)", other.key())));
        }
    }
}

async fn on_message(
    client: &whapi::Client,
    item: &whapi::webhooks::Item<whapi::types::Message>,
) -> Note {
    let Some(message) = item.get() else {
        return Note::line(format!(
            "  (an item that did not decode: {:?})",
            item.error()
        ));
    };
    if message.from_me {
        // Our own answer coming back: answering it would loop forever.
        let mut note = Note::line(format!("  (ignored our own message {})", message.id));
        note.ignored_own = true;
        return note;
    }
    let who = message
        .from_name
        .clone()
        .or_else(|| message.from.clone())
        .unwrap_or_else(|| message.chat_id.clone());
    let Some(text) = message.text.as_ref().and_then(|t| t.body.clone()) else {
        return Note::line(format!(
            "  (ignored a {} message from {who})",
            message.type_
        ));
    };
    let reply = format!("You said: {text}");
    let sent = client
        .messages()
        .text(message.chat_id.as_str(), reply.as_str())
        .quoted(message.id.as_str())
        .send()
        .await;
    match sent {
        Ok(sent) => {
            let id = sent.message.map(|m| m.id).unwrap_or_default();
            let mut note = Note::line(format!("< {who}: {text}\n> bot: {reply}   [sent {id}]"));
            note.answered = true;
            note
        }
        Err(e) => Note::line(format!("< {who}: {text}\n  (could not answer: {e})")),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The API side: the embedded mock server, playing Whapi.
    let mock = MockServer::start().await?;
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

    // Registered once, as against Whapi.Cloud.
    let hook = Hook::new(hook_url.as_str())
        .event(Type::Messages, Method::Post)
        .event(Type::Statuses, Method::Post)
        .header("Authorization", SECRET);
    client.settings().webhooks().upsert(hook).await?;
    println!(
        "echo bot listening on {hook_url}, API mock at {}\n",
        mock.url()
    );

    let texts = ["Hello", "How are you?", "Bye!"];
    let (mut answered, mut ignored) = (0, 0);
    for text in texts {
        mock.inject_message(ADA, text);
        // One exchange: the text, the answer, the answer coming back, its
        // statuses; it ends when the answer is read.
        loop {
            let note = tokio::time::timeout(STEP_TIMEOUT, transcript.recv())
                .await
                .map_err(|_| format!("no event within {STEP_TIMEOUT:?} after {text:?}"))?
                .ok_or("the bot stopped")?;
            println!("{}", note.line);
            answered += usize::from(note.answered);
            ignored += usize::from(note.ignored_own);
            if note.read {
                break;
            }
        }
    }

    let deliveries = mock.deliveries();
    let refused = deliveries.iter().filter(|d| d.status != Some(200)).count();
    println!(
        "\n{answered} of {} texts answered, {ignored} own messages ignored, {} webhook deliveries ({refused} refused)",
        texts.len(),
        deliveries.len()
    );
    if answered != texts.len() || ignored != texts.len() || refused != 0 {
        return Err("the conversation did not go as expected".into());
    }
    Ok(())
}
