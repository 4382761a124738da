//! The HTTP side: one axum fallback handler that routes by the spec, records,
//! validates, then answers with an override or the default.

use super::deliver::{Outbox, Timing, Workers};
use super::overrides::Overrides;
use super::request::{MockRequest, parse_query, path_segments, shown};
use super::responses::{Answer, Store, default_response};
use super::routes::{Route, Spec};
use super::settings::ChannelSettings;
use super::validate::{ApiError, Incoming, check};
use super::webhooks::MockDelivery;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Larger request bodies get a 413 (the real API's limit is about 100 MB).
const MAX_BODY: usize = 100 * 1024 * 1024;

/// What the handler shares with `MockServer` handles.
pub(crate) struct Shared {
    pub(crate) spec: &'static Spec,
    inner: Mutex<Inner>,
    pub(crate) outbox: Outbox,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) requests: Vec<MockRequest>,
    pub(crate) overrides: Overrides,
    pub(crate) store: Store,
    pub(crate) settings: ChannelSettings,
    pub(crate) deliveries: Vec<MockDelivery>,
    pub(crate) workers: Workers,
    pub(crate) timing: Timing,
}

impl Shared {
    pub(crate) fn new(spec: &'static Spec) -> Self {
        Shared {
            spec,
            inner: Mutex::new(Inner::default()),
            outbox: Outbox::new(),
        }
    }

    /// Records a delivery attempt and wakes whoever waits for it.
    pub(crate) fn record(&self, delivery: MockDelivery) {
        let mut inner = self.lock();
        inner.deliveries.push(delivery);
        self.outbox.recorded.send_replace(inner.deliveries.len());
    }

    /// The state; a panic elsewhere while holding the lock leaves plain data
    /// behind, so poisoning is ignored rather than spread to every test.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await;
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parse_query(parts.uri.query());
    let spec = shared.spec;
    let route = spec.route(&method, &path_segments(&path));
    let (operation_id, path_params) = match &route {
        Route::Found { op, params } => (Some(op.id.clone()), params.clone()),
        _ => (None, Vec::new()),
    };
    let request = MockRequest {
        operation_id: operation_id.clone(),
        method: method.clone(),
        path: path.clone(),
        path_params: path_params.clone(),
        query: query.clone(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_string(), v)
            })
            .collect(),
        body: body.as_ref().map(Bytes::clone).unwrap_or_default(),
    };
    shared.lock().requests.push(request);
    tracing::debug!(%method, %path, operation = ?operation_id, "whapi mock: request");

    let op = match route {
        Route::Found { op, .. } => op,
        Route::WrongMethod { allowed } => {
            let allow = allowed.join(", ");
            let error = ApiError::new(
                405,
                format!("method {method} not allowed on {}", shown(&path)),
                format!("allowed: {allow}"),
            );
            let mut response = error_response(&error);
            if let Ok(v) = HeaderValue::from_str(&allow) {
                response.headers_mut().insert(header::ALLOW, v);
            }
            return response;
        }
        Route::NotFound => {
            return error_response(&ApiError::new(
                404,
                format!("no route for {method} {}", shown(&path)),
                "not an operation of the Whapi spec",
            ));
        }
    };
    let Ok(body) = body else {
        return error_response(&ApiError::new(
            413,
            "request body too large or unreadable",
            format!("the mock accepts up to {MAX_BODY} bytes"),
        ));
    };

    // Validation first, so an override never hides a malformed request,
    // unless the override asked to skip it.
    let skip = shared.lock().overrides.next_skips_validation(&op.id);
    let incoming = Incoming {
        path_params: &path_params,
        query: &query,
        headers: &parts.headers,
        body: &body,
    };
    let checked = if skip {
        None
    } else {
        match check(spec, op, &incoming) {
            Ok(checked) => Some(checked),
            Err(error) => return error_response(&error),
        }
    };
    let canned = shared.lock().overrides.take(&op.id);
    if let Some(canned) = canned {
        return canned.render().await;
    }
    let checked = match checked {
        Some(checked) => checked,
        // The skipping override went away meanwhile (a concurrent request
        // took it): validate after all.
        None => match check(spec, op, &incoming) {
            Ok(checked) => checked,
            Err(error) => return error_response(&error),
        },
    };
    if op.id == "webhookTest"
        && let Some(request) = &checked.body
    {
        super::events::test(&shared, request);
    }
    let settings = super::settings::answer(op, &checked, &mut shared.lock().settings);
    if let Some(body) = settings {
        return json_response(op.success.status, Some(body));
    }
    let (status, answer) = default_response(spec, op, &checked, &mut shared.lock().store);
    // A send comes back as webhooks: the message, then its statuses.
    if let Answer::Json(body) = &answer
        && op.success.schema_name.as_deref() == Some("SentMessage")
        && let Some(message) = body.get("message")
    {
        super::events::sent(&shared, message);
    }
    match answer {
        Answer::Empty => json_response(status, None),
        Answer::Json(body) => json_response(status, Some(body)),
        Answer::Bytes(media_type, bytes) => {
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() =
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            if let Ok(v) = HeaderValue::from_str(&media_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            response
        }
    }
}

pub(crate) fn error_response(error: &ApiError) -> Response {
    json_response(error.status, Some(error.body()))
}

fn json_response(status: u16, body: Option<Value>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let Some(body) = body else {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        return response;
    };
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
