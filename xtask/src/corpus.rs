//! `cargo xtask corpus`: every OpenAPI 3.x document of the npm package
//! `@readme/oas-examples` (pinned) is generated into a crate, and all the
//! crates are checked by one `cargo check` with a shared target directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{generate, CrateOptions};

use crate::client_files::{files_on_disk, workspace_root};

/// The corpus: pinned, so results compare between runs.
pub const PACKAGE: &str = "@readme/oas-examples@8.2.2";

/// Where the corpus is unpacked and its crates are generated.
pub fn work_dir() -> PathBuf {
    workspace_root().join("target").join("corpus")
}

/// One document's outcome.
struct Row {
    document: String,
    crate_name: String,
    generated: Result<usize, String>,
    compile_errors: usize,
}

pub fn corpus() -> Result<(), String> {
    let work = work_dir();
    let package = unpack(&work, PACKAGE)?;
    let documents = documents(&package);
    if documents.is_empty() {
        return Err(format!(
            "no OpenAPI 3.x documents under {}",
            package.display()
        ));
    }
    let crates_dir = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates_dir);
    let mut rows: Vec<Row> = documents
        .iter()
        .map(|document| generate_crate(&package, document, &crates_dir))
        .collect();
    let errors = check_crates(&work, &rows)?;
    for row in &mut rows {
        row.compile_errors = errors
            .get(&row.crate_name.replace('-', "_"))
            .copied()
            .unwrap_or(0);
    }
    print_table(&rows);
    let total = rows.len();
    let generated = rows.iter().filter(|row| row.generated.is_ok()).count();
    let compiled = rows
        .iter()
        .filter(|row| row.generated.is_ok() && row.compile_errors == 0)
        .count();
    println!("generated {generated}/{total}, compiled {compiled}/{total}");
    if compiled == total {
        Ok(())
    } else {
        Err(format!(
            "{} of {total} documents did not give a compiling crate",
            total - compiled
        ))
    }
}

/// `cargo xtask corpus --upgrade-31`: the corpus's 3.0 documents against
/// their 3.1 upgrades (see `upgrade_31.rs`); at least 99 % must be identical.
pub fn upgrade_31() -> Result<(), String> {
    let work = work_dir();
    let package = unpack(&work, PACKAGE)?;
    let documents: Vec<(String, PathBuf)> = documents(&package)
        .into_iter()
        .map(|document| (document.clone(), package.join(&document)))
        .collect();
    let outcomes = crate::upgrade_31::compare_upgraded(&documents, &work.join("upgrade-31"))?;
    print!("{}", crate::upgrade_31::report(&outcomes));
    crate::upgrade_31::meets_target(&outcomes)
}

/// `npm pack` of `spec` (`name@version`) into `work/`, unpacked once and
/// reused afterwards while its version is `spec`'s.
pub fn unpack(work: &Path, spec: &str) -> Result<PathBuf, String> {
    let package = work.join("package");
    let version = spec.rsplit_once('@').map_or("", |(_, version)| version);
    let unpacked = std::fs::read_to_string(package.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|manifest| manifest["version"].as_str().map(str::to_owned));
    match unpacked {
        Some(unpacked) if unpacked == version => return Ok(package),
        Some(_) => std::fs::remove_dir_all(&package)
            .map_err(|error| format!("cannot remove {}: {error}", package.display()))?,
        None => {}
    }
    std::fs::create_dir_all(work)
        .map_err(|error| format!("cannot create {}: {error}", work.display()))?;
    let output = Command::new("npm")
        .args(["pack", spec, "--silent"])
        .current_dir(work)
        .output()
        .map_err(|error| format!("cannot run npm (is Node.js installed?): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm pack {spec} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let tarball = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let status = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(work)
        .status()
        .map_err(|error| format!("cannot run tar: {error}"))?;
    if !status.success() {
        return Err(format!("cannot unpack {tarball}"));
    }
    Ok(package)
}

/// The package's 3.0 and 3.1 documents (its 2.0 ones are Swagger, out of scope).
pub fn documents(package: &Path) -> Vec<String> {
    ["3.0", "3.1"]
        .iter()
        .flat_map(|version| {
            files_on_disk(&package.join(version))
                .into_iter()
                .map(move |path| format!("{version}/{path}"))
        })
        .filter(|path| {
            [".json", ".yaml", ".yml"]
                .iter()
                .any(|extension| path.ends_with(extension))
        })
        .collect()
}

/// The package name of a document's crate.
pub fn crate_name(document: &str) -> String {
    format!(
        "oas-{}",
        document
            .to_ascii_lowercase()
            .replace(|character: char| !character.is_ascii_alphanumeric(), "-")
    )
}

fn generate_crate(package: &Path, document: &str, crates_dir: &Path) -> Row {
    let crate_name = crate_name(document);
    let generated = std::fs::read_to_string(package.join(document))
        .map_err(|error| error.to_string())
        .and_then(|text| {
            generate(&text, &CrateOptions::new(crate_name.clone()))
                .map_err(|error| error.to_string())
        })
        .and_then(|generated| {
            for file in &generated.files {
                let path = crates_dir.join(&crate_name).join(&file.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
                }
                std::fs::write(&path, &file.contents).map_err(|error| error.to_string())?;
            }
            Ok(generated.warnings.len())
        });
    Row {
        document: document.to_owned(),
        crate_name,
        generated,
        compile_errors: 0,
    }
}

/// Checks every generated crate in one workspace; returns errors per crate (lib name).
fn check_crates(work: &Path, rows: &[Row]) -> Result<BTreeMap<String, usize>, String> {
    let members: Vec<String> = rows
        .iter()
        .filter(|row| row.generated.is_ok())
        .map(|row| format!("\"crates/{}\"", row.crate_name))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    // The workspace's lock file pins the same dependency versions the client uses.
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), work.join("Cargo.lock"));
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "json",
        ])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    let mut errors = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_error =
            message["reason"] == "compiler-message" && message["message"]["level"] == "error";
        if let (true, Some(target)) = (is_error, message["target"]["name"].as_str()) {
            *errors.entry(target.to_owned()).or_insert(0) += 1;
        }
    }
    if !output.status.success() && errors.is_empty() {
        return Err(format!(
            "cargo check failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(errors)
}

fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|row| row.document.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let (document, generated, warnings) = ("document", "generated", "warnings");
    println!("{document:<width$}  {generated:<9}  {warnings:>8}  compiled");
    for row in rows {
        let (generated, warnings) = match &row.generated {
            Ok(warnings) => ("yes", warnings.to_string()),
            Err(_) => ("NO", "-".to_owned()),
        };
        let compiled = match (&row.generated, row.compile_errors) {
            (Err(error), _) => format!("- ({error})"),
            (Ok(_), 0) => "yes".to_owned(),
            (Ok(_), errors) => format!("NO ({errors} errors)"),
        };
        println!(
            "{:<width$}  {generated:<9}  {warnings:>8}  {compiled}",
            row.document
        );
    }
}
