//! Shared by the benches: fixtures, the hand-written baseline types, and
//! reading criterion's medians back to print ratios.
#![allow(dead_code)]

pub mod fixtures;
pub mod handwritten;

use std::path::PathBuf;
use std::time::Duration;

/// Where criterion writes its results, found the way criterion finds it:
/// `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion`, else the target dir
/// this bench executable was built in (`<target>/release/deps/<bench>`).
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median point estimate (ns) of `group/bench` from its last run.
pub fn median_ns(group: &str, bench: &str) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.pointer("/median/point_estimate")?.as_f64()
}

/// Prints `name: ratio (goal ...)` for two benches of a group: `numerator`
/// over `denominator`, so a time ratio reads "how many times slower".
pub fn print_ratio(
    name: &str,
    group: &str,
    numerator: &str,
    denominator: &str,
    goal: &str,
) -> Option<f64> {
    let (Some(a), Some(b)) = (median_ns(group, numerator), median_ns(group, denominator)) else {
        println!("{name}: no result (did `{group}` run?)");
        return None;
    };
    let ratio = a / b;
    println!(
        "{name}: {ratio:.3} ({group}/{numerator} {} / {group}/{denominator} {}) (goal {goal})",
        show(a),
        show(b)
    );
    Some(ratio)
}

/// A duration in ns, in the unit that reads best.
pub fn show(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Criterion settings that keep a bench bounded on a 2-core machine;
/// command-line flags (`--sample-size`, `--measurement-time`, ...) still win.
pub fn criterion(samples: usize, warm_up: Duration, measure: Duration) -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(samples)
        .warm_up_time(warm_up)
        .measurement_time(measure)
        .configure_from_args()
}

/// Whether this is a real `cargo bench` run (cargo passes `--bench`), not
/// `cargo test --benches` running each bench once, nor a profiler's
/// `--profile-time` run (which must see only the bench it profiles).
pub fn benching() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--profile-time")
}

/// An interleaved A/B comparison, robust to load that drifts while the
/// benches run (criterion measures A for seconds, then B): `rounds` rounds,
/// each timing `a` and `b` back to back (order alternating); returns the
/// median of the per-round ratios a / b.
pub fn paired(
    rounds: usize,
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> f64 {
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            let (ta, tb) = if round % 2 == 0 {
                let ta = a();
                (ta, b())
            } else {
                let tb = b();
                (a(), tb)
            };
            ta.as_secs_f64() / tb.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// Records a paired ratio in `<criterion dir>/paired.json` (read by
/// `cargo xtask bench-report`) and prints it.
pub fn record_paired(name: &str, ratio: f64, goal: &str) {
    println!("{name} (paired, interleaved): {ratio:.3} (goal {goal})");
    let path = criterion_dir().join("paired.json");
    let mut all: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    all.insert(name.to_owned(), serde_json::json!(ratio));
    let _ = std::fs::create_dir_all(criterion_dir());
    let text = serde_json::to_string_pretty(&all).expect("a map of numbers serializes");
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {e}", path.display());
    }
}
