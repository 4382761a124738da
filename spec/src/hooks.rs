//! Cross-cutting behaviour of every generated call, through progenitor's
//! `ClientHooks` (as oxide.rs does): auth, user agent, timeout, the raw
//! upload's real Content-Type, retries and tracing. `client.raw()` goes
//! through the same hooks, so it behaves like the facade. The state they
//! read lives in `state`.

use crate::retry::{Decision, RetryPolicy};
use crate::state::CALL;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{Method, Request, Response};
use std::time::Instant;
use tracing::Instrument;

/// The generated client names its state `crate::hooks::Inner` (build.rs).
/// The module is hidden: it serves the generated client and the facade.
pub use crate::state::Inner;

impl ClientHooks<Inner> for crate::Client {
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
        // progenitor names operations in snake case here. The raw uploads:
        // progenitor labels every binary body application/octet-stream.
        if matches!(
            info.operation_id,
            "send_media_message" | "upload_media" | "set_group_icon"
        ) {
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
        let policy = &self.inner().retry;
        // Target `whapi`, as before the generated code had a crate of its
        // own: a filter like `RUST_LOG=whapi=info` keeps matching.
        let span = tracing::info_span!(
            target: "whapi",
            "whapi.call",
            operation = info.operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        // With no subscriber listening the span is disabled: skip entering
        // it on every poll, the clock and the records.
        if span.is_disabled() {
            return exec_with_retries(self, request, policy, None).await;
        }
        exec_with_retries(self, request, policy, Some(&span))
            .instrument(span.clone())
            .await
    }
}

async fn exec_with_retries(
    client: &crate::Client,
    mut request: Request,
    policy: &RetryPolicy,
    span: Option<&tracing::Span>,
) -> reqwest::Result<Response> {
    // A POST sends a message: it is retried only when it provably never left
    // (a connect failure), never after bytes may have reached the server.
    let idempotent = request.method() != Method::POST;
    let started = span.map(|_| Instant::now());
    let mut attempt: u32 = 1;
    loop {
        // Only a request that may be sent again is copied.
        let spare = if attempt < policy.max_attempts_value() {
            request.try_clone()
        } else {
            None
        };
        let result = client.client().execute(request).await;
        if let (Some(span), Some(started)) = (span, started) {
            span.record("attempt", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            if let Ok(response) = &result {
                span.record("status", response.status().as_u16());
            }
        }
        if let Ok(response) = &result {
            note_response(response);
        }
        let Some(next) = spare else {
            return result;
        };
        match policy.decide(&result, idempotent, attempt) {
            Decision::RetryAfter(delay) => {
                tracing::debug!(target: "whapi", attempt, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
                request = next;
                attempt += 1;
            }
            Decision::Stop => return result,
        }
    }
}

/// Hands the status and `Retry-After` to `call::run`, for the errors whose
/// progenitor value loses them (a body that does not decode). Only a call
/// through the facade has the per-call state; `raw()` calls skip this.
fn note_response(response: &Response) {
    let _ = CALL.try_with(|c| {
        let status = response.status().as_u16();
        c.status.set(Some(status));
        if status >= 400 {
            c.retry_after.set(crate::retry::parse_retry_after(
                response.headers().get(reqwest::header::RETRY_AFTER),
            ));
        }
    });
}
