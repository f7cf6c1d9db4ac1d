//! What templates and the board pack see of papers and meetings
//! (`PaperView`, `MeetingView`, documented in docs/templates.md). In the
//! public edition a confidential paper is seen by its public title only.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dates::Date;
use crate::markdown::Heading;
use crate::render::view::Views;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecommendationView {
    pub(crate) verb: &'static str,
    pub(crate) text: String,
    pub(crate) html: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImplicationView {
    pub(crate) heading: &'static str,
    /// The heading's key ("data_protection"): the theme words it
    /// (`implication_<key>`).
    pub(crate) key: String,
    pub(crate) markdown: String,
    pub(crate) html: String,
}

/// The organisation a meeting's body belongs to, as its pack's cover shows
/// it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BodyOrganisation {
    pub(crate) name: String,
    pub(crate) colour: Option<String>,
    /// Root-relative URL of its logo, for pages.
    pub(crate) logo: Option<String>,
    /// Its logo's path under static/, for the PDFs.
    pub(crate) logo_file: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PreviouslyConsideredView {
    pub(crate) body: String,
    pub(crate) date: Option<Date>,
    pub(crate) outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeetingLink {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) url: String,
    pub(crate) date: Date,
}

/// A board paper with its cover sheet. In the public edition only public
/// papers exist.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PaperView {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) pdf_url: String,
    pub(crate) date: Date,
    pub(crate) purpose: &'static str,
    /// "For decision".
    pub(crate) purpose_label: String,
    pub(crate) reference: Option<String>,
    pub(crate) meeting: Option<MeetingLink>,
    pub(crate) item: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) sponsor: Option<String>,
    pub(crate) presenter: Option<String>,
    pub(crate) assurance_level: Option<crate::board::paper::AssuranceLevel>,
    pub(crate) recommendations: Vec<RecommendationView>,
    pub(crate) implications: Vec<ImplicationView>,
    pub(crate) strategic_objectives: Vec<String>,
    pub(crate) risks: Vec<String>,
    pub(crate) previously_considered: Vec<PreviouslyConsideredView>,
    pub(crate) confidential: bool,
    pub(crate) exemption: Option<String>,
    pub(crate) version: Option<String>,
    /// Public edition: the paper has redactions ("edited for publication").
    pub(crate) edited_for_publication: bool,
    pub(crate) content: String,
    pub(crate) toc: Vec<Heading>,
    pub(crate) extra: toml::Table,
}

/// A paper on an agenda.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AgendaPaper {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) pdf_url: String,
    pub(crate) reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemView {
    pub(crate) number: String,
    pub(crate) title: String,
    pub(crate) paper: Option<AgendaPaper>,
    pub(crate) lead: Option<String>,
    pub(crate) time: Option<String>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) purpose: Option<&'static str>,
    pub(crate) purpose_label: Option<String>,
    pub(crate) confidential: bool,
    /// Public edition: a confidential item, shown by its public title only.
    pub(crate) not_for_publication: bool,
    pub(crate) exemption: Option<String>,
    /// The page of the board pack where the item's paper starts.
    pub(crate) pack_page: Option<usize>,
    /// Public edition: the resolution to exclude the public comes before
    /// this item (the first confidential one).
    pub(crate) exclusion_before: bool,
    /// The supplementary agenda it is in, if any.
    pub(crate) supplement: Option<u32>,
    /// The chair's reason for taking it as urgent business.
    pub(crate) urgent: Option<String>,
    /// "withdrawn" or "deferred", with why.
    pub(crate) dropped: Option<crate::board::Dropped>,
    pub(crate) dropped_reason: Option<String>,
    /// The earlier minutes this item takes, when published.
    pub(crate) minutes: Option<MinutesLink>,
    /// A key decision of an executive.
    pub(crate) key_decision: bool,
    /// A key decision taken under the general exception: the day its
    /// notice was given (SI 2012/2089 reg 10).
    pub(crate) general_exception: Option<Date>,
    /// A key decision taken under special urgency, with why (reg 11).
    pub(crate) special_urgency: Option<String>,
}

/// Minutes on an agenda: their page and PDF.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MinutesLink {
    /// Their meeting's slug.
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) pdf_url: String,
    pub(crate) draft: bool,
}

/// A supplementary agenda of a meeting.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SupplementView {
    pub(crate) number: u32,
    pub(crate) published: Date,
    /// Its own PDF, `supplement-<n>.pdf`.
    pub(crate) pack_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeetingView {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) body: String,
    /// The organisation whose body it is (`organisation`), if it says.
    pub(crate) organisation: Option<BodyOrganisation>,
    pub(crate) body_code: Option<String>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) pack_url: String,
    pub(crate) date: Date,
    pub(crate) start: Option<String>,
    /// When it ends ("16:00"), written or worked out from the agenda.
    pub(crate) end: Option<String>,
    pub(crate) location: String,
    pub(crate) chair: Option<String>,
    pub(crate) upcoming: bool,
    /// "scheduled", "cancelled", "postponed" or "moved".
    pub(crate) status: crate::board::meeting::MeetingStatus,
    /// What readers are told of a meeting not going ahead as announced:
    /// "This meeting has been cancelled: …", "Moved from 3 December 2026: …".
    /// In English, for the calendars and open data; the theme says it in
    /// the site's language from `status`, `previous_date` and
    /// `status_reason`.
    pub(crate) status_note: Option<String>,
    pub(crate) previous_date: Option<Date>,
    pub(crate) reason: Option<String>,
    /// `reason` as the status note ends with it: trimmed, without its
    /// full stop; none when it is blank.
    pub(crate) status_reason: Option<String>,
    /// When its agenda was published, if it says.
    pub(crate) published: Option<Date>,
    /// Its calendar event's SEQUENCE.
    pub(crate) sequence: u32,
    /// This meeting's own calendar file.
    pub(crate) ics_url: String,
    /// Its supplementary agendas, in order.
    pub(crate) supplements: Vec<SupplementView>,
    /// schema.org `Event` JSON-LD, safe inside a `<script>` element.
    pub(crate) json_ld: String,
    pub(crate) items: Vec<ItemView>,
    /// Public edition with confidential items: the resolution text.
    pub(crate) exclusion_resolution: Option<String>,
    /// The resolution is dossier's default wording (not set in
    /// dossier.toml), which the theme gives in the site's language.
    pub(crate) exclusion_default: bool,
    /// Its minutes' page, once written, and whether they are a draft.
    pub(crate) minutes_url: Option<String>,
    pub(crate) minutes_draft: bool,
    /// An executive's meeting with private items: why the private part
    /// could not wait for 28 days' notice (SI 2012/2089 reg 5(6)).
    pub(crate) private_urgency: Option<String>,
    /// "public" or "confidential".
    pub(crate) edition: &'static str,
    pub(crate) extra: toml::Table,
}

impl Views<'_> {
    /// The view of a paper; `pack_pages` maps paper slugs to board-pack pages.
    pub(crate) fn paper(&self, index: usize) -> PaperView {
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
                    key: h.to_ascii_lowercase().replace(' ', "_"),
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
    pub(crate) fn meeting(
        &self,
        index: usize,
        pack_pages: &BTreeMap<String, usize>,
    ) -> MeetingView {
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
                let minutes = it.minutes.as_ref().and_then(|slug| {
                    let n = site
                        .board
                        .minutes
                        .iter()
                        .find(|n| site.board.meetings[n.meeting].slug == *slug)?;
                    Some((
                        slug,
                        MinutesLink {
                            slug: slug.clone(),
                            url: c.url(&n.path),
                            pdf_url: c.url(&format!(
                                "{}minutes.pdf",
                                site.board.meetings[n.meeting].path
                            )),
                            draft: n.status == crate::board::minutes::MinutesStatus::Draft,
                        },
                    ))
                });
                ItemView {
                    number: it.number.clone(),
                    title: it.title.clone(),
                    pack_page: paper
                        .as_ref()
                        .and_then(|p| pack_pages.get(&p.slug).copied())
                        .or_else(|| {
                            minutes.as_ref().and_then(|(slug, _)| {
                                pack_pages
                                    .get(&crate::board::minutes_page_key(slug))
                                    .copied()
                            })
                        }),
                    minutes: minutes.map(|(_, link)| link),
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
                    supplement: it.supplement,
                    urgent: it.urgent.clone(),
                    dropped: it.dropped.as_ref().map(|d| d.0),
                    dropped_reason: it.dropped.as_ref().map(|d| d.1.clone()),
                    key_decision: it.key_decision.is_some(),
                    general_exception: it.key_decision.as_ref().and_then(|k| k.general_exception),
                    special_urgency: it
                        .key_decision
                        .as_ref()
                        .and_then(|k| k.special_urgency.clone()),
                }
            })
            .collect();
        let minutes = site.board.minutes.iter().find(|n| n.meeting == index);
        let organisation = m
            .file
            .organisation
            .as_ref()
            .and_then(|o| site.organisations.iter().find(|x| &x.slug == o.get_ref()))
            .map(|o| BodyOrganisation {
                name: o.data.name.clone(),
                colour: o.colour.clone(),
                logo: o.logo.as_ref().map(|l| c.url(l)),
                logo_file: o
                    .logo
                    .as_ref()
                    .map(|l| l.trim_start_matches('/').to_string()),
            });
        MeetingView {
            slug: m.slug.clone(),
            title: m.file.title.clone(),
            body: m.file.body.clone(),
            organisation,
            body_code: m.file.body_code.clone(),
            url: c.url(&m.path),
            permalink: c.permalink(&m.path),
            pack_url: c.url(&format!("{}board-pack.pdf", m.path)),
            date: m.date,
            start: m.start.clone(),
            end: m.end.clone(),
            location: m.file.location.clone(),
            chair: m.file.chair.clone(),
            upcoming: m.upcoming,
            status: m.file.status,
            status_note: status_note(m, c),
            previous_date: m.previous_date,
            reason: m.file.reason.clone(),
            status_reason: status_reason(m),
            published: m.published,
            sequence: m.sequence(),
            ics_url: c.url(&format!("{}meeting.ics", m.path)),
            supplements: m
                .supplements
                .iter()
                .map(|&(number, published)| SupplementView {
                    number,
                    published,
                    pack_url: c.url(&format!("{}supplement-{number}.pdf", m.path)),
                })
                .collect(),
            json_ld: event_json_ld(m, c),
            items,
            exclusion_resolution: first_confidential.map(|_| c.papers.exclusion_resolution.clone()),
            exclusion_default: first_confidential.is_some()
                && c.papers.exclusion_resolution == crate::config::EXCLUSION_RESOLUTION,
            minutes_url: minutes.map(|n| c.url(&n.path)),
            minutes_draft: minutes
                .is_some_and(|n| n.status == crate::board::minutes::MinutesStatus::Draft),
            private_urgency: m
                .file
                .private_urgency
                .as_ref()
                .filter(|_| m.file.executive && !m.private_items().is_empty())
                .map(|s| s.get_ref().trim().to_string()),
            edition: site.edition.as_str(),
            extra: m.file.extra.clone(),
        }
    }
}

/// "This meeting has been cancelled: the quorum could not be met.",
/// "This meeting has been moved from 3 December 2026.": none for a meeting
/// going ahead as announced.
/// In the site's language, as the theme words it (see
/// [`crate::config::languages::BUILT_IN_NAMES`]).
fn status_note(m: &crate::board::Meeting, c: &crate::config::SiteConfig) -> Option<String> {
    use crate::board::meeting::MeetingStatus;
    let p = &c.pass;
    let what = match m.file.status {
        MeetingStatus::Scheduled => return None,
        MeetingStatus::Cancelled => p
            .word("meeting_cancelled", "This meeting has been cancelled")
            .to_string(),
        MeetingStatus::Postponed => p
            .word(
                "meeting_postponed",
                "This meeting has been postponed; a new date will be published",
            )
            .to_string(),
        MeetingStatus::Moved => match m.previous_date {
            Some(d) => p.fill(
                "meeting_moved_from",
                "This meeting has been moved from {date}",
                &[("date", &d.long_in(&c.language))],
            ),
            None => p
                .word("meeting_moved", "This meeting has been moved")
                .to_string(),
        },
    };
    Some(match status_reason(m) {
        Some(reason) => format!("{what}: {reason}."),
        None => format!("{what}."),
    })
}

/// The reason a status note ends with: trimmed, without its full stop.
fn status_reason(m: &crate::board::Meeting) -> Option<String> {
    let reason = m.file.reason.as_deref().map(str::trim)?;
    (!reason.is_empty()).then(|| reason.trim_end_matches('.').to_string())
}

/// A meeting as schema.org `Event` data: its status, start and end with
/// the time zone's offset, its place and the body holding it.
fn event_json_ld(m: &crate::board::Meeting, c: &crate::config::SiteConfig) -> String {
    let zone = &c.calendar.zone;
    let at = |t: Option<&str>| serde_json::Value::from(zone.stamp(m.date, t));
    let mut event = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": format!("{}: {}", m.file.body, m.file.title),
        "startDate": at(m.start.as_deref()),
        "eventStatus": m.file.status.schema_org(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": m.file.location,
            "address": m.file.location,
        },
        "organizer": { "@type": "Organization", "name": m.file.body },
        "url": c.permalink(&m.path),
    });
    let obj = event.as_object_mut().expect("an object");
    if m.end.is_some() {
        obj.insert("endDate".into(), at(m.end.as_deref()));
    }
    if let Some(previous) = m.previous_date {
        obj.insert("previousStartDate".into(), previous.to_string().into());
    }
    crate::render::jsonld::script_safe(&event)
}
