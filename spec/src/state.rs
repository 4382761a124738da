//! The client's state and its defaults, and the per-call state the facade
//! hands the hooks: one module that `client`, `call` and `hooks` read, so
//! none of them depends on another.

use crate::retry::RetryPolicy;
use reqwest::header::HeaderValue;
use std::cell::Cell;
use std::time::Duration;

/// The gateway of Whapi.Cloud.
pub const DEFAULT_BASE_URL: &str = "https://gate.whapi.cloud";
/// `whapi-rs/<version>`, sent as `User-Agent`.
pub const USER_AGENT: &str = concat!("whapi-rs/", env!("CARGO_PKG_VERSION"));
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// State the generated client carries for the hooks.
///
/// `Debug` shows no credentials: the authorization header is marked
/// sensitive and prints as `Sensitive`.
#[derive(Debug, Clone)]
pub struct Inner {
    pub auth: Option<HeaderValue>,
    pub user_agent: HeaderValue,
    pub timeout: Duration,
    /// Set the timeout on each request: needed when the caller supplied the
    /// `reqwest::Client`; ours has it built in, and a per-request timer costs.
    pub per_request_timeout: bool,
    pub retry: RetryPolicy,
}

impl Default for Inner {
    /// No credentials, the default timeout and retry policy: what the raw
    /// client gets when built by hand, e.g. against a test server.
    fn default() -> Self {
        Inner {
            auth: None,
            user_agent: HeaderValue::from_static(USER_AGENT),
            timeout: DEFAULT_TIMEOUT,
            per_request_timeout: true,
            retry: RetryPolicy::default(),
        }
    }
}

/// Per-call state the facade hands to the hooks, and they hand back.
#[derive(Default)]
pub struct CallState {
    /// Content-Type for a raw upload (progenitor always says octet-stream).
    pub content_type: Option<HeaderValue>,
    /// Status of the last response, kept for errors that lose it.
    pub status: Cell<Option<u16>>,
    /// `Retry-After` of the last response, likewise.
    pub retry_after: Cell<Option<Duration>>,
}

tokio::task_local! {
    pub static CALL: CallState;
}
