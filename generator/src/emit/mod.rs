//! The model to the files of a client crate: tokens built with `quote`,
//! parsed by `syn` and printed by `prettyplease`.

mod construction;
mod crate_files;
mod dispatch;
mod docs;
mod guide;
mod layout;
mod macro_calls;
mod operations;
mod sections;
mod servers;
mod types;
mod validation;

pub use crate_files::{emit_crate, CrateOptions, OAuthEndpoint, PackageMetadata, TYPE_NAMES_FILE};
