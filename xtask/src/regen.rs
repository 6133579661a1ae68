//! `regen` writes a fresh client beside the committed one and swaps it in only
//! when every file was written; `check` compares without writing.

use std::path::Path;

use openapi_client_gen::GeneratedFile;
use similar::{ChangeTag, TextDiff};

use crate::client_files::{files_on_disk, generate_client, workspace_root, CLIENT_DIR};

pub fn regen() -> Result<(), String> {
    let root = workspace_root();
    let files = generate_client(&root)?;
    let client_dir = root.join(CLIENT_DIR);
    let changes = compare(&client_dir, &files);
    if changes.is_empty() {
        println!("{CLIENT_DIR}/ is up to date ({} files)", files.len());
        return Ok(());
    }
    swap_in(&root, &client_dir, &files)?;
    print_changes(&changes);
    Ok(())
}

pub fn check() -> Result<(), String> {
    let root = workspace_root();
    let files = generate_client(&root)?;
    let changes = compare(&root.join(CLIENT_DIR), &files);
    if changes.is_empty() {
        println!(
            "{CLIENT_DIR}/ matches the generator output ({} files)",
            files.len()
        );
        return Ok(());
    }
    print_changes(&changes);
    Err(format!(
        "{CLIENT_DIR}/ is stale or edited by hand: run `cargo xtask regen` and commit the result"
    ))
}

/// One file that differs between the committed crate and a fresh generation.
struct FileChange {
    path: String,
    kind: ChangeKind,
    added: usize,
    removed: usize,
}

enum ChangeKind {
    Added,
    Removed,
    Modified,
}

fn compare(client_dir: &Path, files: &[GeneratedFile]) -> Vec<FileChange> {
    let mut changes = Vec::new();
    for file in files {
        match std::fs::read_to_string(client_dir.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(existing) => {
                let (added, removed) = line_counts(&existing, &file.contents);
                changes.push(FileChange {
                    path: file.path.clone(),
                    kind: ChangeKind::Modified,
                    added,
                    removed,
                });
            }
            Err(_) => changes.push(FileChange {
                path: file.path.clone(),
                kind: ChangeKind::Added,
                added: file.contents.lines().count(),
                removed: 0,
            }),
        }
    }
    for path in files_on_disk(client_dir) {
        if !files.iter().any(|file| file.path == path) {
            let removed = std::fs::read_to_string(client_dir.join(&path))
                .map_or(0, |text| text.lines().count());
            changes.push(FileChange {
                path,
                kind: ChangeKind::Removed,
                added: 0,
                removed,
            });
        }
    }
    changes
}

fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(old, new);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => counts.0 += 1,
            ChangeTag::Delete => counts.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    counts
}

fn print_changes(changes: &[FileChange]) {
    let (added, removed) = changes.iter().fold((0, 0), |(added, removed), change| {
        (added + change.added, removed + change.removed)
    });
    println!("{} files differ (+{added} -{removed}):", changes.len());
    for change in changes {
        let kind = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        };
        println!(
            "  {kind:<8} {CLIENT_DIR}/{} (+{} -{})",
            change.path, change.added, change.removed
        );
    }
}

/// Writes the new crate into a staging directory, then renames it over the
/// committed one; on any failure the committed crate is left as it was.
fn swap_in(root: &Path, client_dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let staging_parent = root.join("target").join("xtask");
    let staging = staging_parent.join(format!("regen-{}", std::process::id()));
    let previous = staging_parent.join(format!("previous-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_dir_all(&previous);
    let written = write_files(&staging, files);
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!(
            "regeneration failed, {CLIENT_DIR}/ left untouched: {error}"
        ));
    }
    std::fs::rename(client_dir, &previous)
        .map_err(|error| format!("cannot move {} aside: {error}", client_dir.display()))?;
    if let Err(error) = std::fs::rename(&staging, client_dir) {
        let _ = std::fs::rename(&previous, client_dir);
        return Err(format!(
            "cannot move the new crate into place, {CLIENT_DIR}/ restored: {error}"
        ));
    }
    let _ = std::fs::remove_dir_all(&previous);
    Ok(())
}

fn write_files(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.contents)?;
    }
    Ok(())
}
