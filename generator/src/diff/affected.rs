//! Which client methods a change affects, so a reader of the report can
//! tell at once whether their code is concerned.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ApiModel;

use super::reach::methods_by_type;
use super::Subject;

/// Methods by operation and by type, in both versions. The new version
/// answers for whatever it still has; the old one for what was removed.
pub(super) struct AffectedMethods {
    new_methods: BTreeMap<String, String>,
    old_methods: BTreeMap<String, String>,
    new_by_type: BTreeMap<String, Vec<String>>,
    old_by_type: BTreeMap<String, Vec<String>>,
    new_types: BTreeSet<String>,
}

impl AffectedMethods {
    pub(super) fn of(old: &ApiModel, new: &ApiModel) -> Self {
        Self {
            new_methods: method_names(new),
            old_methods: method_names(old),
            new_by_type: methods_by_type(new),
            old_by_type: methods_by_type(old),
            new_types: new
                .types
                .iter()
                .map(|definition| definition.name.clone())
                .collect(),
        }
    }

    /// The methods a change of `subject` affects, sorted.
    pub(super) fn of_subject(&self, subject: &Subject) -> Vec<String> {
        if let Some(operation) = subject.operation() {
            let method = self.new_methods.get(operation);
            return method
                .or_else(|| self.old_methods.get(operation))
                .into_iter()
                .cloned()
                .collect();
        }
        let Some(name) = subject.type_name() else {
            return Vec::new();
        };
        let by_type = if self.new_types.contains(name) {
            &self.new_by_type
        } else {
            &self.old_by_type
        };
        by_type.get(name).cloned().unwrap_or_default()
    }
}

/// Operation ids to the Rust method names callers know them by.
fn method_names(model: &ApiModel) -> BTreeMap<String, String> {
    model
        .operations
        .iter()
        .map(|operation| {
            (
                operation.operation_id.clone(),
                operation.method_name().to_string(),
            )
        })
        .collect()
}
