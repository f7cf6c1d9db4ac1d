//! Fuzz target: see `dossier::fuzzing::markdown_typst`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::markdown_typst(data);
});
