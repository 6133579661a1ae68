//! The committed list of documents that still fail, one line each
//! (`DOCUMENT<TAB>FIRST ERROR`, sorted by document), and how a run compares
//! with it: a failure not on the list is a regression; a listed document
//! that now passes is a fix to record.

use std::collections::BTreeMap;

pub const HEADER: &str = "\
Documents of the wide corpus (xtask/corpus/wide-documents.txt) that do not give
a compiling crate, with the first error: DOCUMENT<TAB>ERROR, sorted.
A run of `cargo xtask corpus --wide` over the whole list rewrites this file;
`--update-list` with `--sample`/`--only` updates only the documents run.";

/// Document to first error.
pub type Failures = BTreeMap<String, String>;

pub fn render(failures: &Failures) -> String {
    let mut text = String::new();
    for line in HEADER.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    for (document, error) in failures {
        text.push_str(&format!("{document}\t{error}\n"));
    }
    text
}

pub fn parse(text: &str) -> Result<Failures, String> {
    let mut failures = Failures::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (document, error) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: no tab between document and error", number + 1))?;
        failures.insert(document.to_owned(), error.to_owned());
    }
    Ok(failures)
}

/// A run's results measured against the committed list.
#[derive(Debug, Default, PartialEq)]
pub struct Comparison {
    /// Failing now, not on the list.
    pub regressions: Vec<(String, String)>,
    /// On the list, passing now.
    pub fixed: Vec<String>,
    /// Failing as listed, but with another first error.
    pub changed: Vec<(String, String)>,
}

/// `results` holds every document run: `None` if it passed, else its error.
pub fn compare(listed: &Failures, results: &BTreeMap<String, Option<String>>) -> Comparison {
    let mut comparison = Comparison::default();
    for (document, outcome) in results {
        match (outcome, listed.get(document)) {
            (Some(error), None) => comparison
                .regressions
                .push((document.clone(), error.clone())),
            (Some(error), Some(was)) if error != was => {
                comparison.changed.push((document.clone(), error.clone()));
            }
            (None, Some(_)) => comparison.fixed.push(document.clone()),
            _ => {}
        }
    }
    comparison
}

/// The list after a run of some documents: their entries replaced by what
/// the run found, every other entry kept.
pub fn update(listed: &Failures, results: &BTreeMap<String, Option<String>>) -> Failures {
    let mut updated: Failures = listed
        .iter()
        .filter(|(document, _)| !results.contains_key(*document))
        .map(|(document, error)| (document.clone(), error.clone()))
        .collect();
    for (document, outcome) in results {
        if let Some(error) = outcome {
            updated.insert(document.clone(), error.clone());
        }
    }
    updated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(entries: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
        entries
            .iter()
            .map(|(document, error)| ((*document).to_owned(), error.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn list_renders_sorted_and_parses_back() {
        let mut failures = Failures::new();
        failures.insert("api/z.json".to_owned(), "panic: boom".to_owned());
        failures.insert(
            "api/a b.json".to_owned(),
            "error[E0308]: x: y at src/a.rs:1".to_owned(),
        );
        let text = render(&failures);
        let body: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "api/a b.json\terror[E0308]: x: y at src/a.rs:1",
                "api/z.json\tpanic: boom"
            ]
        );
        assert_eq!(parse(&text).unwrap(), failures);
        assert!(parse("api/a.json no tab").is_err());
    }

    #[test]
    fn comparison_separates_regressions_fixes_and_changes() {
        let listed = parse(
            "api/fixed.json\told\napi/same.json\tE1\napi/moved.json\tE1\napi/not-run.json\tE\n",
        )
        .unwrap();
        let run = results(&[
            ("api/fixed.json", None),
            ("api/same.json", Some("E1")),
            ("api/moved.json", Some("E2")),
            ("api/new.json", Some("E3")),
            ("api/fine.json", None),
        ]);
        assert_eq!(
            compare(&listed, &run),
            Comparison {
                regressions: vec![("api/new.json".to_owned(), "E3".to_owned())],
                fixed: vec!["api/fixed.json".to_owned()],
                changed: vec![("api/moved.json".to_owned(), "E2".to_owned())],
            }
        );
        let updated = update(&listed, &run);
        let documents: Vec<&str> = updated.keys().map(String::as_str).collect();
        assert_eq!(
            documents,
            [
                "api/moved.json",
                "api/new.json",
                "api/not-run.json",
                "api/same.json"
            ]
        );
        assert_eq!(updated["api/moved.json"], "E2");
    }
}
