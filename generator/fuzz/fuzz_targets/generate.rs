//! Any input, JSON, YAML or garbage, must give a crate or an error, never a
//! panic: the whole pipeline (loader, model builder, emitter) runs on it.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = openapi_client_gen::generate(text, &openapi_client_gen::CrateOptions::new("fuzzed"));
    }
});
