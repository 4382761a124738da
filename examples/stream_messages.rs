//! Streams every message of a chat, page by page, holding one page at a time.
//!
//! `cargo run --example stream_messages` (embedded mock; sends a few
//! messages first so there is something to page through).

mod common;

use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, to, mock) = common::connect().await?;
    if mock.is_some() {
        for (i, city) in [
            (52.52, 13.40),
            (48.86, 2.35),
            (51.51, -0.13),
            (40.71, -74.01),
            (35.68, 139.69),
        ]
        .iter()
        .enumerate()
        {
            client
                .messages()
                .location(to.as_str(), city.0, city.1)
                .name(format!("stop {}", i + 1))
                .send()
                .await?;
        }
    }
    let mut stream = std::pin::pin!(
        client
            .messages()
            .list_in(to.as_str())
            .count(2)
            .into_stream()
    );
    let mut n = 0;
    while let Some(message) = stream.try_next().await? {
        n += 1;
        println!("{n:>3}. {} {}", message.id, message.type_);
    }
    println!("{n} message(s), fetched 2 per page");
    Ok(())
}
