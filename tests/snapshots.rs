//! Snapshots of the generator's output: the Signicat client file by file, and
//! one small fixture per feature. Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{generate, CrateOptions, Generated};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate_from(path: &Path, crate_name: &str) -> Generated {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    generate(&text, &CrateOptions::new(crate_name))
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Snapshot name for a generated file: `src/runtime/mod.rs` -> `runtime-mod.rs`.
fn snapshot_name(prefix: &str, path: &str) -> String {
    format!(
        "{prefix}-{}",
        path.trim_start_matches("src/").replace('/', "-")
    )
}

#[test]
fn signicat_client_files() {
    let generated = generate_from(
        &workspace_root().join("spec/sign-openapi.json"),
        "signicat-sign-client",
    );
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    for file in &generated.files {
        insta::assert_snapshot!(snapshot_name("signicat", &file.path), &file.contents);
    }
}

/// The files a fixture pins: the spec-specific ones, not the shared runtime.
fn fixture_files(
    generated: &Generated,
) -> impl Iterator<Item = &openapi_client_gen::GeneratedFile> {
    generated
        .files
        .iter()
        .filter(|file| file.path.starts_with("src/") && !file.path.starts_with("src/runtime/"))
}

fn fixture_path(name: &str) -> PathBuf {
    workspace_root()
        .join("tests/fixtures")
        .join(format!("{name}.yaml"))
}

fn assert_fixture_snapshots(name: &str) {
    let generated = generate_from(&fixture_path(name), &name.replace('_', "-"));
    for file in fixture_files(&generated) {
        insta::assert_snapshot!(snapshot_name(name, &file.path), &file.contents);
    }
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(format!("{name}-warnings"), warnings.join("\n"));
}

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_fixture_snapshots(stringify!($name));
            }
        )*

        const FIXTURES: &[&str] = &[$(stringify!($name)),*];
    };
}

fixture_tests!(
    nullable_31,
    nullable_30,
    open_enums,
    read_write_only,
    inline_hoisting,
    keyword_names,
    binary_bodies,
    problem_json,
    composition,
    oauth_client_credentials,
    discriminated_unions,
    form_bodies,
    media_types,
    webhooks_callbacks,
    servers,
    servers_relative,
    security_schemes,
    responses_by_status,
    parameter_styles,
);

/// The names of the `.yaml` documents in `dir` (relative to the workspace), sorted.
fn yaml_documents_in(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace_root().join(dir))
        .unwrap_or_else(|error| panic!("{dir}: {error}"))
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            entry
                .file_name()
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_has_a_test() {
    let on_disk = yaml_documents_in("tests/fixtures");
    let mut tested: Vec<String> = FIXTURES.iter().map(|name| (*name).to_owned()).collect();
    tested.sort();
    assert_eq!(on_disk, tested);
}

/// The day the spec is rewritten in OpenAPI 3.1 idioms (bodies described by
/// `contentMediaType` or by no schema at all, `examples`, `const`), the client
/// must not change.
#[test]
fn signicat_in_31_idioms_generates_the_same_client() {
    let root = workspace_root();
    let committed = generate_from(&root.join("spec/sign-openapi.json"), "signicat-sign-client");
    let idioms = generate_from(
        &root.join("tests/fixtures/signicat_31_idioms.json"),
        "signicat-sign-client",
    );
    assert!(idioms.warnings.is_empty(), "{:?}", idioms.warnings);
    for (expected, actual) in committed.files.iter().zip(&idioms.files) {
        assert_eq!(expected, actual, "{} differs", expected.path);
    }
    assert_eq!(committed.files.len(), idioms.files.len());
}

#[test]
fn generation_is_deterministic() {
    let path = workspace_root().join("spec/sign-openapi.json");
    let first = generate_from(&path, "signicat-sign-client");
    let second = generate_from(&path, "signicat-sign-client");
    assert_eq!(first.files, second.files);
}

/// The documents under `tests/fixtures/shapes/`: one odd shape each, taken
/// from what real documents do, that must give a crate which compiles.
fn shape_fixtures() -> Vec<String> {
    yaml_documents_in("tests/fixtures/shapes")
}

fn shape_path(name: &str) -> PathBuf {
    workspace_root().join(format!("tests/fixtures/shapes/{name}.yaml"))
}

/// What the generator says about each odd shape: the warnings name their
/// pointers, and a shape that generates silently is pinned as silent.
#[test]
fn shapes_generate_with_their_warnings() {
    for name in shape_fixtures() {
        let generated = generate_from(&shape_path(&name), "shape");
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("shape-{name}-warnings"), warnings.join("\n"));
    }
}

/// Snapshots are only worth reviewing if the code in them compiles: every
/// fixture crate and every odd shape is checked with warnings denied, in one
/// shared workspace, and `fixture_behaviour.rs` exercises what the generated
/// types do at run time.
#[test]
fn fixture_crates_compile_and_behave() {
    let root = workspace_root();
    let check_dir = root.join("target/fixture-check");
    let _ = std::fs::remove_dir_all(check_dir.join("crates"));
    let mut members = Vec::new();
    for name in FIXTURES {
        let crate_dir = check_dir.join("crates").join(name);
        for file in generate_from(&fixture_path(name), &name.replace('_', "-")).files {
            write_file(&crate_dir.join(&file.path), &file.contents);
        }
        members.push(format!("\"crates/{name}\""));
    }
    for name in shape_fixtures() {
        let crate_name = format!("shape-{}", name.replace('_', "-"));
        let crate_dir = check_dir.join("crates").join(&crate_name);
        for file in generate_from(&shape_path(&name), &crate_name).files {
            write_file(&crate_dir.join(&file.path), &file.contents);
        }
        members.push(format!("\"crates/{crate_name}\""));
    }
    write_behaviour_crate(&root, &check_dir.join("crates/fixture-behaviour"));
    members.push("\"crates/fixture-behaviour\"".to_owned());
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write_file(&check_dir.join("Cargo.toml"), &manifest);
    std::fs::copy(root.join("Cargo.lock"), check_dir.join("Cargo.lock")).expect("copy lock file");
    // With `dispatch` on, so that `Client::dispatch` compiles for every document.
    let dispatch_features: Vec<String> = members
        .iter()
        .map(|member| {
            member
                .trim_matches('"')
                .trim_start_matches("crates/")
                .replace('_', "-")
        })
        .filter(|name| name != "fixture-behaviour")
        .map(|name| format!("{name}/dispatch"))
        .collect();
    run_cargo(
        &check_dir,
        &[
            "check",
            "--offline",
            "--workspace",
            "--quiet",
            "--features",
            &dispatch_features.join(","),
        ],
    );
    check_each_area_alone(&check_dir, "shape-tagged-areas");
    run_cargo(
        &check_dir,
        &[
            "test",
            "--offline",
            "--package",
            "fixture-behaviour",
            "--quiet",
        ],
    );
    // The first call in each crate's docs (and README) compiles for every
    // document, not only for the Signicat one.
    run_cargo(
        &check_dir,
        &[
            "test",
            "--offline",
            "--doc",
            "--workspace",
            "--exclude",
            "fixture-behaviour",
            "--quiet",
        ],
    );
}

/// A crate with features per tag compiles with any one area on and every
/// other off (with `dispatch`, which reaches every operation there is).
fn check_each_area_alone(check_dir: &Path, crate_name: &str) {
    let manifest =
        std::fs::read_to_string(check_dir.join("crates").join(crate_name).join("Cargo.toml"))
            .expect("the crate's manifest");
    let areas: Vec<String> = manifest
        .lines()
        .find_map(|line| line.strip_prefix("all-areas = ["))
        .expect("the crate has features per tag")
        .trim_end_matches(']')
        .split(", ")
        .map(|area| area.trim_matches('"').to_owned())
        .collect();
    assert!(areas.len() >= 4, "{areas:?}");
    for area in areas.iter().map(String::as_str).chain(["dispatch"]) {
        let features = format!("rustls,dispatch,{area}");
        run_cargo(
            check_dir,
            &[
                "check",
                "--offline",
                "--quiet",
                "--package",
                crate_name,
                "--no-default-features",
                "--features",
                &features,
            ],
        );
    }
}

fn write_file(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("create dir");
    std::fs::write(path, contents).expect("write file");
}

/// A crate whose tests use the generated fixture crates.
fn write_behaviour_crate(root: &Path, dir: &Path) {
    let dependencies: Vec<String> = [
        "open_enums",
        "nullable_31",
        "composition",
        "discriminated_unions",
        "form_bodies",
        "servers",
        "servers_relative",
        "shape-openapi-31-constructs",
        "security_schemes",
        "responses_by_status",
        "parameter_styles",
        "binary_bodies",
    ]
    .iter()
    .map(|name| format!("{} = {{ path = \"../{name}\" }}", name.replace('_', "-")))
    .collect();
    let manifest = format!(
        "[package]\nname = \"fixture-behaviour\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}\nserde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        dependencies.join("\n")
    );
    write_file(&dir.join("Cargo.toml"), &manifest);
    let source =
        std::fs::read_to_string(root.join("tests/fixture_behaviour.rs")).expect("behaviour tests");
    write_file(&dir.join("src/lib.rs"), &source);
}

fn run_cargo(dir: &Path, arguments: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(arguments)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo {} failed in the fixture workspace:\n{}\n{}",
        arguments.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
