//! An operation's `security`: the alternatives of schemes its calls apply.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, SecurityRequirement};

use super::super::build::{auth_kind, ModelBuilder};
use crate::diagnostics::JsonPointer;

impl ModelBuilder<'_, '_> {
    /// The operation's own `security`, else the document's; `None` where
    /// neither says anything. Alternatives naming a scheme the client cannot
    /// apply are left out (the scheme itself carries the warning), so a call
    /// never half-applies one.
    pub(super) fn operation_security(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &JsonPointer,
    ) -> Option<Vec<Vec<String>>> {
        let applicable = self.applicable_schemes();
        let requirements = match &operation.security {
            Some(own) => {
                self.warn_undeclared(own, &pointer.join("security"));
                own
            }
            None => self.loaded.document.security.as_ref()?,
        };
        let alternatives = requirements
            .iter()
            .filter(|requirement| requirement.keys().all(|name| applicable.contains(name)))
            .map(|requirement| requirement.keys().cloned().collect())
            .collect();
        Some(alternatives)
    }

    /// The document-wide `security`'s undeclared schemes, said once.
    pub(in crate::model) fn warn_undeclared_in_document(&mut self) {
        if let Some(requirements) = &self.loaded.document.security {
            self.warn_undeclared(requirements, &JsonPointer::root().join("security"));
        }
    }

    fn warn_undeclared(&mut self, requirements: &[SecurityRequirement], pointer: &JsonPointer) {
        let declared = self.declared_schemes();
        for (index, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys().filter(|name| !declared.contains(*name)) {
                self.warnings.push(
                    &pointer.join(index).join(name),
                    format!(
                        "security scheme `{name}` is not declared under `components/securitySchemes`; \
                         this alternative is never applied"
                    ),
                );
            }
        }
    }

    fn declared_schemes(&self) -> BTreeSet<String> {
        self.loaded
            .document
            .components
            .iter()
            .flat_map(|components| components.security_schemes.keys().cloned())
            .collect()
    }

    /// The declared schemes whose credentials the client knows how to send.
    fn applicable_schemes(&self) -> BTreeSet<String> {
        self.loaded
            .document
            .components
            .iter()
            .flat_map(|components| &components.security_schemes)
            .filter(|(_, scheme)| {
                matches!(scheme, ReferenceOr::Item(scheme) if auth_kind(scheme).is_ok())
            })
            .map(|(name, _)| name.clone())
            .collect()
    }
}
