//! What `regen` leaves the maintainer after a spec change: the workspace
//! lockfile naming the client's new version, the Markdown report for the pull
//! request description, and the exact commands that remain.

use std::path::Path;

use openapi_client_gen::diff::{bumped_version, render_markdown, ApiDiff, Bump};

use crate::client_files::CRATE_NAME;

/// The change report, written where `git` does not see it (`target/` is
/// ignored) and where a pull request tool can read it.
pub const REPORT_FILE: &str = "target/spec-change.md";
/// The workspace lockfile: it names the client's version, so a bump changes it.
pub const LOCKFILE: &str = "Cargo.lock";
/// The snapshot tests that hold every file of the client.
const SNAPSHOT_TESTS: &str = "cargo test -p integration-tests --test snapshots";

/// Sets the client's entry in the workspace lockfile at `root` to `version`,
/// as cargo would on the next build, so that the change lands in the same
/// commit as the bump. Returns whether the file changed; a workspace without
/// a lockfile, or one that does not list the client, is left alone.
pub fn sync_lockfile(root: &Path, version: &str) -> Result<bool, String> {
    let path = root.join(LOCKFILE);
    let Ok(lock) = std::fs::read_to_string(&path) else {
        return Ok(false);
    };
    match lock_with_version(&lock, CRATE_NAME, version) {
        Some(updated) if updated != lock => {
            std::fs::write(&path, updated)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `lock` with the `version` line of package `name` replaced, or `None` when
/// the lockfile has no such package.
fn lock_with_version(lock: &str, name: &str, version: &str) -> Option<String> {
    let name_line = format!("name = \"{name}\"");
    let lines: Vec<&str> = lock.split_inclusive('\n').collect();
    let position = lines.windows(3).position(|window| {
        window[0].trim_end() == "[[package]]"
            && window[1].trim_end() == name_line
            && window[2].starts_with("version = \"")
    })?;
    let version_line = position + 2;
    let mut updated = String::with_capacity(lock.len());
    for (index, line) in lines.iter().enumerate() {
        if index == version_line {
            updated.push_str(&format!("version = \"{version}\"\n"));
        } else {
            updated.push_str(line);
        }
    }
    Some(updated)
}

/// Writes the Markdown report of `diff` (for the crate at `current_version`)
/// to [`REPORT_FILE`] under `root`.
pub fn write_report(root: &Path, diff: &ApiDiff, current_version: &str) -> Result<(), String> {
    let path = root.join(REPORT_FILE);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(&path, render_markdown(diff, CRATE_NAME, current_version))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// The first line of the commit that takes the spec change: both spec
/// versions, both crate versions and the kind of bump.
pub fn commit_subject(diff: &ApiDiff, current_version: &str) -> String {
    let bump = diff.bump_for(current_version);
    let next_version = bumped_version(current_version, bump);
    let step = match bump {
        Bump::None => "no bump",
        Bump::Patch => "patch bump",
        Bump::Minor => "minor bump",
        Bump::Major => "major bump",
    };
    format!(
        "{} {} -> {}: {CRATE_NAME} {current_version} -> {next_version} ({step})",
        diff.title, diff.old_version, diff.new_version
    )
}

/// The commands that remain after `regen` took a spec change, run from the
/// workspace root. `insta_cli` says whether `cargo insta` is installed; without
/// it the snapshots are rewritten in place and reviewed as a `git diff`.
pub fn next_steps(
    diff: &ApiDiff,
    current_version: &str,
    lockfile_changed: bool,
    insta_cli: bool,
) -> String {
    let review = if insta_cli {
        "  1. Review the snapshot changes, accepting or rejecting each:\n       \
         cargo insta test --review -p integration-tests --test snapshots\n"
            .to_owned()
    } else {
        format!(
            "  1. Review the snapshot changes (`cargo install cargo-insta` gives \
             `cargo insta review`; without it, accept all and read the diff):\n       \
             INSTA_UPDATE=always {SNAPSHOT_TESTS}\n       \
             git diff tests/snapshots\n"
        )
    };
    let lockfile = if lockfile_changed {
        format!(" {LOCKFILE}")
    } else {
        String::new()
    };
    format!(
        "\nNext steps, from the workspace root:\n\
         {review}  \
         2. Run the tests:\n       \
         cargo test --workspace\n  \
         3. Commit, and use {REPORT_FILE} as the pull request description:\n       \
         git add spec generated-client tests/snapshots{lockfile}\n       \
         git commit -m {}\n",
        shell_quoted(&commit_subject(diff, current_version))
    )
}

/// `text` as one single-quoted shell word.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Whether `cargo-insta` is on the `PATH`, where cargo looks for subcommands.
pub fn insta_cli_installed() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path)
        .any(|dir| dir.join("cargo-insta").is_file() || dir.join("cargo-insta.exe").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "\
version = 4

[[package]]
name = \"serde\"
version = \"1.0.0\"

[[package]]
name = \"signicat-sign-client\"
version = \"0.1.0\"
dependencies = [
 \"serde\",
]
";

    #[test]
    fn only_the_clients_lock_entry_changes() {
        let updated = lock_with_version(LOCK, CRATE_NAME, "0.2.0").unwrap();
        assert_eq!(updated, LOCK.replace("0.1.0", "0.2.0"));
        assert_eq!(lock_with_version(LOCK, "other", "0.2.0"), None);
    }

    fn sample_diff(changes: usize) -> ApiDiff {
        ApiDiff {
            old_version: "1.0.0".into(),
            new_version: "1.1.0".into(),
            title: "Bob's API".into(),
            changes: (0..changes)
                .map(|index| openapi_client_gen::diff::Change {
                    impact: openapi_client_gen::diff::Impact::NonBreaking,
                    subject: openapi_client_gen::diff::Subject::Operation {
                        operation: format!("op{index}"),
                    },
                    description: format!("`op{index}` added"),
                    affects: vec![format!("op{index}")],
                    also_in: Vec::new(),
                })
                .collect(),
            rust_api: None,
        }
    }

    #[test]
    fn with_cargo_insta_the_review_is_interactive() {
        let steps = next_steps(&sample_diff(1), "0.3.0", false, true);
        assert_eq!(
            steps,
            "
Next steps, from the workspace root:
  1. Review the snapshot changes, accepting or rejecting each:
       cargo insta test --review -p integration-tests --test snapshots
  2. Run the tests:
       cargo test --workspace
  3. Commit, and use target/spec-change.md as the pull request description:
       git add spec generated-client tests/snapshots
       git commit -m 'Bob'\\''s API 1.0.0 -> 1.1.0: signicat-sign-client 0.3.0 -> 0.3.1 (patch bump)'
"
        );
    }

    #[test]
    fn a_version_change_alone_is_named_as_no_bump() {
        assert_eq!(
            commit_subject(&sample_diff(0), "0.3.0"),
            "Bob's API 1.0.0 -> 1.1.0: signicat-sign-client 0.3.0 -> 0.3.0 (no bump)"
        );
    }
}
