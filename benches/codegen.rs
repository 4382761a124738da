//! Code generation: `spec/whapi.openapi.json` → formatted Rust, by the very
//! function build.rs runs (`build_script::generate`), plus its phases to see
//! where the time goes:
//!
//! - `codegen/generate`: the whole thing (goal: median ≤ 100 ms);
//! - `codegen/parse_prepare`: JSON parse + `prepare` (the spec rewrite);
//! - `codegen/format`: `syn::parse2` + `prettyplease::unparse` of the tokens;
//! - progenitor itself (OpenAPI → tokens) is the rest: generate − the two.
//!
//! Note: benches are built with the bench profile (optimized); the build
//! script runs at `[profile.dev.build-override]` settings (opt-level 0 by
//! default) in debug builds. `cargo xtask bench-report` times that binary too.

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;
mod common;

use criterion::SamplingMode;
use std::hint::black_box;
use std::time::Duration;

const GROUP: &str = "codegen";

fn main() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/whapi.openapi.json"
    ))
    .expect("spec/whapi.openapi.json");
    let code = build_script::generate(&spec).expect("the spec generates");
    // The tokens progenitor hands to the formatter, rebuilt from its output.
    let tokens: proc_macro2::TokenStream = code.parse().expect("generated code lexes");

    let mut c = common::criterion(20, Duration::from_secs(2), Duration::from_secs(6));
    let mut group = c.benchmark_group(GROUP);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("generate", |b| {
        b.iter(|| build_script::generate(black_box(&spec)).expect("generates"))
    });
    group.bench_function("parse_prepare", |b| {
        b.iter(|| {
            let value: serde_json::Value =
                serde_json::from_str(black_box(&spec)).expect("spec is JSON");
            build_script::prepare(value).expect("prepares")
        })
    });
    group.bench_function("format", |b| {
        b.iter(|| {
            let file: syn::File = syn::parse2(black_box(tokens.clone())).expect("parses");
            prettyplease::unparse(&file)
        })
    });
    group.finish();

    if common::benching() {
        let median = |bench| common::median_ns(GROUP, bench);
        if let (Some(all), Some(prep), Some(fmt)) = (
            median("generate"),
            median("parse_prepare"),
            median("format"),
        ) {
            let rest = (all - prep - fmt).max(0.0);
            println!(
                "codegen median: {:.1} ms (goal ≤ 100 ms); parse+prepare {:.1} ms ({:.0}%), progenitor {:.1} ms ({:.0}%), syn+prettyplease {:.1} ms ({:.0}%); {} lines of output",
                all / 1e6,
                prep / 1e6,
                100.0 * prep / all,
                rest / 1e6,
                100.0 * rest / all,
                fmt / 1e6,
                100.0 * fmt / all,
                code.lines().count()
            );
        }
    }
    c.final_summary();
}
