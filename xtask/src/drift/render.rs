//! The JSON output: every change once, with every place it is reached from.

use super::{Direction, Reach, Report, Summary};
use serde::Serialize;

pub(super) fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Change<'a> {
        severity: super::Severity,
        rule: &'a str,
        location: &'a str,
        message: &'a str,
        direction: Option<Direction>,
        operations: usize,
        reached_from: &'a [Reach],
    }
    #[derive(Serialize)]
    struct Out<'a> {
        summary: Summary,
        changes: Vec<Change<'a>>,
    }
    let out = Out {
        summary: report.summary(),
        changes: report
            .changes
            .iter()
            .map(|c| Change {
                severity: c.severity,
                rule: c.rule,
                location: &c.location,
                message: &c.message,
                direction: c.direction,
                operations: c.operations().len(),
                reached_from: &c.reached_from,
            })
            .collect(),
    };
    // Serializing plain structs and strings cannot fail.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
