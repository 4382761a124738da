//! The records dump parser on arbitrary input (decoded lossily as UTF-8):
//! `Ok` or `Err`, never a panic, and an error points into the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xtask::records;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match records::parse_dump(&text) {
        Ok(parsed) => {
            assert!(!parsed.is_empty(), "Ok with no records");
            for r in &parsed {
                assert!(records::is_record_id(&r.id), "bad id {:?}", r.id);
                assert!((100..=599).contains(&r.status), "status {}", r.status);
                assert!(r.schema.is_object(), "schema is not an object");
            }
        }
        Err(e) => {
            let lines = text.lines().count();
            assert!(
                (1..=lines + 1).contains(&e.line),
                "error line {} outside 1..={} ({e})",
                e.line,
                lines + 1
            );
            if let Some(id) = &e.id {
                assert!(
                    text.lines().any(|l| l.trim_end_matches('\r') == id),
                    "error names id {id}, not in the input"
                );
            }
        }
    }
});
