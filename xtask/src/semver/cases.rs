//! The cross-check's mutation cases: one wire-compatible change each, with
//! code a user wrote against the base API.

use super::Case;
use serde_json::{Value, json};

/// One operation, `POST /things`: body `Req`, 200 response `Resp`.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "cross-check", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "createThing",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Resp"}}}}}
        }}},
        "components": {"schemas": {
            "Req": {"type": "object", "required": ["to", "media"], "properties": {
                "to": {"type": "string"},
                "media": {"type": "string"},
                "caption": {"type": "string"},
                "height": {"type": "integer", "format": "int32"},
                "sort": {"$ref": "#/components/schemas/Sort"}
            }},
            "Resp": {"type": "object", "required": ["id", "chat_id", "note"], "properties": {
                "id": {"type": "string"},
                "chat_id": {"type": "string"},
                "subtype": {"type": "string"},
                "status": {"$ref": "#/components/schemas/Status"},
                "note": {"type": "string", "nullable": true}
            }},
            "Sort": {"type": "string", "enum": ["asc", "desc"]},
            "Status": {"type": "string", "enum": ["sent", "read"]}
        }}
    })
}

fn case(name: &'static str, mutate: fn(&mut Value), user: &'static str) -> Case {
    let mut head = base();
    mutate(&mut head);
    Case {
        name,
        base: base(),
        head,
        user,
    }
}

fn schema<'a>(s: &'a mut Value, name: &str) -> &'a mut Value {
    &mut s["components"]["schemas"][name]
}

fn remove(v: &mut Value, key: &str) {
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
}

const BUILD: &str =
    "pub fn send() { let _ = types::Req::builder().to(\"123\").media(\"https://x\"); }";

pub fn all() -> Vec<Case> {
    vec![
        case(
            "request optional property added",
            |s| schema(s, "Req")["properties"]["looped"] = json!({"type": "boolean"}),
            BUILD,
        ),
        case(
            "request property removed",
            |s| remove(&mut schema(s, "Req")["properties"], "caption"),
            // An optional field's setter takes `Option<String>`: a `String` converts, a `&str` does not.
            "pub fn send() { let _ = types::Req::builder().to(\"1\").media(\"m\").caption(String::from(\"hi\")); }",
        ),
        case(
            "request property became optional",
            |s| schema(s, "Req")["required"] = json!(["to"]),
            BUILD,
        ),
        case(
            "required request property became nullable",
            |s| schema(s, "Req")["properties"]["media"]["nullable"] = json!(true),
            BUILD,
        ),
        case(
            "request enum value added",
            |s| schema(s, "Sort")["enum"] = json!(["asc", "desc", "relevance"]),
            "pub fn send() { let _ = types::Req::builder().to(\"1\").media(\"m\").sort(types::Sort::Asc); }",
        ),
        case(
            "request enum lifted",
            |s| remove(schema(s, "Sort"), "enum"),
            "pub fn send() { let _ = types::Req::builder().to(\"1\").media(\"m\").sort(types::Sort::Asc); }",
        ),
        case(
            "request int32 → int64 (optional field)",
            |s| schema(s, "Req")["properties"]["height"]["format"] = json!("int64"),
            // A literal would still infer `i64`; a value the user typed `i32` does not convert.
            "pub fn send(height: i32) { let _ = types::Req::builder().to(\"1\").media(\"m\").height(height); }",
        ),
        case(
            "response property added",
            |s| schema(s, "Resp")["properties"]["queued"] = json!({"type": "boolean"}),
            "pub fn read(r: &types::Resp) -> usize { r.id.len() + r.chat_id.len() }",
        ),
        case(
            "response optional property removed",
            |s| remove(&mut schema(s, "Resp")["properties"], "subtype"),
            "pub fn read(r: &types::Resp) -> bool { r.subtype.is_some() }",
        ),
        case(
            "response property became required",
            |s| schema(s, "Resp")["required"] = json!(["id", "chat_id", "note", "subtype"]),
            "pub fn read(r: &types::Resp) -> usize { r.subtype.as_ref().map_or(0, |s| s.len()) }",
        ),
        case(
            "required response property no longer nullable",
            |s| remove(&mut schema(s, "Resp")["properties"]["note"], "nullable"),
            "pub fn read(r: &types::Resp) -> bool { r.note.is_some() }",
        ),
        case(
            "response enum value added",
            |s| schema(s, "Status")["enum"] = json!(["sent", "read", "played"]),
            "pub fn read(r: &types::Resp) -> u8 { match &r.status { Some(OpenEnum::Known(types::StatusKnown::Read)) => 2, Some(OpenEnum::Known(_)) => 1, _ => 0 } }",
        ),
        case(
            "response enum value removed",
            |s| schema(s, "Status")["enum"] = json!(["sent"]),
            "pub fn read(r: &types::Resp) -> u8 { match &r.status { Some(OpenEnum::Known(types::StatusKnown::Read)) => 2, _ => 0 } }",
        ),
        case(
            "response pattern added",
            |s| schema(s, "Resp")["properties"]["chat_id"]["pattern"] = json!("^.+@.+$"),
            "pub fn read(r: &types::Resp) -> usize { r.chat_id.len() }",
        ),
        case(
            "response string format added",
            |s| schema(s, "Resp")["properties"]["id"]["format"] = json!("uuid"),
            "pub fn read(r: &types::Resp) -> usize { r.id.len() }",
        ),
    ]
}
