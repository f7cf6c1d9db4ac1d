//! What a role profile publishes besides its page: the vacancies index
//! (`roles/index.json`), each role's timeline calendar and its candidate pack.

use crate::diagnostic::Diagnostics;
use crate::model::Site;
use crate::output::Sink;
use crate::pdf::pack::PackRenderer;
use crate::render::emit::{Emit, Selection, uid_host, v};
use crate::render::view::Views;
use crate::roles::view::RoleView;
use serde::Serialize;

/// The vacancy listing, each role's page, timetable calendar and candidate
/// pack, the calendar of all open roles and `roles/index.json`.
pub(crate) fn write_roles(
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
    for (role, view) in site.roles.iter().zip(&role_views) {
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
        let events = timeline_events(role, view, &host, &c.pass);
        let ics = crate::render::ics::calendar(
            &c.pass.fill(
                "cal_recruitment_timetable",
                "{title}: recruitment timetable",
                &[("title", &view.title)],
            ),
            site.build_date,
            &c.calendar.zone,
            &events,
        );
        sink.write(
            &format!("{}timeline.ics", role.path.trim_start_matches('/')),
            ics.as_bytes(),
        )?;
        if role.open {
            all_open_events.extend(events);
        }
    }
    if selection.all() {
        // Candidate packs, typeset on all cores, written in order.
        crate::board::typst::write_pdfs(
            site.roles.len(),
            |i| crate::roles::pack::candidate_pack(site, views, packs, i),
            |i| {
                format!(
                    "{}candidate-pack.pdf",
                    site.roles[i].path.trim_start_matches('/')
                )
            },
            sink,
            problems,
        )?;
    }
    let ics = crate::render::ics::calendar(
        &c.pass.fill(
            "cal_open_vacancies",
            "{site}: open vacancies",
            &[("site", &c.title)],
        ),
        site.build_date,
        &c.calendar.zone,
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

/// A role's timetable as calendar events, with the closing date among them,
/// in the words of the pass's language.
pub(crate) fn timeline_events(
    role: &crate::roles::Role,
    view: &RoleView,
    host: &str,
    pass: &crate::config::LanguagePass,
) -> Vec<crate::render::ics::Event> {
    let mut stages: Vec<(crate::dates::Date, String)> = role
        .timeline
        .iter()
        .map(|s| (s.date, s.stage.clone()))
        .collect();
    if !stages.iter().any(|(d, _)| *d == role.closing) {
        stages.push((
            role.closing,
            pass.word("closing_date", "Closing date").to_string(),
        ));
        stages.sort_by_key(|(d, _)| *d);
    }
    stages
        .into_iter()
        .map(|(date, stage)| crate::render::ics::Event {
            description: Some(pass.fill(
                "cal_reference",
                "{summary} (reference {reference})",
                &[("summary", &view.summary), ("reference", &view.reference)],
            )),
            url: Some(view.permalink.clone()),
            ..crate::render::ics::Event::all_day(
                format!(
                    "{}-{date}-{}@{host}",
                    role.slug,
                    crate::markdown::slugify(&stage)
                ),
                date,
                format!("{}: {stage}", view.title),
            )
        })
        .collect()
}

/// `roles/index.json`: a machine-readable list of vacancies.
#[derive(Serialize)]
pub(crate) struct RoleIndex<'a> {
    build_date: crate::dates::Date,
    roles: Vec<RoleIndexEntry<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RoleIndexEntry<'a> {
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
pub(crate) struct IndexEmployer<'a> {
    slug: &'a str,
    name: &'a str,
    share: Option<f64>,
    host: bool,
}

#[derive(Serialize)]
pub(crate) struct IndexSalary<'a> {
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
