//! What templates and the candidate pack see of a role profile
//! (`RoleView`, documented in docs/templates.md), and the schema.org
//! `JobPosting` JSON-LD of an open vacancy, made from that same view so the
//! page and its structured data cannot disagree.

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::render::jsonld::script_safe;
use crate::render::view::{PageSummary, Views};

/// An employer of a role, with its organisation's details.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EmployerView {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) short_name: Option<String>,
    pub(crate) kind_label: &'static str,
    pub(crate) url: String,
    pub(crate) website: Option<String>,
    pub(crate) colour: Option<String>,
    /// Root-relative URL of the logo, for HTML.
    pub(crate) logo: Option<String>,
    /// Path of the logo among the static files ("logos/x.svg"), for PDF.
    pub(crate) logo_file: Option<String>,
    pub(crate) share: Option<f64>,
    /// "50%".
    pub(crate) share_text: Option<String>,
    pub(crate) host: bool,
    /// Markdown source and HTML of the organisation's `about`.
    pub(crate) about: Option<String>,
    pub(crate) about_html: Option<String>,
    pub(crate) address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportingLineView {
    pub(crate) title: String,
    pub(crate) organisation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SalaryView {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) currency: String,
    pub(crate) period: &'static str,
    /// "£105,000 to £115,000 a year" (or one figure when min = max), in
    /// English; the theme builds its own from the figures below and its
    /// strings `salary_range` and `salary_per_<period>`.
    pub(crate) text: String,
    /// "£105,000": `min` and `max` as money.
    pub(crate) min_text: String,
    pub(crate) max_text: String,
    pub(crate) note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WelcomeView {
    pub(crate) from: String,
    /// `from` as a signature block: the role title, then the organisation
    /// (the part after its first comma), if it names one.
    pub(crate) signatory: String,
    pub(crate) signatory_organisation: Option<String>,
    pub(crate) body: String,
    pub(crate) body_html: String,
}

/// A Markdown item (a responsibility, a relationship): source and HTML.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TextItem {
    pub(crate) markdown: String,
    pub(crate) html: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CriterionView {
    pub(crate) category: String,
    pub(crate) criterion: String,
    /// "essential" or "desirable".
    pub(crate) level: &'static str,
    pub(crate) assessed: Vec<&'static str>,
    /// "Application, interview".
    pub(crate) assessed_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CriteriaGroup {
    pub(crate) category: String,
    pub(crate) criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StageView {
    pub(crate) date: Date,
    pub(crate) stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContactView {
    pub(crate) role: String,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
}

/// A vacancy: everything the role page, the listing and the candidate pack
/// show. Markdown fields come as source (for the PDF, through the
/// `typst_markdown` filter) and as `*_html` (for web pages, through `safe`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleView {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) reference: String,
    pub(crate) summary: String,
    pub(crate) grade: Option<String>,
    pub(crate) contract: Option<String>,
    pub(crate) hours: Option<String>,
    pub(crate) location: Option<crate::roles::profile::Location>,
    /// "Huyton, Merseyside, L36 9UX".
    pub(crate) location_text: Option<String>,
    pub(crate) hybrid: Option<bool>,
    pub(crate) start: Option<String>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) pack_url: String,
    pub(crate) ics_url: String,
    pub(crate) open: bool,
    /// "open" or "closed".
    pub(crate) status: &'static str,
    pub(crate) recently_closed: bool,
    pub(crate) closing_date: Date,
    pub(crate) closing_time: Option<String>,
    pub(crate) posted: Date,
    pub(crate) joint: bool,
    pub(crate) employers: Vec<EmployerView>,
    pub(crate) host: Option<EmployerView>,
    pub(crate) reports_to: Vec<ReportingLineView>,
    pub(crate) accountability: Option<String>,
    pub(crate) accountability_html: Option<String>,
    pub(crate) salary: Option<SalaryView>,
    pub(crate) welcome: Option<WelcomeView>,
    pub(crate) about_role: Option<String>,
    pub(crate) about_role_html: Option<String>,
    pub(crate) responsibilities: Vec<TextItem>,
    pub(crate) key_relationships: Vec<TextItem>,
    pub(crate) how_to_apply: Option<String>,
    pub(crate) how_to_apply_html: Option<String>,
    pub(crate) equality_statement: Option<String>,
    pub(crate) equality_statement_html: Option<String>,
    pub(crate) person_specification: Vec<CriteriaGroup>,
    pub(crate) timeline: Vec<StageView>,
    pub(crate) apply_url: Option<String>,
    pub(crate) contacts: Vec<ContactView>,
    pub(crate) case_studies: Vec<PageSummary>,
    /// schema.org JobPosting JSON-LD for open roles, already safe to place
    /// inside `<script type="application/ld+json">`; none when closed.
    pub(crate) json_ld: Option<String>,
    pub(crate) extra: toml::Table,
}

impl Views<'_> {
    /// The view of one role.
    pub(crate) fn role(&self, index: usize) -> RoleView {
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
                min_text: crate::roles::money(min, cur),
                max_text: crate::roles::money(max, cur),
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
                signatory: w
                    .from
                    .split_once(", ")
                    .map_or(w.from.as_str(), |(r, _)| r)
                    .to_string(),
                signatory_organisation: w.from.split_once(", ").map(|(_, o)| o.to_string()),
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
            view.json_ld = Some(job_posting(&view, c));
        }
        view
    }
}

/// When applications close, in the project's time zone with its offset
/// ("2027-01-15T12:00:00+00:00"); the end of the closing day without a time.
fn valid_through(role: &RoleView, config: &SiteConfig) -> String {
    let (h, m, s) = role
        .closing_time
        .as_deref()
        .and_then(crate::calendar::zone::hh_mm)
        .map_or((23, 59, 59), |(h, m)| (h, m, 0));
    config
        .calendar
        .zone
        .rfc3339(role.closing_date, h, m, s)
        .unwrap_or_else(|| format!("{}T{h:02}:{m:02}:{s:02}", role.closing_date))
}

/// JSON-LD for an open role. `<`, `>` and `&` are written as `\u003c`,
/// `\u003e` and `\u0026` (and U+2028/U+2029 escaped), so no value can close
/// the script element or start a comment in it; JSON parsers read the same
/// text back.
pub(crate) fn job_posting(role: &RoleView, config: &SiteConfig) -> String {
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": description(role),
        "identifier": {
            "@type": "PropertyValue",
            "name": role.host.as_ref().map_or(config.title.as_str(), |h| h.name.as_str()),
            "value": role.reference,
        },
        "datePosted": role.posted.to_string(),
        "validThrough": valid_through(role, config),
        "url": role.permalink,
    });
    let obj = posting.as_object_mut().expect("object");
    if let Some(types) = employment_types(role) {
        obj.insert("employmentType".into(), types);
    }
    if let Some(host) = &role.host {
        let mut org = json!({ "@type": "Organization", "name": host.name });
        if let Some(site) = &host.website {
            org["sameAs"] = json!(site);
        }
        if let Some(logo) = &host.logo_file {
            org["logo"] = json!(config.permalink(logo));
        }
        obj.insert("hiringOrganization".into(), org);
    }
    if let Some(loc) = &role.location {
        let mut address = json!({ "@type": "PostalAddress", "addressLocality": loc.locality, "addressCountry": "GB" });
        if let Some(r) = &loc.region {
            address["addressRegion"] = json!(r);
        }
        if let Some(p) = &loc.postcode {
            address["postalCode"] = json!(p);
        }
        obj.insert(
            "jobLocation".into(),
            json!({ "@type": "Place", "address": address }),
        );
    }
    if let Some(s) = &role.salary {
        let unit = match s.period {
            "month" => "MONTH",
            "week" => "WEEK",
            "day" => "DAY",
            "hour" => "HOUR",
            _ => "YEAR",
        };
        obj.insert(
            "baseSalary".into(),
            json!({
                "@type": "MonetaryAmount",
                "currency": s.currency,
                "value": { "@type": "QuantitativeValue", "minValue": s.min, "maxValue": s.max, "unitText": unit },
            }),
        );
    }
    if let Some(contact) = role.contacts.first() {
        let mut point = json!({ "@type": "ContactPoint", "contactType": contact.role });
        if let Some(e) = &contact.email {
            point["email"] = json!(e);
        }
        if let Some(p) = &contact.phone {
            point["telephone"] = json!(p);
        }
        obj.insert("applicationContact".into(), point);
    }
    script_safe(&posting)
}

/// The description search engines show: the summary and the role text, as
/// HTML (schema.org allows it), already escaped by the Markdown renderer.
fn description(role: &RoleView) -> String {
    let mut d = format!("<p>{}</p>", crate::markdown::escape_attr(&role.summary));
    if let Some(about) = &role.about_role_html {
        d.push_str(about);
    }
    if !role.responsibilities.is_empty() {
        d.push_str("<ul>");
        for r in &role.responsibilities {
            d.push_str("<li>");
            d.push_str(
                r.html
                    .trim()
                    .trim_start_matches("<p>")
                    .trim_end_matches("</p>"),
            );
            d.push_str("</li>");
        }
        d.push_str("</ul>");
    }
    d
}

/// schema.org employment types from the free-text contract and hours.
fn employment_types(role: &RoleView) -> Option<Value> {
    let text = format!(
        "{} {}",
        role.contract.as_deref().unwrap_or(""),
        role.hours.as_deref().unwrap_or("")
    )
    .to_lowercase();
    let mut types = Vec::new();
    if text.contains("part-time") || text.contains("part time") {
        types.push("PART_TIME");
    } else if text.contains("full-time") || text.contains("full time") || text.contains("permanent")
    {
        types.push("FULL_TIME");
    }
    if text.contains("fixed") || text.contains("temporary") || text.contains("secondment") {
        types.push("TEMPORARY");
    }
    if text.contains("interim") || text.contains("contractor") {
        types.push("CONTRACTOR");
    }
    (!types.is_empty()).then(|| json!(types))
}
