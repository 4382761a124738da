//! Sends a document, then lists the chat's messages.
//!
//! `cargo run --example quickstart` runs against the embedded mock server;
//! with `WHAPI_TOKEN` and `WHAPI_TO` set it talks to Whapi.Cloud.

mod common;

use whapi::Media;

/// A one-page PDF, so the example needs no file on disk.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, to, _mock) = common::connect().await?;

    let sent = client
        .messages()
        .document(to.as_str(), Media::bytes(PDF).file_name("hello.pdf"))
        .caption("Hello from whapi-rs")
        .send()
        .await?;
    match &sent.message {
        Some(m) => println!(
            "sent document {} to {} (status {})",
            m.id,
            m.chat_id,
            m.status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
        None => println!("sent: {}", sent.sent),
    }

    let page = client
        .messages()
        .list_in(to.as_str())
        .count(10)
        .send()
        .await?;
    println!(
        "the chat has {} message(s); newest {}:",
        page.total.unwrap_or_default(),
        page.messages.len()
    );
    for m in &page.messages {
        println!(
            "  {} {:<10} from_me={} at {}",
            m.id,
            m.type_.to_string(),
            m.from_me,
            m.timestamp
        );
    }
    Ok(())
}
