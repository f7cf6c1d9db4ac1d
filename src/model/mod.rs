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
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean, no_such};
use crate::load::common::KeyFact;
use crate::load::{CASE_STUDIES, Inputs, MarkdownFile, ORGANISATIONS};
use crate::markdown::{self, Rendered, ShortcodeHost, slugify};
use crate::site::organisation::Organisation;
use crate::site::organisation::OrganisationKind;
use crate::site::page::PageFrontMatter;

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
    pub terms: Terms,
    pub extra: toml::Table,
    /// The rendered Markdown; empty when the page is [`Page::deferred`].
    pub body: Rendered,
    /// Set when the Markdown is rendered only as the page is written (see
    /// [`ModelOptions::defer_pages`] and [`Site::render_deferred`]).
    pub deferred: bool,
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
    pub roles: Vec<crate::roles::Role>,
    /// Board papers and meetings of this edition.
    pub board: crate::board::Board,
    pub edition: crate::board::Edition,
    /// What rendering deferred pages needs; `None` when no page waits.
    pub deferred: Option<Deferred>,
}

/// Options that change what is built.
#[derive(Debug, Clone, Copy)]
pub struct ModelOptions {
    pub drafts: bool,
    pub build_date: Date,
    pub edition: crate::board::Edition,
    /// Leave the Markdown of pages and case studies to be rendered as each
    /// page is written ([`Site::render_deferred`]), so that no page's HTML,
    /// contents list or text is held for the whole build: a site's memory
    /// then grows with its front matter, not with its text. Their Markdown
    /// problems and links are checked then too. `false` (for `serve` and
    /// `check`, which keep the whole output anyway) renders every body here.
    pub defer_pages: bool,
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

/// Resolve parsed inputs into a site, collecting every problem. The board's
/// `agenda` was planned before the renderer `host` was made, so every
/// Markdown body rendered here can name papers with `ref`.
pub fn resolve(
    root: &Path,
    config: SiteConfig,
    inputs: Inputs,
    agenda: crate::board::Agenda,
    host: &(dyn ShortcodeHost + Sync),
    options: ModelOptions,
    problems: &mut Diagnostics,
) -> Site {
    let raw_html = config.markdown.raw_html;
    let unparsed = inputs.unparsed.clone();
    // Where each deferred page's file is (its real path, which a content
    // path, made for URLs, may not spell exactly) and a hash of its front
    // matter as read.
    let sources: HashMap<String, (std::path::PathBuf, u64)> = if options.defer_pages {
        let source = |content_path: &String, file: &SourceText, front_matter: &str| {
            let stamp = crate::load::stamp(front_matter);
            (content_path.clone(), (file.path.clone(), stamp))
        };
        let pages = inputs
            .pages
            .iter()
            .map(|f| source(&f.content_path, &f.file, f.front_matter_text()));
        let case_studies = inputs
            .case_studies
            .iter()
            .map(|f| source(&f.content_path, &f.file, f.front_matter_text()));
        pages.chain(case_studies).collect()
    } else {
        HashMap::new()
    };
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
    // Drafts this build leaves out are skipped later: render nothing for them.
    // A page's text is kept only as far as the search index reads it.
    let text_limit = config.search.text_limit;
    // Each body (`None` for a draft this build leaves out) with its
    // rendering; empty for deferred pages, rendered as they are written.
    let render_all = |bodies: Vec<(bool, &str)>| {
        crate::par::map(&bodies, |&(draft, body)| {
            if draft && !options.drafts {
                return None;
            }
            if options.defer_pages {
                return Some((Rendered::default(), Vec::new()));
            }
            let (mut rendered, errors) = markdown::render(body, raw_html, host);
            if let Some((end, _)) = rendered.plain_text.char_indices().nth(text_limit) {
                rendered.plain_text.truncate(end);
                rendered.plain_text.shrink_to_fit();
            }
            Some((rendered, errors))
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

    // Pages (sized once: a large site's page list is among its largest).
    let mut pages = Vec::with_capacity(inputs.case_studies.len() + inputs.pages.len());
    // A batch at a time: each file's text is let go once its page is made,
    // so a large site's sources and HTML are not all in memory at once.
    for batch in batches(inputs.case_studies) {
        let bodies = render_all(
            batch
                .iter()
                .map(|f| (f.front_matter.draft, f.body()))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((rendered, errors)) = done else {
                continue;
            };
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
            let body = report(&f.file, f.body_offset, (rendered, errors), problems);
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
                deferred: options.defer_pages,
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
                .map(|f| (f.front_matter.draft, f.body()))
                .collect(),
        );
        for (f, done) in batch.into_iter().zip(bodies) {
            let fm = &f.front_matter;
            let Some((rendered, errors)) = done else {
                continue;
            };
            let date = page_date(&f, problems);
            let body = report(&f.file, f.body_offset, (rendered, errors), problems);
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
                deferred: options.defer_pages,
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
    let role_cx = crate::roles::RoleContext {
        organisations: &org_slugs,
        case_studies: &case_study_slugs,
        build_date: options.build_date,
        drafts: options.drafts,
        raw_html,
    };
    let roles = crate::roles::resolve_roles(inputs.roles, &role_cx, problems);
    let board = crate::board::render(agenda, raw_html, host, problems);

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
        deferred: None,
    };
    for p in &site.board.papers {
        files.keep(&p.content_path, p.file.clone(), p.body_offset);
    }
    check_paths(&mut site, &files, problems);
    let targets = link_targets(&site);
    let pending = resolve_links(&mut site, &targets, &files, &unparsed, problems);
    if options.defer_pages {
        site.deferred = Some(Deferred {
            root: root.to_path_buf(),
            targets,
            unparsed,
            sources,
            pending,
        });
    }
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

/// A page's terms: taxonomy name to the names of its terms there, sorted
/// by taxonomy name. A short list, not a map: a site holds one per page for
/// the whole build, and a page has two or three.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms(Vec<(String, Vec<String>)>);

impl Terms {
    /// The page's terms in `taxonomy`.
    pub fn get(&self, taxonomy: &str) -> Option<&Vec<String>> {
        self.0
            .binary_search_by(|(name, _)| name.as_str().cmp(taxonomy))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The page's terms, taxonomy by taxonomy.
    pub fn values(&self) -> impl Iterator<Item = &Vec<String>> {
        self.0.iter().map(|(_, terms)| terms)
    }
}

/// The terms among a page's other front matter keys (a sorted map).
fn terms(other: &crate::load::common::OtherKeys) -> Terms {
    let list = other
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
        .collect();
    Terms(list)
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

/// The ids a link target's `#` may name.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchors {
    /// A target without a body (an organisation, a role, a meeting).
    NoBody,
    /// The ids of its headings and footnotes.
    Known(Vec<String>),
    /// A deferred page: its ids are known once its Markdown is rendered,
    /// and a link to one of them is checked then (see [`PendingAnchor`]).
    Later,
}

/// What an `@/` link may point at: content path to (site path, its ids).
pub type LinkTargets = HashMap<String, (String, Anchors)>;

/// A link to a heading of a page not rendered yet, checked once every
/// page is (see [`AnchorBook`]).
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    /// Content path of the file with the link.
    pub from: String,
    /// Byte offset of the link in that file, when known.
    pub offset: Option<usize>,
    /// Content path of the page linked to.
    pub target: String,
    pub fragment: String,
}

/// Every page, section, organisation, role, paper and meeting a link may name.
pub fn link_targets(site: &Site) -> LinkTargets {
    let mut targets: LinkTargets = HashMap::new();
    for p in &site.pages {
        let anchors = if p.deferred {
            Anchors::Later
        } else {
            Anchors::Known(p.body.anchors.clone())
        };
        targets.insert(p.content_path.clone(), (p.path.clone(), anchors));
    }
    for s in &site.sections {
        targets.insert(
            format!("{}/_index.md", s.folder),
            (s.path.clone(), Anchors::Known(s.body.anchors.clone())),
        );
    }
    targets.insert(
        "_index.md".into(),
        ("/".into(), Anchors::Known(site.home.body.anchors.clone())),
    );
    for o in &site.organisations {
        targets.insert(
            format!("{ORGANISATIONS}/{}.toml", o.slug),
            (o.path.clone(), Anchors::NoBody),
        );
    }
    for r in &site.roles {
        targets.insert(r.content_path.clone(), (r.path.clone(), Anchors::NoBody));
    }
    for p in &site.board.papers {
        targets.insert(
            p.content_path.clone(),
            (p.path.clone(), Anchors::Known(p.body.anchors.clone())),
        );
    }
    for m in &site.board.meetings {
        targets.insert(m.content_path.clone(), (m.path.clone(), Anchors::NoBody));
    }
    targets
}

/// Resolve every `@/` link against the pages' paths and anchors. Returns
/// the links to headings of deferred pages, to be checked later.
fn resolve_links(
    site: &mut Site,
    targets: &LinkTargets,
    files: &Files,
    unparsed: &BTreeSet<String>,
    problems: &mut Diagnostics,
) -> Vec<PendingAnchor> {
    let config = site.config.clone();
    let mut pending = Vec::new();
    let mut fix = |content_path: &str, body: &mut Rendered, problems: &mut Diagnostics| {
        let (filled, found) = internal_links(
            &config,
            targets,
            unparsed,
            files.get(content_path),
            content_path,
            body,
            &mut pending,
        );
        problems.extend(found.into_sorted());
        if let Some(filled) = filled {
            filled.apply(body);
        }
    };
    // Pages are most of a site: resolve their links on all cores, a batch
    // at a time (so that few pages are held twice). Deferred pages have no
    // body yet: theirs are resolved as they are written.
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| !site.pages[i].deferred)
        .collect();
    for batch in indices.chunks(BATCH) {
        let pages = &site.pages;
        let filled = crate::par::map(batch, |&i| {
            let (path, body) = (&pages[i].content_path, &pages[i].body);
            let mut none = Vec::new();
            let found = internal_links(
                &config,
                targets,
                unparsed,
                files.get(path),
                path,
                body,
                &mut none,
            );
            debug_assert!(none.is_empty(), "no page is deferred when any is kept");
            found
        });
        for (&i, (filled, found)) in batch.iter().zip(filled) {
            problems.extend(found.into_sorted());
            if let Some(filled) = filled {
                filled.apply(&mut site.pages[i].body);
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
    pending
}

/// A body's HTML with its `@/` links pointing at their pages.
pub struct Filled {
    pub html: String,
    pub summary_html: Option<String>,
}

impl Filled {
    fn apply(self, body: &mut Rendered) {
        body.html = self.html;
        body.summary_html = self.summary_html;
    }
}

/// Point the `@/` links of one body at their pages, reporting each link to
/// something that does not exist (at `file` and body offset, when known).
/// Every target's ids must be known (no deferred pages).
pub fn fill_internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &mut Rendered,
    problems: &mut Diagnostics,
) {
    let mut pending = Vec::new();
    let (filled, found) = internal_links(
        config,
        targets,
        unparsed,
        file,
        content_path,
        body,
        &mut pending,
    );
    problems.extend(found.into_sorted());
    debug_assert!(pending.is_empty(), "no target is deferred");
    if let Some(filled) = filled {
        filled.apply(body);
    }
}

/// The message and hint for a link to `#fragment` of `target`, which has
/// the ids `list` and not that one.
fn missing_anchor(target: &str, fragment: &str, list: &[String]) -> (String, String) {
    let message = format!("@/{target} has no heading #{fragment}");
    if list.is_empty() {
        let hint = format!(
            "@/{target} has no headings or footnotes to link to; link to the page without #{fragment}, or give it a heading"
        );
        return (message, hint);
    }
    let close = did_you_mean(fragment, list.iter().map(String::as_str));
    let hint = match close {
        Some(c) => format!("did you mean #{c}? "),
        None => String::new(),
    } + &format!(
        "the headings of @/{target} have the ids: {}",
        list.join(", ")
    );
    (message, hint)
}

/// [`fill_internal_links`] without changing the body: the filled HTML, if
/// any link was resolved, and the problems found. Links to the headings of
/// deferred pages are filled and added to `pending`, to be checked later.
pub fn internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &Rendered,
    pending: &mut Vec<PendingAnchor>,
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
                Anchors::Known(list) if !list.iter().any(|a| a == fragment) => {
                    let (message, hint) = missing_anchor(&link.target, fragment, list);
                    report(message, hint, problems);
                    continue;
                }
                Anchors::NoBody => {
                    report(
                        format!("@/{} has no headings to link to", link.target),
                        "link to the page without #...".to_string(),
                        problems,
                    );
                    continue;
                }
                Anchors::Later => pending.push(PendingAnchor {
                    from: content_path.to_string(),
                    offset: file.map(|f| f.body_offset() + link.offset),
                    target: link.target.clone(),
                    fragment: fragment.clone(),
                }),
                Anchors::Known(_) => {}
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
    };
    (Some(filled), found)
}

/// What rendering deferred pages needs: where links point, and the links to
/// their headings found while the rest of the site was resolved.
#[derive(Debug)]
pub struct Deferred {
    root: std::path::PathBuf,
    targets: LinkTargets,
    unparsed: BTreeSet<String>,
    /// Each page's file (project-relative) and a hash of its front matter
    /// as it was read, to notice a file saved again during the build.
    sources: HashMap<String, (std::path::PathBuf, u64)>,
    pending: Vec<PendingAnchor>,
}

/// A deferred page's body, rendered: its links filled, its problems
/// located, and its links to headings of other deferred pages.
#[derive(Debug)]
pub struct PageBody {
    pub body: Rendered,
    pub problems: Diagnostics,
    pub pending: Vec<PendingAnchor>,
}

impl Site {
    /// Render the Markdown of deferred page `index` from its file, as
    /// [`resolve`] renders the bodies it keeps. Fails if the file cannot be
    /// read or its front matter changed since the site was resolved.
    pub fn render_deferred(
        &self,
        index: usize,
        host: &dyn ShortcodeHost,
    ) -> Result<PageBody, Diagnostic> {
        let page = &self.pages[index];
        let deferred = self
            .deferred
            .as_ref()
            .expect("a deferred page's site says how to render it");
        let (rel, stamp) = deferred
            .sources
            .get(&page.content_path)
            .expect("every deferred page was read");
        let file = crate::source::read_text(&deferred.root, rel)?;
        let split = crate::source::split_front_matter(&file)?;
        let front_matter = &file.text[split.front_matter_offset..split.body_offset];
        if crate::load::stamp(front_matter) != *stamp {
            return Err(
                Diagnostic::error("this file changed while the site was being built")
                    .in_file(rel)
                    .with_hint("build again once the file is saved"),
            );
        }
        let body_offset = split.body_offset;
        let (mut body, errors) = markdown::render(split.body, self.config.markdown.raw_html, host);
        let mut problems = Diagnostics::new();
        for e in errors {
            problems.push(
                Diagnostic::error(e.message)
                    .at(&file, body_offset + e.offset)
                    .with_hint(e.hint),
            );
        }
        let mut pending = Vec::new();
        let (filled, found) = internal_links(
            &self.config,
            &deferred.targets,
            &deferred.unparsed,
            Some(FileRef::Text(&file, body_offset)),
            &page.content_path,
            &body,
            &mut pending,
        );
        problems.extend(found.into_sorted());
        if let Some(filled) = filled {
            filled.apply(&mut body);
        }
        Ok(PageBody {
            body,
            problems,
            pending,
        })
    }
}

/// Render every deferred page's Markdown for its problems alone: when the
/// build stops before writing pages, these are still reported with the
/// rest, as a build that keeps every body reports them.
pub fn check_deferred_pages(
    site: &Site,
    host: &(dyn ShortcodeHost + Sync),
    problems: &mut Diagnostics,
) {
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].deferred)
        .collect();
    let mut book = AnchorBook::new(site);
    for batch in indices.chunks(BATCH) {
        let bodies = crate::par::map(batch, |&i| site.render_deferred(i, host));
        for (&i, body) in batch.iter().zip(bodies) {
            match body {
                Ok(b) => {
                    problems.extend(b.problems.into_sorted());
                    book.add(i, &b.body.anchors, b.pending);
                }
                Err(d) => problems.push(d),
            }
        }
    }
    book.check(site, host, problems);
}

/// The ids of deferred pages' headings, noted as each page is rendered, and
/// the links to them waiting to be checked. Ids are kept as hashes (a few
/// bytes a page); the ids themselves are read again only for a hint.
pub struct AnchorBook {
    ids: Vec<Box<[u64]>>,
    pending: Vec<PendingAnchor>,
}

fn id_hash(id: &str) -> u64 {
    crate::load::stamp(id)
}

impl AnchorBook {
    pub fn new(site: &Site) -> AnchorBook {
        AnchorBook {
            ids: vec![Box::default(); site.pages.len()],
            pending: site
                .deferred
                .as_ref()
                .map(|d| d.pending.clone())
                .unwrap_or_default(),
        }
    }

    /// Note what rendering deferred page `index` found.
    pub fn add(&mut self, index: usize, anchors: &[String], pending: Vec<PendingAnchor>) {
        self.ids[index] = anchors.iter().map(|a| id_hash(a)).collect();
        self.pending.extend(pending);
    }

    /// Check every waiting link against the ids noted (rendering a target
    /// again only to list its ids in a hint).
    pub fn check(self, site: &Site, host: &dyn ShortcodeHost, problems: &mut Diagnostics) {
        let Some(deferred) = &site.deferred else {
            return;
        };
        if self.pending.is_empty() {
            return;
        }
        let index: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_path.as_str(), i))
            .collect();
        for p in self.pending {
            let Some(&target) = index.get(p.target.as_str()) else {
                continue;
            };
            if self.ids[target].contains(&id_hash(&p.fragment)) {
                continue;
            }
            // Not rendered (its own error is reported), or no such id.
            let Ok(body) = site.render_deferred(target, host) else {
                continue;
            };
            if body.body.anchors.contains(&p.fragment) {
                continue;
            }
            let (message, hint) = missing_anchor(&p.target, &p.fragment, &body.body.anchors);
            let d = Diagnostic::error(message).with_hint(hint);
            let rel = match deferred.sources.get(&p.from) {
                Some((rel, _)) => rel.clone(),
                None => Path::new("content").join(&p.from),
            };
            let file = crate::source::read_text(&deferred.root, &rel).ok();
            problems.push(match (file, p.offset) {
                (Some(file), Some(offset)) if offset <= file.text.len() => d.at(&file, offset),
                _ => d.in_file(crate::load::project_path(&p.from)),
            });
        }
    }
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
    fn body_offset(self) -> usize {
        match self {
            FileRef::Text(_, offset) | FileRef::OnDisk(_, _, offset) => offset,
        }
    }

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
    use std::path::PathBuf;

    /// A project in a temporary folder named `name`, with `pages` (content
    /// path, text) resolved with or without deferring page bodies.
    fn resolved(
        name: &str,
        pages: &[(&str, &str)],
        defer_pages: bool,
    ) -> (PathBuf, Site, Diagnostics) {
        let dir = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(
            dir.join("dossier.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        for (path, text) in pages {
            std::fs::write(dir.join("content").join(path), text).unwrap();
        }
        let config = SiteConfig::load(&dir).unwrap();
        let mut problems = Diagnostics::new();
        let mut inputs = crate::load::load(&dir, &[], !defer_pages, &mut problems);
        let options = ModelOptions {
            drafts: false,
            build_date: Date::parse_iso("2026-01-01").unwrap(),
            edition: crate::board::Edition::Public,
            defer_pages,
        };
        let agenda = crate::board::plan(
            crate::board::BoardInputs::take(&mut inputs),
            &config,
            crate::board::BoardOptions {
                edition: options.edition,
                drafts: options.drafts,
                build_date: options.build_date,
            },
            &mut problems,
        );
        let site = resolve(
            &dir,
            config,
            inputs,
            agenda,
            &markdown::NoShortcodes,
            options,
            &mut problems,
        );
        (dir, site, problems)
    }

    #[test]
    fn a_pages_terms_are_found_by_taxonomy_name_and_listed_in_name_order() {
        let other: crate::load::common::OtherKeys = toml::from_str(
            "themes = [\"Governance\", \"Pooled budgets\"]\nregions = [\"London\"]\n",
        )
        .unwrap();
        let t = terms(&other);
        assert_eq!(t.get("themes").unwrap(), &["Governance", "Pooled budgets"]);
        assert_eq!(t.get("regions").unwrap(), &["London"]);
        assert_eq!(t.get("topics"), None);
        let all: Vec<&String> = t.values().flatten().collect();
        assert_eq!(all, ["London", "Governance", "Pooled budgets"]);
    }

    const A: &str = "+++\ntitle = \"A\"\n+++\n## Part one\n\nSee [b](@/b.md#part) and [c](@/c.md).[^1]\n\n[^1]: A note.\n";
    const B: &str = "+++\ntitle = \"B\"\n+++\n## Part\n\nBack to [a](@/a.md#part-one).\n";

    #[test]
    fn a_deferred_page_is_rendered_from_its_file_as_a_kept_page_is() {
        let pages = [("a.md", A), ("b.md", B)];
        let (kept_dir, kept, kept_problems) = resolved("kept", &pages, false);
        let (dir, site, problems) = resolved("deferred", &pages, true);
        // The link to @/c.md is reported while resolving when bodies are
        // kept, and when the page is rendered when they are deferred.
        let kept_problems = kept_problems.into_sorted();
        assert_eq!(kept_problems.len(), 1);
        assert!(problems.is_empty(), "{:?}", problems.into_sorted());
        for (i, page) in site.pages.iter().enumerate() {
            assert!(page.deferred && page.body.html.is_empty() && page.body.toc.is_empty());
            let body = site.render_deferred(i, &markdown::NoShortcodes).unwrap();
            let was = &kept.pages[i].body;
            assert_eq!(body.body.html, was.html);
            assert_eq!(body.body.toc, was.toc);
            assert_eq!(body.body.anchors, was.anchors);
            assert_eq!(body.body.plain_text, was.plain_text);
            let errors = body.problems.into_sorted();
            if page.content_path == "a.md" {
                assert_eq!(errors.len(), 1, "{errors:?}");
                assert_eq!(
                    errors[0].message,
                    "this link points to @/c.md, which does not exist"
                );
                assert_eq!((errors[0].line, errors[0].col), (6, 26));
                assert_eq!(errors[0], kept_problems[0]);
                // Its link to a heading of b.md waits until b.md is rendered.
                assert_eq!(body.pending.len(), 1);
            } else {
                assert!(errors.is_empty(), "{errors:?}");
            }
        }
        assert!(body_has(&site, "a.md", "href=\"/b/#part\""));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&kept_dir);
    }

    fn body_has(site: &Site, content_path: &str, text: &str) -> bool {
        let i = site
            .pages
            .iter()
            .position(|p| p.content_path == content_path)
            .unwrap();
        site.render_deferred(i, &markdown::NoShortcodes)
            .unwrap()
            .body
            .html
            .contains(text)
    }

    #[test]
    fn a_link_to_a_missing_heading_of_a_deferred_page_is_found_once_every_page_is_rendered() {
        let b = B.replace("## Part\n", "## Partly\n");
        // The home page is rendered while resolving: its link waits too.
        let home = "+++\ntitle = \"Home\"\n+++\nSee [b](@/b.md#partly) and [b](@/b.md#part).\n";
        let pages = [("a.md", A), ("b.md", &b), ("_index.md", home)];
        let (dir, site, problems) = resolved("anchors", &pages, true);
        assert!(problems.is_empty(), "{:?}", problems.into_sorted());
        let mut book = AnchorBook::new(&site);
        for i in 0..site.pages.len() {
            let body = site.render_deferred(i, &markdown::NoShortcodes).unwrap();
            book.add(i, &body.body.anchors, body.pending);
        }
        let mut problems = Diagnostics::new();
        book.check(&site, &markdown::NoShortcodes, &mut problems);
        let found = problems.into_sorted();
        assert_eq!(found.len(), 2, "{found:?}");
        for d in &found {
            assert_eq!(d.message, "@/b.md has no heading #part");
            assert_eq!(
                d.hint.as_deref(),
                Some("did you mean #partly? the headings of @/b.md have the ids: partly")
            );
        }
        assert_eq!(
            found[0].path.as_deref(),
            Some(Path::new("content/_index.md"))
        );
        assert_eq!((found[0].line, found[0].col), (4, 28));
        assert_eq!(found[1].path.as_deref(), Some(Path::new("content/a.md")));
        assert_eq!((found[1].line, found[1].col), (6, 5));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_link_to_a_heading_of_a_page_without_headings_says_so() {
        let (_, hint) = missing_anchor("about/glossary.md", "terms", &[]);
        assert_eq!(
            hint,
            "@/about/glossary.md has no headings or footnotes to link to; link to the page without #terms, or give it a heading"
        );
    }

    #[test]
    fn a_deferred_page_saved_with_new_front_matter_before_it_is_written_is_an_error() {
        let (dir, site, _) = resolved("resaved", &[("a.md", A), ("b.md", B)], true);
        std::fs::write(dir.join("content/b.md"), B.replace("\"B\"", "\"Bee\"")).unwrap();
        let i = site
            .pages
            .iter()
            .position(|p| p.content_path == "b.md")
            .unwrap();
        let err = site
            .render_deferred(i, &markdown::NoShortcodes)
            .unwrap_err();
        assert_eq!(
            err.message,
            "this file changed while the site was being built"
        );
        assert_eq!(err.path.as_deref(), Some(Path::new("content/b.md")));
        // A change to the text alone is simply rendered.
        std::fs::write(dir.join("content/b.md"), B.replace("Back", "Go back")).unwrap();
        assert!(body_has(&site, "b.md", "Go back"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
