//! Generating one document, in a child process of its own so a panic, a
//! runaway recursion or a blown memory cap ends that document only.
//!
//! The parent runs `xtask __wide-generate DOCUMENT CRATE_DIR CRATE_NAME`; the
//! child writes the crate and prints one JSON [`Generated`] line.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use openapi_client_gen::{build_model, generate, CrateOptions};
use serde::{Deserialize, Serialize};

use super::limits::{self, Limits};

/// What a generated document gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    /// Lines of the crate's Rust files outside `src/runtime/` (the runtime
    /// is the same for every crate).
    pub lines: usize,
    /// Operations under the document's `paths`.
    pub operations: usize,
    /// Of those, how many the client has no method for.
    pub dropped: usize,
    pub warnings: usize,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The document's operations as (`METHOD`, path) pairs: each method of each
/// path item under `paths`, following a path item's local `$ref`.
pub fn document_operations(tree: &serde_json::Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    let Some(paths) = tree["paths"].as_object() else {
        return operations;
    };
    for (path, item) in paths {
        let item = match item["$ref"].as_str() {
            Some(reference) => reference
                .strip_prefix('#')
                .and_then(|pointer| tree.pointer(pointer))
                .unwrap_or(item),
            None => item,
        };
        for method in METHODS {
            if item.get(method).is_some_and(serde_json::Value::is_object) {
                operations.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    operations
}

/// The child's work: generate `document` into `crate_dir` and describe it.
pub fn generate_one(
    document: &Path,
    crate_dir: &Path,
    crate_name: &str,
) -> Result<Generated, String> {
    let text = std::fs::read_to_string(document)
        .map_err(|error| format!("cannot read {}: {error}", document.display()))?;
    let generated =
        generate(&text, &CrateOptions::new(crate_name)).map_err(|error| error.to_string())?;
    let _ = std::fs::remove_dir_all(crate_dir);
    let mut lines = 0;
    for file in &generated.files {
        let path = crate_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
        }
        std::fs::write(&path, &file.contents).map_err(|error| error.to_string())?;
        if file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/") {
            lines += file.contents.lines().count();
        }
    }
    let warnings = generated.warnings.len();
    drop(generated);
    // The model is built again (the library hands back files, not the model,
    // from `generate`) to learn which operations the client has.
    let (model, _) = build_model(&text).map_err(|error| error.to_string())?;
    let has: BTreeSet<(String, String)> = model
        .operations
        .iter()
        .map(|operation| {
            (
                operation.http_method.as_str().to_owned(),
                operation.path_template.to_string(),
            )
        })
        .collect();
    let tree: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("not JSON: {error}"))?;
    let operations = document_operations(&tree);
    let dropped = operations.difference(&has).count();
    Ok(Generated {
        lines,
        operations: operations.len(),
        dropped,
        warnings,
    })
}

/// Entry point of the child process.
pub fn child_main(arguments: &[String]) -> Result<(), String> {
    let [document, crate_dir, crate_name] = arguments else {
        return Err("usage: __wide-generate DOCUMENT CRATE_DIR CRATE_NAME".to_owned());
    };
    let generated = generate_one(Path::new(document), Path::new(crate_dir), crate_name)?;
    println!(
        "{}",
        serde_json::to_string(&generated).map_err(|error| error.to_string())?
    );
    Ok(())
}

/// Runs the child for one document; an `Err` is the reason it failed, in one line.
pub fn generate_in_child(
    executable: &Path,
    document: &Path,
    crate_dir: &Path,
    crate_name: &str,
    limits: &Limits,
) -> Result<Generated, String> {
    let mut command = Command::new(executable);
    command
        .arg("__wide-generate")
        .arg(document)
        .arg(crate_dir)
        .arg(crate_name)
        .env("RUST_BACKTRACE", "0");
    let finished = limits::run(command, limits)?;
    if finished.success() {
        let stdout = String::from_utf8_lossy(&finished.stdout);
        return serde_json::from_str(stdout.trim())
            .map_err(|error| format!("unreadable child report: {error}"));
    }
    let stderr = String::from_utf8_lossy(&finished.stderr);
    if let Some(message) = panic_message(&stderr) {
        return Err(format!("panic: {message}"));
    }
    if let Some(reason) = finished.abnormal_end(limits) {
        return Err(reason);
    }
    let message = stderr
        .lines()
        .find_map(|line| line.strip_prefix("error: "))
        .unwrap_or_else(|| stderr.lines().next().unwrap_or("failed without a message"));
    Err(one_line(message))
}

/// The message of a Rust panic report, without the source location (line
/// numbers move with every edit, and the failure list should not).
pub fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    let header = lines.find(|line| line.contains("panicked at"))?;
    // Since Rust 1.73 the message is on the line after `panicked at FILE:L:C:`;
    // before that it followed on the same line in quotes.
    let message = match header.split_once("panicked at '") {
        Some((_, rest)) => rest.split("', ").next().unwrap_or(rest).to_owned(),
        None => lines.next().unwrap_or("").to_owned(),
    };
    Some(one_line(&message))
}

/// First line, trimmed, and at most 240 characters: failure lists stay one
/// line per document.
pub fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut shortened: String = line.chars().take(240).collect();
    if shortened.len() < line.len() {
        shortened.push('…');
    }
    shortened.replace('\t', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_are_methods_of_path_items_including_referenced_ones() {
        let tree = json!({
            "paths": {
                "/pets": {
                    "get": {}, "post": {}, "parameters": [], "summary": "x",
                    "x-get": {}
                },
                "/pets/{id}": {"$ref": "#/x-items/pet"},
                "/broken": {"$ref": "#/nowhere"}
            },
            "x-items": {"pet": {"delete": {}, "head": {}}}
        });
        let found: Vec<(String, String)> = document_operations(&tree).into_iter().collect();
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(method, path)| (method.as_str(), path.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("DELETE", "/pets/{id}"),
                ("GET", "/pets"),
                ("HEAD", "/pets/{id}"),
                ("POST", "/pets")
            ]
        );
        assert!(document_operations(&json!({"openapi": "3.0.0"})).is_empty());
    }

    #[test]
    fn panic_messages_lose_their_location() {
        let modern = "\nthread 'main' panicked at generator/src/model/build.rs:12:5:\nindex out of bounds\nnote: run with `RUST_BACKTRACE=1`";
        assert_eq!(
            panic_message(modern).as_deref(),
            Some("index out of bounds")
        );
        let older = "thread 'main' panicked at 'explicit panic', src/main.rs:2:5";
        assert_eq!(panic_message(older).as_deref(), Some("explicit panic"));
        assert_eq!(panic_message("error: not a panic"), None);
    }

    #[test]
    fn one_line_keeps_the_first_line_short() {
        assert_eq!(one_line("  first\tline \nsecond"), "first line");
        let long = "x".repeat(300);
        assert_eq!(one_line(&long).chars().count(), 241);
    }
}
