//! The Rust-level verdict on a change of a generated crate: cargo-semver-checks
//! (the Rust ecosystem's semver linter, pinned) compares the crate generated
//! from the old spec with the one generated from the new, and says which
//! release the change needs in Rust terms. `cargo xtask semver-fixtures` sets
//! its verdict beside the API-level classification for every fixture pair.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::diff::{Bump, RustApiChange, RustApiVerdict};
use openapi_client_gen::model::KeptNames;
use openapi_client_gen::{generate, CrateOptions};

use crate::client_files::workspace_root;

/// The release of cargo-semver-checks whose verdicts the project follows;
/// `.ci/run` installs it with `cargo install --locked`.
pub const VERSION: &str = "0.51.0";

/// What a release must be, in Rust terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustBump {
    None,
    Minor,
    Major,
}

/// cargo-semver-checks' verdict and the lints that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustVerdict {
    pub bump: RustBump,
    /// `lint_name: first place it failed in`, in its order.
    pub lints: Vec<String>,
}

impl RustVerdict {
    /// The verdict as the change report states it.
    pub fn into_report_verdict(self) -> RustApiVerdict {
        RustApiVerdict {
            linter: format!("cargo-semver-checks {VERSION}"),
            change: match self.bump {
                RustBump::None => RustApiChange::None,
                RustBump::Minor => RustApiChange::Additive,
                RustBump::Major => RustApiChange::Breaking,
            },
            lints: self.lints,
        }
    }

    /// The bump of a crate at `version`: below 1.0 Cargo reads `0.x` minor
    /// releases as incompatible, so a major verdict asks for our minor step
    /// and a minor one for our patch step.
    pub fn bump_for(&self, version: &str) -> Bump {
        let below_one = version.split('.').next() == Some("0");
        match (self.bump, below_one) {
            (RustBump::None, _) => Bump::None,
            (RustBump::Minor, true) => Bump::Patch,
            (RustBump::Minor, false) | (RustBump::Major, true) => Bump::Minor,
            (RustBump::Major, false) => Bump::Major,
        }
    }
}

/// Whether the pinned release is on the `PATH`.
pub fn installed() -> bool {
    Command::new("cargo-semver-checks")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains(VERSION))
}

/// Compares two crates of the same package name: `baseline` (old) and
/// `current` (new), each a directory with its `Cargo.toml`. Both are built
/// for rustdoc in `target_dir`, which later comparisons reuse.
pub fn compare(baseline: &Path, current: &Path, target_dir: &Path) -> Result<RustVerdict, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        // The smallest release type, so that every lint above it reports.
        .args(["--release-type", "patch", "--color", "never"])
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|error| format!("cannot run cargo semver-checks: {error}"))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    read_report(&text)
}

/// Reads the verdict from cargo-semver-checks' report: its `Summary` line,
/// and each `--- failure <lint>: ...` block's first `Failed in` place.
fn read_report(text: &str) -> Result<RustVerdict, String> {
    let summary = text
        .lines()
        .find(|line| line.trim_start().starts_with("Summary"))
        .ok_or_else(|| {
            let tail: Vec<&str> = text.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            format!("cargo semver-checks gave no summary:\n{}", tail.join("\n"))
        })?;
    let bump = if summary.contains("new major version") {
        RustBump::Major
    } else if summary.contains("new minor version") {
        RustBump::Minor
    } else if summary.contains("no semver update required") {
        RustBump::None
    } else {
        return Err(format!("unknown cargo semver-checks summary: {summary}"));
    };
    let mut lints = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("--- failure ") else {
            continue;
        };
        let name = rest.split(':').next().unwrap_or(rest).trim().to_owned();
        let place = lines
            .by_ref()
            .skip_while(|line| line.trim() != "Failed in:")
            .nth(1)
            .map(|line| item_of(line.trim()).to_owned())
            .unwrap_or_default();
        lints.push(format!("{name}: {place}"));
    }
    Ok(RustVerdict { bump, lints })
}

/// The item a `Failed in` line names, without the file it is in (which is
/// a scratch path).
fn item_of(line: &str) -> &str {
    [", previously in file ", " in file ", " in /"]
        .iter()
        .filter_map(|marker| line.find(marker))
        .min()
        .map_or(line, |end| &line[..end])
}

/// One fixture pair under `tests/fixtures/spec-changes/`.
struct Pair {
    name: String,
    dir: PathBuf,
}

fn pairs(root: &Path) -> Result<Vec<Pair>, String> {
    let fixtures = root.join("tests/fixtures/spec-changes");
    let mut pairs: Vec<Pair> = std::fs::read_dir(&fixtures)
        .map_err(|error| format!("cannot read {}: {error}", fixtures.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("old.yaml").exists() && path.join("new.yaml").exists())
        .map(|dir| Pair {
            name: dir
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir,
        })
        .collect();
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pairs)
}

/// The version both crates of a pair carry, below 1.0 like the client's.
const PAIR_VERSION: &str = "0.3.0";

/// `cargo xtask semver-fixtures`: for each fixture pair, the API-level
/// classification, and cargo-semver-checks' verdict on the two generated
/// crates, as a Markdown table.
pub fn semver_fixtures() -> Result<(), String> {
    if !installed() {
        return Err(format!(
            "cargo-semver-checks {VERSION} is needed: \
             cargo install --locked cargo-semver-checks@{VERSION}"
        ));
    }
    let root = workspace_root();
    println!("| change | API-level | cargo-semver-checks | regen applies | lints |");
    println!("|---|---|---|---|---|");
    let mut too_small = 0;
    for pair in pairs(&root)? {
        let read = |side: &str| {
            std::fs::read_to_string(pair.dir.join(format!("{side}.yaml")))
                .map_err(|error| format!("{}: {error}", pair.name))
        };
        let (old, new) = (read("old")?, read("new")?);
        let api_bump = crate::spec_diff::diff_texts(&old, &new, &KeptNames::default())
            .map_err(|error| format!("{}: {error}", pair.name))?
            .bump_for(PAIR_VERSION);
        let verdict =
            compare_documents(&root, &format!("semver-fixtures/{}", pair.name), &old, &new)
                .map_err(|error| format!("{}: {error}", pair.name))?;
        let rust_bump = verdict.bump_for(PAIR_VERSION);
        // A change of behaviour (a tighter constraint, a removed status) is
        // breaking without touching a Rust signature: the linter cannot see
        // it, so the API level may ask for more; never for less.
        too_small += usize::from(api_bump < rust_bump);
        println!(
            "| {} | {api_bump:?} | {rust_bump:?} | {:?} | {} |",
            pair.name,
            api_bump.max(rust_bump),
            verdict.lints.join("; ")
        );
    }
    if too_small == 0 {
        Ok(())
    } else {
        Err(format!(
            "{too_small} pairs where the API-level bump is smaller than cargo-semver-checks' verdict"
        ))
    }
}

/// cargo-semver-checks' verdict on the crates generated from the documents
/// `old` and `new` (the new one keeping the old one's type names, as `regen`
/// does), written under `target/<work>/`.
pub fn compare_documents(
    root: &Path,
    work: &str,
    old: &str,
    new: &str,
) -> Result<RustVerdict, String> {
    let target = crate::client_files::target_dir(root);
    let crates = target.join(work);
    let (old_model, _) =
        openapi_client_gen::build_model(old).map_err(|error| format!("old: {error}"))?;
    write_crate(&crates.join("old"), old, &KeptNames::default(), root)?;
    write_crate(&crates.join("new"), new, &KeptNames::of(&old_model), root)?;
    compare(
        &crates.join("old"),
        &crates.join("new"),
        &target.join("semver-checks"),
    )
}

/// Makes the crate in `dir` a workspace of its own, with the lock file of the
/// workspace at `root` so that it builds the same dependencies: it may sit
/// below this workspace (in its `target/`), which would otherwise claim it.
pub fn as_own_workspace(dir: &Path, root: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|error| format!("cannot read {}: {error}", manifest.display()))?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|error| format!("cannot write {}: {error}", manifest.display()))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|error| format!("cannot copy the lock file: {error}"))?;
    Ok(())
}

/// The crate generated from `spec`, named alike on both sides of a pair,
/// with the workspace's lock file so that both build the same dependencies.
fn write_crate(dir: &Path, spec: &str, kept: &KeptNames, root: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    let mut options = CrateOptions::new("spec-change-client".to_owned());
    options.crate_version = PAIR_VERSION.to_owned();
    options.kept_names = kept.clone();
    let generated = generate(spec, &options).map_err(|error| error.to_string())?;
    for file in &generated.files {
        crate::conformance::write(&dir.join(&file.path), &file.contents)?;
    }
    as_own_workspace(dir, root)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAJOR: &str = "\
     Checking spec-change-client v0.3.0 -> v0.3.0 (assume patch change)
     Checked [   0.156s] 202 checks: 200 pass, 2 fail, 0 warn, 58 skip

--- failure constructible_struct_adds_field: struct exhaustively constructible through public API adds field ---

Description:
A pub struct that could be exhaustively constructed with a literal using only public API has a new pub field.
        ref: https://doc.rust-lang.org/reference/expressions/struct-expr.html

Failed in:
  field Status.uptime in /tmp/sv/new/src/models.rs:19
  field Status.region in /tmp/sv/new/src/models.rs:21

--- failure enum_variant_added: enum variant added on exhaustive enum ---

Failed in:
  variant State:Paused in /tmp/sv/new/src/models.rs:40

     Summary semver requires new major version: 2 major and 0 minor checks failed
";

    #[test]
    fn the_report_gives_the_bump_and_each_lint_with_its_first_place() {
        let verdict = read_report(MAJOR).unwrap();
        assert_eq!(verdict.bump, RustBump::Major);
        assert_eq!(
            verdict.lints,
            [
                "constructible_struct_adds_field: field Status.uptime",
                "enum_variant_added: variant State:Paused",
            ]
        );
        let none = read_report("     Summary no semver update required\n").unwrap();
        assert_eq!(none.bump, RustBump::None);
        assert!(none.lints.is_empty());
        assert!(read_report("error: could not build").is_err());
        assert_eq!(
            item_of("field note of struct Order, previously in file /tmp/old/src/models.rs:12"),
            "field note of struct Order"
        );
    }

    #[test]
    fn below_one_a_major_verdict_is_a_minor_step() {
        let verdict = |bump| RustVerdict {
            bump,
            lints: Vec::new(),
        };
        assert_eq!(verdict(RustBump::Major).bump_for("0.3.0"), Bump::Minor);
        assert_eq!(verdict(RustBump::Minor).bump_for("0.3.0"), Bump::Patch);
        assert_eq!(verdict(RustBump::Major).bump_for("1.2.0"), Bump::Major);
        assert_eq!(verdict(RustBump::None).bump_for("1.2.0"), Bump::None);
    }
}
