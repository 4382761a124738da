//! The spec builder on records with fuzzed JSON spliced in.
//!
//! Input layout: byte 0 picks the record, byte 1 what to change (bit 0:
//! schema or example; bit 1: insert under a new key or replace; bits 2-3:
//! also move the record to another status or operation), bytes 2..10 the
//! walk to the splice site, the rest is the JSON spliced in (inputs that are
//! not JSON are skipped).

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;
use xtask::overlay::Overlay;
use xtask::records::Record;

fn fixture() -> &'static (Vec<Record>, Overlay) {
    static FIXTURE: OnceLock<(Vec<Record>, Overlay)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = xtask::root();
        let records = xtask::load_records(&root).expect("checked-in records load");
        let overlay = Overlay::load(&root.join("spec/overlay")).expect("checked-in overlay loads");
        (records, overlay)
    })
}

/// Walks `walk` into `target`, then replaces the node reached, or inserts
/// `new` under `key` when `insert` and the node is an object.
fn splice(target: &mut Value, walk: &[u8], insert: bool, new: Value) {
    let mut node = target;
    for &step in walk {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let k = usize::from(step) % len;
        node = match node {
            Value::Object(m) => m.values_mut().nth(k).expect("k < len"),
            Value::Array(a) => &mut a[k],
            _ => unreachable!(),
        };
    }
    match node {
        Value::Object(m) if insert => {
            m.insert(format!("fuzz{}", walk.len()), new);
        }
        node => *node = new,
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let Ok(new) = serde_json::from_slice::<Value>(&data[10..]) else {
        return;
    };
    let (all, overlay) = fixture();
    let mut records = all.clone();
    let k = usize::from(data[0]) % records.len();
    let flags = data[1];
    let target = if flags & 1 == 0 {
        &mut records[k].schema
    } else {
        &mut records[k].example
    };
    splice(target, &data[2..10], flags & 2 != 0, new);
    if flags & 4 != 0 {
        records[k].status = u16::from(data[2]) * 3;
    }
    if flags & 8 != 0 {
        records[k].operation = all[usize::from(data[3]) % all.len()].operation.clone();
    }
    match xtask::spec::build(&records, overlay) {
        Ok(spec) => assert_eq!(spec["openapi"], "3.0.3"),
        Err(e) => assert!(!e.is_empty(), "Err with no message"),
    }
});
