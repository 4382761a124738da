//! When a failed call is tried again, and after how long.

use std::time::Duration;

/// How the client retries.
///
/// GET, PUT and DELETE are retried on connect errors, 429 and 5xx, with
/// capped exponential backoff and jitter, honouring `Retry-After`. POST
/// (every send) is retried only when the connection could not be made, so
/// the request provably never reached the server: a retry never sends a
/// WhatsApp message twice. Timeouts are not retried: the request may have
/// been processed.
///
/// ```
/// use std::time::Duration;
/// let policy = whapi::RetryPolicy::default()
///     .max_attempts(5)
///     .max_delay(Duration::from_secs(2));
/// let off = whapi::RetryPolicy::none();
/// # let _ = (policy, off);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 250 ms initial backoff, at most 8 s between attempts.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
        }
    }
}

/// Seconds or an HTTP date, as `Retry-After` allows; dates are not parsed
/// (Whapi sends seconds) and count as absent.
pub fn parse_retry_after(value: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    let secs: f64 = text.parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

pub enum Decision {
    RetryAfter(Duration),
    Stop,
}

impl RetryPolicy {
    /// No retries: every call is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff; each further one doubles, up to `max_delay`.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest wait between attempts. A `Retry-After` longer than this
    /// is not waited for: the call fails with the server's answer and
    /// `whapi::Error::retry_after` says how long to wait.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    #[doc(hidden)]
    pub fn max_attempts_value(&self) -> u32 {
        self.max_attempts
    }

    #[doc(hidden)]
    pub fn decide(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        idempotent: bool,
        attempt: u32,
    ) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        match result {
            Err(e) if e.is_connect() => Decision::RetryAfter(self.backoff(attempt)),
            Ok(r) if idempotent && (r.status().as_u16() == 429 || r.status().is_server_error()) => {
                match parse_retry_after(r.headers().get(reqwest::header::RETRY_AFTER)) {
                    Some(wait) if wait > self.max_delay => Decision::Stop,
                    Some(wait) => Decision::RetryAfter(wait),
                    None => Decision::RetryAfter(self.backoff(attempt)),
                }
            }
            _ => Decision::Stop,
        }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so
    /// waits grow but clients that failed together do not retry together.
    #[doc(hidden)]
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_delay
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_delay);
        let half = exp / 2;
        half + half.mul_f64(rand::random::<f64>())
    }
}
