//! Webhook deliveries: every event goes to each hook that subscribes to it,
//! one worker per hook URL posting in order, retrying with Whapi's linear
//! backoff, recording every attempt.

use super::server::Shared;
use super::settings::{Hook, HookMode};
use super::webhooks::MockDelivery;
use bytes::Bytes;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};

/// The `channel_id` of every delivery the mock makes.
pub const MOCK_CHANNEL_ID: &str = "MOCK-WHAPI1";

/// A receiver that takes longer than this to answer has failed the attempt
/// (Whapi asks for an answer within about 5 s).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// No event is attempted more often, whatever the settings and the time
/// scale (Whapi's longest schedule, 3 s steps in a 60 min window, makes 49
/// attempts; a zero scale would otherwise retry without end).
const MAX_ATTEMPTS: u32 = 50;

/// One event to deliver: `messages` + `post` with the items under `messages`.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) event_type: String,
    pub(crate) method: String,
    /// The body key of the items (`messages`, `statuses`, ...).
    pub(crate) key: String,
    /// An array of items, or the single object of `health`, `qr`, `user`.
    pub(crate) items: Value,
}

/// Delivery state shared by the server's handles and its workers.
pub(crate) struct Outbox {
    runtime: tokio::runtime::Handle,
    http: reqwest::Client,
    /// Bumped by `MockServer::reset`: attempts of an older generation are
    /// neither recorded nor retried.
    generation: AtomicU64,
    /// How many deliveries are recorded: what `wait_for_deliveries` waits on.
    pub(crate) recorded: watch::Sender<usize>,
}

impl Outbox {
    pub(crate) fn new() -> Outbox {
        Outbox {
            runtime: tokio::runtime::Handle::current(),
            // Deliveries go straight to the configured URL: no proxy from
            // the environment may stand between the mock and 127.0.0.1.
            http: reqwest::Client::builder()
                .no_proxy()
                .timeout(ATTEMPT_TIMEOUT)
                .build()
                .unwrap_or_default(),
            generation: AtomicU64::new(0),
            recorded: watch::Sender::new(0),
        }
    }

    pub(crate) fn next_generation(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Runs `task` on the runtime the server was started on, so that
    /// `MockServer` methods work from any thread.
    pub(crate) fn spawn<F>(&self, task: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.runtime.spawn(task);
    }
}

/// Per-server delivery settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// Multiplies the backoff (`0.001`: a 3 s step becomes 3 ms).
    pub(crate) scale: f64,
    /// Between a send's `sent`, `delivered` and `read` statuses.
    pub(crate) status_delay: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            scale: 1.0,
            status_delay: Duration::from_millis(20),
        }
    }
}

/// One event for one hook.
pub(crate) struct Job {
    hook: Hook,
    event: Arc<Event>,
    generation: u64,
    step: Duration,
    max_wait: Duration,
}

/// The workers, by hook URL.
pub(crate) type Workers = HashMap<String, mpsc::UnboundedSender<Job>>;

/// Queues `event` for every hook that subscribes to it.
pub(crate) fn enqueue(shared: &Arc<Shared>, event: Event) {
    let hooks = shared.lock().settings.hooks();
    let wanted: Vec<Hook> = hooks
        .into_iter()
        .filter(|hook| hook.wants(&event.event_type, &event.method))
        .collect();
    enqueue_to(shared, wanted, event);
}

/// Queues `event` for each of `hooks`, configured or not (a webhook test).
pub(crate) fn enqueue_to(
    shared: &Arc<Shared>,
    hooks: impl IntoIterator<Item = Hook>,
    event: Event,
) {
    let event = Arc::new(event);
    let generation = shared.outbox.generation();
    let mut inner = shared.lock();
    let (step, max_wait) = inner.settings.backoff();
    let scale = inner.timing.scale;
    for hook in hooks {
        let job = Job {
            event: event.clone(),
            generation,
            step: step.mul_f64(scale),
            max_wait: max_wait.mul_f64(scale),
            hook,
        };
        let url = job.hook.url.clone();
        let worker = inner
            .workers
            .entry(url.clone())
            .or_insert_with(|| start_worker(shared));
        if let Err(mpsc::error::SendError(job)) = worker.send(job) {
            // The worker stopped (its server handle was dropped meanwhile).
            let fresh = start_worker(shared);
            let _ = fresh.send(job);
            inner.workers.insert(url, fresh);
        }
    }
}

fn start_worker(shared: &Arc<Shared>) -> mpsc::UnboundedSender<Job> {
    let (sender, jobs) = mpsc::unbounded_channel();
    // A weak handle: workers must not keep a dropped server alive.
    shared.outbox.spawn(worker(Arc::downgrade(shared), jobs));
    sender
}

async fn worker(shared: Weak<Shared>, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(job) = jobs.recv().await {
        let Some(http) = shared.upgrade().map(|s| s.outbox.http.clone()) else {
            return;
        };
        deliver(&shared, &http, &job).await;
    }
}

/// Posts one event to one hook until it answers 200, the retry window is
/// spent or the server is gone.
async fn deliver(shared: &Weak<Shared>, http: &reqwest::Client, job: &Job) {
    let (method, url) = target(&job.hook, &job.event);
    let body = Bytes::from(body(&job.hook, &job.event).to_string());
    let mut waited = Duration::ZERO;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        // A retry after a reset (or of a dropped server) is not made.
        if attempt > 1 && !current(shared, job.generation) {
            return;
        }
        let mut request = http
            .request(method.clone(), &url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone());
        for (name, value) in &job.hook.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let at = Instant::now();
        let (headers, outcome) = match request.build() {
            Ok(request) => {
                let headers = request
                    .headers()
                    .iter()
                    .map(|(k, v)| {
                        let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                        (k.as_str().to_string(), v)
                    })
                    .collect();
                (headers, http.execute(request).await.map_err(|e| (e, true)))
            }
            // A header Whapi would refuse too: no attempt can succeed.
            Err(e) => (Vec::new(), Err((e, false))),
        };
        let (status, error, retry) = match outcome {
            Ok(response) => {
                let status = response.status().as_u16();
                (Some(status), None, status != 200)
            }
            Err((e, retry)) => (None, Some(error_chain(&e)), retry),
        };
        let delay = job.step.saturating_mul(attempt);
        let retry = retry && attempt < MAX_ATTEMPTS && waited + delay <= job.max_wait;
        let Some(server) = shared.upgrade() else {
            return;
        };
        if server.outbox.generation() != job.generation {
            return;
        }
        server.record(MockDelivery {
            hook_url: job.hook.url.clone(),
            url: url.clone(),
            method: method.as_str().to_string(),
            headers,
            body: body.clone(),
            event_type: job.event.event_type.clone(),
            event_method: job.event.method.clone(),
            attempt,
            status,
            error,
            at,
            retry_in: retry.then_some(delay),
        });
        drop(server);
        if !retry {
            return;
        }
        waited += delay;
        tokio::time::sleep(delay).await;
    }
}

fn current(shared: &Weak<Shared>, generation: u64) -> bool {
    shared
        .upgrade()
        .is_some_and(|s| s.outbox.generation() == generation)
}

/// The error and its sources, which say what actually failed (`connection
/// refused`).
fn error_chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Where the event goes in the hook's mode.
fn target(hook: &Hook, event: &Event) -> (Method, String) {
    let (base, query) = match hook.url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (hook.url.as_str(), None),
    };
    let base = base.trim_end_matches('/');
    let (method, path) = match hook.mode {
        HookMode::Body => return (Method::POST, hook.url.clone()),
        HookMode::Path => (
            Method::POST,
            format!("{base}/{}/{}", event.event_type, event.method),
        ),
        HookMode::Method => (
            Method::from_bytes(event.method.to_ascii_uppercase().as_bytes())
                .unwrap_or(Method::POST),
            format!("{base}/{}", event.event_type),
        ),
    };
    match query {
        Some(query) => (method, format!("{path}?{query}")),
        None => (method, path),
    }
}

/// The delivery's body: the items under their key and the channel, plus
/// the event in `body` mode (in the others the URL names it, and Whapi
/// leaves it out, as logged payloads show).
fn body(hook: &Hook, event: &Event) -> Value {
    let mut body = json!({ "channel_id": MOCK_CHANNEL_ID });
    if !event.key.is_empty() {
        body[event.key.as_str()] = event.items.clone();
    }
    if hook.mode == HookMode::Body {
        body["event"] = json!({"type": event.event_type, "event": event.method});
    }
    body
}
