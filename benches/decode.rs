//! Decode a 500-message `MessagesList` (text, image, location and contact
//! messages, with contexts and reactions) into the generated types, into the
//! hand-written baseline, and into `serde_json::Value` for context.
//!
//! `cargo bench --bench decode`; goal: generated / hand-written ≤ 1.10.

mod common;

use common::{fixtures, handwritten};
use criterion::Throughput;
use std::hint::black_box;
use std::time::Duration;
use whapi::types;

const GROUP: &str = "decode";
const MESSAGES: usize = 500;

fn main() {
    let body = serde_json::to_vec(&fixtures::messages_list(MESSAGES)).expect("fixture serializes");

    // Both decoders must take the fixture, and agree on what it holds.
    let generated: types::MessagesList =
        serde_json::from_slice(&body).expect("the generated types decode the fixture");
    let hand: handwritten::MessagesList =
        serde_json::from_slice(&body).expect("the hand-written types decode the fixture");
    assert_eq!(generated.messages.len(), MESSAGES);
    assert_eq!(hand.messages.len(), MESSAGES);
    for (g, h) in generated.messages.iter().zip(&hand.messages) {
        assert_eq!(g.id, h.id);
        assert_eq!(g.reactions.len(), h.reactions.len());
        assert_eq!(g.context.is_some(), h.context.is_some());
        assert_eq!(g.type_.is_unknown(), h.type_ == handwritten::Type::Other);
    }

    let mut c = common::criterion(50, Duration::from_secs(1), Duration::from_secs(3));
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<types::MessagesList>(black_box(&body)).expect("decodes"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| {
            serde_json::from_slice::<handwritten::MessagesList>(black_box(&body)).expect("decodes")
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("decodes"))
    });
    group.finish();

    if common::benching() {
        println!(
            "decode input: {MESSAGES} messages, {} bytes; size_of Message: generated {} B, hand-written {} B",
            body.len(),
            std::mem::size_of::<types::Message>(),
            std::mem::size_of::<handwritten::Message>()
        );
        common::print_ratio("decode ratio", GROUP, "generated", "handwritten", "≤ 1.10");
        common::print_ratio(
            "decode ratio vs serde_json::Value",
            GROUP,
            "generated",
            "value",
            "context only",
        );
    }
    if common::benching() {
        let decode_n = |n: usize, f: &dyn Fn()| {
            let start = std::time::Instant::now();
            for _ in 0..n {
                f();
            }
            start.elapsed()
        };
        let ratio = common::paired(
            40,
            || {
                decode_n(10, &|| {
                    black_box(
                        serde_json::from_slice::<types::MessagesList>(&body).expect("decodes"),
                    );
                })
            },
            || {
                decode_n(10, &|| {
                    black_box(
                        serde_json::from_slice::<handwritten::MessagesList>(&body)
                            .expect("decodes"),
                    );
                })
            },
        );
        common::record_paired("decode_ratio", ratio, "≤ 1.10");
    }
    c.final_summary();
}
