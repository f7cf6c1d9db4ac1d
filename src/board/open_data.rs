//! Open meeting data: `meetings/<slug>/meeting.json` in the shape of the
//! Open Civic Data Event (name, start and end with their offset, status,
//! location, participants, agenda items in order, documents with links and
//! media types), and the listings `meetings/index.json` and
//! `papers/index.json`. Made from the same views as the pages, so they hold
//! what the public pages show and nothing more (and the leak guard reads
//! them as it reads every file).

use serde::Serialize;

use crate::board::meeting::MeetingStatus;
use crate::board::view::{MeetingView, PaperView};
use crate::calendar::zone::Zone;
use crate::dates::Date;

/// A meeting as an Open Civic Data Event.
#[derive(Serialize)]
pub(crate) struct Event<'a> {
    #[serde(rename = "_type")]
    kind: &'static str,
    name: String,
    description: String,
    classification: &'static str,
    start_date: String,
    end_date: Option<String>,
    timezone: &'a str,
    all_day: bool,
    /// `confirmed`, `tentative`, `cancelled` or `passed`.
    status: &'static str,
    location: Location<'a>,
    participants: Vec<Participant<'a>>,
    agenda: Vec<AgendaItem<'a>>,
    documents: Vec<Document>,
    links: Vec<Link>,
    sources: Vec<Link>,
}

#[derive(Serialize)]
struct Location<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Participant<'a> {
    name: &'a str,
    entity_type: &'static str,
    note: &'static str,
}

#[derive(Serialize)]
struct AgendaItem<'a> {
    description: &'a str,
    /// The item's number, "7" or "7.1".
    order: &'a str,
    notes: Vec<String>,
    /// Its paper's documents (the web page and the PDF), if published.
    related_papers: Vec<RelatedPaper<'a>>,
}

#[derive(Serialize)]
struct RelatedPaper<'a> {
    title: &'a str,
    reference: Option<&'a str>,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct Document {
    note: String,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    url: String,
    media_type: &'static str,
    note: &'static str,
}

fn link(base: &str, url: &str, media_type: &'static str, note: &'static str) -> Link {
    Link {
        url: absolute(base, url),
        media_type,
        note,
    }
}

/// `url` ("/briefing/meetings/x/") made absolute on the site's host.
pub(crate) fn absolute(base: &str, url: &str) -> String {
    if url.starts_with("http") {
        return url.to_string();
    }
    let host_end = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(base.len());
    format!("{}{url}", &base[..host_end])
}

/// The Open Civic Data status of a meeting.
fn status(m: &MeetingView) -> &'static str {
    match m.status {
        MeetingStatus::Cancelled => "cancelled",
        MeetingStatus::Postponed => "tentative",
        _ if !m.upcoming => "passed",
        _ => "confirmed",
    }
}

/// A meeting as an Open Civic Data Event.
pub(crate) fn event<'a>(m: &'a MeetingView, base: &str, zone: &'a Zone, tz: &'a str) -> Event<'a> {
    let agenda = m
        .items
        .iter()
        .map(|item| {
            let mut notes: Vec<String> = item.purpose_label.iter().cloned().collect();
            if let Some(n) = item.supplement {
                notes.push(format!("Supplementary agenda {n}"));
            }
            if item.key_decision {
                notes.push(match (&item.special_urgency, item.general_exception) {
                    (Some(why), _) => format!("Key decision, taken under special urgency: {why}"),
                    (None, Some(d)) => format!(
                        "Key decision, taken under the general exception (notice given {d})"
                    ),
                    (None, None) => "Key decision".to_string(),
                });
            }
            if let Some(reason) = &item.urgent {
                notes.push(format!("Urgent business: {reason}"));
            }
            if let (Some(d), Some(reason)) = (item.dropped, &item.dropped_reason) {
                let what = match d {
                    crate::board::Dropped::Withdrawn => "Withdrawn",
                    crate::board::Dropped::Deferred => "Deferred",
                };
                notes.push(format!("{what}: {reason}"));
            }
            if item.not_for_publication || item.confidential {
                notes.push(match &item.exemption {
                    Some(e) => format!("Not for publication: {e}"),
                    None => "Not for publication".to_string(),
                });
            }
            AgendaItem {
                description: &item.title,
                order: &item.number,
                notes,
                related_papers: item
                    .paper
                    .iter()
                    .filter(|_| item.dropped.is_none())
                    .map(|p| RelatedPaper {
                        title: &p.title,
                        reference: p.reference.as_deref(),
                        links: vec![
                            link(base, &p.url, "text/html", "paper"),
                            link(base, &p.pdf_url, "application/pdf", "paper (PDF)"),
                        ],
                    })
                    .collect(),
            }
        })
        .collect();
    let mut description = format!("{}: {}", m.body, m.title);
    if let Some(note) = &m.status_note {
        description = format!("{description}. {note}");
    }
    let mut documents = vec![Document {
        note: "Board pack".into(),
        links: vec![link(base, &m.pack_url, "application/pdf", "board pack")],
    }];
    for s in &m.supplements {
        documents.push(Document {
            note: format!("Supplementary agenda {}", s.number),
            links: vec![link(
                base,
                &s.pack_url,
                "application/pdf",
                "supplementary agenda",
            )],
        });
    }
    if let Some(url) = &m.minutes_url {
        documents.push(Document {
            note: if m.minutes_draft {
                "Draft minutes"
            } else {
                "Minutes"
            }
            .into(),
            links: vec![
                link(base, url, "text/html", "minutes"),
                link(
                    base,
                    &format!("{}minutes.json", m.url),
                    "application/json",
                    "minutes as open data",
                ),
            ],
        });
    }
    documents.push(Document {
        note: "Calendar".into(),
        links: vec![link(base, &m.ics_url, "text/calendar", "calendar event")],
    });
    Event {
        kind: "event",
        name: format!("{}: {}", m.body, m.title),
        description,
        classification: "committee-meeting",
        start_date: zone.stamp(m.date, m.start.as_deref()),
        end_date: m.end.as_deref().map(|e| zone.stamp(m.date, Some(e))),
        timezone: tz,
        all_day: m.start.is_none(),
        status: status(m),
        location: Location { name: &m.location },
        participants: vec![Participant {
            name: &m.body,
            entity_type: "organization",
            note: "host",
        }],
        agenda,
        documents,
        links: vec![link(base, &m.url, "text/html", "meeting page")],
        sources: vec![link(base, &m.url, "text/html", "meeting page")],
    }
}

/// One line of `meetings/index.json`.
#[derive(Serialize)]
pub(crate) struct MeetingEntry<'a> {
    slug: &'a str,
    body: &'a str,
    title: &'a str,
    date: Date,
    start: Option<String>,
    end: Option<String>,
    status: &'static str,
    location: &'a str,
    url: String,
    data_url: String,
    calendar_url: String,
    pack_url: String,
}

pub(crate) fn meeting_entry<'a>(m: &'a MeetingView, base: &str, zone: &Zone) -> MeetingEntry<'a> {
    MeetingEntry {
        slug: &m.slug,
        body: &m.body,
        title: &m.title,
        date: m.date,
        start: m.start.as_deref().map(|t| zone.stamp(m.date, Some(t))),
        end: m.end.as_deref().map(|t| zone.stamp(m.date, Some(t))),
        status: status(m),
        location: &m.location,
        url: absolute(base, &m.url),
        data_url: absolute(base, &format!("{}meeting.json", m.url)),
        calendar_url: absolute(base, &m.ics_url),
        pack_url: absolute(base, &m.pack_url),
    }
}

/// One line of `papers/index.json`.
#[derive(Serialize)]
pub(crate) struct PaperEntry<'a> {
    slug: &'a str,
    reference: Option<&'a str>,
    title: &'a str,
    date: Date,
    meeting: Option<&'a str>,
    item: Option<&'a str>,
    purpose: &'static str,
    /// `published`, or `edited for publication` (with redactions).
    status: &'static str,
    url: String,
    pdf_url: String,
}

pub(crate) fn paper_entry<'a>(p: &'a PaperView, base: &str) -> PaperEntry<'a> {
    PaperEntry {
        slug: &p.slug,
        reference: p.reference.as_deref(),
        title: &p.title,
        date: p.date,
        meeting: p.meeting.as_ref().map(|m| m.slug.as_str()),
        item: p.item.as_deref(),
        purpose: p.purpose,
        status: if p.edited_for_publication {
            "edited for publication"
        } else {
            "published"
        },
        url: absolute(base, &p.url),
        pdf_url: absolute(base, &p.pdf_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_are_made_absolute_on_the_sites_host() {
        assert_eq!(
            absolute("https://example.org/briefing/", "/briefing/meetings/x/"),
            "https://example.org/briefing/meetings/x/"
        );
        assert_eq!(
            absolute("https://example.org/", "https://other.example.org/a"),
            "https://other.example.org/a"
        );
    }
}
