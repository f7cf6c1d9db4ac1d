//! `dossier.toml`: the site configuration, its defaults and its validation.
//!
//! Parsing is strict (`deny_unknown_fields`), so a misspelt key is reported with
//! a "did you mean" hint instead of being silently ignored; free-form data goes
//! under `[extra]`. All checks that need more than the type system live in
//! [`SiteConfig::load`], in one place.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{parse_toml, read_text};

mod cycle;
pub(crate) mod languages;

pub(crate) use cycle::{CalendarConfig, GovernanceConfig};
use cycle::{RawCalendar, calendar_config};
pub(crate) use languages::LanguagePass;

/// Whether `s` is a full web address (`https://` or `http://`), as every
/// address a user gives must be.
pub(crate) fn is_web_address(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// The default `[papers] exclusion_resolution`.
pub(crate) const EXCLUSION_RESOLUTION: &str = "That under section 100A(4) of the Local Government Act 1972 the public be excluded from the meeting for the following items of business, on the grounds that they involve the likely disclosure of exempt information as defined in Schedule 12A of the Act.";
/// The name of the configuration file at the project root.
pub(crate) const CONFIG_FILE: &str = "dossier.toml";

/// What to do with raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Pass it through unchanged (the default: authors are trusted).
    #[default]
    Allow,
    /// Show it as text, so no tag written in Markdown reaches the page.
    Escape,
}

/// `[markdown]` options.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// `raw_html = "allow" | "escape"`; default `"allow"`.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// `[check]`: thresholds of `dossier check`'s governance lints and of its
/// external link checker. Every key is optional.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// Warn about case studies whose `date` is more than this many years
    /// before the build date; `0` turns the lint off. Default `3`.
    pub(crate) case_study_max_age_years: u32,
    /// Moved to `[governance] notice_clear_days` (now counted in working
    /// days): reported as an error saying so.
    pub(crate) paper_min_clear_days: Option<toml::Value>,
    /// Warn about papers with more recommendations than this; `0` turns the
    /// lint off. Default `3`.
    pub(crate) paper_max_recommendations: u32,
    /// Warn about papers whose text is longer than this many words; `0`
    /// turns the lint off. Default `3000`.
    pub(crate) paper_max_words: u32,
    /// Warn about vacancies closed more than this many days ago that are
    /// still published; `0` turns the lint off. Default `90`.
    pub(crate) role_max_days_closed: u32,
    /// `--external`: at most this many requests at a time to one host.
    /// Default `2`.
    pub(crate) external_per_host: u32,
    /// `--external`: give up on a request after this many seconds. Default `15`.
    pub(crate) external_timeout_seconds: u32,
    /// `--external`: trust a link found working for this many hours (the
    /// cache is `.dossier-cache/external-links.json`); `0` checks every link
    /// every time. Default `24`.
    pub(crate) external_cache_hours: u32,
    /// `--external`: web addresses starting with any of these are not
    /// checked (sites that refuse robots, intranets). Default none.
    pub(crate) external_skip: Vec<String>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            case_study_max_age_years: 3,
            paper_min_clear_days: None,
            paper_max_recommendations: 3,
            paper_max_words: 3000,
            role_max_days_closed: 90,
            external_per_host: 2,
            external_timeout_seconds: 15,
            external_cache_hours: 24,
            external_skip: Vec::new(),
        }
    }
}

/// `[papers]`: board papers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PapersConfig {
    /// How references are made for papers that give none; placeholders
    /// `{body_code}`, `{yyyy}`, `{yy}`, `{mm}`, `{dd}`, `{item}`, `{slug}`.
    /// Default `"{body_code}/{yy}/{mm}/{item}"`.
    pub(crate) reference_format: String,
    /// The resolution to exclude the public, printed on public agendas before
    /// the first confidential item. Default: the Local Government Act 1972
    /// wording ([`EXCLUSION_RESOLUTION`]).
    pub(crate) exclusion_resolution: String,
}

impl Default for PapersConfig {
    fn default() -> Self {
        PapersConfig {
            reference_format: "{body_code}/{yy}/{mm}/{item}".into(),
            exclusion_resolution: EXCLUSION_RESOLUTION.into(),
        }
    }
}

/// `[leak_guard]`: how the public build treats what its leak guard finds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct LeakGuardConfig {
    /// What a public file the guard cannot read (an encrypted PDF, an
    /// unknown binary) is: `"warning"` (the default) or `"error"`.
    pub(crate) unreadable: Unreadable,
    /// Headings and sentences every paper may share with a confidential one
    /// ("Equality impact assessment"), which the guard does not look for.
    /// Default: none (the built-in theme's words and phrasing found in two
    /// or more public files are shared anyway).
    pub(crate) shared_phrases: Vec<String>,
}

/// See [`LeakGuardConfig::unreadable`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Unreadable {
    #[default]
    Warning,
    Error,
}

/// `[feed]`: the Atom feed (`atom.xml`) of dated pages.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FeedConfig {
    /// How many of the most recent dated pages the feed carries; `0` puts
    /// every dated page in it. Default `20`: feed readers only fetch what is
    /// new, and a feed of every page of a large site is tens of megabytes.
    pub(crate) limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig { limit: 20 }
    }
}

/// `[search]`: the site search index (`search/`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchConfig {
    /// How many characters of each page's text the index holds (titles,
    /// summaries and terms are always in it); `0` leaves the text out.
    /// Default `3000` (about 500 words: the part of a page where its
    /// subject is named). A search downloads only the chunks of the index
    /// that hold its words, but a longer text makes every chunk longer.
    pub(crate) text_limit: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { text_limit: 3000 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Spanned<String>,
    description: Option<String>,
    language: Option<Spanned<String>>,
    languages: Option<Spanned<Vec<Spanned<String>>>>,
    lang: Option<Spanned<BTreeMap<String, languages::RawLanguage>>>,
    theme: Option<Spanned<String>>,
    output_dir: Option<Spanned<String>>,
    private_output_dir: Option<Spanned<String>>,
    content_security_policy: Option<Spanned<String>>,
    taxonomies: Option<BTreeMap<String, String>>,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    governance: GovernanceConfig,
    #[serde(default)]
    papers: PapersConfig,
    #[serde(default)]
    leak_guard: LeakGuardConfig,
    #[serde(default)]
    feed: FeedConfig,
    #[serde(default)]
    search: SearchConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    extra: toml::Table,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Required.
    pub(crate) title: String,
    /// Required; always ends with `/`.
    pub(crate) base_url: String,
    /// Optional; default none.
    pub(crate) description: Option<String>,
    /// BCP 47 language tag of this build pass; default `"en-GB"` (or the
    /// first of `languages`).
    pub language: String,
    /// The project's languages and which one this pass builds.
    pub(crate) pass: LanguagePass,
    /// Theme name; default `"default"` (the built-in theme).
    pub theme: String,
    /// Output folder relative to the project root; default `"public"`.
    pub(crate) output_dir: String,
    /// Taxonomy name (the front-matter key) to its display title; default
    /// `themes = "Themes"` and `regions = "Regions"`.
    pub taxonomies: BTreeMap<String, String>,
    /// `[markdown]` options.
    pub markdown: MarkdownConfig,
    /// `[check]` thresholds for `dossier check`.
    pub(crate) check: CheckConfig,
    /// Where `dossier build --confidential` writes; default `"private"`.
    pub(crate) private_output_dir: String,
    /// `[calendar]` options.
    pub(crate) calendar: CalendarConfig,
    /// `[governance]` options.
    pub(crate) governance: GovernanceConfig,
    /// `[papers]` options.
    pub(crate) papers: PapersConfig,
    /// `[leak_guard]` options.
    pub(crate) leak_guard: LeakGuardConfig,
    /// `[feed]` options.
    pub(crate) feed: FeedConfig,
    /// `[search]` options.
    pub(crate) search: SearchConfig,
    /// The Content-Security-Policy the default theme's pages declare;
    /// default [`DEFAULT_CSP`], empty for none.
    pub(crate) content_security_policy: String,
    /// Free-form `[extra]` table, passed to templates as `site.extra`.
    pub(crate) extra: toml::Table,
}

/// The default theme's Content-Security-Policy: scripts, styles, fonts and
/// requests from the site itself only (so no inline script runs, and no
/// inline style applies; JSON-LD is data, not script), images from the site
/// or any secure address, no plug-ins, and forms and `<base>` kept to the
/// site.
pub(crate) const DEFAULT_CSP: &str = "default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; form-action 'self'";

impl SiteConfig {
    /// Read and validate `dossier.toml` in `root`.
    pub(crate) fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let mut problems = Diagnostics::new();
        let file = read_text(root, Path::new(CONFIG_FILE)).map_err(|d| {
            let mut all = Diagnostics::new();
            let d = if root.join(CONFIG_FILE).exists() {
                d
            } else {
                Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display())).with_hint(
                    "run dossier in the project folder (the one holding dossier.toml), pass it with --root, or create a project with `dossier init <folder>`",
                )
            };
            all.push(d);
            all
        })?;
        let raw: RawConfig = parse_toml(&file, &file.text, 0).map_err(|d| {
            let mut all = Diagnostics::new();
            all.push(d);
            all
        })?;

        let base_url = raw.base_url.get_ref().trim().to_string();
        if !is_web_address(&base_url) || base_url.contains(char::is_whitespace) {
            problems.push(
                Diagnostic::error("base_url must be a full web address")
                    .at(&file, raw.base_url.span().start)
                    .with_hint("write it like `base_url = \"https://www.example.org/\"`"),
            );
        }
        let languages = languages::read(
            &file,
            raw.language.as_ref(),
            raw.languages.as_ref(),
            raw.lang.as_ref(),
            &mut problems,
        );
        let language = match (&raw.language, languages.first()) {
            (Some(l), _) => l.get_ref().clone(),
            (None, Some(first)) => first.tag.clone(),
            (None, None) => "en-GB".to_string(),
        };
        if let Some(lang) = &raw.language
            && !is_language_tag(lang.get_ref())
        {
            problems.push(
                Diagnostic::error(format!("\"{}\" is not a language tag", lang.get_ref()))
                    .at(&file, lang.span().start)
                    .with_hint("use a tag such as \"en-GB\", \"en\" or \"cy\" (Welsh)"),
            );
        }
        let theme = raw
            .theme
            .as_ref()
            .map_or_else(|| "default".to_string(), |t| t.get_ref().clone());
        if let Some(t) = &raw.theme
            && !is_plain_name(t.get_ref())
        {
            problems.push(
                Diagnostic::error(format!("\"{}\" is not a theme name", t.get_ref()))
                    .at(&file, t.span().start)
                    .with_hint(
                        "a theme name is the name of a folder under themes/, such as \"default\"",
                    ),
            );
        }
        if let Some(csp) = &raw.content_security_policy
            && csp.get_ref().contains(['\n', '\r'])
        {
            problems.push(
                Diagnostic::error("content_security_policy must be one line")
                    .at(&file, csp.span().start)
                    .with_hint("separate its directives with `;`, like \"default-src 'self'; img-src 'self' https:\""),
            );
        }
        let calendar = calendar_config(&raw.calendar, &file, &mut problems);
        if raw.check.paper_min_clear_days.is_some() {
            let at = file.text.find("paper_min_clear_days").unwrap_or(0);
            problems.push(
                Diagnostic::error("`paper_min_clear_days` under [check] has moved")
                    .at(&file, at)
                    .with_note("notice is now counted in clear working days (no weekends or bank holidays), as the law counts it")
                    .with_hint("delete it, and if your body's notice differs from the statutory one, set `notice_clear_days` under [governance] (see docs/deadlines.md)"),
            );
        }
        let output_dir = raw
            .output_dir
            .as_ref()
            .map_or_else(|| "public".to_string(), |o| o.get_ref().clone());
        if output_dir.trim().is_empty() {
            problems.push(
                Diagnostic::error("output_dir is empty")
                    .at(&file, raw.output_dir.as_ref().map_or(0, |o| o.span().start))
                    .with_hint("name the folder the site is written to, such as \"public\""),
            );
        }
        let taxonomies = raw.taxonomies.unwrap_or_else(|| {
            BTreeMap::from([
                ("regions".to_string(), "Regions".to_string()),
                ("themes".to_string(), "Themes".to_string()),
            ])
        });
        for name in taxonomies.keys() {
            if !is_plain_name(name) {
                problems.push(
                    Diagnostic::error(format!("\"{name}\" cannot be a taxonomy name"))
                        .at(&file, file.text.find(name.as_str()).unwrap_or(0))
                        .with_hint("use lower-case letters, digits, - and _ only, e.g. `themes = \"Themes\"`"),
                );
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(SiteConfig {
            title: raw.title,
            base_url: if base_url.ends_with('/') {
                base_url
            } else {
                format!("{base_url}/")
            },
            description: raw.description,
            language,
            pass: LanguagePass {
                all: languages,
                index: 0,
                root_base_url: String::new(),
                shared_files: Default::default(),
                untranslated: Default::default(),
                words: Default::default(),
            },
            theme,
            output_dir,
            taxonomies,
            markdown: raw.markdown,
            check: raw.check,
            private_output_dir: raw
                .private_output_dir
                .as_ref()
                .map_or_else(|| "private".to_string(), |o| o.get_ref().clone()),
            calendar,
            governance: raw.governance,
            papers: raw.papers,
            leak_guard: raw.leak_guard,
            feed: raw.feed,
            search: raw.search,
            content_security_policy: raw
                .content_security_policy
                .map_or_else(|| DEFAULT_CSP.to_string(), |c| c.into_inner()),
            extra: raw.extra,
        })
    }

    /// The path part of `base_url` ("/" or e.g. "/briefing/"), prefixed to
    /// every root-relative link so a site can live below a domain's root.
    pub(crate) fn base_path(&self) -> &str {
        path_of(&self.base_url)
    }

    /// A site path ("/case-studies/x/") as a root-relative URL under the
    /// base path (of this pass's language; a file published once for every
    /// language keeps the root's).
    pub(crate) fn url(&self, path: &str) -> String {
        let rel = path.trim_start_matches('/');
        if self.pass.index > 0 && self.is_shared(rel) {
            let root = &self.pass.root_base_url;
            return format!("{}{rel}", path_of(root));
        }
        format!("{}{rel}", self.base_path())
    }

    /// A site path as an absolute URL.
    pub(crate) fn permalink(&self, path: &str) -> String {
        let rel = path.trim_start_matches('/');
        if self.is_shared(rel) {
            return format!("{}{rel}", self.pass.root_base_url);
        }
        format!("{}{rel}", self.base_url)
    }

    /// Whether `rel` (a site path without its leading `/`) is a file
    /// published once, at the root, for every language.
    pub(crate) fn is_shared(&self, rel: &str) -> bool {
        !self.pass.is_default() && self.pass.shared_files.contains(rel)
    }

    /// This configuration for the pass of the project's `index`th language:
    /// its tag, and its `base_url` under the language's folder. `shared`
    /// lists the files published once, at the root.
    pub(crate) fn for_language(
        &self,
        index: usize,
        shared: std::sync::Arc<std::collections::BTreeSet<String>>,
    ) -> SiteConfig {
        let mut c = self.clone();
        let lang = &self.pass.all[index];
        c.language = if index == 0 {
            self.language.clone()
        } else {
            lang.tag.clone()
        };
        c.pass.index = index;
        c.pass.root_base_url = self.base_url.clone();
        c.pass.shared_files = shared;
        c.base_url = format!("{}{}", self.base_url, lang.folder);
        if let Some(title) = &lang.title {
            c.title = title.clone();
        }
        if lang.description.is_some() {
            c.description = lang.description.clone();
        }
        for (name, title) in &lang.taxonomies {
            if let Some(t) = c.taxonomies.get_mut(name) {
                t.clone_from(title);
            }
        }
        c
    }
}

/// The path part of a web address ("/" or e.g. "/briefing/").
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let dir = std::env::temp_dir().join(format!(
            "dossier-config-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(CONFIG_FILE), text).unwrap();
        let result = SiteConfig::load(&dir).map_err(Diagnostics::into_sorted);
        std::fs::remove_dir_all(&dir).unwrap();
        result
    }

    #[test]
    fn applies_defaults_and_normalises_base_url() {
        let c = load("title = \"T\"\nbase_url = \"https://example.org/briefing\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/briefing/");
        assert_eq!(c.base_path(), "/briefing/");
        assert_eq!(c.url("/case-studies/"), "/briefing/case-studies/");
        assert_eq!(c.language, "en-GB");
        assert_eq!(c.theme, "default");
        assert_eq!(c.output_dir, "public");
        assert_eq!(
            c.taxonomies.keys().collect::<Vec<_>>(),
            ["regions", "themes"]
        );
    }

    #[test]
    fn check_table_has_defaults_and_rejects_unknown_keys() {
        let c =
            load("title = \"T\"\nbase_url = \"https://e.org/\"\n[check]\nexternal_per_host = 4\n")
                .unwrap();
        assert_eq!(c.check.external_per_host, 4);
        assert_eq!(c.check.case_study_max_age_years, 3);
        let errs =
            load("title = \"T\"\nbase_url = \"https://e.org/\"\n[check]\ncase_study_max_age = 2\n")
                .unwrap_err();
        assert!(
            errs[0].message.contains("case_study_max_age"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn reports_every_bad_value_together() {
        let errs =
            load("title = \"T\"\nbase_url = \"example.org\"\nlanguage = \"en GB\"\n").unwrap_err();
        let messages: Vec<_> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (2, "base_url must be a full web address"),
                (3, "\"en GB\" is not a language tag")
            ]
        );
    }
}
