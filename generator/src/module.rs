//! The client as one Rust module, for crates that generate it at build time
//! (`build.rs`) instead of depending on a committed client crate.
//!
//! The module is the crate's files put together: each file becomes an inline
//! module (`pub mod models { .. }`), and every `crate::` path is rewritten to
//! the module's own path, so the code works wherever the module is declared.

use std::path::{Path, PathBuf};

use crate::{generate, CrateOptions, GenerateError, GeneratedFile, Warning};

/// The dependencies the generated module uses; the crate that includes it
/// lists them in its own `[dependencies]`. TLS is the including crate's
/// choice of `reqwest` features (`rustls` or `native-tls`): the module has
/// no cargo features of its own, so no `Client::dispatch` either.
pub const MODULE_DEPENDENCIES: &str = r#"anyhow = "1"
async-trait = "0.1"
base64 = "0.23"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false }
http = "1"
httpdate = "1"
percent-encoding = "2"
regex = "1"
reqwest = { version = "0.13", default-features = false, features = ["http2", "stream", "rustls"] }
reqwest-middleware = "0.5"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
url = "2"
uuid = { version = "1", features = ["serde"] }
"#;

/// A client generated as one module.
#[derive(Debug, Clone)]
pub struct GeneratedModule {
    /// The module's source, to be `include!`d inside `mod <name> { .. }`.
    pub source: String,
    /// What was approximated, each with its JSON pointer.
    pub warnings: Vec<Warning>,
}

/// Generates the client for a document as one module whose root is at
/// `module_path` (e.g. `crate::petstore`, where the including crate declares
/// `mod petstore { include!(..); }` at its root).
pub fn generate_module(
    document_text: &str,
    options: &CrateOptions,
    module_path: &str,
) -> Result<GeneratedModule, GenerateError> {
    // The module has no manifest, so no features of its own: every area is in.
    let options = CrateOptions {
        features_per_tag: false,
        ..options.clone()
    };
    let generated = generate(document_text, &options)?;
    let source = assemble(&generated.files, "src/lib.rs", "src/")
        .replace("crate::", &format!("{module_path}::"))
        // Code for dispatch inside the runtime's macros: never compiled here,
        // whatever features the including crate has.
        .replace(DISPATCH_CONDITION, "cfg(any())");
    Ok(GeneratedModule {
        source,
        warnings: generated.warnings,
    })
}

/// Why [`generate_in_build_script`] failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildScriptError {
    /// The document could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The document's path.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The document is not a usable OpenAPI description.
    #[error("{path}: {source}")]
    Generate {
        /// The document's path.
        path: PathBuf,
        /// What is wrong, at which JSON pointer.
        source: GenerateError,
    },
    /// Not run by cargo as a build script: `OUT_DIR` is not set.
    #[error("OUT_DIR is not set: call this from a build script")]
    NoOutDir,
    /// The module could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The module file's path.
        path: PathBuf,
        /// Why writing failed.
        source: std::io::Error,
    },
}

/// For `build.rs`: generates the client for the document at `spec` into
/// `$OUT_DIR/<module_name>.rs`, to be included at the crate root as
///
/// ```ignore
/// pub mod petstore {
///     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
/// }
/// ```
///
/// Cargo reruns the build script when the document changes, and shows each
/// warning of the generator. Returns the written file's path.
pub fn generate_in_build_script(
    spec: impl AsRef<Path>,
    module_name: &str,
) -> Result<PathBuf, BuildScriptError> {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = std::fs::read_to_string(spec).map_err(|source| BuildScriptError::Read {
        path: spec.to_owned(),
        source,
    })?;
    let options = CrateOptions::new(module_name.replace('_', "-"));
    let module =
        generate_module(&text, &options, &format!("crate::{module_name}")).map_err(|source| {
            BuildScriptError::Generate {
                path: spec.to_owned(),
                source,
            }
        })?;
    for warning in &module.warnings {
        println!("cargo:warning={}", warning.to_string().replace('\n', " "));
    }
    let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildScriptError::NoOutDir)?;
    let path = Path::new(&out_dir).join(format!("{module_name}.rs"));
    std::fs::write(&path, module.source).map_err(|source| BuildScriptError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// The attribute of what only the `dispatch` cargo feature compiles.
const DISPATCH_ONLY: &str = "#[cfg(feature = \"dispatch\")]";

/// Its condition.
const DISPATCH_CONDITION: &str = "cfg(feature = \"dispatch\")";

/// The file at `path` with each `mod name;` replaced by the named file's
/// contents in an inline module, recursively. Crate-level inner docs are
/// left out (an included file cannot start with them), and so are the
/// runtime's unit tests, which belong to the generator's own suite.
fn assemble(files: &[GeneratedFile], path: &str, directory: &str) -> String {
    let Some(file) = files.iter().find(|file| file.path == path) else {
        return String::new();
    };
    let mut output = String::with_capacity(file.contents.len());
    let is_crate_root = path == "src/lib.rs";
    let mut lines = without_unit_tests(&file.contents).lines();
    while let Some(line) = lines.next() {
        if is_crate_root && line.starts_with("//!") {
            continue;
        }
        if line.trim() == DISPATCH_ONLY {
            // The item under it, up to its `;`: a module has no cargo features.
            for item_line in lines.by_ref() {
                if item_line.trim_end().ends_with(';') {
                    break;
                }
            }
            continue;
        }
        match declared_module(line) {
            Some((visibility, name)) => {
                let (child, child_directory) = child_file(files, directory, name);
                output.push_str(&format!("{visibility}mod {name} {{\n"));
                output.push_str(&assemble(files, &child, &child_directory));
                output.push_str("}\n");
            }
            None => {
                output.push_str(line);
                output.push('\n');
            }
        }
    }
    output
}

/// `pub mod models;` as (`pub `, `models`).
fn declared_module(line: &str) -> Option<(&str, &str)> {
    let (visibility, rest) = ["pub(crate) ", "pub "]
        .into_iter()
        .find_map(|visibility| Some((visibility, line.strip_prefix(visibility)?)))
        .unwrap_or(("", line));
    let name = rest.strip_prefix("mod ")?.strip_suffix(';')?;
    name.chars()
        .all(|character| character.is_ascii_alphanumeric() || character == '_')
        .then_some((visibility, name))
}

/// `dir/name.rs`, or `dir/name/mod.rs` with its own directory.
fn child_file(files: &[GeneratedFile], directory: &str, name: &str) -> (String, String) {
    let flat = format!("{directory}{name}.rs");
    if files.iter().any(|file| file.path == flat) {
        (flat, directory.to_owned())
    } else {
        (
            format!("{directory}{name}/mod.rs"),
            format!("{directory}{name}/"),
        )
    }
}

/// The source up to its `#[cfg(test)] mod tests`, which runtime files end with.
fn without_unit_tests(source: &str) -> &str {
    match source.find("\n#[cfg(test)]\nmod tests") {
        Some(start) => &source[..start + 1],
        None => source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module has no manifest, so no features: every area is compiled.
    #[test]
    fn a_module_has_no_features_per_tag() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures/shapes/tagged_areas.yaml"),
        )
        .expect("fixture");
        let crate_files = generate(&text, &CrateOptions::new("tagged")).expect("generates");
        assert!(crate_files
            .files
            .iter()
            .any(|file| file.contents.contains("cfg(feature = \"pets\")")));
        let module = generate_module(&text, &CrateOptions::new("tagged"), "crate::tagged")
            .expect("generates");
        assert!(!module.source.contains("cfg(feature = \"pets\")"));
        assert!(!module.source.contains("cfg(any(feature"));
    }

    const DOCUMENT: &str = r##"{"openapi": "3.0.3", "info": {"title": "Ping", "version": "1"},
        "paths": {"/ping": {"get": {"operationId": "ping",
            "responses": {"200": {"description": "pong", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Pong"}}}}}}}},
        "components": {"schemas": {"Pong": {"type": "object", "properties": {"at": {"type": "string"}}}}}}"##;

    #[test]
    fn every_file_becomes_an_inline_module_with_paths_from_the_module_root() {
        let module = generate_module(DOCUMENT, &CrateOptions::new("ping"), "crate::api::ping")
            .expect("generates");
        let source = &module.source;
        for module_line in [
            "mod client {",
            "pub mod models {",
            "pub mod runtime {",
            "mod auth {",
        ] {
            assert!(source.contains(module_line), "{module_line} missing");
        }
        assert!(!source.contains("mod client;") && !source.contains("mod auth;"));
        assert!(
            source.contains("use crate::api::ping::models;"),
            "imports from the module root"
        );
        assert!(source.contains("crate::api::ping::runtime::Client"));
        assert!(!source.contains(" crate::models"));
        assert!(
            !source.contains("//! Client for Ping 1."),
            "crate docs are left out"
        );
        assert!(
            !source.contains("mod tests"),
            "runtime unit tests are left out"
        );
        syn::parse_file(source).expect("the module parses");
        assert!(
            !source.contains("feature = \"dispatch\""),
            "a module has no dispatch, whatever features its crate has"
        );
    }

    #[test]
    fn module_lines_are_recognised_only_as_declarations() {
        assert_eq!(declared_module("pub mod models;"), Some(("pub ", "models")));
        assert_eq!(declared_module("mod client;"), Some(("", "client")));
        assert_eq!(
            declared_module("pub(crate) mod json_struct;"),
            Some(("pub(crate) ", "json_struct"))
        );
        assert_eq!(declared_module("mod tests {"), None);
        assert_eq!(declared_module("    mod inner;"), None);
    }
}
