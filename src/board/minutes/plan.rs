//! Minutes checked against their meetings before any Markdown is rendered:
//! the meeting exists and has happened, approval came at a later meeting,
//! every decision, action and declaration is on an item of the agenda,
//! every action has an owner and a due date, and every update is to an
//! action of earlier minutes that is still open. References are made here
//! (see [`reference_code`]), the same in both editions.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use crate::board::meeting::MeetingStatus;
use crate::board::{Meeting, agenda::stem};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, no_such};
use crate::load::MarkdownFile;

use super::file::{ActionStatus, Attendee, MinutesFrontMatter, MinutesStatus};
use super::{Action, ActionUpdate, Decision, Interest};

/// Minutes checked, not yet rendered.
#[derive(Debug)]
pub(crate) struct PlannedMinutes {
    pub(crate) source: MarkdownFile<MinutesFrontMatter>,
    /// Index of the meeting in the board's (date-ordered) meetings.
    pub(crate) meeting: usize,
    pub(crate) status: MinutesStatus,
    pub(crate) approved_at: Option<String>,
    pub(crate) decisions: Vec<Decision>,
    pub(crate) actions: Vec<Action>,
    pub(crate) updates: Vec<ActionUpdate>,
    pub(crate) interests: Vec<Interest>,
}

/// The code references start with: the meeting's `body_code`, else the
/// initials of the capitalised words of its body ("Joint Health and
/// Wellbeing Board" gives "JHWB").
pub(crate) fn body_code(m: &Meeting) -> String {
    m.file.body_code.clone().unwrap_or_else(|| {
        m.file
            .body
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect()
    })
}

/// "JHWB/26/12": what a meeting's action and decision references start
/// with; a later meeting of the same body in the same month adds its day
/// ("JHWB/26/12-17"), and a later one on the same day a count as well
/// ("JHWB/26/12-17-2"), so that the first keeps its references. Cancelled
/// meetings, which have no minutes, are not counted.
pub(crate) fn reference_code(meetings: &[Meeting], index: usize) -> String {
    let m = &meetings[index];
    let code = body_code(m);
    let month = format!(
        "{code}/{:02}/{:02}",
        m.date.year.rem_euclid(100),
        m.date.month
    );
    let earlier: Vec<&Meeting> = meetings
        .iter()
        .take(index)
        .filter(|o| o.file.status != MeetingStatus::Cancelled && body_code(o) == code)
        .filter(|o| o.date.year == m.date.year && o.date.month == m.date.month)
        .collect();
    let same_day = earlier.iter().filter(|o| o.date == m.date).count();
    if earlier.is_empty() {
        month
    } else if same_day == 0 {
        format!("{month}-{:02}", m.date.day)
    } else {
        format!("{month}-{:02}-{}", m.date.day, same_day + 1)
    }
}

/// A diagnostic at `offset` of the front matter.
fn at(f: &MarkdownFile<MinutesFrontMatter>, offset: usize, d: Diagnostic) -> Diagnostic {
    d.at(&f.file, f.front_matter_offset + offset)
}

/// Check every minutes file against the meetings, collecting every problem.
pub(crate) fn plan(
    files: Vec<MarkdownFile<MinutesFrontMatter>>,
    meetings: &[Meeting],
    known_meetings: &BTreeSet<&str>,
    build_date: Date,
    problems: &mut Diagnostics,
) -> Vec<PlannedMinutes> {
    let index: BTreeMap<&str, usize> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.slug.as_str(), i))
        .collect();
    let mut planned = Vec::new();
    for f in files {
        let fm = &f.front_matter;
        let slug = fm.meeting.get_ref().as_str();
        let Some(&mi) = index.get(slug) else {
            if !known_meetings.contains(slug) {
                let naming =
                    "minutes name their meeting by its file name, content/meetings/<slug>.toml";
                let d = no_such("meeting", slug, known_meetings.iter().copied(), naming);
                problems.push(at(&f, fm.meeting.span().start, d));
            }
            continue;
        };
        let meeting = &meetings[mi];
        let file_stem = stem(&f.content_path);
        if file_stem != slug {
            problems.push(at(
                &f,
                fm.meeting.span().start,
                Diagnostic::error(format!(
                    "these minutes are in {file_stem}.md but name the meeting \"{slug}\""
                ))
                .with_hint(format!(
                    "name the file content/minutes/{slug}.md: one minutes file per meeting, named after it"
                )),
            ));
        }
        if meeting.date > build_date {
            problems.push(at(
                &f,
                fm.meeting.span().start,
                Diagnostic::error(format!(
                    "the meeting on {} has not happened yet, so it has no minutes",
                    meeting.date.long()
                ))
                .with_hint("write the minutes after the meeting; until then keep them out of the build with `draft = true`"),
            ));
        } else if meeting.file.status == MeetingStatus::Cancelled {
            problems.push(at(
                &f,
                fm.meeting.span().start,
                Diagnostic::error(format!(
                    "the meeting on {} was cancelled, so it has no minutes",
                    meeting.date.long()
                ))
                .with_hint("remove these minutes, or correct the meeting's `status`"),
            ));
        }
        let status = fm
            .status
            .as_ref()
            .map_or(MinutesStatus::Draft, |s| *s.get_ref());
        let approved_at = approval(
            &f,
            meetings,
            &index,
            (mi, build_date),
            status,
            known_meetings,
            problems,
        );
        for list in [&fm.present, &fm.apologies, &fm.in_attendance] {
            attendees(&f, list, problems);
        }
        let code = reference_code(meetings, mi);
        let on_agenda = |item: &Spanned<String>, what: &str, problems: &mut Diagnostics| {
            let number = item.get_ref().trim();
            if meeting.items.iter().any(|i| i.number == number) {
                return Some(number.to_string());
            }
            let listed: Vec<&str> = meeting.items.iter().map(|i| i.number.as_str()).collect();
            problems.push(at(
                &f,
                item.span().start,
                Diagnostic::error(format!("{what} is on item \"{number}\", which is not on the agenda of the meeting on {}", meeting.date.long()))
                    .with_hint(format!("use one of the agenda's items: {}", listed.join(", "))),
            ));
            None
        };
        let confidential = |number: &str| {
            meeting
                .items
                .iter()
                .any(|i| i.number == number && i.confidential)
        };
        let mut decisions = Vec::new();
        for (n, d) in fm.decisions.iter().enumerate() {
            let dv = d.get_ref();
            let Some(item) = on_agenda(&dv.item, "a decision", problems) else {
                continue;
            };
            if dv.text.get_ref().trim().is_empty() {
                problems.push(at(&f, dv.text.span().start, Diagnostic::error("a decision with no text")
                    .with_hint("write the resolution, like `text = \"RESOLVED: that the board approves the joint appointment.\"`")));
                continue;
            }
            decisions.push(Decision {
                reference: format!("{code}/D{}", n + 1),
                confidential: confidential(&item),
                item,
                text: dv.text.get_ref().trim().to_string(),
                vote: dv.vote,
                recorded_votes: dv.recorded_votes.clone(),
            });
        }
        let mut actions = Vec::new();
        for (n, a) in fm.actions.iter().enumerate() {
            let av = a.get_ref();
            let reference = format!("{code}/A{}", n + 1);
            let item = on_agenda(&av.item, &format!("action {reference}"), problems);
            let owner = av
                .owner
                .as_ref()
                .map(|o| o.get_ref().trim())
                .filter(|o| !o.is_empty());
            if owner.is_none() {
                let place = av.owner.as_ref().map_or(a.span().start, |o| o.span().start);
                problems.push(at(&f, place, Diagnostic::error(format!("action {reference} has no owner"))
                    .with_hint("say who will do it, by role title, like `owner = \"Director of Public Health\"`")));
            }
            let due = match &av.due {
                None => {
                    problems.push(at(
                        &f,
                        a.span().start,
                        Diagnostic::error(format!("action {reference} has no due date"))
                            .with_hint("say when it is due, like `due = 2027-01-31`"),
                    ));
                    None
                }
                Some(d) => {
                    let day = Date::from_toml(d.get_ref()).filter(|_| d.get_ref().time.is_none());
                    if day.is_none() {
                        problems.push(at(
                            &f,
                            d.span().start,
                            Diagnostic::error("`due` must be a calendar date")
                                .with_hint("write it like `due = 2027-01-31`"),
                        ));
                    }
                    day
                }
            };
            if let (Some(item), Some(owner), Some(due)) = (item, owner, due) {
                actions.push(Action {
                    reference,
                    confidential: confidential(&item),
                    item,
                    owner: owner.to_string(),
                    due,
                    text: av.text.get_ref().trim().to_string(),
                    meeting: meeting.slug.clone(),
                    status: ActionStatus::Open,
                    updates: Vec::new(),
                    at: f.front_matter_offset + av.text.span().start,
                });
            }
        }
        let mut interests = Vec::new();
        for i in &fm.interests {
            let iv = i.get_ref();
            if let Some(item) = on_agenda(&iv.item, "a declaration of interest", problems) {
                interests.push(Interest {
                    confidential: confidential(&item),
                    item,
                    member: iv.member.clone(),
                    interest: iv.interest.clone(),
                    kind: iv.kind.clone(),
                    action: iv.action.clone(),
                });
            }
        }
        planned.push(PlannedMinutes {
            meeting: mi,
            status,
            approved_at,
            decisions,
            actions,
            updates: Vec::new(),
            interests,
            source: f,
        });
    }
    planned.sort_by_key(|p| p.meeting);
    carry_actions(&mut planned, meetings, problems);
    planned
}

/// `approved_at` checked: set exactly when the minutes are approved, a
/// meeting that exists, comes after the one minuted and has been held.
fn approval(
    f: &MarkdownFile<MinutesFrontMatter>,
    meetings: &[Meeting],
    index: &BTreeMap<&str, usize>,
    (mi, build_date): (usize, Date),
    status: MinutesStatus,
    known_meetings: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) -> Option<String> {
    let fm = &f.front_matter;
    let status_at = fm.status.as_ref().map_or(0, |s| s.span().start);
    match (&fm.approved_at, status) {
        (None, MinutesStatus::Approved) => {
            problems.push(at(f, status_at, Diagnostic::error("approved minutes need the meeting that approved them")
                .with_hint("add `approved_at = \"<slug of that meeting>\"`, the meeting whose agenda took these minutes")));
            None
        }
        (Some(a), MinutesStatus::Draft) => {
            problems.push(at(f, a.span().start, Diagnostic::error("draft minutes have `approved_at`")
                .with_hint("set `status = \"approved\"` once the meeting has approved them, or remove `approved_at`")));
            None
        }
        (None, MinutesStatus::Draft) => None,
        (Some(a), MinutesStatus::Approved) => {
            let slug = a.get_ref().as_str();
            let Some(&ai) = index.get(slug) else {
                if !known_meetings.contains(slug) {
                    let naming = "`approved_at` names a meeting by its file name, content/meetings/<slug>.toml";
                    problems.push(at(
                        f,
                        a.span().start,
                        no_such("meeting", slug, known_meetings.iter().copied(), naming),
                    ));
                }
                return None;
            };
            let (minuted, approving) = (&meetings[mi], &meetings[ai]);
            if approving.date <= minuted.date {
                problems.push(at(f, a.span().start, Diagnostic::error(format!(
                    "these minutes are approved at the meeting on {}, which is not after the meeting they minute ({})",
                    approving.date.long(),
                    minuted.date.long()
                ))
                .with_hint("minutes are approved at a later meeting: name it in `approved_at`")));
            } else if approving.date > build_date {
                problems.push(at(f, a.span().start, Diagnostic::error(format!(
                    "these minutes are approved at the meeting on {}, which has not happened yet",
                    approving.date.long()
                ))
                .with_hint("keep `status = \"draft\"` until that meeting has approved them")));
            }
            Some(slug.to_string())
        }
    }
}

/// Every attendee has a name or a role.
fn attendees(
    f: &MarkdownFile<MinutesFrontMatter>,
    list: &[Spanned<Attendee>],
    problems: &mut Diagnostics,
) {
    for a in list {
        let v = a.get_ref();
        let given = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !given(&v.name) && !given(&v.role) {
            problems.push(at(f, a.span().start, Diagnostic::error("an attendee with neither a name nor a role")
                .with_hint("write them like `{ role = \"Director of Public Health\", organisation = \"Knowsley Council\" }`")));
        }
    }
}

/// Updates to actions, in meeting order: each to an action of earlier
/// minutes that is not yet finished; the action then takes its status.
fn carry_actions(planned: &mut [PlannedMinutes], meetings: &[Meeting], problems: &mut Diagnostics) {
    // Reference to (minutes index, action index).
    let mut known: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // Every action's reference, to its meeting's date.
    let every: BTreeMap<String, crate::dates::Date> = planned
        .iter()
        .flat_map(|p| {
            p.actions
                .iter()
                .map(|a| (a.reference.clone(), meetings[p.meeting].date))
        })
        .collect();
    for pi in 0..planned.len() {
        let meeting = &meetings[planned[pi].meeting];
        let updates = planned[pi].source.front_matter.action_updates.clone();
        for u in &updates {
            let uv = u.get_ref();
            let reference = uv.action.get_ref().trim().to_string();
            let Some(&(ai_m, ai)) = known.get(&reference) else {
                if let Some(set) = every.get(&reference) {
                    let d = Diagnostic::error(format!(
                        "action {reference} was set at the meeting on {}, not before this one",
                        set.long()
                    ))
                    .with_hint("minutes update actions of earlier meetings; record what was done at that meeting in its own minutes' `[[actions]]`, or in later minutes");
                    problems.push(at(&planned[pi].source, uv.action.span().start, d));
                    continue;
                }
                let naming = "an update names an action of earlier minutes by its reference, like \"JHWB/26/12/A1\"";
                let d = no_such(
                    "action",
                    &reference,
                    known.keys().map(String::as_str),
                    naming,
                );
                problems.push(at(&planned[pi].source, uv.action.span().start, d));
                continue;
            };
            let status = *uv.status.get_ref();
            let action = &planned[ai_m].actions[ai];
            if action.status.is_finished() {
                let when = action
                    .updates
                    .last()
                    .map(|u: &ActionUpdate| u.date.long())
                    .unwrap_or_default();
                let d = Diagnostic::error(format!(
                    "action {reference} was already marked {} at the meeting on {when}",
                    action.status.label().to_lowercase()
                ))
                .with_hint(
                    "an action is finished once; if more is to be done, record a new action",
                );
                problems.push(at(&planned[pi].source, uv.action.span().start, d));
                continue;
            }
            let update = ActionUpdate {
                confidential: action.confidential,
                action: reference,
                status,
                note: uv.note.clone(),
                meeting: meeting.slug.clone(),
                date: meeting.date,
            };
            let action = &mut planned[ai_m].actions[ai];
            action.status = status;
            action.updates.push(update.clone());
            planned[pi].updates.push(update);
        }
        for (ai, a) in planned[pi].actions.iter().enumerate() {
            known.insert(a.reference.clone(), (pi, ai));
        }
    }
}
