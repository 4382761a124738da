//! Runs one generated call and maps its outcome onto [`Error`].

use crate::error::{ApiError, DecodeError, Error, decode, excerpt};
use crate::state::{CALL, CallState};
use crate::types;
use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::time::Duration;

/// Awaits `call` with per-call state for the hooks, then maps the outcome.
///
/// The generated future (kilobytes: it holds the request, the hooks' state
/// and the decoded response) is boxed here, before anything awaits it: a
/// future that holds it inline is copied whole each time it moves (into a
/// task, into the caller's future), and a task that large costs the
/// allocator more. Measured in `benches/roundtrip.rs` (BENCHMARKS.md).
pub(crate) fn run<T, F>(
    timeout: Duration,
    content_type: Option<HeaderValue>,
    call: F,
) -> impl Future<Output = Result<T, Error>>
where
    T: DeserializeOwned,
    F: Future<Output = Result<ResponseValue<T>, RawError<types::ResponseError>>>,
{
    let call = Box::pin(call);
    let state = CallState {
        content_type,
        ..CallState::default()
    };
    async move {
        let mapped = CALL
            .scope(state, async move {
                let result = call.await;
                let (status, retry_after) = CALL.with(|c| (c.status.get(), c.retry_after.get()));
                map(result, status, retry_after, timeout)
            })
            .await;
        match mapped {
            Mapped::Done(result) => result.map(|value| *value),
            Mapped::Unexpected(response) => read(response, timeout).await,
        }
    }
}

/// The lean path of the JSON sends (issue 13): the request progenitor's
/// builder would make (same URL and `accept`, the generated body type
/// serialized), through the same hooks (`prepare_request` is what `pre`
/// runs; then `exec`: auth, user agent, timeout, retries, tracing:
/// `tests/retry_safety.rs`, `facade_errors.rs` and `secrets.rs` send this
/// way), its answer mapped as [`run`] maps an undeclared status.
/// What it skips is what a send does not need: the builder's second
/// validation of a body the facade built from the same generated type,
/// the task-local scope (the status is at hand here), the copy of every
/// response's headers, and progenitor's `api-version` header (the spec's
/// own version, which Whapi does not read).
///
/// The body is serialized and the request built before the returned future
/// exists; the future holds the request until the first poll, then the
/// call, then the body read, one at a time (~500 bytes). A send's future is
/// moved into the caller's task, and a task over ~1 KB leaves glibc's
/// per-thread cache (BENCHMARKS.md).
///
/// So the sends are plain functions returning this future (`fn send(self)
/// -> impl Future`), their body built by a `fn into_body(self)`, not `async
/// fn`s, which would keep the builder beside the call.
///
/// `path` is the operation's path in the spec: the facade tests check each
/// send's method and path against the embedded mock, which routes by the
/// spec.
#[cfg_attr(not(feature = "messages"), allow(dead_code))]
pub(crate) fn post_json<'a, B, T>(
    client: &'a crate::Client,
    operation_id: &'static str,
    path: &str,
    body: Result<B, Error>,
) -> impl Future<Output = Result<T, Error>> + use<'a, B, T>
where
    B: serde::Serialize,
    T: DeserializeOwned,
{
    use futures_util::TryFutureExt as _;
    use progenitor_client::ClientInfo;
    use reqwest::header::ACCEPT;
    let raw = client.raw();
    let timeout = client.timeout();
    // The request goes to reqwest at the first poll, inside the caller's
    // runtime (reqwest starts its timer there). Combinators, not an `async`
    // block: a block keeps what it captured beside what it awaits.
    let request = body.and_then(|body| {
        raw.client()
            .post(client.url(path))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .json(&body)
            .build()
            .map(|mut request| {
                raw.prepare_request(&mut request, operation_id);
                request
            })
            .map_err(|e| Error::invalid("request", e.to_string()))
    });
    std::future::ready(request)
        .and_then(move |request| {
            raw.call(request, operation_id)
                .map_err(move |e| transport(e, timeout))
        })
        .and_then(move |response| read(response, timeout))
}

/// Like [`run`], for an answer that is the file itself (a download): the
/// body is handed back unread, to stream; error answers map as any call's.
#[cfg(feature = "media")]
pub(crate) async fn run_stream<F>(
    timeout: Duration,
    call: F,
) -> Result<ResponseValue<progenitor_client::ByteStream>, Error>
where
    F: Future<
        Output = Result<
            ResponseValue<progenitor_client::ByteStream>,
            RawError<types::ResponseError>,
        >,
    >,
{
    CALL.scope(CallState::default(), async move {
        let error = match call.await {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        let (status, retry_after) = CALL.with(|c| (c.status.get(), c.retry_after.get()));
        let decoded = match map::<serde_json::Value>(Err(error), status, retry_after, timeout) {
            Mapped::Done(result) => result.map(|_| ()),
            Mapped::Unexpected(response) => read::<serde_json::Value>(response, timeout)
                .await
                .map(|_| ()),
        };
        match decoded {
            Err(e) => Err(e),
            // Only an undeclared 2xx with a JSON body gets here.
            Ok(()) => Err(DecodeError::new(
                status,
                ".",
                "the download answered JSON, not a file".into(),
                String::new(),
            )
            .into()),
        }
    })
    .await
}

/// The outcome, or the one case that still has a body to read. The value
/// is boxed as it leaves the generated call: `T` can be kilobytes
/// (`SentMessage` is ~8 KB) and each async layer it passes through by value
/// copies it; boxed, it is copied into the heap once and out once.
enum Mapped<T> {
    Done(Result<Box<T>, Error>),
    Unexpected(reqwest::Response),
}

fn map<T: DeserializeOwned>(
    result: Result<ResponseValue<T>, RawError<types::ResponseError>>,
    status: Option<u16>,
    retry_after: Option<Duration>,
    timeout: Duration,
) -> Mapped<T> {
    Mapped::Done(match result {
        Ok(value) => Ok(Box::new(value.into_inner())),
        Err(RawError::ErrorResponse(value)) => {
            let status = value.status().as_u16();
            let headers = value.headers().clone();
            Err(ApiError::from_parts(status, &headers, Some(value.into_inner()), None).into())
        }
        Err(RawError::InvalidResponsePayload(bytes, err)) => {
            Err(payload_error::<T>(&bytes, &err, status, retry_after))
        }
        Err(RawError::UnexpectedResponse(response)) => return Mapped::Unexpected(response),
        Err(RawError::CommunicationError(e)) | Err(RawError::ResponseBodyError(e)) => {
            Err(transport(e, timeout))
        }
        Err(RawError::InvalidRequest(reason)) => Err(Error::invalid("request", reason)),
        Err(other) => Err(Error::Transport {
            message: other.to_string(),
            source: Box::new(other),
        }),
    })
}

/// A body that did not decode. A documented error status whose body is not
/// the error shape (an HTML 502 from a proxy) is still an API error with
/// that status; a success body that does not decode is a decode error with
/// the JSON path.
fn payload_error<T: DeserializeOwned>(
    bytes: &[u8],
    err: &serde_json::Error,
    status: Option<u16>,
    retry_after: Option<Duration>,
) -> Error {
    match status {
        Some(s) if s >= 400 => {
            let mut e = ApiError::from_parts(s, &Default::default(), None, Some(bytes));
            e.retry_after = retry_after;
            e.into()
        }
        _ => match decode::<T>(bytes, status) {
            Err(e) => e.into(),
            // Decoded on the second try: report the first error as it was.
            Ok(_) => DecodeError::new(status, ".", err.to_string(), excerpt(bytes)).into(),
        },
    }
}

/// An answer read whole, then decoded (every answer of the lean path,
/// [`post_json`], and a status the spec does not declare): a 2xx decodes into the success type
/// (servers add statuses), decoded a second time only to name the path of
/// what does not fit; anything else is an API error, typed when the body
/// has the documented error shape. Headers are copied only for an error.
///
/// The body is read chunk by chunk (`Response::chunk`): the future holds
/// the response and one chunk's read, 496 bytes where `Response::bytes`
/// made it 976. A body that came in one chunk is used as it is.
async fn read<T: DeserializeOwned>(
    mut response: reqwest::Response,
    timeout: Duration,
) -> Result<T, Error> {
    let status = response.status().as_u16();
    let success = (200..300).contains(&status);
    let headers = (!success).then(|| response.headers().clone());
    let mut first = None;
    let mut rest = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, timeout))? {
        match &first {
            None => first = Some(chunk),
            Some(head) => {
                if rest.is_empty() {
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    let bytes: &[u8] = match &first {
        Some(head) if rest.is_empty() => head,
        Some(_) => &rest,
        None => &[],
    };
    match headers {
        None => serde_json::from_slice(bytes)
            .or_else(|_| decode::<T>(bytes, Some(status)).map_err(Error::from)),
        Some(headers) => {
            let body = serde_json::from_slice::<types::ResponseError>(bytes).ok();
            Err(ApiError::from_parts(status, &headers, body, Some(bytes)).into())
        }
    }
}

pub(crate) fn transport(e: reqwest::Error, timeout: Duration) -> Error {
    if e.is_timeout() {
        return Error::Timeout(timeout);
    }
    // reqwest's own text names the URL, which holds no credentials (the token
    // travels in a header); the chain below it names the cause.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport {
        message,
        source: Box::new(e),
    }
}

/// A binary answer (an image) read into memory, for [`run`]: a body cut
/// short is a transport error like any other, and the status and headers
/// stay for the hooks.
#[cfg_attr(not(any(feature = "groups", feature = "users")), allow(dead_code))]
pub(crate) async fn collect<F>(
    call: F,
) -> Result<ResponseValue<Vec<u8>>, RawError<types::ResponseError>>
where
    F: Future<
        Output = Result<
            ResponseValue<progenitor_client::ByteStream>,
            RawError<types::ResponseError>,
        >,
    >,
{
    use futures_util::StreamExt as _;
    let response = call.await?;
    let status = response.status();
    let headers = response.headers().clone();
    let mut stream = response.into_inner_stream();
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk.map_err(RawError::ResponseBodyError)?);
    }
    Ok(ResponseValue::new(body, status, headers))
}

#[cfg(all(test, feature = "messages"))]
mod tests {
    /// A send's future is moved into the caller's task and through every
    /// layer that awaits it, and a task over ~1 KB no longer fits glibc's
    /// per-thread cache (issue 13). It was 24 KB before `run` boxed the
    /// call and the value, 2.3 KB before the sends built their request
    /// before the future (`post_json`, `Client::call`, `Media::resolve`).
    ///
    /// Made outside any runtime, as a send may be: nothing that needs one
    /// (reqwest's timer) happens before the first poll.
    #[test]
    fn a_send_future_stays_small() {
        let client = crate::Client::builder()
            .token("t")
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("valid settings");
        let document = client
            .messages()
            .document("15551234567", crate::Media::url("https://x/a.pdf"))
            .send();
        let text = client.messages().text("15551234567", "hi").send();
        for (name, size) in [
            ("document", std::mem::size_of_val(&document)),
            ("text", std::mem::size_of_val(&text)),
        ] {
            assert!(size < 1024, "the {name} send future is {size} bytes");
        }
    }

    /// build.rs step 15 boxes `Message`'s content kinds: held inline they
    /// made every message ~8 KB, copied whole at each move.
    #[test]
    fn a_message_is_small() {
        for (name, size) in [
            ("Message", std::mem::size_of::<crate::types::Message>()),
            (
                "SentMessage",
                std::mem::size_of::<crate::types::SentMessage>(),
            ),
        ] {
            assert!(size < 1024, "{name} is {size} bytes");
        }
    }
}
