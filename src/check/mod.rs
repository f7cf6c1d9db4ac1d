//! `dossier check`: is this project fit to publish?
//!
//! Check runs the whole build in memory (nothing is written) and then reads
//! what it made: every build diagnostic, accessibility lints on every
//! rendered page ([`html`]), broken internal links and anchors in the
//! rendered HTML, governance lints on the resolved site ([`governance`]),
//! and with `--external` the web addresses the site links to
//! ([`external`]). Lints on rendered HTML are pointed back at the content
//! file, or the template, a person would edit ([`locate`]).
//!
//! Findings carry a rule id (listed in [`RULES`]) for the JSON and SARIF
//! forms, and a level: errors and warnings as in the build, plus notes for
//! links that could not be verified (never counted as failures).

pub(crate) mod deadlines;
pub(crate) mod executive;
pub(crate) mod external;
pub(crate) mod format;
pub(crate) mod governance;
pub(crate) mod html;
pub(crate) mod locate;
pub(crate) mod minutes;
mod rules;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use crate::build::{self, BuildSettings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;
use crate::output::{self, Sink};
use html::{Issue, PageFacts};
use locate::{Content, Locator, PageOrigin, Place};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Error,
    Warning,
    /// For information: never fails a check.
    Note,
}

/// One problem found by `check`.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    /// The rule's id, from [`RULES`].
    pub(crate) rule: &'static str,
    pub(crate) level: Level,
    pub(crate) diagnostic: Diagnostic,
}

impl Finding {
    pub(crate) fn new(rule: &'static str, level: Level, diagnostic: Diagnostic) -> Self {
        let diagnostic = Diagnostic {
            severity: if level == Level::Error {
                Severity::Error
            } else {
                Severity::Warning
            },
            ..diagnostic
        };
        Finding {
            rule,
            level,
            diagnostic,
        }
    }

    fn from_build(d: Diagnostic) -> Self {
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        // The build's warnings of what is not yet translated have a rule of
        // their own, so that a report can be filtered by it.
        let rule = if d
            .message
            .starts_with(crate::load::translation::UNTRANSLATED)
        {
            "untranslated"
        } else {
            "build"
        };
        Finding {
            rule,
            level,
            diagnostic: d,
        }
    }
}

pub(crate) use rules::RULES;

/// Validated settings for one check.
#[derive(Debug, Clone)]
pub(crate) struct CheckSettings {
    pub(crate) build: BuildSettings,
    /// Fail on warnings too.
    pub(crate) deny_warnings: bool,
    /// Check external links.
    pub(crate) external: bool,
}

/// Counts for the summary line and the JSON form.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) pages: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) notes: usize,
    /// Of the notes: links that could not be verified.
    pub(crate) unverified: usize,
    /// Of the notes: upcoming meetings' deadlines.
    pub(crate) deadlines: usize,
}

/// What a check found.
#[derive(Debug)]
pub(crate) struct CheckOutcome {
    /// Sorted by file and position.
    pub(crate) findings: Vec<Finding>,
    pub(crate) summary: Summary,
    /// 0 fit to publish, 1 problems, 2 usage or I/O problems.
    pub(crate) exit_code: u8,
}

/// Run the check.
pub(crate) fn check(settings: &CheckSettings) -> CheckOutcome {
    let mut findings = Vec::new();
    let mut pages = 0;
    let usage_failure = match run(settings, &mut findings, &mut pages) {
        Ok(()) => false,
        Err(code) => code == 2,
    };
    findings.sort_by(|a, b| {
        let (x, y) = (&a.diagnostic, &b.diagnostic);
        (&x.path, x.line, x.col, a.level, &x.message)
            .cmp(&(&y.path, y.line, y.col, b.level, &y.message))
    });
    let count = |l: Level| findings.iter().filter(|f| f.level == l).count();
    let summary = Summary {
        pages,
        errors: count(Level::Error),
        warnings: count(Level::Warning),
        notes: count(Level::Note),
        unverified: findings
            .iter()
            .filter(|f| f.rule == "external-unverified")
            .count(),
        // Meetings, not notes: an executive's has up to three.
        deadlines: findings
            .iter()
            .filter(|f| f.rule == "meeting-deadlines" && f.level == Level::Note)
            .map(|f| &f.diagnostic.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
    };
    let exit_code = if usage_failure {
        2
    } else if summary.errors > 0 || (settings.deny_warnings && summary.warnings > 0) {
        1
    } else {
        0
    };
    CheckOutcome {
        findings,
        summary,
        exit_code,
    }
}

/// The check proper; `Err(exit code)` when the build itself failed.
fn run(settings: &CheckSettings, findings: &mut Vec<Finding>, pages: &mut usize) -> Result<(), u8> {
    let fail = |failure: build::BuildFailure, findings: &mut Vec<Finding>| {
        findings.extend(failure.diagnostics.into_iter().map(Finding::from_build));
        failure.exit_code
    };
    let config = build::load_config(&settings.build).map_err(|f| fail(f, findings))?;
    let mut passes =
        build::prepare_passes(&settings.build, config).map_err(|f| fail(f, findings))?;
    let mut memory = output::Memory::default();
    *pages = build::render_passes(&settings.build, &mut passes, &mut memory)
        .map_err(|f| fail(f, findings))?
        .pages;
    findings.extend(passes.warnings().into_iter().map(Finding::from_build));
    // The rules of the meeting cycle read the sources, the same in every
    // language: the default language's pass is checked.
    let prepared = passes.default_language();

    let root = &settings.build.root;
    let site = &prepared.site;
    let read = |content_path: &str| {
        crate::source::read_text(root, &crate::load::project_path(content_path)).ok()
    };
    let cx = governance::Context {
        site,
        config: &site.config.check,
        read: &read,
    };
    findings.extend(governance::run(&cx));
    findings.extend(deadlines::run(&cx));
    findings.extend(executive::run(&cx));
    findings.extend(minutes::run(&cx));

    // Each language's pages, placed in the files their text is from: a
    // translation, or the source of a page without one.
    let mut origins = HashMap::new();
    for p in &passes.each {
        origins.extend(origins_in_language(&p.site, &read));
    }
    let mut locator = Locator::new(&prepared.theme.templates, &origins);
    let facts: BTreeMap<&str, PageFacts> = memory
        .files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| {
            (
                name.as_str(),
                html::read_page(&String::from_utf8_lossy(bytes)),
            )
        })
        .collect();
    let mut shared = SharedFindings::default();
    let mut external_uses: Vec<(String, String, std::ops::Range<usize>)> = Vec::new();
    for (&name, page) in &facts {
        let text = String::from_utf8_lossy(&memory.files[name]).into_owned();
        for found in &page.issues {
            let (rule, d, needles) = describe(&found.issue);
            let (d, place) = locator.place(d, name, &text, found.span.clone(), &needles);
            shared.push(Finding::new(rule, Level::Warning, d), place);
        }
        for link in &page.links {
            match classify(&link.url, site) {
                Target::External(url) => {
                    external_uses.push((url, name.to_string(), link.span.clone()))
                }
                Target::Internal(path, fragment) => {
                    let base_path = site.config.base_path();
                    if let Some(problem) = internal_problem(
                        name,
                        &path,
                        fragment.as_deref(),
                        base_path,
                        &memory,
                        &facts,
                    ) {
                        let d = Diagnostic::error(problem).with_hint(
                            "link to pages with @/ and the file's path under content/ (dossier then checks the link when it builds), or correct the address",
                        );
                        let needles = [format!("({}", link.url), link.url.clone()];
                        let (d, place) = locator.place(d, name, &text, link.span.clone(), &needles);
                        shared.push(Finding::new("internal-link", Level::Error, d), place);
                    }
                }
                Target::Other => {}
            }
        }
    }

    if settings.external {
        let config = &site.config.check;
        external_uses.retain(|(url, _, _)| {
            !config
                .external_skip
                .iter()
                .any(|p| url.starts_with(p.as_str()))
        });
        let urls: Vec<String> = external_uses.iter().map(|(u, _, _)| u.clone()).collect();
        let external_settings = external::ExternalSettings {
            per_host: config.external_per_host as usize,
            workers: 8,
            timeout: Duration::from_secs(config.external_timeout_seconds.max(1).into()),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(10),
            cache_for: Duration::from_secs(u64::from(config.external_cache_hours) * 3600),
            cache: settings
                .build
                .cache
                .as_ref()
                .map(|c| c.root().join(external::CACHE_FILE)),
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let verdicts = external::check_all(&urls, &external_settings);
        for (url, name, span) in external_uses {
            let (rule, level, d) = match verdicts.get(&url) {
                Some(external::Verdict::Broken(why)) => (
                    "external-link",
                    Level::Warning,
                    Diagnostic::warning(format!("the link {url} is broken: {why}"))
                        .with_hint("correct or remove the link; an archived copy (web.archive.org) may stand in for a page that has gone"),
                ),
                Some(external::Verdict::Unverified(why)) => (
                    "external-unverified",
                    Level::Note,
                    Diagnostic::warning(format!("could not verify the link {url}: {why}"))
                        .with_hint("open it in a browser to check it; add its start to `external_skip` under [check] in dossier.toml to stop checking it"),
                ),
                _ => continue,
            };
            let text = String::from_utf8_lossy(&memory.files[name.as_str()]).into_owned();
            let needles = [format!("({url}"), url.clone()];
            let (d, place) = locator.place(d, &name, &text, span, &needles);
            shared.push(Finding::new(rule, level, d), place);
        }
    }
    // A page shown in every language from one source (an untranslated one)
    // has the same problem at the same place in each: it is reported once.
    for finding in shared.finish() {
        let seen = findings
            .iter()
            .any(|f| f.rule == finding.rule && f.diagnostic == finding.diagnostic);
        if !seen {
            findings.push(finding);
        }
    }
    Ok(())
}

/// Findings in templates are the same on every page that uses the
/// template: keep one, and say on how many pages it was seen.
#[derive(Default)]
struct SharedFindings {
    items: Vec<(Finding, usize)>,
    index: HashMap<(Option<PathBuf>, usize, usize, String), usize>,
}

impl SharedFindings {
    fn push(&mut self, f: Finding, place: Place) {
        let d = &f.diagnostic;
        let key = (d.path.clone(), d.line, d.col, d.message.clone());
        if place != Place::Content || d.line == 0 {
            if let Some(&i) = self.index.get(&key) {
                self.items[i].1 += 1;
                return;
            }
            self.index.insert(key, self.items.len());
        }
        self.items.push((f, 1));
    }

    fn finish(self) -> impl Iterator<Item = Finding> {
        self.items.into_iter().map(|(mut f, n)| {
            if n > 1
                && let Some(note) = &f.diagnostic.note
            {
                f.diagnostic.note = Some(format!("{note} and {} other pages", n - 1));
            }
            f
        })
    }
}

/// The rule, message and search needles of an accessibility issue.
fn describe(issue: &Issue) -> (&'static str, Diagnostic, Vec<String>) {
    match issue {
        Issue::ImageWithoutAlt { src } => (
            "img-alt",
            Diagnostic::warning(format!("the image {src} has no alt text")).with_hint(
                "describe what the image shows, for people who cannot see it: in Markdown ![a chart of spending by year](file.png), in HTML alt=\"...\"; use an empty alt only for decoration",
            ),
            vec![format!("]({src}"), src.clone()],
        ),
        Issue::SkippedHeading { from, to, text } => (
            "heading-order",
            Diagnostic::warning(if *from == 0 {
                format!("the heading \"{text}\" is an h{to}, but no heading comes before it")
            } else {
                format!("the heading \"{text}\" is an h{to} under an h{from}: a level is skipped")
            })
            .with_hint(
                "screen-reader users move through a page by its headings: give each heading one more # than the one above it (## under the page title, ### under a ##)",
            ),
            vec![format!("{} {text}", "#".repeat(usize::from(*to))), text.clone()],
        ),
        Issue::EmptyLink { href } => (
            "link-text",
            Diagnostic::warning(format!("the link to {href} has no text")).with_hint(
                "screen readers read out the address instead: give the link words, or the image inside it alt text",
            ),
            vec![format!("]({href}"), href.clone()],
        ),
        Issue::VagueLink { href, text } => (
            "link-text",
            Diagnostic::warning(format!("the link text \"{text}\" does not say where the link goes"))
                .with_hint(
                    "write link text that makes sense on its own, as in a screen reader's list of links: [the 2025 annual report](...) rather than [click here](...)",
                ),
            vec![format!("[{text}]("), format!(">{text}<"), text.clone(), href.clone()],
        ),
        Issue::TableWithoutHeaders { first_cell } => (
            "table-headers",
            Diagnostic::warning("this table has no header cells").with_hint(
                "give the table a header row: a Markdown table's first row, or <th> cells in HTML, so each cell can be read with its column's name",
            ),
            vec![first_cell.clone()],
        ),
        Issue::MissingLang => (
            "html-lang",
            Diagnostic::warning("this page does not say what language it is in").with_hint(
                "the template's <html> tag needs lang=\"{{ site.language }}\" (language is set in dossier.toml), so screen readers pronounce the text correctly",
            ),
            vec!["<html>".to_string()],
        ),
    }
}

/// Where each built page came from.
fn origins_in_language(
    site: &Site,
    read: &dyn Fn(&str) -> Option<crate::diagnostic::SourceText>,
) -> HashMap<String, PageOrigin> {
    let mut map = HashMap::new();
    let language = site.config.pass.language();
    let folder = language.folder.clone();
    let mut add = |path: &str, content_path: Option<String>, body_html: &str| {
        let content = content_path.and_then(|cp| {
            // In a language other than the default, a page's text is its
            // translation's when it has one.
            let translated = (!folder.is_empty())
                .then(|| crate::load::translation::translation_path(&cp, &language.code))
                .and_then(|t| read(&t));
            let file = match translated {
                Some(file) => file,
                None => read(&cp)?,
            };
            let cp = file.path.to_string_lossy().into_owned();
            let body_offset = if cp.ends_with(".md") {
                crate::source::split_front_matter(&file).map_or(0, |s| s.body_offset)
            } else {
                0
            };
            Some(Content {
                file,
                body_offset,
                body_html: body_html.to_string(),
            })
        });
        map.insert(
            format!("{folder}{}", file_for(path)),
            PageOrigin {
                url_path: if folder.is_empty() {
                    path.to_string()
                } else {
                    format!("/{folder}{}", path.trim_start_matches('/'))
                },
                content,
            },
        );
    };
    add("/", Some("_index.md".into()), &site.home.body.html);
    for s in &site.sections {
        add(
            &s.path,
            Some(format!("{}/_index.md", s.folder)),
            &s.body.html,
        );
    }
    for p in &site.pages {
        // `check` renders every body while resolving (no page is deferred).
        debug_assert!(!p.deferred);
        add(&p.path, Some(p.content_path.clone()), &p.body.html);
    }
    for o in &site.organisations {
        add(
            &o.path,
            Some(format!("{}/{}.toml", crate::load::ORGANISATIONS, o.slug)),
            o.about_html.as_deref().unwrap_or(""),
        );
    }
    map
}

use crate::render::emit::{file_for, percent_decode};

enum Target {
    /// An absolute web address elsewhere.
    External(String),
    /// A path of this site (relative to the output folder, as written to
    /// it, before `index.html` is added) and a fragment.
    Internal(String, Option<String>),
    /// mailto:, tel:, data:, javascript: and the like.
    Other,
}

/// What a link in a built page points at. Relative links are resolved
/// against the page itself later; here they keep their leading text.
fn classify(url: &str, site: &Site) -> Target {
    let url = url.trim();
    let base = &site.config.base_url;
    if let Some(rest) = url.strip_prefix(base.as_str()) {
        return split_fragment(&format!("{}{rest}", site.config.base_path()));
    }
    if crate::config::is_web_address(url) {
        return Target::External(url.split('#').next().unwrap_or(url).to_string());
    }
    // An `@/` link dossier could not resolve (Markdown a template rendered
    // with its `markdown` filter) points at no page of the site.
    if url.starts_with("dossier:") {
        return Target::Internal(url.to_string(), None);
    }
    if url.starts_with("//") || has_scheme(url) {
        return Target::Other;
    }
    split_fragment(url)
}

/// Whether a URL starts with a scheme (`mailto:`, `tel:`, `data:`): a colon
/// before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    match (url.find(':'), url.find(['/', '?', '#'])) {
        (Some(colon), Some(sep)) => colon < sep,
        (Some(_), None) => true,
        _ => false,
    }
}

fn split_fragment(url: &str) -> Target {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    Target::Internal(path.to_string(), fragment)
}

/// Why an internal link from the built file `from` is broken, if it is.
fn internal_problem(
    from: &str,
    path: &str,
    fragment: Option<&str>,
    base_path: &str,
    memory: &output::Memory,
    facts: &BTreeMap<&str, PageFacts>,
) -> Option<String> {
    let shown = match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    };
    let target = if path.is_empty() {
        from.to_string()
    } else {
        let joined = if let Some(abs) = path.strip_prefix('/') {
            match format!("/{abs}").strip_prefix(base_path) {
                Some(rest) => rest.to_string(),
                None => {
                    return Some(format!(
                        "the link {shown} leaves the site, which is published under {base_path}"
                    ));
                }
            }
        } else {
            let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{path}")
        };
        let decoded = percent_decode(&joined)?;
        let mut parts: Vec<&str> = Vec::new();
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        let mut rel = parts.join("/");
        if decoded.ends_with('/') || rel.is_empty() {
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str("index.html");
        }
        if memory.contains(&rel) {
            rel
        } else if memory.contains(&format!("{rel}/index.html")) {
            format!("{rel}/index.html")
        } else {
            return Some(format!(
                "the link {shown} points to a page that does not exist"
            ));
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let page = facts.get(target.as_str())?;
    let fragment = percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    (!page.ids.contains(&fragment)).then(|| {
        format!("the link {shown} points to an anchor #{fragment} that is not on that page")
    })
}

#[cfg(test)]
mod tests;
