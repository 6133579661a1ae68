//! Documents on which the fuzz targets (`generator/fuzz/`) found the generator
//! panicking, hanging or reporting an internal error, each reduced by hand and
//! kept under `tests/fixtures/fuzz/`. Every one must now give a crate; one whose
//! name starts with `invalid_` is not a valid document and must instead give an
//! ordinary error that names where the document is wrong.

// Helpers of a test fail it on any error, like its assertions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use openapi_client_gen::{generate, CrateOptions, GenerateError};

fn findings() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml" || extension == "json")
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn fuzz_findings_generate_or_fail_cleanly() {
    let paths = findings();
    assert!(!paths.is_empty(), "no documents under tests/fixtures/fuzz");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a readable fixture");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let result = generate(&text, &CrateOptions::new("fuzz-finding"));
        match result {
            Err(error @ (GenerateError::Internal { .. } | GenerateError::InvalidOutput { .. })) => {
                panic!("{name}: {error}")
            }
            Err(error) if !name.starts_with("invalid_") => panic!("{name}: {error}"),
            Ok(_) if name.starts_with("invalid_") => panic!("{name}: generated"),
            _ => {}
        }
    }
}

#[test]
fn deep_mistyped_keyword_is_named_by_its_pointer() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/fuzz/invalid_deep_mistyped_keyword.json");
    let text = std::fs::read_to_string(&path).expect("a readable fixture");
    let error = generate(&text, &CrateOptions::new("fuzz-finding")).unwrap_err();
    let pointer = format!("/components/schemas/S{}", "/properties/a".repeat(20));
    assert_eq!(
        error.to_string(),
        format!("at {pointer}: invalid type: floating point `1.5`, expected a boolean")
    );
}
