//! Which documents of the APIs.guru directory the wide corpus takes, the
//! committed list that pins that choice, and the subsets `--sample` and
//! `--only` pick from it.

use std::path::Path;

use serde::Deserialize;

use crate::client_files::files_on_disk;

/// The part of a directory document the selection reads; everything else is
/// skipped without being built into a tree.
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    info: Info,
}

#[derive(Deserialize, Default)]
struct Info {
    #[serde(rename = "x-origin", default)]
    origin: Option<serde_json::Value>,
}

/// Whether a document was converted to OpenAPI 3 by the directory rather than
/// published as OpenAPI 3 by its owner: no `x-origin` entry says
/// `format: openapi` with a 3.x `version`. Swagger 2.0, Google discovery,
/// Postman, WADL, API Blueprint and unrecorded sources all qualify.
pub fn is_converted(origin: Option<&serde_json::Value>) -> bool {
    let entries: Vec<&serde_json::Value> = match origin {
        Some(serde_json::Value::Array(entries)) => entries.iter().collect(),
        Some(entry @ serde_json::Value::Object(_)) => vec![entry],
        _ => Vec::new(),
    };
    !entries.iter().any(|entry| {
        let version = match &entry["version"] {
            serde_json::Value::String(version) => version.clone(),
            serde_json::Value::Number(version) => version.to_string(),
            _ => String::new(),
        };
        entry["format"] == "openapi" && (version == "3" || version.starts_with("3."))
    })
}

/// Selects from the unpacked package: every `api/**/*.json` document that
/// [`is_converted`], as sorted package-relative paths.
pub fn select(package: &Path) -> Result<Vec<String>, String> {
    let mut selected = Vec::new();
    for path in files_on_disk(&package.join("api")) {
        if !path.ends_with(".json") {
            continue;
        }
        let document = format!("api/{path}");
        let file = std::fs::File::open(package.join(&document))
            .map_err(|error| format!("cannot read {document}: {error}"))?;
        let head: Head = serde_json::from_reader(std::io::BufReader::new(file))
            .map_err(|error| format!("{document} is not JSON: {error}"))?;
        if is_converted(head.info.origin.as_ref()) {
            selected.push(document);
        }
    }
    selected.sort();
    Ok(selected)
}

/// The committed list: one package-relative path per line, `#` comments.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

pub fn render_list(documents: &[String], header: &str) -> String {
    let mut text = String::new();
    for line in header.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    for document in documents {
        text.push_str(document);
        text.push('\n');
    }
    text
}

/// What differs between the committed list and the package's selection, or
/// nothing when they agree.
pub fn compare_lists(committed: &[String], selected: &[String]) -> Option<String> {
    let missing: Vec<&String> = committed
        .iter()
        .filter(|document| selected.binary_search(document).is_err())
        .collect();
    let extra: Vec<&String> = selected
        .iter()
        .filter(|document| !committed.contains(document))
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let mut report = String::new();
    for document in missing.iter().take(10) {
        report.push_str(&format!("\n  listed but not selected: {document}"));
    }
    for document in extra.iter().take(10) {
        report.push_str(&format!("\n  selected but not listed: {document}"));
    }
    Some(format!(
        "{} listed documents are not selected, {} selected ones are not listed:{report}",
        missing.len(),
        extra.len()
    ))
}

/// `count` documents spread evenly over the sorted list (the first one
/// included), so a sample is the same on every machine and covers the whole
/// alphabet rather than one provider's APIs.
pub fn sample(documents: &[String], count: usize) -> Vec<String> {
    if count >= documents.len() {
        return documents.to_vec();
    }
    (0..count)
        .map(|index| documents[index * documents.len() / count].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_published_as_openapi_3_are_left_out() {
        let published = json!([{"format": "openapi", "version": "3.0", "url": "x"}]);
        assert!(!is_converted(Some(&published)));
        let published_31 = json!({"format": "openapi", "version": "3.1"});
        assert!(!is_converted(Some(&published_31)));
        let converted_later = json!([
            {"format": "swagger", "version": "2.0"},
            {"format": "openapi", "version": "3.0"}
        ]);
        assert!(!is_converted(Some(&converted_later)));
    }

    #[test]
    fn converted_and_unrecorded_documents_are_taken() {
        for origin in [
            json!([{"format": "swagger", "version": "2.0"}]),
            json!({"format": "google", "version": "v1"}),
            json!([{"format": "postman", "version": "2.x"}]),
            json!([{"format": "openapi", "version": "2.0"}]),
            json!([{"url": "https://example.com/api.json"}]),
            json!([]),
        ] {
            assert!(is_converted(Some(&origin)), "{origin}");
        }
        assert!(is_converted(None));
    }

    #[test]
    fn selection_reads_only_json_under_api() {
        let dir = std::env::temp_dir().join(format!("wide-select-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let api = dir.join("api").join("example.com");
        std::fs::create_dir_all(&api).unwrap();
        let origin = |format: &str, version: &str| {
            json!({"openapi": "3.0.0", "info": {"x-origin": [{"format": format, "version": version}]}, "paths": {}})
                .to_string()
        };
        std::fs::write(api.join("b.json"), origin("swagger", "2.0")).unwrap();
        std::fs::write(api.join("a b.json"), origin("google", "v1")).unwrap();
        std::fs::write(api.join("native.json"), origin("openapi", "3.0")).unwrap();
        std::fs::write(dir.join("api").join("_index.js"), "module.exports = {}").unwrap();
        let selected = select(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            selected,
            ["api/example.com/a b.json", "api/example.com/b.json"]
        );
    }

    #[test]
    fn list_round_trips_and_differences_are_named() {
        let documents = vec!["api/a.json".to_owned(), "api/b c.json".to_owned()];
        let text = render_list(&documents, "pinned\nselection");
        assert!(text.starts_with("# pinned\n# selection\napi/a.json\n"));
        assert_eq!(parse_list(&text), documents);
        assert_eq!(compare_lists(&documents, &documents), None);
        let report = compare_lists(&documents, &["api/a.json".to_owned()]).unwrap();
        assert!(
            report.contains("listed but not selected: api/b c.json"),
            "{report}"
        );
    }

    #[test]
    fn samples_are_spread_and_stable() {
        let documents: Vec<String> = (0..10).map(|index| format!("d{index}")).collect();
        assert_eq!(sample(&documents, 3), ["d0", "d3", "d6"]);
        assert_eq!(sample(&documents, 5), ["d0", "d2", "d4", "d6", "d8"]);
        assert_eq!(sample(&documents, 20), documents);
        assert_eq!(sample(&documents, 0), Vec::<String>::new());
    }
}
