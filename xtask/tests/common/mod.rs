//! Helpers shared by the xtask integration tests.
//!
//! Tests read only the checked-in tree (`spec/records`, `spec/overlay`,
//! `spec/whapi.openapi.json`); the upstream dump is never read at test time:
//! dumps are rendered back from the checked-in records instead.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use xtask::records::Record;

/// The header of the upstream dump, exactly as it opens the file: one block
/// per column (name, type, minimum, maximum) and, on nullable columns, the
/// mis-encoded "⌀" mark.
pub const HEADER: &str = "id
stringlengths
53
86
api_name
stringlengths
2
76
api_description
stringlengths
1
500
βŒ€
api_score
float64
0
10
βŒ€
endpoint_name
stringlengths
1
190
endpoint_description
stringlengths
0
500
response_status_code
int64
100
505
response_summary
stringlengths
1
68
βŒ€
response_json
stringlengths
6
50k
response_json_schema
stringlengths
14
150k
";

/// Number of lines of [`HEADER`]: records start on the line after it.
pub fn header_lines() -> usize {
    HEADER.lines().count()
}

/// The workspace root (the directory above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// The checked-in records, through the library's own loader.
pub fn records() -> Vec<Record> {
    xtask::load_records(&root()).expect("checked-in records load")
}

/// The checked-in overlay.
pub fn overlay() -> xtask::overlay::Overlay {
    xtask::overlay::Overlay::load(&root().join("spec/overlay")).expect("checked-in overlay loads")
}

/// The cells of one record as the dump prints them, one per line
/// (9 lines, or 10 when the record has an endpoint description).
pub fn render_record(r: &Record) -> Vec<String> {
    let mut cells = vec![
        r.id.clone(),
        r.api_name.clone(),
        r.api_description.clone(),
        r.api_score.to_string(),
        r.operation.clone(),
    ];
    if let Some(d) = &r.description {
        cells.push(d.clone());
    }
    cells.push(r.status.to_string());
    cells.push(r.summary.clone().unwrap_or_else(|| "null".to_owned()));
    cells.push(serde_json::to_string(&r.example).expect("example serializes"));
    cells.push(serde_json::to_string(&r.schema).expect("schema serializes"));
    cells
}

/// The dump as lines: header, then each record in the order given.
pub fn render_lines(records: &[Record]) -> Vec<String> {
    let mut lines: Vec<String> = HEADER.lines().map(str::to_owned).collect();
    for r in records {
        lines.extend(render_record(r));
    }
    lines
}

/// The dump text for `records`, in the upstream format.
pub fn render_dump(records: &[Record]) -> String {
    join_lines(&render_lines(records))
}

/// Lines back to text, with a final newline.
pub fn join_lines(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The 0-based index of the line that starts record `id`.
pub fn start_of(lines: &[String], id: &str) -> usize {
    lines
        .iter()
        .position(|l| l == id)
        .unwrap_or_else(|| panic!("record {id} is not in the dump"))
}

/// The first record with (`true`) or without (`false`) an endpoint description.
pub fn record_with_description(records: &[Record], with: bool) -> &Record {
    records
        .iter()
        .find(|r| r.description.is_some() == with)
        .expect("the records have both 9- and 10-line records")
}

/// The checked-in record files, name → bytes, to prove a command wrote nothing.
pub fn snapshot_records_dir() -> BTreeMap<String, Vec<u8>> {
    let dir = xtask::records_dir(&root());
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("spec/records is readable") {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.insert(name, std::fs::read(&path).expect("record file is readable"));
    }
    files
}

/// A fresh, empty temporary directory unique to this test process and call.
pub fn temp_dir(label: &str) -> TempDir {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("xtask-test-{}-{label}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("temp dir is creatable");
    TempDir(path)
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the built `xtask` binary with `args`.
pub fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

/// Copies `from` (a flat directory of files) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("target dir is creatable");
    for entry in std::fs::read_dir(from).expect("source dir is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).expect("file copies");
        }
    }
}
