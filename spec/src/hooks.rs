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
        self.prepare_request(request, info.operation_id);
        Ok(())
    }

    // Not `async fn`: see `Client::call`. `Send` refines the trait's
    // signature on purpose: users spawn the calls.
    #[allow(refining_impl_trait)]
    fn exec(
        &self,
        request: Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<Response>> + Send {
        self.call(request, info.operation_id)
    }
}

impl crate::Client {
    /// What `exec` does: the request, sent with retries inside the call's
    /// tracing span. The facade's lean sends call it directly.
    ///
    /// Not an `async fn`: the span and the attempts' future are made before
    /// the returned future exists, so it does not also hold the request it
    /// was given (an `async fn` keeps its arguments beside its locals). So
    /// the request is handed to reqwest here, not at the first poll.
    #[doc(hidden)]
    pub fn call(
        &self,
        request: Request,
        operation_id: &'static str,
    ) -> impl Future<Output = reqwest::Result<Response>> + Send + use<'_> {
        let policy = &self.inner().retry;
        // Target `whapi`, as before the generated code had a crate of its
        // own: a filter like `RUST_LOG=whapi=info` keeps matching.
        let span = tracing::info_span!(
            target: "whapi",
            "whapi.call",
            operation = operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        // With no subscriber listening the span is disabled: no clock and no
        // records, and entering it on each poll does nothing.
        let records = (!span.is_disabled()).then(|| span.clone());
        exec_with_retries(self, request, policy, records).instrument(span)
    }

    /// What `pre` does to every request, as a plain function: auth, user
    /// agent, the timeout, and a raw upload's real Content-Type. The
    /// facade's lean sends call it directly (the same code, without an
    /// async hook to await).
    #[doc(hidden)]
    pub fn prepare_request(&self, request: &mut Request, operation_id: &str) {
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
            operation_id,
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
    }
}

/// The attempts of one call. The request is handed to reqwest before the
/// returned future exists and a spare copy is kept boxed, so the future
/// holds reqwest's handle and pointers: ~200 bytes instead of two requests
/// and a timer (~2 KB). Every call's future carries this, and a task over
/// ~1 KB leaves glibc's per-thread cache (issue 13, BENCHMARKS.md).
fn exec_with_retries<'a>(
    client: &'a crate::Client,
    request: Request,
    policy: &'a RetryPolicy,
    span: Option<tracing::Span>,
) -> impl Future<Output = reqwest::Result<Response>> + 'a {
    // A POST sends a message: it is retried only when it provably never left
    // (a connect failure), never after bytes may have reached the server.
    let idempotent = request.method() != Method::POST;
    let started = span.as_ref().map(|_| Instant::now());
    let (mut spare, mut pending) = attempt(client, request, policy, 1);
    async move {
        let mut attempt_no: u32 = 1;
        loop {
            let result = pending.await;
            if let (Some(span), Some(started)) = (&span, started) {
                span.record("attempt", attempt_no);
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                if let Ok(response) = &result {
                    span.record("status", response.status().as_u16());
                }
            }
            if let Ok(response) = &result {
                note_response(response);
            }
            let Some(next) = spare.take() else {
                return result;
            };
            match policy.decide(&result, idempotent, attempt_no) {
                Decision::RetryAfter(delay) => {
                    tracing::debug!(target: "whapi", attempt = attempt_no, delay_ms = delay.as_millis() as u64, "retrying");
                    // Boxed: only a retry pays for the timer.
                    Box::pin(tokio::time::sleep(delay)).await;
                    attempt_no += 1;
                    (spare, pending) = attempt(client, *next, policy, attempt_no);
                }
                Decision::Stop => return result,
            }
        }
    }
}

/// Hands `request` to reqwest; keeps a copy only when another attempt may
/// follow.
fn attempt(
    client: &crate::Client,
    request: Request,
    policy: &RetryPolicy,
    attempt: u32,
) -> (
    Option<Box<Request>>,
    impl Future<Output = reqwest::Result<Response>> + use<>,
) {
    let spare = if attempt < policy.max_attempts_value() {
        request.try_clone().map(Box::new)
    } else {
        None
    };
    (spare, client.client().execute(request))
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
