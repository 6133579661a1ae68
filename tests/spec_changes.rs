//! The API change report between two versions of a spec.
//!
//! `tests/fixtures/spec-changes/<kind>/{old,new}.yaml` holds one pair per kind
//! of change, one change each, so that its classification belongs to one rule
//! (`cargo xtask semver-fixtures` sets cargo-semver-checks' verdict beside
//! each). `tests/fixtures/spec-reports/<case>/` holds pairs with several
//! changes, for how a report groups and words them. Every report is a
//! Markdown snapshot.

use std::path::{Path, PathBuf};

use openapi_client_gen::diff::{diff_models, render_markdown, ApiDiff, Bump, Impact};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec-reports")
}

fn one_change_pairs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec-changes")
}

/// Each kind of change with the bump it asks of a crate at 0.3.0 and the
/// impact of its one change.
const KINDS: &[(&str, Bump, Impact)] = &[
    ("operation_added", Bump::Patch, Impact::NonBreaking),
    ("operation_removed", Bump::Minor, Impact::Breaking),
    ("operation_deprecated", Bump::Patch, Impact::NonBreaking),
    (
        "request_field_added_optional",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    (
        "request_field_added_required",
        Bump::Minor,
        Impact::Breaking,
    ),
    ("request_field_removed", Bump::Minor, Impact::Breaking),
    ("request_field_type_changed", Bump::Minor, Impact::Breaking),
    (
        "response_field_added_optional",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    (
        "response_field_added_required",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    ("response_field_removed", Bump::Minor, Impact::Breaking),
    (
        "response_enum_value_added",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    ("request_enum_value_removed", Bump::Minor, Impact::Breaking),
    (
        "query_parameter_added_optional",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    ("first_query_parameter_added", Bump::Minor, Impact::Breaking),
    (
        "query_parameter_added_required",
        Bump::Minor,
        Impact::Breaking,
    ),
    ("query_parameter_removed", Bump::Minor, Impact::Breaking),
    (
        "fixed_parameter_value_changed",
        Bump::Patch,
        Impact::NonBreaking,
    ),
    ("constraint_tightened", Bump::Minor, Impact::Breaking),
    ("constraint_loosened", Bump::Patch, Impact::NonBreaking),
    ("error_status_added", Bump::Patch, Impact::NonBreaking),
    ("schema_added", Bump::Patch, Impact::NonBreaking),
    (
        "inline_schema_added_with_a_taken_name",
        Bump::Patch,
        Impact::NonBreaking,
    ),
];

#[test]
fn each_kind_of_change_is_one_change_with_its_bump() {
    let mut on_disk: Vec<String> = std::fs::read_dir(one_change_pairs())
        .expect("spec-changes fixtures")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = KINDS.iter().map(|(kind, ..)| (*kind).to_owned()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every pair has its row, and every row its pair"
    );
    let mut wrong = Vec::new();
    for (kind, bump, impact) in KINDS {
        let dir = one_change_pairs().join(kind);
        let diff = diff_files(&dir.join("old.yaml"), &dir.join("new.yaml"));
        insta::assert_snapshot!(
            format!("kind-{kind}"),
            render_markdown(&diff, "example-client", "0.3.0")
        );
        let impacts: Vec<Impact> = diff.changes.iter().map(|change| change.impact).collect();
        if diff.bump_for("0.3.0") != *bump || impacts != [*impact] {
            wrong.push(format!(
                "{kind}: {:?} with {:?}",
                diff.bump_for("0.3.0"),
                diff.changes
                    .iter()
                    .map(|change| (change.impact, change.description.as_str()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

fn diff_files(old: &Path, new: &Path) -> ApiDiff {
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let (old_model, _) = openapi_client_gen::build_model(&read(old)).expect("old spec builds");
    // The new crate keeps the old one's type names, as `regen` does.
    let kept = openapi_client_gen::model::KeptNames::of(&old_model);
    let (new_model, _) =
        openapi_client_gen::build_model_keeping_names(&read(new), &kept).expect("new spec builds");
    diff_models(&old_model, &new_model)
}

/// The pair's report as a snapshot, and the changes as `(impact, text)` lines.
fn check_case(case: &str, expected_bump: Bump) -> Vec<(Impact, String)> {
    let dir = fixtures().join(case);
    let diff = diff_files(&dir.join("old.yaml"), &dir.join("new.yaml"));
    insta::assert_snapshot!(
        format!("spec-change-{case}"),
        render_markdown(&diff, "example-client", "0.3.0")
    );
    assert_eq!(diff.bump_for("0.3.0"), expected_bump, "{case}");
    diff.changes
        .into_iter()
        .map(|change| (change.impact, change.description))
        .collect()
}

fn has(changes: &[(Impact, String)], impact: Impact, text: &str) -> bool {
    changes
        .iter()
        .any(|(found, description)| *found == impact && description.contains(text))
}

#[test]
fn operations_added_removed_and_deprecated() {
    let changes = check_case("operations", Bump::Minor);
    assert!(has(&changes, Impact::Breaking, "`deleteItem` removed"));
    assert!(has(&changes, Impact::NonBreaking, "`createItem` added"));
    assert!(has(&changes, Impact::NonBreaking, "`listItems` deprecated"));
}

#[test]
fn request_fields() {
    let changes = check_case("request_fields", Bump::Minor);
    assert!(has(
        &changes,
        Impact::Breaking,
        "required field `currency` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "optional field `giftWrap` added"
    ));
    assert!(has(&changes, Impact::Breaking, "`Order.note` removed"));
    assert!(has(
        &changes,
        Impact::Breaking,
        "`Order.quantity` changed type from int32 to int64"
    ));
}

#[test]
fn response_fields() {
    let changes = check_case("response_fields", Bump::Minor);
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "optional field `region` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "required field `uptime` added"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "`Status.since` is now optional and nullable"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Status.detail` deprecated"
    ));
}

#[test]
fn enum_values() {
    let changes = check_case("enum_values", Bump::Minor);
    assert!(has(&changes, Impact::NonBreaking, "`Colour` gained `cyan`"));
    assert!(has(&changes, Impact::Breaking, "`Colour` lost `blue`"));
    assert!(has(&changes, Impact::NonBreaking, "`Level` gained `3`"));
}

#[test]
fn parameters() {
    let changes = check_case("parameters", Bump::Minor);
    assert!(has(
        &changes,
        Impact::Breaking,
        "required query parameter `tenant` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "optional query parameter `sort` added"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "header parameter `X-Trace` removed"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "query parameter `q` is now optional"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "query parameter `page` changed type from int64 to string"
    ));
}

#[test]
fn constraints_tightened_and_loosened() {
    let changes = check_case("constraints", Bump::Minor);
    assert!(has(
        &changes,
        Impact::Breaking,
        "`Note.title`: maxLength tightened from 100 to 50"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "`Note.title`: minLength tightened from none to 1"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Note.tags`: maxItems loosened from 5 to 10"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "parameter `limit`: maximum loosened from 100 to 500"
    ));
    // Only what the client sends is refused by a tighter limit.
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Receipt.id`: maxLength tightened from 40 to 20"
    ));
}

#[test]
fn media_types_and_statuses() {
    let changes = check_case("media_types_and_statuses", Bump::Minor);
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`upload` accepts image/png"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "`upload` no longer accepts text/plain"
    ));
    assert!(has(
        &changes,
        Impact::Breaking,
        "`upload` now returns `UploadResponse` instead of string"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`upload` may answer 413"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`upload` no longer lists 400"
    ));
}

/// The methods a change names, found by its description.
fn affects(diff: &ApiDiff, description: &str) -> Vec<String> {
    diff.changes
        .iter()
        .find(|change| change.description == description)
        .map(|change| change.affects.clone())
        .unwrap_or_else(|| panic!("no change `{description}` in {:?}", diff.changes))
}

/// A nested type's change names every method whose calls reach it: through
/// a field, an array, an alias, a map of a union, and a request body.
#[test]
fn nested_type_changes_name_the_methods_they_affect() {
    check_case("affected_methods", Bump::Minor);
    let dir = fixtures().join("affected_methods");
    let diff = diff_files(&dir.join("old.yaml"), &dir.join("new.yaml"));
    assert_eq!(
        affects(&diff, "`Address`: required field `postcode` added"),
        [
            "create_order",
            "get_customer",
            "list_customers",
            "search_contacts"
        ]
    );
    assert_eq!(
        affects(&diff, "`Vendor`: optional field `email` added"),
        ["search_contacts"]
    );
    assert_eq!(affects(&diff, "`ping` deprecated"), ["ping"]);
}

/// Inline schemas the generator hoisted into types are reported under the
/// field or operation that holds them, never as types of their own, and one
/// change to copies of an inline schema is one entry.
#[test]
fn hoisted_types_are_reported_under_their_owners() {
    let changes = check_case("hoisted_types", Bump::Minor);
    assert!(has(&changes, Impact::Breaking, "`Pet.legacy` removed"));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Pet.status` gained `sold`"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Pet.owner`: optional field `email` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Pet.tags`: optional field `colour` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`Pet`: optional field `collar` added"
    ));
    assert!(has(&changes, Impact::NonBreaking, "`adoptPet` added"));
    let dir = fixtures().join("hoisted_types");
    let diff = diff_files(&dir.join("old.yaml"), &dir.join("new.yaml"));
    let copies = diff
        .changes
        .iter()
        .find(|change| change.description == "`Cat.vet`: optional field `phone` added")
        .expect("the change to the first copy");
    assert_eq!(copies.also_in, ["Dog.vet"]);
    assert_eq!(copies.affects, ["list_cats", "list_dogs"]);
    let types: Vec<&str> = diff
        .changes
        .iter()
        .filter(|change| change.subject.label() == "type")
        .map(|change| change.description.as_str())
        .collect();
    assert!(types.is_empty(), "hoisted types reported alone: {types:?}");
}

#[test]
fn unchanged_spec_needs_no_bump() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sign-openapi.json");
    let diff = diff_files(&spec, &spec);
    assert!(diff.is_empty(), "{:?}", diff.changes);
    assert_eq!(diff.bump_for("0.3.0"), Bump::None);
}

/// Signicat 1.0.0 against a plausible 1.1.0: new optional response fields, a
/// new enum value, a new operation and a deprecated field, none breaking.
#[test]
fn signicat_minor_release() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/sign-openapi.json");
    let diff = diff_files(&spec, &fixtures().join("signicat-1.1.0.json"));
    insta::assert_snapshot!(
        "spec-change-signicat-1.1.0",
        render_markdown(&diff, "signicat-sign-client", "0.1.0")
    );
    assert!(!diff.has_breaking(), "{:?}", diff.changes);
    assert_eq!(diff.bump_for("0.1.0"), Bump::Patch);
    let changes: Vec<(Impact, String)> = diff
        .changes
        .into_iter()
        .map(|change| (change.impact, change.description))
        .collect();
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`sendSigningReminder` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`SessionState` gained `EXPIRED`"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`SessionLifecycle`: optional field `stateChangedAt` added"
    ));
    assert!(has(
        &changes,
        Impact::NonBreaking,
        "`SigningSession.signText` deprecated"
    ));
}
