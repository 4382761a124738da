//! An item's JSON as received, kept as text and read as a `Value` only when
//! asked: most receivers use the typed item, and building a `Value` of
//! every item would cost more than the typed decoding itself.

use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

/// One item's JSON exactly as received. Dereferences to a
/// [`serde_json::Value`] (parsed on first use, then kept), so
/// `item.raw["reply"]["buttons_reply"]["title"]` reads it like one.
///
/// ```
/// let body = br#"{"messages": [{"id": "m1", "type": "carousel", "carousel": {"cards": []}}]}"#;
/// let delivery = whapi::webhooks::parse("POST", "/hook", body)?;
/// let raw = &delivery.event.raw_items()[0];
/// assert_eq!(raw["carousel"], serde_json::json!({"cards": []}));
/// # Ok::<(), whapi::webhooks::ParseError>(())
/// ```
#[derive(Clone)]
pub struct Raw {
    text: Box<RawValue>,
    value: OnceLock<Value>,
}

impl Raw {
    pub(crate) fn new(text: Box<RawValue>) -> Raw {
        Raw {
            text,
            value: OnceLock::new(),
        }
    }

    /// A `Raw` whose value is already parsed.
    pub(crate) fn with_value(text: Box<RawValue>, value: Value) -> Raw {
        Raw {
            text,
            value: OnceLock::from(value),
        }
    }

    /// The JSON text, byte for byte as received.
    pub fn json(&self) -> &str {
        self.text.get()
    }

    /// The item as a `Value`.
    pub fn value(&self) -> &Value {
        // The text was valid JSON when received, so this parse succeeds;
        // `Null` only stands in should it ever not.
        self.value
            .get_or_init(|| serde_json::from_str(self.text.get()).unwrap_or(Value::Null))
    }
}

impl Deref for Raw {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.value()
    }
}

impl PartialEq for Raw {
    fn eq(&self, other: &Raw) -> bool {
        self.value() == other.value()
    }
}

impl PartialEq<Value> for Raw {
    fn eq(&self, other: &Value) -> bool {
        self.value() == other
    }
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Raw({})", self.text.get())
    }
}
