//! The transformation build.rs applies before progenitor, and its errors.

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;

mod support;

use build_script::{AREAS, CHAT_ID_PATTERNS, generate, generate_areas, open_enums, prepare, prune};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn media_op(spec: &Value) -> &Value {
    &spec["paths"]["/messages/media/{MediaMessageType}"]["post"]
}

#[test]
fn send_params_object_is_flattened_into_query_parameters() {
    let spec = support::spec();
    let sender_media = spec["components"]["schemas"]["SenderMedia"].clone();
    let prepared = prepare(spec).expect("prepares");
    let params = media_op(&prepared)["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(
        !names.contains(&"SendParams"),
        "the object parameter is gone: {names:?}"
    );
    let props = sender_media["properties"].as_object().expect("properties");
    for prop in props.keys() {
        let p = params
            .iter()
            .find(|p| p["name"] == json!(prop))
            .unwrap_or_else(|| panic!("query parameter {prop}"));
        assert_eq!(p["in"], json!("query"));
        assert_eq!(p["schema"], props[prop], "{prop} keeps its schema");
        assert_eq!(
            p["required"],
            json!(prop == "to"),
            "{prop} required only if SenderMedia requires it"
        );
    }
    assert_eq!(params.len(), props.len() + 1, "the path parameter stays");
    assert!(
        prepared.pointer("/components/parameters").is_none(),
        "parameters are inlined"
    );
}

#[test]
fn raw_upload_keeps_one_binary_media_type() {
    let spec = support::spec();
    assert!(
        media_op(&spec)["requestBody"]["content"]
            .as_object()
            .expect("content")
            .len()
            > 1
    );
    let prepared = prepare(spec).expect("prepares");
    let content = media_op(&prepared)["requestBody"]["content"]
        .as_object()
        .expect("content")
        .clone();
    assert_eq!(
        content.keys().collect::<Vec<_>>(),
        ["application/octet-stream"]
    );
    assert_eq!(
        content["application/octet-stream"]["schema"],
        json!({"type": "string", "format": "binary"})
    );
}

#[test]
fn response_enums_are_open_and_request_enums_strict() {
    let spec = support::spec();
    let open = open_enums(&spec);
    for name in [
        "MessageType",
        "MessageStatus",
        "QRStatus",
        "ButtonType",
        "MessageActionType",
        "ProductItemsType",
    ] {
        assert!(open.contains(&name.to_owned()), "{name} is open: {open:?}");
    }
    // MediaMessageType is reached from responses too (media lists) in the
    // whole API, so it opened; SortOrder only ever goes out.
    assert!(
        !open.contains(&"SortOrder".to_owned()),
        "SortOrder is request-only, stays strict"
    );
    let prepared = prepare(spec).expect("prepares");
    assert_eq!(
        prepared["components"]["schemas"]["MessageTypeKnown"]["enum"],
        prepared["components"]["schemas"]["MessageType"]["enum"],
        "the strict copy lists the same values"
    );
}

#[test]
fn generation_is_deterministic_and_is_what_the_build_used() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/whapi.openapi.json"
    ))
    .expect("spec");
    // What build.rs saw: the areas enabled for this test build.
    let enabled: BTreeSet<String> = AREAS
        .iter()
        .filter(|area| enabled_features().contains(area))
        .map(|area| (*area).to_owned())
        .collect();
    let first = generate_areas(&text, Some(&enabled)).expect("generates");
    assert_eq!(
        first,
        generate_areas(&text, Some(&enabled)).expect("generates"),
        "same input, same output"
    );
    assert_eq!(
        first,
        std::fs::read_to_string(whapi_api::GENERATED_PATH).expect("the generated code")
    );
}

fn generate_mutated(mutate: impl FnOnce(&mut Value)) -> String {
    let mut spec = support::spec();
    mutate(&mut spec);
    generate(&spec.to_string()).expect_err("progenitor must reject this spec")
}

#[test]
fn rejected_constructs_are_named_not_panicked() {
    let e = generate_mutated(|s| s["openapi"] = json!("3.1.0"));
    assert!(e.contains("3.1.0"), "{e}");

    let e = generate_mutated(|s| {
        s["paths"]["/messages/gif"]["post"]["requestBody"]["content"] =
            json!({"multipart/form-data": {"schema": {"$ref": "#/components/schemas/SenderGif"}}});
    });
    assert!(e.contains("multipart/form-data"), "{e}");

    // Two error schemas in one operation: a panic inside progenitor (#344).
    // (Two success schemas no longer are: `prepare` keeps the lowest.)
    let e = generate_mutated(|s| {
        s["paths"]["/messages/gif"]["post"]["responses"]["599"] = json!({"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QR"}}}});
    });
    assert!(
        e.contains("progenitor cannot generate this construct") && e.contains("response_types"),
        "{e}"
    );

    let e = generate_mutated(|s| {
        s["paths"]["/messages/gif"]["post"]["parameters"] = json!([{"name": "o", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/Size"}}]);
        s["components"]["schemas"]["Size"] =
            json!({"type": "object", "properties": {"w": {"type": "integer"}}});
    });
    assert!(
        e.contains("deepObject") || e.contains("cannot be flattened"),
        "{e}"
    );

    // Spec defects are errors naming the JSON pointer, never panics.
    let e = generate_mutated(|s| {
        s["paths"]["/messages/gif"]["post"]["parameters"] =
            json!([{"$ref": "#/components/parameters/Nope"}]);
    });
    assert!(
        e.contains("/paths/~1messages~1gif/post/parameters/0") && e.contains("Nope"),
        "{e}"
    );

    let e = generate("not json").expect_err("rejects");
    assert!(e.contains("spec/whapi.openapi.json is not JSON"), "{e}");
}

fn enabled_features() -> Vec<&'static str> {
    let mut on = Vec::new();
    macro_rules! check {
        ($($area:literal),*) => {$(if cfg!(feature = $area) { on.push($area); })*};
    }
    check!(
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
        "calls"
    );
    on
}

// ---- minimal hand-written specs, one construct each ----

fn mini(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "mini", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn get(id: &str, schema: Value) -> Value {
    json!({"get": {"operationId": id, "responses": {"200": ok("OK", schema)}}})
}

fn generates(spec: &Value) -> String {
    generate(&spec.to_string()).unwrap_or_else(|e| panic!("generates: {e}"))
}

/// Every `key` property of every object below `value`, with its pointer.
fn find_key(value: &Value, key: &str, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            if m.contains_key(key) {
                out.push(at.to_owned());
            }
            for (k, v) in m {
                find_key(v, key, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                find_key(v, key, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn t1_component_parameters_bodies_and_responses_are_inlined() {
    let mut spec = mini(
        json!({"/things/{Id}": {"post": {
            "operationId": "postThing",
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "requestBody": {"$ref": "#/components/requestBodies/Thing"},
            "responses": {"200": {"$ref": "#/components/responses/Thing"}},
        }}}),
        json!({"Thing": {"type": "object", "properties": {"a": {"type": "string"}}}}),
    );
    spec["components"]["parameters"] =
        json!({"Id": {"name": "Id", "in": "path", "required": true, "schema": {"type": "string"}}});
    spec["components"]["requestBodies"] = json!({"Thing": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}});
    spec["components"]["responses"] =
        json!({"Thing": ok("OK", json!({"$ref": "#/components/schemas/Thing"}))});
    let prepared = prepare(spec).expect("prepares");
    let op = &prepared["paths"]["/things/{Id}"]["post"];
    assert_eq!(op["parameters"][0]["name"], "Id");
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
    assert_eq!(op["responses"]["200"]["description"], "OK");
    for kind in ["parameters", "requestBodies", "responses"] {
        assert!(prepared["components"].get(kind).is_none(), "{kind} inlined");
    }
    generates(&prepared);
}

fn body_op(content: Value) -> Value {
    mini(
        json!({"/up": {"post": {
            "operationId": "up",
            "requestBody": {"content": content, "required": true},
            "responses": {"200": ok("OK", json!({"type": "object", "properties": {"ok": {"type": "boolean"}}}))},
        }}}),
        json!({"Body": {"type": "object", "properties": {"text": {"type": "string"}}}}),
    )
}

fn body_types(spec: Value) -> Vec<(String, Value)> {
    let prepared = prepare(spec).expect("prepares");
    generates(&prepared);
    prepared["paths"]["/up"]["post"]["requestBody"]["content"]
        .as_object()
        .expect("content")
        .iter()
        .map(|(k, v)| (k.clone(), v["schema"].clone()))
        .collect()
}

#[test]
fn t2_several_request_media_types_become_one() {
    let binary = json!({"schema": {"type": "string", "format": "binary"}});
    let json_body = json!({"schema": {"$ref": "#/components/schemas/Body"}});
    let raw = vec![(
        "application/octet-stream".to_owned(),
        json!({"type": "string", "format": "binary"}),
    )];
    // JSON + multipart: JSON.
    assert_eq!(
        body_types(body_op(
            json!({"application/json": json_body, "multipart/form-data": json_body})
        )),
        vec![(
            "application/json".to_owned(),
            json!({"$ref": "#/components/schemas/Body"})
        )]
    );
    // Binary types only: one octet-stream.
    assert_eq!(
        body_types(body_op(json!({"image/jpeg": binary, "image/png": binary}))),
        raw
    );
    // JSON + binary types: the raw upload is the operation's point.
    assert_eq!(
        body_types(body_op(
            json!({"application/json": json_body, "image/png": binary, "video/mp4": binary})
        )),
        raw
    );
    // Without step 2 progenitor panics on this one.
    let e =
        generate(&body_op(json!({"application/json": json_body, "image/png": binary})).to_string());
    assert!(e.is_ok(), "{e:?}");
}

#[test]
fn t3_only_the_lowest_success_response_is_kept() {
    let spec = mini(
        json!({"/icon": {"get": {
            "operationId": "getIcon",
            "responses": {
                "200": {"description": "png", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                "204": ok("no icon", json!({"$ref": "#/components/schemas/Err"})),
                "404": ok("missing", json!({"$ref": "#/components/schemas/Err"})),
            },
        }}}),
        json!({"Err": {"type": "object", "properties": {"code": {"type": "integer"}}}}),
    );
    let prepared = prepare(spec).expect("prepares");
    let codes: Vec<&String> = prepared["paths"]["/icon"]["get"]["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .collect();
    assert_eq!(codes, ["200", "404"]);
    let code = generates(&prepared);
    assert!(code.contains("200u16 =>") && !code.contains("204u16 =>"));
}

#[test]
fn t4_json_without_schema_gets_a_free_form_schema() {
    let spec = mini(
        json!({"/x": {"get": {"operationId": "getX", "responses": {
            "200": {"description": "OK", "content": {"application/json": {}}},
        }}}}),
        json!({}),
    );
    let prepared = prepare(spec).expect("prepares");
    assert_eq!(
        prepared["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({})
    );
    let code = generates(&prepared);
    assert!(
        code.contains("ResponseValue<::serde_json::Value>"),
        "{code}"
    );
}

#[test]
fn t5_unions_of_strings_become_strings() {
    let spec = mini(
        json!({"/e/{EntryID}": {"post": {
            "operationId": "postEntry",
            "parameters": [{"name": "EntryID", "in": "path", "required": true,
                "schema": {"oneOf": [{"$ref": "#/components/schemas/ContactID"}, {"$ref": "#/components/schemas/ChatID"}]}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Send"}}}},
            "responses": {"200": ok("OK", json!({"type": "object"}))},
        }}}),
        json!({
            "ContactID": {"type": "string", "pattern": "^\\d+$"},
            "ChatID": {"type": "string", "pattern": "^.+@.+$"},
            "Url": {"type": "string", "title": "Media URL"},
            "Send": {"type": "object", "properties": {
                "media": {"anyOf": [{"$ref": "#/components/schemas/Url"}, {"type": "string", "format": "binary"}]},
                "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            }},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let op = &prepared["paths"]["/e/{EntryID}"]["post"];
    assert_eq!(op["parameters"][0]["schema"], json!({"type": "string"}));
    let send = &prepared["components"]["schemas"]["Send"]["properties"];
    assert_eq!(send["media"], json!({"type": "string"}));
    assert!(send["either"].get("oneOf").is_some(), "a mixed union stays");
    let code = generates(&prepared);
    assert!(code.contains("pub media: ::std::option::Option<::std::string::String>"));
}

#[test]
fn t6_object_union_without_discriminator_becomes_one_object() {
    let spec = mini(
        json!({"/m": get("getMessage", json!({"$ref": "#/components/schemas/Message"}))}),
        json!({
            "Message": {"type": "object", "properties": {"quoted": {"$ref": "#/components/schemas/Content"}}},
            "Content": {"oneOf": [
                {"$ref": "#/components/schemas/Image"},
                {"$ref": "#/components/schemas/Video"},
                {"$ref": "#/components/schemas/Text"},
            ], "title": "Content"},
            "Media": {"type": "object", "properties": {"id": {"type": "string"}, "mime_type": {"type": "string"}}, "required": ["id"]},
            "Image": {"type": "object", "allOf": [{"$ref": "#/components/schemas/Media"}, {"properties": {"caption": {"type": "string"}}}]},
            "Video": {"type": "object", "allOf": [{"$ref": "#/components/schemas/Media"}, {"properties": {"caption": {"type": "string"}, "seconds": {"type": "integer"}}}]},
            "Text": {"type": "object", "properties": {"body": {"type": "string"}, "id": {"type": "integer"}}},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let content = &prepared["components"]["schemas"]["Content"];
    assert!(content.get("oneOf").is_none());
    assert!(
        content.get("required").is_none(),
        "no variant field is required"
    );
    let props = content["properties"].as_object().expect("properties");
    let names: Vec<&String> = props.keys().collect();
    assert_eq!(names, ["body", "caption", "id", "mime_type", "seconds"]);
    assert_eq!(
        props["seconds"],
        json!({"type": "integer"}),
        "video keeps its own fields"
    );
    assert_eq!(
        props["id"],
        json!({}),
        "string in one variant, integer in another"
    );
    assert!(generates(&prepared).contains("pub seconds: ::std::option::Option<i64>"));
}

#[test]
fn t7_object_query_parameter_is_flattened_after_merging() {
    let spec = mini(
        json!({"/media": {"post": {
            "operationId": "sendMedia",
            "parameters": [{"name": "send_params", "in": "query", "style": "form", "explode": true,
                "schema": {"$ref": "#/components/schemas/SenderMedia"}}],
            "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"200": ok("OK", json!({"type": "object"}))},
        }}}),
        json!({
            "Sender": {"type": "object", "properties": {"to": {"type": "string"}}, "required": ["to"]},
            "Size": {"type": "object", "properties": {"width": {"type": "integer"}}},
            "Gif": {"type": "object", "properties": {"autoplay": {"type": "boolean"}}, "required": ["autoplay"]},
            "Doc": {"type": "object", "properties": {"filename": {"type": "string"}}},
            "SenderMedia": {"type": "object", "allOf": [
                {"$ref": "#/components/schemas/Sender"},
                {"oneOf": [{"$ref": "#/components/schemas/Gif"}, {"$ref": "#/components/schemas/Doc"}]},
                {"$ref": "#/components/schemas/Size"},
            ]},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let params: Vec<(String, bool)> = prepared["paths"]["/media"]["post"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| {
            assert_eq!(p["in"], "query");
            (
                p["name"].as_str().expect("name").to_owned(),
                p["required"].as_bool().expect("required"),
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("autoplay".to_owned(), false),
            ("filename".to_owned(), false),
            ("to".to_owned(), true),
            ("width".to_owned(), false),
        ],
        "a oneOf variant's requirement is not the parameter's"
    );
    generates(&prepared);
}

#[test]
fn t8_defaults_are_dropped_from_every_schema() {
    let spec = mini(
        json!({"/settings": {"patch": {
            "operationId": "patchSettings",
            "parameters": [{"name": "mode", "in": "query", "schema": {"type": "string", "default": "a"}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}}},
            "responses": {
                "200": ok("OK", json!({"$ref": "#/components/schemas/Settings"})),
                "default": ok("error", json!({"type": "object", "properties": {"code": {"type": "integer", "default": 1}}})),
            },
        }}}),
        json!({"Settings": {"type": "object", "properties": {
            "webhooks": {"type": "array", "items": {"type": "string"}},
            "full_history": {"type": "boolean", "default": false},
            "default": {"type": "string"},
        }}}),
    );
    let prepared = prepare(spec).expect("prepares");
    let mut left = Vec::new();
    find_key(
        &prepared["components"],
        "default",
        "#/components",
        &mut left,
    );
    find_key(
        &prepared["paths"]["/settings"]["patch"]["parameters"],
        "default",
        "params",
        &mut left,
    );
    let props = &prepared["components"]["schemas"]["Settings"]["properties"];
    assert_eq!(
        left,
        ["#/components/schemas/Settings/properties"],
        "only the property named `default`"
    );
    assert_eq!(props["default"], json!({"type": "string"}));
    assert!(
        prepared["paths"]["/settings"]["patch"]["responses"]["default"]["content"]["application/json"]["schema"]["properties"]["code"]
            .get("default")
            .is_none()
    );
    assert!(
        prepared["paths"]["/settings"]["patch"]["responses"]
            .get("default")
            .is_some()
    );
    // A typed 2xx beside a `default` response is a progenitor panic of its own.
    let mut prepared = prepared;
    prepared["paths"]["/settings"]["patch"]["responses"]
        .as_object_mut()
        .expect("responses")
        .remove("default");
    let code = generates(&prepared);
    assert!(
        code.contains("pub full_history: ::std::option::Option<bool>"),
        "an unset setting is not sent"
    );
}

#[test]
fn t9_string_formats_other_than_binary_are_dropped() {
    let spec = mini(
        json!({"/health": get("health", json!({"$ref": "#/components/schemas/Health"}))}),
        json!({"Health": {"type": "object", "properties": {
            "ip": {"type": "string", "format": "ipv4"},
            "at": {"type": "string", "format": "date-time"},
            "id": {"type": "string", "format": "uuid"},
            "file": {"type": "string", "format": "binary"},
            "count": {"type": "integer", "format": "int32"},
        }}}),
    );
    let prepared = prepare(spec).expect("prepares");
    let props = &prepared["components"]["schemas"]["Health"]["properties"];
    for p in ["ip", "at", "id"] {
        assert_eq!(props[p], json!({"type": "string"}), "{p}");
    }
    assert_eq!(props["file"]["format"], "binary");
    assert_eq!(props["count"]["format"], "int32");
    let code = generates(&prepared);
    assert!(!code.contains("Ipv4Addr") && !code.contains("chrono") && !code.contains("uuid::"));
}

#[test]
fn t10_patterns_are_dropped_where_a_response_reaches_them() {
    let spec = mini(
        json!({"/chats/{ChatID}": {"post": {
            "operationId": "postChat",
            "parameters": [{"name": "ChatID", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/ChatID"}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Send"}}}},
            "responses": {"200": ok("OK", json!({"$ref": "#/components/schemas/Chat"}))},
        }}}),
        json!({
            "ChatID": {"type": "string", "pattern": "^\\d+@s\\.whatsapp\\.net$"},
            "Chat": {"type": "object", "properties": {
                "id": {"$ref": "#/components/schemas/ChatID"},
                "media": {"type": "string", "pattern": "^[a-z]+-[a-z]+$"},
            }},
            "Recipient": {"type": "string", "pattern": "^\\d+$"},
            "Send": {"type": "object", "properties": {
                "to": {"$ref": "#/components/schemas/Recipient"},
                "quoted": {"type": "string", "pattern": "^[A-Z]+$"},
            }},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let schemas = &prepared["components"]["schemas"];
    assert!(
        schemas["ChatID"].get("pattern").is_none(),
        "`status@broadcast` must decode"
    );
    assert!(
        schemas["Chat"]["properties"]["media"]
            .get("pattern")
            .is_none()
    );
    assert!(
        schemas["Recipient"].get("pattern").is_some(),
        "request-only: still checked"
    );
    assert!(
        schemas["Send"]["properties"]["quoted"]
            .get("pattern")
            .is_some()
    );
    generates(&prepared);
}

#[test]
fn t11_t12_inline_response_enums_are_hoisted_and_opened() {
    let mut spec = mini(
        json!({
            "/login": {"get": {"operationId": "login", "responses": {"200": {"$ref": "#/components/responses/QR"}}}},
            "/chats": {"post": {
                "operationId": "postChat",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewChat"}}}},
                "responses": {"200": ok("OK", json!({"$ref": "#/components/schemas/Chat"}))},
            }},
        }),
        json!({
            "QR": {"type": "object", "properties": {"status": {"type": "string", "enum": ["OK", "TIMEOUT"]}}},
            "QRKind": {"type": "string", "enum": ["a", "b"]},
            "Chat": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["contact", "group"]},
                "labels": {"type": "array", "items": {"type": "string", "enum": ["red", "blue"]}},
                "kind": {"$ref": "#/components/schemas/QRKind"},
                "rank": {"type": "string", "enum": ["admin", "member"], "title": "Participant rank"},
            }},
            "NewChat": {"type": "object", "properties": {"mode": {"type": "string", "enum": ["x", "y"]}}},
        }),
    );
    spec["components"]["responses"] =
        json!({"QR": ok("OK", json!({"$ref": "#/components/schemas/QR"}))});
    let prepared = prepare(spec).expect("prepares");
    let schemas = &prepared["components"]["schemas"];
    assert_eq!(
        schemas["QR"]["properties"]["status"]["$ref"],
        "#/components/schemas/QrStatus"
    );
    assert_eq!(
        schemas["Chat"]["properties"]["type"]["$ref"],
        "#/components/schemas/ChatType"
    );
    assert_eq!(
        schemas["Chat"]["properties"]["labels"]["items"]["$ref"],
        "#/components/schemas/ChatLabelsItem"
    );
    assert_eq!(
        schemas["Chat"]["properties"]["rank"]["$ref"],
        "#/components/schemas/ParticipantRank"
    );
    assert!(
        schemas["NewChat"]["properties"]["mode"]
            .get("enum")
            .is_some(),
        "request-only stays inline"
    );
    let open = open_enums(&prepared);
    assert_eq!(
        open,
        [
            "ChatLabelsItem",
            "ChatType",
            "ParticipantRank",
            "QRKind",
            "QrStatus"
        ]
    );
    let code = generates(&prepared);
    for known in [
        "QrStatusKnown",
        "ChatTypeKnown",
        "ChatLabelsItemKnown",
        "QrKindKnown",
        "ParticipantRankKnown",
    ] {
        assert!(
            code.contains(&format!("crate::OpenEnum<crate::types::{known}>")),
            "{known} is behind an OpenEnum"
        );
    }
    // The `QRKind` trap: replacements are keyed by typify's name, `QrKind`.
    assert!(
        !code.contains("pub enum QrKind "),
        "QRKind itself is replaced"
    );
    assert!(
        code.contains("pub enum NewChatMode"),
        "request enums stay strict"
    );
}

#[test]
fn t13_null_in_a_string_enum_becomes_an_optional_field() {
    let spec = mini(
        json!({"/events": {"get": {"operationId": "getEvent", "responses": {"200": ok("OK", json!({"$ref": "#/components/schemas/ParticipantEvent"}))}}}}),
        json!({
            "Mood": {"type": "string", "enum": [null, "happy", "sad"]},
            "ParticipantEvent": {"type": "object", "required": ["action", "mood", "group_id"], "properties": {
                "action": {"type": "string", "enum": [null, "add", "remove"]},
                "mood": {"$ref": "#/components/schemas/Mood"},
                "group_id": {"type": "string"},
            }},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let schemas = &prepared["components"]["schemas"];
    assert_eq!(
        schemas["ParticipantEvent"]["required"],
        json!(["group_id"]),
        "the properties whose enum lists null are optional"
    );
    assert_eq!(schemas["Mood"]["enum"], json!(["happy", "sad"]));
    assert_eq!(
        schemas["ParticipantEventAction"]["enum"],
        json!(["add", "remove"]),
        "hoisted without null"
    );
    let code = generates(&prepared);
    let flat: String = code.split_whitespace().collect();
    assert!(
        flat.contains("pubaction:::std::option::Option<crate::OpenEnum<crate::types::ParticipantEventActionKnown>,>")
            || flat.contains("pubaction:::std::option::Option<crate::OpenEnum<crate::types::ParticipantEventActionKnown>>"),
        "an optional open enum"
    );
}

#[test]
fn received_webhook_payloads_are_treated_like_responses() {
    let spec = mini(
        json!({"/ping/{MessageID}": {"get": {"operationId": "ping", "tags": ["Messages"],
            "parameters": [{"name": "MessageID", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/MessageID"}}],
            "responses": {"200": ok("OK", json!({"type": "string"}))}}}}),
        json!({
            "WebhookPayload": {"type": "object", "properties": {
                "calls": {"type": "array", "items": {"$ref": "#/components/schemas/CallEvent"}},
                "messages_removed": {"type": "array", "items": {"$ref": "#/components/schemas/MessageID"}},
            }},
            "MessageID": {"type": "string", "pattern": "^[A-Z]{4,}$"},
            "CallEvent": {"type": "object", "properties": {
                "id": {"type": "string", "pattern": "^[A-F0-9]+$"},
                "status": {"type": "string", "enum": ["ringing", "missed"]},
            }},
        }),
    );
    let messages: BTreeSet<String> = ["messages".to_owned()].into();
    let pruned = prune(spec, &messages).expect("prunes");
    assert!(
        pruned.pointer("/components/schemas/CallEvent").is_some(),
        "kept though no operation reaches it"
    );
    let prepared = prepare(pruned).expect("prepares");
    assert!(
        prepared
            .pointer("/components/schemas/CallEvent/properties/id/pattern")
            .is_none(),
        "received IDs are never checked"
    );
    assert!(
        prepared
            .pointer("/components/schemas/MessageID/pattern")
            .is_some(),
        "a request input too: still checked"
    );
    assert!(open_enums(&prepared).contains(&"CallEventStatus".to_owned()));
    let code = generates(&prepared);
    assert!(code.contains("crate::OpenEnum<crate::types::CallEventStatusKnown>"));
}

#[test]
fn g10_prune_keeps_the_enabled_areas_and_what_they_reach() {
    let mut spec = mini(
        json!({
            "/messages": {"get": {"operationId": "getMessages", "tags": ["Messages"],
                "parameters": [{"$ref": "#/components/parameters/Count"}],
                "responses": {"200": {"$ref": "#/components/responses/Messages"}}}},
            "/stories": {"post": {"operationId": "postStory", "tags": ["Messages", "Stories"],
                "requestBody": {"$ref": "#/components/requestBodies/Story"},
                "responses": {"200": ok("OK", json!({"type": "object"}))}}},
            "/groups": {
                "get": {"operationId": "getGroups", "tags": ["Groups"],
                    "responses": {"200": ok("OK", json!({"$ref": "#/components/schemas/Group"}))}},
            },
        }),
        json!({
            "MessagesList": {"type": "object", "properties": {"messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}}},
            "Message": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Story": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Group": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Unused": {"type": "string"},
        }),
    );
    spec["components"]["parameters"] = json!({
        "Count": {"name": "count", "in": "query", "schema": {"type": "integer"}},
        "GroupOnly": {"name": "g", "in": "query", "schema": {"type": "integer"}},
    });
    spec["components"]["responses"] = json!({
        "Messages": ok("OK", json!({"$ref": "#/components/schemas/MessagesList"})),
        "Groups": ok("OK", json!({"$ref": "#/components/schemas/Group"})),
    });
    spec["components"]["requestBodies"] = json!({"Story": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Story"}}}}});
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };

    let stories: BTreeSet<String> = ["stories".to_owned()].into();
    let pruned = prune(spec.clone(), &stories).expect("prunes");
    assert_eq!(
        keys(&pruned["paths"]),
        ["/stories"],
        "kept: one of its tags is on"
    );
    assert_eq!(keys(&pruned["components"]["schemas"]), ["Story"]);
    assert_eq!(keys(&pruned["components"]["requestBodies"]), ["Story"]);
    assert!(keys(&pruned["components"]["parameters"]).is_empty());
    assert!(keys(&pruned["components"]["responses"]).is_empty());
    generates(&pruned);

    let messages: BTreeSet<String> = ["messages".to_owned()].into();
    let pruned = prune(spec.clone(), &messages).expect("prunes");
    assert_eq!(keys(&pruned["paths"]), ["/messages", "/stories"]);
    assert_eq!(
        keys(&pruned["components"]["schemas"]),
        ["Message", "MessagesList", "Story"],
        "reached through a response component and a schema"
    );
    assert_eq!(keys(&pruned["components"]["parameters"]), ["Count"]);
    assert_eq!(keys(&pruned["components"]["responses"]), ["Messages"]);
    let code = generates(&pruned);
    assert!(code.contains("pub fn get_messages") && !code.contains("pub fn get_groups"));

    let calls: BTreeSet<String> = ["calls".to_owned()].into();
    // No operation left: an empty client, which still generates.
    let empty = prune(spec.clone(), &calls).expect("prunes to nothing");
    assert!(keys(&empty["paths"]).is_empty());
    let code = generates(&empty);
    assert!(!code.contains("pub fn get_messages"));

    let all: BTreeSet<String> = AREAS.iter().map(|a| (*a).to_owned()).collect();
    let pruned = prune(spec, &all).expect("prunes");
    assert_eq!(keys(&pruned["paths"]).len(), 3);
    assert!(!keys(&pruned["components"]["schemas"]).contains(&"Unused".to_owned()));
}

#[test]
fn t14_header_maps_become_secret_headers() {
    let spec = mini(
        json!({"/hook": {"get": {"operationId": "getHook", "responses": {"200": ok("OK", json!({"$ref": "#/components/schemas/Hook"}))}}}}),
        json!({
            "Hook": {"type": "object", "properties": {
                "url": {"type": "string"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                // Not a map of strings: left alone.
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            }},
            "Other": {"type": "object", "properties": {
                "headers": {"type": "object", "additionalProperties": {"type": "integer"}},
            }},
        }),
    );
    let prepared = prepare(spec).expect("prepares");
    let schemas = &prepared["components"]["schemas"];
    assert_eq!(
        schemas["Hook"]["properties"]["headers"],
        json!({"$ref": "#/components/schemas/SecretHeaders"})
    );
    assert_eq!(
        schemas["SecretHeaders"],
        json!({"type": "object", "additionalProperties": {"type": "string"}})
    );
    assert_eq!(
        schemas["Hook"]["properties"]["labels"]["type"], "object",
        "only `headers` is a secret"
    );
    assert_eq!(
        schemas["Other"]["properties"]["headers"]["additionalProperties"]["type"], "integer",
        "a map of non-strings is not headers"
    );
    let flat: String = generates(&prepared).split_whitespace().collect();
    assert!(
        flat.contains("pubheaders:::std::option::Option<crate::SecretHeaders>"),
        "the field is the secret type"
    );
    assert!(!flat.contains("pubstructSecretHeaders"), "not generated");
}

#[test]
fn t15_a_carrier_of_many_kinds_boxes_them() {
    let kinds: Vec<String> = (0..build_script::BOXED_KINDS_MIN)
        .map(|i| format!("k{i}"))
        .collect();
    let mut props = serde_json::Map::new();
    for k in &kinds {
        props.insert(k.clone(), json!({"$ref": "#/components/schemas/Kind"}));
    }
    props.insert("id".into(), json!({"type": "string"}));
    // Required: always there, so never boxed.
    props.insert("head".into(), json!({"$ref": "#/components/schemas/Kind"}));
    let mut few = props.clone();
    few.remove("k0");
    let spec = mini(
        json!({
            "/many": get("getMany", json!({"$ref": "#/components/schemas/Many"})),
            "/few": get("getFew", json!({"$ref": "#/components/schemas/Few"})),
        }),
        json!({
            "Kind": {"type": "object", "properties": {"body": {"type": "string"}}},
            "Many": {"type": "object", "required": ["id", "head"], "properties": props},
            // One kind short of the threshold: left inline.
            "Few": {"type": "object", "required": ["id", "head"], "properties": few},
        }),
    );
    let mut clash = spec.clone();
    let prepared = prepare(spec).expect("prepares");
    let schemas = &prepared["components"]["schemas"];
    for k in &kinds {
        assert_eq!(
            schemas["Many"]["properties"][k],
            json!({"$ref": "#/components/schemas/BoxedKind"}),
            "{k}"
        );
    }
    assert_eq!(
        schemas["BoxedKind"],
        json!({"$ref": "#/components/schemas/Kind"})
    );
    assert_eq!(
        schemas["Many"]["properties"]["head"],
        json!({"$ref": "#/components/schemas/Kind"}),
        "a required property is not boxed"
    );
    assert_eq!(
        schemas["Few"]["properties"]["k1"],
        json!({"$ref": "#/components/schemas/Kind"}),
        "below the threshold nothing is boxed"
    );
    assert_eq!(
        prepare(prepared.clone()).expect("again"),
        prepared,
        "idempotent"
    );
    let flat: String = generates(&prepared).split_whitespace().collect();
    assert!(
        flat.contains("pubk0:::std::option::Option<::std::boxed::Box<crate::types::Kind>>"),
        "the field is boxed"
    );
    assert!(flat.contains("pubhead:Kind"), "required stays inline");
    assert!(
        !flat.contains("pubstructBoxedKind"),
        "the alias is not generated"
    );

    // A component already taken by another schema is an error naming it.
    clash["components"]["schemas"]["BoxedKind"] = json!({"type": "string"});
    let err = prepare(clash).expect_err("name taken");
    assert!(err.contains("/components/schemas/BoxedKind"), "{err}");
}

/// The generated crate (package root `spec/`) runs the top-level build.rs
/// through a link: a copy in its place would drift from the file these tests
/// check.
#[test]
fn the_generated_crate_runs_the_top_level_build_script() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    assert!(
        read("spec/build.rs") == read("build.rs"),
        "spec/build.rs differs from build.rs: it must be a link to it"
    );
    #[cfg(unix)]
    assert_eq!(
        std::fs::read_link(root.join("spec/build.rs")).ok(),
        Some(std::path::PathBuf::from("../build.rs")),
        "spec/build.rs must be a relative link to ../build.rs"
    );
}

/// The one addition to the generated code: `From<ChatId>` exactly for the
/// string newtypes whose pattern a `ChatId` satisfies (build.rs
/// `add_chat_id_conversions`), with the pattern still checked in debug
/// builds. Another pattern gets no conversion.
#[test]
fn c1_chat_id_patterns_get_a_conversion_from_chat_id() {
    let spec = mini(
        json!({"/send": {"post": {
            "operationId": "send",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Send"}}}},
            "responses": {"200": ok("OK", json!({"type": "object"}))},
        }}}),
        json!({
            "Recipient": {"type": "string", "pattern": CHAT_ID_PATTERNS[0]},
            "Send": {"type": "object", "required": ["to", "quoted", "cc"], "properties": {
                "to": {"$ref": "#/components/schemas/Recipient"},
                "cc": {"type": "string", "pattern": CHAT_ID_PATTERNS[1]},
                "quoted": {"type": "string", "pattern": "^[\\d-]{10,31}$"},
            }},
        }),
    );
    let code = generates(&spec);
    let converted: Vec<&str> = code
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("impl ::std::convert::From<crate::ids::ChatId> for ")
        })
        .collect();
    assert_eq!(converted, ["Recipient {", "SendCc {"], "{code}");
    assert!(
        code.contains(
            "#[cfg(debug_assertions)]\n            if let Err(e) = value.parse::<Self>()"
        )
    );
}
