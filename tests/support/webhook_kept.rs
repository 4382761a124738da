//! What `whapi::webhooks::parse` promises about a body that is a JSON
//! object: nothing in it is lost. Shared by the property tests
//! (tests/webhook_props.rs) and the fuzz target
//! (tests/fuzz/fuzz_targets/webhook_parse.rs).

use serde_json::{Map, Value};
use whapi::webhooks::{Delivery, Event, NamedBy};

/// Events whose key holds one item rather than an array.
const SINGLE: [&str; 4] = ["messages_removed_all", "health", "qr", "user"];

/// `Ok` when every key of `body` is in `delivery`: `channel_id` in its
/// field, the `event` object that named the event, the event's items each
/// with its raw JSON exactly as sent, `errors` items, and any other key in
/// `delivery.other`, unchanged. Otherwise what was lost.
pub fn kept(body: &Map<String, Value>, delivery: &Delivery) -> Result<(), String> {
    let key = delivery.event.key();
    if let Some(key) = key {
        let sent = body
            .get(key)
            .ok_or(format!("event key {key} not in the body"))?;
        let want = if SINGLE.contains(&key) {
            vec![sent]
        } else {
            list(sent)
        };
        if delivery.event.raw_items() != want {
            return Err(format!(
                "items of {key}: sent {want:?}, kept {:?}",
                delivery.event.raw_items()
            ));
        }
    }
    if delivery.len() != delivery.event.raw_items().len() {
        return Err("len() differs from the raw items".into());
    }
    for (k, v) in body {
        let in_other = delivery.other.get(k) == Some(v);
        let ok = in_other
            || Some(k.as_str()) == key
            || match k.as_str() {
                "channel_id" => v.is_null() || v.as_str() == delivery.channel_id.as_deref(),
                "event" => delivery.named_by == NamedBy::Body,
                "errors" => {
                    let errors: Vec<&Value> =
                        delivery.errors.iter().map(|e| e.raw.value()).collect();
                    !matches!(delivery.event, Event::Errors(_)) && errors == list(v)
                }
                _ => false,
            };
        if !ok {
            return Err(format!("key {k:?} = {v} was lost"));
        }
    }
    for k in delivery.other.keys() {
        if !body.contains_key(k) {
            return Err(format!("key {k:?} invented"));
        }
    }
    Ok(())
}

/// The items an array-valued key carries: the elements; `null`, none; any
/// other value, itself.
fn list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}
