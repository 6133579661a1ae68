//! `cargo xtask fetch-spec [--url URL | --file PATH]`: gets the newest spec,
//! checks that the generator accepts it, and writes it to `spec/` in a
//! canonical form (the document's own key order, pretty-printed) with its
//! source and SHA-256.
//! Nothing in `spec/` changes unless every step succeeds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::client_files::{workspace_root, SPEC_FILE};

/// Where Signicat publishes the spec.
pub const DEFAULT_URL: &str = "https://developer.signicat.com/apis/sign-openapi.json";
/// Records where the committed spec came from.
pub const SOURCE_FILE: &str = "spec/sign-openapi.source.json";

/// Where to get the document from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    Url(String),
    File(PathBuf),
}

impl SpecSource {
    /// The source a command-line flag names: `--url` takes an http(s) URL,
    /// `--file` a path (plain or `file://`). The flag decides, never the text:
    /// a value that does not fit its flag is an error, not a guess.
    pub fn from_flag(flag: &str, value: &str) -> Result<Self, String> {
        match flag {
            "--url" if is_http_url(value) => Ok(SpecSource::Url(value.to_owned())),
            "--url" => Err(format!(
                "--url takes an http:// or https:// URL, not `{value}` (use --file for a path)"
            )),
            "--file" if is_http_url(value) => Err(format!(
                "--file takes a path or a file:// URL, not `{value}` (use --url to download)"
            )),
            "--file" => Ok(Self::file(value)),
            other => Err(format!("unknown flag `{other}`")),
        }
    }

    fn file(text: &str) -> Self {
        SpecSource::File(PathBuf::from(text.strip_prefix("file://").unwrap_or(text)))
    }

    fn describe(&self) -> String {
        match self {
            SpecSource::Url(url) => url.clone(),
            SpecSource::File(path) => format!("file://{}", path.display()),
        }
    }
}

pub fn fetch_spec(arguments: &[String]) -> Result<(), String> {
    let source = source_from_arguments(arguments)?;
    match fetch_into(&workspace_root(), &source)? {
        Outcome::Unchanged => println!(
            "{SPEC_FILE} is already the newest document ({})",
            source.describe()
        ),
        Outcome::Updated { sha256 } => {
            println!(
                "{SPEC_FILE} updated from {} (sha256 {sha256})",
                source.describe()
            );
            println!("next: `cargo xtask regen` to see the API change and regenerate the client");
        }
    }
    Ok(())
}

/// The source `fetch-spec`'s arguments name: Signicat's URL without any.
fn source_from_arguments(arguments: &[String]) -> Result<SpecSource, String> {
    match arguments {
        [] => Ok(SpecSource::Url(DEFAULT_URL.to_owned())),
        [flag, value] if flag == "--url" || flag == "--file" => SpecSource::from_flag(flag, value),
        _ => Err("usage: cargo xtask fetch-spec [--url URL | --file PATH]".to_owned()),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Updated { sha256: String },
}

/// Fetches, checks and writes the spec of the workspace at `root`.
pub fn fetch_into(root: &Path, source: &SpecSource) -> Result<Outcome, String> {
    let bytes = read_source(source)?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| format!("{} is not UTF-8 text", source.describe()))?;
    openapi_client_gen::generate(&text, &openapi_client_gen::CrateOptions::new("spec-check"))
        .map_err(|error| {
            format!(
                "{} is not a document the generator accepts: {error}",
                source.describe()
            )
        })?;
    let tree = openapi_client_gen::load::parse_text(&text).map_err(|error| error.to_string())?;
    let canonical = canonical_json(&tree);
    let sha256 = hex(&Sha256::digest(&bytes));
    let record = serde_json::to_string_pretty(
        &serde_json::json!({ "source": source.describe(), "sha256": sha256 }),
    )
    .map_err(|error| error.to_string())?
        + "\n";
    let spec_path = root.join(SPEC_FILE);
    let record_path = root.join(SOURCE_FILE);
    let unchanged = std::fs::read_to_string(&spec_path).is_ok_and(|existing| existing == canonical)
        && std::fs::read_to_string(&record_path).is_ok_and(|existing| existing == record);
    if unchanged {
        return Ok(Outcome::Unchanged);
    }
    write_atomically(&[(&spec_path, &canonical), (&record_path, &record)])?;
    Ok(Outcome::Updated { sha256 })
}

fn read_source(source: &SpecSource) -> Result<Vec<u8>, String> {
    match source {
        SpecSource::File(path) => {
            std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
        }
        SpecSource::Url(url) => {
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(60))
                .build();
            let response = agent
                .get(url)
                .call()
                .map_err(|error| format!("cannot download {url}: {error}"))?;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut response.into_reader(), &mut bytes)
                .map_err(|error| format!("download of {url} was cut off: {error}"))?;
            Ok(bytes)
        }
    }
}

/// The document's own key order at every level (serde_json's
/// `preserve_order`), two-space indentation, a final newline: the same
/// document always gives the same bytes, so its git diff is readable. Keys are
/// not sorted: the generator emits types and operations in document order,
/// so sorting would reorder the generated client on every fetch.
pub fn canonical_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Writes every file beside its target first, then renames them into place.
fn write_atomically(files: &[(&Path, &str)]) -> Result<(), String> {
    let staged: Vec<(PathBuf, &Path)> = files
        .iter()
        .map(|(target, _)| (target.with_extension("json.tmp"), *target))
        .collect();
    for ((temporary, _), (_, contents)) in staged.iter().zip(files) {
        if let Some(parent) = temporary.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        if let Err(error) = std::fs::write(temporary, contents) {
            for (temporary, _) in &staged {
                let _ = std::fs::remove_file(temporary);
            }
            return Err(format!("cannot write {}: {error}", temporary.display()));
        }
    }
    for (temporary, target) in &staged {
        std::fs::rename(temporary, target)
            .map_err(|error| format!("cannot replace {}: {error}", target.display()))?;
    }
    Ok(())
}

fn is_http_url(text: &str) -> bool {
    let lowercase = text.to_ascii_lowercase();
    lowercase.starts_with("http://") || lowercase.starts_with("https://")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::*;

    const ORIGINAL: &str = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"old\", \"version\": \"1\"}, \"paths\": {}}\n";
    const NEWER: &str =
        r#"{"paths": {}, "openapi": "3.1.0", "info": {"version": "2", "title": "new"}}"#;

    /// Answers one request on loopback with `status` and `body`; returns the URL.
    fn serve_once(status: &'static str, body: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("address");
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes());
            }
        });
        format!("http://{address}/sign-openapi.json")
    }

    fn scratch_root(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-fetch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).expect("spec dir");
        std::fs::write(root.join(SPEC_FILE), ORIGINAL).expect("original spec");
        root
    }

    fn spec_files(root: &Path) -> (String, Option<String>) {
        let spec = std::fs::read_to_string(root.join(SPEC_FILE)).expect("spec");
        (spec, std::fs::read_to_string(root.join(SOURCE_FILE)).ok())
    }

    #[test]
    fn a_download_is_written_canonically_with_its_source() {
        let root = scratch_root("download");
        let url = serve_once("200 OK", NEWER);
        let outcome = fetch_into(&root, &SpecSource::Url(url.clone())).expect("fetched");
        let expected_sha = hex(&Sha256::digest(NEWER.as_bytes()));
        assert_eq!(
            outcome,
            Outcome::Updated {
                sha256: expected_sha.clone()
            }
        );
        let (spec, record) = spec_files(&root);
        assert_eq!(
            spec,
            "{\n  \"paths\": {},\n  \"openapi\": \"3.1.0\",\n  \"info\": {\n    \"version\": \"2\",\n    \"title\": \"new\"\n  }\n}\n",
            "the document's own key order"
        );
        let record: Value =
            serde_json::from_str(&record.expect("source record")).expect("json record");
        assert_eq!(record["source"], url.as_str());
        assert_eq!(record["sha256"], expected_sha.as_str());
        std::fs::remove_dir_all(&root).expect("clean up");
    }

    #[test]
    fn a_failing_server_leaves_spec_untouched() {
        let root = scratch_root("failing");
        let url = serve_once("500 Internal Server Error", "{}");
        let error = fetch_into(&root, &SpecSource::Url(url.clone())).unwrap_err();
        assert!(
            error.contains("cannot download") && error.contains("500"),
            "{error}"
        );
        assert_eq!(spec_files(&root), (ORIGINAL.to_owned(), None));
        std::fs::remove_dir_all(&root).expect("clean up");
    }

    #[test]
    fn a_document_the_generator_refuses_leaves_spec_untouched() {
        let root = scratch_root("refused");
        let url = serve_once(
            "200 OK",
            r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
        );
        let error = fetch_into(&root, &SpecSource::Url(url.clone())).unwrap_err();
        assert!(
            error.contains("not a document the generator accepts"),
            "{error}"
        );
        assert!(error.contains("Swagger 2.0"), "{error}");
        assert_eq!(spec_files(&root), (ORIGINAL.to_owned(), None));
        let url = serve_once("200 OK", "{ not json");
        assert!(fetch_into(&root, &SpecSource::Url(url.clone())).is_err());
        assert_eq!(spec_files(&root), (ORIGINAL.to_owned(), None));
        std::fs::remove_dir_all(&root).expect("clean up");
    }

    #[test]
    fn files_are_read_by_plain_path_or_file_url_and_yaml_becomes_json() {
        let root = scratch_root("file");
        let yaml = root.join("newer.yaml");
        std::fs::write(
            &yaml,
            "openapi: 3.0.3\ninfo:\n  version: '2'\n  title: from yaml\npaths: {}\n",
        )
        .expect("yaml");
        let outcome = fetch_into(&root, &SpecSource::File(yaml.clone())).expect("fetched");
        assert!(matches!(outcome, Outcome::Updated { .. }));
        assert!(spec_files(&root).0.contains("\"title\": \"from yaml\""));
        // A plain path and a file:// URL name the same source: nothing to rewrite.
        let same = fetch_into(
            &root,
            &SpecSource::from_flag("--file", &format!("file://{}", yaml.display())).unwrap(),
        );
        assert_eq!(same, Ok(Outcome::Unchanged));
        std::fs::remove_dir_all(&root).expect("clean up");
    }

    #[test]
    fn the_flag_decides_between_url_and_file() {
        assert_eq!(
            SpecSource::from_flag("--url", "https://example.com/spec.json"),
            Ok(SpecSource::Url("https://example.com/spec.json".to_owned()))
        );
        assert_eq!(
            SpecSource::from_flag("--file", "spec/x.json"),
            Ok(SpecSource::File(PathBuf::from("spec/x.json")))
        );
        assert_eq!(
            SpecSource::from_flag("--file", "file:///tmp/x.json"),
            Ok(SpecSource::File(PathBuf::from("/tmp/x.json")))
        );
        let error = SpecSource::from_flag("--url", "spec/x.json").unwrap_err();
        assert!(
            error.contains("--url takes an http:// or https:// URL"),
            "{error}"
        );
        let error = SpecSource::from_flag("--file", "http://example.com/x.json").unwrap_err();
        assert!(error.contains("--file takes a path"), "{error}");
    }

    #[test]
    fn the_command_line_is_read_by_its_flag() {
        let arguments = |items: &[&str]| {
            items
                .iter()
                .map(|item| item.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            source_from_arguments(&arguments(&[])),
            Ok(SpecSource::Url(DEFAULT_URL.to_owned()))
        );
        let error =
            source_from_arguments(&arguments(&["--url", "spec/sign-openapi.json"])).unwrap_err();
        assert!(error.contains("--url takes"), "{error}");
        let error = source_from_arguments(&arguments(&["--file", "https://example.com/x.json"]))
            .unwrap_err();
        assert!(error.contains("--file takes"), "{error}");
        assert!(source_from_arguments(&arguments(&["--path", "x"]))
            .unwrap_err()
            .contains("usage"));
    }
}
