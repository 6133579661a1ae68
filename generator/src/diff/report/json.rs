//! The report as JSON, for tools: the diff itself, then the crate's version
//! step.

use serde::Serialize;

use crate::diff::semver::bumped_version;
use crate::diff::{ApiDiff, Bump, Change, RustApiVerdict};

/// The document `render_json` writes, its fields in this order.
#[derive(Serialize)]
struct Report<'a> {
    old_version: &'a str,
    new_version: &'a str,
    title: &'a str,
    changes: &'a [Change],
    #[serde(skip_serializing_if = "Option::is_none")]
    rust_api: Option<&'a RustApiVerdict>,
    crate_name: &'a str,
    current_version: &'a str,
    bump: Bump,
    next_version: String,
}

/// The report as JSON, for tools. Fails only if serde_json does, which for
/// strings, lists and unit enums it does not; the error is passed on rather
/// than replaced by an empty report.
pub fn render_json(
    diff: &ApiDiff,
    crate_name: &str,
    current_version: &str,
) -> Result<String, serde_json::Error> {
    let bump = diff.bump_for(current_version);
    let report = Report {
        old_version: &diff.old_version,
        new_version: &diff.new_version,
        title: &diff.title,
        changes: &diff.changes,
        rust_api: diff.rust_api.as_ref(),
        crate_name,
        current_version,
        bump,
        next_version: bumped_version(current_version, bump),
    };
    Ok(serde_json::to_string_pretty(&report)? + "\n")
}
