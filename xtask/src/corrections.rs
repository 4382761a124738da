//! Corrections of the merged spec's defects, keyed by construct (never by an
//! operation's name), each reported in `spec/SOURCES.md` where it applied.
//! They make the spec say what the wire does and pass openapi-spec-validator.
//! (What only progenitor cannot take is build.rs's `prepare`, not here.)
//!
//! | rule | construct | why |
//! |---|---|---|
//! | `drop-invalid-default` | a `default` its own schema rejects | the published `MessageSource.default` is not in its enum; validators and typify reject it |
//! | `drop-invalid-example` | a schema or media `example` its schema rejects | an example outside its enum fails validation and misleads mocks |
//! | `drop-required-without-property` | a `required` name that is no property | `ResponseSuccess.result`, `MediaFile.time` (is `timestamp`): every real answer would fail to decode |
//! | `head-has-no-body` | response content on a HEAD operation | a HEAD answer has no body; decoding one always fails |
//! | `number-parameter-is-integer` | a query or path parameter of `type: number` | counts, offsets and times are integers; a float goes out as `count=100.0` |
//! | `get-has-no-body` | a request body on GET or HEAD | proxies drop it and clients cannot send it |

use crate::union::Decision;
use crate::validate;
use serde_json::{Value, json};

/// Applies every correction to `doc`, recording each.
pub fn apply(doc: &mut Value, decisions: &mut Vec<Decision>) {
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(json!({}));
    walk(doc, String::new(), false, &mut |pointer, node| {
        invalid_values(pointer, node, &schemas, decisions);
        required_without_property(pointer, node, &schemas, decisions);
    });
    media_examples(doc, &schemas, decisions);
    operations(doc, decisions);
    number_parameters(doc, decisions);
}

/// Calls `f` on every schema object in `node` (by OpenAPI's structure).
fn walk(node: &mut Value, pointer: String, is_schema: bool, f: &mut impl FnMut(&str, &mut Value)) {
    if is_schema && node.is_object() {
        f(&pointer, node);
    }
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let p = format!("{pointer}/{}", crate::upstream::escape(key));
                if matches!(
                    key.as_str(),
                    "example" | "examples" | "default" | "enum" | "x-records"
                ) {
                    continue;
                }
                if is_schema {
                    match key.as_str() {
                        "properties" => {
                            if let Some(props) = child.as_object_mut() {
                                for (name, prop) in props.iter_mut() {
                                    let pp = format!("{p}/{}", crate::upstream::escape(name));
                                    walk(prop, pp, true, f);
                                }
                            }
                        }
                        "items" | "additionalProperties" | "not" => walk(child, p, true, f),
                        "allOf" | "oneOf" | "anyOf" => {
                            for (i, part) in child.as_array_mut().into_iter().flatten().enumerate()
                            {
                                walk(part, format!("{p}/{i}"), true, f);
                            }
                        }
                        _ => {}
                    }
                } else if key == "schema" {
                    walk(child, p, true, f);
                } else if key == "schemas" && pointer == "/components" {
                    for (name, s) in child.as_object_mut().into_iter().flatten() {
                        walk(s, format!("{p}/{}", crate::upstream::escape(name)), true, f);
                    }
                } else {
                    walk(child, p, false, f);
                }
            }
        }
        Value::Array(items) if !is_schema => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, format!("{pointer}/{i}"), false, f);
            }
        }
        _ => {}
    }
}

fn invalid_values(pointer: &str, node: &mut Value, schemas: &Value, decisions: &mut Vec<Decision>) {
    for (key, rule) in [
        ("default", "drop-invalid-default"),
        ("example", "drop-invalid-example"),
    ] {
        let Some(value) = node.get(key).cloned() else {
            continue;
        };
        let mut bare = node.clone();
        if let Some(m) = bare.as_object_mut() {
            m.remove("default");
            m.remove("example");
        }
        let problems = validate::validate(&value, &bare, schemas);
        if let Some(problem) = problems.first() {
            if let Some(m) = node.as_object_mut() {
                m.remove(key);
            }
            decisions.push(Decision::new(
                rule,
                pointer,
                format!("{key} {value} dropped: {problem}"),
            ));
        }
    }
}

fn media_examples(doc: &mut Value, schemas: &Value, decisions: &mut Vec<Decision>) {
    let mut found = Vec::new();
    collect_media(doc, String::new(), &mut found);
    for pointer in found {
        let Some(media) = doc.pointer_mut(&pointer) else {
            continue;
        };
        let (Some(example), Some(schema)) = (media.get("example"), media.get("schema")) else {
            continue;
        };
        if let Some(problem) = validate::validate(example, schema, schemas).first() {
            let detail = format!("example dropped: {problem}");
            if let Some(m) = media.as_object_mut() {
                m.remove("example");
            }
            decisions.push(Decision::new("drop-invalid-example", &pointer, detail));
        }
    }
}

/// Pointers of media type objects (`…/content/<type>`) outside responses that
/// records document (their examples are validated by `spec::build`).
fn collect_media(node: &Value, pointer: String, out: &mut Vec<String>) {
    let Some(map) = node.as_object() else {
        return;
    };
    if map
        .get("x-records")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        return;
    }
    for (key, child) in map {
        let p = format!("{pointer}/{}", crate::upstream::escape(key));
        if key == "content" {
            for (media, _) in child.as_object().into_iter().flatten() {
                out.push(format!("{p}/{}", crate::upstream::escape(media)));
            }
        } else if !matches!(key.as_str(), "schema" | "schemas" | "example" | "examples") {
            collect_media(child, p, out);
        }
    }
}

fn required_without_property(
    pointer: &str,
    node: &mut Value,
    schemas: &Value,
    decisions: &mut Vec<Decision>,
) {
    let Some(required) = node.get("required").and_then(Value::as_array).cloned() else {
        return;
    };
    let Some(names) = property_names(node, schemas, 0) else {
        return;
    };
    let (keep, drop): (Vec<Value>, Vec<Value>) = required
        .into_iter()
        .partition(|r| r.as_str().is_some_and(|r| names.contains(&r.to_owned())));
    if drop.is_empty() {
        return;
    }
    let dropped: Vec<String> = drop
        .iter()
        .filter_map(|v| v.as_str())
        .map(str::to_owned)
        .collect();
    decisions.push(Decision::new(
        "drop-required-without-property",
        pointer,
        format!("required {} named no property: dropped", dropped.join(", ")),
    ));
    if let Some(m) = node.as_object_mut() {
        if keep.is_empty() {
            m.remove("required");
        } else {
            m.insert("required".into(), Value::Array(keep));
        }
    }
}

/// The property names a schema can have (own, allOf parts, oneOf/anyOf
/// variants), or None when that cannot be told (free-form).
fn property_names(schema: &Value, schemas: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > 16 {
        return None;
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        return property_names(schemas.get(name)?, schemas, depth + 1);
    }
    let mut names: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut known = schema.get("properties").is_some();
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            names.extend(property_names(part, schemas, depth + 1)?);
            known = true;
        }
    }
    if schema
        .get("additionalProperties")
        .is_some_and(|a| a != &json!(false))
    {
        return None;
    }
    known.then_some(names)
}

fn operations(doc: &mut Value, decisions: &mut Vec<Decision>) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for (method, op) in item.as_object_mut().into_iter().flatten() {
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let at = format!("{id} ({} {path})", method.to_uppercase());
            let bodiless = method == "get" || method == "head";
            if bodiless
                && let Some(m) = op.as_object_mut()
                && m.remove("requestBody").is_some()
            {
                decisions.push(Decision::new(
                    "get-has-no-body",
                    &at,
                    "request body dropped".into(),
                ));
            }
            if method != "head" {
                continue;
            }
            for (status, response) in op
                .get_mut("responses")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flatten()
            {
                if response.get("content").is_some() || response.get("$ref").is_some() {
                    let description = response
                        .get("description")
                        .cloned()
                        .unwrap_or(json!("No body (HEAD)"));
                    *response = json!({"description": description});
                    decisions.push(Decision::new(
                        "head-has-no-body",
                        &at,
                        format!("response {status}: content removed"),
                    ));
                }
            }
        }
    }
}

fn number_parameters(doc: &mut Value, decisions: &mut Vec<Decision>) {
    let mut fix = |pointer: String, p: &mut Value| {
        let located = matches!(p.get("in").and_then(Value::as_str), Some("query" | "path"));
        let number = p.pointer("/schema/type").and_then(Value::as_str) == Some("number");
        if located
            && number
            && let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut)
        {
            schema.insert("type".into(), json!("integer"));
            schema.insert("format".into(), json!("int64"));
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            decisions.push(Decision::new(
                "number-parameter-is-integer",
                &pointer,
                format!("parameter `{name}`: number → integer (int64)"),
            ));
        }
    };
    for (name, p) in doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flatten()
    {
        fix(format!("/components/parameters/{name}"), p);
    }
    for (path, item) in doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object_mut().into_iter().flatten() {
            for (i, p) in op
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = format!(
                    "/paths/{}/{method}/parameters/{i}",
                    crate::upstream::escape(path)
                );
                fix(at, p);
            }
        }
    }
}
