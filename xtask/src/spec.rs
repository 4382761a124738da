//! `regen`: records + overlay → OpenAPI 3.0.3.
//!
//! 1. Each record's schema gets its `**Omitted**` nodes filled (fills.toml)
//!    and its allOf parts merged into one flat object.
//! 2. Titled object schemas and inline string enums become components;
//!    identical shapes share one (naming rules: spec/overlay/api.toml).
//! 3. Each operation gets every documented status, with the record's example
//!    and `x-records`; the overlay adds methods, paths, parameters and bodies.
//! 4. Every example is validated against the schema it documents.

use crate::overlay::Overlay;
use crate::records::Record;
use crate::upstream::OperationRef;
use crate::validate;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

const OMITTED: &str = "**Omitted**";
const REF_PREFIX: &str = "#/components/schemas/";
const PLACEHOLDER: &str = "@shape:";
/// Where `build` leaves the names of merged record shapes for the report
/// (taken out again by `sources::merge`; never in the written spec).
pub const MERGED_KEY: &str = "x-merged-record-shapes";

/// Builds the spec, or every problem found, one per line.
pub fn build(records: &[Record], overlay: &Overlay) -> Result<Value, String> {
    build_with(records, overlay, &BTreeMap::new())
}

/// [`build`], where `known` (operationId → method and path, from the
/// published document) places the records of operations the overlay does
/// not describe: they get their responses here and the rest of the operation
/// from the published document (`sources::merge`).
pub fn build_with(
    records: &[Record],
    overlay: &Overlay,
    known: &BTreeMap<String, OperationRef>,
) -> Result<Value, String> {
    let mut b = Builder {
        known,
        merged_names: Vec::new(),
        overlay,
        errors: Vec::new(),
        used_fills: BTreeSet::new(),
        used_mixins: BTreeSet::new(),
        used_names: BTreeSet::new(),
        shapes: BTreeMap::new(),
    };
    let spec = b.run(records);
    if b.errors.is_empty() {
        Ok(spec)
    } else {
        b.errors.sort();
        b.errors.dedup();
        Err(b.errors.join("\n"))
    }
}

/// A component found in the records: one shape, every place it appeared.
struct Shape {
    schema: Value,
    /// Candidate names (from titles, renames, or parent + property).
    candidates: BTreeSet<String>,
    /// `Parent/pointer` of each place it appeared.
    sites: BTreeSet<String>,
}

struct Builder<'a> {
    known: &'a BTreeMap<String, OperationRef>,
    /// Names whose record shapes differed and were merged (types evolve).
    merged_names: Vec<String>,
    overlay: &'a Overlay,
    errors: Vec<String>,
    used_fills: BTreeSet<(String, String)>,
    used_mixins: BTreeSet<String>,
    /// `[names.titles]` and `[names.sites]` keys that named something.
    used_names: BTreeSet<String>,
    shapes: BTreeMap<String, Shape>,
}

impl Builder<'_> {
    fn run(&mut self, records: &[Record]) -> Value {
        // Record schemas, filled, flattened, with components pulled out.
        let mut roots: Vec<(&Record, Value)> = Vec::new();
        for record in records {
            let mut schema = record.schema.clone();
            self.fill(&mut schema, None, String::new(), record);
            flatten_all_of(&mut schema, &mut self.errors, &record.id);
            let root = self.extract(
                schema,
                "",
                &format!("{}/{}", record.operation, record.status),
            );
            roots.push((record, root));
        }
        self.check_unused_fills();
        self.check_unused_names();
        let names = self.name_shapes();
        let mut components: BTreeMap<String, Value> = BTreeMap::new();
        for (key, shape) in &self.shapes {
            let name = &names[key];
            components.insert(name.clone(), resolve_placeholders(&shape.schema, &names));
        }
        if !self.merged_names.is_empty() {
            components.insert(MERGED_KEY.into(), json!(self.merged_names.clone()));
        }
        for (name, schema) in &self.overlay.schemas {
            let expanded = self.expand(schema, name, &mut Vec::new(), true);
            if components.insert(name.clone(), expanded).is_some() {
                self.errors.push(format!(
                    "component `{name}` is both derived from the records and defined in spec/overlay/schemas.toml"
                ));
            }
        }
        for name in self.overlay.mixins.keys() {
            if !self.used_mixins.contains(name) {
                self.errors.push(format!(
                    "spec/overlay/schemas.toml: mixin `{name}` is never used"
                ));
            }
        }
        let roots: Vec<(&Record, Value)> = roots
            .into_iter()
            .map(|(r, v)| (r, resolve_placeholders(&v, &names)))
            .collect();

        let paths = self.paths(&roots, &components);
        check_refs(
            &json!({"paths": paths, "components": {"schemas": components}}),
            &components,
            &self.overlay.parameters,
            &mut self.errors,
        );
        let components_value = Value::Object(components.clone().into_iter().collect());
        for (record, schema) in &roots {
            for problem in validate::validate(&record.example, schema, &components_value) {
                self.errors.push(format!(
                    "record {} ({} {}): example does not validate: {problem}",
                    record.id, record.operation, record.status
                ));
            }
        }
        self.document(paths, components)
    }

    /// Replaces every omitted node with its fill.
    fn fill(&mut self, node: &mut Value, title: Option<&str>, pointer: String, record: &Record) {
        if is_omitted(node) {
            let title = title.unwrap_or("(untitled root)");
            match self.overlay.fills.get(title).and_then(|f| f.get(&pointer)) {
                Some(fill) => {
                    self.used_fills.insert((title.to_owned(), pointer.clone()));
                    let context = format!("fill `{title}` `{pointer}`");
                    *node = self.expand(fill, &context, &mut Vec::new(), false);
                }
                None => self.errors.push(format!(
                    "record {} ({} {}): `{OMITTED}` at `{title}` `{pointer}` has no fill in spec/overlay/fills.toml",
                    record.id, record.operation, record.status
                )),
            }
            return;
        }
        let own_title = node.get("title").and_then(Value::as_str).map(str::to_owned);
        let (title, pointer) = match &own_title {
            Some(t) => (Some(t.as_str()), String::new()),
            None => (title, pointer),
        };
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let p = format!("{pointer}/{}", escape(key));
                    self.fill(child, title, p, record);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.fill(child, title, format!("{pointer}/{i}"), record);
                }
            }
            _ => {}
        }
    }

    /// A rename that names nothing is a typo or a leftover: say so.
    fn check_unused_names(&mut self) {
        let names = &self.overlay.api.names;
        let keys = names
            .titles
            .keys()
            .map(|k| ("titles", k))
            .chain(names.sites.keys().map(|k| ("sites", k)));
        for (table, key) in keys {
            if !self.used_names.contains(&format!("{table}:{key}")) {
                self.errors.push(format!(
                    "spec/overlay/api.toml: [names.{table}] entry `{key}` matches nothing in the records"
                ));
            }
        }
    }

    fn check_unused_fills(&mut self) {
        for (title, fills) in &self.overlay.fills {
            for pointer in fills.keys() {
                if !self.used_fills.contains(&(title.clone(), pointer.clone())) {
                    self.errors.push(format!(
                        "spec/overlay/fills.toml: fill `{title}` `{pointer}` matches no omitted node in the records"
                    ));
                }
            }
        }
    }

    /// Expands `extends` (schemas) and `mixin` (fills) into flat objects.
    /// In fills, mixins bring their properties only (see fills.toml).
    fn expand(
        &mut self,
        schema: &Value,
        context: &str,
        stack: &mut Vec<String>,
        keep_required: bool,
    ) -> Value {
        let Some(map) = schema.as_object() else {
            return schema.clone();
        };
        if let Some(name) = map.get("mixin") {
            let name = name.as_str().unwrap_or_default().to_owned();
            if map.len() != 1 {
                self.errors
                    .push(format!("{context}: `mixin` stands alone in a fill"));
            }
            let mut expanded = self.mixin(&name, context, stack);
            if !keep_required && let Some(m) = expanded.as_object_mut() {
                m.remove("required");
            }
            return expanded;
        }
        let mut out = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        if let Some(extends) = map.get("extends") {
            for name in extends.as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default().to_owned();
                let part = self.mixin(&name, context, stack);
                merge_part(
                    &mut properties,
                    &mut required,
                    &part,
                    &mut self.errors,
                    &format!("{context} (via {name})"),
                );
            }
            out.insert("type".into(), json!("object"));
        }
        for (key, value) in map {
            match key.as_str() {
                "extends" => {}
                "properties" => {
                    let own = value.as_object().cloned().unwrap_or_default();
                    for (prop, schema) in own {
                        let schema = self.expand(&schema, context, stack, keep_required);
                        if let Some(old) = properties.get(&prop)
                            && *old != schema
                        {
                            self.errors.push(format!(
                                    "{context}: property `{prop}` is defined twice with different schemas"
                                ));
                        }
                        properties.insert(prop, schema);
                    }
                }
                "required" => {
                    for r in value.as_array().into_iter().flatten() {
                        if !required.contains(r) {
                            required.push(r.clone());
                        }
                    }
                }
                "items" | "additionalProperties" if value.is_object() => {
                    out.insert(
                        key.clone(),
                        self.expand(value, context, stack, keep_required),
                    );
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !properties.is_empty() {
            out.insert("properties".into(), Value::Object(properties.clone()));
        }
        if !required.is_empty() {
            for r in &required {
                let name = r.as_str().unwrap_or_default();
                if !properties.contains_key(name) {
                    self.errors.push(format!(
                        "{context}: required field `{name}` is not a property"
                    ));
                }
            }
            out.insert("required".into(), Value::Array(required));
        }
        Value::Object(out)
    }

    fn mixin(&mut self, name: &str, context: &str, stack: &mut Vec<String>) -> Value {
        if stack.iter().any(|s| s == name) {
            self.errors
                .push(format!("{context}: mixin `{name}` extends itself"));
            return json!({});
        }
        let Some(schema) = self.overlay.mixins.get(name).cloned() else {
            self.errors.push(format!(
                "{context}: unknown mixin `{name}` (spec/overlay/schemas.toml has no [mixins.{name}])"
            ));
            return json!({});
        };
        self.used_mixins.insert(name.to_owned());
        stack.push(name.to_owned());
        let mut expanded = self.expand(&schema, &format!("mixin `{name}`"), stack, true);
        stack.pop();
        if let Some(m) = expanded.as_object_mut() {
            m.insert("type".into(), json!("object"));
        }
        expanded
    }

    /// Pulls titled objects and inline string enums out as shape placeholders.
    /// `parent` is the candidate name of the enclosing component.
    fn extract(&mut self, node: Value, parent: &str, site: &str) -> Value {
        let Value::Object(mut map) = node else {
            return node;
        };
        let title = map.get("title").and_then(Value::as_str).map(str::to_owned);
        let is_component_object = title.is_some() && is_object_schema(&map);
        let own_name = match &title {
            Some(t) if is_component_object => Some(self.candidate_for_title(t, site)),
            _ => None,
        };
        // Children see this component as their parent, with pointers from here.
        let (child_parent, base) = match &own_name {
            Some(name) => (name.clone(), name.clone()),
            None => (parent.to_owned(), site.to_owned()),
        };
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            let keys: Vec<String> = props.keys().cloned().collect();
            for key in keys {
                let child_site = format!("{base}/properties/{}", escape(&key));
                let child = props.remove(&key).unwrap_or(Value::Null);
                let child = self.extract_property(child, &child_parent, &key, &child_site);
                props.insert(key, child);
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(child) = map.remove(key) {
                let child_site = format!("{base}/{key}");
                let child = if child.is_object() {
                    self.extract(child, &child_parent, &child_site)
                } else {
                    child
                };
                map.insert(key.to_owned(), child);
            }
        }
        let node = Value::Object(map);
        match own_name {
            Some(name) => self.register(node, name, site),
            None => node,
        }
    }

    fn extract_property(&mut self, child: Value, parent: &str, key: &str, site: &str) -> Value {
        let is_enum = child.get("enum").is_some()
            && child.get("type").and_then(Value::as_str) == Some("string");
        if is_enum {
            let name = match self.overlay.api.names.sites.get(site) {
                Some(n) => {
                    self.used_names.insert(format!("sites:{site}"));
                    n.clone()
                }
                None => format!("{parent}{}", pascal(key)),
            };
            return self.register(child, name, site);
        }
        self.extract(child, parent, site)
    }

    fn candidate_for_title(&mut self, title: &str, site: &str) -> String {
        let names = &self.overlay.api.names;
        if let Some(name) = names.sites.get(site) {
            self.used_names.insert(format!("sites:{site}"));
            return name.clone();
        }
        if let Some(name) = names.titles.get(title) {
            self.used_names.insert(format!("titles:{title}"));
            return name.clone();
        }
        pascal(title)
    }

    fn register(&mut self, schema: Value, name: String, site: &str) -> Value {
        let key = shape_key(&schema);
        let shape = self.shapes.entry(key.clone()).or_insert_with(|| Shape {
            schema: schema.clone(),
            candidates: BTreeSet::new(),
            sites: BTreeSet::new(),
        });
        shape.candidates.insert(name);
        shape.sites.insert(site.to_owned());
        json!({ "$ref": format!("{PLACEHOLDER}{key}") })
    }

    /// Shape key → component name: the shortest candidate, then the
    /// alphabetically first. Two shapes on one name are one type seen twice
    /// (a newer record adds a property): they merge by the types-evolve rule
    /// (`union`), and the merge is reported. Renaming is for different types.
    fn name_shapes(&mut self) -> BTreeMap<String, String> {
        let mut names = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, shape) in &self.shapes {
            let name = shape
                .candidates
                .iter()
                .min_by(|a, b| (a.len(), *a).cmp(&(b.len(), *b)))
                .cloned()
                .unwrap_or_default();
            by_name.entry(name.clone()).or_default().push(key.clone());
            names.insert(key.clone(), name);
        }
        for (name, keys) in by_name {
            let [first, rest @ ..] = keys.as_slice() else {
                continue;
            };
            if rest.is_empty() {
                continue;
            }
            // The shape with more properties leads; the others add theirs.
            let mut ordered: Vec<&String> = std::iter::once(first).chain(rest).collect();
            ordered.sort_by_key(|k| {
                std::cmp::Reverse(
                    self.shapes[*k]
                        .schema
                        .get("properties")
                        .and_then(Value::as_object)
                        .map_or(0, Map::len),
                )
            });
            let mut merged = self.shapes[ordered[0]].schema.clone();
            let mut sites = BTreeSet::new();
            let empty = Map::new();
            let mut decisions = Vec::new();
            let mut additions = BTreeMap::new();
            for key in &ordered {
                sites.extend(self.shapes[*key].sites.iter().cloned());
                let mut ctx = crate::union::Context {
                    hi_schemas: &empty,
                    lo_schemas: &empty,
                    decisions: &mut decisions,
                    enum_additions: &mut additions,
                };
                merged = crate::union::merge(&merged, &self.shapes[*key].schema, &name, &mut ctx);
            }
            for key in &ordered {
                if let Some(shape) = self.shapes.get_mut(*key) {
                    shape.schema = merged.clone();
                }
            }
            self.merged_names.push(format!(
                "{name}: {} shapes merged (sites: {})",
                ordered.len(),
                join(&sites)
            ));
        }
        names
    }

    fn paths(
        &mut self,
        roots: &[(&Record, Value)],
        components: &BTreeMap<String, Value>,
    ) -> BTreeMap<String, Map<String, Value>> {
        let mut by_op: BTreeMap<&str, Vec<&(&Record, Value)>> = BTreeMap::new();
        for entry in roots {
            by_op
                .entry(entry.0.operation.as_str())
                .or_default()
                .push(entry);
        }
        let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        for (op_id, entries) in &by_op {
            if self.overlay.operations.contains_key(*op_id) {
                continue;
            }
            let Some(at) = self.known.get(*op_id) else {
                self.errors.push(format!(
                    "records document operation `{op_id}`, which neither spec/overlay/operations.toml nor the published document describes"
                ));
                continue;
            };
            let responses = self.record_responses(op_id, entries);
            let operation = json!({"operationId": op_id, "responses": responses});
            paths
                .entry(at.path.clone())
                .or_default()
                .insert(at.method.clone(), operation);
        }
        for (op_id, op) in &self.overlay.operations {
            let Some(entries) = by_op.get(op_id.as_str()) else {
                self.errors.push(format!(
                    "spec/overlay/operations.toml: operation `{op_id}` has no record"
                ));
                continue;
            };
            let mut responses = self.record_responses(op_id, entries);
            let mut by_status: BTreeMap<u16, Vec<&(&Record, Value)>> = BTreeMap::new();
            for e in entries.iter() {
                by_status.entry(e.0.status).or_default().push(e);
            }
            for (status, schema_name) in &op.responses {
                let schema = json!({ "$ref": format!("{REF_PREFIX}{schema_name}") });
                if !components.contains_key(schema_name) {
                    self.errors.push(format!(
                        "spec/overlay/operations.toml: {op_id} response {status} names unknown schema `{schema_name}`"
                    ));
                }
                let code: u16 = status.parse().unwrap_or(0);
                if let Some(group) = by_status.get(&code) {
                    if group[0].1 != schema {
                        self.errors.push(format!(
                            "{op_id} {status}: spec/overlay/operations.toml says `{schema_name}` but record {} documents {}",
                            group[0].0.id, group[0].1
                        ));
                    }
                    continue;
                }
                responses.insert(
                    status.clone(),
                    json!({
                        "description": self.status_text(code, op_id),
                        "content": {"application/json": {"schema": schema}},
                        "x-records": [],
                    }),
                );
            }
            let mut operation = Map::new();
            operation.insert("operationId".into(), json!(op_id));
            operation.insert("tags".into(), json!([op.tag]));
            operation.insert("summary".into(), json!(op.summary));
            if let Some(d) = &op.description {
                operation.insert("description".into(), json!(d));
            }
            if !op.parameters.is_empty() {
                let params: Vec<Value> = op
                    .parameters
                    .iter()
                    .map(|p| {
                        if !self.overlay.parameters.contains_key(p) {
                            self.errors.push(format!(
                                "spec/overlay/operations.toml: {op_id} names unknown parameter `{p}`"
                            ));
                        }
                        json!({ "$ref": format!("#/components/parameters/{p}") })
                    })
                    .collect();
                operation.insert("parameters".into(), Value::Array(params));
            }
            match (&op.body, &op.upload) {
                (Some(body), None) => {
                    operation.insert(
                        "requestBody".into(),
                        json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("{REF_PREFIX}{body}")}}}}),
                    );
                }
                (None, Some(types)) => {
                    let content: Map<String, Value> = types
                        .iter()
                        .map(|t| {
                            (
                                t.clone(),
                                json!({"schema": {"type": "string", "format": "binary"}}),
                            )
                        })
                        .collect();
                    operation.insert(
                        "requestBody".into(),
                        json!({"required": true, "description": "The file itself", "content": content}),
                    );
                }
                (Some(_), Some(_)) => self.errors.push(format!(
                    "spec/overlay/operations.toml: {op_id} has both `body` and `upload`"
                )),
                (None, None) => {}
            }
            operation.insert("responses".into(), Value::Object(responses));
            let method = op.method.to_ascii_lowercase();
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                self.errors
                    .push(format!("{op_id}: unknown method `{}`", op.method));
            }
            let item = paths.entry(op.path.clone()).or_default();
            if item
                .insert(method.clone(), Value::Object(operation))
                .is_some()
            {
                self.errors.push(format!(
                    "{op_id}: {} {} is described twice",
                    method, op.path
                ));
            }
        }
        paths
    }

    /// The responses the records of one operation document, status by status.
    fn record_responses(
        &mut self,
        op_id: &str,
        entries: &[&(&Record, Value)],
    ) -> Map<String, Value> {
        let mut by_status: BTreeMap<u16, Vec<&(&Record, Value)>> = BTreeMap::new();
        for e in entries.iter() {
            by_status.entry(e.0.status).or_default().push(e);
        }
        let mut responses = Map::new();
        for (status, group) in &by_status {
            let (first, schema) = (group[0].0, &group[0].1);
            for (other, other_schema) in group.iter().skip(1).map(|e| (e.0, &e.1)) {
                if other_schema != schema {
                    self.errors.push(format!(
                        "{op_id} {status}: records {} and {} document different schemas",
                        first.id, other.id
                    ));
                }
            }
            let ids: Vec<&str> = group.iter().map(|e| e.0.id.as_str()).collect();
            responses.insert(
                status.to_string(),
                json!({
                    "description": self.status_text(*status, op_id),
                    "content": {"application/json": {"schema": schema, "example": first.example}},
                    "x-records": ids,
                }),
            );
        }
        responses
    }

    fn status_text(&mut self, status: u16, op_id: &str) -> String {
        match self.overlay.api.statuses.get(&status.to_string()) {
            Some(text) => text.clone(),
            None => {
                self.errors.push(format!(
                    "{op_id}: status {status} has no description in [statuses] of spec/overlay/api.toml"
                ));
                String::new()
            }
        }
    }

    fn document(
        &mut self,
        paths: BTreeMap<String, Map<String, Value>>,
        schemas: BTreeMap<String, Value>,
    ) -> Value {
        let api = &self.overlay.api;
        let parameters: Map<String, Value> = self
            .overlay
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        json!({
            "openapi": "3.0.3",
            "info": {
                "title": api.info.title,
                "version": api.info.version,
                "description": api.info.description,
                "x-generated-by": "cargo xtask regen (spec/records + spec/overlay); do not edit by hand",
            },
            "servers": api.servers.iter().map(|s| json!({"url": s.url, "description": s.description})).collect::<Vec<_>>(),
            "security": api.security.iter().map(|s| json!({ s.clone(): [] })).collect::<Vec<_>>(),
            "tags": api.tags.iter().map(|t| json!({"name": t.name, "description": t.description})).collect::<Vec<_>>(),
            "paths": paths,
            "components": {
                "schemas": schemas,
                "parameters": parameters,
                "securitySchemes": api.security_schemes,
            },
        })
    }
}

fn is_omitted(node: &Value) -> bool {
    node.as_object().is_some_and(|m| {
        m.len() == 1 && m.get("description").and_then(Value::as_str) == Some(OMITTED)
    })
}

fn is_object_schema(map: &Map<String, Value>) -> bool {
    map.get("type").and_then(Value::as_str) == Some("object") || map.contains_key("properties")
}

/// Merges one part's properties and required list into an object being
/// built (mixins into a schema, allOf parts into their parent).
fn merge_part(
    properties: &mut Map<String, Value>,
    required: &mut Vec<Value>,
    part: &Value,
    errors: &mut Vec<String>,
    context: &str,
) {
    let props = part.get("properties").and_then(Value::as_object);
    for (prop, schema) in props.into_iter().flatten() {
        if let Some(old) = properties.get(prop)
            && old != schema
        {
            errors.push(format!(
                "{context}: property `{prop}` is defined twice with different schemas"
            ));
        }
        properties.insert(prop.clone(), schema.clone());
    }
    let reqs = part.get("required").and_then(Value::as_array);
    for r in reqs.into_iter().flatten() {
        if !required.contains(r) {
            required.push(r.clone());
        }
    }
}

/// Merges allOf parts that are plain objects into their parent, depth first.
fn flatten_all_of(node: &mut Value, errors: &mut Vec<String>, id: &str) {
    match node {
        Value::Object(map) => {
            for child in map.values_mut() {
                flatten_all_of(child, errors, id);
            }
            let Some(Value::Array(parts)) = map.get("allOf") else {
                return;
            };
            if parts.iter().any(|p| p.get("$ref").is_some()) {
                return;
            }
            let parts = parts.clone();
            map.remove("allOf");
            let mut props = map
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let mut required: Vec<Value> = map
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for part in &parts {
                let context = format!("record {id}: allOf parts");
                merge_part(&mut props, &mut required, part, errors, &context);
            }
            map.insert("type".into(), json!("object"));
            map.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                map.insert("required".into(), Value::Array(required));
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten_all_of(item, errors, id);
            }
        }
        _ => {}
    }
}

/// What makes two schemas the same component: everything but documentation.
fn shape_key(schema: &Value) -> String {
    serde_json::to_string(&crate::json::canonical(&crate::union::strip(schema))).unwrap_or_default()
}

fn resolve_placeholders(value: &Value, names: &BTreeMap<String, String>) -> Value {
    match value {
        Value::Object(m) => {
            if let Some(key) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(PLACEHOLDER))
            {
                let name = names.get(key).cloned().unwrap_or_default();
                return json!({ "$ref": format!("{REF_PREFIX}{name}") });
            }
            Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), resolve_placeholders(v, names)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve_placeholders(v, names)).collect()),
        other => other.clone(),
    }
}

fn check_refs(
    doc: &Value,
    schemas: &BTreeMap<String, Value>,
    params: &BTreeMap<String, Value>,
    errors: &mut Vec<String>,
) {
    check_refs_in(doc, false, schemas, params, errors);
}

/// `names`: the keys of `doc` name things (properties, schemas, paths,
/// statuses, media types) rather than being keywords.
fn check_refs_in(
    doc: &Value,
    names: bool,
    schemas: &BTreeMap<String, Value>,
    params: &BTreeMap<String, Value>,
    errors: &mut Vec<String>,
) {
    match doc {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let ok = match (
                    r.strip_prefix(REF_PREFIX),
                    r.strip_prefix("#/components/parameters/"),
                ) {
                    (Some(name), _) => schemas.contains_key(name),
                    (_, Some(name)) => params.contains_key(name),
                    _ => false,
                };
                if !ok {
                    errors.push(format!("`$ref` to `{r}`, which does not exist"));
                }
            }
            for (k, v) in m {
                // Examples, defaults and enum values are data: a `$ref` key
                // in one is not a reference.
                if !names && ["example", "default", "enum"].contains(&k.as_str()) {
                    continue;
                }
                let holds_names = !names
                    && ["properties", "schemas", "paths", "responses", "content"]
                        .contains(&k.as_str());
                check_refs_in(v, holds_names, schemas, params, errors);
            }
        }
        Value::Array(a) => {
            for v in a {
                check_refs_in(v, false, schemas, params, errors);
            }
        }
        _ => {}
    }
}

/// `QR code` → `QRCode`, `live_location` → `LiveLocation`.
pub fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// JSON pointer escaping (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}
