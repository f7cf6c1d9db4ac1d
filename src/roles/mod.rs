//! Vacancies: role profiles resolved and checked against every rule of the
//! format, with each broken rule reported at its own line, all in one run.
//!
//! A role with several employers is a joint appointment: exactly one employer
//! is the host (the employing body), and every employer's share of the post's
//! time is given and the shares add up to 100.

pub(crate) mod inputs;
pub(crate) mod output;
pub(crate) mod pack;
pub(crate) mod profile;
pub(crate) mod view;

use std::collections::BTreeSet;

use toml::Spanned;

use crate::config::RawHtml;
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::load::TomlFile;
use crate::markdown::{render_simple, slugify};
use crate::roles::profile::RoleProfile;

/// Roles closed within this many days are listed as "recently closed".
pub(crate) const RECENTLY_CLOSED_DAYS: i64 = 90;

/// One employer of a resolved role.
#[derive(Debug, Clone)]
pub(crate) struct RoleEmployer {
    pub(crate) slug: String,
    /// Per cent of the post's time, if given.
    pub(crate) share: Option<f64>,
    pub(crate) host: bool,
}

/// A stage of the recruitment timeline.
#[derive(Debug, Clone)]
pub(crate) struct TimelineStage {
    pub(crate) date: Date,
    pub(crate) stage: String,
}

/// The role's Markdown fields, rendered to HTML.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleHtml {
    pub(crate) accountability: Option<String>,
    pub(crate) welcome: Option<String>,
    pub(crate) about_role: Option<String>,
    pub(crate) responsibilities: Vec<String>,
    pub(crate) key_relationships: Vec<String>,
    pub(crate) how_to_apply: Option<String>,
    pub(crate) equality_statement: Option<String>,
}

/// A vacancy, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) slug: String,
    /// Site path ("/roles/director-of-public-health/").
    pub(crate) path: String,
    /// Path under content/ ("roles/director-of-public-health.toml").
    pub(crate) content_path: String,
    pub(crate) profile: RoleProfile,
    pub(crate) closing: Date,
    /// "17:00" when the closing date has a time.
    pub(crate) closing_time: Option<String>,
    /// Open on the build date: the closing date is today or later.
    pub(crate) open: bool,
    /// Closed within [`RECENTLY_CLOSED_DAYS`] of the build date.
    pub(crate) recently_closed: bool,
    pub(crate) employers: Vec<RoleEmployer>,
    /// Slug of the host (the only employer, or the one marked host).
    pub(crate) host: String,
    pub(crate) joint: bool,
    pub(crate) timeline: Vec<TimelineStage>,
    /// The start date as shown ("1 April 2027" or the text given).
    pub(crate) start: Option<String>,
    /// When the vacancy was advertised: the first timeline stage on or before
    /// the closing date, else the build date.
    pub(crate) posted: Date,
    /// Slugs of related case studies, all known to exist.
    pub(crate) case_studies: Vec<String>,
    pub(crate) html: RoleHtml,
}

/// What role checks need to know about the rest of the site.
pub(crate) struct RoleContext<'a> {
    pub(crate) organisations: &'a BTreeSet<&'a str>,
    pub(crate) case_studies: &'a BTreeSet<String>,
    pub(crate) build_date: Date,
    pub(crate) drafts: bool,
    pub(crate) raw_html: RawHtml,
    /// The language dates are written in (the pass's, see
    /// [`crate::config::LanguagePass`]).
    pub(crate) language: &'a str,
}

/// What the search index holds of the roles: each open vacancy, with the
/// text about the role.
pub(crate) fn searchable(
    roles: &[Role],
) -> impl Iterator<Item = crate::render::search::Searchable<'_>> {
    roles
        .iter()
        .filter(|r| r.open)
        .map(|r| crate::render::search::Searchable {
            title: &r.profile.title,
            path: &r.path,
            kind: "role",
            summary: Some(&r.profile.summary),
            text: r.profile.about_role.as_deref().unwrap_or(""),
        })
}

/// Resolve every role, reporting every broken rule.
pub(crate) fn resolve_roles(
    files: Vec<TomlFile<RoleProfile>>,
    cx: &RoleContext,
    problems: &mut Diagnostics,
) -> Vec<Role> {
    let mut roles: Vec<Role> = files
        .into_iter()
        .filter(|f| cx.drafts || !f.value.draft)
        .filter_map(|f| resolve(f, cx, problems))
        .collect();
    roles.sort_by(|a, b| a.closing.cmp(&b.closing).then(a.slug.cmp(&b.slug)));
    roles
}

fn resolve(f: TomlFile<RoleProfile>, cx: &RoleContext, problems: &mut Diagnostics) -> Option<Role> {
    let file = &f.file;
    let p = &f.value;
    let before = problems.error_count();
    let err = |message: String, at: usize, hint: &str| {
        Diagnostic::error(message).at(file, at).with_hint(hint)
    };

    // Employers.
    let mut employers = Vec::new();
    let list = p.employers.as_ref();
    match list {
        None => problems.push(err(
            "a role needs at least one employer".into(),
            0,
            "add an [[employers]] table with organisation = \"<slug of a file in content/organisations/>\"",
        )),
        Some(l) if l.get_ref().is_empty() => problems.push(err(
            "a role needs at least one employer".into(),
            l.span().start,
            "add { organisation = \"<slug>\" } to employers",
        )),
        _ => {}
    }
    let all: &[Spanned<crate::roles::profile::Employer>] =
        list.map_or(&[], |l| l.get_ref().as_slice());
    let joint = all.len() > 1;
    let mut seen = BTreeSet::new();
    for e in all {
        let e = e.get_ref();
        let slug = e.organisation.get_ref();
        check_org(file, &e.organisation, cx, problems);
        if !seen.insert(slug.clone()) {
            problems.push(err(
                format!("\"{slug}\" is named twice as an employer"),
                e.organisation.span().start,
                "list each employer once",
            ));
        }
        if let Some(share) = &e.share {
            let v = *share.get_ref();
            if !(v > 0.0 && v <= 100.0) {
                problems.push(err(
                    format!("a share of {} is not possible", number(v)),
                    share.span().start,
                    "share is the per cent of the post's time spent with this employer: more than 0 and at most 100",
                ));
            } else if !joint && v != 100.0 {
                problems.push(err(
                    format!("the only employer has a share of {}, not 100", number(v)),
                    share.span().start,
                    "with one employer the post is all theirs: remove share, or add the other employers of a joint appointment",
                ));
            }
        } else if joint {
            problems.push(err(
                format!("\"{slug}\" has no share"),
                e.organisation.span().start,
                "in a joint appointment give every employer a share of the post's time, e.g. share = 50",
            ));
        }
        employers.push(RoleEmployer {
            slug: slug.clone(),
            share: e.share.as_ref().map(|s| *s.get_ref()),
            host: e.host,
        });
    }
    if joint {
        let hosts: Vec<&Spanned<crate::roles::profile::Employer>> =
            all.iter().filter(|e| e.get_ref().host).collect();
        let span = list.map_or(0, |l| l.span().start);
        match hosts.len() {
            0 => problems.push(err(
                "a joint appointment needs a host employer".into(),
                span,
                "mark the employing body with host = true on exactly one employer",
            )),
            1 => {}
            _ => problems.push(err(
                "a joint appointment has more than one host".into(),
                hosts[1].span().start,
                "only one employer can be the employing body: keep host = true on one",
            )),
        }
        // A share out of range has its own error; the sum is checked only
        // when every share is possible, so one defect gives one diagnostic.
        if all.iter().all(|e| {
            e.get_ref()
                .share
                .as_ref()
                .is_some_and(|s| *s.get_ref() > 0.0 && *s.get_ref() <= 100.0)
        }) {
            let sum: f64 = all
                .iter()
                .filter_map(|e| e.get_ref().share.as_ref().map(|s| *s.get_ref()))
                .sum();
            if (sum - 100.0).abs() > 0.001 {
                problems.push(err(
                    format!("the employers' shares add up to {}, not 100", number(sum)),
                    span,
                    "the shares are per cents of one post's time and must add up to 100",
                ));
            }
        }
    }
    let host = if joint {
        employers.iter().find(|e| e.host).or(employers.first())
    } else {
        employers.first()
    }
    .map(|e| e.slug.clone())
    .unwrap_or_default();
    if !joint && let Some(e) = employers.first_mut() {
        e.host = true;
    }

    for line in &p.reports_to {
        if let Some(o) = &line.organisation {
            check_org(file, o, cx, problems);
        }
    }

    // Pay.
    if let Some(salary) = &p.salary {
        let s = salary.get_ref();
        for v in [&s.min, &s.max] {
            if *v.get_ref() < 0.0 {
                problems.push(err(
                    format!("a salary of {} is not possible", number(*v.get_ref())),
                    v.span().start,
                    "salaries are amounts of money of 0 or more, without the currency sign",
                ));
            }
        }
        if s.min.get_ref() > s.max.get_ref() {
            problems.push(err(
                format!(
                    "the salary minimum ({}) is more than the maximum ({})",
                    number(*s.min.get_ref()),
                    number(*s.max.get_ref())
                ),
                s.max.span().start,
                "swap min and max, or correct one of them",
            ));
        }
        let c = s.currency.get_ref();
        if !(c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())) {
            problems.push(err(
                format!("\"{c}\" is not a currency code"),
                s.currency.span().start,
                "use a three-letter code such as \"GBP\"",
            ));
        }
    }

    // Dates.
    let closing = date_of(file, &p.closing_date, "closing_date", problems);
    let closing_time = p
        .closing_date
        .get_ref()
        .time
        .map(|t| format!("{:02}:{:02}", t.hour, t.minute));
    let mut timeline = Vec::new();
    let mut previous: Option<Date> = None;
    for stage in &p.timeline {
        let s = stage.get_ref();
        let Some(d) = date_of(file, &s.date, "date", problems) else {
            continue;
        };
        if let Some(prev) = previous
            && d < prev
        {
            problems.push(err(
                format!(
                    "the stage \"{}\" ({d}) comes before the stage above it ({prev})",
                    s.stage
                ),
                s.date.span().start,
                "list the timeline in date order",
            ));
        }
        previous = Some(d);
        timeline.push(TimelineStage {
            date: d,
            stage: s.stage.clone(),
        });
    }
    // The closing date is a stage of the timeline, or comes before the
    // stages that follow it: it may not fall silently between two stages.
    if let Some(c) = closing
        && !timeline.iter().any(|s| s.date == c)
        && timeline.iter().any(|s| s.date < c)
        && let Some(later) = timeline.iter().find(|s| s.date > c)
    {
        problems.push(err(
            format!("the closing date ({c}) falls between timeline stages but is not one of them"),
            p.closing_date.span().start,
            &format!(
                "add {{ date = {c}, stage = \"Closing date\" }} to the timeline before \"{}\", or correct the dates",
                later.stage
            ),
        ));
    }
    let start = p.start_date.as_ref().and_then(|s| match s.get_ref() {
        toml::Value::Datetime(d) => Date::from_toml(d).map(|d| d.long_in(cx.language)),
        toml::Value::String(text) => Some(text.clone()),
        _ => {
            problems.push(err(
                "start_date must be a date or text".into(),
                s.span().start,
                "write start_date = 2027-04-01, or start_date = \"Spring 2027\"",
            ));
            None
        }
    });

    // Links and contacts.
    if let Some(url) = &p.apply_url {
        let u = url.get_ref();
        if !(crate::config::is_web_address(u) || u.starts_with("mailto:")) {
            problems.push(err(
                "apply_url must be a full web address".into(),
                url.span().start,
                "write it like \"https://jobs.example.org/apply/123\"",
            ));
        }
    }
    for c in &p.contacts {
        if let Some(email) = &c.email {
            let e = email.get_ref();
            let valid = e
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
                && !e.contains(char::is_whitespace);
            if !valid {
                problems.push(err(
                    format!("\"{e}\" is not an e-mail address"),
                    email.span().start,
                    "write it like \"recruitment@example.org\"",
                ));
            }
        }
    }
    let mut case_studies = Vec::new();
    for cs in &p.case_studies {
        if cx.case_studies.contains(cs.get_ref()) {
            case_studies.push(cs.get_ref().clone());
        } else {
            let close = did_you_mean(cs.get_ref(), cx.case_studies.iter().map(String::as_str));
            let hint = match close {
                Some(c) => format!("did you mean \"{c}\"? case studies are named by their file name in content/case-studies/"),
                None => "case studies are named by their file name in content/case-studies/ (drafts count only with --drafts)".into(),
            };
            problems.push(err(
                format!("there is no case study \"{}\"", cs.get_ref()),
                cs.span().start,
                &hint,
            ));
        }
    }

    if problems.error_count() > before {
        return None;
    }
    let closing = closing?;
    let md = |s: &Option<String>| s.as_deref().map(|t| render_simple(t, cx.raw_html));
    let html = RoleHtml {
        accountability: md(&p.accountability),
        welcome: p
            .welcome
            .as_ref()
            .map(|w| render_simple(&w.body, cx.raw_html)),
        about_role: md(&p.about_role),
        responsibilities: p
            .responsibilities
            .iter()
            .map(|r| render_simple(r, cx.raw_html))
            .collect(),
        key_relationships: p
            .key_relationships
            .iter()
            .map(|r| render_simple(r, cx.raw_html))
            .collect(),
        how_to_apply: md(&p.how_to_apply),
        equality_statement: md(&p.equality_statement),
    };
    let days_since_close = cx.build_date.to_days() - closing.to_days();
    let posted = timeline
        .iter()
        .find(|s| s.date <= closing)
        .map_or(cx.build_date.min(closing), |s| s.date);
    let slug = slugify(
        f.content_path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".toml"),
    );
    Some(Role {
        path: format!("/roles/{slug}/"),
        slug,
        content_path: f.content_path.clone(),
        closing,
        closing_time,
        open: days_since_close <= 0,
        recently_closed: days_since_close > 0 && days_since_close <= RECENTLY_CLOSED_DAYS,
        employers,
        host,
        joint,
        timeline,
        start,
        posted,
        case_studies,
        html,
        profile: f.value,
    })
}

fn check_org(
    file: &SourceText,
    slug: &Spanned<String>,
    cx: &RoleContext,
    problems: &mut Diagnostics,
) {
    if cx.organisations.contains(slug.get_ref().as_str()) {
        return;
    }
    problems.push(
        crate::diagnostic::no_such(
            "organisation",
            slug.get_ref(),
            cx.organisations.iter().copied(),
            "organisations are named by the file name of content/organisations/<slug>.toml",
        )
        .at(file, slug.span().start),
    );
}

fn date_of(
    file: &SourceText,
    value: &Spanned<toml::value::Datetime>,
    key: &str,
    problems: &mut Diagnostics,
) -> Option<Date> {
    let d = Date::from_toml(value.get_ref());
    if d.is_none() {
        problems.push(
            Diagnostic::error(format!("`{key}` must include a calendar date"))
                .at(file, value.span().start)
                .with_hint(format!(
                    "write it like `{key} = 2026-12-01` or `{key} = 2026-12-01T12:00:00`"
                )),
        );
    }
    d
}

/// A number as a person writes it: 50, 37.5, 105000.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A sum of money for people: "£105,000" or "USD 1,250.50".
pub(crate) fn money(v: f64, currency: &str) -> String {
    let whole = v.trunc() as i64;
    let pence = ((v - v.trunc()) * 100.0).round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    let amount = if pence != 0 {
        format!("{sign}{grouped}.{pence:02}")
    } else {
        format!("{sign}{grouped}")
    };
    match currency {
        "GBP" => format!("£{amount}"),
        "EUR" => format!("€{amount}"),
        other => format!("{other} {amount}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_pence() {
        assert_eq!(money(105000.0, "GBP"), "£105,000");
        assert_eq!(money(1250.5, "USD"), "USD 1,250.50");
        assert_eq!(money(999.0, "GBP"), "£999");
    }

    #[test]
    fn numbers_drop_a_zero_fraction() {
        assert_eq!(number(50.0), "50");
        assert_eq!(number(37.5), "37.5");
    }
}
