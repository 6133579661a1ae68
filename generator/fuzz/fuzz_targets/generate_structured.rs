//! Real documents changed structurally, then generated: the fuzz input picks a
//! seed document and a sequence of [`Mutation`]s (schemas copied or swapped,
//! `$ref`s retargeted, names made awkward, keywords toggled, parameters, paths,
//! media types and statuses changed). Byte-level mutation of the text mostly
//! produces invalid JSON or YAML; these documents stay well-formed and mostly
//! valid, so they reach the model builder and the emitter.
//!
//! A panic, or an error the generator reports as its own bug (generated code
//! that does not parse, a broken internal rule), is a finding. With
//! `STRUCTURED_FUZZ_DUMP=<file>` set, each document is written to that file
//! before it is generated, so a crashing input can be turned into a fixture.

#![no_main]

#[path = "structured/mutations.rs"]
mod mutations;
#[path = "structured/tree.rs"]
mod tree;
#[path = "structured/values.rs"]
mod values;

use std::sync::OnceLock;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use openapi_client_gen::{generate, CrateOptions, GenerateError};
use serde_json::Value;

use mutations::Mutation;

/// More mutations than this rarely find more, and make inputs slow.
const MAX_MUTATIONS: usize = 12;

/// Deeper documents are skipped. Copying schemas into themselves nests them
/// quickly, and `openapiv3` takes time exponential in the nesting to reject a
/// wrong-typed keyword deep inside (each untagged `SchemaKind` tries its
/// variants on the whole subtree): a known slowness, not worth rediscovering.
const MAX_DEPTH: usize = 28;

fuzz_target!(|data: &[u8]| {
    let Some(document) = mutated_document(&mut Unstructured::new(data)) else {
        return;
    };
    if let Ok(path) = std::env::var("STRUCTURED_FUZZ_DUMP") {
        let pretty = serde_json::to_string_pretty(&document).unwrap_or_default();
        let _ = std::fs::write(path, pretty);
    }
    if depth(&document) > MAX_DEPTH {
        return;
    }
    let Ok(text) = serde_json::to_string(&document) else {
        return;
    };
    match generate(&text, &CrateOptions::new("fuzzed")) {
        Err(error @ (GenerateError::Internal { .. } | GenerateError::InvalidOutput { .. })) => {
            panic!("generator bug: {error}")
        }
        _ => {}
    }
});

/// A seed chosen by the input, changed by the mutations the rest of the input
/// describes.
fn mutated_document(input: &mut Unstructured) -> Option<Value> {
    let seeds = seeds();
    let mut document = seeds.get(input.choose_index(seeds.len()).ok()?)?.clone();
    for _ in 0..MAX_MUTATIONS {
        match input.arbitrary::<Mutation>() {
            Ok(mutation) => mutation.apply(&mut document),
            Err(_) => break,
        }
        if input.is_empty() {
            break;
        }
    }
    Some(document)
}

/// How many objects and arrays deep `value` is.
fn depth(value: &Value) -> usize {
    let children: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Object(object) => Box::new(object.values()),
        Value::Array(items) => Box::new(items.iter()),
        _ => return 0,
    };
    1 + children.map(depth).max().unwrap_or(0)
}

/// The documents in `fuzz/seeds`, parsed once, in file-name order so an input
/// picks the same seed on every run.
fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        paths
            .iter()
            .filter_map(|path| parse(&std::fs::read_to_string(path).ok()?))
            .collect()
    })
}

fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_yaml::from_str(text).ok())
}
