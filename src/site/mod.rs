//! The briefing microsite: every HTML page, listing, taxonomy page, feed,
//! sitemap, search index and redirect, rendered from the model through the
//! theme and written to a [`Sink`].

pub mod case_study;
pub mod organisation;
pub mod page;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::CASE_STUDIES;
use crate::markdown::Rendered;
use crate::model::{AnchorBook, PageKind, PendingAnchor, Site};
use crate::output::Sink;
use crate::pdf::pack::PackRenderer;
use crate::render::theme::Origin;
use crate::render::view::{PageSummary, Views};
use crate::render::{Lookups, Renderer};
use crate::roles::view::RoleView;

/// Fill the template functions' lookups and the shared `site` value.
pub fn prepare(site: &Site, renderer: &mut Renderer) {
    let views = Views::new(site);
    let lookups = Lookups {
        pages: site
            .pages
            .iter()
            .map(|p| p.content_path.clone())
            .zip(views.summary_values.iter().cloned())
            .collect(),
        organisations: site
            .organisations
            .iter()
            .map(|o| {
                (
                    o.slug.clone(),
                    Value::from_serializable(&views.organisation(o)),
                )
            })
            .collect(),
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| (t.name.clone(), views.taxonomy_value(t)))
            .collect(),
    };
    renderer.set_lookups(lookups, Value::from_serializable(&views.site_view()));
}

/// What [`write_site`] wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// HTML pages written.
    pub pages: usize,
    /// The page of its meeting's board pack on which each paper (by slug)
    /// starts, as printed on agendas and by `ref` shortcodes.
    pub pack_pages: BTreeMap<String, usize>,
}

/// What [`write_site`] renders.
pub enum Selection<'a> {
    /// Everything: pages, packs, calendars, indexes and static files.
    All,
    /// Only the outputs of these templates, with board-pack page numbers
    /// from an earlier build (for `serve`, after a template edit).
    Templates {
        names: &'a std::collections::BTreeSet<String>,
        pack_pages: &'a BTreeMap<String, usize>,
    },
}

impl Selection<'_> {
    /// Whether outputs not made by an HTML or XML template are made.
    fn all(&self) -> bool {
        matches!(self, Selection::All)
    }

    /// Whether the output of `template` is made.
    fn wants(&self, template: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Templates { names, .. } => names.contains(template),
        }
    }
}

/// Render and write the site (all of it, or what `selection` says).
#[allow(clippy::too_many_arguments)]
pub fn write_site(
    root: &std::path::Path,
    site: &Site,
    renderer: &Renderer,
    packs: &PackRenderer,
    theme_static: &std::collections::BTreeMap<String, Origin>,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
    selection: &Selection,
) -> std::io::Result<Written> {
    let views = Views::with_values(site, renderer.summary_values(site));
    let c = &site.config;
    let mut pages_written = 0;

    // Board packs first: the page where each paper starts in its meeting's
    // pack is printed on web agendas and by `ref` shortcodes.
    let refs = renderer.paper_refs();
    let mut pack_pages: BTreeMap<String, usize> = match selection {
        Selection::All => BTreeMap::new(),
        Selection::Templates { pack_pages, .. } => (*pack_pages).clone(),
    };
    let mut packs_made = Vec::new();
    let meetings = if selection.all() {
        &site.board.meetings[..]
    } else {
        &[]
    };
    for (i, meeting) in meetings.iter().enumerate() {
        match crate::board::pack::board_pack(site, &views, packs, refs, i) {
            Ok((typeset, pages)) => {
                pack_pages.extend(pages);
                packs_made.push((
                    format!("{}board-pack.pdf", meeting.path.trim_start_matches('/')),
                    typeset,
                ));
            }
            Err(d) => problems.push(d),
        }
    }
    for (rel, typeset) in &packs_made {
        sink.write_pdf(rel, &typeset.pdf, &typeset.source)?;
    }
    let fill = |html: String| -> String { fill_pack_pages(html, &pack_pages) };
    let mut parallel_written = 0;

    let mut emit = |path: &str,
                    template: &str,
                    vars: &[(&str, Value)],
                    rendering: Option<String>,
                    sink: &mut dyn Sink,
                    problems: &mut Diagnostics|
     -> std::io::Result<()> {
        if !selection.wants(template) {
            return Ok(());
        }
        let mut ctx = renderer.context(c, path);
        for (k, v) in vars {
            ctx.insert_value(k.to_string(), v.clone());
        }
        match renderer.render(template, &ctx, rendering.as_deref()) {
            Ok(html) => {
                pages_written += 1;
                sink.write(&file_for(path), fill(html).as_bytes())
            }
            Err(d) => {
                problems.push(d);
                Ok(())
            }
        }
    };

    // Home.
    let home = HomeView {
        title: site.home.title.as_deref().unwrap_or(&c.title),
        content: &site.home.body.html,
        description: site
            .home
            .description
            .as_deref()
            .or(c.description.as_deref()),
    };
    let case_studies: Vec<PageSummary> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == PageKind::CaseStudy)
        .map(|i| views.summary(i))
        .collect();
    let sections: Vec<SectionLink> = site
        .sections
        .iter()
        .map(|s| SectionLink {
            title: &s.title,
            url: c.url(&s.path),
            description: s.description.as_deref(),
        })
        .collect();
    let organisations: Vec<_> = site
        .organisations
        .iter()
        .map(|o| views.organisation(o))
        .collect();
    let org_summaries: Vec<_> = organisations
        .iter()
        .map(|o| OrgRefView {
            slug: o.slug,
            name: o.name,
            short_name: o.short_name,
            url: &o.url,
            colour: o.colour,
            logo: o.logo.as_deref(),
        })
        .collect();
    emit(
        "/",
        "index.html",
        &[
            ("home", v(&home)),
            ("case_studies", v(&case_studies)),
            ("sections", v(&sections)),
            ("organisations", v(&org_summaries)),
        ],
        Some("content/_index.md".into()),
        sink,
        problems,
    )?;

    // A section page lists every page of its section (a thousand cards in a
    // large site): render them on all cores, then write them in order.
    let section_indices: Vec<usize> = (0..site.sections.len()).collect();
    let section_pages = crate::par::map(&section_indices, |&i| {
        let section = &site.sections[i];
        let template = if section.folder == CASE_STUDIES {
            "case_studies.html"
        } else {
            "section.html"
        };
        if !selection.wants(template) {
            return None;
        }
        let mut ctx = renderer.context(c, &section.path);
        ctx.insert_value("section", views.section_value(i));
        let source = format!("content/{}/_index.md", section.folder);
        Some(renderer.render(template, &ctx, Some(&source)).map(fill))
    });
    for (section, result) in site.sections.iter().zip(section_pages) {
        match result {
            Some(Ok(html)) => {
                parallel_written += 1;
                sink.write(&file_for(&section.path), html.as_bytes())?;
            }
            Some(Err(d)) => problems.push(d),
            None => {}
        }
    }
    // Pages are most of a big site: render them on all cores while this
    // thread writes them, in order.
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| selection.wants(page_template(&site.pages[i])))
        .collect();
    // Where the sink writes to a folder, each thread also writes the pages
    // it renders (on a real disk, creating files is most of the time), and
    // this thread records them in order. The search index is written as
    // the pages are, a part at a time.
    let files = sink.files();
    // A sink in memory holds the whole index anyway: give it one part.
    let part = if files.is_some() {
        SearchIndex::PART
    } else {
        usize::MAX
    };
    let mut search = SearchIndex::new(selection.all(), part);
    search.begin(sink)?;
    let mut anchors = AnchorBook::new(site);
    crate::par::for_each_in_order(
        &indices,
        |&i| {
            let made = make_page(site, &views, renderer, i, &pack_pages)?;
            let rel = file_for(&site.pages[i].path);
            let put = files.as_ref().map(|f| f.put(&rel, made.html.as_bytes()));
            Ok((i, rel, made, put))
        },
        |_, result: Result<_, Diagnostic>| {
            match result {
                Ok((i, rel, made, put)) => {
                    parallel_written += 1;
                    match put {
                        Some(put) => {
                            put?;
                            sink.record(&rel, made.html.as_bytes())?;
                        }
                        None => sink.write(&rel, made.html.as_bytes())?,
                    }
                    if let Some(found) = made.found {
                        problems.extend(found.problems.into_sorted());
                        anchors.add(i, &found.anchors, found.pending);
                    }
                    search.push(&made.search, sink)?;
                }
                Err(d) => problems.push(d),
            }
            Ok::<(), std::io::Error>(())
        },
    )?;
    anchors.check(site, renderer.shortcode_host(), problems);
    if !site.organisations.is_empty() {
        emit(
            "/organisations/",
            "organisations.html",
            &[("organisations", v(&organisations))],
            None,
            sink,
            problems,
        )?;
        for (o, view) in site.organisations.iter().zip(&organisations) {
            emit(
                &o.path,
                "organisation.html",
                &[("organisation", v(view))],
                Some(format!("content/organisations/{}.toml", o.slug)),
                sink,
                problems,
            )?;
        }
    }
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        let url = c.url(&t.path);
        let head = TaxonomyHead {
            name: &t.name,
            title: &t.title,
            url: &url,
        };
        emit(
            &t.path,
            "taxonomy_list.html",
            &[("taxonomy", views.taxonomy_value(t))],
            None,
            sink,
            problems,
        )?;
        // A term page lists every page using the term (megabytes each in a
        // large site): render a few at a time on all cores.
        let head = v(&head);
        let terms: Vec<usize> = if selection.wants("taxonomy_term.html") {
            (0..t.terms.len()).collect()
        } else {
            Vec::new()
        };
        for few in terms.chunks(TERMS_AT_ONCE) {
            let rendered = crate::par::map(few, |&k| {
                let mut ctx = renderer.context(c, &t.terms[k].path);
                ctx.insert_value("taxonomy", head.clone());
                ctx.insert_value("term", views.term_value(&t.terms[k]));
                renderer
                    .render("taxonomy_term.html", &ctx, None)
                    .map(|html| fill_pack_pages(html, &pack_pages))
            });
            for (&k, result) in few.iter().zip(rendered) {
                match result {
                    Ok(html) => {
                        parallel_written += 1;
                        sink.write(&file_for(&t.terms[k].path), html.as_bytes())?;
                    }
                    Err(d) => problems.push(d),
                }
            }
        }
    }
    if !site.roles.is_empty() {
        write_roles(site, &views, packs, &mut emit, sink, problems, selection)?;
    }
    if !site.board.papers.is_empty() || !site.board.meetings.is_empty() {
        let board = BoardOutput {
            views: &views,
            packs,
            refs,
            pack_pages: &pack_pages,
        };
        write_board(site, &board, &mut emit, sink, problems, selection)?;
    }
    emit("/search/", "search.html", &[], None, sink, problems)?;
    let emit_file = |path: &str,
                     template: &str,
                     vars: &[(&str, Value)],
                     sink: &mut dyn Sink,
                     problems: &mut Diagnostics| {
        if selection.wants(template) {
            emit_file(path, template, vars, renderer, site, sink, problems)
        } else {
            Ok(())
        }
    };
    emit_file("/404.html", "404.html", &[], sink, problems)?;
    for (alias, target) in &site.aliases {
        emit_file(
            &file_for(alias),
            "alias.html",
            &[("redirect_to", v(&c.permalink(target)))],
            sink,
            problems,
        )?;
    }

    // Sitemap, feed, robots.txt and search index.
    let mut entries: Vec<SitemapEntry> = vec![SitemapEntry {
        permalink: c.permalink("/"),
        lastmod: None,
    }];
    entries.extend(site.sections.iter().map(|s| SitemapEntry {
        permalink: c.permalink(&s.path),
        lastmod: None,
    }));
    entries.extend(site.pages.iter().map(|p| SitemapEntry {
        permalink: c.permalink(&p.path),
        lastmod: p.date.map(|d| d.to_string()),
    }));
    entries.extend(site.organisations.iter().map(|o| SitemapEntry {
        permalink: c.permalink(&o.path),
        lastmod: None,
    }));
    if !site.roles.is_empty() {
        entries.push(SitemapEntry {
            permalink: c.permalink("/roles/"),
            lastmod: None,
        });
        // Closed roles carry noindex, so they are left out of the sitemap.
        entries.extend(site.roles.iter().filter(|r| r.open).map(|r| SitemapEntry {
            permalink: c.permalink(&r.path),
            lastmod: None,
        }));
    }
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        entries.push(SitemapEntry {
            permalink: c.permalink(&t.path),
            lastmod: None,
        });
        entries.extend(t.terms.iter().map(|x| SitemapEntry {
            permalink: c.permalink(&x.path),
            lastmod: None,
        }));
    }
    emit_file(
        "/sitemap.xml",
        "sitemap.xml",
        &[("entries", v(&entries))],
        sink,
        problems,
    )?;

    if selection.wants("atom.xml") {
        write_feed(site, renderer, sink, problems)?;
    }
    emit_file(
        "/robots.txt",
        "robots.txt",
        &[("sitemap_url", v(&c.permalink("/sitemap.xml")))],
        sink,
        problems,
    )?;
    if !selection.all() {
        return Ok(Written {
            pages: pages_written + parallel_written,
            pack_pages,
        });
    }

    for entry in other_search_entries(site) {
        search.push(&fill_pack_pages(entry, &pack_pages), sink)?;
    }
    search.end(sink)?;

    // Static files: theme, then the project's static/ (which wins), then
    // files kept beside content. A static file may not replace a page.
    let mut statics = crate::render::theme::with_project_static(root, theme_static);
    for asset in &site.assets {
        statics.insert(
            asset.clone(),
            Origin::Disk(std::path::Path::new("content").join(asset)),
        );
    }
    for (out, origin) in statics {
        if sink.contains(&out) {
            let from = match &origin {
                Origin::Disk(p) => crate::diagnostic::display_path(p),
                Origin::BuiltIn(_) => format!("<built-in theme>/static/{out}"),
            };
            problems.push(
                Diagnostic::error(format!("{from} would replace the generated page {out}"))
                    .in_file(from.clone())
                    .with_hint("rename or move the file: dossier writes a page at that address"),
            );
            continue;
        }
        match origin {
            Origin::Disk(p) => {
                let bytes = std::fs::read(root.join(&p))?;
                sink.write(&out, &bytes)?;
            }
            Origin::BuiltIn(bytes) => sink.write(&out, bytes)?,
        }
    }
    Ok(Written {
        pages: pages_written + parallel_written,
        pack_pages,
    })
}

/// How many term pages are rendered at once.
const TERMS_AT_ONCE: usize = 8;

/// The template of a case study or generic page.
fn page_template(page: &crate::model::Page) -> &'static str {
    match page.kind {
        PageKind::CaseStudy => "case_study.html",
        PageKind::Page => "page.html",
    }
}

/// The HTML of page `i` (a case study or a generic page), whose body is
/// kept in the model.
pub fn render_page(
    site: &Site,
    views: &Views,
    renderer: &Renderer,
    i: usize,
    pack_pages: &BTreeMap<String, usize>,
) -> Result<String, Diagnostic> {
    render_page_with(site, views, renderer, i, &site.pages[i].body, pack_pages)
}

/// [`render_page`] with the body `body`.
fn render_page_with(
    site: &Site,
    views: &Views,
    renderer: &Renderer,
    i: usize,
    body: &Rendered,
    pack_pages: &BTreeMap<String, usize>,
) -> Result<String, Diagnostic> {
    let page = &site.pages[i];
    let template = page_template(page);
    let view = views.page_with(i, body);
    let mut ctx = renderer.context(&site.config, &page.path);
    ctx.insert_value("page", views.page_value(i, &view));
    let source = format!("content/{}", page.content_path);
    renderer
        .render(template, &ctx, Some(&source))
        .map(|html| fill_pack_pages(html, pack_pages))
}

/// What writing one page made.
struct MadePage {
    html: String,
    /// Its search index entry, as JSON.
    search: String,
    /// For a deferred page, what rendering its Markdown found.
    found: Option<Found>,
}

/// What rendering a deferred page's Markdown found, for the checks made
/// once every page is written.
struct Found {
    anchors: Vec<String>,
    problems: Diagnostics,
    pending: Vec<PendingAnchor>,
}

/// Page `i`'s HTML and search entry; a deferred page's Markdown is
/// rendered here, and dropped once the page is made.
fn make_page(
    site: &Site,
    views: &Views,
    renderer: &Renderer,
    i: usize,
    pack_pages: &BTreeMap<String, usize>,
) -> Result<MadePage, Diagnostic> {
    let page = &site.pages[i];
    let deferred = if page.deferred {
        Some(site.render_deferred(i, renderer.shortcode_host())?)
    } else {
        None
    };
    let body = deferred.as_ref().map_or(&page.body, |d| &d.body);
    let html = render_page_with(site, views, renderer, i, body, pack_pages)?;
    let search = fill_pack_pages(search_entry_with(site, page, &body.plain_text), pack_pages);
    let found = deferred.map(|d| Found {
        anchors: d.body.anchors,
        problems: d.problems,
        pending: d.pending,
    });
    Ok(MadePage {
        html,
        search,
        found,
    })
}

/// `search-index.json`, written a part at a time as entries come:
/// `{"pages":[entry,entry,...]}`.
struct SearchIndex {
    /// Whether this build writes it.
    on: bool,
    part: String,
    /// Bytes gathered before a part is written.
    part_size: usize,
    first: bool,
}

impl SearchIndex {
    const FILE: &str = "search-index.json";
    /// Bytes gathered before a part is written to a folder.
    const PART: usize = 4 << 20;

    fn new(on: bool, part_size: usize) -> SearchIndex {
        SearchIndex {
            on,
            part: String::new(),
            part_size,
            first: true,
        }
    }

    fn begin(&mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if self.on {
            sink.append(Self::FILE, b"{\"pages\":[")?;
        }
        Ok(())
    }

    fn push(&mut self, entry: &str, sink: &mut dyn Sink) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        if !std::mem::take(&mut self.first) {
            self.part.push(',');
        }
        self.part.push_str(entry);
        if self.part.len() >= self.part_size {
            sink.append(Self::FILE, self.part.as_bytes())?;
            self.part.clear();
        }
        Ok(())
    }

    fn end(&mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if self.on {
            self.part.push_str("]}");
            sink.append(Self::FILE, self.part.as_bytes())?;
            self.part = String::new();
        }
        Ok(())
    }
}

/// `atom.xml`: the most recent dated pages (`[feed] limit`), full text.
pub fn write_feed(
    site: &Site,
    renderer: &Renderer,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
) -> std::io::Result<()> {
    let c = &site.config;
    let mut feed_pages: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    let pages = &site.pages;
    feed_pages.sort_by(|&a, &b| {
        (pages[b].date.cmp(&pages[a].date)).then(pages[a].path.cmp(&pages[b].path))
    });
    if c.feed.limit > 0 {
        feed_pages.truncate(c.feed.limit);
    }
    let updated = feed_pages
        .first()
        .and_then(|&i| pages[i].date)
        .unwrap_or(site.build_date);
    // A deferred page's Markdown is rendered again (its problems were
    // reported when the page was written).
    let mut contents = Vec::with_capacity(feed_pages.len());
    for &i in &feed_pages {
        if !pages[i].deferred {
            contents.push(std::borrow::Cow::Borrowed(pages[i].body.html.as_str()));
            continue;
        }
        match site.render_deferred(i, renderer.shortcode_host()) {
            Ok(b) => contents.push(std::borrow::Cow::Owned(b.body.html)),
            Err(d) => {
                problems.push(d);
                return Ok(());
            }
        }
    }
    let feed = Feed {
        title: &c.title,
        id: c.base_url.clone(),
        self_url: c.permalink("/atom.xml"),
        updated: updated.rfc3339(),
        entries: feed_pages
            .iter()
            .map(|&i| &pages[i])
            .zip(&contents)
            .map(|(p, content)| FeedEntry {
                title: &p.title,
                permalink: c.permalink(&p.path),
                updated: p.date.map(|d| d.rfc3339()).unwrap_or_default(),
                summary: p.summary.as_deref().or(p.description.as_deref()),
                content,
            })
            .collect(),
    };
    emit_file(
        "/atom.xml",
        "atom.xml",
        &[("feed", v(&feed))],
        renderer,
        site,
        sink,
        problems,
    )
}

/// The entries of the search index, each as JSON: the pages first, in the
/// order of [`Site::pages`] (so page `i` is entry `i`), then open roles,
/// then papers.
pub fn search_entries(site: &Site) -> Vec<String> {
    let mut entries = crate::par::map(&site.pages, |p| search_entry(site, p));
    entries.extend(other_search_entries(site));
    entries
}

/// The search index entries of open roles and papers, as JSON.
fn other_search_entries(site: &Site) -> impl Iterator<Item = String> + '_ {
    let c = &site.config;
    let roles = site.roles.iter().filter(|r| r.open).map(|r| SearchEntry {
        title: &r.profile.title,
        url: c.url(&r.path),
        kind: "role",
        summary: Some(&r.profile.summary),
        text: r.profile.about_role.as_deref().unwrap_or(""),
        terms: Vec::new(),
    });
    let papers = site.board.papers.iter().map(|p| SearchEntry {
        title: &p.fm.title,
        url: c.url(&p.path),
        kind: "paper",
        summary: p.reference.as_deref(),
        text: truncate_chars(&p.body.plain_text, c.search.text_limit),
        terms: Vec::new(),
    });
    roles.chain(papers).map(|e| e.json())
}

/// The search index entry of one page whose body is kept, as JSON.
pub fn search_entry(site: &Site, p: &crate::model::Page) -> String {
    search_entry_with(site, p, &p.body.plain_text)
}

/// The search index entry of page `p` with the text `text`, as JSON.
fn search_entry_with(site: &Site, p: &crate::model::Page, text: &str) -> String {
    let c = &site.config;
    SearchEntry {
        title: &p.title,
        url: c.url(&p.path),
        kind: p.kind.as_str(),
        summary: p.summary.as_deref().or(p.description.as_deref()),
        text: truncate_chars(text, c.search.text_limit),
        terms: p.terms.values().flatten().map(String::as_str).collect(),
    }
    .json()
}

/// `search-index.json` from its entries: `{"pages":[entry,entry,...]}`.
pub fn join_search_index(entries: &[String], pack_pages: &BTreeMap<String, usize>) -> String {
    let index = format!("{{\"pages\":[{}]}}", entries.join(","));
    fill_pack_pages(index, pack_pages)
}

type Emit<'a> = dyn FnMut(
        &str,
        &str,
        &[(&str, Value)],
        Option<String>,
        &mut dyn Sink,
        &mut Diagnostics,
    ) -> std::io::Result<()>
    + 'a;

/// The vacancy listing, each role's page, timetable calendar and candidate
/// pack, the calendar of all open roles and `roles/index.json`.
fn write_roles(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    emit: &mut Emit,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
    selection: &Selection,
) -> std::io::Result<()> {
    let c = &site.config;
    let role_views: Vec<RoleView> = (0..site.roles.len()).map(|i| views.role(i)).collect();
    let open: Vec<&RoleView> = role_views.iter().filter(|r| r.open).collect();
    let closed: Vec<&RoleView> = role_views.iter().filter(|r| r.recently_closed).collect();
    emit(
        "/roles/",
        "roles.html",
        &[("open_roles", v(&open)), ("closed_roles", v(&closed))],
        None,
        sink,
        problems,
    )?;
    let host = uid_host(c);
    let mut all_open_events = Vec::new();
    for (i, (role, view)) in site.roles.iter().zip(&role_views).enumerate() {
        let source = format!("content/{}", role.content_path);
        emit(
            &role.path,
            "role.html",
            &[("role", v(view))],
            Some(source),
            sink,
            problems,
        )?;
        if !selection.all() {
            continue;
        }
        let events = timeline_events(role, view, &host);
        let ics = crate::render::ics::calendar(
            &format!("{}: recruitment timetable", view.title),
            site.build_date,
            &events,
        );
        sink.write(
            &format!("{}timeline.ics", role.path.trim_start_matches('/')),
            ics.as_bytes(),
        )?;
        if role.open {
            all_open_events.extend(events);
        }
        match crate::roles::pack::candidate_pack(site, views, packs, i) {
            Ok(pdf) => sink.write(
                &format!("{}candidate-pack.pdf", role.path.trim_start_matches('/')),
                &pdf,
            )?,
            Err(d) => problems.push(d),
        }
    }
    let ics = crate::render::ics::calendar(
        &format!("{}: open vacancies", c.title),
        site.build_date,
        &all_open_events,
    );
    if !selection.all() {
        return Ok(());
    }
    sink.write("roles/roles.ics", ics.as_bytes())?;
    let index = RoleIndex {
        build_date: site.build_date,
        roles: role_views.iter().map(RoleIndexEntry::from).collect(),
    };
    sink.write(
        "roles/index.json",
        &serde_json::to_vec_pretty(&index).map_err(std::io::Error::other)?,
    )
}

/// A role's timetable as calendar events, with the closing date among them.
fn timeline_events(
    role: &crate::roles::Role,
    view: &RoleView,
    host: &str,
) -> Vec<crate::render::ics::Event> {
    let mut stages: Vec<(crate::dates::Date, String)> = role
        .timeline
        .iter()
        .map(|s| (s.date, s.stage.clone()))
        .collect();
    if !stages.iter().any(|(d, _)| *d == role.closing) {
        stages.push((role.closing, "Closing date".to_string()));
        stages.sort_by_key(|(d, _)| *d);
    }
    stages
        .into_iter()
        .map(|(date, stage)| crate::render::ics::Event {
            start: None,
            uid: format!(
                "{}-{date}-{}@{host}",
                role.slug,
                crate::markdown::slugify(&stage)
            ),
            date,
            summary: format!("{}: {stage}", view.title),
            description: Some(format!("{} (reference {})", view.summary, view.reference)),
            url: Some(view.permalink.clone()),
        })
        .collect()
}

/// `roles/index.json`: a machine-readable list of vacancies.
#[derive(Serialize)]
struct RoleIndex<'a> {
    build_date: crate::dates::Date,
    roles: Vec<RoleIndexEntry<'a>>,
}

#[derive(Serialize)]
struct RoleIndexEntry<'a> {
    slug: &'a str,
    title: &'a str,
    reference: &'a str,
    summary: &'a str,
    status: &'static str,
    joint: bool,
    closing_date: crate::dates::Date,
    url: &'a str,
    permalink: &'a str,
    pack_url: &'a str,
    employers: Vec<IndexEmployer<'a>>,
    location: Option<&'a str>,
    salary: Option<IndexSalary<'a>>,
}

#[derive(Serialize)]
struct IndexEmployer<'a> {
    slug: &'a str,
    name: &'a str,
    share: Option<f64>,
    host: bool,
}

#[derive(Serialize)]
struct IndexSalary<'a> {
    min: f64,
    max: f64,
    currency: &'a str,
    period: &'a str,
}

impl<'a> From<&'a RoleView> for RoleIndexEntry<'a> {
    fn from(r: &'a RoleView) -> Self {
        RoleIndexEntry {
            slug: &r.slug,
            title: &r.title,
            reference: &r.reference,
            summary: &r.summary,
            status: r.status,
            joint: r.joint,
            closing_date: r.closing_date,
            url: &r.url,
            permalink: &r.permalink,
            pack_url: &r.pack_url,
            employers: r
                .employers
                .iter()
                .map(|e| IndexEmployer {
                    slug: &e.slug,
                    name: &e.name,
                    share: e.share,
                    host: e.host,
                })
                .collect(),
            location: r.location_text.as_deref(),
            salary: r.salary.as_ref().map(|s| IndexSalary {
                min: s.min,
                max: s.max,
                currency: &s.currency,
                period: s.period,
            }),
        }
    }
}

/// Put board-pack page numbers where `ref` shortcodes left placeholders.
fn fill_pack_pages(text: String, pages: &std::collections::BTreeMap<String, usize>) -> String {
    if memchr::memmem::find(text.as_bytes(), b"DOSSIERPACKPAGE").is_none() {
        return text;
    }
    let mut text = text;
    for (slug, page) in pages {
        text = text.replace(
            &crate::board::pack_page_placeholder(slug),
            &page.to_string(),
        );
    }
    // A paper whose pack could not be made (its error is reported).
    while let Some(start) = text.find("DOSSIERPACKPAGE") {
        let end = text[start..]
            .find('X')
            .map_or(text.len(), |e| start + e + 1);
        text.replace_range(start..end, "?");
    }
    text
}

struct BoardOutput<'a> {
    views: &'a Views<'a>,
    packs: &'a PackRenderer,
    refs: &'a std::collections::BTreeMap<String, crate::board::PaperRef>,
    pack_pages: &'a std::collections::BTreeMap<String, usize>,
}

/// Paper pages and PDFs, the paper listing, meeting pages, the meeting
/// listing and the calendar of meetings.
fn write_board(
    site: &Site,
    out: &BoardOutput,
    emit: &mut Emit,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
    selection: &Selection,
) -> std::io::Result<()> {
    let c = &site.config;
    let paper_views: Vec<_> = (0..site.board.papers.len())
        .map(|i| out.views.paper(i))
        .collect();
    for (i, (paper, view)) in site.board.papers.iter().zip(&paper_views).enumerate() {
        emit(
            &paper.path,
            "paper.html",
            &[("paper", v(view))],
            Some(format!("content/{}", paper.content_path)),
            sink,
            problems,
        )?;
        if !selection.all() {
            continue;
        }
        match crate::board::pack::paper_pdf(site, out.views, out.packs, out.refs, out.pack_pages, i)
        {
            Ok(t) => sink.write_pdf(
                &format!("{}paper.pdf", paper.path.trim_start_matches('/')),
                &t.pdf,
                &t.source,
            )?,
            Err(d) => problems.push(d),
        }
    }
    emit(
        "/papers/",
        "papers.html",
        &[("papers", v(&paper_views))],
        None,
        sink,
        problems,
    )?;
    let meeting_views: Vec<_> = (0..site.board.meetings.len())
        .map(|i| out.views.meeting(i, out.pack_pages))
        .collect();
    for (meeting, view) in site.board.meetings.iter().zip(&meeting_views) {
        emit(
            &meeting.path,
            "meeting.html",
            &[("meeting", v(view))],
            Some(format!("content/{}", meeting.content_path)),
            sink,
            problems,
        )?;
    }
    let upcoming: Vec<_> = meeting_views.iter().filter(|m| m.upcoming).collect();
    let mut past: Vec<_> = meeting_views.iter().filter(|m| !m.upcoming).collect();
    past.reverse();
    emit(
        "/meetings/",
        "meetings.html",
        &[("upcoming", v(&upcoming)), ("past", v(&past))],
        None,
        sink,
        problems,
    )?;
    if !selection.all() {
        return Ok(());
    }
    let host = uid_host(c);
    let events: Vec<crate::render::ics::Event> = meeting_views
        .iter()
        .map(|m| crate::render::ics::Event {
            uid: format!("meeting-{}@{host}", m.slug),
            date: m.date,
            start: m.start.clone(),
            summary: format!("{}: {}", m.body, m.title),
            description: Some(format!(
                "{}{}",
                m.location,
                m.start
                    .as_ref()
                    .map(|s| format!(", {s}"))
                    .unwrap_or_default()
            )),
            url: Some(m.permalink.clone()),
        })
        .collect();
    let ics =
        crate::render::ics::calendar(&format!("{}: meetings", c.title), site.build_date, &events);
    sink.write("meetings/meetings.ics", ics.as_bytes())
}

fn v<T: Serialize + ?Sized>(value: &T) -> Value {
    Value::from_serializable(value)
}

/// Render a template to a file path rather than a page folder.
#[allow(clippy::too_many_arguments)]
fn emit_file(
    path: &str,
    template: &str,
    vars: &[(&str, Value)],
    renderer: &Renderer,
    site: &Site,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
) -> std::io::Result<()> {
    let c = &site.config;
    let mut ctx = renderer.context(c, path);
    for (k, v) in vars {
        ctx.insert_value(k.to_string(), v.clone());
    }
    match renderer.render(template, &ctx, None) {
        Ok(text) => sink.write(path.trim_start_matches('/'), text.as_bytes()),
        Err(d) => {
            problems.push(d);
            Ok(())
        }
    }
}

/// The domain part of calendar UIDs: the base URL without its scheme, with
/// `/` made `-` ("example.org-briefing"), so UIDs stay stable and unique.
fn uid_host(config: &crate::config::SiteConfig) -> String {
    config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("dossier")
        .trim_end_matches('/')
        .replace('/', "-")
}

/// The file written for a site path: "/a/b/" gives "a/b/index.html".
pub fn file_for(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

fn truncate_chars(s: &str, limit: usize) -> &str {
    // A text has at least as many bytes as characters.
    if s.len() <= limit {
        return s;
    }
    // A character starts at every byte that is not a continuation byte
    // (0b10xxxxxx). Count the starts a block at a time (the compiler turns
    // the count into vector instructions), then find the one that begins
    // the character past the limit in its block.
    let is_start = |b: u8| (b as i8) >= -0x40;
    let mut chars = 0;
    let mut at = 0;
    for block in s.as_bytes().chunks(256) {
        let starts = block.iter().filter(|&&b| is_start(b)).count();
        if chars + starts > limit {
            for (k, &b) in block.iter().enumerate() {
                if is_start(b) {
                    if chars == limit {
                        return &s[..at + k];
                    }
                    chars += 1;
                }
            }
        }
        chars += starts;
        at += block.len();
    }
    s
}

#[derive(Serialize)]
struct HomeView<'a> {
    title: &'a str,
    content: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct OrgRefView<'a> {
    slug: &'a str,
    name: &'a str,
    short_name: Option<&'a str>,
    url: &'a str,
    colour: Option<&'a str>,
    logo: Option<&'a str>,
}

#[derive(Serialize)]
struct TaxonomyHead<'a> {
    name: &'a str,
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct Feed<'a> {
    title: &'a str,
    id: String,
    self_url: String,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: Option<&'a str>,
    content: &'a str,
}

/// One entry of `search-index.json`. Written by hand as serde_json would
/// write it (tests compare the two): the index escapes megabytes of page
/// text, and a scan of 16 bytes at a time for the few that need escaping is
/// several times cheaper than serde_json's table lookup per byte.
#[cfg_attr(test, derive(Serialize))]
struct SearchEntry<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    summary: Option<&'a str>,
    text: &'a str,
    terms: Vec<&'a str>,
}

impl SearchEntry<'_> {
    fn json(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 256);
        out.push_str("{\"title\":");
        json_string(&mut out, self.title);
        out.push_str(",\"url\":");
        json_string(&mut out, &self.url);
        out.push_str(",\"kind\":");
        json_string(&mut out, self.kind);
        out.push_str(",\"summary\":");
        match self.summary {
            Some(summary) => json_string(&mut out, summary),
            None => out.push_str("null"),
        }
        out.push_str(",\"text\":");
        json_string(&mut out, self.text);
        out.push_str(",\"terms\":[");
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, term);
        }
        out.push_str("]}");
        out
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`
/// with a backslash; control characters below 0x20 as `\b`, `\t`, `\n`,
/// `\f`, `\r` or `\u00xx`; every other character as it is.
fn json_string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    out.push('"');
    let mut start = 0;
    // 16 bytes at a time: a run with nothing to escape is checked without
    // branches and skipped; only a run with something is looked at byte by
    // byte.
    for (n, chunk) in bytes.chunks(16).enumerate() {
        if !chunk.iter().fold(false, |seen, &b| seen | special(b)) {
            continue;
        }
        for (k, &b) in chunk.iter().enumerate() {
            if !special(b) {
                continue;
            }
            let at = n * 16 + k;
            // `at` is at an ASCII byte, so both slices end on characters.
            out.push_str(&s[start..at]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            start = at + 1;
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_cut_at_a_number_of_characters_not_bytes() {
        assert_eq!(truncate_chars("abcdef", 4), "abcd");
        assert_eq!(truncate_chars("abcd", 4), "abcd");
        assert_eq!(truncate_chars("", 4), "");
        // Five characters, seven bytes: short enough.
        assert_eq!(truncate_chars("éabcé", 5), "éabcé");
        assert_eq!(truncate_chars("éabcé", 4), "éabc");
        assert_eq!(truncate_chars("abcé…xyz", 5), "abcé…");
        assert_eq!(truncate_chars("abc", 0), "");
        // Across blocks, with characters of one to four bytes.
        let text = "a é – 😀 ".repeat(300);
        for limit in (0..1400).step_by(7) {
            let expected = match text.char_indices().nth(limit) {
                Some((i, _)) => &text[..i],
                None => &text[..],
            };
            assert_eq!(truncate_chars(&text, limit), expected, "limit {limit}");
        }
    }

    #[test]
    fn search_entries_are_the_json_serde_json_writes() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let texts = [
            String::new(),
            "plain words".to_string(),
            every_ascii.clone(),
            format!("{every_ascii}{every_ascii}"),
            "quotes \" and back\\slashes, a tab\t and a bell\u{7} mid-run".repeat(3),
            "Ünïcödé — “smart” quotes, 日本語, emoji 🙂, then \"\n".repeat(5),
            "sixteen bytes ok\"sixteen bytes ok\\".to_string(),
        ];
        for text in &texts {
            let mut mine = String::new();
            json_string(&mut mine, text);
            assert_eq!(mine, serde_json::to_string(text).unwrap(), "{text:?}");
        }
        for summary in [None, Some("A \"summary\"")] {
            let entry = SearchEntry {
                title: "Joint \"Director\" of Finance",
                url: "/case-studies/a/".to_string(),
                kind: "case-study",
                summary,
                text: &texts[4],
                terms: vec!["finance", "joint\u{1}"],
            };
            assert_eq!(entry.json(), serde_json::to_string(&entry).unwrap());
        }
    }
}
