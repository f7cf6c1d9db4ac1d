//! Fuzz target: see `dossier::fuzzing::leak_guard`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::leak_guard(data);
});
