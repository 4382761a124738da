//! Property tests for response decoding: arbitrary bytes, arbitrary JSON and
//! mutated documented bodies decode into the generated types or fail, never
//! panic; whatever decodes re-encodes to itself; unknown enum values decode
//! as `OpenEnum::Unknown` with their text, and unknown fields are ignored.

use proptest::prelude::*;
use proptest::sample::Index;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::fmt::Debug;
use std::sync::OnceLock;
use whapi::OpenEnum;
use whapi::types::{Message, MessagesList, Qr, ResponseError, SentMessage};

/// `PROPTEST_CASES` (for a longer run) or the default given.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------
// The documented bodies

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/whapi.openapi.json");
        let text = std::fs::read_to_string(path).expect("the spec is readable");
        serde_json::from_str(&text).expect("the spec is JSON")
    })
}

/// The documented JSON example bodies, each with the component it documents.
fn examples() -> &'static [(String, Value)] {
    static EXAMPLES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut out = Vec::new();
        for item in spec()["paths"].as_object().expect("paths").values() {
            for op in item.as_object().into_iter().flat_map(Map::values) {
                for response in op["responses"]
                    .as_object()
                    .into_iter()
                    .flat_map(Map::values)
                {
                    let media = &response["content"]["application/json"];
                    let (Some(example), Some(r)) =
                        (media.get("example"), media["schema"]["$ref"].as_str())
                    else {
                        continue;
                    };
                    let name = r.rsplit('/').next().unwrap_or_default().to_owned();
                    // Messages also stand alone, as the `Message` type.
                    for m in example["messages"].as_array().into_iter().flatten() {
                        out.push(("Message".to_owned(), m.clone()));
                    }
                    if example["message"].is_object() {
                        out.push(("Message".to_owned(), example["message"].clone()));
                    }
                    out.push((name, example.clone()));
                }
            }
        }
        out
    })
}

/// The values a string enum component lists.
fn known(component: &str) -> Vec<String> {
    spec()["components"]["schemas"][component]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{component} is an enum"))
        .iter()
        .map(|v| v.as_str().expect("string enum").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// Decoding

/// Decodes `bytes` as `T`; when it decodes, the bytes were JSON (up to
/// UTF-8 in skipped strings) and the value re-encodes to itself.
fn decode<T>(bytes: &[u8]) -> Result<Option<T>, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let Ok(t) = serde_json::from_slice::<T>(bytes) else {
        return Ok(None);
    };
    // What decodes is JSON; the one leniency is serde_json's: strings it
    // skips (unknown fields) are not checked to be UTF-8.
    prop_assert!(
        serde_json::from_slice::<Value>(bytes).is_ok() || std::str::from_utf8(bytes).is_err(),
        "{} decoded from non-JSON",
        std::any::type_name::<T>()
    );
    let encoded =
        serde_json::to_value(&t).map_err(|e| TestCaseError::fail(format!("encode: {e}")))?;
    let back: T = serde_json::from_value(encoded.clone())
        .map_err(|e| TestCaseError::fail(format!("re-decode of {encoded}: {e}")))?;
    prop_assert_eq!(&back, &t, "round trip through {}", encoded);
    Ok(Some(t))
}

/// Feeds `bytes` to every response type under test.
fn decode_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    decode::<MessagesList>(bytes)?;
    decode::<SentMessage>(bytes)?;
    decode::<Qr>(bytes)?;
    decode::<ResponseError>(bytes)?;
    decode::<Message>(bytes)?;
    Ok(())
}

/// Decodes a documented body of component `name` as its type.
fn decode_as(name: &str, value: &Value) -> Result<bool, TestCaseError> {
    let bytes = serde_json::to_vec(value).expect("JSON encodes");
    Ok(match name {
        "MessagesList" => decode::<MessagesList>(&bytes)?.is_some(),
        "SentMessage" => decode::<SentMessage>(&bytes)?.is_some(),
        "QR" => decode::<Qr>(&bytes)?.is_some(),
        "ResponseError" => decode::<ResponseError>(&bytes)?.is_some(),
        "Message" => decode::<Message>(&bytes)?.is_some(),
        _ => {
            decode_all(&bytes)?;
            true
        }
    })
}

// ---------------------------------------------------------------------------
// Strategies

/// Field names of the response types, so random objects reach real fields.
const FIELDS: &[&str] = &[
    "messages",
    "count",
    "total",
    "offset",
    "message",
    "sent",
    "status",
    "base64",
    "expire",
    "rowdata",
    "error",
    "code",
    "details",
    "href",
    "id",
    "type",
    "chat_id",
    "from_me",
    "from",
    "timestamp",
    "text",
    "body",
    "image",
    "context",
    "quoted_content",
    "reactions",
    "emoji",
    "action",
    "target",
    "system",
    "interactive",
    "buttons",
    "title",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIELDS).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    use prop::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<i32>().prop_map(Value::from),
        1 => (NORMAL | SUBNORMAL | ZERO | POSITIVE | NEGATIVE)
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        1 => prop::sample::select(vec!["text", "image", "sent", "read", "OK", "ERROR", "", "1234567890@s.whatsapp.net"])
            .prop_map(|s| Value::String(s.to_owned())),
        1 => any::<String>().prop_map(Value::String),
    ]
}

/// Arbitrary JSON, at most 4 levels deep and about 48 nodes.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A documented example: (component, body).
fn example() -> impl Strategy<Value = (String, Value)> {
    prop::sample::select(examples().to_vec())
}

/// Walks `walk` into `target` and returns the node reached and the keys
/// passed on the way.
fn walk_to<'a>(target: &'a mut Value, walk: &[Index]) -> (&'a mut Value, Vec<String>) {
    let mut node = target;
    let mut keys = Vec::new();
    for step in walk {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let k = step.index(len);
        node = match node {
            Value::Object(m) => {
                let (key, child) = m.iter_mut().nth(k).expect("k < len");
                keys.push(key.clone());
                child
            }
            Value::Array(a) => &mut a[k],
            _ => unreachable!("only containers have children"),
        };
    }
    (node, keys)
}

/// A string that is none of `known`: arbitrary text or a near miss.
fn unknown_of(known: Vec<String>) -> impl Strategy<Value = String> {
    let near = known.clone();
    prop_oneof![
        2 => any::<String>(),
        1 => (prop::sample::select(near), 0..4u8).prop_map(|(k, how)| match how {
            0 => k.to_uppercase(),
            1 => format!(" {k}"),
            2 => format!("{k}\u{0}"),
            _ => format!("{k}_v2"),
        }),
    ]
    .prop_filter("a known value", move |s| !known.contains(s))
}

/// Where a `type`/`status` enum sits in a body of component `name`.
fn enum_pointers(name: &str, body: &Value) -> Vec<(String, &'static str)> {
    match name {
        "Message" => vec![
            ("/type".into(), "MessageType"),
            ("/status".into(), "MessageStatus"),
        ],
        "SentMessage" if body["message"].is_object() => vec![
            ("/message/type".into(), "MessageType"),
            ("/message/status".into(), "MessageStatus"),
        ],
        "MessagesList" => (0..body["messages"].as_array().map_or(0, Vec::len))
            .flat_map(|i| {
                [
                    (format!("/messages/{i}/type"), "MessageType"),
                    (format!("/messages/{i}/status"), "MessageStatus"),
                ]
            })
            .collect(),
        "QR" => vec![("/status".into(), "QRStatus")],
        _ => Vec::new(),
    }
}

/// The enum decoded at `pointer` of a body of component `name`, as text:
/// `Ok(s)` for `Known` (its Display), `Err(s)` for `Unknown(s)`.
fn decoded_enum(name: &str, body: &Value, pointer: &str) -> Option<Result<String, String>> {
    fn open<T: std::fmt::Display>(e: &OpenEnum<T>) -> Result<String, String> {
        match e {
            OpenEnum::Known(k) => Ok(k.to_string()),
            OpenEnum::Unknown(s) => Err(s.clone()),
        }
    }
    fn of_message(m: &Message, field: &str) -> Option<Result<String, String>> {
        match field {
            "type" => Some(open(&m.type_)),
            _ => m.status.as_ref().map(open),
        }
    }
    let field = pointer.rsplit('/').next().unwrap_or_default();
    match name {
        "Message" => of_message(&serde_json::from_value(body.clone()).ok()?, field),
        "SentMessage" => {
            let s: SentMessage = serde_json::from_value(body.clone()).ok()?;
            of_message(s.message.as_ref()?, field)
        }
        "MessagesList" => {
            let l: MessagesList = serde_json::from_value(body.clone()).ok()?;
            let i: usize = pointer.split('/').nth(2)?.parse().ok()?;
            of_message(l.messages.get(i)?, field)
        }
        "QR" => Some(open(
            &serde_json::from_value::<Qr>(body.clone()).ok()?.status,
        )),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Baselines

#[test]
fn every_documented_body_decodes_as_its_type() {
    let all = examples();
    for name in [
        "MessagesList",
        "SentMessage",
        "QR",
        "ResponseError",
        "Message",
    ] {
        assert!(all.iter().any(|(n, _)| n == name), "no example of {name}");
    }
    for (name, body) in all {
        assert!(
            decode_as(name, body).expect("round trip holds"),
            "the documented {name} body does not decode: {body}"
        );
    }
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    /// Arbitrary bytes: every type decodes or errors, never panics.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_all(&bytes)?;
    }

    /// Documented bodies with random bytes flipped, inserted or cut.
    #[test]
    fn corrupted_documented_bytes_never_panic(
        (_, body) in example(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..8),
    ) {
        let mut bytes = serde_json::to_vec(&body).expect("JSON encodes");
        for (at, byte, how) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        decode_all(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// Arbitrary JSON documents.
    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        decode_all(&serde_json::to_vec(&value).expect("JSON encodes"))?;
    }

    /// A documented body with one sub-value replaced by arbitrary JSON.
    #[test]
    fn mutated_documented_bodies_never_panic(
        (name, mut body) in example(),
        walk in prop::collection::vec(any::<Index>(), 0..8),
        new in json_value(),
    ) {
        *walk_to(&mut body, &walk).0 = new;
        decode_as(&name, &body)?;
        decode_all(&serde_json::to_vec(&body).expect("JSON encodes"))?;
    }

    /// A field no type knows, added to any object of a documented body, is
    /// ignored: the body decodes to the same value (except inside the one
    /// free-form map, `quoted_content`, which keeps it).
    #[test]
    fn unknown_fields_are_ignored(
        (name, mut body) in example(),
        walk in prop::collection::vec(any::<Index>(), 0..8),
        suffix in "[a-z0-9_]{0,8}",
        new in json_value(),
    ) {
        let before = serde_json::to_vec(&body).expect("JSON encodes");
        let (node, keys) = walk_to(&mut body, &walk);
        let Value::Object(map) = node else {
            return Ok(());
        };
        map.insert(format!("x_unknown_{suffix}"), new);
        let after = serde_json::to_vec(&body).expect("JSON encodes");
        prop_assert!(decode_as(&name, &body)?, "an unknown field broke a {name} body: {body}");
        if !keys.iter().any(|k| k == "quoted_content") {
            macro_rules! same {
                ($t:ty) => {{
                    let a: $t = serde_json::from_slice(&before).expect("decodes");
                    let b: $t = serde_json::from_slice(&after).expect("decodes");
                    prop_assert_eq!(a, b);
                }};
            }
            match name.as_str() {
                "MessagesList" => same!(MessagesList),
                "SentMessage" => same!(SentMessage),
                "QR" => same!(Qr),
                "ResponseError" => same!(ResponseError),
                "Message" => same!(Message),
                _ => {}
            }
        }
    }

    /// Any `type`/`status` string the spec does not list decodes as
    /// `Unknown` with exactly that text, and encodes back to it.
    #[test]
    fn unknown_enum_values_decode_as_unknown(
        (name, mut body) in example().prop_filter("has an enum", |(n, b)| !enum_pointers(n, b).is_empty()),
        which in any::<Index>(),
        message_type in unknown_of(known("MessageType")),
        message_status in unknown_of(known("MessageStatus")),
        qr_status in unknown_of(known("QRStatus")),
    ) {
        let pointers = enum_pointers(&name, &body);
        let (pointer, component) = pointers[which.index(pointers.len())].clone();
        let text = match component {
            "MessageType" => message_type,
            "MessageStatus" => message_status,
            _ => qr_status,
        };
        let slot = body.pointer_mut(&pointer);
        prop_assume!(slot.is_some() || !pointer.ends_with("/type"));
        match slot {
            Some(slot) => *slot = json!(text),
            None => {
                // An optional status the example leaves out: add it.
                let (parent, field) = pointer.rsplit_once('/').expect("a pointer");
                body.pointer_mut(parent).and_then(Value::as_object_mut).expect("parent object")
                    .insert(field.to_owned(), json!(text));
            }
        }
        prop_assert!(decode_as(&name, &body)?, "{name} with {pointer} = {text:?} does not decode");
        prop_assert_eq!(decoded_enum(&name, &body, &pointer), Some(Err(text.clone())));
        // Unknown values encode back unchanged.
        let encoded = match name.as_str() {
            "Message" => serde_json::to_value(serde_json::from_value::<Message>(body.clone()).expect("decodes")),
            "SentMessage" => serde_json::to_value(serde_json::from_value::<SentMessage>(body.clone()).expect("decodes")),
            "MessagesList" => serde_json::to_value(serde_json::from_value::<MessagesList>(body.clone()).expect("decodes")),
            _ => serde_json::to_value(serde_json::from_value::<Qr>(body.clone()).expect("decodes")),
        }
        .expect("encodes");
        prop_assert_eq!(encoded.pointer(&pointer), Some(&json!(text)));
    }

    /// Every value the spec lists decodes as `Known`, displaying as itself.
    #[test]
    fn known_enum_values_decode_as_known(
        (name, mut body) in example().prop_filter("has an enum", |(n, b)| !enum_pointers(n, b).is_empty()),
        which in any::<Index>(),
        pick in any::<Index>(),
    ) {
        let pointers = enum_pointers(&name, &body);
        let (pointer, component) = pointers[which.index(pointers.len())].clone();
        let values = known(component);
        let text = values[pick.index(values.len())].clone();
        let Some(slot) = body.pointer_mut(&pointer) else {
            return Ok(());
        };
        *slot = json!(text);
        prop_assert!(decode_as(&name, &body)?, "{name} with {pointer} = {text:?} does not decode");
        prop_assert_eq!(decoded_enum(&name, &body, &pointer), Some(Ok(text)));
    }
}
