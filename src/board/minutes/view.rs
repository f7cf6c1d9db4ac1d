//! What templates see of minutes (`MinutesView`), and of the logs made
//! from every meeting's minutes: the action log, the decision log and the
//! declarations of interest, grouped by body (documented in
//! docs/templates.md).

use serde::Serialize;

use crate::board::view::MeetingLink;
use crate::dates::Date;
use crate::model::Site;

use super::{Action, ActionStatus, Attendee, MinutesStatus, RecordedVote, item_anchor};

/// How many voted each way, and the result.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VoteView {
    #[serde(rename = "for")]
    pub(crate) for_: u32,
    pub(crate) against: u32,
    pub(crate) abstain: u32,
    /// "carried" or "lost".
    pub(crate) result: &'static str,
    /// The votes were equal and the chair's casting vote decided.
    pub(crate) casting: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PaperLink {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecisionView {
    pub(crate) reference: String,
    pub(crate) item: String,
    pub(crate) item_title: String,
    /// The item's minute.
    pub(crate) url: String,
    pub(crate) text: String,
    pub(crate) vote: Option<VoteView>,
    pub(crate) recorded_votes: Vec<RecordedVote>,
    pub(crate) paper: Option<PaperLink>,
    pub(crate) meeting: MeetingLink,
    pub(crate) confidential: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct UpdateView {
    pub(crate) action: String,
    pub(crate) status: ActionStatus,
    pub(crate) status_label: &'static str,
    pub(crate) note: Option<String>,
    pub(crate) meeting: MeetingLink,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActionView {
    pub(crate) reference: String,
    pub(crate) item: String,
    pub(crate) item_title: String,
    pub(crate) url: String,
    pub(crate) owner: String,
    pub(crate) due: Date,
    pub(crate) text: String,
    pub(crate) status: ActionStatus,
    pub(crate) status_label: &'static str,
    /// Open and due before the build date.
    pub(crate) overdue: bool,
    pub(crate) updates: Vec<UpdateView>,
    pub(crate) meeting: MeetingLink,
    pub(crate) confidential: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct InterestView {
    pub(crate) item: String,
    pub(crate) item_title: String,
    pub(crate) url: String,
    pub(crate) member: String,
    pub(crate) interest: String,
    pub(crate) kind: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) meeting: MeetingLink,
    pub(crate) confidential: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    pub(crate) item: String,
    pub(crate) anchor: String,
    pub(crate) title: String,
    pub(crate) content: Option<String>,
    /// Public edition: not for publication.
    pub(crate) withheld: bool,
    pub(crate) exemption: Option<String>,
    pub(crate) confidential: bool,
    pub(crate) paper: Option<PaperLink>,
    pub(crate) decisions: Vec<DecisionView>,
    pub(crate) actions: Vec<ActionView>,
    pub(crate) interests: Vec<InterestView>,
}

/// A meeting's minutes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MinutesView {
    pub(crate) url: String,
    pub(crate) pdf_url: String,
    pub(crate) meeting: MeetingLink,
    pub(crate) status: MinutesStatus,
    pub(crate) approved_at: Option<MeetingLink>,
    pub(crate) chair: Option<String>,
    pub(crate) present: Vec<Attendee>,
    pub(crate) apologies: Vec<Attendee>,
    pub(crate) in_attendance: Vec<Attendee>,
    pub(crate) preamble: Option<String>,
    pub(crate) sections: Vec<SectionView>,
    /// Matters arising: updates given at this meeting to earlier actions.
    pub(crate) updates: Vec<UpdateView>,
    pub(crate) edition: &'static str,
    pub(crate) extra: toml::Table,
}

/// One body's part of a log.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BodyLog<T> {
    pub(crate) body: String,
    pub(crate) entries: Vec<T>,
}

fn link(site: &Site, index: usize) -> MeetingLink {
    let m = &site.board.meetings[index];
    MeetingLink {
        slug: m.slug.clone(),
        title: m.file.title.clone(),
        body: m.file.body.clone(),
        url: site.config.url(&m.path),
        date: m.date,
    }
}

fn meeting_index(site: &Site, slug: &str) -> usize {
    site.board
        .meetings
        .iter()
        .position(|m| m.slug == slug)
        .expect("minutes name meetings that exist")
}

/// Item `number` of meeting `mi`: its title and its paper, if published.
fn item_of(site: &Site, mi: usize, number: &str) -> (String, Option<PaperLink>) {
    let m = &site.board.meetings[mi];
    let item = m.items.iter().find(|i| i.number == number);
    let paper = item
        .and_then(|i| i.paper.as_ref())
        .and_then(|slug| site.board.papers.iter().find(|p| &p.slug == slug))
        .map(|p| PaperLink {
            title: p.fm.title.clone(),
            url: site.config.url(&p.path),
            reference: p.reference.clone(),
        });
    (item.map(|i| i.title.clone()).unwrap_or_default(), paper)
}

fn item_url(site: &Site, mi: usize, number: &str) -> String {
    let m = &site.board.meetings[mi];
    format!(
        "{}#{}",
        site.config.url(&format!("{}minutes/", m.path)),
        item_anchor(number)
    )
}

fn update_view(site: &Site, u: &super::ActionUpdate) -> UpdateView {
    UpdateView {
        action: u.action.clone(),
        status: u.status,
        status_label: u.status.label(),
        note: u.note.clone(),
        meeting: link(site, meeting_index(site, &u.meeting)),
    }
}

pub(crate) fn action_view(site: &Site, a: &Action) -> ActionView {
    let mi = meeting_index(site, &a.meeting);
    let (item_title, _) = item_of(site, mi, &a.item);
    ActionView {
        reference: a.reference.clone(),
        url: item_url(site, mi, &a.item),
        item: a.item.clone(),
        item_title,
        owner: a.owner.clone(),
        due: a.due,
        text: a.text.clone(),
        status: a.status,
        status_label: a.status.label(),
        overdue: a.status == ActionStatus::Open && a.due < site.build_date,
        updates: a
            .updates
            .iter()
            .filter(|u| !(u.confidential && site.edition == crate::board::Edition::Public))
            .map(|u| update_view(site, u))
            .collect(),
        meeting: link(site, mi),
        confidential: a.confidential,
    }
}

/// The view of minutes `index`.
pub(crate) fn minutes(site: &Site, index: usize) -> MinutesView {
    let n = &site.board.minutes[index];
    let mi = n.meeting;
    let meeting = &site.board.meetings[mi];
    let sections = n
        .sections
        .iter()
        .map(|s| {
            let (_, paper) = item_of(site, mi, &s.item);
            let item = meeting.items.iter().find(|i| i.number == s.item);
            SectionView {
                anchor: item_anchor(&s.item),
                item: s.item.clone(),
                title: s.title.clone(),
                content: s.body.as_ref().map(|b| b.html.clone()),
                withheld: s.withheld,
                exemption: item
                    .filter(|i| i.confidential)
                    .and_then(|i| i.exemption.clone()),
                confidential: s.confidential,
                paper,
                decisions: n
                    .decisions
                    .iter()
                    .filter(|d| d.item == s.item)
                    .map(|d| decision_view(site, mi, d))
                    .collect(),
                actions: n
                    .actions
                    .iter()
                    .filter(|a| a.item == s.item)
                    .map(|a| action_view(site, a))
                    .collect(),
                interests: n
                    .interests
                    .iter()
                    .filter(|i| i.item == s.item)
                    .map(|i| interest_view(site, mi, i))
                    .collect(),
            }
        })
        .collect();
    MinutesView {
        url: site.config.url(&n.path),
        pdf_url: site.config.url(&format!("{}minutes.pdf", meeting.path)),
        meeting: link(site, mi),
        status: n.status,
        approved_at: n
            .approved_at
            .as_ref()
            .map(|a| link(site, meeting_index(site, a))),
        chair: meeting.file.chair.clone(),
        present: n.present.clone(),
        apologies: n.apologies.clone(),
        in_attendance: n.in_attendance.clone(),
        preamble: n.preamble.as_ref().map(|p| p.html.clone()),
        sections,
        updates: n.updates.iter().map(|u| update_view(site, u)).collect(),
        edition: site.edition.as_str(),
        extra: n.extra.clone(),
    }
}

fn decision_view(site: &Site, mi: usize, d: &super::Decision) -> DecisionView {
    let (item_title, paper) = item_of(site, mi, &d.item);
    DecisionView {
        reference: d.reference.clone(),
        url: item_url(site, mi, &d.item),
        item: d.item.clone(),
        item_title,
        text: d.text.clone(),
        vote: d.vote.map(|v| VoteView {
            for_: v.for_,
            against: v.against,
            abstain: v.abstain,
            result: if v.carried() { "carried" } else { "lost" },
            casting: v.for_ == v.against && v.casting.is_some(),
        }),
        recorded_votes: d.recorded_votes.clone(),
        paper,
        meeting: link(site, mi),
        confidential: d.confidential,
    }
}

fn interest_view(site: &Site, mi: usize, i: &super::Interest) -> InterestView {
    let (item_title, _) = item_of(site, mi, &i.item);
    InterestView {
        url: item_url(site, mi, &i.item),
        item: i.item.clone(),
        item_title,
        member: i.member.clone(),
        interest: i.interest.clone(),
        kind: i.kind.clone(),
        action: i.action.clone(),
        meeting: link(site, mi),
        confidential: i.confidential,
    }
}

/// Group `entries` by the body of their meeting, bodies in name order.
fn by_body<T: Clone>(entries: Vec<(String, T)>) -> Vec<BodyLog<T>> {
    let mut logs: std::collections::BTreeMap<String, Vec<T>> = std::collections::BTreeMap::new();
    for (body, e) in entries {
        logs.entry(body).or_default().push(e);
    }
    logs.into_iter()
        .map(|(body, entries)| BodyLog { body, entries })
        .collect()
}

/// Every action of every meeting, by body: overdue, then open, then
/// finished, each by due date.
pub(crate) fn action_log(site: &Site) -> Vec<BodyLog<ActionView>> {
    let mut all: Vec<ActionView> = site
        .board
        .minutes
        .iter()
        .flat_map(|n| n.actions.iter())
        .map(|a| action_view(site, a))
        .collect();
    let rank = |a: &ActionView| match (a.overdue, a.status.is_finished()) {
        (true, _) => 0,
        (false, false) => 1,
        (false, true) => 2,
    };
    all.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(a.due.cmp(&b.due))
            .then(super::reference_key(&a.reference).cmp(&super::reference_key(&b.reference)))
    });
    by_body(
        all.into_iter()
            .map(|a| (a.meeting.body.clone(), a))
            .collect(),
    )
}

/// Every decision, by body, latest meeting first.
pub(crate) fn decision_log(site: &Site) -> Vec<BodyLog<DecisionView>> {
    let mut all = Vec::new();
    for n in site.board.minutes.iter().rev() {
        for d in &n.decisions {
            all.push(decision_view(site, n.meeting, d));
        }
    }
    by_body(
        all.into_iter()
            .map(|d| (d.meeting.body.clone(), d))
            .collect(),
    )
}

/// Every declaration of interest, by body, latest meeting first.
pub(crate) fn declarations(site: &Site) -> Vec<BodyLog<InterestView>> {
    let mut all = Vec::new();
    for n in site.board.minutes.iter().rev() {
        for i in &n.interests {
            all.push(interest_view(site, n.meeting, i));
        }
    }
    by_body(
        all.into_iter()
            .map(|i| (i.meeting.body.clone(), i))
            .collect(),
    )
}
