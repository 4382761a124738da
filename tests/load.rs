//! Load: 10,000 calls at 256-way concurrency through the facade against the
//! embedded mock, without retries, with zero failures. Prints throughput and
//! the process's peak memory.
#![cfg(feature = "mock")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use whapi::mock::MockServer;
use whapi::{Client, Error, Media, RetryPolicy};

const REQUESTS: usize = 10_000;
const CONCURRENCY: usize = 256;
/// The whole run, however slow the machine, ends within this.
const RUN_LIMIT: Duration = Duration::from_secs(120);
const PHONE: &str = "15551234567";
const CHAT: &str = "120363025555555555@g.us";

/// Call `i` of the mix: mostly reads and updates, one in ten a send (the
/// mock keeps sent messages), lists over what was sent.
async fn call(client: &Client, i: usize) -> Result<&'static str, Error> {
    let id = format!("LOAD{i:08}-whapi");
    let m = client.messages();
    Ok(match i % 10 {
        0..=3 => m.mark_read(&id).send().await.map(|_| "mark_read")?,
        4 | 5 => m.react(&id, "👍").send().await.map(|_| "react")?,
        6 => m.delete(&id).send().await.map(|_| "delete")?,
        7 => m.list().count(5).send().await.map(|_| "list")?,
        8 => m.list_in(CHAT).count(5).send().await.map(|_| "list_in")?,
        _ => {
            let sent = m
                .document(PHONE, Media::url("https://example.invalid/load.pdf"))
                .caption(format!("load {i}"))
                .send()
                .await?;
            if !sent.sent || sent.message.is_none() {
                return Err(Error::InvalidInput {
                    argument: "response",
                    reason: format!("send {i} answered without a message"),
                });
            }
            "document"
        }
    })
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_calls_at_256_way_concurrency_all_succeed() {
    let server = MockServer::start().await.expect("the mock starts");
    let client = Client::builder()
        .token("load-token")
        .base_url(server.url())
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .build()
        .expect("valid client settings");

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let run = async {
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..CONCURRENCY {
            let client = client.clone();
            let next = next.clone();
            workers.spawn(async move {
                let mut done = 0usize;
                let mut failures = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= REQUESTS {
                        break;
                    }
                    match call(&client, i).await {
                        Ok(_) => done += 1,
                        Err(e) => failures.push(format!("call {i}: {e}")),
                    }
                }
                (done, failures)
            });
        }
        let mut done = 0;
        let mut failures = Vec::new();
        while let Some(joined) = workers.join_next().await {
            let (d, f) = joined.expect("a worker panicked");
            done += d;
            failures.extend(f);
        }
        (done, failures)
    };
    let (done, failures) = tokio::time::timeout(RUN_LIMIT, run)
        .await
        .expect("10,000 calls finish within the limit");
    let elapsed = started.elapsed();

    // The figure counts what completed (answered and decoded), not what was
    // planned: a run that loses calls prints fewer.
    let per_second = done as f64 / elapsed.as_secs_f64();
    let peak_mib = peak_rss_kib().map_or(0.0, |k| k as f64 / 1024.0);
    println!(
        "load: {done} requests, {CONCURRENCY} concurrent, {} failures, \
         {per_second:.0} req/s, peak RSS {peak_mib:.1} MiB",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(done, REQUESTS);

    // The server saw each call once: no retries, nothing lost.
    let seen = server.requests();
    assert_eq!(seen.len(), REQUESTS);
    let by = |op: &str| {
        seen.iter()
            .filter(|r| r.operation_id.as_deref() == Some(op))
            .count()
    };
    assert_eq!(by("markMessageAsRead"), REQUESTS * 4 / 10);
    assert_eq!(by("reactToMessage"), REQUESTS * 2 / 10);
    assert_eq!(by("deleteMessage"), REQUESTS / 10);
    assert_eq!(by("getMessages"), REQUESTS / 10);
    assert_eq!(by("getMessagesByChatID"), REQUESTS / 10);
    assert_eq!(by("sendMessageDocument"), REQUESTS / 10);
    // Every send was stored once.
    assert_eq!(server.messages().len(), REQUESTS / 10);
    // A gross leak (say, every body kept twice over) would show here.
    assert!(peak_mib < 1024.0, "peak RSS {peak_mib:.1} MiB");
}
