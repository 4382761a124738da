//! `whapi::webhooks::parse`: every documented payload in every delivery
//! mode, field by field; the tolerance the wire needs; never a panic.

mod support;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use support::KEY_EVENTS;
use whapi::webhooks::{Delivery, Event, NamedBy, ParseError, parse};

/// Fields Whapi sends that the spec's types do not have: kept in the raw
/// JSON only. Anything else missing from a decoded item fails the test.
const RAW_ONLY: [&str; 2] = ["reply", "carousel"];

/// One documented payload: the event it carries and its body without the
/// `event` object (each mode names the event its own way).
#[derive(Debug, Clone)]
struct Case {
    name: String,
    event_type: String,
    method: String,
    body: Map<String, Value>,
}

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/webhooks/examples.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture readable"))
        .expect("fixture is JSON")
}

fn fixture_cases() -> Vec<Case> {
    let fixture = fixture();
    let deliveries = fixture["deliveries"].as_array().expect("deliveries");
    assert_eq!(deliveries.len(), 14);
    deliveries
        .iter()
        .map(|d| {
            let mut body = d["body"].as_object().expect("body object").clone();
            let path = d["path"].as_str().expect("path");
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let (event_type, method) = match (body.remove("event"), d["mode"].as_str()) {
                (Some(event), _) => (
                    event["type"].as_str().expect("type").to_owned(),
                    event["event"].as_str().expect("event").to_owned(),
                ),
                (None, Some("path")) => (
                    segments[segments.len() - 2].to_owned(),
                    segments[segments.len() - 1].to_owned(),
                ),
                (None, Some("method")) => (
                    segments[segments.len() - 1].to_owned(),
                    d["method"].as_str().expect("method").to_lowercase(),
                ),
                other => panic!("{}: cannot tell the event: {other:?}", d["name"]),
            };
            Case {
                name: d["name"].as_str().expect("name").to_owned(),
                event_type,
                method,
                body,
            }
        })
        .collect()
}

/// An instance of `schema`, built from the spec's `example`s where it has
/// them (the first enum value, else a plain value of the type).
fn instance(schema: &Value, schemas: &Value, depth: usize) -> Value {
    // The one webhook schema that keeps its pattern (a request input too)
    // and has no example.
    if schema["$ref"] == "#/components/schemas/MessageID" {
        return json!("ABCDEF012345-gBcdefghIjk");
    }
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &schemas[r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(|v| v.get(0)) {
            return instance(first, schemas, depth);
        }
    }
    // The object's properties and requirements, its allOf parts' included.
    fn parts<'a>(
        schema: &'a Value,
        schemas: &'a Value,
        props: &mut Vec<(&'a String, &'a Value)>,
        required: &mut BTreeSet<&'a str>,
    ) {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => &schemas[r.trim_start_matches("#/components/schemas/")],
            None => schema,
        };
        props.extend(
            schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten(),
        );
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parts(part, schemas, props, required);
        }
    }
    let mut object = Map::new();
    let mut properties = Vec::new();
    let mut required = BTreeSet::new();
    parts(schema, schemas, &mut properties, &mut required);
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!("x-value"),
        Some("integer") => json!(7),
        Some("number") => json!(1712995245),
        Some("boolean") => json!(true),
        Some("array") if depth < 4 => json!([instance(&schema["items"], schemas, depth + 1)]),
        Some("array") => json!([]),
        _ => {
            for (name, prop) in properties {
                if depth < 3 || required.contains(name.as_str()) {
                    object.insert(name.clone(), instance(prop, schemas, depth + 1));
                }
            }
            Value::Object(object)
        }
    }
}

/// One payload per key of the spec's `WebhookPayload`, from its examples.
fn spec_cases() -> Vec<Case> {
    let spec = support::spec();
    let schemas = &spec["components"]["schemas"];
    let payload = &schemas["WebhookPayload"]["properties"];
    let keys: BTreeSet<&str> = payload
        .as_object()
        .expect("WebhookPayload properties")
        .keys()
        .map(String::as_str)
        .filter(|k| !["event", "channel_id"].contains(k))
        .collect();
    let table: BTreeSet<&str> = KEY_EVENTS.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(keys, table, "every key of WebhookPayload has its event");
    let channel = payload["channel_id"]["example"].clone();
    assert_eq!(channel, json!("SUPERMAN-f75"));
    KEY_EVENTS
        .iter()
        .map(|(key, event_type, method)| {
            let mut body = Map::new();
            body.insert((*key).to_owned(), instance(&payload[*key], schemas, 0));
            body.insert("channel_id".into(), channel.clone());
            Case {
                name: format!("spec WebhookPayload.{key}"),
                event_type: (*event_type).to_owned(),
                method: (*method).to_owned(),
                body,
            }
        })
        .collect()
}

/// The three ways a case can arrive: (mode, HTTP method, path, body).
fn deliveries(case: &Case) -> [(NamedBy, String, String, Vec<u8>); 3] {
    let mut with_event = case.body.clone();
    with_event.insert(
        "event".into(),
        json!({"type": case.event_type, "event": case.method}),
    );
    let bare = serde_json::to_vec(&case.body).expect("serializable");
    [
        (
            NamedBy::Body,
            "POST".into(),
            "/hook".into(),
            serde_json::to_vec(&with_event).expect("serializable"),
        ),
        (
            NamedBy::Path,
            "POST".into(),
            format!("/hook/{}/{}", case.event_type, case.method),
            bare.clone(),
        ),
        (
            NamedBy::HttpMethod,
            case.method.to_uppercase(),
            format!("/hook/{}", case.event_type),
            bare,
        ),
    ]
}

/// The decoded items, serialized back to JSON.
fn decoded(event: &Event) -> Vec<Option<Value>> {
    fn each<T: serde::Serialize>(items: &[whapi::webhooks::Item<T>]) -> Vec<Option<Value>> {
        items
            .iter()
            .map(|i| {
                i.get()
                    .map(|v| serde_json::to_value(v).expect("serializable"))
            })
            .collect()
    }
    use std::slice::from_ref;
    match event {
        Event::Messages(v) => each(v),
        Event::MessageUpdates(v) => each(v),
        Event::MessagesRemoved(v) => each(v),
        Event::ChatMessagesRemoved(i) => each(from_ref(i)),
        Event::Statuses(v) => each(v),
        Event::Chats(v) => each(v),
        Event::ChatUpdates(v) => each(v),
        Event::ChatsRemoved(v) => each(v),
        Event::Contacts(v) => each(v),
        Event::ContactUpdates(v) => each(v),
        Event::Groups(v) => each(v),
        Event::GroupParticipants(v) => each(v),
        Event::GroupUpdates(v) => each(v),
        Event::Presences(v) => each(v),
        Event::Labels(v) => each(v),
        Event::LabelsRemoved(v) => each(v),
        Event::Calls(v) => each(v),
        Event::Health(i) => each(from_ref(i)),
        Event::Qr(i) => each(from_ref(i)),
        Event::User(i) => each(from_ref(i)),
        Event::Errors(v) => each(v),
        _ => Vec::new(),
    }
}

/// Compares every field of `raw` with the decoded item: equal (numbers as
/// numbers, a numeric string equal to its number), or absent from the type
/// and named in [`RAW_ONLY`] (collected in `raw_only`).
fn same_fields(
    raw: &Value,
    decoded: &Value,
    at: &str,
    raw_only: &mut BTreeSet<String>,
) -> Result<(), String> {
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok(),
        _ => None,
    };
    match (raw, decoded) {
        (Value::Object(r), Value::Object(d)) => {
            for (k, v) in r {
                let here = format!("{at}.{k}");
                match d.get(k) {
                    Some(dv) => same_fields(v, dv, &here, raw_only)?,
                    // Empty arrays and maps are not serialized back.
                    None if v.as_array().is_some_and(Vec::is_empty) => {}
                    None if v.as_object().is_some_and(Map::is_empty) => {}
                    None if RAW_ONLY.contains(&k.as_str()) => {
                        raw_only.insert(k.clone());
                    }
                    None => return Err(format!("{here}: received, not decoded")),
                }
            }
            Ok(())
        }
        (Value::Array(r), Value::Array(d)) if r.len() == d.len() => r
            .iter()
            .zip(d)
            .enumerate()
            .try_for_each(|(i, (x, y))| same_fields(x, y, &format!("{at}[{i}]"), raw_only)),
        (r, d) if r == d => Ok(()),
        (r, d) if number(r).is_some() && number(r) == number(d) => Ok(()),
        (r, d) => Err(format!("{at}: received {r}, decoded {d}")),
    }
}

/// Checks one parsed delivery against its case, field by field.
fn check(
    case: &Case,
    mode: NamedBy,
    delivery: &Delivery,
    raw_only: &mut BTreeSet<String>,
) -> Result<(), String> {
    let expect = |what: &str, ok: bool, got: &dyn std::fmt::Debug| {
        if ok {
            Ok(())
        } else {
            Err(format!("{what}: got {got:?}"))
        }
    };
    let channel = case.body.get("channel_id").and_then(Value::as_str);
    expect(
        "channel_id",
        delivery.channel_id.as_deref() == channel,
        &delivery.channel_id,
    )?;
    expect(
        "event_type",
        delivery.event_type.as_deref() == Some(case.event_type.as_str()),
        &delivery.event_type,
    )?;
    expect(
        "event_method",
        delivery.event_method.as_deref() == Some(case.method.as_str()),
        &delivery.event_method,
    )?;
    expect("named_by", delivery.named_by == mode, &delivery.named_by)?;
    let key = case
        .body
        .keys()
        .find(|k| *k != "channel_id")
        .ok_or("no item key")?;
    expect(
        "event key",
        delivery.event.key() == Some(key.as_str()),
        &delivery.event.key(),
    )?;
    expect(
        "nothing else left",
        delivery.other.is_empty(),
        &delivery.other,
    )?;
    let sent = &case.body[key];
    let sent_items: Vec<&Value> = match sent {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    expect(
        "raw items",
        delivery.event.raw_items() == sent_items,
        &delivery.event.raw_items(),
    )?;
    expect(
        "no item error",
        delivery.event.item_errors().is_empty(),
        &delivery.event.item_errors(),
    )?;
    for (i, (raw, item)) in sent_items.iter().zip(decoded(&delivery.event)).enumerate() {
        let item = item.ok_or(format!("item {i} did not decode"))?;
        same_fields(raw, &item, &format!("{key}[{i}]"), raw_only)?;
    }
    Ok(())
}

#[test]
fn every_documented_payload_parses_in_every_mode_field_by_field() {
    let cases: Vec<Case> = fixture_cases().into_iter().chain(spec_cases()).collect();
    let mut total = 0;
    let mut parsed = 0;
    let mut failures = Vec::new();
    let mut raw_only = BTreeSet::new();
    for case in &cases {
        for (mode, method, path, body) in deliveries(case) {
            total += 1;
            let outcome = parse(&method, &path, &body)
                .map_err(|e| e.to_string())
                .and_then(|d| check(case, mode, &d, &mut raw_only));
            match outcome {
                Ok(()) => parsed += 1,
                Err(e) => failures.push(format!("{} ({mode:?} {method} {path}): {e}", case.name)),
            }
        }
    }
    println!("webhooks: {parsed}/{total} documented payloads parsed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(total, (14 + KEY_EVENTS.len()) * 3);
    assert_eq!(
        raw_only,
        RAW_ONLY.iter().map(|s| (*s).to_owned()).collect(),
        "what the spec lacks is kept raw"
    );
}

fn body_of(name: &str) -> (String, String, Vec<u8>) {
    let fixture = fixture();
    let d = fixture["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("fixture {name}"))
        .clone();
    (
        d["method"].as_str().expect("method").to_owned(),
        d["path"].as_str().expect("path").to_owned(),
        serde_json::to_vec(&d["body"]).expect("serializable"),
    )
}

fn parse_fixture(name: &str) -> Delivery {
    let (method, path, body) = body_of(name);
    parse(&method, &path, &body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn documented_payloads_say_what_the_help_pages_say() {
    let d = parse_fixture("incoming text, body mode");
    let Event::Messages(m) = &d.event else {
        panic!("{d:?}")
    };
    let m = m[0].get().expect("decodes");
    assert_eq!(
        m.text.as_ref().and_then(|t| t.body.as_deref()),
        Some("Hello")
    );
    assert!(!m.from_me);
    assert_eq!(m.timestamp, 1712995245.0);

    let d = parse_fixture("status read (string timestamp)");
    let Event::Statuses(s) = &d.event else {
        panic!("{d:?}")
    };
    let s = s[0].get().expect("decodes");
    assert_eq!(
        (s.code, s.status.to_string(), s.timestamp.as_str()),
        (4.0, "read".into(), "1712995290")
    );

    let d = parse_fixture("incoming image in a group, method mode, no event key");
    assert_eq!(d.named_by, NamedBy::HttpMethod);
    let Event::Messages(m) = &d.event else {
        panic!("{d:?}")
    };
    let image = m[0].get().and_then(|m| m.image.clone()).expect("an image");
    assert_eq!(
        image.id,
        "jpeg-3f25af4bf455d8c68d91-d25c01ab9dccb6d77019-01893d8585"
    );
    assert_eq!(image.caption.as_deref(), Some("any concerns?"));

    let d = parse_fixture("reaction removed (empty emoji)");
    let Event::Messages(m) = &d.event else {
        panic!("{d:?}")
    };
    let action = m[0]
        .get()
        .and_then(|m| m.action.clone())
        .expect("an action");
    assert_eq!(action.emoji.as_deref(), Some(""));
    assert_eq!(
        action.target.as_deref(),
        Some("P9U.yZipvYAtRw-0q4Bq53XeKPbtA-AYk9hYU")
    );

    let d = parse_fixture("button reply (reply type, not in the spec's Message)");
    let Event::Messages(m) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(
        m[0].get().map(|m| m.type_.to_string()),
        Some("reply".into())
    );
    assert_eq!(
        m[0].raw["reply"]["buttons_reply"]["id"],
        "ButtonsV3:randomId1"
    );

    let d = parse_fixture("group participants added, method mode");
    assert_eq!(
        (d.event_type.as_deref(), d.event_method.as_deref()),
        (Some("groups"), Some("put"))
    );
    let Event::GroupParticipants(p) = &d.event else {
        panic!("{d:?}")
    };
    let p = p[0].get().expect("decodes");
    assert_eq!(
        p.action.as_ref().map(ToString::to_string).as_deref(),
        Some("add")
    );
    assert_eq!(p.participants.len(), 1);

    let d = parse_fixture("channel health");
    let Event::Health(h) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(
        h.get().map(|h| h.status.text.to_string()),
        Some("QR".into())
    );

    let d = parse_fixture("messages removed");
    let Event::MessagesRemoved(ids) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(
        ids[0].get().map(|id| id.to_string()),
        Some("p.w30M7fgwWD4XwHu.g4CA-gBgTwl0rVw".into())
    );

    let d = parse_fixture("user logged in");
    let Event::User(u) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(u.get().map(|u| u.id.as_str()), Some("15550009999"));

    let d = parse_fixture("a message type newer than the spec");
    let Event::Messages(m) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(m[0].raw["carousel"]["cards"][0]["title"], "A");
}

#[test]
fn one_bad_item_never_loses_the_others() {
    let body = json!({"messages": [
        {"id": "good-1", "from_me": false, "type": "text", "chat_id": "1@s.whatsapp.net", "timestamp": 1},
        {"id": "bad", "from_me": "yes", "type": "text", "chat_id": "1@s.whatsapp.net", "timestamp": 1},
        "not even an object",
        {"id": "good-2", "from_me": true, "type": "brand_new", "chat_id": "1@s.whatsapp.net", "timestamp": "2"},
    ], "channel_id": "C"});
    let d = parse("POST", "/", body.to_string().as_bytes()).expect("parses");
    let Event::Messages(items) = &d.event else {
        panic!("{d:?}")
    };
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].get().map(|m| m.id.as_str()), Some("good-1"));
    let e = items[1].error().expect("bad item reported");
    assert_eq!(e.path, "from_me");
    assert!(e.message.contains("expected a boolean"), "{e}");
    assert_eq!(items[1].raw, body["messages"][1]);
    assert!(items[2].error().is_some());
    assert_eq!(items[2].raw, json!("not even an object"));
    let m = items[3]
        .get()
        .expect("unknown type and string timestamp tolerated");
    assert_eq!(
        (m.type_.to_string(), m.timestamp),
        ("brand_new".into(), 2.0)
    );
    assert!(m.type_.is_unknown());
    assert_eq!(
        d.event
            .item_errors()
            .iter()
            .map(|(i, _)| *i)
            .collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn status_timestamps_as_numbers_and_unknown_keys_are_kept() {
    let body = json!({"statuses": [{"id": "m", "code": "3", "status": "delivered", "timestamp": 1712995270}],
        "event": {"type": "statuses", "method": "post"}, "channel_id": "C", "brand_new_key": {"x": 1}});
    let d = parse("POST", "/", body.to_string().as_bytes()).expect("parses");
    assert_eq!(
        d.named_by,
        NamedBy::Body,
        "the spec's `method` name is accepted too"
    );
    assert_eq!(d.event_method.as_deref(), Some("post"));
    let Event::Statuses(s) = &d.event else {
        panic!("{d:?}")
    };
    let s = s[0].get().expect("decodes");
    assert_eq!((s.timestamp.as_str(), s.code), ("1712995270", 3.0));
    assert_eq!(d.other["brand_new_key"], json!({"x": 1}));
}

#[test]
fn the_key_names_the_event_when_nothing_else_does() {
    let body = br#"{"chats_removed": ["1@s.whatsapp.net"], "channel_id": "C"}"#;
    let d = parse("POST", "/webhook", body).expect("parses");
    assert_eq!(d.named_by, NamedBy::Key);
    assert_eq!(
        (d.event_type.as_deref(), d.event_method.as_deref()),
        (Some("chats"), Some("delete"))
    );
    // Deprecated names are mapped.
    let body = br#"{"statuses": [], "event": {"type": "ack", "event": "post"}}"#;
    assert_eq!(
        parse("POST", "/", body)
            .expect("parses")
            .event_type
            .as_deref(),
        Some("statuses")
    );
    // A payload with only unknown keys: nothing lost.
    let d = parse("POST", "/", br#"{"future": [1, 2]}"#).expect("parses");
    assert_eq!(
        (d.event.clone(), d.named_by),
        (Event::Unknown, NamedBy::Unknown)
    );
    assert_eq!(d.other["future"], json!([1, 2]));
    // Errors beside another kind of item.
    let d = parse(
        "POST",
        "/",
        br#"{"messages": [], "errors": [{"code": 1, "message": "m"}]}"#,
    )
    .expect("parses");
    assert_eq!(d.errors[0].get().map(|e| e.code), Some(1));
    let d = parse("POST", "/", br#"{"errors": [{"code": 2, "message": "m"}]}"#).expect("parses");
    assert!(matches!(&d.event, Event::Errors(e) if e.len() == 1));
}

#[test]
fn not_json_and_not_an_object_say_so() {
    let e = parse("POST", "/", b"<html>oops</html>").expect_err("not JSON");
    assert!(matches!(e, ParseError::NotJson(_)));
    assert!(e.to_string().contains("not JSON"), "{e}");
    assert!(matches!(
        parse("POST", "/", b""),
        Err(ParseError::NotJson(_))
    ));
    let e = parse("POST", "/", b"[1, 2]").expect_err("an array");
    assert_eq!(e, ParseError::NotObject("array"));
    assert!(e.to_string().contains("not an object"), "{e}");
    assert_eq!(
        parse("POST", "/", b"null"),
        Err(ParseError::NotObject("null"))
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec!["text", "1712995290", "read", "", "post", "messages"])
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "type",
                        "timestamp",
                        "from_me",
                        "chat_id",
                        "status",
                        "code",
                        "x"
                    ])
                    .prop_map(str::to_owned),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512),
                                       method in "[A-Z]{0,7}", path in ".{0,40}") {
        let _ = parse(&method, &path, &bytes);
    }

    #[test]
    fn never_panics_on_arbitrary_json(value in json_value(), path in "(/[a-z]{0,9}){0,3}") {
        let _ = parse("POST", &path, value.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_json_in_any_item_is_kept(
        key in prop::sample::select(KEY_EVENTS.iter().map(|(k, _, _)| *k).collect::<Vec<_>>()),
        items in prop::collection::vec(json_value(), 1..5),
    ) {
        let single = ["health", "qr", "user", "messages_removed_all"].contains(&key);
        let sent = if single { items[0].clone() } else { Value::Array(items.clone()) };
        let body = json!({key: sent, "channel_id": "C"});
        let d = parse("POST", "/", body.to_string().as_bytes()).expect("an object parses");
        // What serde_json reads back (floats may round on the way).
        let items: Vec<Value> = serde_json::from_str(&Value::Array(items).to_string()).expect("JSON");
        let expected: Vec<&Value> = if single { vec![&items[0]] } else { items.iter().collect() };
        prop_assert_eq!(d.event.key(), Some(key));
        prop_assert_eq!(d.event.raw_items(), expected);
        prop_assert_eq!(d.channel_id.as_deref(), Some("C"));
    }
}
