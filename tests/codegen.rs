//! The transformation build.rs applies before progenitor, and its errors.

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;

mod support;

use build_script::{generate, open_enums, prepare};
use serde_json::{Value, json};

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
        "QrStatus",
        "ButtonType",
        "MessageActionType",
        "ProductItemsType",
    ] {
        assert!(open.contains(&name.to_owned()), "{name} is open: {open:?}");
    }
    for name in ["MediaMessageType", "SortOrder"] {
        assert!(
            !open.contains(&name.to_owned()),
            "{name} is request-only, stays strict"
        );
    }
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
    let first = generate(&text).expect("generates");
    assert_eq!(
        first,
        generate(&text).expect("generates"),
        "same input, same output"
    );
    assert_eq!(
        first,
        include_str!(concat!(env!("OUT_DIR"), "/whapi_generated.rs"))
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

    // Two success schemas in one operation: a panic inside progenitor (#344).
    let e = generate_mutated(|s| {
        s["paths"]["/messages/gif"]["post"]["responses"]["200"] = json!({"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Qr"}}}});
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

    let e = generate("not json").expect_err("rejects");
    assert!(e.contains("spec/whapi.openapi.json is not JSON"), "{e}");
}
