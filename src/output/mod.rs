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
//! - a failed build leaves the previous output byte-identical;
//! - a build killed at any moment (power cut, `kill -9`) leaves the previous
//!   or the new output, never a mix, and the next build tidies up after it;
//! - only one build at a time writes an output folder.
//!
//! # Beside the output folder
//!
//! For an output folder `public`, dossier uses three names in the folder
//! that holds it:
//!
//! - `.public.dossier-lock`: an empty lock file. [`Staging::begin`] takes an
//!   exclusive lock on it (`File::try_lock`, an advisory `flock`) before it
//!   touches anything else, and the [`Staging`] holds it until it is
//!   committed, abandoned or dropped. The operating system releases the lock
//!   when the process ends, however it ends, so a killed build never leaves
//!   a stale lock. A second build (or `serve --write`) that finds the lock
//!   taken fails at once with [`FaultKind::Busy`]. The file itself stays:
//!   deleting a lock file races with the next build opening it.
//! - `.public.dossier-staging`: the build in progress. From
//!   [`Staging::begin`] until the manifest is complete it holds the marker
//!   `.dossier-staging`; after that it holds the manifest. It always holds
//!   one of the two (or nothing at all, for an instant, when it is created
//!   or removed), so a leftover one is always recognisably dossier's.
//! - `.public.dossier-old`: the previous output, during the swap. It holds
//!   that output's manifest (or nothing, if the previous output folder was
//!   empty), which is moved and removed last.
//!
//! # The swap ([`Staging::commit`])
//!
//! 1. Write the manifest into the staging folder, then remove the marker.
//! 2. Rename `public` to `.public.dossier-old` (if there is a `public`).
//! 3. Rename the staging folder to `public`.
//! 4. Move each top-level dotfile of the old output that the new one lacks
//!    (not the manifest) into `public`.
//! 5. Remove `.public.dossier-old`, its manifest last.
//!
//! A failure in steps 1 to 3 renames the old output back; a failure in step
//! 4 moves the carried dotfiles back and undoes the swap; either way the
//! staging folder is then removed, and the previous output is as it was. A
//! failure in step 5 is left for the next build to finish.
//!
//! # Recovery (every [`Staging::begin`], under the lock)
//!
//! A killed build can leave these states, which the next build puts right
//! before it starts:
//!
//! - `.public.dossier-old` and no `public` (killed between steps 2 and 3):
//!   the old output is renamed back to `public`.
//! - `.public.dossier-old` and `public` (killed in step 4 or 5): step 4 is
//!   finished (the user's dotfiles are never lost), then step 5.
//! - a `.public.dossier-staging` (killed while writing, or in step 1): it is
//!   removed, its marker or manifest last.
//!
//! Every step is idempotent, so a build killed while recovering is
//! recovered by the next one. A folder under one of these names that dossier
//! did not make (no marker or manifest, and not empty) is never touched: the
//! build stops with [`FaultKind::InTheWay`].
//!
//! There is no atomic swap: between steps 2 and 3 (two renames in one
//! folder, microseconds apart) there is no `public`. Linux's `renameat2`
//! with `RENAME_EXCHANGE` would close that gap, but it needs unsafe code,
//! which this crate forbids; the recovery above covers a kill in the gap.
//!
//! # Faults
//!
//! Every I/O error from [`Staging`] carries an [`OutputFault`] (see
//! [`OutputFault::of`]): the output folder and what went wrong in words
//! (disk full, read-only disk, no permission, file too large, busy), for
//! `dossier build` and `serve --write` to report.

pub(crate) mod clean;
pub(crate) mod folder;
pub(crate) mod progress;

use std::fs::{self};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

mod fault;
pub(crate) use fault::*;
mod staging;
pub use staging::*;

/// The file that marks an output folder as dossier's, listing what it wrote.
pub const MANIFEST: &str = ".dossier-manifest";
const MANIFEST_HEADER: &str = "# dossier output manifest v1: files written by dossier build";
const STAGING_MARKER: &str = ".dossier-staging";

/// Where output goes.
pub trait Sink {
    /// Write `bytes` at the site-relative path `rel` ("case-studies/x/index.html").
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Add `bytes` to the end of the file at `rel` (made empty by the
    /// first call), so that a large generated file (the search index) is
    /// written a part at a time while other files are, and is never whole
    /// in memory. Each part should end at a natural break (an entry of a
    /// JSON list): the leak guard scans parts one at a time.
    fn append(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Where other threads may put files themselves, when this sink writes
    /// to a folder: the rendering threads write their own pages, since on
    /// a real disk creating files is most of a build's time and one thread
    /// cannot keep up. Each file put there must then be passed to
    /// [`Sink::record`], in order. `None` (the default): files go through
    /// [`Sink::write`]. A sink wrapping another that passes on its `files`
    /// must pass on `record` too (the default writes the file again).
    fn files(&self) -> Option<std::sync::Arc<dyn Placer>> {
        None
    }
    /// Note a file that was put through [`Sink::files`], with its bytes
    /// (which a sink wrapping another may read: the leak guard scans them).
    fn record(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)
    }
    /// Read `text` as part of the file `rel`, without writing it: text that
    /// an output holds in a form no reader can take passages from (the
    /// search index's sorted words), given to the leak guard as it was
    /// before it was cut into words. Does nothing but in the guard.
    fn scan_text(&mut self, _rel: &str, _text: &str) {}
    /// Whether `rel` was already written in this build.
    fn contains(&self, rel: &str) -> bool;
    /// Write a PDF dossier typeset, with the Typst source it came from and,
    /// when it was typeset in this build, the text of each page (the leak
    /// guard reads both).
    fn write_pdf(
        &mut self,
        rel: &str,
        bytes: &[u8],
        _typst_source: &str,
        _text: Option<&[String]>,
    ) -> io::Result<()> {
        self.write(rel, bytes)
    }
}

/// Puts files in place from any thread (see [`Sink::files`]): the staging
/// folder's writer that rendering threads share.
pub trait Placer: Send + Sync {
    /// Write `bytes` at the site-relative path `rel`.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
}

/// The files of a staging folder.
struct Folder {
    dir: PathBuf,
    /// The output folder, named in errors.
    target: PathBuf,
}

impl Placer for Folder {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|p| p == ".."));
        let path = self.dir.join(rel);
        path.parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, bytes))
            .map_err(|e| OutputFault::wrap(&self.target, e))
    }
}

/// Resolve `output_dir` against the project root and check it is safe to use.
pub(crate) fn resolve_output_dir(root: &Path, output_dir: &str) -> Result<PathBuf, Diagnostic> {
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

    fn append(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .entry(rel.to_string())
            .or_default()
            .extend_from_slice(bytes);
        Ok(())
    }

    fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

#[cfg(test)]
mod tests;
