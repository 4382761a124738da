//! `whapi::webhooks::parse` on arbitrary input: never panics, fails only on
//! a body that is not a JSON object, and keeps everything of an object
//! (tests/support/webhook_kept.rs, shared with tests/webhook_props.rs).
//!
//! Input: `METHOD PATH\nBODY` (the seeds are the documented deliveries); an
//! input without a newline is all body, sent as `POST /hook`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "../../support/webhook_kept.rs"]
mod webhook_kept;

fuzz_target!(|data: &[u8]| {
    let (line, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (String::from_utf8_lossy(&data[..i]), &data[i + 1..]),
        None => ("POST /hook".into(), data),
    };
    let (method, path) = line.split_once(' ').unwrap_or((&line, ""));
    let parsed = whapi::webhooks::parse(method, path, body);
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(sent)) => {
            let delivery = parsed.expect("a JSON object always parses");
            if let Err(lost) = webhook_kept::kept(&sent, &delivery) {
                panic!("{lost}");
            }
        }
        _ => assert!(parsed.is_err(), "only a JSON object parses"),
    }
});
