//! The files of the generated crate and the text each one holds.

use proc_macro2::TokenStream;
use quote::quote;

use super::dispatch::dispatch_module;
use super::docs::{lines_to_inner_attributes, single_line};
use super::guide::{guide_lines, readme};
use super::layout;
use super::macro_calls::lay_out_macro_calls;
use super::operations::{client_impl, params_structs, status_response_enums};
use super::sections::{runs_of_items, section_text, FeatureCondition, Sections};
use super::servers::{base_url_items, has_servers_module, servers_module};
use super::types::{rust_type, type_definition, TypeScope};
use crate::diagnostics::GenerateError;
use crate::model::{
    ApiModel, AuthKind, FeatureArea, KeptNames, Presence, SuccessResponse, TypeKind,
};
use crate::GeneratedFile;

/// How the generated crate is named, versioned and configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name, e.g. `signicat-sign-client`.
    pub crate_name: String,
    /// The package version, e.g. `0.1.0`.
    pub crate_version: String,
    /// The OAuth 2.0 client-credentials endpoint for APIs whose description
    /// documents it only in prose; a declared `clientCredentials` flow wins.
    pub oauth_fallback: Option<OAuthEndpoint>,
    /// Example programs copied into `examples/` (name, source), e.g. a
    /// walkthrough of the API written by the crate's maintainers.
    pub examples: Vec<(String, String)>,
    /// Manifest fields set by whoever publishes the crate: they cannot be
    /// edited in the manifest, which every regeneration rewrites.
    pub package: PackageMetadata,
    /// One cargo feature per tag (see the generated manifest); off for output
    /// that has no manifest of its own, such as a build-script module.
    pub features_per_tag: bool,
    /// The type names of the crate's last generation (its
    /// [`TYPE_NAMES_FILE`]): kept, so that a schema added ahead of an existing
    /// one with the same name does not rename the existing type (collisions
    /// are otherwise numbered in document order).
    pub kept_names: KeptNames,
}

/// The generated manifest's `[package]` fields beyond name and version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackageMetadata {
    /// `description`; by default "Client for <title> <version>".
    pub description: Option<String>,
    /// `license`, an SPDX expression such as `MIT OR Apache-2.0`; none by default.
    pub license: Option<String>,
    /// `repository`, a URL; none by default.
    pub repository: Option<String>,
    /// `publish`: whether `cargo publish` may upload it; `false` by default,
    /// so a generated crate is never published by accident.
    pub publish: bool,
}

impl CrateOptions {
    /// Options for a crate called `crate_name`, version 0.1.0.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            oauth_fallback: None,
            examples: Vec::new(),
            package: PackageMetadata::default(),
            features_per_tag: true,
            kept_names: KeptNames::default(),
        }
    }
}

/// Where and for what scopes client-credentials tokens are requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthEndpoint {
    /// Where client-credentials tokens are requested.
    pub token_url: String,
    /// The scopes to ask for.
    pub scopes: Vec<String>,
}

/// `(path in the generated crate, source)` of one file of `generator/runtime/`.
macro_rules! runtime_file {
    ($name:literal) => {
        (
            concat!("src/runtime/", $name),
            include_str!(concat!("../../runtime/", $name)),
        )
    };
}

/// Runtime sources shipped verbatim in every generated crate. They are ordinary
/// Rust files, compiled (and linted) as part of `generated-client`.
const RUNTIME_FILES: &[(&str, &str)] = &[
    runtime_file!("auth.rs"),
    runtime_file!("base64_bytes.rs"),
    runtime_file!("call_options.rs"),
    runtime_file!("client.rs"),
    runtime_file!("dispatch.rs"),
    runtime_file!("error.rs"),
    runtime_file!("json_struct.rs"),
    runtime_file!("mod.rs"),
    runtime_file!("multipart.rs"),
    runtime_file!("oauth.rs"),
    runtime_file!("open_enum.rs"),
    runtime_file!("pagination.rs"),
    runtime_file!("params.rs"),
    runtime_file!("request.rs"),
    runtime_file!("response.rs"),
    runtime_file!("retry.rs"),
    runtime_file!("security.rs"),
    runtime_file!("serde_helpers.rs"),
    runtime_file!("setters.rs"),
    runtime_file!("validate.rs"),
];

/// The crate's record of which schema each type name was given to, read by
/// the next generation ([`CrateOptions::kept_names`]).
pub const TYPE_NAMES_FILE: &str = "type-names.json";

/// Every file of the crate, sorted by path.
pub fn emit_crate(
    model: &ApiModel,
    options: &CrateOptions,
) -> Result<Vec<GeneratedFile>, GenerateError> {
    let header = spec_header(model);
    let mut files = vec![
        GeneratedFile::new("Cargo.toml", cargo_manifest(model, options)),
        // The files keep prettyplease's layout; rustfmt must not rewrite them,
        // or the committed crate would drift from what the generator makes.
        GeneratedFile::new("rustfmt.toml", "disable_all_formatting = true\n"),
        GeneratedFile::new("README.md", readme(model, options)),
        GeneratedFile::new(TYPE_NAMES_FILE, KeptNames::of(model).to_json()),
        rust_file("src/lib.rs", &header, lib_rs(model, options))?,
        models_file(model, &header)?,
        rust_file("src/client.rs", &header, client_impl(model))?,
        dispatch_file(model, &header)?,
    ];
    if model
        .operations
        .iter()
        .any(|operation| operation.params_struct.is_some())
    {
        files.push(params_file(model, &header)?);
    }
    if has_servers_module(model) {
        files.push(rust_file("src/servers.rs", &header, servers_module(model))?);
    }
    if has_responses_module(model) {
        let opening = quote! {
            //! What operations whose success statuses carry different bodies return.
            #[allow(unused_imports)]
            use crate::models;
        };
        files.push(rust_file_in_sections(
            "src/responses.rs",
            &header,
            opening,
            status_response_enums(model),
        )?);
    }
    for (name, source) in &options.examples {
        files.push(GeneratedFile::new(
            format!("examples/{name}"),
            source.clone(),
        ));
    }
    for (path, source) in RUNTIME_FILES {
        files.push(GeneratedFile::new(
            *path,
            format!("{RUNTIME_HEADER}\n{source}"),
        ));
    }
    files.sort_by(|left, right| left.path.cmp(&right.path));
    Ok(files)
}

/// The header of the files made from the document. It names the document's
/// title but not its version: a new version of the document then changes only
/// the files whose content it changes, and the version is stated once, in the
/// manifest and the crate docs.
fn spec_header(model: &ApiModel) -> String {
    format!(
        "// Generated by openapi-client-gen from \"{}\".\n// Do not edit by hand: change the OpenAPI document and regenerate.\n",
        single_line(&model.title)
    )
}

/// The header of the runtime files, which are the same for every document and
/// so name only the generator.
const RUNTIME_HEADER: &str = "// Generated by openapi-client-gen: the runtime shared by every generated client.\n// Do not edit by hand: it is rewritten on every regeneration.\n";

fn rust_file(
    path: &str,
    header: &str,
    tokens: TokenStream,
) -> Result<GeneratedFile, GenerateError> {
    rust_file_in_parts(path, header, std::iter::once(tokens))
}

/// Formats a file part by part: the tokens and syntax tree of one part at a
/// time stay in memory, not those of the whole file (models of large APIs run
/// to hundreds of thousands of lines).
fn rust_file_in_parts(
    path: &str,
    header: &str,
    parts: impl Iterator<Item = TokenStream>,
) -> Result<GeneratedFile, GenerateError> {
    let mut source = String::new();
    for tokens in parts {
        source.push_str(&printed(path, tokens)?);
    }
    Ok(GeneratedFile::new(
        path,
        format!("{header}\n{}", lay_out_macro_calls(&laid_out(&source))),
    ))
}

/// As [`rust_file_in_parts`], for a module whose items are compiled under
/// conditions: `opening` (docs, imports), then the items section by section
/// ([`sections`](super::sections)).
fn rust_file_in_sections(
    path: &str,
    header: &str,
    opening: TokenStream,
    items: impl Iterator<Item = (FeatureCondition, TokenStream)>,
) -> Result<GeneratedFile, GenerateError> {
    let mut sections = Sections::default();
    for (condition, tokens) in items {
        sections.push(condition, printed(path, tokens)?);
    }
    let mut source = lay_out_macro_calls(&laid_out(&printed(path, opening)?));
    for (condition, items) in sections.into_iter() {
        let runs = if condition.is_always() {
            vec![items]
        } else {
            runs_of_items(items)
        };
        for run in runs {
            if !source.is_empty() {
                source.push('\n');
            }
            // Macro calls are laid out at the indentation of their section.
            let section = section_text(&condition, &laid_out(&run.concat()));
            source.push_str(&lay_out_macro_calls(&section));
        }
    }
    Ok(GeneratedFile::new(path, format!("{header}\n{source}")))
}

/// `tokens` as prettyplease prints a file of them.
fn printed(path: &str, tokens: TokenStream) -> Result<String, GenerateError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| GenerateError::InvalidOutput {
        file: path.to_owned(),
        message: error.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

fn laid_out(printed: &str) -> String {
    layout::separate_items(&layout::compact_cfg_attributes(printed))
}

fn lib_rs(model: &ApiModel, options: &CrateOptions) -> TokenStream {
    let crate_docs = lines_to_inner_attributes(&guide_lines(model, options));
    let base_url_items = base_url_items(model);
    let error_body = match &model.error_body {
        Some(ty) => rust_type(model, ty, TypeScope::Crate),
        None => quote!(serde_json::Value),
    };
    let oauth = oauth_endpoint(model, options);
    let token_url = match oauth.as_ref() {
        Some(endpoint) => {
            let url = &endpoint.token_url;
            quote!(Some(#url))
        }
        None => quote!(None),
    };
    let scopes = oauth.map(|endpoint| endpoint.scopes).unwrap_or_default();
    let params_module = model
        .operations
        .iter()
        .any(|operation| operation.params_struct.is_some())
        .then(|| {
            quote!(
                pub mod params;
            )
        });
    let servers_module = has_servers_module(model).then(|| {
        quote!(
            pub mod servers;
        )
    });
    let responses_module = has_responses_module(model).then(|| {
        quote!(
            pub mod responses;
        )
    });
    quote! {
        #crate_docs

        mod client;
        #[cfg(feature = "dispatch")]
        mod dispatch;
        pub mod models;
        #params_module
        #responses_module
        pub mod runtime;
        #servers_module

        /// The HTTP crates this client is built on, at the versions it uses:
        /// name them through these paths so that your client and layers are
        /// the types the builder accepts.
        pub use reqwest;
        pub use reqwest_middleware;

        pub use runtime::{
            Base64Bytes, ByteStream, CallOptions, Client, ClientBuilder, ClientCredentials, ResponseValue, RetryPolicy, StaticToken,
            TokenSource, Upload,
        };

        #base_url_items

        /// The OAuth 2.0 client-credentials token endpoint, if documented.
        pub const OAUTH_TOKEN_URL: Option<&str> = #token_url;

        /// The scopes [`runtime::ClientCredentials`] requests by default.
        pub const OAUTH_SCOPES: &[&str] = &[#(#scopes),*];

        /// The error of every operation; error responses keep their decoded body.
        pub type Error = runtime::Error<#error_body>;

        /// `Result` with this crate's [`Error`].
        pub type Result<T, E = Error> = std::result::Result<T, E>;
    }
}

fn has_responses_module(model: &ApiModel) -> bool {
    model
        .operations
        .iter()
        .any(|operation| matches!(operation.success, SuccessResponse::ByStatus(_)))
}

/// A `clientCredentials` flow the document declares, else the caller's fallback.
pub(super) fn oauth_endpoint(model: &ApiModel, options: &CrateOptions) -> Option<OAuthEndpoint> {
    let declared = model.auth.iter().find_map(|scheme| match &scheme.kind {
        AuthKind::OAuth2ClientCredentials { token_url, scopes } => Some(OAuthEndpoint {
            token_url: token_url.clone(),
            scopes: scopes.clone(),
        }),
        _ => None,
    });
    declared.or_else(|| options.oauth_fallback.clone())
}

fn models_file(model: &ApiModel, header: &str) -> Result<GeneratedFile, GenerateError> {
    // Said once here rather than on each such field.
    let optional_nullable_note = has_optional_nullable_fields(model).then(|| {
        quote! {
            //!
            //! A field the API may leave out and may send as `null` is an
            //! `Option<Option<T>>`: `None` when it is absent, `Some(None)` when
            //! it is `null`.
        }
    });
    let opening = quote! {
        //! Types of the request and response bodies.
        #optional_nullable_note
    };
    let definitions = model.types.iter().map(|definition| {
        (
            FeatureCondition::all_of(&definition.features),
            type_definition(model, definition),
        )
    });
    rust_file_in_sections("src/models.rs", header, opening, definitions)
}

fn has_optional_nullable_fields(model: &ApiModel) -> bool {
    model.types.iter().any(|definition| match &definition.kind {
        TypeKind::Struct(structure) => structure
            .fields
            .iter()
            .any(|field| field.presence == Presence::OptionalNullable),
        _ => false,
    })
}

fn dispatch_file(model: &ApiModel, header: &str) -> Result<GeneratedFile, GenerateError> {
    let (opening, functions) = dispatch_module(model);
    rust_file_in_sections("src/dispatch.rs", header, opening, functions)
}

fn params_file(model: &ApiModel, header: &str) -> Result<GeneratedFile, GenerateError> {
    let opening = quote! {
        //! Query, header and cookie parameters, one struct per operation.
        #[allow(unused_imports)]
        use crate::models;
        #[allow(unused_imports)]
        use crate::runtime::{Explode, OperationRequest, ParamStyle, Parameters};
    };
    rust_file_in_sections("src/params.rs", header, opening, params_structs(model))
}

fn cargo_manifest(model: &ApiModel, options: &CrateOptions) -> String {
    // A JSON string is a valid TOML basic string: quotes, backslashes and
    // control characters come out escaped.
    let toml_string = |text: &str| serde_json::Value::from(single_line(text)).to_string();
    let package = &options.package;
    let description = package
        .description
        .clone()
        .unwrap_or_else(|| format!("Client for {} {}", model.title, model.version));
    let optional_fields: String = [
        ("license", &package.license),
        ("repository", &package.repository),
    ]
    .iter()
    .filter_map(|(key, value)| {
        value
            .as_deref()
            .map(|value| format!("{key} = {}\n", toml_string(value)))
    })
    .collect();
    format!(
        r#"# Generated by openapi-client-gen. Do not edit by hand.
[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.85"
description = {description}
{optional_fields}publish = {publish}

[features]
default = [{default_features}]
# TLS for the client this crate builds. Without either (`default-features =
# false`), bring a client of your own with `ClientBuilder::http_client`.
rustls = ["reqwest/rustls"]
native-tls = ["reqwest/native-tls"]
# `Client::dispatch`: any operation by its operationId, with JSON arguments.
dispatch = []
{api_features}
[dependencies]
anyhow = "1"
async-trait = "0.1"
base64 = "0.23"
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
futures-util = {{ version = "0.3", default-features = false }}
http = "1"
httpdate = "1"
percent-encoding = "2"
regex = "1"
reqwest = {{ version = "0.13", default-features = false, features = ["http2", "stream"] }}
reqwest-middleware = "0.5"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", default-features = false, features = ["sync", "time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
url = "2"
uuid = {{ version = "1", features = ["serde"] }}
{dev_dependencies}"#,
        name = options.crate_name,
        version = options.crate_version,
        description = toml_string(&description),
        publish = package.publish,
        default_features = default_features(model),
        api_features = api_features(model),
        dev_dependencies = if options.examples.is_empty() {
            ""
        } else {
            EXAMPLE_DEPENDENCIES
        },
    )
}

/// TLS by rustls, and every area of the API: a plain dependency gets the
/// whole client; users of a big API turn the areas they need on one by one.
fn default_features(model: &ApiModel) -> String {
    let all = (!model.features.is_empty()).then_some("\"all-areas\"");
    ["\"rustls\""]
        .into_iter()
        .chain(all)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One feature per area of the API, and `all-areas` for all of them.
fn api_features(model: &ApiModel) -> String {
    if model.features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = model
        .feature_names()
        .map(|name| format!("\"{name}\""))
        .collect();
    let mut text = format!(
        "\n# Areas of the API, compiled only when on (all by default): the operations\n\
         # of a tag and the types they use. Build fewer with `default-features = false,\n\
         # features = [\"rustls\", \"<area>\"]`.\nall-areas = [{}]\n",
        names.join(", ")
    );
    for feature in &model.features {
        let what = match &feature.area {
            FeatureArea::Tag(tag) => format!("operations tagged {}", single_line(tag)),
            FeatureArea::Untagged => "operations without a tag".to_owned(),
            FeatureArea::UnreferencedSchemas => "component schemas no operation uses".to_owned(),
        };
        text.push_str(&format!("# {what}\n{} = []\n", feature.name));
    }
    text
}

/// What the examples may use beyond the crate's own dependencies.
const EXAMPLE_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1", features = ["fs", "io-util", "macros", "rt-multi-thread"] }
tokio-util = { version = "0.7", default-features = false, features = ["io"] }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_source_is_shipped() {
        let runtime_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(runtime_dir)
            .expect("runtime directory")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .map(|name| format!("src/runtime/{name}"))
            .collect();
        on_disk.sort();
        let shipped: Vec<String> = RUNTIME_FILES
            .iter()
            .map(|(path, _)| (*path).to_owned())
            .collect();
        assert_eq!(on_disk, shipped);
    }

    /// Every method the runtime defines on `Client`, in any file, so generated
    /// methods are kept off those names.
    fn runtime_client_methods() -> std::collections::BTreeSet<String> {
        let mut methods = std::collections::BTreeSet::new();
        for (path, source) in RUNTIME_FILES {
            let file = syn::parse_file(source).unwrap_or_else(|error| panic!("{path}: {error}"));
            for item in file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let is_client = matches!(&*block.self_ty, syn::Type::Path(ty)
                    if ty.path.segments.last().is_some_and(|segment| segment.ident == "Client"));
                if block.trait_.is_some() || !is_client {
                    continue;
                }
                for member in block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        methods.insert(function.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    #[test]
    fn reserved_method_names_are_the_runtime_client_methods() {
        let reserved: std::collections::BTreeSet<String> = crate::model::RUNTIME_CLIENT_METHODS
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        assert_eq!(reserved, runtime_client_methods());
    }

    #[test]
    fn operations_with_the_same_parameters_share_one_struct() {
        let parameters = r#"[{"name": "X-Key", "in": "header", "required": true, "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}}]"#;
        let operation = |id: &str, parameters: &str| {
            format!(
                r#"{{"operationId": "{id}", "parameters": {parameters}, "responses": {{"204": {{"description": "done"}}}}}}"#
            )
        };
        let document = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "Shared", "version": "1"}}, "paths": {{
                "/a": {{"get": {}}}, "/bb": {{"get": {}}}, "/c": {{"get": {}}}}}}}"#,
            operation("listAccounts", parameters),
            operation("getB", parameters),
            operation(
                "getC",
                r#"[{"name": "limit", "in": "query", "schema": {"type": "integer"}}]"#
            ),
        );
        let files = crate::generate(&document, &CrateOptions::new("shared"))
            .expect("generates")
            .files;
        let params = &files
            .iter()
            .find(|file| file.path == "src/params.rs")
            .expect("params")
            .contents;
        // The shortest name is kept, whatever the document order.
        assert!(params.contains("pub struct GetBParams {"), "{params}");
        assert!(
            params.contains("pub type ListAccountsParams = GetBParams;"),
            "{params}"
        );
        assert!(params.contains("pub struct GetCParams {"), "{params}");
        assert!(params.contains("and of one other operation with the same parameters."));
        let client = &files
            .iter()
            .find(|file| file.path == "src/client.rs")
            .expect("client")
            .contents;
        assert!(
            client.contains("params: &params::ListAccountsParams"),
            "methods keep their names"
        );
    }

    const DOCUMENT: &str = r##"{"openapi": "3.1.0", "info": {"title": "Ping API", "version": "VERSION"},
        "paths": {"/ping": {"get": {"operationId": "ping",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "pong", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Pong"}}}}}}}},
        "components": {"schemas": {"Pong": {"type": "object", "properties": {"at": {"type": "string"}}}}}}"##;

    fn generate_version(version: &str) -> Vec<GeneratedFile> {
        crate::generate(
            &DOCUMENT.replace("VERSION", version),
            &CrateOptions::new("ping"),
        )
        .expect("generates")
        .files
    }

    #[test]
    fn a_new_document_version_changes_only_the_manifest_readme_and_crate_docs() {
        let old = generate_version("1.0.0");
        let new = generate_version("1.1.0");
        let changed: Vec<&str> = old
            .iter()
            .zip(&new)
            .filter(|(old, new)| old != new)
            .map(|(old, _)| old.path.as_str())
            .collect();
        assert_eq!(old.len(), new.len());
        assert_eq!(changed, ["Cargo.toml", "README.md", "src/lib.rs"]);
    }

    #[test]
    fn package_metadata_comes_from_the_options_escaped() {
        let options = CrateOptions {
            package: PackageMetadata {
                description: Some("Pings \"fast\"\\now".to_owned()),
                license: Some("MIT".to_owned()),
                repository: None,
                publish: true,
            },
            ..CrateOptions::new("ping")
        };
        let generated =
            crate::generate(&DOCUMENT.replace("VERSION", "1"), &options).expect("generates");
        let manifest = &generated
            .files
            .iter()
            .find(|file| file.path == "Cargo.toml")
            .expect("manifest")
            .contents;
        assert!(
            manifest.contains(
                "description = \"Pings \\\"fast\\\"\\\\now\"\nlicense = \"MIT\"\npublish = true\n"
            ),
            "{manifest}"
        );
        assert!(!manifest.contains("repository"));
        let default = generate_version("1.0.0");
        let manifest = &default
            .iter()
            .find(|file| file.path == "Cargo.toml")
            .expect("manifest")
            .contents;
        assert!(
            manifest.contains("description = \"Client for Ping API 1.0.0\"\npublish = false\n"),
            "{manifest}"
        );
    }

    #[test]
    fn runtime_files_name_only_the_generator() {
        for file in generate_version("1.0.0") {
            let header = file.contents.lines().take(2).collect::<Vec<_>>().join("\n");
            if file.path.starts_with("src/runtime/") {
                assert!(!header.contains("Ping API"), "{}: {header}", file.path);
                assert!(header.contains("Do not edit by hand"), "{}", file.path);
            } else if file.path.ends_with(".rs") {
                assert!(
                    header.contains("from \"Ping API\""),
                    "{}: {header}",
                    file.path
                );
            }
        }
    }
}
