//! Results kept between runs, so an interrupted or repeated run does only the
//! work that is left. One JSON record per line, appended as results arrive
//! (an interrupted run loses nothing it finished); a later record for the
//! same document and key wins.
//!
//! A key hashes the generator's sources, the lock file, the compiler version,
//! the version of this record format and the document itself: when any of
//! them changes, the document is done again.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check::Checked;
use super::generation::Generated;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    pub generated: Option<Result<Generated, String>>,
    pub checked: Option<Checked>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    document: String,
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    generated: Option<Result<Generated, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checked: Option<Checked>,
}

pub struct State {
    path: PathBuf,
    entries: HashMap<(String, String), Entry>,
}

impl State {
    /// Reads the state file; a missing file is an empty state and an
    /// unreadable line (a run killed mid-write) is skipped.
    pub fn load(path: &Path) -> Self {
        let mut entries: HashMap<(String, String), Entry> = HashMap::new();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines() {
            let Ok(record) = serde_json::from_str::<Record>(line) else {
                continue;
            };
            let entry = entries.entry((record.document, record.key)).or_default();
            if let Some(generated) = record.generated {
                // A new generation invalidates the check of the old crate.
                *entry = Entry {
                    generated: Some(generated),
                    checked: None,
                };
            }
            if let Some(checked) = record.checked {
                entry.checked = Some(checked);
            }
        }
        Self {
            path: path.to_owned(),
            entries,
        }
    }

    pub fn get(&self, document: &str, key: &str) -> Entry {
        self.entries
            .get(&(document.to_owned(), key.to_owned()))
            .cloned()
            .unwrap_or_default()
    }

    pub fn record_generated(
        &mut self,
        document: &str,
        key: &str,
        generated: Result<Generated, String>,
    ) -> Result<(), String> {
        self.append(Record {
            document: document.to_owned(),
            key: key.to_owned(),
            generated: Some(generated.clone()),
            checked: None,
        })?;
        self.entries.insert(
            (document.to_owned(), key.to_owned()),
            Entry {
                generated: Some(generated),
                checked: None,
            },
        );
        Ok(())
    }

    pub fn record_checked(
        &mut self,
        document: &str,
        key: &str,
        checked: Checked,
    ) -> Result<(), String> {
        self.append(Record {
            document: document.to_owned(),
            key: key.to_owned(),
            generated: None,
            checked: Some(checked.clone()),
        })?;
        self.entries
            .entry((document.to_owned(), key.to_owned()))
            .or_default()
            .checked = Some(checked);
        Ok(())
    }

    fn append(&self, record: Record) -> Result<(), String> {
        let line = serde_json::to_string(&record).map_err(|error| error.to_string())?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|error| format!("cannot write {}: {error}", self.path.display()))?;
        writeln!(file, "{line}")
            .map_err(|error| format!("cannot write {}: {error}", self.path.display()))
    }
}

/// A document's key: its text under a given fingerprint of the tools.
pub fn key(fingerprint: &str, document_text: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(fingerprint.as_bytes());
    hasher.update(b"\n");
    hasher.update(document_text);
    hex(&hasher.finalize()[..12])
}

/// Hashes every file under `roots` (files or directories, in sorted order,
/// names included) and `extra`: what decides a document's outcome.
pub fn fingerprint(base: &Path, roots: &[&str], extra: &str) -> String {
    let mut hasher = Sha256::new();
    for root in roots {
        let path = base.join(root);
        let files = if path.is_dir() {
            crate::client_files::files_on_disk(&path)
                .into_iter()
                .map(|file| format!("{root}/{file}"))
                .collect()
        } else {
            vec![(*root).to_owned()]
        };
        for file in files {
            hasher.update(file.as_bytes());
            hasher.update(b"\0");
            hasher.update(std::fs::read(base.join(&file)).unwrap_or_default());
            hasher.update(b"\0");
        }
    }
    hasher.update(extra.as_bytes());
    hex(&hasher.finalize()[..12])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(lines: usize) -> Generated {
        Generated {
            lines,
            operations: 3,
            dropped: 0,
            warnings: 1,
        }
    }

    fn checked(compiled: bool) -> Checked {
        Checked {
            compiled,
            seconds: 1.5,
            errors: usize::from(!compiled),
            first_error: (!compiled).then(|| "error[E0308]: mismatched types".to_owned()),
            peak_mib: Some(300),
        }
    }

    #[test]
    fn results_survive_a_reload_and_keys_separate_versions() {
        let path = std::env::temp_dir().join(format!("wide-state-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut state = State::load(&path);
        assert_eq!(state.get("api/a.json", "k1"), Entry::default());
        state
            .record_generated("api/a.json", "k1", Ok(generated(10)))
            .unwrap();
        state
            .record_checked("api/a.json", "k1", checked(false))
            .unwrap();
        state
            .record_generated("api/b.json", "k1", Err("panic: boom".to_owned()))
            .unwrap();
        // A line cut short by a kill is skipped, not fatal.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"document\":\"api/c.js")
            .unwrap();
        let reloaded = State::load(&path);
        assert_eq!(
            reloaded.get("api/a.json", "k1"),
            Entry {
                generated: Some(Ok(generated(10))),
                checked: Some(checked(false)),
            }
        );
        assert_eq!(
            reloaded.get("api/b.json", "k1").generated,
            Some(Err("panic: boom".to_owned()))
        );
        assert_eq!(reloaded.get("api/a.json", "k2"), Entry::default());
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_new_generation_forgets_the_old_check() {
        let path = std::env::temp_dir().join(format!("wide-regen-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut state = State::load(&path);
        state
            .record_generated("api/a.json", "k", Ok(generated(1)))
            .unwrap();
        state
            .record_checked("api/a.json", "k", checked(true))
            .unwrap();
        state
            .record_generated("api/a.json", "k", Ok(generated(2)))
            .unwrap();
        let reloaded = State::load(&path);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(reloaded.get("api/a.json", "k").checked, None);
        assert_eq!(
            state.get("api/a.json", "k"),
            reloaded.get("api/a.json", "k")
        );
    }

    #[test]
    fn keys_change_with_the_document_and_the_tools() {
        let base = key("tools-1", b"{}");
        assert_eq!(base, key("tools-1", b"{}"));
        assert_ne!(base, key("tools-2", b"{}"));
        assert_ne!(base, key("tools-1", b"{ }"));
        assert_eq!(base.len(), 24);
    }
}
