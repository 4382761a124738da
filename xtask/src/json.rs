//! Deterministic JSON: sorted keys whatever serde_json's features, two-space
//! indentation, a final newline, and atomic writes.

use serde_json::{Map, Value};
use std::path::Path;

/// A copy of `value` whose object keys are sorted at every depth.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), canonical(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The canonical pretty form of `value`, ending in a newline.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&canonical(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `files` (path → content) so that either all of them change or none:
/// every file goes to a temporary sibling first, then each is renamed in place.
pub fn write_all_atomic(files: &[(std::path::PathBuf, String)]) -> Result<(), String> {
    let mut staged = Vec::new();
    for (path, content) in files {
        let tmp = tmp_path(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        if let Err(e) = std::fs::write(&tmp, content) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(format!("cannot write {}: {e}", tmp.display()));
        }
        staged.push((tmp, path.clone()));
    }
    for (tmp, path) in &staged {
        std::fs::rename(tmp, path)
            .map_err(|e| format!("cannot move {} into place: {e}", path.display()))?;
    }
    Ok(())
}

/// The one funnel for generated files (rust-analyzer's `ensure_file_contents`):
/// writes those that changed, or under `check` fails naming each stale file
/// and the command that fixes it, writing nothing.
pub fn ensure_files(
    files: &[(std::path::PathBuf, String)],
    check: bool,
    fix: &str,
) -> Result<(), String> {
    let stale: Vec<&(std::path::PathBuf, String)> = files
        .iter()
        .filter(|(path, text)| std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()))
        .collect();
    if check {
        if stale.is_empty() {
            for (path, _) in files {
                println!("{} is up to date", path.display());
            }
            return Ok(());
        }
        let names: Vec<String> = stale.iter().map(|(p, _)| p.display().to_string()).collect();
        return Err(format!(
            "stale: {}; run `{fix}` and commit the result",
            names.join(", ")
        ));
    }
    let writes: Vec<(std::path::PathBuf, String)> = stale.into_iter().cloned().collect();
    write_all_atomic(&writes)?;
    for (path, _) in &writes {
        println!("wrote {}", path.display());
    }
    if writes.is_empty() {
        println!("nothing changed");
    }
    Ok(())
}

fn tmp_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
