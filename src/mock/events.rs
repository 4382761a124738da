//! The events the mock channel raises: its own sends coming back, their
//! statuses, and messages from contacts.

use super::deliver::{Event, enqueue, enqueue_to};
use super::server::Shared;
use super::settings::Hook;
use crate::webhooks::{current_type, item_key};
use serde_json::{Value, json};
use std::sync::Arc;

/// The statuses of a send, in order, with their `code` (0 failed … 4 read).
const STATUS_SEQUENCE: [(u64, &str); 3] = [(2, "sent"), (3, "delivered"), (4, "read")];

/// A message sent through the mock: `messages.post` with `from_me: true`
/// and `source: "api"` at once, then `statuses.post` sent, delivered and
/// read, `status_delay` apart.
pub(crate) fn sent(shared: &Arc<Shared>, message: &Value) {
    let mut echoed = message.clone();
    echoed["source"] = "api".into();
    enqueue(
        shared,
        Event {
            event_type: "messages".into(),
            method: "post".into(),
            key: "messages".into(),
            items: json!([echoed]),
        },
    );
    let id = message.get("id").cloned().unwrap_or_default();
    let recipient = message.get("chat_id").cloned().unwrap_or_default();
    let sent_at = message
        .get("timestamp")
        .and_then(Value::as_u64)
        .unwrap_or_default();
    let delay = shared.lock().timing.status_delay;
    let weak = Arc::downgrade(shared);
    shared.outbox.spawn(async move {
        for (step, (code, status)) in (0u64..).zip(STATUS_SEQUENCE) {
            if step > 0 {
                tokio::time::sleep(delay).await;
            }
            let Some(shared) = weak.upgrade() else {
                return;
            };
            // The list shows the message's latest status too.
            if let Some(stored) = shared
                .lock()
                .store
                .messages
                .iter_mut()
                .find(|m| m.get("id") == Some(&id))
            {
                stored["status"] = status.into();
            }
            // On the wire a status timestamp is a string.
            let timestamp = (sent_at + step).to_string();
            let item = json!({"id": id, "code": code, "status": status,
                "recipient_id": recipient, "timestamp": timestamp});
            enqueue(
                &shared,
                Event {
                    event_type: "statuses".into(),
                    method: "post".into(),
                    key: "statuses".into(),
                    items: json!([item]),
                },
            );
        }
    });
}

/// A text from `from` (a phone number or a chat ID): stored like the sends,
/// so the message list shows it, and delivered as `messages.post`.
pub(crate) fn incoming_text(shared: &Arc<Shared>, from: &str, text: &str) -> Value {
    let (chat_id, sender) = match from.split_once('@') {
        Some((user, _)) => (from.to_string(), user.to_string()),
        None => (format!("{from}@s.whatsapp.net"), from.to_string()),
    };
    let message = {
        let mut inner = shared.lock();
        let (n, timestamp) = inner.store.next_stamp();
        let message = json!({
            "id": format!("MOCK{n:010}-inbox"),
            "type": "text",
            "chat_id": chat_id,
            "from": sender,
            "from_me": false,
            "source": "mobile",
            "timestamp": timestamp,
            "text": {"body": text},
        });
        inner.store.messages.push(message.clone());
        message
    };
    enqueue(
        shared,
        Event {
            event_type: "messages".into(),
            method: "post".into(),
            key: "messages".into(),
            items: json!([message]),
        },
    );
    message
}

/// `POST /settings/webhook_test`: one `<type>.post` event, its items a
/// sample of what the payload schema says that key carries, sent to the
/// hook in the request (its URL, mode and headers), configured or not,
/// with the retries of any delivery.
pub(crate) fn test(shared: &Arc<Shared>, request: &Value) {
    let Some(hook) = Hook::from_json(request) else {
        return;
    };
    let event_type = request
        .get("type")
        .and_then(Value::as_str)
        .map(current_type)
        .unwrap_or_else(|| "messages".into());
    // `service` has no documented payload: its test carries the event alone.
    let key = item_key(&event_type, "post").unwrap_or("");
    let spec = shared.spec;
    let items = spec
        .schema("WebhookPayload")
        .and_then(|payload| payload.pointer(&format!("/properties/{key}")))
        .map(|schema| super::synth::sample_rich(spec.doc(), schema, key))
        .unwrap_or(Value::Null);
    enqueue_to(
        shared,
        [hook],
        Event {
            event_type,
            method: "post".into(),
            key: key.into(),
            items,
        },
    );
}
