//! The staging folder: a build is written beside the output folder and
//! swapped in only when it succeeded, under a lock, carrying dotfiles over
//! and recovering from a build that was killed (see the module above).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::*;

/// The names dossier uses beside an output folder.
pub(super) struct Beside {
    pub(super) parent: PathBuf,
    pub(super) lock: PathBuf,
    pub(super) staging: PathBuf,
    pub(super) old: PathBuf,
}

impl Beside {
    pub(super) fn of(target: &Path) -> Beside {
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
pub(super) const STAGING_MARKS: &[&str] = &[STAGING_MARKER, MANIFEST];
/// What marks a previous output folder as dossier's.
pub(super) const OLD_MARKS: &[&str] = &[MANIFEST];

pub(super) fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

/// Whether `dir` is a folder dossier made: it holds one of `marks`, or is
/// empty.
pub(super) fn is_ours(dir: &Path, marks: &[&str]) -> bool {
    let is_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    is_dir
        && (marks
            .iter()
            .any(|m| fs::symlink_metadata(dir.join(m)).is_ok_and(|m| m.is_file()))
            || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none()))
}

/// Remove a folder of dossier's making, `marks` last, so that a removal cut
/// short leaves a folder still recognisably dossier's.
pub(super) fn remove_ours(dir: &Path, marks: &[&str]) -> io::Result<()> {
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
pub(super) fn carry_dotfiles(
    old: &Path,
    target: &Path,
) -> Result<Vec<OsString>, (Vec<OsString>, io::Error)> {
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
pub(super) fn recover(target: &Path, beside: &Beside) -> io::Result<()> {
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
pub(super) fn take_lock(path: &Path, target: &Path) -> io::Result<Option<File>> {
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
    pub(super) folder: std::sync::Arc<Folder>,
    pub(super) old: PathBuf,
    pub(super) written: BTreeSet<String>,
    /// Set once the staging folder is the output: nothing left to remove.
    pub(super) committed: bool,
    /// Held until dropped (after the staging folder is removed).
    pub(super) _lock: Option<File>,
    /// The output is for its owner only (the confidential edition): on
    /// Unix, folders 0700 and files 0600.
    pub(super) private: bool,
}

impl Staging {
    /// Take the lock on `target` (the resolved output folder), recover from
    /// a killed build, and start a staging folder beside it.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        Staging::begin_unwrapped(target).map_err(|e| OutputFault::wrap(target, e))
    }

    /// [`Staging::begin`] for an output only its owner may read (the
    /// confidential edition): the staging folder is made owner-only before
    /// anything is written into it, and everything in it is made owner-only
    /// (folders 0700, files 0600) before it is swapped in. Not Unix: as
    /// [`Staging::begin`].
    pub(crate) fn begin_private(target: &Path) -> io::Result<Staging> {
        let made = Staging::begin_unwrapped(target).and_then(|mut staging| {
            staging.private = true;
            owner_only(&staging.folder.dir)?;
            Ok(staging)
        });
        made.map_err(|e| OutputFault::wrap(target, e))
    }

    pub(super) fn begin_unwrapped(target: &Path) -> io::Result<Staging> {
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
            private: false,
        };
        fs::write(staging.folder.dir.join(STAGING_MARKER), b"")?;
        Ok(staging)
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

    pub(super) fn swap_in(&mut self) -> io::Result<()> {
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
        if self.private {
            owner_only_all(&self.folder.dir)?;
        }

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
    pub(crate) fn abandon(self) {
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

    fn files(&self) -> Option<std::sync::Arc<dyn Placer>> {
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

/// Make `path` readable by its owner only (0700 for a folder, 0600 for a
/// file); nothing to do where there are no Unix permissions.
fn owner_only(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if fs::symlink_metadata(path)?.is_dir() {
            0o700
        } else {
            0o600
        };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// [`owner_only`] for `dir` and everything in it (links are not followed).
fn owner_only_all(dir: &Path) -> io::Result<()> {
    owner_only(dir)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            owner_only_all(&entry.path())?;
        } else if kind.is_file() {
            owner_only(&entry.path())?;
        }
    }
    Ok(())
}
