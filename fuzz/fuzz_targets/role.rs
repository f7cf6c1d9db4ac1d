//! Fuzz target: see `dossier::fuzzing::role`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::role(data);
});
