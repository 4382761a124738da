//! Runs facade cases, each on a fresh mock, and checks what reached it.

use serde_json::Value;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use whapi::mock::{MockRequest, MockServer};

/// The token every case's client sends.
pub const TOKEN: &str = "facade-test-token";

/// What a case gets: a fresh mock and a client pointed at it (no retries).
pub struct Ctx {
    pub server: MockServer,
    pub client: whapi::Client,
}

type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One facade call and the operations it must reach.
pub struct Case {
    /// The call as the README table shows it (`client.messages().text(to, body)`).
    pub call: &'static str,
    /// The operationIds the call reaches, each at least once; no request
    /// may reach any other (a list stream reaches its one operation once
    /// per page; an upsert reads, then writes).
    pub operations: &'static [&'static str],
    run: Box<dyn Fn(Ctx) -> CaseFuture + Send + Sync>,
}

/// A case: `case("client.chats().get(chat)", &["getChat"], |ctx| async move { .. })`.
pub fn case<F, Fut>(call: &'static str, operations: &'static [&'static str], run: F) -> Case
where
    F: Fn(Ctx) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    Case {
        call,
        operations,
        run: Box::new(move |ctx| Box::pin(run(ctx))),
    }
}

impl Ctx {
    /// The one request the mock saw; fails the case on none or several.
    pub fn only_request(&self) -> MockRequest {
        let mut seen = self.server.requests();
        assert_eq!(
            seen.len(),
            1,
            "expected exactly one request, saw: {:#?}",
            seen.iter().map(brief).collect::<Vec<_>>()
        );
        seen.remove(0)
    }

    /// Asserts that nothing reached the mock (an input rejected locally).
    pub fn assert_no_request(&self) {
        let seen = self.server.requests();
        assert!(
            seen.is_empty(),
            "expected no request, saw: {:#?}",
            seen.iter().map(brief).collect::<Vec<_>>()
        );
    }
}

/// `METHOD path?query` of a request, for failure messages.
pub fn brief(r: &MockRequest) -> String {
    let query: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{} {}?{}", r.method, r.path, query.join("&"))
}

/// The exact request: method, path (as sent, percent-encoded), query pairs
/// in any order, the JSON body (`None`: no body at all), and the client's
/// headers (auth, user agent; JSON content type exactly when a JSON body is
/// sent).
pub fn assert_request(
    r: &MockRequest,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) {
    assert_eq!(r.method, method, "method of {}", brief(r));
    assert_eq!(r.path, path, "path of {}", brief(r));
    let mut got: Vec<(String, String)> = r.query.clone();
    got.sort();
    let mut want: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want, "query of {}", brief(r));
    assert_client_headers(r);
    match body {
        None => {
            assert!(
                r.body.is_empty(),
                "unexpected body on {}: {:?}",
                brief(r),
                r.body
            );
            assert_eq!(
                r.header("content-type"),
                None,
                "content type without a body"
            );
        }
        Some(body) => {
            assert_eq!(r.header("content-type"), Some("application/json"));
            assert_eq!(r.json(), Some(body), "body of {}", brief(r));
        }
    }
}

/// Auth and user agent, on every request.
pub fn assert_client_headers(r: &MockRequest) {
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(
        r.header("authorization"),
        Some(auth.as_str()),
        "auth of {}",
        brief(r)
    );
    assert_eq!(r.header("user-agent"), Some(whapi::USER_AGENT));
}

/// Runs every case on its own mock; prints `facade: N/N operations`.
pub async fn run_all(cases: Vec<Case>) {
    let mut failures = Vec::new();
    let mut all_ops = BTreeSet::new();
    let mut failed_ops = BTreeSet::new();
    let mut calls = BTreeSet::new();
    for case in &cases {
        assert!(calls.insert(case.call), "two cases for {}", case.call);
        all_ops.extend(case.operations.iter().copied());
        if let Err(why) = run_one(case).await {
            failures.push(format!("{}: {why}", case.call));
            failed_ops.extend(case.operations.iter().copied());
        }
    }
    // An operation counts only if every case reaching it passed.
    let passed_ops = all_ops.difference(&failed_ops).count();
    println!(
        "facade: {}/{} operations ({} calls)",
        passed_ops,
        all_ops.len(),
        cases.len()
    );
    // Issue 11's floor: at least 60 operations reached through the facade.
    assert!(
        all_ops.len() >= 60,
        "only {} operations have a facade case",
        all_ops.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} facade cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

async fn run_one(case: &Case) -> Result<(), String> {
    let server = MockServer::start()
        .await
        .map_err(|e| format!("mock start: {e}"))?;
    let client = whapi::Client::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry(whapi::RetryPolicy::none())
        .build()
        .map_err(|e| format!("client: {e}"))?;
    let ctx = Ctx {
        server: server.clone(),
        client,
    };
    // A panicking assertion fails this case, not the whole run.
    tokio::spawn((case.run)(ctx))
        .await
        .map_err(|e| match e.try_into_panic() {
            Ok(payload) => panic_text(payload),
            Err(e) => format!("the case did not finish: {e}"),
        })?;
    let seen = server.requests();
    for r in &seen {
        match r.operation_id.as_deref() {
            Some(op) if case.operations.contains(&op) => {}
            other => {
                return Err(format!(
                    "reached {other:?} ({}), not {:?}",
                    brief(r),
                    case.operations
                ));
            }
        }
    }
    for op in case.operations {
        if !seen.iter().any(|r| r.operation_id.as_deref() == Some(op)) {
            return Err(format!("never reached {op}"));
        }
    }
    Ok(())
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panicked".into())
}

/// Asserts an input rejected locally, naming `argument`.
pub fn assert_invalid<T: std::fmt::Debug>(result: Result<T, whapi::Error>, argument: &str) {
    match result {
        Err(whapi::Error::InvalidInput { argument: a, .. }) => assert_eq!(a, argument),
        other => panic!("expected invalid `{argument}`, got {other:?}"),
    }
}
