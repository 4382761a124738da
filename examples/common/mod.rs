//! Shared by the examples: a client for Whapi.Cloud when `WHAPI_TOKEN` is
//! set, else for the embedded mock server on 127.0.0.1.

use whapi::mock::MockServer;

/// The client, the recipient, and the mock server to keep alive (if any).
pub async fn connect()
-> Result<(whapi::Client, String, Option<MockServer>), Box<dyn std::error::Error>> {
    if std::env::var_os("WHAPI_TOKEN").is_some() {
        let to = std::env::var("WHAPI_TO").map_err(
            |_| "WHAPI_TOKEN is set: also set WHAPI_TO to the phone number or chat ID to send to",
        )?;
        return Ok((whapi::Client::from_env()?, to, None));
    }
    let mock = MockServer::start().await?;
    println!(
        "WHAPI_TOKEN is not set: using the embedded mock server at {}",
        mock.url()
    );
    let client = whapi::Client::builder()
        .token("mock-token")
        .base_url(mock.url())
        .build()?;
    Ok((client, "15551234567".to_owned(), Some(mock)))
}
