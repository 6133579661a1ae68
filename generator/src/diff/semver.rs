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

impl ApiDiff {
    /// The bump for a crate at `version`: by the 0.x rules below 1.0 (a
    /// breaking change bumps the minor part, anything else the patch part),
    /// because Cargo treats `0.x` minor releases as incompatible.
    pub fn bump_for(&self, version: &str) -> Bump {
        if self.is_empty() {
            return Bump::None;
        }
        let below_one = version.split('.').next() == Some("0");
        match (self.has_breaking(), below_one) {
            (true, true) => Bump::Minor,
            (true, false) => Bump::Major,
            (false, true) => Bump::Patch,
            (false, false) => Bump::Minor,
        }
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
    let reason = match bump {
        Bump::None => return format!("{crate_name} stays at {current_version}."),
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
