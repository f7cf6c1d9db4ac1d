//! Load: find every file under content/, decide what it is, and parse it into
//! the typed inputs of [`crate::content`]. Nothing here resolves references
//! between files; that is [`crate::model`]'s job.

pub(crate) mod common;

use std::path::{Path, PathBuf};

use crate::board::meeting::Meeting;
use crate::board::paper::PaperFrontMatter;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::roles::profile::RoleProfile;
use crate::site::case_study::CaseStudyFrontMatter;
use crate::site::organisation::Organisation;
use crate::site::page::PageFrontMatter;
use crate::source::{self, Split};

/// The folder that holds case studies.
pub(crate) const CASE_STUDIES: &str = "case-studies";
/// The folder that holds organisations.
pub(crate) const ORGANISATIONS: &str = "organisations";
/// The folder that holds role profiles (vacancies).
pub(crate) const ROLES: &str = "roles";
/// The folder that holds board papers.
pub(crate) const PAPERS: &str = "papers";
/// The folder that holds meetings.
pub(crate) const MEETINGS: &str = "meetings";

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
    fn let_body_go(mut self) -> Self {
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

/// Everything under content/, parsed.
#[derive(Debug, Default)]
pub struct Inputs {
    pub(crate) home: Option<MarkdownFile<PageFrontMatter>>,
    /// `_index.md` files of sections, including case-studies/.
    pub(crate) section_indexes: Vec<MarkdownFile<PageFrontMatter>>,
    pub case_studies: Vec<MarkdownFile<CaseStudyFrontMatter>>,
    pub pages: Vec<MarkdownFile<PageFrontMatter>>,
    pub(crate) organisations: Vec<TomlFile<Organisation>>,
    /// Slugs of every organisation file found, parsed or not, so that a file
    /// with its own error does not also break every reference to it.
    pub(crate) organisation_slugs: Vec<String>,
    pub(crate) roles: Vec<TomlFile<RoleProfile>>,
    pub(crate) papers: Vec<MarkdownFile<PaperFrontMatter>>,
    pub(crate) meetings: Vec<TomlFile<Meeting>>,
    /// Slugs of every paper and meeting file found, parsed or not.
    pub(crate) paper_slugs: Vec<String>,
    pub(crate) meeting_slugs: Vec<String>,
    /// Other files (images, PDFs) copied beside the pages, relative to content/.
    pub(crate) assets: Vec<String>,
    /// Content paths of the Markdown and TOML files that were found but could
    /// not be read or parsed. Each has its own error already; links and
    /// references to them are not reported again, so that one defect gives
    /// one diagnostic.
    pub(crate) unparsed: std::collections::BTreeSet<String>,
}

/// Read and parse every content file, reporting every problem found. Files
/// are read and parsed on all cores, then taken in walk order, so inputs and
/// diagnostics do not depend on the number of cores. Unless `keep_bodies`,
/// only the front matter of pages and case studies is kept (their Markdown
/// is read again when rendered, see [`crate::model::Site::render_deferred`]):
/// holding every source of a 100,000-page site costs most of a gibibyte,
/// reading a file again from the page cache a few microseconds.
pub fn load(
    root: &Path,
    taxonomies: &[&str],
    keep_bodies: bool,
    problems: &mut Diagnostics,
) -> Inputs {
    let mut inputs = Inputs::default();
    let content_dir = Path::new("content");
    for dir in ["content", "static", "templates", "themes"] {
        problems.extend(source::links_out_of_project(root, Path::new(dir)));
    }
    let found: Vec<(PathBuf, String)> = source::walk_files(root, content_dir)
        .into_iter()
        .map(|rel| {
            let content_path = rel
                .strip_prefix(content_dir)
                .unwrap_or(&rel)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, content_path)
        })
        .collect();
    let parsed = crate::par::map(&found, |(rel, content_path)| {
        let mut found_problems = Diagnostics::new();
        let kind = kind_of(content_path, rel);
        let loaded = load_one(
            root,
            rel,
            content_path,
            kind,
            taxonomies,
            keep_bodies,
            &mut found_problems,
        );
        (kind, loaded, found_problems)
    });
    for ((rel, content_path), (kind, loaded, found_problems)) in found.into_iter().zip(parsed) {
        problems.extend(found_problems.into_sorted());
        let slug = || {
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let stem = name.rsplit_once('.').map_or(&*name, |(stem, _)| stem);
            crate::markdown::slugify(stem)
        };
        match kind {
            Kind::Organisation => inputs.organisation_slugs.push(slug()),
            Kind::Paper => inputs.paper_slugs.push(slug()),
            Kind::Meeting => inputs.meeting_slugs.push(slug()),
            _ => {}
        }
        match loaded {
            Some(Loaded::Home(f)) => inputs.home = Some(f),
            Some(Loaded::Section(f)) => inputs.section_indexes.push(f),
            Some(Loaded::CaseStudy(f)) => inputs.case_studies.push(f),
            Some(Loaded::Organisation(f)) => inputs.organisations.push(f),
            Some(Loaded::Paper(f)) => inputs.papers.push(f),
            Some(Loaded::Meeting(f)) => inputs.meetings.push(f),
            Some(Loaded::Role(f)) => inputs.roles.push(f),
            Some(Loaded::Page(f)) => inputs.pages.push(f),
            Some(Loaded::Asset) => inputs.assets.push(content_path),
            None => {
                inputs.unparsed.insert(content_path);
            }
        }
    }
    inputs
}

/// What a file under content/ is, by where it is and its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Section,
    CaseStudy,
    Organisation,
    Paper,
    Meeting,
    Role,
    Page,
    /// A TOML file outside the folders that hold TOML.
    StrayToml,
    Asset,
}

fn kind_of(content_path: &str, rel: &Path) -> Kind {
    let parts: Vec<&str> = content_path.split('/').collect();
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    match (parts.as_slice(), ext) {
        (["_index.md"], _) => Kind::Home,
        ([.., "_index.md"], _) => Kind::Section,
        ([CASE_STUDIES, _], "md") => Kind::CaseStudy,
        ([ORGANISATIONS, _], "toml") => Kind::Organisation,
        ([PAPERS, _], "md") => Kind::Paper,
        ([MEETINGS, _], "toml") => Kind::Meeting,
        ([ROLES, _], "toml") => Kind::Role,
        (_, "md") => Kind::Page,
        (_, "toml") => Kind::StrayToml,
        _ => Kind::Asset,
    }
}

/// One file, read and parsed.
enum Loaded {
    Home(MarkdownFile<PageFrontMatter>),
    Section(MarkdownFile<PageFrontMatter>),
    CaseStudy(MarkdownFile<CaseStudyFrontMatter>),
    Organisation(TomlFile<Organisation>),
    Paper(MarkdownFile<PaperFrontMatter>),
    Meeting(TomlFile<Meeting>),
    Role(TomlFile<RoleProfile>),
    Page(MarkdownFile<PageFrontMatter>),
    Asset,
}

/// Read and parse one file; `None` when it could not be (its problems are
/// in `problems`).
fn load_one(
    root: &Path,
    rel: &Path,
    content_path: &str,
    kind: Kind,
    taxonomies: &[&str],
    keep_bodies: bool,
    problems: &mut Diagnostics,
) -> Option<Loaded> {
    let cp = content_path.to_string();
    fn keep<F>(f: MarkdownFile<F>, keep_bodies: bool) -> MarkdownFile<F> {
        if keep_bodies { f } else { f.let_body_go() }
    }
    let page_keys = crate::site::page::KEYS;
    Some(match kind {
        Kind::Home => Loaded::Home(markdown(root, rel, cp, page_keys, taxonomies, problems)?),
        Kind::Section => Loaded::Section(markdown(root, rel, cp, page_keys, taxonomies, problems)?),
        Kind::CaseStudy => Loaded::CaseStudy(keep(
            markdown(
                root,
                rel,
                cp,
                crate::site::case_study::KEYS,
                taxonomies,
                problems,
            )?,
            keep_bodies,
        )),
        Kind::Organisation => Loaded::Organisation(toml_file(root, rel, cp, problems)?),
        Kind::Paper => Loaded::Paper(strict_markdown(root, rel, cp, problems)?),
        Kind::Meeting => Loaded::Meeting(toml_file(root, rel, cp, problems)?),
        Kind::Role => Loaded::Role(toml_file(root, rel, cp, problems)?),
        Kind::Page => Loaded::Page(keep(
            markdown(root, rel, cp, page_keys, taxonomies, problems)?,
            keep_bodies,
        )),
        Kind::StrayToml => {
            problems.push(
                Diagnostic::error("dossier does not know what this TOML file describes")
                    .in_file(rel)
                    .with_hint(format!(
                        "organisations go in content/{ORGANISATIONS}/, vacancies in content/{ROLES}/ and meetings in content/{MEETINGS}/; move the file there, or out of content/"
                    )),
            );
            return None;
        }
        Kind::Asset => Loaded::Asset,
    })
}

impl Inputs {
    /// A hash of the front matter of every page and case study, by content
    /// path.
    pub(crate) fn front_matter_stamps(&self) -> std::collections::HashMap<String, u64> {
        let pages = self
            .pages
            .iter()
            .map(|f| (&f.content_path, f.front_matter_text()));
        let case_studies = self
            .case_studies
            .iter()
            .map(|f| (&f.content_path, f.front_matter_text()));
        pages
            .chain(case_studies)
            .map(|(path, text)| (path.clone(), stamp(text)))
            .collect()
    }
}

/// A hash of `text`, to notice that it changed.
pub(crate) fn stamp(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
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
        body_let_go: false,
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

/// The project-relative path of a content path.
pub(crate) fn project_path(content_path: &str) -> PathBuf {
    Path::new("content").join(content_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_only_their_front_matter_unless_bodies_are_kept() {
        let root = std::env::temp_dir().join(format!("dossier-let-go-{}", std::process::id()));
        let text = "+++\ntitle = \"A\"\n+++\nThe body.\n";
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), text).unwrap();
        let load_a = |keep_bodies: bool| {
            let mut problems = Diagnostics::new();
            let inputs = load(&root, &[], keep_bodies, &mut problems);
            assert!(!problems.has_errors());
            inputs.pages.into_iter().next().unwrap()
        };

        let kept = load_a(true);
        assert!(!kept.body_let_go);
        assert_eq!(kept.body(), "The body.\n");

        let let_go = load_a(false);
        assert!(let_go.body_let_go);
        assert_eq!(let_go.body(), "");
        assert_eq!(let_go.file.text, "+++\ntitle = \"A\"\n+++\n");
        assert_eq!(let_go.front_matter_text(), kept.front_matter_text());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn finds_keys_tables_and_quoted_keys() {
        let t = "title = \"x\"\n  themes = []\n[extra]\n\"odd\" = 1\n";
        assert_eq!(find_key(t, "themes"), 14);
        assert_eq!(find_key(t, "extra"), t.find("[extra]").unwrap());
        assert_eq!(find_key(t, "odd"), t.find("\"odd\"").unwrap());
        assert_eq!(find_key(t, "the"), 0);
    }
}
