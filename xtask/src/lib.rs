//! The project's own tooling: `cargo xtask import | regen | drift`.
//! The xtask owns the spec; build.rs owns the generated code.

pub mod bench;
pub mod corrections;
pub mod drift;
pub mod json;
pub mod overlay;
pub mod records;
pub mod semver;
pub mod sources;
pub mod sources_md;
pub mod spec;
pub mod union;
pub mod upstream;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace root (the directory above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where the normalized records live.
pub fn records_dir(root: &Path) -> PathBuf {
    root.join("spec/records")
}

/// The generated spec.
pub fn spec_path(root: &Path) -> PathBuf {
    root.join("spec/whapi.openapi.json")
}

/// Reads every `*.jsonl` under `spec/records/`.
pub fn load_records(root: &Path) -> Result<Vec<records::Record>, String> {
    let dir = records_dir(root);
    let mut files = BTreeMap::new();
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.insert(name, text);
        }
    }
    if files.is_empty() {
        return Err(format!(
            "no records in {} (run `cargo xtask import <dump>`)",
            dir.display()
        ));
    }
    records::from_files(&files).map_err(|e| format!("{}/{e}", dir.display()))
}

/// The spec text regen produces from the checked-in records, overlay and
/// published document.
pub fn regen_text(root: &Path) -> Result<String, String> {
    Ok(regen_files(root)?.remove(0).1)
}

/// Where regen writes its report of sources and decisions.
pub fn sources_path(root: &Path) -> PathBuf {
    root.join("spec/SOURCES.md")
}

/// Everything regen writes: the spec, then `spec/SOURCES.md`.
pub fn regen_files(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let records = load_records(root)?;
    let overlay = overlay::Overlay::load(&root.join("spec/overlay"))?;
    let published = upstream::load(root)?;
    let known = upstream::operations(&published)?;
    let mut ours = spec::build_with(&records, &overlay, &known)?;
    let merged_shapes = ours
        .pointer_mut("/components/schemas")
        .and_then(serde_json::Value::as_object_mut)
        .and_then(|m| m.remove(spec::MERGED_KEY));
    let merged = sources::merge(&ours, &published, &overlay.api.names.published)?;
    let report = sources_md::render(&merged, merged_shapes.as_ref());
    Ok(vec![
        (spec_path(root), json::pretty(&merged.spec)),
        (sources_path(root), report),
    ])
}
