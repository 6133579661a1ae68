//! `cargo check` of the generated crates: one workspace (one lock file, one
//! target directory, so dependencies build once and cargo keeps both cores
//! busy), with every compiler process run through this binary acting as
//! `RUSTC_WRAPPER`. The wrapper caps the compiler's memory and time and
//! writes, per generated crate, how its check ended; that file is what
//! attributes an error, a timeout or an out-of-memory kill to its document.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::generation::one_line;
use super::limits::{self, Limits};

/// Tells this binary it runs as the compiler wrapper; the value is the
/// directory for the per-crate outcome files.
const OUTCOMES_ENV: &str = "XTASK_WIDE_OUTCOMES";
const MEMORY_ENV: &str = "XTASK_WIDE_MEMORY";
const TIMEOUT_ENV: &str = "XTASK_WIDE_TIMEOUT";

/// How one generated crate's check ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub compiled: bool,
    pub seconds: f64,
    pub errors: usize,
    pub first_error: Option<String>,
    /// The compiler's peak resident memory, where the platform reports it.
    #[serde(default)]
    pub peak_mib: Option<u64>,
}

/// Whether this process was started by cargo as the compiler wrapper.
pub fn is_wrapper() -> bool {
    std::env::var_os(OUTCOMES_ENV).is_some()
}

/// The wrapper: `xtask RUSTC ARGS...`. Runs the compiler under the caps,
/// passes its output on to cargo, and for a workspace member (a generated
/// crate) records the outcome. Returns the exit code for cargo.
pub fn wrapper_main(arguments: &[String]) -> i32 {
    let Some((rustc, rustc_arguments)) = arguments.split_first() else {
        eprintln!("compiler wrapper: no compiler given");
        return 2;
    };
    let limits = Limits {
        memory: std::env::var(MEMORY_ENV)
            .ok()
            .and_then(|value| value.parse().ok()),
        time: Duration::from_secs(
            std::env::var(TIMEOUT_ENV)
                .ok()
                .and_then(|value| value.parse().ok())
                .unwrap_or(600),
        ),
    };
    let mut command = Command::new(rustc);
    command.args(rustc_arguments);
    // Queries (`rustc -vV`, cargo's `--crate-name ___ --print` probe) may
    // read stdin; they pass through untouched.
    let crate_name = rustc_arguments
        .iter()
        .position(|argument| argument == "--crate-name")
        .and_then(|index| rustc_arguments.get(index + 1))
        .filter(|name| *name != "___");
    let Some(crate_name) = crate_name else {
        return command
            .stdin(Stdio::inherit())
            .status()
            .ok()
            .and_then(|status| status.code())
            .unwrap_or(1);
    };
    let finished = match limits::run(command, &limits) {
        Ok(finished) => finished,
        Err(error) => {
            eprintln!("compiler wrapper: {error}");
            return 1;
        }
    };
    use std::io::Write;
    let _ = std::io::stdout().write_all(&finished.stdout);
    let _ = std::io::stderr().write_all(&finished.stderr);
    let abnormal = finished.abnormal_end(&limits);
    if let Some(reason) = &abnormal {
        eprintln!("error: compiling `{crate_name}`: {reason}");
    }
    let primary = std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some();
    if primary {
        let (errors, first_error) = first_error(&String::from_utf8_lossy(&finished.stderr));
        let checked = Checked {
            compiled: finished.success(),
            seconds: (finished.elapsed.as_secs_f64() * 10.0).round() / 10.0,
            errors,
            peak_mib: peak_child_memory_mib(),
            first_error: abnormal.or(first_error).or_else(|| {
                (!finished.success()).then(|| "the compiler failed without a diagnostic".to_owned())
            }),
        };
        let directory = PathBuf::from(std::env::var_os(OUTCOMES_ENV).unwrap_or_default());
        let _ = std::fs::write(
            directory.join(format!("{crate_name}.json")),
            serde_json::to_string(&checked).unwrap_or_default(),
        );
    }
    if finished.success() {
        0
    } else {
        finished
            .status
            .and_then(|status| status.code())
            .unwrap_or(1)
    }
}

/// Peak resident memory of the largest waited-for child: the wrapper has
/// one, the compiler.
#[cfg(unix)]
fn peak_child_memory_mib() -> Option<u64> {
    // SAFETY: getrusage writes only into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) == 0).then_some(usage)
    }?;
    // Linux reports kibibytes.
    u64::try_from(usage.ru_maxrss).ok().map(|kib| kib / 1024)
}

#[cfg(not(unix))]
fn peak_child_memory_mib() -> Option<u64> {
    None
}

/// The number of errors in the compiler's JSON diagnostics and the first
/// one, as `error[CODE]: message at FILE:LINE` (no absolute paths, so the
/// failure list does not depend on where it ran).
pub fn first_error(diagnostics: &str) -> (usize, Option<String>) {
    let mut count = 0;
    let mut first = None;
    for line in diagnostics.lines() {
        let Ok(diagnostic) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if diagnostic["$message_type"] != "diagnostic" || diagnostic["level"] != "error" {
            continue;
        }
        let message = diagnostic["message"].as_str().unwrap_or("");
        if message.starts_with("aborting due to") {
            continue;
        }
        count += 1;
        if first.is_some() {
            continue;
        }
        let code = diagnostic["code"]["code"]
            .as_str()
            .map_or_else(String::new, |code| format!("[{code}]"));
        let spans = diagnostic["spans"].as_array().cloned().unwrap_or_default();
        let location = spans
            .iter()
            .find(|span| span["is_primary"] == true)
            .or(spans.first())
            .map(|span| {
                format!(
                    " at {}:{}",
                    span["file_name"].as_str().unwrap_or("?"),
                    span["line_start"]
                )
            })
            .unwrap_or_default();
        first = Some(one_line(&format!("error{code}: {message}{location}")));
    }
    (count, first)
}

/// The crate name rustc sees for a package name.
pub fn crate_name(package: &str) -> String {
    package.replace('-', "_")
}

/// Writes the workspace manifest for `members` (directories under `crates/`).
/// Incremental caches are off: each crate is checked once per generation, and
/// for 1,706 crates the caches would cost gigabytes and make a rerun's times
/// incomparable with a first run's.
pub fn write_workspace(work: &Path, members: &[String]) -> Result<(), String> {
    let members: Vec<String> = members
        .iter()
        .map(|member| format!("    \"crates/{member}\",\n"))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus --wide`.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        members.concat()
    );
    std::fs::write(work.join("Cargo.toml"), manifest)
        .map_err(|error| format!("cannot write the corpus workspace: {error}"))
}

/// The member cargo names when it cannot load a member's manifest.
pub fn unloadable_member(cargo_stderr: &str) -> Option<String> {
    let (_, rest) = cargo_stderr.split_once("workspace member `")?;
    let path = rest.split('`').next()?;
    let path = path.trim_end_matches("/Cargo.toml");
    Some(path.rsplit('/').next()?.to_owned())
}

/// Settings of one check run.
pub struct CheckRun<'a> {
    pub work: &'a Path,
    pub wrapper: &'a Path,
    pub limits: Limits,
    pub jobs: Option<usize>,
}

/// Checks `members` and returns, per member, how its check ended; a member
/// cargo could not even load is reported with cargo's reason.
pub fn check_members(
    run: &CheckRun<'_>,
    mut members: Vec<String>,
) -> Result<BTreeMap<String, Checked>, String> {
    let outcomes = run.work.join("outcomes");
    std::fs::create_dir_all(&outcomes).map_err(|error| error.to_string())?;
    let mut results = BTreeMap::new();
    // A member whose manifest cargo rejects stops cargo before it checks
    // anything: such members are taken out one by one with cargo's reason.
    loop {
        if members.is_empty() {
            return Ok(results);
        }
        write_workspace(run.work, &members)?;
        let output = Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .current_dir(run.work)
            .output()
            .map_err(|error| format!("cannot run cargo metadata: {error}"))?;
        if output.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let Some(bad) = unloadable_member(&stderr).filter(|bad| members.contains(bad)) else {
            return Err(format!("cargo cannot load the corpus workspace: {stderr}"));
        };
        let reason = stderr
            .lines()
            .skip_while(|line| !line.contains("Caused by:"))
            .nth(1)
            .unwrap_or("cargo cannot load the manifest");
        results.insert(
            bad.clone(),
            Checked {
                compiled: false,
                seconds: 0.0,
                errors: 1,
                first_error: Some(one_line(&format!("manifest: {}", reason.trim()))),
                peak_mib: None,
            },
        );
        members.retain(|member| *member != bad);
    }
    // The workspace's lock file pins the dependency versions the Signicat
    // client is tested with; cargo adds the generated crates to it.
    let _ = std::fs::copy(
        crate::client_files::workspace_root().join("Cargo.lock"),
        run.work.join("Cargo.lock"),
    );
    let mut command = Command::new(env!("CARGO"));
    command
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "json",
        ])
        .current_dir(run.work)
        .env("CARGO_TARGET_DIR", run.work.join("target"))
        .env("RUSTC_WRAPPER", run.wrapper)
        .env(OUTCOMES_ENV, &outcomes)
        .env(TIMEOUT_ENV, run.limits.time.as_secs().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(memory) = run.limits.memory {
        command.env(MEMORY_ENV, memory.to_string());
    }
    if let Some(jobs) = run.jobs {
        command.arg("--jobs").arg(jobs.to_string());
    }
    // Cargo's progress lines are passed on as they come (a full run takes
    // hours) and kept, so a crate the compiler never reached gets cargo's reason.
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    let mut stderr = String::new();
    if let Some(pipe) = child.stderr.take() {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            eprintln!("{line}");
            stderr.push_str(&line);
            stderr.push('\n');
        }
    }
    let _ = child.wait();
    for member in members {
        let file = outcomes.join(format!("{}.json", crate_name(&member)));
        let checked = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str::<Checked>(&text).ok());
        let checked = checked.unwrap_or_else(|| Checked {
            compiled: false,
            seconds: 0.0,
            errors: 0,
            first_error: Some(one_line(&format!(
                "not checked: {}",
                cargo_failure(&stderr).unwrap_or("cargo stopped before this crate")
            ))),
            peak_mib: None,
        });
        results.insert(member, checked);
    }
    Ok(results)
}

/// Cargo's own first error line (a dependency that failed, a resolution
/// error), for crates the compiler never reached.
fn cargo_failure(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .find_map(|line| line.trim().strip_prefix("error: "))
}

/// Forgets the outcome of a crate about to be regenerated.
pub fn forget_outcome(work: &Path, package: &str) {
    let _ = std::fs::remove_file(
        work.join("outcomes")
            .join(format!("{}.json", crate_name(package))),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_error_skips_warnings_and_the_closing_summary() {
        let diagnostics = [
            r#"{"$message_type":"diagnostic","message":"unused import","level":"warning","spans":[]}"#,
            "not json at all",
            r#"{"$message_type":"diagnostic","message":"mismatched types","code":{"code":"E0308","explanation":null},"level":"error","spans":[{"file_name":"src/other.rs","line_start":3,"is_primary":false},{"file_name":"src/models.rs","line_start":12,"is_primary":true}]}"#,
            r#"{"$message_type":"diagnostic","message":"cannot find type `Foo`","code":null,"level":"error","spans":[]}"#,
            r#"{"$message_type":"diagnostic","message":"aborting due to 2 previous errors","code":null,"level":"error","spans":[]}"#,
        ]
        .join("\n");
        let (count, first) = first_error(&diagnostics);
        assert_eq!(count, 2);
        assert_eq!(
            first.as_deref(),
            Some("error[E0308]: mismatched types at src/models.rs:12")
        );
        assert_eq!(first_error(""), (0, None));
        let (_, unlocated) = first_error(diagnostics.lines().nth(3).unwrap());
        assert_eq!(unlocated.as_deref(), Some("error: cannot find type `Foo`"));
    }

    #[test]
    fn an_unloadable_member_is_named() {
        let stderr = "error: failed to load manifest for workspace member `/w/crates/w-bad-1a2b`\nreferenced by workspace at `/w/Cargo.toml`\n\nCaused by:\n  failed to parse manifest";
        assert_eq!(unloadable_member(stderr).as_deref(), Some("w-bad-1a2b"));
        assert_eq!(unloadable_member("error: something else"), None);
    }

    #[test]
    fn workspace_lists_its_members() {
        let dir = std::env::temp_dir().join(format!("wide-workspace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        write_workspace(&dir, &["w-a".to_owned(), "w-b".to_owned()]).unwrap();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(manifest.contains("members = [\n    \"crates/w-a\",\n    \"crates/w-b\",\n]"));
    }
}
