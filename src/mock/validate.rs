//! Request validation against the operation's spec: auth, path and query
//! parameters, request body. Errors come out in the API's error shape.

use super::request::shown;
use super::routes::{AuthScheme, Location, Operation, Spec};
use axum::http::{HeaderMap, header};
use bytes::Bytes;
use serde_json::{Map, Number, Value, json};

/// Schemas nested deeper than this are not checked further (cycle guard).
const MAX_DEPTH: usize = 64;

/// An answer in the API's error shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) message: String,
    pub(crate) details: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, message: impl Into<String>, details: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            details: details.into(),
        }
    }

    fn bad_request(message: impl Into<String>, details: impl Into<String>) -> Self {
        Self::new(400, message, details)
    }

    /// A spec problem found while validating: the mock's fault, not the caller's.
    fn spec(e: String) -> Self {
        Self::new(500, "mock: spec error", e)
    }

    /// `{"error": {"code", "message", "details"}}`.
    pub(crate) fn body(&self) -> Value {
        json!({"error": {"code": self.status, "message": self.message, "details": self.details}})
    }
}

/// The parts of a request validation looks at.
pub(crate) struct Incoming<'a> {
    pub(crate) path_params: &'a [(String, String)],
    pub(crate) query: &'a [(String, String)],
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a Bytes,
}

/// A valid request, typed per the spec, for the default responses.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub(crate) path: Map<String, Value>,
    /// Query values by name; an exploded object parameter contributes its
    /// properties (`to`, `caption`, ...) directly.
    pub(crate) query: Map<String, Value>,
    pub(crate) body: Option<Value>,
    pub(crate) upload: Option<Upload>,
}

/// A binary upload body.
#[derive(Debug)]
pub(crate) struct Upload {
    /// As sent, parameters included (`audio/ogg; codecs=opus`).
    pub(crate) content_type: String,
    pub(crate) len: usize,
}

#[derive(Clone, Copy)]
enum Ctx {
    Path,
    Query,
    Header,
    Body,
}

/// Checks, in order: auth (401), path parameters, query parameters, header
/// parameters (400), then the body (415 for a wrong Content-Type, else 400).
pub(crate) fn check(spec: &Spec, op: &Operation, req: &Incoming<'_>) -> Result<Checked, ApiError> {
    check_auth(op, req)?;
    let details = format!("operation {} ({} {})", op.id, op.method, op.template);
    let mut checked = Checked::default();
    for p in &op.params {
        let schema = spec.resolve(&p.schema).map_err(ApiError::spec)?;
        match p.location {
            Location::Path => {
                let Some((_, raw)) = req.path_params.iter().find(|(n, _)| *n == p.name) else {
                    continue;
                };
                let v = if type_of(schema) == Some("array") {
                    // simple style: `a,b,c`.
                    let raws: Vec<&str> = raw.split(',').collect();
                    query_value(spec, &raws, schema, Ctx::Path, &p.name, &details)?
                } else {
                    scalar(spec, raw, schema, Ctx::Path, &p.name, &details)?
                };
                checked.path.insert(p.name.clone(), v);
            }
            Location::Query if type_of(schema) == Some("object") => {
                // style=form, explode=true: every property is its own key.
                let required = string_list(schema.get("required"));
                for (name, prop) in properties(schema) {
                    let raws = values(req.query, name);
                    if raws.is_empty() {
                        if p.required && required.contains(&name.as_str()) {
                            return Err(ApiError::bad_request(
                                format!(
                                    "missing required query parameter `{name}` (of {})",
                                    p.name
                                ),
                                details,
                            ));
                        }
                        continue;
                    }
                    let v = query_value(spec, &raws, prop, Ctx::Query, name, &details)?;
                    checked.query.insert(name.clone(), v);
                }
            }
            Location::Query => {
                let raws = values(req.query, &p.name);
                if raws.is_empty() {
                    if p.required {
                        return Err(ApiError::bad_request(
                            format!("missing required query parameter `{}`", p.name),
                            details,
                        ));
                    }
                    continue;
                }
                // explode=false: one key, the items comma-separated.
                let split: Vec<&str>;
                let raws = if p.explode || type_of(schema) != Some("array") {
                    raws
                } else {
                    split = raws.iter().flat_map(|r| r.split(',')).collect();
                    split
                };
                let v = query_value(spec, &raws, &p.schema, Ctx::Query, &p.name, &details)?;
                checked.query.insert(p.name.clone(), v);
            }
            Location::Header => {
                let raw = req
                    .headers
                    .get(p.name.as_str())
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                match raw {
                    Some(raw) => {
                        scalar(spec, &raw, schema, Ctx::Header, &p.name, &details)?;
                    }
                    None if p.required => {
                        return Err(ApiError::bad_request(
                            format!("missing required header `{}`", p.name),
                            details,
                        ));
                    }
                    None => {}
                }
            }
            // Cookie parameters: none in this API; not checked.
            Location::Cookie => {}
        }
    }
    check_body(spec, op, req, &details, &mut checked)?;
    Ok(checked)
}

fn check_auth(op: &Operation, req: &Incoming<'_>) -> Result<(), ApiError> {
    if op.security.is_empty()
        || op
            .security
            .iter()
            .any(|all| all.iter().all(|s| has_credential(s, req)))
    {
        return Ok(());
    }
    let ways: Vec<String> = op
        .security
        .iter()
        .flatten()
        .map(|s| match s {
            AuthScheme::Http(scheme) => {
                let mut name = scheme.clone();
                if let Some(first) = name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                format!("`Authorization: {name} <token>`")
            }
            AuthScheme::QueryKey(n) => format!("the `{n}` query parameter"),
            AuthScheme::HeaderKey(n) => format!("the `{n}` header"),
            AuthScheme::CookieKey(n) => format!("the `{n}` cookie"),
        })
        .collect();
    Err(ApiError::new(
        401,
        "missing or malformed API token",
        format!("send the channel token as {}", ways.join(" or ")),
    ))
}

fn has_credential(scheme: &AuthScheme, req: &Incoming<'_>) -> bool {
    let header = |name: &str| {
        req.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    match scheme {
        AuthScheme::Http(want) => header(header::AUTHORIZATION.as_str())
            .and_then(|v| v.split_once(' '))
            .is_some_and(|(got, cred)| got.eq_ignore_ascii_case(want) && !cred.trim().is_empty()),
        AuthScheme::QueryKey(name) => req.query.iter().any(|(k, v)| k == name && !v.is_empty()),
        AuthScheme::HeaderKey(name) => header(name).is_some(),
        AuthScheme::CookieKey(name) => header(header::COOKIE.as_str()).is_some_and(|c| {
            c.split(';')
                .filter_map(|kv| kv.trim().split_once('='))
                .any(|(k, v)| k == name && !v.is_empty())
        }),
    }
}

fn check_body(
    spec: &Spec,
    op: &Operation,
    req: &Incoming<'_>,
    details: &str,
    checked: &mut Checked,
) -> Result<(), ApiError> {
    let content_type = req
        .headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string());
    let body = &op.body;
    // Bodyless operations ignore whatever was sent, like most servers.
    if body.is_none() {
        return Ok(());
    }
    let essence = content_type.as_deref().map(essence);
    let json_sent = essence
        .as_deref()
        .is_none_or(|e| e == "application/json" || e.ends_with("+json"));
    if let Some(schema) = &body.json
        && (json_sent || body.others.is_empty())
    {
        if req.body.is_empty() {
            if body.required {
                return Err(ApiError::bad_request(
                    "request body is required: a JSON object",
                    details,
                ));
            }
            return Ok(());
        }
        // No Content-Type is tolerated; a non-JSON one is an SDK bug worth a 415.
        if let Some(ct) = content_type.as_deref().filter(|_| !json_sent) {
            return Err(ApiError::new(
                415,
                format!(
                    "unsupported Content-Type {}: send application/json",
                    shown(ct)
                ),
                details,
            ));
        }
        let v: Value = serde_json::from_slice(req.body).map_err(|e| {
            ApiError::bad_request(format!("request body is not valid JSON: {e}"), details)
        })?;
        check_value(spec, &v, schema, Ctx::Body, "", details, 0)?;
        checked.body = Some(v);
        return Ok(());
    }
    let ct = content_type.unwrap_or_default();
    let essence = essence.unwrap_or_default();
    let listed = body.others.iter().any(|m| essence == self::essence(m));
    let form = matches!(
        essence.as_str(),
        "multipart/form-data" | "application/x-www-form-urlencoded"
    );
    // Any binary type offered: a raw upload may also say octet-stream.
    let binary_offered = body.others.iter().any(|m| {
        !matches!(
            self::essence(m).as_str(),
            "multipart/form-data" | "application/x-www-form-urlencoded"
        )
    });
    let octet_stream = binary_offered && essence == "application/octet-stream";
    if !listed && !octet_stream {
        let mut offered: Vec<&str> = body.json.iter().map(|_| "application/json").collect();
        offered.extend(body.others.iter().map(String::as_str));
        return Err(ApiError::new(
            415,
            format!("unsupported Content-Type {}", shown(&ct)),
            format!("{details}; send one of: {}", offered.join(", ")),
        ));
    }
    if req.body.is_empty() && body.required {
        return Err(ApiError::bad_request(
            match form {
                true => "request body is empty: send the form's fields",
                false => "request body is empty: send the file's bytes",
            },
            details,
        ));
    }
    if form {
        // The text fields, for the default answers (a send's `to`, ...);
        // not validated: when unsure, accept.
        let fields = match essence.as_str() {
            "multipart/form-data" => multipart_fields(&ct, req.body),
            _ => super::request::parse_query(std::str::from_utf8(req.body).ok())
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        };
        checked.body = Some(Value::Object(fields));
        return Ok(());
    }
    checked.upload = Some(Upload {
        content_type: ct,
        len: req.body.len(),
    });
    Ok(())
}

/// The text parts of a `multipart/form-data` body (parts with a file name
/// are skipped); a malformed body gives what could be read.
fn multipart_fields(content_type: &str, body: &[u8]) -> Map<String, Value> {
    let mut fields = Map::new();
    let Some(boundary) = content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("boundary=")
            .map(|b| b.trim_matches('"').to_string())
    }) else {
        return fields;
    };
    let text = String::from_utf8_lossy(body);
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
        else {
            continue;
        };
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or_default();
        if disposition.contains("filename=") {
            continue;
        }
        let Some(name) = disposition.split(';').find_map(|p| {
            p.trim()
                .strip_prefix("name=")
                .map(|n| n.trim_matches('"').to_string())
        }) else {
            continue;
        };
        let value = value
            .strip_suffix("\r\n")
            .or_else(|| value.strip_suffix('\n'))
            .unwrap_or(value);
        fields.insert(name, Value::String(value.to_string()));
    }
    fields
}

/// `text/plain; charset=utf-8` → `text/plain`.
pub(crate) fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn values<'a>(query: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A query parameter's value(s), typed: arrays take every repetition of the
/// key, scalars the first.
fn query_value(
    spec: &Spec,
    raws: &[&str],
    schema: &Value,
    ctx: Ctx,
    name: &str,
    details: &str,
) -> Result<Value, ApiError> {
    let schema = spec.resolve(schema).map_err(ApiError::spec)?;
    if type_of(schema) == Some("array") {
        let items = schema.get("items").unwrap_or(&Value::Null);
        let items = spec.resolve(items).map_err(ApiError::spec)?;
        let values = raws
            .iter()
            .map(|raw| scalar(spec, raw, items, ctx, name, details))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Array(values));
    }
    scalar(
        spec,
        raws.first().copied().unwrap_or_default(),
        schema,
        ctx,
        name,
        details,
    )
}

/// A textual parameter value converted to its schema's type, then checked.
fn scalar(
    spec: &Spec,
    raw: &str,
    schema: &Value,
    ctx: Ctx,
    name: &str,
    details: &str,
) -> Result<Value, ApiError> {
    let schema = spec.resolve(schema).map_err(ApiError::spec)?;
    if type_of(schema).is_none() {
        // A union: the first member the text converts to and satisfies.
        let members = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten();
        let mut first_error = None;
        for member in members {
            match scalar(spec, raw, member, ctx, name, details) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    let v = match type_of(schema) {
        Some("integer") => raw.parse::<i64>().ok().map(Value::from),
        Some("number") => raw
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number),
        Some("boolean") => match raw {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => Some(Value::String(raw.to_string())),
    };
    let Some(v) = v else {
        let want = type_of(schema).unwrap_or_default();
        return Err(invalid(
            ctx,
            name,
            &format!("expected {}, got {}", a(want), shown(raw)),
            details,
        ));
    };
    check_value(spec, &v, schema, ctx, name, details, 0)?;
    Ok(v)
}

/// JSON-schema checks used by the spec: type, enum, pattern, min/max,
/// required, properties, items, allOf, nullable.
fn check_value(
    spec: &Spec,
    v: &Value,
    schema: &Value,
    ctx: Ctx,
    label: &str,
    details: &str,
    depth: usize,
) -> Result<(), ApiError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let schema = spec.resolve(schema).map_err(ApiError::spec)?;
    for sub in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        check_value(spec, v, sub, ctx, label, details, depth + 1)?;
    }
    let bad = |what: String| Err(invalid(ctx, label, &what, details));
    if v.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return Ok(());
    }
    // oneOf/anyOf: any member suffices (oneOf's "exactly one" is not
    // enforced: when unsure, accept).
    for key in ["oneOf", "anyOf"] {
        let Some(members) = schema.get(key).and_then(Value::as_array) else {
            continue;
        };
        let mut first_error = None;
        for member in members {
            match check_value(spec, v, member, ctx, label, details, depth + 1) {
                Ok(()) => {
                    first_error = None;
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    if let Some(t) = type_of(schema)
        && !type_matches(v, t)
    {
        return bad(format!("expected {}, got {}", a(t), kind_of(v)));
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(v)
    {
        let list: Vec<String> = allowed.iter().map(|x| x.to_string()).collect();
        return bad(format!(
            "{} is not one of {}",
            show_value(v),
            list.join(", ")
        ));
    }
    match v {
        Value::String(s) => {
            if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
                let re = spec
                    .regex(p)
                    .ok_or_else(|| ApiError::spec(format!("pattern {p:?} was not compiled")))?;
                if re.find(s).is_none() {
                    return bad(format!("{} does not match the pattern {p}", shown(s)));
                }
            }
            let len = s.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                && len < min
            {
                return bad(format!("must be at least {min} characters long"));
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                && len > max
            {
                return bad(format!("must be at most {max} characters long"));
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or_default();
            let exclusive = |k: &str| schema.get(k).and_then(Value::as_bool) == Some(true);
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                && (x < min || (exclusive("exclusiveMinimum") && x == min))
            {
                return bad(format!("must be at least {min}, got {n}"));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                && (x > max || (exclusive("exclusiveMaximum") && x == max))
            {
                return bad(format!("must be at most {max}, got {n}"));
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let label = format!("{label}[{i}]");
                    check_value(spec, item, item_schema, ctx, &label, details, depth + 1)?;
                }
            }
        }
        Value::Object(map) => {
            for r in string_list(schema.get("required")) {
                if !map.contains_key(r) {
                    let field = join(label, r);
                    let place = match ctx {
                        Ctx::Body => "request body",
                        _ => "parameter",
                    };
                    return Err(ApiError::bad_request(
                        format!("missing required field `{field}` in {place}"),
                        details,
                    ));
                }
            }
            for (name, prop) in properties(schema) {
                if let Some(x) = map.get(name) {
                    let label = join(label, name);
                    check_value(spec, x, prop, ctx, &label, details, depth + 1)?;
                }
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
    Ok(())
}

fn invalid(ctx: Ctx, label: &str, what: &str, details: &str) -> ApiError {
    let message = match ctx {
        Ctx::Path => format!("invalid path parameter `{label}`: {what}"),
        Ctx::Query => format!("invalid query parameter `{label}`: {what}"),
        Ctx::Header => format!("invalid header `{label}`: {what}"),
        Ctx::Body if label.is_empty() => format!("invalid request body: {what}"),
        Ctx::Body => format!("invalid request body field `{label}`: {what}"),
    };
    ApiError::bad_request(message, details)
}

fn join(label: &str, name: &str) -> String {
    match label {
        "" => name.to_string(),
        _ => format!("{label}.{name}"),
    }
}

pub(crate) fn type_of(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn string_list(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn type_matches(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn a(t: &str) -> String {
    match t {
        "integer" | "array" | "object" => format!("an {t}"),
        "" => "a value".to_string(),
        _ => format!("a {t}"),
    }
}

fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", shown(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => shown(s),
        other => kind_of(other),
    }
}
