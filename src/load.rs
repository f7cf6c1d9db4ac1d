//! Load: find every file under content/, decide what it is, and parse it into
//! the typed inputs of [`crate::content`]. Nothing here resolves references
//! between files; that is [`crate::model`]'s job.

use std::path::{Path, PathBuf};

use crate::content::{
    self, CaseStudyFrontMatter, Meeting, Organisation, PageFrontMatter, PaperFrontMatter,
    RoleProfile,
};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::source::{self, Split};

/// The folder that holds case studies.
pub const CASE_STUDIES: &str = "case-studies";
/// The folder that holds organisations.
pub const ORGANISATIONS: &str = "organisations";
/// The folder that holds role profiles (vacancies).
pub const ROLES: &str = "roles";
/// The folder that holds board papers.
pub const PAPERS: &str = "papers";
/// The folder that holds meetings.
pub const MEETINGS: &str = "meetings";

/// A Markdown file with its parsed front matter.
#[derive(Debug)]
pub struct MarkdownFile<F> {
    pub file: SourceText,
    /// Path relative to content/, with forward slashes ("case-studies/knowsley.md").
    pub content_path: String,
    pub front_matter: F,
    pub front_matter_offset: usize,
    pub body_offset: usize,
}

impl<F> MarkdownFile<F> {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

/// A TOML content file with its parsed value.
#[derive(Debug)]
pub struct TomlFile<T> {
    pub file: SourceText,
    pub content_path: String,
    pub value: T,
}

/// Everything under content/, parsed.
#[derive(Debug, Default)]
pub struct Inputs {
    pub home: Option<MarkdownFile<PageFrontMatter>>,
    /// `_index.md` files of sections, including case-studies/.
    pub section_indexes: Vec<MarkdownFile<PageFrontMatter>>,
    pub case_studies: Vec<MarkdownFile<CaseStudyFrontMatter>>,
    pub pages: Vec<MarkdownFile<PageFrontMatter>>,
    pub organisations: Vec<TomlFile<Organisation>>,
    /// Slugs of every organisation file found, parsed or not, so that a file
    /// with its own error does not also break every reference to it.
    pub organisation_slugs: Vec<String>,
    pub roles: Vec<TomlFile<RoleProfile>>,
    pub papers: Vec<MarkdownFile<PaperFrontMatter>>,
    pub meetings: Vec<TomlFile<Meeting>>,
    /// Slugs of every paper and meeting file found, parsed or not.
    pub paper_slugs: Vec<String>,
    pub meeting_slugs: Vec<String>,
    /// Other files (images, PDFs) copied beside the pages, relative to content/.
    pub assets: Vec<String>,
    /// Content paths of the Markdown and TOML files that were found but could
    /// not be read or parsed. Each has its own error already; links and
    /// references to them are not reported again, so that one defect gives
    /// one diagnostic.
    pub unparsed: std::collections::BTreeSet<String>,
}

/// Read and parse every content file, reporting every problem found.
pub fn load(root: &Path, taxonomies: &[&str], problems: &mut Diagnostics) -> Inputs {
    let mut inputs = Inputs::default();
    let content_dir = Path::new("content");
    for dir in ["content", "static", "templates", "themes"] {
        problems.extend(source::links_out_of_project(root, Path::new(dir)));
    }
    for rel in source::walk_files(root, content_dir) {
        let found = inputs.count();
        let content_path = rel
            .strip_prefix(content_dir)
            .unwrap_or(&rel)
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = content_path.split('/').collect();
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        match (parts.as_slice(), ext) {
            (["_index.md"], _) => {
                if let Some(f) = markdown::<PageFrontMatter>(root, &rel, content_path.clone(), content::page::KEYS, taxonomies, problems) {
                    inputs.home = Some(f);
                }
            }
            ([.., "_index.md"], _) => {
                if let Some(f) = markdown(root, &rel, content_path.clone(), content::page::KEYS, taxonomies, problems) {
                    inputs.section_indexes.push(f);
                }
            }
            ([CASE_STUDIES, _], "md") => {
                if let Some(f) = markdown(root, &rel, content_path.clone(), content::case_study::KEYS, taxonomies, problems) {
                    inputs.case_studies.push(f);
                }
            }
            ([ORGANISATIONS, name], "toml") => {
                inputs.organisation_slugs.push(crate::markdown::slugify(name.trim_end_matches(".toml")));
                if let Some(f) = toml_file::<Organisation>(root, &rel, content_path.clone(), problems) {
                    inputs.organisations.push(f);
                }
            }
            ([PAPERS, name], "md") if *name != "_index.md" => {
                inputs.paper_slugs.push(crate::markdown::slugify(name.trim_end_matches(".md")));
                if let Some(f) = strict_markdown::<PaperFrontMatter>(root, &rel, content_path.clone(), problems) {
                    inputs.papers.push(f);
                }
            }
            ([MEETINGS, name], "toml") => {
                inputs.meeting_slugs.push(crate::markdown::slugify(name.trim_end_matches(".toml")));
                if let Some(f) = toml_file::<Meeting>(root, &rel, content_path.clone(), problems) {
                    inputs.meetings.push(f);
                }
            }
            ([ROLES, _], "toml") => {
                if let Some(f) = toml_file::<RoleProfile>(root, &rel, content_path.clone(), problems) {
                    inputs.roles.push(f);
                }
            }
            (_, "md") => {
                if let Some(f) = markdown(root, &rel, content_path.clone(), content::page::KEYS, taxonomies, problems) {
                    inputs.pages.push(f);
                }
            }
            (_, "toml") => problems.push(
                Diagnostic::error("dossier does not know what this TOML file describes")
                    .in_file(&rel)
                    .with_hint(format!(
                        "organisations go in content/{ORGANISATIONS}/, vacancies in content/{ROLES}/ and meetings in content/{MEETINGS}/; move the file there, or out of content/"
                    )),
            ),
            _ => inputs.assets.push(content_path.clone()),
        }
        if inputs.count() == found {
            inputs.unparsed.insert(content_path);
        }
    }
    inputs
}

impl Inputs {
    /// How many files were taken in: grows by one for every file that was
    /// read and parsed (or kept as an asset).
    fn count(&self) -> usize {
        usize::from(self.home.is_some())
            + self.section_indexes.len()
            + self.case_studies.len()
            + self.pages.len()
            + self.organisations.len()
            + self.roles.len()
            + self.papers.len()
            + self.meetings.len()
            + self.assets.len()
    }
}

fn markdown<F: serde::de::DeserializeOwned + HasOtherKeys>(
    root: &Path,
    rel: &Path,
    content_path: String,
    keys: &[&str],
    taxonomies: &[&str],
    problems: &mut Diagnostics,
) -> Option<MarkdownFile<F>> {
    let parsed_file = strict_markdown::<F>(root, rel, content_path, problems)?;
    let file = &parsed_file.file;
    let front_matter_offset = parsed_file.front_matter_offset;
    let front_matter = &file.text[front_matter_offset..parsed_file.body_offset];
    let parsed = &parsed_file.front_matter;
    for (key, value) in parsed.other_keys() {
        let is_taxonomy = taxonomies.contains(&key.as_str())
            || content::TAXONOMY_KEYS_ALWAYS_ALLOWED.contains(&key.as_str());
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
fn strict_markdown<F: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<MarkdownFile<F>> {
    let file = source::read_text(root, rel)
        .map_err(|d| problems.push(d))
        .ok()?;
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
    })
}

fn toml_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<TomlFile<T>> {
    let file = source::read_text(root, rel)
        .map_err(|d| problems.push(d))
        .ok()?;
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
fn find_key(toml_text: &str, key: &str) -> usize {
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
pub trait HasOtherKeys {
    fn other_keys(&self) -> &content::OtherKeys;
}

impl HasOtherKeys for PageFrontMatter {
    fn other_keys(&self) -> &content::OtherKeys {
        &self.other
    }
}

impl HasOtherKeys for CaseStudyFrontMatter {
    fn other_keys(&self) -> &content::OtherKeys {
        &self.other
    }
}

/// The project-relative path of a content path.
pub fn project_path(content_path: &str) -> PathBuf {
    Path::new("content").join(content_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_tables_and_quoted_keys() {
        let t = "title = \"x\"\n  themes = []\n[extra]\n\"odd\" = 1\n";
        assert_eq!(find_key(t, "themes"), 14);
        assert_eq!(find_key(t, "extra"), t.find("[extra]").unwrap());
        assert_eq!(find_key(t, "odd"), t.find("\"odd\"").unwrap());
        assert_eq!(find_key(t, "the"), 0);
    }
}
