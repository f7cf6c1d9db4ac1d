//! Parsing one content file: a Markdown file's front matter split off and
//! parsed into its kind's type (unknown keys reported, taxonomy lists
//! checked), or a TOML file parsed whole. Each product's kinds are parsed
//! with these (`board::inputs`, `roles::inputs`); `load` walks the folder.

use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::site::case_study::CaseStudyFrontMatter;
use crate::site::page::PageFrontMatter;
use crate::source::{self, Split};

/// A Markdown file with its parsed front matter.
#[derive(Debug)]
pub struct MarkdownFile<F> {
    pub(crate) file: SourceText,
    /// Path relative to content/, with forward slashes ("case-studies/knowsley.md").
    pub(crate) content_path: String,
    pub(crate) front_matter: F,
    pub(crate) front_matter_offset: usize,
    pub(crate) body_offset: usize,
    /// True when only the text up to the body was kept (see
    /// [`load`]'s `keep_bodies`): the page's Markdown is read again when
    /// it is rendered.
    pub(crate) body_let_go: bool,
}

impl<F> MarkdownFile<F> {
    /// The Markdown body; empty when it was let go.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// The TOML between the `+++` lines.
    pub(crate) fn front_matter_text(&self) -> &str {
        &self.file.text[self.front_matter_offset..self.body_offset]
    }
}

impl<F> MarkdownFile<F> {
    /// Keep only the text up to the body (the front matter).
    pub(crate) fn let_body_go(mut self) -> Self {
        self.file.text.truncate(self.body_offset);
        self.file.text.shrink_to_fit();
        self.body_let_go = true;
        self
    }
}

/// A TOML content file with its parsed value.
#[derive(Debug)]
pub(crate) struct TomlFile<T> {
    pub(crate) file: SourceText,
    pub(crate) content_path: String,
    pub(crate) value: T,
}

pub(crate) fn markdown<F: serde::de::DeserializeOwned + HasOtherKeys>(
    file: SourceText,
    content_path: String,
    keys: &[&str],
    taxonomies: &[&str],
    problems: &mut Diagnostics,
) -> Option<MarkdownFile<F>> {
    let parsed_file = strict_markdown::<F>(file, content_path, problems)?;
    let file = &parsed_file.file;
    let front_matter_offset = parsed_file.front_matter_offset;
    let front_matter = &file.text[front_matter_offset..parsed_file.body_offset];
    let parsed = &parsed_file.front_matter;
    for (key, value) in parsed.other_keys() {
        let is_taxonomy = taxonomies.contains(&key.as_str())
            || crate::load::common::TAXONOMY_KEYS_ALWAYS_ALLOWED.contains(&key.as_str());
        let at = front_matter_offset + find_key(front_matter, key);
        if !is_taxonomy {
            let allowed: Vec<&str> = keys
                .iter()
                .copied()
                .chain(taxonomies.iter().copied())
                .collect();
            let mut hint = match did_you_mean(key, allowed.iter().copied()) {
                Some(close) => format!("did you mean `{close}`? "),
                None => String::new(),
            };
            hint.push_str(&format!(
                "the keys allowed here are: {}; put your own data under an [extra] table",
                allowed.join(", ")
            ));
            problems.push(
                Diagnostic::error(format!("unknown key `{key}`"))
                    .at(file, at)
                    .with_hint(hint),
            );
        } else if !value
            .as_array()
            .is_some_and(|a| a.iter().all(toml::Value::is_str))
        {
            problems.push(
                Diagnostic::error(format!("`{key}` must be a list of text values"))
                    .at(file, at)
                    .with_hint(format!("write it like `{key} = [\"First\", \"Second\"]`")),
            );
        }
    }
    // The file is kept even with unknown keys, so that its other problems (a
    // missing organisation, a broken link) are reported in the same run.
    Some(parsed_file)
}

/// A Markdown file whose front matter has a fixed schema (no taxonomy lists).
pub(crate) fn strict_markdown<F: serde::de::DeserializeOwned>(
    file: SourceText,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<MarkdownFile<F>> {
    let Split {
        front_matter,
        front_matter_offset,
        body_offset,
        ..
    } = source::split_front_matter(&file)
        .map_err(|d| problems.push(d))
        .ok()?;
    let front_matter = source::parse_toml(&file, front_matter, front_matter_offset)
        .map_err(|d| problems.push(d))
        .ok()?;
    Some(MarkdownFile {
        file,
        content_path,
        front_matter,
        front_matter_offset,
        body_offset,
        body_let_go: false,
    })
}

pub(crate) fn toml_file<T: serde::de::DeserializeOwned>(
    file: SourceText,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<TomlFile<T>> {
    let value = source::parse_toml(&file, &file.text, 0)
        .map_err(|d| problems.push(d))
        .ok()?;
    Some(TomlFile {
        file,
        content_path,
        value,
    })
}

/// Byte offset of the line that sets `key` (as `key =`, `key.x =` or a
/// `[key]` table header) within TOML text; 0 if not found.
pub(crate) fn find_key(toml_text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in toml_text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed.trim_start_matches('[').trim_start();
        let quoted = format!("\"{key}\"");
        let name_matches = |s: &str| {
            s.strip_prefix(key)
                .or_else(|| s.strip_prefix(quoted.as_str()))
                .is_some_and(|r| r.trim_start().starts_with(['=', '.', ']']))
        };
        if name_matches(bare) {
            return offset + indent;
        }
        offset += line.len();
    }
    0
}

/// Front-matter types that collect keys outside their schema.
pub(crate) trait HasOtherKeys {
    fn other_keys(&self) -> &crate::load::common::OtherKeys;
}

impl HasOtherKeys for PageFrontMatter {
    fn other_keys(&self) -> &crate::load::common::OtherKeys {
        &self.other
    }
}

impl HasOtherKeys for CaseStudyFrontMatter {
    fn other_keys(&self) -> &crate::load::common::OtherKeys {
        &self.other
    }
}

/// A hash of `text`, to notice that it changed.
pub(crate) fn stamp(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
