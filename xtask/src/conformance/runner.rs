//! The program that makes the calls: the generated clients with their
//! `dispatch` feature, and a `main` that picks one by name, dispatches each
//! sampled call and prints one JSON line per outcome. Built in a workspace of
//! its own under the work directory, with the repository's lock file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::model::{AuthKind, AuthScheme};
use openapi_client_gen::{build_model, generate, CrateOptions};
use serde_json::Value;

use super::write;

/// How one call ended, as the runner reports it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Outcome {
    pub operation: String,
    /// `decoded`, `api` (an error status), `decode`, `refused` (the client's
    /// own validation), `transport` or `other`; `prism-crashed` is added by
    /// the caller for the request Prism stopped on.
    pub outcome: String,
    pub status: Option<u16>,
    /// Prism's `sl-violations` header, where it sent one.
    pub violations: Option<String>,
    pub message: Option<String>,
    pub body: Option<Value>,
}

impl Outcome {
    /// The call on which Prism stopped answering (the runner saw only a
    /// refused connection); `error` is the last error in Prism's log.
    pub fn prism_crashed(operation: &str, error: String) -> Self {
        Self {
            operation: operation.to_owned(),
            outcome: "prism-crashed".to_owned(),
            status: None,
            violations: None,
            message: Some(format!("Prism stopped on this request: {error}")),
            body: None,
        }
    }
}

/// A generated client the runner calls: its package name and document.
pub struct RunnerClient {
    /// Cargo package name, unique in the runner's workspace.
    pub package: String,
    pub document: String,
}

/// Writes and builds one runner for all `clients` (one workspace, so their
/// dependencies build once); returns the binary. A client whose document
/// does not generate is left out, with its error, keyed by package name.
pub fn build_runner(
    root: &Path,
    work: &Path,
    clients: &[RunnerClient],
) -> Result<(PathBuf, BTreeMap<String, String>), String> {
    let crate_dir = work.join("crate");
    let _ = std::fs::remove_dir_all(crate_dir.join("clients"));
    let mut not_generated = BTreeMap::new();
    let mut built = Vec::new();
    for client in clients {
        let generated = generate(&client.document, &CrateOptions::new(client.package.clone()))
            .and_then(|generated| Ok((generated, build_model(&client.document)?.0)));
        match generated {
            Ok((generated, model)) => {
                for file in &generated.files {
                    write(
                        &crate_dir
                            .join("clients")
                            .join(&client.package)
                            .join(&file.path),
                        &file.contents,
                    )?;
                }
                built.push((client.package.clone(), model.auth));
            }
            Err(error) => {
                not_generated.insert(client.package.clone(), error.to_string());
            }
        }
    }
    write(
        &crate_dir.join("runner/Cargo.toml"),
        &runner_manifest(&built),
    )?;
    write(
        &crate_dir.join("runner/src/main.rs"),
        &runner_source(&built),
    )?;
    let members: Vec<String> = std::iter::once("\"runner\"".to_owned())
        .chain(
            built
                .iter()
                .map(|(package, _)| format!("\"clients/{package}\"")),
        )
        .collect();
    write(
        &crate_dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
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
        return Err("a generated client or the runner does not build".to_owned());
    }
    Ok((target.join("debug/conformance-runner"), not_generated))
}

/// Runs every call against `base_url`.
pub fn run_calls(
    runner: &Path,
    package: &str,
    base_url: &str,
    calls: &Path,
) -> Result<Vec<Outcome>, String> {
    let output = Command::new(runner)
        .arg(package)
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

fn runner_manifest(clients: &[(String, Vec<AuthScheme>)]) -> String {
    let dependencies: String = clients
        .iter()
        .map(|(package, _)| {
            format!(
                "{package} = {{ path = \"../clients/{package}\", features = [\"dispatch\"] }}\n"
            )
        })
        .collect();
    format!(
        r#"[package]
name = "conformance-runner"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt"] }}
{dependencies}"#
    )
}

/// `main` picks the client by package name; each client gets a function
/// with dummy credentials of every scheme its document declares, so that
/// Prism's security checks pass wherever the client applies the scheme.
fn runner_source(clients: &[(String, Vec<AuthScheme>)]) -> String {
    let arms: String = clients
        .iter()
        .map(|(package, _)| {
            format!(
                "        {package:?} => {}(&base_url, calls).await,\n",
                package.replace('-', "_")
            )
        })
        .collect();
    let functions: String = clients
        .iter()
        .map(|(package, schemes)| {
            RUN_CLIENT
                .replace("CLIENT", &package.replace('-', "_"))
                .replace("        .CREDENTIALS\n", &credentials(schemes))
        })
        .collect();
    RUNNER_MAIN.replace("        // ARMS\n", &arms) + &functions
}

fn credentials(schemes: &[AuthScheme]) -> String {
    schemes
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
        .collect()
}

const RUNNER_MAIN: &str = r#"//! Dispatches each sampled call and prints how it ended, one JSON line each.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut arguments = std::env::args().skip(1);
    let client = arguments.next().expect("client package argument");
    let base_url = arguments.next().expect("base URL argument");
    let calls_path = arguments.next().expect("calls file argument");
    let calls: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(calls_path).expect("calls file"))
            .expect("calls are JSON");
    match client.as_str() {
        // ARMS
        other => panic!("no client {other}"),
    }
}
"#;

/// One client's calls; `CLIENT` is its crate name.
const RUN_CLIENT: &str = r#"
async fn CLIENT(base_url: &str, calls: Vec<serde_json::Value>) {
    use CLIENT::runtime::Error;
    let client = CLIENT::Client::builder()
        .base_url(base_url)
        .bearer_token("conformance-token")
        .CREDENTIALS
        .retry_policy(CLIENT::RetryPolicy::none())
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
