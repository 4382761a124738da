//! The two output forms: JSON for tools, markdown for a PR comment.

use super::{Change, Report, Severity, Summary};
use serde::Serialize;
use std::fmt::Write as _;

/// GitHub rejects comments above 65536 characters; stay well below.
const MARKDOWN_LIMIT: usize = 60_000;

pub(super) fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        summary: Summary,
        changes: &'a [Change],
    }
    let out = Out {
        summary: report.summary(),
        changes: &report.changes,
    };
    // Serializing plain structs and strings cannot fail.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// The version bump a report calls for (see CONTRIBUTING.md).
fn bump(summary: &Summary) -> &'static str {
    if summary.breaking + summary.rust_breaking > 0 {
        "major (minor while 0.x)"
    } else if summary.compatible > 0 {
        "minor"
    } else {
        "patch"
    }
}

pub(super) fn markdown(report: &Report) -> String {
    let s = report.summary();
    if report.changes.is_empty() {
        return "**API drift:** no API changes.\n".to_string();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**API drift:** {} breaking, {} rust-breaking, {} compatible",
        s.breaking, s.rust_breaking, s.compatible
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Version bump: **{}**. Rules and severities: `docs/drift.md`.",
        bump(&s)
    );
    let sections = [
        (
            Severity::Breaking,
            "Breaking",
            "a client built for the base spec can fail against the new one",
        ),
        (
            Severity::RustBreaking,
            "Rust-breaking",
            "wire-compatible, but the generated Rust API changes",
        ),
        (Severity::Compatible, "Compatible", "nothing breaks"),
    ];
    let mut written = 0;
    for (severity, title, meaning) in sections {
        let mut changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        // Already sorted by location; make each operation's changes contiguous.
        changes.sort_by(|a, b| a.group.cmp(&b.group));
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n\n_{meaning}_", changes.len());
        let mut group: Option<&str> = None;
        for change in changes {
            if out.len() > MARKDOWN_LIMIT {
                let rest = report.changes.len() - written;
                let _ = writeln!(
                    out,
                    "\n… and {rest} more; run `cargo xtask drift` locally for the full list."
                );
                return out;
            }
            if group != Some(change.group.as_str()) {
                let _ = writeln!(out, "\n**`{}`**\n", change.group);
                group = Some(change.group.as_str());
            }
            let rule = change.rule;
            if change.detail.is_empty() {
                let _ = writeln!(out, "- {} (`{rule}`)", change.message);
            } else {
                let _ = writeln!(out, "- `{}`: {} (`{rule}`)", change.detail, change.message);
            }
            written += 1;
        }
    }
    out
}
