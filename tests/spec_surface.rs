//! Snapshot of the spec's surface: one line per operation, one per schema.
//! A change to the API shows up here, in review, as a line diff.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;

fn ref_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!("[{}]", ref_name(&schema["items"])),
        Some(t) => match schema.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t}({f})"),
            None => t.to_owned(),
        },
        None => "any".to_owned(),
    }
}

fn operation_line(method: &str, path: &str, op: &Value, params: &Value) -> String {
    let id = op["operationId"].as_str().unwrap_or("?");
    let mut parts = vec![format!("{} {path} {id}", method.to_uppercase())];
    let mut query = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let p = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => &params[r.rsplit('/').next().unwrap_or_default()],
            None => p,
        };
        let mark = if p["required"].as_bool() == Some(true) {
            "*"
        } else {
            ""
        };
        query.push(format!(
            "{}:{}{mark}={}",
            p["in"].as_str().unwrap_or("?"),
            p["name"].as_str().unwrap_or("?"),
            ref_name(&p["schema"])
        ));
    }
    if !query.is_empty() {
        parts.push(format!("params=[{}]", query.join(", ")));
    }
    if let Some(content) = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
    {
        let bodies: Vec<String> = content
            .iter()
            .map(|(mt, m)| format!("{mt}:{}", ref_name(&m["schema"])))
            .collect();
        if bodies.len() == 1 {
            parts.push(format!("body={}", bodies[0]));
        } else {
            parts.push(format!("body=[{}]", bodies.join(", ")));
        }
    }
    let mut success = Vec::new();
    let mut errors: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (status, resp) in op["responses"].as_object().into_iter().flatten() {
        let schema = ref_name(&resp["content"]["application/json"]["schema"]);
        if status.starts_with('2') {
            success.push(format!("{status} {schema}"));
        } else {
            errors.entry(schema).or_default().push(status);
        }
    }
    let errors: Vec<String> = errors
        .iter()
        .map(|(s, codes)| format!("{} {s}", codes.join(",")))
        .collect();
    format!(
        "{} -> {} | {}",
        parts.join(" "),
        success.join(", "),
        errors.join("; ")
    )
}

fn schema_line(name: &str, schema: &Value) -> String {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        return format!("{name} enum[{}]", values.join("|"));
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let fields: Vec<String> = props
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}{}: {}",
                    if required.contains(&k.as_str()) {
                        "*"
                    } else {
                        ""
                    },
                    ref_name(v)
                )
            })
            .collect();
        return format!("{name} {{{}}}", fields.join(", "));
    }
    let mut line = format!("{name} {}", ref_name(schema));
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        line.push_str(&format!(" pattern={p}"));
    }
    line
}

/// One snapshot per area (the operations of one tag) and one of the
/// components, so a change in one area is a local diff.
#[test]
fn spec_surface() {
    let spec = support::spec();
    let params = &spec["components"]["parameters"];
    let mut areas: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let tag = op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .unwrap_or("untagged");
            areas
                .entry(tag.to_lowercase())
                .or_default()
                .push(operation_line(method, path, op, params));
        }
    }
    let total: usize = areas.values().map(Vec::len).sum();
    assert_eq!(total, 167, "167 operations");
    for (area, mut lines) in areas {
        lines.sort();
        insta::assert_snapshot!(format!("spec_surface_{area}"), lines.join("\n"));
    }
    let mut lines = Vec::new();
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        lines.push(schema_line(name, schema));
    }
    insta::assert_snapshot!("spec_surface_components", lines.join("\n"));
}
