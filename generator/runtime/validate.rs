//! Checks of the API description's constraints (lengths, patterns, item
//! counts, ranges) made before a request is sent, so an invalid request costs
//! no round trip. Required fields need no check: the types already demand them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A value that knows the constraints its API description puts on it.
pub trait Validate {
    fn validate(&self, violations: &mut Violations);
}

/// The rules a request breaks, each named by the path of the field.
#[derive(Debug, Default)]
pub struct Violations {
    path: Vec<String>,
    found: Vec<String>,
}

impl Violations {
    /// Runs `check` on a fresh collector; `Err` lists every rule broken.
    pub fn collect(check: impl FnOnce(&mut Violations)) -> Result<(), String> {
        let mut violations = Violations::default();
        check(&mut violations);
        if violations.found.is_empty() {
            Ok(())
        } else {
            Err(violations.found.join("; "))
        }
    }

    /// Validates a nested value under `name` (an empty name adds no segment).
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.within(name, |violations| value.validate(violations));
    }

    /// String length in characters (`minLength`, `maxLength`).
    pub fn length<T: TextValue + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        if let Some(length) = value.text().map(|text| text.chars().count()) {
            if let Some(rule) = bounds_rule(length, min, max, "characters") {
                self.report(name, rule, length);
            }
        }
    }

    /// A string's `pattern` (unanchored, as JSON Schema reads it). The value
    /// itself stays out of the message: it may be a secret.
    pub fn pattern<T: TextValue + ?Sized>(&mut self, name: &str, value: &T, pattern: &Pattern) {
        let Some(text) = value.text() else {
            return;
        };
        if pattern.rejects(text) {
            self.report_rule(name, format!("match the pattern `{}`", pattern.source));
        }
    }

    /// Number of items (`minItems`, `maxItems`).
    pub fn items<T: ItemCount + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        if let Some(count) = value.item_count() {
            if let Some(rule) = bounds_rule(count, min, max, "items") {
                self.report(name, rule, count);
            }
        }
    }

    /// A number's range (`minimum`, `maximum`, and their exclusive forms).
    pub fn range<T: NumericValue + ?Sized>(&mut self, name: &str, value: &T, bounds: Range) {
        let Some(number) = value.numeric_value() else {
            return;
        };
        let below = bounds.min.is_some_and(|min| {
            if bounds.exclusive_min {
                number <= min
            } else {
                number < min
            }
        });
        let above = bounds.max.is_some_and(|max| {
            if bounds.exclusive_max {
                number >= max
            } else {
                number > max
            }
        });
        if below || above {
            self.report(name, bounds.describe(), number);
        }
    }

    fn within(&mut self, name: &str, check: impl FnOnce(&mut Self)) {
        if name.is_empty() {
            check(self);
        } else {
            self.path.push(name.to_owned());
            check(self);
            self.path.pop();
        }
    }

    fn report(&mut self, name: &str, rule: String, actual: impl std::fmt::Display) {
        self.report_rule(name, format!("{rule} (got {actual})"));
    }

    fn report_rule(&mut self, name: &str, rule: String) {
        let mut path = self.path.join(".").replace(".[", "[");
        if !name.is_empty() {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
        }
        self.found.push(format!("`{path}` must {rule}"));
    }
}

fn bounds_rule(
    actual: usize,
    min: Option<usize>,
    max: Option<usize>,
    unit: &str,
) -> Option<String> {
    let too_small = min.is_some_and(|min| actual < min);
    let too_large = max.is_some_and(|max| actual > max);
    if !too_small && !too_large {
        return None;
    }
    // "1 items" reads wrong; units are plural nouns ending in "s".
    let unit_for = |count: usize| {
        if count == 1 {
            unit.trim_end_matches('s')
        } else {
            unit
        }
    };
    Some(match (min, max) {
        (Some(min), Some(max)) if min == max => format!("have exactly {min} {}", unit_for(min)),
        (Some(min), Some(max)) => format!("have {min} to {max} {unit}"),
        (Some(min), None) => format!("have at least {min} {}", unit_for(min)),
        (None, Some(max)) => format!("have at most {max} {}", unit_for(max)),
        (None, None) => return None,
    })
}

/// Numeric bounds of one field.
#[derive(Debug, Clone, Copy, Default)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub exclusive_min: bool,
    pub exclusive_max: bool,
}

impl Range {
    fn describe(&self) -> String {
        let lower = self
            .min
            .map(|min| format!("{} {min}", if self.exclusive_min { ">" } else { ">=" }));
        let upper = self
            .max
            .map(|max| format!("{} {max}", if self.exclusive_max { "<" } else { "<=" }));
        let parts: Vec<String> = lower.into_iter().chain(upper).collect();
        format!("be {}", parts.join(" and "))
    }
}

/// A `pattern` of the API description, compiled on its first use.
///
/// The generator has compiled every pattern it emits with the same regex
/// crate and left out those it could not, so a pattern that still fails to
/// compile here checks nothing rather than rejecting every value.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern in the regular-expression syntax of JSON Schema.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn rejects(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|regex| !regex.is_match(text))
    }
}

/// String values; absent values have none.
pub trait TextValue {
    fn text(&self) -> Option<&str>;
}

impl TextValue for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl TextValue for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: TextValue + ?Sized> TextValue for &T {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }
}

impl<T: TextValue> TextValue for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(TextValue::text)
    }
}

/// Values with a number of items; absent values have none.
pub trait ItemCount {
    fn item_count(&self) -> Option<usize>;
}

impl<T> ItemCount for [T] {
    fn item_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T> ItemCount for Vec<T> {
    fn item_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: ItemCount + ?Sized> ItemCount for &T {
    fn item_count(&self) -> Option<usize> {
        (**self).item_count()
    }
}

impl<T: ItemCount> ItemCount for Option<T> {
    fn item_count(&self) -> Option<usize> {
        self.as_ref().and_then(ItemCount::item_count)
    }
}

/// Numbers, compared as `f64`; absent values have none.
pub trait NumericValue {
    fn numeric_value(&self) -> Option<f64>;
}

macro_rules! numeric_value {
    ($($number:ty),*) => {
        $(impl NumericValue for $number {
            fn numeric_value(&self) -> Option<f64> {
                Some(*self as f64)
            }
        })*
    };
}

numeric_value!(i32, i64, u32, u64, f32, f64);

impl<T: NumericValue + ?Sized> NumericValue for &T {
    fn numeric_value(&self) -> Option<f64> {
        (**self).numeric_value()
    }
}

impl<T: NumericValue> NumericValue for Option<T> {
    fn numeric_value(&self) -> Option<f64> {
        self.as_ref().and_then(NumericValue::numeric_value)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, violations: &mut Violations) {
        if let Some(value) = self {
            value.validate(violations);
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, violations: &mut Violations) {
        (**self).validate(violations);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, violations: &mut Violations) {
        (**self).validate(violations);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, violations: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            violations.within(&format!("[{index}]"), |violations| {
                item.validate(violations)
            });
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, violations: &mut Violations) {
        self.as_slice().validate(violations);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, violations: &mut Violations) {
        for (key, value) in self {
            violations.within(key, |violations| value.validate(violations));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Title(Option<String>);

    impl Validate for Title {
        fn validate(&self, violations: &mut Violations) {
            violations.length("title", &self.0, None, Some(3));
        }
    }

    #[test]
    fn messages_name_the_path_and_the_rule() {
        let titles = vec![
            Title(Some("ok".into())),
            Title(Some("long".into())),
            Title(None),
        ];
        let result = Violations::collect(|violations| {
            violations.items("body", &titles, Some(1), Some(2));
            violations.nested("body", &titles);
        });
        assert_eq!(
            result.unwrap_err(),
            "`body` must have 1 to 2 items (got 3); `body[1].title` must have at most 3 characters (got 4)"
        );
    }

    #[test]
    fn patterns_are_searched_not_anchored_and_never_echo_the_value() {
        static CODE: Pattern = Pattern::new("[A-Z]{2}[0-9]+");
        let check = |value: &str| {
            Violations::collect(|violations| violations.pattern("code", &value, &CODE))
        };
        assert!(check("id NO123 end").is_ok());
        assert_eq!(
            check("secret").unwrap_err(),
            "`code` must match the pattern `[A-Z]{2}[0-9]+`"
        );
        assert!(Violations::collect(|violations| violations.pattern("code", &None::<String>, &CODE)).is_ok());
    }

    #[test]
    fn a_pattern_the_regex_crate_cannot_compile_checks_nothing() {
        static LOOK_AHEAD: Pattern = Pattern::new("^(?=a)b$");
        assert!(Violations::collect(|violations| violations.pattern("x", "b", &LOOK_AHEAD)).is_ok());
    }

    #[test]
    fn borrowed_slices_are_counted_like_owned_ones() {
        let ids: &[i32] = &[1, 2, 3];
        let result = Violations::collect(|violations| {
            violations.items("ids", &ids, Some(1), Some(2));
        });
        assert_eq!(result.unwrap_err(), "`ids` must have 1 to 2 items (got 3)");
    }

    #[test]
    fn ranges_respect_exclusive_bounds() {
        let bounds = Range {
            min: Some(0.0),
            exclusive_min: true,
            ..Range::default()
        };
        let result = Violations::collect(|violations| violations.range("weight", &0.0_f64, bounds));
        assert_eq!(result.unwrap_err(), "`weight` must be > 0 (got 0)");
        assert!(
            Violations::collect(|violations| violations.range("weight", &0.5_f64, bounds)).is_ok()
        );
        assert!(
            Violations::collect(|violations| violations.range("weight", &None::<f64>, bounds))
                .is_ok()
        );
    }
}
