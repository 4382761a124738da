//! Parse a 50-message webhook delivery (`messages.post`, body mode) with
//! `whapi::webhooks::parse` (typed items that keep their raw JSON) against
//! `serde_json::from_slice::<serde_json::Value>` (untyped, the floor a
//! receiver pays anyway to read the body).
//!
//! `cargo bench --bench webhook_parse`; goal: parse / Value ≤ 1.0.

mod common;

use common::fixtures;
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;
use whapi::webhooks::{Event, parse};

const GROUP: &str = "webhook_parse";
const MESSAGES: usize = 50;

fn main() {
    let list = fixtures::messages_list(MESSAGES);
    let body = serde_json::to_vec(&json!({
        "messages": list["messages"],
        "event": {"type": "messages", "event": "post"},
        "channel_id": "MANTIS-M72HC",
    }))
    .expect("fixture serializes");

    // The parser must type every item and keep each as sent.
    let delivery = parse("POST", "/hook", &body).expect("parses");
    let Event::Messages(items) = &delivery.event else {
        panic!("a messages event");
    };
    assert_eq!(items.len(), MESSAGES);
    assert!(
        items.iter().all(|i| i.get().is_some()),
        "every item decodes"
    );
    let sent: Value = serde_json::from_slice(&body).expect("JSON");
    for (item, sent) in items
        .iter()
        .zip(sent["messages"].as_array().expect("array"))
    {
        assert_eq!(&*item.raw, sent);
    }

    let mut c = common::criterion(50, Duration::from_secs(1), Duration::from_secs(3));
    let mut group = c.benchmark_group(GROUP);
    group.throughput(criterion::Throughput::Bytes(body.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| parse("POST", "/hook", black_box(&body)).expect("parses"))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).expect("JSON"))
    });
    group.finish();

    if common::benching() {
        println!(
            "webhook_parse input: {MESSAGES} messages, {} bytes",
            body.len()
        );
        common::print_ratio(
            "webhook parse ratio vs serde_json::Value",
            GROUP,
            "parse",
            "value",
            "≤ 1.0",
        );
        let time_n = |f: &dyn Fn()| {
            let start = std::time::Instant::now();
            for _ in 0..20 {
                f();
            }
            start.elapsed()
        };
        let ratio = common::paired(
            40,
            || time_n(&|| drop(black_box(parse("POST", "/hook", &body)))),
            || time_n(&|| drop(black_box(serde_json::from_slice::<Value>(&body)))),
        );
        common::record_paired("webhook_parse_vs_value_ratio", ratio, "≤ 1.0");
    }
    c.final_summary();
}
