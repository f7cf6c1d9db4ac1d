//! Rebuilds for `dossier serve`: only what a change can have changed.
//!
//! A session keeps the last good build: the resolved site, its renderer,
//! the files it made, and what an edit is checked against (each page's
//! front matter, the targets of `@/` links, the page summaries listings are
//! made of). Then, for each change:
//!
//! - **The text of one page or case study** (its front matter unchanged,
//!   its headings' ids unchanged, every link in it resolving): the page's
//!   Markdown is rendered again, and only the three files that print a
//!   page's text are rendered again: the page itself, `atom.xml` and the
//!   search index (`search/`, made again from every page's entry, which the
//!   session keeps: a word's postings run through the whole site). Listings, taxonomy pages, neighbours and packs
//!   show a page's title, date, summary and organisations, never its text,
//!   so they cannot have changed. This is the edit an author makes all day.
//! - **Page templates** (not shortcodes, not PDF templates): the model is
//!   kept, the templates are loaded again, and only the files made with a
//!   template that uses an edited one (`extends`, `include`, `import`, at
//!   any depth; all of them when a component changed) are rendered again.
//! - **Anything else** (front matter, a new or deleted file, organisations,
//!   roles, papers, meetings, shortcode and PDF templates, static files,
//!   `dossier.toml`): the whole site is built again in memory, as `dossier
//!   build` would. A title or date can reorder listings and change
//!   neighbours, a shortcode is rendered into pages' Markdown, and the
//!   configuration is used by every page; a full build is the one answer
//!   that is always right for those.
//!
//! Whenever the quick path is unsure (a problem in the edited page, a
//! heading id other pages may link to, confidential text), it falls back to
//! the full build, which reports the problem as `dossier build` would. After
//! a failed build the session forgets its last build, so the next change is
//! always built in full from what is on disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::{self, BuildFailure, BuildSettings, Prepared};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::LinkTargets;
use crate::output::{Memory, Sink};
use crate::render::view::Views;

/// The files of a built site, by path relative to its root. Cloning the map
/// shares the files' bytes.
pub(crate) type BuiltFiles = Arc<BTreeMap<String, Arc<[u8]>>>;

/// What a rebuild did.
pub(crate) struct Rebuilt {
    pub(crate) files: BuiltFiles,
    /// HTML pages in the site.
    pub(crate) pages: usize,
    /// Warnings (from the last full build).
    pub(crate) warnings: Vec<Diagnostic>,
    /// `None` for a full build; otherwise the files rendered again.
    pub(crate) rerendered: Option<Vec<String>>,
}

/// The last good build, and what edits are checked against.
struct Last {
    prepared: Prepared,
    summary_values: Vec<tera::Value>,
    places: Vec<Option<(usize, usize)>>,
    targets: LinkTargets,
    pack_pages: BTreeMap<String, usize>,
    /// The entries of the search index, page `i` at `i`.
    search: Vec<crate::site::IndexedPage>,
    files: BuiltFiles,
    pages: usize,
}

impl Last {
    /// Put files rendered again in place of the old ones, and take away
    /// `gone` (search index files a rebuild no longer makes).
    fn merge(&mut self, rendered: Shared, gone: Vec<String>) -> Rebuilt {
        let mut files = (*self.files).clone();
        let mut names = Vec::new();
        for (name, bytes) in rendered.0 {
            names.push(name.clone());
            files.insert(name, bytes);
        }
        for name in gone {
            files.remove(&name);
            names.push(name);
        }
        names.sort();
        self.files = Arc::new(files);
        Rebuilt {
            files: self.files.clone(),
            pages: self.pages,
            warnings: Vec::new(),
            rerendered: Some(names),
        }
    }
}

/// Rebuilds of one project while it is served.
pub(crate) struct Session {
    settings: BuildSettings,
    last: Option<Last>,
}

impl Session {
    pub(crate) fn new(settings: BuildSettings) -> Session {
        Session {
            settings,
            last: None,
        }
    }

    /// Build again after `changed` (project-relative paths; empty for the
    /// first build).
    pub(crate) fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildFailure> {
        if let [one] = changed
            && let Some(rebuilt) = self.page_text_edit(one)
        {
            return Ok(rebuilt);
        }
        if let Some(rebuilt) = self.template_edit(changed) {
            return Ok(rebuilt);
        }
        self.full()
    }

    /// Build the whole site in memory and remember it.
    fn full(&mut self) -> Result<Rebuilt, BuildFailure> {
        self.last = None;
        let config = build::load_config(&self.settings)?;
        let mut passes = build::prepare_passes(&self.settings, config)?;
        let mut memory = Memory::default();
        let written = build::render_passes(&self.settings, &mut passes, &mut memory)?;
        let files: BuiltFiles = Arc::new(
            memory
                .files
                .into_iter()
                .map(|(k, v)| (k, Arc::from(v)))
                .collect(),
        );
        if passes.each.len() > 1 {
            // A site in several languages is built whole after every
            // change: an edit of one language's page changes the others'
            // switchers and untranslated copies.
            return Ok(Rebuilt {
                files,
                pages: written.pages,
                warnings: passes.warnings(),
                rerendered: None,
            });
        }
        let mut prepared = passes.each.pop().expect("one pass");
        let values = prepared.renderer.summary_values(&prepared.site);
        let Views {
            summary_values,
            places,
            ..
        } = Views::with_values(&prepared.site, values);
        let targets = crate::model::link_targets(&prepared.site);
        let search = crate::site::search_entries(&prepared.site, &written.pack_pages);
        let warnings = std::mem::take(&mut prepared.problems).into_sorted();
        self.last = Some(Last {
            prepared,
            summary_values,
            places,
            targets,
            pack_pages: written.pack_pages,
            search,
            files: files.clone(),
            pages: written.pages,
        });
        Ok(Rebuilt {
            files,
            pages: written.pages,
            warnings,
            rerendered: None,
        })
    }

    /// The quick path: `changed` is a page or case study whose text alone
    /// changed. `None` when it is not, or when anything is in doubt.
    fn page_text_edit(&mut self, changed: &Path) -> Option<Rebuilt> {
        let content_path = changed
            .strip_prefix("content")
            .ok()?
            .to_str()?
            .replace('\\', "/");
        let last = self.last.as_mut()?;
        let site = &last.prepared.site;
        let index = site
            .pages
            .iter()
            .position(|p| p.content_path == content_path)?;
        let file = crate::source::read_text(&self.settings.root, changed).ok()?;
        let split = crate::source::split_front_matter(&file).ok()?;
        let front_matter = &file.text[split.front_matter_offset..split.body_offset];
        if last.prepared.front_matter.get(&content_path) != Some(&crate::load::stamp(front_matter))
        {
            return None;
        }
        let body_offset = split.body_offset;
        let (mut body, errors) = crate::markdown::render(
            &file.text[body_offset..],
            site.config.markdown.raw_html,
            &last.prepared.renderer,
        );
        // Other pages may link to this page's headings: new ids need the
        // full check of every link.
        if !errors.is_empty() || body.anchors != site.pages[index].body.anchors {
            return None;
        }
        let mut problems = Diagnostics::new();
        crate::model::fill_internal_links(
            &site.config,
            &last.targets,
            &BTreeSet::new(),
            Some(crate::model::FileRef::Text(&file, body_offset)),
            &content_path,
            &mut body,
            &mut problems,
        );
        if !problems.is_empty() {
            return None;
        }

        let old_body = std::mem::replace(&mut last.prepared.site.pages[index].body, body);
        let rendered = rerender(&self.settings.root, last, index);
        let Some(mut memory) = rendered else {
            last.prepared.site.pages[index].body = old_body;
            return None;
        };
        let gone = only_changed_search_files(&mut memory, &last.files);
        Some(last.merge(memory, gone))
    }
}

impl Session {
    /// The quick path for templates: every change is to a page template
    /// (under `templates/` or the theme's `templates/`, not a shortcode, not
    /// a PDF template). The model is kept; the templates are loaded again
    /// and only the outputs of templates that use a changed one (by
    /// `extends`, `include` or `import`; every template, when components
    /// changed) are rendered again. `None` when anything is in doubt.
    fn template_edit(&mut self, changed: &[PathBuf]) -> Option<Rebuilt> {
        let last = self.last.as_mut()?;
        let site = &last.prepared.site;
        let config = &site.config;
        let theme_templates = Path::new("themes").join(&config.theme).join("templates");
        let is_page_template = |p: &PathBuf| {
            (p.starts_with("templates") || p.starts_with(&theme_templates))
                && !p.starts_with("templates/pdf")
        };
        if changed.is_empty() || !changed.iter().all(is_page_template) {
            return None;
        }
        let theme = crate::render::theme::load(&self.settings.root, &config.theme).ok()?;
        let old = &last.prepared.theme.templates;
        let edited: BTreeSet<String> = old
            .keys()
            .chain(theme.templates.keys())
            .filter(|name| {
                old.get(*name).map(|t| &t.text) != theme.templates.get(*name).map(|t| &t.text)
            })
            .cloned()
            .collect();
        if edited.is_empty() {
            // Saved without a change.
            return Some(last.merge(Shared::default(), Vec::new()));
        }
        let users = template_users(old, &theme.templates, &edited)?;
        let renderer =
            crate::render::Renderer::with_site_of(&theme, config, &last.prepared.renderer).ok()?;
        let mut memory = Shared::default();
        let shared = crate::board::leak::Shared::gather(
            &self.settings.root,
            &site.board.withheld,
            &config.leak_guard.shared_phrases,
        );
        let mut guard =
            crate::board::leak::LeakGuard::new(&mut memory, &site.board.withheld, &shared);
        let mut problems = Diagnostics::new();
        let selection = crate::site::Selection::Templates {
            names: &users,
            pack_pages: &last.pack_pages,
        };
        let written = crate::site::write_site(
            &self.settings.root,
            site,
            &renderer,
            &last.prepared.packs,
            &theme.static_files,
            &mut guard,
            &mut problems,
            &selection,
        );
        let clean = written.is_ok() && guard.leaks.is_empty() && !problems.has_errors();
        drop(guard);
        if !clean {
            return None;
        }
        last.prepared.renderer = renderer;
        last.prepared.theme = theme;
        Some(last.merge(memory, Vec::new()))
    }
}

/// The templates whose output can change when `edited` change (themselves
/// and every template that extends, includes or imports one of them, at
/// any depth; all of them when a component definition changed). `None` when
/// that cannot be known from the sources (a template named by a variable)
/// or when a shortcode is among them (shortcodes are rendered into pages'
/// Markdown, which the quick path keeps).
fn template_users(
    old: &BTreeMap<String, crate::render::theme::TemplateSource>,
    new: &BTreeMap<String, crate::render::theme::TemplateSource>,
    edited: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let is_shortcode = |name: &str| name.starts_with("shortcodes/");
    let defines_components = |name: &String| {
        [old.get(name), new.get(name)]
            .into_iter()
            .flatten()
            .any(|t| t.text.contains("{% component") || t.text.contains("{%- component"))
    };
    let uses_components =
        |text: &str| text.contains("{{ <") || text.contains("{{- <") || text.contains("{% <");
    if edited.iter().any(|n| is_shortcode(n)) {
        return None;
    }
    if edited.iter().any(defines_components) {
        if new
            .iter()
            .any(|(name, t)| is_shortcode(name) && uses_components(&t.text))
        {
            return None;
        }
        return Some(new.keys().cloned().collect());
    }
    let mut refs: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, t) in new {
        refs.insert(name, referenced_templates(&t.text)?);
    }
    let mut users = edited.clone();
    loop {
        let more: Vec<String> = refs
            .iter()
            .filter(|(name, names)| {
                !users.contains(**name) && names.iter().any(|n| users.contains(n))
            })
            .map(|(name, _)| name.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        users.extend(more);
    }
    if users.iter().any(|n| is_shortcode(n)) {
        return None;
    }
    Some(users)
}

/// The templates a template names in `extends`, `include` and `import`
/// tags; `None` if one is named other than by a quoted string.
fn referenced_templates(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else { break };
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            let quoted = quoted_strings(&tag[keyword.len()..]);
            if quoted.is_empty() {
                return None;
            }
            names.extend(quoted);
        }
        rest = &after[end + 2..];
    }
    Some(names)
}

/// The contents of every "…", '…' or `…` string in `s`.
fn quoted_strings(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            if let Some(len) = s[i + 1..].find(c) {
                out.push(s[i + 1..i + 1 + len].to_string());
                // Skip past the closing quote.
                for _ in 0..=s[i + 1..i + 1 + len].chars().count() {
                    chars.next();
                }
            } else {
                break;
            }
        }
    }
    out
}

/// Render page `index`, the feed and the search index of `last` again,
/// through the leak guard; `None` if anything goes wrong (the full build
/// then reports it).
fn rerender(root: &std::path::Path, last: &mut Last, index: usize) -> Option<Shared> {
    let site = &last.prepared.site;
    let renderer = &last.prepared.renderer;
    let views = Views {
        site,
        summary_values: std::mem::take(&mut last.summary_values),
        places: std::mem::take(&mut last.places),
    };
    let mut memory = Shared::default();
    let shared = crate::board::leak::Shared::gather(
        root,
        &site.board.withheld,
        &site.config.leak_guard.shared_phrases,
    );
    let mut guard = crate::board::leak::LeakGuard::new(&mut memory, &site.board.withheld, &shared);
    let mut problems = Diagnostics::new();
    let page = crate::site::render_page(site, &views, renderer, index, &last.pack_pages);
    last.summary_values = views.summary_values;
    last.places = views.places;
    let ok = match page {
        Ok(html) => {
            let page = &site.pages[index];
            last.search[index] = crate::site::search_entry(site, page, &last.pack_pages);
            let text = crate::markdown::truncate_chars(
                &page.body.plain_text,
                site.config.search.text_limit,
            );
            guard.scan_text(crate::site::SEARCH_WORDS, text);
            let name = crate::render::emit::file_for(&page.path);
            guard.write(&name, html.as_bytes()).is_ok()
                && crate::site::write_feed(site, renderer, &mut guard, &mut problems).is_ok()
                && crate::site::write_search_index(&last.search, &mut guard).is_ok()
        }
        Err(_) => false,
    };
    let clean = ok && guard.leaks.is_empty() && problems.is_empty();
    drop(guard);
    clean.then_some(memory)
}

/// Keep in `rendered` only the search index files that differ from those in
/// `served` (an edit changes the chunks of the words it adds or removes, a
/// few of many), and return those served that the index no longer has
/// (fewer chunks than before).
fn only_changed_search_files(rendered: &mut Shared, served: &BuiltFiles) -> Vec<String> {
    let is_index = |name: &str| {
        name == "search/index.json"
            || name.starts_with("search/words/")
            || name.starts_with("search/pages/")
    };
    let made: BTreeSet<String> = rendered.0.keys().filter(|n| is_index(n)).cloned().collect();
    rendered.0.retain(|name, bytes| {
        !is_index(name) || served.get(name).map(|b| &b[..]) != Some(&bytes[..])
    });
    served
        .keys()
        .filter(|name| is_index(name) && !made.contains(*name))
        .cloned()
        .collect()
}

/// A sink that keeps files as they are served, shared.
#[derive(Default)]
struct Shared(BTreeMap<String, Arc<[u8]>>);

impl Sink for Shared {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.insert(rel.to_string(), Arc::from(bytes));
        Ok(())
    }

    /// Copies what is there: a build appends to a sink in memory only twice
    /// (the opening of the search index, then the rest).
    fn append(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut whole = self.0.get(rel).map(|b| b.to_vec()).unwrap_or_default();
        whole.extend_from_slice(bytes);
        self.0.insert(rel.to_string(), Arc::from(whole));
        Ok(())
    }

    fn contains(&self, rel: &str) -> bool {
        self.0.contains_key(rel)
    }
}

#[cfg(test)]
mod tests;
