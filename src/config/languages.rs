//! The languages a project publishes in: `languages = ["en-GB", "cy"]` in
//! dossier.toml, the first being the default (at the site's root), each
//! other under a folder of its own (`/cy/`, or `[language_paths]`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language {
    /// The BCP 47 tag pages declare (`lang="cy"`), e.g. "en-GB".
    pub(crate) tag: String,
    /// The primary subtag, lower-cased ("en", "cy"): the suffix of its
    /// translation files (`knowsley.cy.md`) and of the theme's strings.
    pub(crate) code: String,
    /// The folder its pages are under, ending in `/` ("cy/"); empty for
    /// the default language.
    pub(crate) folder: String,
    /// The site's title and description in it (`[lang.cy]`), for a
    /// language other than the default; none when not translated.
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// Taxonomy name to its title in the language.
    pub(crate) taxonomies: BTreeMap<String, String>,
    /// A meeting's `body` (as the default language names it) to its name in
    /// the language: one name for every meeting of the body, so that its
    /// meetings, minutes and action log stay together.
    pub(crate) bodies: BTreeMap<String, String>,
}

/// `[lang.<code>]` in dossier.toml: a language's folder and the site's
/// title and description in it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    folder: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    description: Option<String>,
    /// Taxonomy titles in the language (`themes = "Themâu"`).
    #[serde(default)]
    taxonomies: BTreeMap<String, String>,
    /// The names of the bodies that meet, in the language.
    #[serde(default)]
    bodies: BTreeMap<String, String>,
}

impl Language {
    pub(crate) fn of_tag(tag: &str) -> Language {
        Language {
            tag: tag.to_string(),
            code: primary_subtag(tag),
            folder: String::new(),
            title: None,
            description: None,
            taxonomies: BTreeMap::new(),
            bodies: BTreeMap::new(),
        }
    }

    /// The language's name in English, for messages.
    pub(crate) fn english_name(&self) -> &str {
        match self.code.as_str() {
            "cy" => "Welsh",
            "en" => "English",
            "ga" => "Irish",
            "gd" => "Scottish Gaelic",
            _ => &self.tag,
        }
    }

    /// The language's name in itself, for the language switcher.
    pub(crate) fn autonym(&self) -> &str {
        match self.code.as_str() {
            "cy" => "Cymraeg",
            "en" => "English",
            "ga" => "Gaeilge",
            "gd" => "Gàidhlig",
            _ => &self.tag,
        }
    }
}

/// The primary subtag of a language tag, lower-cased: "en-GB" gives "en".
pub(crate) fn primary_subtag(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// Which of the project's languages a build pass is of, and what is
/// published once for all of them.
#[derive(Debug, Clone)]
pub(crate) struct LanguagePass {
    /// Every language of the project, the default first.
    pub(crate) all: Vec<Language>,
    /// The index in `all` of this pass's language.
    pub(crate) index: usize,
    /// The default language's `base_url` (the site's root).
    pub(crate) root_base_url: String,
    /// Site paths (without a leading `/`) of the files published once, at
    /// the root, for every language: the theme's and the project's static
    /// files. Addresses of these never take a language's folder.
    pub(crate) shared_files: Arc<BTreeSet<String>>,
    /// Site paths ("/case-studies/knowsley/") of this pass's pages that
    /// show the default language's text, having no translation.
    pub(crate) untranslated: Arc<BTreeSet<String>>,
    /// The theme's words for the names dossier gives things itself (the
    /// menu's "Vacancies", the case studies' section), in this pass's
    /// language: see [`BUILT_IN_NAMES`].
    pub(crate) words: Arc<BTreeMap<String, String>>,
}

/// The keys of the theme's strings for the names the site's model gives
/// (not its templates): menu entries and the case studies' section.
pub(crate) const BUILT_IN_NAMES: &[&str] = &[
    "case_studies",
    "vacancies",
    "meetings",
    "papers",
    "organisations",
    "confidential_item",
    "minutes_of_previous_meeting",
    "minutes_of_meeting_held_on",
    "closing_date",
    "draft_minutes",
    "minutes",
    "cal_recruitment_timetable",
    "cal_reference",
    "cal_open_vacancies",
    "cal_meetings",
    "cal_agenda_and_papers",
    "cal_cancelled",
    "cal_postponed",
    "cal_deadlines",
    "cal_deadline_about",
    "cal_working_days",
    "cal_clear_day",
    "cal_clear_days",
    "cal_clear_working_day",
    "cal_clear_working_days",
    "cal_reports_due",
    "cal_publish_agenda",
    "cal_key_decision_notice",
    "cal_private_meeting_notice",
    "meeting_cancelled",
    "meeting_postponed",
    "meeting_moved",
    "meeting_moved_from",
];

/// A page in one of the site's languages, for the language switcher and
/// `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Counterpart {
    /// The language's tag ("cy").
    pub(crate) lang: String,
    /// Its name in itself ("Cymraeg").
    pub(crate) name: String,
    /// The page's root-relative address in that language.
    pub(crate) url: String,
    /// Its absolute address.
    pub(crate) permalink: String,
    /// Whether it is this page.
    pub(crate) current: bool,
}

impl LanguagePass {
    /// The pass of a project with one language.
    pub(crate) fn single(tag: &str) -> LanguagePass {
        LanguagePass {
            all: vec![Language::of_tag(tag)],
            index: 0,
            root_base_url: String::new(),
            shared_files: Arc::default(),
            untranslated: Arc::default(),
            words: Arc::default(),
        }
    }

    /// [`LanguagePass::word`] with its `{name}` placeholders filled.
    pub(crate) fn fill(&self, key: &str, fallback: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.word(key, fallback).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The theme's word for `key` (one of [`BUILT_IN_NAMES`]) in this
    /// pass's language, or `fallback` if the theme has none.
    pub(crate) fn word<'a>(&'a self, key: &str, fallback: &'a str) -> &'a str {
        self.words.get(key).map_or(fallback, String::as_str)
    }

    /// The page at site path `path` in every language, the default first.
    pub(crate) fn counterparts(&self, path: &str) -> Vec<Counterpart> {
        let rel = path.trim_start_matches('/');
        let root = &self.root_base_url;
        let root_path = root
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/");
        self.all
            .iter()
            .enumerate()
            .map(|(i, l)| Counterpart {
                lang: l.tag.clone(),
                name: l.autonym().to_string(),
                url: format!("{root_path}{}{rel}", l.folder),
                permalink: format!("{root}{}{rel}", l.folder),
                current: i == self.index,
            })
            .collect()
    }

    /// This pass's language.
    pub(crate) fn language(&self) -> &Language {
        &self.all[self.index]
    }

    /// Whether this is the default language's pass.
    pub(crate) fn is_default(&self) -> bool {
        self.index == 0
    }

    /// Whether the project publishes in more than one language.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.all.len() > 1
    }

    /// The codes of the languages other than the default: the suffixes a
    /// translation file may have.
    pub(crate) fn translation_codes(&self) -> impl Iterator<Item = &str> {
        self.all[1..].iter().map(|l| l.code.as_str())
    }
}

/// Read `languages` and `[lang.<code>]`; `language` is the tag of
/// `language =` (or the default), which `languages` must begin with if both
/// are given.
pub(super) fn read(
    file: &SourceText,
    language: Option<&Spanned<String>>,
    languages: Option<&Spanned<Vec<Spanned<String>>>>,
    settings: Option<&Spanned<BTreeMap<String, RawLanguage>>>,
    problems: &mut Diagnostics,
) -> Vec<Language> {
    let default_tag = language.map_or("en-GB", |l| l.get_ref().as_str());
    let Some(listed) = languages else {
        if let Some(s) = settings {
            problems.push(
                Diagnostic::error("[lang] is set, but the site has one language")
                    .at(file, s.span().start)
                    .with_hint("list the site's languages first, e.g. `languages = [\"en-GB\", \"cy\"]`, or remove [lang]"),
            );
        }
        return vec![Language::of_tag(default_tag)];
    };
    let empty = BTreeMap::new();
    let settings_at = settings.map_or(listed.span().start, |s| s.span().start);
    let settings = settings.map_or(&empty, |s| s.get_ref());
    let mut out: Vec<Language> = Vec::new();
    for tag in listed.get_ref() {
        let at = tag.span().start;
        let t = tag.get_ref();
        if !super::is_language_tag(t) {
            problems.push(
                Diagnostic::error(format!("\"{t}\" is not a language tag"))
                    .at(file, at)
                    .with_hint("write languages like `languages = [\"en-GB\", \"cy\"]`"),
            );
            continue;
        }
        let lang = Language::of_tag(t);
        if out.iter().any(|o| o.code == lang.code) {
            problems.push(
                Diagnostic::error(format!("\"{t}\" is listed twice in languages"))
                    .at(file, at)
                    .with_hint(
                        "list each language once (\"en-GB\" and \"en\" are the same language here)",
                    ),
            );
            continue;
        }
        out.push(lang);
    }
    if listed.get_ref().is_empty() {
        problems.push(
            Diagnostic::error("languages is empty")
                .at(file, listed.span().start)
                .with_hint("list the site's languages, the default first, e.g. `languages = [\"en-GB\", \"cy\"]`, or remove the line"),
        );
    }
    if let (Some(lang), Some(first)) = (language, out.first())
        && primary_subtag(lang.get_ref()) != first.code
    {
        problems.push(
            Diagnostic::error(format!(
                "language is \"{}\", but languages begins with \"{}\"",
                lang.get_ref(),
                first.tag
            ))
            .at(file, lang.span().start)
            .with_hint("the first of languages is the default language; remove `language =`, or make it the first of languages"),
        );
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (i, lang) in out.iter_mut().enumerate() {
        let mine = settings.get(&lang.code);
        let given = mine.and_then(|m| m.folder.as_ref());
        if i == 0 {
            if let Some(m) = mine {
                let at = given
                    .map(|g| g.span().start)
                    .or(m.title.as_ref().map(|t| t.span().start))
                    .unwrap_or(settings_at);
                problems.push(
                    Diagnostic::error(format!("\"{}\" is the default language: its folder is the site's root, and its title and description are `title` and `description`", lang.code))
                        .at(file, at)
                        .with_hint(format!("remove [lang.{}]; only the other languages have settings there", lang.code)),
                );
            }
            continue;
        }
        lang.title = mine
            .and_then(|m| m.title.as_ref())
            .map(|t| t.get_ref().clone());
        lang.description = mine.and_then(|m| m.description.clone());
        lang.taxonomies = mine.map(|m| m.taxonomies.clone()).unwrap_or_default();
        lang.bodies = mine.map(|m| m.bodies.clone()).unwrap_or_default();
        let folder = given.map_or(lang.code.as_str(), |p| p.get_ref().as_str());
        let clean = folder.trim_matches('/');
        if !super::is_plain_name(clean) || used.contains(clean) {
            problems.push(
                Diagnostic::error(format!("\"{folder}\" cannot be the folder of a language"))
                    .at(file, given.map_or(listed.span().start, |p| p.span().start))
                    .with_hint("use one folder name of lower-case letters, digits, - and _, different for each language, e.g. `folder = \"cy\"`"),
            );
            continue;
        }
        used.insert(clean.to_string());
        lang.folder = format!("{clean}/");
    }
    for code in settings.keys() {
        if !out.iter().any(|l| &l.code == code) {
            problems.push(
                Diagnostic::error(format!("[lang.{code}] names a language that is not one of languages"))
                    .at(file, settings_at)
                    .with_hint(format!("add \"{code}\" to languages, or remove [lang.{code}] (settings are named by the language's code, e.g. [lang.cy])")),
            );
        }
    }
    out
}
