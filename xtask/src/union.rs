//! Types evolve: one named type seen with two shapes merges into one.
//!
//! The rule (used between record shapes of one name, and between our
//! component and the published one of the same name):
//! - properties: the union; a property both have keeps the higher source's
//!   schema, except that two inline objects merge recursively, two string
//!   enums unite their values, and two arrays merge their items;
//! - `required`: only what every shape requires;
//! - other keywords: the higher source's, then the lower's where missing.
//!
//! Every merge and every conflict becomes a [`Decision`] for `spec/SOURCES.md`.

use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

const REF_PREFIX: &str = "#/components/schemas/";
/// Keys that document a schema without changing what it accepts.
const DOC_KEYS: [&str; 6] = [
    "title",
    "description",
    "x-enum-descriptions",
    "example",
    "x-source",
    "x-records",
];

/// One decision taken where two sources (or two shapes) met.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decision {
    /// The named rule that decided (SOURCES.md explains each).
    pub rule: &'static str,
    /// Where: an operation, a component pointer, a parameter.
    pub location: String,
    pub detail: String,
}

impl Decision {
    /// A decision of `rule` at `location`.
    pub fn new(rule: &'static str, location: &str, detail: String) -> Decision {
        Decision {
            rule,
            location: location.to_owned(),
            detail,
        }
    }
}

/// What a merge may look at and record.
pub struct Context<'a> {
    /// The higher source's components (to see through its `$ref`s).
    pub hi_schemas: &'a Map<String, Value>,
    /// The lower source's components.
    pub lo_schemas: &'a Map<String, Value>,
    pub decisions: &'a mut Vec<Decision>,
    /// Enum values the lower source adds to a component of the higher one
    /// that a property refers to (applied by the caller).
    pub enum_additions: &'a mut BTreeMap<String, BTreeSet<String>>,
}

/// Merges `hi` (wins conflicts) and `lo` (adds what `hi` lacks) found under
/// the component `name`.
pub fn merge(hi: &Value, lo: &Value, name: &str, ctx: &mut Context) -> Value {
    let location = format!("{REF_PREFIX}{name}");
    let lo = flatten(lo, ctx.lo_schemas, 0);
    let before = ctx.decisions.len();
    let merged = merge_at(hi, &lo, &location, ctx);
    let added: Vec<String> = props(&merged)
        .keys()
        .filter(|k| !props(hi).contains_key(*k))
        .cloned()
        .collect();
    if !added.is_empty() {
        ctx.decisions.push(Decision::new(
            "types-evolve-union",
            &location,
            format!(
                "properties only the lower source has, added: {}",
                added.join(", ")
            ),
        ));
    } else if ctx.decisions.len() == before && !same_shape(hi, &lo) {
        ctx.decisions.push(Decision::new(
            "types-evolve-union",
            &location,
            "merged (required lists or keywords differed)".into(),
        ));
    }
    merged
}

fn merge_at(hi: &Value, lo: &Value, location: &str, ctx: &mut Context) -> Value {
    let hi = unwrap_single_all_of(hi);
    let lo = unwrap_single_all_of(lo);
    if same_shape(&hi, &lo) {
        return hi;
    }
    if is_object(&hi) && is_object(&lo) {
        return merge_objects(&hi, &lo, location, ctx);
    }
    if let (Some(a), Some(b)) = (string_enum(&hi), string_enum(&lo)) {
        let mut out = hi.clone();
        let mut values: Vec<Value> = a.to_vec();
        for v in b {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
        if values.len() > a.len() {
            ctx.decisions.push(Decision::new(
                "types-evolve-enum-union",
                location,
                format!(
                    "values the lower source adds: {}",
                    values[a.len()..]
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        out["enum"] = Value::Array(values);
        return out;
    }
    if is_array(&hi) && is_array(&lo) {
        let mut out = hi.clone();
        let items = merge_at(
            hi.get("items").unwrap_or(&Value::Null),
            lo.get("items").unwrap_or(&Value::Null),
            &format!("{location}/items"),
            ctx,
        );
        out["items"] = items;
        return out;
    }
    // A reference to an enum component of ours against an enum of theirs
    // (inline or a component): their extra values go into our component.
    let lo_enum = match ref_name(&lo) {
        Some(name) => ctx.lo_schemas.get(name).and_then(|s| string_enum(s)),
        None => string_enum(&lo),
    };
    if let (Some(target), Some(b)) = (ref_name(&hi), lo_enum)
        && let Some(a) = ctx.hi_schemas.get(target).and_then(|s| string_enum(s))
    {
        let extra: BTreeSet<String> = b
            .iter()
            .filter(|v| !a.contains(v))
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        if !extra.is_empty() {
            ctx.enum_additions
                .entry(target.to_owned())
                .or_default()
                .extend(extra);
        }
        return hi;
    }
    ctx.decisions.push(Decision::new(
        "higher-source-wins",
        location,
        format!(
            "kept {} over {}{}",
            brief(&hi),
            brief(&lo),
            differing_keys(&hi, &lo)
        ),
    ));
    hi
}

/// `(differs in: default, format)` when both are inline schemas.
fn differing_keys(a: &Value, b: &Value) -> String {
    let (Some(a), Some(b)) = (strip(a).as_object().cloned(), strip(b).as_object().cloned()) else {
        return String::new();
    };
    let keys: BTreeSet<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    if keys.is_empty() || a.contains_key("$ref") || b.contains_key("$ref") {
        return String::new();
    }
    let keys: Vec<&str> = keys.into_iter().map(String::as_str).collect();
    format!(" (differs in: {})", keys.join(", "))
}

fn merge_objects(hi: &Value, lo: &Value, location: &str, ctx: &mut Context) -> Value {
    let mut out = Map::new();
    for (k, v) in hi.as_object().into_iter().flatten() {
        if !matches!(k.as_str(), "properties" | "required") {
            out.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in lo.as_object().into_iter().flatten() {
        if !matches!(k.as_str(), "properties" | "required" | "allOf") && !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    let mut properties = Map::new();
    let (hp, lp) = (props(hi), props(lo));
    for (k, v) in &hp {
        let merged = match lp.get(k) {
            Some(other) => merge_at(v, other, &format!("{location}/properties/{k}"), ctx),
            None => v.clone(),
        };
        properties.insert(k.clone(), merged);
    }
    for (k, v) in &lp {
        if !properties.contains_key(k) {
            properties.insert(k.clone(), v.clone());
        }
    }
    let required: Vec<Value> = required(hi)
        .into_iter()
        .filter(|r| required(lo).contains(r))
        .collect();
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    Value::Object(out)
}

/// `allOf` parts (resolved against `schemas`) folded into one object, so that
/// an allOf-composed published schema can meet a flat one. Parts that are not
/// objects (a oneOf of variants) keep the allOf.
pub fn flatten(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> Value {
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return schema.clone();
    };
    if depth > 16 {
        return schema.clone();
    }
    let mut resolved = Vec::new();
    for part in parts {
        let part = match ref_name(part) {
            Some(name) => match schemas.get(name) {
                Some(s) => s.clone(),
                None => return schema.clone(),
            },
            None => part.clone(),
        };
        let part = flatten(&part, schemas, depth + 1);
        if part.get("properties").is_none()
            || part.get("allOf").is_some()
            || part.get("oneOf").is_some()
        {
            return schema.clone();
        }
        resolved.push(part);
    }
    let mut out = schema.as_object().cloned().unwrap_or_default();
    out.remove("allOf");
    let mut properties = props(schema);
    let mut req = required(schema);
    for part in &resolved {
        for (k, v) in props(part) {
            properties.entry(k).or_insert(v);
        }
        for r in required(part) {
            if !req.contains(&r) {
                req.push(r);
            }
        }
    }
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(properties));
    if !req.is_empty() {
        out.insert("required".into(), Value::Array(req));
    }
    Value::Object(out)
}

/// `allOf: [{$ref}]` with nothing else that constrains is just the `$ref`.
fn unwrap_single_all_of(schema: &Value) -> Value {
    if let Some(m) = schema.as_object()
        && let Some([only]) = m.get("allOf").and_then(Value::as_array).map(Vec::as_slice)
        && only.get("$ref").is_some()
        && m.keys()
            .all(|k| k == "allOf" || DOC_KEYS.contains(&k.as_str()))
    {
        return only.clone();
    }
    schema.clone()
}

fn props(schema: &Value) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn required(schema: &Value) -> Vec<Value> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn is_object(schema: &Value) -> bool {
    schema.get("$ref").is_none()
        && schema.get("allOf").is_none()
        && (schema.get("properties").is_some()
            || schema.get("type").and_then(Value::as_str) == Some("object"))
}

fn is_array(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("array") && schema.get("items").is_some()
}

fn string_enum(schema: &Value) -> Option<&Vec<Value>> {
    if schema.get("type").and_then(Value::as_str) == Some("string") {
        schema.get("enum").and_then(Value::as_array)
    } else {
        None
    }
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(REF_PREFIX))
}

/// Equal but for documentation keys.
pub fn same_shape(a: &Value, b: &Value) -> bool {
    strip(a) == strip(b)
}

/// `v` without documentation keys at any depth (property names are data:
/// a property called `title` stays).
pub fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !DOC_KEYS.contains(&k.as_str()))
                .map(|(k, v)| {
                    let v = if k == "properties" {
                        Value::Object(
                            v.as_object()
                                .into_iter()
                                .flatten()
                                .map(|(k, v)| (k.clone(), strip(v)))
                                .collect(),
                        )
                    } else {
                        strip(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// A one-line description of a schema for the report.
pub fn brief(schema: &Value) -> String {
    if let Some(name) = ref_name(schema) {
        return format!("`{name}`");
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return format!("`{r}`");
    }
    if let Some(s) = schema.get("schema") {
        return format!("parameter of {}", brief(s));
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match ty {
        "array" => format!(
            "array of {}",
            brief(schema.get("items").unwrap_or(&Value::Null))
        ),
        "object" => format!("object ({} properties)", props(schema).len()),
        _ if schema.get("enum").is_some() => format!("{ty} enum"),
        _ => match schema.get("format").and_then(Value::as_str) {
            Some(f) => format!("{ty} ({f})"),
            None => ty.to_owned(),
        },
    }
}

/// Every component schema name `value` refers to.
pub fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            if let Some(name) = ref_name(value) {
                out.push(name.to_owned());
            }
            m.values().for_each(|v| refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}
