//! Write: the output folder, built in a staging folder beside it and swapped
//! in only when the whole build succeeded.
//!
//! Rules that protect users' work:
//! - the output folder may never be the project root, content/, templates/,
//!   static/, themes/, or a folder that contains them;
//! - an existing output folder is only replaced if dossier made it (it holds
//!   our manifest) or it is empty;
//! - dotfiles at the top of the old output (a deploy `.git`, say) are carried
//!   over into the new one;
//! - a failed build leaves the previous output byte-identical.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

/// The file that marks an output folder as dossier's, listing what it wrote.
pub const MANIFEST: &str = ".dossier-manifest";
const MANIFEST_HEADER: &str = "# dossier output manifest v1: files written by dossier build";
const STAGING_MARKER: &str = ".dossier-staging";

/// Where output goes.
pub trait Sink {
    /// Write `bytes` at the site-relative path `rel` ("case-studies/x/index.html").
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Whether `rel` was already written in this build.
    fn contains(&self, rel: &str) -> bool;
    /// Write a PDF dossier typeset, with the Typst source it came from (the
    /// leak guard reads the source, since PDF text is compressed).
    fn write_pdf(&mut self, rel: &str, bytes: &[u8], _typst_source: &str) -> io::Result<()> {
        self.write(rel, bytes)
    }
}

/// Resolve `output_dir` against the project root and check it is safe to use.
pub fn resolve_output_dir(root: &Path, output_dir: &str) -> Result<PathBuf, Diagnostic> {
    let root = root.canonicalize().map_err(|e| {
        Diagnostic::error(format!(
            "cannot open the project folder {}: {e}",
            root.display()
        ))
    })?;
    let out = normalise(&root.join(output_dir));
    let out = canonical_prefix(&out);
    let shown = display_path(Path::new(output_dir));
    let refuse = |what: &str| {
        Diagnostic::error(format!("the output folder \"{shown}\" {what}"))
            .in_file("dossier.toml")
            .with_hint("set output_dir in dossier.toml (or --output) to a folder of its own, such as \"public\"")
    };
    if out == root {
        return Err(refuse("is the project folder itself"));
    }
    if root.starts_with(&out) {
        return Err(refuse("contains the project folder"));
    }
    for protected in ["content", "templates", "static", "themes", "dossier.toml"] {
        let p = root.join(protected);
        if out.starts_with(&p) {
            return Err(refuse(&format!(
                "is inside {protected}/, which holds your sources"
            )));
        }
    }
    if out.is_file() {
        return Err(refuse("is a file, not a folder"));
    }
    if out.is_dir() && !out.join(MANIFEST).is_file() {
        let non_empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            return Err(Diagnostic::error(format!(
                "the output folder \"{shown}\" already exists and was not made by dossier"
            ))
            .with_hint(
                "dossier replaces its output folder on every build, so it will not touch a folder it did not make; move that folder away, or choose another output_dir",
            ));
        }
    }
    Ok(out)
}

/// Remove `.` and `..` lexically, so checks see the real target.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Canonicalise the longest existing ancestor (following symlinks there) and
/// append the rest, so a symlinked output folder is checked where it points.
fn canonical_prefix(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// A build in progress: files go to a staging folder next to the output.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    written: BTreeSet<String>,
}

impl Staging {
    /// Start a staging folder for `target` (the resolved output folder).
    pub fn begin(target: &Path) -> io::Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.dossier-staging"));
        if dir.exists() {
            if !dir.join(STAGING_MARKER).exists() {
                return Err(io::Error::other(format!(
                    "{} exists and was not made by dossier; move it away",
                    dir.display()
                )));
            }
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(STAGING_MARKER), b"")?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            written: BTreeSet::new(),
        })
    }

    /// Copy a file from disk into the output.
    pub fn copy(&mut self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }

    /// Swap the staging folder in as the output. Dotfiles at the top of the
    /// old output are carried over.
    pub fn commit(self) -> io::Result<()> {
        std::fs::remove_file(self.dir.join(STAGING_MARKER))?;
        let mut manifest = String::from(MANIFEST_HEADER);
        manifest.push('\n');
        for f in &self.written {
            manifest.push_str(f);
            manifest.push('\n');
        }
        std::fs::write(self.dir.join(MANIFEST), manifest)?;

        if !self.target.exists() {
            return std::fs::rename(&self.dir, &self.target);
        }
        let old = self.dir.with_file_name(format!(
            ".{}.dossier-old",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(&self.target, &old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous output back before reporting.
            std::fs::rename(&old, &self.target)?;
            return Err(e);
        }
        for entry in std::fs::read_dir(&old)?.flatten() {
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str.starts_with('.') && name_str != MANIFEST && name_str != STAGING_MARKER {
                std::fs::rename(entry.path(), self.target.join(&name))?;
            }
        }
        std::fs::remove_dir_all(&old)
    }

    /// Throw the staging folder away; the previous output is untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|p| p == ".."));
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        self.written.insert(rel.to_string());
        Ok(())
    }

    fn contains(&self, rel: &str) -> bool {
        self.written.contains(rel)
    }
}

/// An in-memory sink, for `check` and tests.
#[derive(Debug, Default)]
pub struct Memory {
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Sink for Memory {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }

    fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "dossier-output-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        dir
    }

    #[test]
    fn refuses_output_folders_that_hold_sources() {
        let root = project();
        for bad in [
            ".",
            "",
            "content",
            "content/x",
            "..",
            "static/out",
            "themes",
        ] {
            assert!(
                resolve_output_dir(&root, bad).is_err(),
                "{bad} should be refused"
            );
        }
        assert!(resolve_output_dir(&root, "public").is_ok());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn refuses_a_folder_dossier_did_not_make() {
        let root = project();
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public/notes.txt"), "mine").unwrap();
        let e = resolve_output_dir(&root, "public").unwrap_err();
        assert_eq!(
            e.message,
            "the output folder \"public\" already exists and was not made by dossier"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn commit_swaps_in_and_keeps_dotfiles() {
        let root = project();
        let out = root.join("public");
        let mut s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        let mut s = Staging::begin(&out).unwrap();
        s.write("b/index.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert_eq!(std::fs::read(out.join(".git/HEAD")).unwrap(), b"ref");
        assert!(
            std::fs::read_to_string(out.join(MANIFEST))
                .unwrap()
                .contains("b/index.html\n")
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
