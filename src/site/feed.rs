//! The Atom feed of case studies and pages, and the sitemap's entries.

use crate::diagnostic::Diagnostics;
use crate::model::Site;
use crate::output::Sink;
use crate::render::Renderer;
use crate::render::emit::{emit_file, v};
use serde::Serialize;

/// `atom.xml`: the most recent dated pages (`[feed] limit`), full text.
pub(crate) fn write_feed(
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

#[derive(Serialize)]
pub(super) struct SitemapEntry {
    pub(super) permalink: String,
    pub(super) lastmod: Option<String>,
    /// The page in each of the site's languages (itself included), when it
    /// has more than one.
    pub(super) alternates: Vec<Alternate>,
}

/// A page in one language, for `hreflang` links.
#[derive(Serialize, Clone)]
pub(crate) struct Alternate {
    /// The language's tag ("cy").
    pub(crate) hreflang: String,
    /// The page's absolute address in that language.
    pub(crate) href: String,
}

/// The sitemap of a site in several languages: each entry of the default
/// language's, in every language, each listing them all (as search engines
/// ask: <https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap>).
pub(super) fn in_every_language(
    entries: Vec<SitemapEntry>,
    config: &crate::config::SiteConfig,
) -> Vec<SitemapEntry> {
    let mut out = Vec::with_capacity(entries.len() * config.pass.all.len());
    for entry in entries {
        let rel = entry
            .permalink
            .strip_prefix(&config.base_url)
            .unwrap_or(&entry.permalink)
            .to_string();
        let alternates: Vec<Alternate> = config
            .pass
            .all
            .iter()
            .map(|l| Alternate {
                hreflang: l.tag.clone(),
                href: format!("{}{}{rel}", config.base_url, l.folder),
            })
            .collect();
        for a in &alternates {
            out.push(SitemapEntry {
                permalink: a.href.clone(),
                lastmod: entry.lastmod.clone(),
                alternates: alternates.clone(),
            });
        }
    }
    out
}

#[derive(Serialize)]
pub(super) struct Feed<'a> {
    pub(super) title: &'a str,
    pub(super) id: String,
    pub(super) self_url: String,
    pub(super) updated: String,
    pub(super) entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct FeedEntry<'a> {
    pub(super) title: &'a str,
    pub(super) permalink: String,
    pub(super) updated: String,
    pub(super) summary: Option<&'a str>,
    pub(super) content: &'a str,
}
