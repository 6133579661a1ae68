//! Command line front end of the generator: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_client_gen::model::KeptNames;
use openapi_client_gen::{
    generate, read_examples, CrateOptions, OAuthEndpoint, PackageMetadata, TYPE_NAMES_FILE,
};

/// Generates typed async Rust clients from OpenAPI 3.0 and 3.1 documents.
#[derive(Debug, Parser)]
#[command(name = "openapi-client-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes a complete, standalone client crate (Cargo.toml and src/) for a document.
    Generate {
        /// The OpenAPI document, JSON or YAML (detected from the content).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The directory to write the crate into; created if missing. Files the
        /// generator owns are replaced; nothing else in it is touched.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package name of the generated crate, e.g. `petstore-client`.
        #[arg(long, value_name = "CRATE")]
        name: String,
        /// The package version of the generated crate.
        #[arg(long, value_name = "SEMVER", default_value = "0.1.0")]
        crate_version: String,
        /// OAuth 2.0 client-credentials token URL, for APIs whose description
        /// documents it only in prose. A declared `clientCredentials` flow wins.
        #[arg(long, value_name = "URL")]
        oauth_token_url: Option<String>,
        /// A scope to request with `--oauth-token-url`; repeat for several.
        #[arg(
            long = "oauth-scope",
            value_name = "SCOPE",
            requires = "oauth_token_url"
        )]
        oauth_scopes: Vec<String>,
        /// A directory of example programs (`*.rs`) to ship in the crate's `examples/`.
        #[arg(long, value_name = "DIR")]
        examples: Option<PathBuf>,
        /// The manifest's `description` (default: "Client for <title> <version>").
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// The manifest's `license`, an SPDX expression such as `MIT OR Apache-2.0`.
        #[arg(long, value_name = "SPDX")]
        license: Option<String>,
        /// The manifest's `repository` URL.
        #[arg(long, value_name = "URL")]
        repository: Option<String>,
        /// Sets `publish = true`: without it the crate cannot be published by accident.
        #[arg(long)]
        publish: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            crate_version,
            oauth_token_url,
            oauth_scopes,
            examples,
            description,
            license,
            repository,
            publish,
        } => {
            let examples = match examples.as_deref().map(read_examples).transpose() {
                Ok(examples) => examples.unwrap_or_default(),
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            };
            let options = CrateOptions {
                examples,
                crate_name: name,
                crate_version,
                oauth_fallback: oauth_token_url.map(|token_url| OAuthEndpoint {
                    token_url,
                    scopes: oauth_scopes,
                }),
                package: PackageMetadata {
                    description,
                    license,
                    repository,
                    publish,
                },
                features_per_tag: true,
                kept_names: match kept_names_in(&out) {
                    Ok(kept_names) => kept_names,
                    Err(message) => {
                        eprintln!("error: {message}");
                        return ExitCode::FAILURE;
                    }
                },
            };
            match run_generate(&spec, &out, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The type names of a crate generated into `out` before: its names are
/// kept, so that regenerating after a document change renames nothing that
/// still exists. None when `out` holds no generated crate yet.
fn kept_names_in(out: &Path) -> Result<KeptNames, String> {
    let path = out.join(TYPE_NAMES_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => KeptNames::from_json(&text).map_err(|error| {
            format!(
                "{}: {error} (delete it to generate without the names it keeps)",
                path.display()
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(KeptNames::default()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

fn run_generate(spec: &Path, out: &Path, options: &CrateOptions) -> Result<(), String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
    let generated =
        generate(&text, options).map_err(|error| format!("{}: {error}", spec.display()))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    for file in &generated.files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    eprintln!(
        "generated {} files into {} ({} warnings)",
        generated.files.len(),
        out.display(),
        generated.warnings.len()
    );
    Ok(())
}
