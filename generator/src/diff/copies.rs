//! One change made to many copies of an inline schema, told once.
//!
//! Documents assembled from shared sources paste the same inline object into
//! many places (each of GitHub's webhook payloads carries its own copy of the
//! app-permissions object), and the generator hoists every copy into a type
//! of its own. A reader of the document sees one schema change, so the report
//! gives it once, at its first copy, and lists the others.

use std::collections::BTreeMap;

use super::hoisted::HoistedTypes;
use super::{Change, Impact};
use crate::model::{ApiModel, TypeKind, TypeRef};

/// What makes two changes the same change to copies: impact, kind, the
/// property the copies sit under, and the sentence after the copy's path.
type CopyKey = (Impact, &'static str, String, String);

/// `changes`, sorted, with every change to a further copy folded into the
/// first copy's entry.
pub(super) fn merge_copies(changes: Vec<Change>, hoisted: &HoistedTypes) -> Vec<Change> {
    let mut merged: Vec<Change> = Vec::with_capacity(changes.len());
    let mut first_copy: BTreeMap<CopyKey, (usize, String)> = BTreeMap::new();
    for change in changes {
        let Some((key, path)) = copy_key(&change, hoisted) else {
            merged.push(change);
            continue;
        };
        match first_copy.get(&key) {
            Some((index, first_path)) if *first_path != path => {
                absorb(&mut merged[*index], change, path)
            }
            Some(_) => merged.push(change),
            None => {
                first_copy.insert(key, (merged.len(), path));
                merged.push(change);
            }
        }
    }
    merged
}

/// Only changes inside a type hoisted from a property have copies: their
/// path reads `Owner.property…` and their sentence starts with it.
fn copy_key(change: &Change, hoisted: &HoistedTypes) -> Option<(CopyKey, String)> {
    let path = hoisted.path(change.subject.type_name()?);
    let (_, property) = path.rsplit_once('.')?;
    let sentence = change.description.strip_prefix('`')?.strip_prefix(path)?;
    let key = (
        change.impact,
        change.subject.label(),
        property.to_owned(),
        sentence.to_owned(),
    );
    Some((key, path.to_owned()))
}

/// Identical inline schemas are one type in the client (the others are
/// aliases of it), so a change to that type is a change to every copy: its
/// entry lists the copies' paths too.
pub(super) fn name_merged_copies(
    changes: Vec<Change>,
    new: &ApiModel,
    hoisted: &HoistedTypes,
) -> Vec<Change> {
    let mut copies: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for definition in &new.types {
        if let TypeKind::Alias(TypeRef::Named(target)) = &definition.kind {
            if super::hoisted::is_hoisted(definition) {
                copies
                    .entry(new.type_def(*target).name.as_str())
                    .or_default()
                    .push(hoisted.path(&definition.name).to_owned());
            }
        }
    }
    changes
        .into_iter()
        .map(|mut change| {
            let merged = change.subject.type_name().and_then(|name| copies.get(name));
            for path in merged.into_iter().flatten() {
                if !change.also_in.contains(path) {
                    change.also_in.push(path.clone());
                }
            }
            change.also_in.sort();
            change
        })
        .collect()
}

/// Records `copy`, at `path`, in the first copy's entry.
fn absorb(first: &mut Change, copy: Change, path: String) {
    if !first.also_in.contains(&path) {
        first.also_in.push(path);
    }
    first.affects.extend(copy.affects);
    first.affects.sort();
    first.affects.dedup();
}

#[cfg(test)]
mod tests {
    use crate::diff::diff_models;

    const VETS: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Cat:
      type: object
      properties:
        vet: { type: object, properties: { name: { type: string }, PHONE } }
    Dog:
      type: object
      properties:
        vet: { type: object, properties: { name: { type: string }, PHONE } }
    Bird:
      type: object
      properties:
        name: { type: string }
        wings: { type: integer }
        PHONE
"##;

    fn diff_of_phone_added() -> Vec<(String, Vec<String>)> {
        let old = VETS.replace(", PHONE", "").replace("        PHONE\n", "");
        let new = VETS
            .replace("PHONE }", "phone: { type: string } }")
            .replace("        PHONE\n", "        phone: { type: string }\n");
        let (old, _) = crate::build_model(&old).expect("old builds");
        let (new, _) = crate::build_model(&new).expect("new builds");
        diff_models(&old, &new)
            .changes
            .into_iter()
            .map(|change| (change.description, change.also_in))
            .collect()
    }

    #[test]
    fn copies_of_an_inline_schema_share_one_entry() {
        let changes = diff_of_phone_added();
        assert!(changes.contains(&(
            "`Cat.vet`: optional field `phone` added".to_owned(),
            vec!["Dog.vet".to_owned()]
        )));
        assert!(!changes
            .iter()
            .any(|(description, _)| description.starts_with("`Dog.vet`")));
    }

    #[test]
    fn a_copy_merged_into_a_named_type_is_listed_under_it() {
        let old = VETS.replace(", PHONE", "").replace("        PHONE\n", "");
        let old = old.replace("        wings: { type: integer }\n", "");
        let new = VETS
            .replace("PHONE }", "phone: { type: string } }")
            .replace("        PHONE\n", "        phone: { type: string }\n")
            .replace("        wings: { type: integer }\n", "");
        let (old, _) = crate::build_model(&old).expect("old builds");
        let (new, _) = crate::build_model(&new).expect("new builds");
        let changes: Vec<(String, Vec<String>)> = diff_models(&old, &new)
            .changes
            .into_iter()
            .map(|change| (change.description, change.also_in))
            .collect();
        assert!(changes.contains(&(
            "`Bird`: optional field `phone` added".to_owned(),
            vec!["Cat.vet".to_owned(), "Dog.vet".to_owned()]
        )));
    }

    #[test]
    fn a_named_type_keeps_its_own_entry() {
        let changes = diff_of_phone_added();
        assert!(changes.contains(&(
            "`Bird`: optional field `phone` added".to_owned(),
            Vec::new()
        )));
    }
}
