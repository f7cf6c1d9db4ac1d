//! Diagnostics: every problem dossier reports to a user.
//!
//! A diagnostic is data (path, line, column, message, hint, the offending source
//! line), not a string, so that it can be collected across a whole build, sorted,
//! rendered as `path:line:col` text for people and, later, as JSON for tools.
//! The build never stops at the first problem: stages push into a
//! [`Diagnostics`] collector and the caller decides what to do when it is not
//! empty.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    /// The build cannot be published as it is.
    Error,
    /// Worth fixing, but the build goes on.
    Warning,
}

/// One problem, located in a file where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// Path relative to the project root, as the user knows it.
    pub(crate) path: Option<PathBuf>,
    /// 1-based line, 0 when unknown.
    pub(crate) line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub(crate) col: usize,
    pub message: String,
    /// What to do about it, in words a non-programmer can act on.
    pub(crate) hint: Option<String>,
    /// The text of the offending line, shown under the location with a caret.
    pub(crate) source_line: Option<String>,
    /// Further context, e.g. "while rendering content/case-studies/knowsley.md".
    pub(crate) note: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            note: None,
        }
    }

    pub(crate) fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Attach a file without a position (e.g. an unreadable file).
    pub(crate) fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Attach a position in `file`, given as a byte offset into its text.
    pub(crate) fn at(mut self, file: &SourceText, offset: usize) -> Self {
        let (line, col) = file.line_col(offset);
        self.source_line = Some(file.line_text(line).to_string());
        match &file.joined {
            Some(j) if offset >= j.body_start => {
                self.path = Some(j.body_path.clone());
                self.line = (line + j.body_line).saturating_sub(file.line_col(j.body_start).0);
            }
            _ => {
                self.path = Some(file.path.clone());
                self.line = line;
            }
        }
        self.col = col;
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let path = display_path(path);
        Some(match (self.line, self.col) {
            (0, _) => path,
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        })
    }
}

/// Paths are shown with forward slashes on every platform, as users write them
/// in links and configuration.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    /// The text form:
    ///
    /// ```text
    /// error: unknown organisation `knowsley-concil`
    ///   --> content/case-studies/knowsley.md:4:18
    ///    |
    ///  4 | organisations = ["knowsley-concil"]
    ///    |                  ^
    ///    = hint: did you mean `knowsley-council`? ...
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let width = if self.line > 0 {
            self.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(width);
        if let Some(location) = self.location() {
            writeln!(f, "{pad}--> {location}")?;
        }
        if let (Some(text), true) = (&self.source_line, self.line > 0) {
            let text = text.trim_end_matches(['\r', '\n']);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, text)?;
            if self.col > 0 {
                let before: String = text
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {before}^")?;
            }
        }
        if let Some(note) = &self.note {
            writeln!(f, "{pad} = note: {note}")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The text of one source file, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the project root.
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// Where each line starts, found the first time a position is asked
    /// for: most files never have a problem to point at.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Set when the text is joined from two files: a source's front matter
    /// with a translation's values put in, then the translation's body
    /// (see [`crate::load::translation`]). Positions before the body are the
    /// source's, positions in it the translation's.
    joined: Option<Box<Joined>>,
}

/// Where the body of a joined text comes from.
#[derive(Debug, Clone)]
struct Joined {
    /// Byte offset in the joined text where the body starts.
    body_start: usize,
    /// The file the body is from.
    body_path: PathBuf,
    /// The 1-based line of that file where the body starts.
    body_line: usize,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        SourceText {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
            joined: None,
        }
    }

    /// `text` made of the front matter of the file at `path` (up to
    /// `body_start`), then the body of `body_file` from its `body_offset`:
    /// problems are placed in whichever file their text is from.
    pub(crate) fn joined(
        path: impl Into<PathBuf>,
        text: String,
        body_start: usize,
        body_file: &SourceText,
        body_offset: usize,
    ) -> Self {
        let mut joined = SourceText::new(path, text);
        joined.joined = Some(Box::new(Joined {
            body_start,
            body_path: body_file.path.clone(),
            body_line: body_file.line_col(body_offset).0,
        }));
        joined
    }

    /// Whether the text is a source joined with its translation (see
    /// [`SourceText::joined`]), and so not on disk as it is.
    pub(crate) fn is_joined(&self) -> bool {
        self.joined.is_some()
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Collects diagnostics across a whole run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Diagnostics in a stable order: by file, then position, so that output
    /// does not depend on the order files were read in.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be a
/// plausible typo. Used for "did you mean" hints on keys and slugs.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(wrong.chars().count()) / 3).clamp(1, 3))
        // Ties go to the first in alphabetical order, so the hint does not
        // depend on the order candidates come in (a hash map's, say).
        .min_by(|a, b| a.cmp(b))
        .map(|(_, c)| c)
}

/// "there is no {what} \"{name}\"", with a hint that offers the closest of
/// `known` (if one is a plausible typo), then says how such things are
/// named (`naming`). The one wording of every missing reference.
pub(crate) fn no_such<'a>(
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
    naming: &str,
) -> Diagnostic {
    let hint = match did_you_mean(name, known) {
        Some(close) => format!("did you mean \"{close}\"? {naming}"),
        None => naming.to_string(),
    };
    Diagnostic::error(format!("there is no {what} \"{name}\"")).with_hint(hint)
}

/// Optimal string alignment distance: edits, counting a swap of two
/// neighbouring letters (the commonest typo) as one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = SourceText::new("a.md", "ab\n£é x\n".to_string());
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(3), (2, 1));
        // "£" and "é" are two bytes each; "x" is the 4th character.
        assert_eq!(src.line_col(3 + 5), (2, 4));
        assert_eq!(src.line_text(2), "£é x");
    }

    #[test]
    fn line_text_strips_crlf() {
        let src = SourceText::new("a.md", "one\r\ntwo\r\n".to_string());
        assert_eq!(src.line_text(1), "one");
        assert_eq!(src.line_col(5), (2, 1));
    }

    #[test]
    fn renders_location_source_line_caret_and_hint() {
        let src = SourceText::new("content/x.md", "+++\ntitel = \"A\"\n+++\n".to_string());
        let d = Diagnostic::error("unknown key `titel`")
            .at(&src, 4)
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `titel`\n --> content/x.md:2:1\n  |\n2 | titel = \"A\"\n  | ^\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let keys = ["title", "summary", "organisations"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("organizations", keys), Some("organisations"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn did_you_mean_offers_the_same_name_whatever_order_ties_come_in() {
        assert_eq!(did_you_mean("c.md", ["b.md", "a.md"]), Some("a.md"));
        assert_eq!(did_you_mean("c.md", ["a.md", "b.md"]), Some("a.md"));
    }
}
