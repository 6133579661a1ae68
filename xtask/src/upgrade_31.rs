//! The metamorphic check of OpenAPI 3.1 support: every OpenAPI 3.0 document of
//! a corpus is upgraded to 3.1 by an independent tool (the npm package
//! `@scalar/openapi-upgrader`), both versions are generated, and the two
//! crates must be the same file for file. A difference is a generator bug
//! unless the upgrade changed what the API means.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{generate, load::parse_text, CrateOptions, GeneratedFile};

/// Pinned, so a run compares with the last. 0.4.9 declares Node 22 and runs on
/// Node 20, which is what this machine has.
const UPGRADER: &str = "@scalar/openapi-upgrader@0.4.9";

/// Reads `input<TAB>output` lines and writes each upgraded document; a
/// document the upgrader rejects is printed as `input<TAB>reason`.
const UPGRADE_SCRIPT: &str = r#"import { readFileSync, writeFileSync } from 'node:fs';
import { upgradeFromThreeToThreeOne } from '@scalar/openapi-upgrader/3.0-to-3.1';
const [list] = process.argv.slice(2);
for (const line of readFileSync(list, 'utf8').split('\n')) {
  if (!line) continue;
  const [input, output] = line.split('\t');
  try {
    const upgraded = upgradeFromThreeToThreeOne(JSON.parse(readFileSync(input, 'utf8')));
    writeFileSync(output, JSON.stringify(upgraded, null, 2));
  } catch (error) {
    console.log(`${input}\t${String(error).split('\n')[0]}`);
  }
}
"#;

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Both versions give the same crate.
    Identical,
    /// The first file and line where the two crates differ.
    Differs { file: String, line: usize },
    /// The 3.0 document does not generate, so there is nothing to compare.
    NotGenerated(String),
    /// The upgraded document does not generate or the upgrader refused it.
    UpgradeFailed(String),
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub document: String,
    pub verdict: Verdict,
}

/// Upgrades every 3.0 document among `documents` (name, path) and compares
/// the generated crates; documents of other versions are left out.
pub fn compare_upgraded(
    documents: &[(String, PathBuf)],
    work: &Path,
) -> Result<Vec<Outcome>, String> {
    let upgrader = install_upgrader(work)?;
    let json_dir = work.join("documents");
    create_dir(&json_dir)?;
    let mut pending = Vec::new();
    for (index, (name, path)) in documents.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let Ok(tree) = parse_text(&text) else {
            continue;
        };
        if !declares_3_0(&tree) {
            continue;
        }
        let original = json_dir.join(format!("{index}.json"));
        let upgraded = json_dir.join(format!("{index}.upgraded.json"));
        write(&original, &tree.to_string())?;
        pending.push((name.clone(), original, upgraded));
    }
    let refused = run_upgrader(&upgrader, &pending, work)?;
    Ok(pending
        .iter()
        .map(|(name, original, upgraded)| Outcome {
            document: name.clone(),
            verdict: match refused.iter().find(|(input, _)| input == original) {
                Some((_, reason)) => Verdict::UpgradeFailed(format!("upgrader: {reason}")),
                None => compare_documents(original, upgraded),
            },
        })
        .collect())
}

fn declares_3_0(tree: &serde_json::Value) -> bool {
    tree.get("openapi")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|version| version.starts_with("3.0"))
}

/// `npm install` of the pinned upgrader into `work/upgrader`, once.
fn install_upgrader(work: &Path) -> Result<PathBuf, String> {
    let prefix = work.join("upgrader");
    let script = prefix.join("upgrade.mjs");
    let installed = prefix.join("node_modules/@scalar/openapi-upgrader/package.json");
    if !installed.exists() {
        create_dir(&prefix)?;
        let status = Command::new("npm")
            .args(["install", "--no-save", "--silent", "--prefix"])
            .arg(&prefix)
            .arg(UPGRADER)
            .status()
            .map_err(|error| format!("cannot run npm (is Node.js installed?): {error}"))?;
        if !status.success() {
            return Err(format!("npm install {UPGRADER} failed"));
        }
    }
    write(&script, UPGRADE_SCRIPT)?;
    Ok(script)
}

/// Upgrades every pending document in one Node process; returns the ones the
/// upgrader refused, with its reason.
fn run_upgrader(
    script: &Path,
    pending: &[(String, PathBuf, PathBuf)],
    work: &Path,
) -> Result<Vec<(PathBuf, String)>, String> {
    let list: String = pending
        .iter()
        .map(|(_, original, upgraded)| format!("{}\t{}\n", original.display(), upgraded.display()))
        .collect();
    let list_path = work.join("upgrade-list.txt");
    write(&list_path, &list)?;
    let output = Command::new("node")
        .arg(script)
        .arg(&list_path)
        .output()
        .map_err(|error| format!("cannot run node: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "the upgrader failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(input, reason)| (PathBuf::from(input), reason.to_owned()))
        .collect())
}

fn compare_documents(original: &Path, upgraded: &Path) -> Verdict {
    let generate_file = |path: &Path| -> Result<Vec<GeneratedFile>, String> {
        let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
        generate(&text, &CrateOptions::new("upgrade-check"))
            .map(|generated| generated.files)
            .map_err(|error| error.to_string())
    };
    match (generate_file(original), generate_file(upgraded)) {
        (Err(error), _) => Verdict::NotGenerated(error),
        (Ok(_), Err(error)) => Verdict::UpgradeFailed(error),
        (Ok(before), Ok(after)) => first_difference(&before, &after),
    }
}

/// The first file (by path) and line where two generated crates differ.
pub fn first_difference(before: &[GeneratedFile], after: &[GeneratedFile]) -> Verdict {
    for (old, new) in before.iter().zip(after) {
        if old.path != new.path {
            return Verdict::Differs {
                file: old.path.clone().min(new.path.clone()),
                line: 0,
            };
        }
        if old.contents != new.contents {
            let line = old
                .contents
                .lines()
                .zip(new.contents.lines())
                .position(|(left, right)| left != right)
                .unwrap_or_else(|| {
                    old.contents
                        .lines()
                        .count()
                        .min(new.contents.lines().count())
                });
            return Verdict::Differs {
                file: old.path.clone(),
                line: line + 1,
            };
        }
    }
    match before.len().cmp(&after.len()) {
        std::cmp::Ordering::Equal => Verdict::Identical,
        _ => Verdict::Differs {
            file: "(file list)".to_owned(),
            line: 0,
        },
    }
}

/// The table and the closing line `upgrade-31: identical N/M`.
pub fn report(outcomes: &[Outcome]) -> String {
    let mut text = String::new();
    for outcome in outcomes {
        let verdict = match &outcome.verdict {
            Verdict::Identical => "identical".to_owned(),
            Verdict::Differs { file, line } => format!("DIFFERS at {file}:{line}"),
            Verdict::NotGenerated(error) => format!("3.0 does not generate: {error}"),
            Verdict::UpgradeFailed(error) => format!("UPGRADE FAILED: {error}"),
        };
        text.push_str(&format!("{:<48} {verdict}\n", outcome.document));
    }
    let compared: Vec<&Outcome> = outcomes
        .iter()
        .filter(|outcome| !matches!(outcome.verdict, Verdict::NotGenerated(_)))
        .collect();
    let identical = compared
        .iter()
        .filter(|outcome| outcome.verdict == Verdict::Identical)
        .count();
    text.push_str(&format!(
        "upgrade-31: identical {identical}/{}\n",
        compared.len()
    ));
    text
}

/// At least 99 % of the compared documents give the same client.
pub fn meets_target(outcomes: &[Outcome]) -> Result<(), String> {
    let compared = outcomes
        .iter()
        .filter(|outcome| !matches!(outcome.verdict, Verdict::NotGenerated(_)))
        .count();
    let identical = outcomes
        .iter()
        .filter(|outcome| outcome.verdict == Verdict::Identical)
        .count();
    if identical * 100 >= compared * 99 {
        Ok(())
    } else {
        Err(format!(
            "{} of {compared} upgraded documents give another client",
            compared - identical
        ))
    }
}

fn create_dir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path)
        .map_err(|error| format!("cannot create {}: {error}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile::new(path, contents)
    }

    #[test]
    fn the_first_differing_line_is_named() {
        let before = [file("a.rs", "x\ny\nz"), file("b.rs", "same")];
        let after = [file("a.rs", "x\nY\nz"), file("b.rs", "same")];
        assert_eq!(
            first_difference(&before, &after),
            Verdict::Differs {
                file: "a.rs".into(),
                line: 2
            }
        );
        assert_eq!(first_difference(&before, &before), Verdict::Identical);
    }

    #[test]
    fn documents_that_do_not_generate_in_3_0_are_not_counted() {
        let outcomes = [
            Outcome {
                document: "a".into(),
                verdict: Verdict::Identical,
            },
            Outcome {
                document: "b".into(),
                verdict: Verdict::Differs {
                    file: "src/models.rs".into(),
                    line: 3,
                },
            },
            Outcome {
                document: "c".into(),
                verdict: Verdict::NotGenerated("broken".into()),
            },
        ];
        assert!(report(&outcomes).ends_with("upgrade-31: identical 1/2\n"));
    }
}
