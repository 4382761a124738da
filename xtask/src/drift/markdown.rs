//! The markdown output, a PR comment: summary table, breaking and
//! rust-breaking changes in full, compatible ones grouped by rule and folded.
//! It stays under [`LIMIT`] by cutting compatible detail, never a breaking or
//! rust-breaking change.

use super::{Change, Direction, Report, Severity, Summary};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// GitHub rejects comments above 65536 characters; stay well below.
pub const LIMIT: usize = 60_000;

/// Where the untruncated report is; the CI workflow uploads it under this name.
pub const FULL_REPORT: &str = "full report: the `drift-report` artifact (drift.json), or `cargo xtask drift BASE HEAD --format json`";

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
    if report.changes.is_empty() {
        return "**API drift:** no API changes.\n".to_string();
    }
    let head = header(report);
    let compatible: Vec<&Change> = of(report, Severity::Compatible);
    let groups = by_rule(&compatible);
    let skeleton: usize = groups
        .iter()
        .map(|(rule, list)| frame(rule, list.len()).len() + RESERVE)
        .sum::<usize>()
        + compatible_title(compatible.len()).len()
        + RESERVE;
    // Operation lists under severe changes go first when space runs out.
    let mut severe = severe_sections(report, true);
    if head.len() + severe.len() + skeleton > LIMIT {
        severe = severe_sections(report, false);
    }
    let mut budget = LIMIT.saturating_sub(head.len() + severe.len() + skeleton);
    let mut out = head;
    out.push_str(&severe);
    let mut left_out = 0;
    if !compatible.is_empty() {
        out.push_str(&compatible_title(compatible.len()));
        for (rule, list) in &groups {
            let (text, used, omitted) = rule_group(rule, list, budget);
            budget -= used;
            left_out += omitted;
            out.push_str(&text);
        }
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "\n_Truncated to fit a PR comment: {left_out} compatible change(s) are counted above but not listed; {FULL_REPORT}._"
        );
    } else if !severe.contains("<details>")
        && report.changes.iter().any(|c| c.operations().len() > 1)
    {
        let _ = writeln!(
            out,
            "\n_Operation lists left out to fit a PR comment; {FULL_REPORT}._"
        );
    }
    out
}

/// Room kept per folded group for its "… and N more" line.
const RESERVE: usize = 160;

fn of(report: &Report, severity: Severity) -> Vec<&Change> {
    report
        .changes
        .iter()
        .filter(|c| c.severity == severity)
        .collect()
}

fn header(report: &Report) -> String {
    let s = report.summary();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**API drift:** {} breaking, {} rust-breaking, {} compatible",
        s.breaking, s.rust_breaking, s.compatible
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Version bump: **{}**. Rules and severities: `docs/drift.md`. Each change is listed once, where it originates: a change inside a shared component is listed at the component, with the operations that reach it.",
        bump(&s)
    );
    // Severity × area; a component change counts in every area reaching it.
    let mut table: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for c in &report.changes {
        for area in c.areas() {
            table.entry(area).or_default()[rank(c.severity)] += 1;
        }
    }
    let _ = writeln!(
        out,
        "\n| area | breaking | rust-breaking | compatible |\n|---|---:|---:|---:|"
    );
    for (area, [b, r, c]) in &table {
        let _ = writeln!(out, "| {area} | {b} | {r} | {c} |");
    }
    let _ = writeln!(
        out,
        "| **all (each change once)** | **{}** | **{}** | **{}** |",
        s.breaking, s.rust_breaking, s.compatible
    );
    out
}

fn rank(severity: Severity) -> usize {
    match severity {
        Severity::Breaking => 0,
        Severity::RustBreaking => 1,
        Severity::Compatible => 2,
    }
}

fn side(direction: Option<Direction>) -> &'static str {
    match direction {
        Some(Direction::Request) => ", request side",
        Some(Direction::Response) => ", response side",
        None => "",
    }
}

/// "`POST /a opA`, `GET /b opB`" folded under "N operations".
fn operation_list(ops: &BTreeSet<&str>) -> String {
    let list: Vec<String> = ops.iter().map(|o| format!("`{o}`")).collect();
    format!(
        "<details><summary>{} operation(s)</summary>\n\n{}\n\n</details>\n",
        ops.len(),
        list.join(", ")
    )
}

fn reach_text(c: &Change) -> String {
    let ops = c.operations();
    if c.group.starts_with("components.") && !ops.is_empty() {
        format!(
            " — reached by {} operation(s) in {}",
            ops.len(),
            c.areas().join(", ")
        )
    } else {
        String::new()
    }
}

fn change_line(c: &Change) -> String {
    let rule = c.rule;
    let dir = side(c.direction);
    if c.detail.is_empty() {
        format!("- {} (`{rule}`{dir}){}\n", c.message, reach_text(c))
    } else {
        format!(
            "- `{}`: {} (`{rule}`{dir}){}\n",
            c.detail,
            c.message,
            reach_text(c)
        )
    }
}

/// Breaking and rust-breaking changes, grouped by origin; `with_ops` adds the
/// folded list of reaching operations under each component.
fn severe_sections(report: &Report, with_ops: bool) -> String {
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
    ];
    let mut out = String::new();
    for (severity, title, meaning) in sections {
        let mut changes = of(report, severity);
        if changes.is_empty() {
            continue;
        }
        // Sorted by location already; make each origin's changes contiguous.
        changes.sort_by(|a, b| a.group.cmp(&b.group));
        let _ = writeln!(out, "\n### {title} ({})\n\n_{meaning}_", changes.len());
        let mut start = 0;
        while start < changes.len() {
            let group = &changes[start].group;
            let end = start
                + changes[start..]
                    .iter()
                    .take_while(|c| &c.group == group)
                    .count();
            let members = &changes[start..end];
            let _ = writeln!(out, "\n**`{group}`**\n");
            for c in members {
                out.push_str(&change_line(c));
            }
            let ops: BTreeSet<&str> = members.iter().flat_map(|c| c.operations()).collect();
            if with_ops && group.starts_with("components.") && !ops.is_empty() {
                out.push('\n');
                out.push_str(&operation_list(&ops));
            }
            start = end;
        }
    }
    out
}

fn compatible_title(count: usize) -> String {
    format!("\n### Compatible ({count})\n\n_nothing breaks; grouped by rule_\n\n")
}

fn by_rule<'a>(changes: &[&'a Change]) -> Vec<(&'static str, Vec<&'a Change>)> {
    let mut groups: BTreeMap<&'static str, Vec<&'a Change>> = BTreeMap::new();
    for c in changes {
        groups.entry(c.rule).or_default().push(c);
    }
    groups.into_iter().collect()
}

/// A folded group without its lines: what it costs at least.
fn frame(rule: &str, count: usize) -> String {
    format!("<details><summary><code>{rule}</code>: {count}</summary>\n\n\n</details>\n")
}

/// One rule's folded group, listing changes while `budget` lasts; returns
/// the text, the budget its lines used, and how many changes it left out.
fn rule_group(rule: &str, list: &[&Change], budget: usize) -> (String, usize, usize) {
    let mut out = format!(
        "<details><summary><code>{rule}</code>: {}</summary>\n\n",
        list.len()
    );
    let mut used = 0;
    let mut listed = 0;
    for c in list {
        let line = change_line_full(c);
        if used + line.len() > budget {
            break;
        }
        used += line.len();
        out.push_str(&line);
        listed += 1;
    }
    let omitted = list.len() - listed;
    if omitted > 0 {
        // Paid for by the group's RESERVE.
        let _ = writeln!(out, "- … and {omitted} more (full report)");
    }
    out.push_str("\n</details>\n");
    (out, used, omitted)
}

/// A compatible change with its full location (they are not grouped by origin).
fn change_line_full(c: &Change) -> String {
    let ops = c.operations().len();
    let reach = if c.group.starts_with("components.") && ops > 0 {
        format!(" ({ops} operation(s))")
    } else {
        String::new()
    };
    format!(
        "- `{}`: {}{}{reach}\n",
        c.location,
        c.message,
        side(c.direction)
    )
}
