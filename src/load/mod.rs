//! Load: find every file under content/, decide what it is, and parse it
//! into typed inputs. The microsite's own kinds (the home page, sections,
//! pages, case studies, organisations) are decided here; each product
//! registers its kinds in its own folder (`roles::inputs::KINDS`,
//! `board::inputs::KINDS`), parses them and keeps them in its own part of
//! [`Inputs`]. Nothing here resolves references between files; that is
//! [`crate::model`]'s job.

pub(crate) mod common;
pub(crate) mod parse;

pub use parse::MarkdownFile;
pub(crate) use parse::{TomlFile, stamp};
use parse::{markdown, toml_file};

use std::path::{Path, PathBuf};

use crate::board::inputs::{self as board, BoardInputs, MEETINGS};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::roles::inputs::{self as roles, ROLES, RoleInputs};
use crate::site::case_study::CaseStudyFrontMatter;
use crate::site::organisation::Organisation;
use crate::site::page::PageFrontMatter;
use crate::source::{self};

/// The folder that holds case studies.
pub(crate) const CASE_STUDIES: &str = "case-studies";
/// The folder that holds organisations.
pub(crate) const ORGANISATIONS: &str = "organisations";

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
    /// Role profiles (the roles product's kinds).
    pub roles: RoleInputs,
    /// Papers and meetings (the board's kinds).
    pub board: BoardInputs,
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
            Kind::Board(k) => inputs.board.found(k, slug()),
            _ => {}
        }
        match loaded {
            Some(Loaded::Home(f)) => inputs.home = Some(f),
            Some(Loaded::Section(f)) => inputs.section_indexes.push(f),
            Some(Loaded::CaseStudy(f)) => inputs.case_studies.push(f),
            Some(Loaded::Organisation(f)) => inputs.organisations.push(f),
            Some(Loaded::Roles(f)) => inputs.roles.keep(f),
            Some(Loaded::Board(f)) => inputs.board.keep(f),
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
    /// A kind registered by the roles product.
    Roles(roles::Kind),
    /// A kind registered by the board.
    Board(board::Kind),
    Page,
    /// A TOML file outside the folders that hold TOML.
    StrayToml,
    Asset,
}

fn kind_of(content_path: &str, rel: &Path) -> Kind {
    let parts: Vec<&str> = content_path.split('/').collect();
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    if let Some(kind) = registered(roles::KINDS, &parts, ext) {
        return Kind::Roles(kind);
    }
    if let Some(kind) = registered(board::KINDS, &parts, ext) {
        return Kind::Board(kind);
    }
    match (parts.as_slice(), ext) {
        (["_index.md"], _) => Kind::Home,
        ([.., "_index.md"], _) => Kind::Section,
        ([CASE_STUDIES, _], "md") => Kind::CaseStudy,
        ([ORGANISATIONS, _], "toml") => Kind::Organisation,
        (_, "md") => Kind::Page,
        (_, "toml") => Kind::StrayToml,
        _ => Kind::Asset,
    }
}

/// The kind a product registered for a file directly in one of its folders,
/// with that kind's extension.
fn registered<K: Copy>(kinds: &[(&str, &str, K)], parts: &[&str], ext: &str) -> Option<K> {
    match parts {
        [folder, _] => kinds
            .iter()
            .find(|(f, e, _)| f == folder && *e == ext)
            .map(|(_, _, kind)| *kind),
        _ => None,
    }
}

/// One file, read and parsed.
enum Loaded {
    Home(MarkdownFile<PageFrontMatter>),
    Section(MarkdownFile<PageFrontMatter>),
    CaseStudy(MarkdownFile<CaseStudyFrontMatter>),
    Organisation(TomlFile<Organisation>),
    Roles(roles::Loaded),
    Board(board::Loaded),
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
        Kind::Roles(k) => Loaded::Roles(roles::parse(k, root, rel, cp, problems)?),
        Kind::Board(k) => Loaded::Board(board::parse(k, root, rel, cp, problems)?),
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

/// The project-relative path of a content path.
pub(crate) fn project_path(content_path: &str) -> PathBuf {
    Path::new("content").join(content_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::find_key;

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
