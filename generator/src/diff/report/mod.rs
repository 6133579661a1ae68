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

/// What an empty diff says: nothing changed, or only the generated code did
/// (a generator change, which the Rust-level verdict then describes).
fn no_changes_line(diff: &ApiDiff) -> &'static str {
    if diff.rust_api.is_some() {
        "No change to the API description; the generated code changed."
    } else {
        NO_CHANGES
    }
}

/// Past this many names a report gives the first few and counts the rest,
/// so one entry stays one line.
const NAMES_LISTED: usize = 4;

/// The change's sentence, then in parentheses the other copies it stands for
/// and the methods it affects, names Markdown-quoted.
fn sentence(change: &Change) -> String {
    let mut notes = Vec::new();
    if !change.also_in.is_empty() {
        notes.push(format!("also in {}", names(&change.also_in, "copies")));
    }
    if !change.affects.is_empty() {
        notes.push(format!("affects {}", names(&change.affects, "methods")));
    }
    if notes.is_empty() {
        return change.description.clone();
    }
    format!("{} ({})", change.description, notes.join("; "))
}

/// `` `a`, `b` ``, or past [`NAMES_LISTED`] `` 9 methods: `a`, `b`, `c` and
/// 6 more ``.
fn names(items: &[String], noun: &str) -> String {
    let quoted = |items: &[String]| {
        items
            .iter()
            .map(|item| format!("`{item}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if items.len() <= NAMES_LISTED {
        return quoted(items);
    }
    let first = &items[..NAMES_LISTED - 1];
    let rest = items.len() - first.len();
    format!("{} {noun}: {} and {rest} more", items.len(), quoted(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(affects: usize, also_in: usize) -> Change {
        let numbered = |prefix: &str, count: usize| {
            (1..=count)
                .map(|index| format!("{prefix}{index}"))
                .collect::<Vec<_>>()
        };
        Change {
            impact: Impact::NonBreaking,
            subject: crate::diff::Subject::Type { name: "T".into() },
            description: "`T` deprecated".into(),
            affects: numbered("m", affects),
            also_in: numbered("P.p", also_in),
        }
    }

    #[test]
    fn nothing_to_note_adds_nothing() {
        assert_eq!(sentence(&change(0, 0)), "`T` deprecated");
    }

    #[test]
    fn a_handful_of_methods_are_all_named() {
        assert_eq!(sentence(&change(1, 0)), "`T` deprecated (affects `m1`)");
        assert_eq!(
            sentence(&change(4, 0)),
            "`T` deprecated (affects `m1`, `m2`, `m3`, `m4`)"
        );
    }

    #[test]
    fn more_methods_are_counted() {
        assert_eq!(
            sentence(&change(5, 0)),
            "`T` deprecated (affects 5 methods: `m1`, `m2`, `m3` and 2 more)"
        );
    }

    #[test]
    fn copies_come_before_methods() {
        assert_eq!(
            sentence(&change(1, 1)),
            "`T` deprecated (also in `P.p1`; affects `m1`)"
        );
    }
}
