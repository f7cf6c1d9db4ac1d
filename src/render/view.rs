//! The theme contract: serialize-only views of the model that templates see.
//!
//! Every variable documented in docs/templates.md is a field here and nowhere
//! else. Optional values serialize as `none` (never missing), because tera 2
//! treats an undefined variable as an error. Views are built once per site
//! where they are shared (page summaries, the `site` value) so rendering a
//! page does not copy the whole site into its context.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dates::Date;
use crate::markdown::{Heading, Rendered};
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
    pub key_facts: &'a [crate::load::common::KeyFact],
    pub taxonomies: Vec<TaxonomyTerms>,
    pub section: Option<Link>,
    pub extra: &'a toml::Table,
    // `previous` and `next` follow: see `Views::page_value`.
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

/// Builds views from one site, sharing the per-page summaries.
pub struct Views<'s> {
    pub site: &'s Site,
    /// Each summary as a template value, made once: listings of thousands
    /// of pages (sections, terms) share these instead of copying them
    /// (tera's maps and lists are reference-counted).
    pub summary_values: Vec<tera::Value>,
    /// For each page, its section (index into [`Site::sections`]) and its
    /// place in that section's listing, so previous/next take no search.
    pub places: Vec<Option<(usize, usize)>>,
}

impl<'s> Views<'s> {
    pub fn new(site: &'s Site) -> Self {
        let summary_values = crate::par::map(&site.pages, |p| page_summary_value(site, p));
        Views::with_values(site, summary_values)
    }

    /// Views sharing summary values already made (by [`Views::new`], for
    /// the template functions): a large site's summaries are its largest
    /// values, and are not made twice.
    pub fn with_values(site: &'s Site, summary_values: Vec<tera::Value>) -> Self {
        debug_assert_eq!(summary_values.len(), site.pages.len());
        Views {
            site,
            summary_values,
            places: places(site),
        }
    }

    /// The summary of page `index` (a few case studies are listed this way;
    /// listings of many pages use [`Views::summary_values`]).
    pub fn summary(&self, index: usize) -> PageSummary {
        summary(self.site, &self.site.pages[index])
    }

    /// The summaries of pages `indices`, as one template list.
    pub fn summary_list(&self, indices: &[usize]) -> tera::Value {
        tera::Value::from(
            indices
                .iter()
                .map(|&i| self.summary_values[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    /// A section's view as a template value (`section` in `section.html`).
    pub fn section_value(&self, index: usize) -> tera::Value {
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
        tera::Value::from(map)
    }

    /// A term's view as a template value (`term` in `taxonomy_term.html`).
    pub fn term_value(&self, term: &crate::model::Term) -> tera::Value {
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
    pub fn taxonomy_value(&self, t: &Taxonomy) -> tera::Value {
        let c = &self.site.config;
        let mut map = tera::value::Map::new();
        map.insert("name".into(), t.name.as_str().into());
        map.insert("title".into(), t.title.as_str().into());
        map.insert("url".into(), c.url(&t.path).into());
        let terms: Vec<tera::Value> = t.terms.iter().map(|x| self.term_value(x)).collect();
        map.insert("terms".into(), tera::Value::from(terms));
        tera::Value::from(map)
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
        if !site.roles.is_empty() {
            menu.push(Link {
                title: "Vacancies".into(),
                url: c.url("/roles/"),
            });
        }
        if !site.board.meetings.is_empty() {
            menu.push(Link {
                title: "Meetings".into(),
                url: c.url("/meetings/"),
            });
        }
        if !site.board.papers.is_empty() {
            menu.push(Link {
                title: "Papers".into(),
                url: c.url("/papers/"),
            });
        }
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
            case_studies: o.case_studies.iter().map(|&i| self.summary(i)).collect(),
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
pub fn page_summary_value(site: &Site, p: &Page) -> tera::Value {
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

/// An employer of a role, with its organisation's details.
#[derive(Debug, Clone, Serialize)]
pub struct EmployerView {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind_label: &'static str,
    pub url: String,
    pub website: Option<String>,
    pub colour: Option<String>,
    /// Root-relative URL of the logo, for HTML.
    pub logo: Option<String>,
    /// Path of the logo among the static files ("logos/x.svg"), for PDF.
    pub logo_file: Option<String>,
    pub share: Option<f64>,
    /// "50%".
    pub share_text: Option<String>,
    pub host: bool,
    /// Markdown source and HTML of the organisation's `about`.
    pub about: Option<String>,
    pub about_html: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportingLineView {
    pub title: String,
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SalaryView {
    pub min: f64,
    pub max: f64,
    pub currency: String,
    pub period: &'static str,
    /// "£105,000 to £115,000 a year" (or one figure when min = max).
    pub text: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WelcomeView {
    pub from: String,
    pub body: String,
    pub body_html: String,
}

/// A Markdown item (a responsibility, a relationship): source and HTML.
#[derive(Debug, Clone, Serialize)]
pub struct TextItem {
    pub markdown: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub category: String,
    pub criterion: String,
    /// "essential" or "desirable".
    pub level: &'static str,
    pub assessed: Vec<&'static str>,
    /// "Application, interview".
    pub assessed_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriteriaGroup {
    pub category: String,
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub date: Date,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A vacancy: everything the role page, the listing and the candidate pack
/// show. Markdown fields come as source (for the PDF, through the
/// `typst_markdown` filter) and as `*_html` (for web pages, through `safe`).
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub slug: String,
    pub title: String,
    pub reference: String,
    pub summary: String,
    pub grade: Option<String>,
    pub contract: Option<String>,
    pub hours: Option<String>,
    pub location: Option<crate::roles::profile::Location>,
    /// "Huyton, Merseyside, L36 9UX".
    pub location_text: Option<String>,
    pub hybrid: Option<bool>,
    pub start: Option<String>,
    pub url: String,
    pub permalink: String,
    pub pack_url: String,
    pub ics_url: String,
    pub open: bool,
    /// "open" or "closed".
    pub status: &'static str,
    pub recently_closed: bool,
    pub closing_date: Date,
    pub closing_time: Option<String>,
    pub posted: Date,
    pub joint: bool,
    pub employers: Vec<EmployerView>,
    pub host: Option<EmployerView>,
    pub reports_to: Vec<ReportingLineView>,
    pub accountability: Option<String>,
    pub accountability_html: Option<String>,
    pub salary: Option<SalaryView>,
    pub welcome: Option<WelcomeView>,
    pub about_role: Option<String>,
    pub about_role_html: Option<String>,
    pub responsibilities: Vec<TextItem>,
    pub key_relationships: Vec<TextItem>,
    pub how_to_apply: Option<String>,
    pub how_to_apply_html: Option<String>,
    pub equality_statement: Option<String>,
    pub equality_statement_html: Option<String>,
    pub person_specification: Vec<CriteriaGroup>,
    pub timeline: Vec<StageView>,
    pub apply_url: Option<String>,
    pub contacts: Vec<ContactView>,
    pub case_studies: Vec<PageSummary>,
    /// schema.org JobPosting JSON-LD for open roles, already safe to place
    /// inside `<script type="application/ld+json">`; none when closed.
    pub json_ld: Option<String>,
    pub extra: toml::Table,
}

impl Views<'_> {
    /// The view of one role.
    pub fn role(&self, index: usize) -> RoleView {
        let site = self.site;
        let c = &site.config;
        let r = &site.roles[index];
        let p = &r.profile;
        let employers: Vec<EmployerView> = r
            .employers
            .iter()
            .filter_map(|e| {
                let o = site.organisations.iter().find(|o| o.slug == e.slug)?;
                Some(EmployerView {
                    slug: o.slug.clone(),
                    name: o.data.name.clone(),
                    short_name: o.data.short_name.clone(),
                    kind_label: o.kind.label(),
                    url: c.url(&o.path),
                    website: o.website.clone(),
                    colour: o.colour.clone(),
                    logo: o.logo.as_ref().map(|l| c.url(l)),
                    logo_file: o
                        .logo
                        .as_ref()
                        .map(|l| l.trim_start_matches('/').to_string()),
                    share: e.share,
                    share_text: e.share.map(|s| format!("{}%", crate::roles::number(s))),
                    host: e.host,
                    about: o.data.about.clone(),
                    about_html: o.about_html.clone(),
                    address: o.data.address.clone(),
                })
            })
            .collect();
        let org_name = |slug: &str| {
            site.organisations
                .iter()
                .find(|o| o.slug == slug)
                .map(|o| o.data.name.clone())
        };
        let salary = p.salary.as_ref().map(|s| {
            let s = s.get_ref();
            let (min, max, cur) = (
                *s.min.get_ref(),
                *s.max.get_ref(),
                s.currency.get_ref().as_str(),
            );
            let range = if min == max {
                crate::roles::money(min, cur)
            } else {
                format!(
                    "{} to {}",
                    crate::roles::money(min, cur),
                    crate::roles::money(max, cur)
                )
            };
            SalaryView {
                min,
                max,
                currency: cur.to_string(),
                period: s.period.as_str(),
                text: format!("{range} a {}", s.period.as_str()),
                note: s.note.clone(),
            }
        });
        let mut groups: Vec<CriteriaGroup> = Vec::new();
        for crit in &p.person_specification {
            let assessed: Vec<&'static str> = crit
                .assessed
                .iter()
                .map(|a| match a {
                    crate::roles::profile::Assessment::Application => "application",
                    crate::roles::profile::Assessment::Interview => "interview",
                    crate::roles::profile::Assessment::Assessment => "assessment",
                    crate::roles::profile::Assessment::Presentation => "presentation",
                })
                .collect();
            let mut assessed_text = assessed.join(", ");
            if let Some(first) = assessed_text.get(..1) {
                assessed_text = first.to_uppercase() + &assessed_text[1..];
            }
            let view = CriterionView {
                category: crit.category.clone(),
                criterion: crit.criterion.clone(),
                level: match crit.level {
                    crate::roles::profile::Level::Essential => "essential",
                    crate::roles::profile::Level::Desirable => "desirable",
                },
                assessed,
                assessed_text,
            };
            match groups.iter_mut().find(|g| g.category == crit.category) {
                Some(g) => g.criteria.push(view),
                None => groups.push(CriteriaGroup {
                    category: crit.category.clone(),
                    criteria: vec![view],
                }),
            }
        }
        let items = |md: &[String], html: &[String]| -> Vec<TextItem> {
            md.iter()
                .zip(html)
                .map(|(m, h)| TextItem {
                    markdown: m.clone(),
                    html: h.clone(),
                })
                .collect()
        };
        let location_text = p.location.as_ref().map(|l| {
            [
                Some(l.locality.as_str()),
                l.region.as_deref(),
                l.postcode.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        });
        let host = employers.iter().find(|e| e.slug == r.host).cloned();
        let mut view = RoleView {
            slug: r.slug.clone(),
            title: p.title.clone(),
            reference: p.reference.clone(),
            summary: p.summary.clone(),
            grade: p.grade.clone(),
            contract: p.contract.clone(),
            hours: p.hours.clone(),
            location: p.location.clone(),
            location_text,
            hybrid: p.hybrid,
            start: r.start.clone(),
            url: c.url(&r.path),
            permalink: c.permalink(&r.path),
            pack_url: c.url(&format!("{}candidate-pack.pdf", r.path)),
            ics_url: c.url(&format!("{}timeline.ics", r.path)),
            open: r.open,
            status: if r.open { "open" } else { "closed" },
            recently_closed: r.recently_closed,
            closing_date: r.closing,
            closing_time: r.closing_time.clone(),
            posted: r.posted,
            joint: r.joint,
            host,
            reports_to: p
                .reports_to
                .iter()
                .map(|l| ReportingLineView {
                    title: l.title.clone(),
                    organisation: l.organisation.as_ref().and_then(|o| org_name(o.get_ref())),
                })
                .collect(),
            accountability: p.accountability.clone(),
            accountability_html: r.html.accountability.clone(),
            salary,
            welcome: p.welcome.as_ref().map(|w| WelcomeView {
                from: w.from.clone(),
                body: w.body.clone(),
                body_html: r.html.welcome.clone().unwrap_or_default(),
            }),
            about_role: p.about_role.clone(),
            about_role_html: r.html.about_role.clone(),
            responsibilities: items(&p.responsibilities, &r.html.responsibilities),
            key_relationships: items(&p.key_relationships, &r.html.key_relationships),
            how_to_apply: p.how_to_apply.clone(),
            how_to_apply_html: r.html.how_to_apply.clone(),
            equality_statement: p.equality_statement.clone(),
            equality_statement_html: r.html.equality_statement.clone(),
            person_specification: groups,
            timeline: r
                .timeline
                .iter()
                .map(|s| StageView {
                    date: s.date,
                    stage: s.stage.clone(),
                })
                .collect(),
            apply_url: p.apply_url.as_ref().map(|u| u.get_ref().clone()),
            contacts: p
                .contacts
                .iter()
                .map(|k| ContactView {
                    role: k.role.clone(),
                    email: k.email.as_ref().map(|e| e.get_ref().clone()),
                    phone: k.phone.clone(),
                })
                .collect(),
            case_studies: r
                .case_studies
                .iter()
                .filter_map(|slug| {
                    let i = site
                        .pages
                        .iter()
                        .position(|pg| pg.content_path == format!("case-studies/{slug}.md"))?;
                    Some(self.summary(i))
                })
                .collect(),
            json_ld: None,
            employers,
            extra: p.extra.clone(),
        };
        if r.open {
            view.json_ld = Some(crate::render::jsonld::job_posting(&view, c));
        }
        view
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    pub verb: &'static str,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImplicationView {
    pub heading: &'static str,
    pub markdown: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviouslyConsideredView {
    pub body: String,
    pub date: Option<Date>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingLink {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub url: String,
    pub date: Date,
}

/// A board paper with its cover sheet. In the public edition only public
/// papers exist.
#[derive(Debug, Clone, Serialize)]
pub struct PaperView {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub pdf_url: String,
    pub date: Date,
    pub purpose: &'static str,
    /// "For decision".
    pub purpose_label: String,
    pub reference: Option<String>,
    pub meeting: Option<MeetingLink>,
    pub item: Option<String>,
    pub author: Option<String>,
    pub sponsor: Option<String>,
    pub presenter: Option<String>,
    pub assurance_level: Option<crate::board::paper::AssuranceLevel>,
    pub recommendations: Vec<RecommendationView>,
    pub implications: Vec<ImplicationView>,
    pub strategic_objectives: Vec<String>,
    pub risks: Vec<String>,
    pub previously_considered: Vec<PreviouslyConsideredView>,
    pub confidential: bool,
    pub exemption: Option<String>,
    pub version: Option<String>,
    /// Public edition: the paper has redactions ("edited for publication").
    pub edited_for_publication: bool,
    pub content: String,
    pub toc: Vec<Heading>,
    pub extra: toml::Table,
}

/// A paper on an agenda.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaPaper {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub pdf_url: String,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub number: String,
    pub title: String,
    pub paper: Option<AgendaPaper>,
    pub lead: Option<String>,
    pub time: Option<String>,
    pub duration_minutes: Option<u32>,
    pub purpose: Option<&'static str>,
    pub purpose_label: Option<String>,
    pub confidential: bool,
    /// Public edition: a confidential item, shown by its public title only.
    pub not_for_publication: bool,
    pub exemption: Option<String>,
    /// The page of the board pack where the item's paper starts.
    pub pack_page: Option<usize>,
    /// Public edition: the resolution to exclude the public comes before
    /// this item (the first confidential one).
    pub exclusion_before: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub body_code: Option<String>,
    pub url: String,
    pub permalink: String,
    pub pack_url: String,
    pub date: Date,
    pub start: Option<String>,
    pub location: String,
    pub chair: Option<String>,
    pub upcoming: bool,
    pub items: Vec<ItemView>,
    /// Public edition with confidential items: the resolution text.
    pub exclusion_resolution: Option<String>,
    /// "public" or "confidential".
    pub edition: &'static str,
    pub extra: toml::Table,
}

impl Views<'_> {
    /// The view of a paper; `pack_pages` maps paper slugs to board-pack pages.
    pub fn paper(&self, index: usize) -> PaperView {
        let site = self.site;
        let c = &site.config;
        let p = &site.board.papers[index];
        let fm = &p.fm;
        let meeting = p
            .meeting
            .as_ref()
            .and_then(|m| site.board.meetings.iter().find(|x| &x.slug == m))
            .map(|m| MeetingLink {
                slug: m.slug.clone(),
                title: m.file.title.clone(),
                body: m.file.body.clone(),
                url: c.url(&m.path),
                date: m.date,
            });
        PaperView {
            slug: p.slug.clone(),
            title: fm.title.clone(),
            url: c.url(&p.path),
            permalink: c.permalink(&p.path),
            pdf_url: c.url(&format!("{}paper.pdf", p.path)),
            date: p.date,
            purpose: fm.purpose.get_ref().as_str(),
            purpose_label: fm.purpose.get_ref().label(),
            reference: p.reference.clone(),
            meeting,
            item: p.item.clone(),
            author: fm.author.clone(),
            sponsor: fm.sponsor.clone(),
            presenter: fm.presenter.clone(),
            assurance_level: fm.assurance_level,
            recommendations: fm
                .recommendations
                .iter()
                .zip(&p.recommendations_html)
                .map(|(r, h)| RecommendationView {
                    verb: r.verb.as_str(),
                    text: r.text.clone(),
                    html: h.clone(),
                })
                .collect(),
            implications: p
                .implications
                .iter()
                .map(|(h, md, html)| ImplicationView {
                    heading: h,
                    markdown: md.clone(),
                    html: html.clone(),
                })
                .collect(),
            strategic_objectives: fm.strategic_objectives.clone(),
            risks: fm.risks.clone(),
            previously_considered: fm
                .previously_considered
                .iter()
                .map(|pc| PreviouslyConsideredView {
                    body: pc.body.clone(),
                    date: Date::from_toml(pc.date.get_ref()),
                    outcome: pc.outcome.clone(),
                })
                .collect(),
            confidential: p.confidential,
            exemption: if p.confidential {
                fm.exemption.clone()
            } else {
                None
            },
            version: fm.version.clone(),
            edited_for_publication: p.redacted && site.edition == crate::board::Edition::Public,
            content: p.body.html.clone(),
            toc: p.body.toc.clone(),
            extra: fm.extra.clone(),
        }
    }

    /// The view of a meeting, with board-pack page numbers where known.
    pub fn meeting(&self, index: usize, pack_pages: &BTreeMap<String, usize>) -> MeetingView {
        let site = self.site;
        let c = &site.config;
        let m = &site.board.meetings[index];
        let public = site.edition == crate::board::Edition::Public;
        let first_confidential = if public {
            m.items.iter().position(|i| i.confidential)
        } else {
            None
        };
        let items = m
            .items
            .iter()
            .enumerate()
            .map(|(k, it)| {
                let paper = it
                    .paper
                    .as_ref()
                    .and_then(|s| site.board.papers.iter().find(|p| &p.slug == s))
                    .map(|p| AgendaPaper {
                        slug: p.slug.clone(),
                        title: p.fm.title.clone(),
                        url: c.url(&p.path),
                        pdf_url: c.url(&format!("{}paper.pdf", p.path)),
                        reference: p.reference.clone(),
                    });
                ItemView {
                    number: it.number.clone(),
                    title: it.title.clone(),
                    pack_page: paper
                        .as_ref()
                        .and_then(|p| pack_pages.get(&p.slug).copied()),
                    paper,
                    lead: it.lead.clone(),
                    time: it.time.clone(),
                    duration_minutes: it.duration_minutes,
                    purpose: it.purpose.map(|p| p.as_str()),
                    purpose_label: it.purpose.map(|p| p.label()),
                    confidential: it.confidential,
                    not_for_publication: it.confidential && public,
                    exemption: it.exemption.clone(),
                    exclusion_before: first_confidential == Some(k),
                }
            })
            .collect();
        MeetingView {
            slug: m.slug.clone(),
            title: m.file.title.clone(),
            body: m.file.body.clone(),
            body_code: m.file.body_code.clone(),
            url: c.url(&m.path),
            permalink: c.permalink(&m.path),
            pack_url: c.url(&format!("{}board-pack.pdf", m.path)),
            date: m.date,
            start: m.start.clone(),
            location: m.file.location.clone(),
            chair: m.file.chair.clone(),
            upcoming: m.upcoming,
            items,
            exclusion_resolution: first_confidential.map(|_| c.papers.exclusion_resolution.clone()),
            edition: site.edition.as_str(),
            extra: m.file.extra.clone(),
        }
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
