//! Operation-level comparison: paths, methods, operationIds, parameters,
//! request bodies, responses, and component names.

use super::rules::{self, Rule};
use super::schema::{self, Dir, Walker};
use super::{Change, Reach};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Shared state of one comparison.
pub(super) struct Ctx<'a> {
    pub base: &'a Value,
    pub head: &'a Value,
    /// Component schemas renamed without a change of shape: old → new.
    pub renames: BTreeMap<String, String>,
    /// The area (first tag) of the operation being compared.
    pub area: String,
    pub out: Vec<Change>,
    /// `$ref` targets known to be the same in BASE and HEAD, together with
    /// everything they reference (`true`), or not (`false`).
    same_refs: HashMap<String, bool>,
}

/// Where a finding originates: `group` is an operation label or
/// `components.schemas.Name`, `detail` the rest of the location.
pub(super) struct Origin<'s> {
    pub group: &'s str,
    pub detail: &'s str,
}

impl Origin<'_> {
    pub fn location(&self) -> String {
        if self.detail.is_empty() {
            self.group.to_string()
        } else if self.group.starts_with(COMPONENTS) {
            // Component paths read as one JSON path: `...Message.subtype`.
            format!("{}{}", self.group, self.detail)
        } else {
            format!("{} {}", self.group, self.detail)
        }
    }
}

impl Ctx<'_> {
    /// An operation-level finding (`group` is the operation label).
    pub fn emit(&mut self, rule: Rule, group: &str, detail: &str, message: String) {
        let origin = Origin { group, detail };
        let reach = Reach {
            operation: group.to_string(),
            area: self.area.clone(),
            location: origin.location(),
        };
        self.record(rule, &origin, None, Some(reach), message);
    }

    /// One finding: its origin, direction, and the path it was reached by.
    pub fn record(
        &mut self,
        rule: Rule,
        origin: &Origin,
        direction: Option<Dir>,
        reach: Option<Reach>,
        message: String,
    ) {
        self.out.push(Change {
            severity: rule.severity,
            rule: rule.id,
            location: origin.location(),
            message,
            direction,
            reached_from: reach.into_iter().collect(),
            group: origin.group.to_string(),
            detail: origin.detail.to_string(),
        });
    }

    /// Whether `b` (in BASE) and `h` (in HEAD) are the same JSON and every
    /// `$ref` they lead to, transitively, is the same in both documents:
    /// then comparing them can find nothing, and the walk is skipped.
    pub fn unchanged(&mut self, b: &Value, h: &Value) -> bool {
        if b != h {
            return false;
        }
        let mut refs = Vec::new();
        collect_refs(b, &mut refs);
        refs.into_iter().all(|r| self.same_target(r))
    }

    /// Whether the `$ref` target `reference` and all it references,
    /// transitively, are equal in BASE and HEAD (memoized).
    fn same_target(&mut self, reference: &str) -> bool {
        if let Some(&known) = self.same_refs.get(reference) {
            return known;
        }
        let (base, head) = (self.base, self.head);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![reference];
        let mut same = true;
        while let Some(r) = todo.pop() {
            if !seen.insert(r) {
                continue;
            }
            match self.same_refs.get(r) {
                // Its whole closure is known to be equal.
                Some(true) => continue,
                Some(false) => {
                    same = false;
                    break;
                }
                None => {}
            }
            let pointer = r.strip_prefix('#');
            let bv = pointer.and_then(|p| base.pointer(p));
            if bv != pointer.and_then(|p| head.pointer(p)) {
                same = false;
                break;
            }
            if let Some(v) = bv {
                collect_refs(v, &mut todo);
            }
        }
        self.same_refs.insert(reference.to_string(), same);
        same
    }

    /// A finding about a component name: nothing reaches it.
    fn emit_component(&mut self, rule: Rule, name: &str, message: String) {
        let group = format!("{COMPONENTS}.{name}");
        let origin = Origin {
            group: &group,
            detail: "",
        };
        self.record(rule, &origin, None, None, message);
    }
}

pub(super) const COMPONENTS: &str = "components.schemas";

/// Every `$ref` string inside `value`.
fn collect_refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

pub(super) fn diff(base: &Value, head: &Value) -> Vec<Change> {
    let mut ctx = Ctx {
        base,
        head,
        renames: BTreeMap::new(),
        area: String::new(),
        out: Vec::new(),
        same_refs: HashMap::new(),
    };
    components(&mut ctx);
    operations(&mut ctx);
    ctx.out
}

// ---------------------------------------------------------------- components

fn components(ctx: &mut Ctx) {
    let empty = Map::new();
    let bs = ctx
        .base
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let hs = ctx
        .head
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let removed: BTreeSet<&String> = bs.keys().filter(|k| !hs.contains_key(*k)).collect();
    let mut added: BTreeSet<&String> = hs.keys().filter(|k| !bs.contains_key(*k)).collect();
    for old in removed {
        let shape = schema::normalize(&bs[old]);
        let renamed = added
            .iter()
            .copied()
            .find(|new| schema::normalize(&hs[*new]) == shape);
        match renamed {
            Some(new) => {
                added.remove(new);
                ctx.renames.insert(old.clone(), new.clone());
                ctx.emit_component(
                    rules::COMPONENT_SCHEMA_RENAMED,
                    old,
                    format!("schema `{old}` renamed to `{new}` with the same shape: the generated Rust type is renamed"),
                );
            }
            None => ctx.emit_component(
                rules::COMPONENT_SCHEMA_REMOVED,
                old,
                format!("schema `{old}` removed: its generated Rust type goes away"),
            ),
        }
    }
    for new in added {
        ctx.emit_component(
            rules::COMPONENT_SCHEMA_ADDED,
            new,
            format!("schema `{new}` added"),
        );
    }
}

// ---------------------------------------------------------------- operations

struct Op<'a> {
    method: String,
    path: &'a str,
    op: &'a Map<String, Value>,
    path_item: &'a Map<String, Value>,
}

impl Op<'_> {
    fn id(&self) -> &str {
        self.op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The first tag: the area the operation belongs to.
    fn area(&self) -> String {
        self.op
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .unwrap_or("untagged")
            .to_string()
    }

    fn label(&self) -> String {
        match self.id() {
            "" => format!("{} {}", self.method, self.path),
            id => format!("{} {} {id}", self.method, self.path),
        }
    }
}

/// `/messages/{MessageID}/reaction` → `/messages/{}/reaction`.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for ch in path.chars() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(ch),
        }
    }
    out
}

/// The names of a path's template parameters, in order.
fn path_params(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// Operations keyed by (path template, method).
fn operations_of(spec: &Value) -> BTreeMap<(String, String), Op<'_>> {
    let mut out = BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = schema::resolve(spec, item).as_object() else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get(method).and_then(Value::as_object) {
                let method = method.to_uppercase();
                out.insert(
                    (template(path), method.clone()),
                    Op {
                        method,
                        path,
                        op,
                        path_item: item,
                    },
                );
            }
        }
    }
    out
}

fn operations(ctx: &mut Ctx) {
    let (base, head) = (ctx.base, ctx.head);
    let bops = operations_of(base);
    let hops = operations_of(head);
    let head_templates: BTreeSet<&String> = hops.keys().map(|(t, _)| t).collect();
    for (key, b) in &bops {
        ctx.area = b.area();
        match hops.get(key) {
            Some(h) => operation(ctx, b, h),
            None if head_templates.contains(&key.0) => ctx.emit(
                rules::OPERATION_REMOVED,
                &b.label(),
                "",
                format!(
                    "operation removed: `{} {}` is gone (the path remains)",
                    b.method, b.path
                ),
            ),
            None => ctx.emit(
                rules::PATH_REMOVED,
                &b.label(),
                "",
                format!(
                    "path `{}` removed, and with it `{} {}`",
                    b.path, b.method, b.path
                ),
            ),
        }
    }
    for (key, h) in &hops {
        if !bops.contains_key(key) {
            ctx.area = h.area();
            ctx.emit(
                rules::OPERATION_ADDED,
                &h.label(),
                "",
                format!("new operation `{} {}`", h.method, h.path),
            );
        }
    }
}

fn operation(ctx: &mut Ctx, b: &Op, h: &Op) {
    let group = h.label();
    ctx.area = h.area();
    if b.id() != h.id() {
        ctx.emit(
            rules::OPERATION_ID_RENAMED,
            &group,
            "",
            format!(
                "operationId `{}` renamed to `{}`: the generated method `{}` becomes `{}`",
                b.id(),
                h.id(),
                snake_case(b.id()),
                snake_case(h.id())
            ),
        );
    }
    let deprecated = |o: &Op| {
        o.op.get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    if !deprecated(b) && deprecated(h) {
        ctx.emit(
            rules::OPERATION_DEPRECATED,
            &group,
            "",
            "operation deprecated".to_string(),
        );
    }
    for (i, (bn, hn)) in path_params(b.path)
        .into_iter()
        .zip(path_params(h.path))
        .enumerate()
    {
        if bn != hn {
            ctx.emit(
                rules::REQUEST_PATH_PARAMETER_RENAMED,
                &group,
                &format!("parameter path {hn}"),
                format!(
                    "path parameter #{} renamed `{bn}` → `{hn}`: the builder setter `{}` becomes `{}`",
                    i + 1,
                    snake_case(bn),
                    snake_case(hn)
                ),
            );
        }
    }
    parameters(ctx, &group, b, h);
    request_body(ctx, &group, b, h);
    responses(ctx, &group, b, h);
}

// ---------------------------------------------------------------- parameters

struct Param<'a> {
    location: String,
    name: String,
    required: bool,
    style: String,
    explode: bool,
    schema: Option<&'a Value>,
}

impl Param<'_> {
    fn detail(&self) -> String {
        format!("parameter {} {}", self.location, self.name)
    }
}

fn params_of<'a>(spec: &'a Value, op: &Op<'a>) -> BTreeMap<String, Param<'a>> {
    let positions = path_params(op.path);
    let mut out = BTreeMap::new();
    let lists = [op.path_item.get("parameters"), op.op.get("parameters")];
    for list in lists.into_iter().flatten().filter_map(Value::as_array) {
        for p in list {
            let Some(p) = schema::resolve(spec, p).as_object() else {
                continue;
            };
            let location = p
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let key = match location.as_str() {
                "path" => match positions.iter().position(|n| *n == name) {
                    Some(i) => format!("path#{i}"),
                    None => format!("path:{name}"),
                },
                "header" => format!("header:{}", name.to_ascii_lowercase()),
                other => format!("{other}:{name}"),
            };
            let default_style = if matches!(location.as_str(), "query" | "cookie") {
                "form"
            } else {
                "simple"
            };
            let style = p
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or(default_style)
                .to_string();
            let explode = p
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(style == "form");
            let required =
                location == "path" || p.get("required").and_then(Value::as_bool).unwrap_or(false);
            let schema = p.get("schema").or_else(|| {
                p.get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema"))
            });
            out.insert(
                key,
                Param {
                    location,
                    name,
                    required,
                    style,
                    explode,
                    schema,
                },
            );
        }
    }
    out
}

fn parameters(ctx: &mut Ctx, group: &str, b: &Op, h: &Op) {
    let (base, head) = (ctx.base, ctx.head);
    let bp = params_of(base, b);
    let hp = params_of(head, h);
    for (key, p) in &bp {
        if !hp.contains_key(key) {
            ctx.emit(
                rules::REQUEST_PARAMETER_REMOVED,
                group,
                &p.detail(),
                format!(
                    "{} parameter `{}` removed: the builder setter `{}` goes away",
                    p.location,
                    p.name,
                    snake_case(&p.name)
                ),
            );
        }
    }
    for (key, p) in &hp {
        let Some(old) = bp.get(key) else {
            let (rule, what) = if p.required {
                (rules::REQUEST_PARAMETER_REQUIRED_ADDED, "new required")
            } else {
                (rules::REQUEST_PARAMETER_OPTIONAL_ADDED, "new optional")
            };
            ctx.emit(
                rule,
                group,
                &p.detail(),
                format!("{what} {} parameter `{}`", p.location, p.name),
            );
            continue;
        };
        let detail = p.detail();
        if !old.required && p.required {
            ctx.emit(
                rules::REQUEST_PARAMETER_BECAME_REQUIRED,
                group,
                &detail,
                format!("{} parameter `{}` became required", p.location, p.name),
            );
        } else if old.required && !p.required {
            ctx.emit(
                rules::REQUEST_PARAMETER_BECAME_OPTIONAL,
                group,
                &detail,
                format!("{} parameter `{}` became optional", p.location, p.name),
            );
        }
        if (old.style.as_str(), old.explode) != (p.style.as_str(), p.explode) {
            ctx.emit(
                rules::REQUEST_PARAMETER_STYLE_CHANGED,
                group,
                &detail,
                format!(
                    "serialization changed: style {} explode {} → style {} explode {}",
                    old.style, old.explode, p.style, p.explode
                ),
            );
        }
        if let (Some(bs), Some(hs)) = (old.schema, p.schema) {
            Walker::new(ctx, Dir::Request, group, &detail).walk("", bs, hs, p.required);
        }
    }
}

// ---------------------------------------------------------------- request bodies

fn media_detail(prefix: &str, media: &str) -> String {
    if media == "application/json" {
        prefix.to_string()
    } else {
        format!("{prefix} {media}")
    }
}

fn content<'a>(spec: &'a Value, holder: Option<&'a Value>) -> BTreeMap<&'a str, Option<&'a Value>> {
    holder
        .map(|h| schema::resolve(spec, h))
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
        .map(|c| {
            c.iter()
                .map(|(k, v)| (k.as_str(), v.get("schema")))
                .collect()
        })
        .unwrap_or_default()
}

fn request_body(ctx: &mut Ctx, group: &str, b: &Op, h: &Op) {
    let (base, head) = (ctx.base, ctx.head);
    let bb = b.op.get("requestBody");
    let hb = h.op.get("requestBody");
    let required = |spec: &Value, v: Option<&Value>| {
        v.map(|v| schema::resolve(spec, v))
            .and_then(|v| v.get("required"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let (breq, hreq) = (required(base, bb), required(head, hb));
    match (bb, hb) {
        (None, None) => return,
        (None, Some(_)) => {
            let (rule, what) = if hreq {
                (
                    rules::REQUEST_BODY_REQUIRED_ADDED,
                    "new required request body",
                )
            } else {
                (
                    rules::REQUEST_BODY_OPTIONAL_ADDED,
                    "new optional request body",
                )
            };
            ctx.emit(rule, group, "request body", what.to_string());
            return;
        }
        (Some(_), None) => {
            ctx.emit(
                rules::REQUEST_BODY_REMOVED,
                group,
                "request body",
                "request body removed: the builder's `body` setter goes away".to_string(),
            );
            return;
        }
        (Some(_), Some(_)) => {}
    }
    if !breq && hreq {
        ctx.emit(
            rules::REQUEST_BODY_BECAME_REQUIRED,
            group,
            "request body",
            "request body became required".into(),
        );
    } else if breq && !hreq {
        ctx.emit(
            rules::REQUEST_BODY_BECAME_OPTIONAL,
            group,
            "request body",
            "request body became optional".into(),
        );
    }
    let bc = content(base, bb);
    let hc = content(head, hb);
    for media in bc.keys().filter(|m| !hc.contains_key(*m)) {
        ctx.emit(
            rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
            group,
            "request body",
            format!("request media type `{media}` removed"),
        );
    }
    for media in hc.keys().filter(|m| !bc.contains_key(*m)) {
        ctx.emit(
            rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
            group,
            "request body",
            format!("request media type `{media}` added"),
        );
    }
    for (media, bs) in &bc {
        if let (Some(bs), Some(Some(hs))) = (bs, hc.get(media)) {
            let detail = media_detail("request body", media);
            Walker::new(ctx, Dir::Request, group, &detail).walk("", bs, hs, true);
        }
    }
}

// ---------------------------------------------------------------- responses

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn responses(ctx: &mut Ctx, group: &str, b: &Op, h: &Op) {
    let empty = Map::new();
    let br =
        b.op.get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
    let hr =
        h.op.get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
    let success = |r: &Map<String, Value>| -> BTreeSet<String> {
        r.keys().filter(|s| is_success(s)).cloned().collect()
    };
    let (bs, hs) = (success(br), success(hr));
    let gone: Vec<&String> = bs.difference(&hs).collect();
    let new: Vec<&String> = hs.difference(&bs).collect();
    if let ([old], [now]) = (gone.as_slice(), new.as_slice()) {
        ctx.emit(
            rules::RESPONSE_SUCCESS_STATUS_CHANGED,
            group,
            &format!("response {old}"),
            format!(
                "success status {old} → {now}: a client built for BASE treats {now} as unexpected"
            ),
        );
        response(ctx, group, now, &br[*old], &hr[*now]);
    } else {
        for s in gone {
            ctx.emit(
                rules::RESPONSE_SUCCESS_STATUS_REMOVED,
                group,
                &format!("response {s}"),
                format!("success status {s} removed"),
            );
        }
        for s in new {
            ctx.emit(
                rules::RESPONSE_SUCCESS_STATUS_ADDED,
                group,
                &format!("response {s}"),
                format!("new success status {s}: a client built for BASE treats it as unexpected"),
            );
        }
    }
    for (status, b_resp) in br {
        match hr.get(status) {
            Some(h_resp) => response(ctx, group, status, b_resp, h_resp),
            None if !is_success(status) => ctx.emit(
                rules::RESPONSE_ERROR_STATUS_REMOVED,
                group,
                &format!("response {status}"),
                format!("error status {status} no longer documented"),
            ),
            None => {}
        }
    }
    for status in hr.keys().filter(|s| !is_success(s) && !br.contains_key(*s)) {
        ctx.emit(
            rules::RESPONSE_ERROR_STATUS_ADDED,
            group,
            &format!("response {status}"),
            format!("new error status {status}"),
        );
    }
}

fn response(ctx: &mut Ctx, group: &str, status: &str, b: &Value, h: &Value) {
    let (base, head) = (ctx.base, ctx.head);
    let bc = content(base, Some(b));
    let hc = content(head, Some(h));
    let prefix = format!("response {status}");
    let typed = |c: &BTreeMap<&str, Option<&Value>>| c.values().any(Option::is_some);
    if !typed(&bc) && typed(&hc) {
        ctx.emit(
            rules::RESPONSE_BODY_ADDED,
            group,
            &prefix,
            format!("response {status} gained a body: the generated return type changes from `()` to a typed value"),
        );
        return;
    }
    for media in bc.keys().filter(|m| !hc.contains_key(*m)) {
        ctx.emit(
            rules::RESPONSE_MEDIA_TYPE_REMOVED,
            group,
            &prefix,
            format!("response media type `{media}` removed"),
        );
    }
    for media in hc.keys().filter(|m| !bc.contains_key(*m)) {
        ctx.emit(
            rules::RESPONSE_MEDIA_TYPE_ADDED,
            group,
            &prefix,
            format!("response media type `{media}` added"),
        );
    }
    for (media, bs) in &bc {
        if let (Some(bs), Some(Some(hs))) = (bs, hc.get(media)) {
            let detail = media_detail(&prefix, media);
            Walker::new(ctx, Dir::Response, group, &detail).walk("", bs, hs, true);
        }
    }
}

/// progenitor's method and setter names: `sendMessageGif` → `send_message_gif`.
pub(super) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for ch in name.chars() {
        if ch.is_uppercase() {
            if prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
                out.push('_');
            }
            out.extend(ch.to_lowercase());
        } else if ch == '-' || ch == ' ' {
            out.push('_');
        } else {
            out.push(ch);
        }
        prev = Some(ch);
    }
    out
}
