//! Generates the typed client from `spec/whapi.openapi.json` with progenitor.
//!
//! The spec describes the wire; progenitor 0.15.1 cannot take all of it, so
//! one transformation, [`prepare`], runs first (documented on the function and
//! tested in `tests/codegen.rs`). The generated code goes to
//! `$OUT_DIR/whapi_generated.rs` and is included by `src/api.rs`.

use serde_json::{Map, Value, json};
use std::path::Path;

const SPEC: &str = "spec/whapi.openapi.json";
const OUT_FILE: &str = "whapi_generated.rs";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let text =
        std::fs::read_to_string(SPEC).unwrap_or_else(|e| fail(&format!("cannot read {SPEC}: {e}")));
    let code = generate(&text).unwrap_or_else(|e| fail(&e));
    let out = Path::new(&out_dir).join(OUT_FILE);
    // Unchanged output keeps the file's mtime, so nothing downstream rebuilds.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&out, code)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: whapi code generation from {SPEC} failed: {message}");
    std::process::exit(1)
}

/// The one generator configuration: spec text → formatted Rust source.
pub fn generate(spec_text: &str) -> Result<String, String> {
    let spec: Value =
        serde_json::from_str(spec_text).map_err(|e| format!("{SPEC} is not JSON: {e}"))?;
    let prepared = prepare(spec)?;
    let open_enums = open_enums(&prepared);
    let spec: openapiv3::OpenAPI = serde_json::from_value(prepared.clone())
        .map_err(|e| format!("{SPEC} is not an OpenAPI 3.0 document: {e}"))?;

    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote_path("crate::hooks::Inner"))
        .with_hooks(progenitor::HooksMode::Expected)
        .with_derive("PartialEq");
    for name in &open_enums {
        settings.with_replacement(
            name,
            format!("crate::OpenEnum<crate::types::{}>", known_name(name)),
            [progenitor::TypeImpl::Display, progenitor::TypeImpl::FromStr].into_iter(),
        );
    }
    // progenitor reports some unsupported constructs by panicking; turn that
    // into an error naming the construct instead of a backtrace.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(move || {
        let mut generator = progenitor::Generator::new(&settings);
        generator.generate_tokens(&spec).map_err(|e| e.to_string())
    });
    std::panic::set_hook(previous_hook);
    let tokens = match result {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(format!("progenitor rejected the spec: {e}")),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown construct".into());
            return Err(format!("progenitor cannot generate this construct: {what}"));
        }
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced invalid Rust: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn quote_path(path: &str) -> proc_macro2::TokenStream {
    path.parse()
        .unwrap_or_else(|_| fail(&format!("`{path}` is not a Rust path")))
}

/// The name of the strict enum behind an open one.
pub fn known_name(name: &str) -> String {
    format!("{}Known", typify_name(name))
}

/// typify's type name for a component name (`ChatID` → `ChatId`).
fn typify_name(name: &str) -> String {
    let mut out = String::new();
    let mut prev_upper = false;
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            let next_lower = name
                .chars()
                .nth(i + 1)
                .is_some_and(|n| n.is_ascii_lowercase());
            if prev_upper && !next_lower {
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
            prev_upper = true;
        } else {
            out.push(c);
            prev_upper = false;
        }
    }
    out
}

/// The transformation applied before generation. The checked-in spec states
/// the wire faithfully; progenitor 0.15.1 cannot take three of its constructs:
///
/// 1. **Object query parameters** (progenitor #1221): `sendMediaMessage`'s
///    `SendParams` (`style: form, explode: true`, schema `SenderMedia`) is
///    flattened into one query parameter per property, which is exactly what
///    form/explode puts on the wire.
/// 2. **Several request media types** (a panic): the raw upload keeps one,
///    `application/octet-stream` with a binary schema; the real Content-Type
///    is set per request by the client's `pre` hook.
/// 3. **Closed enums**: a string enum reachable from a response is copied to
///    `<Name>Known` and `<Name>` itself is replaced by
///    `OpenEnum<<Name>Known>`, so an unknown value decodes as
///    `OpenEnum::Unknown` instead of failing the whole response.
///
/// Component parameters are inlined on the way (a parameter `$ref` must be
/// resolved to flatten it); everything else passes through unchanged.
pub fn prepare(mut spec: Value) -> Result<Value, String> {
    let params = spec
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let schemas = spec
        .pointer("/components/schemas")
        .cloned()
        .ok_or_else(|| format!("{SPEC} has no components/schemas"))?;
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("{SPEC} has no paths"))?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let where_ = format!("{} {path}", method.to_uppercase());
            if let Some(list) = op.get("parameters").and_then(Value::as_array) {
                let mut flat = Vec::new();
                for p in list {
                    let p = resolve(p, &params, "#/components/parameters/")
                        .ok_or_else(|| format!("{where_}: unresolvable parameter {p}"))?;
                    flat.extend(flatten_parameter(&p, &schemas, &where_)?);
                }
                op.insert("parameters".into(), Value::Array(flat));
            }
            if let Some(content) = op
                .get_mut("requestBody")
                .and_then(|b| b.get_mut("content"))
                .and_then(Value::as_object_mut)
                && (content.len() > 1 || content.values().any(is_binary))
            {
                if !content.values().all(is_binary) {
                    return Err(format!(
                        "{where_}: request body has several media types, not all of them binary uploads"
                    ));
                }
                let mut single = Map::new();
                single.insert(
                    "application/octet-stream".into(),
                    json!({"schema": {"type": "string", "format": "binary"}}),
                );
                *content = single;
            }
        }
    }
    if let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("parameters");
    }
    let open = open_enums(&spec);
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in open {
            if let Some(schema) = schemas.get(&name).cloned() {
                schemas.insert(format!("{name}Known"), schema);
            }
        }
    }
    Ok(spec)
}

fn is_binary(media: &Value) -> bool {
    media.pointer("/schema/format").and_then(Value::as_str) == Some("binary")
}

fn resolve(value: &Value, table: &Value, prefix: &str) -> Option<Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => table.get(r.strip_prefix(prefix)?).cloned(),
        None => Some(value.clone()),
    }
}

/// An object query parameter with form/explode becomes one parameter per property.
fn flatten_parameter(p: &Value, schemas: &Value, where_: &str) -> Result<Vec<Value>, String> {
    let schema = p.get("schema").cloned().unwrap_or(Value::Null);
    let target = resolve(&schema, schemas, "#/components/schemas/")
        .ok_or_else(|| format!("{where_}: unresolvable schema {schema}"))?;
    let is_object_query = p.get("in").and_then(Value::as_str) == Some("query")
        && target.get("type").and_then(Value::as_str) == Some("object");
    if !is_object_query {
        return Ok(vec![p.clone()]);
    }
    let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(true);
    let style = p.get("style").and_then(Value::as_str).unwrap_or("form");
    if style != "form" || !explode {
        return Err(format!(
            "{where_}: object query parameter `{}` with style {style}, explode {explode} cannot be flattened",
            p.get("name").and_then(Value::as_str).unwrap_or("?")
        ));
    }
    let required: Vec<&str> = target
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let props = target
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Ok(props
        .into_iter()
        .map(|(name, schema)| {
            let mut param = json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "schema": schema,
            });
            if let Some(d) = schema.get("description") {
                param["description"] = d.clone();
            }
            param
        })
        .collect())
}

/// String-enum components reachable from any response: these become open.
pub fn open_enums(spec: &Value) -> Vec<String> {
    let schemas = spec
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    collect_refs(
        &spec
            .get("paths")
            .map(|p| {
                let mut responses = Vec::new();
                for item in p.as_object().into_iter().flat_map(|m| m.values()) {
                    for op in item.as_object().into_iter().flat_map(|m| m.values()) {
                        if let Some(r) = op.get("responses") {
                            responses.push(r.clone());
                        }
                    }
                }
                Value::Array(responses)
            })
            .unwrap_or_default(),
        &mut stack,
    );
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&name) {
            collect_refs(schema, &mut stack);
        }
    }
    seen.into_iter()
        .filter(|name| {
            schemas.get(name).is_some_and(|s| {
                s.get("enum").is_some() && s.get("type").and_then(Value::as_str) == Some("string")
            })
        })
        .filter(|name| !name.ends_with("Known"))
        .collect()
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            if let Some(name) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_owned());
            }
            m.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
