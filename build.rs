//! Generates the typed client from `spec/whapi.openapi.json` with progenitor.
//!
//! The spec describes the wire; progenitor 0.15.1 cannot take all of it, so
//! the operations of the enabled areas are kept ([`prune`]) and one
//! transformation, [`prepare`], runs first (documented on the function and
//! tested in `tests/codegen.rs`); one addition to the output,
//! [`add_chat_id_conversions`], runs last. The generated code goes to
//! `$OUT_DIR/whapi_generated.rs` and is included by `spec/src/lib.rs`.
//!
//! It is the build script of the `whapi-api` package, whose root is `spec/`
//! (`spec/build.rs` links here), so it runs there: paths are relative to
//! `spec/`.

use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The spec, relative to the package root (`spec/`) the script runs in.
const SPEC: &str = "whapi.openapi.json";
/// The spec as the repository names it, in messages.
const SPEC_NAME: &str = "spec/whapi.openapi.json";
const OUT_FILE: &str = "whapi_generated.rs";
/// The pruned spec the embedded mock serves.
const SPEC_OUT_FILE: &str = "whapi_spec.json";

/// The API areas: the spec's tags, lowercased, each a cargo feature.
pub const AREAS: [&str; 16] = [
    "messages",
    "media",
    "chats",
    "contacts",
    "groups",
    "presences",
    "channel",
    "users",
    "statuses",
    "stories",
    "newsletters",
    "communities",
    "business",
    "labels",
    "blacklist",
    "calls",
];

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let text = std::fs::read_to_string(SPEC)
        .unwrap_or_else(|e| fail(&format!("cannot read {SPEC_NAME}: {e}")));
    // Features are part of the build script's fingerprint: no rerun-if-env-changed needed.
    let enabled: BTreeSet<String> = AREAS
        .iter()
        .filter(|area| std::env::var_os(format!("CARGO_FEATURE_{}", area.to_uppercase())).is_some())
        .map(|area| (*area).to_owned())
        .collect();
    let code = generate_areas(&text, Some(&enabled)).unwrap_or_else(|e| fail(&e));
    write_if_changed(&Path::new(&out_dir).join(OUT_FILE), &code);
    // The mock (`whapi::mock`) serves the operations the client has: the pruned
    // spec, as the wire states it (before `prepare`'s generator workarounds).
    let pruned = serde_json::from_str(&text)
        .map_err(|e| format!("{SPEC_NAME} is not JSON: {e}"))
        .and_then(|spec| prune(spec, &enabled))
        .unwrap_or_else(|e| fail(&e));
    write_if_changed(
        &Path::new(&out_dir).join(SPEC_OUT_FILE),
        &pruned.to_string(),
    );
}

/// Unchanged output keeps the file's mtime, so nothing downstream rebuilds.
fn write_if_changed(out: &Path, text: &str) {
    if std::fs::read_to_string(out).ok().as_deref() != Some(text) {
        std::fs::write(out, text)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: whapi code generation from {SPEC_NAME} failed: {message}");
    std::process::exit(1)
}

/// The one generator configuration for every operation: spec text →
/// formatted Rust source.
pub fn generate(spec_text: &str) -> Result<String, String> {
    generate_areas(spec_text, None)
}

/// As [`generate`], keeping only the operations of `areas` (lowercased tags)
/// when given.
pub fn generate_areas(spec_text: &str, areas: Option<&BTreeSet<String>>) -> Result<String, String> {
    let spec: Value =
        serde_json::from_str(spec_text).map_err(|e| format!("{SPEC_NAME} is not JSON: {e}"))?;
    let spec = match areas {
        Some(areas) => prune(spec, areas)?,
        None => spec,
    };
    let prepared = prepare(spec)?;
    let open_enums = open_enums(&prepared);
    let boxed = boxed_components(&prepared);
    let prepared_has_secret_headers = prepared
        .pointer(&format!("/components/schemas/{SECRET_HEADERS}"))
        .is_some();
    let spec: openapiv3::OpenAPI = serde_json::from_value(prepared)
        .map_err(|e| format!("{SPEC_NAME} is not an OpenAPI 3.0 document: {e}"))?;

    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote_path("crate::hooks::Inner")?)
        .with_hooks(progenitor::HooksMode::Expected)
        .with_derive("PartialEq");
    for name in &open_enums {
        // typify looks replacements up by its PascalCase name (`QRStatus` → `QrStatus`).
        settings.with_replacement(
            typify_name(name),
            format!("crate::OpenEnum<crate::types::{}>", known_name(name)),
            [progenitor::TypeImpl::Display, progenitor::TypeImpl::FromStr].into_iter(),
        );
    }
    for (alias, target) in boxed {
        settings.with_replacement(
            typify_name(&alias),
            format!("::std::boxed::Box<crate::types::{}>", typify_name(&target)),
            std::iter::empty::<progenitor::TypeImpl>(),
        );
    }
    if prepared_has_secret_headers {
        settings.with_replacement(
            SECRET_HEADERS,
            "crate::SecretHeaders",
            [progenitor::TypeImpl::Default].into_iter(),
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
    let checked = chat_id_types(&tokens);
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced invalid Rust: {e}"))?;
    add_chat_id_conversions(&mut file, &checked)?;
    Ok(prettyplease::unparse(&file))
}

/// The patterns every `whapi::ChatId` satisfies: the spec's `Recipient` (10
/// to 31 digits or dashes, then an optional `@server`) and the looser
/// 9-digit one of some send bodies' inline `to` fields. `ChatId` checks the
/// first by hand (`ids::is_recipient`; `tests/facade_inputs.rs` holds the
/// two checks to each other).
pub const CHAT_ID_PATTERNS: [&str; 2] = [
    r"^[\d-]{10,31}(@[\w\.]{1,})?$",
    r"^[\d-]{9,31}(@[\w\.]{1,})?$",
];

/// The generated string newtypes whose `FromStr` checks one of
/// [`CHAT_ID_PATTERNS`] (typify: `impl FromStr for X { .. Regex::new("..") .. }`
/// in `mod types`), sorted.
pub fn chat_id_types(tokens: &proc_macro2::TokenStream) -> Vec<String> {
    use proc_macro2::{Delimiter, TokenTree};
    fn literals(stream: proc_macro2::TokenStream, out: &mut Vec<String>) {
        for tree in stream {
            match tree {
                TokenTree::Group(g) => literals(g.stream(), out),
                TokenTree::Literal(l) => {
                    if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                        out.push(s.value());
                    }
                }
                _ => {}
            }
        }
    }
    fn walk(stream: proc_macro2::TokenStream, found: &mut BTreeSet<String>) {
        // The idents since the last `impl`: `:: std :: str :: FromStr for X`.
        let mut header: Option<Vec<String>> = None;
        for tree in stream {
            match tree {
                TokenTree::Ident(i) if i == "impl" => header = Some(Vec::new()),
                TokenTree::Ident(i) => {
                    if let Some(h) = header.as_mut() {
                        h.push(i.to_string());
                    }
                }
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => match header.take() {
                    Some(h)
                        if h.len() >= 3 && h[h.len() - 3..h.len() - 1] == ["FromStr", "for"] =>
                    {
                        let mut lits = Vec::new();
                        literals(g.stream(), &mut lits);
                        if lits.iter().any(|l| CHAT_ID_PATTERNS.contains(&l.as_str())) {
                            found.insert(h[h.len() - 1].clone());
                        }
                    }
                    Some(_) => {}
                    None => walk(g.stream(), found),
                },
                _ => {}
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(tokens.clone(), &mut found);
    found.into_iter().collect()
}

/// The one addition to the generated code: `From<ChatId>` for the string
/// newtypes of [`chat_id_types`], inside `mod types` (the newtype's field
/// is private to it). A send's `to` is a `ChatId`, already checked against
/// the same pattern; through the type's `FromStr` the regex ran a second
/// time on every send (regress: ~3,200 instructions, about a third of what
/// a send cost over a hand-written client; issue 13). Debug builds still
/// run it, as an assertion, so every test send checks the claim.
fn add_chat_id_conversions(file: &mut syn::File, names: &[String]) -> Result<(), String> {
    if names.is_empty() {
        return Ok(());
    }
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
            _ => None,
        })
        .ok_or("progenitor produced no `mod types`")?;
    for name in names {
        let code = format!(
            "impl ::std::convert::From<crate::ids::ChatId> for {name} {{
                fn from(value: crate::ids::ChatId) -> Self {{
                    let value = value.into_string();
                    #[cfg(debug_assertions)]
                    if let Err(e) = value.parse::<Self>() {{
                        panic!(\"`{{value}}` is a ChatId but not a {name}: {{e}}\");
                    }}
                    Self(value)
                }}
            }}"
        );
        let item = syn::parse_str::<syn::Item>(&code)
            .map_err(|e| format!("the conversion for {name} does not parse: {e}"))?;
        types.1.push(item);
    }
    Ok(())
}

/// The component standing for a map of secret headers (step 14).
pub const SECRET_HEADERS: &str = "SecretHeaders";

fn quote_path(path: &str) -> Result<proc_macro2::TokenStream, String> {
    path.parse()
        .map_err(|_| format!("`{path}` is not a Rust path"))
}

/// The name of the strict enum behind an open one.
pub fn known_name(name: &str) -> String {
    format!("{}Known", typify_name(name))
}

/// typify's type name for a component name (`ChatID` → `ChatId`,
/// `QRStatus` → `QrStatus`): what typify's `sanitize` does.
pub fn typify_name(name: &str) -> String {
    use heck::ToPascalCase;
    let cleaned: String = name
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let out = cleaned.to_pascal_case();
    match out.chars().next() {
        None => "X".into(),
        Some(c) if c.is_alphabetic() => out,
        Some(_) => format!("X{out}"),
    }
}

/// Component schemas generated whatever areas are enabled: the facade's own
/// code names them (the error body every operation shares; the webhook
/// payload and everything it reaches, which `whapi::webhooks` parses
/// whatever areas are enabled — no operation returns it, so it would
/// otherwise be pruned).
pub const ALWAYS_KEPT: [&str; 2] = ["ResponseError", "WebhookPayload"];

/// Keeps the operations tagged with one of `areas` (lowercased tags), then
/// only the components those operations reach (schemas, responses,
/// parameters, request bodies), so a disabled area compiles nothing.
pub fn prune(mut spec: Value, areas: &BTreeSet<String>) -> Result<Value, String> {
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("/paths is missing")?;
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        item.retain(|method, op| {
            !is_method(method)
                || op
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(|tag| areas.contains(&tag.to_lowercase()))
        });
    }
    paths.retain(|_, item| {
        item.as_object()
            .is_some_and(|m| m.keys().any(|k| is_method(k)))
    });
    // With no area enabled the client has no operations, but the crate's
    // core still needs what every area shares (`ALWAYS_KEPT`).
    let mut stack: Vec<(String, String)> = ALWAYS_KEPT
        .iter()
        .map(|name| ("schemas".to_owned(), (*name).to_owned()))
        .collect();
    collect_component_refs(&spec["paths"], &mut stack);
    let mut reached = BTreeSet::new();
    while let Some((kind, name)) = stack.pop() {
        if !reached.insert((kind.clone(), name.clone())) {
            continue;
        }
        if let Some(component) = spec.pointer(&format!("/components/{kind}/{}", escape(&name))) {
            collect_component_refs(component, &mut stack);
        }
    }
    if let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) {
        for kind in ["schemas", "responses", "parameters", "requestBodies"] {
            if let Some(table) = components.get_mut(kind).and_then(Value::as_object_mut) {
                table.retain(|name, _| reached.contains(&(kind.to_owned(), name.clone())));
            }
        }
    }
    Ok(spec)
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

/// Every `#/components/<kind>/<name>` reference below `value`.
fn collect_component_refs(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str)
                && let Some(rest) = r.strip_prefix("#/components/")
                && let Some((kind, name)) = rest.split_once('/')
            {
                out.push((kind.to_owned(), unescape(name)));
            }
            m.values().for_each(|v| collect_component_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_component_refs(v, out)),
        _ => {}
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The transformation applied before generation, keyed by construct (never
/// by an operation or schema name). The checked-in spec states the wire
/// faithfully; progenitor 0.15.1 (typify 0.8) cannot take it as is:
///
/// 1. **Component parameters, request bodies and responses are inlined**
///    into the operations: the steps below must see what a `$ref` stands
///    for (a parameter's schema, a body's media types, a response's).
/// 2. **Several request media types** (progenitor panics; multipart alone is
///    an error): JSON when offered, unless binary uploads are offered too —
///    then the raw upload is the point of the operation and is kept, as one
///    `application/octet-stream` with a binary schema (the real Content-Type
///    is set per request by the client's `pre` hook). Binary-only bodies get
///    the same single media type.
/// 3. **Several 2xx responses with different schemas** (progenitor panics,
///    #344): the lowest 2xx is kept; the others become unexpected responses.
/// 4. **A JSON response or body without a schema** (progenitor panics):
///    gets the free-form schema `{}`.
/// 5. **anyOf/oneOf whose members are all strings** (or references to string
///    schemas) becomes a plain string: typify makes a struct of flattened
///    strings that serde cannot serialize. Covers path parameters too.
/// 6. **oneOf of two or more objects without a discriminator** becomes one
///    object with every variant's properties (allOf merged), none required;
///    a property whose schema differs between variants is free-form JSON.
///    Untagged decoding takes the first variant that fits, so a quoted video
///    would decode as an image and lose its video fields.
/// 7. **Object query parameters** (progenitor #1221; `style: form, explode:
///    true`) are flattened into one query parameter per property, after
///    merging the schema's allOf parts and oneOf/anyOf variants (required:
///    what the allOf parts require): exactly what form/explode puts on the
///    wire.
/// 8. **`default`s are dropped** from every schema: typify serializes a
///    property with a default always, so a request setting one field would
///    reset the others (`PATCH /settings` sending `full_history: false`).
///    On the response side a default only turns `Option<T>` into `T`;
///    dropped there too, so a type is the same on both sides.
/// 9. **String `format`s other than `binary` are dropped**: typify maps them
///    to `Ipv4Addr`, chrono or uuid types, which reject what the server
///    really sends (and would need more dependencies).
/// 10. **`pattern`s on schemas a response reaches are dropped**: the server
///     sends IDs the patterns do not foresee (`status@broadcast`,
///     `…@lid`, `media_init`). Schemas only requests reach keep them, so
///     inputs are still checked before sending.
/// 11. **Inline string enums a response reaches are hoisted** into
///     components named as typify would name them (`<Parent><Prop>`,
///     PascalCase; the title when there is one), so that step 12 can open
///     them.
/// 12. **Closed enums**: a string enum component a response reaches is
///     copied to `<Name>Known` and `<Name>` itself is replaced by
///     `OpenEnum<<Name>Known>` (in [`generate`]), so an unknown value decodes
///     as `OpenEnum::Unknown` instead of failing the whole response.
///     Request-only enums stay strict.
/// 13. **`null` listed among a string enum's values** (`ParticipantEvent.action`):
///     null is removed from the values and every property using the enum
///     (inline or through a component) is no longer required, so the field is
///     an `Option` with `#[serde(default)]` and an absent or `null` value both
///     decode as `None`. Left as is, an enum hoisted and opened by steps 11–12
///     would reject the `null` the spec allows.
/// 14. **Header maps are secrets**: a property named `headers` whose schema
///     is a map of strings (a webhook's static headers, which carry the
///     receiver's shared secret) refers to the component [`SECRET_HEADERS`],
///     which [`generate`] replaces by `crate::SecretHeaders`: the same map on
///     the wire, a `Debug` that prints the names only, so logging
///     `{settings:?}` leaks no secret.
/// 15. **A schema that carries one of many kinds is boxed**: an object with
///     at least [`BOXED_KINDS_MIN`] optional properties that each refer to an
///     object component (`Message`: one of 30 content kinds, of which a
///     message has one or two) refers to them through `Boxed<Name>`
///     components, which [`generate`] replaces by `Box<Name>`. Held
///     inline, every kind is paid in every message (a `Message` was ~8 KB,
///     copied whole at each move: into a `Vec`, out of each async layer);
///     boxed, a kind costs a pointer until present.
///
/// Steps 10–12 treat what the API *sends* alike, responses and the webhook
/// payloads ([`RECEIVED`]): both are decoded, never checked — except that a
/// schema requests use too keeps its pattern (step 10 would otherwise
/// loosen a request-only input because a webhook carries it).
///
/// Errors name the JSON pointer of the construct that cannot be handled.
pub fn prepare(mut spec: Value) -> Result<Value, String> {
    if spec.pointer("/components/schemas").is_none() {
        return Err(format!("{SPEC_NAME} has no /components/schemas"));
    }
    inline_components(&mut spec)?; // 1
    for_each_operation(&mut spec, |op, at| {
        one_request_media_type(op, at)?; // 2
        lowest_success_response(op); // 3
        schema_for_json_content(op); // 4
        Ok(())
    })?;
    let schemas = spec["components"]["schemas"].clone();
    for_each_schema(&mut spec, &mut |schema, at| {
        string_union_to_string(schema, &schemas, at) // 5
    })?;
    let schemas = spec["components"]["schemas"].clone();
    for_each_schema(&mut spec, &mut |schema, at| {
        object_union_to_object(schema, &schemas, at) // 6
    })?;
    let schemas = spec["components"]["schemas"].clone();
    for_each_operation(&mut spec, |op, at| flatten_object_query(op, &schemas, at))?; // 7
    for_each_schema(&mut spec, &mut |schema, _| {
        if let Some(m) = schema.as_object_mut() {
            m.remove("default"); // 8
            let binary = m.get("format").and_then(Value::as_str) == Some("binary");
            let stringy = m.get("type").is_none_or(|t| t == "string");
            if stringy && !binary {
                m.remove("format"); // 9
            }
        }
        Ok(())
    })?;
    null_in_string_enums(&mut spec)?; // 13
    secret_header_maps(&mut spec)?; // 14
    box_many_kinds(&mut spec)?; // 15
    let pattern_free = pattern_free_schemas(&spec);
    drop_response_patterns(&mut spec, &pattern_free); // 10
    let reached = response_schemas(&spec);
    hoist_response_enums(&mut spec, &reached)?; // 11
    let open = open_enums(&spec); // 12
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in open {
            if let Some(schema) = schemas.get(&name).cloned() {
                schemas.insert(known_name(&name), schema);
            }
        }
    }
    Ok(spec)
}

/// Step 14: `headers` maps of strings become [`SECRET_HEADERS`].
fn secret_header_maps(spec: &mut Value) -> Result<(), String> {
    let is_string_map = |s: &Value| {
        s.get("type").and_then(Value::as_str) == Some("object")
            && s.get("properties").is_none()
            && s.pointer("/additionalProperties/type")
                .and_then(Value::as_str)
                == Some("string")
    };
    let target = json!({"$ref": format!("#/components/schemas/{SECRET_HEADERS}")});
    let mut found = None;
    for_each_schema(spec, &mut |schema, _| {
        if let Some(headers) = schema.pointer_mut("/properties/headers")
            && is_string_map(headers)
        {
            found = Some(headers.clone());
            *headers = target.clone();
        }
        Ok(())
    })?;
    if let Some(map) = found {
        let schemas = spec
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .ok_or("/components/schemas is missing")?;
        if schemas.contains_key(SECRET_HEADERS) {
            return Err(format!(
                "/components/schemas/{SECRET_HEADERS} exists already: step 14 needs that name"
            ));
        }
        schemas.insert(SECRET_HEADERS.to_owned(), map);
    }
    Ok(())
}

/// Step 15: how many optional object-valued properties make an object a
/// carrier of many kinds. Only `Message` (30) has more than 4.
pub const BOXED_KINDS_MIN: usize = 8;

/// The prefix of the components step 15 adds (`BoxedMessageContentImage`).
const BOXED_PREFIX: &str = "Boxed";

/// Step 15: the optional object-valued properties of an object with at
/// least [`BOXED_KINDS_MIN`] of them refer to `Boxed<Name>` instead.
fn box_many_kinds(spec: &mut Value) -> Result<(), String> {
    let schemas = spec["components"]["schemas"].clone();
    let object_target = |prop: &Value| -> Option<String> {
        let name = prop
            .get("$ref")
            .and_then(Value::as_str)?
            .strip_prefix("#/components/schemas/")
            .map(unescape)?;
        let target = schemas.get(&name)?;
        let object = target.get("type").and_then(Value::as_str) == Some("object")
            || target.get("properties").is_some();
        object.then_some(name)
    };
    let mut aliases = BTreeSet::new();
    for_each_schema(spec, &mut |schema, _| {
        let required: BTreeSet<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        let kinds: Vec<(String, String)> = props
            .iter()
            .filter(|(name, _)| !required.contains(*name))
            .filter_map(|(name, prop)| Some((name.clone(), object_target(prop)?)))
            .collect();
        if kinds.len() < BOXED_KINDS_MIN {
            return Ok(());
        }
        for (prop, target) in kinds {
            let alias = format!("{BOXED_PREFIX}{target}");
            props[&prop] = json!({"$ref": format!("#/components/schemas/{}", escape(&alias))});
            aliases.insert((alias, target));
        }
        Ok(())
    })?;
    let table = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or("/components/schemas is missing")?;
    for (alias, target) in aliases {
        let schema = json!({"$ref": format!("#/components/schemas/{}", escape(&target))});
        match table.get(&alias) {
            Some(existing) if *existing != schema => {
                return Err(format!(
                    "/components/schemas/{} exists already: step 15 needs that name",
                    escape(&alias)
                ));
            }
            _ => {
                table.insert(alias, schema);
            }
        }
    }
    Ok(())
}

/// The components step 15 added, with the component each stands for.
pub fn boxed_components(spec: &Value) -> Vec<(String, String)> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| name.starts_with(BOXED_PREFIX))
        .filter_map(|(name, schema)| {
            let target = schema
                .as_object()
                .filter(|m| m.len() == 1)?
                .get("$ref")?
                .as_str()?
                .strip_prefix("#/components/schemas/")
                .map(unescape)?;
            (*name == format!("{BOXED_PREFIX}{target}")).then(|| (name.clone(), target))
        })
        .collect()
}

// ---------------------------------------------------------------- walking

/// Calls `f` on every operation with its location (`GET /path`), after
/// resolving nothing: step 1 has inlined what operations refer to.
fn for_each_operation(
    spec: &mut Value,
    mut f: impl FnMut(&mut Map<String, Value>, &str) -> Result<(), String>,
) -> Result<(), String> {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return Err("/paths is missing".into());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !is_method(method) {
                continue;
            }
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            f(op, &format!("/paths/{}/{method}", escape(path)))?;
        }
    }
    Ok(())
}

type SchemaFn<'a> = dyn FnMut(&mut Value, &str) -> Result<(), String> + 'a;

/// Calls `f` on every schema of the document (components and operations),
/// outermost first, then on the subschemas of what `f` left.
fn for_each_schema(spec: &mut Value, f: &mut SchemaFn) -> Result<(), String> {
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            walk_schema(schema, &format!("/components/schemas/{}", escape(name)), f)?;
        }
    }
    for_each_operation(spec, |op, at| {
        for (key, value) in op.iter_mut() {
            match key.as_str() {
                "parameters" => {
                    for (i, p) in value.as_array_mut().into_iter().flatten().enumerate() {
                        if let Some(schema) = p.get_mut("schema") {
                            walk_schema(schema, &format!("{at}/parameters/{i}/schema"), f)?;
                        }
                    }
                }
                "requestBody" => walk_content(value, &format!("{at}/requestBody"), f)?,
                "responses" => {
                    for (code, response) in value.as_object_mut().into_iter().flatten() {
                        walk_content(response, &format!("{at}/responses/{code}"), f)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })
}

fn walk_content(owner: &mut Value, at: &str, f: &mut SchemaFn) -> Result<(), String> {
    let Some(content) = owner.get_mut("content").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (media, body) in content.iter_mut() {
        if let Some(schema) = body.get_mut("schema") {
            walk_schema(schema, &format!("{at}/content/{}/schema", escape(media)), f)?;
        }
    }
    Ok(())
}

fn walk_schema(schema: &mut Value, at: &str, f: &mut SchemaFn) -> Result<(), String> {
    if !schema.is_object() || schema.get("$ref").is_some() {
        return Ok(());
    }
    f(schema, at)?;
    let Some(m) = schema.as_object_mut() else {
        return Ok(());
    };
    for (key, value) in m.iter_mut() {
        match key.as_str() {
            "properties" => {
                for (name, sub) in value.as_object_mut().into_iter().flatten() {
                    walk_schema(sub, &format!("{at}/properties/{}", escape(name)), f)?;
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                for (i, sub) in value.as_array_mut().into_iter().flatten().enumerate() {
                    walk_schema(sub, &format!("{at}/{key}/{i}"), f)?;
                }
            }
            "items" | "not" | "additionalProperties" => {
                walk_schema(value, &format!("{at}/{key}"), f)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Follows `$ref`s to component schemas; `None` for a dangling one.
fn deref<'a>(schema: &'a Value, schemas: &'a Value) -> Option<&'a Value> {
    let mut current = schema;
    // A chain of plain references cannot be longer than the table.
    for _ in 0..=schemas.as_object().map_or(0, Map::len) {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/components/schemas/")?;
                current = schemas.get(unescape(name))?;
            }
            None => return Some(current),
        }
    }
    None
}

// ------------------------------------------------------------ 1. inlining

fn inline_components(spec: &mut Value) -> Result<(), String> {
    let components = spec.get("components").cloned().unwrap_or_else(|| json!({}));
    let lookup = |value: &Value, kind: &str, at: &str| -> Result<Value, String> {
        let Some(r) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value.clone());
        };
        let prefix = format!("#/components/{kind}/");
        r.strip_prefix(&prefix)
            .and_then(|name| components.get(kind)?.get(unescape(name)))
            .filter(|target| target.get("$ref").is_none())
            .cloned()
            .ok_or_else(|| format!("{at}: cannot resolve {r}"))
    };
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("/paths is missing")?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let at_item = format!("/paths/{}", escape(path));
        // Path-level parameters apply to every operation of the path.
        let shared: Vec<Value> = item
            .remove("parameters")
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default();
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut().filter(|_| is_method(method)) else {
                continue;
            };
            let at = format!("{at_item}/{method}");
            let mut params = Vec::new();
            let own = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (i, p) in own.iter().enumerate() {
                params.push(lookup(p, "parameters", &format!("{at}/parameters/{i}"))?);
            }
            for (i, p) in shared.iter().enumerate() {
                let p = lookup(p, "parameters", &format!("{at_item}/parameters/{i}"))?;
                // An operation's own parameter overrides the path's (same name and location).
                if !params
                    .iter()
                    .any(|q| q["name"] == p["name"] && q["in"] == p["in"])
                {
                    params.push(p);
                }
            }
            if !params.is_empty() {
                op.insert("parameters".into(), Value::Array(params));
            }
            if let Some(body) = op.get("requestBody") {
                let body = lookup(body, "requestBodies", &format!("{at}/requestBody"))?;
                op.insert("requestBody".into(), body);
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                for (code, response) in responses.iter_mut() {
                    *response = lookup(response, "responses", &format!("{at}/responses/{code}"))?;
                }
            }
        }
    }
    if let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("parameters");
        components.remove("requestBodies");
        components.remove("responses");
    }
    Ok(())
}

// ------------------------------------------------------ 2–4. media types

fn is_binary(media: &Value) -> bool {
    media.pointer("/schema/format").and_then(Value::as_str) == Some("binary")
}

fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

fn one_request_media_type(op: &mut Map<String, Value>, at: &str) -> Result<(), String> {
    let Some(content) = op
        .get_mut("requestBody")
        .and_then(|b| b.get_mut("content"))
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    let binary = content.values().any(is_binary);
    if binary {
        *content = Map::from_iter([(
            "application/octet-stream".to_owned(),
            json!({"schema": {"type": "string", "format": "binary"}}),
        )]);
    } else if content.len() > 1 {
        let Some((media_type, json_body)) = content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
            .map(|(k, v)| (k.clone(), v.clone()))
        else {
            return Err(format!(
                "{at}/requestBody/content: several media types, none JSON, not binary uploads"
            ));
        };
        *content = Map::from_iter([(media_type, json_body)]);
    }
    Ok(())
}

fn lowest_success_response(op: &mut Map<String, Value>) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    // Status codes are three digits, so string order is numeric order.
    let mut success = responses.keys().filter(|code| code.starts_with('2'));
    let Some(lowest) = success.next().cloned() else {
        return;
    };
    let schema = |r: &Value| r.get("content").cloned();
    let kept = schema(&responses[&lowest]);
    responses.retain(|code, r| !code.starts_with('2') || *code == lowest || schema(r) == kept);
}

fn schema_for_json_content(op: &mut Map<String, Value>) {
    let fill = |owner: &mut Value| {
        for (media_type, body) in owner
            .get_mut("content")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flatten()
        {
            if is_json(media_type)
                && let Some(body) = body.as_object_mut()
            {
                body.entry("schema").or_insert_with(|| json!({}));
            }
        }
    };
    if let Some(body) = op.get_mut("requestBody") {
        fill(body);
    }
    for response in op
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|m| m.values_mut())
    {
        fill(response);
    }
}

// --------------------------------------------------------- 5–6. unions

fn union_members(schema: &Value) -> Option<(&'static str, &Vec<Value>)> {
    ["anyOf", "oneOf"]
        .into_iter()
        .find_map(|key| Some((key, schema.get(key)?.as_array()?)))
}

fn string_union_to_string(schema: &mut Value, schemas: &Value, at: &str) -> Result<(), String> {
    let Some((key, members)) = union_members(schema) else {
        return Ok(());
    };
    let mut all_strings = !members.is_empty();
    for (i, member) in members.iter().enumerate() {
        let target =
            deref(member, schemas).ok_or_else(|| format!("{at}/{key}/{i}: dangling $ref"))?;
        all_strings &= target.get("type").and_then(Value::as_str) == Some("string")
            && union_members(target).is_none();
    }
    if all_strings && let Some(m) = schema.as_object_mut() {
        m.remove(key);
        m.insert("type".into(), json!("string"));
    }
    Ok(())
}

fn is_object_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || (schema.get("type").is_none()
            && (schema.get("properties").is_some() || schema.get("allOf").is_some()))
}

fn object_union_to_object(schema: &mut Value, schemas: &Value, at: &str) -> Result<(), String> {
    if schema.get("discriminator").is_some() || schema.get("oneOf").is_none() {
        return Ok(());
    }
    let Some((key, members)) = union_members(schema) else {
        return Ok(());
    };
    if key != "oneOf" || members.len() < 2 {
        return Ok(());
    }
    let mut variants = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let at = format!("{at}/oneOf/{i}");
        let target = deref(member, schemas).ok_or_else(|| format!("{at}: dangling $ref"))?;
        if !is_object_schema(target) {
            return Ok(());
        }
        variants.push(merged_object(target, schemas, &at, 0)?);
    }
    let mut properties = Map::new();
    let mut conflicting = BTreeSet::new();
    for variant in &variants {
        for (name, prop) in &variant.properties {
            match properties.get(name) {
                Some(seen) if seen != prop => {
                    conflicting.insert(name.clone());
                }
                Some(_) => {}
                None => {
                    properties.insert(name.clone(), prop.clone());
                }
            }
        }
    }
    for name in conflicting {
        properties.insert(name, json!({}));
    }
    if let Some(m) = schema.as_object_mut() {
        m.remove("oneOf");
        m.insert("type".into(), json!("object"));
        m.insert("properties".into(), Value::Object(properties));
    }
    Ok(())
}

/// An object's properties with its allOf parts merged in, and the names its
/// allOf parts require; oneOf/anyOf variants add properties, never
/// requirements (any one of them may be the one sent).
struct Merged {
    properties: Map<String, Value>,
    required: BTreeSet<String>,
}

fn merged_object(
    schema: &Value,
    schemas: &Value,
    at: &str,
    depth: usize,
) -> Result<Merged, String> {
    // Deeper than the component table means a reference cycle.
    if depth > schemas.as_object().map_or(0, Map::len) + 1 {
        return Err(format!("{at}: allOf/oneOf cycle"));
    }
    let schema = deref(schema, schemas).ok_or_else(|| format!("{at}: dangling $ref"))?;
    let mut merged = Merged {
        properties: schema
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        required: schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    };
    for key in ["allOf", "oneOf", "anyOf"] {
        for (i, part) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let inner = merged_object(part, schemas, &format!("{at}/{key}/{i}"), depth + 1)?;
            for (name, prop) in inner.properties {
                merged.properties.entry(name).or_insert(prop);
            }
            if key == "allOf" {
                merged.required.extend(inner.required);
            }
        }
    }
    Ok(merged)
}

// ------------------------------------------------- 7. object query params

fn flatten_object_query(
    op: &mut Map<String, Value>,
    schemas: &Value,
    at: &str,
) -> Result<(), String> {
    let Some(list) = op.get("parameters").and_then(Value::as_array) else {
        return Ok(());
    };
    let mut flat = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let at = format!("{at}/parameters/{i}");
        let schema = p.get("schema").cloned().unwrap_or(Value::Null);
        let target =
            deref(&schema, schemas).ok_or_else(|| format!("{at}/schema: dangling $ref"))?;
        if p.get("in").and_then(Value::as_str) != Some("query") || !is_object_schema(target) {
            flat.push(p.clone());
            continue;
        }
        let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(true);
        let style = p.get("style").and_then(Value::as_str).unwrap_or("form");
        if style != "form" || !explode {
            return Err(format!(
                "{at}: object query parameter `{}` with style {style}, explode {explode} cannot be flattened",
                p.get("name").and_then(Value::as_str).unwrap_or("?")
            ));
        }
        let merged = merged_object(target, schemas, &format!("{at}/schema"), 0)?;
        for (name, schema) in merged.properties {
            let mut param = json!({
                "name": name,
                "in": "query",
                "required": merged.required.contains(&name),
                "schema": schema,
            });
            if let Some(d) = schema.get("description") {
                param["description"] = d.clone();
            }
            flat.push(param);
        }
    }
    op.insert("parameters".into(), Value::Array(flat));
    Ok(())
}

// --------------------------------------------- 10–12. the response side

/// Component schemas the API sends without any operation returning them:
/// the webhook deliveries (`whapi::webhooks` decodes them like responses).
pub const RECEIVED: [&str; 1] = ["WebhookPayload"];

/// Component schemas reachable from any response or from [`RECEIVED`].
fn response_schemas(spec: &Value) -> BTreeSet<String> {
    let mut roots = received_roots(spec);
    for op in operations(spec) {
        if let Some(r) = op.get("responses") {
            collect_refs(r, &mut roots);
        }
    }
    reachable(spec, roots)
}

fn received_roots(spec: &Value) -> Vec<String> {
    RECEIVED
        .iter()
        .filter(|name| {
            spec.pointer(&format!("/components/schemas/{name}"))
                .is_some()
        })
        .map(|name| (*name).to_owned())
        .collect()
}

/// The schemas whose patterns step 10 drops: those a response reaches, and
/// those only a webhook payload ([`RECEIVED`]) reaches. A schema requests
/// also use (`MessageID`, a path parameter) keeps its pattern there, so
/// inputs are still checked: the webhook parser keeps an item it rejects.
fn pattern_free_schemas(spec: &Value) -> BTreeSet<String> {
    let mut from_responses = Vec::new();
    let mut from_requests = Vec::new();
    for op in operations(spec) {
        if let Some(r) = op.get("responses") {
            collect_refs(r, &mut from_responses);
        }
        for key in ["parameters", "requestBody"] {
            if let Some(r) = op.get(key) {
                collect_refs(r, &mut from_requests);
            }
        }
    }
    let requests = reachable(spec, from_requests);
    let mut free = reachable(spec, from_responses);
    free.extend(
        reachable(spec, received_roots(spec))
            .into_iter()
            .filter(|name| !requests.contains(name)),
    );
    free
}

/// The component schemas `roots` reach, themselves included.
fn reachable(spec: &Value, mut stack: Vec<String>) -> BTreeSet<String> {
    let schemas = spec
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = schemas.get(&name) {
            collect_refs(schema, &mut stack);
        }
    }
    seen
}

fn operations(spec: &Value) -> impl Iterator<Item = &Value> {
    spec.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| {
            item.iter()
                .filter(|(method, _)| is_method(method))
                .map(|(_, op)| op)
        })
}

fn drop_response_patterns(spec: &mut Value, reached: &BTreeSet<String>) {
    let mut strip = |schema: &mut Value, _: &str| {
        if let Some(m) = schema.as_object_mut() {
            m.remove("pattern");
        }
        Ok(())
    };
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if reached.contains(name) {
                let _ = walk_schema(schema, "", &mut strip);
            }
        }
    }
    let _ = for_each_operation(spec, |op, _| {
        for response in op
            .get_mut("responses")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let _ = walk_content(response, "", &mut strip);
        }
        Ok(())
    });
}

fn is_string_enum(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string") && schema.get("enum").is_some()
}

fn hoist_response_enums(spec: &mut Value, reached: &BTreeSet<String>) -> Result<(), String> {
    let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    let mut hoisted: BTreeMap<String, Value> = BTreeMap::new();
    let taken: BTreeSet<String> = schemas.keys().map(|k| typify_name(k)).collect();
    for (name, schema) in schemas.iter_mut() {
        if !reached.contains(name) || is_string_enum(schema) {
            continue;
        }
        hoist_in(schema, name, &taken, &mut hoisted);
    }
    schemas.extend(hoisted);
    Ok(())
}

/// Replaces the inline string enums below `schema` by references to new
/// components, named as typify names inline types: the title if any, else
/// `<parent>_<property>` (`Item` appended for array items), PascalCase.
fn hoist_in(
    schema: &mut Value,
    name: &str,
    taken: &BTreeSet<String>,
    hoisted: &mut BTreeMap<String, Value>,
) {
    let Some(m) = schema.as_object_mut() else {
        return;
    };
    if m.contains_key("$ref") {
        return;
    }
    for (key, value) in m.iter_mut() {
        match key.as_str() {
            "properties" => {
                for (prop, sub) in value.as_object_mut().into_iter().flatten() {
                    use heck::ToSnakeCase;
                    let sub_name = format!("{name}_{}", prop.to_snake_case());
                    hoist_one(sub, &sub_name, taken, hoisted);
                }
            }
            "items" => hoist_one(value, &format!("{name}Item"), taken, hoisted),
            "allOf" | "anyOf" | "oneOf" => {
                // typify merges allOf parts into the parent: same names.
                for sub in value.as_array_mut().into_iter().flatten() {
                    hoist_in(sub, name, taken, hoisted);
                }
            }
            "additionalProperties" => hoist_one(value, &format!("{name}Value"), taken, hoisted),
            _ => {}
        }
    }
}

fn hoist_one(
    schema: &mut Value,
    suggested: &str,
    taken: &BTreeSet<String>,
    hoisted: &mut BTreeMap<String, Value>,
) {
    let base = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(suggested)
        .to_owned();
    let name = typify_name(&base);
    if !is_string_enum(schema) {
        hoist_in(schema, &base, taken, hoisted);
        return;
    }
    // A name already in use by a different schema gets a numbered suffix.
    let mut unique = name.clone();
    let mut n = 2;
    while taken.contains(&unique) || hoisted.get(&unique).is_some_and(|s| s != schema) {
        unique = format!("{name}{n}");
        n += 1;
    }
    hoisted.insert(unique.clone(), schema.clone());
    *schema = json!({"$ref": format!("#/components/schemas/{unique}")});
}

/// String-enum components reachable from any response: these become open.
pub fn open_enums(spec: &Value) -> Vec<String> {
    let schemas = spec
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    response_schemas(spec)
        .into_iter()
        .filter(|name| schemas.get(name).is_some_and(is_string_enum))
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
                out.push(unescape(name));
            }
            m.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

// ------------------------------------------------- 13. null in string enums

fn enum_lists_null(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("string")
        && schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null))
}

fn null_in_string_enums(spec: &mut Value) -> Result<(), String> {
    let nullable: BTreeSet<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| enum_lists_null(schema))
        .map(|(name, _)| format!("#/components/schemas/{}", escape(name)))
        .collect();
    let uses_nullable_enum = |prop: &Value| {
        enum_lists_null(prop)
            || prop
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| nullable.contains(r))
    };
    for_each_schema(spec, &mut |schema, _| {
        let Some(m) = schema.as_object_mut() else {
            return Ok(());
        };
        let optional: Vec<String> = m
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, prop)| uses_nullable_enum(prop))
            .map(|(name, _)| name.clone())
            .collect();
        if let Some(required) = m.get_mut("required").and_then(Value::as_array_mut) {
            required.retain(|name| {
                !name
                    .as_str()
                    .is_some_and(|n| optional.iter().any(|o| o == n))
            });
        }
        let string = m.get("type").and_then(Value::as_str) == Some("string");
        if string && let Some(values) = m.get_mut("enum").and_then(Value::as_array_mut) {
            values.retain(|v| !v.is_null());
        }
        Ok(())
    })
}
