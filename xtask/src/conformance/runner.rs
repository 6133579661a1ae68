//! The program that makes the calls: the generated client with its
//! `dispatch` feature, and a `main` that dispatches each sampled call and
//! prints one JSON line per outcome. Built in a workspace of its own under
//! the work directory, with the repository's lock file.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::model::AuthKind;
use openapi_client_gen::{build_model, generate, CrateOptions};
use serde_json::Value;

use super::write;

const CLIENT_NAME: &str = "conformance-client";

/// How one call ended, as the runner reports it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Outcome {
    pub operation: String,
    /// `decoded`, `api` (an error status), `decode`, `refused` (the client's
    /// own validation), `transport` or `other`.
    pub outcome: String,
    pub status: Option<u16>,
    /// Prism's `sl-violations` header, where it sent one.
    pub violations: Option<String>,
    pub message: Option<String>,
    pub body: Option<Value>,
}

impl Outcome {
    /// Why Prism (or the client itself) refused the request, if it did.
    pub fn rejection(&self) -> Option<String> {
        if let Some(violations) = &self.violations {
            return Some(format!("prism: {violations}"));
        }
        let prism_problem = self
            .body
            .as_ref()
            .and_then(|body| body.get("type"))
            .and_then(Value::as_str)
            .is_some_and(|kind| kind.contains("stoplight.io/prism"));
        match (self.outcome.as_str(), self.status) {
            ("refused", _) => Some(format!(
                "refused by the client: {}",
                self.message.as_deref().unwrap_or("")
            )),
            ("api", Some(401)) => Some("401: no credentials Prism accepts".to_owned()),
            ("api", Some(status)) if prism_problem => {
                Some(format!("prism {status}: {}", self.prism_messages()))
            }
            ("transport" | "other", _) => Some(self.message.clone().unwrap_or_default()),
            _ => None,
        }
    }

    /// The violations Prism lists in its problem body, else its `detail`.
    fn prism_messages(&self) -> String {
        let Some(body) = &self.body else {
            return String::new();
        };
        let listed: Vec<&str> = body
            .get("validation")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.get("message").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        if listed.is_empty() {
            body.get("detail")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        } else {
            listed.join("; ")
        }
    }

    /// Why a response that came could not be decoded, if so.
    pub fn decode_failure(&self) -> Option<String> {
        match self.outcome.as_str() {
            "decoded" | "api" => None,
            "decode" => Some(self.message.clone().unwrap_or_default()),
            _ => Some("no response".to_owned()),
        }
    }
}

/// Writes and builds the runner for the document; returns the binary.
pub fn build_runner(root: &Path, work: &Path, document: &str) -> Result<PathBuf, String> {
    let crate_dir = work.join("crate");
    let generated = generate(document, &CrateOptions::new(CLIENT_NAME))
        .map_err(|error| format!("the document does not generate: {error}"))?;
    let _ = std::fs::remove_dir_all(crate_dir.join("client/src"));
    for file in &generated.files {
        write(&crate_dir.join("client").join(&file.path), &file.contents)?;
    }
    let (model, _) = build_model(document).map_err(|error| error.to_string())?;
    write(&crate_dir.join("runner/Cargo.toml"), RUNNER_MANIFEST)?;
    write(
        &crate_dir.join("runner/src/main.rs"),
        &runner_source(&model.auth),
    )?;
    write(
        &crate_dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"runner\"]\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .map_err(|error| format!("cannot copy the lock file: {error}"))?;
    let target = work.join("target");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--package", "conformance-runner"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err("the generated client or its runner does not build".to_owned());
    }
    Ok(target.join("debug/conformance-runner"))
}

/// Runs every call against `base_url`.
pub fn run_calls(runner: &Path, base_url: &str, calls: &Path) -> Result<Vec<Outcome>, String> {
    let output = Command::new(runner)
        .arg(base_url)
        .arg(calls)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", runner.display()))?;
    if !output.status.success() {
        return Err(format!(
            "the runner failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).map_err(|error| format!("runner output `{line}`: {error}"))
        })
        .collect()
}

const RUNNER_MANIFEST: &str = r#"[package]
name = "conformance-runner"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
conformance-client = { path = "../client", features = ["dispatch"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt"] }
"#;

/// Dummy credentials of every scheme the document declares, so that Prism's
/// security checks pass wherever the client applies the scheme.
fn runner_source(schemes: &[openapi_client_gen::model::AuthScheme]) -> String {
    let credentials: String = schemes
        .iter()
        .map(|scheme| match &scheme.kind {
            AuthKind::Basic => format!(
                "        .basic_auth({:?}, \"conformance\", Some(\"secret\".to_owned()))\n",
                scheme.name
            ),
            AuthKind::ApiKeyHeader(_) | AuthKind::ApiKeyQuery(_) | AuthKind::ApiKeyCookie(_) => {
                format!("        .api_key({:?}, \"conformance-key\")\n", scheme.name)
            }
            AuthKind::Bearer | AuthKind::OAuth2ClientCredentials { .. } => String::new(),
        })
        .collect();
    RUNNER_MAIN.replace("        .CREDENTIALS\n", &credentials)
}

const RUNNER_MAIN: &str = r#"//! Dispatches each sampled call and prints how it ended, one JSON line each.

use conformance_client::runtime::Error;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut arguments = std::env::args().skip(1);
    let base_url = arguments.next().expect("base URL argument");
    let calls_path = arguments.next().expect("calls file argument");
    let calls: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(calls_path).expect("calls file"))
            .expect("calls are JSON");
    let client = conformance_client::Client::builder()
        .base_url(base_url)
        .bearer_token("conformance-token")
        .CREDENTIALS
        .retry_policy(conformance_client::RetryPolicy::none())
        .build()
        .expect("client builds");
    for call in calls {
        let operation = call["operation"].as_str().unwrap_or_default().to_owned();
        let line = match client.dispatch(&operation, call["arguments"].clone()).await {
            Ok(response) => serde_json::json!({
                "operation": operation, "outcome": "decoded", "status": response.status,
            }),
            Err(error) => {
                let outcome = match &error {
                    Error::Api(_) => "api",
                    Error::Decode { .. } => "decode",
                    Error::InvalidRequest { .. } => "refused",
                    Error::Transport { .. } => "transport",
                    _ => "other",
                };
                let violations = match &error {
                    Error::Api(api) => api
                        .headers
                        .get("sl-violations")
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned),
                    _ => None,
                };
                serde_json::json!({
                    "operation": operation,
                    "outcome": outcome,
                    "status": error.status().map(|status| status.as_u16()),
                    "violations": violations,
                    "message": error.to_string(),
                    "body": error.error_body(),
                })
            }
        };
        println!("{line}");
    }
}
"#;
