//! Fuzz target: see `dossier::fuzzing::translation`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::translation(data);
});
