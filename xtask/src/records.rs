//! The documented response records: parsing the upstream text dump and the
//! normalized JSON Lines form kept in `spec/records/`.
//!
//! The dump is a ten-column table printed one cell per line. A record starts
//! at a line matching the id pattern; its `endpoint_description` line is
//! absent when the description is empty, so a record has 9 or 10 lines.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The columns of the dump, in order, as its header names them.
pub const COLUMNS: [&str; 10] = [
    "id",
    "api_name",
    "api_description",
    "api_score",
    "endpoint_name",
    "endpoint_description",
    "response_status_code",
    "response_summary",
    "response_json",
    "response_json_schema",
];

/// One documented response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// `API_UUID/ENDPOINT_UUID/N/M`.
    pub id: String,
    pub api_name: String,
    pub api_description: String,
    pub api_score: f64,
    /// The operationId.
    pub operation: String,
    pub description: Option<String>,
    pub status: u16,
    pub summary: Option<String>,
    /// The documented example body.
    pub example: Value,
    /// The documented JSON Schema of the body.
    pub schema: Value,
}

/// A dump that cannot be imported: where, which record, and what was wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// 1-based line number in the dump.
    pub line: usize,
    /// The record being read, when one was.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "line {}: record {}: {}", self.line, id, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// The id pattern `API_UUID/ENDPOINT_UUID/N/M`, checked by hand to keep the
/// xtask free of a regex engine.
pub fn is_record_id(line: &str) -> bool {
    let parts: Vec<&str> = line.split('/').collect();
    parts.len() == 4
        && is_uuid(parts[0])
        && is_uuid(parts[1])
        && is_number(parts[2])
        && is_number(parts[3])
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The sort key of a record id: endpoint, then N and M as numbers.
fn id_key(id: &str) -> (String, String, u64, u64) {
    let mut parts = id.split('/');
    let api = parts.next().unwrap_or_default().to_owned();
    let endpoint = parts.next().unwrap_or_default().to_owned();
    let n = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let m = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (api, endpoint, n, m)
}

/// Parses the whole dump. Records come back sorted by operation, status and id.
pub fn parse_dump(text: &str) -> Result<Vec<Record>, ParseError> {
    // A cell cannot end in a carriage return: printed one per line, it would
    // read back without it. So every `\r` before a line end is line ending
    // (which also makes a parsed dump render back to itself).
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut first_record = parse_header(&lines)?;
    // Blank lines before the first record are layout too; anything else
    // there would be skipped silently by the id scan below.
    while lines.get(first_record).is_some_and(|l| l.trim().is_empty()) {
        first_record += 1;
    }
    if let Some(line) = lines.get(first_record).filter(|l| !is_record_id(l)) {
        return Err(ParseError {
            line: first_record + 1,
            id: None,
            message: format!("expected a record id after the header, found `{line}`"),
        });
    }
    let starts: Vec<usize> = (first_record..lines.len())
        .filter(|&i| is_record_id(lines[i]))
        .collect();
    if starts.is_empty() {
        return Err(ParseError {
            line: lines.len().max(1),
            id: None,
            message: "no record found after the header".into(),
        });
    }
    let mut records = Vec::with_capacity(starts.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (k, &start) in starts.iter().enumerate() {
        let mut end = starts.get(k + 1).copied().unwrap_or(lines.len());
        // Blank lines between or after records are layout, not cells.
        while end > start && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        let record = parse_record(&lines[start..end], start + 1)?;
        if let Some(first) = seen.insert(record.id.clone(), start + 1) {
            return Err(ParseError {
                line: start + 1,
                id: Some(record.id),
                message: format!("duplicate id: the same id starts the record at line {first}"),
            });
        }
        records.push(record);
    }
    sort(&mut records);
    Ok(records)
}

/// The stable order of records: operation, status, then id.
pub fn sort(records: &mut [Record]) {
    records.sort_by(|a, b| {
        (&a.operation, a.status, id_key(&a.id)).cmp(&(&b.operation, b.status, id_key(&b.id)))
    });
}

/// Checks the ten header blocks and returns the index of the first record line.
fn parse_header(lines: &[&str]) -> Result<usize, ParseError> {
    let mut i = 0;
    for column in COLUMNS {
        let err = |line: usize, message: String| ParseError {
            line,
            id: None,
            message,
        };
        match lines.get(i) {
            Some(name) if *name == column => {}
            Some(name) => {
                return Err(err(
                    i + 1,
                    format!("header: expected column `{column}`, found `{name}`"),
                ));
            }
            None => return Err(err(i + 1, format!("header: missing column `{column}`"))),
        }
        let kind = lines.get(i + 1).copied().unwrap_or_default();
        if !["stringlengths", "float64", "int64"].contains(&kind) {
            return Err(err(
                i + 2,
                format!("header: column `{column}` has unknown type `{kind}`"),
            ));
        }
        for offset in [2, 3] {
            let bound = lines.get(i + offset).copied().unwrap_or_default();
            if !is_bound(bound) {
                return Err(err(
                    i + offset + 1,
                    format!("header: column `{column}` bound `{bound}` is not a number"),
                ));
            }
        }
        i += 4;
        // Nullable columns carry a fifth line: the mis-encoded "⌀" mark.
        // Any other line is checked as the next column's name (or, after
        // the last column, as the first record's id).
        if matches!(lines.get(i), Some(&"βŒ€") | Some(&"⌀")) {
            i += 1;
        }
    }
    Ok(i)
}

/// A column bound as the dump prints it: `0.1`, `505`, `50k`.
fn is_bound(s: &str) -> bool {
    let digits = s.strip_suffix(['k', 'M']).unwrap_or(s);
    !digits.is_empty() && digits.parse::<f64>().is_ok_and(f64::is_finite)
}

fn parse_record(cells: &[&str], first_line: usize) -> Result<Record, ParseError> {
    let id = cells[0].to_owned();
    let err = |offset: usize, message: String| ParseError {
        line: first_line + offset,
        id: Some(id.clone()),
        message,
    };
    let has_description = match cells.len() {
        10 => true,
        9 => false,
        n => {
            return Err(err(
                0,
                format!("record has {n} lines, expected 9 or 10 (is it truncated?)"),
            ));
        }
    };
    let shift = usize::from(has_description);
    let api_name = cells[1];
    if api_name.trim().is_empty() {
        return Err(err(1, "api_name is empty".into()));
    }
    let api_score: f64 = cells[3]
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite())
        .ok_or_else(|| err(3, format!("api_score `{}` is not a number", cells[3])))?;
    let operation = cells[4];
    if !is_identifier(operation) {
        return Err(err(
            4,
            format!("endpoint_name `{operation}` is not an operationId"),
        ));
    }
    let status_cell = cells[5 + shift];
    let status: u16 = status_cell
        .parse()
        .ok()
        .filter(|s| (100..=599).contains(s))
        .ok_or_else(|| {
            err(
                5 + shift,
                format!("response_status_code `{status_cell}` is not an HTTP status (100..599)"),
            )
        })?;
    let summary = match cells[6 + shift] {
        "null" => None,
        s => Some(s.to_owned()),
    };
    let example: Value = serde_json::from_str(cells[7 + shift])
        .map_err(|e| err(7 + shift, format!("response_json is not valid JSON: {e}")))?;
    let schema: Value = serde_json::from_str(cells[8 + shift]).map_err(|e| {
        err(
            8 + shift,
            format!("response_json_schema is not valid JSON: {e}"),
        )
    })?;
    if !schema.is_object() {
        return Err(err(
            8 + shift,
            "response_json_schema is not a JSON object".into(),
        ));
    }
    Ok(Record {
        id: id.clone(),
        api_name: api_name.to_owned(),
        api_description: cells[2].to_owned(),
        api_score,
        operation: operation.to_owned(),
        description: has_description.then(|| cells[5].to_owned()),
        status,
        summary,
        example,
        schema,
    })
}

/// The normalized form: one file per operation, one record per line, keys sorted.
pub fn to_files(records: &[Record]) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for record in records {
        let value = crate::json::canonical(&serde_json::to_value(record).unwrap_or(Value::Null));
        let line = serde_json::to_string(&value).unwrap_or_default();
        let file = files
            .entry(format!("{}.jsonl", record.operation))
            .or_default();
        file.push_str(&line);
        file.push('\n');
    }
    files
}

/// Reads the normalized records back; the error names the file, line and what was wrong.
pub fn from_files(files: &BTreeMap<String, String>) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut ids = BTreeSet::new();
    for (name, text) in files {
        for (n, line) in text.lines().enumerate() {
            let record: Record = serde_json::from_str(line)
                .map_err(|e| format!("{name}:{}: not a record: {e}", n + 1))?;
            if format!("{}.jsonl", record.operation) != *name {
                return Err(format!(
                    "{name}:{}: record {} belongs to `{}.jsonl`",
                    n + 1,
                    record.id,
                    record.operation
                ));
            }
            if !ids.insert(record.id.clone()) {
                return Err(format!(
                    "{name}:{}: duplicate record id {}",
                    n + 1,
                    record.id
                ));
            }
            records.push(record);
        }
    }
    sort(&mut records);
    Ok(records)
}
