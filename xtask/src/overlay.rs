//! The checked-in overlay (`spec/overlay/*.toml`): what the records do not say.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the overlay holds, one field per file section.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub api: Api,
    pub operations: BTreeMap<String, Operation>,
    pub parameters: BTreeMap<String, Value>,
    pub schemas: BTreeMap<String, Value>,
    pub mixins: BTreeMap<String, Value>,
    /// title → JSON pointer → fill.
    pub fills: BTreeMap<String, BTreeMap<String, Value>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    pub info: Info,
    pub servers: Vec<Server>,
    pub security_schemes: BTreeMap<String, Value>,
    pub security: Vec<String>,
    pub tags: Vec<Tag>,
    pub statuses: BTreeMap<String, String>,
    pub names: Names,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    pub version: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub url: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    #[serde(default)]
    pub sites: BTreeMap<String, String>,
    /// Published component → our name for it (the same type under our name).
    #[serde(default)]
    pub published: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Keys of `[parameters.*]`.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// A JSON request body: the name of a schema.
    #[serde(default)]
    pub body: Option<String>,
    /// A raw file upload: the media types accepted.
    #[serde(default)]
    pub upload: Option<Vec<String>>,
    /// Statuses the records do not document: status → schema name.
    #[serde(default)]
    pub responses: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationsFile {
    operations: BTreeMap<String, Operation>,
    parameters: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemasFile {
    schemas: BTreeMap<String, Value>,
    mixins: BTreeMap<String, Value>,
}

fn read<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses one overlay file's text.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

impl Overlay {
    /// Loads `api.toml`, `operations.toml`, `schemas.toml` and `fills.toml` from `dir`.
    pub fn load(dir: &Path) -> Result<Overlay, String> {
        let api: Api = read(dir, "api.toml")?;
        let ops: OperationsFile = read(dir, "operations.toml")?;
        let schemas: SchemasFile = read(dir, "schemas.toml")?;
        let fills: BTreeMap<String, BTreeMap<String, Value>> = read(dir, "fills.toml")?;
        Ok(Overlay {
            api,
            operations: ops.operations,
            parameters: ops.parameters,
            schemas: schemas.schemas,
            mixins: schemas.mixins,
            fills,
        })
    }
}
