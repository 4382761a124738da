//! `cargo xtask <command>`: see `cargo xtask help`.

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{json, records, root};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  import <dump> [--check]   parse the records dump into spec/records/ (--check: fail if they differ)
  import-upstream <file> [--check]
                            normalize Whapi's published OpenAPI document into spec/upstream/published.json
  regen [--check]           rebuild spec/whapi.openapi.json and spec/SOURCES.md from
                            spec/records + spec/overlay + spec/upstream
  drift BASE HEAD [--format markdown|json] [--fail-on breaking|rust-breaking]
                            list API changes between two specs (files or REV:PATH) by severity
  drift-semver              compile user code written against a base spec against the head of
                            each mutation case; check drift's rust-breaking/compatible verdicts
  bench-report [--skip-benches] [--skip-build-cost] [--build-runs N] [--config K=V]
               [--skip-base] [--base-runs N] [--only-base]
                            run the benchmarks, write BENCHMARKS.md and target/bench-report.json
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("import") => import(&args[1..]),
        Some("import-upstream") => import_upstream(&args[1..]),
        Some("regen") => regen(&args[1..]),
        Some("drift") => drift(&args[1..]),
        Some("drift-semver") => drift_semver(&args[1..]),
        Some("bench-report") => xtask::bench::report(&args[1..]),
        Some("help") | Some("--help") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flags(args: &[String], known: &[&str]) -> Result<(Vec<String>, Vec<String>), String> {
    let (f, pos): (Vec<String>, Vec<String>) =
        args.iter().cloned().partition(|a| a.starts_with("--"));
    if let Some(bad) = f.iter().find(|a| !known.contains(&a.as_str())) {
        return Err(format!("unknown flag `{bad}`\n\n{USAGE}"));
    }
    Ok((f, pos))
}

fn import(args: &[String]) -> Result<(), String> {
    let (flags, pos) = flags(args, &["--check"])?;
    let [dump] = pos.as_slice() else {
        return Err(format!("import takes one dump file\n\n{USAGE}"));
    };
    let text = std::fs::read_to_string(dump).map_err(|e| format!("cannot read {dump}: {e}"))?;
    let parsed = records::parse_dump(&text).map_err(|e| format!("{dump}: {e}"))?;
    let root = root();
    let dir = xtask::records_dir(&root);
    let files = records::to_files(&parsed);
    if flags.iter().any(|f| f == "--check") {
        let current = xtask::load_records(&root)?;
        if current != parsed {
            return Err(format!(
                "{} differs from {dump}; run `cargo xtask import {dump}`",
                dir.display()
            ));
        }
        println!(
            "records: {} up to date ({} records)",
            dir.display(),
            parsed.len()
        );
        return Ok(());
    }
    // Stale files of operations that no longer exist go too.
    let stale: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| {
            !files.contains_key(
                &p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            )
        })
        .collect();
    let writes: Vec<(PathBuf, String)> = files.into_iter().map(|(n, t)| (dir.join(n), t)).collect();
    json::write_all_atomic(&writes)?;
    for p in stale {
        std::fs::remove_file(&p).map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
    }
    println!("imported {} records into {}", parsed.len(), dir.display());
    Ok(())
}

fn regen(args: &[String]) -> Result<(), String> {
    let (flags, pos) = flags(args, &["--check"])?;
    if !pos.is_empty() {
        return Err(format!("regen takes no arguments\n\n{USAGE}"));
    }
    let files = xtask::regen_files(&root())?;
    let check = flags.iter().any(|f| f == "--check");
    json::ensure_files(&files, check, "cargo xtask regen")
}

fn import_upstream(args: &[String]) -> Result<(), String> {
    let (flags, pos) = flags(args, &["--check"])?;
    let [file] = pos.as_slice() else {
        return Err(format!("import-upstream takes one file\n\n{USAGE}"));
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let doc = xtask::upstream::normalize(&text).map_err(|e| format!("{file}: {e}"))?;
    let files = vec![(xtask::upstream::path(&root()), json::pretty(&doc))];
    let check = flags.iter().any(|f| f == "--check");
    json::ensure_files(
        &files,
        check,
        &format!("cargo xtask import-upstream {file}"),
    )
}

/// Exit status: 0 report printed, 1 `--fail-on` met (the report is still
/// printed), 2 bad arguments or unreadable input.
fn drift(args: &[String]) -> Result<(), String> {
    let outcome = match xtask::drift::run(args, &root()) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    print!("{}", outcome.output);
    match outcome.failure {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

/// Prints the cross-check table; fails when a verdict disagrees.
fn drift_semver(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!("drift-semver takes no arguments\n\n{USAGE}"));
    }
    let work = root().join("target/drift-semver");
    let outcomes = xtask::semver::run(&work)?;
    print!("{}", xtask::semver::table(&outcomes));
    match outcomes.iter().filter(|o| !o.agrees()).count() {
        0 => Ok(()),
        n => Err(format!(
            "{n} case(s) disagree; rustc output in {}",
            work.display()
        )),
    }
}
