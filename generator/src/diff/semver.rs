//! The version step a change of the API asks of the generated crate.

use serde::Serialize;

use super::ApiDiff;

/// The semver step the generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// No change to the client.
    None,
    /// `x.y.Z`: fixes and additions below 1.0.
    Patch,
    /// `x.Y.0`: additions, or breaking changes below 1.0.
    Minor,
    /// `X.0.0`: breaking changes from 1.0 on.
    Major,
}

/// A Rust semver linter's verdict on the crates generated from two documents
/// (cargo-semver-checks, run by the maintainers' tooling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustApiVerdict {
    /// The linter and its version, for the report (`cargo-semver-checks 0.51.0`).
    pub linter: String,
    /// How the public API changed in Rust terms.
    pub change: RustApiChange,
    /// The lints that decided it, each with the first item it names.
    pub lints: Vec<String>,
}

/// How the public Rust API of the generated crate changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustApiChange {
    /// Nothing that needs a release in Rust terms (an added field of a
    /// `non_exhaustive` struct, say).
    None,
    /// Compatible changes that need a minor release in Rust terms (an item
    /// newly deprecated, say).
    Additive,
    /// Code that compiled against the old crate may not compile: a major
    /// release in Rust terms.
    Breaking,
}

/// The bump a change asks of a crate at `version`: by the 0.x rules below
/// 1.0 (breaking bumps the minor part, anything else the patch part),
/// because Cargo treats `0.x` minor releases as incompatible.
fn bump_by_rules(changed: bool, breaking: bool, version: &str) -> Bump {
    if !changed {
        return Bump::None;
    }
    let below_one = version.split('.').next() == Some("0");
    match (breaking, below_one) {
        (true, true) => Bump::Minor,
        (true, false) => Bump::Major,
        (false, true) => Bump::Patch,
        (false, false) => Bump::Minor,
    }
}

impl RustApiVerdict {
    /// The bump the Rust-level change asks of a crate at `version`.
    pub fn bump_for(&self, version: &str) -> Bump {
        bump_by_rules(
            self.change != RustApiChange::None,
            self.change == RustApiChange::Breaking,
            version,
        )
    }
}

impl ApiDiff {
    /// The bump for a crate at `version`: the larger of the API-level one
    /// and the Rust-level one, when the linter was asked.
    pub fn bump_for(&self, version: &str) -> Bump {
        let rust_level = self
            .rust_api
            .as_ref()
            .map_or(Bump::None, |verdict| verdict.bump_for(version));
        self.api_bump_for(version).max(rust_level)
    }

    /// The bump the API-level classification alone asks for.
    pub fn api_bump_for(&self, version: &str) -> Bump {
        bump_by_rules(!self.is_empty(), self.has_breaking(), version)
    }
}

/// `version` with `bump` applied (`0.1.3` + minor = `0.2.0`). Pre-release
/// and build suffixes are dropped; missing or unreadable parts count as 0.
pub fn bumped_version(version: &str, bump: Bump) -> String {
    let mut parts = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|part| part.parse::<u64>().unwrap_or(0));
    let mut next_part = || parts.next().unwrap_or(0);
    let (major, minor, patch) = (next_part(), next_part(), next_part());
    let (major, minor, patch) = match bump {
        Bump::None => return version.to_owned(),
        Bump::Patch => (major, minor, patch + 1),
        Bump::Minor => (major, minor + 1, 0),
        Bump::Major => (major + 1, 0, 0),
    };
    format!("{major}.{minor}.{patch}")
}

/// The closing line of the text and Markdown reports: the step and why.
pub(super) fn bump_sentence(diff: &ApiDiff, crate_name: &str, current_version: &str) -> String {
    let bump = diff.bump_for(current_version);
    let rust_raised = bump > diff.api_bump_for(current_version);
    let reason = match bump {
        Bump::None => return format!("{crate_name} stays at {current_version}."),
        Bump::Major | Bump::Minor if rust_raised && current_version.starts_with("0.") => {
            "the Rust API breaks, below 1.0"
        }
        Bump::Major if rust_raised => "the Rust API breaks",
        Bump::Minor | Bump::Patch if rust_raised => "Rust API additions",
        Bump::Major => "breaking changes",
        Bump::Minor if diff.has_breaking() => "breaking changes, below 1.0",
        Bump::Minor => "additions",
        Bump::Patch if current_version.starts_with("0.") => "no breaking changes, below 1.0",
        Bump::Patch => "fixes only",
    };
    let step = format!("{bump:?}").to_lowercase();
    format!(
        "Version: {crate_name} {current_version} -> {} ({step} bump: {reason}).",
        bumped_version(current_version, bump)
    )
}

/// The Rust-level reason beside the API-level one, when the linter was asked.
pub(super) fn rust_api_sentence(diff: &ApiDiff) -> Option<String> {
    let verdict = diff.rust_api.as_ref()?;
    let what = match verdict.change {
        RustApiChange::None => "compatible, no lint asks for a release".to_owned(),
        RustApiChange::Additive => "compatible, a minor release in Rust terms".to_owned(),
        RustApiChange::Breaking => "the public Rust API breaks".to_owned(),
    };
    let lints = if verdict.lints.is_empty() {
        String::new()
    } else {
        format!(" ({})", verdict.lints.join("; "))
    };
    Some(format!("Rust API, by {}: {what}{lints}.", verdict.linter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Impact, Subject};

    fn diff_with(impacts: &[Impact]) -> ApiDiff {
        let changes = impacts
            .iter()
            .map(|impact| Change {
                impact: *impact,
                subject: Subject::Type { name: "T".into() },
                description: "`T` changed".into(),
                affects: Vec::new(),
                also_in: Vec::new(),
            })
            .collect();
        ApiDiff {
            old_version: "1".into(),
            new_version: "2".into(),
            title: "t".into(),
            changes,
            rust_api: None,
        }
    }

    #[test]
    fn zero_x_rules() {
        let additions = diff_with(&[Impact::NonBreaking]);
        let breaking = diff_with(&[Impact::NonBreaking, Impact::Breaking]);
        assert_eq!(diff_with(&[]).bump_for("0.3.1"), Bump::None);
        assert_eq!(additions.bump_for("0.3.1"), Bump::Patch);
        assert_eq!(additions.bump_for("1.3.1"), Bump::Minor);
        assert_eq!(breaking.bump_for("0.3.1"), Bump::Minor);
        assert_eq!(breaking.bump_for("1.3.1"), Bump::Major);
    }

    fn rust_verdict(change: RustApiChange) -> RustApiVerdict {
        RustApiVerdict {
            linter: "linter 1.0".into(),
            change,
            lints: vec!["constructible_struct_adds_field: T".into()],
        }
    }

    #[test]
    fn the_rust_level_verdict_raises_the_bump_and_never_lowers_it() {
        let additions = diff_with(&[Impact::NonBreaking]);
        let raised = additions
            .clone()
            .with_rust_api(rust_verdict(RustApiChange::Breaking));
        assert_eq!(raised.bump_for("0.3.1"), Bump::Minor);
        assert_eq!(raised.api_bump_for("0.3.1"), Bump::Patch);
        assert_eq!(
            bump_sentence(&raised, "c", "0.3.1"),
            "Version: c 0.3.1 -> 0.4.0 (minor bump: the Rust API breaks, below 1.0)."
        );
        assert_eq!(
            rust_api_sentence(&raised).unwrap(),
            "Rust API, by linter 1.0: the public Rust API breaks \
             (constructible_struct_adds_field: T)."
        );
        let breaking =
            diff_with(&[Impact::Breaking]).with_rust_api(rust_verdict(RustApiChange::None));
        assert_eq!(breaking.bump_for("1.3.1"), Bump::Major);
        // A generator change alone: no API change, but the Rust API grew.
        let generator_only = diff_with(&[]).with_rust_api(rust_verdict(RustApiChange::Additive));
        assert_eq!(generator_only.bump_for("0.3.1"), Bump::Patch);
        assert_eq!(generator_only.bump_for("1.3.1"), Bump::Minor);
    }

    #[test]
    fn bumps_each_part_and_resets_the_lower_ones() {
        assert_eq!(bumped_version("0.3.1", Bump::None), "0.3.1");
        assert_eq!(bumped_version("0.3.1", Bump::Patch), "0.3.2");
        assert_eq!(bumped_version("0.3.1", Bump::Minor), "0.4.0");
        assert_eq!(bumped_version("1.3.1", Bump::Major), "2.0.0");
    }

    #[test]
    fn drops_suffixes_and_fills_missing_parts() {
        assert_eq!(bumped_version("1.2.3-beta.1", Bump::Patch), "1.2.4");
        assert_eq!(bumped_version("1.2.3+build", Bump::Minor), "1.3.0");
        assert_eq!(bumped_version("2", Bump::Patch), "2.0.1");
        assert_eq!(bumped_version("x.y", Bump::Minor), "0.1.0");
    }

    #[test]
    fn the_sentence_gives_the_reason() {
        let breaking = diff_with(&[Impact::Breaking]);
        assert_eq!(
            bump_sentence(&breaking, "c", "0.3.0"),
            "Version: c 0.3.0 -> 0.4.0 (minor bump: breaking changes, below 1.0)."
        );
        assert_eq!(
            bump_sentence(&diff_with(&[]), "c", "0.3.0"),
            "c stays at 0.3.0."
        );
    }
}
