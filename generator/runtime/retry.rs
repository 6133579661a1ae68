//! When and how long to wait before trying a request again, applied as the
//! outermost layer of the client's middleware stack.
//!
//! Only failures that say nothing about the request itself are retried:
//! connection errors and 429, 502, 503, 504. Methods that are not idempotent
//! (POST, PATCH) are retried only when the caller opts in or the request
//! carries an `Idempotency-Key`, since the first attempt may have taken effect.
//!
//! `reqwest-retry` is not used: it ignores `Retry-After`, retries every 5xx
//! whatever the method, and gives up on a request whose body is a stream
//! without saying so.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, Request, Response, StatusCode};
use reqwest_middleware::{Middleware, Next};

/// The header that makes a non-idempotent request safe to repeat
/// (draft-ietf-httpapi-idempotency-key-header).
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Retry settings of a [`Client`](super::Client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Longest single wait, also the cap on an honoured `Retry-After`.
    pub max_backoff: Duration,
    /// No retry starts after this much time has passed since the first attempt.
    pub max_elapsed: Duration,
    /// Also retry POST and PATCH (only if the API makes them safe to repeat).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    pub(crate) fn allows_method(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || matches!(
                *method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
            )
    }

    /// The wait before attempt `attempt + 1`: `Retry-After` when the server sent
    /// one, otherwise exponential backoff with jitter, never above `max_backoff`.
    pub(crate) fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(wait) = headers.and_then(retry_after) {
            return wait.min(self.max_backoff);
        }
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let capped = exponential.min(self.max_backoff);
        // Full jitter halves synchronised retries from many clients.
        capped / 2 + capped.mul_f64(jitter_fraction() / 2.0)
    }
}

/// The [`RetryPolicy`] as a middleware layer. A request whose body is a
/// stream cannot be copied, so it is sent once whatever the policy says.
#[derive(Debug)]
pub(crate) struct RetryLayer {
    pub(crate) policy: RetryPolicy,
}

#[async_trait::async_trait]
impl Middleware for RetryLayer {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let policy = &self.policy;
        let method_allows_retry = policy.allows_method(request.method())
            || request.headers().contains_key(IDEMPOTENCY_KEY);
        let started = Instant::now();
        let mut pending = request;
        let mut attempt = 1;
        loop {
            tracing::Span::current().record("attempt", attempt);
            let spare = method_allows_retry
                .then(|| pending.try_clone())
                .flatten();
            let may_retry = |delay: Duration| {
                attempt < policy.max_attempts && started.elapsed() + delay <= policy.max_elapsed
            };
            let outcome = next.clone().run(pending, &mut *extensions).await;
            let delay = match &outcome {
                Ok(response) if is_retryable_status(response.status()) => {
                    policy.delay(attempt, Some(response.headers()))
                }
                Err(reqwest_middleware::Error::Reqwest(error)) if error.is_connect() => {
                    policy.delay(attempt, None)
                }
                _ => return outcome,
            };
            let Some(copy) = spare.filter(|_| may_retry(delay)) else {
                return outcome;
            };
            tracing::debug!(attempt, ?delay, "retrying");
            tokio::time::sleep(delay).await;
            pending = copy;
            attempt += 1;
        }
    }
}

/// Whether a response status is worth another attempt.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 10.2.3).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A number in [0, 1) that differs between calls, without a random crate.
fn jitter_fraction() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers_with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(
            retry_after(&headers_with_retry_after("7")),
            Some(Duration::from_secs(7))
        );
        let soon = SystemTime::now() + Duration::from_secs(120);
        let parsed =
            retry_after(&headers_with_retry_after(&httpdate::fmt_http_date(soon))).unwrap();
        assert!(
            parsed > Duration::from_secs(110) && parsed <= Duration::from_secs(120),
            "{parsed:?}"
        );
        assert_eq!(retry_after(&headers_with_retry_after("soon")), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let delay = policy.delay(attempt, None);
            let ceiling = (policy.initial_backoff * 2u32.pow(attempt - 1)).min(policy.max_backoff);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "attempt {attempt}: {delay:?}"
            );
        }
        let headers = headers_with_retry_after("3600");
        assert_eq!(policy.delay(1, Some(&headers)), policy.max_backoff);
    }

    #[test]
    fn only_idempotent_methods_unless_opted_in() {
        let policy = RetryPolicy::default();
        assert!(policy.allows_method(&Method::GET) && policy.allows_method(&Method::DELETE));
        assert!(!policy.allows_method(&Method::POST) && !policy.allows_method(&Method::PATCH));
        let opted_in = RetryPolicy {
            retry_non_idempotent: true,
            ..RetryPolicy::default()
        };
        assert!(opted_in.allows_method(&Method::POST));
    }
}
