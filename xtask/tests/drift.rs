//! `cargo xtask drift`: mutation pairs built from the real spec, each with the
//! rule and severity it must produce, plus the output formats, the exit
//! codes of the binary, and the rules table in docs/drift.md.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use xtask::drift::{self, Report, Severity, rules};

// ---------------------------------------------------------------- helpers

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = root().join("spec/whapi.openapi.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).expect("the checked-in spec is JSON")
    })
    .clone()
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// (path, method) of the operation with this operationId.
fn find_op(s: &Value, id: &str) -> (String, String) {
    for (path, item) in s["paths"].as_object().expect("paths") {
        for m in METHODS {
            if item.get(m).and_then(|o| o.get("operationId")) == Some(&json!(id)) {
                return (path.clone(), m.to_string());
            }
        }
    }
    panic!("no operation {id} in the spec")
}

fn op<'a>(s: &'a mut Value, id: &str) -> &'a mut Value {
    let (path, method) = find_op(s, id);
    &mut s["paths"][&path][&method]
}

fn schema<'a>(s: &'a mut Value, name: &str) -> &'a mut Value {
    let v = &mut s["components"]["schemas"][name];
    assert!(v.is_object(), "no schema {name}");
    v
}

fn ref_name(v: &Value) -> String {
    let r = v["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("not a $ref: {v}"));
    r.rsplit('/').next().unwrap_or(r).to_string()
}

fn ref_to(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema name of an operation's JSON request body.
fn body(s: &Value, id: &str) -> String {
    let (path, method) = find_op(s, id);
    ref_name(&s["paths"][&path][&method]["requestBody"]["content"]["application/json"]["schema"])
}

/// The first 2xx status of an operation and its JSON schema name.
fn ok(s: &Value, id: &str) -> (String, String) {
    let (path, method) = find_op(s, id);
    let responses = s["paths"][&path][&method]["responses"]
        .as_object()
        .expect("responses");
    let (status, resp) = responses
        .iter()
        .find(|(k, _)| k.starts_with('2'))
        .expect("a success response");
    (
        status.clone(),
        ref_name(&resp["content"]["application/json"]["schema"]),
    )
}

/// The component a property of a component points to (directly or via items).
fn prop_ref(s: &Value, schema_name: &str, prop: &str) -> String {
    let p = &s["components"]["schemas"][schema_name]["properties"][prop];
    if p.get("$ref").is_some() {
        ref_name(p)
    } else {
        ref_name(&p["items"])
    }
}

/// The parameter object (inline, or the component it references) named `name`.
fn param<'a>(s: &'a mut Value, id: &str, name: &str) -> &'a mut Value {
    let list = op(s, id)["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut component = None;
    let mut index = None;
    for (i, p) in list.iter().enumerate() {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let key = r.rsplit('/').next().unwrap_or(r).to_string();
                if s["components"]["parameters"][&key]["name"] == json!(name) {
                    component = Some(key);
                }
            }
            None if p["name"] == json!(name) => index = Some(i),
            None => {}
        }
    }
    match (component, index) {
        (Some(key), _) => &mut s["components"]["parameters"][&key],
        (None, Some(i)) => &mut op(s, id)["parameters"][i],
        _ => panic!("no parameter {name} on {id}"),
    }
}

fn gif(s: &mut Value) -> &mut Value {
    let name = body(s, "sendMessageGif");
    schema(s, &name)
}

fn sent(s: &mut Value) -> &mut Value {
    let (_, name) = ok(s, "sendMessageGif");
    schema(s, &name)
}

fn message(s: &mut Value) -> &mut Value {
    let (_, sent) = ok(s, "sendMessageGif");
    let name = prop_ref(s, &sent, "message");
    schema(s, &name)
}

fn messages_list(s: &mut Value) -> &mut Value {
    let (_, name) = ok(s, "getMessages");
    schema(s, &name)
}

fn sort_order(s: &mut Value) -> &mut Value {
    let r = param(s, "getMessages", "sort")["schema"].clone();
    schema(s, &ref_name(&r))
}

fn send_params(s: &mut Value) -> &mut Value {
    let r = param(s, "sendMediaMessage", "SendParams")["schema"].clone();
    schema(s, &ref_name(&r))
}

fn media_op(s: &mut Value) -> &mut Value {
    op(s, "sendMediaMessage")
}

fn add_required(v: &mut Value, name: &str) {
    match v["required"].as_array_mut() {
        Some(list) => list.push(json!(name)),
        None => v["required"] = json!([name]),
    }
}

/// Adds an enum value the list lacks (a value already there changes nothing).
fn push(array: &mut Value, item: Value) {
    let list = array.as_array_mut().expect("an enum list");
    assert!(!list.contains(&item), "{item} is already an enum value");
    list.push(item);
}

fn drop_required(v: &mut Value, name: &str) {
    if let Some(list) = v["required"].as_array_mut() {
        list.retain(|n| n != name);
    }
}

fn keep(_: &mut Value) {}

/// Renames the path parameter `MessageID` to `Id` everywhere, as a real
/// rename has to: in every path template and in every parameter that names
/// it (the shared components and inline ones), so each operation's template
/// and parameters still agree.
fn rename_message_id(s: &mut Value) {
    let renamed = |p: &mut Value| {
        if p["in"] == json!("path") && p["name"] == json!("MessageID") {
            p["name"] = json!("Id");
        }
    };
    if let Some(params) = s["components"]["parameters"].as_object_mut() {
        params.values_mut().for_each(renamed);
    }
    let paths = s["paths"].as_object_mut().expect("paths");
    let old: Vec<String> = paths
        .keys()
        .filter(|k| k.contains("{MessageID}"))
        .cloned()
        .collect();
    for k in old {
        let Some(mut item) = paths.remove(&k) else {
            continue;
        };
        // Path-level parameters, then each operation's.
        let item_map = item.as_object_mut().expect("path item");
        for (key, v) in item_map.iter_mut() {
            let list = match key.as_str() {
                "parameters" => Some(v),
                _ => v.get_mut("parameters"),
            };
            for p in list.and_then(Value::as_array_mut).into_iter().flatten() {
                renamed(p);
            }
        }
        paths.insert(k.replace("{MessageID}", "{Id}"), item);
    }
}

fn report(base: &Value, head: &Value) -> Report {
    drift::diff(base, head)
}

fn listing(r: &Report) -> String {
    r.changes
        .iter()
        .map(|c| {
            let via: Vec<&str> = c.reached_from.iter().map(|x| x.location.as_str()).collect();
            format!(
                "  {} {} @ {}: {}\n    via {via:?}",
                c.severity, c.rule, c.location, c.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the change originates at, or is reached through, a location
/// containing `at`.
fn seen_at(c: &drift::Change, at: &str) -> bool {
    c.location.contains(at) || c.reached_from.iter().any(|r| r.location.contains(at))
}

// ---------------------------------------------------------------- mutation pairs

/// One mutation pair: BASE = `base(spec)`, HEAD = `head(spec)`; the diff must
/// report `rule` (at a location containing `at`), and nothing but `rule` and
/// the rules in `also`.
struct Case {
    name: &'static str,
    base: fn(&mut Value),
    head: fn(&mut Value),
    rule: rules::Rule,
    at: &'static str,
    also: &'static [&'static str],
}

const fn case(
    name: &'static str,
    head: fn(&mut Value),
    rule: rules::Rule,
    at: &'static str,
) -> Case {
    Case {
        name,
        base: keep,
        head,
        rule,
        at,
        also: &[],
    }
}

/// The same mutation, applied to BASE instead of HEAD.
const fn reverse(
    name: &'static str,
    base: fn(&mut Value),
    rule: rules::Rule,
    at: &'static str,
) -> Case {
    Case {
        name,
        base,
        head: keep,
        rule,
        at,
        also: &[],
    }
}

fn cases() -> Vec<Case> {
    vec![
        // Paths and operations.
        case(
            "path removed",
            |s| {
                let (path, _) = find_op(s, "loginUser");
                s["paths"].as_object_mut().map(|p| p.remove(&path));
            },
            rules::PATH_REMOVED,
            "loginUser",
        ),
        case(
            "method removed, path stays",
            |s| {
                let (path, method) = find_op(s, "deleteMessage");
                s["paths"][&path].as_object_mut().map(|p| p.remove(&method));
            },
            rules::OPERATION_REMOVED,
            "DELETE ",
        ),
        case(
            "operation added",
            |s| {
                let mut new = op(s, "sendMessageGif").clone();
                new["operationId"] = json!("sendMessageGifTwice");
                s["paths"]["/messages/gif/twice"] = json!({ "post": new });
            },
            rules::OPERATION_ADDED,
            "POST /messages/gif/twice sendMessageGifTwice",
        ),
        case(
            "operationId renamed",
            |s| op(s, "sendMessageGif")["operationId"] = json!("sendGif"),
            rules::OPERATION_ID_RENAMED,
            "POST /messages/gif sendGif",
        ),
        case(
            "operation deprecated",
            |s| op(s, "getMessages")["deprecated"] = json!(true),
            rules::OPERATION_DEPRECATED,
            "getMessages",
        ),
        case(
            "path parameter renamed",
            rename_message_id,
            rules::REQUEST_PATH_PARAMETER_RENAMED,
            "deleteMessage parameter path Id",
        ),
        // Parameters.
        case(
            "new required query parameter",
            |s| {
                let p = json!({"name": "cursor", "in": "query", "required": true, "schema": {"type": "string"}});
                op(s, "getMessages")["parameters"]
                    .as_array_mut()
                    .expect("parameters")
                    .push(p);
            },
            rules::REQUEST_PARAMETER_REQUIRED_ADDED,
            "getMessages parameter query cursor",
        ),
        case(
            "new optional query parameter",
            |s| {
                let p = json!({"name": "cursor", "in": "query", "schema": {"type": "string"}});
                op(s, "getMessages")["parameters"]
                    .as_array_mut()
                    .expect("parameters")
                    .push(p);
            },
            rules::REQUEST_PARAMETER_OPTIONAL_ADDED,
            "getMessages parameter query cursor",
        ),
        case(
            "query parameter removed",
            |s| {
                let name = param(s, "getMessages", "author").clone();
                let list = op(s, "getMessages")["parameters"]
                    .as_array_mut()
                    .expect("parameters");
                list.retain(|p| {
                    let r = p.get("$ref").and_then(Value::as_str).unwrap_or("");
                    !(p.get("name") == name.get("name") || r.ends_with("/author"))
                });
            },
            rules::REQUEST_PARAMETER_REMOVED,
            "getMessages parameter query author",
        ),
        case(
            "parameter became required",
            |s| param(s, "getMessages", "count")["required"] = json!(true),
            rules::REQUEST_PARAMETER_BECAME_REQUIRED,
            "getMessages parameter query count",
        ),
        case(
            "parameter became optional",
            |s| param(s, "sendMediaMessage", "SendParams")["required"] = json!(false),
            rules::REQUEST_PARAMETER_BECAME_OPTIONAL,
            "sendMediaMessage parameter query SendParams",
        ),
        case(
            "parameter style changed",
            |s| param(s, "sendMediaMessage", "SendParams")["explode"] = json!(false),
            rules::REQUEST_PARAMETER_STYLE_CHANGED,
            "parameter query SendParams",
        ),
        // Request bodies.
        case(
            "required body added",
            |s| {
                op(s, "markMessageAsRead")["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
            },
            rules::REQUEST_BODY_REQUIRED_ADDED,
            "markMessageAsRead request body",
        ),
        case(
            "optional body added",
            |s| {
                op(s, "markMessageAsRead")["requestBody"] =
                    json!({"content": {"application/json": {"schema": {"type": "object"}}}});
            },
            rules::REQUEST_BODY_OPTIONAL_ADDED,
            "markMessageAsRead request body",
        ),
        case(
            "body removed",
            |s| {
                op(s, "reactToMessage")
                    .as_object_mut()
                    .map(|o| o.remove("requestBody"));
            },
            rules::REQUEST_BODY_REMOVED,
            "reactToMessage request body",
        ),
        reverse(
            "body became required",
            |s| op(s, "sendMessageGif")["requestBody"]["required"] = json!(false),
            rules::REQUEST_BODY_BECAME_REQUIRED,
            "sendMessageGif request body",
        ),
        case(
            "body became optional",
            |s| op(s, "sendMessageGif")["requestBody"]["required"] = json!(false),
            rules::REQUEST_BODY_BECAME_OPTIONAL,
            "sendMessageGif request body",
        ),
        case(
            "request media type removed",
            |s| {
                media_op(s)["requestBody"]["content"]
                    .as_object_mut()
                    .map(|c| c.remove("application/pdf"));
            },
            rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
            "sendMediaMessage request body",
        ),
        case(
            "request media type added",
            |s| {
                media_op(s)["requestBody"]["content"]["image/webp"] =
                    json!({"schema": {"type": "string", "format": "binary"}});
            },
            rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
            "sendMediaMessage request body",
        ),
        // Responses.
        case(
            "success status removed",
            |s| {
                let (status, _) = ok(s, "sendMessageGif");
                op(s, "sendMessageGif")["responses"]
                    .as_object_mut()
                    .map(|r| r.remove(&status));
            },
            rules::RESPONSE_SUCCESS_STATUS_REMOVED,
            "sendMessageGif response 2",
        ),
        case(
            "success status changed",
            |s| {
                let (status, _) = ok(s, "sendMessageGif");
                let responses = op(s, "sendMessageGif")["responses"]
                    .as_object_mut()
                    .expect("responses");
                if let Some(r) = responses.remove(&status) {
                    responses.insert(if status == "200" { "201" } else { "200" }.to_string(), r);
                }
            },
            rules::RESPONSE_SUCCESS_STATUS_CHANGED,
            "sendMessageGif response 2",
        ),
        case(
            "success status added",
            |s| {
                let (status, _) = ok(s, "sendMessageGif");
                let r = op(s, "sendMessageGif")["responses"][&status].clone();
                op(s, "sendMessageGif")["responses"]["202"] = r;
            },
            rules::RESPONSE_SUCCESS_STATUS_ADDED,
            "sendMessageGif response 202",
        ),
        case(
            "error status added",
            |s| {
                op(s, "sendMessageGif")["responses"]["409"] = json!({"description": "Conflict"});
            },
            rules::RESPONSE_ERROR_STATUS_ADDED,
            "sendMessageGif response 409",
        ),
        case(
            "error status removed",
            |s| {
                let responses = op(s, "sendMessageGif")["responses"]
                    .as_object_mut()
                    .expect("responses");
                let error = responses
                    .keys()
                    .find(|k| !k.starts_with('2'))
                    .cloned()
                    .expect("an error status");
                responses.remove(&error);
            },
            rules::RESPONSE_ERROR_STATUS_REMOVED,
            "sendMessageGif response ",
        ),
        case(
            "response media type removed",
            |s| {
                let (status, _) = ok(s, "getMessages");
                op(s, "getMessages")["responses"][&status]["content"]
                    .as_object_mut()
                    .map(|c| c.remove("application/json"));
            },
            rules::RESPONSE_MEDIA_TYPE_REMOVED,
            "getMessages response 2",
        ),
        case(
            "response media type added",
            |s| {
                let (status, _) = ok(s, "getMessages");
                op(s, "getMessages")["responses"][&status]["content"]["text/csv"] =
                    json!({"schema": {"type": "string"}});
            },
            rules::RESPONSE_MEDIA_TYPE_ADDED,
            "getMessages response 2",
        ),
        reverse(
            "response body added",
            |s| {
                let (status, _) = ok(s, "markMessageAsRead");
                op(s, "markMessageAsRead")["responses"][&status]
                    .as_object_mut()
                    .map(|r| r.remove("content"));
            },
            rules::RESPONSE_BODY_ADDED,
            "markMessageAsRead response 2",
        ),
        // Request schemas.
        case(
            "new required request property",
            |s| {
                gif(s)["properties"]["loop"] = json!({"type": "boolean"});
                add_required(gif(s), "loop");
            },
            rules::REQUEST_PROPERTY_REQUIRED_ADDED,
            "sendMessageGif request body .loop",
        ),
        case(
            "new optional request property",
            |s| gif(s)["properties"]["loop"] = json!({"type": "boolean"}),
            rules::REQUEST_PROPERTY_OPTIONAL_ADDED,
            "sendMessageGif request body .loop",
        ),
        case(
            "request property removed",
            |s| {
                gif(s)["properties"]
                    .as_object_mut()
                    .map(|p| p.remove("caption"));
            },
            rules::REQUEST_PROPERTY_REMOVED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request property became required",
            |s| add_required(gif(s), "caption"),
            rules::REQUEST_PROPERTY_BECAME_REQUIRED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request property became optional",
            |s| drop_required(gif(s), "media"),
            rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
            "sendMessageGif request body .media",
        ),
        case(
            "request property retyped",
            |s| gif(s)["properties"]["caption"]["type"] = json!("integer"),
            rules::REQUEST_PROPERTY_TYPE_CHANGED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request int32 → int64",
            |s| gif(s)["properties"]["height"]["format"] = json!("int64"),
            rules::REQUEST_PROPERTY_TYPE_WIDENED,
            "sendMessageGif request body .height",
        ),
        Case {
            also: &["component-schema-added"],
            ..case(
                "request $ref to another component",
                |s| {
                    let quoted = gif(s)["properties"]["quoted"].clone();
                    let mut copy = s["components"]["schemas"][ref_name(&quoted)].clone();
                    copy["description"] = json!("Quoted message ID");
                    s["components"]["schemas"]["QuotedMessageID"] = copy;
                    gif(s)["properties"]["quoted"] = ref_to("QuotedMessageID");
                },
                rules::REQUEST_PROPERTY_TYPE_RENAMED,
                "sendMessageGif request body .quoted",
            )
        },
        case(
            "required request property became nullable",
            |s| gif(s)["properties"]["media"]["nullable"] = json!(true),
            rules::REQUEST_PROPERTY_BECAME_NULLABLE,
            "sendMessageGif request body .media",
        ),
        reverse(
            "request property no longer nullable",
            |s| gif(s)["properties"]["caption"]["nullable"] = json!(true),
            rules::REQUEST_PROPERTY_BECAME_NON_NULLABLE,
            "sendMessageGif request body .caption",
        ),
        case(
            "request enum value removed",
            |s| {
                sort_order(s)["enum"].as_array_mut().map(|e| e.pop());
            },
            rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
            "getMessages parameter query sort",
        ),
        case(
            "request enum value added",
            |s| {
                push(&mut sort_order(s)["enum"], json!("relevance"));
            },
            rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
            "getMessages parameter query sort",
        ),
        case(
            "request value restricted to an enum",
            |s| {
                gif(s)["properties"]["mime_type"]["enum"] = json!(["video/mp4"]);
            },
            rules::REQUEST_PROPERTY_ENUM_ADDED,
            "sendMessageGif request body .mime_type",
        ),
        case(
            "request enum lifted",
            |s| {
                sort_order(s).as_object_mut().map(|o| o.remove("enum"));
            },
            rules::REQUEST_PROPERTY_ENUM_REMOVED,
            "getMessages parameter query sort",
        ),
        case(
            "request maximum lowered",
            |s| gif(s)["properties"]["ephemeral"]["maximum"] = json!(60),
            rules::REQUEST_PROPERTY_MAX_DECREASED,
            "sendMessageGif request body .ephemeral",
        ),
        case(
            "request maximum raised",
            |s| gif(s)["properties"]["ephemeral"]["maximum"] = json!(10_000_000),
            rules::REQUEST_PROPERTY_MAX_INCREASED,
            "sendMessageGif request body .ephemeral",
        ),
        case(
            "request minimum raised",
            |s| gif(s)["properties"]["ephemeral"]["minimum"] = json!(5),
            rules::REQUEST_PROPERTY_MIN_INCREASED,
            "sendMessageGif request body .ephemeral",
        ),
        case(
            "request minimum made exclusive",
            |s| gif(s)["properties"]["ephemeral"]["exclusiveMinimum"] = json!(true),
            rules::REQUEST_PROPERTY_MIN_INCREASED,
            "sendMessageGif request body .ephemeral",
        ),
        case(
            "request minimum lowered",
            |s| gif(s)["properties"]["ephemeral"]["minimum"] = json!(0),
            rules::REQUEST_PROPERTY_MIN_DECREASED,
            "sendMessageGif request body .ephemeral",
        ),
        case(
            "request maxLength added",
            |s| gif(s)["properties"]["caption"]["maxLength"] = json!(1024),
            rules::REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
            "sendMessageGif request body .caption",
        ),
        reverse(
            "request maxLength lifted",
            |s| gif(s)["properties"]["caption"]["maxLength"] = json!(1024),
            rules::REQUEST_PROPERTY_MAX_LENGTH_INCREASED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request minLength added",
            |s| gif(s)["properties"]["caption"]["minLength"] = json!(1),
            rules::REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
            "sendMessageGif request body .caption",
        ),
        reverse(
            "request minLength lifted",
            |s| gif(s)["properties"]["caption"]["minLength"] = json!(1),
            rules::REQUEST_PROPERTY_MIN_LENGTH_DECREASED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request maxItems added",
            |s| send_params(s)["properties"]["mentions"]["maxItems"] = json!(5),
            rules::REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
            "parameter query SendParams .mentions",
        ),
        reverse(
            "request maxItems lifted",
            |s| send_params(s)["properties"]["mentions"]["maxItems"] = json!(5),
            rules::REQUEST_PROPERTY_MAX_ITEMS_INCREASED,
            "parameter query SendParams .mentions",
        ),
        case(
            "request minItems added",
            |s| send_params(s)["properties"]["mentions"]["minItems"] = json!(1),
            rules::REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
            "parameter query SendParams .mentions",
        ),
        reverse(
            "request minItems lifted",
            |s| send_params(s)["properties"]["mentions"]["minItems"] = json!(1),
            rules::REQUEST_PROPERTY_MIN_ITEMS_DECREASED,
            "parameter query SendParams .mentions",
        ),
        case(
            "request pattern added",
            |s| gif(s)["properties"]["caption"]["pattern"] = json!("^\\S.*$"),
            rules::REQUEST_PROPERTY_PATTERN_ADDED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request pattern changed",
            |s| {
                let to = gif(s)["properties"]["to"].clone();
                schema(s, &ref_name(&to))["pattern"] = json!("^\\d{10,15}$");
            },
            rules::REQUEST_PROPERTY_PATTERN_CHANGED,
            "sendMessageGif request body .to",
        ),
        reverse(
            "request pattern removed",
            |s| gif(s)["properties"]["caption"]["pattern"] = json!("^\\S.*$"),
            rules::REQUEST_PROPERTY_PATTERN_REMOVED,
            "sendMessageGif request body .caption",
        ),
        case(
            "request default changed",
            |s| param(s, "getMessages", "count")["schema"]["default"] = json!(50),
            rules::REQUEST_PROPERTY_DEFAULT_CHANGED,
            "getMessages parameter query count",
        ),
        Case {
            base: |s| gif(s)["properties"]["to"] = json!({"oneOf": [ref_to("Recipient")]}),
            ..case(
                "request oneOf variant added",
                |s| {
                    gif(s)["properties"]["to"] =
                        json!({"oneOf": [ref_to("Recipient"), ref_to("ChatID")]});
                },
                rules::REQUEST_PROPERTY_VARIANT_ADDED,
                "sendMessageGif request body .to",
            )
        },
        Case {
            base: |s| {
                gif(s)["properties"]["to"] =
                    json!({"oneOf": [ref_to("Recipient"), ref_to("ChatID")]})
            },
            ..case(
                "request oneOf variant removed",
                |s| {
                    gif(s)["properties"]["to"] = json!({"oneOf": [ref_to("Recipient")]});
                },
                rules::REQUEST_PROPERTY_VARIANT_REMOVED,
                "sendMessageGif request body .to",
            )
        },
        // Response schemas.
        case(
            "required response property removed",
            |s| {
                sent(s)["properties"]
                    .as_object_mut()
                    .map(|p| p.remove("sent"));
                drop_required(sent(s), "sent");
            },
            rules::RESPONSE_PROPERTY_REMOVED,
            "sendMessageGif response 201 .sent",
        ),
        case(
            "optional response property removed",
            |s| {
                message(s)["properties"]
                    .as_object_mut()
                    .map(|p| p.remove("subtype"));
            },
            rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
            "getMessages response 200 .messages[].subtype",
        ),
        case(
            "response property added",
            |s| sent(s)["properties"]["queued"] = json!({"type": "boolean"}),
            rules::RESPONSE_PROPERTY_ADDED,
            "sendMessageGif response 201 .queued",
        ),
        case(
            "response property became optional",
            |s| drop_required(sent(s), "sent"),
            rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
            "sendMessageGif response 201 .sent",
        ),
        case(
            "response property became required",
            |s| add_required(sent(s), "message"),
            rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
            "sendMessageGif response 201 .message",
        ),
        case(
            "response property retyped",
            |s| message(s)["properties"]["timestamp"] = json!({"type": "string"}),
            rules::RESPONSE_PROPERTY_TYPE_CHANGED,
            "getMessages response 200 .messages[].timestamp",
        ),
        case(
            "response number → integer",
            |s| {
                message(s)["properties"]["timestamp"] =
                    json!({"type": "integer", "format": "int64"});
            },
            rules::RESPONSE_PROPERTY_TYPE_NARROWED,
            "getMessages response 200 .messages[].timestamp",
        ),
        case(
            "response int32 → int64",
            |s| messages_list(s)["properties"]["total"]["format"] = json!("int64"),
            rules::RESPONSE_PROPERTY_TYPE_CHANGED,
            "getMessages response 200 .total",
        ),
        Case {
            also: &["component-schema-added"],
            ..case(
                "response $ref to another component",
                |s| {
                    let m = sent(s)["properties"]["message"].clone();
                    let copy = s["components"]["schemas"][ref_name(&m)].clone();
                    s["components"]["schemas"]["SentMessageBody"] = copy;
                    sent(s)["properties"]["message"] = ref_to("SentMessageBody");
                },
                rules::RESPONSE_PROPERTY_TYPE_RENAMED,
                "sendMessageGif response 201 .message",
            )
        },
        case(
            "response property became nullable",
            |s| sent(s)["properties"]["sent"]["nullable"] = json!(true),
            rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
            "sendMessageGif response 201 .sent",
        ),
        reverse(
            "required response property no longer nullable",
            |s| {
                sent(s)["properties"]["sent"]["nullable"] = json!(true);
            },
            rules::RESPONSE_PROPERTY_BECAME_NON_NULLABLE,
            "sendMessageGif response 201 .sent",
        ),
        case(
            "response enum value added",
            |s| {
                let t = message(s)["properties"]["type"].clone();
                push(&mut schema(s, &ref_name(&t))["enum"], json!("hologram"));
            },
            rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
            "getMessages response 200 .messages[].type",
        ),
        case(
            "response enum value removed",
            |s| {
                let t = message(s)["properties"]["type"].clone();
                schema(s, &ref_name(&t))["enum"]
                    .as_array_mut()
                    .map(|e| e.pop());
            },
            rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
            "getMessages response 200 .messages[].type",
        ),
        case(
            "response value restricted to an enum",
            |s| {
                message(s)["properties"]["subtype"]["enum"] = json!(["edited", "forwarded"]);
            },
            rules::RESPONSE_PROPERTY_ENUM_ADDED,
            "getMessages response 200 .messages[].subtype",
        ),
        case(
            "response enum lifted",
            |s| {
                let t = message(s)["properties"]["status"].clone();
                schema(s, &ref_name(&t))
                    .as_object_mut()
                    .map(|o| o.remove("enum"));
            },
            rules::RESPONSE_PROPERTY_ENUM_REMOVED,
            "getMessages response 200 .messages[].status",
        ),
        case(
            "response pattern added",
            |s| message(s)["properties"]["chat_id"]["pattern"] = json!("^.+@.+$"),
            rules::RESPONSE_PROPERTY_PATTERN_ADDED,
            "getMessages response 200 .messages[].chat_id",
        ),
        Case {
            base: |s| message(s)["properties"]["chat_id"]["pattern"] = json!("^.+@.+$"),
            ..case(
                "response pattern changed",
                |s| {
                    message(s)["properties"]["chat_id"]["pattern"] = json!("^\\d+@.+$");
                },
                rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
                "getMessages response 200 .messages[].chat_id",
            )
        },
        reverse(
            "response pattern removed",
            |s| message(s)["properties"]["chat_id"]["pattern"] = json!("^.+@.+$"),
            rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
            "getMessages response 200 .messages[].chat_id",
        ),
        case(
            "response string format added",
            |s| message(s)["properties"]["chat_id"]["format"] = json!("email"),
            rules::RESPONSE_PROPERTY_STRING_FORMAT_CHANGED,
            "getMessages response 200 .messages[].chat_id",
        ),
        reverse(
            "response string format removed",
            |s| message(s)["properties"]["chat_id"]["format"] = json!("date-time"),
            rules::RESPONSE_PROPERTY_STRING_FORMAT_CHANGED,
            "getMessages response 200 .messages[].chat_id",
        ),
        Case {
            base: |s| message(s)["properties"]["from"]["maxLength"] = json!(32),
            ..case(
                "response maxLength raised",
                |s| message(s)["properties"]["from"]["maxLength"] = json!(64),
                rules::RESPONSE_PROPERTY_LENGTH_WIDENED,
                "getMessages response 200 .messages[].from",
            )
        },
        case(
            "response minLength added",
            |s| message(s)["properties"]["from"]["minLength"] = json!(1),
            rules::RESPONSE_PROPERTY_LENGTH_NARROWED,
            "getMessages response 200 .messages[].from",
        ),
        case(
            "response maximum changed",
            |s| messages_list(s)["properties"]["count"]["maximum"] = json!(500),
            rules::RESPONSE_PROPERTY_RANGE_CHANGED,
            "getMessages response 200 .count",
        ),
        case(
            "response default changed",
            |s| messages_list(s)["properties"]["count"]["default"] = json!(50),
            rules::RESPONSE_PROPERTY_DEFAULT_CHANGED,
            "getMessages response 200 .count",
        ),
        Case {
            base: |s| sent(s)["properties"]["message"] = json!({"oneOf": [ref_to("Message")]}),
            ..case(
                "response oneOf variant added",
                |s| {
                    sent(s)["properties"]["message"] =
                        json!({"oneOf": [ref_to("Message"), ref_to("ResponseError")]});
                },
                rules::RESPONSE_PROPERTY_VARIANT_ADDED,
                "sendMessageGif response 201 .message",
            )
        },
        Case {
            base: |s| {
                sent(s)["properties"]["message"] =
                    json!({"anyOf": [ref_to("Message"), ref_to("ResponseError")]})
            },
            ..case(
                "response anyOf variant removed",
                |s| {
                    sent(s)["properties"]["message"] = json!({"anyOf": [ref_to("Message")]});
                },
                rules::RESPONSE_PROPERTY_VARIANT_REMOVED,
                "sendMessageGif response 201 .message",
            )
        },
        // Components.
        case(
            "component added",
            |s| s["components"]["schemas"]["Unused"] = json!({"type": "string"}),
            rules::COMPONENT_SCHEMA_ADDED,
            "components.schemas.Unused",
        ),
        reverse(
            "component removed",
            |s| s["components"]["schemas"]["Unused"] = json!({"type": "string"}),
            rules::COMPONENT_SCHEMA_REMOVED,
            "components.schemas.Unused",
        ),
        case(
            "component renamed",
            |s| {
                let name = body(s, "sendMessageGif");
                let mut moved = s["components"]["schemas"]
                    .as_object_mut()
                    .and_then(|c| c.remove(&name))
                    .expect("body schema");
                moved["title"] = json!("GIF parameters");
                moved["description"] = json!("Renamed, same shape");
                s["components"]["schemas"]["GifParameters"] = moved;
                op(s, "sendMessageGif")["requestBody"]["content"]["application/json"]["schema"] =
                    ref_to("GifParameters");
            },
            rules::COMPONENT_SCHEMA_RENAMED,
            "components.schemas.",
        ),
    ]
}

fn check(case: &Case) -> Result<(), String> {
    let (mut base, mut head) = (spec(), spec());
    (case.base)(&mut base);
    (case.head)(&mut head);
    let r = report(&base, &head);
    let hit = r
        .changes
        .iter()
        .any(|c| c.rule == case.rule.id && c.severity == case.rule.severity && seen_at(c, case.at));
    let stray: Vec<&str> = r
        .changes
        .iter()
        .map(|c| c.rule)
        .filter(|id| *id != case.rule.id && !case.also.contains(id))
        .collect();
    if hit && stray.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}: expected {} {} at `…{}…`{}\n{}",
        case.name,
        case.rule.severity,
        case.rule.id,
        case.at,
        if stray.is_empty() {
            String::new()
        } else {
            format!(", unexpected {stray:?}")
        },
        listing(&r)
    ))
}

#[test]
fn mutation_pairs_report_their_rule_and_severity() {
    let cases = cases();
    assert!(cases.len() >= 30);
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_path_parameter_rename_is_reported_on_each_operation_it_renames() {
    let base = spec();
    let mut head = base.clone();
    rename_message_id(&mut head);
    let mut expected: Vec<String> = Vec::new();
    for (path, item) in base["paths"].as_object().expect("paths") {
        for m in METHODS {
            if path.contains("{MessageID}")
                && let Some(id) = item.get(m).and_then(|o| o["operationId"].as_str())
            {
                let head_path = path.replace("{MessageID}", "{Id}");
                expected.push(format!(
                    "{} {head_path} {id} parameter path Id",
                    m.to_uppercase()
                ));
            }
        }
    }
    expected.sort();
    assert!(expected.len() > 1, "{expected:?}");
    let r = report(&base, &head);
    assert!(
        r.changes
            .iter()
            .all(|c| c.rule == rules::REQUEST_PATH_PARAMETER_RENAMED.id),
        "{}",
        listing(&r)
    );
    let mut at: Vec<&str> = r.changes.iter().map(|c| c.location.as_str()).collect();
    at.sort_unstable();
    assert_eq!(at, expected, "{}", listing(&r));
}

#[test]
fn every_rule_is_exercised_by_a_mutation_pair() {
    let covered: Vec<&str> = cases().iter().map(|c| c.rule.id).collect();
    let missing: Vec<&str> = rules::ALL
        .iter()
        .map(|r| r.id)
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a mutation pair: {missing:?}"
    );
}

#[test]
fn rule_ids_are_unique_and_documented_with_their_severity() {
    let doc_path = root().join("docs/drift.md");
    let doc = std::fs::read_to_string(&doc_path)
        .unwrap_or_else(|e| panic!("{}: {e}", doc_path.display()));
    // Table rows: | `rule-id` | what | severity | why |
    let mut documented = std::collections::BTreeMap::new();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        // Rule rows only: the severity table has the bump in that column.
        if let [id, _, severity, ..] = cells.as_slice()
            && Severity::parse(severity.trim_matches('`')).is_some()
        {
            documented.insert(
                id.trim_matches('`').to_string(),
                severity.trim_matches('`').to_string(),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for rule in rules::ALL {
        assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
        assert_eq!(
            documented.get(rule.id).map(String::as_str),
            Some(rule.severity.as_str()),
            "docs/drift.md must list `{}` as {}",
            rule.id,
            rule.severity
        );
    }
    let stale: Vec<&String> = documented
        .keys()
        .filter(|id| rules::by_id(id).is_none())
        .collect();
    assert!(
        stale.is_empty(),
        "docs/drift.md lists rules the code does not have: {stale:?}"
    );
}

// ---------------------------------------------------------------- no-op changes

#[test]
fn identical_specs_report_nothing() {
    let r = report(&spec(), &spec());
    assert!(r.changes.is_empty(), "{}", listing(&r));
    assert_eq!(r.to_markdown(), "**API drift:** no API changes.\n");
}

/// Rewrites every description, summary, example, title and `x-` extension.
fn reword(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "description" | "summary" | "title" => {
                        *child = json!(format!("reworded: {child}"))
                    }
                    "example" => *child = json!({"reworded": true}),
                    k if k.starts_with("x-") => *child = json!(["reworded"]),
                    // Keys here are property names (`title`, `description`
                    // are real properties of some schemas): reword inside only.
                    "properties" => child
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|p| p.values_mut())
                        .for_each(reword),
                    _ => reword(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reword),
        _ => {}
    }
}

#[test]
fn description_summary_example_and_extension_changes_report_nothing() {
    let mut head = spec();
    reword(&mut head);
    assert_ne!(head, spec());
    let r = report(&spec(), &head);
    assert!(r.changes.is_empty(), "{}", listing(&r));
}

#[test]
fn reordered_required_enum_and_parameters_report_nothing() {
    let mut head = spec();
    let reverse_array = |v: &mut Value| {
        if let Some(a) = v.as_array_mut() {
            a.reverse();
        }
    };
    reverse_array(&mut gif(&mut head)["required"]);
    reverse_array(&mut sort_order(&mut head)["enum"]);
    reverse_array(&mut op(&mut head, "getMessages")["parameters"]);
    let r = report(&spec(), &head);
    assert!(r.changes.is_empty(), "{}", listing(&r));
}

#[test]
fn all_of_is_followed() {
    // The same request body, split into an allOf of a shared part and the rest.
    let split = |s: &mut Value| {
        let whole = gif(s).clone();
        let mut shared = json!({"type": "object", "properties": {}, "required": []});
        let mut rest = whole.clone();
        for name in ["to", "media"] {
            if let Some(p) = rest["properties"]
                .as_object_mut()
                .and_then(|p| p.remove(name))
            {
                shared["properties"][name] = p;
                add_required(&mut shared, name);
            }
        }
        drop_required(&mut rest, "to");
        drop_required(&mut rest, "media");
        s["components"]["schemas"]["SendTarget"] = shared;
        *gif(s) = json!({"allOf": [ref_to("SendTarget"), rest]});
    };
    let (base, mut head) = (spec(), spec());
    split(&mut head);
    let r = report(&base, &head);
    let rules: Vec<&str> = r.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["component-schema-added"], "{}", listing(&r));

    // A new required property inside an allOf member is seen through the merge.
    let mut head2 = head.clone();
    head2["components"]["schemas"]["SendTarget"]["properties"]["loop"] = json!({"type": "boolean"});
    add_required(&mut head2["components"]["schemas"]["SendTarget"], "loop");
    // It originates in the member component, reached through the body.
    let r = report(&head, &head2);
    assert_eq!(r.changes.len(), 1, "{}", listing(&r));
    let c = &r.changes[0];
    assert_eq!(c.rule, "request-property-required-added");
    assert_eq!(c.location, "components.schemas.SendTarget.loop");
    let via: Vec<&str> = c.reached_from.iter().map(|x| x.location.as_str()).collect();
    assert_eq!(
        via,
        ["POST /messages/gif sendMessageGif request body .loop"]
    );
}

#[test]
fn a_schema_reachable_from_both_directions_gets_both_rule_sets() {
    // Find a component that some request and some response reach: the one
    // the interactive send body and the interactive message content share.
    let s = spec();
    let req = body(&s, "sendMessageInteractive");
    let shared = s["components"]["schemas"][&req]["properties"]
        .as_object()
        .expect("properties")
        .values()
        .filter_map(|p| p.get("$ref").map(|_| ref_name(p)))
        .find(|name| {
            s["components"]["schemas"]
                .as_object()
                .expect("schemas")
                .iter()
                .any(|(n, v)| {
                    n.starts_with("MessageContent") && v.to_string().contains(&format!("/{name}\""))
                })
        })
        .expect("a component shared by a request and a response");
    let mut head = s.clone();
    let target = &mut head["components"]["schemas"][&shared];
    target["properties"]["lang"] = json!({"type": "string"});
    add_required(target, "lang");
    let r = report(&s, &head);
    let has = |rule: &str, sev: Severity| {
        r.changes
            .iter()
            .any(|c| c.rule == rule && c.severity == sev)
    };
    assert!(
        has("request-property-required-added", Severity::Breaking),
        "{}",
        listing(&r)
    );
    assert!(
        has("response-property-added", Severity::Compatible),
        "{}",
        listing(&r)
    );
}

#[test]
fn recursive_schemas_terminate() {
    let mut base = spec();
    message(&mut base)["properties"]["quoted"] = ref_to("Message");
    let mut head = base.clone();
    message(&mut head)["properties"]["edited"] = json!({"type": "boolean"});
    let r = report(&base, &head);
    // One change, at the component, reached through the list and not
    // through the recursion more than once.
    assert_eq!(r.changes.len(), 1, "{}", listing(&r));
    let c = &r.changes[0];
    assert_eq!(c.location, "components.schemas.Message.edited");
    assert!(
        c.reached_from
            .iter()
            .any(|x| x.location.ends_with(".messages[].edited")),
        "{}",
        listing(&r)
    );
    assert!(
        c.reached_from
            .iter()
            .all(|x| x.location.matches(".quoted").count() <= 1),
        "{}",
        listing(&r)
    );
}

// ---------------------------------------------------------------- output

fn sample_pair() -> (Value, Value) {
    let base = spec();
    let mut head = spec();
    sent(&mut head)["properties"]
        .as_object_mut()
        .map(|p| p.remove("sent"));
    drop_required(sent(&mut head), "sent");
    gif(&mut head)["properties"]["loop"] = json!({"type": "boolean"});
    add_required(gif(&mut head), "loop");
    op(&mut head, "getMessages")["operationId"] = json!("listMessages");
    head["components"]["schemas"]["Unused"] = json!({"type": "string"});
    let t = message(&mut head)["properties"]["type"].clone();
    push(
        &mut schema(&mut head, &ref_name(&t))["enum"],
        json!("hologram"),
    );
    (base, head)
}

#[test]
fn json_has_the_documented_shape_and_order() {
    let (base, head) = sample_pair();
    let text = report(&base, &head).to_json();
    let v: Value = serde_json::from_str(&text).expect("JSON output");
    let obj = v.as_object().expect("object");
    let mut top: Vec<&str> = obj.keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(top, ["changes", "summary"]);
    let summary = v["summary"].as_object().expect("summary");
    let mut keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["breaking", "compatible", "rust_breaking"]);
    let changes = v["changes"].as_array().expect("changes");
    let count = |sev: &str| {
        changes
            .iter()
            .filter(|c| c["severity"] == json!(sev))
            .count()
    };
    assert_eq!(summary["breaking"], json!(count("breaking")));
    assert_eq!(summary["rust_breaking"], json!(count("rust-breaking")));
    assert_eq!(summary["compatible"], json!(count("compatible")));
    assert!(count("breaking") > 0 && count("rust-breaking") > 0 && count("compatible") > 0);
    let rank = |s: &Value| {
        ["breaking", "rust-breaking", "compatible"]
            .iter()
            .position(|x| s == &json!(x))
    };
    let mut keys_seen = Vec::new();
    for c in changes {
        let mut keys: Vec<&str> = c
            .as_object()
            .expect("change")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "direction",
                "location",
                "message",
                "operations",
                "reached_from",
                "rule",
                "severity"
            ]
        );
        let reached = c["reached_from"].as_array().expect("reached_from");
        let mut ops: Vec<&str> = reached
            .iter()
            .map(|x| x["operation"].as_str().expect("operation"))
            .collect();
        ops.dedup();
        assert_eq!(c["operations"], json!(ops.len()));
        for x in reached {
            let at = x["location"].as_str().expect("location");
            assert!(
                at.starts_with(x["operation"].as_str().unwrap_or("?")),
                "{at}"
            );
        }
        let rule = c["rule"].as_str().expect("rule");
        assert!(rules::by_id(rule).is_some(), "unknown rule {rule}");
        keys_seen.push((
            rank(&c["severity"]).expect("severity"),
            c["location"].as_str().unwrap_or("").to_string(),
            rule.to_string(),
        ));
    }
    let mut sorted = keys_seen.clone();
    sorted.sort();
    assert_eq!(
        keys_seen, sorted,
        "changes must be ordered by severity, location, rule"
    );
    // The raw text keeps `summary` before `changes`, and the output is deterministic.
    assert!(text.find("\"summary\"") < text.find("\"changes\""));
    assert_eq!(text, report(&base, &head).to_json());
}

#[test]
fn markdown_reads_as_a_pr_comment() {
    let (base, head) = sample_pair();
    let r = report(&base, &head);
    let md = r.to_markdown();
    let s = r.summary();
    let first = md.lines().next().unwrap_or("");
    assert_eq!(
        first,
        format!(
            "**API drift:** {} breaking, {} rust-breaking, {} compatible",
            s.breaking, s.rust_breaking, s.compatible
        )
    );
    assert_eq!(md.matches("**API drift:**").count(), 1);
    let pos = |needle: &str| {
        md.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing from:\n{md}"))
    };
    assert!(pos("### Breaking") < pos("### Rust-breaking"));
    assert!(pos("### Rust-breaking") < pos("### Compatible"));
    assert!(pos("request-property-required-added") < pos("response-property-enum-value-added"));
    assert!(pos("response-property-removed") < pos("operation-id-renamed"));
    // The summary table comes before the sections, one row per area.
    assert!(pos("| area | breaking | rust-breaking | compatible |") < pos("### Breaking"));
    assert!(md.contains("| Messages |"), "{md}");
    // Grouped by origin: the gif body component heads its breaking changes
    // once, and the operation-level rename stays under its operation.
    let breaking = &md[pos("### Breaking")..pos("### Rust-breaking")];
    assert_eq!(
        breaking
            .matches("**`components.schemas.SenderGif`**")
            .count(),
        1,
        "{md}"
    );
    assert!(
        breaking.contains(
            "- `.loop`: new required property `loop` (boolean) (`request-property-required-added`, request side) — reached by 1 operation(s) in Messages"
        ),
        "{md}"
    );
    assert!(md.contains("**`GET /messages/list listMessages`**"), "{md}");
    // Compatible changes are folded by rule, with their count.
    let compatible = &md[pos("### Compatible")..];
    assert!(
        compatible.contains(
            "<details><summary><code>response-property-enum-value-added</code>: 1</summary>"
        ),
        "{md}"
    );
    assert!(md.len() <= drift::MARKDOWN_LIMIT);
}

// ---------------------------------------------------------------- the binary

struct Files(PathBuf);

impl Files {
    fn new(name: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("xtask-drift-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Files(dir)
    }

    fn write(&self, name: &str, v: &Value) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, serde_json::to_string(v).expect("json")).expect("write");
        path.display().to_string()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("drift")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run xtask");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fail_on_sets_the_exit_code() {
    let files = Files::new("fail-on");
    let base = files.write("base.json", &spec());
    let (_, breaking) = sample_pair();
    let breaking = files.write("breaking.json", &breaking);
    let mut rust_only = spec();
    op(&mut rust_only, "sendMessageGif")["operationId"] = json!("sendGif");
    let rust_only = files.write("rust.json", &rust_only);
    let mut compatible = spec();
    compatible["components"]["schemas"]["Unused"] = json!({"type": "string"});
    let compatible = files.write("compatible.json", &compatible);

    let (code, out, _) = xtask(&[&base, &breaking]);
    assert_eq!(code, 0, "no --fail-on: exit 0 whatever the report");
    assert!(out.starts_with("**API drift:**"));
    let (code, out, err) = xtask(&[&base, &breaking, "--fail-on", "breaking"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("**API drift:**"),
        "the report is printed before failing"
    );
    assert!(err.contains("--fail-on breaking"), "{err}");
    let (code, _, _) = xtask(&[&base, &rust_only, "--fail-on", "breaking"]);
    assert_eq!(code, 0);
    let (code, _, err) = xtask(&[&base, &rust_only, "--fail-on=rust-breaking"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = xtask(&[&base, &breaking, "--fail-on", "rust-breaking"]);
    assert_eq!(code, 1);
    let (code, out, _) = xtask(&[
        &base,
        &compatible,
        "--fail-on",
        "rust-breaking",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json output");
    assert_eq!(
        v["summary"],
        json!({"breaking": 0, "rust_breaking": 0, "compatible": 1})
    );
}

#[test]
fn bad_inputs_exit_2_with_a_clear_message() {
    let files = Files::new("errors");
    let base = files.write("base.json", &spec());
    let bad = files.0.join("bad.json");
    std::fs::write(&bad, "{ not json").expect("write");
    let bad = bad.display().to_string();
    let missing = files.0.join("missing.json").display().to_string();
    let not_openapi = files.write("array.json", &json!([1, 2]));

    let (code, _, err) = xtask(&[&bad, &base]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json") && err.contains("not valid JSON"),
        "{err}"
    );
    let (code, _, err) = xtask(&[&base, &missing]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.json") && err.contains("cannot read"),
        "{err}"
    );
    let (code, _, err) = xtask(&[&base, &not_openapi]);
    assert_eq!(code, 2);
    assert!(
        err.contains("array.json") && err.contains("no `paths`"),
        "{err}"
    );
    let (code, _, err) = xtask(&["no-such-rev-for-drift:spec/whapi.openapi.json", &base]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-rev-for-drift:spec/whapi.openapi.json"),
        "{err}"
    );
    let (code, _, err) = xtask(&[&base]);
    assert_eq!(code, 2);
    assert!(err.contains("BASE and HEAD"), "{err}");
    let (code, _, err) = xtask(&[&base, &base, "--fail-on", "minor"]);
    assert_eq!(code, 2);
    assert!(err.contains("minor"), "{err}");
    let (code, _, err) = xtask(&[&base, &base, "--colour"]);
    assert_eq!(code, 2);
    assert!(err.contains("--colour"), "{err}");
}

#[test]
fn git_references_are_read_with_git_show() {
    // The spec as committed at HEAD against the work tree: whatever differs,
    // the command reads the reference and reports.
    let has_git = Command::new("git")
        .args(["rev-parse", "HEAD:spec/whapi.openapi.json"])
        .current_dir(root())
        .output();
    if !has_git.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no git history for spec/whapi.openapi.json");
        return;
    }
    let (code, out, err) = xtask(&[
        "HEAD:spec/whapi.openapi.json",
        "spec/whapi.openapi.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json output");
    assert!(v["summary"].is_object());
}
