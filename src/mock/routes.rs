//! The embedded spec, parsed once into a route table.
//!
//! Everything the mock knows about the API comes from here: paths, methods,
//! parameters, request bodies, success responses and the auth schemes.
//! Problems in the spec become a `String` error (surfaced by
//! `MockServer::start` as an `io::Error`), never a panic.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The spec the generated client was built from: `spec/whapi.openapi.json`
/// pruned by build.rs to the operations of the enabled areas (as the wire
/// states them, before the generator's workarounds).
pub(crate) const SPEC_JSON: &str = whapi_api::SPEC_JSON;

/// `$ref` chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 16;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// The parsed spec, or why it could not be parsed.
pub(crate) fn spec() -> Result<&'static Spec, String> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(|| Spec::parse(SPEC_JSON))
        .as_ref()
        .map_err(Clone::clone)
}

/// The route table plus what validation needs to follow `$ref`s and patterns.
pub(crate) struct Spec {
    doc: Value,
    pub(crate) operations: Vec<Operation>,
    /// Every `pattern` in the document, compiled once.
    patterns: HashMap<String, regress::Regex>,
}

/// One operation of the spec.
pub(crate) struct Operation {
    pub(crate) id: String,
    /// Upper case, as on the wire.
    pub(crate) method: String,
    pub(crate) template: String,
    segments: Vec<Segment>,
    pub(crate) params: Vec<Param>,
    pub(crate) body: RequestBody,
    pub(crate) success: Success,
    /// Alternatives (any one suffices), each a set of schemes (all needed).
    /// Empty: no auth needed.
    pub(crate) security: Vec<Vec<AuthScheme>>,
}

enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// A parameter with its `$ref` resolved; `schema` may still hold nested refs.
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) location: Location,
    pub(crate) required: bool,
    pub(crate) schema: Value,
    /// `false`: an array travels as one comma-separated value (`form` or
    /// `simple` style, `explode: false`); `true`: one key per item.
    pub(crate) explode: bool,
}

/// The request body an operation takes; `json: None` and no `others`: none.
pub(crate) struct RequestBody {
    /// The `application/json` schema, when JSON is offered.
    pub(crate) json: Option<Value>,
    /// The other media types offered (multipart, form, binary uploads).
    pub(crate) others: Vec<String>,
    pub(crate) required: bool,
}

impl RequestBody {
    pub(crate) fn is_none(&self) -> bool {
        self.json.is_none() && self.others.is_empty()
    }
}

/// The documented success response.
pub(crate) struct Success {
    pub(crate) status: u16,
    /// The spec's example, or a body synthesized from the schema; `None`
    /// when the response is not JSON.
    pub(crate) example: Option<Value>,
    /// Last segment of the response schema's `$ref` (`SentMessage`, ...).
    pub(crate) schema_name: Option<String>,
    /// The media type of a non-JSON response (`image/png`); `None` for JSON
    /// or no content.
    pub(crate) media_type: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum AuthScheme {
    /// `Authorization: <scheme> <credentials>` (bearer, basic, ...).
    Http(String),
    QueryKey(String),
    HeaderKey(String),
    CookieKey(String),
}

/// Where a request landed in the route table.
pub(crate) enum Route<'a> {
    Found {
        op: &'a Operation,
        /// Percent-decoded path parameters, in template order.
        params: Vec<(String, String)>,
    },
    /// The path exists, but not with this method.
    WrongMethod {
        allowed: Vec<&'a str>,
    },
    NotFound,
}

impl Spec {
    fn parse(text: &str) -> Result<Spec, String> {
        let doc: Value =
            serde_json::from_str(text).map_err(|e| format!("spec is not JSON: {e}"))?;
        check_refs(&doc, &doc)?;
        let mut patterns = HashMap::new();
        collect_patterns(&doc, &mut patterns)?;
        let global_security = match doc.get("security") {
            Some(s) => security(&doc, s)?,
            None => Vec::new(),
        };
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("spec has no `paths` object")?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            let item = resolve_in(&doc, item)?;
            let shared = item.get("parameters");
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                operations.push(operation(
                    &doc,
                    template,
                    method,
                    op,
                    shared,
                    &global_security,
                )?);
            }
        }
        if operations.is_empty() {
            return Err("spec has no operations".into());
        }
        Ok(Spec {
            doc,
            operations,
            patterns,
        })
    }

    /// Follows `$ref`s (to anywhere in the document) until a non-ref value.
    pub(crate) fn resolve<'a>(&'a self, v: &'a Value) -> Result<&'a Value, String> {
        resolve_in(&self.doc, v)
    }

    /// The whole document.
    pub(crate) fn doc(&self) -> &Value {
        &self.doc
    }

    /// A schema of the components section, by name.
    pub(crate) fn schema(&self, name: &str) -> Option<&Value> {
        self.doc.pointer(&format!("/components/schemas/{name}"))
    }

    pub(crate) fn regex(&self, pattern: &str) -> Option<&regress::Regex> {
        self.patterns.get(pattern)
    }

    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }

    /// Finds the operation for `method` and the decoded path segments.
    ///
    /// Like most routers, the path decides first: of the templates matching
    /// it, the one with literals earliest wins (`/messages/list` over
    /// `/messages/{MessageID}`); then the method picks among its operations,
    /// and a method it lacks is a 405, not a try of the next template.
    pub(crate) fn route(&self, method: &str, segments: &[String]) -> Route<'_> {
        let mut best: Option<Vec<bool>> = None;
        let mut candidates: Vec<(&Operation, Vec<(String, String)>)> = Vec::new();
        for op in &self.operations {
            let Some(params) = op.matches(segments) else {
                continue;
            };
            let rank: Vec<bool> = op
                .segments
                .iter()
                .map(|s| matches!(s, Segment::Literal(_)))
                .collect();
            match &best {
                Some(b) if rank < *b => continue,
                Some(b) if rank == *b => {}
                _ => {
                    best = Some(rank);
                    candidates.clear();
                }
            }
            candidates.push((op, params));
        }
        if candidates.is_empty() {
            return Route::NotFound;
        }
        let mut allowed: Vec<&str> = candidates
            .iter()
            .map(|(op, _)| op.method.as_str())
            .collect();
        match candidates
            .into_iter()
            .find(|(op, _)| op.method.eq_ignore_ascii_case(method))
        {
            Some((op, params)) => Route::Found { op, params },
            None => {
                allowed.sort_unstable();
                allowed.dedup();
                Route::WrongMethod { allowed }
            }
        }
    }
}

impl Operation {
    fn matches(&self, segments: &[String]) -> Option<Vec<(String, String)>> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (want, got) in self.segments.iter().zip(segments) {
            match want {
                Segment::Literal(l) if l == got => {}
                // An empty segment (`/messages/list/`) is no parameter value.
                Segment::Param(name) if !got.is_empty() => params.push((name.clone(), got.clone())),
                _ => return None,
            }
        }
        Some(params)
    }

    /// The literal last path segment (`document` of `/messages/document`).
    pub(crate) fn last_literal(&self) -> Option<&str> {
        match self.segments.last() {
            Some(Segment::Literal(l)) => Some(l),
            _ => None,
        }
    }

    /// The name of the last path segment's parameter, if it is one.
    pub(crate) fn last_param(&self) -> Option<&str> {
        match self.segments.last() {
            Some(Segment::Param(p)) => Some(p),
            _ => None,
        }
    }

    pub(crate) fn param(&self, location: Location, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.location == location && p.name == name)
    }
}

fn resolve_in<'a>(doc: &'a Value, mut v: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..MAX_REF_HOPS {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return Ok(v);
        };
        let pointer = r
            .strip_prefix('#')
            .ok_or_else(|| format!("external $ref {r:?} is not supported"))?;
        v = doc
            .pointer(pointer)
            .ok_or_else(|| format!("$ref {r:?} points nowhere"))?;
    }
    Err("$ref chain too long (a cycle?)".into())
}

/// Fails on any `$ref` that does not resolve, so validation never meets one.
fn check_refs(doc: &Value, v: &Value) -> Result<(), String> {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(_)) = map.get("$ref") {
                resolve_in(doc, v)?;
            }
            map.values().try_for_each(|x| check_refs(doc, x))
        }
        Value::Array(items) => items.iter().try_for_each(|x| check_refs(doc, x)),
        _ => Ok(()),
    }
}

fn collect_patterns(v: &Value, out: &mut HashMap<String, regress::Regex>) -> Result<(), String> {
    match v {
        Value::Object(map) => {
            // A property *named* `pattern` is an object, so only strings count.
            if let Some(Value::String(p)) = map.get("pattern")
                && !out.contains_key(p)
            {
                let re = regress::Regex::new(p)
                    .map_err(|e| format!("pattern {p:?} does not compile: {e}"))?;
                out.insert(p.clone(), re);
            }
            map.values().try_for_each(|x| collect_patterns(x, out))
        }
        Value::Array(items) => items.iter().try_for_each(|x| collect_patterns(x, out)),
        _ => Ok(()),
    }
}

fn operation(
    doc: &Value,
    template: &str,
    method: &str,
    op: &Value,
    shared: Option<&Value>,
    global_security: &[Vec<AuthScheme>],
) -> Result<Operation, String> {
    let where_ = format!("{} {template}", method.to_ascii_uppercase());
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{where_} has no operationId"))?
        .to_string();
    let segments = template
        .strip_prefix('/')
        .ok_or_else(|| format!("path {template:?} does not start with '/'"))?
        .split('/')
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_string()),
                None => Segment::Literal(s.to_string()),
            },
        )
        .collect();

    // Operation parameters override path-level ones with the same name and place.
    let mut params: Vec<Param> = Vec::new();
    for list in [shared, op.get("parameters")].into_iter().flatten() {
        let list = list
            .as_array()
            .ok_or_else(|| format!("{id}: `parameters` is not an array"))?;
        for p in list {
            let p = param(doc, p).map_err(|e| format!("{id}: {e}"))?;
            params.retain(|q| !(q.name == p.name && q.location == p.location));
            params.push(p);
        }
    }

    let body = match op.get("requestBody") {
        None => RequestBody {
            json: None,
            others: Vec::new(),
            required: false,
        },
        Some(b) => request_body(doc, b).map_err(|e| format!("{id}: {e}"))?,
    };
    let success = success(doc, op.get("responses")).map_err(|e| format!("{id}: {e}"))?;
    let security = match op.get("security") {
        Some(s) => security(doc, s).map_err(|e| format!("{id}: {e}"))?,
        None => global_security.to_vec(),
    };
    Ok(Operation {
        id,
        method: method.to_ascii_uppercase(),
        template: template.to_string(),
        segments,
        params,
        body,
        success,
        security,
    })
}

fn param(doc: &Value, p: &Value) -> Result<Param, String> {
    let p = resolve_in(doc, p)?;
    let name = p
        .get("name")
        .and_then(Value::as_str)
        .ok_or("parameter without name")?;
    let location = match p.get("in").and_then(Value::as_str) {
        Some("path") => Location::Path,
        Some("query") => Location::Query,
        Some("header") => Location::Header,
        Some("cookie") => Location::Cookie,
        other => return Err(format!("parameter {name}: bad `in` {other:?}")),
    };
    // form (query, cookie) explodes by default; simple (path, header) does not.
    let default_style = match location {
        Location::Query | Location::Cookie => "form",
        Location::Path | Location::Header => "simple",
    };
    let style = p
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or(default_style);
    let explode = p
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    if !matches!(style, "form" | "simple") {
        return Err(format!("parameter {name}: style {style} is not supported"));
    }
    let schema = p
        .get("schema")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    Ok(Param {
        name: name.to_string(),
        location,
        required: location == Location::Path
            || p.get("required").and_then(Value::as_bool).unwrap_or(false),
        schema: resolve_in(doc, &schema)?.clone(),
        explode,
    })
}

fn request_body(doc: &Value, b: &Value) -> Result<RequestBody, String> {
    let b = resolve_in(doc, b)?;
    let required = b.get("required").and_then(Value::as_bool).unwrap_or(false);
    let content = b
        .get("content")
        .and_then(Value::as_object)
        .ok_or("requestBody without content")?;
    let json = content.get("application/json").map(|json| {
        json.get("schema")
            .cloned()
            .unwrap_or(Value::Object(Map::new()))
    });
    Ok(RequestBody {
        json,
        others: content
            .keys()
            .filter(|m| *m != "application/json")
            .cloned()
            .collect(),
        required,
    })
}

fn success(doc: &Value, responses: Option<&Value>) -> Result<Success, String> {
    let responses = responses
        .and_then(Value::as_object)
        .ok_or("operation without responses")?;
    let first_2xx = responses
        .iter()
        .filter_map(|(code, r)| Some((code.parse::<u16>().ok()?, r)))
        .filter(|(code, _)| (200..300).contains(code))
        .min_by_key(|(code, _)| *code);
    // No documented success: answer a bare 200.
    let Some((status, response)) = first_2xx else {
        return Ok(Success {
            status: 200,
            example: None,
            schema_name: None,
            media_type: None,
        });
    };
    let response = resolve_in(doc, response)?;
    let json = response.pointer("/content/application~1json");
    // `example`, else the first of `examples` (each `{"value": ...}`), else
    // a minimal valid body from the schema (built once, here).
    let example = json.and_then(|j| {
        j.get("example")
            .cloned()
            .or_else(|| {
                let first = j.get("examples")?.as_object()?.values().next()?;
                resolve_in(doc, first).ok()?.get("value").cloned()
            })
            .or_else(|| Some(super::synth::sample_rich(doc, j.get("schema")?, "")))
    });
    let schema_name = json
        .and_then(|j| j.pointer("/schema/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_string);
    let media_type = match json {
        Some(_) => None,
        None => {
            let types: Vec<&String> = response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
                .collect();
            // A PNG when offered, else the first (well-formed) type listed.
            types
                .iter()
                .find(|t| t.as_str() == "image/png")
                .or_else(|| types.iter().find(|t| t.contains('/')))
                .map(|t| (*t).clone())
        }
    };
    Ok(Success {
        status,
        example,
        schema_name,
        media_type,
    })
}

fn security(doc: &Value, s: &Value) -> Result<Vec<Vec<AuthScheme>>, String> {
    let list = s.as_array().ok_or("`security` is not an array")?;
    let mut alternatives = Vec::new();
    for requirement in list {
        let requirement = requirement
            .as_object()
            .ok_or("security requirement is not an object")?;
        let mut schemes = Vec::new();
        for name in requirement.keys() {
            let scheme = doc
                .pointer(&format!("/components/securitySchemes/{name}"))
                .ok_or_else(|| format!("unknown security scheme {name:?}"))?;
            let scheme = resolve_in(doc, scheme)?;
            let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or_default();
            schemes.push(match field("type") {
                "http" => AuthScheme::Http(field("scheme").to_ascii_lowercase()),
                "apiKey" => match field("in") {
                    "query" => AuthScheme::QueryKey(field("name").to_string()),
                    "header" => AuthScheme::HeaderKey(field("name").to_ascii_lowercase()),
                    "cookie" => AuthScheme::CookieKey(field("name").to_string()),
                    other => return Err(format!("scheme {name:?}: bad `in` {other:?}")),
                },
                // oauth2 / openIdConnect tokens travel as bearer tokens.
                _ => AuthScheme::Http("bearer".into()),
            });
        }
        alternatives.push(schemes);
    }
    Ok(alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str) -> Result<String, Vec<String>> {
        let spec = spec().expect("the embedded spec parses");
        let segments: Vec<String> = path[1..].split('/').map(str::to_string).collect();
        match spec.route(method, &segments) {
            Route::Found { op, .. } => Ok(op.id.clone()),
            Route::WrongMethod { allowed } => Err(allowed.iter().map(|m| m.to_string()).collect()),
            Route::NotFound => Err(Vec::new()),
        }
    }

    /// Whether the cargo feature of API area `area` is on.
    fn area_enabled(area: &str) -> bool {
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

    #[test]
    fn embedded_spec_parses_into_routes() {
        let spec = spec().expect("the embedded spec parses");
        let all: Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/whapi.openapi.json"
        )))
        .expect("spec");
        let enabled = |op: &Value| {
            op["tags"].as_array().into_iter().flatten().any(|t| {
                let t = t.as_str().unwrap_or_default().to_lowercase();
                area_enabled(&t)
            })
        };
        let want = all["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("path item").values())
            .filter(|op| enabled(op))
            .count();
        assert_eq!(spec.operations.len(), want, "the enabled areas' operations");
        assert!(want > 15, "more than the 15 first operations: {want}");
        let media = spec.operation("sendMediaMessage").expect("upload");
        assert!(media.body.json.is_none() && media.body.others.len() > 5);
        let text = spec.operation("sendMessageText").expect("text");
        assert!(text.body.json.is_some());
        assert_eq!(text.body.others, ["multipart/form-data"]);
        let lids = spec.operation("getLidByIds").expect("form/explode=false");
        assert!(lids.params.iter().any(|p| !p.explode));
        assert_eq!(media.success.status, 201);
        assert_eq!(media.success.schema_name.as_deref(), Some("SentMessage"));
        let send_params = media
            .param(Location::Query, "SendParams")
            .expect("SendParams");
        assert!(send_params.required);
        assert_eq!(send_params.schema["required"], serde_json::json!(["to"]));
        assert_eq!(media.security.len(), 2, "bearer or token query parameter");
    }

    #[test]
    fn literal_segments_win_then_the_method_decides() {
        assert_eq!(route("GET", "/messages/list"), Ok("getMessages".into()));
        assert_eq!(
            route("GET", "/messages/list/1@g.us"),
            Ok("getMessagesByChatID".into())
        );
        assert_eq!(
            route("PUT", "/messages/AB12-CD34"),
            Ok("markMessageAsRead".into())
        );
        assert_eq!(route("PUT", "/messages/list"), Err(vec!["GET".into()]));
        assert_eq!(route("GET", "/messages/document"), Err(vec!["POST".into()]));
        assert_eq!(route("GET", "/messages/list/"), Err(Vec::new()));
        assert_eq!(route("GET", "/nope"), Err(Vec::new()));
    }

    #[test]
    fn broken_specs_are_errors_not_panics() {
        for (text, want) in [
            ("{", "not JSON"),
            ("{}", "no `paths`"),
            (
                r##"{"paths": {"/a": {"get": {"$ref": "#/nowhere"}}}}"##,
                "points nowhere",
            ),
            (
                r#"{"paths": {"/a": {"get": {"responses": {}}}}}"#,
                "no operationId",
            ),
            (
                r#"{"x": {"pattern": "("}, "paths": {}}"#,
                "does not compile",
            ),
        ] {
            let error = Spec::parse(text).err().expect("an error");
            assert!(error.contains(want), "{text}: {error}");
        }
    }
}
