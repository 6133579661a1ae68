//! Compares two API descriptions at the level a user of the generated client
//! thinks in (operations, parameters, fields, enum values, constraints) and
//! classes each change as breaking or not for callers of the client.
//!
//! The rule: a change is breaking when code written against the old client
//! stops compiling or a request it sends is now refused. Types change with
//! required-ness and nullability (`T` versus `Option<T>`), so those changes
//! are breaking in either direction; enums are `#[non_exhaustive]`, so new
//! values are not.
//!
//! `operations.rs`, `types.rs` and `constraints.rs` hold the rules, `keyed.rs`
//! the pairing of old and new items they all start from and `subject.rs`
//! what a change is about. `reach.rs` and `affected.rs` find the client
//! methods each change affects; `hoisted.rs` and `copies.rs` tell changes to
//! inline schemas where the document has them. `semver.rs` holds the version
//! arithmetic and `report/` the three renderings.

mod affected;
mod constraints;
mod copies;
mod hoisted;
mod keyed;
mod operations;
mod reach;
mod report;
mod semver;
mod subject;
mod types;
mod wording;

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::ApiModel;

pub use report::{render_json, render_markdown, render_text};
pub use semver::{bumped_version, Bump, RustApiChange, RustApiVerdict};
pub use subject::Subject;

/// Whether callers of the generated client must change their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Existing calls may stop compiling or behave differently.
    Breaking,
    /// Existing calls keep working.
    NonBreaking,
}

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether callers must change their code.
    pub impact: Impact,
    /// What the change is about.
    pub subject: Subject,
    /// The change in a sentence, names in backticks.
    pub description: String,
    /// The client methods whose calls the change concerns, sorted.
    pub affects: Vec<String>,
    /// Paths of further copies of the same inline schema that changed the
    /// same way; this entry stands for them too.
    pub also_in: Vec<String>,
}

/// Reports list changes by impact, then by the kind of subject and the
/// sentence, so a reader finds related entries together.
impl Ord for Change {
    fn cmp(&self, other: &Self) -> Ordering {
        self.impact
            .cmp(&other.impact)
            .then_with(|| self.subject.label().cmp(other.subject.label()))
            .then_with(|| self.description.cmp(&other.description))
            .then_with(|| self.subject.cmp(&other.subject))
            .then_with(|| self.affects.cmp(&other.affects))
            .then_with(|| self.also_in.cmp(&other.also_in))
    }
}

impl PartialOrd for Change {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// All changes between two descriptions, breaking ones first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiDiff {
    /// `info.version` of the old document.
    pub old_version: String,
    /// `info.version` of the new document.
    pub new_version: String,
    /// `info.title` of the new document.
    pub title: String,
    /// Every change, breaking ones first.
    pub changes: Vec<Change>,
    /// What a Rust semver linter said of the two generated crates, when one
    /// was asked ([`ApiDiff::with_rust_api`]): the bump is never below it.
    pub rust_api: Option<RustApiVerdict>,
}

impl ApiDiff {
    /// The same diff with the Rust-level verdict on the generated crates.
    pub fn with_rust_api(mut self, verdict: RustApiVerdict) -> Self {
        self.rust_api = Some(verdict);
        self
    }

    /// Whether the two documents describe the same client.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|change| change.impact == Impact::Breaking)
    }
}

/// Compares `old` with `new`.
pub fn diff_models(old: &ApiModel, new: &ApiModel) -> ApiDiff {
    let comparison = Comparison::new(old, new);
    let mut changes = Changes::default();
    operations::diff_operations(&comparison, &mut changes);
    types::diff_types(&comparison, &mut changes);
    ApiDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        title: new.title.clone(),
        changes: annotated(changes, &comparison),
        rust_api: None,
    }
}

/// The changes in report order, each naming the methods it affects, with
/// changes to copies of one inline schema folded together.
fn annotated(changes: Changes, comparison: &Comparison) -> Vec<Change> {
    let affected = affected::AffectedMethods::of(comparison.old, comparison.new);
    let changes = changes
        .0
        .into_iter()
        .map(|change| Change {
            affects: affected.of_subject(&change.subject),
            ..change
        })
        .collect();
    let changes = copies::merge_copies(changes, &comparison.hoisted);
    copies::name_merged_copies(changes, comparison.new, &comparison.hoisted)
}

/// The two models under comparison and what the rules need to know about
/// both.
struct Comparison<'a> {
    old: &'a ApiModel,
    new: &'a ApiModel,
    /// Types sent in either version: new requirements and tighter limits on
    /// them refuse requests that used to pass.
    sent: reach::RequestUsage,
    /// Inline schemas, reported under their owners.
    hoisted: hoisted::HoistedTypes,
}

impl<'a> Comparison<'a> {
    fn new(old: &'a ApiModel, new: &'a ApiModel) -> Self {
        Self {
            old,
            new,
            sent: reach::RequestUsage::of(old).union(reach::RequestUsage::of(new)),
            hoisted: hoisted::HoistedTypes::of(old, new),
        }
    }
}

/// The changes found so far, ordered and without repeats (two rules may
/// notice the same change).
#[derive(Default)]
struct Changes(BTreeSet<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, subject: Subject, description: String) {
        self.0.insert(Change {
            impact,
            subject,
            description,
            affects: Vec::new(),
            also_in: Vec::new(),
        });
    }

    fn breaking(&mut self, subject: Subject, description: String) {
        self.push(Impact::Breaking, subject, description);
    }

    fn non_breaking(&mut self, subject: Subject, description: String) {
        self.push(Impact::NonBreaking, subject, description);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: Impact, subject: Subject, description: &str) -> Change {
        Change {
            impact,
            subject,
            description: description.to_owned(),
            affects: Vec::new(),
            also_in: Vec::new(),
        }
    }

    #[test]
    fn changes_sort_by_impact_kind_then_sentence() {
        let field = Subject::Field {
            owner: "A".into(),
            name: "x".into(),
        };
        let operation = Subject::Operation {
            operation: "a".into(),
        };
        let mut changes = [
            change(
                Impact::NonBreaking,
                field.clone(),
                "`A`: optional field `x` added",
            ),
            change(Impact::Breaking, operation.clone(), "`a` removed"),
            change(Impact::NonBreaking, field.clone(), "`A.x` deprecated"),
            change(Impact::Breaking, field, "`Z.x` removed"),
        ];
        changes.sort();
        let order: Vec<&str> = changes
            .iter()
            .map(|change| change.description.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "`Z.x` removed",
                "`a` removed",
                "`A.x` deprecated",
                "`A`: optional field `x` added"
            ]
        );
    }
}
