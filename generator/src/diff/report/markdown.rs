//! The report as Markdown, for a pull request or a CHANGELOG entry: headed by
//! the crate's next version, so it can be prepended to the changelog as is.

use super::{grouped, no_changes_line, sentence};
use crate::diff::semver::{bump_sentence, bumped_version, rust_api_sentence};
use crate::diff::ApiDiff;

/// The report as Markdown, for a pull request or a CHANGELOG entry.
pub fn render_markdown(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let next = bumped_version(current_version, diff.bump_for(current_version));
    let mut lines = vec![
        format!("## {crate_name} {next}"),
        String::new(),
        format!(
            "{} {} -> {}.",
            diff.title, diff.old_version, diff.new_version
        ),
    ];
    for group in grouped(diff, ["Breaking changes", "Non-breaking changes"]) {
        lines.extend([
            String::new(),
            format!("### {}", group.heading),
            String::new(),
        ]);
        lines.extend(
            group
                .changes
                .iter()
                .map(|change| format!("- {}: {}", change.subject, sentence(change))),
        );
    }
    if diff.is_empty() {
        lines.extend([String::new(), no_changes_line(diff).to_owned()]);
    }
    if let Some(rust_api) = rust_api_sentence(diff) {
        lines.extend([String::new(), rust_api]);
    }
    lines.extend([
        String::new(),
        bump_sentence(diff, crate_name, current_version),
    ]);
    lines.join("\n") + "\n"
}
