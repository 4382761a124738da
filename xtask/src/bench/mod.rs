//! `cargo xtask bench-report`: runs the benchmarks (criterion benches in
//! `benches/` and `xtask/benches/`, plus the clean-build comparison below),
//! then writes `BENCHMARKS.md` and `target/bench-report.json`.
//!
//! Every figure is compared with its baseline measured in the same run:
//!
//! | key | what | baseline | goal |
//! | --- | --- | --- | --- |
//! | `roundtrip_latency_ratio` | facade call, loopback, keep-alive (interleaved median) | raw reqwest + hand-written serde | ≤ 1.05 |
//! | `throughput_ratio` | 64 calls in flight, facade (interleaved median) | same, hand-written | ≥ 0.95 |
//! | `decode_ratio` | 500-message `MessagesList` into the generated types (interleaved median) | hand-written serde types | ≤ 1.10 |
//! | `codegen_ms` | the compiled build script of a debug build, run alone with the default features' environment (median) | | ≤ 100 ms |
//! | `codegen_vs_openapi_generator_ratio` | the same over `openapi-generator-cli generate -g rust` on the same pruned spec (null when Java or the CLI is missing) | | ≤ 0.05 |
//! | `regen_100_ms` | `spec::build` + `json::pretty`, 100 records | | ≤ 50 ms |
//! | `regen_10k_ms` | same, 10k synthetic records | 1k records (linearity) | ≤ 2 s |
//! | `clean_build_ratio` | clean `cargo build --lib`, generated at build time | same crate, generated file pre-written | ≤ 1.25 |
//!
//! The clean builds: the working tree is copied twice into a temporary
//! directory (no `target*`, no `.git`). Copy "generated" is built as is.
//! Copy "pre-generated" gets the file copy "generated" produced, the
//! generated crate's `spec/build.rs` becomes a stub that copies that file
//! into `OUT_DIR`, and `spec/Cargo.toml`'s `[build-dependencies]` table is
//! removed. Each is built from scratch with
//! its own `CARGO_TARGET_DIR`, the same flags (`cargo build --lib -p whapi
//! --offline`, plus any `--config`) and timed wall-clock; with
//! `--build-runs N` (default 3) the two alternate N times and the median of
//! the per-run ratios is kept, with their spread and the same in CPU time.

use crate::records::Record;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod base;
mod cargo_runs;
mod cli;
mod codegen_run;
mod manifest;
mod paired;
mod report;
mod verdicts;

pub use cargo_runs::{BuildCost, target_dir};
pub use codegen_run::Codegen;
pub use manifest::without_table;
pub use report::{criterion_dir, median_ns, report, splice};
#[allow(unused_imports)]
use {cargo_runs::*, cli::*, manifest::*, paired::*, report::*};

/// `n` records made from `records` for the regen benches: record `i` is a
/// copy of `records[i % len]` whose id gets a new last number, so every
/// operation and status is the same and the spec differs only in the ids
/// listed under `x-records`.
pub fn synthetic_records(records: &[Record], n: usize) -> Vec<Record> {
    if records.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let original = &records[i % records.len()];
            let copy = i / records.len();
            let mut record = original.clone();
            if copy > 0 {
                let (head, last) = original.id.rsplit_once('/').unwrap_or(("", "0"));
                let m: u64 = last.parse().unwrap_or(0);
                record.id = format!("{head}/{}", copy as u64 * 1_000_000 + m);
            }
            record
        })
        .collect()
}

#[cfg(test)]
#[path = "../../../benches/common/fixtures.rs"]
mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        let path = crate::spec_path(&crate::root());
        let text = std::fs::read_to_string(&path).expect("spec/whapi.openapi.json");
        serde_json::from_str(&text).expect("spec is JSON")
    }

    fn check(value: &Value, schema: &str) {
        let spec = spec();
        let schemas = &spec["components"]["schemas"];
        let problems = crate::validate::validate(
            value,
            &json!({"$ref": format!("#/components/schemas/{schema}")}),
            schemas,
        );
        assert!(problems.is_empty(), "{schema}: {problems:#?}");
    }

    #[test]
    fn bench_fixtures_are_valid_against_the_spec() {
        let list = fixtures::messages_list(500);
        check(&list, "MessagesList");
        let kinds: std::collections::BTreeSet<&str> = list["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .filter_map(|m| m["type"].as_str())
            .collect();
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["contact", "image", "location", "text"]
        );
        check(&fixtures::sent_document(), "SentMessage");
    }

    #[test]
    fn bench_fixtures_are_deterministic() {
        assert_eq!(fixtures::messages_list(50), fixtures::messages_list(50));
    }

    #[test]
    fn synthetic_records_keep_operations_and_get_unique_valid_ids() {
        let records = crate::load_records(&crate::root()).expect("records");
        let many = synthetic_records(&records, records.len() * 3 + 7);
        assert_eq!(many.len(), records.len() * 3 + 7);
        let ids: std::collections::BTreeSet<&str> = many.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), many.len(), "ids are unique");
        for (i, r) in many.iter().enumerate() {
            assert!(crate::records::is_record_id(&r.id), "{}", r.id);
            let original = &records[i % records.len()];
            assert_eq!(
                (&r.operation, r.status),
                (&original.operation, original.status)
            );
        }
        assert!(synthetic_records(&[], 10).is_empty());
    }

    #[test]
    fn synthetic_records_build_the_same_operations() {
        let root = crate::root();
        let records = crate::load_records(&root).expect("records");
        let overlay = crate::overlay::Overlay::load(&root.join("spec/overlay")).expect("overlay");
        let strip = |mut spec: Value| {
            fn strip_ids(v: &mut Value) {
                match v {
                    Value::Object(m) => {
                        m.remove("x-records");
                        m.values_mut().for_each(strip_ids);
                    }
                    Value::Array(a) => a.iter_mut().for_each(strip_ids),
                    _ => {}
                }
            }
            strip_ids(&mut spec);
            spec
        };
        let one = crate::spec::build(&records, &overlay).expect("builds");
        let many = crate::spec::build(&synthetic_records(&records, 3 * records.len()), &overlay)
            .expect("builds from synthetic records");
        assert_eq!(strip(one), strip(many), "only x-records differ");
    }

    #[test]
    fn manifest_table_removal() {
        let manifest = "[package]\nname = \"a\"\n\n[build-dependencies]\nx = \"1\"\n\n[dev-dependencies]\ny = \"1\"\n";
        assert_eq!(
            without_table(manifest, "build-dependencies").expect("removes"),
            "[package]\nname = \"a\"\n\n[dev-dependencies]\ny = \"1\"\n"
        );
        assert!(without_table(manifest, "nothing").is_err());
    }

    #[test]
    fn splice_keeps_the_hand_written_text() {
        let doc = format!("intro\n{BEGIN}\nold\n{END}\noutro\n");
        assert_eq!(
            splice(&doc, "new\n"),
            format!("intro\n{BEGIN}\nnew\n{END}\noutro\n")
        );
        assert!(splice("", "new\n").contains("new\n"));
    }

    #[test]
    fn clean_build_ratio_is_the_median_of_run_ratios() {
        let cost = BuildCost {
            generated_s: vec![60.0, 90.0, 66.0],
            pregenerated_s: vec![50.0, 60.0, 60.0],
            generated_cpu_s: vec![120.0, 121.0, 122.0],
            pregenerated_cpu_s: vec![100.0, 100.0, 100.0],
            build_script_ms: vec![200.0],
            generated_units: 1,
            pregenerated_units: 1,
            configs: Vec::new(),
        };
        // Per run: 1.2, 1.5, 1.1; a ratio of medians would say 66/60 = 1.1.
        assert!((cost.ratio() - 1.2).abs() < 1e-9);
        assert_eq!(cost.spread(), (1.1, 1.5));
        assert!((cost.cpu_ratio() - 1.21).abs() < 1e-9);
    }

    #[test]
    fn codegen_round_trips_through_json_and_skips_without_generator() {
        let c = Codegen {
            build_script_ms: vec![210.0, 190.0, 200.0],
            openapi_generator_ms: vec![],
            skipped: Some("no Java runtime".into()),
            features: vec!["default".into(), "messages".into()],
            generator_version: None,
        };
        assert_eq!(Codegen::from_json(&c.to_json()), Some(c.clone()));
        assert_eq!((c.build_script_median(), c.ratio()), (200.0, None));
        let ran = Codegen {
            openapi_generator_ms: vec![10_000.0],
            skipped: None,
            ..c
        };
        assert_eq!(ran.ratio(), Some(0.02));
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn options() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let o = parse_options(&args(&[
            "--skip-benches",
            "--build-runs",
            "3",
            "--config",
            "a.b=1",
        ]))
        .expect("parses");
        assert!(o.skip_benches && !o.skip_build_cost);
        assert_eq!((o.build_runs, o.configs), (3, vec!["a.b=1".to_owned()]));
        let defaults = parse_options(&[]).expect("no options");
        assert_eq!((defaults.build_runs, defaults.codegen_rounds), (3, 3));
        let c = parse_options(&args(&["--codegen-rounds", "5", "--skip-codegen"])).expect("parses");
        assert!(c.skip_codegen && c.codegen_rounds == 5);
        assert!(parse_options(&args(&["--codegen-rounds", "0"])).is_err());
        assert!(parse_options(&args(&["--build-runs", "0"])).is_err());
        assert!(parse_options(&args(&["--config", "x"])).is_err());
        assert!(parse_options(&args(&["--bogus"])).is_err());
    }
}
