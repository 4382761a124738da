//! `cargo xtask drift BASE HEAD`: every API change between two specs, each
//! with a severity (breaking, rust-breaking, compatible) and a rule id.
//!
//! BASE and HEAD are spec files or git references `REV:PATH`. Operations are
//! matched by method and path template, schemas are compared by following
//! `$ref` and merging `allOf`, and every schema is judged with the rules of the
//! direction it is reached from: request rules below request bodies and
//! parameters, response rules below responses. Each change is reported once,
//! at its origin (the operation, or the component schema it happens in), with
//! every operation and path reaching it. The rules live in [`rules`] and are
//! documented in `docs/drift.md`.

mod diff;
mod markdown;
mod render;
pub mod rules;
mod schema;

pub use markdown::{FULL_REPORT, LIMIT as MARKDOWN_LIMIT};
pub use rules::{Rule, Severity};

use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// One reported change, once, at its origin: the operation it belongs to, or
/// the component schema it happens in (with every operation that reaches it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub severity: Severity,
    pub rule: &'static str,
    /// Where it originates: `POST /messages/gif sendMessageGif request body
    /// .caption`, `components.schemas.Message.subtype`, ...
    pub location: String,
    pub message: String,
    /// The side a schema change is judged from; `None` for changes that are
    /// not about a schema (operations, parameters, statuses, component names).
    pub direction: Option<Direction>,
    /// Every operation and full path from which the change is reached, sorted
    /// (empty for component names nothing reaches).
    pub reached_from: Vec<Reach>,
    /// The operation (`POST /messages/gif sendMessageGif`) or component
    /// (`components.schemas.Message`) the change originates in.
    pub group: String,
    /// `location` without the group (empty when the group is the location).
    pub detail: String,
}

/// One place a change is reached from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reach {
    /// `POST /messages/gif sendMessageGif`.
    pub operation: String,
    /// The operation's first tag (`untagged` without one): its area.
    #[serde(skip)]
    pub area: String,
    /// The full path: `POST /messages/gif sendMessageGif response 201 .message.type`.
    pub location: String,
}

/// Which side of the exchange a schema change is judged from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Request,
    Response,
}

impl Change {
    /// The distinct operations that reach the change, sorted.
    pub fn operations(&self) -> Vec<&str> {
        let mut ops: Vec<&str> = self
            .reached_from
            .iter()
            .map(|r| r.operation.as_str())
            .collect();
        ops.dedup();
        ops
    }

    /// The areas (first tags) of the reaching operations, sorted; a change
    /// nothing reaches belongs to `components`.
    pub fn areas(&self) -> Vec<&str> {
        let mut areas: Vec<&str> = self.reached_from.iter().map(|r| r.area.as_str()).collect();
        areas.sort_unstable();
        areas.dedup();
        if areas.is_empty() {
            areas.push("components");
        }
        areas
    }
}

/// Change counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub rust_breaking: usize,
    pub compatible: usize,
}

/// The changes between two specs, sorted by severity, location, rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.severity {
                Severity::Breaking => s.breaking += 1,
                Severity::RustBreaking => s.rust_breaking += 1,
                Severity::Compatible => s.compatible += 1,
            }
        }
        s
    }

    /// `{"summary":{...},"changes":[{"severity","rule","location","message",
    /// "direction","operations","reached_from":[{"operation","location"}]}]}`.
    pub fn to_json(&self) -> String {
        render::json(self)
    }

    /// A PR comment of at most [`MARKDOWN_LIMIT`] characters: summary line and
    /// table, breaking and rust-breaking changes in full, compatible ones
    /// grouped by rule.
    pub fn to_markdown(&self) -> String {
        markdown::markdown(self)
    }

    /// Whether the report meets `--fail-on threshold`: any change at least as
    /// severe as `threshold`.
    pub fn fails_on(&self, threshold: Severity) -> bool {
        self.changes.iter().any(|c| c.severity <= threshold)
    }
}

/// Compares two OpenAPI 3.0 documents. A change reached from several
/// operations (or paths) is reported once, with every place it is reached from.
pub fn diff(base: &Value, head: &Value) -> Report {
    Report {
        changes: collapse(diff::diff(base, head)),
    }
}

/// Merges the raw per-path findings that are one change (same origin, rule,
/// message and direction), sorted by severity, location, rule, message.
fn collapse(raw: Vec<Change>) -> Vec<Change> {
    type Key = (Severity, String, &'static str, String, Option<Direction>);
    let mut merged: std::collections::BTreeMap<Key, Change> = std::collections::BTreeMap::new();
    for change in raw {
        let key = (
            change.severity,
            change.location.clone(),
            change.rule,
            change.message.clone(),
            change.direction,
        );
        match merged.get_mut(&key) {
            Some(existing) => existing.reached_from.extend(change.reached_from),
            None => {
                merged.insert(key, change);
            }
        }
    }
    merged
        .into_values()
        .map(|mut c| {
            c.reached_from.sort();
            c.reached_from.dedup();
            c
        })
        .collect()
}

/// Output format of the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// The parsed command line of `cargo xtask drift`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub base: String,
    pub head: String,
    pub format: Format,
    pub fail_on: Option<Severity>,
}

pub const USAGE: &str =
    "usage: cargo xtask drift BASE HEAD [--format markdown|json] [--fail-on breaking|rust-breaking]

BASE and HEAD are spec files or git references REV:PATH (e.g. main:spec/whapi.openapi.json).
Exit status: 0 report written, 1 --fail-on threshold met, 2 bad arguments or unreadable input.
";

impl Args {
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut positional = Vec::new();
        let mut format = Format::Markdown;
        let mut fail_on = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            match flag {
                "--format" | "--fail-on" => {
                    let value = match inline {
                        Some(v) => v,
                        None => it
                            .next()
                            .cloned()
                            .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?,
                    };
                    if flag == "--format" {
                        format = match value.as_str() {
                            "markdown" | "md" => Format::Markdown,
                            "json" => Format::Json,
                            other => {
                                return Err(format!(
                                    "unknown format `{other}` (markdown or json)\n\n{USAGE}"
                                ));
                            }
                        };
                    } else {
                        fail_on = match value.as_str() {
                            "breaking" => Some(Severity::Breaking),
                            "rust-breaking" => Some(Severity::RustBreaking),
                            other => {
                                return Err(format!(
                                    "unknown --fail-on level `{other}` (breaking or rust-breaking)\n\n{USAGE}"
                                ));
                            }
                        };
                    }
                }
                f if f.starts_with("--") => return Err(format!("unknown flag `{f}`\n\n{USAGE}")),
                _ => positional.push(arg.clone()),
            }
        }
        let [base, head] = <[String; 2]>::try_from(positional).map_err(|p| {
            format!(
                "drift takes two specs, BASE and HEAD (got {})\n\n{USAGE}",
                p.len()
            )
        })?;
        Ok(Args {
            base,
            head,
            format,
            fail_on,
        })
    }
}

/// What the CLI prints, and whether it must fail (`--fail-on` met).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub output: String,
    pub failure: Option<String>,
}

/// Runs `cargo xtask drift`; `root` is where git references are read.
/// `Err` is a usage or input error (exit status 2).
pub fn run(args: &[String], root: &Path) -> Result<Outcome, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Outcome {
            output: USAGE.to_string(),
            failure: None,
        });
    }
    let args = Args::parse(args)?;
    let base = load(&args.base, root)?;
    let head = load(&args.head, root)?;
    let report = diff(&base, &head);
    let output = match args.format {
        Format::Markdown => report.to_markdown(),
        Format::Json => report.to_json(),
    };
    let failure = args.fail_on.filter(|&t| report.fails_on(t)).map(|t| {
        let s = report.summary();
        let counted = match t {
            Severity::Breaking => format!("{} breaking", s.breaking),
            _ => format!("{} breaking, {} rust-breaking", s.breaking, s.rust_breaking),
        };
        format!("API drift: {counted} change(s) (--fail-on {t})")
    });
    Ok(Outcome { output, failure })
}

/// Reads a spec: a file if `spec` names one, otherwise a git reference
/// `REV:PATH` read with `git show` in `root`.
pub fn load(spec: &str, root: &Path) -> Result<Value, String> {
    let path = Path::new(spec);
    let text = if path.exists() || !spec.contains(':') {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read spec file `{spec}`: {e}"))?
    } else {
        git_show(spec, root)?
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("`{spec}` is not valid JSON: {e}"))?;
    if !value.get("paths").is_some_and(Value::is_object) {
        return Err(format!(
            "`{spec}` is not an OpenAPI 3.0 document: it has no `paths` object"
        ));
    }
    Ok(value)
}

fn git_show(reference: &str, root: &Path) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("show")
        .arg(reference)
        .current_dir(root)
        .output()
        .map_err(|e| {
            format!(
                "cannot run `git show {reference}` in {}: {e}",
                root.display()
            )
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cannot read git reference `{reference}` (git show in {}): {}",
            root.display(),
            stderr.trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("git reference `{reference}` is not UTF-8 text"))
}
