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

fn tmp_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
