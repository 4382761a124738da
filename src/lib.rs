//! Typed Rust SDK for the Whapi.Cloud WhatsApp REST API.
//!
//! The client is generated at build time from the OpenAPI spec in
//! `spec/whapi.openapi.json` (rebuilt from Whapi's documented responses);
//! this crate's facade puts handlers and builders on top:
//!
//! ```no_run
//! # async fn run() -> Result<(), whapi::Error> {
//! let client = whapi::Client::from_env()?; // WHAPI_TOKEN, optional WHAPI_BASE_URL
//! client
//!     .messages()
//!     .document("15551234567", whapi::Media::path("invoice.pdf"))
//!     .caption("Your invoice")
//!     .send()
//!     .await?;
//! let page = client.messages().list_in("15551234567").count(20).send().await?;
//! for message in page.messages {
//!     println!("{} {} {}", message.id, message.type_, message.from_me);
//! }
//! # Ok(()) }
//! ```
//!
//! - **Inputs** are checked before any request: [`ChatId`] accepts phone
//!   numbers and chat IDs, [`MessageId`] message IDs, [`Media`] URLs, files,
//!   bytes, base64 and media IDs (MIME type detected).
//! - **Outputs** are the generated types in [`types`]; response enums are
//!   [`OpenEnum`]s, so a value Whapi adds later decodes as `Unknown`.
//! - **Errors** are one type, [`Error`]: the API's error (status, code,
//!   message, `Retry-After`), transport, timeout, decode (with the JSON path
//!   and a body excerpt), invalid input.
//! - **Retries** follow [`RetryPolicy`]: reads and updates retry on 429/5xx
//!   and connect errors; sends retry only when the request never left, so a
//!   message is never sent twice.
//! - **Tracing**: one `whapi.call` span per call (operation, method, status,
//!   attempt, latency; the operation in snake case, as the generated method
//!   is named: `send_message_document`); never the token, never message
//!   bodies.
//! - **Pagination**: [`ListMessages::into_stream`](messages::ListMessages::into_stream).
//! - **Escape hatch**: [`Client::raw`] is the generated client, same auth.
//! - **Webhooks**: [`webhooks::parse`] turns a delivery into typed events
//!   (any web framework); the `webhooks-axum` feature adds a ready receiver;
//!   `Client::settings` (feature `channel`) configures the hooks.
//! - **Offline tests**: the `mock` feature (off by default) gives
//!   `whapi::mock::MockServer`, serving every operation on 127.0.0.1; turn
//!   it on for your tests only:
//!   `[dev-dependencies] whapi = { version = "0.1", features = ["mock"] }`.
//!
//! Features: `rustls` (default) or `native-tls` for TLS; `mock`;
//! `webhooks-axum`; one per API area (see the README).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated client and its runtime: a crate of its own (spec/), so a
// facade edit does not re-check them.
use whapi_api as api;
use whapi_api::{data_url, error, ids, retry, state};
// The per-call machinery serves the facade's handlers; with none of their
// areas enabled only `client.raw()` is left, and these go unused.
#[cfg_attr(
    not(any(
        feature = "messages",
        feature = "users",
        feature = "channel",
        feature = "chats",
        feature = "contacts",
        feature = "groups",
        feature = "presences"
    )),
    allow(dead_code)
)]
mod call;
#[cfg_attr(
    not(any(
        feature = "messages",
        feature = "users",
        feature = "channel",
        feature = "chats",
        feature = "contacts",
        feature = "groups",
        feature = "presences"
    )),
    allow(dead_code)
)]
mod client;
// Media input serves the messages and media facades.
#[cfg_attr(not(any(feature = "messages", feature = "media")), allow(dead_code))]
pub mod media;
#[cfg(feature = "messages")]
#[cfg_attr(docsrs, doc(cfg(feature = "messages")))]
pub mod messages;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
#[cfg_attr(
    not(any(
        feature = "messages",
        feature = "media",
        feature = "chats",
        feature = "contacts",
        feature = "groups"
    )),
    allow(dead_code)
)]
mod paging;
#[cfg(feature = "channel")]
#[cfg_attr(docsrs, doc(cfg(feature = "channel")))]
pub mod settings;
#[cfg(feature = "users")]
#[cfg_attr(docsrs, doc(cfg(feature = "users")))]
pub mod users;
pub mod webhooks;

// The handlers of the other areas (client.chats(), .contacts(),
// .presences(), .groups(), .channel()).
#[cfg(feature = "channel")]
#[cfg_attr(docsrs, doc(cfg(feature = "channel")))]
pub mod channel;
#[cfg(feature = "chats")]
#[cfg_attr(docsrs, doc(cfg(feature = "chats")))]
pub mod chats;
#[cfg(feature = "contacts")]
#[cfg_attr(docsrs, doc(cfg(feature = "contacts")))]
pub mod contacts;
#[cfg(feature = "groups")]
#[cfg_attr(docsrs, doc(cfg(feature = "groups")))]
pub mod groups;
#[cfg(feature = "presences")]
#[cfg_attr(docsrs, doc(cfg(feature = "presences")))]
pub mod presences;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, BODY_EXCERPT_LIMIT, DecodeError, Error};
pub use ids::{ChatId, IntoChatId};
#[cfg(feature = "messages")]
#[cfg_attr(docsrs, doc(cfg(feature = "messages")))]
pub use ids::{IntoMessageId, MessageId};
pub use media::Media;
pub use whapi_api::OpenEnum;
pub use whapi_api::RetryPolicy;
pub use whapi_api::SecretHeaders;
pub use whapi_api::state::{DEFAULT_BASE_URL, USER_AGENT};

/// The generated request and response types.
pub use api::types;

/// The generated client: every operation of the spec, builder style. Reach
/// it with [`Client::raw`].
///
/// Built by hand (`raw::Client::new(url, Default::default())`), it has no
/// credentials and the default timeout and retries; its state type is
/// internal.
pub mod raw {
    pub use crate::api::builder;
    pub use crate::api::{Client, ClientInfo, Error, ResponseValue};
}
