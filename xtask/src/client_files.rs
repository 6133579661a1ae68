//! Where the committed client lives and how it is generated.

use std::path::{Path, PathBuf};

use openapi_client_gen::model::KeptNames;
use openapi_client_gen::{
    generate, read_examples, CrateOptions, GeneratedFile, OAuthEndpoint, PackageMetadata,
    TYPE_NAMES_FILE,
};

pub const CLIENT_DIR: &str = "generated-client";
pub const SPEC_FILE: &str = "spec/sign-openapi.json";
/// Example programs shipped in the client's `examples/`.
pub const EXAMPLES_DIR: &str = "examples";
pub const CRATE_NAME: &str = "signicat-sign-client";

/// Signicat documents its token endpoint only in prose (the `bearerAuth`
/// scheme's description), not as an oauth2 flow, so it is supplied here.
const SIGNICAT_TOKEN_URL: &str = "https://api.signicat.com/auth/open/connect/token";
const SIGNICAT_SCOPE: &str = "signicat-api";

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The build output directory: `CARGO_TARGET_DIR` (relative to the
/// workspace when relative) or `target/`. Work that must stay out of git
/// (corpora, generated crates, installed tools) lives below it.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|target| {
            if target.is_absolute() {
                target
            } else {
                root.join(target)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}

/// The copy of the spec the committed client was generated from; `regen`
/// compares the next spec with it to report what changed.
pub const GENERATED_FROM: &str = "openapi.json";
/// Kept by `regen` (newest entry first), not made by the generator.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The committed spec's text.
pub fn read_spec(root: &Path) -> Result<String, String> {
    let spec_path = root.join(SPEC_FILE);
    std::fs::read_to_string(&spec_path)
        .map_err(|error| format!("cannot read {}: {error}", spec_path.display()))
}

/// The client's files for `spec` at `version`, with the spec copy beside them.
pub fn generate_client(
    root: &Path,
    spec: &str,
    version: &str,
    kept_names: &KeptNames,
) -> Result<Vec<GeneratedFile>, String> {
    let examples_dir = root.join(EXAMPLES_DIR);
    let examples = if examples_dir.is_dir() {
        read_examples(&examples_dir)?
    } else {
        Vec::new()
    };
    let options = CrateOptions {
        examples,
        crate_version: version.to_owned(),
        oauth_fallback: Some(OAuthEndpoint {
            token_url: SIGNICAT_TOKEN_URL.to_owned(),
            scopes: vec![SIGNICAT_SCOPE.to_owned()],
        }),
        package: PackageMetadata {
            license: Some("MIT OR Apache-2.0".to_owned()),
            ..PackageMetadata::default()
        },
        kept_names: kept_names.clone(),
        ..CrateOptions::new(CRATE_NAME)
    };
    let generated = generate(spec, &options).map_err(|error| format!("{SPEC_FILE}: {error}"))?;
    for warning in &generated.warnings {
        eprintln!("{SPEC_FILE}: {warning}");
    }
    let mut files = generated.files;
    files.push(GeneratedFile::new(GENERATED_FROM, spec));
    Ok(files)
}

/// The type names of the committed client, which the next generation keeps.
/// A client committed before it kept them has them from the spec it was
/// generated from (`previous_spec`), as that generation gave them.
pub fn committed_type_names(
    client_dir: &Path,
    previous_spec: Option<&str>,
) -> Result<KeptNames, String> {
    let path = client_dir.join(TYPE_NAMES_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            KeptNames::from_json(&text).map_err(|error| format!("{}: {error}", path.display()))
        }
        Err(_) => Ok(previous_spec
            .and_then(|spec| openapi_client_gen::build_model(spec).ok())
            .map(|(model, _)| KeptNames::of(&model))
            .unwrap_or_default()),
    }
}

/// The version in the committed manifest, so regeneration keeps it.
pub fn current_version(client_dir: &Path) -> String {
    let manifest = std::fs::read_to_string(client_dir.join("Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("0.1.0")
        .to_owned()
}

/// Every file under `dir` (relative paths, `/`-separated), skipping `target/`.
pub fn files_on_disk(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    collect_files(dir, dir, &mut found);
    found.sort();
    found
}

fn collect_files(base: &Path, dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "target" {
                collect_files(base, &path, found);
            }
        } else if let Ok(relative) = path.strip_prefix(base) {
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
