//! The mock's webhook side as tests see it: configuring hooks, raising
//! events, and the recorded deliveries.

use super::MockServer;
use super::deliver::Event;
use super::settings::HookMode;
use bytes::Bytes;
use serde_json::{Map, Value, json};
use std::fmt;
use std::time::{Duration, Instant};

/// Event types a hook can subscribe to (`Event.type` of the spec).
const EVENT_TYPES: [&str; 11] = [
    "messages",
    "statuses",
    "chats",
    "contacts",
    "groups",
    "presences",
    "calls",
    "channel",
    "users",
    "labels",
    "service",
];
const EVENT_METHODS: [&str; 4] = ["post", "put", "patch", "delete"];

/// One delivery attempt the mock made: what it sent and what the receiver
/// answered. A retried event is one `MockDelivery` per attempt.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MockDelivery {
    /// The hook's URL, as configured.
    pub hook_url: String,
    /// Where the attempt went: the hook's URL, plus `/{type}/{method}` in
    /// `path` mode or `/{type}` in `method` mode.
    pub url: String,
    /// The HTTP method: `POST`, or the event's method in `method` mode.
    pub method: String,
    /// The headers sent (the hook's static headers and `content-type`),
    /// names lower case.
    pub headers: Vec<(String, String)>,
    /// The JSON body sent.
    pub body: Bytes,
    /// The event type (`messages`, `statuses`, ...).
    pub event_type: String,
    /// The event method (`post`, `put`, `patch`, `delete`).
    pub event_method: String,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The receiver's status; `None` when it did not answer.
    pub status: Option<u16>,
    /// Why the receiver did not answer (connection refused, timeout).
    pub error: Option<String>,
    /// When the attempt started.
    pub at: Instant,
    /// The wait before the next attempt; `None` when this was the last one
    /// (answered 200, or Whapi's retry window is spent).
    pub retry_in: Option<Duration>,
}

impl MockDelivery {
    /// The body parsed as JSON (`None` if it is not: it always is).
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path of [`url`](Self::url) (`/hook/messages/post`), what a
    /// receiver passes to [`webhooks::parse`](crate::webhooks::parse).
    pub fn path(&self) -> &str {
        let after_scheme = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        path.split(['?', '#']).next().unwrap_or("/")
    }
}

/// [`MockServer::wait_for_deliveries`] timed out.
#[derive(Debug, Clone)]
pub struct DeliveryTimeout {
    /// How many deliveries were awaited.
    pub wanted: usize,
    /// The deliveries recorded by then.
    pub seen: Vec<MockDelivery>,
}

impl fmt::Display for DeliveryTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waited for {} webhook deliveries, saw {}:",
            self.wanted,
            self.seen.len()
        )?;
        for d in &self.seen {
            let answer = match (d.status, &d.error) {
                (Some(status), _) => status.to_string(),
                (None, Some(e)) => e.clone(),
                (None, None) => "no answer".into(),
            };
            write!(
                f,
                "\n  {} {} {}.{} attempt {}: {answer}",
                d.method, d.url, d.event_type, d.event_method, d.attempt
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for DeliveryTimeout {}

/// A hook to configure on the mock: made by [`MockServer::webhook`],
/// registered by [`add`](Self::add).
///
/// The builder panics on an event type or method the spec does not have or
/// an invalid header: mistakes in the test, best reported where made.
#[must_use = "register the hook with .add()"]
#[derive(Debug)]
pub struct WebhookBuilder<'a> {
    server: &'a MockServer,
    url: String,
    events: Vec<Value>,
    mode: HookMode,
    headers: Map<String, Value>,
}

impl WebhookBuilder<'_> {
    /// Subscribes to `event_type` (`messages`, `statuses`, ...) sent with
    /// `method` (`post`, `put`, `patch`, `delete`). Without any, the hook
    /// gets new messages (`messages`, `post`), Whapi's default.
    ///
    /// # Panics
    /// If the spec has no such event type or method.
    pub fn event(mut self, event_type: &str, method: &str) -> Self {
        assert!(
            EVENT_TYPES.contains(&event_type),
            "MockServer::webhook: no event type {event_type:?}; known: {EVENT_TYPES:?}"
        );
        assert!(
            EVENT_METHODS.contains(&method),
            "MockServer::webhook: no event method {method:?}; known: {EVENT_METHODS:?}"
        );
        self.events
            .push(json!({"type": event_type, "method": method}));
        self
    }

    /// How deliveries are addressed (default [`HookMode::Body`]).
    pub fn mode(mut self, mode: HookMode) -> Self {
        self.mode = mode;
        self
    }

    /// A static header sent with every delivery (repeatable).
    ///
    /// # Panics
    /// If `name` or `value` is not a valid header name or value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        assert!(
            reqwest::header::HeaderName::try_from(name).is_ok()
                && reqwest::header::HeaderValue::try_from(value).is_ok(),
            "MockServer::webhook: bad header {name:?}: {value:?}"
        );
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Adds the hook to the channel settings, replacing the hook with the
    /// same URL: exactly what `PATCH /settings` with it would do, and what
    /// `GET /settings` then shows.
    pub fn add(self) {
        let hook = json!({
            "url": self.url,
            "events": self.events,
            "mode": self.mode.as_str(),
            "headers": self.headers,
        });
        self.server.handle.shared.lock().settings.upsert(hook);
    }
}

impl MockServer {
    /// Configures a hook directly, without a settings request:
    /// `server.webhook(url).event("messages", "post").add()`. Hooks set
    /// through `PATCH /settings` (`client.settings().webhooks()`) work the
    /// same.
    ///
    /// ```
    /// use whapi::mock::{HookMode, MockServer};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = MockServer::start().await?;
    /// server
    ///     .webhook("http://127.0.0.1:9/hook")
    ///     .event("messages", "post")
    ///     .mode(HookMode::Path)
    ///     .header("Authorization", "Bearer s3cret")
    ///     .add();
    /// assert_eq!(server.settings()["webhooks"][0]["mode"], "path");
    /// # Ok(()) }
    /// ```
    pub fn webhook(&self, url: impl Into<String>) -> WebhookBuilder<'_> {
        WebhookBuilder {
            server: self,
            url: url.into(),
            events: Vec::new(),
            mode: HookMode::Body,
            headers: Map::new(),
        }
    }

    /// The channel settings, as `GET /settings` answers them.
    pub fn settings(&self) -> Value {
        Value::Object(self.handle.shared.lock().settings.0.clone())
    }

    /// Every delivery attempt so far, in the order they were made.
    pub fn deliveries(&self) -> Vec<MockDelivery> {
        self.handle.shared.lock().deliveries.clone()
    }

    /// Forgets the recorded deliveries (hooks and queued events stay).
    pub fn clear_deliveries(&self) {
        let shared = &self.handle.shared;
        shared.lock().deliveries.clear();
        shared.outbox.recorded.send_replace(0);
    }

    /// Waits until at least `n` deliveries are recorded (counting every
    /// attempt, since the last [`clear_deliveries`](Self::clear_deliveries))
    /// and returns them all; fails after `timeout` with what was seen.
    ///
    /// # Errors
    /// [`DeliveryTimeout`] with the deliveries recorded by then.
    pub async fn wait_for_deliveries(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<MockDelivery>, DeliveryTimeout> {
        let mut count = self.handle.shared.outbox.recorded.subscribe();
        let reached = tokio::time::timeout(timeout, count.wait_for(|c| *c >= n)).await;
        match reached {
            Ok(Ok(_)) => Ok(self.deliveries()),
            _ => Err(DeliveryTimeout {
                wanted: n,
                seen: self.deliveries(),
            }),
        }
    }

    /// A text from a contact arrives: `from` is a phone number
    /// (`15550001111`) or a chat ID. The message is stored (the message
    /// list shows it) and delivered as `messages.post`, `from_me: false`,
    /// `source: "mobile"`. Returns the message.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = whapi::mock::MockServer::start().await?;
    /// let message = server.inject_message("15550001111", "Hello");
    /// assert_eq!(message["chat_id"], "15550001111@s.whatsapp.net");
    /// assert_eq!(server.messages().len(), 1);
    /// # Ok(()) }
    /// ```
    pub fn inject_message(&self, from: &str, text: &str) -> Value {
        super::events::incoming_text(&self.handle.shared, from, text)
    }

    /// Raises any event: `items` (an array, or one object for `health`,
    /// `qr` and `user`) under body key `key`, as event `event_type` with
    /// `method`, to every hook subscribed to it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = whapi::mock::MockServer::start().await?;
    /// let presence = serde_json::json!([{"contact_id": "15550001111", "status": "typing"}]);
    /// server.inject_event("presences", "post", "presences", presence);
    /// # Ok(()) }
    /// ```
    pub fn inject_event(&self, event_type: &str, method: &str, key: &str, items: Value) {
        let event = Event {
            event_type: event_type.into(),
            method: method.into(),
            key: key.into(),
            items,
        };
        super::deliver::enqueue(&self.handle.shared, event);
    }

    /// Scales the retry backoff (the settings' `callback_backoff_delay_ms`
    /// and `max_callback_backoff_delay_ms`): `0.001` turns Whapi's 3 s steps
    /// into 3 ms, for tests. Default 1.0. Applies to events raised after.
    ///
    /// # Panics
    /// If `scale` is negative or not finite.
    pub fn webhook_time_scale(&self, scale: f64) {
        assert!(
            scale.is_finite() && scale >= 0.0,
            "MockServer::webhook_time_scale: {scale} is not a finite, non-negative factor"
        );
        self.handle.shared.lock().timing.scale = scale;
    }

    /// The time between a send's `sent`, `delivered` and `read` statuses
    /// (default 20 ms). Applies to sends made after.
    pub fn status_delay(&self, delay: Duration) {
        self.handle.shared.lock().timing.status_delay = delay;
    }
}
