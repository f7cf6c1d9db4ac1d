//! Minutes as open data: `meetings/<slug>/minutes.json`, beside the
//! meeting's Open Civic Data Event (which links to it): the decisions, each
//! with its vote in the shape of a Popolo `VoteEvent` (organization,
//! result, counts, recorded votes), the actions with their updates, and the
//! declarations of interest. Made from the same view as the page, so it
//! holds what the page shows (and the leak guard reads it).

use serde::Serialize;

use super::view::{ActionView, DecisionView, MinutesView};
use super::{ActionStatus, MinutesStatus};
use crate::board::minutes::file::VoteOption;

#[derive(Serialize)]
pub(crate) struct MinutesData<'a> {
    meeting: &'a str,
    /// The meeting's `meeting.json`.
    event: String,
    status: MinutesStatus,
    /// The page of the meeting that approved them.
    approved_at: Option<String>,
    url: String,
    decisions: Vec<DecisionData<'a>>,
    actions: Vec<ActionData<'a>>,
    /// Updates given at this meeting to actions of earlier meetings.
    action_updates: Vec<UpdateData<'a>>,
    interests: Vec<InterestData<'a>>,
}

#[derive(Serialize)]
struct DecisionData<'a> {
    identifier: &'a str,
    agenda_item: &'a str,
    text: &'a str,
    url: String,
    paper: Option<String>,
    /// A Popolo VoteEvent, when the vote was counted.
    vote_event: Option<VoteEvent<'a>>,
}

/// A Popolo VoteEvent (https://www.popoloproject.com/specs/vote-event.html).
#[derive(Serialize)]
struct VoteEvent<'a> {
    identifier: String,
    motion: Motion<'a>,
    organization: Organization<'a>,
    start_date: String,
    /// "pass" or "fail".
    result: &'static str,
    counts: Vec<Count>,
    votes: Vec<Vote<'a>>,
}

#[derive(Serialize)]
struct Motion<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Count {
    /// "yes", "no" or "abstain".
    option: &'static str,
    value: u32,
}

#[derive(Serialize)]
struct Vote<'a> {
    voter: Voter<'a>,
    option: &'static str,
}

#[derive(Serialize)]
struct Voter<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct ActionData<'a> {
    identifier: &'a str,
    agenda_item: &'a str,
    text: &'a str,
    owner: &'a str,
    due: String,
    status: ActionStatus,
    overdue: bool,
    url: String,
}

#[derive(Serialize)]
struct UpdateData<'a> {
    action: &'a str,
    status: ActionStatus,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct InterestData<'a> {
    agenda_item: &'a str,
    member: &'a str,
    interest: &'a str,
    kind: Option<&'a str>,
    action: Option<&'a str>,
}

fn option(v: VoteOption) -> &'static str {
    match v {
        VoteOption::For => "yes",
        VoteOption::Against => "no",
        VoteOption::Abstain => "abstain",
    }
}

fn decision<'a>(
    d: &'a DecisionView,
    absolute: &dyn Fn(&str) -> String,
    start: &str,
) -> DecisionData<'a> {
    let vote_event = (d.vote.is_some() || !d.recorded_votes.is_empty()).then(|| {
        let counts = match &d.vote {
            Some(v) => vec![
                Count {
                    option: "yes",
                    value: v.for_,
                },
                Count {
                    option: "no",
                    value: v.against,
                },
                Count {
                    option: "abstain",
                    value: v.abstain,
                },
            ],
            None => ["yes", "no", "abstain"]
                .into_iter()
                .map(|o| Count {
                    option: o,
                    value: d
                        .recorded_votes
                        .iter()
                        .filter(|r| option(r.vote) == o)
                        .count() as u32,
                })
                .collect(),
        };
        let carried = match &d.vote {
            Some(v) => v.result == "carried",
            None => counts[0].value > counts[1].value,
        };
        VoteEvent {
            identifier: format!("{}/vote", d.reference),
            motion: Motion { text: &d.text },
            organization: Organization {
                name: &d.meeting.body,
            },
            start_date: start.to_string(),
            result: if carried { "pass" } else { "fail" },
            counts,
            votes: d
                .recorded_votes
                .iter()
                .map(|r| Vote {
                    voter: Voter { name: &r.member },
                    option: option(r.vote),
                })
                .collect(),
        }
    });
    DecisionData {
        identifier: &d.reference,
        agenda_item: &d.item,
        text: &d.text,
        url: absolute(&d.url),
        paper: d.paper.as_ref().map(|p| absolute(&p.url)),
        vote_event,
    }
}

fn action<'a>(a: &'a ActionView, absolute: &dyn Fn(&str) -> String) -> ActionData<'a> {
    ActionData {
        identifier: &a.reference,
        agenda_item: &a.item,
        text: &a.text,
        owner: &a.owner,
        due: a.due.to_string(),
        status: a.status,
        overdue: a.overdue,
        url: absolute(&a.url),
    }
}

/// The open data of one meeting's minutes; `absolute` makes a page's
/// address absolute, `start` is the meeting's start with its offset.
pub(crate) fn minutes_data<'a>(
    m: &'a MinutesView,
    absolute: &dyn Fn(&str) -> String,
    start: &str,
) -> MinutesData<'a> {
    let sections = || m.sections.iter();
    MinutesData {
        meeting: &m.meeting.slug,
        event: absolute(&format!("{}meeting.json", m.meeting.url)),
        status: m.status,
        approved_at: m.approved_at.as_ref().map(|a| absolute(&a.url)),
        url: absolute(&m.url),
        decisions: sections()
            .flat_map(|s| s.decisions.iter())
            .map(|d| decision(d, absolute, start))
            .collect(),
        actions: sections()
            .flat_map(|s| s.actions.iter())
            .map(|a| action(a, absolute))
            .collect(),
        action_updates: m
            .updates
            .iter()
            .map(|u| UpdateData {
                action: &u.action,
                status: u.status,
                note: u.note.as_deref(),
            })
            .collect(),
        interests: sections()
            .flat_map(|s| s.interests.iter())
            .map(|i| InterestData {
                agenda_item: &i.item,
                member: &i.member,
                interest: &i.interest,
                kind: i.kind.as_deref(),
                action: i.action.as_deref(),
            })
            .collect(),
    }
}
