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
mod verdict;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use prism::{install_prism, Prism, PrismMode};
use runner::{build_runner, run_calls, Outcome, RunnerClient};
use verdict::{combine, judge, RequestVerdict, ResponseVerdict};

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
        let calls = sample::Sampler::new(&document).calls();
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
    request: RequestVerdict,
    response: ResponseVerdict,
    /// What the sampler's own check found wrong with its arguments.
    unsatisfied: Vec<String>,
}

impl OperationResult {
    fn accepted(&self) -> bool {
        self.request == RequestVerdict::Accepted
    }
    fn decoded(&self) -> bool {
        self.response == ResponseVerdict::Decoded
    }
    fn refused_by_client(&self) -> bool {
        matches!(self.request, RequestVerdict::RefusedByClient(_))
    }
    /// Prism failed on the request: it says nothing about the client.
    fn prism_failed(&self) -> bool {
        matches!(self.request, RequestVerdict::PrismFailed(_))
    }
    /// The request passed but Prism had no response to give.
    fn without_response(&self) -> bool {
        matches!(self.response, ResponseVerdict::NoResponse(_))
    }
    /// Refused, and the independent validator had already found the sampled
    /// arguments invalid: the sampler found no value the document accepts
    /// (a `oneOf` whose branches overlap, an `allOf` of a string and an
    /// integer, a schema that requires itself).
    fn without_valid_arguments(&self) -> bool {
        !self.unsatisfied.is_empty()
            && matches!(
                self.request,
                RequestVerdict::Rejected(_) | RequestVerdict::RefusedByClient(_)
            )
    }

    /// Why the operation is not accepted and decoded, if it is not.
    fn reason(&self) -> Option<String> {
        let reason = match (&self.request, &self.response) {
            (RequestVerdict::Accepted, ResponseVerdict::Decoded) => return None,
            (RequestVerdict::Accepted, ResponseVerdict::Failed(why)) => why.clone(),
            (RequestVerdict::Accepted, ResponseVerdict::NoResponse(why)) => {
                format!("no response to decode: prism 500: {why}")
            }
            (RequestVerdict::Accepted, ResponseVerdict::NotTested) => "no response".to_owned(),
            (RequestVerdict::Rejected(why), _) => why.clone(),
            (RequestVerdict::RefusedByClient(why), _) => format!("refused by the client: {why}"),
            (RequestVerdict::PrismFailed(why), _) => why.clone(),
            (RequestVerdict::Unanswered(why), _) => why.clone(),
        };
        Some(match self.unsatisfied.first() {
            Some(note) if !self.accepted() => {
                format!("{reason} [the sampled value breaks the schema: {note}]")
            }
            _ => reason,
        })
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
    let mut outcomes: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    let modes =
        std::iter::once(PrismMode::Examples).chain(std::iter::repeat_n(PrismMode::Dynamic, rounds));
    for mode in modes {
        match run_round(prism_bin, runner, work, subject, mode) {
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
            let (request, response) = combine(outcomes.iter().map(judge));
            OperationResult {
                operation: call.operation.clone(),
                request,
                response,
                unsatisfied: call.unsatisfied.clone(),
            }
        })
        .collect();
    DocumentResult {
        unusable: None,
        operations,
    }
}

/// Every call once against one Prism. Prism crashes on some requests; the
/// request it stopped on is reported as such, and the calls after it go to
/// a fresh Prism, so that one crash does not take the rest of the document
/// with it. The server stops when `prism` is dropped, on success and error.
fn run_round(
    prism_bin: &Path,
    runner: &Path,
    work: &Path,
    subject: &Subject,
    mode: PrismMode,
) -> Result<Vec<Outcome>, String> {
    let calls_path = work.join("calls.json");
    let mut outcomes = Vec::new();
    let mut remaining = subject.calls.as_slice();
    while !remaining.is_empty() {
        let mut prism = Prism::start(prism_bin, &subject.path, mode, &work.join("prism.log"))
            .map_err(|error| format!("Prism cannot serve it: {error}"))?;
        let calls = serde_json::to_string_pretty(remaining)
            .map_err(|error| format!("cannot write the calls: {error}"))?;
        write(&calls_path, &calls)?;
        let mut round = run_calls(runner, &subject.package, &prism.base_url(), &calls_path)?;
        let stopped_at = prism
            .has_exited()
            .then(|| {
                round
                    .iter()
                    .position(|outcome| outcome.outcome == "transport")
            })
            .flatten();
        let Some(stopped_at) = stopped_at else {
            outcomes.append(&mut round);
            break;
        };
        round.truncate(stopped_at);
        outcomes.append(&mut round);
        outcomes.push(Outcome::prism_crashed(
            &remaining[stopped_at].operation,
            prism.last_error(),
        ));
        remaining = &remaining[stopped_at + 1..];
    }
    Ok(outcomes)
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
                    request: RequestVerdict::Unanswered("not called".to_owned()),
                    response: ResponseVerdict::NotTested,
                    unsatisfied: Vec::new(),
                })
                .collect(),
        }
    }
}

/// What the corpus target is measured on.
struct Shares {
    accepted: f64,
    judged: usize,
    decoded: f64,
    decodable: usize,
}

impl Shares {
    fn meet(&self, target: f64) -> bool {
        self.accepted >= target && self.decoded >= target
    }
}

/// Operation counts over one document or the corpus.
#[derive(Default)]
struct Tally {
    total: usize,
    accepted: usize,
    decoded: usize,
    refused_by_client: usize,
    prism_failed: usize,
    without_response: usize,
    without_valid_arguments: usize,
}

impl Tally {
    fn add(&mut self, operations: &[OperationResult]) {
        for operation in operations {
            self.total += 1;
            self.accepted += usize::from(operation.accepted());
            self.refused_by_client += usize::from(operation.refused_by_client());
            self.prism_failed += usize::from(operation.prism_failed());
            self.without_valid_arguments += usize::from(operation.without_valid_arguments());
            // Responses are judged only where the request is: a response
            // decoded in one round does not count for an operation left out
            // because Prism failed on it in another.
            let judged = !operation.prism_failed() && !operation.without_valid_arguments();
            self.decoded += usize::from(judged && operation.decoded());
            self.without_response += usize::from(judged && operation.without_response());
        }
    }

    /// The shares of accepted and of decoded operations, each over the
    /// operations that can be judged: requests Prism failed on, and requests
    /// for which no valid arguments were found, are left out of both; and
    /// responses Prism had none to give, of the second.
    fn shares(&self) -> Shares {
        let judged = self.total - self.prism_failed - self.without_valid_arguments;
        let decodable = judged.saturating_sub(self.without_response);
        let share = |count: usize, out_of: usize| count as f64 / out_of.max(1) as f64;
        Shares {
            accepted: share(self.accepted, judged),
            judged,
            decoded: share(self.decoded, decodable),
            decodable,
        }
    }

    fn summary(&self) -> String {
        let Self {
            total,
            accepted,
            decoded,
            refused_by_client,
            prism_failed,
            without_response,
            without_valid_arguments,
        } = self;
        format!(
            "conformance: accepted {accepted}/{total}, decoded {decoded}/{total} operations \
             ({refused_by_client} refused by the client's own validation, {prism_failed} that \
             Prism failed on, {without_response} without a response Prism can make, \
             {without_valid_arguments} without valid arguments)"
        )
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
        println!(
            "{:<44} {:<9} {:<8} {}",
            operation.operation,
            yes_no(operation.accepted()),
            yes_no(operation.decoded()),
            operation.reason().unwrap_or_default()
        );
    }
    let mut tally = Tally::default();
    tally.add(&result.operations);
    println!("{}", tally.summary());
    // One document, the project's own: every operation, no allowance.
    if tally.accepted == tally.total && tally.decoded == tally.total {
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
    let mut tally = Tally::default();
    let mut unserved = 0;
    println!("{:<58} {:>10} {:>9}", "document", "accepted", "decoded");
    for (subject, result) in subjects.iter().zip(results) {
        if let Some(reason) = &result.unusable {
            println!("{:<58} {}", subject.name, first_line(reason));
            if reason.starts_with("Prism cannot serve") {
                unserved += 1;
            } else {
                tally.add(&result.operations);
            }
            continue;
        }
        tally.add(&result.operations);
        let count = result.operations.len();
        let accepted = result.operations.iter().filter(|op| op.accepted()).count();
        let decoded = result.operations.iter().filter(|op| op.decoded()).count();
        println!(
            "{:<58} {:>10} {:>9}",
            subject.name,
            format!("{accepted}/{count}"),
            format!("{decoded}/{count}")
        );
        for operation in &result.operations {
            if let Some(reason) = operation.reason() {
                println!("    {}: {}", operation.operation, first_line(&reason));
            }
        }
    }
    let shares = tally.shares();
    println!(
        "judged: accepted {:.1} % of {}, decoded {:.1} % of {}",
        shares.accepted * 100.0,
        shares.judged,
        shares.decoded * 100.0,
        shares.decodable
    );
    println!(
        "{}; {} documents, {unserved} Prism cannot serve",
        tally.summary(),
        subjects.len() - unserved
    );
    if shares.meet(CORPUS_TARGET) {
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

pub(crate) fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::verdict::{RequestVerdict, ResponseVerdict};
    use super::{OperationResult, Tally};

    fn operation(
        request: RequestVerdict,
        response: ResponseVerdict,
        unsatisfied: &[&str],
    ) -> OperationResult {
        OperationResult {
            operation: "op".to_owned(),
            request,
            response,
            unsatisfied: unsatisfied.iter().map(|note| (*note).to_owned()).collect(),
        }
    }

    #[test]
    fn the_target_leaves_out_only_what_cannot_be_judged() {
        let rejected = || RequestVerdict::Rejected("prism 422".to_owned());
        let mut tally = Tally::default();
        tally.add(&[
            operation(RequestVerdict::Accepted, ResponseVerdict::Decoded, &[]),
            operation(RequestVerdict::Accepted, ResponseVerdict::Decoded, &[]),
            // The document defines no response: accepted, not decodable.
            operation(
                RequestVerdict::Accepted,
                ResponseVerdict::NoResponse("none".to_owned()),
                &[],
            ),
            // Prism crashed on it: neither share counts it.
            operation(
                RequestVerdict::PrismFailed("stopped".to_owned()),
                ResponseVerdict::NotTested,
                &[],
            ),
            // Rejected although the validator found the arguments valid: ours.
            operation(rejected(), ResponseVerdict::NotTested, &[]),
            // Rejected, and no valid arguments exist: left out.
            operation(
                rejected(),
                ResponseVerdict::NotTested,
                &["body: overlapping oneOf"],
            ),
            // Decoded in one round, Prism crashed in another: left out of both.
            operation(
                RequestVerdict::PrismFailed("stopped".to_owned()),
                ResponseVerdict::Decoded,
                &[],
            ),
        ]);
        let shares = tally.shares();
        assert_eq!((shares.judged, shares.decodable), (4, 3));
        assert_eq!(shares.accepted, 0.75);
        assert!((shares.decoded - 2.0 / 3.0).abs() < 1e-9);
        assert!(!shares.meet(0.95));
        assert!(tally
            .summary()
            .starts_with("conformance: accepted 3/7, decoded 2/7 operations"));
    }

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
