//! Fuzzing on stable: the targets of `fuzz/` (see `dossier::fuzzing`) run on
//! deterministic pseudo-random inputs built from Markdown, TOML and shortcode
//! tokens, random bytes and mutations of the seed corpus in
//! `fuzz/corpus/<target>/`. `cargo test` runs a few thousand inputs per
//! target; set DOSSIER_FUZZ_ITERATIONS (and DOSSIER_FUZZ_SEED) for a long
//! run. A crashing input is saved to target/fuzz-crash-<target>.bin.

use crate::support::repo_root;

const TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "{{",
    "}}",
    "{%",
    "%}",
    "{% end %}",
    "pull_quote(",
    "figure(",
    "ref(",
    "text=",
    "src=",
    "\"",
    "'",
    ")",
    "(",
    "=",
    ",",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "#",
    "## ",
    "* ",
    "- ",
    "1. ",
    "> ",
    "> [!NOTE]\n",
    "```\n",
    "`",
    "~~~",
    "|",
    "| --- |",
    "[^1]",
    "[^1]: ",
    "<",
    ">",
    "&",
    "&amp;",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "]]>",
    "$",
    "\\",
    "@/",
    "@/case-studies/one.md#x",
    "![",
    "](",
    "**",
    "_",
    "~~",
    "\u{FEFF}",
    "é",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{2028}",
    "👩‍⚕️",
    "title = ",
    "date = ",
    "2026-02-30",
    "2026-12-10",
    "14:00:00",
    "1e400",
    "-1",
    "nan",
    "inf",
    "150",
    "true",
    "[[employers]]\n",
    "organisation = \"acme-council\"\n",
    "share = ",
    "[salary]\n",
    "min = ",
    "max = ",
    "[[agenda]]\n",
    "item = ",
    "paper = ",
    "[extra]\n",
    "\"\"\"",
    "'''",
    "#set ",
    "#read(",
    "#import ",
    "@preview/",
    "=",
    "-",
    "*",
    "    ",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = repo_root().join("fuzz/corpus").join(target);
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| std::fs::read(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn input(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    match rng.below(4) {
        // A mutated seed.
        0 | 1 if !seeds.is_empty() => {
            let mut data = seeds[rng.below(seeds.len())].clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(data.len() + 1);
                match rng.below(4) {
                    0 => {
                        let token = TOKENS[rng.below(TOKENS.len())].bytes();
                        data.splice(at..at, token);
                    }
                    1 if at < data.len() => {
                        let end = (at + rng.below(16)).min(data.len());
                        data.drain(at..end);
                    }
                    2 if at < data.len() => data[at] = rng.next() as u8,
                    _ => data.insert(at, rng.next() as u8),
                }
            }
            data
        }
        // Random bytes.
        2 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
        // A string of tokens.
        _ => {
            let mut data = Vec::new();
            for _ in 0..rng.below(60) {
                data.extend_from_slice(TOKENS[rng.below(TOKENS.len())].as_bytes());
            }
            data
        }
    }
}

fn run(target: &str, f: fn(&[u8])) {
    let iterations: usize = std::env::var("DOSSIER_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    let seed: u64 = std::env::var("DOSSIER_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_D055_1E12);
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "no seed corpus for {target}");
    for s in &seeds {
        f(s);
    }
    let mut rng = Rng(seed ^ target.len() as u64 ^ 0x9E37_79B9_7F4A_7C15);
    for _ in 0..iterations {
        let data = input(&mut rng, &seeds);
        // Only to save the input before the panic fails the test.
        let result = std::panic::catch_unwind(|| f(&data));
        if let Err(panic) = result {
            let path = repo_root().join(format!("target/fuzz-crash-{target}.bin"));
            std::fs::write(&path, &data).unwrap();
            eprintln!("{target} panicked; input saved to {}", path.display());
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn fuzz_front_matter_never_panics() {
    run("front_matter", dossier::fuzzing::front_matter);
}

#[test]
fn fuzz_markdown_html_never_panics() {
    run("markdown_html", dossier::fuzzing::markdown_html);
}

#[test]
fn fuzz_markdown_typst_never_panics() {
    run("markdown_typst", dossier::fuzzing::markdown_typst);
}

#[test]
fn fuzz_role_never_panics() {
    run("role", dossier::fuzzing::role);
}

#[test]
fn fuzz_meeting_never_panics() {
    run("meeting", dossier::fuzzing::meeting);
}

#[test]
fn fuzz_translation_merges_into_toml_or_reports_why() {
    run("translation", dossier::fuzzing::translation);
}

#[test]
fn fuzz_leak_guard_always_finds_a_confidential_run() {
    run("leak_guard", dossier::fuzzing::leak_guard);
}
