//! `cargo xtask conformance --spec FILE [--rounds N]`: every operation of a
//! document called through the generated client (its `dispatch` feature)
//! against Prism, an independent mock server that serves the same document,
//! rejects requests that break it and answers with data from its schemas.
//! The arguments are sampled from the document itself (`sample.rs`), not
//! from the generated types, so a misreading of the document by the
//! generator shows up as a rejected request or an undecodable response.

mod prism;
mod runner;
pub mod sample;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use prism::{install_prism, Prism, PrismMode};
use runner::{build_runner, run_calls, Outcome};

/// Parsed command-line options.
struct Options {
    spec: PathBuf,
    rounds: usize,
}

fn parse_options(arguments: &[String]) -> Result<Options, String> {
    let mut spec = None;
    let mut rounds = 1;
    let mut arguments = arguments.iter();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--spec" => spec = arguments.next().map(PathBuf::from),
            "--rounds" => {
                rounds = arguments
                    .next()
                    .and_then(|value| value.parse().ok())
                    .ok_or("--rounds takes a number")?;
            }
            other => return Err(format!("unknown conformance option `{other}`")),
        }
    }
    let spec = spec.ok_or("conformance needs --spec FILE")?;
    Ok(Options { spec, rounds })
}

pub fn conformance(root: &Path, arguments: &[String]) -> Result<(), String> {
    let options = parse_options(arguments)?;
    let spec = root.join(&options.spec);
    let text = std::fs::read_to_string(&spec)
        .map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
    let document: Value = openapi_client_gen::load::parse_text(&text)
        .map_err(|error| format!("{}: {error}", spec.display()))?;
    let calls = sample::calls(&document);
    if calls.is_empty() {
        // Prism refuses a document without operations; there is nothing to call.
        println!("conformance: accepted 0/0, decoded 0/0 operations");
        return Ok(());
    }
    let work = conformance_dir(root);
    let prism_bin = install_prism(&work)?;
    let runner = build_runner(root, &work, &text)?;
    let calls_path = work.join("calls.json");
    write(
        &calls_path,
        &serde_json::to_string_pretty(&calls).unwrap_or_default(),
    )?;
    let mut results: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    let modes = std::iter::once(PrismMode::Examples)
        .chain(std::iter::repeat_n(PrismMode::Dynamic, options.rounds));
    for mode in modes {
        // The server stops when `prism` is dropped, on success and on error.
        let prism = Prism::start(&prism_bin, &spec, mode, &work.join("prism.log"))?;
        for outcome in run_calls(&runner, &prism.base_url(), &calls_path)? {
            results
                .entry(outcome.operation.clone())
                .or_default()
                .push(outcome);
        }
    }
    report(&calls, &results)
}

fn report(calls: &[sample::Call], results: &BTreeMap<String, Vec<Outcome>>) -> Result<(), String> {
    let (mut accepted, mut decoded) = (0, 0);
    println!(
        "{:<44} {:<9} {:<8} reason",
        "operation", "accepted", "decoded"
    );
    for call in calls {
        let outcomes = results
            .get(&call.operation)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let rejection = outcomes.iter().find_map(Outcome::rejection);
        let failure = outcomes.iter().find_map(Outcome::decode_failure);
        accepted += usize::from(rejection.is_none() && !outcomes.is_empty());
        decoded += usize::from(failure.is_none() && !outcomes.is_empty());
        let reason = rejection.clone().or(failure.clone()).unwrap_or_default();
        println!(
            "{:<44} {:<9} {:<8} {}",
            call.operation,
            yes_no(rejection.is_none()),
            yes_no(failure.is_none()),
            reason
        );
    }
    let total = calls.len();
    println!("conformance: accepted {accepted}/{total}, decoded {decoded}/{total} operations");
    if accepted == total && decoded == total {
        Ok(())
    } else {
        Err("some operations did not conform; see the table".to_owned())
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn conformance_dir(root: &Path) -> PathBuf {
    crate::client_files::target_dir(root).join("conformance")
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_need_a_spec() {
        let strings = |items: &[&str]| {
            items
                .iter()
                .map(|item| (*item).to_owned())
                .collect::<Vec<_>>()
        };
        assert!(parse_options(&[]).is_err());
        let options = parse_options(&strings(&["--spec", "a.json", "--rounds", "3"])).unwrap();
        assert_eq!((options.spec, options.rounds), (PathBuf::from("a.json"), 3));
    }
}
