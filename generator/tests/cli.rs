//! The command line: exit 0 with the crate written and warnings printed,
//! exit 1 with one clear message on error.

// Helpers of a test fail it on any error, like its assertions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
}

/// Runs `generate --spec SPEC --out OUT --name NAME`.
fn run_generate(spec: &std::path::Path, out: &std::path::Path, name: &str) -> std::process::Output {
    cli()
        .args(["generate", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", name])
        .output()
        .expect("run the CLI")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "openapi-client-gen-cli-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn generate_writes_a_crate_and_prints_warnings() {
    let dir = scratch("ok");
    let spec = dir.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Mixed: {not: {type: string}}\n",
    )
    .expect("write spec");
    let out = dir.join("client");
    let output = run_generate(&spec, &out, "mixed-client");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning at /components/schemas/Mixed: `not` schemas"),
        "{stderr}"
    );
    assert!(Path::new(&out.join("Cargo.toml")).exists() && out.join("src/lib.rs").exists());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"mixed-client\""), "{manifest}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_malformed_spec_exits_1_with_its_pointer() {
    let dir = scratch("bad");
    let spec = dir.join("spec.json");
    std::fs::write(
        &spec,
        r#"{"openapi": "3.0.3", "info": {"version": "1"}, "paths": {}}"#,
    )
    .expect("write spec");
    let output = run_generate(&spec, &dir.join("client"), "bad");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("at /info: missing field `title`"),
        "{stderr}"
    );
    assert!(
        !dir.join("client").exists(),
        "nothing is written for a malformed spec"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn help_explains_every_option() {
    let output = cli()
        .args(["generate", "--help"])
        .output()
        .expect("run the CLI");
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--spec",
        "--out",
        "--name",
        "--crate-version",
        "--oauth-token-url",
        "--oauth-scope",
        "--examples",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

/// Two inline objects that both want the name `OrderShippingCity`; NEWCOMER
/// adds the one met first.
const COLLIDING: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\nNEWCOMER        shipping:\n          type: object\n          properties:\n            city: {type: object, properties: {name: {type: string}}}\n";

#[test]
fn generating_again_into_the_same_directory_keeps_the_type_names() {
    let dir = scratch("kept-names");
    let spec = dir.join("spec.yaml");
    let out = dir.join("client");
    let generate = |text: &str| {
        std::fs::write(&spec, text).expect("write spec");
        let output = run_generate(&spec, &out, "orders");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(out.join("src/models.rs")).expect("models")
    };
    generate(&COLLIDING.replace("NEWCOMER", ""));
    let newcomer = "        shippingCity: {type: object, properties: {zip: {type: string}}}\n";
    let models = generate(&COLLIDING.replace("NEWCOMER", newcomer));
    let fields_of = |name: &str| {
        let start = models.find(&format!("pub struct {name} {{")).expect(name);
        models[start..]
            .split_once("\n}")
            .expect("struct end")
            .0
            .to_owned()
    };
    assert!(
        fields_of("OrderShippingCity").contains("pub name:"),
        "{models}"
    );
    assert!(
        fields_of("OrderShippingCity2").contains("pub zip:"),
        "{models}"
    );
    std::fs::write(out.join("type-names.json"), "not json").expect("spoil the record");
    let output = run_generate(&spec, &out, "orders");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("type-names.json"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
