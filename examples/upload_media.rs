//! Uploads a file as the request body of a media message, with its real
//! Content-Type. `cargo run --example upload_media [FILE]` (a small PNG made
//! in memory when no file is given).

mod common;

use whapi::Media;

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, to, mock) = common::connect().await?;
    let media = match std::env::args().nth(1) {
        Some(path) => Media::path(path),
        None => Media::bytes(PNG),
    };
    let sent = client
        .messages()
        .media(to.as_str(), media)
        .caption("uploaded by whapi-rs")
        .send()
        .await?;
    if let Some(m) = &sent.message {
        println!("sent {} message {} to {}", m.type_, m.id, m.chat_id);
    }
    if let Some(mock) = mock {
        for request in mock.requests_for("sendMediaMessage") {
            println!(
                "the server received {} bytes as {}",
                request.body.len(),
                request.header("content-type").unwrap_or("?")
            );
        }
    }
    Ok(())
}
