//! The theme contract: serialize-only views of the model that templates see.
//!
//! Every variable documented in docs/templates.md is a field here and nowhere
//! else. Optional values serialize as `none` (never missing), because tera 2
//! treats an undefined variable as an error. Views are built once per site
//! where they are shared (page summaries, the `site` value) so rendering a
//! page does not copy the whole site into its context.

use serde::Serialize;

use crate::dates::Date;
use crate::markdown::{Heading, Rendered};
use crate::model::{OrganisationEntry, Page, Site, Taxonomy};

pub(crate) const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) base_url: &'a str,
    pub(crate) language: &'a str,
    pub(crate) build_date: Date,
    pub(crate) generator: &'static str,
    /// The Content-Security-Policy pages declare (empty: none).
    pub(crate) content_security_policy: &'a str,
    /// The stylesheet of the organisations' colours, when any has one.
    pub(crate) organisation_styles: Option<String>,
    pub(crate) extra: &'a toml::Table,
    pub(crate) menu: Vec<Link>,
    pub(crate) taxonomies: Vec<TaxonomyLink>,
}

/// Where the stylesheet of the organisations' colours is written.
pub(crate) const ORGANISATION_STYLES: &str = "/organisations.css";

/// The organisations' colours, each once, in order: each is a class of
/// [`ORGANISATION_STYLES`] (`org-colour-005eb8`), since the default theme's
/// Content-Security-Policy lets no inline style apply.
pub(crate) fn organisation_colours(site: &Site) -> Vec<&str> {
    let colours: std::collections::BTreeSet<&str> = site
        .organisations
        .iter()
        .filter_map(|o| o.colour.as_deref())
        .collect();
    colours.into_iter().collect()
}

#[derive(Debug, Serialize)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyLink {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct OrganisationRef {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) short_name: Option<String>,
    pub(crate) url: String,
    pub(crate) colour: Option<String>,
    pub(crate) logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageSummary {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) kind: &'static str,
    pub(crate) date: Option<Date>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) organisations: Vec<OrganisationRef>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TermRef {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyTerms {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) terms: Vec<TermRef>,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) kind: &'static str,
    pub(crate) date: Option<Date>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) content: &'a str,
    pub(crate) summary_html: Option<&'a str>,
    pub(crate) toc: &'a [Heading],
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: usize,
    pub(crate) organisations: Vec<OrganisationRef>,
    pub(crate) key_facts: &'a [crate::load::common::KeyFact],
    pub(crate) taxonomies: Vec<TaxonomyTerms>,
    pub(crate) section: Option<Link>,
    pub(crate) extra: &'a toml::Table,
    // `previous` and `next` follow: see `Views::page_value`.
}

#[derive(Debug, Serialize)]
pub(crate) struct OrganisationView<'a> {
    pub(crate) slug: &'a str,
    pub(crate) name: &'a str,
    pub(crate) short_name: Option<&'a str>,
    pub(crate) kind: &'static str,
    pub(crate) kind_label: &'static str,
    pub(crate) website: Option<&'a str>,
    pub(crate) logo: Option<String>,
    pub(crate) colour: Option<&'a str>,
    pub(crate) about: Option<&'a str>,
    pub(crate) address: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) case_studies: Vec<PageSummary>,
    /// The organisation's `[extra]` table, as written.
    pub(crate) extra: &'a toml::Table,
}

/// Builds views from one site, sharing the per-page summaries.
pub struct Views<'s> {
    pub(crate) site: &'s Site,
    /// Each summary as a template value, made once: listings of thousands
    /// of pages (sections, terms) share these instead of copying them
    /// (tera's maps and lists are reference-counted).
    pub(crate) summary_values: Vec<tera::Value>,
    /// For each page, its section (index into [`Site::sections`]) and its
    /// place in that section's listing, so previous/next take no search.
    pub(crate) places: Vec<Option<(usize, usize)>>,
}

impl<'s> Views<'s> {
    pub fn new(site: &'s Site) -> Self {
        let summary_values = crate::par::map(&site.pages, |p| page_summary_value(site, p));
        Views::with_values(site, summary_values)
    }

    /// Views sharing summary values already made (by [`Views::new`], for
    /// the template functions): a large site's summaries are its largest
    /// values, and are not made twice.
    pub(crate) fn with_values(site: &'s Site, summary_values: Vec<tera::Value>) -> Self {
        debug_assert_eq!(summary_values.len(), site.pages.len());
        Views {
            site,
            summary_values,
            places: places(site),
        }
    }

    /// The summary of page `index` (a few case studies are listed this way;
    /// listings of many pages use [`Views::summary_values`]).
    pub(crate) fn summary(&self, index: usize) -> PageSummary {
        summary(self.site, &self.site.pages[index])
    }

    /// The summaries of pages `indices`, as one template list.
    pub(crate) fn summary_list(&self, indices: &[usize]) -> tera::Value {
        tera::Value::from(
            indices
                .iter()
                .map(|&i| self.summary_values[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    /// A section's view as a template value (`section` in `section.html`).
    pub(crate) fn section_value(&self, index: usize) -> tera::Value {
        let s = &self.site.sections[index];
        let c = &self.site.config;
        let mut map = tera::value::Map::new();
        map.insert("title".into(), s.title.as_str().into());
        map.insert("url".into(), c.url(&s.path).into());
        map.insert("permalink".into(), c.permalink(&s.path).into());
        map.insert("description".into(), s.description.as_deref().into());
        map.insert("content".into(), s.body.html.as_str().into());
        map.insert("pages".into(), self.summary_list(&s.pages));
        map.insert("path".into(), s.folder.as_str().into());
        map.insert("extra".into(), tera::Value::from_serializable(&s.extra));
        tera::Value::from(map)
    }

    /// A term's view as a template value (`term` in `taxonomy_term.html`).
    pub(crate) fn term_value(&self, term: &crate::model::Term) -> tera::Value {
        let c = &self.site.config;
        let mut map = tera::value::Map::new();
        map.insert("name".into(), term.name.as_str().into());
        map.insert("slug".into(), term.slug.as_str().into());
        map.insert("url".into(), c.url(&term.path).into());
        map.insert("count".into(), term.pages.len().into());
        map.insert("pages".into(), self.summary_list(&term.pages));
        tera::Value::from(map)
    }

    /// A taxonomy's view as a template value (`taxonomy` in
    /// `taxonomy_list.html`, and `get_taxonomy`).
    pub(crate) fn taxonomy_value(&self, t: &Taxonomy) -> tera::Value {
        let c = &self.site.config;
        let mut map = tera::value::Map::new();
        map.insert("name".into(), t.name.as_str().into());
        map.insert("title".into(), t.title.as_str().into());
        map.insert("url".into(), c.url(&t.path).into());
        let terms: Vec<tera::Value> = t.terms.iter().map(|x| self.term_value(x)).collect();
        map.insert("terms".into(), tera::Value::from(terms));
        tera::Value::from(map)
    }

    pub(crate) fn site_view(&self) -> SiteView<'s> {
        let site = self.site;
        let c = &site.config;
        let mut menu: Vec<Link> = site
            .sections
            .iter()
            .filter(|s| !s.folder.contains('/'))
            .map(|s| Link {
                title: s.title.clone(),
                url: c.url(&s.path),
            })
            .collect();
        if !site.roles.is_empty() {
            menu.push(Link {
                title: c.pass.word("vacancies", "Vacancies").into(),
                url: c.url("/roles/"),
            });
        }
        if !site.board.meetings.is_empty() {
            menu.push(Link {
                title: c.pass.word("meetings", "Meetings").into(),
                url: c.url("/meetings/"),
            });
        }
        if !site.board.papers.is_empty() {
            menu.push(Link {
                title: c.pass.word("papers", "Papers").into(),
                url: c.url("/papers/"),
            });
        }
        if !site.organisations.is_empty() {
            menu.push(Link {
                title: c.pass.word("organisations", "Organisations").into(),
                url: c.url("/organisations/"),
            });
        }
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            base_url: &c.base_url,
            language: &c.language,
            build_date: site.build_date,
            generator: GENERATOR,
            content_security_policy: &c.content_security_policy,
            organisation_styles: (!organisation_colours(site).is_empty())
                .then(|| c.url(ORGANISATION_STYLES)),
            extra: &c.extra,
            menu,
            taxonomies: site
                .taxonomies
                .iter()
                .filter(|t| !t.terms.is_empty())
                .map(|t| TaxonomyLink {
                    name: t.name.clone(),
                    title: t.title.clone(),
                    url: c.url(&t.path),
                })
                .collect(),
        }
    }

    /// The `page` value templates see: the page's view, then `previous`
    /// and `next`, the pages before and after it in its section (or none).
    /// Those two are the summaries' values made once for the listings,
    /// shared rather than serialized again for every page.
    pub fn page_value(&self, index: usize, view: &PageView) -> tera::Value {
        let mut map = tera::Value::from_serializable(view)
            .into_map()
            .unwrap_or_default();
        let (previous, next) = self.neighbours(index);
        let value =
            |k: Option<usize>| k.map_or_else(tera::Value::none, |i| self.summary_values[i].clone());
        map.insert("previous".into(), value(previous));
        map.insert("next".into(), value(next));
        tera::Value::from(map)
    }

    /// The pages (indexes into `site.pages`) before and after page `index`
    /// in its section's listing.
    fn neighbours(&self, index: usize) -> (Option<usize>, Option<usize>) {
        let site = self.site;
        let section = site.pages[index]
            .section
            .as_ref()
            .and_then(|f| site.sections.iter().find(|s| &s.folder == f));
        match (section, self.places[index]) {
            (Some(s), Some((_, pos))) => {
                let at = |k: Option<usize>| k.and_then(|k| s.pages.get(k)).copied();
                (at(pos.checked_sub(1)), at(Some(pos + 1)))
            }
            _ => (None, None),
        }
    }

    /// The view of page `index`, without its neighbours (see
    /// [`Views::page_value`]).
    pub fn page(&self, index: usize) -> PageView<'s> {
        self.page_with(index, &self.site.pages[index].body)
    }

    /// [`Views::page`] with the body `body` (rendered for a deferred page).
    pub fn page_with<'a>(&self, index: usize, body: &'a Rendered) -> PageView<'a>
    where
        's: 'a,
    {
        let site = self.site;
        let p = &site.pages[index];
        let c = &site.config;
        let section = p
            .section
            .as_ref()
            .and_then(|f| site.sections.iter().find(|s| &s.folder == f));
        PageView {
            title: &p.title,
            url: c.url(&p.path),
            permalink: c.permalink(&p.path),
            kind: p.kind.as_str(),
            date: p.date,
            summary: p.summary.as_deref(),
            description: p.description.as_deref(),
            content: &body.html,
            summary_html: body.summary_html.as_deref(),
            toc: &body.toc,
            word_count: body.word_count,
            reading_minutes: body.word_count.div_ceil(200).max(1),
            organisations: org_refs(site, &p.organisations),
            key_facts: &p.key_facts,
            taxonomies: site
                .taxonomies
                .iter()
                .filter_map(|t| {
                    let names = p.terms.get(&t.name).filter(|n| !n.is_empty())?;
                    Some(TaxonomyTerms {
                        name: t.name.clone(),
                        title: t.title.clone(),
                        terms: names
                            .iter()
                            .filter_map(|n| {
                                t.terms.iter().find(|x| &x.name == n).or_else(|| {
                                    let slug = crate::markdown::slugify(n);
                                    t.terms.iter().find(|x| x.slug == slug)
                                })
                            })
                            .map(|x| TermRef {
                                name: x.name.clone(),
                                slug: x.slug.clone(),
                                url: c.url(&x.path),
                            })
                            .collect(),
                    })
                })
                .collect(),
            section: section.map(|s| Link {
                title: s.title.clone(),
                url: c.url(&s.path),
            }),
            extra: &p.extra,
        }
    }

    pub(crate) fn organisation(&self, o: &'s OrganisationEntry) -> OrganisationView<'s> {
        let c = &self.site.config;
        OrganisationView {
            slug: &o.slug,
            name: &o.data.name,
            short_name: o.data.short_name.as_deref(),
            kind: o.kind.as_str(),
            kind_label: o.kind.label(),
            website: o.website.as_deref(),
            logo: o.logo.as_ref().map(|l| c.url(l)),
            colour: o.colour.as_deref(),
            about: o.about_html.as_deref(),
            address: o.data.address.as_deref(),
            url: c.url(&o.path),
            permalink: c.permalink(&o.path),
            case_studies: o.case_studies.iter().map(|&i| self.summary(i)).collect(),
            extra: &o.data.extra,
        }
    }
}

fn org_refs(site: &Site, slugs: &[String]) -> Vec<OrganisationRef> {
    let c = &site.config;
    slugs
        .iter()
        .filter_map(|s| site.organisations.iter().find(|o| &o.slug == s))
        .map(|o| OrganisationRef {
            slug: o.slug.clone(),
            name: o.data.name.clone(),
            short_name: o.data.short_name.clone(),
            url: c.url(&o.path),
            colour: o.colour.clone(),
            logo: o.logo.as_ref().map(|l| c.url(l)),
        })
        .collect()
}

/// The template value of page `p`'s summary.
pub(crate) fn page_summary_value(site: &Site, p: &Page) -> tera::Value {
    tera::Value::from_serializable(&summary(site, p))
}

fn summary(site: &Site, p: &Page) -> PageSummary {
    let c = &site.config;
    PageSummary {
        title: p.title.clone(),
        url: c.url(&p.path),
        permalink: c.permalink(&p.path),
        kind: p.kind.as_str(),
        date: p.date,
        summary: p.summary.clone(),
        description: p.description.clone(),
        weight: p.weight,
        organisations: org_refs(site, &p.organisations),
    }
}

/// Each page's section and place in its listing (see [`Views::places`]).
fn places(site: &Site) -> Vec<Option<(usize, usize)>> {
    let mut places = vec![None; site.pages.len()];
    for (n, section) in site.sections.iter().enumerate() {
        for (pos, &i) in section.pages.iter().enumerate() {
            // A page is in the listing of its own section.
            if site.pages[i].section.as_deref() == Some(section.folder.as_str()) {
                places[i] = Some((n, pos));
            }
        }
    }
    places
}
