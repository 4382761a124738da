//! Schema comparison in one direction (request or response), following `$ref`
//! and merging `allOf`.

use super::Reach;
use super::diff::{COMPONENTS, Ctx, Origin};
use super::rules::{self, Rule};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Which side of the exchange a schema is reached from.
pub(super) use super::Direction as Dir;

/// Marks a property merged in from an `allOf` member `$ref`, so a change to
/// it is reported at that member component. `x-` keys are never compared.
const ORIGIN_MARK: &str = "x-drift-origin";

static NULL: Value = Value::Null;

/// Follows `$ref` (local JSON pointers) to the referenced value; a dangling
/// reference resolves to `null`.
pub(super) fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        value = reference
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .unwrap_or(&NULL);
    }
    &NULL
}

/// `#/components/schemas/Message` → `Message`.
fn ref_name(value: &Value) -> Option<&str> {
    let reference = value.get("$ref").and_then(Value::as_str)?;
    Some(reference.rsplit('/').next().unwrap_or(reference))
}

/// The schema as an object with `$ref` followed and `allOf` merged in.
fn effective(root: &Value, value: &Value) -> Map<String, Value> {
    effective_at(root, value, 0)
}

fn effective_at(root: &Value, value: &Value, depth: usize) -> Map<String, Value> {
    let Some(obj) = resolve(root, value).as_object() else {
        return Map::new();
    };
    let Some(members) = obj.get("allOf").and_then(Value::as_array) else {
        return obj.clone();
    };
    let mut out = obj.clone();
    out.remove("allOf");
    if depth > 16 {
        return out;
    }
    for member in members {
        let mut merged = effective_at(root, member, depth + 1);
        if let (Some(name), Some(Value::Object(props))) =
            (ref_name(member), merged.get_mut("properties"))
        {
            for prop in props.values_mut() {
                if let Some(p) = prop.as_object_mut() {
                    // The innermost member wins: nested allOf tagged it first.
                    p.entry(ORIGIN_MARK)
                        .or_insert_with(|| Value::String(name.to_string()));
                }
            }
        }
        for (key, v) in merged {
            match (key.as_str(), out.get_mut(&key), v) {
                ("properties", Some(Value::Object(into)), Value::Object(from)) => {
                    for (name, s) in from {
                        into.entry(name).or_insert(s);
                    }
                }
                ("required", Some(Value::Array(into)), Value::Array(from)) => {
                    for name in from {
                        if !into.contains(&name) {
                            into.push(name);
                        }
                    }
                }
                (_, Some(_), _) => {}
                (_, None, v) => {
                    out.insert(key, v);
                }
            }
        }
    }
    out
}

/// The schema without what does not change the contract (descriptions,
/// titles, examples, extensions), for comparing shapes.
pub(super) fn normalize(value: &Value) -> Value {
    let Some(obj) = value.as_object() else {
        return value.clone();
    };
    let mut out = Map::new();
    for (key, v) in obj {
        let v = match key.as_str() {
            "description" | "title" | "example" | "examples" | "externalDocs" | "deprecated" => {
                continue;
            }
            k if k.starts_with("x-") => continue,
            "properties" => Value::Object(
                v.as_object()
                    .map(|props| {
                        props
                            .iter()
                            .map(|(n, s)| (n.clone(), normalize(s)))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            "items" | "additionalProperties" | "not" => normalize(v),
            "allOf" | "oneOf" | "anyOf" => Value::Array(
                v.as_array()
                    .map(|a| a.iter().map(normalize).collect())
                    .unwrap_or_default(),
            ),
            "required" | "enum" => {
                // Order carries no meaning.
                let mut items: Vec<Value> = v.as_array().cloned().unwrap_or_default();
                items.sort_by_key(|i| i.to_string());
                Value::Array(items)
            }
            _ => v.clone(),
        };
        out.insert(key.clone(), v);
    }
    Value::Object(out)
}

/// A short description of a schema for messages: `string`, `integer(int32)`,
/// `Message`, `array of Message`.
fn describe(root: &Value, value: &Value) -> String {
    if let Some(name) = ref_name(value) {
        return format!("`{name}`");
    }
    let eff = effective(root, value);
    let (ty, format) = kind(&eff);
    match (ty.as_deref(), format.as_deref()) {
        (Some("array"), _) => match eff.get("items") {
            Some(items) => format!("array of {}", describe(root, items)),
            None => "array".to_string(),
        },
        _ => type_text(&ty, &format),
    }
}

fn type_text(ty: &Option<String>, format: &Option<String>) -> String {
    match (ty, format) {
        (Some(t), Some(f)) => format!("{t}({f})"),
        (Some(t), None) => t.clone(),
        (None, Some(f)) => format!("any({f})"),
        (None, None) => "any".to_string(),
    }
}

/// The (type, format) of a schema; the type is inferred from `properties` /
/// `items` when absent.
fn kind(eff: &Map<String, Value>) -> (Option<String>, Option<String>) {
    let ty = eff
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            if eff.contains_key("properties") {
                Some("object".to_string())
            } else if eff.contains_key("items") {
                Some("array".to_string())
            } else {
                None
            }
        });
    let format = eff
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    (ty, format)
}

/// How HEAD's (type, format) relates to BASE's in the values it admits:
/// `Greater` = wider, `Less` = narrower, `Equal` = the same values and the
/// same Rust type, `None` = incomparable.
fn relation(
    b: &(Option<String>, Option<String>),
    h: &(Option<String>, Option<String>),
) -> Option<Ordering> {
    fn numeric(ty: Option<&str>, format: Option<&str>) -> Option<u8> {
        match (ty?, format) {
            ("integer", Some("int32")) => Some(1),
            ("integer", Some("int64") | None) => Some(2),
            ("number", Some("float")) => Some(3),
            ("number", Some("double") | None) => Some(4),
            _ => None,
        }
    }
    let (bt, bf) = (b.0.as_deref(), b.1.as_deref());
    let (ht, hf) = (h.0.as_deref(), h.1.as_deref());
    if let (Some(x), Some(y)) = (numeric(bt, bf), numeric(ht, hf)) {
        return Some(y.cmp(&x));
    }
    if bt != ht {
        return None;
    }
    match (bf, hf) {
        (x, y) if x == y => Some(Ordering::Equal),
        (Some(_), None) if bt == Some("string") => Some(Ordering::Greater),
        (None, Some(_)) if bt == Some("string") => Some(Ordering::Less),
        _ => None,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn opt_text(v: Option<&Value>) -> String {
    v.map(value_text).unwrap_or_else(|| "(none)".to_string())
}

/// One comparison of two schemas, reached from one operation in one direction.
pub(super) struct Walker<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    dir: Dir,
    group: &'c str,
    prefix: &'c str,
    /// The `$ref` pairs being compared, to stop on recursive schemas.
    stack: Vec<(Option<String>, Option<String>)>,
    /// The component each finding originates in (`None`: the operation
    /// itself) and the length of the path where that component starts.
    origins: Vec<(Option<String>, usize)>,
}

impl<'c, 'a> Walker<'c, 'a> {
    pub fn new(ctx: &'c mut Ctx<'a>, dir: Dir, group: &'c str, prefix: &'c str) -> Self {
        Walker {
            ctx,
            dir,
            group,
            prefix,
            stack: Vec::new(),
            origins: vec![(None, 0)],
        }
    }

    fn emit(&mut self, path: &str, rule: Rule, message: String) {
        let full = if path.is_empty() {
            self.prefix.to_string()
        } else {
            format!("{} {path}", self.prefix)
        };
        let whole = Origin {
            group: self.group,
            detail: &full,
        };
        let reach = Reach {
            operation: self.group.to_string(),
            area: self.ctx.area.clone(),
            location: whole.location(),
        };
        match self.origins.last() {
            Some((Some(component), start)) => {
                let group = format!("{COMPONENTS}.{component}");
                let detail = path.get(*start..).unwrap_or("");
                let origin = Origin {
                    group: &group,
                    detail,
                };
                self.ctx
                    .record(rule, &origin, Some(self.dir), Some(reach), message);
            }
            _ => self
                .ctx
                .record(rule, &whole, Some(self.dir), Some(reach), message),
        }
    }

    /// Runs `f` with findings attributed to `component`, its path starting at
    /// `path`.
    fn within(&mut self, component: Option<String>, path: &str, f: impl FnOnce(&mut Self)) {
        match component {
            Some(name) => {
                self.origins.push((Some(name), path.len()));
                f(self);
                self.origins.pop();
            }
            None => f(self),
        }
    }

    /// `request` / `response` rule by direction.
    fn pick(&self, request: Rule, response: Rule) -> Rule {
        match self.dir {
            Dir::Request => request,
            Dir::Response => response,
        }
    }

    /// Compares `b` (BASE) with `h` (HEAD) at `path` (`.messages[].type`).
    /// `required`: whether the value must be present in HEAD (a required
    /// property, an array item, a body), which decides whether a nullable
    /// change moves the Rust type in or out of `Option`.
    pub fn walk(&mut self, path: &str, b: &Value, h: &Value, required: bool) {
        // Equal on both sides, down through every `$ref`: nothing to find.
        if self.ctx.unchanged(b, h) {
            return;
        }
        let (rb, rh) = (ref_name(b), ref_name(h));
        if let (Some(x), Some(y)) = (rb, rh)
            && x != y
            && self.ctx.renames.get(x).map(String::as_str) != Some(y)
        {
            let rule = self.pick(
                rules::REQUEST_PROPERTY_TYPE_RENAMED,
                rules::RESPONSE_PROPERTY_TYPE_RENAMED,
            );
            self.emit(
                path,
                rule,
                format!("type `{x}` replaced by `{y}`: the generated field type changes"),
            );
        }
        let key = (
            b.get("$ref").and_then(Value::as_str).map(str::to_string),
            h.get("$ref").and_then(Value::as_str).map(str::to_string),
        );
        let tracked = key.0.is_some() || key.1.is_some();
        if tracked {
            if self.stack.contains(&key) || self.stack.len() > 64 {
                return;
            }
            self.stack.push(key);
        }
        let (base, head) = (self.ctx.base, self.ctx.head);
        let eb = effective(base, b);
        let eh = effective(head, h);
        // The same component on both sides (or a detected rename): what
        // differs inside it originates there, not in this operation.
        let component = match (rb, rh) {
            (Some(x), Some(y))
                if x == y || self.ctx.renames.get(x).map(String::as_str) == Some(y) =>
            {
                Some(y.to_string())
            }
            _ => None,
        };
        self.within(component, path, |w| w.compare(path, &eb, &eh, required));
        if tracked {
            self.stack.pop();
        }
    }

    fn compare(
        &mut self,
        path: &str,
        b: &Map<String, Value>,
        h: &Map<String, Value>,
        required: bool,
    ) {
        if !self.types(path, b, h) {
            return;
        }
        self.nullable(path, b, h, required);
        self.enums(path, b, h);
        if b.get("default") != h.get("default") {
            let rule = self.pick(
                rules::REQUEST_PROPERTY_DEFAULT_CHANGED,
                rules::RESPONSE_PROPERTY_DEFAULT_CHANGED,
            );
            let msg = format!(
                "default {} → {}",
                opt_text(b.get("default")),
                opt_text(h.get("default"))
            );
            self.emit(path, rule, msg);
        }
        match self.dir {
            Dir::Request => self.request_constraints(path, b, h),
            Dir::Response => self.response_constraints(path, b, h),
        }
        self.properties(path, b, h);
        if let (Some(bi), Some(hi)) = (b.get("items"), h.get("items")) {
            self.walk(&format!("{path}[]"), bi, hi, true);
        }
        if let (Some(ba @ Value::Object(_)), Some(ha @ Value::Object(_))) =
            (b.get("additionalProperties"), h.get("additionalProperties"))
        {
            self.walk(&format!("{path}{{}}"), ba, ha, true);
        }
        for keyword in ["oneOf", "anyOf"] {
            self.variants(path, keyword, b, h);
        }
    }

    /// Reports type and format changes; `false` when the type changed so much
    /// that comparing further would only repeat it.
    fn types(&mut self, path: &str, b: &Map<String, Value>, h: &Map<String, Value>) -> bool {
        let (kb, kh) = (kind(b), kind(h));
        if kb == kh {
            return true;
        }
        let text = format!(
            "type {} → {}",
            type_text(&kb.0, &kb.1),
            type_text(&kh.0, &kh.1)
        );
        let rule = match (self.dir, relation(&kb, &kh)) {
            (_, Some(Ordering::Equal)) => return true,
            // The generated client keeps response strings `String` whatever
            // their format, and does not check it.
            (Dir::Response, _) if kb.0.as_deref() == Some("string") && kh.0 == kb.0 => {
                rules::RESPONSE_PROPERTY_STRING_FORMAT_CHANGED
            }
            (Dir::Request, Some(Ordering::Greater)) => rules::REQUEST_PROPERTY_TYPE_WIDENED,
            (Dir::Response, Some(Ordering::Less)) => rules::RESPONSE_PROPERTY_TYPE_NARROWED,
            (Dir::Request, _) => rules::REQUEST_PROPERTY_TYPE_CHANGED,
            (Dir::Response, _) => rules::RESPONSE_PROPERTY_TYPE_CHANGED,
        };
        let why = match rule.severity {
            rules::Severity::RustBreaking => {
                ": wire-compatible, but the generated Rust type changes"
            }
            _ => "",
        };
        self.emit(path, rule, format!("{text}{why}"));
        // Same JSON type (a format change): the rest still compares.
        kb.0 == kh.0
    }

    fn nullable(
        &mut self,
        path: &str,
        b: &Map<String, Value>,
        h: &Map<String, Value>,
        required: bool,
    ) {
        let flag =
            |m: &Map<String, Value>| m.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        let (nb, nh) = (flag(b), flag(h));
        if nb == nh {
            return;
        }
        let rule = match (self.dir, nh) {
            (Dir::Request, true) if required => rules::REQUEST_PROPERTY_BECAME_NULLABLE,
            (Dir::Request, false) => rules::REQUEST_PROPERTY_BECAME_NON_NULLABLE,
            (Dir::Response, true) => rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
            (Dir::Response, false) if required => rules::RESPONSE_PROPERTY_BECAME_NON_NULLABLE,
            // An optional value is `Option<T>` either way and the client never
            // sends or needs the null: nothing to report.
            _ => return,
        };
        let msg = match (nh, rule.severity) {
            (true, rules::Severity::RustBreaking) => {
                "became nullable: the Rust type `T` becomes `Option<T>`"
            }
            (true, _) => "became nullable: the server may now send null",
            (false, rules::Severity::RustBreaking) => {
                "no longer nullable: the Rust type `Option<T>` becomes `T`"
            }
            (false, _) => "no longer nullable: the server rejects null",
        };
        self.emit(path, rule, msg.to_string());
    }

    fn enums(&mut self, path: &str, b: &Map<String, Value>, h: &Map<String, Value>) {
        let values = |m: &Map<String, Value>| -> Option<BTreeSet<String>> {
            m.get("enum")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(value_text).collect())
        };
        match (values(b), values(h)) {
            (None, None) => {}
            (None, Some(_)) => {
                let rule = self.pick(
                    rules::REQUEST_PROPERTY_ENUM_ADDED,
                    rules::RESPONSE_PROPERTY_ENUM_ADDED,
                );
                self.emit(path, rule, "now restricted to an enum".to_string());
            }
            (Some(_), None) => {
                let rule = self.pick(
                    rules::REQUEST_PROPERTY_ENUM_REMOVED,
                    rules::RESPONSE_PROPERTY_ENUM_REMOVED,
                );
                self.emit(
                    path,
                    rule,
                    "no longer an enum: the generated enum type becomes a plain value".to_string(),
                );
            }
            (Some(bv), Some(hv)) => {
                for v in bv.difference(&hv) {
                    let rule = self.pick(
                        rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
                        rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
                    );
                    self.emit(path, rule, format!("enum value `{v}` removed"));
                }
                for v in hv.difference(&bv) {
                    let rule = self.pick(
                        rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
                        rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
                    );
                    self.emit(path, rule, format!("enum value `{v}` added"));
                }
            }
        }
    }

    fn request_constraints(&mut self, path: &str, b: &Map<String, Value>, h: &Map<String, Value>) {
        // Upper bounds: a lower (or new) bound narrows what the server accepts.
        if let Some(tighter) = compare_bound(b, h, "maximum", "exclusiveMaximum", true) {
            let rule = if tighter {
                rules::REQUEST_PROPERTY_MAX_DECREASED
            } else {
                rules::REQUEST_PROPERTY_MAX_INCREASED
            };
            self.emit(path, rule, bound_text(b, h, "maximum", "exclusiveMaximum"));
        }
        if let Some(tighter) = compare_bound(b, h, "minimum", "exclusiveMinimum", false) {
            let rule = if tighter {
                rules::REQUEST_PROPERTY_MIN_INCREASED
            } else {
                rules::REQUEST_PROPERTY_MIN_DECREASED
            };
            self.emit(path, rule, bound_text(b, h, "minimum", "exclusiveMinimum"));
        }
        let counts = [
            (
                "maxLength",
                true,
                rules::REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
                rules::REQUEST_PROPERTY_MAX_LENGTH_INCREASED,
            ),
            (
                "minLength",
                false,
                rules::REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
                rules::REQUEST_PROPERTY_MIN_LENGTH_DECREASED,
            ),
            (
                "maxItems",
                true,
                rules::REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
                rules::REQUEST_PROPERTY_MAX_ITEMS_INCREASED,
            ),
            (
                "minItems",
                false,
                rules::REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
                rules::REQUEST_PROPERTY_MIN_ITEMS_DECREASED,
            ),
        ];
        for (keyword, upper, narrowed, widened) in counts {
            if let Some(tighter) = compare_count(b, h, keyword, upper) {
                let rule = if tighter { narrowed } else { widened };
                self.emit(path, rule, count_text(b, h, keyword));
            }
        }
        let pattern =
            |m: &Map<String, Value>| m.get("pattern").and_then(Value::as_str).map(str::to_string);
        match (pattern(b), pattern(h)) {
            (None, Some(p)) => self.emit(
                path,
                rules::REQUEST_PROPERTY_PATTERN_ADDED,
                format!("new pattern `{p}`"),
            ),
            (Some(p), None) => self.emit(
                path,
                rules::REQUEST_PROPERTY_PATTERN_REMOVED,
                format!("pattern `{p}` removed"),
            ),
            (Some(x), Some(y)) if x != y => self.emit(
                path,
                rules::REQUEST_PROPERTY_PATTERN_CHANGED,
                format!("pattern `{x}` → `{y}`"),
            ),
            _ => {}
        }
    }

    fn response_constraints(&mut self, path: &str, b: &Map<String, Value>, h: &Map<String, Value>) {
        // The generated client checks string lengths when it decodes a
        // response; patterns, numeric ranges and item counts it does not.
        let pattern =
            |m: &Map<String, Value>| m.get("pattern").and_then(Value::as_str).map(str::to_string);
        match (pattern(b), pattern(h)) {
            (None, Some(p)) => self.emit(
                path,
                rules::RESPONSE_PROPERTY_PATTERN_ADDED,
                format!("new pattern `{p}` (responses are not validated against it)"),
            ),
            (Some(p), None) => self.emit(
                path,
                rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
                format!("pattern `{p}` removed"),
            ),
            (Some(x), Some(y)) if x != y => self.emit(
                path,
                rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
                format!("pattern `{x}` → `{y}` (responses are not validated against it)"),
            ),
            _ => {}
        }
        for (keyword, upper) in [("maxLength", true), ("minLength", false)] {
            if let Some(tighter) = compare_count(b, h, keyword, upper) {
                let rule = if tighter {
                    rules::RESPONSE_PROPERTY_LENGTH_NARROWED
                } else {
                    rules::RESPONSE_PROPERTY_LENGTH_WIDENED
                };
                self.emit(path, rule, count_text(b, h, keyword));
            }
        }
        let bounds = [
            ("maximum", "exclusiveMaximum", true),
            ("minimum", "exclusiveMinimum", false),
        ];
        for (keyword, exclusive, upper) in bounds {
            if compare_bound(b, h, keyword, exclusive, upper).is_some() {
                self.emit(
                    path,
                    rules::RESPONSE_PROPERTY_RANGE_CHANGED,
                    bound_text(b, h, keyword, exclusive),
                );
            }
        }
        for (keyword, upper) in [("maxItems", true), ("minItems", false)] {
            if compare_count(b, h, keyword, upper).is_some() {
                self.emit(
                    path,
                    rules::RESPONSE_PROPERTY_RANGE_CHANGED,
                    count_text(b, h, keyword),
                );
            }
        }
    }

    fn properties(&mut self, path: &str, b: &Map<String, Value>, h: &Map<String, Value>) {
        let empty = Map::new();
        let bp = b
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let hp = h
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (breq, hreq) = (required(b), required(h));
        let names: BTreeSet<&String> = bp.keys().chain(hp.keys()).collect();
        for name in names {
            let (was, is) = (breq.contains(name), hreq.contains(name));
            let (bs, hs) = (bp.get(name), hp.get(name));
            let member = [hs, bs]
                .into_iter()
                .flatten()
                .find_map(|s| s.get(ORIGIN_MARK).and_then(Value::as_str))
                .map(str::to_string);
            self.within(member, path, |w| w.property(path, name, bs, hs, (was, is)));
        }
    }

    /// One property, present in BASE, HEAD or both; `(was, is)`: required in
    /// BASE, in HEAD.
    fn property(
        &mut self,
        path: &str,
        name: &str,
        bs: Option<&Value>,
        hs: Option<&Value>,
        (was, is): (bool, bool),
    ) {
        let (base, head) = (self.ctx.base, self.ctx.head);
        let child = format!("{path}.{name}");
        match (bs, hs) {
            (None, Some(s)) => {
                let what = describe(head, s);
                let (rule, msg) = match (self.dir, is) {
                    (Dir::Request, true) => (
                        rules::REQUEST_PROPERTY_REQUIRED_ADDED,
                        format!("new required property `{name}` ({what})"),
                    ),
                    (Dir::Request, false) => (
                        rules::REQUEST_PROPERTY_OPTIONAL_ADDED,
                        format!("new optional property `{name}` ({what})"),
                    ),
                    (Dir::Response, _) => (
                        rules::RESPONSE_PROPERTY_ADDED,
                        format!("new property `{name}` ({what})"),
                    ),
                };
                self.emit(&child, rule, msg);
            }
            (Some(s), None) => {
                let what = describe(base, s);
                let (rule, msg) = match (self.dir, was) {
                    (Dir::Request, _) => (
                        rules::REQUEST_PROPERTY_REMOVED,
                        format!(
                            "property `{name}` ({what}) removed: the server ignores it, the generated field goes away"
                        ),
                    ),
                    (Dir::Response, true) => (
                        rules::RESPONSE_PROPERTY_REMOVED,
                        format!(
                            "required property `{name}` ({what}) removed: a client built for BASE fails to decode"
                        ),
                    ),
                    (Dir::Response, false) => (
                        rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
                        format!(
                            "optional property `{name}` ({what}) removed: the generated field goes away"
                        ),
                    ),
                };
                self.emit(&child, rule, msg);
            }
            (Some(bs), Some(hs)) => {
                if was != is {
                    let (rule, msg) = match (self.dir, is) {
                        (Dir::Request, true) => {
                            (rules::REQUEST_PROPERTY_BECAME_REQUIRED, "became required")
                        }
                        (Dir::Request, false) => (
                            rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                            "became optional: the field type `T` becomes `Option<T>`",
                        ),
                        (Dir::Response, false) => (
                            rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                            "became optional: a client built for BASE fails when it is missing",
                        ),
                        (Dir::Response, true) => (
                            rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                            "became required: the field type `Option<T>` becomes `T`",
                        ),
                    };
                    self.emit(&child, rule, msg.to_string());
                }
                self.walk(&child, bs, hs, is);
            }
            (None, None) => {}
        }
    }

    fn variants(
        &mut self,
        path: &str,
        keyword: &str,
        b: &Map<String, Value>,
        h: &Map<String, Value>,
    ) {
        let list = |m: &Map<String, Value>| -> Vec<(String, Value)> {
            m.get(keyword)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .map(|(i, v)| {
                            (
                                ref_name(v).map_or_else(|| format!("#{i}"), str::to_string),
                                v.clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (bv, hv) = (list(b), list(h));
        for (label, bs) in &bv {
            match hv.iter().find(|(l, _)| l == label) {
                Some((_, hs)) => self.walk(&format!("{path}({keyword} {label})"), bs, hs, true),
                None => {
                    let rule = self.pick(
                        rules::REQUEST_PROPERTY_VARIANT_REMOVED,
                        rules::RESPONSE_PROPERTY_VARIANT_REMOVED,
                    );
                    self.emit(path, rule, format!("{keyword} variant {label} removed"));
                }
            }
        }
        for (label, _) in hv.iter().filter(|(l, _)| !bv.iter().any(|(x, _)| x == l)) {
            let rule = self.pick(
                rules::REQUEST_PROPERTY_VARIANT_ADDED,
                rules::RESPONSE_PROPERTY_VARIANT_ADDED,
            );
            self.emit(path, rule, format!("{keyword} variant {label} added"));
        }
    }
}

/// Compares a numeric bound (`maximum` + `exclusiveMaximum`, or the minimum
/// pair): `Some(true)` when HEAD's is tighter, `Some(false)` when looser,
/// `None` when equal. A missing bound is the loosest.
fn compare_bound(
    b: &Map<String, Value>,
    h: &Map<String, Value>,
    keyword: &str,
    exclusive: &str,
    upper: bool,
) -> Option<bool> {
    let bound = |m: &Map<String, Value>| {
        m.get(keyword).and_then(Value::as_f64).map(|v| {
            (
                v,
                m.get(exclusive).and_then(Value::as_bool).unwrap_or(false),
            )
        })
    };
    match (bound(b), bound(h)) {
        (None, None) => None,
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some((bv, bx)), Some((hv, hx))) => {
            // Tighter = admits fewer values.
            let order = if upper {
                bv.partial_cmp(&hv)
            } else {
                hv.partial_cmp(&bv)
            };
            match order? {
                Ordering::Greater => Some(true),
                Ordering::Less => Some(false),
                Ordering::Equal if bx != hx => Some(hx),
                Ordering::Equal => None,
            }
        }
    }
}

/// Compares a count (`maxLength`, `minItems`, ...): `Some(true)` when HEAD's
/// is tighter. A missing maximum is unbounded, a missing minimum is 0.
fn compare_count(
    b: &Map<String, Value>,
    h: &Map<String, Value>,
    keyword: &str,
    upper: bool,
) -> Option<bool> {
    let count = |m: &Map<String, Value>| m.get(keyword).and_then(Value::as_u64);
    let (bv, hv) = if upper {
        (count(b).unwrap_or(u64::MAX), count(h).unwrap_or(u64::MAX))
    } else {
        (count(b).unwrap_or(0), count(h).unwrap_or(0))
    };
    match bv.cmp(&hv) {
        Ordering::Equal => None,
        Ordering::Greater => Some(upper),
        Ordering::Less => Some(!upper),
    }
}

fn bound_text(
    b: &Map<String, Value>,
    h: &Map<String, Value>,
    keyword: &str,
    exclusive: &str,
) -> String {
    let text = |m: &Map<String, Value>| {
        let x = if m.get(exclusive).and_then(Value::as_bool).unwrap_or(false) {
            " (exclusive)"
        } else {
            ""
        };
        format!("{}{x}", opt_text(m.get(keyword)))
    };
    format!("{keyword} {} → {}", text(b), text(h))
}

fn count_text(b: &Map<String, Value>, h: &Map<String, Value>, keyword: &str) -> String {
    format!(
        "{keyword} {} → {}",
        opt_text(b.get(keyword)),
        opt_text(h.get(keyword))
    )
}
