//! Cross-cutting behaviour of every generated call, through progenitor's
//! `ClientHooks` (as oxide.rs does): auth, user agent, timeout, the raw
//! upload's real Content-Type, retries and tracing. `client.raw()` goes
//! through the same hooks, so it behaves like the facade.

use crate::retry::{Decision, RetryPolicy};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{Method, Request, Response};
use std::cell::Cell;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// State the generated client carries for the hooks.
///
/// `Debug` shows no credentials: the authorization header is marked
/// sensitive and prints as `Sensitive`.
#[derive(Debug, Clone)]
pub struct Inner {
    pub(crate) auth: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    /// Set the timeout on each request: needed when the caller supplied the
    /// `reqwest::Client`; ours has it built in, and a per-request timer costs.
    pub(crate) per_request_timeout: bool,
    pub(crate) retry: RetryPolicy,
}

impl Default for Inner {
    /// No credentials, the default timeout and retry policy: what the raw
    /// client gets when built by hand, e.g. against a test server.
    fn default() -> Self {
        Inner {
            auth: None,
            user_agent: HeaderValue::from_static(crate::client::USER_AGENT),
            timeout: crate::client::DEFAULT_TIMEOUT,
            per_request_timeout: true,
            retry: RetryPolicy::default(),
        }
    }
}

/// Per-call state the facade hands to the hooks, and they hand back.
#[derive(Default)]
pub(crate) struct CallState {
    /// Content-Type for a raw upload (progenitor always says octet-stream).
    pub content_type: Option<HeaderValue>,
    /// Status of the last response, kept for errors that lose it.
    pub status: Cell<Option<u16>>,
    /// `Retry-After` of the last response, likewise.
    pub retry_after: Cell<Option<Duration>>,
}

tokio::task_local! {
    pub(crate) static CALL: CallState;
}

impl ClientHooks<Inner> for crate::api::Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let inner = self.inner();
        let headers = request.headers_mut();
        if let Some(auth) = &inner.auth {
            headers.insert(AUTHORIZATION, auth.clone());
        }
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if inner.per_request_timeout {
            *request.timeout_mut() = Some(inner.timeout);
        }
        // progenitor names operations in snake case here.
        if info.operation_id == "send_media_message" {
            let chosen = CALL.try_with(|c| c.content_type.clone()).ok().flatten();
            let sniffed = || {
                let bytes = request.body().and_then(|b| b.as_bytes())?;
                HeaderValue::from_str(infer::get(bytes)?.mime_type()).ok()
            };
            if let Some(ct) = chosen.or_else(sniffed) {
                request.headers_mut().insert(CONTENT_TYPE, ct);
            }
        }
        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "whapi.call",
            operation = info.operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        exec_with_retries(self, request, &self.inner().retry)
            .instrument(span)
            .await
    }
}

async fn exec_with_retries(
    client: &crate::api::Client,
    mut request: Request,
    policy: &RetryPolicy,
) -> reqwest::Result<Response> {
    // A POST sends a message: it is retried only when it provably never left
    // (a connect failure), never after bytes may have reached the server.
    let idempotent = request.method() != Method::POST;
    let started = Instant::now();
    let mut attempt: u32 = 1;
    loop {
        let spare = if attempt < policy.max_attempts_value() {
            request.try_clone()
        } else {
            None
        };
        let result = client.client().execute(request).await;
        let span = tracing::Span::current();
        span.record("attempt", attempt);
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        if let Ok(response) = &result {
            let status = response.status().as_u16();
            span.record("status", status);
            let retry_after = crate::error::parse_retry_after(
                response.headers().get(reqwest::header::RETRY_AFTER),
            );
            let _ = CALL.try_with(|c| {
                c.status.set(Some(status));
                c.retry_after.set(retry_after);
            });
        }
        let decision = policy.decide(&result, idempotent, attempt);
        match (decision, spare) {
            (Decision::RetryAfter(delay), Some(next)) => {
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
                request = next;
                attempt += 1;
            }
            _ => return result,
        }
    }
}
