//! Any input, JSON, YAML or garbage, must give a crate or an error, never a
//! panic: the whole pipeline (loader, model builder, emitter) runs on it. An
//! error the generator reports as its own bug (generated code that does not
//! parse, a broken internal rule) is a finding too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use openapi_client_gen::{generate, CrateOptions, GenerateError};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match generate(text, &CrateOptions::new("fuzzed")) {
            Err(error @ (GenerateError::Internal { .. } | GenerateError::InvalidOutput { .. })) => {
                panic!("generator bug: {error}")
            }
            _ => {}
        }
    }
});
