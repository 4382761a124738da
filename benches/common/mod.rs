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

/// The spread of an interleaved A/B comparison: the median of the
/// per-round ratios, the middle half and the extremes.
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    pub median: f64,
    /// 25th and 75th percentile of the rounds.
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    fn of(mut ratios: Vec<f64>) -> Spread {
        ratios.sort_by(f64::total_cmp);
        let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
        Spread {
            median: at(0.5),
            q1: at(0.25),
            q3: at(0.75),
            min: ratios[0],
            max: ratios[ratios.len() - 1],
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "median": self.median, "q1": self.q1, "q3": self.q3,
            "min": self.min, "max": self.max,
        })
    }
}

/// An interleaved A/B comparison in wall-clock and in process CPU time.
#[derive(Debug, Clone, Copy)]
pub struct Paired {
    pub wall: Spread,
    /// CPU time of the whole process (client, runtime and the in-process
    /// server) per round: far less moved by other load on the machine.
    pub cpu: Spread,
    pub rounds: usize,
}

/// CPU time consumed so far by this process, all threads.
pub fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant
    // every Linux kernel since 2.6.12 knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// An interleaved A/B comparison, robust to load that drifts while the
/// benches run (criterion measures A for seconds, then B): `rounds` rounds
/// (at least 5), each timing `a` and `b` back to back (order alternating);
/// the median of the per-round ratios a / b, with their spread, in wall
/// time (what `a` and `b` return) and in process CPU time.
pub fn paired(
    rounds: usize,
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> Paired {
    let rounds = rounds.max(5);
    let timed = |f: &mut dyn FnMut() -> Duration| {
        let cpu = process_cpu();
        let wall = f();
        (wall.as_secs_f64(), (process_cpu() - cpu).as_secs_f64())
    };
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = timed(&mut a);
            (ta, timed(&mut b))
        } else {
            let tb = timed(&mut b);
            (timed(&mut a), tb)
        };
        wall.push(ta.0 / tb.0);
        cpu.push(ta.1 / tb.1);
    }
    Paired {
        wall: Spread::of(wall),
        cpu: Spread::of(cpu),
        rounds,
    }
}

/// Records a paired result in `<criterion dir>/paired.json` (read by
/// `cargo xtask bench-report`) and prints it: the wall-clock spread, the
/// number of rounds, and the CPU-time spread under `cpu`.
pub fn record_paired(name: &str, p: Paired, goal: &str) {
    println!(
        "{name} (interleaved, {} rounds): {:.3} (middle half {:.3}–{:.3}, all {:.3}–{:.3}; CPU time {:.3}) (goal {goal})",
        p.rounds, p.wall.median, p.wall.q1, p.wall.q3, p.wall.min, p.wall.max, p.cpu.median
    );
    let mut entry = p.wall.json();
    entry["rounds"] = serde_json::json!(p.rounds);
    entry["cpu"] = p.cpu.json();
    write_entry(name, entry);
}

/// Records a single deterministic figure (no rounds, no spread) in
/// `<criterion dir>/paired.json`, beside the interleaved ones.
pub fn record_value(name: &str, value: f64) {
    write_entry(name, serde_json::json!(value));
}

/// Sets `name` in `<criterion dir>/paired.json`, keeping the other entries.
fn write_entry(name: &str, entry: serde_json::Value) {
    let path = criterion_dir().join("paired.json");
    let mut all: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    all.insert(name.to_owned(), entry);
    let _ = std::fs::create_dir_all(criterion_dir());
    let text = serde_json::to_string_pretty(&all).expect("a map of numbers serializes");
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {e}", path.display());
    }
}
