//! Fuzz target: see `dossier::fuzzing::markdown_html`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::markdown_html(data);
});
