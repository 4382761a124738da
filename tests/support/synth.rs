//! A request synthesizer driven by the spec, for tests that exercise every
//! operation (tests/mock.rs against the embedded mock, tests/contract_prism.rs
//! against Prism), and an independent JSON-schema check for the answers.
//!
//! Include it with `#[path = "support/synth.rs"] mod synth;`. Values come
//! from the mock's own sampler (`src/mock/synth.rs`, compiled in here too):
//! path parameters that match their patterns, the required query
//! parameters, a JSON body with the schema's required properties, or the
//! bytes of a PNG for binary uploads. The schema check below is written
//! separately from the mock's validation, so the mock is not judged by
//! itself.
#![allow(dead_code)]

#[path = "../../src/mock/synth.rs"]
mod sampler;

#[allow(unused_imports)] // Each test uses its part.
pub(crate) use sampler::{flatten, resolve, sample};
use serde_json::{Map, Value};

/// The bytes every synthesized upload carries: a 1x1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0xe5, 0x27, 0xde, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Whether the cargo feature of API area `area` (a lowercased tag) is on
/// for this test build.
pub fn area_enabled(area: &str) -> bool {
    let areas = [
        ("messages", cfg!(feature = "messages")),
        ("media", cfg!(feature = "media")),
        ("chats", cfg!(feature = "chats")),
        ("contacts", cfg!(feature = "contacts")),
        ("groups", cfg!(feature = "groups")),
        ("presences", cfg!(feature = "presences")),
        ("channel", cfg!(feature = "channel")),
        ("users", cfg!(feature = "users")),
        ("statuses", cfg!(feature = "statuses")),
        ("stories", cfg!(feature = "stories")),
        ("newsletters", cfg!(feature = "newsletters")),
        ("communities", cfg!(feature = "communities")),
        ("business", cfg!(feature = "business")),
        ("labels", cfg!(feature = "labels")),
        ("blacklist", cfg!(feature = "blacklist")),
        ("calls", cfg!(feature = "calls")),
    ];
    areas.iter().any(|(name, on)| *on && *name == area)
}

/// The checked-in spec.
pub fn full_spec() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/whapi.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("spec readable"))
        .expect("spec is JSON")
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Op {
    pub id: String,
    /// Upper case.
    pub method: String,
    pub template: String,
    /// The operation object.
    pub op: Value,
    /// Path-level and operation parameters, resolved.
    pub params: Vec<Value>,
}

/// The operations of `spec` whose tag is an enabled area, in spec order.
pub fn enabled_operations(spec: &Value) -> Vec<Op> {
    let mut out = Vec::new();
    for (template, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let enabled = op["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|t| area_enabled(&t.to_lowercase()));
            if !enabled {
                continue;
            }
            let mut params: Vec<Value> = Vec::new();
            for list in [item.get("parameters"), op.get("parameters")]
                .into_iter()
                .flatten()
            {
                for p in list.as_array().expect("parameters") {
                    let p = resolve(spec, p).clone();
                    params.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
                    params.push(p);
                }
            }
            out.push(Op {
                id: op["operationId"].as_str().expect("operationId").to_owned(),
                method: method.to_uppercase(),
                template: template.clone(),
                op: op.clone(),
                params,
            });
        }
    }
    out
}

/// A synthesized request (no auth: the caller adds it).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, percent-encoded.
    pub target: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A valid request for `op`: every path parameter, the required query
/// parameters, and the body the operation needs (JSON when offered).
pub fn request(spec: &Value, op: &Op) -> Request {
    let mut path = op.template.clone();
    let mut query: Vec<(String, String)> = Vec::new();
    for p in &op.params {
        let name = p["name"].as_str().expect("parameter name");
        let schema = resolve(spec, p.get("schema").unwrap_or(&Value::Null));
        match p["in"].as_str() {
            Some("path") => {
                let v = text(&sample(spec, schema, name));
                path = path.replace(&format!("{{{name}}}"), &encode(&v));
            }
            Some("query") if p["required"] == true => {
                let explode = p["explode"].as_bool().unwrap_or(true);
                let v = sample(spec, schema, name);
                match v {
                    // form/explode: an object's properties are the keys.
                    Value::Object(m) => query.extend(m.iter().flat_map(|(k, v)| pairs(k, v, true))),
                    v => query.extend(pairs(name, &v, explode)),
                }
            }
            _ => {}
        }
    }
    let mut target = path;
    if !query.is_empty() {
        let q: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        target = format!("{target}?{}", q.join("&"));
    }
    let (content_type, body) = match body(spec, op) {
        Some((ct, body)) => (Some(ct), body),
        None => (None, Vec::new()),
    };
    Request {
        method: op.method.clone(),
        target,
        content_type,
        body,
    }
}

fn pairs(name: &str, v: &Value, explode: bool) -> Vec<(String, String)> {
    match v {
        Value::Array(items) if explode => {
            items.iter().map(|x| (name.to_owned(), text(x))).collect()
        }
        Value::Array(items) => {
            let joined: Vec<String> = items.iter().map(text).collect();
            vec![(name.to_owned(), joined.join(","))]
        }
        v => vec![(name.to_owned(), text(v))],
    }
}

/// The body: JSON when offered, else a binary upload (a PNG when images are
/// accepted), else a multipart form of the schema's required fields.
fn body(spec: &Value, op: &Op) -> Option<(String, Vec<u8>)> {
    let rb = resolve(spec, op.op.get("requestBody")?);
    let content = rb.get("content")?.as_object()?;
    if let Some(json) = content.get("application/json") {
        let schema = json.get("schema").unwrap_or(&Value::Null);
        let v = sample(spec, schema, "");
        return Some((
            "application/json".into(),
            serde_json::to_vec(&v).expect("serializable"),
        ));
    }
    let binary: Vec<&String> = content
        .keys()
        .filter(|m| m.contains('/') && !m.starts_with("multipart/") && !m.contains("form"))
        .collect();
    if !binary.is_empty() {
        let ct = binary
            .iter()
            .find(|m| m.as_str() == "image/png")
            .unwrap_or(&binary[0]);
        return Some(((*ct).clone(), PNG.to_vec()));
    }
    let form = content.get("multipart/form-data")?;
    let fields = sample(spec, form.get("schema").unwrap_or(&Value::Null), "");
    let boundary = "whapi-synth-boundary";
    let mut out = Vec::new();
    for (k, v) in fields.as_object().into_iter().flatten() {
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{}\r\n",
                text(v)
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Some((format!("multipart/form-data; boundary={boundary}"), out))
}

/// A value as a parameter's text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but unreserved characters and `@`.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The documented success: the lowest 2xx status and its content (media
/// type → schema), resolved.
pub fn success(spec: &Value, op: &Op) -> (u16, Map<String, Value>) {
    let (code, response) = op.op["responses"]
        .as_object()
        .expect("responses")
        .iter()
        .filter_map(|(c, r)| Some((c.parse::<u16>().ok()?, r)))
        .filter(|(c, _)| (200..300).contains(c))
        .min_by_key(|(c, _)| *c)
        .expect("a success response");
    let response = resolve(spec, response);
    let content = response
        .get("content")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    (code, content)
}

/// Checks `v` against `schema` (OpenAPI 3.0 subset: type, nullable, enum,
/// pattern, lengths, bounds, required, properties, items, allOf, oneOf and
/// anyOf as "any member"). The first problem, with its JSON path.
pub fn validate(spec: &Value, v: &Value, schema: &Value, at: &str) -> Result<(), String> {
    validate_depth(spec, v, schema, at, 0)
}

fn validate_depth(
    spec: &Value,
    v: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    let s = resolve(spec, schema);
    if v.is_null() && s["nullable"] == true {
        return Ok(());
    }
    for part in s["allOf"].as_array().into_iter().flatten() {
        validate_depth(spec, v, part, at, depth + 1)?;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = s[key].as_array() {
            let errors: Vec<String> = members
                .iter()
                .filter_map(|m| validate_depth(spec, v, m, at, depth + 1).err())
                .collect();
            if errors.len() == members.len() && !members.is_empty() {
                return Err(format!(
                    "{at}: no {key} member fits: {}",
                    errors.join(" | ")
                ));
            }
        }
    }
    if let Some(t) = s["type"].as_str() {
        let ok = match t {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        };
        if !ok {
            return Err(format!("{at}: expected {t}, got {v}"));
        }
    }
    if let Some(e) = s["enum"].as_array()
        && !e.contains(v)
    {
        return Err(format!(
            "{at}: {v} is not in the enum {}",
            Value::from(e.clone())
        ));
    }
    match v {
        Value::String(text) => {
            if let Some(p) = s["pattern"].as_str() {
                let re = regress::Regex::new(p).map_err(|e| format!("{at}: pattern {p}: {e}"))?;
                if re.find(text).is_none() {
                    return Err(format!("{at}: {text:?} does not match {p}"));
                }
            }
            let n = text.chars().count() as u64;
            if s["minLength"].as_u64().is_some_and(|m| n < m)
                || s["maxLength"].as_u64().is_some_and(|m| n > m)
            {
                return Err(format!("{at}: length {n} out of bounds"));
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or_default();
            if s["minimum"].as_f64().is_some_and(|m| x < m)
                || s["maximum"].as_f64().is_some_and(|m| x > m)
            {
                return Err(format!("{at}: {n} out of bounds"));
            }
        }
        Value::Array(items) => {
            if s["minItems"]
                .as_u64()
                .is_some_and(|m| (items.len() as u64) < m)
            {
                return Err(format!("{at}: fewer than minItems"));
            }
            if let Some(item) = s.get("items") {
                for (i, x) in items.iter().enumerate() {
                    validate_depth(spec, x, item, &format!("{at}[{i}]"), depth + 1)?;
                }
            }
        }
        Value::Object(map) => {
            for r in s["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap_or_default();
                if !map.contains_key(r) {
                    return Err(format!("{at}: missing required {r}"));
                }
            }
            for (k, prop) in s["properties"].as_object().into_iter().flatten() {
                if let Some(x) = map.get(k) {
                    validate_depth(spec, x, prop, &format!("{at}.{k}"), depth + 1)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
