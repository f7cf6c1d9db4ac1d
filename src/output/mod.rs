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

pub mod clean;
pub mod progress;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
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
    fn files(&self) -> Option<std::sync::Arc<dyn Files>> {
        None
    }
    /// Note a file that was put through [`Sink::files`], with its bytes
    /// (which a sink wrapping another may read: the leak guard scans them).
    fn record(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)
    }
    /// Whether `rel` was already written in this build.
    fn contains(&self, rel: &str) -> bool;
    /// Write a PDF dossier typeset, with the Typst source it came from (the
    /// leak guard reads the source, since PDF text is compressed).
    fn write_pdf(&mut self, rel: &str, bytes: &[u8], _typst_source: &str) -> io::Result<()> {
        self.write(rel, bytes)
    }
}

/// Puts files in place from any thread (see [`Sink::files`]).
pub trait Files: Send + Sync {
    /// Write `bytes` at the site-relative path `rel`.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
}

/// The files of a staging folder.
struct Folder {
    dir: PathBuf,
    /// The output folder, named in errors.
    target: PathBuf,
}

impl Files for Folder {
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

/// What went wrong writing an output folder, carried inside the
/// [`io::Error`]s that [`Staging`] returns (their kind is kept).
#[derive(Debug)]
pub struct OutputFault {
    /// The output folder being written.
    pub folder: PathBuf,
    pub kind: FaultKind,
    source: Option<io::Error>,
}

/// The kinds of [`OutputFault`] a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Another dossier build or `serve --write` holds the lock.
    Busy,
    /// No space left on the disk (ENOSPC).
    DiskFull,
    /// The user's disk quota is used up (EDQUOT).
    QuotaFull,
    /// A file is over the file system's or the process's size limit (EFBIG).
    FileTooLarge,
    /// The disk is mounted read-only (EROFS).
    ReadOnly,
    /// Permission denied (EACCES, EPERM).
    NoPermission,
    /// A folder dossier uses beside the output, which dossier did not make.
    InTheWay(PathBuf),
    /// Anything else.
    Other,
}

impl OutputFault {
    /// The fault an I/O error from [`Staging`] carries.
    pub fn of(e: &io::Error) -> Option<&OutputFault> {
        e.get_ref()?.downcast_ref::<OutputFault>()
    }

    /// The underlying error, if any.
    pub fn os_error(&self) -> Option<&io::Error> {
        self.source.as_ref()
    }

    fn error(folder: &Path, kind: FaultKind, io_kind: io::ErrorKind) -> io::Error {
        io::Error::new(
            io_kind,
            OutputFault {
                folder: folder.to_path_buf(),
                kind,
                source: None,
            },
        )
    }

    /// `e`, with the fault it means for `folder` attached (once).
    fn wrap(folder: &Path, e: io::Error) -> io::Error {
        if OutputFault::of(&e).is_some() {
            return e;
        }
        let kind = match e.kind() {
            io::ErrorKind::StorageFull => FaultKind::DiskFull,
            io::ErrorKind::QuotaExceeded => FaultKind::QuotaFull,
            io::ErrorKind::FileTooLarge => FaultKind::FileTooLarge,
            io::ErrorKind::ReadOnlyFilesystem => FaultKind::ReadOnly,
            io::ErrorKind::PermissionDenied => FaultKind::NoPermission,
            _ => FaultKind::Other,
        };
        io::Error::new(
            e.kind(),
            OutputFault {
                folder: folder.to_path_buf(),
                kind,
                source: Some(e),
            },
        )
    }
}

impl fmt::Display for OutputFault {
    /// Why the folder could not be written, to follow "cannot write the site
    /// to <folder>: ".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FaultKind::Busy => f.write_str(
                "another dossier build, or a `dossier serve --write`, is writing to it right now",
            ),
            FaultKind::DiskFull => f.write_str("the disk is full"),
            FaultKind::QuotaFull => f.write_str("your disk quota (your share of the disk) is used up"),
            FaultKind::FileTooLarge => f.write_str(
                "a file is larger than this computer allows (the disk, or a limit set for your account, does not take files that big)",
            ),
            FaultKind::ReadOnly => f.write_str("the disk it is on is read-only"),
            FaultKind::NoPermission => write!(
                f,
                "you do not have permission to change it or the folder that holds it ({})",
                self.folder.parent().unwrap_or(Path::new(".")).display()
            ),
            FaultKind::InTheWay(p) => write!(
                f,
                "{} is in the way: dossier uses that name while it writes, but did not make that folder",
                p.display()
            ),
            FaultKind::Other => match &self.source {
                Some(e) => write!(f, "{e}"),
                None => f.write_str("an unknown error"),
            },
        }
    }
}

impl std::error::Error for OutputFault {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The names dossier uses beside an output folder.
struct Beside {
    parent: PathBuf,
    lock: PathBuf,
    staging: PathBuf,
    old: PathBuf,
}

impl Beside {
    fn of(target: &Path) -> Beside {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Beside {
            lock: parent.join(format!(".{name}.dossier-lock")),
            staging: parent.join(format!(".{name}.dossier-staging")),
            old: parent.join(format!(".{name}.dossier-old")),
            parent,
        }
    }
}

/// What marks a staging folder as dossier's.
const STAGING_MARKS: &[&str] = &[STAGING_MARKER, MANIFEST];
/// What marks a previous output folder as dossier's.
const OLD_MARKS: &[&str] = &[MANIFEST];

fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

/// Whether `dir` is a folder dossier made: it holds one of `marks`, or is
/// empty.
fn is_ours(dir: &Path, marks: &[&str]) -> bool {
    let is_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    is_dir
        && (marks
            .iter()
            .any(|m| fs::symlink_metadata(dir.join(m)).is_ok_and(|m| m.is_file()))
            || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none()))
}

/// Remove a folder of dossier's making, `marks` last, so that a removal cut
/// short leaves a folder still recognisably dossier's.
fn remove_ours(dir: &Path, marks: &[&str]) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if marks.iter().any(|m| name == *m) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    for mark in marks {
        match fs::remove_file(dir.join(mark)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    fs::remove_dir(dir)
}

/// Move the top-level dotfiles of `old` (a deploy `.git`, say) that `target`
/// lacks into `target`; never the manifest or the marker. On failure,
/// returns the names already moved with the error.
fn carry_dotfiles(old: &Path, target: &Path) -> Result<Vec<OsString>, (Vec<OsString>, io::Error)> {
    let mut moved = Vec::new();
    let entries = match fs::read_dir(old) {
        Ok(d) => d,
        Err(e) => return Err((moved, e)),
    };
    let mut names: Vec<OsString> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => names.push(e.file_name()),
            Err(e) => return Err((moved, e)),
        }
    }
    names.sort();
    for name in names {
        let text = name.to_string_lossy();
        if !text.starts_with('.') || text == MANIFEST || text == STAGING_MARKER {
            continue;
        }
        if exists(&target.join(&name)) {
            continue;
        }
        if let Err(e) = fs::rename(old.join(&name), target.join(&name)) {
            return Err((moved, e));
        }
        moved.push(name);
    }
    Ok(moved)
}

/// Put right what a killed build left (see the module documentation).
fn recover(target: &Path, beside: &Beside) -> io::Result<()> {
    let in_the_way = |p: &Path| {
        OutputFault::error(
            target,
            FaultKind::InTheWay(p.to_path_buf()),
            io::ErrorKind::AlreadyExists,
        )
    };
    if exists(&beside.old) {
        if !is_ours(&beside.old, OLD_MARKS) {
            return Err(in_the_way(&beside.old));
        }
        if !exists(target) {
            // Killed between the two renames: the old output goes back.
            fs::rename(&beside.old, target)?;
        } else {
            // Killed after the swap: finish carrying the dotfiles over.
            carry_dotfiles(&beside.old, target).map_err(|(_, e)| e)?;
            remove_ours(&beside.old, OLD_MARKS)?;
        }
    }
    if exists(&beside.staging) {
        if !is_ours(&beside.staging, STAGING_MARKS) {
            return Err(in_the_way(&beside.staging));
        }
        remove_ours(&beside.staging, STAGING_MARKS)?;
    }
    Ok(())
}

/// Take the lock on `path`. `None` when the file system cannot lock (the
/// build then goes on unlocked, as before locks existed).
fn take_lock(path: &Path, target: &Path) -> io::Result<Option<File>> {
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Ok(f) => f,
        // A lock file made by another user: reading is enough to lock.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && path.is_file() => {
            File::open(path).map_err(|_| e)?
        }
        Err(e) => return Err(e),
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(OutputFault::error(
            target,
            FaultKind::Busy,
            io::ErrorKind::WouldBlock,
        )),
        Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// A build in progress: files go to a staging folder next to the output,
/// under a lock on the output folder. Dropped without [`Staging::commit`],
/// it removes the staging folder (and releases the lock).
pub struct Staging {
    /// The staging folder and the output folder it will become; shared
    /// with the threads that write pages (see [`Sink::files`]).
    folder: std::sync::Arc<Folder>,
    old: PathBuf,
    written: BTreeSet<String>,
    /// Set once the staging folder is the output: nothing left to remove.
    committed: bool,
    /// Held until dropped (after the staging folder is removed).
    _lock: Option<File>,
}

impl Staging {
    /// Take the lock on `target` (the resolved output folder), recover from
    /// a killed build, and start a staging folder beside it.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        Staging::begin_unwrapped(target).map_err(|e| OutputFault::wrap(target, e))
    }

    fn begin_unwrapped(target: &Path) -> io::Result<Staging> {
        let beside = Beside::of(target);
        fs::create_dir_all(&beside.parent)?;
        let lock = take_lock(&beside.lock, target)?;
        recover(target, &beside)?;
        fs::create_dir(&beside.staging)?;
        // From here on, dropping the staging removes the folder.
        let folder = std::sync::Arc::new(Folder {
            dir: beside.staging,
            target: target.to_path_buf(),
        });
        let staging = Staging {
            folder,
            old: beside.old,
            written: BTreeSet::new(),
            committed: false,
            _lock: lock,
        };
        fs::write(staging.folder.dir.join(STAGING_MARKER), b"")?;
        Ok(staging)
    }

    /// Copy a file from disk into the output.
    pub fn copy(&mut self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = fs::read(from)?;
        self.write(rel, &bytes)
    }

    /// Swap the staging folder in as the output. Dotfiles at the top of the
    /// old output are carried over. On failure the previous output is put
    /// back and the staging folder removed.
    pub fn commit(mut self) -> io::Result<()> {
        let result = self.swap_in();
        self.committed = result.is_ok();
        result.map_err(|e| OutputFault::wrap(&self.folder.target, e))
        // Dropped here: a failed commit's staging folder is removed, then
        // the lock released.
    }

    fn swap_in(&mut self) -> io::Result<()> {
        let mut manifest = String::from(MANIFEST_HEADER);
        manifest.push('\n');
        for f in &self.written {
            manifest.push_str(f);
            manifest.push('\n');
        }
        // The manifest first, then the marker goes: the staging folder is
        // always recognisable.
        fs::write(self.folder.dir.join(MANIFEST), manifest)?;
        fs::remove_file(self.folder.dir.join(STAGING_MARKER))?;

        if !exists(&self.folder.target) {
            return fs::rename(&self.folder.dir, &self.folder.target);
        }
        fs::rename(&self.folder.target, &self.old)?;
        if let Err(e) = fs::rename(&self.folder.dir, &self.folder.target) {
            // Put the previous output back (or leave it to the next build's
            // recovery, should even that fail).
            let _ = fs::rename(&self.old, &self.folder.target);
            return Err(e);
        }
        if let Err((moved, e)) = carry_dotfiles(&self.old, &self.folder.target) {
            // Undo the swap; if any step fails, the next build's recovery
            // finishes the commit instead.
            let _ = moved
                .iter()
                .try_for_each(|name| fs::rename(self.folder.target.join(name), self.old.join(name)))
                .and_then(|()| fs::rename(&self.folder.target, &self.folder.dir))
                .and_then(|()| fs::rename(&self.old, &self.folder.target));
            return Err(e);
        }
        // The new output is in place; an old folder left by a failure here
        // is removed by the next build.
        let _ = remove_ours(&self.old, OLD_MARKS);
        Ok(())
    }

    /// Throw the staging folder away; the previous output is untouched.
    pub fn abandon(self) {
        drop(self);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && exists(&self.folder.dir) {
            let _ = remove_ours(&self.folder.dir, STAGING_MARKS);
        }
    }
}

impl Sink for Staging {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.folder.put(rel, bytes)?;
        self.written.insert(rel.to_string());
        Ok(())
    }

    fn files(&self) -> Option<std::sync::Arc<dyn Files>> {
        Some(self.folder.clone())
    }

    fn record(&mut self, rel: &str, _bytes: &[u8]) -> io::Result<()> {
        self.written.insert(rel.to_string());
        Ok(())
    }

    fn append(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|p| p == ".."));
        let first = self.written.insert(rel.to_string());
        let path = self.folder.dir.join(rel);
        let opened = if first {
            path.parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::File::create(&path))
        } else {
            fs::OpenOptions::new().append(true).open(&path)
        };
        opened
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| OutputFault::wrap(&self.folder.target, e))
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
    fn a_file_appended_to_holds_its_parts_in_order_and_other_files_may_come_between() {
        let root = project();
        let out = root.join("public");
        let mut s = Staging::begin(&out).unwrap();
        let mut memory = Memory::default();
        for sink in [&mut s as &mut dyn Sink, &mut memory] {
            sink.append("search/index.json", b"{\"pages\":[").unwrap();
            assert!(sink.contains("search/index.json"));
            sink.append("search/index.json", b"1,2").unwrap();
            sink.write("a/index.html", b"page a").unwrap();
            sink.append("search/index.json", b",3").unwrap();
            sink.append("search/index.json", b"]}").unwrap();
        }
        s.commit().unwrap();
        let written = std::fs::read(out.join("search/index.json")).unwrap();
        assert_eq!(written, b"{\"pages\":[1,2,3]}");
        assert_eq!(memory.files["search/index.json"], written);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"page a");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn files_put_from_other_threads_are_published_once_recorded() {
        let root = project();
        let out = root.join("public");
        let mut s = Staging::begin(&out).unwrap();
        let files = s
            .files()
            .expect("a staging folder takes files from any thread");
        std::thread::scope(|scope| {
            for n in 0..4 {
                let files = files.clone();
                scope.spawn(move || {
                    files
                        .put(&format!("section/page-{n}/index.html"), b"page")
                        .unwrap()
                });
            }
        });
        for n in 0..4 {
            let rel = format!("section/page-{n}/index.html");
            assert!(!s.contains(&rel));
            s.record(&rel, b"page").unwrap();
            assert!(s.contains(&rel));
        }
        s.commit().unwrap();
        for n in 0..4 {
            let page = out.join(format!("section/page-{n}/index.html"));
            assert_eq!(std::fs::read(page).unwrap(), b"page");
        }
        assert!(Memory::default().files().is_none());
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

    /// Every file below `dir` (relative path, bytes), dotfiles included.
    fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    fn put(dir: &Path, rel: &str, bytes: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn manifest_of(files: &[&str]) -> String {
        let mut m = format!("{MANIFEST_HEADER}\n");
        for f in files {
            m.push_str(f);
            m.push('\n');
        }
        m
    }

    /// The names dossier uses beside `out` that are still there.
    fn leftovers(out: &Path) -> Vec<String> {
        let b = Beside::of(out);
        [b.staging, b.old]
            .into_iter()
            .filter(|p| exists(p))
            .map(|p| p.display().to_string())
            .collect()
    }

    /// A previous output in `out`: a page, its manifest and a deploy `.git`.
    fn previous_output(out: &Path) {
        put(out, "a/index.html", "old page");
        put(out, MANIFEST, &manifest_of(&["a/index.html"]));
        put(out, ".git/HEAD", "ref: refs/heads/main");
    }

    #[test]
    fn a_build_killed_between_the_two_renames_gets_the_previous_output_back() {
        let root = project();
        let out = root.join("public");
        let beside = Beside::of(&out);
        // Killed after `public` became `.public.dossier-old`, before the
        // staging folder (complete, with its manifest) became `public`.
        previous_output(&beside.old);
        let before = files(&beside.old);
        put(&beside.staging, "b/index.html", "new page");
        put(&beside.staging, MANIFEST, &manifest_of(&["b/index.html"]));
        assert!(!out.exists());

        let mut s = Staging::begin(&out).unwrap();
        assert_eq!(files(&out), before, "the previous output is back");
        assert!(!beside.old.exists());
        assert_eq!(
            files(&beside.staging).into_keys().collect::<Vec<_>>(),
            [STAGING_MARKER],
            "the leftover staging folder was replaced by a fresh one"
        );
        s.write("c/index.html", b"newer page").unwrap();
        s.commit().unwrap();
        assert_eq!(
            std::fs::read(out.join(".git/HEAD")).unwrap(),
            b"ref: refs/heads/main"
        );
        assert!(!out.join("a/index.html").exists());
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_build_killed_while_carrying_dotfiles_over_loses_none_of_them() {
        let root = project();
        let out = root.join("public");
        let beside = Beside::of(&out);
        // Killed after the swap: `.well-known` was carried over, `.git` and
        // `.deploy` were not yet. `.nojekyll` is in both (the new build
        // wrote its own): the new one stays.
        previous_output(&beside.old);
        put(&beside.old, ".deploy", "token-free settings");
        put(&beside.old, ".nojekyll", "old");
        put(&out, "b/index.html", "new page");
        put(&out, MANIFEST, &manifest_of(&["b/index.html", ".nojekyll"]));
        put(&out, ".nojekyll", "new");
        put(&out, ".well-known/security.txt", "Contact: x");

        let s = Staging::begin(&out).unwrap();
        drop(s);
        let after = files(&out);
        let names: Vec<&str> = after.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                ".deploy",
                ".dossier-manifest",
                ".git/HEAD",
                ".nojekyll",
                ".well-known/security.txt",
                "b/index.html"
            ]
        );
        assert_eq!(after[".nojekyll"], b"new");
        assert_eq!(
            after[MANIFEST],
            manifest_of(&["b/index.html", ".nojekyll"]).as_bytes()
        );
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_staging_folder_left_at_any_moment_is_recognised_and_removed() {
        let root = project();
        let out = root.join("public");
        let beside = Beside::of(&out);
        previous_output(&out);
        let before = files(&out);
        let moments: [(&str, &[(&str, &str)]); 5] = [
            ("created, before its marker", &[]),
            (
                "while writing",
                &[(STAGING_MARKER, ""), ("x/index.html", "x")],
            ),
            (
                "with its manifest written, marker still there",
                &[
                    (STAGING_MARKER, ""),
                    ("x/index.html", "x"),
                    (MANIFEST, "# dossier"),
                ],
            ),
            (
                "after its marker went",
                &[("x/index.html", "x"), (MANIFEST, "# dossier")],
            ),
            ("while it was being removed", &[(MANIFEST, "# dossier")]),
        ];
        for (moment, contents) in moments {
            std::fs::create_dir_all(&beside.staging).unwrap();
            for (rel, text) in contents {
                put(&beside.staging, rel, text);
            }
            let s = Staging::begin(&out).unwrap_or_else(|e| panic!("{moment}: {e}"));
            assert_eq!(
                files(&beside.staging).into_keys().collect::<Vec<_>>(),
                [STAGING_MARKER],
                "{moment}"
            );
            s.abandon();
            assert!(!beside.staging.exists(), "{moment}");
            assert_eq!(files(&out), before, "{moment}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn folders_beside_the_output_that_dossier_did_not_make_are_left_alone() {
        let root = project();
        let out = root.join("public");
        let beside = Beside::of(&out);
        previous_output(&out);
        for foreign in [&beside.staging, &beside.old] {
            put(foreign, "notes.txt", "someone's notes");
            let e = Staging::begin(&out).err().expect("refused");
            let fault = OutputFault::of(&e).expect("a fault");
            assert_eq!(fault.kind, FaultKind::InTheWay(foreign.clone()));
            assert_eq!(
                std::fs::read(foreign.join("notes.txt")).unwrap(),
                b"someone's notes"
            );
            assert!(out.join("a/index.html").is_file());
            std::fs::remove_dir_all(foreign).unwrap();
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_second_staging_of_the_same_folder_is_refused_until_the_first_ends() {
        let root = project();
        let out = root.join("public");
        let mut first = Staging::begin(&out).unwrap();
        first.write("a/index.html", b"one").unwrap();
        let e = Staging::begin(&out).err().expect("the second is refused");
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
        assert_eq!(OutputFault::of(&e).unwrap().kind, FaultKind::Busy);
        assert_eq!(
            e.to_string(),
            "another dossier build, or a `dossier serve --write`, is writing to it right now"
        );
        // The refused one touched nothing of the first.
        first.write("b/index.html", b"two").unwrap();
        first.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        // Committed: the lock is free again.
        Staging::begin(&out).unwrap().abandon();
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failed_commit_keeps_the_previous_output_and_removes_the_staging_folder() {
        let root = project();
        let out = root.join("public");
        let beside = Beside::of(&out);
        previous_output(&out);
        let before = files(&out);
        let mut s = Staging::begin(&out).unwrap();
        s.write("b/index.html", b"new").unwrap();
        // Something in the way of the first rename (made after the
        // recovery, so it is not cleared): the swap cannot start.
        put(&beside.old, "blocker.txt", "in the way");
        let e = s.commit().expect_err("the commit fails");
        assert!(OutputFault::of(&e).is_some());
        assert_eq!(files(&out), before);
        assert!(!beside.staging.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_dropped_staging_removes_its_folder_and_frees_the_lock() {
        let root = project();
        let out = root.join("public");
        let mut s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        drop(s);
        assert!(!Beside::of(&out).staging.exists());
        assert!(!out.exists());
        Staging::begin(&out).unwrap().commit().unwrap();
        assert!(out.join(MANIFEST).is_file());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
