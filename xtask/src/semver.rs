//! `cargo xtask drift-semver`: checks the rust-breaking / compatible split of
//! the drift rules against the compiler. For each case, a base and a head spec
//! of one operation are turned into an `api` crate shaped like the generated
//! client ([`emit`]), a `user` crate written against the base is compiled
//! against both, and the outcome (compiles against head or not) is compared
//! with the severity `cargo xtask drift` gives the change.

mod cases;
mod emit;

use crate::drift::{self, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One mutation: the spec before and after, and code a user wrote against
/// the base API, using it as the compatibility promise allows (builders for
/// request types, field reads and matches with a fallback arm for responses).
pub struct Case {
    pub name: &'static str,
    pub base: Value,
    pub head: Value,
    pub user: &'static str,
}

/// What one case found.
pub struct Outcome {
    pub name: &'static str,
    pub rule: String,
    pub predicted: Severity,
    /// `None` when the user code does not even compile against the base (a
    /// broken case).
    pub compiles_against_head: Option<bool>,
}

impl Outcome {
    pub fn agrees(&self) -> bool {
        match self.compiles_against_head {
            Some(compiles) => compiles == (self.predicted == Severity::Compatible),
            None => false,
        }
    }
}

/// Runs every case in a scratch directory under `work`.
pub fn run(work: &Path) -> Result<Vec<Outcome>, String> {
    std::fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    cases::all()
        .into_iter()
        .enumerate()
        .map(|(i, case)| check(&case, &work.join(format!("case{i:02}"))))
        .collect()
}

fn check(case: &Case, dir: &Path) -> Result<Outcome, String> {
    let report = drift::diff(&case.base, &case.head);
    // The most severe change decides; component additions are noise here.
    let worst = report
        .changes
        .iter()
        .filter(|c| !c.rule.starts_with("component-schema-"))
        .min_by_key(|c| c.severity)
        .ok_or_else(|| format!("{}: drift reports nothing", case.name))?;
    let compiles = |spec: &Value, side: &str| -> Result<bool, String> {
        let side_dir = dir.join(side);
        std::fs::create_dir_all(&side_dir)
            .map_err(|e| format!("cannot create {}: {e}", side_dir.display()))?;
        let api = compile(&side_dir, "api", &emit::api(spec), None)?;
        if !api {
            return Err(format!(
                "{}: the {side} api crate does not compile",
                case.name
            ));
        }
        let user = format!(
            "#![allow(unused)]\nuse api::{{types, OpenEnum}};\n{}\n",
            case.user
        );
        compile(
            &side_dir,
            "user",
            &user,
            Some(&side_dir.join("libapi.rmeta")),
        )
    };
    let against_base = compiles(&case.base, "base")?;
    let against_head = if against_base {
        Some(compiles(&case.head, "head")?)
    } else {
        None
    };
    Ok(Outcome {
        name: case.name,
        rule: worst.rule.to_string(),
        predicted: worst.severity,
        compiles_against_head: against_head,
    })
}

/// Type-checks one crate (`--emit=metadata`, like `cargo check`); `Ok(false)`
/// when rustc rejects it.
fn compile(dir: &Path, name: &str, source: &str, api: Option<&PathBuf>) -> Result<bool, String> {
    let file = dir.join(format!("{name}.rs"));
    std::fs::write(&file, source).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let mut cmd = Command::new(&rustc);
    cmd.args([
        "--edition",
        "2024",
        "--crate-type",
        "rlib",
        "--emit=metadata",
    ])
    .args(["--crate-name", name, "--out-dir"])
    .arg(dir)
    .arg(&file);
    if let Some(api) = api {
        cmd.arg("--extern").arg(format!("api={}", api.display()));
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {rustc}: {e}"))?;
    std::fs::write(dir.join(format!("{name}.stderr")), &out.stderr)
        .map_err(|e| format!("cannot write rustc output in {}: {e}", dir.display()))?;
    Ok(out.status.success())
}

/// The table `cargo xtask drift-semver` prints.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| case | drift rule | drift says | user code vs head | agree |\n|---|---|---|---|---|\n",
    );
    for o in outcomes {
        let compiled = match o.compiles_against_head {
            Some(true) => "compiles",
            Some(false) => "fails",
            None => "broken case (fails against base)",
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {compiled} | {} |\n",
            o.name,
            o.rule,
            o.predicted,
            if o.agrees() { "yes" } else { "NO" }
        ));
    }
    let agree = outcomes.iter().filter(|o| o.agrees()).count();
    out.push_str(&format!(
        "\nsemver cross-check: {agree}/{} agree\n",
        outcomes.len()
    ));
    out
}
