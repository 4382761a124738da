//! `import-upstream` and the three-source merge: broken published documents
//! fail naming the JSON pointer; the merged spec keeps every published
//! operation and says where each part came from.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use xtask::{json::pretty, root, sources_md, upstream};

fn published() -> Value {
    upstream::load(&root()).expect("the checked-in published document loads")
}

fn normalize_err(doc: &Value) -> String {
    upstream::normalize(&doc.to_string()).expect_err("a broken document is refused")
}

#[test]
fn the_checked_in_copy_is_normalized() {
    let path = upstream::path(&root());
    let text = std::fs::read_to_string(&path).expect("readable");
    let doc = upstream::normalize(&text).expect("valid");
    assert_eq!(pretty(&doc), text, "sorted keys, two spaces, one newline");
    assert_eq!(upstream::operations(&doc).expect("operations").len(), 167);
}

#[test]
fn broken_documents_fail_naming_the_pointer() {
    let e = upstream::normalize("{ not json").expect_err("not JSON");
    assert!(e.contains("not JSON"), "{e}");
    assert!(normalize_err(&json!([1])).contains("not a JSON object"));

    let mut doc = published();
    doc["openapi"] = json!("3.1.0");
    let e = normalize_err(&doc);
    assert!(e.contains("`/openapi`") && e.contains("3.1.0"), "{e}");

    let mut doc = published();
    doc["paths"]["/messages/text"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
        json!({"$ref": "#/components/schemas/NoSuchThing"});
    let e = normalize_err(&doc);
    assert!(
        e.contains(
            "`/paths/~1messages~1text/post/requestBody/content/application~1json/schema/$ref`"
        ) && e.contains("NoSuchThing"),
        "{e}"
    );

    let mut doc = published();
    let op = doc["paths"]["/messages/text"]["post"]
        .as_object_mut()
        .expect("an operation");
    op.remove("operationId");
    let e = normalize_err(&doc);
    assert!(
        e.contains("`/paths/~1messages~1text/post`") && e.contains("no operationId"),
        "{e}"
    );

    let mut doc = published();
    doc["paths"]["/messages/text"]["post"]["operationId"] = json!("sendMessageImage");
    let e = normalize_err(&doc);
    assert!(
        e.contains("`sendMessageImage`") && e.contains("/paths/~1messages~1image/post"),
        "both places named: {e}"
    );
}

#[test]
fn a_ref_key_inside_an_example_or_named_property_is_handled() {
    let mut doc = published();
    doc["components"]["schemas"]["Probe"] = json!({
        "type": "object",
        "properties": {"example": {"$ref": "#/components/schemas/Missing"}},
        "example": {"$ref": "not a reference"},
    });
    let e = normalize_err(&doc);
    assert!(
        e.contains("/components/schemas/Probe/properties/example/$ref"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "the example's `$ref` is data: {e}");
}

fn merged_spec() -> Value {
    let text = std::fs::read_to_string(xtask::spec_path(&root())).expect("spec");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_spec_has_exactly_the_published_operations() {
    let published = upstream::operations(&published()).expect("operations");
    let ours = upstream::operations(&merged_spec()).expect("operations");
    let a: BTreeSet<(&String, &str, &str)> = published
        .iter()
        .map(|(id, at)| (id, at.method.as_str(), at.path.as_str()))
        .collect();
    let b: BTreeSet<(&String, &str, &str)> = ours
        .iter()
        .map(|(id, at)| (id, at.method.as_str(), at.path.as_str()))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn every_operation_and_component_says_where_it_came_from() {
    let spec = merged_spec();
    for (id, at) in upstream::operations(&spec).expect("operations") {
        let src = spec.pointer(&at.pointer).and_then(|op| op.get("x-source"));
        let request = src.and_then(|s| s["request"].as_str());
        assert!(
            matches!(request, Some("overlay" | "published")),
            "{id}: {src:?}"
        );
        let responses = src
            .and_then(|s| s["responses"].as_object())
            .expect("responses");
        let statuses = spec
            .pointer(&format!("{}/responses", at.pointer))
            .expect("responses");
        assert_eq!(
            responses.len(),
            statuses.as_object().map_or(0, |m| m.len()),
            "{id}"
        );
    }
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        let src = schema["x-source"].as_str().unwrap_or_default();
        assert!(
            [
                "records",
                "overlay",
                "published",
                "records+published",
                "overlay+published"
            ]
            .contains(&src),
            "{name}: `{src}`"
        );
    }
    // The records keep their provenance: 100 records, each once.
    let mut ids = Vec::new();
    for at in upstream::operations(&spec).expect("operations").values() {
        let responses = spec
            .pointer(&format!("{}/responses", at.pointer))
            .expect("responses");
        for r in responses.as_object().into_iter().flatten().map(|(_, r)| r) {
            ids.extend(r["x-records"].as_array().into_iter().flatten().cloned());
        }
    }
    let unique: BTreeSet<String> = ids.iter().map(Value::to_string).collect();
    assert_eq!((ids.len(), unique.len()), (100, 100));
}

#[test]
fn every_rule_in_the_report_is_explained_and_the_corrections_are_applied() {
    let text = std::fs::read_to_string(xtask::sources_path(&root())).expect("SOURCES.md");
    let rules: BTreeSet<&str> = sources_md::RULES.iter().map(|(r, _)| *r).collect();
    for line in text.lines().filter(|l| l.starts_with("### `")) {
        let rule = line.trim_start_matches("### `").trim_end_matches('`');
        assert!(rules.contains(rule), "rule `{rule}` has no explanation");
    }
    let spec = merged_spec();
    // Silent breakages of the published document, corrected in the spec.
    assert!(
        spec["components"]["schemas"]["ResponseSuccess"]
            .get("required")
            .is_none()
    );
    let media_required = spec["components"]["schemas"]["MediaFile"]["required"].to_string();
    assert!(!media_required.contains("\"time\""), "{media_required}");
    let head = &spec["paths"]["/contacts/{ContactID}"]["head"]["responses"]["200"];
    assert!(head.get("content").is_none(), "{head}");
    assert!(
        spec["paths"]["/settings"]["get"]
            .get("requestBody")
            .is_none()
    );
    assert!(
        spec["components"]["schemas"]["MessageSource"]
            .get("default")
            .is_none()
    );
    for (name, p) in spec["components"]["parameters"]
        .as_object()
        .expect("parameters")
    {
        assert_ne!(p.pointer("/schema/type"), Some(&json!("number")), "{name}");
    }
}
