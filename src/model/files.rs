//! Where each content file is, kept for diagnostics: the text of files whose
//! problems may be reported late, the path alone of pages let go.

use crate::diagnostic::{Diagnostic, SourceText};
use std::collections::HashMap;
use std::path::Path;

/// The content files of a build, for diagnostics found after parsing. The
/// text of pages and case studies is not kept once their Markdown is
/// rendered (it is a large part of a build's memory); the rare problem
/// found in one later reads the file again.
pub(super) struct SourceFiles {
    pub(super) root: std::path::PathBuf,
    pub(super) map: HashMap<String, (Kept, usize)>,
}

pub(super) enum Kept {
    Text(SourceText),
    /// The project-relative path to read the text from again.
    OnDisk(std::path::PathBuf),
}

impl SourceFiles {
    /// Keep `file` (whose body starts at `body_offset`) as it is.
    pub(super) fn keep(&mut self, content_path: &str, file: SourceText, body_offset: usize) {
        self.map
            .insert(content_path.to_string(), (Kept::Text(file), body_offset));
    }

    /// Keep only where `file` is.
    pub(super) fn drop_text(&mut self, content_path: &str, file: SourceText, body_offset: usize) {
        // A source joined with its translation is not on disk as it is.
        if file.is_joined() {
            return self.keep(content_path, file, body_offset);
        }
        self.map.insert(
            content_path.to_string(),
            (Kept::OnDisk(file.path), body_offset),
        );
    }

    pub(super) fn get(&self, content_path: &str) -> Option<FileRef<'_>> {
        let (kept, body_offset) = self.map.get(content_path)?;
        Some(match kept {
            Kept::Text(text) => FileRef::Text(text, *body_offset),
            Kept::OnDisk(rel) => FileRef::OnDisk(&self.root, rel, *body_offset),
        })
    }
}

/// A content file a diagnostic points into, with the offset of its body.
#[derive(Clone, Copy)]
pub(crate) enum FileRef<'a> {
    Text(&'a SourceText, usize),
    /// Project root and path of a file whose text was not kept.
    OnDisk(&'a Path, &'a Path, usize),
}

impl FileRef<'_> {
    pub(super) fn body_offset(self) -> usize {
        match self {
            FileRef::Text(_, offset) | FileRef::OnDisk(_, _, offset) => offset,
        }
    }

    /// Point `d` at the offset `at(text, body_offset)` of the file (read
    /// again if its text was not kept; named without a line if it cannot be).
    pub(super) fn locate(
        self,
        d: Diagnostic,
        at: impl FnOnce(&SourceText, usize) -> usize,
    ) -> Diagnostic {
        match self {
            FileRef::Text(text, body_offset) => {
                let offset = at(text, body_offset);
                d.at(text, offset)
            }
            FileRef::OnDisk(root, rel, body_offset) => match crate::source::read_text(root, rel) {
                Ok(text) => {
                    let offset = at(&text, body_offset);
                    d.at(&text, offset)
                }
                Err(_) => d.in_file(rel),
            },
        }
    }
}
