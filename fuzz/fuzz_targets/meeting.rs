//! Fuzz target: see `dossier::fuzzing::meeting`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::meeting(data);
});
