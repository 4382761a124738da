//! `import-upstream`: Whapi's published OpenAPI document → `spec/upstream/published.json`.
//!
//! The checked-in copy is the published document with its object keys sorted
//! (nothing else changes: defects are corrected later, by regen, where each
//! correction is reported). Import refuses what regen could not read, naming
//! the JSON pointer: not JSON, not OpenAPI 3.0.x, a `$ref` that resolves to
//! nothing, an operation without an `operationId`, or two operations with one.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the normalized published document lives.
pub fn path(root: &Path) -> PathBuf {
    root.join("spec/upstream/published.json")
}

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document: where it is and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRef {
    pub method: String,
    pub path: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
}

/// Parses and checks the published document; returns it with sorted keys.
pub fn normalize(text: &str) -> Result<Value, String> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e} (pointer: ``)"))?;
    if !doc.is_object() {
        return Err("pointer ``: the document is not a JSON object".into());
    }
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            return Err(format!(
                "pointer `/openapi`: version `{v}` is not OpenAPI 3.0.x (progenitor reads 3.0 only)"
            ));
        }
        None => return Err("pointer `/openapi`: missing or not a string".into()),
    }
    if !doc.get("paths").is_some_and(Value::is_object) {
        return Err("pointer `/paths`: missing or not an object".into());
    }
    let mut problems = dangling_refs(&doc);
    if let Err(e) = operations(&doc) {
        problems.push(e);
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(problems.join("\n"));
    }
    Ok(crate::json::canonical(&doc))
}

/// operationId → where it is. Fails on a missing or duplicate operationId.
pub fn operations(doc: &Value) -> Result<BTreeMap<String, OperationRef>, String> {
    let mut out: BTreeMap<String, OperationRef> = BTreeMap::new();
    let mut problems = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let pointer = format!("/paths/{}/{method}", escape(path));
            match op.get("operationId").and_then(Value::as_str) {
                None => problems.push(format!("pointer `{pointer}`: operation has no operationId")),
                Some(id) => {
                    let here = OperationRef {
                        method: method.clone(),
                        path: path.clone(),
                        pointer: pointer.clone(),
                    };
                    if let Some(first) = out.get(id) {
                        problems.push(format!(
                            "pointer `{pointer}`: operationId `{id}` is also used at `{}`",
                            first.pointer
                        ));
                    } else {
                        out.insert(id.to_owned(), here);
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        problems.sort();
        Err(problems.join("\n"))
    }
}

/// Every local `$ref` of `doc` that resolves to nothing, with its pointer.
pub fn dangling_refs(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check_refs(doc, doc, String::new(), false, &mut problems);
    problems
}

/// Examples and defaults are data: a `$ref` key inside one is not a
/// reference. `names`: the keys of `node` are property names, not keywords.
fn check_refs(node: &Value, doc: &Value, pointer: String, names: bool, problems: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref") {
                let ok = r
                    .as_str()
                    .and_then(|r| r.strip_prefix('#'))
                    .is_some_and(|target| doc.pointer(target).is_some());
                if !ok {
                    problems.push(format!(
                        "pointer `{pointer}/$ref`: `{}` resolves to nothing",
                        r.as_str().unwrap_or("(not a string)")
                    ));
                }
            }
            for (key, child) in map {
                if !names && matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    continue;
                }
                let holds_names = !names && key == "properties";
                let p = format!("{pointer}/{}", escape(key));
                check_refs(child, doc, p, holds_names, problems);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_refs(child, doc, format!("{pointer}/{i}"), false, problems);
            }
        }
        _ => {}
    }
}

/// Reads the checked-in normalized document.
pub fn load(root: &Path) -> Result<Value, String> {
    let path = path(root);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `cargo xtask import-upstream <published.json>`)",
            path.display()
        )
    })?;
    normalize(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// JSON pointer escaping (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
