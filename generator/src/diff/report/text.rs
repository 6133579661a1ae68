//! The report as plain text for a terminal: no Markdown, so names lose their
//! backticks.

use super::{grouped, no_changes_line, sentence};
use crate::diff::semver::{bump_sentence, rust_api_sentence};
use crate::diff::ApiDiff;

/// The report as plain text for a terminal.
pub fn render_text(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let mut lines = vec![format!(
        "API changes in {}: {} -> {}",
        diff.title, diff.old_version, diff.new_version
    )];
    for group in grouped(diff, ["Breaking", "Non-breaking"]) {
        lines.push(format!("{} ({}):", group.heading, group.changes.len()));
        lines.extend(group.changes.iter().map(|change| {
            let sentence = sentence(change).replace('`', "");
            format!("  - {}: {sentence}", change.subject)
        }));
    }
    if diff.is_empty() {
        lines.push(no_changes_line(diff).to_owned());
    }
    lines.extend(rust_api_sentence(diff).map(|line| line.replace('`', "")));
    lines.push(bump_sentence(diff, crate_name, current_version));
    lines.join("\n") + "\n"
}
