//! What the "pre-generated" copy of the crate gets instead of the build
//! script and its dependencies.

/// The generated crate's package root (`whapi-api`), where its build script
/// runs and writes from.
pub(super) const API_DIR: &str = "spec";

pub(super) const STUB_BUILD_RS: &str = r#"//! Stub for the build-cost benchmark: the generated client is pre-written.
fn main() {
    println!("cargo:rerun-if-changed=whapi_generated.rs");
    println!("cargo:rerun-if-changed=whapi_spec.json");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    for file in ["whapi_generated.rs", "whapi_spec.json"] {
        std::fs::copy(file, std::path::Path::new(&out).join(file))
            .expect("copy the pre-generated files into OUT_DIR");
    }
}
"#;

/// `manifest` without the `[table]` table (its header up to the next header).
pub fn without_table(manifest: &str, table: &str) -> Result<String, String> {
    let header = format!("[{table}]");
    let mut out = String::new();
    let mut skipping = false;
    let mut found = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = trimmed == header;
            found |= skipping;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if found {
        Ok(out)
    } else {
        Err(format!("the manifest has no {header} table"))
    }
}
