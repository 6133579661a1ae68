//! `cargo xtask diff-spec OLD NEW [--format text|markdown|json]`: the API
//! change between two versions of the spec, and the version bump it needs.

use std::path::Path;

use openapi_client_gen::diff::{diff_models, render_json, render_markdown, render_text, ApiDiff};
use openapi_client_gen::model::KeptNames;

use crate::client_files::{current_version, workspace_root, CLIENT_DIR, CRATE_NAME};
use crate::semver_check;

/// The change from the spec text `old` to `new`, both read with the type
/// names `kept` (those of the committed client, or none for two documents
/// never generated), and the new one also with the old one's, as its
/// generation keeps them.
pub fn diff_texts(old: &str, new: &str, kept: &KeptNames) -> Result<ApiDiff, String> {
    let (old_model, _) = openapi_client_gen::build_model_keeping_names(old, kept)
        .map_err(|error| format!("old spec: {error}"))?;
    let (new_model, _) =
        openapi_client_gen::build_model_keeping_names(new, &KeptNames::of(&old_model))
            .map_err(|error| format!("new spec: {error}"))?;
    Ok(diff_models(&old_model, &new_model))
}

pub fn diff_spec(arguments: &[String]) -> Result<(), String> {
    let mut paths = Vec::new();
    let mut format = "text".to_owned();
    let mut rust_check = true;
    let mut rest = arguments.iter();
    while let Some(argument) = rest.next() {
        match argument.as_str() {
            "--format" => {
                format = rest
                    .next()
                    .cloned()
                    .ok_or("--format needs text, markdown or json")?
            }
            "--no-semver-check" => rust_check = false,
            other => paths.push(other.to_owned()),
        }
    }
    let [old, new] = paths.as_slice() else {
        return Err(
            "usage: cargo xtask diff-spec OLD NEW [--format text|markdown|json] [--no-semver-check]"
                .to_owned(),
        );
    };
    if !["text", "markdown", "json"].contains(&format.as_str()) {
        return Err(format!(
            "unknown format `{format}`: use text, markdown or json"
        ));
    }
    let (old, new) = (read(old)?, read(new)?);
    let mut diff = diff_texts(&old, &new, &KeptNames::default())?;
    if rust_check {
        if semver_check::installed() {
            let verdict =
                semver_check::compare_documents(&workspace_root(), "diff-spec", &old, &new)?;
            diff = diff.with_rust_api(verdict.into_report_verdict());
        } else {
            eprintln!(
                "note: the Rust API change is not checked: cargo-semver-checks {version} is not \
                 installed (cargo install --locked cargo-semver-checks@{version})",
                version = semver_check::VERSION
            );
        }
    }
    let version = current_version(&workspace_root().join(CLIENT_DIR));
    let report = match format.as_str() {
        "text" => render_text(&diff, CRATE_NAME, &version),
        "markdown" => render_markdown(&diff, CRATE_NAME, &version),
        "json" => render_json(&diff, CRATE_NAME, &version)
            .map_err(|error| format!("cannot write the JSON report: {error}"))?,
        other => {
            return Err(format!(
                "unknown format `{other}`: use text, markdown or json"
            ))
        }
    };
    print!("{report}");
    Ok(())
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(Path::new(path)).map_err(|error| format!("cannot read {path}: {error}"))
}
