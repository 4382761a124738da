//! Default answers, built from the spec's success examples, and the in-memory
//! store of messages sent through the mock.

use super::routes::{Location, Operation, Spec};
use super::validate::{Checked, essence};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

/// A 1x1 grayscale PNG: what the mock's QR code (`GET /users/login`) encodes.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0xe5, 0x27, 0xde, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The mock channel's own number: `from` of every message sent through it.
pub(crate) const OWN_NUMBER: &str = "15550000000";

/// Start of the fake clock: the n-th message is sent at `CLOCK_START + n`.
const CLOCK_START: u64 = 1_700_000_000;

/// Messages sent through the mock, oldest first, and the counter behind
/// their ids and timestamps (deterministic, so tests can assert on them).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) messages: Vec<Value>,
    counter: u64,
}

impl Store {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// The next message number and its timestamp on the fake clock.
    pub(crate) fn next_stamp(&mut self) -> (u64, u64) {
        let n = self.next();
        (n, CLOCK_START + n)
    }
}

/// A default answer's body.
pub(crate) enum Answer {
    Empty,
    Json(Value),
    /// A non-JSON body with its media type.
    Bytes(String, Vec<u8>),
}

/// A few bytes of a non-JSON media type: a PNG for images, else a short text.
fn bytes_of(media_type: &str) -> Vec<u8> {
    match essence(media_type).as_str() {
        m if m.starts_with("image/") => PNG_1X1.to_vec(),
        "application/pdf" => b"%PDF-1.4\n%%EOF\n".to_vec(),
        _ => b"whapi mock media".to_vec(),
    }
}

/// The default success answer: status and body.
pub(crate) fn default_response(
    spec: &Spec,
    op: &Operation,
    req: &Checked,
    store: &mut Store,
) -> (u16, Answer) {
    let status = op.success.status;
    if op.method == "HEAD" || status == 204 {
        return (status, Answer::Empty);
    }
    if let Some(media_type) = &op.success.media_type {
        return (
            status,
            Answer::Bytes(media_type.clone(), bytes_of(media_type)),
        );
    }
    // The spec's example, else a minimal valid body from the schema.
    let Some(example) = op.success.example.clone() else {
        return (status, Answer::Empty);
    };
    let body = match op.success.schema_name.as_deref() {
        Some("SentMessage") => sent_message(spec, op, req, store, Some(example)),
        Some("MessagesList") => messages_list(op, req, store),
        Some("Qr" | "QR") => qr(Some(example)),
        Some("UploadMediaResponse") => uploaded(req, store),
        _ => {
            // Deleting for everyone: the message leaves the list too.
            if op.method == "DELETE"
                && op.template.starts_with("/messages/")
                && let Some(id) = req.path.get("MessageID")
            {
                store.messages.retain(|m| m.get("id") != Some(id));
            }
            example
        }
    };
    (status, Answer::Json(body))
}

fn sent_message(
    spec: &Spec,
    op: &Operation,
    req: &Checked,
    store: &mut Store,
    example: Option<Value>,
) -> Value {
    let n = store.next();
    // Sent fields: the JSON body, or for uploads the query's send parameters.
    let empty = Map::new();
    let fields = req
        .body
        .as_ref()
        .and_then(Value::as_object)
        .unwrap_or(match req.upload {
            Some(_) => &req.query,
            None => &empty,
        });
    let kind = kind_of_send(spec, op, req, store);

    let mut sent = match example {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let mut message = match sent.remove("message") {
        Some(Value::Object(map)) => prune(map),
        _ => Map::new(),
    };
    // The recipient: `to`, else the path's chat or contact.
    let to = fields
        .get("to")
        .and_then(Value::as_str)
        .or_else(|| {
            ["ContactID", "ChatID", "NewsletterID"]
                .iter()
                .find_map(|p| req.path.get(*p).and_then(Value::as_str))
        })
        .unwrap_or(if kind == "story" {
            "status@broadcast"
        } else {
            ""
        });
    let chat_id = if to.contains('@') {
        to.to_string()
    } else {
        format!("{to}@s.whatsapp.net")
    };
    message.insert("id".into(), format!("MOCK{n:010}-whapi").into());
    message.insert("type".into(), message_type(spec, &kind).into());
    message.insert("chat_id".into(), chat_id.into());
    message.insert("from".into(), OWN_NUMBER.into());
    message.insert("from_me".into(), true.into());
    message.insert("from_name".into(), "Mock".into());
    message.insert("timestamp".into(), (CLOCK_START + n).into());
    message.insert("status".into(), "sent".into());
    if let Some(quoted) = fields.get("quoted") {
        message.insert("context".into(), json!({ "quoted_id": quoted }));
    }
    if let Some(content) = content(spec, &kind, fields, req, n) {
        message.insert(kind, Value::Object(content));
    }
    let message = Value::Object(message);
    store.messages.push(message.clone());
    sent.insert("sent".into(), true.into());
    sent.insert("message".into(), message);
    Value::Object(sent)
}

/// Drops the example's placeholder fields (`""`, `{}`, `[]`): a real
/// document message carries no empty `order` or `action`.
fn prune(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .filter(|(_, v)| match v {
            Value::String(s) => !s.is_empty(),
            Value::Object(o) => !o.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        })
        .collect()
}

/// `kind` if the spec's message type enum has it, else `unknown`.
fn message_type(spec: &Spec, kind: &str) -> String {
    if is_message_type(spec, kind) {
        kind.to_string()
    } else {
        "unknown".to_string()
    }
}

fn is_message_type(spec: &Spec, kind: &str) -> bool {
    spec.schema("Message")
        .and_then(|m| m.pointer("/properties/type"))
        .and_then(|t| spec.resolve(t).ok())
        .and_then(|t| t.get("enum"))
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().any(|v| v == kind))
}

/// What a send sends: `/messages/document` → document,
/// `/messages/media/{MediaMessageType}` → the parameter's value,
/// `sendContact` → contact, `createStoryText` → story; `unknown` otherwise.
fn kind_of_send(spec: &Spec, op: &Operation, req: &Checked, store: &Store) -> String {
    // Forwarding: the forwarded message's type, `text` for one the mock
    // never saw.
    if let Some(id) = req.path.get("MessageID")
        && op.template.starts_with("/messages/")
    {
        return store
            .messages
            .iter()
            .find(|m| m.get("id") == Some(id))
            .and_then(|m| m.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("text")
            .to_string();
    }
    let from_param = op
        .last_param()
        .and_then(|p| req.path.get(p))
        .and_then(Value::as_str);
    let from_id = snake(
        op.id
            .trim_start_matches("sendMessage")
            .trim_start_matches("send")
            .trim_start_matches("create"),
    );
    let story = op.template.contains("/story") || op.template.starts_with("/stories");
    if story && is_message_type(spec, "story") {
        return "story".into();
    }
    let candidates = [op.last_literal(), from_param, Some(from_id.as_str())];
    if let Some(kind) = candidates
        .into_iter()
        .flatten()
        .find(|k| is_message_type(spec, k))
    {
        return kind.to_string();
    }
    // `sendNewsletterInvite` → newsletter_invite, `forwardMessage` → …: the
    // longest known type the operation id ends with.
    let mut parts: Vec<&str> = from_id.split('_').collect();
    while !parts.is_empty() {
        let k = parts.join("_");
        if is_message_type(spec, &k) {
            return k;
        }
        parts.remove(0);
    }
    "unknown".into()
}

/// `NewsletterInvite` → `newsletter_invite`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The message's content object (`document: {...}`): the sent fields the
/// content schema knows, plus media details for media kinds.
fn content(
    spec: &Spec,
    kind: &str,
    fields: &Map<String, Value>,
    req: &Checked,
    n: u64,
) -> Option<Map<String, Value>> {
    let schema = spec
        .schema("Message")
        .and_then(|m| m.pointer(&format!("/properties/{kind}")))
        .and_then(|s| spec.resolve(s).ok())?;
    let props = schema.get("properties").and_then(Value::as_object)?;
    let mut content: Map<String, Value> = fields
        .iter()
        .filter(|(k, _)| props.contains_key(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // Media content has an `id`: the media's, not the message's.
    if !props.contains_key("id") {
        return Some(content);
    }
    let media = fields
        .get("media")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let data_url = crate::data_url::split(media);
    let is_url = media.starts_with("http://") || media.starts_with("https://");
    let mime = match (fields.get("mime_type").and_then(Value::as_str), &req.upload) {
        (Some(m), _) => m.to_string(),
        (None, Some(upload)) => upload.content_type.clone(),
        (None, None) => match data_url {
            Some((m, _)) => m.to_string(),
            None if is_url => url_mime(media).unwrap_or_else(|| default_mime(kind).into()),
            None => default_mime(kind).into(),
        },
    };
    let size = match (&req.upload, data_url) {
        (Some(upload), _) => Some(upload.len),
        (None, Some((_, data))) => STANDARD.decode(data.trim()).ok().map(|b| b.len()),
        (None, None) => None,
    };
    content.insert("id".into(), media_id(&mime, n).into());
    content.insert("mime_type".into(), mime.into());
    if let Some(size) = size.filter(|_| props.contains_key("file_size")) {
        content.insert("file_size".into(), size.into());
    }
    if is_url && props.contains_key("link") {
        content.insert("link".into(), media.into());
    }
    if is_url && props.contains_key("filename") && !content.contains_key("filename") {
        let name = url_path(media).rsplit('/').next().unwrap_or_default();
        if !name.is_empty() {
            content.insert("filename".into(), name.into());
        }
    }
    Some(content)
}

/// The URL without query and fragment.
fn url_path(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

fn url_mime(url: &str) -> Option<String> {
    mime_guess::from_path(url_path(url))
        .first_raw()
        .map(str::to_string)
}

fn default_mime(kind: &str) -> &'static str {
    match kind {
        "image" => "image/jpeg",
        "video" | "gif" => "video/mp4",
        "audio" => "audio/mpeg",
        "voice" => "audio/ogg; codecs=opus",
        "sticker" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// A fresh media id in the shape of the spec's `MediaID` (`<ext>-<hex>`),
/// so it plugs into any send and into `GET /media/{MediaID}`.
fn media_id(mime: &str, n: u64) -> String {
    format!("{}-{n:032x}", extension(mime))
}

/// `POST /media`: one fresh id for the uploaded file, typed by what was
/// sent (the upload's Content-Type, else the JSON body's data URL or URL).
fn uploaded(req: &Checked, store: &mut Store) -> Value {
    let n = store.next();
    let mime = match &req.upload {
        Some(upload) if !upload.content_type.starts_with("multipart/") => {
            upload.content_type.clone()
        }
        Some(_) => "application/octet-stream".to_owned(),
        None => {
            let media = req
                .body
                .as_ref()
                .and_then(|b| b.get("media"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            match crate::data_url::split(media) {
                Some((m, _)) => m.to_owned(),
                None => url_mime(media).unwrap_or_else(|| "application/octet-stream".into()),
            }
        }
    };
    json!({"media": [{"id": media_id(&mime, n)}]})
}

/// `application/pdf` → `pdf`: a short ASCII tag for media ids.
fn extension(mime: &str) -> String {
    let essence = essence(mime);
    let sub = essence.rsplit('/').next().unwrap_or_default();
    let tag: String = sub
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    if tag.is_empty() { "bin".into() } else { tag }
}

fn messages_list(op: &Operation, req: &Checked, store: &Store) -> Value {
    let int = |name: &str| req.query.get(name).and_then(Value::as_i64);
    // The spec's default for `count` (100), unless the spec says otherwise.
    let default_count = op
        .param(Location::Query, "count")
        .and_then(|p| p.schema.get("default"))
        .and_then(Value::as_i64)
        .unwrap_or(100);
    let count = usize::try_from(int("count").unwrap_or(default_count)).unwrap_or(0);
    let offset = usize::try_from(int("offset").unwrap_or(0)).unwrap_or(0);
    let chat = req.path.get("ChatID").and_then(Value::as_str);
    let from_me = req.query.get("from_me").and_then(Value::as_bool);
    let (time_from, time_to) = (int("time_from"), int("time_to"));
    let ascending = req.query.get("sort").and_then(Value::as_str) == Some("asc");

    let mut matching: Vec<&Value> = store
        .messages
        .iter()
        .filter(|m| chat.is_none_or(|c| m.get("chat_id").and_then(Value::as_str) == Some(c)))
        .filter(|m| from_me.is_none_or(|f| m.get("from_me").and_then(Value::as_bool) == Some(f)))
        .filter(|m| {
            let t = m
                .get("timestamp")
                .and_then(Value::as_i64)
                .unwrap_or_default();
            time_from.is_none_or(|from| t >= from) && time_to.is_none_or(|to| t <= to)
        })
        .collect();
    // The store is in send order: newest first means reversed.
    if !ascending {
        matching.reverse();
    }
    let total = matching.len();
    let page: Vec<Value> = matching
        .into_iter()
        .skip(offset)
        .take(count)
        .cloned()
        .collect();
    json!({"messages": page, "count": page.len(), "total": total, "offset": offset})
}

fn qr(example: Option<Value>) -> Value {
    let mut qr = match example {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    qr.insert("status".into(), "OK".into());
    qr.insert("base64".into(), STANDARD.encode(PNG_1X1).into());
    qr.insert("rowdata".into(), "2@MOCK-QR-ROWDATA,mock,whapi".into());
    qr.insert("expire".into(), 20.into());
    Value::Object(qr)
}
