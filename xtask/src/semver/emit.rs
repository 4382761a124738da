//! Rust source mirroring what progenitor 0.15 + typify 0.8 emit (builder
//! style, whole-API settings) for the small specs of the cross-check:
//!
//! * object schemas → a struct with `pub` fields (`Option<T>` when optional or
//!   nullable) and a `builder::Name` whose setters take `T: TryInto<Field>`;
//! * string enums → a strict enum, or, when a response reaches them,
//!   `OpenEnum<NameKnown>` (every response enum is open);
//! * `pattern` → a validated newtype on the request side only: responses are
//!   not validated, so their strings stay `String` (so does `format`).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

const OPEN_ENUM: &str = "pub enum OpenEnum<T> { Known(T), Unknown(String) }\n";

/// The `api` crate for a spec of one operation, `POST /things`.
pub fn api(spec: &Value) -> String {
    let empty = Map::new();
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let op = spec.pointer("/paths/~1things/post").unwrap_or(&Value::Null);
    let request = reachable(op.get("requestBody"), schemas);
    let response = reachable(op.get("responses"), schemas);
    let mut out =
        format!("#![allow(dead_code)]\n{OPEN_ENUM}pub mod types {{\nuse super::OpenEnum;\n");
    // typify puts every builder in one `types::builder` module.
    let mut builders = String::from("pub mod builder { use super::*;\n");
    for (name, schema) in schemas {
        let request_side = request.contains(name);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let variants: Vec<String> = values
                .iter()
                .filter_map(Value::as_str)
                .map(pascal)
                .collect();
            if response.contains(name) {
                let _ = writeln!(
                    out,
                    "pub enum {name}Known {{ {} }}\npub type {name} = OpenEnum<{name}Known>;",
                    variants.join(", ")
                );
            } else {
                let _ = writeln!(out, "pub enum {name} {{ {} }}", variants.join(", "));
            }
        } else if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            object(&mut out, &mut builders, name, schema, props, request_side);
        } else {
            let _ = writeln!(out, "pub struct {name}(pub {});", scalar(schema));
        }
    }
    out.push_str(&builders);
    out.push_str("}\n}\n");
    out
}

fn object(
    out: &mut String,
    builders: &mut String,
    name: &str,
    schema: &Value,
    props: &Map<String, Value>,
    request_side: bool,
) {
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields = Vec::new();
    for (field, s) in props {
        let mut ty = match s.get("$ref").and_then(Value::as_str) {
            Some(r) => r.rsplit('/').next().unwrap_or(r).to_string(),
            None if request_side && s.get("pattern").is_some() => {
                // typify names an inline constrained string after its owner.
                let newtype = format!("{name}{}", pascal(field));
                let _ = writeln!(
                    out,
                    "pub struct {newtype}(String);\nimpl TryFrom<&str> for {newtype} {{ type Error = String; fn try_from(v: &str) -> Result<Self, String> {{ Ok(Self(v.to_string())) }} }}\nimpl TryFrom<String> for {newtype} {{ type Error = String; fn try_from(v: String) -> Result<Self, String> {{ Ok(Self(v)) }} }}"
                );
                newtype
            }
            None => scalar(s),
        };
        let nullable = s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if !required.contains(field.as_str()) || nullable {
            ty = format!("Option<{ty}>");
        }
        fields.push((field.as_str(), ty, required.contains(field.as_str())));
    }
    let list: Vec<String> = fields
        .iter()
        .map(|(f, t, _)| format!("pub {f}: {t}"))
        .collect();
    let _ = writeln!(
        out,
        "pub struct {name} {{ {} }}\nimpl {name} {{ pub fn builder() -> builder::{name} {{ Default::default() }} }}",
        list.join(", ")
    );
    let slots: Vec<String> = fields
        .iter()
        .map(|(f, t, _)| format!("{f}: Result<{t}, String>"))
        .collect();
    let defaults: Vec<String> = fields
        .iter()
        .map(|(f, _, req)| {
            if *req {
                format!("{f}: Err(\"no value supplied for {f}\".to_string())")
            } else {
                format!("{f}: Ok(Default::default())")
            }
        })
        .collect();
    let setters: Vec<String> = fields
        .iter()
        .map(|(f, t, _)| {
            format!(
                "pub fn {f}<T>(mut self, value: T) -> Self where T: TryInto<{t}>, T::Error: std::fmt::Display {{ self.{f} = value.try_into().map_err(|e| e.to_string()); self }}"
            )
        })
        .collect();
    let _ = writeln!(
        builders,
        "pub struct {name} {{ {} }}\nimpl Default for {name} {{ fn default() -> Self {{ Self {{ {} }} }} }}\nimpl {name} {{ {} }}",
        slots.join(", "),
        defaults.join(", "),
        setters.join("\n")
    );
}

fn scalar(s: &Value) -> String {
    let format = s.get("format").and_then(Value::as_str);
    match s.get("type").and_then(Value::as_str) {
        Some("integer") if format == Some("int32") => "i32".into(),
        Some("integer") => "i64".into(),
        Some("number") if format == Some("float") => "f32".into(),
        Some("number") => "f64".into(),
        Some("boolean") => "bool".into(),
        Some("array") => format!(
            "Vec<{}>",
            s.get("items")
                .map(scalar)
                .unwrap_or_else(|| "String".into())
        ),
        _ => "String".into(),
    }
}

/// Component names reachable from `root` through `$ref`s.
fn reachable(root: Option<&Value>, schemas: &Map<String, Value>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = Vec::new();
    refs(root.unwrap_or(&Value::Null), &mut stack);
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone())
            && let Some(s) = schemas.get(&name)
        {
            refs(s, &mut stack);
        }
    }
    seen
}

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_string());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// `read_receipt` → `ReadReceipt`.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}
