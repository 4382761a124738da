//! `regen`: records + overlay → spec, its guards, and `cargo xtask regen --check`.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use xtask::overlay::Overlay;
use xtask::records::Record;
use xtask::{spec, validate};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn checked_in_spec_text() -> String {
    std::fs::read_to_string(xtask::spec_path(&root())).expect("spec/whapi.openapi.json is readable")
}

fn built_spec() -> Value {
    spec::build(&records(), &overlay()).expect("the checked-in records and overlay build")
}

/// `spec::build` must fail; returns its error text.
fn build_err(records: &[Record], overlay: &Overlay) -> String {
    match spec::build(records, overlay) {
        Ok(_) => panic!("spec::build accepted a broken input"),
        Err(e) => e,
    }
}

/// The error line that mentions every needle, or a panic showing all lines.
#[track_caller]
fn line_with<'a>(errors: &'a str, needles: &[&str]) -> &'a str {
    errors
        .lines()
        .find(|l| needles.iter().all(|n| l.contains(n)))
        .unwrap_or_else(|| panic!("no error line mentions all of {needles:?}; errors:\n{errors}"))
}

/// Every operation of the spec: (operationId, operation object).
fn operations(spec: &Value) -> BTreeMap<String, &Value> {
    let mut ops = BTreeMap::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                METHODS.contains(&method.as_str()),
                "unexpected method {method}"
            );
            let id = op["operationId"].as_str().unwrap().to_owned();
            assert!(
                ops.insert(id.clone(), op).is_none(),
                "operationId {id} twice"
            );
        }
    }
    ops
}

/// The `$ref` target name of `Message.properties.<prop>`.
fn message_ref(spec: &Value, prop: &str) -> String {
    let r = spec["components"]["schemas"]["Message"]["properties"][prop]["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("Message.{prop} is not a $ref"));
    r.strip_prefix("#/components/schemas/")
        .unwrap_or_else(|| panic!("Message.{prop}: odd $ref {r}"))
        .to_owned()
}

fn record_index(records: &[Record], operation: &str, status: u16) -> usize {
    records
        .iter()
        .position(|r| r.operation == operation && r.status == status)
        .unwrap_or_else(|| panic!("no record for {operation} {status}"))
}

// ---------------------------------------------------------------------------
// The checked-in spec

#[test]
fn regen_is_deterministic_and_matches_the_checked_in_spec() {
    let first = xtask::regen_text(&root()).expect("regen succeeds");
    let second = xtask::regen_text(&root()).expect("regen succeeds");
    assert!(first == second, "regen_text differs between two runs");
    assert!(first.ends_with("}\n"), "the spec ends with one newline");
    let checked_in = checked_in_spec_text();
    assert!(
        first == checked_in,
        "spec/whapi.openapi.json is stale: run `cargo xtask regen` and commit the result"
    );
    // The text is the canonical pretty form of the merged document.
    let root = root();
    let published = xtask::upstream::load(&root).expect("published document");
    let known = xtask::upstream::operations(&published).expect("operations");
    let ours = spec::build_with(&records(), &overlay(), &known).expect("builds");
    let renames = overlay().api.names.published;
    let merged = xtask::sources::merge(&ours, &published, &renames).expect("merges");
    assert_eq!(first, xtask::json::pretty(&merged.spec));
}

#[test]
fn build_does_not_depend_on_record_order() {
    let records = records();
    let mut reversed = records.clone();
    reversed.reverse();
    let overlay = overlay();
    assert_eq!(
        spec::build(&reversed, &overlay).unwrap(),
        spec::build(&records, &overlay).unwrap()
    );
}

#[test]
fn no_omitted_node_is_left() {
    let text = checked_in_spec_text();
    assert!(
        !text.contains("**Omitted**"),
        "the spec still holds an omitted node"
    );
    assert!(
        !text.contains("@shape:"),
        "the spec still holds a shape placeholder"
    );
    // The records do hold omitted nodes: the fills really were applied.
    assert!(
        records()
            .iter()
            .any(|r| r.schema.to_string().contains("**Omitted**"))
    );
}

#[test]
fn x_records_cover_every_record_exactly_once() {
    let spec = built_spec();
    let records = records();
    let ops = operations(&spec);
    assert_eq!(ops.len(), 15);

    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (op_id, op) in &ops {
        let responses = op["responses"].as_object().unwrap();
        assert!(!responses.is_empty(), "{op_id} has no response");
        for (status, response) in responses {
            let ids = response["x-records"]
                .as_array()
                .unwrap_or_else(|| panic!("{op_id} {status} has no x-records"));
            for id in ids {
                let id = id.as_str().unwrap().to_owned();
                let place = (op_id.clone(), status.clone());
                if let Some(other) = seen.insert(id.clone(), place) {
                    panic!("record {id} is listed twice (also at {other:?})");
                }
            }
        }
    }
    let all: BTreeSet<&String> = records.iter().map(|r| &r.id).collect();
    assert_eq!(all.len(), 100);
    assert_eq!(seen.keys().collect::<BTreeSet<_>>(), all);
    // Each record is listed at its own operation and status.
    for r in &records {
        assert_eq!(
            seen[&r.id],
            (r.operation.clone(), r.status.to_string()),
            "record {} is listed at the wrong response",
            r.id
        );
    }
}

#[test]
fn overlay_responses_are_added_without_records() {
    let spec = built_spec();
    let ops = operations(&spec);
    let overlay = overlay();
    let mut added = 0;
    for (op_id, op) in &overlay.operations {
        for (status, schema) in &op.responses {
            let response = &ops[op_id]["responses"][status];
            assert_eq!(
                response["content"]["application/json"]["schema"]["$ref"],
                json!(format!("#/components/schemas/{schema}")),
                "{op_id} {status}"
            );
            added += 1;
        }
    }
    assert!(
        added > 0,
        "the overlay adds no response: the test checks nothing"
    );
    // getMessages: the seed documents only the 400; the overlay adds 200 and 500.
    let get_messages = &ops["getMessages"]["responses"];
    assert_eq!(get_messages["200"]["x-records"], json!([]));
    assert_eq!(
        get_messages["400"]["x-records"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn shared_titles_share_components_and_system_does_not() {
    let spec = built_spec();
    assert_eq!(message_ref(&spec, "gif"), message_ref(&spec, "video"));
    assert_eq!(message_ref(&spec, "voice"), message_ref(&spec, "audio"));
    let system = message_ref(&spec, "system");
    let interactive = message_ref(&spec, "interactive");
    assert_ne!(
        system, interactive,
        "system and interactive share a component"
    );
    let schemas = &spec["components"]["schemas"];
    assert!(schemas[&system].is_object() && schemas[&interactive].is_object());
    assert_ne!(
        schemas[&system]["properties"], schemas[&interactive]["properties"],
        "system and interactive should have different shapes"
    );
    // The video component carries the GIF-only fill (gif reuses it).
    let video = message_ref(&spec, "video");
    assert!(
        schemas[&video]["properties"]["autoplay"].is_object(),
        "{}",
        schemas[&video]
    );
}

#[test]
fn every_ref_resolves() {
    fn walk(v: &Value, spec: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    let pointer = r.strip_prefix('#').unwrap_or(r);
                    if spec.pointer(pointer).is_none() {
                        out.push(r.to_owned());
                    }
                }
                m.values().for_each(|c| walk(c, spec, out));
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, spec, out)),
            _ => {}
        }
    }
    let spec = built_spec();
    let mut dangling = Vec::new();
    walk(&spec, &spec, &mut dangling);
    assert!(dangling.is_empty(), "dangling refs: {dangling:?}");
}

#[test]
fn every_response_example_validates() {
    let spec = built_spec();
    let schemas = &spec["components"]["schemas"];
    let mut checked = 0;
    for (op_id, op) in operations(&spec) {
        for (status, response) in op["responses"].as_object().unwrap() {
            let content = &response["content"]["application/json"];
            let Some(example) = content.get("example") else {
                continue;
            };
            let problems = validate::validate(example, &content["schema"], schemas);
            assert!(problems.is_empty(), "{op_id} {status}: {problems:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 100, "one example per documented response");
}

#[test]
fn every_record_example_validates_against_its_response_schema() {
    let spec = built_spec();
    let schemas = &spec["components"]["schemas"];
    let ops = operations(&spec);
    for r in records() {
        let content =
            &ops[&r.operation]["responses"][r.status.to_string()]["content"]["application/json"];
        assert_eq!(content["example"], r.example, "record {}", r.id);
        let problems = validate::validate(&r.example, &content["schema"], schemas);
        assert!(problems.is_empty(), "record {}: {problems:?}", r.id);
    }
}

#[test]
fn the_validator_does_reject_bad_examples() {
    // Guards the test above against a validator that accepts anything.
    let spec = built_spec();
    let schemas = &spec["components"]["schemas"];
    let schema = json!({"$ref": "#/components/schemas/ResponseError"});
    let good = json!({"error": {"code": 1, "message": "m"}});
    assert!(validate::validate(&good, &schema, schemas).is_empty());
    let missing = json!({"error": {"code": 1}});
    let problems = validate::validate(&missing, &schema, schemas);
    assert!(
        problems.iter().any(|p| p.contains("`message`")),
        "{problems:?}"
    );
    let wrong_type = json!({"error": {"code": "1", "message": "m"}});
    let problems = validate::validate(&wrong_type, &schema, schemas);
    assert!(
        problems.iter().any(|p| p.contains("$.error.code")),
        "{problems:?}"
    );
    let too_big = json!({"error": {"code": 4_000_000_000_u64, "message": "m"}});
    assert!(!validate::validate(&too_big, &schema, schemas).is_empty());
    let bad_enum = json!({"status": "MAYBE"});
    let problems = validate::validate(
        &bad_enum,
        &json!({"$ref": "#/components/schemas/QR"}),
        schemas,
    );
    assert!(problems.iter().any(|p| p.contains("enum")), "{problems:?}");
}

// ---------------------------------------------------------------------------
// What regen refuses

#[test]
fn omitted_node_without_fill_names_the_record() {
    let mut records = records();
    let i = record_index(&records, "deleteMessage", 200);
    records[i].schema["properties"]["extra"] = json!({"description": "**Omitted**"});
    let id = records[i].id.clone();
    let errors = build_err(&records, &overlay());
    line_with(
        &errors,
        &[&id, "**Omitted**", "/properties/extra", "no fill"],
    );
}

#[test]
fn removed_fill_names_every_record_that_needs_it() {
    let records = records();
    let mut overlay = overlay();
    let fills = overlay.fills.get_mut("Message").expect("fills for Message");
    assert!(fills.remove("/properties/reactions/items").is_some());
    let errors = build_err(&records, &overlay);
    let needing: Vec<&Record> = records
        .iter()
        .filter(|r| r.schema.to_string().contains("\"reactions\""))
        .collect();
    assert!(!needing.is_empty());
    for r in needing {
        line_with(&errors, &[&r.id, "/properties/reactions/items", "no fill"]);
    }
}

#[test]
fn unused_fill_is_named() {
    let mut overlay = overlay();
    overlay
        .fills
        .entry("ResponseSuccess".into())
        .or_default()
        .insert("/properties/ghost".into(), json!({"type": "string"}));
    let errors = build_err(&records(), &overlay);
    line_with(
        &errors,
        &[
            "fills.toml",
            "`ResponseSuccess`",
            "`/properties/ghost`",
            "matches no omitted node",
        ],
    );
}

#[test]
fn overlay_response_contradicting_a_record_names_both() {
    let records = records();
    let mut overlay = overlay();
    overlay
        .operations
        .get_mut("deleteMessage")
        .expect("deleteMessage in the overlay")
        .responses
        .insert("200".into(), "Qr".into());
    let id = &records[record_index(&records, "deleteMessage", 200)].id;
    let errors = build_err(&records, &overlay);
    line_with(
        &errors,
        &[
            "deleteMessage 200",
            "operations.toml",
            "`Qr`",
            id,
            "ResponseSuccess",
        ],
    );
}

#[test]
fn overlay_response_agreeing_with_a_record_is_accepted() {
    let mut overlay = overlay();
    overlay
        .operations
        .get_mut("deleteMessage")
        .unwrap()
        .responses
        .insert("200".into(), "ResponseSuccess".into());
    assert_eq!(spec::build(&records(), &overlay).unwrap(), built_spec());
}

#[test]
fn two_shapes_on_one_name_merge_by_union_and_are_reported() {
    let base = built_spec();
    let props = |name: &str| -> BTreeSet<String> {
        base["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} has properties"))
            .keys()
            .cloned()
            .collect()
    };
    let (interactive, system) = (
        props("MessageContentInteractive"),
        props("MessageContentSystem"),
    );
    assert_ne!(interactive, system, "the two shapes differ");
    let mut overlay = overlay();
    assert!(
        overlay
            .api
            .names
            .sites
            .remove("Message/properties/system")
            .is_some()
    );
    // Without the site rename both shapes are named MessageContentInteractive:
    // one type seen twice, merged by union.
    let spec = spec::build(&records(), &overlay).expect("same-name shapes merge");
    let schemas = &spec["components"]["schemas"];
    assert!(schemas.get("MessageContentSystem").is_none());
    let merged = &schemas["MessageContentInteractive"];
    let keys: BTreeSet<String> = merged["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, &interactive | &system, "union of properties");
    for r in merged["required"].as_array().into_iter().flatten() {
        let r = r.as_str().expect("a name");
        assert!(
            interactive.contains(r) && system.contains(r),
            "`{r}` required though not every shape has it"
        );
    }
    let report = schemas[spec::MERGED_KEY].to_string();
    for needle in [
        "MessageContentInteractive",
        "Message/properties/system",
        "Message/properties/interactive",
    ] {
        assert!(report.contains(needle), "{needle} missing from {report}");
    }
}

/// The first object titled `title` inside `schema`.
fn titled_mut<'a>(schema: &'a mut Value, title: &str) -> Option<&'a mut Value> {
    if schema.get("title").and_then(Value::as_str) == Some(title) {
        return Some(schema);
    }
    match schema {
        Value::Object(m) => m.values_mut().find_map(|v| titled_mut(v, title)),
        Value::Array(a) => a.iter_mut().find_map(|v| titled_mut(v, title)),
        _ => None,
    }
}

#[test]
fn a_newer_record_adding_a_property_merges_into_the_type() {
    let mut records = records();
    let i = record_index(&records, "getMessagesByChatID", 200);
    let message = titled_mut(&mut records[i].schema, "Message").expect("a Message schema");
    message["properties"]["brand_new"] = json!({"type": "string"});
    let spec = spec::build(&records, &overlay()).expect("a new property merges");
    let message = &spec["components"]["schemas"]["Message"];
    assert_eq!(
        message["properties"]["brand_new"],
        json!({"type": "string"})
    );
    assert!(
        !message["required"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r == "brand_new"),
        "only one shape has it: not required"
    );
    // Everything the other records say of Message is still there.
    let before = &built_spec()["components"]["schemas"]["Message"]["properties"];
    for key in before.as_object().expect("properties").keys() {
        assert!(message["properties"].get(key).is_some(), "{key} kept");
    }
    assert!(
        spec["components"]["schemas"][spec::MERGED_KEY]
            .to_string()
            .contains("Message:")
    );
}

#[test]
fn a_record_of_an_operation_only_the_published_document_describes_just_works() {
    let mut records = records();
    let i = record_index(&records, "sendMessageGif", 201);
    let mut text = records[i].clone();
    text.operation = "sendMessageText".into();
    text.id = format!("{}-text", text.id);
    records.push(text.clone());
    let published = xtask::upstream::load(&root()).expect("published document");
    let known = xtask::upstream::operations(&published).expect("operations");
    let ours = spec::build_with(&records, &overlay(), &known).expect("builds");
    let merged =
        xtask::sources::merge(&ours, &published, &overlay().api.names.published).expect("merges");
    let op = &merged.spec["paths"]["/messages/text"]["post"];
    assert_eq!(op["operationId"], json!("sendMessageText"));
    assert_eq!(op["responses"]["201"]["x-records"], json!([text.id]));
    assert!(
        op["requestBody"].is_object(),
        "the request side comes from the published document"
    );
    let src = &merged.operations["sendMessageText"];
    assert_eq!(src.request, "published");
    assert_eq!(src.responses["201"], "records");
    assert!(
        !src.responses.contains_key("200"),
        "the published 200 yields to the records' 201"
    );
    assert!(
        merged
            .decisions
            .iter()
            .any(|d| d.rule == "records-success-status-wins"
                && d.location.starts_with("sendMessageText"))
    );
}

#[test]
fn example_that_does_not_validate_names_the_record() {
    let mut records = records();
    let i = record_index(&records, "loginUser", 409);
    let error = records[i].example["error"]
        .as_object_mut()
        .expect("a ResponseError example");
    assert!(error.remove("code").is_some());
    let id = records[i].id.clone();
    let errors = build_err(&records, &overlay());
    line_with(
        &errors,
        &[&id, "loginUser 409", "does not validate", "`code`"],
    );
    // Only that record is blamed.
    assert_eq!(errors.lines().count(), 1, "{errors}");
}

#[test]
fn unknown_operation_and_operation_without_records() {
    let mut records = records();
    let mut overlay = overlay();
    let i = record_index(&records, "reactToMessage", 200);
    records[i].operation = "reactToMessageTwice".into();
    let errors = build_err(&records, &overlay);
    line_with(
        &errors,
        &[
            "`reactToMessageTwice`",
            "neither spec/overlay/operations.toml nor the published document",
        ],
    );

    let records = common::records();
    overlay.operations.remove("loginUser");
    let errors = build_err(&records, &overlay);
    line_with(&errors, &["`loginUser`"]);
}

// ---------------------------------------------------------------------------
// `cargo xtask regen --check`

fn spec_mtime() -> std::time::SystemTime {
    std::fs::metadata(xtask::spec_path(&root()))
        .and_then(|m| m.modified())
        .expect("spec mtime")
}

#[test]
fn regen_check_succeeds_on_the_clean_tree_and_writes_nothing() {
    let before = (checked_in_spec_text(), spec_mtime());
    let out = xtask(&["regen", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "regen --check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("up to date"), "{stdout}");
    assert_eq!((checked_in_spec_text(), spec_mtime()), before);
}

#[test]
fn regen_misuse_fails_and_writes_nothing() {
    let before = (checked_in_spec_text(), spec_mtime());
    for args in [
        &["regen", "extra"][..],
        &["regen", "--force"],
        &["frobnicate"],
    ] {
        let out = xtask(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage"),
            "{args:?}: no usage"
        );
    }
    assert_eq!((checked_in_spec_text(), spec_mtime()), before);
}

/// A copy of the checked-in inputs (and spec) under a temporary root.
fn copy_tree() -> TempDir {
    let dir = temp_dir("tree");
    let root = root();
    copy_dir(&xtask::records_dir(&root), &xtask::records_dir(dir.path()));
    copy_dir(&root.join("spec/overlay"), &dir.path().join("spec/overlay"));
    copy_dir(
        &root.join("spec/upstream"),
        &dir.path().join("spec/upstream"),
    );
    std::fs::copy(xtask::spec_path(&root), xtask::spec_path(dir.path())).unwrap();
    dir
}

/// What `regen --check` decides for `root`: Ok when the spec file is current.
/// The binary always works on the real tree (its root is compiled in), so the
/// stale case is checked here, on a copy, through the same library calls.
fn check(root: &std::path::Path) -> Result<(), String> {
    let text = xtask::regen_text(root)?;
    let current = std::fs::read_to_string(xtask::spec_path(root)).unwrap_or_default();
    if current == text {
        Ok(())
    } else {
        Err("stale".into())
    }
}

#[test]
fn regen_of_a_copied_tree_is_the_same_spec() {
    let tree = copy_tree();
    assert_eq!(
        xtask::regen_text(tree.path()).unwrap(),
        checked_in_spec_text()
    );
    assert_eq!(check(tree.path()), Ok(()));
}

#[test]
fn stale_spec_is_detected() {
    // The spec file edited by hand.
    let tree = copy_tree();
    let path = xtask::spec_path(tree.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"OK\"", "\"Okay\"", 1)).unwrap();
    assert!(check(tree.path()).is_err());
    // Whitespace counts too: the check is byte for byte.
    std::fs::write(&path, text.trim_end()).unwrap();
    assert!(check(tree.path()).is_err());
    // A missing spec is stale.
    std::fs::remove_file(&path).unwrap();
    assert!(check(tree.path()).is_err());
}

#[test]
fn overlay_or_record_change_makes_the_spec_stale() {
    let tree = copy_tree();
    let api = tree.path().join("spec/overlay/api.toml");
    let text = std::fs::read_to_string(&api).unwrap();
    assert!(text.contains("version = \"1.8.7\""));
    std::fs::write(
        &api,
        text.replace("version = \"1.8.7\"", "version = \"9.9.9\""),
    )
    .unwrap();
    let regenerated = xtask::regen_text(tree.path()).unwrap();
    assert!(regenerated.contains("\"version\": \"9.9.9\""));
    assert!(check(tree.path()).is_err());
    std::fs::write(&api, text).unwrap();
    assert_eq!(check(tree.path()), Ok(()));

    // A record's example changed (still valid): the spec's example follows.
    let mut records = records();
    let i = record_index(&records, "loginUser", 409);
    records[i].example["error"]["message"] = json!("already logged in");
    let files = xtask::records::to_files(&records);
    let file = xtask::records_dir(tree.path()).join("loginUser.jsonl");
    std::fs::write(&file, &files["loginUser.jsonl"]).unwrap();
    assert!(check(tree.path()).is_err());
    assert!(
        xtask::regen_text(tree.path())
            .unwrap()
            .contains("already logged in")
    );
}

#[test]
fn regen_without_records_fails() {
    let tree = copy_tree();
    let dir = xtask::records_dir(tree.path());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let e = xtask::regen_text(tree.path()).unwrap_err();
    assert!(e.contains("no records"), "{e}");
}

#[test]
fn unused_rename_is_named() {
    let mut overlay = overlay();
    overlay
        .api
        .names
        .titles
        .insert("No such title".into(), "Ghost".into());
    overlay
        .api
        .names
        .sites
        .insert("Message/properties/ghost".into(), "Ghost2".into());
    let errors = build_err(&records(), &overlay);
    line_with(
        &errors,
        &["[names.titles]", "`No such title`", "matches nothing"],
    );
    line_with(
        &errors,
        &[
            "[names.sites]",
            "`Message/properties/ghost`",
            "matches nothing",
        ],
    );
}
