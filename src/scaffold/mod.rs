//! `dossier init`: write a new project from the scaffold embedded in the binary.

pub(crate) mod new;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::render::theme::SCAFFOLD;

/// Create a project in `folder`, which must not exist or be empty. Never
/// overwrites anything. Returns the number of files written.
pub(crate) fn init(folder: &Path) -> Result<usize, Diagnostic> {
    if folder.exists() {
        let empty = std::fs::read_dir(folder)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !folder.is_dir() || !empty {
            return Err(Diagnostic::error(format!(
                "{} already exists and is not an empty folder",
                folder.display()
            ))
            .with_hint("choose a new folder name; dossier init never overwrites existing files"));
        }
    }
    for (rel, bytes) in SCAFFOLD {
        let rel = if *rel == "gitignore" {
            ".gitignore"
        } else {
            rel
        };
        let path = folder.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(&path, &e))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
            .map_err(|e| io_error(&path, &e))?;
    }
    std::fs::create_dir_all(folder.join("static")).map_err(|e| io_error(folder, &e))?;
    Ok(SCAFFOLD.len())
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot write {}: {}",
        path.display(),
        crate::source::io_reason(e)
    ))
    .with_hint("check that you may create files there")
}
