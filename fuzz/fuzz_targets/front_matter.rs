//! Fuzz target: see `dossier::fuzzing::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier::fuzzing::front_matter(data);
});
