//! Per-test overrides: canned answers that replace an operation's default.

use super::MockServer;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// A canned answer for [`OverrideBuilder::respond`] and
/// [`OverrideBuilder::respond_once`].
///
/// The constructors panic on a status outside 100..=999 and
/// [`header`](Self::header) on an invalid header name or value: these are
/// mistakes in the test itself, best reported at the line that made them.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    json: bool,
    delay: Option<Duration>,
    drop_connection: bool,
}

impl MockResponse {
    /// `status` with `value` as a JSON body (`content-type: application/json`).
    ///
    /// # Panics
    /// If `status` is not in 100..=999.
    pub fn json(status: u16, value: Value) -> Self {
        MockResponse {
            body: Bytes::from(value.to_string()),
            json: true,
            ..Self::raw(status, Bytes::new())
        }
    }

    /// Just `status`. Errors (400 and up) get the API's error shape as body,
    /// `{"error": {"code": status, "message": <reason>}}`, since that is what
    /// the real API sends and what clients parse; other statuses have an
    /// empty body.
    ///
    /// # Panics
    /// If `status` is not in 100..=999.
    pub fn status(status: u16) -> Self {
        let code = status_code(status);
        if code.as_u16() < 400 {
            return Self::raw(status, Bytes::new());
        }
        let reason = code.canonical_reason().unwrap_or("error");
        Self::json(
            status,
            json!({"error": {"code": status, "message": format!("{reason} (mock override)")}}),
        )
    }

    /// `status` with `body` as is, no content type (add one with
    /// [`header`](Self::header)).
    ///
    /// # Panics
    /// If `status` is not in 100..=999.
    pub fn raw(status: u16, body: impl Into<Bytes>) -> Self {
        MockResponse {
            status: status_code(status),
            headers: Vec::new(),
            body: body.into(),
            json: false,
            delay: None,
            drop_connection: false,
        }
    }

    /// Closes the connection without an answer: the client sees a transport
    /// error, as when a proxy or the network fails mid-request.
    pub fn drop_connection() -> Self {
        MockResponse {
            drop_connection: true,
            ..Self::raw(500, Bytes::new())
        }
    }

    /// Adds a header (repeatable; a `content-type` replaces the JSON one).
    ///
    /// # Panics
    /// If `name` or `value` is not a valid header name or value.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::try_from(name)
            .unwrap_or_else(|e| panic!("MockResponse::header: bad name {name:?}: {e}"));
        let value = HeaderValue::try_from(value)
            .unwrap_or_else(|e| panic!("MockResponse::header: bad value {value:?}: {e}"));
        self.headers.push((name, value));
        self
    }

    /// Waits `delay` before answering (or dropping the connection), e.g. to
    /// trigger client timeouts. Needs a tokio runtime with time enabled.
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Turns the canned answer into a response, after its delay.
    pub(crate) async fn render(self) -> Response {
        if let Some(delay) = self.delay {
            tokio::time::sleep(delay).await;
        }
        if self.drop_connection {
            return dropped();
        }
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if self.json && !self.headers.iter().any(|(k, _)| k == header::CONTENT_TYPE) {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        for (k, v) in self.headers {
            headers.append(k, v);
        }
        response
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status)
        .unwrap_or_else(|_| panic!("MockResponse: {status} is not an HTTP status (100..=999)"))
}

/// A response whose body fails before its first byte. hyper then aborts the
/// connection without flushing the head, so the client gets a transport error
/// and no status. (axum's `serve` offers no other way to close a connection
/// from a handler.)
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("mock: drop_connection"))
    });
    let mut response = Response::new(Body::from_stream(failing));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

/// An override as registered.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) response: MockResponse,
    pub(crate) skip_validation: bool,
}

/// Every operation's overrides.
#[derive(Debug, Default)]
pub(crate) struct Overrides {
    by_operation: HashMap<String, PerOperation>,
}

#[derive(Debug, Default)]
struct PerOperation {
    /// `respond_once` entries, first registered first served.
    once: VecDeque<Entry>,
    always: Option<Entry>,
}

impl Overrides {
    /// Whether the override that would answer next skips validation.
    pub(crate) fn next_skips_validation(&self, operation: &str) -> bool {
        self.by_operation
            .get(operation)
            .and_then(|p| p.once.front().or(p.always.as_ref()))
            .is_some_and(|e| e.skip_validation)
    }

    /// The override answering this request, consuming a one-shot one.
    pub(crate) fn take(&mut self, operation: &str) -> Option<MockResponse> {
        let p = self.by_operation.get_mut(operation)?;
        p.once
            .pop_front()
            .or_else(|| p.always.clone())
            .map(|e| e.response)
    }

    fn set(&mut self, operation: &str, entry: Entry, once: bool) {
        let p = self.by_operation.entry(operation.to_string()).or_default();
        if once {
            p.once.push_back(entry);
        } else {
            p.always = Some(entry);
        }
    }

    fn clear(&mut self, operation: &str) {
        self.by_operation.remove(operation);
    }
}

/// Registers overrides for one operation: made by [`MockServer::on`].
#[must_use = "register the override with .respond(..) or .respond_once(..)"]
#[derive(Debug)]
pub struct OverrideBuilder<'a> {
    server: &'a MockServer,
    operation: String,
    skip_validation: bool,
}

impl<'a> OverrideBuilder<'a> {
    pub(crate) fn new(server: &'a MockServer, operation: String) -> Self {
        OverrideBuilder {
            server,
            operation,
            skip_validation: false,
        }
    }

    /// Answer even requests that fail validation (bad auth, missing fields,
    /// wrong types): the route still has to match.
    pub fn skip_validation(mut self) -> Self {
        self.skip_validation = true;
        self
    }

    /// Answers every matching request with `response` (replacing an earlier
    /// persistent override) until [`clear`](Self::clear) or
    /// [`MockServer::reset`]. One-shot overrides still go first.
    pub fn respond(self, response: MockResponse) {
        self.register(response, false);
    }

    /// Answers the next matching request with `response`, then falls back to
    /// the persistent override or the default. Several queue up in order.
    /// A request that fails validation does not use one up (unless
    /// [`skip_validation`](Self::skip_validation) was set).
    pub fn respond_once(self, response: MockResponse) {
        self.register(response, true);
    }

    /// Removes this operation's overrides: back to the default answer.
    pub fn clear(self) {
        self.server.with_overrides(|o| o.clear(&self.operation));
    }

    fn register(self, response: MockResponse, once: bool) {
        let entry = Entry {
            response,
            skip_validation: self.skip_validation,
        };
        self.server
            .with_overrides(|o| o.set(&self.operation, entry, once));
    }
}
