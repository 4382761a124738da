//! Webhooks: what Whapi.Cloud sends to your bot, parsed into typed events.
//!
//! [`parse`] is framework-free and always compiled: hand it the HTTP method,
//! the request path and the body of one delivery, from any web framework.
//!
//! ```
//! let body = br#"{"messages": [{"id": "m1", "from_me": false, "type": "text",
//!   "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1712995245,
//!   "text": {"body": "Hello"}}],
//!   "event": {"type": "messages", "event": "post"}, "channel_id": "MANTIS-M72HC"}"#;
//! let delivery = whapi::webhooks::parse("POST", "/hook", body)?;
//! assert_eq!(delivery.channel_id.as_deref(), Some("MANTIS-M72HC"));
//! if let whapi::webhooks::Event::Messages(items) = &delivery.event {
//!     for message in items.iter().filter_map(|item| item.get()) {
//!         let text = message.text.as_ref().and_then(|t| t.body.as_deref());
//!         println!("{} says {:?}", message.chat_id, text);
//!     }
//! }
//! # Ok::<(), whapi::webhooks::ParseError>(())
//! ```
//!
//! The parser is tolerant exactly where the wire differs from the spec:
//!
//! - Every item is decoded on its own into the generated type ([`Item`]); an
//!   item that does not fit keeps its raw JSON and the serde path error, and
//!   never costs the other items of its payload.
//! - Every item keeps its raw JSON too ([`Item::raw`]), so what the spec
//!   lacks (a `reply` message's `reply` object, a message type newer than the
//!   spec such as `carousel`) is still there. Unknown enum values decode as
//!   [`OpenEnum::Unknown`](crate::OpenEnum::Unknown).
//! - Timestamps are accepted as numbers or numeric strings on both sides
//!   (`Status.timestamp` arrives as a string, `Message.timestamp` as a
//!   number).
//! - Keys the envelope does not know are kept raw in [`Delivery::other`].
//! - The event is named by the body (`event.type` with `event.event` — the
//!   wire's name — or `event.method` — the spec's), else by the path (`path`
//!   mode: `…/{type}/{method}`; `method` mode: `…/{type}` with the HTTP
//!   method), else by the item key present ([`NamedBy`]).
//!
//! With the `webhooks-axum` feature, `receiver` is a ready axum `Router`
//! (authentication, body limit, bounded queue, de-duplication of retries).

mod raw;
#[cfg(feature = "webhooks-axum")]
mod receiver;
pub use raw::Raw;
#[cfg(feature = "webhooks-axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks-axum")))]
pub use receiver::{DEFAULT_BODY_LIMIT, DEFAULT_DEDUP_CAPACITY, DEFAULT_DEDUP_TTL, DEFAULT_QUEUE};
#[cfg(feature = "webhooks-axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks-axum")))]
pub use receiver::{ReceiverConfig, receiver};

use crate::types;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// One webhook delivery, parsed: the common fields, the event and its items.
///
/// ```
/// // `method` mode: the event is the path's last segment and the HTTP method.
/// let body = br#"{"groups_participants": [{"group_id": "120363000000000001@g.us",
///   "participants": ["15550003333"], "action": "add"}], "channel_id": "MANTIS-M72HC"}"#;
/// let delivery = whapi::webhooks::parse("PUT", "/hook/groups", body)?;
/// assert_eq!(delivery.event_type.as_deref(), Some("groups"));
/// assert_eq!(delivery.event_method.as_deref(), Some("put"));
/// assert_eq!(delivery.named_by, whapi::webhooks::NamedBy::HttpMethod);
/// assert_eq!(delivery.len(), 1);
/// # Ok::<(), whapi::webhooks::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delivery {
    /// The channel that sent it (`channel_id`).
    pub channel_id: Option<String>,
    /// The event type (`messages`, `statuses`, `chats`, …), from wherever
    /// the delivery gave it ([`named_by`](Self::named_by)). The deprecated
    /// names are mapped to the current ones (`message` → `messages`,
    /// `ack`/`status` → `statuses`, `chat` → `chats`).
    pub event_type: Option<String>,
    /// The event method (`post`, `put`, `patch`, `delete`), lowercase.
    pub event_method: Option<String>,
    /// Where the event type came from.
    pub named_by: NamedBy,
    /// The event and its typed items.
    pub event: Event,
    /// `errors` items sent alongside another kind of item (when they are the
    /// only items, the event is [`Event::Errors`] and this is empty).
    pub errors: Vec<Item<types::ErrorInfo>>,
    /// Keys of the body that are neither the envelope (`event`,
    /// `channel_id`) nor the event's own key, kept as raw JSON: keys newer
    /// than the spec, or a second kind of item.
    pub other: Map<String, Value>,
}

/// Where a delivery's event type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NamedBy {
    /// The body's `event` object (`body` mode).
    Body,
    /// The path's last two segments, `…/{type}/{method}` (`path` mode).
    Path,
    /// The path's last segment and the HTTP method (`method` mode).
    HttpMethod,
    /// Only the item key present in the body (`messages`, `statuses`, …).
    Key,
    /// Nothing: no event, no known path, no known key.
    Unknown,
}

/// An event kind with its items, each decoded on its own.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `messages`: new messages (your own API sends come back too, with
    /// `from_me: true`).
    Messages(Vec<Item<types::Message>>),
    /// `messages_updates`: edits, reactions.
    MessageUpdates(Vec<Item<types::MessageUpdate>>),
    /// `messages_removed`: IDs of removed messages (plain strings: a
    /// received ID is never rejected for its shape).
    MessagesRemoved(Vec<Item<String>>),
    /// `messages_removed_all`: the chat whose messages were all removed.
    ChatMessagesRemoved(Item<String>),
    /// `statuses`: delivery and read receipts of your messages.
    Statuses(Vec<Item<types::Status>>),
    /// `chats`: new chats.
    Chats(Vec<Item<types::Chat>>),
    /// `chats_updates`.
    ChatUpdates(Vec<Item<types::ChatUpdate>>),
    /// `chats_removed`: chat IDs.
    ChatsRemoved(Vec<Item<String>>),
    /// `contacts`.
    Contacts(Vec<Item<types::Contact>>),
    /// `contacts_updates`.
    ContactUpdates(Vec<Item<types::ContactUpdate>>),
    /// `groups`: new groups.
    Groups(Vec<Item<types::Group>>),
    /// `groups_participants`: participants added, removed, promoted, demoted.
    GroupParticipants(Vec<Item<types::ParticipantEvent>>),
    /// `groups_updates`.
    GroupUpdates(Vec<Item<types::GroupUpdate>>),
    /// `presences`: online, typing, recording.
    Presences(Vec<Item<types::Presence>>),
    /// `labels`.
    Labels(Vec<Item<types::Label>>),
    /// `labels_removed`: label IDs.
    LabelsRemoved(Vec<Item<String>>),
    /// `calls`.
    Calls(Vec<Item<types::CallEvent>>),
    /// `health`: the channel's health.
    Health(Item<types::Health>),
    /// `qr`: a new QR code to link the channel.
    Qr(Item<types::Qr>),
    /// `user`: the channel's user logged in (`post`) or out (`delete`).
    User(Item<types::Contact>),
    /// `errors`, and nothing else.
    Errors(Vec<Item<types::ErrorInfo>>),
    /// No key this parser knows: every non-envelope key is in
    /// [`Delivery::other`].
    Unknown,
}

/// One received item: its raw JSON, always, and the generated type when it
/// decodes.
///
/// ```
/// use whapi::webhooks::{Event, parse};
/// // A button reply: `reply` is not in the spec's `Message`, but kept raw.
/// let body = br#"{"messages": [{"id": "q1", "from_me": false, "type": "reply",
///   "chat_id": "15550001111@s.whatsapp.net", "timestamp": 1712999000,
///   "reply": {"type": "buttons_reply", "buttons_reply": {"id": "b1", "title": "Yes"}}},
///   {"id": "q2", "from_me": "not a boolean"}]}"#;
/// let delivery = parse("POST", "/hook", body)?;
/// let Event::Messages(items) = &delivery.event else { unreachable!() };
/// assert_eq!(items[0].get().map(|m| m.id.as_str()), Some("q1"));
/// assert_eq!(items[0].raw["reply"]["buttons_reply"]["title"], "Yes");
/// let error = items[1].error().expect("the second item does not decode");
/// assert_eq!(error.path, "from_me");
/// # Ok::<(), whapi::webhooks::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Item<T> {
    /// The item exactly as received (reads as a [`Value`]).
    pub raw: Raw,
    /// The item decoded, or why it did not decode.
    pub decoded: Result<T, ItemError>,
}

impl<T> Item<T> {
    /// The decoded item, if it decoded.
    pub fn get(&self) -> Option<&T> {
        self.decoded.as_ref().ok()
    }

    /// Why the item did not decode, if it did not.
    pub fn error(&self) -> Option<&ItemError> {
        self.decoded.as_ref().err()
    }
}

/// Why one item did not decode: where in the item, and what serde said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// The JSON path inside the item (`text.body`, `.` for the item itself).
    pub path: String,
    /// serde's message.
    pub message: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for ItemError {}

/// Why a delivery could not be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not JSON.
    #[error("the webhook body is not JSON: {0}")]
    NotJson(String),
    /// The body is JSON, but not an object.
    #[error("the webhook body is JSON {0}, not an object")]
    NotObject(&'static str),
}

/// Parses one delivery: `method` and `path` as the HTTP request had them
/// (they name the event in the `path` and `method` modes), `body` the bytes.
///
/// Fails only when the body is not a JSON object; anything inside the object
/// is kept, typed where it fits, raw where it does not.
///
/// ```
/// use whapi::webhooks::{Event, NamedBy, parse};
/// // `path` mode: the event is in the path.
/// let body = br#"{"statuses": [{"id": "m1", "code": 4, "status": "read",
///   "timestamp": "1712995290"}], "channel_id": "MANTIS-M72HC"}"#;
/// let delivery = parse("POST", "/hook/statuses/post", body)?;
/// assert_eq!(delivery.named_by, NamedBy::Path);
/// assert_eq!(delivery.event_method.as_deref(), Some("post"));
/// let Event::Statuses(statuses) = &delivery.event else { panic!("statuses") };
/// assert_eq!(statuses[0].get().map(|s| s.timestamp.as_str()), Some("1712995290"));
///
/// assert!(parse("POST", "/hook", b"<html>").is_err());
/// # Ok::<(), whapi::webhooks::ParseError>(())
/// ```
pub fn parse(method: &str, path: &str, body: &[u8]) -> Result<Delivery, ParseError> {
    // The body's keys, each value still as text: only the envelope and the
    // event's items are read, each once.
    let mut fields: BTreeMap<String, &RawValue> = match serde_json::from_slice(body) {
        Ok(fields) => fields,
        Err(e) => {
            return Err(match serde_json::from_slice::<Value>(body) {
                Ok(value) => ParseError::NotObject(json_kind(&value)),
                Err(_) => ParseError::NotJson(e.to_string()),
            });
        }
    };
    let channel_id = match fields.get("channel_id").map(|raw| raw.get()) {
        Some("null") => {
            fields.remove("channel_id");
            None
        }
        Some(text) => match serde_json::from_str::<String>(text) {
            Ok(id) => {
                fields.remove("channel_id");
                Some(id)
            }
            // Not a string: kept in `other`.
            Err(_) => None,
        },
        None => None,
    };
    let event_object = fields
        .get("event")
        .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok());
    let (event_type, event_method, named_by, consumed) =
        name_event(method, path, event_object.as_ref());
    if consumed {
        fields.remove("event");
    }
    let key = pick_key(
        |k| fields.contains_key(k),
        event_type.as_deref(),
        event_method.as_deref(),
    );
    let (event_type, event_method, named_by) = match (event_type, key) {
        (None, Some(key)) => {
            let spec = key_spec(key);
            (
                spec.map(|s| s.event_type.to_owned()),
                event_method.or_else(|| spec.map(|s| s.methods[0].to_owned())),
                NamedBy::Key,
            )
        }
        (t, _) => (t, event_method, named_by),
    };
    let mut errors = Vec::new();
    let event = match key.and_then(|key| Some((key, fields.remove(key)?))) {
        Some((key, raw)) => event_from(key, raw),
        None => match fields.remove("errors") {
            Some(raw) => Event::Errors(items(raw, |_| {})),
            None => Event::Unknown,
        },
    };
    if !matches!(event, Event::Errors(_) | Event::Unknown)
        && let Some(raw) = fields.remove("errors")
    {
        errors = items(raw, |_| {});
    }
    let other = fields
        .into_iter()
        .map(|(k, raw)| {
            let value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            (k, value)
        })
        .collect();
    Ok(Delivery {
        channel_id,
        event_type,
        event_method,
        named_by,
        event,
        errors,
        other,
    })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// One item key: the event type it belongs to and the methods that send it
/// (the first is assumed when nothing else names the method).
struct KeySpec {
    key: &'static str,
    event_type: &'static str,
    methods: &'static [&'static str],
}

const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "messages",
        event_type: "messages",
        methods: &["post", "put"],
    },
    KeySpec {
        key: "messages_updates",
        event_type: "messages",
        methods: &["patch"],
    },
    KeySpec {
        key: "messages_removed",
        event_type: "messages",
        methods: &["delete"],
    },
    KeySpec {
        key: "messages_removed_all",
        event_type: "messages",
        methods: &["delete"],
    },
    KeySpec {
        key: "statuses",
        event_type: "statuses",
        methods: &["post", "put"],
    },
    KeySpec {
        key: "chats",
        event_type: "chats",
        methods: &["post", "put"],
    },
    KeySpec {
        key: "chats_updates",
        event_type: "chats",
        methods: &["patch"],
    },
    KeySpec {
        key: "chats_removed",
        event_type: "chats",
        methods: &["delete"],
    },
    KeySpec {
        key: "contacts",
        event_type: "contacts",
        methods: &["post", "put"],
    },
    KeySpec {
        key: "contacts_updates",
        event_type: "contacts",
        methods: &["patch"],
    },
    KeySpec {
        key: "groups",
        event_type: "groups",
        methods: &["post"],
    },
    KeySpec {
        key: "groups_participants",
        event_type: "groups",
        methods: &["put"],
    },
    KeySpec {
        key: "groups_updates",
        event_type: "groups",
        methods: &["patch"],
    },
    KeySpec {
        key: "presences",
        event_type: "presences",
        methods: &["post"],
    },
    KeySpec {
        key: "labels",
        event_type: "labels",
        methods: &["post"],
    },
    KeySpec {
        key: "labels_removed",
        event_type: "labels",
        methods: &["delete"],
    },
    KeySpec {
        key: "calls",
        event_type: "calls",
        methods: &["post"],
    },
    KeySpec {
        key: "health",
        event_type: "channel",
        methods: &["post"],
    },
    KeySpec {
        key: "qr",
        event_type: "channel",
        methods: &["patch"],
    },
    KeySpec {
        key: "user",
        event_type: "users",
        methods: &["post", "delete"],
    },
];

/// The event types of the spec (`Event.type`).
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

const METHODS: [&str; 4] = ["post", "put", "patch", "delete"];

fn key_spec(key: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.key == key)
}

/// The body key that carries the items of `event_type` sent with `method`
/// (`channel` + `post` → `health`); `None` for a pair Whapi documents no
/// payload for (`service`).
#[cfg_attr(not(feature = "mock"), allow(dead_code))]
pub(crate) fn item_key(event_type: &str, method: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|k| k.event_type == event_type && k.methods.contains(&method))
        .map(|k| k.key)
}

/// The current name of an event type (the deprecated names mapped).
pub(crate) fn current_type(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "message" => "messages".into(),
        "ack" | "status" => "statuses".into(),
        "chat" => "chats".into(),
        _ => lower,
    }
}

/// The event's type and method, where they came from, and whether the
/// body's `event` object named them (it is then consumed).
fn name_event(
    method: &str,
    path: &str,
    event: Option<&Value>,
) -> (Option<String>, Option<String>, NamedBy, bool) {
    // 1. The body's `event` object, when it names a type.
    if let Some(Value::Object(event)) = event {
        let text = |k: &str| event.get(k).and_then(Value::as_str).map(str::to_owned);
        if let Some(t) = text("type") {
            let m = text("event")
                .or_else(|| text("method"))
                .map(|m| m.to_ascii_lowercase());
            return (Some(current_type(&t)), m, NamedBy::Body, true);
        }
    }
    // 2. `path` mode: …/{type}/{method}; 3. `method` mode: …/{type}.
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.rsplit('/').filter(|s| !s.is_empty());
    let last = segments.next().map(str::to_ascii_lowercase);
    let before = segments.next().map(str::to_ascii_lowercase);
    let is_type = |s: &str| EVENT_TYPES.contains(&current_type(s).as_str());
    if let (Some(t), Some(m)) = (&before, &last)
        && is_type(t)
        && METHODS.contains(&m.as_str())
    {
        return (Some(current_type(t)), Some(m.clone()), NamedBy::Path, false);
    }
    if let Some(t) = &last
        && is_type(t)
    {
        let m = method.to_ascii_lowercase();
        let m = METHODS.contains(&m.as_str()).then_some(m);
        return (Some(current_type(t)), m, NamedBy::HttpMethod, false);
    }
    (None, None, NamedBy::Unknown, false)
}

/// The item key of the event: the present key the event type and method
/// name, else the first present key in the table's order.
fn pick_key(
    has: impl Fn(&str) -> bool,
    event_type: Option<&str>,
    event_method: Option<&str>,
) -> Option<&'static str> {
    let present = || KEYS.iter().filter(|k| has(k.key));
    present()
        .find(|k| {
            Some(k.event_type) == event_type && event_method.is_none_or(|m| k.methods.contains(&m))
        })
        .or_else(|| present().find(|k| Some(k.event_type) == event_type))
        .or_else(|| present().next())
        .map(|k| k.key)
}

fn event_from(key: &str, raw: &RawValue) -> Event {
    match key {
        "messages" => Event::Messages(items(raw, message_numbers)),
        "messages_updates" => Event::MessageUpdates(items(raw, |update| {
            if let Value::Object(m) = update {
                for k in ["before_update", "after_update", "trigger"] {
                    if let Some(message) = m.get_mut(k) {
                        message_numbers(message);
                    }
                }
            }
        })),
        "messages_removed" => Event::MessagesRemoved(items(raw, |_| {})),
        "messages_removed_all" => Event::ChatMessagesRemoved(item(raw, |_| {})),
        "statuses" => Event::Statuses(items(raw, status_strings)),
        "chats" => Event::Chats(items(raw, chat_numbers)),
        "chats_updates" => Event::ChatUpdates(items(raw, |update| {
            if let Value::Object(m) = update {
                for k in ["before_update", "after_update"] {
                    if let Some(chat) = m.get_mut(k) {
                        chat_numbers(chat);
                    }
                }
            }
        })),
        "chats_removed" => Event::ChatsRemoved(items(raw, |_| {})),
        "contacts" => Event::Contacts(items(raw, |_| {})),
        "contacts_updates" => Event::ContactUpdates(items(raw, |_| {})),
        "groups" => Event::Groups(items(raw, |_| {})),
        "groups_participants" => Event::GroupParticipants(items(raw, |_| {})),
        "groups_updates" => Event::GroupUpdates(items(raw, |_| {})),
        "presences" => Event::Presences(items(raw, |p| number_field(p, "last_seen"))),
        "labels" => Event::Labels(items(raw, |_| {})),
        "labels_removed" => Event::LabelsRemoved(items(raw, |_| {})),
        "calls" => Event::Calls(items(raw, |c| number_field(c, "timestamp"))),
        "health" => Event::Health(item(raw, |h| {
            number_field(h, "start_at");
            number_field(h, "uptime");
        })),
        "qr" => Event::Qr(item(raw, |_| {})),
        "user" => Event::User(item(raw, |_| {})),
        _ => Event::Unknown,
    }
}

/// Decodes one item, keeping its raw JSON. The item is decoded from its
/// text; only when that fails is it read as a `Value` that `tolerate`
/// adjusts (numeric strings, numbers as strings) and decoded again, with
/// the path of what still does not fit.
fn item<T: DeserializeOwned>(raw: &RawValue, tolerate: impl Fn(&mut Value)) -> Item<T> {
    if let Ok(decoded) = serde_json::from_str::<T>(raw.get()) {
        return Item {
            raw: Raw::new(raw.to_owned()),
            decoded: Ok(decoded),
        };
    }
    let value: Value = match serde_json::from_str(raw.get()) {
        Ok(value) => value,
        Err(e) => {
            return Item {
                raw: Raw::new(raw.to_owned()),
                decoded: Err(ItemError {
                    path: ".".into(),
                    message: e.to_string(),
                }),
            };
        }
    };
    let mut copy = value.clone();
    tolerate(&mut copy);
    let decoded = serde_path_to_error::deserialize(copy).map_err(|e| ItemError {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    });
    Item {
        raw: Raw::with_value(raw.to_owned(), value),
        decoded,
    }
}

/// Decodes each element of an array on its own; `null` is no item; any
/// other value is one item (which then usually fails to decode, and is
/// kept).
fn items<T: DeserializeOwned>(raw: &RawValue, tolerate: impl Fn(&mut Value)) -> Vec<Item<T>> {
    let text = raw.get().trim_start();
    if text.starts_with("null") {
        return Vec::new();
    }
    if text.starts_with('[')
        && let Ok(elements) = serde_json::from_str::<Vec<&RawValue>>(text)
    {
        return elements.into_iter().map(|v| item(v, &tolerate)).collect();
    }
    vec![item(raw, tolerate)]
}

/// A numeric string becomes a number (`"1712995245"` → `1712995245`).
fn number_field(value: &mut Value, key: &str) {
    if let Some(field) = value.get_mut(key)
        && let Some(n) = field
            .as_str()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .and_then(serde_json::Number::from_f64)
    {
        *field = Value::Number(n);
    }
}

/// A number becomes its string (`1712995290` → `"1712995290"`).
fn string_field(value: &mut Value, key: &str) {
    if let Some(field) = value.get_mut(key)
        && let Value::Number(n) = field
    {
        *field = Value::String(n.to_string());
    }
}

fn message_numbers(message: &mut Value) {
    number_field(message, "timestamp");
    number_field(message, "device_id");
}

fn chat_numbers(chat: &mut Value) {
    number_field(chat, "timestamp");
    number_field(chat, "unread");
}

fn status_strings(status: &mut Value) {
    string_field(status, "timestamp");
    number_field(status, "code");
}

impl Delivery {
    /// How many items the event carries (one for the single-object events,
    /// zero for [`Event::Unknown`]).
    pub fn len(&self) -> usize {
        self.event.len()
    }

    /// Whether the event carries no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Event {
    /// The body key this event came from (`messages`, `statuses`, …);
    /// `None` for [`Event::Unknown`].
    pub fn key(&self) -> Option<&'static str> {
        Some(match self {
            Event::Messages(_) => "messages",
            Event::MessageUpdates(_) => "messages_updates",
            Event::MessagesRemoved(_) => "messages_removed",
            Event::ChatMessagesRemoved(_) => "messages_removed_all",
            Event::Statuses(_) => "statuses",
            Event::Chats(_) => "chats",
            Event::ChatUpdates(_) => "chats_updates",
            Event::ChatsRemoved(_) => "chats_removed",
            Event::Contacts(_) => "contacts",
            Event::ContactUpdates(_) => "contacts_updates",
            Event::Groups(_) => "groups",
            Event::GroupParticipants(_) => "groups_participants",
            Event::GroupUpdates(_) => "groups_updates",
            Event::Presences(_) => "presences",
            Event::Labels(_) => "labels",
            Event::LabelsRemoved(_) => "labels_removed",
            Event::Calls(_) => "calls",
            Event::Health(_) => "health",
            Event::Qr(_) => "qr",
            Event::User(_) => "user",
            Event::Errors(_) => "errors",
            Event::Unknown => return None,
        })
    }

    /// The raw JSON of every item, in order.
    pub fn raw_items(&self) -> Vec<&Value> {
        fn raws<T>(items: &[Item<T>]) -> Vec<&Value> {
            items.iter().map(|i| i.raw.value()).collect()
        }
        match self {
            Event::Messages(v) => raws(v),
            Event::MessageUpdates(v) => raws(v),
            Event::MessagesRemoved(v) => raws(v),
            Event::ChatMessagesRemoved(i) => vec![i.raw.value()],
            Event::Statuses(v) => raws(v),
            Event::Chats(v) => raws(v),
            Event::ChatUpdates(v) => raws(v),
            Event::ChatsRemoved(v) => raws(v),
            Event::Contacts(v) => raws(v),
            Event::ContactUpdates(v) => raws(v),
            Event::Groups(v) => raws(v),
            Event::GroupParticipants(v) => raws(v),
            Event::GroupUpdates(v) => raws(v),
            Event::Presences(v) => raws(v),
            Event::Labels(v) => raws(v),
            Event::LabelsRemoved(v) => raws(v),
            Event::Calls(v) => raws(v),
            Event::Health(i) => vec![i.raw.value()],
            Event::Qr(i) => vec![i.raw.value()],
            Event::User(i) => vec![i.raw.value()],
            Event::Errors(v) => raws(v),
            Event::Unknown => Vec::new(),
        }
    }

    /// The decoding errors of the items that did not decode, with the
    /// item's index.
    pub fn item_errors(&self) -> Vec<(usize, &ItemError)> {
        fn errs<T>(items: &[Item<T>]) -> Vec<(usize, &ItemError)> {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| item.error().map(|e| (i, e)))
                .collect()
        }
        match self {
            Event::Messages(v) => errs(v),
            Event::MessageUpdates(v) => errs(v),
            Event::MessagesRemoved(v) => errs(v),
            Event::ChatMessagesRemoved(i) => errs(std::slice::from_ref(i)),
            Event::Statuses(v) => errs(v),
            Event::Chats(v) => errs(v),
            Event::ChatUpdates(v) => errs(v),
            Event::ChatsRemoved(v) => errs(v),
            Event::Contacts(v) => errs(v),
            Event::ContactUpdates(v) => errs(v),
            Event::Groups(v) => errs(v),
            Event::GroupParticipants(v) => errs(v),
            Event::GroupUpdates(v) => errs(v),
            Event::Presences(v) => errs(v),
            Event::Labels(v) => errs(v),
            Event::LabelsRemoved(v) => errs(v),
            Event::Calls(v) => errs(v),
            Event::Health(i) => errs(std::slice::from_ref(i)),
            Event::Qr(i) => errs(std::slice::from_ref(i)),
            Event::User(i) => errs(std::slice::from_ref(i)),
            Event::Errors(v) => errs(v),
            Event::Unknown => Vec::new(),
        }
    }

    /// How many items the event carries.
    pub fn len(&self) -> usize {
        self.raw_items().len()
    }

    /// Whether the event carries no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
