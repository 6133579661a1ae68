//! The report of an [`ApiDiff`] in three renderings: plain text for a
//! terminal, Markdown for a pull request or changelog, JSON for tools.

mod json;
mod markdown;
mod text;

pub use json::render_json;
pub use markdown::render_markdown;
pub use text::render_text;

use super::{ApiDiff, Change, Impact};

/// The changes of one impact under their heading.
struct Group<'diff> {
    heading: &'static str,
    changes: Vec<&'diff Change>,
}

/// The breaking, then the non-breaking changes, each under its heading;
/// empty groups are left out.
fn grouped<'diff>(diff: &'diff ApiDiff, headings: [&'static str; 2]) -> Vec<Group<'diff>> {
    [Impact::Breaking, Impact::NonBreaking]
        .into_iter()
        .zip(headings)
        .map(|(impact, heading)| Group {
            heading,
            changes: diff
                .changes
                .iter()
                .filter(|change| change.impact == impact)
                .collect(),
        })
        .filter(|group| !group.changes.is_empty())
        .collect()
}

const NO_CHANGES: &str = "No changes that affect the client.";
