//! Settings for some calls only: extra headers, a timeout, an idempotency key.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::retry::IDEMPOTENCY_KEY;

/// What [`Client::with_options`](super::Client::with_options) applies to every
/// call made through the client it returns.
///
/// ```ignore
/// let response = client
///     .with_options(CallOptions::new().header("x-request-id", "r-42").timeout(Duration::from_secs(5)))
///     .some_operation(..)
///     .await?;
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Option<Duration>,
    /// A header that could not be encoded: every call through these options
    /// fails with it as [`Error::InvalidRequest`](super::Error::InvalidRequest).
    pub(crate) invalid: Option<String>,
}

impl CallOptions {
    /// No extra headers, the client's own timeouts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `name: value` with each call, replacing a value the operation
    /// itself would set for that header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let header_name = HeaderName::try_from(name);
        let header_value = HeaderValue::try_from(value);
        match (header_name, header_value) {
            (Ok(header_name), Ok(header_value)) => {
                self.headers.append(header_name, header_value);
            }
            _ => {
                self.invalid
                    .get_or_insert_with(|| format!("`{name}` is not a valid header name, or its value is not a valid header value"));
            }
        }
        self
    }

    /// Sends a header whose value is kept out of logs and `Debug` output
    /// (an API key, a signature).
    pub fn sensitive_header(mut self, name: &str, value: &str) -> Self {
        self = self.header(name, value);
        if let Ok(header_name) = HeaderName::try_from(name) {
            if let reqwest::header::Entry::Occupied(mut entry) = self.headers.entry(header_name) {
                for value in entry.iter_mut() {
                    value.set_sensitive(true);
                }
            }
        }
        self
    }

    /// Limits each call, from connecting to the last body byte, to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `Idempotency-Key: key`: the server runs a repeated request once,
    /// so the client's retry policy may repeat POST and PATCH calls too.
    pub fn idempotency_key(self, key: &str) -> Self {
        self.header(IDEMPOTENCY_KEY, key)
    }

    /// These options, then `later`'s on top (its headers replace these of the
    /// same name; its timeout, if set, replaces this one).
    pub(crate) fn merged_with(&self, later: CallOptions) -> CallOptions {
        let mut merged = self.clone();
        for name in later.headers.keys() {
            merged.headers.remove(name);
        }
        for (name, value) in &later.headers {
            merged.headers.append(name, value.clone());
        }
        merged.timeout = later.timeout.or(merged.timeout);
        merged.invalid = merged.invalid.or(later.invalid);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_options_replace_headers_of_the_same_name() {
        let first = CallOptions::new()
            .header("x-a", "1")
            .header("x-b", "1")
            .timeout(Duration::from_secs(1));
        let merged = first.merged_with(CallOptions::new().header("x-a", "2"));
        assert_eq!(merged.headers["x-a"], "2");
        assert_eq!(merged.headers["x-b"], "1");
        assert_eq!(merged.timeout, Some(Duration::from_secs(1)));
    }

    #[test]
    fn an_unencodable_header_is_remembered_not_dropped() {
        let options = CallOptions::new().header("x-a", "line\nbreak");
        assert!(options.invalid.unwrap().contains("`x-a`"));
    }

    #[test]
    fn sensitive_headers_are_marked() {
        let options = CallOptions::new().sensitive_header("x-api-key", "secret");
        assert!(options.headers["x-api-key"].is_sensitive());
    }
}
