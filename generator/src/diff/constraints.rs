//! Validation limits: a tighter limit refuses requests that used to pass, so
//! it breaks senders; for what only the server sends it is harmless.

use crate::model::Constraints;

use super::{Changes, Impact, Subject};

/// One limit in both versions.
struct Limit {
    keyword: &'static str,
    before: Option<f64>,
    after: Option<f64>,
    /// A lower bound tightens upwards, an upper bound downwards.
    lower_bound: bool,
}

impl Limit {
    /// `None` when the limit did not change, else whether it tightened.
    fn tightened(&self) -> Option<bool> {
        match (self.before, self.after) {
            (before, after) if before == after => None,
            (None, _) => Some(true),
            (_, None) => Some(false),
            (Some(before), Some(after)) if self.lower_bound => Some(after > before),
            (Some(before), Some(after)) => Some(after < before),
        }
    }
}

fn limits(before: &Constraints, after: &Constraints) -> [Limit; 6] {
    let as_float = |value: Option<usize>| value.map(|value| value as f64);
    let limit = |keyword, before, after, lower_bound| Limit {
        keyword,
        before,
        after,
        lower_bound,
    };
    [
        limit(
            "minLength",
            as_float(before.min_length),
            as_float(after.min_length),
            true,
        ),
        limit(
            "maxLength",
            as_float(before.max_length),
            as_float(after.max_length),
            false,
        ),
        limit(
            "minItems",
            as_float(before.min_items),
            as_float(after.min_items),
            true,
        ),
        limit(
            "maxItems",
            as_float(before.max_items),
            as_float(after.max_items),
            false,
        ),
        limit("minimum", before.minimum, after.minimum, true),
        limit("maximum", before.maximum, after.maximum, false),
    ]
}

/// Reports each changed limit on `limited`, which `place` names in prose;
/// `sent` says whether clients send values of it.
pub(super) fn diff_constraints(
    limited: &Subject,
    place: &str,
    (before, after): (&Constraints, &Constraints),
    sent: bool,
    changes: &mut Changes,
) {
    if before.pattern != after.pattern {
        let (verb, impact) = match (&after.pattern, sent) {
            (None, _) => ("dropped", Impact::NonBreaking),
            (Some(_), true) => ("changed", Impact::Breaking),
            (Some(_), false) => ("changed", Impact::NonBreaking),
        };
        let shown = |pattern: &Option<String>| {
            pattern
                .as_deref()
                .map_or_else(|| "none".to_owned(), |pattern| format!("`{pattern}`"))
        };
        changes.push(
            impact,
            Subject::Constraint(Box::new(limited.clone())),
            format!(
                "{place}: pattern {verb} from {} to {}",
                shown(&before.pattern),
                shown(&after.pattern)
            ),
        );
    }
    for limit in limits(before, after) {
        let Some(tightened) = limit.tightened() else {
            continue;
        };
        let (verb, impact) = match (tightened, sent) {
            (true, true) => ("tightened", Impact::Breaking),
            (true, false) => ("tightened", Impact::NonBreaking),
            (false, _) => ("loosened", Impact::NonBreaking),
        };
        let shown =
            |value: Option<f64>| value.map_or_else(|| "none".to_owned(), |value| value.to_string());
        changes.push(
            impact,
            Subject::Constraint(Box::new(limited.clone())),
            format!(
                "{place}: {} {verb} from {} to {}",
                limit.keyword,
                shown(limit.before),
                shown(limit.after)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(before: Option<f64>, after: Option<f64>, lower_bound: bool) -> Limit {
        Limit {
            keyword: "k",
            before,
            after,
            lower_bound,
        }
    }

    #[test]
    fn a_new_limit_tightens_and_a_dropped_one_loosens() {
        assert_eq!(limit(None, Some(1.0), true).tightened(), Some(true));
        assert_eq!(limit(Some(1.0), None, false).tightened(), Some(false));
        assert_eq!(limit(Some(1.0), Some(1.0), false).tightened(), None);
    }

    #[test]
    fn bounds_tighten_towards_each_other() {
        assert_eq!(limit(Some(1.0), Some(2.0), true).tightened(), Some(true));
        assert_eq!(limit(Some(1.0), Some(2.0), false).tightened(), Some(false));
        assert_eq!(limit(Some(9.0), Some(5.0), false).tightened(), Some(true));
    }
}
