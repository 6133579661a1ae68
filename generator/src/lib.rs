//! Generates typed async Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline has three stages, one module each:
//! [`load`] (text to a normalised `openapiv3` document), [`model`] (document to
//! the generator's own model of types and operations) and [`emit`] (model to
//! formatted Rust files). [`generate`] runs all three; [`diff`] compares the
//! models of two versions of a document; [`module`] gives the client as one
//! module, for crates that generate it in `build.rs`.

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod load;
pub mod model;
pub mod module;

pub use diagnostics::{GenerateError, JsonPointer, Warning};
pub use emit::{CrateOptions, OAuthEndpoint, PackageMetadata, TYPE_NAMES_FILE};
pub use module::{
    generate_in_build_script, generate_module, BuildScriptError, GeneratedModule,
    MODULE_DEPENDENCIES,
};

/// One file of the generated crate, with its path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate root, with `/` separators (`src/models.rs`).
    pub path: String,
    /// The file's full text.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` with `contents`.
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// A generated crate and the warnings about what was approximated.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// What was approximated, each with its JSON pointer.
    pub warnings: Vec<Warning>,
}

/// Generates a client crate from the text of an OpenAPI document (JSON or YAML).
pub fn generate(document_text: &str, options: &CrateOptions) -> Result<Generated, GenerateError> {
    with_deep_stack(|| generate_here(document_text, options))
}

fn generate_here(document_text: &str, options: &CrateOptions) -> Result<Generated, GenerateError> {
    let kept_names = &options.kept_names;
    let mut warnings = diagnostics::Warnings::default();
    // The parsed document is dropped before emission: on large specs the two
    // never need to be in memory together.
    let api = {
        let loaded = load::load(document_text, &mut warnings)?;
        model::build_model(&loaded, &mut warnings, kept_names)?
    };
    let api = if options.features_per_tag {
        api
    } else {
        api.without_features()
    };
    let files = emit::emit_crate(&api, options)?;
    Ok(Generated {
        files,
        warnings: warnings.into_vec(),
    })
}

/// Builds only the intermediate model, for tools that inspect an API.
pub fn build_model(document_text: &str) -> Result<(model::ApiModel, Vec<Warning>), GenerateError> {
    build_model_keeping_names(document_text, &model::KeptNames::default())
}

/// [`build_model`], with the type names of an earlier generation kept (see
/// [`CrateOptions::kept_names`]): how a new version of a document is compared
/// with the old one.
pub fn build_model_keeping_names(
    document_text: &str,
    kept_names: &model::KeptNames,
) -> Result<(model::ApiModel, Vec<Warning>), GenerateError> {
    with_deep_stack(|| {
        let mut warnings = diagnostics::Warnings::default();
        let loaded = load::load(document_text, &mut warnings)?;
        let api = model::build_model(&loaded, &mut warnings, kept_names)?;
        Ok((api, warnings.into_vec()))
    })
}

/// The stack the pipeline runs on. Schemas are converted depth-first, a few
/// frames per level of nesting, so a chain of `$ref`s 10,000 long (real
/// documents have hundreds, fuzzers and generated documents far more) ends a
/// default 8 MiB thread stack. 256 MiB is address space reserved, not memory
/// used: pages are touched only as deep as a document goes.
const PIPELINE_STACK_BYTES: usize = 256 << 20;

fn with_deep_stack<T: Send>(
    work: impl FnOnce() -> Result<T, GenerateError> + Send,
) -> Result<T, GenerateError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("openapi-client-gen".to_owned())
            .stack_size(PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|error| {
                GenerateError::internal(
                    &JsonPointer::root(),
                    format!("cannot start the generation thread: {error}"),
                )
            })?;
        // A panic is a generator bug: it reaches the caller as it would have
        // without the thread.
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The `*.rs` files of `dir`, sorted by name.
pub fn read_examples(dir: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut examples = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
            .path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let source = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            examples.push((name, source));
        }
    }
    examples.sort();
    Ok(examples)
}
