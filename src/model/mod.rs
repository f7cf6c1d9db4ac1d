//! Model: the resolved site. Parsed inputs become pages with URLs, rendered
//! Markdown, resolved organisations, sections, taxonomies and checked links.
//!
//! Every cross-reference check lives here (organisation slugs, internal links
//! and anchors, duplicate URLs, aliases), and every problem is collected, so a
//! user sees them all in one run. The result holds no half-built values: a
//! [`Site`] is complete or the build has errors.

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::load::common::KeyFact;
use crate::markdown::Rendered;
use crate::site::organisation::Organisation;
use crate::site::organisation::OrganisationKind;

mod resolve;
pub use resolve::*;
mod paths;
pub(crate) use paths::*;
mod links;
pub(crate) use links::*;
mod deferred;
pub use deferred::*;
mod files;
pub(crate) use files::*;

/// What kind of page a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    CaseStudy,
    Page,
}

impl PageKind {
    pub(crate) fn as_str(self) -> &'static str {
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
    pub(crate) section: Option<String>,
    pub(crate) title: String,
    pub(crate) date: Option<Date>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) aliases: Vec<String>,
    /// Slugs of organisations, all known to exist.
    pub(crate) organisations: Vec<String>,
    pub(crate) key_facts: Vec<KeyFact>,
    /// Taxonomy name to terms.
    pub(crate) terms: Terms,
    pub(crate) extra: toml::Table,
    /// The rendered Markdown; empty when the page is [`Page::deferred`].
    pub body: Rendered,
    /// Set when the Markdown is rendered only as the page is written (see
    /// [`ModelOptions::defer_pages`] and [`Site::render_deferred`]).
    pub deferred: bool,
}

/// A folder of pages with an `_index.md` (or the case studies).
#[derive(Debug)]
pub(crate) struct Section {
    /// Content path of the folder ("about", "case-studies").
    pub(crate) folder: String,
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) extra: toml::Table,
    pub(crate) body: Rendered,
    /// Indices into [`Site::pages`], in listing order.
    pub(crate) pages: Vec<usize>,
}

/// An organisation, resolved.
#[derive(Debug)]
pub(crate) struct OrganisationEntry {
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) data: Organisation,
    pub(crate) kind: OrganisationKind,
    /// Site path of the logo, checked to exist under static/.
    pub(crate) logo: Option<String>,
    pub(crate) colour: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) about_html: Option<String>,
    /// Indices into [`Site::pages`] of case studies naming it.
    pub(crate) case_studies: Vec<usize>,
}

/// A taxonomy (e.g. themes) and its terms.
#[derive(Debug)]
pub(crate) struct Taxonomy {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) terms: Vec<Term>,
}

/// One term of a taxonomy and the pages that use it.
#[derive(Debug)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) pages: Vec<usize>,
}

/// The home page text.
#[derive(Debug, Default)]
pub(crate) struct Home {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) body: Rendered,
}

/// The resolved site.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub build_date: Date,
    pub(crate) home: Home,
    /// Case studies first (newest first), then other pages by path.
    pub pages: Vec<Page>,
    pub(crate) sections: Vec<Section>,
    pub(crate) organisations: Vec<OrganisationEntry>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Content-relative paths of files copied as they are.
    pub(crate) assets: Vec<String>,
    /// Alias site path to the site path it redirects to.
    pub(crate) aliases: BTreeMap<String, String>,
    /// Vacancies, by closing date.
    pub(crate) roles: Vec<crate::roles::Role>,
    /// Board papers and meetings of this edition.
    pub board: crate::board::Board,
    pub(crate) edition: crate::board::Edition,
    /// What rendering deferred pages needs; `None` when no page waits.
    pub(crate) deferred: Option<Deferred>,
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

/// A page's terms: taxonomy name to the names of its terms there, sorted
/// by taxonomy name. A short list, not a map: a site holds one per page for
/// the whole build, and a page has two or three.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Terms(Vec<(String, Vec<String>)>);

impl Terms {
    /// The page's terms in `taxonomy`.
    pub(crate) fn get(&self, taxonomy: &str) -> Option<&Vec<String>> {
        self.0
            .binary_search_by(|(name, _)| name.as_str().cmp(taxonomy))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The page's terms, taxonomy by taxonomy.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Vec<String>> {
        self.0.iter().map(|(_, terms)| terms)
    }
}

#[cfg(test)]
mod tests;
