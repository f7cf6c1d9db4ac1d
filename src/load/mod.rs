//! Load: find every file under content/, decide what it is, and parse it
//! into typed inputs. The microsite's own kinds (the home page, sections,
//! pages, case studies, organisations) are decided here; each product
//! registers its kinds in its own folder (`roles::inputs::KINDS`,
//! `board::inputs::KINDS`), parses them and keeps them in its own part of
//! [`Inputs`]. Nothing here resolves references between files; that is
//! [`crate::model`]'s job.

pub(crate) mod common;
pub(crate) mod parse;
pub(crate) mod translation;

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
    /// In the pass of a language other than the default, the content paths
    /// of the sources that have no translation into it: their pages show
    /// the default language's text, marked as such.
    pub(crate) untranslated: std::collections::BTreeSet<String>,
    /// Those whose translation has no body: their pages show the default
    /// language's text (each warned of already).
    pub(crate) untranslated_bodies: std::collections::BTreeSet<String>,
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
    let single = crate::config::LanguagePass::single("en-GB");
    load_in(root, taxonomies, keep_bodies, &single, problems)
}

/// [`load`] for the pass of one of the project's languages: translation
/// files (`knowsley.cy.md`) are not content of their own; in the pass of
/// their language each is read into its source (see [`translation`]).
pub(crate) fn load_in(
    root: &Path,
    taxonomies: &[&str],
    keep_bodies: bool,
    pass: &crate::config::LanguagePass,
    problems: &mut Diagnostics,
) -> Inputs {
    let mut inputs = Inputs::default();
    let content_dir = Path::new("content");
    for dir in ["content", "static", "templates", "themes"] {
        problems.extend(source::links_out_of_project(root, Path::new(dir)));
    }
    let mut found: Vec<(PathBuf, String)> = source::walk_files(root, content_dir)
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
    let translations = set_translations_aside(&mut found, pass, problems);
    let parsed = crate::par::map(&found, |(rel, content_path)| {
        let mut found_problems = Diagnostics::new();
        let kind = kind_of(content_path, rel);
        let translated = Translated {
            pass,
            translation: translations.get(content_path),
        };
        let (loaded, body_untranslated) = load_one(
            (root, rel),
            content_path,
            kind,
            taxonomies,
            keep_bodies,
            translated,
            &mut found_problems,
        );
        (kind, loaded, found_problems, body_untranslated)
    });
    for ((rel, content_path), (kind, loaded, found_problems, body_untranslated)) in
        found.into_iter().zip(parsed)
    {
        if body_untranslated {
            inputs.untranslated_bodies.insert(content_path.clone());
        }
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
        if !pass.is_default()
            && !matches!(kind, Kind::Asset | Kind::StrayToml)
            && !translations.contains_key(&content_path)
        {
            inputs.untranslated.insert(content_path.clone());
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

/// Take the translation files out of `found`: in the default language's
/// pass they are left alone; in another's, those into it are returned by
/// their source's content path, each of which must exist.
fn set_translations_aside(
    found: &mut Vec<(PathBuf, String)>,
    pass: &crate::config::LanguagePass,
    problems: &mut Diagnostics,
) -> std::collections::HashMap<String, PathBuf> {
    let mut mine = std::collections::HashMap::new();
    if !pass.is_multilingual() {
        return mine;
    }
    let codes: Vec<&str> = pass.translation_codes().collect();
    let sources: std::collections::HashSet<String> = found
        .iter()
        .filter(|(_, cp)| translation::source_of(cp, codes.iter().copied()).is_none())
        .map(|(_, cp)| cp.clone())
        .collect();
    if pass.is_default() {
        for (rel, cp) in found.iter() {
            let Some((source, code)) = translation::looks_like_translation(cp) else {
                continue;
            };
            if !codes.contains(&code) && sources.contains(&source) {
                problems.push(
                    Diagnostic::warning(format!(
                        "this is named like a translation into \"{code}\", which is not one of the site's languages"
                    ))
                    .in_file(rel)
                    .with_note(format!("it is published as a page of its own, beside content/{source}"))
                    .with_hint(format!(
                        "add \"{code}\" to languages in dossier.toml to publish it as a translation, or rename it so that its name has no .{code}"
                    )),
                );
            }
        }
    }
    found.retain(|(rel, cp)| {
        let Some((source, code)) = translation::source_of(cp, codes.iter().copied()) else {
            return true;
        };
        if pass.is_default() || code != pass.language().code {
            return false;
        }
        if sources.contains(&source) {
            mine.insert(source, rel.clone());
        } else {
            problems.push(
                Diagnostic::error(format!(
                    "this translation has no source: there is no content/{source}"
                ))
                .in_file(rel)
                .with_hint(format!(
                    "a translation sits beside the file it translates, named like it with .{code} before the extension; add content/{source} in {}, or rename this file to match its source",
                    pass.all[0].english_name()
                )),
            );
        }
        false
    });
    mine
}

/// The translation, if any, of a file being loaded in a language's pass.
#[derive(Clone, Copy)]
struct Translated<'a> {
    pass: &'a crate::config::LanguagePass,
    /// The project-relative path of the translation file.
    translation: Option<&'a PathBuf>,
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
/// in `problems`). True beside it when its translation has no body, so the
/// source's is used.
fn load_one(
    (root, rel): (&Path, &Path),
    content_path: &str,
    kind: Kind,
    taxonomies: &[&str],
    keep_bodies: bool,
    translated: Translated,
    problems: &mut Diagnostics,
) -> (Option<Loaded>, bool) {
    let cp = content_path.to_string();
    if kind == Kind::Asset {
        return (Some(Loaded::Asset), false);
    }
    if kind == Kind::StrayToml {
        problems.push(
            Diagnostic::error("dossier does not know what this TOML file describes")
                .in_file(rel)
                .with_hint(format!(
                    "organisations go in content/{ORGANISATIONS}/, vacancies in content/{ROLES}/ and meetings in content/{MEETINGS}/; move the file there, or out of content/"
                )),
        );
        return (None, false);
    }
    let read = match translated.translation {
        None => source::read_text(root, rel)
            .map_err(|d| problems.push(d))
            .ok()
            .map(|f| (f, false)),
        Some(t) => read_translated(root, rel, t, kind, translated.pass, problems),
    };
    let Some((file, body_untranslated)) = read else {
        return (None, false);
    };
    (
        parse_one(
            file,
            cp,
            kind,
            taxonomies,
            keep_bodies,
            translated,
            problems,
        ),
        body_untranslated,
    )
}

/// Parse one file's text as its kind.
fn parse_one(
    file: crate::diagnostic::SourceText,
    cp: String,
    kind: Kind,
    taxonomies: &[&str],
    keep_bodies: bool,
    translated: Translated,
    problems: &mut Diagnostics,
) -> Option<Loaded> {
    // A translated page's body is the translation's: it is kept, not read
    // again from the source when the page is written.
    let keep_bodies = keep_bodies || translated.translation.is_some();
    fn keep<F>(f: MarkdownFile<F>, keep_bodies: bool) -> MarkdownFile<F> {
        if keep_bodies { f } else { f.let_body_go() }
    }
    let page_keys = crate::site::page::KEYS;
    Some(match kind {
        Kind::Home => Loaded::Home(markdown(file, cp, page_keys, taxonomies, problems)?),
        Kind::Section => Loaded::Section(markdown(file, cp, page_keys, taxonomies, problems)?),
        Kind::CaseStudy => Loaded::CaseStudy(keep(
            markdown(
                file,
                cp,
                crate::site::case_study::KEYS,
                taxonomies,
                problems,
            )?,
            keep_bodies,
        )),
        Kind::Organisation => Loaded::Organisation(toml_file(file, cp, problems)?),
        Kind::Roles(k) => Loaded::Roles(roles::parse(k, file, cp, problems)?),
        Kind::Board(k) => Loaded::Board(board::parse(k, file, cp, problems)?),
        Kind::Page => Loaded::Page(keep(
            markdown(file, cp, page_keys, taxonomies, problems)?,
            keep_bodies,
        )),
        // Neither is read (see `load_one`).
        Kind::StrayToml => return None,
        Kind::Asset => Loaded::Asset,
    })
}

/// The text fields a translation of `kind` may hold, and the kind's name.
fn text_fields(kind: Kind) -> (&'static str, &'static [&'static str]) {
    match kind {
        Kind::Home | Kind::Section | Kind::Page => ("page", &["title", "description"]),
        Kind::CaseStudy => (
            "case study",
            &["title", "summary", "key_facts.label", "key_facts.value"],
        ),
        Kind::Organisation => ("organisation", &["name", "short_name", "about", "address"]),
        Kind::Roles(k) => roles::text_fields(k),
        Kind::Board(k) => board::text_fields(k),
        Kind::StrayToml | Kind::Asset => ("file", &[]),
    }
}

/// A source read with its translation at `translation` put in (see
/// [`translation`]): a TOML file with the translated values in place, a
/// Markdown file with them in its front matter and the translation's body.
fn read_translated(
    root: &Path,
    rel: &Path,
    translation: &Path,
    kind: Kind,
    pass: &crate::config::LanguagePass,
    problems: &mut Diagnostics,
) -> Option<(crate::diagnostic::SourceText, bool)> {
    let read = |rel: &Path, problems: &mut Diagnostics| {
        source::read_text(root, rel)
            .map_err(|d| problems.push(d))
            .ok()
    };
    let ours = read(rel, problems)?;
    let theirs = read(translation, problems)?;
    let (name, fields) = text_fields(kind);
    let is_markdown = rel.extension().is_some_and(|e| e == "md");
    let language = pass.language().english_name();
    let report_untranslated = |untranslated: &[String], problems: &mut Diagnostics| {
        if !untranslated.is_empty() {
            problems.push(
                Diagnostic::warning(format!(
                    "{} {language}: {}",
                    translation::UNTRANSLATED,
                    untranslated.join(", ")
                ))
                .in_file(translation)
                .with_hint(format!(
                    "the {language} pages show these in {}; add them to this file, translated",
                    pass.all[0].english_name()
                )),
            );
        }
    };
    if !is_markdown {
        let merged =
            translation::merge_toml(&ours.text, &theirs.text, &theirs, 0, fields, name, problems)?;
        report_untranslated(&merged.untranslated, problems);
        return Some((crate::diagnostic::SourceText::new(rel, merged.text), false));
    }
    // A source whose front matter cannot be split has its own problem,
    // reported when it is parsed; so does a translation's.
    let mine = source::split_front_matter(&ours).ok();
    let split = source::split_front_matter(&theirs)
        .map_err(|d| problems.push(d))
        .ok()?;
    let Some(mine) = mine else {
        return Some((ours, false));
    };
    let merged = translation::merge_toml(
        mine.front_matter,
        split.front_matter,
        &theirs,
        split.front_matter_offset,
        fields,
        name,
        problems,
    )?;
    // A translation of the front matter alone leaves the text itself in
    // the source's language: the page shows the source's, marked as such.
    let body_untranslated = theirs.text[split.body_offset..].trim().is_empty()
        && !ours.text[mine.body_offset..].trim().is_empty();
    let mut untranslated = merged.untranslated.clone();
    if body_untranslated {
        untranslated.insert(0, "the text (this file has no body)".to_string());
    }
    report_untranslated(&untranslated, problems);
    let (body_file, body_offset) = if body_untranslated {
        (&ours, mine.body_offset)
    } else {
        (&theirs, split.body_offset)
    };
    let fm_end = mine.front_matter_offset + mine.front_matter.len();
    let mut text = String::with_capacity(ours.text.len() + theirs.text.len());
    text.push_str(&ours.text[..mine.front_matter_offset]);
    text.push_str(&merged.text);
    text.push_str(&ours.text[fm_end..mine.body_offset]);
    let body_start = text.len();
    text.push_str(&body_file.text[body_offset..]);
    Some((
        crate::diagnostic::SourceText::joined(rel, text, body_start, body_file, body_offset),
        body_untranslated,
    ))
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
