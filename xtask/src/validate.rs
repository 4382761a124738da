//! A JSON Schema check for the subset of OpenAPI 3.0 this spec uses: `$ref`,
//! `allOf`, `type`, `properties`, `required`, `items`, `additionalProperties`
//! (false), `enum`, `nullable`, `minimum`, `maximum`. `pattern` and `format`
//! are not checked (response schemas carry none).
//!
//! The mock has its own request validator (`src/mock/validate.rs`), which
//! says why the two are not one.

use serde_json::Value;

/// Every way `value` breaks `schema`, each with the JSON path where it does.
pub fn validate(value: &Value, schema: &Value, schemas: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check(
        value,
        schema,
        schemas,
        "$",
        &mut problems,
        0,
        &mut Vec::new(),
    );
    problems
}

/// The `$ref` targets being checked against a value, each with that value:
/// reaching one again for the same value is a cycle (without this, a cycle
/// through `allOf` doubles the work at each level up to the depth limit).
type Active = Vec<(*const Value, *const Value)>;

fn check(
    value: &Value,
    schema: &Value,
    schemas: &Value,
    path: &str,
    out: &mut Vec<String>,
    depth: usize,
    active: &mut Active,
) {
    if depth > 64 {
        out.push(format!("{path}: schema nests too deep (a `$ref` cycle?)"));
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        match schemas.get(name) {
            Some(target) => {
                let key: (*const Value, *const Value) = (target, value);
                if active.contains(&key) {
                    out.push(format!("{path}: `$ref` {r} cycles back to itself"));
                    return;
                }
                active.push(key);
                check(value, target, schemas, path, out, depth + 1, active);
                active.pop();
            }
            None => out.push(format!("{path}: unresolved `$ref` {r}")),
        }
        return;
    }
    if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return;
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        check(value, part, schemas, path, out, depth + 1, active);
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{path}: {value} is not one of the enum values"));
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let type_ok = match ty {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("number") => value.is_number(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some(other) => {
            out.push(format!("{path}: unknown schema type `{other}`"));
            return;
        }
    };
    if !type_ok {
        out.push(format!(
            "{path}: expected {}, found {}",
            ty.unwrap_or_default(),
            kind(value)
        ));
        return;
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            out.push(format!("{path}: {n} is below the minimum {min}"));
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            out.push(format!("{path}: {n} is above the maximum {max}"));
        }
    }
    if let Some(obj) = value.as_object() {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap_or_default();
            if !obj.contains_key(name) {
                out.push(format!("{path}: required property `{name}` is missing"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (key, child) in obj {
            let child_path = format!("{path}.{key}");
            match props.and_then(|p| p.get(key)) {
                Some(s) => check(child, s, schemas, &child_path, out, depth + 1, active),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{child_path}: property not allowed"))
                    }
                    Some(s @ Value::Object(_)) => {
                        check(child, s, schemas, &child_path, out, depth + 1, active)
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(schema_items)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(
                item,
                schema_items,
                schemas,
                &format!("{path}[{i}]"),
                out,
                depth + 1,
                active,
            );
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
