//! Test support: fixture projects copied to temporary folders, the real
//! `dossier` binary run on them, and snapshot comparison.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// 2026-11-29T09:00:00Z: every test builds "on" this day.
pub const EPOCH: &str = "1795942800";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        TempDir::new_in(&std::env::temp_dir())
    }

    /// A temporary folder inside `base`.
    pub fn new_in(base: &Path) -> TempDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = base.join(format!("dossier-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository root (the example project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` in a temporary folder.
pub fn fixture(name: &str) -> TempDir {
    let tmp = TempDir::new();
    copy_dir(&repo_root().join("tests/fixtures").join(name), tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What a run of dossier did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the real binary in `dir` with a fixed build date and no colour.
pub fn dossier(dir: &Path, args: &[&str]) -> Run {
    dossier_with_env(dir, args, &[])
}

/// [`dossier`] with these environment variables set as well. Settings a
/// developer may have in their shell (`CI`) are removed first, so tests do
/// not depend on them.
pub fn dossier_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("DOSSIER_CACHE_DIR")
        .envs(env.iter().copied())
        .output()
        .expect("run dossier");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Read a file of a built site as text.
pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file below `dir` (its path), sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every file below `dir` with its bytes, sorted by relative path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// The fonts a PDF embeds, as `pdffonts` (poppler-utils) names them,
/// without the subset prefix ("ABCDEF+"): e.g. "NotoSans-Bold".
pub fn pdf_fonts(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts (poppler-utils)");
    assert!(out.status.success(), "pdffonts {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, name)| name).to_string())
        .collect()
}

/// Compare `actual` with `tests/snapshots/<name>`. With
/// DOSSIER_UPDATE_SNAPSHOTS=1 the snapshot is (re)written instead: review the
/// diff before committing.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = repo_root().join("tests/snapshots").join(name);
    if std::env::var_os("DOSSIER_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run with DOSSIER_UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n(run with DOSSIER_UPDATE_SNAPSHOTS=1 to accept)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// The search index of a built site (its `search/` folder, under `site`:
/// `public` or `public/cy`), read as the theme's search.js reads it.
pub struct SearchIndex {
    /// Each page's `[title, url, kind, summary]`, in the index's order.
    pub pages: Vec<serde_json::Value>,
    /// Every word, with the pages it is in (by number) and the field bits
    /// of each (1 title, 2 terms, 4 summary, 8 text).
    pub words: std::collections::BTreeMap<String, Vec<(usize, u8)>>,
}

impl SearchIndex {
    pub fn read(site: &Path) -> SearchIndex {
        let json = |rel: &str| -> serde_json::Value {
            serde_json::from_str(&read(site.join("search").join(rel))).unwrap()
        };
        let toc = json("index.json");
        let count = toc["pages"].as_u64().unwrap() as usize;
        let per = toc["per_fragment"].as_u64().unwrap() as usize;
        let mut pages = Vec::new();
        for k in 0..count.div_ceil(per) {
            pages.extend(json(&format!("pages/{k}.json")).as_array().unwrap().clone());
        }
        assert_eq!(pages.len(), count);
        let mut words = std::collections::BTreeMap::new();
        for k in 0..toc["chunks"].as_array().unwrap().len() {
            for entry in json(&format!("words/{k}.json")).as_array().unwrap() {
                let word = entry[0].as_str().unwrap().to_string();
                words.insert(word, decode_postings(entry[1].as_str().unwrap()));
            }
        }
        SearchIndex { pages, words }
    }

    /// The pages' titles, in order.
    pub fn titles(&self) -> Vec<&str> {
        self.pages.iter().map(|p| p[0].as_str().unwrap()).collect()
    }

    /// Whether `word` is in the index.
    pub fn has(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }
}

/// A posting list: per page, the gap from the page before (from -1) times
/// 16 plus field bits, in base 32 with 64 digits (the last 32 end a number).
fn decode_postings(postings: &str) -> Vec<(usize, u8)> {
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let mut out = Vec::new();
    let (mut page, mut n) = (-1i64, 0u64);
    for c in postings.chars() {
        let d = DIGITS.find(c).unwrap() as u64;
        n = n * 32 + (d & 31);
        if d >= 32 {
            page += (n >> 4) as i64;
            out.push((page as usize, (n & 15) as u8));
            n = 0;
        }
    }
    out
}
