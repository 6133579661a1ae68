//! `regen` writes a fresh client beside the committed one and swaps it in only
//! when every file was written; `check` compares without writing.

use std::fmt::Write;
use std::path::Path;

use openapi_client_gen::GeneratedFile;
use similar::{ChangeTag, TextDiff};

use openapi_client_gen::diff::{
    bumped_version, render_markdown, render_text, RustApiChange, RustApiVerdict,
};

use crate::client_files::{
    committed_type_names, current_version, files_on_disk, generate_client, read_spec, target_dir,
    workspace_root, CHANGELOG, CLIENT_DIR, CRATE_NAME, GENERATED_FROM,
};
use crate::semver_check;
use crate::spec_diff::diff_texts;
use crate::spec_update::{
    insta_cli_installed, next_steps, sync_lockfile, write_report, LOCKFILE, REPORT_FILE,
};

pub fn regen(arguments: &[String]) -> Result<(), String> {
    let rust_check = match arguments {
        [] => RustCheck::Linter,
        [flag] if flag == "--no-semver-check" => RustCheck::Skipped,
        _ => return Err("usage: cargo xtask regen [--no-semver-check]".to_owned()),
    };
    print!(
        "{}",
        regen_with(
            &workspace_root(),
            insta_cli_installed(),
            &rust_check,
            &mut |_| Ok(())
        )?
    );
    Ok(())
}

/// How `regen` learns what a change of the generated code does to its Rust API.
pub enum RustCheck {
    /// cargo-semver-checks compares the committed crate with the new one.
    Linter,
    /// Not asked (`--no-semver-check`): the bump is the API-level one alone,
    /// and the output says so.
    Skipped,
    /// A verdict the caller decided, for tests of what `regen` does with one.
    #[cfg(test)]
    Given(RustApiVerdict),
}

pub fn check() -> Result<(), String> {
    check_at(&workspace_root())
}

/// Regenerates the client of the workspace at `root` and returns what to tell
/// the maintainer. When the spec changed since the last generation, the API
/// change is reported, the crate version bumped accordingly, the report
/// prepended to the changelog and written to [`REPORT_FILE`] for the pull
/// request, and the output ends with the commands that remain (`insta_cli`:
/// whether `cargo insta` is there to review snapshots with).
#[cfg(test)]
fn regen_at(root: &Path, insta_cli: bool) -> Result<String, String> {
    regen_with(
        root,
        insta_cli,
        &RustCheck::Given(no_rust_change()),
        &mut |_| Ok(()),
    )
}

/// The verdict [`regen_at`] is given: the Rust API did not change.
#[cfg(test)]
fn no_rust_change() -> RustApiVerdict {
    RustApiVerdict {
        linter: "a test".to_owned(),
        change: RustApiChange::None,
        lints: Vec::new(),
    }
}

/// Regenerates as [`regen_at`] says, with the Rust-level verdict from
/// `rust_check`, calling `hook` before each filesystem step of the swap.
fn regen_with(
    root: &Path,
    insta_cli: bool,
    rust_check: &RustCheck,
    hook: StepHook,
) -> Result<String, String> {
    let client_dir = root.join(CLIENT_DIR);
    // First, so that a crate an interrupted run left aside is back before
    // anything reads it.
    hook(SwapStep::ClearLeftovers)
        .and_then(|()| clear_leftovers(&staging_parent(root), &client_dir))
        .map_err(|error| format!("cannot clear what an earlier run left: {error}"))?;
    let spec = read_spec(root)?;
    let current = current_version(&client_dir);
    let previous_spec = std::fs::read_to_string(client_dir.join(GENERATED_FROM)).ok();
    let kept_names = committed_type_names(&client_dir, previous_spec.as_deref())?;
    let api_change = match &previous_spec {
        Some(previous) if *previous != spec => Some(diff_texts(previous, &spec, &kept_names)?),
        _ => None,
    };
    let mut files = generate_client(root, &spec, &current, &kept_names)?;
    // A generator change alone can change the Rust API as surely as a spec
    // change: whatever changed the code is checked.
    let code_changed = rust_code_changed(&client_dir, &files);
    let rust_api = if code_changed {
        rust_api_verdict(root, &client_dir, &files, rust_check)?
    } else {
        None
    };
    // Said out loud, so that a maintainer sees the check ran.
    let same_rust_api = api_change.is_none()
        && matches!(&rust_api, Some(verdict) if verdict.change == RustApiChange::None);
    let api_change = match (api_change, rust_api) {
        (Some(diff), Some(verdict)) => Some(diff.with_rust_api(verdict)),
        (Some(diff), None) => Some(diff),
        (None, Some(verdict)) if verdict.change != RustApiChange::None => {
            Some(diff_texts(&spec, &spec, &kept_names)?.with_rust_api(verdict))
        }
        (None, _) => None,
    };
    let version = api_change.as_ref().map_or_else(
        || current.clone(),
        |diff| bumped_version(&current, diff.bump_for(&current)),
    );
    if version != current {
        files = generate_client(root, &spec, &version, &kept_names)?;
    }

    let mut changelog = std::fs::read_to_string(client_dir.join(CHANGELOG)).unwrap_or_default();
    let mut output = String::new();
    if code_changed && matches!(rust_check, RustCheck::Skipped) {
        output.push_str(
            "The Rust API change was not checked (--no-semver-check): \
             the version follows the API-level classification alone.\n",
        );
    }
    if same_rust_api {
        let _ = writeln!(
            output,
            "The generated code changed; cargo-semver-checks finds its Rust API unchanged: \
             {CRATE_NAME} stays {current}."
        );
    }
    if let Some(diff) = &api_change {
        output.push_str(&render_text(diff, CRATE_NAME, &current));
        changelog = prepend_entry(&changelog, &render_markdown(diff, CRATE_NAME, &current));
    }
    if !changelog.is_empty() {
        files.push(GeneratedFile::new(CHANGELOG, changelog));
    }
    let changes = compare(&client_dir, &files, &[]);
    if changes.is_empty() {
        let _ = writeln!(
            output,
            "{CLIENT_DIR}/ is up to date ({} files)",
            files.len()
        );
        return Ok(output);
    }
    swap_in(root, &client_dir, &files, hook)?;
    output.push_str(&describe_changes(&changes));
    let lockfile_changed = sync_lockfile(root, &version)?;
    if lockfile_changed {
        let _ = writeln!(output, "  modified {LOCKFILE} ({CRATE_NAME} {version})");
    }
    if let Some(diff) = &api_change {
        write_report(root, diff, &current)?;
        let _ = writeln!(output, "The change report is in {REPORT_FILE}.");
        output.push_str(&next_steps(diff, &current, lockfile_changed, insta_cli));
    }
    Ok(output)
}

/// Whether the crate's code or manifest differs from the committed client's
/// (its spec copy, changelog, docs and name record are not code). A first
/// generation has nothing to compare with.
fn rust_code_changed(client_dir: &Path, files: &[GeneratedFile]) -> bool {
    client_dir.join("Cargo.toml").exists()
        && compare(client_dir, files, &[CHANGELOG])
            .iter()
            .any(|change| change.path.starts_with("src/") || change.path == "Cargo.toml")
}

/// The Rust-level verdict on replacing the committed client with `files`.
fn rust_api_verdict(
    root: &Path,
    client_dir: &Path,
    files: &[GeneratedFile],
    rust_check: &RustCheck,
) -> Result<Option<RustApiVerdict>, String> {
    match rust_check {
        RustCheck::Skipped => Ok(None),
        #[cfg(test)]
        RustCheck::Given(verdict) => Ok(Some(verdict.clone())),
        RustCheck::Linter => {
            if !semver_check::installed() {
                return Err(format!(
                    "the generated code changed, and cargo-semver-checks {version} is needed \
                     to tell what that does to its Rust API: \
                     cargo install --locked cargo-semver-checks@{version} \
                     (or `cargo xtask regen --no-semver-check` to follow the API-level \
                     classification alone)",
                    version = semver_check::VERSION
                ));
            }
            let work = target_dir(root).join("semver-regen");
            let staged = work.join("new");
            let _ = std::fs::remove_dir_all(&staged);
            write_files(&staged, files)
                .map_err(|error| format!("cannot stage the new client: {error}"))?;
            semver_check::as_own_workspace(&staged, root)?;
            let verdict = semver_check::compare(
                client_dir,
                &staged,
                &target_dir(root).join("semver-checks"),
            )?;
            Ok(Some(verdict.into_report_verdict()))
        }
    }
}

/// Compares the committed client of the workspace at `root` with a fresh
/// generation (the changelog is history kept by `regen`, so it is not compared).
fn check_at(root: &Path) -> Result<(), String> {
    let client_dir = root.join(CLIENT_DIR);
    let previous_spec = std::fs::read_to_string(client_dir.join(GENERATED_FROM)).ok();
    let kept_names = committed_type_names(&client_dir, previous_spec.as_deref())?;
    let files = generate_client(
        root,
        &read_spec(root)?,
        &current_version(&client_dir),
        &kept_names,
    )?;
    let changes = compare(&client_dir, &files, &[CHANGELOG]);
    if changes.is_empty() {
        println!(
            "{CLIENT_DIR}/ matches the generator output ({} files)",
            files.len()
        );
        return Ok(());
    }
    print!("{}", describe_changes(&changes));
    Err(format!(
        "{CLIENT_DIR}/ is stale or edited by hand: run `cargo xtask regen` and commit the result"
    ))
}

/// One file that differs between the committed crate and a fresh generation.
struct FileChange {
    path: String,
    kind: ChangeKind,
    added: usize,
    removed: usize,
}

enum ChangeKind {
    Added,
    Removed,
    Modified,
}

fn compare(client_dir: &Path, files: &[GeneratedFile], ignored: &[&str]) -> Vec<FileChange> {
    let mut changes = Vec::new();
    for file in files {
        match std::fs::read_to_string(client_dir.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(existing) => {
                let (added, removed) = line_counts(&existing, &file.contents);
                changes.push(FileChange {
                    path: file.path.clone(),
                    kind: ChangeKind::Modified,
                    added,
                    removed,
                });
            }
            Err(_) => changes.push(FileChange {
                path: file.path.clone(),
                kind: ChangeKind::Added,
                added: file.contents.lines().count(),
                removed: 0,
            }),
        }
    }
    for path in files_on_disk(client_dir) {
        if !ignored.contains(&path.as_str()) && !files.iter().any(|file| file.path == path) {
            let removed = std::fs::read_to_string(client_dir.join(&path))
                .map_or(0, |text| text.lines().count());
            changes.push(FileChange {
                path,
                kind: ChangeKind::Removed,
                added: 0,
                removed,
            });
        }
    }
    changes
}

/// The changelog with `entry` on top, under the file's title.
fn prepend_entry(changelog: &str, entry: &str) -> String {
    const TITLE: &str = "# Changelog\n";
    let history = changelog
        .strip_prefix(TITLE)
        .unwrap_or(changelog)
        .trim_start();
    let mut updated = format!("{TITLE}\n{}", entry.trim_end());
    if !history.is_empty() {
        updated.push_str("\n\n");
        updated.push_str(history.trim_end());
    }
    updated.push('\n');
    updated
}

fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(old, new);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => counts.0 += 1,
            ChangeTag::Delete => counts.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    counts
}

fn describe_changes(changes: &[FileChange]) -> String {
    let (added, removed) = changes.iter().fold((0, 0), |(added, removed), change| {
        (added + change.added, removed + change.removed)
    });
    let mut text = format!("{} files differ (+{added} -{removed}):\n", changes.len());
    for change in changes {
        let kind = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        };
        let _ = writeln!(
            text,
            "  {kind:<8} {CLIENT_DIR}/{} (+{} -{})",
            change.path, change.added, change.removed
        );
    }
    text
}

/// One filesystem step of [`swap_in`], in order. Tests make each fail in turn
/// (as a crash there would stop the run) to show that the committed crate
/// exists at every instant and that the next run clears what was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SwapStep {
    /// Restoring a crate a crashed fallback swap left aside, removing the
    /// rest; done first, whether or not the client then changes.
    ClearLeftovers,
    /// Writing the new crate into the staging directory.
    WriteStaging,
    /// Exchanging the staging directory with the committed crate in one
    /// rename (Linux `renameat2(RENAME_EXCHANGE)`), or moving it in when
    /// there is no committed crate yet.
    Exchange,
    /// Fallback where exchange is unsupported: moving the committed crate aside.
    MoveAside,
    /// Fallback: moving the new crate into place.
    MoveIn,
    /// Removing the old crate, now in the staging (or aside) directory.
    RemoveOld,
}

/// What a step does before it touches the disk: nothing, outside tests.
type StepHook<'a> = &'a mut dyn FnMut(SwapStep) -> std::io::Result<()>;

/// Staging directories are `regen-<pid>`, crates moved aside `previous-<pid>`.
const STAGING_PREFIX: &str = "regen-";
const ASIDE_PREFIX: &str = "previous-";

/// Writes the new crate into a staging directory, then exchanges it with the
/// committed one in a single rename, so `generated-client/` is at every
/// instant either the old crate or the new one. On any failure the committed
/// crate is left as it was; what an interrupted run leaves under
/// `target/xtask/` is cleared by the next one.
fn swap_in(
    root: &Path,
    client_dir: &Path,
    files: &[GeneratedFile],
    hook: StepHook,
) -> Result<(), String> {
    let staging_parent = staging_parent(root);
    let staging = staging_parent.join(format!("{STAGING_PREFIX}{}", std::process::id()));
    let written = hook(SwapStep::WriteStaging).and_then(|()| write_files(&staging, files));
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!(
            "regeneration failed, {CLIENT_DIR}/ left untouched: {error}"
        ));
    }
    if !client_dir.exists() {
        return hook(SwapStep::Exchange)
            .and_then(|()| std::fs::rename(&staging, client_dir))
            .map_err(|error| format!("cannot move the new crate into place: {error}"));
    }
    let old = match hook(SwapStep::Exchange).and_then(|()| exchange(&staging, client_dir)) {
        Ok(()) => staging,
        Err(error) if error.kind() == std::io::ErrorKind::Unsupported => {
            let aside = staging_parent.join(format!("{ASIDE_PREFIX}{}", std::process::id()));
            move_aside_and_in(&staging, client_dir, &aside, hook)?;
            aside
        }
        Err(error) => {
            return Err(format!(
                "cannot swap the new crate in, {CLIENT_DIR}/ left untouched: {error}"
            ))
        }
    };
    hook(SwapStep::RemoveOld)
        .and_then(|()| std::fs::remove_dir_all(&old))
        .map_err(|error| {
            format!(
                "{CLIENT_DIR}/ is regenerated, but the old crate stays in {}: {error}",
                old.display()
            )
        })
}

/// Where `regen` stages new crates and moves old ones.
fn staging_parent(root: &Path) -> std::path::PathBuf {
    root.join("target").join("xtask")
}

/// Exchanges two directories atomically; `Unsupported` where the system or
/// filesystem cannot.
#[cfg(target_os = "linux")]
fn exchange(first: &Path, second: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, first, CWD, second, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {
            Err(std::io::ErrorKind::Unsupported.into())
        }
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_first: &Path, _second: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The fallback swap: two renames. Between them the committed crate is
/// only in `aside`, which the next run's [`clear_leftovers`] moves back.
fn move_aside_and_in(
    staging: &Path,
    client_dir: &Path,
    aside: &Path,
    hook: StepHook,
) -> Result<(), String> {
    hook(SwapStep::MoveAside)
        .and_then(|()| std::fs::rename(client_dir, aside))
        .map_err(|error| format!("cannot move {} aside: {error}", client_dir.display()))?;
    if let Err(error) = hook(SwapStep::MoveIn).and_then(|()| std::fs::rename(staging, client_dir)) {
        let _ = std::fs::rename(aside, client_dir);
        return Err(format!(
            "cannot move the new crate into place, {CLIENT_DIR}/ restored: {error}"
        ));
    }
    Ok(())
}

/// Puts back a committed crate that an interrupted fallback swap left aside,
/// then removes every staging and aside directory of earlier runs.
fn clear_leftovers(staging_parent: &Path, client_dir: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(staging_parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(name, _)| name.starts_with(STAGING_PREFIX) || name.starts_with(ASIDE_PREFIX))
        .collect();
    leftovers.sort();
    if !client_dir.exists() {
        if let Some((_, aside)) = leftovers
            .iter()
            .find(|(name, _)| name.starts_with(ASIDE_PREFIX))
        {
            std::fs::rename(aside, client_dir)?;
        }
    }
    for (_, path) in leftovers.iter().filter(|(_, path)| path.exists()) {
        std::fs::remove_dir_all(path)?;
    }
    Ok(())
}

fn write_files(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.contents)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client_files::{EXAMPLES_DIR, SPEC_FILE};
    use openapi_client_gen::diff::Bump;
    use openapi_client_gen::model::KeptNames;
    use serde_json::json;

    fn verdict(change: RustApiChange) -> RustCheck {
        RustCheck::Given(RustApiVerdict {
            linter: "the linter".to_owned(),
            change,
            lints: vec!["constructible_struct_adds_field: struct Ping".to_owned()],
        })
    }

    #[test]
    fn the_rust_verdict_raises_the_bump_and_is_reported_beside_the_api_change() {
        let root = scratch_workspace("rust-verdict", SPEC);
        regen_at(&root, false).unwrap();
        std::fs::write(root.join(SPEC_FILE), SPEC_WITH_OPERATION).unwrap();
        let output = regen_with(&root, false, &verdict(RustApiChange::Breaking), &mut |_| {
            Ok(())
        })
        .unwrap();
        let client_dir = root.join(CLIENT_DIR);
        assert_eq!(
            current_version(&client_dir),
            "0.2.0",
            "an added operation alone is a patch; the Rust-level break makes it minor"
        );
        assert!(
            output.contains("Rust API, by the linter: the public Rust API breaks (constructible_struct_adds_field: struct Ping)."),
            "{output}"
        );
        let changelog = std::fs::read_to_string(client_dir.join(CHANGELOG)).unwrap();
        assert!(
            changelog.contains("minor bump: the Rust API breaks, below 1.0"),
            "{changelog}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    const SPEC_NAMES: &str = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "VERSION"}, "paths": {},
        "components": {"schemas": {"Order": {"type": "object", "properties": {NEWCOMER
            "shipping": {"type": "object", "properties": {
                "city": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}"#;

    #[test]
    fn a_schema_added_ahead_of_a_name_it_wants_does_not_rename_the_committed_type() {
        let spec = |version: &str, newcomer: &str| {
            SPEC_NAMES
                .replace("VERSION", version)
                .replace("NEWCOMER", newcomer)
        };
        let root = scratch_workspace("kept-names", &spec("1", ""));
        regen_at(&root, false).unwrap();
        let newcomer =
            r#""shippingCity": {"type": "object", "properties": {"zip": {"type": "string"}}},"#;
        std::fs::write(root.join(SPEC_FILE), spec("2", newcomer)).unwrap();
        let output = regen_at(&root, false).unwrap();
        let models = std::fs::read_to_string(root.join(CLIENT_DIR).join("src/models.rs")).unwrap();
        let fields_of = |name: &str| {
            let start = models
                .find(&format!("pub struct {name} {{"))
                .unwrap_or_else(|| panic!("{name} in\n{models}"));
            models[start..].split_once("\n}").unwrap().0.to_owned()
        };
        assert!(
            fields_of("OrderShippingCity").contains("pub name:"),
            "{models}"
        );
        assert!(
            fields_of("OrderShippingCity2").contains("pub zip:"),
            "{models}"
        );
        // The report sees one addition, not a renamed type.
        assert!(output.contains("0.1.0 -> 0.1.1"), "{output}");
        check_at(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_generator_change_the_linter_calls_unchanged_keeps_the_version_and_says_so() {
        let root = scratch_workspace("generator-change-same-api", SPEC);
        regen_at(&root, false).unwrap();
        let client_rs = root.join(CLIENT_DIR).join("src/client.rs");
        let text = std::fs::read_to_string(&client_rs).unwrap();
        std::fs::write(&client_rs, text + "\n// made by an older generator\n").unwrap();
        let output = regen_at(&root, false).unwrap();
        assert!(output.contains("finds its Rust API unchanged"), "{output}");
        assert_eq!(current_version(&root.join(CLIENT_DIR)), "0.1.0");
        check_at(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_generator_change_alone_is_bumped_by_the_rust_verdict() {
        let root = scratch_workspace("generator-change", SPEC);
        regen_at(&root, false).unwrap();
        // The committed code differs from what the generator makes now, the
        // spec copy does not: as after a change of the generator.
        let client_rs = root.join(CLIENT_DIR).join("src/client.rs");
        let text = std::fs::read_to_string(&client_rs).unwrap();
        std::fs::write(&client_rs, text + "\n// made by an older generator\n").unwrap();
        regen_with(&root, false, &verdict(RustApiChange::Additive), &mut |_| {
            Ok(())
        })
        .unwrap();
        assert_eq!(current_version(&root.join(CLIENT_DIR)), "0.1.1");
        let changelog = std::fs::read_to_string(root.join(CLIENT_DIR).join(CHANGELOG)).unwrap();
        assert!(changelog.contains("Rust API additions"), "{changelog}");
        check_at(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// A throwaway workspace with a spec and, optionally, a committed client.
    fn scratch_workspace(name: &str, spec: &str) -> std::path::PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).unwrap();
        std::fs::write(root.join(SPEC_FILE), spec).unwrap();
        root
    }

    const SPEC: &str =
        r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;

    #[test]
    fn regen_then_check_passes_and_an_edit_fails_it() {
        let root = scratch_workspace("roundtrip", SPEC);
        regen_at(&root, false).unwrap();
        check_at(&root).unwrap();
        let lib = root.join(CLIENT_DIR).join("src/lib.rs");
        std::fs::write(&lib, "// edited by hand\n").unwrap();
        assert!(check_at(&root)
            .unwrap_err()
            .contains("stale or edited by hand"));
        regen_at(&root, false).unwrap();
        check_at(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn failed_regen_leaves_the_committed_client_untouched() {
        let root = scratch_workspace("failure", SPEC);
        regen_at(&root, false).unwrap();
        let before = snapshot(&root.join(CLIENT_DIR));
        std::fs::write(root.join(SPEC_FILE), "{ not json").unwrap();
        let error = regen_at(&root, false).unwrap_err();
        assert!(error.contains("not valid JSON"), "{error}");
        assert_eq!(snapshot(&root.join(CLIENT_DIR)), before);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn extra_files_in_the_client_are_reported() {
        let root = scratch_workspace("extra", SPEC);
        regen_at(&root, false).unwrap();
        std::fs::write(root.join(CLIENT_DIR).join("src/notes.rs"), "// mine\n").unwrap();
        let spec = read_spec(&root).unwrap();
        let changes = compare(
            &root.join(CLIENT_DIR),
            &generate_client(&root, &spec, "0.1.0", &KeptNames::default()).unwrap(),
            &[],
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "src/notes.rs");
        assert!(matches!(changes[0].kind, ChangeKind::Removed));
        std::fs::remove_dir_all(&root).unwrap();
    }

    const SPEC_WITH_OPERATION: &str = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "2"},
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "pong"}}}}}}"#;

    #[test]
    fn a_spec_change_bumps_the_version_and_is_logged() {
        let root = scratch_workspace("bump", SPEC);
        regen_at(&root, false).unwrap();
        let client_dir = root.join(CLIENT_DIR);
        assert_eq!(current_version(&client_dir), "0.1.0");
        assert!(!client_dir.join(CHANGELOG).exists());

        std::fs::write(root.join(SPEC_FILE), SPEC_WITH_OPERATION).unwrap();
        regen_at(&root, false).unwrap();
        assert_eq!(
            current_version(&client_dir),
            "0.1.1",
            "an added operation is a patch below 1.0"
        );
        check_at(&root).unwrap();

        std::fs::write(root.join(SPEC_FILE), SPEC).unwrap();
        regen_at(&root, false).unwrap();
        assert_eq!(
            current_version(&client_dir),
            "0.2.0",
            "a removed operation is breaking"
        );
        check_at(&root).unwrap();

        let changelog = std::fs::read_to_string(client_dir.join(CHANGELOG)).unwrap();
        let newest = changelog
            .find("## signicat-sign-client 0.2.0")
            .expect("newest entry");
        let older = changelog
            .find("## signicat-sign-client 0.1.1")
            .expect("older entry");
        assert!(
            changelog.starts_with("# Changelog\n") && newest < older,
            "{changelog}"
        );
        assert!(changelog.contains("`ping` removed"), "{changelog}");
        assert!(changelog.contains("`ping` added"), "{changelog}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// A scratch copy of the parts of this workspace that `regen` reads and
    /// writes: the spec, the committed client, the examples it ships and the
    /// lockfile.
    fn copy_of_workspace(name: &str) -> std::path::PathBuf {
        let source = workspace_root();
        let root = scratch_workspace(name, &read_spec(&source).unwrap());
        for dir in [CLIENT_DIR, EXAMPLES_DIR] {
            for path in files_on_disk(&source.join(dir)) {
                let copy = root.join(dir).join(&path);
                std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
                std::fs::copy(source.join(dir).join(&path), copy).unwrap();
            }
        }
        std::fs::copy(source.join(LOCKFILE), root.join(LOCKFILE)).unwrap();
        root
    }

    /// The spec change of a typical release: a new required request field, a
    /// new optional response field, a removed enum value and a new version.
    /// Returns the spec's old and new version.
    fn apply_sample_spec_change(root: &Path) -> (String, String) {
        let mut spec: serde_json::Value = serde_json::from_str(&read_spec(root).unwrap()).unwrap();
        let schemas = &mut spec["components"]["schemas"];
        let request = &mut schemas["MerchantSignRequest"];
        request["properties"]["reference"] =
            json!({"type": "string", "description": "The merchant's reference for the order."});
        request["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("reference"));
        schemas["MerchantSignResult"]["properties"]["signedAt"] =
            json!({"type": "string", "format": "date-time", "description": "When it was signed."});
        schemas["SigningVendor"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|value| value != "AUDKENNI");
        let old_version = spec["info"]["version"].as_str().unwrap().to_owned();
        let new_version = bumped_version(&old_version, Bump::Minor);
        spec["info"]["version"] = json!(new_version);
        let text = serde_json::to_string_pretty(&spec).unwrap() + "\n";
        std::fs::write(root.join(SPEC_FILE), text).unwrap();
        (old_version, new_version)
    }

    #[test]
    fn a_spec_change_touches_only_the_files_whose_content_it_changes() {
        let root = copy_of_workspace("spec-change-files");
        let before: std::collections::BTreeMap<_, _> = snapshot(&root).into_iter().collect();
        apply_sample_spec_change(&root);
        regen_at(&root, false).unwrap();
        let after: std::collections::BTreeMap<_, _> = snapshot(&root).into_iter().collect();
        let changed: Vec<&str> = before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path))
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            changed,
            [
                "Cargo.lock",
                "generated-client/CHANGELOG.md",
                "generated-client/Cargo.toml",
                "generated-client/README.md",
                "generated-client/openapi.json",
                "generated-client/src/lib.rs",
                "generated-client/src/models.rs",
                "spec/sign-openapi.json",
            ]
        );
        let version = current_version(&root.join(CLIENT_DIR));
        assert!(
            after["Cargo.lock"].contains(&format!(
                "name = \"{CRATE_NAME}\"\nversion = \"{version}\"\n"
            )),
            "the lockfile names the new version {version}"
        );
        check_at(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_spec_change_ends_with_the_next_steps_and_writes_the_report() {
        let root = copy_of_workspace("spec-change-steps");
        let previous_spec = read_spec(&root).unwrap();
        let crate_version = current_version(&root.join(CLIENT_DIR));
        let (old_version, new_version) = apply_sample_spec_change(&root);
        let output = regen_at(&root, false).unwrap();

        let next_crate_version = bumped_version(&crate_version, Bump::Minor);
        let expected_end = format!(
            "The change report is in target/spec-change.md.

Next steps, from the workspace root:
  1. Review the snapshot changes (`cargo install cargo-insta` gives `cargo insta review`; without it, accept all and read the diff):
       INSTA_UPDATE=always cargo test -p integration-tests --test snapshots
       git diff tests/snapshots
  2. Run the tests:
       cargo test --workspace
  3. Commit, and use target/spec-change.md as the pull request description:
       git add spec generated-client tests/snapshots Cargo.lock
       git commit -m 'Signicat Sign API v2 {old_version} -> {new_version}: \
signicat-sign-client {crate_version} -> {next_crate_version} (minor bump)'
"
        );
        assert!(output.ends_with(&expected_end), "{output}");

        let report = std::fs::read_to_string(root.join(REPORT_FILE)).unwrap();
        let diff = diff_texts(
            &previous_spec,
            &read_spec(&root).unwrap(),
            &KeptNames::default(),
        )
        .unwrap();
        let diff = diff.with_rust_api(no_rust_change());
        assert_eq!(report, render_markdown(&diff, CRATE_NAME, &crate_version));
        for change in ["MerchantSignRequest", "MerchantSignResult", "AUDKENNI"] {
            assert!(report.contains(change), "{change} missing from\n{report}");
        }
        let changelog = std::fs::read_to_string(root.join(CLIENT_DIR).join(CHANGELOG)).unwrap();
        assert!(changelog.contains(report.trim_end()), "{changelog}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    const ALL_STEPS: [SwapStep; 6] = [
        SwapStep::ClearLeftovers,
        SwapStep::WriteStaging,
        SwapStep::Exchange,
        SwapStep::MoveAside,
        SwapStep::MoveIn,
        SwapStep::RemoveOld,
    ];

    /// Runs a regeneration that changes the client and stops at `failing` as
    /// a crash there would (`exchange_supported: false` takes the fallback).
    /// The committed crate must then be whole, old or new, and the next run
    /// must clear what was left and leave a clean, checked client.
    fn interrupt_at(failing: SwapStep, exchange_supported: bool) {
        let name = format!("interrupt-{failing:?}-{exchange_supported}");
        let root = scratch_workspace(&name, SPEC);
        regen_at(&root, false).unwrap();
        let client_dir = root.join(CLIENT_DIR);
        let old = snapshot(&client_dir);
        std::fs::write(root.join(SPEC_FILE), SPEC_WITH_OPERATION).unwrap();
        let mut steps = Vec::new();
        let result = regen_with(&root, false, &RustCheck::Skipped, &mut |step| {
            steps.push(step);
            if step == SwapStep::Exchange && !exchange_supported {
                return Err(std::io::ErrorKind::Unsupported.into());
            }
            if step == failing {
                return Err(std::io::Error::other("interrupted"));
            }
            Ok(())
        });
        let now = snapshot(&client_dir);
        if steps.contains(&failing) {
            assert!(result.is_err(), "{failing:?}: {result:?}");
            let swapped = matches!(failing, SwapStep::RemoveOld);
            assert_eq!(
                now == old,
                !swapped,
                "{failing:?}: the crate is whole, old or new"
            );
        } else {
            result.unwrap();
        }
        assert!(!now.is_empty(), "{failing:?}: {CLIENT_DIR}/ exists");

        regen_at(&root, false).unwrap();
        check_at(&root).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(root.join("target/xtask"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert!(leftovers.is_empty(), "{failing:?}: {leftovers:?}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_interrupted_swap_leaves_a_whole_client_and_is_cleared_next_time() {
        for step in ALL_STEPS {
            interrupt_at(step, true);
        }
    }

    #[test]
    fn the_fallback_swap_restores_a_client_left_aside() {
        // Exchange failing as unsupported is what takes the fallback.
        for step in ALL_STEPS
            .into_iter()
            .filter(|step| *step != SwapStep::Exchange)
        {
            interrupt_at(step, false);
        }
    }

    /// The generator emits in document order, so the canonical form must keep
    /// it: fetching the very document the client came from changes nothing.
    #[test]
    fn fetching_the_committed_spec_again_changes_nothing() {
        use crate::spec_fetch::{fetch_into, SpecSource};
        let root = copy_of_workspace("refetch");
        let published = root.join("published.json");
        std::fs::copy(root.join(SPEC_FILE), &published).unwrap();
        let before = snapshot(&root.join(CLIENT_DIR));
        let spec_before = read_spec(&root).unwrap();
        fetch_into(&root, &SpecSource::File(published)).unwrap();
        assert_eq!(read_spec(&root).unwrap(), spec_before, "the spec's bytes");
        let output = regen_at(&root, false).unwrap();
        assert!(output.contains("is up to date"), "{output}");
        assert_eq!(snapshot(&root.join(CLIENT_DIR)), before);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_directories_in_one_step() {
        let root = scratch_workspace("exchange", SPEC);
        let (first, second) = (root.join("first"), root.join("second"));
        for (dir, text) in [(&first, "1"), (&second, "2")] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("file"), text).unwrap();
        }
        exchange(&first, &second).unwrap();
        assert_eq!(std::fs::read_to_string(first.join("file")).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(second.join("file")).unwrap(), "1");
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// A crash between the fallback's two renames leaves no committed crate
    /// until the next run puts it back.
    #[test]
    fn a_client_left_aside_by_a_crash_is_put_back() {
        let root = scratch_workspace("aside", SPEC);
        regen_at(&root, false).unwrap();
        let client_dir = root.join(CLIENT_DIR);
        let old = snapshot(&client_dir);
        let aside = root.join("target/xtask").join(format!("{ASIDE_PREFIX}1"));
        std::fs::rename(&client_dir, &aside).unwrap();
        std::fs::create_dir_all(root.join("target/xtask/regen-1/src")).unwrap();
        clear_leftovers(&root.join("target/xtask"), &client_dir).unwrap();
        assert_eq!(snapshot(&client_dir), old);
        assert!(!aside.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        files_on_disk(dir)
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(dir.join(&path)).unwrap();
                (path, text)
            })
            .collect()
    }
}
