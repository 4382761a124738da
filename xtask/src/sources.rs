//! Three sources, one precedence: **records > overlay > published**.
//!
//! - The records are the truth for the responses they document (status,
//!   schema, example, `x-records`).
//! - The overlay is the truth for what it states: the request side of the
//!   operations it describes, its parameters and schemas, names, info, servers.
//! - The published document (`spec/upstream/published.json`) supplies
//!   everything else: the other operations, the other statuses, components.
//!
//! `spec::build` already applies records > overlay; [`merge`] lays that result
//! over the published document. Every decision where the sources meet is
//! written to `spec/SOURCES.md` under the name of the rule that made it.

use crate::union::{self, Decision};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Where an operation or a component came from (`x-source` in the spec).
pub const RECORDS: &str = "records";
pub const OVERLAY: &str = "overlay";
pub const PUBLISHED: &str = "published";

/// The merged document and the report of every decision taken.
pub struct Merged {
    pub spec: Value,
    pub decisions: Vec<Decision>,
    /// operationId → (method, path, tag, request source, status → source).
    pub operations: BTreeMap<String, OperationSources>,
    /// component schema name → source.
    pub components: BTreeMap<String, String>,
}

/// Where each part of one operation came from.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSources {
    pub method: String,
    pub path: String,
    pub tag: String,
    pub request: String,
    pub responses: BTreeMap<String, String>,
}

/// Lays `records_spec` (records + overlay) over `published`, after renaming
/// the published components in `renames` (published name → ours).
pub fn merge(
    records_spec: &Value,
    published: &Value,
    renames: &BTreeMap<String, String>,
) -> Result<Merged, String> {
    let mut decisions = Vec::new();
    let published = &rename_components(published, renames, &mut decisions)?;
    let published_ops = crate::upstream::operations(published)?;
    let ours = operations_of(records_spec);

    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut sources = BTreeMap::new();
    for (id, at) in &published_ops {
        let theirs = published
            .pointer(&at.pointer)
            .cloned()
            .unwrap_or(Value::Null);
        let (method, path, op, src) = match ours.get(id) {
            None => {
                let src = OperationSources {
                    method: at.method.clone(),
                    path: at.path.clone(),
                    tag: first_tag(&theirs),
                    request: PUBLISHED.into(),
                    responses: statuses(&theirs)
                        .into_iter()
                        .map(|s| (s, PUBLISHED.to_owned()))
                        .collect(),
                };
                (at.method.clone(), at.path.clone(), theirs, src)
            }
            Some((method, path, mine)) => {
                if (method, path) != (&at.method, &at.path) {
                    decisions.push(Decision::new(
                        "overlay-describes-request",
                        id,
                        format!(
                            "the overlay says {} {path}, the published document {} {}: the overlay's is kept",
                            method.to_uppercase(),
                            at.method.to_uppercase(),
                            at.path
                        ),
                    ));
                }
                let (op, src) = merge_operation(id, mine, &theirs, method, path, &mut decisions);
                (method.clone(), path.clone(), op, src)
            }
        };
        let mut op = op;
        if let Some(m) = op.as_object_mut() {
            m.insert("x-source".into(), source_note(&src));
        }
        paths.entry(path).or_default().insert(method, op);
        sources.insert(id.clone(), src);
    }
    for (id, (method, path, mine)) in &ours {
        if published_ops.contains_key(id) {
            continue;
        }
        // Records of an operation the published document does not have.
        decisions.push(Decision::new(
            "records-only-operation",
            id,
            "not in the published document: carried from the records and the overlay".into(),
        ));
        let src = OperationSources {
            method: method.clone(),
            path: path.clone(),
            tag: first_tag(mine),
            request: OVERLAY.into(),
            responses: statuses(mine)
                .into_iter()
                .map(|s| (s, RECORDS.to_owned()))
                .collect(),
        };
        let mut op = mine.clone();
        if let Some(m) = op.as_object_mut() {
            m.insert("x-source".into(), source_note(&src));
        }
        paths
            .entry(path.clone())
            .or_default()
            .insert(method.clone(), op);
        sources.insert(id.clone(), src);
    }

    let (schemas, components) = merge_schemas(records_spec, published, &mut decisions);
    let parameters = merge_table(
        records_spec.pointer("/components/parameters"),
        published.pointer("/components/parameters"),
        "overlay-parameter-wins",
        "parameter",
        &mut decisions,
    );
    let mut doc = json!({
        "openapi": records_spec.get("openapi").cloned().unwrap_or(json!("3.0.3")),
        "info": info(records_spec, published),
        "servers": records_spec.get("servers").cloned().unwrap_or(json!([])),
        "security": records_spec.get("security").cloned().unwrap_or(json!([])),
        "tags": tags(records_spec, published),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": parameters,
            "responses": published.pointer("/components/responses").cloned().unwrap_or(json!({})),
            "requestBodies": published.pointer("/components/requestBodies").cloned().unwrap_or(json!({})),
            "securitySchemes": records_spec.pointer("/components/securitySchemes").cloned().unwrap_or(json!({})),
        },
    });
    crate::corrections::apply(&mut doc, &mut decisions);
    let dangling = crate::upstream::dangling_refs(&doc);
    if !dangling.is_empty() {
        return Err(format!(
            "the merged spec has references that resolve to nothing:\n{}",
            dangling.join("\n")
        ));
    }
    decisions.sort();
    decisions.dedup();
    Ok(Merged {
        spec: doc,
        decisions,
        operations: sources,
        components,
    })
}

/// operationId → (method, path, operation) of a document.
fn operations_of(doc: &Value) -> BTreeMap<String, (String, String, Value)> {
    let mut out = BTreeMap::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.insert(id.to_owned(), (method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

fn first_tag(op: &Value) -> String {
    op.pointer("/tags/0")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

fn statuses(op: &Value) -> Vec<String> {
    op.get("responses")
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// One operation present in both: field by field, the higher source wins;
/// responses status by status.
fn merge_operation(
    id: &str,
    mine: &Value,
    theirs: &Value,
    method: &str,
    path: &str,
    decisions: &mut Vec<Decision>,
) -> (Value, OperationSources) {
    let mut op = mine.as_object().cloned().unwrap_or_default();
    // The overlay's description of an operation is whole (parameters and body
    // together); an operation only the records know takes its request side
    // from the published document.
    let described = op.contains_key("summary");
    let request = if described { OVERLAY } else { PUBLISHED };
    for (key, value) in theirs.as_object().into_iter().flatten() {
        let take = match key.as_str() {
            "responses" => false,
            "parameters" | "requestBody" => !described,
            _ => !op.contains_key(key),
        };
        if take {
            op.insert(key.clone(), value.clone());
        }
    }
    let mut responses = op
        .get("responses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut response_sources: BTreeMap<String, String> = responses
        .iter()
        .map(|(status, r)| {
            let from = if r
                .get("x-records")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
            {
                RECORDS
            } else {
                OVERLAY
            };
            (status.clone(), from.to_owned())
        })
        .collect();
    let ours_success: Vec<String> = responses
        .keys()
        .filter(|s| is_success(s))
        .cloned()
        .collect();
    for (status, response) in theirs
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if responses.contains_key(status) {
            continue;
        }
        if is_success(status) && !ours_success.is_empty() {
            decisions.push(Decision::new(
                "records-success-status-wins",
                &format!("{id} ({} {path})", method.to_uppercase()),
                format!(
                    "the published document answers {status}, the records {}: the records' status is kept",
                    ours_success.join(", ")
                ),
            ));
            continue;
        }
        decisions.push(Decision::new(
            "published-adds-status",
            &format!("{id} ({} {path})", method.to_uppercase()),
            format!("status {status} is documented only by the published document: added"),
        ));
        responses.insert(status.clone(), response.clone());
        response_sources.insert(status.clone(), PUBLISHED.into());
    }
    op.insert("responses".into(), Value::Object(responses));
    let src = OperationSources {
        method: method.to_owned(),
        path: path.to_owned(),
        tag: first_tag(&Value::Object(op.clone())),
        request: request.into(),
        responses: response_sources,
    };
    (Value::Object(op), src)
}

fn source_note(src: &OperationSources) -> Value {
    json!({"request": src.request, "responses": src.responses})
}

/// Component schemas: the union of both; one name in both merges by the
/// types-evolve rule (`union::merge`), the higher source winning conflicts.
fn merge_schemas(
    records_spec: &Value,
    published: &Value,
    decisions: &mut Vec<Decision>,
) -> (Map<String, Value>, BTreeMap<String, String>) {
    let empty = Map::new();
    let ours = records_spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let theirs = published
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let record_names = record_components(records_spec);
    let mut out = Map::new();
    let mut sources = BTreeMap::new();
    let mut enum_additions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let names: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for name in names {
        let own_source = if record_names.contains(name.as_str()) {
            RECORDS
        } else {
            OVERLAY
        };
        let (schema, source) = match (ours.get(name), theirs.get(name)) {
            (Some(a), None) => (a.clone(), own_source.to_owned()),
            (None, Some(b)) => (b.clone(), PUBLISHED.to_owned()),
            (Some(a), Some(b)) => {
                let mut ctx = union::Context {
                    hi_schemas: ours,
                    lo_schemas: theirs,
                    decisions,
                    enum_additions: &mut enum_additions,
                };
                let merged = union::merge(a, b, name, &mut ctx);
                (merged, format!("{own_source}+{PUBLISHED}"))
            }
            (None, None) => continue,
        };
        out.insert(name.clone(), schema);
        sources.insert(name.clone(), source);
    }
    for (name, values) in enum_additions {
        if let Some(list) = out
            .get_mut(&name)
            .and_then(|s| s.get_mut("enum"))
            .and_then(Value::as_array_mut)
        {
            let mut added = Vec::new();
            for v in values {
                if !list.contains(&json!(v)) {
                    list.push(json!(v));
                    added.push(v);
                }
            }
            if !added.is_empty() {
                decisions.push(Decision::new(
                    "types-evolve-enum-union",
                    &format!("#/components/schemas/{name}"),
                    format!("values the lower source adds: {}", added.join(", ")),
                ));
            }
        }
    }
    for (name, schema) in out.iter_mut() {
        if let (Some(m), Some(src)) = (schema.as_object_mut(), sources.get(name)) {
            m.insert("x-source".into(), json!(src));
        }
    }
    (out, sources)
}

/// Components the records gave rise to (every `$ref` reachable from a
/// response with `x-records`).
fn record_components(records_spec: &Value) -> BTreeSet<String> {
    let schemas = records_spec
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let mut roots = Vec::new();
    for (_, _, op) in operations_of(records_spec).values() {
        for r in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(_, r)| r)
        {
            if r.get("x-records")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
            {
                roots.push(r.clone());
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = Vec::new();
    union::refs(&Value::Array(roots), &mut stack);
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone())
            && let Some(s) = schemas.get(&name)
        {
            union::refs(s, &mut stack);
        }
    }
    seen
}

/// A table where an entry of ours replaces theirs of the same name.
fn merge_table(
    ours: Option<&Value>,
    theirs: Option<&Value>,
    rule: &'static str,
    what: &str,
    decisions: &mut Vec<Decision>,
) -> Map<String, Value> {
    let mut out = theirs
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, value) in ours.and_then(Value::as_object).into_iter().flatten() {
        if let Some(old) = out.get(name)
            && !union::same_shape(old, value)
        {
            decisions.push(Decision::new(
                rule,
                &format!("{what} `{name}`"),
                format!(
                    "the overlay's {} replaces the published {}",
                    union::brief(value),
                    union::brief(old)
                ),
            ));
        }
        out.insert(name.clone(), value.clone());
    }
    out
}

fn info(records_spec: &Value, published: &Value) -> Value {
    let mut info = records_spec.get("info").cloned().unwrap_or(json!({}));
    if let (Some(m), Some(v)) = (info.as_object_mut(), published.pointer("/info/version")) {
        m.insert("x-published-version".into(), v.clone());
        m.insert(
            "x-generated-by".into(),
            json!("cargo xtask regen (spec/records + spec/overlay + spec/upstream); do not edit by hand"),
        );
    }
    info
}

/// The overlay's tags (with descriptions) and the published ones, in the
/// published document's order.
fn tags(records_spec: &Value, published: &Value) -> Value {
    let ours: Vec<Value> = records_spec
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for tag in published
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(ours.iter())
    {
        let Some(name) = tag.get("name").and_then(Value::as_str) else {
            continue;
        };
        if !seen.insert(name.to_owned()) {
            continue;
        }
        let mine = ours.iter().find(|t| t.get("name") == tag.get("name"));
        out.push(mine.cloned().unwrap_or_else(|| tag.clone()));
    }
    Value::Array(out)
}

/// Renames published component schemas and every `$ref` to them.
fn rename_components(
    published: &Value,
    renames: &BTreeMap<String, String>,
    decisions: &mut Vec<Decision>,
) -> Result<Value, String> {
    let mut doc = published.clone();
    for (from, to) in renames {
        let schemas = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .ok_or("the published document has no components/schemas")?;
        let Some(schema) = schemas.remove(from) else {
            return Err(format!(
                "spec/overlay/api.toml: [names.published] `{from}` is no published component"
            ));
        };
        if schemas.contains_key(to) {
            return Err(format!(
                "spec/overlay/api.toml: [names.published] `{from}` → `{to}`: the published document has a `{to}` already"
            ));
        }
        schemas.insert(to.clone(), schema);
        let (old, new) = (
            format!("#/components/schemas/{from}"),
            format!("#/components/schemas/{to}"),
        );
        rewrite_refs(&mut doc, &old, &new);
        decisions.push(Decision::new(
            "published-renamed",
            &old,
            format!("renamed `{to}` (spec/overlay/api.toml [names.published])"),
        ));
    }
    Ok(doc)
}

fn rewrite_refs(node: &mut Value, old: &str, new: &str) {
    match node {
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                if k == "$ref" && v.as_str() == Some(old) {
                    *v = json!(new);
                } else {
                    rewrite_refs(v, old, new);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| rewrite_refs(v, old, new)),
        _ => {}
    }
}
