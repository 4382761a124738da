//! An embedded mock of the Whapi API, for offline tests and examples.
//!
//! [`MockServer::start`] runs a real HTTP server on `127.0.0.1` (a free port)
//! that serves every operation of the spec the client was generated from:
//! `spec/whapi.openapi.json` kept to the enabled API areas (cargo features),
//! as [`MockServer::spec_json`] shows it.
//!
//! * **Routing** comes from the spec. An unknown path is a 404; a known path
//!   with another method is a 405 with an `Allow` header.
//! * **Validation** follows the spec, answering in the API's error shape
//!   `{"error": {"code", "message", "details"}}`: a token is required
//!   (`Authorization: Bearer <any token>` or `?token=<any token>`, else 401);
//!   path and query parameters are checked against their schemas (400 naming
//!   the parameter and value; `explode: false` arrays are comma-separated);
//!   JSON bodies must be objects with the required fields, of the right types
//!   and patterns (400 naming the field; a `oneOf`/`anyOf` takes any member
//!   that fits); multipart and form bodies are accepted as they come; uploads
//!   must use one of the operation's media types or `application/octet-stream`
//!   (else 415) and must not be empty.
//! * **Default answers** are the spec's success examples, or, where the spec
//!   has none, a minimal valid body built from the response schema (required
//!   properties and the scalars around them; non-JSON answers are a few bytes
//!   of the documented type, a PNG for images; HEAD answers have no body).
//!   Sends (every operation answering a `SentMessage`) are made plausible:
//!   they return a fresh message (`id` `MOCK0000000001-whapi`, ...,
//!   timestamps `1_700_000_001`, ... from a fake clock, `from_me: true`,
//!   `status: "sent"`, the content under the type's key), and are kept, so
//!   `GET /messages/list[/{ChatID}]` lists them, newest first, honouring
//!   `count`, `offset`, `time_from`, `time_to`, `from_me` and `sort`; the
//!   list's `count` is the number of messages returned and `total` the number
//!   matching. Marking as read, reacting and deleting succeed for any
//!   well-formed message id, known to the mock or not (real ids come from
//!   elsewhere); deleting also removes the message from the list.
//!   `GET /users/login` returns a QR code that is a 1x1 PNG ([`PNG_1X1`]).
//!   Uploads (`POST /media`) and media sends answer fresh media ids in the
//!   spec's `MediaID` shape (`pdf-0000…0001`), usable in any send.
//! * **Overrides** replace the default for one operation, persistently or
//!   once ([`MockServer::on`]). Validation runs before them, so a malformed
//!   request still gets its 400, unless registered with
//!   [`OverrideBuilder::skip_validation`]. Overridden sends are not stored.
//! * **Observation**: [`MockServer::requests`] lists every request received,
//!   valid or not, routed or not, overridden or not.
//! * **Settings** are kept: `GET /settings` answers what `PATCH /settings`
//!   set (each key replaced whole, `webhooks` included, answering
//!   `{before_update, after_update, changes}`), `DELETE /settings` resets
//!   them; a fresh mock has no webhooks. [`MockServer::webhook`] adds a hook
//!   directly.
//! * **Webhooks**: the mock delivers to every hook subscribed to an event,
//!   one POST per event per hook (`body` mode: `POST url`, the event in the
//!   body; `path`: `POST url/{type}/{method}`; `method`: `{METHOD}
//!   url/{type}`), with the hook's headers and `channel_id`
//!   [`MOCK_CHANNEL_ID`]; each hook gets its events in order. A send (a
//!   default answer) comes back as `messages.post` (`from_me: true`,
//!   `source: "api"`), then `statuses.post` sent, delivered and read
//!   ([`MockServer::status_delay`] apart); [`MockServer::inject_message`]
//!   brings a text from a contact, [`MockServer::inject_event`] any event.
//!   A receiver answering anything but 200 (or not answering) gets retries
//!   with Whapi's linear backoff: the n-th retry waits n ×
//!   `callback_backoff_delay_ms` (3 s unless set), as long as the total wait
//!   stays within `max_callback_backoff_delay_ms` (10 min unless set), at
//!   most 50 attempts; [`MockServer::webhook_time_scale`] shrinks the
//!   waits for tests. Every attempt is recorded ([`MockServer::deliveries`],
//!   [`MockDelivery`]); [`MockServer::wait_for_deliveries`] waits for them.
//!
//! ```
//! use serde_json::json;
//! use whapi::mock::{MockResponse, MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start().await?;
//! server
//!     .on("sendMessageDocument")
//!     .respond_once(MockResponse::status(503));
//!
//! let http = reqwest::Client::new();
//! let send = || {
//!     http.post(format!("{}/messages/document", server.url()))
//!         .bearer_auth("any-token")
//!         .json(&json!({"to": "15551234567", "media": "https://example.invalid/a.pdf"}))
//!         .send()
//! };
//! assert_eq!(send().await?.status(), 503);
//! let sent: serde_json::Value = send().await?.json().await?;
//! assert_eq!(sent["message"]["id"], "MOCK0000000001-whapi");
//! assert_eq!(sent["message"]["chat_id"], "15551234567@s.whatsapp.net");
//! assert_eq!(server.requests_for("sendMessageDocument").len(), 2);
//! # Ok(())
//! # }
//! ```

mod deliver;
mod events;
mod overrides;
mod request;
mod responses;
mod routes;
mod server;
mod settings;
mod synth;
mod validate;
mod webhooks;

pub use deliver::MOCK_CHANNEL_ID;
pub use overrides::{MockResponse, OverrideBuilder};
pub use request::MockRequest;
pub use responses::PNG_1X1;
pub use settings::HookMode;
pub use webhooks::{DeliveryTimeout, MockDelivery, WebhookBuilder};

use overrides::Overrides;
use serde_json::Value;
use server::Shared;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;

/// A running mock server. Cloning is cheap and gives another handle to the
/// same server; the server stops when the last handle is dropped.
///
/// Works on current-thread and multi-thread tokio runtimes; the server runs
/// as a task of the runtime [`start`](Self::start) is called on.
#[derive(Clone)]
pub struct MockServer {
    handle: Arc<Handle>,
}

/// Owned by all clones; dropping it stops the server.
struct Handle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    /// Dropping the sender is the shutdown signal.
    _shutdown: oneshot::Sender<()>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        // Closing the queues ends the delivery workers once they are idle.
        self.shared.lock().workers.clear();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.handle.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Binds `127.0.0.1:0` and starts serving on the current tokio runtime.
    ///
    /// # Errors
    /// If the port cannot be bound, or the embedded spec cannot be turned
    /// into routes (a bug of this crate, reported rather than panicking).
    pub async fn start() -> std::io::Result<MockServer> {
        let spec = routes::spec().map_err(|e| std::io::Error::other(format!("whapi mock: {e}")))?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(spec));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = server::router(shared.clone());
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    // Resolves when the last MockServer handle drops the sender.
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!("whapi mock on {addr} stopped: {e}");
            }
        });
        tracing::debug!("whapi mock listening on http://{addr}");
        Ok(MockServer {
            handle: Arc::new(Handle {
                addr,
                shared,
                _shutdown: shutdown,
            }),
        })
    }

    /// The OpenAPI document the mock serves: `spec/whapi.openapi.json`
    /// keeping the operations of the enabled API areas (cargo features), as
    /// the generated client has them.
    pub fn spec_json() -> &'static str {
        routes::SPEC_JSON
    }

    /// The base URL to give the client: `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.handle.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.handle.addr
    }

    /// Overrides the answers of operation `operation_id` (the spec's
    /// `operationId`, e.g. `"sendMessageDocument"`).
    ///
    /// # Panics
    /// If the spec has no such operation (a typo in the test), listing the
    /// operations it has.
    pub fn on(&self, operation_id: &str) -> OverrideBuilder<'_> {
        let spec = self.handle.shared.spec;
        if spec.operation(operation_id).is_none() {
            let known: Vec<&str> = spec.operations.iter().map(|o| o.id.as_str()).collect();
            panic!(
                "whapi mock: no operation {operation_id:?}; known: {}",
                known.join(", ")
            );
        }
        OverrideBuilder::new(self, operation_id.to_string())
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.handle.shared.lock().requests.clone()
    }

    /// The requests routed to `operation_id`, in arrival order.
    pub fn requests_for(&self, operation_id: &str) -> Vec<MockRequest> {
        self.handle
            .shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.operation_id.as_deref() == Some(operation_id))
            .cloned()
            .collect()
    }

    /// Forgets the recorded requests (overrides and messages stay).
    pub fn clear_requests(&self) {
        self.handle.shared.lock().requests.clear();
    }

    /// The messages sent through the mock (default answers only), oldest
    /// first, as `GET /messages/list` would show them.
    pub fn messages(&self) -> Vec<Value> {
        self.handle.shared.lock().store.messages.clone()
    }

    /// Back to a fresh server on the same port: no overrides, no messages
    /// (ids and the fake clock start over), no recorded requests, default
    /// settings (no webhooks), no deliveries; deliveries still queued or
    /// waiting for a retry are dropped.
    pub fn reset(&self) {
        let shared = &self.handle.shared;
        let mut inner = shared.lock();
        *inner = server::Inner::default();
        shared.outbox.next_generation();
        shared.outbox.recorded.send_replace(0);
    }

    fn with_overrides<T>(&self, f: impl FnOnce(&mut Overrides) -> T) -> T {
        f(&mut self.handle.shared.lock().overrides)
    }
}
