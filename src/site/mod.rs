//! The briefing microsite: every HTML page, listing, taxonomy page, feed,
//! sitemap, search index and redirect, rendered from the model through the
//! theme and written to a [`Sink`].

pub(crate) mod case_study;
pub(crate) mod organisation;
pub(crate) mod page;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::board::output::{BoardOutput, fill_pack_pages, write_board, write_board_packs};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::CASE_STUDIES;
use crate::markdown::Rendered;
use crate::model::{AnchorBook, PageKind, PendingAnchor, Site};
use crate::output::Sink;
use crate::pdf::pack::PackRenderer;
use crate::render::emit::{emit_file, file_for, v};
use crate::render::theme::Origin;
use crate::render::view::{PageSummary, Views};
use crate::render::{Lookups, Renderer};
use crate::roles::output::write_roles;

mod view;
use view::*;

mod search;
pub(crate) use search::*;
mod feed;
pub(crate) use feed::*;

pub use crate::render::emit::Selection;

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
    pub(crate) pack_pages: BTreeMap<String, usize>,
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
    let pack_pages = match selection {
        Selection::All => write_board_packs(site, &views, packs, refs, sink, problems)?,
        Selection::Templates { pack_pages, .. } => (*pack_pages).clone(),
    };
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
    // the pages are, a fragment at a time.
    let files = sink.files();
    let mut search = SearchIndex::new(selection.all());
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
                    search.push_with_text(&made.search, &made.search_text, sink)?;
                }
                Err(d) => problems.push(d),
            }
            Ok::<(), std::io::Error>(())
        },
    )?;
    anchors.check(site, renderer.shortcode_host(), problems);
    // The index's words are held until it is written: write it before the
    // term pages, the largest pages of a big site, are made.
    for entry in other_search_entries(site, &pack_pages) {
        search.push_with_text(&entry.0, entry.1, sink)?;
    }
    search.end(sink)?;
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
    if !site.board.is_empty() {
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
    let colours = crate::render::view::organisation_colours(site);
    if !colours.is_empty() {
        emit_file(
            crate::render::view::ORGANISATION_STYLES,
            "organisations.css",
            &[("colours", v(&colours))],
            sink,
            problems,
        )?;
    }
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
        alternates: Vec::new(),
    }];
    entries.extend(site.sections.iter().map(|s| SitemapEntry {
        permalink: c.permalink(&s.path),
        lastmod: None,
        alternates: Vec::new(),
    }));
    entries.extend(site.pages.iter().map(|p| SitemapEntry {
        permalink: c.permalink(&p.path),
        lastmod: p.date.map(|d| d.to_string()),
        alternates: Vec::new(),
    }));
    entries.extend(site.organisations.iter().map(|o| SitemapEntry {
        permalink: c.permalink(&o.path),
        lastmod: None,
        alternates: Vec::new(),
    }));
    entries.extend(
        site.board
            .sitemap()
            .into_iter()
            .map(|(path, lastmod)| SitemapEntry {
                permalink: c.permalink(&path),
                lastmod: lastmod.map(|d| d.to_string()),
                alternates: Vec::new(),
            }),
    );
    if !site.roles.is_empty() {
        entries.push(SitemapEntry {
            permalink: c.permalink("/roles/"),
            lastmod: None,
            alternates: Vec::new(),
        });
        // Closed roles carry noindex, so they are left out of the sitemap.
        entries.extend(site.roles.iter().filter(|r| r.open).map(|r| SitemapEntry {
            permalink: c.permalink(&r.path),
            lastmod: None,
            alternates: Vec::new(),
        }));
    }
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        entries.push(SitemapEntry {
            permalink: c.permalink(&t.path),
            lastmod: None,
            alternates: Vec::new(),
        });
        entries.extend(t.terms.iter().map(|x| SitemapEntry {
            permalink: c.permalink(&x.path),
            lastmod: None,
            alternates: Vec::new(),
        }));
    }
    // One sitemap and one robots.txt, at the root, for every language.
    let at_root = c.pass.is_default();
    if c.pass.is_multilingual() {
        entries = feed::in_every_language(entries, c);
    }
    if at_root {
        emit_file(
            "/sitemap.xml",
            "sitemap.xml",
            &[
                ("entries", v(&entries)),
                ("multilingual", v(&c.pass.is_multilingual())),
            ],
            sink,
            problems,
        )?;
    }

    if selection.wants("atom.xml") {
        write_feed(site, renderer, sink, problems)?;
    }
    if at_root {
        emit_file(
            "/robots.txt",
            "robots.txt",
            &[("sitemap_url", v(&c.permalink("/sitemap.xml")))],
            sink,
            problems,
        )?;
    }
    if !selection.all() {
        return Ok(Written {
            pages: pages_written + parallel_written,
            pack_pages,
        });
    }

    // Static files: theme, then the project's static/ (which wins), then
    // files kept beside content. A static file may not replace a page.
    // They are published once, at the root, for every language: only the
    // default language's pass writes them.
    let mut statics = if c.pass.is_default() {
        crate::render::theme::with_project_static(root, theme_static)
    } else {
        std::collections::BTreeMap::new()
    };
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
pub(crate) fn render_page(
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
    /// Its search index entry.
    search: IndexedPage,
    /// The text the entry was made of, for the leak guard.
    search_text: String,
    /// For a deferred page, what rendering its Markdown found.
    found: Option<DeferredFindings>,
}

/// What rendering a deferred page's Markdown found, for the checks made
/// once every page is written.
struct DeferredFindings {
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
    let entry = page_entry(site, page, &body.plain_text);
    let search = entry.index(pack_pages);
    let search_text = entry.text.to_string();
    let found = deferred.map(|d| DeferredFindings {
        anchors: d.body.anchors,
        problems: d.problems,
        pending: d.pending,
    });
    Ok(MadePage {
        html,
        search,
        search_text,
        found,
    })
}

#[cfg(test)]
mod tests;
