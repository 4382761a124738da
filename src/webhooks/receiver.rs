//! The axum receiver: authentication, body limit, a bounded queue to your
//! handler, de-duplication of retried deliveries.

use super::{Delivery, Event, parse};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tokio::sync::mpsc;

/// The largest body accepted by default: 4 MiB (larger → 413).
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;
/// The queue between the receiver and your handler holds this many
/// deliveries by default; when it is full the receiver answers 503.
pub const DEFAULT_QUEUE: usize = 1024;
/// How many delivery keys (message IDs, status IDs, body hashes) the
/// de-duplication window remembers by default.
pub const DEFAULT_DEDUP_CAPACITY: usize = 65_536;
/// How long a delivery key is remembered by default: 65 minutes, beyond
/// Whapi's largest retry backoff (`max_callback_backoff_delay_ms`, at most
/// 3 600 000 ms).
pub const DEFAULT_DEDUP_TTL: Duration = Duration::from_secs(65 * 60);

/// How the [`receiver`] checks, limits, queues and de-duplicates.
///
/// ```
/// use std::time::Duration;
/// let config = whapi::webhooks::ReceiverConfig::new("Authorization", "Bearer s3cret")
///     .body_limit(1024 * 1024)
///     .queue_capacity(256)
///     .dedup(10_000, Duration::from_secs(3600));
/// # let _ = config;
/// ```
#[derive(Clone)]
pub struct ReceiverConfig {
    header: Option<(String, Vec<u8>)>,
    body_limit: usize,
    queue: usize,
    dedup_capacity: usize,
    dedup_ttl: Duration,
}

impl std::fmt::Debug for ReceiverConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverConfig")
            .field(
                "header",
                &self.header.as_ref().map(|(name, _)| (name, "[redacted]")),
            )
            .field("body_limit", &self.body_limit)
            .field("queue", &self.queue)
            .field("dedup_capacity", &self.dedup_capacity)
            .field("dedup_ttl", &self.dedup_ttl)
            .finish()
    }
}

impl ReceiverConfig {
    /// Deliveries must carry header `name` with exactly `value`: one of the
    /// static `headers` you configured on the hook (Whapi signs nothing; this
    /// header is the only authentication). Compared in constant time; a
    /// missing or different value is answered 401. A name that is not a
    /// valid header name matches nothing, so every delivery is refused.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        ReceiverConfig {
            header: Some((name.into(), value.into().into_bytes())),
            ..Self::unauthenticated()
        }
    }

    /// Accepts deliveries without checking any header: only for a receiver
    /// that is not reachable from outside (tests, a private network).
    pub fn unauthenticated() -> Self {
        ReceiverConfig {
            header: None,
            body_limit: DEFAULT_BODY_LIMIT,
            queue: DEFAULT_QUEUE,
            dedup_capacity: DEFAULT_DEDUP_CAPACITY,
            dedup_ttl: DEFAULT_DEDUP_TTL,
        }
    }

    /// The largest body accepted (default [`DEFAULT_BODY_LIMIT`]); larger is
    /// answered 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How many deliveries wait for your handler at most (default
    /// [`DEFAULT_QUEUE`], at least 1). When the queue is full the delivery
    /// is answered 503 with `Retry-After: 5` and not remembered as seen, so
    /// Whapi's retry delivers it later: nothing is dropped silently.
    pub fn queue_capacity(mut self, deliveries: usize) -> Self {
        self.queue = deliveries.max(1);
        self
    }

    /// The de-duplication window: at most `capacity` keys (the oldest are
    /// forgotten first), each for at most `ttl` (defaults
    /// [`DEFAULT_DEDUP_CAPACITY`], [`DEFAULT_DEDUP_TTL`]). A capacity of 0
    /// turns de-duplication off.
    pub fn dedup(mut self, capacity: usize, ttl: Duration) -> Self {
        self.dedup_capacity = capacity;
        self.dedup_ttl = ttl;
        self
    }
}

type Handler = Arc<dyn Fn(Delivery) -> BoxFuture<'static, ()> + Send + Sync>;

struct Shared {
    config: ReceiverConfig,
    tx: mpsc::Sender<Delivery>,
    /// The queue's other end and the handler, until the first delivery
    /// starts the worker (on the runtime serving the router).
    worker: Mutex<Option<(mpsc::Receiver<Delivery>, Handler)>>,
    seen: Mutex<Dedup>,
}

/// An axum `Router` receiving Whapi's webhooks on every path and method
/// (so the `body`, `path` and `method` modes all work; mount it with
/// `nest` under your hook's path), handing each new delivery to `handler`.
///
/// For each request:
///
/// 1. **Header check** ([`ReceiverConfig::new`]): constant-time comparison,
///    401 when missing or different.
/// 2. **Body limit** ([`ReceiverConfig::body_limit`]): 413 beyond it.
/// 3. **Parse** ([`parse`]): 400 when the body is not a JSON object (a
///    retry would not fix it). Items that do not decode are kept raw.
/// 4. **De-duplication**: messages by `id`, statuses by `id` + `status` +
///    recipient, every other event by a hash of its body, per channel. A
///    delivery whose items were all seen is answered 200 and not handed on;
///    a retry mixing new and seen items hands on only the new ones.
/// 5. **Queue**: the delivery is queued and answered 200 at once; your
///    `handler` runs on one background task, one delivery after another, in
///    arrival order. When the queue is full: 503 with `Retry-After: 5`, the
///    keys are forgotten, and Whapi retries later.
///
/// Never panics on any input; a panic inside `handler` is caught and logged,
/// and the next delivery is handled.
///
/// ```no_run
/// use whapi::webhooks::{Delivery, Event, ReceiverConfig, receiver};
/// # async fn run() -> std::io::Result<()> {
/// let hooks = receiver(ReceiverConfig::new("Authorization", "Bearer s3cret"), |delivery: Delivery| async move {
///     if let Event::Messages(items) = &delivery.event {
///         println!("{} new message(s)", items.len());
///     }
/// });
/// let app = axum::Router::new().nest("/hook", hooks);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// axum::serve(listener, app).await
/// # }
/// ```
pub fn receiver<H, F>(config: ReceiverConfig, handler: H) -> Router
where
    H: Fn(Delivery) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(config.queue.max(1));
    let handler: Handler = Arc::new(move |delivery| Box::pin(handler(delivery)));
    let shared = Arc::new(Shared {
        seen: Mutex::new(Dedup::new(config.dedup_capacity, config.dedup_ttl)),
        config,
        tx,
        worker: Mutex::new(Some((rx, handler))),
    });
    Router::new().fallback(receive).with_state(shared)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn answer(status: StatusCode, text: &str) -> Response {
    (status, text.to_owned()).into_response()
}

async fn receive(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Some((name, expected)) = &shared.config.header {
        let given = parts
            .headers
            .get(name.as_str())
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        if !bool::from(given.ct_eq(expected)) || parts.headers.get(name.as_str()).is_none() {
            return answer(StatusCode::UNAUTHORIZED, "unauthorized");
        }
    }
    let limit = shared.config.body_limit;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    let bytes = match axum::body::to_bytes(Body::new(body), limit).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return if too_large {
                answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
            } else {
                answer(StatusCode::BAD_REQUEST, "cannot read the body")
            };
        }
    };
    let mut delivery = match parse(parts.method.as_str(), parts.uri.path(), &bytes) {
        Ok(delivery) => delivery,
        Err(e) => {
            tracing::warn!(error = %e, "webhook delivery refused");
            return answer(StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    start_worker(&shared);
    let keys = {
        let mut seen = lock(&shared.seen);
        let keys = seen.admit(&mut delivery, &bytes, Instant::now());
        let Some(keys) = keys else {
            return answer(StatusCode::OK, "duplicate");
        };
        // Queued under the lock: a concurrent retry of the same delivery
        // sees these keys only once the delivery is really queued.
        match shared.tx.try_send(delivery) {
            Ok(()) => return answer(StatusCode::OK, "ok"),
            Err(_) => {
                seen.forget(&keys);
                keys
            }
        }
    };
    tracing::warn!(
        keys = keys.len(),
        "webhook queue full: answered 503 so that Whapi retries"
    );
    let mut response = answer(StatusCode::SERVICE_UNAVAILABLE, "queue full, retry later");
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
}

fn start_worker(shared: &Shared) {
    let Some((mut rx, handler)) = lock(&shared.worker).take() else {
        return;
    };
    tokio::spawn(async move {
        while let Some(delivery) = rx.recv().await {
            if AssertUnwindSafe(handler(delivery))
                .catch_unwind()
                .await
                .is_err()
            {
                tracing::error!("the webhook handler panicked; continuing with the next delivery");
            }
        }
    });
}

/// The de-duplication window: a map of keys with the time they were first
/// seen, and their insertion order to forget the oldest. Bounded by
/// `capacity` entries and `ttl`.
struct Dedup {
    seen: HashMap<String, Instant>,
    order: VecDeque<(String, Instant)>,
    capacity: usize,
    ttl: Duration,
}

impl Dedup {
    fn new(capacity: usize, ttl: Duration) -> Self {
        Dedup {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity,
            ttl,
        }
    }

    fn evict(&mut self, now: Instant) {
        while let Some((key, at)) = self.order.front() {
            let expired = now.saturating_duration_since(*at) >= self.ttl;
            if !expired && self.order.len() <= self.capacity {
                break;
            }
            if self.seen.get(key) == Some(at) {
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
    }

    fn is_seen(&self, key: &str, now: Instant) -> bool {
        self.seen
            .get(key)
            .is_some_and(|at| now.saturating_duration_since(*at) < self.ttl)
    }

    fn insert(&mut self, key: String, now: Instant) {
        self.seen.insert(key.clone(), now);
        self.order.push_back((key, now));
    }

    /// Removes the items already seen from `delivery` and remembers the
    /// others' keys; `None` when nothing new is left.
    fn admit(&mut self, delivery: &mut Delivery, body: &[u8], now: Instant) -> Option<Vec<String>> {
        if self.capacity == 0 {
            return Some(Vec::new());
        }
        self.evict(now);
        let channel = delivery.channel_id.clone().unwrap_or_default();
        let mut fresh = Vec::new();
        let mut keep = |key: Option<String>, this: &mut Self| match key {
            None => true,
            Some(key) if this.is_seen(&key, now) || fresh.contains(&key) => false,
            Some(key) => {
                fresh.push(key);
                true
            }
        };
        match &mut delivery.event {
            Event::Messages(items) if !items.is_empty() => {
                items.retain(|item| keep(message_key(&channel, &item.raw), self));
                if items.is_empty() {
                    return None;
                }
            }
            Event::Statuses(items) if !items.is_empty() => {
                items.retain(|item| keep(status_key(&channel, &item.raw), self));
                if items.is_empty() {
                    return None;
                }
            }
            _ => {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                body.hash(&mut hasher);
                let key = format!(
                    "{channel}\u{0}b\u{0}{}:{:016x}",
                    body.len(),
                    hasher.finish()
                );
                if !keep(Some(key), self) {
                    return None;
                }
            }
        }
        for key in &fresh {
            self.insert(key.clone(), now);
        }
        self.evict(now);
        Some(fresh)
    }

    fn forget(&mut self, keys: &[String]) {
        for key in keys {
            self.seen.remove(key);
        }
    }
}

fn text<'a>(raw: &'a serde_json::Value, key: &str) -> &'a str {
    raw.get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
}

fn message_key(channel: &str, raw: &serde_json::Value) -> Option<String> {
    let id = text(raw, "id");
    (!id.is_empty()).then(|| format!("{channel}\u{0}m\u{0}{id}"))
}

fn status_key(channel: &str, raw: &serde_json::Value) -> Option<String> {
    let id = text(raw, "id");
    let status = raw
        .get("status")
        .map(ToString::to_string)
        .unwrap_or_default();
    let who = format!("{}{}", text(raw, "recipient_id"), text(raw, "viewer_id"));
    (!id.is_empty()).then(|| format!("{channel}\u{0}s\u{0}{id}\u{0}{status}\u{0}{who}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(body: &str) -> Delivery {
        parse("POST", "/", body.as_bytes()).expect("parses")
    }

    #[test]
    fn the_window_is_bounded_and_expires() {
        let mut dedup = Dedup::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        for i in 0..10 {
            let body = format!(r#"{{"messages": [{{"id": "m{i}"}}]}}"#);
            assert!(
                dedup
                    .admit(&mut delivery(&body), body.as_bytes(), t0)
                    .is_some()
            );
        }
        assert!(dedup.seen.len() <= 3 && dedup.order.len() <= 3);
        let body = r#"{"messages": [{"id": "m9"}]}"#;
        assert!(
            dedup
                .admit(&mut delivery(body), body.as_bytes(), t0)
                .is_none(),
            "recent: a duplicate"
        );
        let later = t0 + Duration::from_secs(11);
        assert!(
            dedup
                .admit(&mut delivery(body), body.as_bytes(), later)
                .is_some(),
            "expired: new again"
        );
        let body = r#"{"messages": [{"id": "m0"}]}"#;
        assert!(
            dedup
                .admit(&mut delivery(body), body.as_bytes(), later)
                .is_some(),
            "evicted: new again"
        );
    }

    #[test]
    fn statuses_of_one_message_are_distinct_events() {
        let mut dedup = Dedup::new(100, Duration::from_secs(10));
        let now = Instant::now();
        let delivered =
            r#"{"statuses": [{"id": "m1", "status": "delivered", "recipient_id": "1"}]}"#;
        let read = r#"{"statuses": [{"id": "m1", "status": "read", "recipient_id": "1"}]}"#;
        assert!(
            dedup
                .admit(&mut delivery(delivered), delivered.as_bytes(), now)
                .is_some()
        );
        assert!(
            dedup
                .admit(&mut delivery(read), read.as_bytes(), now)
                .is_some()
        );
        assert!(
            dedup
                .admit(&mut delivery(read), read.as_bytes(), now)
                .is_none()
        );
    }

    #[test]
    fn a_partial_retry_keeps_only_the_new_items() {
        let mut dedup = Dedup::new(100, Duration::from_secs(10));
        let now = Instant::now();
        let first = r#"{"messages": [{"id": "a"}]}"#;
        assert!(
            dedup
                .admit(&mut delivery(first), first.as_bytes(), now)
                .is_some()
        );
        let both = r#"{"messages": [{"id": "a"}, {"id": "b"}, {"id": "b"}]}"#;
        let mut d = delivery(both);
        assert_eq!(
            dedup.admit(&mut d, both.as_bytes(), now).map(|k| k.len()),
            Some(1)
        );
        assert_eq!(d.event.raw_items(), [&serde_json::json!({"id": "b"})]);
    }
}
