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

/// Past this many methods a report names the first few and counts the rest,
/// so one line stays one line.
const METHODS_LISTED: usize = 4;

/// The change's sentence with the methods it affects, Markdown-quoted.
fn sentence(change: &Change) -> String {
    format!("{}{}", change.description, affects_text(&change.affects))
}

/// ` (affects `a`, `b`)`, or with a count past [`METHODS_LISTED`]; empty
/// when no method is affected.
fn affects_text(methods: &[String]) -> String {
    let quoted = |methods: &[String]| {
        methods
            .iter()
            .map(|method| format!("`{method}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match methods.len() {
        0 => String::new(),
        count if count <= METHODS_LISTED => format!(" (affects {})", quoted(methods)),
        count => {
            let first = &methods[..METHODS_LISTED - 1];
            let rest = count - first.len();
            format!(
                " (affects {count} methods: {} and {rest} more)",
                quoted(first)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn methods(count: usize) -> Vec<String> {
        (1..=count).map(|index| format!("m{index}")).collect()
    }

    #[test]
    fn no_methods_add_nothing() {
        assert_eq!(affects_text(&[]), "");
    }

    #[test]
    fn a_handful_of_methods_are_all_named() {
        assert_eq!(affects_text(&methods(1)), " (affects `m1`)");
        assert_eq!(
            affects_text(&methods(4)),
            " (affects `m1`, `m2`, `m3`, `m4`)"
        );
    }

    #[test]
    fn more_methods_are_counted() {
        assert_eq!(
            affects_text(&methods(5)),
            " (affects 5 methods: `m1`, `m2`, `m3` and 2 more)"
        );
    }
}
