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
use runner::{build_runner, run_calls, Outcome, RunnerClient};

/// Parsed command-line options.
struct Options {
    target: Target,
    rounds: usize,
}

/// What to call: one document, or every document of the oas-examples corpus.
#[derive(Debug, PartialEq)]
enum Target {
    Spec(PathBuf),
    Corpus { only: Option<String> },
}

fn parse_options(arguments: &[String]) -> Result<Options, String> {
    let mut spec = None;
    let mut corpus = false;
    let mut only = None;
    let mut rounds = 1;
    let mut arguments = arguments.iter();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--spec" => spec = arguments.next().map(PathBuf::from),
            "--corpus" => corpus = true,
            "--only" => only = Some(arguments.next().ok_or("--only takes a regex")?.clone()),
            "--rounds" => {
                rounds = arguments
                    .next()
                    .and_then(|value| value.parse().ok())
                    .ok_or("--rounds takes a number")?;
            }
            other => return Err(format!("unknown conformance option `{other}`")),
        }
    }
    let target = match (spec, corpus) {
        (Some(spec), false) => Target::Spec(spec),
        (None, true) => Target::Corpus { only },
        _ => return Err("conformance needs --spec FILE or --corpus".to_owned()),
    };
    Ok(Options { target, rounds })
}

/// One document to call: where it is, its parsed tree and its sampled calls.
struct Subject {
    /// The document's name in reports.
    name: String,
    path: PathBuf,
    text: String,
    calls: Vec<sample::Call>,
    /// The runner's name for its client.
    package: String,
}

impl Subject {
    fn read(name: String, path: PathBuf, package: String) -> Result<Self, String> {
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let document: Value = openapi_client_gen::load::parse_text(&text)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let calls = sample::calls(&document);
        Ok(Self {
            name,
            path,
            text,
            calls,
            package,
        })
    }
}

/// How every operation of one document fared.
struct DocumentResult {
    /// Why the document could not be called at all, if so.
    unusable: Option<String>,
    operations: Vec<OperationResult>,
}

struct OperationResult {
    operation: String,
    /// Why Prism or the client refused the request, if either did.
    rejection: Option<String>,
    /// Why the response did not decode (or never came), if so.
    failure: Option<String>,
}

impl OperationResult {
    fn accepted(&self) -> bool {
        self.rejection.is_none()
    }
    fn decoded(&self) -> bool {
        self.failure.is_none()
    }
}

pub fn conformance(root: &Path, arguments: &[String]) -> Result<(), String> {
    let options = parse_options(arguments)?;
    let work = conformance_dir(root);
    let subjects = match &options.target {
        Target::Spec(spec) => vec![Subject::read(
            spec.display().to_string(),
            root.join(spec),
            "conformance-client".to_owned(),
        )?],
        Target::Corpus { only } => corpus_subjects(only.as_deref())?,
    };
    let subjects: Vec<Subject> = subjects
        .into_iter()
        .filter(|subject| !subject.calls.is_empty())
        .collect();
    if subjects.is_empty() {
        // Prism refuses a document without operations; there is nothing to call.
        println!("conformance: accepted 0/0, decoded 0/0 operations");
        return Ok(());
    }
    let prism_bin = install_prism(&work)?;
    let clients: Vec<RunnerClient> = subjects
        .iter()
        .map(|subject| RunnerClient {
            package: subject.package.clone(),
            document: subject.text.clone(),
        })
        .collect();
    let (runner, not_generated) = build_runner(root, &work, &clients)?;
    let results: Vec<DocumentResult> = subjects
        .iter()
        .map(|subject| match not_generated.get(&subject.package) {
            Some(error) => DocumentResult::unusable(subject, format!("does not generate: {error}")),
            None => call_document(&prism_bin, &runner, &work, subject, options.rounds),
        })
        .collect();
    match options.target {
        Target::Spec(_) => report_operations(&results[0]),
        Target::Corpus { .. } => report_corpus(&subjects, &results),
    }
}

/// The oas-examples documents (the same pinned package `cargo xtask corpus` uses).
fn corpus_subjects(only: Option<&str>) -> Result<Vec<Subject>, String> {
    let package = crate::corpus::unpack(&crate::corpus::work_dir(), crate::corpus::PACKAGE)?;
    let only = only
        .map(regex::Regex::new)
        .transpose()
        .map_err(|error| format!("--only: {error}"))?;
    crate::corpus::documents(&package)
        .into_iter()
        .filter(|document| only.as_ref().is_none_or(|only| only.is_match(document)))
        .map(|document| {
            let package_name = crate::corpus::crate_name(&document);
            Subject::read(document.clone(), package.join(&document), package_name)
        })
        .collect()
}

/// Calls every operation of one document: one round against Prism serving
/// the document's examples, then `rounds` against random data.
fn call_document(
    prism_bin: &Path,
    runner: &Path,
    work: &Path,
    subject: &Subject,
    rounds: usize,
) -> DocumentResult {
    let calls_path = work.join("calls.json");
    if let Err(error) = write(
        &calls_path,
        &serde_json::to_string_pretty(&subject.calls).unwrap_or_default(),
    ) {
        return DocumentResult::unusable(subject, error);
    }
    let mut outcomes: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    let modes =
        std::iter::once(PrismMode::Examples).chain(std::iter::repeat_n(PrismMode::Dynamic, rounds));
    for mode in modes {
        // The server stops when `prism` is dropped, on success and on error.
        let round = Prism::start(prism_bin, &subject.path, mode, &work.join("prism.log"))
            .map_err(|error| format!("Prism cannot serve it: {error}"))
            .and_then(|prism| run_calls(runner, &subject.package, &prism.base_url(), &calls_path));
        match round {
            Ok(round) => {
                for outcome in round {
                    outcomes
                        .entry(outcome.operation.clone())
                        .or_default()
                        .push(outcome);
                }
            }
            Err(error) => return DocumentResult::unusable(subject, error),
        }
    }
    let operations = subject
        .calls
        .iter()
        .map(|call| {
            let outcomes = outcomes
                .get(&call.operation)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let called = !outcomes.is_empty();
            OperationResult {
                operation: call.operation.clone(),
                rejection: outcomes
                    .iter()
                    .find_map(Outcome::rejection)
                    .or_else(|| (!called).then(|| "not called".to_owned())),
                failure: outcomes
                    .iter()
                    .find_map(Outcome::decode_failure)
                    .or_else(|| (!called).then(|| "not called".to_owned())),
            }
        })
        .collect();
    DocumentResult {
        unusable: None,
        operations,
    }
}

impl DocumentResult {
    /// Every operation counted as failed, for the reason the document failed.
    fn unusable(subject: &Subject, reason: String) -> Self {
        Self {
            unusable: Some(reason),
            operations: subject
                .calls
                .iter()
                .map(|call| OperationResult {
                    operation: call.operation.clone(),
                    rejection: Some("not called".to_owned()),
                    failure: Some("not called".to_owned()),
                })
                .collect(),
        }
    }

    fn counts(&self) -> (usize, usize, usize) {
        let accepted = self.operations.iter().filter(|op| op.accepted()).count();
        let decoded = self.operations.iter().filter(|op| op.decoded()).count();
        (accepted, decoded, self.operations.len())
    }
}

fn report_operations(result: &DocumentResult) -> Result<(), String> {
    if let Some(reason) = &result.unusable {
        return Err(reason.clone());
    }
    println!(
        "{:<44} {:<9} {:<8} reason",
        "operation", "accepted", "decoded"
    );
    for operation in &result.operations {
        let reason = operation
            .rejection
            .clone()
            .or(operation.failure.clone())
            .unwrap_or_default();
        println!(
            "{:<44} {:<9} {:<8} {}",
            operation.operation,
            yes_no(operation.accepted()),
            yes_no(operation.decoded()),
            reason
        );
    }
    let (accepted, decoded, total) = result.counts();
    println!("conformance: accepted {accepted}/{total}, decoded {decoded}/{total} operations");
    if accepted == total && decoded == total {
        Ok(())
    } else {
        Err("some operations did not conform; see the table".to_owned())
    }
}

/// The share of the corpus's operations that must be accepted and decoded.
const CORPUS_TARGET: f64 = 0.95;

/// One line per document, the failing operations under it, and the totals.
/// Documents Prism cannot serve are listed and counted apart: they say
/// nothing about the client.
fn report_corpus(subjects: &[Subject], results: &[DocumentResult]) -> Result<(), String> {
    let (mut accepted, mut decoded, mut total) = (0, 0, 0);
    let mut unserved = 0;
    println!("{:<58} {:>10} {:>9}", "document", "accepted", "decoded");
    for (subject, result) in subjects.iter().zip(results) {
        if let Some(reason) = &result.unusable {
            unserved += usize::from(reason.starts_with("Prism cannot serve"));
            println!("{:<58} {}", subject.name, first_line(reason));
            if !reason.starts_with("Prism cannot serve") {
                total += result.operations.len();
            }
            continue;
        }
        let (document_accepted, document_decoded, count) = result.counts();
        accepted += document_accepted;
        decoded += document_decoded;
        total += count;
        println!(
            "{:<58} {:>10} {:>9}",
            subject.name,
            format!("{document_accepted}/{count}"),
            format!("{document_decoded}/{count}")
        );
        for operation in &result.operations {
            if let Some(reason) = operation.rejection.as_ref().or(operation.failure.as_ref()) {
                println!("    {}: {}", operation.operation, first_line(reason));
            }
        }
    }
    let served = subjects.len() - unserved;
    println!(
        "conformance: accepted {accepted}/{total}, decoded {decoded}/{total} operations \
         ({served} documents; {unserved} Prism cannot serve)"
    );
    let share = |count: usize| count as f64 / total.max(1) as f64;
    if share(accepted) >= CORPUS_TARGET && share(decoded) >= CORPUS_TARGET {
        Ok(())
    } else {
        Err(format!(
            "below the target of {:.0} % accepted and decoded",
            CORPUS_TARGET * 100.0
        ))
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
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
        assert!(parse_options(&strings(&["--spec", "a.json", "--corpus"])).is_err());
        let options = parse_options(&strings(&["--spec", "a.json", "--rounds", "3"])).unwrap();
        assert_eq!(
            (options.target, options.rounds),
            (Target::Spec(PathBuf::from("a.json")), 3)
        );
        let options = parse_options(&strings(&["--corpus", "--only", "petstore"])).unwrap();
        assert_eq!(
            options.target,
            Target::Corpus {
                only: Some("petstore".to_owned())
            }
        );
    }
}
