//! Every rule `cargo xtask drift` can report, with its fixed severity.
//!
//! The ids follow oasdiff's naming (direction × area × kind × action); the
//! table in `docs/drift.md` documents each one, and a test keeps the two in
//! sync. A rule has exactly one severity: where the Rust impact depends on the
//! context (say, whether a property is required), the rule is split or only
//! emitted in the context where it applies.

use serde::Serialize;
use std::fmt;

/// How bad a change is for users of the SDK, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A client built for BASE can fail against a server following HEAD.
    Breaking,
    /// Wire-compatible, but the generated Rust API changes incompatibly.
    RustBreaking,
    /// Neither the wire contract nor the Rust API breaks.
    Compatible,
}

impl Severity {
    /// The spelling used in JSON, the CLI and the docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::RustBreaking => "rust-breaking",
            Severity::Compatible => "compatible",
        }
    }

    /// Parses the CLI / docs spelling.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "breaking" => Some(Severity::Breaking),
            "rust-breaking" => Some(Severity::RustBreaking),
            "compatible" => Some(Severity::Compatible),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule: a stable id and the severity of every change it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $severity:ident;)*) => {
        $(pub const $name: Rule = Rule { id: $id, severity: Severity::$severity };)*
        /// Every rule, in documentation order.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    // Paths and operations.
    PATH_REMOVED = "path-removed", Breaking;
    OPERATION_REMOVED = "operation-removed", Breaking;
    OPERATION_ADDED = "operation-added", Compatible;
    OPERATION_ID_RENAMED = "operation-id-renamed", RustBreaking;
    OPERATION_DEPRECATED = "operation-deprecated", Compatible;

    // Parameters.
    REQUEST_PATH_PARAMETER_RENAMED = "request-path-parameter-renamed", RustBreaking;
    REQUEST_PARAMETER_REQUIRED_ADDED = "request-parameter-required-added", Breaking;
    REQUEST_PARAMETER_OPTIONAL_ADDED = "request-parameter-optional-added", Compatible;
    REQUEST_PARAMETER_REMOVED = "request-parameter-removed", RustBreaking;
    REQUEST_PARAMETER_BECAME_REQUIRED = "request-parameter-became-required", Breaking;
    REQUEST_PARAMETER_BECAME_OPTIONAL = "request-parameter-became-optional", Compatible;
    REQUEST_PARAMETER_STYLE_CHANGED = "request-parameter-style-changed", Breaking;

    // Request bodies.
    REQUEST_BODY_REQUIRED_ADDED = "request-body-required-added", Breaking;
    REQUEST_BODY_OPTIONAL_ADDED = "request-body-optional-added", Compatible;
    REQUEST_BODY_REMOVED = "request-body-removed", RustBreaking;
    REQUEST_BODY_BECAME_REQUIRED = "request-body-became-required", Breaking;
    REQUEST_BODY_BECAME_OPTIONAL = "request-body-became-optional", Compatible;
    REQUEST_BODY_MEDIA_TYPE_REMOVED = "request-body-media-type-removed", Breaking;
    REQUEST_BODY_MEDIA_TYPE_ADDED = "request-body-media-type-added", Compatible;

    // Responses.
    RESPONSE_SUCCESS_STATUS_REMOVED = "response-success-status-removed", Breaking;
    RESPONSE_SUCCESS_STATUS_CHANGED = "response-success-status-changed", Breaking;
    RESPONSE_SUCCESS_STATUS_ADDED = "response-success-status-added", Breaking;
    RESPONSE_ERROR_STATUS_ADDED = "response-error-status-added", Compatible;
    RESPONSE_ERROR_STATUS_REMOVED = "response-error-status-removed", Compatible;
    RESPONSE_MEDIA_TYPE_REMOVED = "response-media-type-removed", Breaking;
    RESPONSE_MEDIA_TYPE_ADDED = "response-media-type-added", Compatible;
    RESPONSE_BODY_ADDED = "response-body-added", RustBreaking;

    // Request schemas (bodies, parameter schemas, their properties and items).
    REQUEST_PROPERTY_REQUIRED_ADDED = "request-property-required-added", Breaking;
    REQUEST_PROPERTY_OPTIONAL_ADDED = "request-property-optional-added", Compatible;
    REQUEST_PROPERTY_REMOVED = "request-property-removed", RustBreaking;
    REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required", Breaking;
    REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional", RustBreaking;
    REQUEST_PROPERTY_TYPE_CHANGED = "request-property-type-changed", Breaking;
    REQUEST_PROPERTY_TYPE_WIDENED = "request-property-type-widened", RustBreaking;
    REQUEST_PROPERTY_TYPE_RENAMED = "request-property-type-renamed", RustBreaking;
    REQUEST_PROPERTY_BECAME_NULLABLE = "request-property-became-nullable", RustBreaking;
    REQUEST_PROPERTY_BECAME_NON_NULLABLE = "request-property-became-non-nullable", Breaking;
    REQUEST_PROPERTY_ENUM_VALUE_REMOVED = "request-property-enum-value-removed", Breaking;
    REQUEST_PROPERTY_ENUM_VALUE_ADDED = "request-property-enum-value-added", Compatible;
    REQUEST_PROPERTY_ENUM_ADDED = "request-property-enum-added", Breaking;
    REQUEST_PROPERTY_ENUM_REMOVED = "request-property-enum-removed", RustBreaking;
    REQUEST_PROPERTY_MAX_DECREASED = "request-property-max-decreased", Breaking;
    REQUEST_PROPERTY_MAX_INCREASED = "request-property-max-increased", Compatible;
    REQUEST_PROPERTY_MIN_INCREASED = "request-property-min-increased", Breaking;
    REQUEST_PROPERTY_MIN_DECREASED = "request-property-min-decreased", Compatible;
    REQUEST_PROPERTY_MAX_LENGTH_DECREASED = "request-property-max-length-decreased", Breaking;
    REQUEST_PROPERTY_MAX_LENGTH_INCREASED = "request-property-max-length-increased", Compatible;
    REQUEST_PROPERTY_MIN_LENGTH_INCREASED = "request-property-min-length-increased", Breaking;
    REQUEST_PROPERTY_MIN_LENGTH_DECREASED = "request-property-min-length-decreased", Compatible;
    REQUEST_PROPERTY_MAX_ITEMS_DECREASED = "request-property-max-items-decreased", Breaking;
    REQUEST_PROPERTY_MAX_ITEMS_INCREASED = "request-property-max-items-increased", Compatible;
    REQUEST_PROPERTY_MIN_ITEMS_INCREASED = "request-property-min-items-increased", Breaking;
    REQUEST_PROPERTY_MIN_ITEMS_DECREASED = "request-property-min-items-decreased", Compatible;
    REQUEST_PROPERTY_PATTERN_ADDED = "request-property-pattern-added", Breaking;
    REQUEST_PROPERTY_PATTERN_CHANGED = "request-property-pattern-changed", Breaking;
    REQUEST_PROPERTY_PATTERN_REMOVED = "request-property-pattern-removed", Compatible;
    REQUEST_PROPERTY_DEFAULT_CHANGED = "request-property-default-changed", Compatible;
    REQUEST_PROPERTY_VARIANT_ADDED = "request-property-variant-added", Compatible;
    REQUEST_PROPERTY_VARIANT_REMOVED = "request-property-variant-removed", Breaking;

    // Response schemas.
    RESPONSE_PROPERTY_REMOVED = "response-property-removed", Breaking;
    RESPONSE_OPTIONAL_PROPERTY_REMOVED = "response-optional-property-removed", RustBreaking;
    RESPONSE_PROPERTY_ADDED = "response-property-added", Compatible;
    RESPONSE_PROPERTY_BECAME_OPTIONAL = "response-property-became-optional", Breaking;
    RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required", RustBreaking;
    RESPONSE_PROPERTY_TYPE_CHANGED = "response-property-type-changed", Breaking;
    RESPONSE_PROPERTY_TYPE_NARROWED = "response-property-type-narrowed", RustBreaking;
    RESPONSE_PROPERTY_TYPE_RENAMED = "response-property-type-renamed", RustBreaking;
    RESPONSE_PROPERTY_BECAME_NULLABLE = "response-property-became-nullable", Breaking;
    RESPONSE_PROPERTY_BECAME_NON_NULLABLE = "response-property-became-non-nullable", RustBreaking;
    RESPONSE_PROPERTY_ENUM_VALUE_ADDED = "response-property-enum-value-added", Compatible;
    RESPONSE_PROPERTY_ENUM_VALUE_REMOVED = "response-property-enum-value-removed", RustBreaking;
    RESPONSE_PROPERTY_ENUM_ADDED = "response-property-enum-added", RustBreaking;
    RESPONSE_PROPERTY_ENUM_REMOVED = "response-property-enum-removed", RustBreaking;
    RESPONSE_PROPERTY_PATTERN_ADDED = "response-property-pattern-added", Compatible;
    RESPONSE_PROPERTY_PATTERN_CHANGED = "response-property-pattern-changed", Compatible;
    RESPONSE_PROPERTY_STRING_FORMAT_CHANGED = "response-property-string-format-changed", Compatible;
    RESPONSE_PROPERTY_LENGTH_WIDENED = "response-property-length-widened", Breaking;
    RESPONSE_PROPERTY_LENGTH_NARROWED = "response-property-length-narrowed", Compatible;
    RESPONSE_PROPERTY_RANGE_CHANGED = "response-property-range-changed", Compatible;
    RESPONSE_PROPERTY_DEFAULT_CHANGED = "response-property-default-changed", Compatible;
    RESPONSE_PROPERTY_VARIANT_ADDED = "response-property-variant-added", Breaking;
    RESPONSE_PROPERTY_VARIANT_REMOVED = "response-property-variant-removed", RustBreaking;

    // Component schemas (the names of the generated Rust types).
    COMPONENT_SCHEMA_ADDED = "component-schema-added", Compatible;
    COMPONENT_SCHEMA_REMOVED = "component-schema-removed", RustBreaking;
    COMPONENT_SCHEMA_RENAMED = "component-schema-renamed", RustBreaking;
}

/// The rule with this id, if any.
pub fn by_id(id: &str) -> Option<Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}
