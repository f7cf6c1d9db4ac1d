//! Model: the resolved site. Parsed inputs become pages with URLs, rendered
//! Markdown, resolved organisations, sections, taxonomies and checked links.
//!
//! Every cross-reference check lives here (organisation slugs, internal links
//! and anchors, duplicate URLs, aliases), and every problem is collected, so a
//! user sees them all in one run. The result holds no half-built values: a
//! [`Site`] is complete or the build has errors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::config::SiteConfig;
use crate::content::{KeyFact, Organisation, OrganisationKind, PageFrontMatter};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean, no_such};
use crate::load::{CASE_STUDIES, Inputs, MarkdownFile, ORGANISATIONS, Whole};
use crate::markdown::{self, Rendered, ShortcodeHost, slugify};

/// What kind of page a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    CaseStudy,
    Page,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::CaseStudy => "case-study",
            PageKind::Page => "page",
        }
    }
}

/// A case study or generic page, resolved.
#[derive(Debug)]
pub struct Page {
    pub kind: PageKind,
    /// Path relative to content/ ("case-studies/knowsley.md").
    pub content_path: String,
    /// Site path ("/case-studies/knowsley/").
    pub path: String,
    /// Content path of the section folder listing this page, if any.
    pub section: Option<String>,
    pub title: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub aliases: Vec<String>,
    /// Slugs of organisations, all known to exist.
    pub organisations: Vec<String>,
    pub key_facts: Vec<KeyFact>,
    /// Taxonomy name to terms.
    pub terms: BTreeMap<String, Vec<String>>,
    pub extra: toml::Table,
    /// The rendered Markdown. Its `html` is empty when [`Page::reread`] is
    /// set: use [`Page::html`].
    pub body: Rendered,
    /// Set when the page's HTML was let go to bound memory (see
    /// [`ModelOptions::html_budget`]).
    pub reread: Option<Reread>,
}

/// How to make a page's HTML again: its Markdown, read from the file, is
/// rendered anew and its `@/` links filled with the addresses found when
/// the model was resolved. Only pages without shortcodes are let go, so
/// the second rendering depends on nothing but the text and the raw HTML
/// policy, and gives the same bytes.
#[derive(Debug, Clone)]
pub struct Reread {
    root: std::sync::Arc<Path>,
    raw_html: crate::config::RawHtml,
    /// The address of each internal link, in order (`None`: unresolved).
    hrefs: Vec<Option<String>>,
}

impl Page {
    /// The page's body as HTML: kept in the model, or rendered again.
    pub fn html(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(again) = &self.reread else {
            return Ok(std::borrow::Cow::Borrowed(&self.body.html));
        };
        let rel = Path::new("content").join(&self.content_path);
        let changed = || {
            Diagnostic::error("this file changed while the site was being built")
                .in_file(&rel)
                .with_hint("build again once the file is saved")
        };
        let file = crate::source::read_text(&again.root, &rel)?;
        let body = crate::source::split_front_matter(&file)?.body;
        if markdown::may_have_shortcodes(body) {
            return Err(changed());
        }
        let (rendered, _) = markdown::render(body, again.raw_html, &markdown::NoShortcodes);
        if rendered.links.len() != again.hrefs.len() || rendered.anchors != self.body.anchors {
            return Err(changed());
        }
        Ok(std::borrow::Cow::Owned(markdown::fill_links(
            &rendered.html,
            &again.hrefs,
        )))
    }
}

/// Page HTML still allowed in memory while the model is resolved.
struct HtmlBudget {
    left: usize,
    root: std::sync::Arc<Path>,
    raw_html: crate::config::RawHtml,
}

impl HtmlBudget {
    /// Keep `body` whole while the budget lasts; past it, let its HTML go
    /// (unless the text has shortcodes, whose output may depend on the
    /// site) and say how to make it again.
    fn keep(&mut self, mut body: Rendered, text: &str) -> (Rendered, Option<Reread>) {
        let size = body.html.len();
        if size <= self.left || markdown::may_have_shortcodes(text) {
            self.left = self.left.saturating_sub(size);
            return (body, None);
        }
        self.left = 0;
        body.html = String::new();
        let reread = Reread {
            root: self.root.clone(),
            raw_html: self.raw_html,
            hrefs: vec![None; body.links.len()],
        };
        (body, Some(reread))
    }
}

/// A folder of pages with an `_index.md` (or the case studies).
#[derive(Debug)]
pub struct Section {
    /// Content path of the folder ("about", "case-studies").
    pub folder: String,
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub extra: toml::Table,
    pub body: Rendered,
    /// Indices into [`Site::pages`], in listing order.
    pub pages: Vec<usize>,
}

/// An organisation, resolved.
#[derive(Debug)]
pub struct OrganisationEntry {
    pub slug: String,
    pub path: String,
    pub data: Organisation,
    pub kind: OrganisationKind,
    /// Site path of the logo, checked to exist under static/.
    pub logo: Option<String>,
    pub colour: Option<String>,
    pub website: Option<String>,
    pub about_html: Option<String>,
    /// Indices into [`Site::pages`] of case studies naming it.
    pub case_studies: Vec<usize>,
}

/// A taxonomy (e.g. themes) and its terms.
#[derive(Debug)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub path: String,
    pub terms: Vec<Term>,
}

/// One term of a taxonomy and the pages that use it.
#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub pages: Vec<usize>,
}

/// The home page text.
#[derive(Debug, Default)]
pub struct Home {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Rendered,
}

/// The resolved site.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub build_date: Date,
    pub home: Home,
    /// Case studies first (newest first), then other pages by path.
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub organisations: Vec<OrganisationEntry>,
    pub taxonomies: Vec<Taxonomy>,
    /// Content-relative paths of files copied as they are.
    pub assets: Vec<String>,
    /// Alias site path to the site path it redirects to.
    pub aliases: BTreeMap<String, String>,
    /// Vacancies, by closing date.
    pub roles: Vec<crate::role::Role>,
    /// Board papers and meetings of this edition.
    pub board: crate::board::Board,
    pub edition: crate::board::Edition,
}

/// Options that change what is built.
#[derive(Debug, Clone, Copy)]
pub struct ModelOptions {
    pub drafts: bool,
    pub build_date: Date,
    pub edition: crate::board::Edition,
    /// Bytes of page and case-study HTML kept from Markdown rendering to
    /// page writing; the HTML of later pages is made again when written,
    /// so page HTML takes bounded memory (sources, search text and listings
    /// still grow with the site). `usize::MAX` keeps everything.
    pub html_budget: usize,
}

/// A Markdown file of any front matter, for rendering its body.
trait Body: Sync {
    fn whole(&self, root: &Path) -> Result<Whole<'_>, Diagnostic>;
    fn body_offset(&self) -> usize;
}

impl<F: Sync> Body for MarkdownFile<F> {
    fn whole(&self, root: &Path) -> Result<Whole<'_>, Diagnostic> {
        MarkdownFile::whole(self, root)
    }
    fn body_offset(&self) -> usize {
        self.body_offset
    }
}

/// A body rendered by a batch: the file's text if it was read again, the
/// rendering and its problems.
type Done = (Option<SourceText>, Rendered, Vec<markdown::MarkdownError>);

/// What a batch made of one file: `None` for a draft this build leaves out,
/// or for a file that could not be read again (its problem is pushed).
fn rendered_or_skip(
    done: Result<Option<Done>, Diagnostic>,
    problems: &mut Diagnostics,
) -> Option<Done> {
    done.unwrap_or_else(|d| {
        problems.push(d);
        None
    })
}

/// How many pages' Markdown is rendered at a time (on all cores).
const BATCH: usize = 512;

/// `items`, [`BATCH`] at a time, in order.
fn batches<T>(items: Vec<T>) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter();
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

/// Resolve parsed inputs into a site, collecting every problem.
pub fn resolve(
    root: &Path,
    config: SiteConfig,
    inputs: Inputs,
    host: &(dyn ShortcodeHost + Sync),
    set_paper_refs: &dyn Fn(BTreeMap<String, crate::board::PaperRef>),
    options: ModelOptions,
    problems: &mut Diagnostics,
) -> Site {
    let raw_html = config.markdown.raw_html;
    let unparsed = inputs.unparsed.clone();
    let mut files = Files {
        root: root.to_path_buf(),
        map: HashMap::new(),
    };
    // Markdown is rendered on all cores first; problems are reported in
    // file order afterwards.
    let report = |file: &SourceText,
                  offset: usize,
                  done: (Rendered, Vec<markdown::MarkdownError>),
                  problems: &mut Diagnostics|
     -> Rendered {
        let (rendered, errors) = done;
        for e in errors {
            problems.push(
                Diagnostic::error(e.message)
                    .at(file, offset + e.offset)
                    .with_hint(e.hint),
            );
        }
        rendered
    };
    let md =
        |file: &SourceText, body: &str, offset: usize, problems: &mut Diagnostics| -> Rendered {
            report(
                file,
                offset,
                markdown::render(body, raw_html, host),
                problems,
            )
        };
    let mut budget = HtmlBudget {
        left: options.html_budget,
        root: std::sync::Arc::from(root),
        raw_html,
    };
    // Drafts this build leaves out are skipped later: render nothing for them.
    // A page's text is kept only as far as the search index reads it.
    let text_limit = config.search.text_limit;
    // Each file's whole text (read again if load let its body go) comes
    // back with its rendering, for locating the rendering's problems.
    let render_all = |files: Vec<(bool, &dyn Body)>| {
        crate::par::map(&files, |&(draft, f)| {
            if draft && !options.drafts {
                return Ok(None);
            }
            let whole = f.whole(root)?;
            let body = &whole.text[f.body_offset()..];
            let (mut rendered, errors) = markdown::render(body, raw_html, host);
            if let Some((end, _)) = rendered.plain_text.char_indices().nth(text_limit) {
                rendered.plain_text.truncate(end);
                rendered.plain_text.shrink_to_fit();
            }
            let read = match whole {
                Whole::Kept(_) => None,
                Whole::Read(text) => Some(text),
            };
            Ok(Some((read, rendered, errors)))
        })
    };

    // Organisations.
    let mut organisations = Vec::new();
    for f in inputs.organisations {
        let slug = stem_slug(&f.content_path);
        let data = f.value;
        let mut colour = None;
        if let Some(c) = &data.colour {
            if is_hex_colour(c.get_ref()) {
                colour = Some(c.get_ref().to_lowercase());
            } else {
                problems.push(
                    Diagnostic::error(format!("\"{}\" is not a colour", c.get_ref()))
                        .at(&f.file, c.span().start)
                        .with_hint(
                            "write colours as # and six hexadecimal digits, like \"#005eb8\"",
                        ),
                );
            }
        }
        let mut website = None;
        if let Some(w) = &data.website {
            if w.get_ref().starts_with("https://") || w.get_ref().starts_with("http://") {
                website = Some(w.get_ref().clone());
            } else {
                problems.push(
                    Diagnostic::error("website must be a full web address")
                        .at(&f.file, w.span().start)
                        .with_hint("write it like \"https://www.example.org/\""),
                );
            }
        }
        let mut logo = None;
        if let Some(l) = &data.logo {
            match static_path(root, l.get_ref()) {
                Ok(p) => logo = Some(p),
                Err(hint) => problems.push(
                    Diagnostic::error(format!("the logo \"{}\" cannot be found", l.get_ref()))
                        .at(&f.file, l.span().start)
                        .with_hint(hint),
                ),
            }
        }
        let about_html = data
            .about
            .as_deref()
            .map(|a| markdown::render_simple(a, raw_html));
        organisations.push(OrganisationEntry {
            path: format!("/{ORGANISATIONS}/{slug}/"),
            slug,
            kind: data.kind.unwrap_or(OrganisationKind::Other),
            logo,
            colour,
            website,
            about_html,
            data,
            case_studies: Vec::new(),
        });
        files.keep(&f.content_path, f.file, 0);
    }
    organisations.sort_by(|a, b| a.data.name.cmp(&b.data.name).then(a.slug.cmp(&b.slug)));
    let org_slugs: BTreeSet<&str> = inputs
        .organisation_slugs
        .iter()
        .map(String::as_str)
        .collect();

    // Pages.
    let mut pages = Vec::new();
    // A batch at a time: each file's text is let go once its page is made,
    // so a large site's sources and HTML are not all in memory at once.
    for batch in batches(inputs.case_studies) {
        let bodies = render_all(
            batch
                .iter()
                .map(|f| (f.front_matter.draft, f as &dyn Body))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((read, rendered, errors)) = rendered_or_skip(done, problems) else {
                continue;
            };
            let whole = read.as_ref().unwrap_or(&f.file);
            let date = Date::from_toml(fm.date.get_ref());
            if date.is_none() {
                problems.push(
                    Diagnostic::error("`date` must be a calendar date")
                        .at(&f.file, f.front_matter_offset + fm.date.span().start)
                        .with_hint("write it like `date = 2026-03-12`"),
                );
            }
            let mut orgs = Vec::new();
            for o in &fm.organisations {
                if org_slugs.contains(o.get_ref().as_str()) {
                    if organisations.iter().any(|x| &x.slug == o.get_ref()) {
                        orgs.push(o.get_ref().clone());
                    }
                } else {
                    let naming = format!(
                        "organisations are named by the file name of content/{ORGANISATIONS}/<slug>.toml; known: {}",
                        org_slugs.iter().copied().collect::<Vec<_>>().join(", ")
                    );
                    problems.push(
                        no_such(
                            "organisation",
                            o.get_ref(),
                            org_slugs.iter().copied(),
                            &naming,
                        )
                        .at(&f.file, f.front_matter_offset + o.span().start),
                    );
                }
            }
            let body = report(whole, f.body_offset, (rendered, errors), problems);
            let (body, reread) = budget.keep(body, &whole.text[f.body_offset..]);
            let aliases = aliases(&f.file, f.front_matter_offset, &fm.aliases, problems);
            let slug = stem_slug(&f.content_path);
            pages.push(Page {
                kind: PageKind::CaseStudy,
                path: format!("/{CASE_STUDIES}/{slug}/"),
                section: Some(CASE_STUDIES.to_string()),
                title: fm.title.clone(),
                date,
                summary: Some(fm.summary.clone()),
                description: Some(fm.summary.clone()),
                weight: fm.weight,
                aliases,
                organisations: orgs,
                key_facts: fm.key_facts.clone(),
                terms: terms(&fm.other),
                extra: fm.extra.clone(),
                body,
                reread,
                content_path: f.content_path.clone(),
            });
            files.drop_text(&f.content_path, f.file, f.body_offset);
        }
    }
    let section_folders: BTreeSet<String> = inputs
        .section_indexes
        .iter()
        .map(|s| parent_folder(&s.content_path))
        .chain([CASE_STUDIES.to_string()])
        .collect();
    for batch in batches(inputs.pages) {
        let bodies = render_all(
            batch
                .iter()
                .map(|f| (f.front_matter.draft, f as &dyn Body))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((read, rendered, errors)) = rendered_or_skip(done, problems) else {
                continue;
            };
            let whole = read.as_ref().unwrap_or(&f.file);
            let date = page_date(&f, problems);
            let body = report(whole, f.body_offset, (rendered, errors), problems);
            let (body, reread) = budget.keep(body, &whole.text[f.body_offset..]);
            let aliases = aliases(&f.file, f.front_matter_offset, &fm.aliases, problems);
            let folder = parent_folder(&f.content_path);
            let slug = stem_slug(&f.content_path);
            let path = if folder.is_empty() {
                format!("/{slug}/")
            } else {
                format!("/{}/{slug}/", folder_path(&folder))
            };
            pages.push(Page {
                kind: PageKind::Page,
                path,
                section: section_folders.contains(&folder).then_some(folder),
                title: fm.title.clone(),
                date,
                summary: None,
                description: fm.description.clone(),
                weight: fm.weight,
                aliases,
                organisations: Vec::new(),
                key_facts: Vec::new(),
                terms: terms(&fm.other),
                extra: fm.extra.clone(),
                body,
                reread,
                content_path: f.content_path.clone(),
            });
            files.drop_text(&f.content_path, f.file, f.body_offset);
        }
    }
    pages.sort_by(|a, b| {
        (a.kind == PageKind::Page)
            .cmp(&(b.kind == PageKind::Page))
            .then_with(|| listing_order(a, b))
            .then_with(|| a.path.cmp(&b.path))
    });

    // Sections.
    let mut sections = Vec::new();
    let mut has_case_study_index = false;
    for f in inputs.section_indexes {
        let fm = &f.front_matter;
        if fm.draft && !options.drafts {
            continue;
        }
        let folder = parent_folder(&f.content_path);
        has_case_study_index |= folder == CASE_STUDIES;
        let body = md(&f.file, f.body(), f.body_offset, problems);
        let _ = page_date(&f, problems);
        sections.push(Section {
            path: format!("/{}/", folder_path(&folder)),
            title: fm.title.clone(),
            description: fm.description.clone(),
            weight: fm.weight,
            extra: fm.extra.clone(),
            body,
            pages: Vec::new(),
            folder,
        });
        files.keep(&f.content_path, f.file, f.body_offset);
    }
    if !has_case_study_index && pages.iter().any(|p| p.kind == PageKind::CaseStudy) {
        sections.push(Section {
            folder: CASE_STUDIES.to_string(),
            path: format!("/{CASE_STUDIES}/"),
            title: "Case studies".to_string(),
            description: None,
            weight: None,
            extra: toml::Table::new(),
            body: Rendered::default(),
            pages: Vec::new(),
        });
    }
    sections.sort_by(|a, b| {
        (a.folder != CASE_STUDIES)
            .cmp(&(b.folder != CASE_STUDIES))
            .then(
                a.weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.weight.unwrap_or(i64::MAX)),
            )
            .then(a.title.cmp(&b.title))
    });
    for section in &mut sections {
        section.pages = (0..pages.len())
            .filter(|&i| pages[i].section.as_deref() == Some(section.folder.as_str()))
            .collect();
    }

    // Home.
    let home = match inputs.home {
        Some(f) => {
            let body = md(&f.file, f.body(), f.body_offset, problems);
            let home = Home {
                title: Some(f.front_matter.title.clone()),
                description: f.front_matter.description.clone(),
                body,
            };
            files.keep(&f.content_path, f.file, f.body_offset);
            home
        }
        None => Home::default(),
    };

    // Back-references and taxonomies.
    for (i, page) in pages.iter().enumerate() {
        for slug in &page.organisations {
            if let Some(org) = organisations.iter_mut().find(|o| &o.slug == slug) {
                org.case_studies.push(i);
            }
        }
    }
    let taxonomies = config
        .taxonomies
        .iter()
        .map(|(name, title)| {
            let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
            for (i, page) in pages.iter().enumerate() {
                for term in page.terms.get(name).into_iter().flatten() {
                    let slug = slugify(term);
                    by_slug
                        .entry(slug.clone())
                        .or_insert_with(|| Term {
                            name: term.clone(),
                            path: format!("/{name}/{slug}/"),
                            slug,
                            pages: Vec::new(),
                        })
                        .pages
                        .push(i);
                }
            }
            Taxonomy {
                name: name.clone(),
                title: title.clone(),
                path: format!("/{name}/"),
                terms: by_slug.into_values().collect(),
            }
        })
        .collect();

    // A case study that could not be parsed has its own error; a role naming
    // it is not reported again.
    let case_study_slugs: BTreeSet<String> = pages
        .iter()
        .filter(|p| p.kind == PageKind::CaseStudy)
        .map(|p| stem_slug(&p.content_path))
        .chain(
            unparsed
                .iter()
                .filter(|c| c.starts_with("case-studies/"))
                .map(|c| stem_slug(c)),
        )
        .collect();
    let role_cx = crate::role::RoleContext {
        organisations: &org_slugs,
        case_studies: &case_study_slugs,
        build_date: options.build_date,
        drafts: options.drafts,
        raw_html,
    };
    let roles = crate::role::resolve_roles(inputs.roles, &role_cx, problems);
    let board = crate::board::resolve(
        crate::board::BoardInputs {
            papers: inputs.papers,
            meetings: inputs.meetings,
            paper_slugs: inputs.paper_slugs,
            meeting_slugs: inputs.meeting_slugs,
        },
        &config,
        crate::board::BoardOptions {
            edition: options.edition,
            drafts: options.drafts,
            build_date: options.build_date,
        },
        host,
        set_paper_refs,
        problems,
    );

    let mut site = Site {
        config,
        build_date: options.build_date,
        home,
        pages,
        sections,
        organisations,
        taxonomies,
        assets: inputs.assets,
        aliases: BTreeMap::new(),
        roles,
        board,
        edition: options.edition,
    };
    for p in &site.board.papers {
        files.keep(&p.content_path, p.file.clone(), p.body_offset);
    }
    check_paths(&mut site, &files, problems);
    resolve_links(&mut site, &files, &unparsed, problems);
    site
}

fn page_date(f: &MarkdownFile<PageFrontMatter>, problems: &mut Diagnostics) -> Option<Date> {
    let d = f.front_matter.date.as_ref()?;
    let date = Date::from_toml(d.get_ref());
    if date.is_none() {
        problems.push(
            Diagnostic::error("`date` must be a calendar date")
                .at(&f.file, f.front_matter_offset + d.span().start)
                .with_hint("write it like `date = 2026-03-12`"),
        );
    }
    date
}

/// Case studies newest first, then by weight; other pages by weight, then newest.
fn listing_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.weight.unwrap_or(i64::MAX);
    match a.kind {
        PageKind::CaseStudy => b.date.cmp(&a.date).then(weight(a).cmp(&weight(b))),
        PageKind::Page => weight(a)
            .cmp(&weight(b))
            .then(b.date.cmp(&a.date))
            .then(a.title.cmp(&b.title)),
    }
}

fn terms(other: &crate::content::OtherKeys) -> BTreeMap<String, Vec<String>> {
    other
        .iter()
        .map(|(k, v)| {
            let list = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (k.clone(), list)
        })
        .collect()
}

fn aliases(
    file: &SourceText,
    offset: usize,
    raw: &[toml::Spanned<String>],
    problems: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for a in raw {
        match clean_site_path(a.get_ref()) {
            Some(p) => out.push(p),
            None => problems.push(
                Diagnostic::error(format!("\"{}\" is not a usable alias", a.get_ref()))
                    .at(file, offset + a.span().start)
                    .with_hint("an alias is an old address on this site, like \"/old/page/\"; it may not contain `..`, `\\` or a web address"),
            ),
        }
    }
    out
}

/// Normalise a user-written site path to "/a/b/", refusing anything that
/// could escape the output folder.
pub fn clean_site_path(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.contains("://") || raw.contains('\\') || raw.contains('\0') {
        return None;
    }
    let parts: Vec<&str> = raw.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == "." || *p == ".." || p.starts_with('.'))
    {
        return None;
    }
    Some(format!("/{}/", parts.join("/")))
}

/// Check a path under static/ exists and return it as a site path.
fn static_path(root: &Path, raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_start_matches('/');
    if trimmed.is_empty()
        || trimmed.split('/').any(|p| p == ".." || p.is_empty())
        || raw.contains('\\')
    {
        return Err("give a path under static/, like \"/logos/council.svg\"".into());
    }
    if root.join("static").join(trimmed).is_file() {
        Ok(format!("/{trimmed}"))
    } else {
        Err(format!(
            "put the file at static/{trimmed}, or correct the path (it is relative to static/)"
        ))
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

fn stem_slug(content_path: &str) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    slugify(stem)
}

fn parent_folder(content_path: &str) -> String {
    content_path
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

fn folder_path(folder: &str) -> String {
    folder.split('/').map(slugify).collect::<Vec<_>>().join("/")
}

/// Duplicate paths (two files giving one URL) and aliases that would overwrite pages.
fn check_paths(site: &mut Site, files: &Files, problems: &mut Diagnostics) {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: &str, owner: &str, problems: &mut Diagnostics| {
        if let Some(first) = owners.get(path) {
            problems.push(
                Diagnostic::error(format!("two files make the same page {path}"))
                    .in_file(crate::load::project_path(owner))
                    .with_hint(format!(
                        "content/{first} already makes it; rename one of the files"
                    )),
            );
        } else {
            owners.insert(path.to_string(), owner.to_string());
        }
    };
    for p in &site.pages {
        claim(&p.path, &p.content_path, problems);
    }
    for s in &site.sections {
        claim(&s.path, &format!("{}/_index.md", s.folder), problems);
    }
    for o in &site.organisations {
        claim(
            &o.path,
            &format!("{ORGANISATIONS}/{}.toml", o.slug),
            problems,
        );
    }
    for r in &site.roles {
        claim(&r.path, &r.content_path, problems);
    }
    for p in &site.board.papers {
        claim(&p.path, &p.content_path, problems);
    }
    for m in &site.board.meetings {
        claim(&m.path, &m.content_path, problems);
    }
    for p in &site.pages {
        for alias in &p.aliases {
            let taken = owners.contains_key(alias)
                || site
                    .taxonomies
                    .iter()
                    .any(|t| &t.path == alias || t.terms.iter().any(|x| &x.path == alias))
                || [
                    "/",
                    "/search/",
                    "/organisations/",
                    "/roles/",
                    "/papers/",
                    "/meetings/",
                ]
                .contains(&alias.as_str());
            let file = files.get(&p.content_path);
            if taken || site.aliases.contains_key(alias) {
                let mut d = Diagnostic::error(format!(
                    "the alias {alias} is already a page on this site"
                ))
                .with_hint(
                    "an alias may not replace a real page; remove it or choose another old address",
                );
                let at = |f: &SourceText, _| f.text.find(alias.trim_matches('/')).unwrap_or(0);
                d = match file {
                    Some(file) => file.locate(d, at),
                    None => d.in_file(crate::load::project_path(&p.content_path)),
                };
                problems.push(d);
            } else {
                site.aliases.insert(alias.clone(), p.path.clone());
            }
        }
    }
}

/// What an `@/` link may point at: content path to (site path, the ids of
/// its headings and footnotes if it has a body).
pub type LinkTargets = HashMap<String, (String, Option<Vec<String>>)>;

/// Every page, section, organisation, role, paper and meeting a link may name.
pub fn link_targets(site: &Site) -> LinkTargets {
    let mut targets: LinkTargets = HashMap::new();
    for p in &site.pages {
        targets.insert(
            p.content_path.clone(),
            (p.path.clone(), Some(p.body.anchors.clone())),
        );
    }
    for s in &site.sections {
        targets.insert(
            format!("{}/_index.md", s.folder),
            (s.path.clone(), Some(s.body.anchors.clone())),
        );
    }
    targets.insert(
        "_index.md".into(),
        ("/".into(), Some(site.home.body.anchors.clone())),
    );
    for o in &site.organisations {
        targets.insert(
            format!("{ORGANISATIONS}/{}.toml", o.slug),
            (o.path.clone(), None),
        );
    }
    for r in &site.roles {
        targets.insert(r.content_path.clone(), (r.path.clone(), None));
    }
    for p in &site.board.papers {
        targets.insert(
            p.content_path.clone(),
            (p.path.clone(), Some(p.body.anchors.clone())),
        );
    }
    for m in &site.board.meetings {
        targets.insert(m.content_path.clone(), (m.path.clone(), None));
    }
    targets
}

/// Resolve every `@/` link against the pages' paths and anchors.
fn resolve_links(
    site: &mut Site,
    files: &Files,
    unparsed: &BTreeSet<String>,
    problems: &mut Diagnostics,
) {
    let targets = link_targets(site);
    let config = site.config.clone();
    let fix = |content_path: &str, body: &mut Rendered, problems: &mut Diagnostics| {
        fill_internal_links(
            &config,
            &targets,
            unparsed,
            files.get(content_path),
            content_path,
            body,
            problems,
        );
    };
    // Pages are most of a site: resolve their links on all cores, a batch
    // at a time (so that few pages are held twice).
    let indices: Vec<usize> = (0..site.pages.len()).collect();
    for batch in indices.chunks(BATCH) {
        let pages = &site.pages;
        let filled = crate::par::map(batch, |&i| {
            let (path, body) = (&pages[i].content_path, &pages[i].body);
            internal_links(&config, &targets, unparsed, files.get(path), path, body)
        });
        for (&i, (filled, found)) in batch.iter().zip(filled) {
            problems.extend(found.into_sorted());
            if let Some(filled) = filled {
                let page = &mut site.pages[i];
                match &mut page.reread {
                    Some(again) => again.hrefs = filled.hrefs,
                    None => filled.apply(&mut page.body),
                }
            }
        }
    }
    for s in &mut site.sections {
        fix(&format!("{}/_index.md", s.folder), &mut s.body, problems);
    }
    for p in &mut site.board.papers {
        fix(&p.content_path.clone(), &mut p.body, problems);
    }
    fix("_index.md", &mut site.home.body, problems);
}

/// A body's HTML with its `@/` links pointing at their pages.
pub struct Filled {
    pub html: String,
    pub summary_html: Option<String>,
    /// The address of each internal link, in order (`None`: unresolved).
    pub hrefs: Vec<Option<String>>,
}

impl Filled {
    fn apply(self, body: &mut Rendered) {
        body.html = self.html;
        body.summary_html = self.summary_html;
    }
}

/// Point the `@/` links of one body at their pages, reporting each link to
/// something that does not exist (at `file` and body offset, when known).
pub fn fill_internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &mut Rendered,
    problems: &mut Diagnostics,
) {
    let (filled, found) = internal_links(config, targets, unparsed, file, content_path, body);
    problems.extend(found.into_sorted());
    if let Some(filled) = filled {
        filled.apply(body);
    }
}

/// [`fill_internal_links`] without changing the body: the filled HTML, if
/// any link was resolved, and the problems found.
pub fn internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &Rendered,
) -> (Option<Filled>, Diagnostics) {
    let mut found = Diagnostics::new();
    let problems = &mut found;
    let mut replacements = Vec::new();
    for (n, link) in body.links.iter().enumerate() {
        let report = |message: String, hint: String, problems: &mut Diagnostics| {
            let d = Diagnostic::error(message).with_hint(hint);
            problems.push(match file {
                Some(file) => file.locate(d, |_, body_offset| body_offset + link.offset),
                None => d.in_file(crate::load::project_path(content_path)),
            });
        };
        let Some((path, anchors)) = targets.get(&link.target) else {
            if unparsed.contains(&link.target) {
                // The target has its own error already.
                continue;
            }
            let close = did_you_mean(&link.target, targets.keys().map(String::as_str));
            let hint = match close {
                Some(c) => format!("did you mean @/{c}? Links start with @/ and give the file's path under content/"),
                None => "internal links give a file's path under content/, like @/case-studies/knowsley.md (drafts are left out unless --drafts)".to_string(),
            };
            report(
                format!(
                    "this link points to @/{}, which does not exist",
                    link.target
                ),
                hint,
                problems,
            );
            continue;
        };
        let mut href = config.url(path);
        if let Some(fragment) = &link.fragment {
            match anchors {
                Some(list) if !list.iter().any(|a| a == fragment) => {
                    let close = did_you_mean(fragment, list.iter().map(String::as_str));
                    let hint = match close {
                        Some(c) => format!("did you mean #{c}? "),
                        None => String::new(),
                    } + &format!(
                        "the headings of @/{} have the ids: {}",
                        link.target,
                        list.join(", ")
                    );
                    report(
                        format!("@/{} has no heading #{fragment}", link.target),
                        hint,
                        problems,
                    );
                    continue;
                }
                None => {
                    report(
                        format!("@/{} has no headings to link to", link.target),
                        "link to the page without #...".to_string(),
                        problems,
                    );
                    continue;
                }
                _ => {}
            }
            href.push('#');
            href.push_str(fragment);
        }
        replacements.push((n, href));
    }
    if replacements.is_empty() {
        return (None, found);
    }
    let mut hrefs = vec![None; body.links.len()];
    for (n, href) in replacements {
        hrefs[n] = Some(href);
    }
    let filled = Filled {
        html: markdown::fill_links(&body.html, &hrefs),
        summary_html: body
            .summary_html
            .as_deref()
            .map(|s| markdown::fill_links(s, &hrefs)),
        hrefs,
    };
    (Some(filled), found)
}

/// The content files of a build, for diagnostics found after parsing. The
/// text of pages and case studies is not kept once their Markdown is
/// rendered (it is a large part of a build's memory); the rare problem
/// found in one later reads the file again.
struct Files {
    root: std::path::PathBuf,
    map: HashMap<String, (Kept, usize)>,
}

enum Kept {
    Text(SourceText),
    /// The project-relative path to read the text from again.
    OnDisk(std::path::PathBuf),
}

impl Files {
    /// Keep `file` (whose body starts at `body_offset`) as it is.
    fn keep(&mut self, content_path: &str, file: SourceText, body_offset: usize) {
        self.map
            .insert(content_path.to_string(), (Kept::Text(file), body_offset));
    }

    /// Keep only where `file` is.
    fn drop_text(&mut self, content_path: &str, file: SourceText, body_offset: usize) {
        self.map.insert(
            content_path.to_string(),
            (Kept::OnDisk(file.path), body_offset),
        );
    }

    fn get(&self, content_path: &str) -> Option<FileRef<'_>> {
        let (kept, body_offset) = self.map.get(content_path)?;
        Some(match kept {
            Kept::Text(text) => FileRef::Text(text, *body_offset),
            Kept::OnDisk(rel) => FileRef::OnDisk(&self.root, rel, *body_offset),
        })
    }
}

/// A content file a diagnostic points into, with the offset of its body.
#[derive(Clone, Copy)]
pub enum FileRef<'a> {
    Text(&'a SourceText, usize),
    /// Project root and path of a file whose text was not kept.
    OnDisk(&'a Path, &'a Path, usize),
}

impl FileRef<'_> {
    /// Point `d` at the offset `at(text, body_offset)` of the file (read
    /// again if its text was not kept; named without a line if it cannot be).
    fn locate(self, d: Diagnostic, at: impl FnOnce(&SourceText, usize) -> usize) -> Diagnostic {
        match self {
            FileRef::Text(text, body_offset) => {
                let offset = at(text, body_offset);
                d.at(text, offset)
            }
            FileRef::OnDisk(root, rel, body_offset) => match crate::source::read_text(root, rel) {
                Ok(text) => {
                    let offset = at(&text, body_offset);
                    d.at(&text, offset)
                }
                Err(_) => d.in_file(rel),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(root: &Path, text: &str) -> Page {
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), text).unwrap();
        let body_text = text.splitn(3, "+++\n").nth(2).unwrap();
        let raw_html = crate::config::RawHtml::Allow;
        let (body, _) = markdown::render(body_text, raw_html, &markdown::NoShortcodes);
        let mut budget = HtmlBudget {
            left: 0,
            root: std::sync::Arc::from(root),
            raw_html,
        };
        let (body, mut reread) = budget.keep(body, body_text);
        if let Some(again) = &mut reread {
            again.hrefs = vec![Some("/b/#part".to_string())];
        }
        Page {
            kind: PageKind::Page,
            content_path: "a.md".into(),
            path: "/a/".into(),
            section: None,
            title: "A".into(),
            date: None,
            summary: None,
            description: None,
            weight: None,
            aliases: Vec::new(),
            organisations: Vec::new(),
            key_facts: Vec::new(),
            terms: BTreeMap::new(),
            extra: toml::Table::new(),
            body,
            reread,
        }
    }

    #[test]
    fn a_page_let_go_past_the_budget_is_rendered_again_with_its_links_filled() {
        let dir = std::env::temp_dir().join(format!("dossier-reread-{}", std::process::id()));
        let page = page_of(
            &dir,
            "+++\ntitle = \"A\"\n+++\n## Part one\n\nSee [b](@/b.md#part).\n",
        );
        assert!(page.reread.is_some() && page.body.html.is_empty());
        assert_eq!(page.body.anchors, ["part-one"]);
        let html = page.html().unwrap();
        assert_eq!(
            html,
            "<h2 id=\"part-one\">Part one</h2>\n<p>See <a href=\"/b/#part\">b</a>.</p>\n"
        );

        // The file changed under the build: its headings no longer match.
        std::fs::write(
            dir.join("content/a.md"),
            "+++\ntitle = \"A\"\n+++\n## Part two\n\nSee [b](@/b.md#part).\n",
        )
        .unwrap();
        let err = page.html().unwrap_err().to_string();
        assert!(
            err.contains("changed while the site was being built"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_page_whose_file_changes_before_its_body_is_read_again_is_an_error() {
        let dir = std::env::temp_dir().join(format!("dossier-changed-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(
            dir.join("dossier.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        let page = "+++\ntitle = \"A\"\n+++\nThe body.\n";
        std::fs::write(dir.join("content/a.md"), page).unwrap();
        let config = SiteConfig::load(&dir).unwrap();
        let mut problems = Diagnostics::new();
        let budget = crate::load::TextBudget::new(0);
        let inputs = crate::load::load(&dir, &[], &budget, &mut problems);
        assert!(inputs.pages[0].body_let_go);
        // Saved between loading and rendering, with a new title.
        std::fs::write(dir.join("content/a.md"), page.replace("\"A\"", "\"B\"")).unwrap();
        let options = ModelOptions {
            drafts: false,
            build_date: Date::parse_iso("2026-01-01").unwrap(),
            edition: crate::board::Edition::Public,
            html_budget: usize::MAX,
        };
        let site = resolve(
            &dir,
            config,
            inputs,
            &markdown::NoShortcodes,
            &|_| {},
            options,
            &mut problems,
        );
        assert!(site.pages.is_empty());
        let shown = problems.into_sorted();
        assert!(
            shown.iter().any(
                |d| d.message == "this file changed while the site was being built"
                    && d.to_string().contains("a.md")
            ),
            "{shown:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_page_with_shortcodes_keeps_its_html_whatever_the_budget() {
        let dir = std::env::temp_dir().join(format!("dossier-keep-{}", std::process::id()));
        let page = page_of(&dir, "+++\ntitle = \"A\"\n+++\nText {{ x() }}\n");
        assert!(page.reread.is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
