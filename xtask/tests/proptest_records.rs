//! Property tests for the records dump parser: whatever the input,
//! `parse_dump` returns `Ok` or `Err` (never panics), its errors point into
//! the input, and whatever it accepts renders back to the same records.

mod common;

use common::{HEADER, header_lines, join_lines, render_dump, render_lines};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeSet;
use std::sync::OnceLock;
use xtask::records::{self, ParseError, Record};

/// `PROPTEST_CASES` (for a longer run) or the default given.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

/// The checked-in records, loaded once for the whole test binary.
fn records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask has a parent directory");
        xtask::load_records(root).expect("checked-in records load")
    })
}

/// The checked-in records rendered as dump lines, once.
fn dump_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| render_lines(records()))
}

/// The invariants every parse result must satisfy, whatever the input.
fn check_outcome(
    text: &str,
    outcome: &Result<Vec<Record>, ParseError>,
) -> Result<(), TestCaseError> {
    let lines = text.lines().count();
    match outcome {
        Ok(parsed) => {
            prop_assert!(!parsed.is_empty(), "Ok with no records");
            let mut ids = BTreeSet::new();
            for r in parsed {
                prop_assert!(records::is_record_id(&r.id), "bad id {:?}", r.id);
                prop_assert!(ids.insert(r.id.as_str()), "duplicate id {}", r.id);
                prop_assert!((100..=599).contains(&r.status), "status {}", r.status);
                prop_assert!(r.api_score.is_finite());
                prop_assert!(r.schema.is_object());
                prop_assert!(!r.api_name.trim().is_empty());
                prop_assert!(
                    text.lines().any(|l| l.trim_end_matches('\r') == r.id),
                    "id {} is not a line of the input",
                    r.id
                );
            }
            let mut sorted = parsed.clone();
            records::sort(&mut sorted);
            prop_assert_eq!(&sorted, parsed, "records come back sorted");
            // Round trip: what was accepted renders to a dump that parses to
            // the same records.
            let again = records::parse_dump(&render_dump(parsed));
            prop_assert_eq!(
                again.as_ref(),
                Ok(parsed),
                "render(parse(x)) does not parse back"
            );
        }
        Err(e) => {
            prop_assert!(
                (1..=lines + 1).contains(&e.line),
                "error line {} outside 1..={} for a {lines}-line input: {e}",
                e.line,
                lines + 1
            );
            if let Some(id) = &e.id {
                prop_assert!(records::is_record_id(id), "error names a non-id {id:?}");
                prop_assert!(
                    text.lines().any(|l| l.trim_end_matches('\r') == id),
                    "error names id {id}, which is not a line of the input"
                );
            }
            prop_assert!(!e.message.is_empty());
            let shown = e.to_string();
            prop_assert!(shown.contains(&format!("line {}", e.line)), "{shown}");
        }
    }
    Ok(())
}

/// Parses `text`, checks the invariants, and hands the outcome back.
fn parse_and_check(text: &str) -> Result<Result<Vec<Record>, ParseError>, TestCaseError> {
    let outcome = records::parse_dump(text);
    check_outcome(text, &outcome)?;
    Ok(outcome)
}

/// Parses `text` and checks the invariants.
fn check(text: &str) -> Result<(), TestCaseError> {
    parse_and_check(text).map(drop)
}

// ---------------------------------------------------------------------------
// Strategies

/// A valid record id (`UUID/UUID/N/M`) with random hex digits.
fn record_id() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9]{1,3}/[0-9]{1,3}"
}

/// One line a dump could plausibly hold: header lines, ids, statuses, JSON
/// fragments, the `⌀` mark, blanks, or anything at all.
fn dump_line() -> impl Strategy<Value = String> {
    let header: Vec<String> = HEADER.lines().map(str::to_owned).collect();
    prop_oneof![
        3 => prop::sample::select(header),
        2 => record_id(),
        1 => Just(String::new()),
        1 => "[^\n]{0,10}\r{1,3}",
        1 => Just("null".to_owned()),
        1 => Just("βŒ€".to_owned()),
        1 => (100u32..1000).prop_map(|n| n.to_string()),
        1 => "-?[0-9]{0,4}(\\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?",
        1 => "[a-zA-Z_][a-zA-Z0-9_]{0,12}",
        1 => prop::sample::select(vec![
            "{}", "[]", "{\"a\":1}", "{\"type\":\"object\"}", "\"x\"", "1", "{", "}",
            "{\"properties\":{}}", " ", "\t", "NaN", "inf", "1e400", "+200",
        ])
        .prop_map(str::to_owned),
        2 => any::<String>(),
    ]
}

/// Arbitrary bytes seen as text, the way the fuzz target sees them. Bytes
/// from 0xE8 up stand for the dump's structural characters instead, so lines
/// and id-like fragments are common.
fn byteish_text() -> impl Strategy<Value = String> {
    const SPECIAL: &[u8; 24] = b"\n\n\n\n\n\n\r\r//--{}{}\"\":,0af9";
    prop::collection::vec(any::<u8>(), 0..512).prop_map(|bytes| {
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| {
                if b >= 0xE8 {
                    SPECIAL[usize::from(b - 0xE8)]
                } else {
                    b
                }
            })
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// One edit of a rendered dump.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index),
    Duplicate(Index),
    Replace(Index, String),
    Insert(Index, String),
    Swap(Index, Index),
    /// Append carriage returns to a line.
    AppendCr(Index, usize),
    /// Cut the text at a byte offset (moved back to a char boundary).
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => any::<Index>().prop_map(Mutation::Delete),
        2 => any::<Index>().prop_map(Mutation::Duplicate),
        3 => (any::<Index>(), dump_line()).prop_map(|(i, s)| Mutation::Replace(i, s)),
        3 => (any::<Index>(), dump_line()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Mutation::Swap(i, j)),
        1 => (any::<Index>(), 1..4usize).prop_map(|(i, n)| Mutation::AppendCr(i, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// Applies `mutations` to the dump `lines`, returning the text.
fn apply(lines: &[String], mutations: &[Mutation]) -> String {
    let mut lines = lines.to_vec();
    let mut cut: Option<Index> = None;
    for m in mutations {
        let n = lines.len();
        match m {
            Mutation::Delete(i) if n > 0 => {
                lines.remove(i.index(n));
            }
            Mutation::Duplicate(i) if n > 0 => {
                let k = i.index(n);
                lines.insert(k, lines[k].clone());
            }
            Mutation::Replace(i, s) if n > 0 => lines[i.index(n)] = s.clone(),
            Mutation::Insert(i, s) => lines.insert(i.index(n + 1), s.clone()),
            Mutation::Swap(i, j) if n > 0 => lines.swap(i.index(n), j.index(n)),
            Mutation::AppendCr(i, k) if n > 0 => lines[i.index(n)].push_str(&"\r".repeat(*k)),
            Mutation::Truncate(i) => cut = Some(*i),
            _ => {}
        }
    }
    let mut text = join_lines(&lines);
    if let Some(i) = cut {
        let mut at = i.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
    }
    text
}

/// Whether the header accepts `replacement` where it has `original`: the same
/// line, another column type, another numeric bound, or the other spelling
/// of the `⌀` mark.
fn equivalent_header_line(original: &str, replacement: &str) -> bool {
    const TYPES: [&str; 3] = ["stringlengths", "float64", "int64"];
    const MARKS: [&str; 2] = ["βŒ€", "⌀"];
    let is_bound = |s: &str| {
        let digits = s.strip_suffix(['k', 'M']).unwrap_or(s);
        !digits.is_empty() && digits.parse::<f64>().is_ok_and(f64::is_finite)
    };
    original == replacement
        || TYPES.contains(&original) && TYPES.contains(&replacement)
        || MARKS.contains(&original) && MARKS.contains(&replacement)
        || is_bound(original) && is_bound(replacement)
}

// ---------------------------------------------------------------------------
// Properties

#[test]
fn the_unmutated_dump_parses_back_to_the_records() {
    let text = join_lines(dump_lines());
    let parsed = records::parse_dump(&text).expect("the rendered dump parses");
    assert_eq!(parsed, records());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    /// Any string at all: Ok or Err, and the error points into the input.
    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check(&text)?;
    }

    /// Arbitrary bytes, decoded lossily (as the fuzz target does).
    #[test]
    fn arbitrary_bytes_never_panic(text in byteish_text()) {
        check(&text)?;
    }

    /// The real header followed by lines built from the dump's own alphabet,
    /// so the record scanner (not only the header check) sees junk.
    #[test]
    fn header_then_plausible_lines_never_panic(
        body in prop::collection::vec(dump_line(), 0..40),
    ) {
        let mut text = HEADER.to_owned();
        for line in &body {
            text.push_str(line);
            text.push('\n');
        }
        check(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(128)))]

    /// A header cut short or edited anywhere is an error inside the header
    /// (or just past its end), never a record error.
    #[test]
    fn a_broken_header_is_reported_in_the_header(
        cut in 0..header_lines(),
        replacement in prop::option::of(dump_line()),
    ) {
        let mut lines: Vec<String> = HEADER.lines().map(str::to_owned).collect();
        let original = lines[cut].clone();
        match &replacement {
            Some(r) => lines[cut] = r.clone(),
            None => lines.truncate(cut),
        }
        lines.extend(dump_lines()[header_lines()..].iter().cloned());
        let text = join_lines(&lines);
        let outcome = parse_and_check(&text)?;
        match outcome {
            // Only a replacement the header accepts in that place parses.
            Ok(parsed) => {
                prop_assert!(
                    replacement
                        .as_deref()
                        .is_some_and(|r| equivalent_header_line(&original, r.trim_end_matches('\r'))),
                    "a broken header at line {} parsed ({} records)",
                    cut + 1,
                    parsed.len()
                );
            }
            Err(e) => {
                prop_assert!(e.id.is_none(), "header error names a record: {e}");
                prop_assert!(e.line <= cut + 2, "header broken at line {} but error at {e}", cut + 1);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// A record whose free-text cells hold arbitrary one-line text renders
    /// and parses back to itself (a trailing `\r` being line ending: a cell
    /// printed on its own line cannot keep one).
    #[test]
    fn free_text_cells_round_trip(
        which in any::<Index>(),
        api_name in "[^\n]{0,30}",
        api_description in "[^\n]{0,30}",
        description in prop::option::of("[^\n]{0,30}"),
        summary in prop::option::of("[^\n]{0,30}"),
    ) {
        let all = records();
        let mut record = all[which.index(all.len())].clone();
        record.api_name = api_name;
        record.api_description = api_description;
        record.description = description;
        record.summary = summary;
        prop_assume!(!record.api_name.trim().is_empty());
        prop_assume!(record.summary.as_deref().map(|s| s.trim_end_matches('\r')) != Some("null"));
        let cells = [Some(&record.api_name), Some(&record.api_description), record.description.as_ref(), record.summary.as_ref()];
        prop_assume!(cells.iter().flatten().all(|c| !records::is_record_id(c.trim_end_matches('\r'))));
        let text = render_dump(std::slice::from_ref(&record));
        let mut expected = record.clone();
        for cell in [&mut expected.api_name, &mut expected.api_description] {
            *cell = cell.trim_end_matches('\r').to_owned();
        }
        for cell in [&mut expected.description, &mut expected.summary].into_iter().flatten() {
            *cell = cell.trim_end_matches('\r').to_owned();
        }
        let parsed = parse_and_check(&text)?;
        prop_assert_eq!(parsed, Ok(vec![expected]));
    }

    /// The real dump with 1..6 random edits (delete, duplicate, replace,
    /// insert, swap lines; truncate): Ok or a well-placed Err.
    #[test]
    fn mutated_dumps_never_panic(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(dump_lines(), &mutations);
        check(&text)?;
    }

    /// Truncation alone: whatever parses is a prefix of the records (in
    /// the order rendered), never a record that was not in the input.
    #[test]
    fn a_truncated_dump_yields_a_prefix_or_an_error(cut in any::<Index>()) {
        let text = apply(dump_lines(), &[Mutation::Truncate(cut)]);
        if let Ok(parsed) = parse_and_check(&text)? {
            let all = records();
            prop_assert!(parsed.len() <= all.len());
            prop_assert_eq!(&parsed[..], &all[..parsed.len()]);
        }
    }

    /// Replacing one record's JSON line with non-JSON text is reported at
    /// exactly that line, naming exactly that record.
    #[test]
    fn broken_json_is_reported_at_its_line(
        which in any::<Index>(),
        schema in any::<bool>(),
        junk in "<[^\n]{0,40}",
    ) {
        let all = records();
        let record = &all[which.index(all.len())];
        let mut lines = dump_lines().to_vec();
        let start = lines.iter().position(|l| *l == record.id).expect("id line");
        let len = 9 + usize::from(record.description.is_some());
        let at = start + len - if schema { 1 } else { 2 };
        lines[at] = junk;
        let text = join_lines(&lines);
        let e = parse_and_check(&text)?.expect_err("non-JSON parsed");
        prop_assert_eq!(e.line, at + 1, "{}", e);
        prop_assert_eq!(e.id.as_deref(), Some(record.id.as_str()));
        let column = if schema { "response_json_schema" } else { "response_json" };
        prop_assert!(e.message.contains(column), "{}", e);
    }

    /// Any non-empty subset of the records, in any order, with blank lines
    /// between records, parses to exactly that subset, sorted.
    #[test]
    fn any_subset_in_any_order_parses_to_that_subset(
        picks in prop::collection::vec(any::<Index>(), 1..12),
        order in any::<u64>(),
        blanks in prop::collection::vec(prop::sample::select(vec!["", " ", "\t", "  \t "]), 0..6),
        blank_at in prop::collection::vec(any::<Index>(), 0..6),
    ) {
        let all = records();
        let mut chosen: Vec<Record> = picks.iter().map(|i| all[i.index(all.len())].clone()).collect();
        chosen.sort_by(|a, b| a.id.cmp(&b.id));
        chosen.dedup_by(|a, b| a.id == b.id);
        let mut expected = chosen.clone();
        records::sort(&mut expected);
        // A cheap deterministic shuffle driven by `order`.
        let mut state = order | 1;
        for i in (1..chosen.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chosen.swap(i, (state % (i as u64 + 1)) as usize);
        }
        // Blank lines are layout between records (and after the last one).
        let mut lines: Vec<String> = HEADER.lines().map(str::to_owned).collect();
        let mut blocks: Vec<Vec<String>> = chosen.iter().map(common::render_record).collect();
        for (b, at) in blanks.iter().zip(&blank_at) {
            let k = at.index(blocks.len());
            blocks[k].push((*b).to_owned());
        }
        for block in blocks {
            lines.extend(block);
        }
        let parsed = parse_and_check(&join_lines(&lines))?;
        prop_assert_eq!(parsed, Ok(expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    /// Carriage returns at line ends (CRLF dumps, or worse) are line ending:
    /// the records parsed are the same.
    #[test]
    fn trailing_carriage_returns_change_nothing(
        at in prop::collection::vec((any::<Index>(), 1..4usize), 1..40),
    ) {
        let mutations: Vec<Mutation> = at.into_iter().map(|(i, n)| Mutation::AppendCr(i, n)).collect();
        let text = apply(dump_lines(), &mutations);
        prop_assert_eq!(parse_and_check(&text)?, Ok(records().to_vec()));
    }
}
