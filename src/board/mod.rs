//! Board papers and meetings, resolved and checked, for one edition.
//!
//! One source makes two editions. The **public** edition never holds a
//! confidential paper: such papers are kept out of the model altogether (only
//! their public title and exemption reach the agenda) and what they say is
//! kept aside as [`Withheld`] text, used by the leak guard alone. The
//! **confidential** edition holds everything, marked.

pub(crate) mod inputs;
pub(crate) mod leak;
pub(crate) mod meeting;
pub(crate) mod minutes;
pub(crate) mod open_data;
pub(crate) mod output;
pub mod pack;
pub(crate) mod paper;
pub(crate) mod typst;
pub(crate) mod view;

use crate::board::meeting::Meeting as MeetingFile;
use crate::board::paper::PaperFrontMatter;
use crate::board::paper::Purpose;
use crate::dates::Date;
use crate::diagnostic::SourceText;
use crate::markdown::Rendered;

mod agenda;
mod executive;
pub use agenda::*;
mod papers;
mod schedule;
pub(crate) use papers::*;

/// Which edition is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edition {
    /// The published site: no confidential paper anywhere.
    #[default]
    Public,
    /// For board members: everything, with confidential papers marked.
    Confidential,
}

impl Edition {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Edition::Public => "public",
            Edition::Confidential => "confidential",
        }
    }
}

/// A paper, resolved for this edition.
#[derive(Debug)]
pub(crate) struct Paper {
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) content_path: String,
    pub(crate) fm: PaperFrontMatter,
    /// The file, for locating problems found later (broken links).
    pub(crate) file: SourceText,
    pub(crate) body_offset: usize,
    pub(crate) date: Date,
    /// When it was published, if it says (a paper added to an agenda late).
    pub(crate) published: Option<Date>,
    pub(crate) confidential: bool,
    pub(crate) reference: Option<String>,
    /// Slug of the meeting whose agenda holds it, and the item number.
    pub(crate) meeting: Option<String>,
    pub(crate) item: Option<String>,
    /// Its body rendered; the text for the search index is kept only as far
    /// as the index reads it (`[search] text_limit`).
    pub(crate) body: Rendered,
    /// Recommendations' text as HTML, in order.
    pub(crate) recommendations_html: Vec<String>,
    /// (heading, Markdown, HTML) in the fixed order.
    pub(crate) implications: Vec<(&'static str, String, String)>,
    /// Whether the paper has `redact` shortcodes (in the public edition: it
    /// was edited for publication).
    pub(crate) redacted: bool,
}

impl Paper {
    /// The Markdown body, for the PDF: a part of the file, not a copy (a
    /// body's archive holds thousands of papers for the whole build).
    pub(crate) fn body_markdown(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

/// One agenda item, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) number: String,
    pub(crate) title: String,
    /// Slug of a published paper (none for withheld papers).
    pub(crate) paper: Option<String>,
    /// Earlier minutes (by their meeting's slug) this item takes.
    pub(crate) minutes: Option<String>,
    pub(crate) lead: Option<String>,
    pub(crate) time: Option<String>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) purpose: Option<Purpose>,
    /// The paper is confidential (in the public edition: not for publication).
    pub(crate) confidential: bool,
    pub(crate) exemption: Option<String>,
    /// The supplementary agenda it is in, if any.
    pub(crate) supplement: Option<u32>,
    /// The chair's reason for taking it as urgent business.
    pub(crate) urgent: Option<String>,
    /// Withdrawn or deferred, with why: not taken, not in the pack.
    pub(crate) dropped: Option<(Dropped, String)>,
    /// A key decision of an executive, with its notices.
    pub(crate) key_decision: Option<KeyDecision>,
}

/// A key decision's notices (SI 2012/2089 regs 9 to 11).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyDecision {
    /// When its notice was published (reg 9).
    pub(crate) notice: Option<Date>,
    /// When the general exception's notice was given (reg 10).
    pub(crate) general_exception: Option<Date>,
    /// Why it could not wait, as agreed (reg 11).
    pub(crate) special_urgency: Option<String>,
}

/// How an agenda item is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Dropped {
    Withdrawn,
    Deferred,
}

/// A meeting, resolved.
#[derive(Debug)]
pub struct Meeting {
    pub slug: String,
    pub(crate) path: String,
    pub(crate) content_path: String,
    pub(crate) file: MeetingFile,
    pub(crate) date: Date,
    pub(crate) start: Option<String>,
    /// When it ends ("16:00"): its `end`, else worked out from the agenda
    /// (see [`schedule::DEFAULT_LENGTH_MINUTES`]); none without a start.
    pub(crate) end: Option<String>,
    /// When its agenda was published, if it says.
    pub(crate) published: Option<Date>,
    /// The date first announced, for a moved meeting.
    pub(crate) previous_date: Option<Date>,
    /// Its supplementary agendas: (number, the day each went out).
    pub(crate) supplements: Vec<(u32, Date)>,
    /// An executive's meeting: when it gave notice of meeting in private.
    pub(crate) private_notice: Option<Date>,
    pub(crate) items: Vec<Item>,
    pub(crate) upcoming: bool,
}

impl Meeting {
    /// The clear working days of notice it needs: its own, else
    /// `[governance] notice_clear_days`, else the jurisdiction's statutory
    /// notice; none if none of them is known (see docs/deadlines.md).
    pub(crate) fn notice(&self, config: &crate::config::SiteConfig) -> Option<u32> {
        self.file
            .notice_clear_days
            .or(config.governance.notice_clear_days)
            .or(config.calendar.jurisdiction.statutory_clear_days())
    }

    /// Its deadlines in `wd`'s working days: the last day to publish its
    /// agenda, and when reports are due (with `[governance]
    /// report_deadline_working_days`); none if no notice is known.
    pub(crate) fn deadlines(
        &self,
        config: &crate::config::SiteConfig,
        wd: &crate::calendar::WorkingDays,
    ) -> Option<Deadlines> {
        let clear = self.notice(config)?;
        let publish = wd.latest_publication(self.date, clear);
        let report_days = config.governance.report_deadline_working_days;
        let reports_due = (report_days > 0).then(|| wd.working_days_before(publish, report_days));
        Some(Deadlines {
            clear,
            publish,
            reports_due,
        })
    }

    /// The items taken (not withdrawn or deferred) that are key decisions.
    pub(crate) fn key_decisions(&self) -> Vec<(&Item, &KeyDecision)> {
        self.items
            .iter()
            .filter(|i| i.dropped.is_none())
            .filter_map(|i| Some((i, i.key_decision.as_ref()?)))
            .collect()
    }

    /// The items taken (not withdrawn or deferred) in private.
    pub(crate) fn private_items(&self) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| i.confidential && i.dropped.is_none())
            .collect()
    }

    /// An executive's notices (SI 2012/2089): the last day to publish
    /// notice of its key decisions, and of meeting in private, counted as
    /// `[governance] executive_notice_counting` says; each none when the
    /// meeting is not an executive's, has no such item, or no notice is
    /// known for the jurisdiction.
    pub(crate) fn executive_deadlines(
        &self,
        config: &crate::config::SiteConfig,
        wd: &crate::calendar::WorkingDays,
    ) -> ExecutiveDeadlines {
        let g = &config.governance;
        let j = config.calendar.jurisdiction;
        let notice = |clear: Option<u32>, any: bool| {
            let clear = clear.filter(|_| any && self.file.executive)?;
            Some(Notice {
                clear,
                publish: wd.latest_publication_by(self.date, clear, g.executive_notice_counting),
            })
        };
        ExecutiveDeadlines {
            key_decisions: notice(g.key_decision_notice(j), !self.key_decisions().is_empty()),
            private: notice(
                g.private_meeting_notice(j),
                !self.private_items().is_empty(),
            ),
        }
    }

    /// Whether it is still to be held as announced or on a new date.
    pub(crate) fn goes_ahead(&self) -> bool {
        matches!(
            self.file.status,
            meeting::MeetingStatus::Scheduled | meeting::MeetingStatus::Moved
        )
    }

    /// The iCalendar SEQUENCE of its event: the `revision` the secretary
    /// raises on each change of time or place, plus the changes its status
    /// records (moved, postponed, cancelled), plus one more for a meeting
    /// moved and then postponed or cancelled.
    pub(crate) fn sequence(&self) -> u32 {
        let status = self.file.status;
        let moved_first = self.previous_date.is_some() && status != meeting::MeetingStatus::Moved;
        self.file.revision + status.changes() + u32::from(moved_first)
    }
}

/// A meeting's deadlines (see [`Meeting::deadlines`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadlines {
    /// The clear working days of notice counted.
    pub(crate) clear: u32,
    /// The last day to publish the agenda.
    pub(crate) publish: Date,
    /// When authors' reports are due, if the body sets a report deadline.
    pub(crate) reports_due: Option<Date>,
}

/// An executive meeting's notices (see [`Meeting::executive_deadlines`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ExecutiveDeadlines {
    /// Of its key decisions (reg 9).
    pub(crate) key_decisions: Option<Notice>,
    /// Of meeting in private (reg 5(2)).
    pub(crate) private: Option<Notice>,
}

/// A notice: the clear days it needs, and the last day to publish it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Notice {
    pub(crate) clear: u32,
    pub(crate) publish: Date,
}

/// What a withheld paper says, for the leak guard: never rendered.
#[derive(Debug, Clone)]
pub(crate) struct Withheld {
    pub(crate) content_path: String,
    /// Passages (title, recommendations, sentences of the body) that must
    /// not appear in the public output.
    pub(crate) passages: Vec<String>,
    /// The whole file is withheld (a confidential paper), not only some
    /// passages of it (a public paper's redactions).
    pub(crate) whole_file: bool,
}

/// Papers and meetings for one edition.
#[derive(Debug, Default)]
pub struct Board {
    pub(crate) papers: Vec<Paper>,
    pub meetings: Vec<Meeting>,
    /// Minutes, in meeting order.
    pub(crate) minutes: Vec<minutes::Minutes>,
    /// Public edition only: confidential papers and redacted passages.
    pub(crate) withheld: Vec<Withheld>,
}

/// What a `ref` shortcode or an agenda needs to know about a paper.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PaperRef {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) reference: Option<String>,
    pub(crate) item: Option<String>,
    /// Root-relative URL of the paper's page; none when withheld.
    pub(crate) url: Option<String>,
    pub(crate) withheld: bool,
}

/// The key of minutes (by their meeting's slug) in the board's pack pages,
/// beside papers' slugs (which hold no `/`).
pub(crate) fn minutes_page_key(slug: &str) -> String {
    format!("minutes/{slug}")
}

/// The text put where a paper's pack page number goes until the board pack
/// has been typeset.
pub(crate) fn pack_page_placeholder(slug: &str) -> String {
    format!("DOSSIERPACKPAGE{}X", slug.replace('-', "Q"))
}

/// What is being built.
#[derive(Debug, Clone, Copy)]
pub struct BoardOptions {
    pub edition: Edition,
    pub drafts: bool,
    pub build_date: Date,
}
pub use inputs::BoardInputs;

/// One page the board publishes, for link checks: (content path, site
/// path, the ids of its headings and footnotes, or none without a body).
pub(crate) type Address<'a> = (&'a str, &'a str, Option<&'a [String]>);

impl Board {
    /// Whether the board publishes nothing (no paper, no meeting).
    pub(crate) fn is_empty(&self) -> bool {
        self.addresses().next().is_none()
    }

    /// The listing pages of the board, which no alias may replace.
    pub(crate) const LISTINGS: [&'static str; 5] = [
        "/papers/",
        "/meetings/",
        "/actions/",
        "/decisions/",
        "/declarations/",
    ];

    /// Every page of the board an `@/` link may name and no other file may
    /// make: papers, then meetings, then minutes.
    pub(crate) fn addresses(&self) -> impl Iterator<Item = Address<'_>> {
        let papers = self.papers.iter().map(|p| {
            let anchors: &[String] = &p.body.anchors;
            (p.content_path.as_str(), p.path.as_str(), Some(anchors))
        });
        let meetings = self
            .meetings
            .iter()
            .map(|m| (m.content_path.as_str(), m.path.as_str(), None));
        let minutes = self.minutes.iter().map(|n| {
            let anchors: &[String] = &n.anchors;
            (n.content_path.as_str(), n.path.as_str(), Some(anchors))
        });
        papers.chain(meetings).chain(minutes)
    }

    /// What the sitemap lists of the board, with the date a page last
    /// changed where known: the listings, papers (dated), meetings, minutes
    /// and their logs; this edition's only, so the public sitemap names no
    /// withheld paper.
    pub(crate) fn sitemap(&self) -> Vec<(String, Option<Date>)> {
        let mut out = Vec::new();
        let minutes = !self.minutes.is_empty();
        let listings = [
            ("/papers/", !self.papers.is_empty()),
            ("/meetings/", !self.meetings.is_empty()),
            ("/actions/", minutes),
            ("/decisions/", minutes),
            ("/declarations/", minutes),
        ];
        for (listing, any) in listings {
            if any {
                out.push((listing.to_string(), None));
            }
        }
        out.extend(self.papers.iter().map(|p| (p.path.clone(), Some(p.date))));
        out.extend(self.meetings.iter().map(|m| (m.path.clone(), None)));
        out.extend(self.minutes.iter().map(|n| (n.path.clone(), None)));
        out
    }

    /// The source of every body of the board, with the offset of its body,
    /// kept for diagnostics found later (a broken link in it, say).
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &SourceText, usize)> {
        let minutes = self
            .minutes
            .iter()
            .map(|n| (n.content_path.as_str(), &n.file, n.body_offset));
        self.papers
            .iter()
            .map(|p| (p.content_path.as_str(), &p.file, p.body_offset))
            .chain(minutes)
    }

    /// What the search index holds of the board: each paper and each
    /// meeting's minutes (this edition's: a withheld paper or minute is not
    /// here), its text cut at `text_limit` characters.
    pub(crate) fn searchable(
        &self,
        text_limit: usize,
    ) -> impl Iterator<Item = crate::render::search::Searchable<'_>> {
        let minutes = self
            .minutes
            .iter()
            .map(move |n| crate::render::search::Searchable {
                title: &n.title,
                path: &n.path,
                kind: "minutes",
                summary: None,
                text: crate::markdown::truncate_chars(&n.plain_text, text_limit),
            });
        self.papers
            .iter()
            .map(move |p| crate::render::search::Searchable {
                title: &p.fm.title,
                path: &p.path,
                kind: "paper",
                summary: p.reference.as_deref(),
                text: crate::markdown::truncate_chars(&p.body.plain_text, text_limit),
            })
            .chain(minutes)
    }

    /// Every rendered body of the board, by content path, whose `@/` links
    /// are filled in with the rest of the site's.
    pub(crate) fn bodies_mut(&mut self) -> impl Iterator<Item = (&str, &mut Rendered)> {
        let minutes = self.minutes.iter_mut().flat_map(|n| {
            let path = n.content_path.as_str();
            n.preamble
                .iter_mut()
                .chain(n.sections.iter_mut().filter_map(|s| s.body.as_mut()))
                .map(move |r| (path, r))
        });
        self.papers
            .iter_mut()
            .map(|p| (p.content_path.as_str(), &mut p.body))
            .chain(minutes)
    }
}

#[cfg(test)]
mod tests;
