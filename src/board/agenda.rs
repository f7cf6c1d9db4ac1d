//! Planning the board before any Markdown is rendered: each paper's own rules
//! (dates, recommendations, exemptions), each meeting's agenda in item order,
//! papers placed on agendas, and the references agendas and `ref` print.

use crate::board::meeting::AgendaItem;
use crate::board::meeting::Meeting as MeetingFile;
use crate::board::paper::PaperFrontMatter;
use crate::board::paper::{Purpose, Visibility};
use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::load::{MarkdownFile, TomlFile};
use crate::markdown::slugify;
use std::collections::{BTreeMap, BTreeSet};

use super::executive;
use super::schedule::{item_state, meeting_dates, meeting_end, supplement_dates, time_of};

use super::*;

/// The board before any Markdown is rendered: papers and meetings checked,
/// papers placed on their agendas, and the references `ref` shortcodes and
/// agendas print. [`plan`] makes it from the parsed files; the renderer is
/// made with its [`Agenda::refs`], and [`render`] then renders the papers.
pub struct Agenda {
    pub(super) papers: Vec<MarkdownFile<PaperFrontMatter>>,
    pub(super) meetings: Vec<Meeting>,
    /// Minutes checked against the meetings, not yet rendered.
    pub(super) minutes: Vec<super::minutes::PlannedMinutes>,
    /// Paper slug to (meeting slug, item number).
    pub(super) placed: BTreeMap<String, (String, String)>,
    /// Paper slug to its reference, if it has one.
    pub(super) references: BTreeMap<String, Option<String>>,
    /// What a `ref` shortcode or an agenda needs to know of each paper.
    pub refs: BTreeMap<String, PaperRef>,
    pub(super) options: BoardOptions,
    /// The words of the build's language for the titles dossier gives
    /// (see [`crate::config::languages::BUILT_IN_NAMES`]), and its tag.
    pub(super) words: (crate::config::LanguagePass, String),
}

/// Check papers and meetings and place papers on their agendas, collecting
/// every problem. Renders no Markdown.
pub fn plan(
    inputs: BoardInputs,
    config: &SiteConfig,
    options: BoardOptions,
    problems: &mut Diagnostics,
) -> Agenda {
    let BoardOptions {
        edition,
        drafts,
        build_date,
    } = options;
    let known_meetings: BTreeSet<&str> = inputs.meeting_slugs.iter().map(String::as_str).collect();
    let known_papers: BTreeSet<&str> = inputs.paper_slugs.iter().map(String::as_str).collect();
    // Meetings that were parsed: a paper naming one that was not (it has its
    // own error) is not reported as missing from its agenda.
    let parsed_meetings: BTreeSet<String> = inputs
        .meetings
        .iter()
        .map(|m| stem(&m.content_path))
        .collect();
    // Confidential papers left out as drafts: an item naming one is still
    // confidential (its minute, say, is withheld), though the paper is not
    // built. Slug to (public title, exemption).
    let draft_confidential: BTreeMap<String, (Option<String>, Option<String>)> = inputs
        .papers
        .iter()
        .filter(|p| !drafts && p.front_matter.draft)
        .filter(|p| {
            p.front_matter
                .visibility
                .as_ref()
                .is_some_and(|v| *v.get_ref() == Visibility::Confidential)
        })
        .map(|p| {
            let fm = &p.front_matter;
            (
                stem(&p.content_path),
                (fm.public_title.clone(), fm.exemption.clone()),
            )
        })
        .collect();
    let papers_in: Vec<MarkdownFile<PaperFrontMatter>> = inputs
        .papers
        .into_iter()
        .filter(|p| drafts || !p.front_matter.draft)
        .collect();
    let meetings_in: Vec<TomlFile<MeetingFile>> = inputs
        .meetings
        .into_iter()
        .filter(|m| drafts || !m.value.draft)
        .collect();
    let paper_by_slug: BTreeMap<String, &MarkdownFile<PaperFrontMatter>> = papers_in
        .iter()
        .map(|p| (stem(&p.content_path), p))
        .collect();

    // Papers: their own rules.
    for p in &papers_in {
        let fm = &p.front_matter;
        let at = |offset: usize| p.front_matter_offset + offset;
        if Date::from_toml(fm.date.get_ref()).is_none() {
            problems.push(
                Diagnostic::error("`date` must be a calendar date")
                    .at(&p.file, at(fm.date.span().start))
                    .with_hint("write it like `date = 2026-12-10`"),
            );
        }
        let purpose = *fm.purpose.get_ref();
        if matches!(purpose, Purpose::Decision | Purpose::Approval) && fm.recommendations.is_empty()
        {
            problems.push(
                Diagnostic::error(format!("a paper for {} needs at least one recommendation", purpose.as_str()))
                    .at(&p.file, at(fm.purpose.span().start))
                    .with_hint("add recommendations = [{ verb = \"approve\", text = \"...\" }], or change the purpose"),
            );
        }
        let confidential = fm
            .visibility
            .as_ref()
            .is_some_and(|v| *v.get_ref() == Visibility::Confidential);
        if confidential && fm.exemption.as_deref().is_none_or(|e| e.trim().is_empty()) {
            problems.push(
                Diagnostic::error("a confidential paper needs an exemption")
                    .at(&p.file, at(fm.visibility.as_ref().map_or(0, |v| v.span().start)))
                    .with_hint("say why it is taken in private, e.g. exemption = \"Schedule 12A, paragraph 1: information relating to an individual\""),
            );
        }
        if let Some(m) = &fm.meeting
            && !known_meetings.contains(m.get_ref().as_str())
        {
            problems.push(missing(
                &p.file,
                at(m.span().start),
                "meeting",
                m.get_ref(),
                &known_meetings,
                "content/meetings/<slug>.toml",
            ));
        }
        for pc in &fm.previously_considered {
            if Date::from_toml(pc.date.get_ref()).is_none() {
                problems.push(
                    Diagnostic::error("`date` must be a calendar date")
                        .at(&p.file, at(pc.date.span().start))
                        .with_hint("write it like `date = 2026-11-05`"),
                );
            }
        }
    }

    // Meetings: agendas.
    let known_minutes: BTreeSet<&str> = inputs.minutes_slugs.iter().map(String::as_str).collect();
    // Each minutes file's `approved_at`, by its meeting: the item that takes
    // them must be of that meeting.
    let minutes_approved_at: BTreeMap<String, String> = inputs
        .minutes
        .iter()
        .filter_map(|n| {
            let fm = &n.front_matter;
            Some((
                fm.meeting.get_ref().clone(),
                fm.approved_at.as_ref()?.get_ref().clone(),
            ))
        })
        .collect();
    let mut minutes_taken: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut placed: BTreeMap<String, (String, String)> = BTreeMap::new(); // paper -> (meeting, item)
    let mut meetings = Vec::new();
    for m in &meetings_in {
        let f = &m.file;
        let slug = stem(&m.content_path);
        if let Some(o) = &m.value.organisation
            && !inputs.organisation_slugs.contains(o.get_ref())
        {
            let naming = format!(
                "organisations are named by the file name of content/organisations/<slug>.toml; known: {}",
                inputs.organisation_slugs.join(", ")
            );
            problems.push(
                crate::diagnostic::no_such(
                    "organisation",
                    o.get_ref(),
                    inputs.organisation_slugs.iter().map(String::as_str),
                    &naming,
                )
                .at(f, o.span().start),
            );
        }
        let date = Date::from_toml(m.value.date.get_ref());
        if date.is_none() {
            problems.push(
                Diagnostic::error("`date` must be a calendar date")
                    .at(f, m.value.date.span().start)
                    .with_hint("write it like `date = 2026-12-10`"),
            );
        }
        let start = m
            .value
            .start
            .as_ref()
            .and_then(|s| time_of(f, s, "start", problems));
        let mut items = Vec::new();
        let mut previous: Option<(Vec<u32>, String)> = None;
        let mut seen = BTreeSet::new();
        for it in &m.value.agenda {
            let item: &AgendaItem = it.get_ref();
            let number = item.item.get_ref().trim().to_string();
            let Some(key) = item_key(&number) else {
                problems.push(
                    Diagnostic::error(format!("\"{number}\" is not an agenda item number"))
                        .at(f, item.item.span().start)
                        .with_hint("number items like \"7\" or \"7.1\""),
                );
                continue;
            };
            if !seen.insert(number.clone()) {
                problems.push(
                    Diagnostic::error(format!("item {number} appears twice on the agenda"))
                        .at(f, item.item.span().start)
                        .with_hint("give every agenda item its own number"),
                );
            } else if let Some((prev_key, prev)) = &previous
                && key <= *prev_key
            {
                problems.push(
                    Diagnostic::error(format!("item {number} comes after item {prev}"))
                        .at(f, item.item.span().start)
                        .with_hint("keep the agenda in item order"),
                );
            }
            previous = Some((key, number.clone()));
            let time = item
                .time
                .as_ref()
                .and_then(|t| time_of(f, t, "time", problems));
            let mut resolved = Item {
                number: number.clone(),
                title: item.title.clone().unwrap_or_default(),
                paper: None,
                minutes: None,
                lead: item.lead.clone(),
                time,
                duration_minutes: item.duration_minutes,
                purpose: item.purpose,
                confidential: false,
                exemption: None,
                supplement: item.supplement.as_ref().map(|n| *n.get_ref()),
                urgent: None,
                dropped: None,
                key_decision: None,
            };
            item_state(f, item, &m.value, &mut resolved, problems);
            if let Some(day) = date {
                resolved.key_decision =
                    executive::key_decision(f, item, &number, &m.value, day, problems);
            }
            match &item.paper {
                Some(ps) => {
                    let ps_slug = ps.get_ref();
                    match paper_by_slug.get(ps_slug) {
                        Some(paper) => {
                            if let Some((other, other_item)) = placed.get(ps_slug) {
                                problems.push(
                                    Diagnostic::error(format!("the paper \"{ps_slug}\" is already item {other_item} of the meeting \"{other}\""))
                                        .at(f, ps.span().start)
                                        .with_hint("a paper may be on one agenda only; write a new paper for a later meeting"),
                                );
                            } else {
                                placed.insert(ps_slug.clone(), (slug.clone(), number.clone()));
                            }
                            let pf = &paper.front_matter;
                            if item.title.is_none() {
                                resolved.title = pf.title.clone();
                            }
                            if resolved.purpose.is_none() {
                                resolved.purpose = Some(*pf.purpose.get_ref());
                            }
                            if resolved.lead.is_none() {
                                resolved.lead = pf.presenter.clone().or_else(|| pf.sponsor.clone());
                            }
                            let confidential = pf
                                .visibility
                                .as_ref()
                                .is_some_and(|v| *v.get_ref() == Visibility::Confidential);
                            resolved.confidential = confidential;
                            if confidential {
                                resolved.exemption = pf.exemption.clone();
                                if edition == Edition::Public {
                                    resolved.title = pf
                                        .public_title
                                        .clone()
                                        .unwrap_or_else(|| confidential_item(config));
                                }
                            }
                            if !(confidential && edition == Edition::Public) {
                                resolved.paper = Some(ps_slug.clone());
                            }
                        }
                        None if known_papers.contains(ps_slug.as_str()) => {
                            if let Some((public_title, exemption)) = draft_confidential.get(ps_slug)
                            {
                                resolved.confidential = true;
                                resolved.exemption = exemption.clone();
                                if edition == Edition::Public {
                                    resolved.title = public_title
                                        .clone()
                                        .unwrap_or_else(|| confidential_item(config));
                                }
                            }
                        }
                        None => problems.push(missing(
                            f,
                            ps.span().start,
                            "paper",
                            ps_slug,
                            &known_papers,
                            "content/papers/<slug>.md",
                        )),
                    }
                }
                None if item.minutes.is_some() => {}
                None if item.title.is_none() => problems.push(
                    Diagnostic::error(format!("item {number} has neither a title nor a paper"))
                        .at(f, item.item.span().start)
                        .with_hint("give the item a title, or a paper whose title it takes"),
                ),
                None => {}
            }
            if let (Some(ms), Some(day)) = (&item.minutes, date) {
                resolved.minutes = minutes_item(
                    f,
                    ms,
                    (&number, &m.value.body, day),
                    &meetings_in,
                    (&known_minutes, &minutes_approved_at),
                    &mut minutes_taken,
                    problems,
                );
                if item.title.is_none() && item.paper.is_none() {
                    resolved.title = minutes_title(ms.get_ref(), &meetings_in, config);
                }
            }
            items.push(resolved);
        }
        let date = date.unwrap_or(build_date);
        let end = meeting_end(f, &m.value, start.as_deref(), &items, problems);
        let (published, previous_date) = meeting_dates(f, &m.value, date, problems);
        let supplements = supplement_dates(f, &m.value, date, problems);
        let private_notice = executive::private_notice(f, &m.value, date, problems);
        meetings.push(Meeting {
            path: format!("/meetings/{slug}/"),
            content_path: m.content_path.clone(),
            slug,
            file: m.value.clone(),
            upcoming: date >= build_date,
            date,
            start,
            end,
            published,
            previous_date,
            supplements,
            private_notice,
            items,
        });
    }
    meetings.sort_by(|a, b| a.date.cmp(&b.date).then(a.slug.cmp(&b.slug)));

    // A paper naming a meeting must be on its agenda.
    for p in &papers_in {
        if let Some(m) = &p.front_matter.meeting {
            let slug = stem(&p.content_path);
            let on = placed.get(&slug).map(|(meeting, _)| meeting);
            if known_meetings.contains(m.get_ref().as_str())
                && parsed_meetings.contains(m.get_ref())
                && on != Some(m.get_ref())
            {
                problems.push(
                    Diagnostic::error(format!("this paper names the meeting \"{}\" but is not on its agenda", m.get_ref()))
                        .at(&p.file, p.front_matter_offset + m.span().start)
                        .with_hint(format!("add {{ item = \"...\", paper = \"{slug}\" }} to the agenda in content/meetings/{}.toml, or correct `meeting`", m.get_ref())),
                );
            }
        }
    }

    // References and the data `ref` shortcodes use.
    let format = config.papers.reference_format.as_str();
    let mut refs = BTreeMap::new();
    let mut references = BTreeMap::new();
    for p in &papers_in {
        let slug = stem(&p.content_path);
        let fm = &p.front_matter;
        let placement = placed.get(&slug);
        let meeting = placement.and_then(|(m, _)| meetings.iter().find(|x| &x.slug == m));
        let reference = fm.reference.clone().or_else(|| {
            let (meeting, item) = (meeting?, &placement?.1);
            Some(expand_reference(format, meeting, item, &slug))
        });
        let confidential = fm
            .visibility
            .as_ref()
            .is_some_and(|v| *v.get_ref() == Visibility::Confidential);
        let withheld = confidential && edition == Edition::Public;
        refs.insert(
            slug.clone(),
            PaperRef {
                slug: slug.clone(),
                title: if withheld {
                    fm.public_title
                        .clone()
                        .unwrap_or_else(|| confidential_item(config))
                } else {
                    fm.title.clone()
                },
                reference: reference.clone(),
                item: placement.map(|(_, i)| i.clone()),
                url: (!withheld).then(|| config.url(&format!("/papers/{slug}/"))),
                withheld,
            },
        );
        references.insert(slug, reference);
    }
    let minutes_in = inputs
        .minutes
        .into_iter()
        .filter(|m| drafts || !m.front_matter.draft)
        .collect();
    let minutes =
        super::minutes::plan(minutes_in, &meetings, &known_meetings, build_date, problems);
    Agenda {
        papers: papers_in,
        meetings,
        minutes,
        placed,
        references,
        refs,
        options,
        words: (config.pass.clone(), config.language.clone()),
    }
}

/// "Minutes of the meeting held on 9 July 2026", the title of an item
/// that takes those minutes and gives no title.
/// In the site's language, as the theme words it (see
/// [`crate::config::languages::BUILT_IN_NAMES`]).
fn minutes_title(slug: &str, meetings: &[TomlFile<MeetingFile>], config: &SiteConfig) -> String {
    let pass = &config.pass;
    meetings
        .iter()
        .find(|m| stem(&m.content_path) == slug)
        .and_then(|m| Date::from_toml(m.value.date.get_ref()))
        .map_or_else(
            || {
                pass.word(
                    "minutes_of_previous_meeting",
                    "Minutes of the previous meeting",
                )
                .to_string()
            },
            |d| {
                pass.word(
                    "minutes_of_meeting_held_on",
                    "Minutes of the meeting held on {date}",
                )
                .replace("{date}", &d.long_in(&config.language))
            },
        )
}

/// The public title of a confidential item that gives none.
fn confidential_item(config: &SiteConfig) -> String {
    config
        .pass
        .word("confidential_item", "Confidential item")
        .to_string()
}

/// An item's `minutes`, checked: minutes of an earlier meeting of the same
/// body, approved (if they say so) at this one, taken by one item only.
#[allow(clippy::too_many_arguments)]
fn minutes_item(
    f: &SourceText,
    ms: &toml::Spanned<String>,
    (number, body, date): (&str, &str, Date),
    meetings: &[TomlFile<MeetingFile>],
    (known, approved_at): (&BTreeSet<&str>, &BTreeMap<String, String>),
    taken: &mut BTreeMap<String, (String, String)>,
    problems: &mut Diagnostics,
) -> Option<String> {
    let slug = ms.get_ref().trim();
    let at = ms.span().start;
    if !known.contains(slug) {
        problems.push(missing(
            f,
            at,
            "minutes",
            slug,
            known,
            "content/minutes/<meeting-slug>.md",
        ));
        return None;
    }
    let minuted_meeting = meetings.iter().find(|m| stem(&m.content_path) == slug);
    let minuted = minuted_meeting.and_then(|m| Date::from_toml(m.value.date.get_ref()));
    if let Some(other) = minuted_meeting.filter(|m| m.value.body != body) {
        problems.push(
            Diagnostic::error(format!(
                "item {number} takes the minutes of a meeting of the {}, not of the {body}",
                other.value.body
            ))
            .at(f, at)
            .with_hint("a body approves the minutes of its own meetings: name one of them"),
        );
        return None;
    }
    let here_slug = stem(&f.path.to_string_lossy());
    if let Some(approved_at) = approved_at.get(slug).filter(|a| **a != here_slug) {
        problems.push(
            Diagnostic::error(format!(
                "the minutes \"{slug}\" say they were approved at the meeting \"{approved_at}\", not at this one"
            ))
            .at(f, at)
            .with_hint("correct `approved_at` in those minutes, or take them at that meeting"),
        );
        return None;
    }
    if minuted.is_some_and(|d| d >= date) {
        problems.push(
            Diagnostic::error(format!(
                "item {number} takes the minutes of the meeting \"{slug}\", which is not before this one"
            ))
            .at(f, at)
            .with_hint("a meeting approves the minutes of an earlier meeting"),
        );
        return None;
    }
    let here = here_slug;
    if let Some((other, item)) = taken.get(slug) {
        problems.push(
            Diagnostic::error(format!(
                "the minutes \"{slug}\" are already item {item} of the meeting \"{other}\""
            ))
            .at(f, at)
            .with_hint("minutes are approved once, at one meeting"),
        );
        return None;
    }
    taken.insert(slug.to_string(), (here, number.to_string()));
    Some(slug.to_string())
}

/// "7.1" as [7, 1], for ordering; none if not a number like that.
pub(super) fn item_key(s: &str) -> Option<Vec<u32>> {
    s.split('.').map(|p| p.parse::<u32>().ok()).collect()
}

pub(super) fn missing(
    file: &SourceText,
    at: usize,
    what: &str,
    slug: &str,
    known: &BTreeSet<&str>,
    place: &str,
) -> Diagnostic {
    let naming = format!("a {what} is named by its file name, {place}");
    crate::diagnostic::no_such(what, slug, known.iter().copied(), &naming).at(file, at)
}

/// Fill in `[papers] reference_format`: {body_code}, {yyyy}, {yy}, {mm},
/// {dd}, {item} and {slug}.
pub(crate) fn expand_reference(format: &str, meeting: &Meeting, item: &str, slug: &str) -> String {
    let d = meeting.date;
    format
        .replace(
            "{body_code}",
            meeting.file.body_code.as_deref().unwrap_or("PAPER"),
        )
        .replace("{yyyy}", &format!("{:04}", d.year))
        .replace("{yy}", &format!("{:02}", d.year.rem_euclid(100)))
        .replace("{mm}", &format!("{:02}", d.month))
        .replace("{dd}", &format!("{:02}", d.day))
        .replace("{item}", item)
        .replace("{slug}", slug)
}

pub(super) fn stem(content_path: &str) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    slugify(name.rsplit_once('.').map_or(name, |(s, _)| s))
}
