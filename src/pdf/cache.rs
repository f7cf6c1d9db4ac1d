//! The PDF cache: a PDF whose complete input has not changed since a build
//! typeset it is taken from the cache instead of being typeset again.
//!
//! **What "complete input" is.** An entry's key is a hash of the Typst
//! source (which holds every word and setting the templates gave it), the
//! document's identifier, its build date, the labels whose pages were
//! asked for, and the dossier binary itself (its bytes hold dossier's code,
//! the Typst engine, the theme and the fonts, so any other version of any
//! of them is another key). The files the document read while it was
//! typeset (logos, images) are not known before typesetting, so the entry
//! lists each with a hash of its bytes (or that it was missing), and is
//! used only when every one of them still reads the same.
//!
//! **Never trusted blindly.** An entry ends with a hash of everything
//! before it; a truncated, damaged or foreign file fails that check, or
//! any other, and the PDF is typeset again and the entry replaced.
//!
//! **Safe when shared.** An entry is written to a temporary file beside
//! its place and renamed into it, so a build sharing the folder reads the
//! old entry or the new one, never half of one.
//!
//! The confidential edition never uses the cache: its PDFs are never
//! written anywhere but its own output folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use typst::utils::hash128;

use super::{Assets, LabelPages};

/// The cache folder's own name beside a project, when none is given.
pub const DEFAULT_FOLDER: &str = ".dossier-cache";
/// The environment variable that moves the cache.
pub const ENV_VAR: &str = "DOSSIER_CACHE_DIR";
/// The folder inside the cache that holds PDFs.
const PDF_FOLDER: &str = "pdf";
/// The folder inside the cache that holds what the leak guard read from
/// PDFs.
const TEXT_FOLDER: &str = "pdf-text";
/// The first bytes of every entry; the number is the entry format's.
const MAGIC: &[u8] = b"dossier pdf cache 1\n";
/// The first bytes of every entry of text read from a PDF.
const TEXT_MAGIC: &[u8] = b"dossier pdf text 1\n";
/// The cache's folders, for `clean --cache`.
pub(crate) const FOLDERS: [&str; 2] = [PDF_FOLDER, TEXT_FOLDER];
/// An entry's file name ends so.
pub(crate) const ENTRY_SUFFIX: &str = ".pdfc";
/// A file being written ends so until it is renamed.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// A file a document read while it was typeset: its site path, and a hash
/// of its bytes (`None`: it was asked for and not there).
pub(crate) type FileRead = (String, Option<u128>);

/// How many PDFs a build typeset, and how many it took from the cache.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CacheCounts {
    pub typeset: usize,
    pub reused: usize,
    /// Entries found damaged or unreadable (and replaced).
    pub damaged: usize,
    /// Why the cache could not be written, the first time it could not.
    pub unwritable: Option<String>,
}

/// The PDF cache of a build: a folder, and what this process did with it.
#[derive(Debug)]
pub struct PdfCache {
    root: PathBuf,
    binary: OnceLock<u128>,
    typeset: AtomicUsize,
    reused: AtomicUsize,
    damaged: AtomicUsize,
    unwritable: Mutex<Option<String>>,
    temp_count: AtomicUsize,
    marked: OnceLock<()>,
    /// Entries written and not yet in place: (temporary file, its place).
    pending: Mutex<Vec<(PathBuf, PathBuf)>>,
}

impl PdfCache {
    /// The cache in folder `root` (made when the first entry is written).
    pub fn new(root: PathBuf) -> PdfCache {
        PdfCache {
            root,
            binary: OnceLock::new(),
            typeset: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            unwritable: Mutex::new(None),
            temp_count: AtomicUsize::new(0),
            marked: OnceLock::new(),
            pending: Mutex::new(Vec::new()),
        }
    }

    /// The cache folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What this process has done with the cache so far.
    pub fn counts(&self) -> CacheCounts {
        CacheCounts {
            typeset: self.typeset.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
            unwritable: self.unwritable.lock().map(|u| u.clone()).unwrap_or(None),
        }
    }

    /// A hash of the running dossier binary: its code, the Typst engine,
    /// the embedded theme and fonts. Read once per process.
    fn binary(&self) -> u128 {
        *self.binary.get_or_init(|| match std::env::current_exe() {
            Ok(exe) => hash128(&FileBytes(exe)),
            Err(_) => hash128(&(std::process::id(), std::time::SystemTime::now())),
        })
    }

    /// The key of a document: everything that goes into it but the files
    /// it reads.
    pub(crate) fn key(&self, source: &str, ident: &str, today: &str, labels: &[String]) -> u128 {
        hash128(&(
            self.binary(),
            env!("CARGO_PKG_VERSION"),
            source,
            ident,
            today,
            labels,
        ))
    }

    fn entry_path(&self, key: u128) -> PathBuf {
        self.path_in(PDF_FOLDER, key)
    }

    fn path_in(&self, folder: &str, key: u128) -> PathBuf {
        let hex = format!("{key:032x}");
        self.root
            .join(folder)
            .join(&hex[..2])
            .join(format!("{hex}{ENTRY_SUFFIX}"))
    }

    /// The key of what the leak guard reads from a PDF: its bytes, and the
    /// binary that reads them.
    fn text_key(&self, pdf: &[u8]) -> u128 {
        hash128(&(self.binary(), "the text of a PDF", pdf))
    }

    /// The text the leak guard read from these exact PDF bytes in an
    /// earlier build, if it is kept whole: reading a PDF back is most of a
    /// build whose PDFs all come from the cache.
    pub(crate) fn pdf_text(&self, pdf: &[u8]) -> Option<Vec<String>> {
        let key = self.text_key(pdf);
        let path = self.path_in(TEXT_FOLDER, key);
        let pieces = decode_text(&std::fs::read(&path).ok()?, key)?;
        if let Ok(file) = std::fs::File::options().write(true).open(&path) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Some(pieces)
    }

    /// Keep the text the leak guard read from `pdf`, put in place with the
    /// build's PDFs by [`PdfCache::commit`].
    pub(crate) fn store_pdf_text(&self, pdf: &[u8], pieces: &[String]) {
        let key = self.text_key(pdf);
        let path = self.path_in(TEXT_FOLDER, key);
        if let Err(e) = self.write_entry(key, path, &encode_text(key, pieces))
            && let Ok(mut first) = self.unwritable.lock()
            && first.is_none()
        {
            *first = Some(crate::source::io_reason(&e));
        }
    }

    /// The PDF and label pages of `key`, if its entry is whole and every
    /// file it read still reads the same. Counts what it found.
    pub(crate) fn load(&self, key: u128, assets: &Assets) -> Option<(Vec<u8>, LabelPages)> {
        let bytes = std::fs::read(self.entry_path(key)).ok()?;
        let Some(entry) = Entry::decode(&bytes, key) else {
            self.damaged.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        let unchanged = entry
            .files
            .iter()
            .all(|(path, hash)| assets.read(path).map(|b| hash128(&b[..])) == *hash);
        if !unchanged {
            return None;
        }
        self.reused.fetch_add(1, Ordering::Relaxed);
        // Its time is when it was last used, for [`PdfCache::prune`]; an
        // entry that cannot be touched is only pruned sooner.
        if let Ok(file) = std::fs::File::options()
            .write(true)
            .open(self.entry_path(key))
        {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Some((entry.pdf, entry.pages))
    }

    /// Remove the entries no build has used for `unused_for` (and files
    /// left half-written by a build that was stopped), so that a cache kept
    /// across months of edits holds what builds still use. Returns how many
    /// files went. A build sharing the cache at the time loses nothing but
    /// time: an entry gone is typeset again.
    pub(crate) fn prune(&self, unused_for: std::time::Duration) -> usize {
        let now = std::time::SystemTime::now();
        let (Some(cutoff), Some(temp_cutoff)) = (
            now.checked_sub(unused_for),
            now.checked_sub(std::time::Duration::from_secs(24 * 60 * 60)),
        ) else {
            return 0;
        };
        let mut removed = 0;
        let folders = [PDF_FOLDER, TEXT_FOLDER]
            .into_iter()
            .filter_map(|f| std::fs::read_dir(self.root.join(f)).ok())
            .flatten();
        for folder in folders.flatten() {
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for file in files.flatten() {
                let name = file.file_name();
                let name = name.to_string_lossy();
                // A file half-written by a build that was stopped goes
                // after a day (a build running now has its own, newer).
                let cutoff = if name.ends_with(TEMP_SUFFIX) {
                    temp_cutoff
                } else if name.ends_with(ENTRY_SUFFIX) {
                    cutoff
                } else {
                    continue;
                };
                let old = file
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < cutoff);
                if old && std::fs::remove_file(file.path()).is_ok() {
                    removed += 1;
                }
            }
            let _ = std::fs::remove_dir(folder.path());
        }
        removed
    }

    /// Count a document typeset, and write its entry under `key`, to be
    /// put in place by [`PdfCache::commit`] once the build has passed the
    /// leak guard (an entry never committed is removed when the cache is
    /// dropped). A cache that cannot be written is said once (in
    /// [`CacheCounts::unwritable`]) and otherwise ignored: the build goes
    /// on without it.
    pub(crate) fn store(&self, key: u128, files: &[FileRead], pdf: &[u8], pages: &LabelPages) {
        self.typeset.fetch_add(1, Ordering::Relaxed);
        let path = self.entry_path(key);
        if let Err(e) = self.write_entry(key, path, &Entry::encode(key, files, pdf, pages))
            && let Ok(mut first) = self.unwritable.lock()
            && first.is_none()
        {
            *first = Some(crate::source::io_reason(&e));
        }
    }

    fn write_entry(&self, key: u128, path: PathBuf, bytes: &[u8]) -> std::io::Result<()> {
        self.mark_folder()?;
        let folder = path.parent().expect("an entry is in a folder");
        std::fs::create_dir_all(folder)?;
        let temp = folder.join(format!(
            "{key:032x}.{}.{}{TEMP_SUFFIX}",
            std::process::id(),
            self.temp_count.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::write(&temp, bytes);
        match &written {
            Ok(()) => {
                if let Ok(mut pending) = self.pending.lock() {
                    pending.push((temp, path));
                }
            }
            Err(_) => {
                let _ = std::fs::remove_file(&temp);
            }
        }
        written
    }

    /// Put the entries written so far in place: called once the build that
    /// typeset them is known to publish nothing withheld, so the cache
    /// only ever holds PDFs that passed the leak guard. Renamed, so a build
    /// sharing the cache reads an old entry or a new one, never half.
    pub(crate) fn commit(&self) {
        let pending = self.pending.lock().map(|mut p| std::mem::take(&mut *p));
        for (temp, path) in pending.unwrap_or_default() {
            if let Err(e) = std::fs::rename(&temp, &path) {
                let _ = std::fs::remove_file(&temp);
                if let Ok(mut first) = self.unwritable.lock()
                    && first.is_none()
                {
                    *first = Some(crate::source::io_reason(&e));
                }
            }
        }
    }

    /// Make the cache folder if needed, marked as a cache (CACHEDIR.TAG, so
    /// backup tools skip it) and ignored by git whatever the project's
    /// `.gitignore` says.
    fn mark_folder(&self) -> std::io::Result<()> {
        if self.marked.get().is_some() && self.root.is_dir() {
            return Ok(());
        }
        if self.root.exists() && !self.root.is_dir() {
            return Err(std::io::Error::other("it is a file, not a folder"));
        }
        std::fs::create_dir_all(&self.root)?;
        for (name, text) in [
            (TAG_FILE, TAG_TEXT),
            (
                ".gitignore",
                "# Made by dossier: its cache, never committed.\n*\n",
            ),
        ] {
            let path = self.root.join(name);
            if !path.exists() {
                std::fs::write(path, text)?;
            }
        }
        let _ = self.marked.set(());
        Ok(())
    }
}

impl Drop for PdfCache {
    /// Entries of a build that failed (or never passed the leak guard) are
    /// not kept.
    fn drop(&mut self) {
        if let Ok(pending) = self.pending.get_mut() {
            for (temp, _) in pending.drain(..) {
                let _ = std::fs::remove_file(temp);
            }
        }
    }
}

/// A file's bytes, hashed a mebibyte at a time (the binary is tens of
/// them, which need not all be in memory at once). A file that cannot be
/// read hashes as the process and the time: a key that matches no entry,
/// so nothing wrong is reused.
struct FileBytes(PathBuf);

impl std::hash::Hash for FileBytes {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use std::io::Read;
        let read = std::fs::File::open(&self.0).and_then(|mut file| {
            let mut buf = vec![0; 1 << 20];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                state.write(&buf[..n]);
            }
        });
        if read.is_err() {
            (std::process::id(), std::time::SystemTime::now()).hash(state);
        }
    }
}

/// How long an entry no build uses stays in the cache.
pub const KEEP_UNUSED: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// The file that marks a cache folder (<https://bford.info/cachedir/>).
pub(crate) const TAG_FILE: &str = "CACHEDIR.TAG";
pub(crate) const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is dossier's cache; `dossier clean --cache` removes it.\n";

/// One entry, as kept on disk:
/// the magic line, the key (16 bytes), the files read, the label pages,
/// the PDF, then a hash of all that (16 bytes). Lengths and numbers are
/// little-endian u64.
struct Entry {
    files: Vec<FileRead>,
    pages: LabelPages,
    pdf: Vec<u8>,
}

impl Entry {
    fn encode(key: u128, files: &[FileRead], pdf: &[u8], pages: &LabelPages) -> Vec<u8> {
        let mut out = Vec::with_capacity(pdf.len() + 256);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&key.to_le_bytes());
        put_u64(&mut out, files.len() as u64);
        for (path, hash) in files {
            put_bytes(&mut out, path.as_bytes());
            match hash {
                Some(h) => {
                    out.push(1);
                    out.extend_from_slice(&h.to_le_bytes());
                }
                None => out.push(0),
            }
        }
        put_u64(&mut out, pages.len() as u64);
        for (label, page) in pages {
            put_bytes(&mut out, label.as_bytes());
            put_u64(&mut out, *page as u64);
        }
        put_bytes(&mut out, pdf);
        let check = hash128(&out[..]);
        out.extend_from_slice(&check.to_le_bytes());
        out
    }

    /// The entry in `bytes`, if it is whole, undamaged and `key`'s.
    fn decode(bytes: &[u8], key: u128) -> Option<Entry> {
        let mut r = Reader::checked(bytes, MAGIC, key)?;
        let mut files = Vec::new();
        for _ in 0..r.u64()? {
            let path = String::from_utf8(r.bytes()?.to_vec()).ok()?;
            let hash = match r.take(1)?[0] {
                1 => Some(r.u128()?),
                0 => None,
                _ => return None,
            };
            files.push((path, hash));
        }
        let mut pages = BTreeMap::new();
        for _ in 0..r.u64()? {
            let label = String::from_utf8(r.bytes()?.to_vec()).ok()?;
            pages.insert(label, usize::try_from(r.u64()?).ok()?);
        }
        let pdf = r.bytes()?.to_vec();
        r.0.is_empty().then_some(Entry { files, pages, pdf })
    }
}

/// An entry of text read from a PDF: the magic line, the key, the pieces,
/// then a hash of all that.
fn encode_text(key: u128, pieces: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(TEXT_MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    put_u64(&mut out, pieces.len() as u64);
    for piece in pieces {
        put_bytes(&mut out, piece.as_bytes());
    }
    let check = hash128(&out[..]);
    out.extend_from_slice(&check.to_le_bytes());
    out
}

fn decode_text(bytes: &[u8], key: u128) -> Option<Vec<String>> {
    let mut r = Reader::checked(bytes, TEXT_MAGIC, key)?;
    let mut pieces = Vec::new();
    for _ in 0..r.u64()? {
        pieces.push(String::from_utf8(r.bytes()?.to_vec()).ok()?);
    }
    r.0.is_empty().then_some(pieces)
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u64(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads an entry front to back; every read fails rather than runs past
/// the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// A reader of the body of an entry, after its magic line and key, if
    /// the hash at its end is that of all before it, and the magic line
    /// and key are the ones expected.
    fn checked(bytes: &'a [u8], magic: &[u8], key: u128) -> Option<Reader<'a>> {
        let body_len = bytes.len().checked_sub(16)?;
        let (body, check) = bytes.split_at(body_len);
        if hash128(body).to_le_bytes() != check {
            return None;
        }
        let mut r = Reader(body);
        (r.take(magic.len())? == magic && r.u128()? == key).then_some(r)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }
}

/// The cache folder as the user named it (`.dossier-cache`, not
/// `./.dossier-cache`, for a project run from its own folder).
pub fn shown(folder: &Path) -> String {
    crate::diagnostic::display_path(folder.strip_prefix(".").unwrap_or(folder))
}

/// The cache folder a command uses: `--cache-dir` when given, else
/// `DOSSIER_CACHE_DIR` when set (and not empty), else `.dossier-cache`
/// beside the project.
pub fn folder(project: &Path, flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    match std::env::var_os(ENV_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => project.join(DEFAULT_FOLDER),
    }
}

#[cfg(test)]
mod tests;
