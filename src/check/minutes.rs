//! What `dossier check` says of minutes: actions overdue as of the build
//! date (notes: information for the secretary, not a reason to hold back
//! publication), draft minutes the body's next meeting has not approved,
//! and a paper for decision or approval whose minutes record no decision
//! (warnings). See docs/minutes.md.

use crate::board::minutes::{ActionStatus, Minutes, MinutesStatus};
use crate::board::paper::Purpose;
use crate::diagnostic::Diagnostic;

use super::deadlines::day;
use super::governance::{Context, front_matter_key};
use super::{Finding, Level};

/// A diagnostic in the minutes' file, at `needle` (else at `meeting =`).
fn at_minutes(n: &Minutes, needle: Option<&str>, d: Diagnostic) -> Diagnostic {
    let at = needle
        .and_then(|s| n.file.text.find(s))
        .or_else(|| front_matter_key(&n.file.text, "meeting"))
        .unwrap_or(0);
    d.at(&n.file, at)
}

/// Open actions due before the build date.
fn overdue(cx: &Context, findings: &mut Vec<Finding>) {
    let today = cx.site.build_date;
    for n in &cx.site.board.minutes {
        for a in n
            .actions
            .iter()
            .filter(|a| a.status == ActionStatus::Open && a.due < today)
        {
            let d = Diagnostic::warning(format!(
                "action {} ({}) was due on {} and is still open",
                a.reference,
                a.owner,
                day(a.due)
            ))
            .with_hint("record progress in the next minutes with `[[action_updates]]` (`status = \"done\"`, or `\"open\"` with a note and a new date in it)");
            findings.push(Finding::new(
                "action-overdue",
                Level::Note,
                d.at(&n.file, a.at),
            ));
        }
    }
}

/// Draft minutes whose body has met again since, without approving them.
fn unapproved(cx: &Context, findings: &mut Vec<Finding>) {
    let meetings = &cx.site.board.meetings;
    for n in cx
        .site
        .board
        .minutes
        .iter()
        .filter(|n| n.status == MinutesStatus::Draft)
    {
        let minuted = &meetings[n.meeting];
        let next = meetings.iter().find(|m| {
            m.file.body == minuted.file.body
                && m.date > minuted.date
                && m.goes_ahead()
                && m.date < cx.site.build_date
        });
        if let Some(next) = next {
            let d = Diagnostic::warning(format!(
                "the minutes of the meeting on {} are still a draft, though the {} met again on {}",
                day(minuted.date),
                minuted.file.body,
                day(next.date)
            ))
            .with_hint(format!(
                "if that meeting approved them, set `status = \"approved\"` and `approved_at = \"{}\"`; if not, put them on the agenda of the next meeting",
                next.slug
            ));
            findings.push(Finding::new(
                "minutes-approval",
                Level::Warning,
                at_minutes(n, Some("status"), d),
            ));
        }
    }
}

/// Papers for decision or approval, on the agenda of minuted meetings,
/// with no decision recorded on their item.
fn undecided(cx: &Context, findings: &mut Vec<Finding>) {
    for n in &cx.site.board.minutes {
        let meeting = &cx.site.board.meetings[n.meeting];
        for item in &meeting.items {
            let Some(purpose) = item.purpose else {
                continue;
            };
            let needs = matches!(purpose, Purpose::Decision | Purpose::Approval);
            let withheld = n
                .sections
                .iter()
                .any(|s| s.item == item.number && s.withheld);
            if !needs
                || item.dropped.is_some()
                || withheld
                || n.decisions.iter().any(|d| d.item == item.number)
            {
                continue;
            }
            let d = Diagnostic::warning(format!(
                "item {} ({}) was for {}, but the minutes record no decision on it",
                item.number,
                item.title,
                purpose.as_str()
            ))
            .with_hint(format!(
                "add `[[decisions]]` with `item = \"{}\"` and the resolution; if the board made none (it deferred the item, say), say so in the item's minute and record that as the decision",
                item.number
            ));
            findings.push(Finding::new(
                "minutes-decision",
                Level::Warning,
                at_minutes(n, None, d),
            ));
        }
    }
}

/// Run every minutes lint.
pub(crate) fn run(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    overdue(cx, &mut findings);
    unapproved(cx, &mut findings);
    undecided(cx, &mut findings);
    findings
}
