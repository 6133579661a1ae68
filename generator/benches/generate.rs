//! Generation speed and memory, whole process, release build:
//!
//! - the Signicat spec (target: at most 30 ms);
//! - GitHub's REST spec, `@octokit/openapi` `generated/api.github.com.json`,
//!   13 MB, ~1,200 operations (target: at most 3 s and 500 MB peak);
//! - time against document size over GitHub's other published specs, which
//!   should stay roughly constant per megabyte (linear growth);
//! - with `--check-crate`: the generated GitHub crate's lines, and `cargo
//!   check` of it with its dependencies already built (without incremental
//!   caches): time and the compiler's peak memory (targets: at most 120,000
//!   lines, 60 s and 2,000 MB).
//!
//! Run: `cargo bench -p openapi-client-gen --bench generate [-- --check-crate]`
//! (needs npm for the GitHub specs). Each measurement runs in a child process
//! of its own, so its peak memory is that of one generation.

// A benchmark is a maintainer's tool run on inputs it fetches itself: it stops
// at the first failure, like a test, rather than carrying errors around.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/npm_package.rs"]
mod npm_package;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use openapi_client_gen::{generate, CrateOptions};

const OCTOKIT: &str = "@octokit/openapi@23.0.2";
const SIGNICAT_RUNS: usize = 21;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, spec, out] = arguments.as_slice() {
        if flag == "--measure" {
            measure_child(Path::new(spec), Path::new(out));
            return;
        }
    }
    let check_crate = arguments.iter().any(|argument| argument == "--check-crate");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = workspace.join("target").join("bench-generate");
    std::fs::create_dir_all(&work).expect("bench directory");
    let mut missed = Vec::new();

    let signicat = workspace.join("spec/sign-openapi.json");
    let mut times: Vec<Duration> = (0..SIGNICAT_RUNS)
        .map(|_| run_child(&signicat, &work.join("signicat")).0)
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "Signicat spec: {:.1} ms median of {SIGNICAT_RUNS} runs (target 30 ms)",
        median.as_secs_f64() * 1e3
    );
    if median > Duration::from_millis(30) {
        missed.push("Signicat time");
    }

    let specs = octokit_specs(&work);
    let github = specs.join("api.github.com.json");
    let (time, peak) = run_child(&github, &work.join("github-client"));
    println!(
        "GitHub REST spec ({:.1} MB): {:.2} s, peak {:.0} MB (targets 3 s, 500 MB)",
        megabytes(file_size(&github)),
        time.as_secs_f64(),
        megabytes(peak)
    );
    if time > Duration::from_secs(3) {
        missed.push("GitHub time");
    }
    if peak > 500 * 1024 * 1024 {
        missed.push("GitHub memory");
    }

    println!("time per megabyte, GitHub's spec repeated 1, 2 and 4 times in one document:");
    let mut rates = Vec::new();
    for copies in [1, 2, 4] {
        let spec = work.join(format!("github-x{copies}.json"));
        write_repeated_spec(&github, copies, &spec);
        let (time, peak) = run_child(&spec, &work.join("scaling"));
        let size = megabytes(file_size(&spec));
        let rate = time.as_secs_f64() * 1e3 / size;
        rates.push(rate);
        println!(
            "  x{copies}  {size:>6.1} MB  {:>6.2} s  {rate:>6.1} ms/MB  peak {:>5.0} MB",
            time.as_secs_f64(),
            megabytes(peak)
        );
    }
    let (fastest, slowest) = rates.iter().fold((f64::MAX, 0.0f64), |(low, high), rate| {
        (low.min(*rate), high.max(*rate))
    });
    println!(
        "  slowest/fastest ms per MB: {:.2} (1.00 is perfectly linear)",
        slowest / fastest
    );
    if slowest / fastest > 1.5 {
        missed.push("linear growth");
    }

    if check_crate {
        match check_generated_crate(&workspace, &work) {
            Ok(checked) => {
                println!(
                    "generated GitHub crate: {} lines (target 120,000); cargo check: {:.0} s, compiler peak {:.0} MB (targets 60 s, 2,000 MB)",
                    checked.lines,
                    checked.time.as_secs_f64(),
                    checked.peak_bytes as f64 / 1e6
                );
                if checked.lines > 120_000 {
                    missed.push("GitHub crate lines");
                }
                if checked.time > Duration::from_secs(60) {
                    missed.push("GitHub crate check time");
                }
                if checked.peak_bytes > 2_000_000_000 {
                    missed.push("GitHub crate check memory");
                }
            }
            Err(message) => {
                println!("cargo check of the generated GitHub crate failed: {message}");
                missed.push("GitHub crate check");
            }
        }
    }
    if !missed.is_empty() {
        eprintln!("FAILED: {}", missed.join(", "));
        std::process::exit(1);
    }
}

/// In the child: generate `spec` into `out`, then report time and peak memory.
fn measure_child(spec: &Path, out: &Path) {
    let started = Instant::now();
    let text = std::fs::read_to_string(spec).expect("read spec");
    let generated = generate(&text, &CrateOptions::new("bench-client")).expect("generate");
    for file in &generated.files {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(path, &file.contents).expect("write file");
    }
    let elapsed = started.elapsed();
    println!("{} {}", elapsed.as_nanos(), peak_resident_bytes());
}

/// Runs one generation in a fresh process: (time inside it, its peak memory).
fn run_child(spec: &Path, out: &Path) -> (Duration, u64) {
    let output = Command::new(std::env::current_exe().expect("bench binary"))
        .arg("--measure")
        .arg(spec)
        .arg(out)
        .output()
        .expect("run child");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text
        .split_whitespace()
        .map(|number| number.parse::<u64>().expect("number"));
    let nanos = numbers.next().expect("time");
    (Duration::from_nanos(nanos), numbers.next().expect("peak"))
}

fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kilobytes| kilobytes * 1024)
}

/// One document holding `copies` renamed copies of `spec`'s paths and
/// components (each `$ref` and operationId follows its copy's names).
fn write_repeated_spec(spec: &Path, copies: usize, out: &Path) {
    use serde_json::Value;
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(spec).expect("read spec")).expect("json");
    let mut merged = original.clone();
    let (mut paths, mut components) = (serde_json::Map::new(), serde_json::Map::new());
    for copy in 0..copies {
        let suffix = format!("Copy{copy}");
        let mut renamed = original.clone();
        rename_references(&mut renamed, &suffix);
        if let Some(Value::Object(copy_paths)) = renamed.get("paths") {
            for (path, item) in copy_paths {
                paths.insert(format!("/copy{copy}{path}"), item.clone());
            }
        }
        if let Some(Value::Object(sections)) = renamed.get("components") {
            for (section, entries) in sections {
                let target = components
                    .entry(section.clone())
                    .or_insert_with(|| Value::Object(serde_json::Map::new()));
                if let (Value::Object(target), Value::Object(entries)) = (target, entries) {
                    for (name, entry) in entries {
                        target.insert(format!("{name}{suffix}"), entry.clone());
                    }
                }
            }
        }
    }
    merged["paths"] = Value::Object(paths);
    merged["components"] = Value::Object(components);
    std::fs::write(out, serde_json::to_string(&merged).expect("serialise")).expect("write spec");
}

fn rename_references(value: &mut serde_json::Value, suffix: &str) {
    use serde_json::Value;
    match value {
        Value::Object(fields) => {
            for (key, child) in fields.iter_mut() {
                match (key.as_str(), &mut *child) {
                    ("$ref", Value::String(reference))
                        if reference.starts_with("#/components/") =>
                    {
                        reference.push_str(suffix)
                    }
                    ("operationId", Value::String(id)) => id.push_str(suffix),
                    _ => rename_references(child, suffix),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_references(item, suffix)),
        _ => {}
    }
}

/// GitHub's published specs, fetched once with `npm pack`.
fn octokit_specs(work: &Path) -> PathBuf {
    let generated = work.join("package").join("generated");
    if !generated.join("api.github.com.json").exists() {
        npm_package::pack_and_unpack(OCTOKIT, work);
    }
    generated
}

/// Checks the GitHub crate beside the Signicat one, whose check builds the
/// shared dependencies first, so only the generated code is timed.
/// What checking the generated GitHub crate measured.
struct CheckedCrate {
    /// Lines of its Rust sources, the runtime's included.
    lines: usize,
    time: Duration,
    /// The largest compiler process's peak resident memory.
    peak_bytes: u64,
}

fn check_generated_crate(workspace: &Path, work: &Path) -> Result<CheckedCrate, String> {
    let check_dir = work.join("check");
    let mut lines = 0;
    for (name, spec) in [
        ("signicat-client", workspace.join("spec/sign-openapi.json")),
        (
            "github-client",
            work.join("package/generated/api.github.com.json"),
        ),
    ] {
        let text = std::fs::read_to_string(&spec).map_err(|error| error.to_string())?;
        let generated =
            generate(&text, &CrateOptions::new(name)).map_err(|error| error.to_string())?;
        for file in &generated.files {
            let path = check_dir.join(name).join(&file.path);
            std::fs::create_dir_all(path.parent().expect("parent"))
                .map_err(|error| error.to_string())?;
            std::fs::write(path, &file.contents).map_err(|error| error.to_string())?;
            if name == "github-client" && file.path.ends_with(".rs") {
                lines += file.contents.lines().count();
            }
        }
    }
    std::fs::write(
        check_dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"signicat-client\", \"github-client\"]\n",
    )
    .map_err(|error| error.to_string())?;
    let _ = std::fs::copy(workspace.join("Cargo.lock"), check_dir.join("Cargo.lock"));
    let cargo_check = |package: &str| {
        Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--package", package])
            .current_dir(&check_dir)
            .env("CARGO_TARGET_DIR", check_dir.join("target"))
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .map_err(|error| error.to_string())
    };
    if !cargo_check("signicat-client")?.success() {
        return Err("the dependencies did not build".to_owned());
    }
    let started = Instant::now();
    if !cargo_check("github-client")?.success() {
        return Err("the generated crate does not compile".to_owned());
    }
    let time = started.elapsed();
    Ok(CheckedCrate {
        lines,
        time,
        peak_bytes: largest_child_peak_bytes(),
    })
}

/// The peak resident memory of the largest process this one has waited for,
/// directly or through its children (Linux counts grandchildren too): here the
/// compiler checking the GitHub crate, far larger than the others.
fn largest_child_peak_bytes() -> u64 {
    // SAFETY: getrusage writes only into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) == 0).then_some(usage)
    };
    usage
        .and_then(|usage| u64::try_from(usage.ru_maxrss).ok())
        .map_or(0, |kib| kib * 1024)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
