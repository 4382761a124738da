//! Regen: `spec::build` + `json::pretty` on the checked-in records and on
//! 1k and 10k synthetic records made from them (`bench::synthetic_records`:
//! same operations and statuses, new ids).
//!
//! `cargo bench -p xtask --bench regen`; goals: 100 records ≤ 50 ms,
//! 10k ≤ 2 s, near-linear growth.

use criterion::{Criterion, SamplingMode};
use std::hint::black_box;
use std::time::Duration;
use xtask::overlay::Overlay;
use xtask::{bench, json, spec};

const GROUP: &str = "regen";

fn main() {
    let root = xtask::root();
    let records = xtask::load_records(&root).expect("spec/records loads");
    let overlay = Overlay::load(&root.join("spec/overlay")).expect("spec/overlay loads");
    let sizes = [
        ("records_100", records.clone()),
        ("records_1k", bench::synthetic_records(&records, 1_000)),
        ("records_10k", bench::synthetic_records(&records, 10_000)),
    ];
    for (name, set) in &sizes {
        spec::build(set, &overlay).unwrap_or_else(|e| panic!("{name}: regen fails: {e}"));
    }

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = c.benchmark_group(GROUP);
    group.sampling_mode(SamplingMode::Flat);
    for (name, set) in &sizes {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let spec = spec::build(black_box(set), &overlay).expect("builds");
                json::pretty(&spec)
            })
        });
    }
    group.finish();

    if std::env::args().any(|a| a == "--bench") {
        let dir = bench::criterion_dir(&root);
        let m = |bench: &str| bench::median_ns(&dir, GROUP, bench).ok();
        if let (Some(a), Some(b), Some(c)) = (m("records_100"), m("records_1k"), m("records_10k")) {
            println!(
                "regen: {} records {:.1} ms (goal ≤ 50 ms), 1k {:.0} ms, 10k {:.0} ms (goal ≤ 2 s); per record {:.0} / {:.0} / {:.0} µs; 1k → 10k growth exponent {:.2} (1 = linear)",
                records.len(),
                a / 1e6,
                b / 1e6,
                c / 1e6,
                a / 1e3 / records.len() as f64,
                b / 1e3 / 1e3,
                c / 1e3 / 1e4,
                (c / b).log10()
            );
        }
    }
    c.final_summary();
}
