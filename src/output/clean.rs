//! `dossier clean`: remove what dossier wrote, and nothing else.
//!
//! The output folder's `.dossier-manifest` lists every file the last build
//! wrote. Clean removes exactly those files (when they are still ordinary
//! files inside the folder), then the folders that became empty, then the
//! manifest. Anything else (a deploy `.git`, a file someone added by hand,
//! a file behind a symlink) stays where it is, and is counted so the user
//! knows it is there.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};
use crate::output::MANIFEST;

/// What a clean did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CleanReport {
    /// Files removed (as listed in the manifest).
    pub(crate) removed: usize,
    /// Manifest entries left alone, with the reason.
    pub(crate) skipped: Vec<(String, &'static str)>,
    /// Files in the folder that dossier did not write, left in place.
    pub(crate) kept: usize,
    /// Whether the output folder itself is gone (it was left empty).
    pub(crate) folder_removed: bool,
}

/// Remove the files dossier wrote into `out` (an output folder already
/// checked with [`crate::output::resolve_output_dir`]). A missing folder is
/// nothing to do; a folder without a manifest is refused.
pub(crate) fn clean(out: &Path) -> Result<CleanReport, Diagnostic> {
    let mut report = CleanReport::default();
    if !out.exists() {
        return Ok(report);
    }
    let io = |e: std::io::Error, what: &Path| {
        Diagnostic::error(format!(
            "cannot clean {}: {}",
            what.display(),
            crate::source::io_reason(&e)
        ))
        .with_hint("check that you may change files in the output folder")
    };
    let canonical = out.canonicalize().map_err(|e| io(e, out))?;
    let manifest_path = canonical.join(MANIFEST);
    if !manifest_path.is_file() {
        // An empty folder is fine to leave as it is.
        let empty = std::fs::read_dir(&canonical)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if empty {
            return Ok(report);
        }
        return Err(Diagnostic::error(format!(
            "{} has no {MANIFEST}, so dossier did not write it; nothing was removed",
            out.display()
        ))
        .with_hint(
            "dossier clean only removes files listed in the manifest of a folder dossier built",
        ));
    }
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| io(e, &manifest_path))?;
    if !manifest.starts_with("# dossier output manifest") {
        return Err(Diagnostic::error(format!(
            "{} is not a dossier manifest; nothing was removed",
            manifest_path.display()
        )));
    }

    let mut folders = BTreeSet::new();
    for entry in manifest.lines().skip(1) {
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let Some(rel) = safe_relative(entry) else {
            report
                .skipped
                .push((entry.to_string(), "not a path inside the output folder"));
            continue;
        };
        let path = canonical.join(&rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue; // Already gone.
        };
        if !meta.is_file() {
            report
                .skipped
                .push((entry.to_string(), "no longer an ordinary file"));
            continue;
        }
        // A folder on the way may have been replaced by a symlink that
        // leads out of the output folder: never follow one.
        let inside = path
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .is_some_and(|p| p.starts_with(&canonical));
        if !inside {
            report.skipped.push((entry.to_string(), "behind a symlink"));
            continue;
        }
        std::fs::remove_file(&path).map_err(|e| io(e, &path))?;
        report.removed += 1;
        let mut parent = rel.parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            folders.insert(p.to_path_buf());
            parent = p.parent();
        }
    }
    std::fs::remove_file(&manifest_path).map_err(|e| io(e, &manifest_path))?;

    // Deepest first, so a parent is tried after its children; a folder
    // that still holds something is kept.
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for f in folders {
        let _ = std::fs::remove_dir(canonical.join(f));
    }
    report.kept = walkdir::WalkDir::new(&canonical)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .count();
    if report.kept == 0 {
        report.folder_removed = std::fs::remove_dir(&canonical).is_ok();
    }
    Ok(report)
}

/// What `clean --cache` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CacheCleanReport {
    /// Files dossier's cache made, removed.
    pub(crate) removed: usize,
    /// Files in the cache folder dossier did not make, left in place.
    pub(crate) kept: usize,
}

/// Remove dossier's cache in folder `cache`: the PDF entries (and any
/// left half-written), the external-link verdicts, the folder's markers,
/// then the folders left empty. Nothing else: a file someone put there is
/// kept and counted. A symlink is never followed.
pub(crate) fn clean_cache(cache: &Path) -> Result<CacheCleanReport, Diagnostic> {
    use crate::pdf::cache::{ENTRY_SUFFIX, TAG_FILE, TEMP_SUFFIX};
    let mut report = CacheCleanReport::default();
    let Ok(meta) = std::fs::symlink_metadata(cache) else {
        return Ok(report);
    };
    if !meta.is_dir() {
        return Err(Diagnostic::error(format!(
            "{} is not a folder, so it is not dossier's cache; nothing was removed",
            cache.display()
        ))
        .with_hint("name the cache folder with --cache-dir, or leave it out to clean .dossier-cache in the project"));
    }
    let hex = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let made_by_dossier = |rel: &Path| -> bool {
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        match parts.as_slice() {
            [name] => [TAG_FILE, ".gitignore", crate::check::external::CACHE_FILE].contains(name),
            [top, folder, name] if crate::pdf::cache::FOLDERS.contains(top) => {
                folder.len() == 2
                    && (name.strip_suffix(ENTRY_SUFFIX).is_some_and(hex)
                        || name
                            .strip_suffix(TEMP_SUFFIX)
                            .and_then(|n| n.split('.').next())
                            .is_some_and(hex))
            }
            _ => false,
        }
    };
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(cache)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(|e| {
            Diagnostic::error(format!(
                "cannot clean the cache in {}: {e}",
                cache.display()
            ))
        })?;
        let rel = entry.path().strip_prefix(cache).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            folders.push(entry.path().to_path_buf());
        } else if entry.file_type().is_file() && made_by_dossier(rel) {
            std::fs::remove_file(entry.path()).map_err(|e| {
                Diagnostic::error(format!(
                    "cannot remove {}: {}",
                    entry.path().display(),
                    crate::source::io_reason(&e)
                ))
                .with_hint("check that you may change files in the cache folder")
            })?;
            report.removed += 1;
        } else {
            report.kept += 1;
        }
    }
    // Children came before their parents: a folder still holding something
    // is kept.
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
    if report.kept == 0 {
        let _ = std::fs::remove_dir(cache);
    }
    Ok(report)
}

/// A manifest entry as a relative path with no way out of the folder.
fn safe_relative(entry: &str) -> Option<PathBuf> {
    if entry.is_empty() || entry.contains('\\') || entry.contains('\0') {
        return None;
    }
    let path = Path::new(entry);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| path.to_path_buf())
}

fn files(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

/// A one-line description of what `clean --cache` did, for the terminal.
pub(crate) fn cache_summary(cache: &Path, report: &CacheCleanReport) -> String {
    let mut line = format!(
        "Removed {} {} from the cache in {}",
        report.removed,
        files(report.removed),
        crate::pdf::cache::shown(cache)
    );
    if report.kept > 0 {
        line.push_str(&format!(
            "; kept {} {} dossier did not make",
            report.kept,
            files(report.kept)
        ));
    }
    line.push('.');
    line
}

/// A one-line description of a report, for the terminal.
pub(crate) fn summary(out: &Path, report: &CleanReport) -> String {
    let shown = display_path(out);
    let mut line = format!(
        "Removed {} {} from {shown}",
        report.removed,
        files(report.removed)
    );
    if report.folder_removed {
        line.push_str(" (and the empty folder)");
    } else if report.kept > 0 {
        line.push_str(&format!(
            "; kept {} {} dossier did not write",
            report.kept,
            files(report.kept)
        ));
    }
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_entries_cannot_leave_the_folder() {
        assert_eq!(safe_relative("a/b.html"), Some(PathBuf::from("a/b.html")));
        for bad in ["../x", "/etc/passwd", "a/../../x", "./a", "a\\..\\b", ""] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }
}
