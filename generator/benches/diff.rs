//! The change report between two real releases of GitHub's REST description,
//! `@octokit/openapi` 22.0.0 and 23.0.2 (`generated/api.github.com.json`):
//! how many entries it has, by kind, and how long building both models and
//! comparing them takes.
//!
//! Target: at most 839 entries, half of the 1,678 the report had while every
//! hoisted inline type was an entry of its own.
//!
//! Run: `cargo bench -p openapi-client-gen --bench diff` (needs npm; the two
//! packages are fetched once into `target/bench-diff`, never committed).

// A benchmark is a maintainer's tool run on inputs it fetches itself: it stops
// at the first failure, like a test, rather than carrying errors around.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/npm_package.rs"]
mod npm_package;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use openapi_client_gen::build_model;
use openapi_client_gen::diff::{diff_models, render_text, Impact};

const OLD: &str = "@octokit/openapi@22.0.0";
const NEW: &str = "@octokit/openapi@23.0.2";
const TARGET_ENTRIES: usize = 839;

fn main() {
    let work = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("bench-diff");
    let old_text = read(&github_spec(&work, OLD));
    let new_text = read(&github_spec(&work, NEW));

    let started = Instant::now();
    let (old, _) = build_model(&old_text).expect("old spec builds");
    let (new, _) = build_model(&new_text).expect("new spec builds");
    let built = started.elapsed();
    let diff = diff_models(&old, &new);
    let compared = started.elapsed() - built;
    let report = render_text(&diff, "github-client", "0.1.0");
    let rendered = started.elapsed() - built - compared;

    let breaking = diff
        .changes
        .iter()
        .filter(|change| change.impact == Impact::Breaking)
        .count();
    println!(
        "{OLD} -> {NEW}: {} entries ({breaking} breaking), text report {} lines",
        diff.changes.len(),
        report.lines().count()
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for change in &diff.changes {
        *by_kind.entry(change.subject.label()).or_default() += 1;
    }
    for (kind, count) in &by_kind {
        println!("  {count:>5}  {kind}");
    }
    println!(
        "time: models {:.2} s, comparison {:.0} ms, text report {:.0} ms",
        built.as_secs_f64(),
        compared.as_secs_f64() * 1e3,
        rendered.as_secs_f64() * 1e3
    );
    if diff.changes.len() > TARGET_ENTRIES {
        eprintln!("FAILED: more than {TARGET_ENTRIES} entries");
        std::process::exit(1);
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `package`'s GitHub description, fetched once with `npm pack` into a
/// directory of its own.
fn github_spec(work: &Path, package: &str) -> PathBuf {
    let version = package.rsplit('@').next().unwrap_or(package);
    let dir = work.join(version);
    let spec = dir.join("package/generated/api.github.com.json");
    if spec.exists() {
        return spec;
    }
    npm_package::pack_and_unpack(package, &dir);
    spec
}
