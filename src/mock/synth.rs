//! Plausible values from schemas: the mock's answers for operations whose
//! spec has no example, and the tests' request synthesizer
//! (`tests/support/synth.rs` includes this file), so it depends on nothing
//! but `serde_json` and `regress`.
//!
//! A sample is minimal and valid: an object gets its required properties,
//! an array one item (or `minItems`), a string a value that fits its
//! pattern, enum, format and length, a number its minimum (or 1). Schema
//! examples win when present. Recursion stops at [`MAX_DEPTH`].
#![allow(dead_code)]

use serde_json::{Map, Value};

/// Deeper than this, objects and arrays are sampled empty (cycle guard).
const MAX_DEPTH: usize = 10;

/// `$ref` chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 16;

/// Values tried, in order, against a string's pattern: the identifiers the
/// Whapi API uses, then a few generic shapes.
const CANDIDATES: &[&str] = &[
    "15551234567",
    "120363025555555555@g.us",
    "15551234567@s.whatsapp.net",
    "ABCDEF012345-gBcdefghIjk",
    "120363111111111111@newsletter",
    "#122e31",
    "AbCdEfGhIjKlMnOpQr",
    "AbCdEfGhIjKlMnOpQrStUvWx",
    "AbCdEfGhIjKlMnOpQrStUvWxYz12",
    "pdf-0123abcdef",
    "socks5://user:pass@127.0.0.1:1080",
    "https://example.com/file.jpg",
    "12",
    "me",
    "",
];

/// Follows `$ref`s (`#/...` pointers into `doc`); an unresolvable one is
/// returned as is.
pub(crate) fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..MAX_REF_HOPS {
        let Some(target) = v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| doc.pointer(p))
        else {
            return v;
        };
        v = target;
    }
    v
}

/// A minimal valid value of `schema`; `name` (a property or parameter name)
/// picks plausible strings.
pub(crate) fn sample(doc: &Value, schema: &Value, name: &str) -> Value {
    Sampler { all_until: 0 }.at(doc, schema, name, 0)
}

/// As [`sample`], but objects less than [`RICH_DEPTH`] deep also get their
/// optional scalar properties: a plausible answer rather than a minimal
/// request.
pub(crate) fn sample_rich(doc: &Value, schema: &Value, name: &str) -> Value {
    Sampler {
        all_until: RICH_DEPTH,
    }
    .at(doc, schema, name, 0)
}

/// How deep [`sample_rich`] fills in optional properties.
const RICH_DEPTH: usize = 3;

struct Sampler {
    /// Objects shallower than this get all their properties.
    all_until: usize,
}

impl Sampler {
    fn at(&self, doc: &Value, schema: &Value, name: &str, depth: usize) -> Value {
        let flat = flatten(doc, schema, 0);
        let schema = &flat;
        if let Some(example) = schema.get("example").filter(|e| !e.is_null()) {
            return example.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|members| {
                    members
                        .iter()
                        .find(|m| type_of(resolve(doc, m)) != Some("null"))
                })
            {
                return self.at(doc, first, name, depth + 1);
            }
        }
        let kind = type_of(schema).or_else(|| {
            (schema.get("properties").is_some() || schema.get("required").is_some())
                .then_some("object")
        });
        match kind {
            Some("object") => {
                let mut out = Map::new();
                if depth >= MAX_DEPTH {
                    return Value::Object(out);
                }
                let props = schema.get("properties").and_then(Value::as_object);
                if depth < self.all_until {
                    // Optional scalars only: a message gets its `timestamp`,
                    // not a content object of every type.
                    for (name, prop) in props.into_iter().flatten() {
                        let scalar = matches!(
                            type_of(resolve(doc, prop)),
                            Some("string" | "integer" | "number" | "boolean")
                        );
                        if scalar {
                            out.insert(name.clone(), self.at(doc, prop, name, depth + 1));
                        }
                    }
                }
                for required in required(schema) {
                    let prop = props
                        .and_then(|p| p.get(required))
                        .cloned()
                        .or_else(|| member_property(doc, schema, required))
                        .unwrap_or_else(|| Value::Object(Map::new()));
                    out.insert(
                        required.to_string(),
                        self.at(doc, &prop, required, depth + 1),
                    );
                }
                Value::Object(out)
            }
            Some("array") => {
                if depth >= MAX_DEPTH {
                    return Value::Array(Vec::new());
                }
                let n = schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1);
                let n = schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .map_or(n, |max| n.min(max));
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                let singular = name.strip_suffix('s').unwrap_or(name);
                (0..n)
                    .map(|_| self.at(doc, &items, singular, depth + 1))
                    .collect()
            }
            Some("integer") => Value::from(number(schema).round() as i64),
            Some("number") => serde_json::Number::from_f64(number(schema))
                .map(Value::Number)
                .unwrap_or_else(|| Value::from(1)),
            Some("boolean") => Value::Bool(true),
            Some("null") => Value::Null,
            _ => Value::String(string(schema, name)),
        }
    }
}

/// A plausible string for `schema` (a string schema, or a parameter's).
pub(crate) fn string(schema: &Value, name: &str) -> String {
    let pattern = schema
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(|p| regress::Regex::new(p).ok());
    let hint = hint(name, schema);
    let fits =
        |s: &str| pattern.as_ref().is_none_or(|re| re.find(s).is_some()) && length_ok(schema, s);
    if fits(&hint) {
        return hint;
    }
    if let Some(found) = CANDIDATES.iter().find(|c| fits(c)) {
        return (*found).to_string();
    }
    // Only the length is off, or no candidate fits the pattern: pad or cut.
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |m| m as usize);
    let mut s: String = hint.chars().take(max).collect();
    while s.chars().count() < min {
        s.push('x');
    }
    s
}

fn length_ok(schema: &Value, s: &str) -> bool {
    let len = s.chars().count() as u64;
    schema
        .get("minLength")
        .and_then(Value::as_u64)
        .is_none_or(|min| len >= min)
        && schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .is_none_or(|max| len <= max)
}

/// The value a name or format suggests.
fn hint(name: &str, schema: &Value) -> String {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => return "2023-11-14T22:13:20Z".into(),
        Some("date") => return "2023-11-14".into(),
        Some("ipv4") => return "127.0.0.1".into(),
        Some("uri" | "url") => return "https://example.com/file.jpg".into(),
        Some("email") => return "ada@example.com".into(),
        Some("binary") => return String::new(),
        _ => {}
    }
    let lower = name.to_ascii_lowercase();
    let has = |s: &str| lower.contains(s);
    if has("group") || has("community") {
        "120363025555555555@g.us".into()
    } else if has("newsletter") && has("id") {
        "120363111111111111@newsletter".into()
    } else if lower == "messageid" || lower == "quoted" || has("message_id") {
        "ABCDEF012345-gBcdefghIjk".into()
    } else if lower == "to"
        || has("phone")
        || has("contact")
        || has("chat")
        || has("entry")
        || lower == "participant"
    {
        "15551234567".into()
    } else if has("url") || has("link") || lower == "media" {
        "https://example.com/file.jpg".into()
    } else if has("color") {
        "#122e31".into()
    } else if has("email") {
        "ada@example.com".into()
    } else if has("vcard") {
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD".into()
    } else if has("emoji") {
        "\u{1F44D}".into()
    } else if lower.ends_with("id") || has("code") {
        "Mock1234Abcd".into()
    } else if lower.is_empty() {
        "mock".into()
    } else {
        format!("mock {lower}")
    }
}

fn number(schema: &Value) -> f64 {
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    let mut x = min.map_or(1.0, |m| m.max(1.0));
    if let Some(max) = max {
        x = x.min(max);
    }
    x
}

pub(crate) fn type_of(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn required(schema: &Value) -> impl Iterator<Item = &str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn strip(schema: &Value, key: &str) -> Value {
    let mut s = schema.clone();
    if let Some(m) = s.as_object_mut() {
        m.remove(key);
    }
    s
}

/// `schema` with its `$ref` resolved and its `allOf` parts merged in:
/// properties and required lists united, other keywords from the first
/// part that has them (the schema's own first).
pub(crate) fn flatten(doc: &Value, schema: &Value, depth: usize) -> Value {
    // `$ref` with siblings (`required`, ...): both apply, as Prism reads it.
    if let Some(map) = schema.as_object()
        && map.contains_key("$ref")
        && map.len() > 1
        && depth <= MAX_DEPTH
    {
        let mut rest = map.clone();
        let target = rest.remove("$ref").unwrap_or_default();
        let mut parts = vec![serde_json::json!({ "$ref": target })];
        parts.extend(
            rest.remove("allOf")
                .and_then(|a| a.as_array().cloned())
                .into_iter()
                .flatten(),
        );
        rest.insert("allOf".into(), Value::Array(parts));
        return flatten(doc, &Value::Object(rest), depth + 1);
    }
    let schema = resolve(doc, schema);
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return schema.clone();
    };
    let mut out = match strip(schema, "allOf") {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if depth > MAX_DEPTH {
        return Value::Object(out);
    }
    for part in parts {
        let Value::Object(part) = flatten(doc, part, depth + 1) else {
            continue;
        };
        for (k, v) in part {
            match (k.as_str(), out.get_mut(&k), v) {
                ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                    for (name, prop) in theirs {
                        mine.entry(name).or_insert(prop);
                    }
                }
                ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                    for r in theirs {
                        if !mine.contains(&r) {
                            mine.push(r);
                        }
                    }
                }
                (_, Some(_), _) => {}
                (_, None, v) => {
                    out.insert(k, v);
                }
            }
        }
    }
    Value::Object(out)
}

/// A property required by `schema` but defined only by its oneOf/anyOf
/// members: the first member's definition.
fn member_property(doc: &Value, schema: &Value, name: &str) -> Option<Value> {
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|m| {
            flatten(doc, m, 0)
                .get("properties")
                .and_then(|p| p.get(name))
                .cloned()
        })
}
