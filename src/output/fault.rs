//! Why writing the output failed, in words a user can act on: each I/O
//! error is sorted into a kind (busy, disk full, no permission, ...) that the
//! build turns into a hint.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What went wrong writing an output folder, carried inside the
/// [`io::Error`]s that [`Staging`] returns (their kind is kept).
#[derive(Debug)]
pub(crate) struct OutputFault {
    /// The output folder being written.
    pub(crate) folder: PathBuf,
    pub(crate) kind: FaultKind,
    pub(super) source: Option<io::Error>,
}

/// The kinds of [`OutputFault`] a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FaultKind {
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
    pub(crate) fn of(e: &io::Error) -> Option<&OutputFault> {
        e.get_ref()?.downcast_ref::<OutputFault>()
    }

    /// The underlying error, if any.
    pub(crate) fn os_error(&self) -> Option<&io::Error> {
        self.source.as_ref()
    }

    pub(super) fn error(folder: &Path, kind: FaultKind, io_kind: io::ErrorKind) -> io::Error {
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
    pub(super) fn wrap(folder: &Path, e: io::Error) -> io::Error {
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
