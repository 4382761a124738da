//! The records dump parser, the normalized `spec/records/` form and
//! `cargo xtask import`.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use xtask::records::{self, ParseError, Record};

fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    records::parse_dump(text)
}

/// Parses `lines` (as a dump) and returns the error it must produce.
fn parse_err(lines: &[String]) -> ParseError {
    match parse(&join_lines(lines)) {
        Ok(parsed) => panic!("a broken dump parsed into {} records", parsed.len()),
        Err(e) => e,
    }
}

/// Asserts where the error is, which record it names, and what it says.
#[track_caller]
fn assert_error(e: &ParseError, line: usize, id: Option<&str>, needles: &[&str]) {
    assert_eq!(e.line, line, "error line of {e}");
    assert_eq!(e.id.as_deref(), id, "error id of {e}");
    for needle in needles {
        assert!(
            e.message.contains(needle),
            "error message `{}` does not mention `{needle}`",
            e.message
        );
    }
    // The Display form carries line and id too (it is what `import` prints).
    let shown = e.to_string();
    assert!(shown.contains(&format!("line {line}")), "{shown}");
    if let Some(id) = id {
        assert!(shown.contains(id), "{shown}");
    }
}

// ---------------------------------------------------------------------------
// Round trip

#[test]
fn checked_in_records_have_the_documented_size() {
    let records = records();
    assert_eq!(records.len(), 100);
    let operations: BTreeSet<&str> = records.iter().map(|r| r.operation.as_str()).collect();
    assert_eq!(operations.len(), 15, "{operations:?}");
    let ids: BTreeSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 100, "record ids are unique");
    assert!(records.iter().all(|r| records::is_record_id(&r.id)));
}

#[test]
fn parse_of_rendered_dump_gives_back_the_records() {
    let records = records();
    let with = records.iter().filter(|r| r.description.is_some()).count();
    let without = records.len() - with;
    assert!(with > 0, "no 10-line record (with endpoint_description)");
    assert!(
        without > 0,
        "no 9-line record (without endpoint_description)"
    );

    let lines = render_lines(&records);
    assert_eq!(
        lines.len(),
        header_lines() + 10 * with + 9 * without,
        "records render as 9 or 10 lines"
    );
    let parsed = parse(&render_dump(&records)).expect("rendered dump parses");
    assert_eq!(parsed.len(), 100);
    let operations: BTreeSet<&str> = parsed.iter().map(|r| r.operation.as_str()).collect();
    assert_eq!(operations.len(), 15);
    assert_eq!(parsed, records);
}

#[test]
fn parse_sorts_records_whatever_the_dump_order() {
    let records = records();
    let mut reversed = records.clone();
    reversed.reverse();
    assert_ne!(reversed, records);
    assert_eq!(parse(&render_dump(&reversed)).unwrap(), records);
}

#[test]
fn parse_tolerates_crlf_blank_lines_and_no_final_newline() {
    let records = records();
    let text = render_dump(&records);

    let crlf = text.replace('\n', "\r\n");
    assert_eq!(parse(&crlf).unwrap(), records, "CRLF line ends");

    let trimmed = text.trim_end_matches('\n');
    assert_eq!(parse(trimmed).unwrap(), records, "no final newline");

    // Blank lines between and after records are layout.
    let mut spaced = HEADER.to_owned();
    for r in &records {
        spaced.push_str(&render_record(r).join("\n"));
        spaced.push_str("\n\n");
    }
    spaced.push_str("\n\n");
    assert_eq!(
        parse(&spaced).unwrap(),
        records,
        "blank lines between records"
    );
}

#[test]
fn parse_accepts_the_correctly_decoded_null_mark() {
    let records = records();
    let text = render_dump(&records).replace("βŒ€", "⌀");
    assert_eq!(parse(&text).unwrap(), records);
}

#[test]
fn line_numbers_of_a_later_record_account_for_blank_lines() {
    let records = records();
    let victim = &records[records.len() / 2];
    let mut lines: Vec<String> = HEADER.lines().map(str::to_owned).collect();
    for r in &records {
        lines.push(String::new());
        lines.extend(render_record(r));
    }
    let start = start_of(&lines, &victim.id);
    let status = start + 5 + usize::from(victim.description.is_some());
    assert_eq!(lines[status], victim.status.to_string());
    lines[status] = "OK".into();
    let e = parse_err(&lines);
    assert_error(&e, status + 1, Some(&victim.id), &["`OK`"]);
}

// ---------------------------------------------------------------------------
// Broken dumps: where, which record, what

#[test]
fn truncated_nine_line_record_is_reported_at_its_id() {
    let records = records();
    let victim = record_with_description(&records, false);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    lines.remove(start + 8); // the schema line: 8 lines left
    let e = parse_err(&lines);
    assert_error(
        &e,
        start + 1,
        Some(&victim.id),
        &["8 lines", "9 or 10", "truncated"],
    );
}

#[test]
fn truncated_ten_line_record_is_reported() {
    // Ten lines minus one reads as a 9-line record whose status cell holds
    // the description: a bad field, on the record's status line.
    let records = records();
    let victim = record_with_description(&records, true);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    lines.remove(start + 9);
    let e = parse_err(&lines);
    assert_error(&e, start + 6, Some(&victim.id), &["response_status_code"]);
}

#[test]
fn truncated_last_record_is_reported() {
    let records = records();
    let mut lines = render_lines(&records);
    lines.pop();
    let last = records.last().unwrap();
    let start = start_of(&lines, &last.id);
    let e = parse_err(&lines);
    assert_eq!(e.id.as_deref(), Some(last.id.as_str()), "{e}");
    assert!(e.line > start && e.line <= lines.len(), "{e}");
}

#[test]
fn record_cut_to_its_id_is_reported() {
    let records = records();
    let victim = &records[3];
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    let len = render_record(victim).len();
    lines.drain(start + 1..start + len);
    let e = parse_err(&lines);
    assert_error(&e, start + 1, Some(&victim.id), &["1 lines", "truncated"]);
}

#[test]
fn bad_json_in_schema_column() {
    for with in [false, true] {
        let records = records();
        let victim = record_with_description(&records, with);
        let mut lines = render_lines(&records);
        let start = start_of(&lines, &victim.id);
        let schema = start + 8 + usize::from(with);
        assert!(lines[schema].starts_with('{'));
        lines[schema].pop(); // drop the closing brace
        let e = parse_err(&lines);
        assert_error(
            &e,
            schema + 1,
            Some(&victim.id),
            &["response_json_schema", "not valid JSON"],
        );
    }
}

#[test]
fn schema_that_is_not_an_object() {
    let records = records();
    let victim = record_with_description(&records, false);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    lines[start + 8] = "[1, 2]".into();
    let e = parse_err(&lines);
    assert_error(&e, start + 9, Some(&victim.id), &["not a JSON object"]);
}

#[test]
fn bad_json_in_example_column() {
    let records = records();
    let victim = record_with_description(&records, true);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    let example = start + 8;
    lines[example] = "{\"success\": tru".into();
    let e = parse_err(&lines);
    assert_error(
        &e,
        example + 1,
        Some(&victim.id),
        &["response_json", "not valid JSON"],
    );
}

#[test]
fn non_numeric_status() {
    let records = records();
    let victim = record_with_description(&records, false);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    assert_eq!(lines[start + 5], victim.status.to_string());
    lines[start + 5] = "OK".into();
    let e = parse_err(&lines);
    assert_error(
        &e,
        start + 6,
        Some(&victim.id),
        &["response_status_code", "`OK`", "not an HTTP status"],
    );
}

#[test]
fn status_out_of_range() {
    for bad in ["600", "99", "0", "-200", "70000", "200.5"] {
        let records = records();
        let victim = record_with_description(&records, true);
        let mut lines = render_lines(&records);
        let start = start_of(&lines, &victim.id);
        assert_eq!(lines[start + 6], victim.status.to_string());
        lines[start + 6] = bad.into();
        let e = parse_err(&lines);
        assert_error(
            &e,
            start + 7,
            Some(&victim.id),
            &[&format!("`{bad}`"), "not an HTTP status"],
        );
    }
}

#[test]
fn status_bounds_are_accepted() {
    let mut records = records();
    records[0].status = 100;
    records[1].status = 599;
    let mut expected = records.clone();
    records::sort(&mut expected);
    assert_eq!(parse(&render_dump(&records)).unwrap(), expected);
}

#[test]
fn bad_api_score_and_operation_and_name() {
    let records = records();
    let victim = record_with_description(&records, false);
    let cases: [(usize, &str, &[&str]); 4] = [
        (3, "high", &["api_score", "`high`", "not a number"]),
        (3, "NaN", &["api_score", "not a number"]),
        (4, "send message", &["endpoint_name", "not an operationId"]),
        (1, "  ", &["api_name is empty"]),
    ];
    for (offset, value, needles) in cases {
        let mut lines = render_lines(&records);
        let start = start_of(&lines, &victim.id);
        lines[start + offset] = value.into();
        let e = parse_err(&lines);
        assert_error(&e, start + offset + 1, Some(&victim.id), needles);
    }
}

#[test]
fn duplicate_id() {
    let records = records();
    let mut lines = render_lines(&records);
    let first = &records[10];
    let second = &records[40];
    let first_start = start_of(&lines, &first.id);
    let second_start = start_of(&lines, &second.id);
    assert!(first_start < second_start);
    lines[second_start] = first.id.clone();
    let e = parse_err(&lines);
    assert_error(
        &e,
        second_start + 1,
        Some(&first.id),
        &["duplicate", &format!("line {}", first_start + 1)],
    );
}

#[test]
fn bad_header_column_name() {
    let records = records();
    let mut lines = render_lines(&records);
    let at = lines
        .iter()
        .position(|l| l == "response_status_code")
        .unwrap();
    lines[at] = "status_code".into();
    let e = parse_err(&lines);
    assert_error(
        &e,
        at + 1,
        None,
        &[
            "header",
            "expected column `response_status_code`",
            "`status_code`",
        ],
    );
}

#[test]
fn header_columns_out_of_order() {
    let records = records();
    let mut lines = render_lines(&records);
    // Swap the api_name and api_description blocks' names.
    lines.swap(4, 8);
    let e = parse_err(&lines);
    assert_error(
        &e,
        5,
        None,
        &["expected column `api_name`", "`api_description`"],
    );
}

#[test]
fn bad_header_type_and_bound() {
    let records = records();
    let mut lines = render_lines(&records);
    let at = lines.iter().position(|l| l == "api_score").unwrap();
    lines[at + 1] = "float32".into();
    let e = parse_err(&lines);
    assert_error(&e, at + 2, None, &["api_score", "unknown type `float32`"]);

    let mut lines = render_lines(&records);
    let at = lines.iter().position(|l| l == "50k").unwrap();
    lines[at] = "50 thousand".into();
    let e = parse_err(&lines);
    assert_error(
        &e,
        at + 1,
        None,
        &["response_json", "`50 thousand`", "not a number"],
    );
}

#[test]
fn header_without_records() {
    let lines: Vec<String> = HEADER.lines().map(str::to_owned).collect();
    let e = parse_err(&lines);
    assert_eq!(e.id, None);
    assert!(e.message.contains("no record"), "{e}");
}

#[test]
fn garbage_before_the_first_record() {
    let records = records();
    let mut lines = render_lines(&records);
    let first = header_lines();
    lines[first] = "not-a-record-id".into();
    let e = parse_err(&lines);
    assert_error(&e, first + 1, None, &["record id", "`not-a-record-id`"]);
}

#[test]
fn broken_first_id_is_not_skipped_after_a_nullable_last_column() {
    // With a null mark closing the header, a broken first id used to be
    // skipped by the id scan, dropping the first record silently.
    let records = records();
    let mut lines = render_lines(&records);
    let first = header_lines();
    lines.insert(first, "βŒ€".into());
    let mut good = lines.clone();
    assert_eq!(parse(&join_lines(&good)).unwrap(), records);
    lines[first + 1].push('x');
    let e = parse_err(&lines);
    assert_error(&e, first + 2, None, &["record id"]);
    // Blank lines between the header and the first record are layout.
    good.insert(first + 1, String::new());
    assert_eq!(parse(&join_lines(&good)).unwrap(), records);
}

#[test]
fn empty_input() {
    for text in ["", "\n", "   \n\n"] {
        let e = parse(text).expect_err("empty input is not a dump");
        assert_eq!(e.line, 1, "{text:?}: {e}");
        assert_eq!(e.id, None, "{text:?}: {e}");
        assert!(e.message.contains("`id`"), "{text:?}: {e}");
    }
}

#[test]
fn record_id_pattern() {
    let ok = "fd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543/0/0";
    assert!(records::is_record_id(ok));
    for bad in [
        "",
        "fd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543/0",
        "fd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543/0/x",
        "fd91a2ba-6522-4931-9a14-133934b3999/0dfb5e6f-cf46-4066-b729-a413a2e30543/0/0",
        "gd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543/0/0",
        "fd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543/0/0/0",
        "fd91a2ba-6522-4931-9a14-133934b39992/0dfb5e6f-cf46-4066-b729-a413a2e30543//0",
    ] {
        assert!(!records::is_record_id(bad), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// The normalized form in spec/records/

#[test]
fn checked_in_record_files_are_normalized() {
    let files = records::to_files(&records());
    assert_eq!(files.len(), 15);
    let on_disk = snapshot_records_dir();
    let names: BTreeSet<&String> = on_disk.keys().collect();
    assert_eq!(names, files.keys().collect(), "one file per operation");
    for (name, text) in &files {
        assert_eq!(
            text.as_bytes(),
            on_disk[name].as_slice(),
            "spec/records/{name} is not in normalized form"
        );
    }
}

#[test]
fn to_files_and_from_files_round_trip() {
    let records = records();
    let files = records::to_files(&records);
    assert_eq!(records::from_files(&files).unwrap(), records);
    // Every line is one record and keys are sorted.
    for text in files.values() {
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(
                line,
                serde_json::to_string(&xtask::json::canonical(&value)).unwrap()
            );
        }
    }
}

#[test]
fn from_files_rejects_misplaced_duplicate_and_malformed_records() {
    let records = records();
    let files = records::to_files(&records);

    // A record in another operation's file.
    let mut moved: BTreeMap<String, String> = files.clone();
    let line = files["loginUser.jsonl"].lines().next().unwrap().to_owned();
    moved
        .get_mut("deleteMessage.jsonl")
        .unwrap()
        .push_str(&format!("{line}\n"));
    let e = records::from_files(&moved).unwrap_err();
    assert!(e.contains("deleteMessage.jsonl:6"), "{e}");
    assert!(e.contains("loginUser.jsonl"), "{e}");

    // The same id twice.
    let mut doubled = files.clone();
    let text = doubled.get_mut("loginUser.jsonl").unwrap();
    text.push_str(&format!("{line}\n"));
    let e = records::from_files(&doubled).unwrap_err();
    assert!(e.contains("loginUser.jsonl:5"), "{e}");
    assert!(e.contains("duplicate"), "{e}");
    assert!(
        e.contains(&records.iter().find(|r| line.contains(&r.id)).unwrap().id),
        "{e}"
    );

    // A line that is not a record (unknown field).
    let mut bad = files.clone();
    let text = bad.get_mut("loginUser.jsonl").unwrap();
    *text = text.replacen("\"api_name\"", "\"apiName\"", 1);
    let e = records::from_files(&bad).unwrap_err();
    assert!(e.contains("loginUser.jsonl:1"), "{e}");
    assert!(e.contains("not a record"), "{e}");
}

// ---------------------------------------------------------------------------
// `cargo xtask import`

/// Runs `xtask import <dump>` on a broken dump and checks it failed without
/// touching spec/records/.
#[track_caller]
fn import_fails_cleanly(label: &str, lines: &[String], line: usize, id: &str) {
    let dir = temp_dir(label);
    let dump = dir.path().join("dump.txt");
    std::fs::write(&dump, join_lines(lines)).unwrap();
    let before = snapshot_records_dir();
    let out = xtask(&["import", dump.to_str().unwrap()]);
    let after = snapshot_records_dir();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{label}: import of a broken dump succeeded"
    );
    assert!(
        stderr.contains(&format!("line {line}")),
        "{label}: {stderr}"
    );
    assert!(stderr.contains(id), "{label}: {stderr}");
    assert!(
        stderr.contains("dump.txt"),
        "{label}: the error names the file: {stderr}"
    );
    assert_eq!(before, after, "{label}: spec/records/ changed");
    assert!(
        after.keys().all(|n| n.ends_with(".jsonl")),
        "{label}: left files behind: {:?}",
        after.keys().collect::<Vec<_>>()
    );
}

#[test]
fn import_of_broken_dumps_writes_nothing() {
    let records = records();

    let victim = record_with_description(&records, false);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    lines.remove(start + 8);
    import_fails_cleanly("truncated", &lines, start + 1, &victim.id);

    // The last record broken: every other record parsed before the error.
    let last = records.last().unwrap();
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &last.id);
    let schema = lines.len() - 1;
    lines[schema] = "{\"type\": ".into();
    import_fails_cleanly("bad-json", &lines, schema + 1, &last.id);
    assert!(schema > start);

    let victim = record_with_description(&records, true);
    let mut lines = render_lines(&records);
    let start = start_of(&lines, &victim.id);
    lines[start + 6] = "two hundred".into();
    import_fails_cleanly("bad-status", &lines, start + 7, &victim.id);

    let mut lines = render_lines(&records);
    let second = start_of(&lines, &records[50].id);
    lines[second] = records[20].id.clone();
    import_fails_cleanly("duplicate", &lines, second + 1, &records[20].id);
}

#[test]
fn import_of_empty_or_missing_file_writes_nothing() {
    let dir = temp_dir("empty");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let before = snapshot_records_dir();
    let out = xtask(&["import", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));

    let out = xtask(&["import", dir.path().join("missing.txt").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));

    let out = xtask(&["import"]);
    assert!(!out.status.success(), "import without a dump");
    let out = xtask(&["import", empty.to_str().unwrap(), "--force"]);
    assert!(!out.status.success(), "unknown flag");
    assert_eq!(before, snapshot_records_dir());
}

#[test]
fn import_check_accepts_a_dump_of_the_checked_in_records() {
    let records = records();
    let dir = temp_dir("check-ok");
    let dump = dir.path().join("dump.txt");
    // Reversed: the order in the dump does not matter.
    let mut reversed = records.clone();
    reversed.reverse();
    std::fs::write(&dump, render_dump(&reversed)).unwrap();
    let before = snapshot_records_dir();
    let out = xtask(&["import", dump.to_str().unwrap(), "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "import --check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("up to date"), "{stdout}");
    assert!(stdout.contains("100 records"), "{stdout}");
    assert_eq!(before, snapshot_records_dir());
}

#[test]
fn import_check_rejects_a_dump_that_differs() {
    let mut records = records();
    records[7].example = serde_json::json!({"changed": true});
    let dir = temp_dir("check-differs");
    let dump = dir.path().join("dump.txt");
    std::fs::write(&dump, render_dump(&records)).unwrap();
    let before = snapshot_records_dir();
    let out = xtask(&["import", dump.to_str().unwrap(), "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "import --check accepted a different dump"
    );
    assert!(stderr.contains("differs"), "{stderr}");
    assert_eq!(before, snapshot_records_dir());
}
