//! Cross-cutting behaviour of every generated call, through progenitor's
//! `ClientHooks`: the raw upload's real Content-Type.

use progenitor_client::ClientHooks;

/// State the generated client carries for the hooks.
#[derive(Debug, Clone, Default)]
pub struct Inner {}

impl ClientHooks<Inner> for crate::api::Client {}
