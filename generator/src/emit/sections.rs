//! Items grouped by the cargo features that compile them: one `cfg` per
//! group of items instead of one per item.
//!
//! Every item of a big API is compiled only with the areas that reach it, and
//! most items share one of a few conditions: GitHub's models carried 10,265
//! `cfg` attributes, 154 different ones, a seventh of the file's lines. A
//! file lists its items section by section instead, each section under its
//! condition, and within a section in the order the model gives them. A
//! reader finds an area's types together; a type whose areas change moves
//! to another section.
//!
//! Functions take their condition from the `impl` block they are in; other
//! items from the runtime's `cfg_items!`, which puts the section's `cfg` on
//! each of them:
//!
//! ```text
//! crate::runtime::cfg_items! {
//!     #[cfg(feature = "gists")]
//!
//!     pub struct Gist { .. }
//! }
//! ```

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout;

/// When an item is compiled: for every group, any of its features is on;
/// always when there is no group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FeatureCondition(Vec<Vec<String>>);

impl FeatureCondition {
    /// The condition of a type: every one of `groups` has a feature on.
    pub(super) fn all_of(groups: &[Vec<String>]) -> Self {
        Self(
            groups
                .iter()
                .filter(|group| !group.is_empty())
                .cloned()
                .collect(),
        )
    }

    /// The condition of an operation: any of `features` is on.
    pub(super) fn any_of(features: &[String]) -> Self {
        Self::all_of(std::slice::from_ref(&features.to_vec()))
    }

    pub(super) fn is_always(&self) -> bool {
        self.0.is_empty()
    }

    /// `#[cfg(..)]`, or nothing when the item is always compiled.
    pub(super) fn attribute(&self) -> TokenStream {
        match self.0.as_slice() {
            [] => TokenStream::new(),
            [single] => {
                let condition = any_feature(single);
                quote!(#[cfg(#condition)])
            }
            several => {
                let conditions = several.iter().map(|group| any_feature(group));
                quote!(#[cfg(all(#(#conditions),*))])
            }
        }
    }

    /// The attribute as [`section_text`] writes it: on one line, or with
    /// its features filled to the line width when that is too long.
    fn attribute_text(&self, indent: &str) -> String {
        let condition = match self.0.as_slice() {
            [single] => any_feature_text(single),
            several => {
                let groups: Vec<String> = several
                    .iter()
                    .map(|group| any_feature_text(group))
                    .collect();
                format!("all({})", groups.join(", "))
            }
        };
        layout::cfg_attribute_text(indent, &format!("#[cfg({condition})]"))
    }

    /// Sections come in this order: fewer groups and fewer features first
    /// (a single area before the items several areas share), then by the
    /// features' names, so that a new section has a fixed place.
    fn order_key(&self) -> (usize, Vec<usize>, &[Vec<String>]) {
        (self.0.len(), self.0.iter().map(Vec::len).collect(), &self.0)
    }
}

impl PartialOrd for FeatureCondition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FeatureCondition {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

fn any_feature(features: &[String]) -> TokenStream {
    match features {
        [single] => quote!(feature = #single),
        several => quote!(any(#(feature = #several),*)),
    }
}

fn any_feature_text(features: &[String]) -> String {
    let features: Vec<String> = features
        .iter()
        .map(|feature| format!("feature = {feature:?}"))
        .collect();
    match features.as_slice() {
        [single] => single.clone(),
        several => format!("any({})", several.join(", ")),
    }
}

/// Values sorted into sections by their condition, each section in the
/// order the values came.
#[derive(Debug)]
pub(super) struct Sections<T> {
    sections: BTreeMap<FeatureCondition, Vec<T>>,
}

impl<T> Default for Sections<T> {
    fn default() -> Self {
        Self {
            sections: BTreeMap::new(),
        }
    }
}

impl<T> Sections<T> {
    pub(super) fn push(&mut self, condition: FeatureCondition, value: T) {
        self.sections.entry(condition).or_default().push(value);
    }

    /// The sections in order, the always-compiled one (if any) first.
    pub(super) fn into_iter(self) -> impl Iterator<Item = (FeatureCondition, Vec<T>)> {
        self.sections.into_iter()
    }
}

impl<T> FromIterator<(FeatureCondition, T)> for Sections<T> {
    fn from_iter<I: IntoIterator<Item = (FeatureCondition, T)>>(items: I) -> Self {
        let mut sections = Self::default();
        for (condition, value) in items {
            sections.push(condition, value);
        }
        sections
    }
}

/// The most lines of items one `cfg_items!` call holds; a longer section is
/// several calls under the same condition. rust-analyzer does not expand a
/// macro call whose output passes a token limit (2^21 tokens today, a
/// quarter of that in 2020), which would hide the items from the editor:
/// GitHub's largest section, 35,757 lines, is about 220,000 tokens, and a
/// bigger API could pass the limit. Smaller calls also keep what an editor
/// expands again after a change small.
const MAX_LINES_PER_CALL: usize = 2_000;

/// A section's printed items in runs of at most [`MAX_LINES_PER_CALL`]
/// lines, in order; an item longer than that is a run of its own.
pub(super) fn runs_of_items(items: Vec<String>) -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut lines_in_run = 0;
    for item in items {
        let lines = item.lines().count();
        match runs.last_mut() {
            Some(run) if lines_in_run + lines <= MAX_LINES_PER_CALL => {
                run.push(item);
                lines_in_run += lines;
            }
            _ => {
                runs.push(vec![item]);
                lines_in_run = lines;
            }
        }
    }
    runs
}

/// The printed items of one section (laid out by [`layout`]) under their
/// condition: as they are when always compiled, else inside `cfg_items!`.
pub(super) fn section_text(condition: &FeatureCondition, items: &str) -> String {
    if condition.is_always() {
        return items.to_owned();
    }
    let cfg = condition.attribute_text("    ");
    let mut text = format!("crate::runtime::cfg_items! {{\n{cfg}");
    for line in items.lines() {
        text.push('\n');
        if !line.is_empty() {
            text.push_str("    ");
            text.push_str(line);
        }
    }
    text.push_str("\n}\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(groups: &[&[&str]]) -> FeatureCondition {
        FeatureCondition::all_of(
            &groups
                .iter()
                .map(|group| group.iter().map(|name| (*name).to_owned()).collect())
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn sections_go_from_always_to_single_areas_to_shared_ones() {
        let mut sections = Sections::default();
        sections.push(condition(&[&["orgs", "apps"]]), 1);
        sections.push(condition(&[&["repos"]]), 2);
        sections.push(condition(&[]), 3);
        sections.push(condition(&[&["actions"]]), 4);
        sections.push(condition(&[&["repos"]]), 5);
        sections.push(condition(&[&["a"], &["b"]]), 6);
        let order: Vec<Vec<i32>> = sections.into_iter().map(|(_, values)| values).collect();
        assert_eq!(order, [vec![3], vec![4], vec![2, 5], vec![1], vec![6]]);
    }

    #[test]
    fn empty_groups_add_no_condition() {
        assert!(condition(&[&[]]).is_always());
        assert_eq!(
            condition(&[&[], &["a"]]).attribute().to_string(),
            quote!(#[cfg(feature = "a")]).to_string()
        );
    }

    #[test]
    fn a_section_puts_its_condition_on_every_item_and_parses() {
        let items =
            "/// A gist.\npub struct Gist {\n    pub id: String,\n}\n\npub type GistId = String;\n";
        let text = section_text(&condition(&[&["gists", "users"]]), items);
        assert_eq!(
            text,
            "crate::runtime::cfg_items! {\n    #[cfg(any(feature = \"gists\", feature = \"users\"))]\n\n    /// A gist.\n    pub struct Gist {\n        pub id: String,\n    }\n\n    pub type GistId = String;\n}\n"
        );
        let file = syn::parse_file(&text).expect("the section parses");
        let syn::Item::Macro(section) = &file.items[0] else {
            panic!("a macro call: {text}");
        };
        // The macro's input is the condition and the items as they were.
        let input = section.mac.tokens.to_string();
        let expected = quote!(#[cfg(any(feature = "gists", feature = "users"))]).to_string()
            + " "
            + &syn::parse_file(items)
                .map(|file| quote!(#file).to_string())
                .expect("the items parse");
        assert_eq!(input, expected);
    }

    #[test]
    fn a_long_section_is_split_into_runs_in_order() {
        let item = |lines: usize, mark: usize| format!("{mark}\n").repeat(lines);
        let runs = runs_of_items(vec![
            item(1_500, 1),
            item(400, 2),
            item(200, 3),
            item(2_500, 4),
            item(10, 5),
        ]);
        let marks: Vec<Vec<char>> = runs
            .iter()
            .map(|run| run.iter().filter_map(|item| item.chars().next()).collect())
            .collect();
        assert_eq!(marks, [vec!['1', '2'], vec!['3'], vec!['4'], vec!['5']]);
        assert!(runs_of_items(Vec::new()).is_empty());
    }

    #[test]
    fn an_always_compiled_section_is_its_items() {
        let items = "pub struct A;\n";
        assert_eq!(section_text(&condition(&[]), items), items);
    }
}
