//! Property tests for the spec builder and the schema validator: records
//! mutated anywhere (schemas, examples, statuses, operation names) build to
//! a spec or to errors, never to a panic or a hang, and `validate` is total
//! on arbitrary value/schema pairs, `$ref` cycles included.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;
use xtask::overlay::Overlay;
use xtask::records::Record;
use xtask::{spec, validate};

const REF_PREFIX: &str = "#/components/schemas/";

/// `PROPTEST_CASES` (for a longer run) or the default given.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

struct Fixture {
    records: Vec<Record>,
    overlay: Overlay,
    /// The spec built from the unmutated records.
    spec: Value,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask has a parent directory");
        let records = xtask::load_records(root).expect("checked-in records load");
        let overlay = Overlay::load(&root.join("spec/overlay")).expect("checked-in overlay loads");
        let spec = spec::build(&records, &overlay).expect("the checked-in records build");
        Fixture {
            records,
            overlay,
            spec,
        }
    })
}

/// Runs `f` on another thread and fails if it takes longer than `secs`
/// (a hang is a bug too). The thread is left behind on timeout.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("did not finish within {secs} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the worker thread panicked"),
    }
}

// ---------------------------------------------------------------------------
// Strategies

/// Words the builder and validator react to, so random JSON hits real paths.
const WORDS: &[&str] = &[
    "type",
    "object",
    "string",
    "array",
    "integer",
    "number",
    "boolean",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "allOf",
    "enum",
    "nullable",
    "minimum",
    "maximum",
    "title",
    "description",
    "$ref",
    "mixin",
    "extends",
    "**Omitted**",
    "Message",
    "Sent message",
    "#/components/schemas/Message",
    "#/components/schemas/MessageType",
    "#/components/schemas/Nope",
    "#/components/parameters/ChatID",
    "@shape:",
    "",
];

/// Keys of generated objects: mostly schema keywords.
fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-z_~/]{0,8}",
        1 => any::<String>(),
    ]
}

fn json_number() -> impl Strategy<Value = Value> {
    use prop::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (NORMAL | SUBNORMAL | ZERO | POSITIVE | NEGATIVE)
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => json_number(),
        3 => prop::sample::select(WORDS).prop_map(|s| Value::String(s.to_owned())),
        1 => any::<String>().prop_map(Value::String),
    ]
}

/// Arbitrary JSON, at most 4 levels deep and about 48 nodes.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Schema-like JSON: objects whose keys are validator keywords, with `$ref`s
/// to `A`..`D` (which may or may not exist, and may form cycles).
fn schema_value() -> impl Strategy<Value = Value> {
    let reference = prop::sample::select(vec!["A", "B", "C", "D"])
        .prop_map(|n| json!({ "$ref": format!("{REF_PREFIX}{n}") }));
    let leaf = prop_oneof![
        2 => reference,
        1 => prop::sample::select(vec!["object", "array", "string", "integer", "number", "boolean", "bogus"])
            .prop_map(|t| json!({ "type": t })),
        1 => json_leaf(),
        1 => Just(json!({})),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|parts| json!({ "allOf": parts })),
            prop::collection::btree_map("[a-c]", inner.clone(), 0..4).prop_map(|props| {
                json!({ "type": "object", "properties": props, "required": ["a"] })
            }),
            inner
                .clone()
                .prop_map(|items| json!({ "type": "array", "items": items })),
            inner
                .clone()
                .prop_map(|ap| json!({ "additionalProperties": ap })),
            (inner.clone(), json_value()).prop_map(|(mut s, e)| {
                if let Some(m) = s.as_object_mut() {
                    m.insert("enum".into(), json!([e]));
                    m.insert("nullable".into(), json!(true));
                    m.insert("minimum".into(), json!(0));
                }
                s
            }),
        ]
    })
}

/// A place in a JSON value: a walk of child choices and, at its end,
/// optionally a key to insert instead of replacing the node reached.
#[derive(Debug, Clone)]
struct Site {
    walk: Vec<Index>,
    key: Option<String>,
}

fn site() -> impl Strategy<Value = Site> {
    (
        prop::collection::vec(any::<Index>(), 0..14),
        prop::option::of(json_key()),
    )
        .prop_map(|(walk, key)| Site { walk, key })
}

/// Puts `new` at `site` inside `target`.
fn splice(target: &mut Value, site: &Site, new: Value) {
    let mut node = target;
    for step in &site.walk {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let k = step.index(len);
        node = match node {
            Value::Object(m) => m.values_mut().nth(k).expect("k < len"),
            Value::Array(a) => &mut a[k],
            _ => unreachable!("only containers have children"),
        };
    }
    match (node, &site.key) {
        (Value::Object(m), Some(key)) => {
            m.insert(key.clone(), new);
        }
        (node, _) => *node = new,
    }
}

// ---------------------------------------------------------------------------
// Invariants of a built spec

/// Every `$ref` in `doc` names something that exists in `spec`. Examples,
/// defaults and enum values are data, so a `$ref` key in one is not a
/// reference; `names`: the keys of `doc` are names, not keywords.
fn check_refs(doc: &Value, names: bool, spec: &Value) -> Result<(), TestCaseError> {
    match doc {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let target = r.strip_prefix('#').and_then(|p| spec.pointer(p));
                prop_assert!(target.is_some(), "dangling $ref {r} in an Ok spec");
            }
            for (k, v) in m {
                if !names && ["example", "default", "enum"].contains(&k.as_str()) {
                    continue;
                }
                let holds_names = !names
                    && [
                        "properties",
                        "schemas",
                        "paths",
                        "responses",
                        "content",
                        "parameters",
                    ]
                    .contains(&k.as_str())
                    && v.is_object();
                check_refs(v, holds_names, spec)?;
            }
        }
        Value::Array(a) => {
            for v in a {
                check_refs(v, false, spec)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Each operation's responses: (operationId, status, response object).
fn responses(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().into_iter().flat_map(Map::values) {
        for op in item.as_object().into_iter().flat_map(Map::values) {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            for (status, r) in op["responses"].as_object().into_iter().flatten() {
                out.push((id.clone(), status.clone(), r));
            }
        }
    }
    out
}

/// What an `Ok` from `spec::build` promises.
fn check_built(spec: &Value) -> Result<(), TestCaseError> {
    prop_assert_eq!(&spec["openapi"], "3.0.3");
    check_refs(spec, false, spec)?;
    let schemas = &spec["components"]["schemas"];
    for (op, status, r) in responses(spec) {
        let media = &r["content"]["application/json"];
        if let Some(example) = media.get("example") {
            let problems = validate::validate(example, &media["schema"], schemas);
            prop_assert!(
                problems.is_empty(),
                "{op} {status}: example invalid in an Ok spec: {problems:?}"
            );
        }
    }
    Ok(())
}

/// Builds (with a hang guard) and checks the invariants of the outcome.
fn build_and_check(records: Vec<Record>) -> Result<Result<Value, String>, TestCaseError> {
    let overlay = fixture().overlay.clone();
    let outcome = within(60, move || spec::build(&records, &overlay));
    match &outcome {
        Ok(spec) => check_built(spec)?,
        Err(e) => {
            prop_assert!(!e.is_empty(), "Err with no message");
            prop_assert!(
                e.lines().all(|l| !l.trim().is_empty()),
                "blank error line in {e:?}"
            );
        }
    }
    Ok(outcome)
}

/// The response schema the unmutated spec gives `op`/`status`.
fn baseline_schema(op: &str, status: u16) -> Value {
    responses(&fixture().spec)
        .into_iter()
        .find(|(o, s, _)| o == op && *s == status.to_string())
        .map(|(_, _, r)| r["content"]["application/json"]["schema"].clone())
        .expect("every record's status is in the spec")
}

fn x_records(spec: &Value, op: &str, status: u16) -> Vec<String> {
    responses(spec)
        .into_iter()
        .filter(|(o, s, _)| o == op && *s == status.to_string())
        .flat_map(|(_, _, r)| r["x-records"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

// ---------------------------------------------------------------------------
// Regressions and baselines

#[test]
fn the_checked_in_records_build_a_valid_spec() {
    let f = fixture();
    check_built(&f.spec).expect("the baseline spec keeps its promises");
    let again = spec::build(&f.records, &f.overlay).expect("builds");
    assert_eq!(again, f.spec, "build is deterministic");
}

/// `A = allOf[$ref A, $ref A]`: each level doubles the work, so a depth
/// limit alone (64) means 2^32 calls and as many messages. The validator
/// must see the cycle instead.
#[test]
fn an_all_of_ref_cycle_terminates_quickly() {
    let schemas = json!({
        "A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"}]},
    });
    let problems = within(10, move || {
        validate::validate(
            &json!({"x": 1}),
            &json!({"$ref": "#/components/schemas/A"}),
            &schemas,
        )
    });
    assert!(!problems.is_empty(), "a cycle is reported");
    assert!(problems.len() < 100, "{} problems", problems.len());
}

/// The same cycle reached from the records: a titled component whose own
/// schema refers to itself twice through `allOf`.
#[test]
fn a_self_referencing_component_in_the_records_does_not_hang_the_build() {
    let mut records = fixture().records.clone();
    let record = records
        .iter_mut()
        .find(|r| r.operation == "getMessagesByChatID" && r.status == 200)
        .expect("the list record");
    let items = record
        .schema
        .pointer_mut("/properties/messages/items")
        .and_then(Value::as_object_mut)
        .expect("messages.items is an object");
    assert_eq!(items["title"], "Message");
    items.insert(
        "allOf".into(),
        json!([{"$ref": "#/components/schemas/Message"}, {"$ref": "#/components/schemas/Message"}]),
    );
    let outcome = build_and_check(records).expect("invariants hold");
    assert!(outcome.is_err(), "a self-referencing Message is an error");
}

/// A `$ref` key inside an example is data, not a reference (found by
/// `spliced_examples_fail_exactly_when_invalid`: the build used to reject it
/// as a dangling `$ref`).
#[test]
fn a_ref_key_inside_an_example_is_data() {
    let mut records = fixture().records.clone();
    let record = records
        .iter_mut()
        .find(|r| r.operation == "loginUser" && r.status == 200)
        .expect("the QR record");
    record
        .example
        .as_object_mut()
        .expect("an object example")
        .insert("extra".into(), json!({"$ref": "type"}));
    let spec = build_and_check(records)
        .expect("invariants hold")
        .expect("an example with a `$ref` key builds");
    assert!(spec.to_string().contains(r#"{"$ref":"type"}"#));
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(32)))]

    /// Arbitrary JSON spliced anywhere into one record's schema: the build
    /// returns a spec that keeps its promises, or errors; never panics.
    #[test]
    fn spliced_schemas_never_panic(which in any::<Index>(), at in site(), new in json_value()) {
        let mut records = fixture().records.clone();
        let k = which.index(records.len());
        splice(&mut records[k].schema, &at, new);
        let _outcome = build_and_check(records)?;
    }

    /// Arbitrary JSON spliced into one record's example: the build fails
    /// exactly when the new example does not validate against the schema the
    /// unmutated spec gives that response, and then only for that reason.
    #[test]
    fn spliced_examples_fail_exactly_when_invalid(which in any::<Index>(), at in site(), new in json_value()) {
        let mut records = fixture().records.clone();
        let k = which.index(records.len());
        splice(&mut records[k].example, &at, new);
        let r = records[k].clone();
        let schema = baseline_schema(&r.operation, r.status);
        let problems = validate::validate(&r.example, &schema, &fixture().spec["components"]["schemas"]);
        match build_and_check(records)? {
            Ok(_) => prop_assert!(problems.is_empty(), "built although {problems:?}"),
            Err(e) => {
                prop_assert!(!problems.is_empty(), "failed for a valid example: {e}");
                for line in e.lines() {
                    prop_assert!(
                        line.contains(&r.id) && line.contains("example does not validate"),
                        "unexpected error {line}"
                    );
                }
                prop_assert_eq!(e.lines().count(), problems.iter().collect::<BTreeSet<_>>().len());
            }
        }
    }

    /// A record moved to an arbitrary status: a status without a description
    /// is an error naming it; a build that succeeds lists the record there.
    #[test]
    fn changed_statuses_never_panic(
        which in any::<Index>(),
        status in prop_oneof![
            3 => prop::sample::select(vec![200u16, 201, 400, 401, 402, 404, 409, 413, 415, 422, 429, 500]),
            1 => any::<u16>(),
        ],
    ) {
        let mut records = fixture().records.clone();
        let k = which.index(records.len());
        records[k].status = status;
        let (op, id) = (records[k].operation.clone(), records[k].id.clone());
        let described = fixture().overlay.api.statuses.contains_key(&status.to_string());
        match build_and_check(records)? {
            Ok(spec) => {
                prop_assert!(described, "status {status} built without a description");
                prop_assert!(x_records(&spec, &op, status).contains(&id), "{id} is not under {op} {status}");
            }
            Err(e) => {
                if !described {
                    prop_assert!(e.contains(&format!("status {status} has no description")), "{e}");
                }
            }
        }
    }

    /// A record moved to an arbitrary operation: an operation the overlay
    /// does not describe is an error naming it.
    #[test]
    fn renamed_operations_never_panic(
        which in any::<Index>(),
        name in prop_oneof![
            2 => prop::sample::select(fixture().overlay.operations.keys().cloned().collect::<Vec<_>>()),
            1 => "[a-zA-Z][a-zA-Z0-9_]{0,16}",
            1 => any::<String>(),
        ],
    ) {
        let mut records = fixture().records.clone();
        let k = which.index(records.len());
        records[k].operation = name.clone();
        let (status, id) = (records[k].status, records[k].id.clone());
        let known = fixture().overlay.operations.contains_key(&name);
        match build_and_check(records)? {
            Ok(spec) => {
                prop_assert!(known, "unknown operation {name:?} built");
                prop_assert!(x_records(&spec, &name, status).contains(&id), "{id} is not under {name} {status}");
            }
            Err(e) => {
                if !known {
                    prop_assert!(e.contains(&format!("records document operation `{name}`")), "{e}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    /// Arbitrary value, schema and component table (with `$ref`s among
    /// `A`..`D`, cycles included): `validate` terminates, and every problem
    /// names a JSON path.
    #[test]
    fn validate_is_total(
        value in json_value(),
        schema in prop_oneof![schema_value(), json_value()],
        table in prop::collection::btree_map(prop::sample::select(vec!["A", "B", "C"]), schema_value(), 0..4),
    ) {
        let schemas = Value::Object(table.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        let (v, s, t) = (value.clone(), schema.clone(), schemas.clone());
        let problems = within(10, move || validate::validate(&v, &s, &t));
        for p in &problems {
            prop_assert!(p.starts_with('$'), "problem without a path: {p}");
        }
        prop_assert_eq!(&problems, &validate::validate(&value, &schema, &schemas), "deterministic");
    }

    /// Schemas that accept everything do, whatever the value.
    #[test]
    fn permissive_schemas_accept_any_value(value in json_value(), schemas in json_value()) {
        let kind = match &value {
            Value::Null => None,
            Value::Bool(_) => Some("boolean"),
            Value::Number(_) => Some("number"),
            Value::String(_) => Some("string"),
            Value::Array(_) => Some("array"),
            Value::Object(_) => Some("object"),
        };
        let mut accepting = vec![json!({}), json!({"description": "anything"}), json!({"enum": [value.clone()]})];
        if let Some(kind) = kind {
            accepting.push(json!({ "type": kind }));
        } else {
            accepting.push(json!({"type": "object", "nullable": true}));
        }
        for schema in accepting {
            let problems = validate::validate(&value, &schema, &schemas);
            prop_assert!(problems.is_empty(), "{schema} rejects {value}: {problems:?}");
        }
    }
}
