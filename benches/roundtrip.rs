//! One round trip on loopback, keep-alive, same server: the facade
//! (`messages().document(..).send()`) against raw reqwest with hand-written
//! serde types for the same request and response.
//!
//! The server is axum on 127.0.0.1:0 in this process; it reads the request
//! body and answers 201 with a realistic `SentMessage`. Both clients are
//! configured alike (timeouts, user agent, bearer token, one pool each).
//!
//! - `roundtrip/{facade,handwritten}`: one call at a time (latency).
//! - `throughput64/{facade,handwritten}`: 64 calls in flight, each its own
//!   task; time per batch of 64 (throughput = 64 / time).
//! - `*/raw`: the generated client alone (`client.raw()`), a diagnostic:
//!   it tells whether a gap is in the facade or in the generated layer.
//!
//! `cargo bench --bench roundtrip`; goals: latency ratio ≤ 1.05, throughput
//! ratio ≥ 0.95, judged on the interleaved medians (`paired.json`, with
//! their spread, the process CPU-time ratio and the A/A noise floor);
//! criterion's medians are the cross-check. A quick look:
//! `cargo bench --bench roundtrip -- --measurement-time 1 --sample-size 10`.

mod common;

use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::routing::post;
use common::{fixtures, handwritten};
use criterion::Throughput;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "bench-token";
const TO: &str = "15551234567";
const MEDIA: &str = "https://x/a.pdf";
const CONCURRENCY: usize = 64;
/// The interleaved comparisons alternate at a fine grain: a round is 10
/// sequential calls (latency) or one batch of 64 (throughput) of each
/// subject, back to back. Load on this shared machine drifts over tens of
/// milliseconds; rounds that short see the same load on both sides, and
/// one that a hiccup hit is one outlier among a thousand.
const PAIRED_ROUNDS: usize = 1000;
const LATENCY_CALLS: u64 = 10;
const THROUGHPUT_BATCHES: u64 = 1;

/// The hand-written client: what one would write with reqwest alone.
struct HandClient {
    http: reqwest::Client,
    url: String,
    auth: HeaderValue,
}

impl HandClient {
    fn new(base: &str) -> HandClient {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent("hand-written/0.1")
            .build()
            .expect("reqwest client");
        let mut auth = HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("header");
        auth.set_sensitive(true);
        HandClient {
            http,
            url: format!("{base}/messages/document"),
            auth,
        }
    }

    async fn send_document(&self, to: &str, media: &str) -> handwritten::SentMessage {
        let response = self
            .http
            .post(&self.url)
            .header(AUTHORIZATION, self.auth.clone())
            .json(&handwritten::SendDocument { to, media })
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
        response.json().await.expect("SentMessage")
    }
}

async fn facade_call(client: &whapi::Client) {
    let sent = client
        .messages()
        .document(TO, whapi::Media::url(MEDIA))
        .send()
        .await
        .expect("facade send");
    assert!(sent.sent);
}

/// The generated client alone (`client.raw()`, same hooks), without the
/// facade's builders and checks: shows which layer any gap belongs to.
async fn raw_call(client: &whapi::Client) {
    let body = whapi::types::SenderDocument::builder().to(TO).media(MEDIA);
    let sent = client
        .raw()
        .send_message_document()
        .body(body)
        .send()
        .await
        .expect("raw send")
        .into_inner();
    assert!(sent.sent);
}

async fn hand_call(client: &HandClient) {
    let sent = client.send_document(TO, MEDIA).await;
    assert!(sent.sent);
}

/// Starts the server on its own runtime thread; returns its base URL.
fn start_server() -> String {
    let body = Bytes::from(serde_json::to_vec(&fixtures::sent_document()).expect("fixture"));
    let app = Router::new().route(
        "/messages/document",
        post(move |request: Bytes| {
            let body = body.clone();
            async move {
                assert!(!request.is_empty());
                (
                    StatusCode::CREATED,
                    [(header::CONTENT_TYPE, "application/json")],
                    body,
                )
            }
        }),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind 127.0.0.1:0");
            tx.send(listener.local_addr().expect("local addr"))
                .expect("report address");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    let addr = rx.recv().expect("server address");
    format!("http://{addr}")
}

/// Time for `iters` sequential calls.
fn sequential<F, Fut>(rt: &tokio::runtime::Runtime, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            call().await;
        }
        start.elapsed()
    })
}

/// Time for `iters` batches of 64 calls in flight, each call its own task.
fn batches<C, F, Fut>(
    rt: &tokio::runtime::Runtime,
    iters: u64,
    client: &Arc<C>,
    call: F,
) -> Duration
where
    C: Send + Sync + 'static,
    F: Fn(Arc<C>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..CONCURRENCY {
                set.spawn(call(Arc::clone(client)));
            }
            while let Some(done) = set.join_next().await {
                done.expect("call task");
            }
        }
        start.elapsed()
    })
}

/// Fresh clients with warm pools: each has run one batch of 64, so each
/// holds the same open connections. Every measurement gets its own set, so
/// no client carries a bigger pool from earlier runs (that alone skews an
/// A/A comparison by ~5% here).
struct Clients {
    facade: Arc<whapi::Client>,
    raw: Arc<whapi::Client>,
    hand: Arc<HandClient>,
    hand2: Arc<HandClient>,
}

impl Clients {
    fn new(rt: &tokio::runtime::Runtime, base: &str) -> Clients {
        let whapi = || {
            Arc::new(
                whapi::Client::builder()
                    .token(TOKEN)
                    .base_url(base)
                    .retry(whapi::RetryPolicy::none())
                    .build()
                    .expect("facade client"),
            )
        };
        let clients = Clients {
            facade: whapi(),
            raw: whapi(),
            hand: Arc::new(HandClient::new(base)),
            hand2: Arc::new(HandClient::new(base)),
        };
        batches(
            rt,
            1,
            &clients.facade,
            |c| async move { facade_call(&c).await },
        );
        batches(rt, 1, &clients.raw, |c| async move { raw_call(&c).await });
        batches(rt, 1, &clients.hand, |c| async move { hand_call(&c).await });
        batches(
            rt,
            1,
            &clients.hand2,
            |c| async move { hand_call(&c).await },
        );
        clients
    }
}

/// Calls per subject in the callgrind runs: 20 batches of 64.
const COUNTED_CALLS: u64 = 1280;

/// Instructions per call, counted by callgrind: this binary run again in
/// `ROUNDTRIP_PROFILE` mode per subject, with 0 and with [`COUNTED_CALLS`]
/// calls (the difference leaves out start-up and warm-up). The whole
/// process counts: client, runtime and the in-process server. Unlike
/// timings, the counts do not move with other load on the machine; they
/// miss what instructions do not show (cache misses, lock waits).
fn instructions_per_call() {
    let valgrind = std::process::Command::new("valgrind")
        .arg("--version")
        .output();
    if !valgrind.is_ok_and(|o| o.status.success()) {
        println!("roundtrip instructions: skipped (valgrind is not installed)");
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        println!("roundtrip instructions: skipped (own executable unknown)");
        return;
    };
    let count = |subject: &str, calls: u64| -> Option<f64> {
        let out = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .env("ROUNDTRIP_PROFILE", subject)
            .env("ROUNDTRIP_CALLS", calls.to_string())
            .output()
            .ok()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.lines().find(|l| l.contains("Collected :"))?;
        line.rsplit(':')
            .next()?
            .trim()
            .replace(',', "")
            .parse()
            .ok()
    };
    let per_call = |subject: &str| -> Option<f64> {
        Some((count(subject, COUNTED_CALLS)? - count(subject, 0)?) / COUNTED_CALLS as f64)
    };
    let (Some(facade), Some(raw), Some(hand)) =
        (per_call("facade"), per_call("raw"), per_call("handwritten"))
    else {
        println!("roundtrip instructions: skipped (a callgrind run failed)");
        return;
    };
    println!(
        "roundtrip instructions per call (callgrind, {COUNTED_CALLS} calls in batches of 64): facade {facade:.0}, raw {raw:.0}, hand-written {hand:.0}"
    );
    println!(
        "roundtrip_instructions_ratio: {:.3}, roundtrip_raw_instructions_ratio: {:.3} (diagnostic)",
        facade / hand,
        raw / hand
    );
    common::record_value("roundtrip_instructions_ratio", facade / hand);
    common::record_value("roundtrip_raw_instructions_ratio", raw / hand);
}

fn main() {
    let base = start_server();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");

    // Both answer, and both see the same message.
    let Clients { facade, hand, .. } = Clients::new(&rt, &base);
    rt.block_on(async {
        let a = facade
            .messages()
            .document(TO, whapi::Media::url(MEDIA))
            .send()
            .await
            .expect("facade send");
        let b = hand.send_document(TO, MEDIA).await;
        assert_eq!(
            a.message.map(|m| m.id),
            b.message.map(|m| m.id),
            "same response"
        );
    });

    // `ROUNDTRIP_PROFILE=facade|raw|handwritten`: only that subject, a fixed
    // number of calls (`ROUNDTRIP_CALLS`, default 20,000) in batches of 64,
    // then the process CPU time per call. Under `valgrind --tool=callgrind`
    // once per subject, instruction counts compare call for call, free of
    // the noise that moves timings on a shared machine.
    if let Ok(subject) = std::env::var("ROUNDTRIP_PROFILE") {
        let clients = Clients::new(&rt, &base);
        let calls: u64 = std::env::var("ROUNDTRIP_CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20_000);
        let rounds = calls.div_ceil(CONCURRENCY as u64);
        let cpu = common::process_cpu();
        let wall = match subject.as_str() {
            "facade" => batches(&rt, rounds, &clients.facade, |c| async move {
                facade_call(&c).await
            }),
            "raw" => batches(
                &rt,
                rounds,
                &clients.raw,
                |c| async move { raw_call(&c).await },
            ),
            _ => batches(&rt, rounds, &clients.hand, |c| async move {
                hand_call(&c).await
            }),
        };
        let calls = (rounds * CONCURRENCY as u64) as f64;
        println!(
            "{subject}: {calls} calls, CPU {:.2} µs per call, wall {:.2} µs per call",
            (common::process_cpu() - cpu).as_secs_f64() * 1e6 / calls,
            wall.as_secs_f64() * 1e6 / calls
        );
        return;
    }

    let mut c = common::criterion(40, Duration::from_secs(1), Duration::from_secs(4));

    let Clients {
        facade, raw, hand, ..
    } = Clients::new(&rt, &base);
    let mut group = c.benchmark_group("roundtrip");
    group.bench_function("facade", |b| {
        b.iter_custom(|iters| sequential(&rt, iters, || facade_call(&facade)))
    });
    group.bench_function("handwritten", |b| {
        b.iter_custom(|iters| sequential(&rt, iters, || hand_call(&hand)))
    });
    group.bench_function("raw", |b| {
        b.iter_custom(|iters| sequential(&rt, iters, || raw_call(&raw)))
    });
    group.finish();

    let Clients {
        facade, raw, hand, ..
    } = Clients::new(&rt, &base);
    let mut group = c.benchmark_group("throughput64");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.bench_function("facade", |b| {
        b.iter_custom(|iters| {
            batches(&rt, iters, &facade, |client| async move {
                facade_call(&client).await
            })
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter_custom(|iters| {
            batches(&rt, iters, &hand, |client| async move {
                hand_call(&client).await
            })
        })
    });
    group.bench_function("raw", |b| {
        b.iter_custom(|iters| {
            batches(
                &rt,
                iters,
                &raw,
                |client| async move { raw_call(&client).await },
            )
        })
    });
    group.finish();

    if common::benching() {
        instructions_per_call();
        // Futures are moved (memcpy) into each task and at every layer that
        // takes one by value: their size is part of the per-call cost.
        let facade_future = facade
            .messages()
            .document(TO, whapi::Media::url(MEDIA))
            .send();
        let raw_future = raw
            .raw()
            .send_message_document()
            .body(whapi::types::SenderDocument::builder().to(TO).media(MEDIA))
            .send();
        println!(
            "future size: facade send {} B, raw send {} B, hand-written send {} B",
            std::mem::size_of_val(&facade_future),
            std::mem::size_of_val(&raw_future),
            std::mem::size_of_val(&hand.send_document(TO, MEDIA))
        );
        drop((facade_future, raw_future));
        common::print_ratio(
            "roundtrip latency ratio",
            "roundtrip",
            "facade",
            "handwritten",
            "≤ 1.05",
        );
        // Throughput ratio = facade calls/s over hand-written calls/s, i.e.
        // the inverse of the batch-time ratio.
        let median = |bench| common::median_ns("throughput64", bench);
        if let (Some(f), Some(h), Some(r)) =
            (median("facade"), median("handwritten"), median("raw"))
        {
            println!(
                "throughput ratio: {:.3} (facade {:.0} calls/s, hand-written {:.0} calls/s, raw {:.0} calls/s) (goal ≥ 0.95)",
                h / f,
                CONCURRENCY as f64 / (f / 1e9),
                CONCURRENCY as f64 / (h / 1e9),
                CONCURRENCY as f64 / (r / 1e9),
            );
        }

        // Interleaved A/B ratios, each with fresh clients. A/A (two
        // identical hand-written clients) shows the noise floor.
        let latency = |name: &str, goal: &str, call: &dyn Fn(&Clients) -> Duration| {
            let clients = Clients::new(&rt, &base);
            let ratio = common::paired(
                PAIRED_ROUNDS,
                || call(&clients),
                || sequential(&rt, LATENCY_CALLS, || hand_call(&clients.hand)),
            );
            common::record_paired(name, ratio, goal);
        };
        latency("roundtrip_latency_ratio", "≤ 1.05", &|c| {
            sequential(&rt, LATENCY_CALLS, || facade_call(&c.facade))
        });
        latency("roundtrip_raw_latency_ratio", "diagnostic", &|c| {
            sequential(&rt, LATENCY_CALLS, || raw_call(&c.raw))
        });
        latency("roundtrip_aa_latency_ratio", "A/A, ≈ 1", &|c| {
            sequential(&rt, LATENCY_CALLS, || hand_call(&c.hand2))
        });
        // Throughput: hand-written batch time over the subject's.
        let throughput = |name: &str, goal: &str, call: &dyn Fn(&Clients) -> Duration| {
            let clients = Clients::new(&rt, &base);
            let ratio = common::paired(
                PAIRED_ROUNDS,
                || {
                    batches(&rt, THROUGHPUT_BATCHES, &clients.hand, |c| async move {
                        hand_call(&c).await
                    })
                },
                || call(&clients),
            );
            common::record_paired(name, ratio, goal);
        };
        throughput("throughput_ratio", "≥ 0.95", &|c| {
            batches(&rt, THROUGHPUT_BATCHES, &c.facade, |c| async move {
                facade_call(&c).await
            })
        });
        throughput("throughput_raw_ratio", "diagnostic", &|c| {
            batches(&rt, THROUGHPUT_BATCHES, &c.raw, |c| async move {
                raw_call(&c).await
            })
        });
        throughput("throughput_aa_ratio", "A/A, ≈ 1", &|c| {
            batches(&rt, THROUGHPUT_BATCHES, &c.hand2, |c| async move {
                hand_call(&c).await
            })
        });
    }
    c.final_summary();
}
