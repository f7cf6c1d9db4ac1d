//! The theme contract: serialize-only views of the model that templates see.
//!
//! Every variable documented in docs/templates.md is a field here and nowhere
//! else. Optional values serialize as `none` (never missing), because tera 2
//! treats an undefined variable as an error. Views are built once per site
//! where they are shared (page summaries, the `site` value) so rendering a
//! page does not copy the whole site into its context.

use serde::Serialize;

use crate::dates::Date;
use crate::markdown::Heading;
use crate::model::{OrganisationEntry, Page, Site, Taxonomy};

pub const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub build_date: Date,
    pub generator: &'static str,
    pub extra: &'a toml::Table,
    pub menu: Vec<Link>,
    pub taxonomies: Vec<TaxonomyLink>,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TaxonomyLink {
    pub name: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationRef {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub url: String,
    pub colour: Option<String>,
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub kind: &'static str,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub organisations: Vec<OrganisationRef>,
}

#[derive(Debug, Serialize)]
pub struct TermRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TaxonomyTerms {
    pub name: String,
    pub title: String,
    pub terms: Vec<TermRef>,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub kind: &'static str,
    pub date: Option<Date>,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub summary_html: Option<&'a str>,
    pub toc: &'a [Heading],
    pub word_count: usize,
    pub reading_minutes: usize,
    pub organisations: Vec<OrganisationRef>,
    pub key_facts: &'a [crate::content::KeyFact],
    pub taxonomies: Vec<TaxonomyTerms>,
    pub section: Option<Link>,
    pub extra: &'a toml::Table,
    pub previous: Option<PageSummary>,
    pub next: Option<PageSummary>,
}

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub pages: Vec<PageSummary>,
    pub path: &'a str,
}

#[derive(Debug, Serialize)]
pub struct OrganisationView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub website: Option<&'a str>,
    pub logo: Option<String>,
    pub colour: Option<&'a str>,
    pub about: Option<&'a str>,
    pub address: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub case_studies: Vec<PageSummary>,
}

#[derive(Debug, Serialize)]
pub struct TermView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
    pub pages: Vec<PageSummary>,
}

#[derive(Debug, Serialize)]
pub struct TaxonomyView {
    pub name: String,
    pub title: String,
    pub url: String,
    pub terms: Vec<TermView>,
}

/// Builds views from one site, sharing the per-page summaries.
pub struct Views<'s> {
    pub site: &'s Site,
    pub summaries: Vec<PageSummary>,
}

impl<'s> Views<'s> {
    pub fn new(site: &'s Site) -> Self {
        let summaries = site.pages.iter().map(|p| summary(site, p)).collect();
        Views { site, summaries }
    }

    pub fn site_view(&self) -> SiteView<'s> {
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
        if !site.organisations.is_empty() {
            menu.push(Link {
                title: "Organisations".into(),
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

    pub fn page(&self, index: usize) -> PageView<'s> {
        let site = self.site;
        let p = &site.pages[index];
        let c = &site.config;
        let section = p
            .section
            .as_ref()
            .and_then(|f| site.sections.iter().find(|s| &s.folder == f));
        let (previous, next) = match section {
            Some(s) => {
                let pos = s.pages.iter().position(|&i| i == index);
                let at = |k: Option<usize>| {
                    k.and_then(|k| s.pages.get(k))
                        .map(|&i| self.summaries[i].clone())
                };
                (
                    at(pos.and_then(|k| k.checked_sub(1))),
                    at(pos.map(|k| k + 1)),
                )
            }
            None => (None, None),
        };
        PageView {
            title: &p.title,
            url: c.url(&p.path),
            permalink: c.permalink(&p.path),
            kind: p.kind.as_str(),
            date: p.date,
            summary: p.summary.as_deref(),
            description: p.description.as_deref(),
            content: &p.body.html,
            summary_html: p.body.summary_html.as_deref(),
            toc: &p.body.toc,
            word_count: p.body.word_count,
            reading_minutes: p.body.word_count.div_ceil(200).max(1),
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
                                t.terms
                                    .iter()
                                    .find(|x| &x.name == n || x.slug == crate::markdown::slugify(n))
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
            previous,
            next,
        }
    }

    pub fn section(&self, index: usize) -> SectionView<'s> {
        let s = &self.site.sections[index];
        let c = &self.site.config;
        SectionView {
            title: &s.title,
            url: c.url(&s.path),
            permalink: c.permalink(&s.path),
            description: s.description.as_deref(),
            content: &s.body.html,
            pages: s.pages.iter().map(|&i| self.summaries[i].clone()).collect(),
            path: &s.folder,
        }
    }

    pub fn organisation(&self, o: &'s OrganisationEntry) -> OrganisationView<'s> {
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
            case_studies: o
                .case_studies
                .iter()
                .map(|&i| self.summaries[i].clone())
                .collect(),
        }
    }

    pub fn taxonomy(&self, t: &Taxonomy) -> TaxonomyView {
        let c = &self.site.config;
        TaxonomyView {
            name: t.name.clone(),
            title: t.title.clone(),
            url: c.url(&t.path),
            terms: t
                .terms
                .iter()
                .map(|term| TermView {
                    name: term.name.clone(),
                    slug: term.slug.clone(),
                    url: c.url(&term.path),
                    count: term.pages.len(),
                    pages: term
                        .pages
                        .iter()
                        .map(|&i| self.summaries[i].clone())
                        .collect(),
                })
                .collect(),
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
