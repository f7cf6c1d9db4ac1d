//! Reading sources: finding content files, splitting TOML front matter from
//! Markdown, and parsing TOML into typed values with located, friendly errors.
//!
//! Everything that turns bytes on disk into typed input goes through here, so
//! every schema error a user sees has the same shape: the file, the line and
//! column inside the *file* (not inside the front matter), and a hint.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, SourceText, did_you_mean};

/// Read a file as UTF-8 text, normalising nothing but a leading BOM (which some
/// Windows editors add) so that line and column numbers stay true to the file.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<SourceText, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::error(format!("cannot read this file: {}", io_reason(&e)))
            .in_file(rel)
            .with_hint("check that the file exists and that you have permission to read it")
    })?;
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // Checked in place: the text is not copied.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceText::new(rel, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let src = SourceText::new(rel, text);
            Err(Diagnostic::error("this file is not valid UTF-8 text")
                .at(&src, valid)
                .with_hint("save the file with UTF-8 encoding (most editors offer this under \"Save as\" or \"Encoding\")"))
        }
    }
}

/// A plain-language reason for an I/O error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The parts of a Markdown file with front matter.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file.
    pub(crate) front_matter_offset: usize,
    /// The Markdown after the closing `+++` line.
    pub(crate) body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Split `+++` TOML front matter from the Markdown body.
///
/// The opening `+++` must be the first line; the closing one is the next line
/// that is exactly `+++` (trailing spaces and `\r` allowed).
pub fn split_front_matter(file: &SourceText) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error("this file does not start with front matter")
            .at(file, 0)
            .with_hint("the first line must be `+++`, followed by TOML settings such as `title = \"...\"`, then a line `+++`, then the Markdown text"));
    }
    let fm_start = first_line_end;
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok(Split {
                front_matter: &text[fm_start..pos],
                front_matter_offset: fm_start,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error("the front matter is not closed")
        .at(file, 0)
        .with_hint("add a line containing only `+++` after the last front-matter setting, before the Markdown text"))
}

/// Parse TOML into `T`, turning the first schema or syntax problem into a
/// located diagnostic. `offset` is where `toml_text` starts within `file`.
pub(crate) fn parse_toml<T: DeserializeOwned>(
    file: &SourceText,
    toml_text: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(toml_text).map_err(|e| toml_error(file, toml_text, offset, &e))
}

fn toml_error(
    file: &SourceText,
    toml_text: &str,
    offset: usize,
    e: &toml::de::Error,
) -> Diagnostic {
    let raw = e.message().trim();
    let span_start = e.span().map_or(0, |s| s.start);
    let (message, hint) = explain_toml_message(raw);
    // A missing key is reported against the table, which is usually the whole
    // document; point at its first line rather than at the end of the file.
    let at = if raw.starts_with("missing field") && span_start == 0 {
        offset
    } else {
        offset + span_start.min(toml_text.len())
    };
    let mut d = Diagnostic::error(message).at(file, at);
    if let Some(hint) = hint {
        d = d.with_hint(hint);
    }
    d
}

/// Turn serde and toml wording into words a board secretary can act on.
fn explain_toml_message(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let mut hint = match did_you_mean(name, allowed.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`? "),
            None => String::new(),
        };
        if allowed.is_empty() {
            hint.push_str("remove this key");
        } else {
            hint.push_str(&format!(
                "the keys allowed here are: {}",
                allowed.join(", ")
            ));
        }
        if allowed.iter().any(|k| k == "extra") {
            hint.push_str("; put your own data under an [extra] table");
        }
        return (format!("unknown key `{name}`"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return (
            format!("the required key `{name}` is missing"),
            Some(format!("add a line `{name} = ...`")),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let mut hint = match did_you_mean(name, allowed.iter().map(String::as_str)) {
            Some(close) => format!("did you mean \"{close}\"? "),
            None => String::new(),
        };
        hint.push_str(&format!("use one of: {}", allowed.join(", ")));
        return (
            format!("\"{name}\" is not an allowed value here"),
            Some(hint),
        );
    }
    if raw.starts_with("invalid date") || raw.starts_with("invalid time") {
        let (what, detail) = raw
            .trim_start_matches("invalid ")
            .split_once(", ")
            .unwrap_or((raw, ""));
        return (
            format!("this is not a real {what}: {detail}"),
            Some("write dates like `date = 2026-03-12` and times like `start = 14:00:00`, without quotes".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        let rest = plain_types(rest);
        return (
            format!("this value is not allowed here: {rest}"),
            Some(format!("check the value ({rest})")),
        );
    }
    if raw.starts_with("invalid type") {
        let wants_date = raw.contains("datetime") || raw.contains("date");
        let hint = if wants_date {
            "write dates without quotes, like `date = 2026-03-12`".to_string()
        } else {
            format!(
                "check the value's type ({})",
                plain_types(raw.trim_start_matches("invalid type: "))
            )
        };
        let message = if wants_date {
            "expected a date here".to_string()
        } else {
            format!(
                "wrong kind of value: {}",
                plain_types(raw.trim_start_matches("invalid type: "))
            )
        };
        return (message, Some(hint));
    }
    if raw.starts_with("duplicate key") {
        return (
            raw.to_string(),
            Some("each key may appear only once; remove or rename one of them".into()),
        );
    }
    (
        format!("this TOML cannot be read: {raw}"),
        Some("check the syntax: strings need double quotes, lists use [ ], and tables use [name] headers".into()),
    )
}

/// Rust type names in serde's messages, in words.
fn plain_types(s: &str) -> String {
    let mut out = s.to_string();
    for (rust, words) in [
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u16", "expected a whole number of 0 or more"),
        ("expected u8", "expected a whole number of 0 or more"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
    ] {
        if let Some(rest) = out.strip_suffix(rust) {
            out = format!("{rest}{words}");
        }
    }
    if let Some(i) = out.find("expected struct ") {
        out.truncate(i);
        out.push_str("expected a table like { key = \"value\" }");
    }
    out
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Every file under `dir` (relative to `root`), sorted, skipping hidden files
/// and folders (editor swap files, `.git`). Symbolic links are never
/// followed: a link inside the project is left out, and links that lead out
/// of the project or to nothing are reported by [`links_out_of_project`].
pub(crate) fn walk_files(root: &Path, dir: &Path) -> Vec<PathBuf> {
    walk(root, dir)
        .into_iter()
        .filter_map(|(rel, link)| match link {
            Link::None => Some(rel),
            Link::Inside | Link::Outside(_) | Link::Dangling(_) => None,
        })
        .collect()
}

/// One error for every symbolic link under `dir` that leads out of the
/// project or to nothing: dossier never reads a file outside the project
/// through a link (a link committed by mistake, or on purpose, could
/// otherwise publish /etc/passwd or a private key).
pub(crate) fn links_out_of_project(root: &Path, dir: &Path) -> Vec<Diagnostic> {
    walk(root, dir)
        .into_iter()
        .filter_map(|(rel, link)| match link {
            Link::Outside(target) => Some(
                Diagnostic::error(format!(
                    "this file is a link to {}, outside the project",
                    target.display()
                ))
                .in_file(&rel)
                .with_hint("dossier reads only files inside the project folder; copy the file into the project instead of linking to it"),
            ),
            Link::Dangling(target) => Some(
                Diagnostic::error(format!(
                    "this file is a link to {}, which does not exist",
                    target.display()
                ))
                .in_file(&rel)
                .with_hint("remove the link, or copy the file it should point to into the project"),
            ),
            Link::None | Link::Inside => None,
        })
        .collect()
}

enum Link {
    /// A plain file.
    None,
    /// A link to something inside the project (not followed).
    Inside,
    /// A link to something outside the project.
    Outside(PathBuf),
    /// A link to nothing.
    Dangling(PathBuf),
}

fn walk(root: &Path, dir: &Path) -> Vec<(PathBuf, Link)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files: Vec<(PathBuf, Link)> = WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
            if e.file_type().is_file() {
                return Some((rel, Link::None));
            }
            if !e.path_is_symlink() {
                return None;
            }
            let shown = std::fs::read_link(e.path()).unwrap_or_default();
            match e.path().canonicalize() {
                Err(_) => Some((rel, Link::Dangling(shown))),
                Ok(target) if !target.starts_with(&canonical_root) => {
                    Some((rel, Link::Outside(shown)))
                }
                Ok(_) => Some((rel, Link::Inside)),
            }
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn src(text: &str) -> SourceText {
        SourceText::new("content/a.md", text.to_string())
    }

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let f = src("+++\ntitle = \"A\"\n+++\nBody\n");
        let s = split_front_matter(&f).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.front_matter_offset, 4);
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn splits_front_matter_with_crlf_line_endings() {
        let f = src("+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n");
        let s = split_front_matter(&f).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let f = src("+++\ntitle = \"A\"\nBody\n");
        let e = split_front_matter(&f).unwrap_err();
        assert_eq!(e.message, "the front matter is not closed");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        date: Option<toml::value::Datetime>,
        extra: Option<toml::Table>,
    }

    #[test]
    fn unknown_key_points_at_the_key_in_the_file_and_suggests() {
        let f = src("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n");
        let s = split_front_matter(&f).unwrap();
        let e = parse_toml::<Fm>(&f, s.front_matter, s.front_matter_offset).unwrap_err();
        assert_eq!(e.message, "unknown key `titel`");
        assert_eq!((e.line, e.col), (3, 1));
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "did you mean `title`? the keys allowed here are: title, date, extra; put your own data under an [extra] table"
            )
        );
    }

    #[test]
    fn quoted_date_gets_a_date_hint() {
        let f = src("+++\ntitle = \"A\"\ndate = \"2026-01-01\"\n+++\n");
        let s = split_front_matter(&f).unwrap();
        let e = parse_toml::<Fm>(&f, s.front_matter, s.front_matter_offset).unwrap_err();
        assert_eq!(e.message, "expected a date here");
        assert_eq!((e.line, e.col), (3, 8));
    }

    #[test]
    fn missing_key_points_at_the_front_matter() {
        let f = src("+++\ndate = 2026-01-01\n+++\n");
        let s = split_front_matter(&f).unwrap();
        let e = parse_toml::<Fm>(&f, s.front_matter, s.front_matter_offset).unwrap_err();
        assert_eq!(e.message, "the required key `title` is missing");
        assert_eq!(e.line, 2);
    }
}
