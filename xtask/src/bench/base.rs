//! What the whole API costs a build, against the last 15-operation main
//! (the base, `BASE_REV`), built in the same run from `git archive`:
//!
//! | key | what | goal |
//! |---|---|---|
//! | `build_default_vs_base_ratio` | clean debug `cargo build --lib`, default features | ≤ 1.25 |
//! | `build_full_vs_base_ratio` | the same with `--all-features` | ≤ 1.4 |
//! | `check_after_facade_edit_ratio` | `cargo check --lib` after touching one facade file, default features | ≤ 1.5 |
//!
//! Each is the median of the runs, base and head alternating which goes
//! first; the spread (min–max of the per-run ratios) and CPU time are
//! printed beside it. Each tree builds in its own target directory.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The keys this module adds to `target/bench-report.json`.
pub const KEYS: [&str; 3] = [
    "build_default_vs_base_ratio",
    "build_full_vs_base_ratio",
    "check_after_facade_edit_ratio",
];

/// The last main with 15 operations.
pub const BASE_REV: &str = "2eba2d3";
/// The facade file touched for the edit-loop figure (it exists in both).
const FACADE_FILE: &str = "src/messages/mod.rs";

/// One timed cargo run: wall and CPU seconds.
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: f64,
}

/// Runs the comparison `runs` times; returns the figures as JSON.
pub fn measure(root: &Path, runs: usize) -> Result<Value, String> {
    let tmp = std::env::temp_dir().join(format!("whapi-bench-base-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let base = tmp.join("base");
    let head = tmp.join("head");
    export_rev(root, BASE_REV, &base)?;
    super::copy_tree(root, &head)?;
    let mut rows: Vec<Value> = Vec::new();
    let result = (|| {
        for run in 0..runs {
            let order: [(&str, &PathBuf); 2] = if run % 2 == 0 {
                [("base", &base), ("head", &head)]
            } else {
                [("head", &head), ("base", &base)]
            };
            let mut row = json!({"run": run + 1, "first": order[0].0});
            for (name, dir) in order {
                let target = tmp.join(format!("target-{name}"));
                let _ = std::fs::remove_dir_all(&target);
                let default = cargo_timed(dir, &target, &["build", "--lib", "-p", "whapi"])?;
                let edit = check_after_edit(dir, &target)?;
                let _ = std::fs::remove_dir_all(&target);
                let full = cargo_timed(
                    dir,
                    &target,
                    &["build", "--lib", "-p", "whapi", "--all-features"],
                )?;
                let _ = std::fs::remove_dir_all(&target);
                eprintln!(
                    "bench-base: run {} {name}: default {:.1} s, all features {:.1} s, check after edit {:.2} s",
                    run + 1,
                    default.wall,
                    full.wall,
                    edit.wall
                );
                row[name] = json!({
                    "default_s": default.wall, "default_cpu_s": default.cpu,
                    "full_s": full.wall, "full_cpu_s": full.cpu,
                    "check_after_edit_s": edit.wall,
                });
            }
            rows.push(row);
        }
        Ok::<(), String>(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result?;
    Ok(summarize(&rows))
}

fn summarize(rows: &[Value]) -> Value {
    let ratio = |key: &str| -> Value {
        let ratios: Vec<f64> = rows
            .iter()
            .filter_map(|r| Some(r["head"][key].as_f64()? / r["base"][key].as_f64()?))
            .collect();
        let mut sorted = ratios.clone();
        sorted.sort_by(f64::total_cmp);
        json!({
            "median": super::median(&ratios),
            "min": sorted.first(),
            "max": sorted.last(),
            "runs": ratios,
        })
    };
    json!({
        "base_rev": BASE_REV,
        "build_default_vs_base_ratio": ratio("default_s"),
        "build_default_vs_base_cpu_ratio": ratio("default_cpu_s"),
        "build_full_vs_base_ratio": ratio("full_s"),
        "build_full_vs_base_cpu_ratio": ratio("full_cpu_s"),
        "check_after_facade_edit_ratio": ratio("check_after_edit_s"),
        "rows": rows,
    })
}

/// The markdown lines for BENCHMARKS.md.
pub fn markdown(figures: &Value) -> String {
    let line = |key: &str, goal: f64, what: &str| -> String {
        let f = &figures[key];
        let cpu = &figures[key.replace("_ratio", "_cpu_ratio")];
        let median = f["median"].as_f64().unwrap_or(f64::NAN);
        let cpu_text = cpu["median"]
            .as_f64()
            .map(|c| format!("; CPU {c:.3}"))
            .unwrap_or_default();
        format!(
            "| `{key}` | {what} | {median:.3} (spread {:.3}–{:.3}{cpu_text}) | ≤ {goal} | {} |\n",
            f["min"].as_f64().unwrap_or(f64::NAN),
            f["max"].as_f64().unwrap_or(f64::NAN),
            if median <= goal { "pass" } else { "miss" }
        )
    };
    let mut out = format!(
        "\n### The whole API against the 15-operation base ({BASE_REV}), {} alternating runs\n\n| figure | what | median | goal | |\n|---|---|---|---|---|\n",
        figures["rows"].as_array().map_or(0, Vec::len)
    );
    out.push_str(&line(
        "build_default_vs_base_ratio",
        1.25,
        "clean debug build of the library, default features",
    ));
    out.push_str(&line(
        "build_full_vs_base_ratio",
        1.4,
        "the same, all features",
    ));
    out.push_str(&line(
        "check_after_facade_edit_ratio",
        1.5,
        "`cargo check --lib` after touching one facade file",
    ));
    out
}

/// The tree of `rev` (tracked files only) written to `to`.
fn export_rev(root: &Path, rev: &str, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let archive = Command::new("git")
        .args(["archive", "--format=tar", rev])
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git archive: {e}"))?;
    let status = Command::new("tar")
        .args(["-x", "-C"])
        .arg(to)
        .stdin(archive.stdout.ok_or("git archive has no stdout")?)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("git archive {rev} | tar failed: {status}"));
    }
    Ok(())
}

fn check_after_edit(dir: &Path, target: &Path) -> Result<Timing, String> {
    // Warm first, as a developer's tree is.
    cargo_timed(dir, target, &["check", "--lib", "-p", "whapi"])?;
    let file = dir.join(FACADE_FILE);
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut samples = Vec::new();
    for i in 0..3 {
        // A real edit (a comment), so the file's content changes.
        std::fs::write(&file, format!("{text}\n// bench edit {i}\n"))
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        samples.push(cargo_timed(
            dir,
            target,
            &["check", "--lib", "-p", "whapi"],
        )?);
    }
    std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let walls: Vec<f64> = samples.iter().map(|t| t.wall).collect();
    let cpus: Vec<f64> = samples.iter().map(|t| t.cpu).collect();
    Ok(Timing {
        wall: super::median(&walls),
        cpu: super::median(&cpus),
    })
}

fn cargo_timed(dir: &Path, target: &Path, args: &[&str]) -> Result<Timing, String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cpu_before = super::children_cpu_secs();
    let started = Instant::now();
    let output = Command::new(&program)
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    let cpu = super::children_cpu_secs() - cpu_before;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        return Err(format!(
            "cargo {} in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(Timing { wall, cpu })
}

const BEGIN: &str = "<!-- bench-base:begin (generated by `cargo xtask bench-report`) -->";
const END: &str = "<!-- bench-base:end -->";

/// `current` with the whole-API block replaced by `block`, or appended.
pub fn splice(current: &str, block: &str) -> String {
    let generated = format!("{BEGIN}\n{block}{END}\n");
    match (current.find(BEGIN), current.find(END)) {
        (Some(b), Some(e)) if b < e => {
            let rest = current[e + END.len()..].trim_start_matches('\n');
            format!("{}{generated}{rest}", &current[..b])
        }
        _ => format!("{current}\n{generated}"),
    }
}
