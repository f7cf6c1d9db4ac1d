//! Meetings: `content/meetings/<slug>.toml`, a meeting and its agenda.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::paper::Purpose;

/// One agenda item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgendaItem {
    /// "7" or "7.1": unique, in order.
    pub(crate) item: Spanned<String>,
    /// Required unless the item has a paper (which gives it).
    pub(crate) title: Option<String>,
    /// Slug of a paper in content/papers/.
    pub(crate) paper: Option<Spanned<String>>,
    /// Earlier minutes this item takes (the meeting's slug, as their file
    /// in content/minutes/ is named): they go in this meeting's pack.
    pub(crate) minutes: Option<Spanned<String>>,
    /// A role title.
    pub(crate) lead: Option<String>,
    /// Start time: `14:20:00` or `"14:20"`.
    pub(crate) time: Option<Spanned<toml::Value>>,
    pub(crate) duration_minutes: Option<u32>,
    /// Default: the paper's purpose.
    pub(crate) purpose: Option<Purpose>,
    /// The supplementary agenda it was published in (1, 2, ...), one of the
    /// meeting's `[[supplement]]`s: it is left out of the main pack, which
    /// keeps its page numbers, and goes in `supplement-<n>.pdf`.
    pub(crate) supplement: Option<Spanned<u32>>,
    /// Urgent business: the chair's reason it cannot wait (the "special
    /// circumstances" of s100B(4)(b)), shown on the agenda.
    pub(crate) urgent: Option<Spanned<String>>,
    /// Withdrawn from the agenda, with why: shown as such, not in the pack.
    pub(crate) withdrawn: Option<Spanned<String>>,
    /// Deferred to a later meeting, with why: shown as such, not in the pack.
    pub(crate) deferred: Option<Spanned<String>>,
    /// A key decision of an executive (SI 2012/2089 reg 9): shown on the
    /// agenda; its notice is checked.
    pub(crate) key_decision: Option<Spanned<bool>>,
    /// The day the notice of the key decision was published (in the
    /// forward plan): at least 28 clear days before in England.
    pub(crate) key_decision_notice: Option<Spanned<toml::value::Datetime>>,
    /// The day the chair of overview and scrutiny was told and the notice
    /// published, when 28 days' notice was impracticable (reg 10, the
    /// general exception): at least 5 clear days before.
    pub(crate) general_exception: Option<Spanned<toml::value::Datetime>>,
    /// Why the decision could not wait, agreed by the chair of overview and
    /// scrutiny (reg 11, special urgency).
    pub(crate) special_urgency: Option<Spanned<String>>,
}

/// A supplementary agenda: items published after the agenda.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Supplement {
    /// 1, 2, ... as items name it.
    pub(crate) number: Spanned<u32>,
    /// The day it went out.
    pub(crate) published: Spanned<toml::value::Datetime>,
}

/// A meeting as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Meeting {
    /// Required, e.g. "Joint Health and Wellbeing Board".
    pub(crate) body: String,
    /// Slug of the organisation whose body this is (a file in
    /// content/organisations/): its logo and colour brand the board pack's
    /// cover. Default none.
    pub(crate) organisation: Option<Spanned<String>>,
    /// Short code used in paper references, e.g. "JHWB".
    pub(crate) body_code: Option<String>,
    /// Required, e.g. "Meeting in public, December 2026".
    pub(crate) title: String,
    /// Required.
    pub(crate) date: Spanned<toml::value::Datetime>,
    /// Start time: `14:00:00` or `"14:00"`.
    pub(crate) start: Option<Spanned<toml::Value>>,
    /// End time, likewise; default: the end of the last timed agenda item,
    /// else two hours after the start.
    pub(crate) end: Option<Spanned<toml::Value>>,
    /// Required.
    pub(crate) location: String,
    /// When the agenda was published (checked against the notice).
    pub(crate) published: Option<Spanned<toml::value::Datetime>>,
    /// Clear working days of notice for this meeting, if not the
    /// `[governance]` one (an NHS board's standing orders).
    pub(crate) notice_clear_days: Option<u32>,
    #[serde(default)]
    pub(crate) status: MeetingStatus,
    /// The date the meeting was to be held on, for `status = "moved"`.
    pub(crate) previous_date: Option<Spanned<toml::value::Datetime>>,
    /// Why it was cancelled, postponed or moved.
    pub(crate) reason: Option<String>,
    /// Raise by one each time the date, time or place is changed after the
    /// meeting was first published: calendar apps take the event with the
    /// highest SEQUENCE as the latest (see docs/deadlines.md).
    #[serde(default)]
    pub(crate) revision: u32,
    /// A meeting of an executive (a cabinet, or the like) in England: the
    /// notices of key decisions and of meeting in private apply (SI
    /// 2012/2089).
    #[serde(default)]
    pub(crate) executive: bool,
    /// The day the notice of the intention to hold (part of) the meeting in
    /// private was published (reg 5(2)): at least 28 clear days before.
    pub(crate) private_notice: Option<Spanned<toml::value::Datetime>>,
    /// Why the private part could not wait for 28 days' notice, agreed by
    /// the chair of overview and scrutiny (reg 5(6)).
    pub(crate) private_urgency: Option<Spanned<String>>,
    /// A role title.
    pub(crate) chair: Option<String>,
    #[serde(default)]
    pub(crate) agenda: Vec<Spanned<AgendaItem>>,
    /// Supplementary agendas, `[[supplement]] number = 1, published = ...`.
    #[serde(default)]
    pub(crate) supplement: Vec<Supplement>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

/// Whether a meeting goes ahead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MeetingStatus {
    #[default]
    Scheduled,
    Cancelled,
    /// Put off to a date not yet set.
    Postponed,
    /// Held on another date than first announced (`previous_date`).
    Moved,
}

impl MeetingStatus {
    /// The iCalendar STATUS of the meeting's event.
    pub(crate) fn ics(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled | MeetingStatus::Moved => "CONFIRMED",
            MeetingStatus::Cancelled => "CANCELLED",
            MeetingStatus::Postponed => "TENTATIVE",
        }
    }

    /// The schema.org eventStatus.
    pub(crate) fn schema_org(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "https://schema.org/EventScheduled",
            MeetingStatus::Cancelled => "https://schema.org/EventCancelled",
            MeetingStatus::Postponed => "https://schema.org/EventPostponed",
            MeetingStatus::Moved => "https://schema.org/EventRescheduled",
        }
    }

    /// The changes the status itself records since the first announcement,
    /// for the event's SEQUENCE: a moved, postponed or cancelled meeting is
    /// one change on.
    pub(crate) fn changes(self) -> u32 {
        match self {
            MeetingStatus::Scheduled => 0,
            MeetingStatus::Postponed | MeetingStatus::Moved | MeetingStatus::Cancelled => 1,
        }
    }
}
