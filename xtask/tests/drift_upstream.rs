//! `cargo xtask drift` on Whapi's whole published API
//! (`spec/upstream/published.json`, 167 operations, 234 schemas): changes in
//! shared components are reported once, at the component, with the number of
//! operations reaching them, and the markdown stays a readable PR comment.

use serde_json::{Value, json};
use std::path::Path;
use std::sync::OnceLock;
use xtask::drift::{self, Change, Direction, Report, Severity};

fn published() -> Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/upstream/published.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).expect("the published spec is JSON")
    })
    .clone()
}

fn schema<'a>(s: &'a mut Value, name: &str) -> &'a mut Value {
    let v = &mut s["components"]["schemas"][name];
    assert!(v.is_object(), "no schema {name}");
    v
}

/// The four kinds of change the collapse must keep apart.
fn mutated() -> Value {
    let mut s = published();
    // An optional response property of the shared `Message` (56 operations).
    let removed = schema(&mut s, "Message")["properties"]
        .as_object_mut()
        .and_then(|p| p.remove("chat_name"));
    assert!(removed.is_some());
    // A value of a shared response enum.
    schema(&mut s, "MessageType")["enum"]
        .as_array_mut()
        .expect("enum")
        .push(json!("brand_new_kind"));
    // A required property of `Sender`, merged by allOf into 23 send bodies.
    let sender = schema(&mut s, "Sender");
    sender["properties"]["client_ref"] = json!({"type": "string"});
    sender["required"]
        .as_array_mut()
        .expect("required")
        .push(json!("client_ref"));
    // One operation's own parameter.
    s["paths"]["/messages/text"]["post"]["parameters"] =
        json!([{"name": "cursor", "in": "query", "schema": {"type": "string"}}]);
    s
}

fn listing(r: &Report) -> String {
    r.changes
        .iter()
        .map(|c| {
            format!(
                "  {} {} @ {} ({} ops, {} paths)",
                c.severity,
                c.rule,
                c.location,
                c.operations().len(),
                c.reached_from.len()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find<'r>(r: &'r Report, rule: &str) -> &'r Change {
    r.changes
        .iter()
        .find(|c| c.rule == rule)
        .unwrap_or_else(|| panic!("no {rule}:\n{}", listing(r)))
}

#[test]
fn shared_component_changes_are_reported_once_at_the_component() {
    let r = drift::diff(&published(), &mutated());
    // (rule, origin, severity, direction, reaching operations, reaching
    // paths). Before the collapse each path was a change of its own: the
    // JSON report still lists them (a JSON and a multipart body per send
    // operation; `MessageType` through `Message.type` and two more places).
    let expected = [
        (
            "request-parameter-optional-added",
            "POST /messages/text sendMessageText parameter query cursor",
            Severity::Compatible,
            None,
            1,
            1,
        ),
        (
            "request-property-required-added",
            "components.schemas.Sender.client_ref",
            Severity::Breaking,
            Some(Direction::Request),
            23,
            45,
        ),
        (
            "response-optional-property-removed",
            "components.schemas.Message.chat_name",
            Severity::RustBreaking,
            Some(Direction::Response),
            56,
            57,
        ),
        (
            "response-property-enum-value-added",
            "components.schemas.MessageType",
            Severity::Compatible,
            Some(Direction::Response),
            56,
            171,
        ),
    ];
    assert_eq!(r.changes.len(), expected.len(), "{}", listing(&r));
    for (rule, origin, severity, direction, ops, paths) in expected {
        let c = find(&r, rule);
        assert_eq!(c.location, origin, "{}", listing(&r));
        assert_eq!(c.severity, severity, "{rule}");
        assert_eq!(c.direction, direction, "{rule}");
        assert_eq!(c.operations().len(), ops, "{rule}\n{}", listing(&r));
        assert_eq!(c.reached_from.len(), paths, "{rule}\n{}", listing(&r));
    }
    let s = r.summary();
    assert_eq!((s.breaking, s.rust_breaking, s.compatible), (1, 1, 2));
}

#[test]
fn markdown_of_the_real_pair_fits_a_pr_comment() {
    let r = drift::diff(&published(), &mutated());
    let md = r.to_markdown();
    eprintln!("markdown: {} characters", md.len());
    assert!(md.len() <= drift::MARKDOWN_LIMIT, "{}", md.len());
    for origin in [
        "**`components.schemas.Sender`**",
        "**`components.schemas.Message`**",
    ] {
        assert_eq!(md.matches(origin).count(), 1, "{md}");
    }
    assert!(
        md.contains("<details><summary>23 operation(s)</summary>"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>56 operation(s)</summary>"),
        "{md}"
    );
}

/// A large update: every object schema gains five properties and every enum
/// a value (hundreds of compatible changes), plus the changes above.
fn flood() -> Value {
    let mut s = mutated();
    let schemas = s["components"]["schemas"].as_object_mut().expect("schemas");
    for (name, v) in schemas.iter_mut() {
        if let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) {
            for i in 0..5 {
                props.insert(
                    format!("added_{i}_to_{}", name.to_lowercase()),
                    json!({"type": "string"}),
                );
            }
        }
        if let Some(values) = v.get_mut("enum").and_then(Value::as_array_mut) {
            values.push(json!("added_value"));
        }
    }
    s
}

#[test]
fn a_large_update_truncates_compatible_detail_only() {
    let r = drift::diff(&published(), &flood());
    let full = r.to_json();
    let md = r.to_markdown();
    let s = r.summary();
    eprintln!(
        "flood: {} changes ({} breaking, {} rust-breaking, {} compatible), markdown {} characters, json {} characters",
        r.changes.len(),
        s.breaking,
        s.rust_breaking,
        s.compatible,
        md.len(),
        full.len()
    );
    assert!(s.compatible > 600, "{}", s.compatible);
    assert!(md.len() <= drift::MARKDOWN_LIMIT, "{}", md.len());
    for c in r
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Compatible)
    {
        assert!(md.contains(&format!("**`{}`**", c.group)), "{}", c.location);
        assert!(md.contains(&c.message), "{}", c.message);
    }
    assert!(
        md.contains("full report: the `drift-report` artifact (drift.json)"),
        "{md}"
    );
    // Every compatible rule still has its folded group with its count.
    for c in r
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Compatible)
    {
        assert!(
            md.contains(&format!("<code>{}</code>: ", c.rule)),
            "{}",
            c.rule
        );
    }
}
