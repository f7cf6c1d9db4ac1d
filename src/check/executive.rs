//! The notices an executive gives in England (the Local Authorities
//! (Executive Arrangements) (Meetings and Access to Information) (England)
//! Regulations 2012, SI 2012/2089): of each key decision, 28 clear days
//! before it is taken (reg 9), unless taken under the general exception
//! (reg 10, 5 clear days' notice to the chair of overview and scrutiny) or
//! special urgency (reg 11); and of meeting in private, 28 clear days
//! before (reg 5(2)), unless the chair agreed it is urgent (reg 5(6)).
//! For each upcoming meeting: when those notices are due (notes); a notice
//! given late, or not said to be given by its last day (warnings). See
//! docs/deadlines.md.

use crate::board::Meeting;
use crate::board::meeting::AgendaItem;
use crate::calendar::{Counting, WorkingDays};
use crate::dates::Date;
use crate::diagnostic::Diagnostic;

use super::deadlines::{at_meeting, day};
use super::governance::Context;
use super::{Finding, Level};

/// The clear days that must elapse between the general exception's notice
/// and the decision (SI 2012/2089 reg 10(1)(d)).
pub(crate) const GENERAL_EXCEPTION_CLEAR_DAYS: u32 = 5;

/// How a notice's clear days are counted, and what it needs.
struct Rule {
    wd: WorkingDays,
    counting: Counting,
}

impl Rule {
    fn clear(&self, from: Date, to: Date) -> u32 {
        self.wd.clear_days_by(from, to, self.counting)
    }

    /// "28 clear days", "28 clear working days".
    fn days(&self, n: u32) -> String {
        self.counting.clear_days_phrase(n)
    }
}

/// "items 5 and 6", "item 5".
fn items_phrase(numbers: &[&str]) -> String {
    match numbers {
        [one] => format!("item {one}"),
        [rest @ .., last] => format!("items {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// The agenda item `number` as written in the meeting's file.
fn written<'a>(meeting: &'a Meeting, number: &str) -> Option<&'a AgendaItem> {
    meeting
        .file
        .agenda
        .iter()
        .map(|i| i.get_ref())
        .find(|i| i.item.get_ref().trim() == number)
}

/// A diagnostic at the start of `key`'s value in item `number` (else at
/// the item).
fn at_item(
    cx: &Context,
    meeting: &Meeting,
    number: &str,
    at: Option<usize>,
    d: Diagnostic,
) -> Diagnostic {
    let item_at = written(meeting, number).map(|i| i.item.span().start);
    match ((cx.read)(&meeting.content_path), at.or(item_at)) {
        (Some(file), Some(at)) => d.at(&file, at),
        _ => at_meeting(cx, meeting, "date", d),
    }
}

/// A warning that the executive notice `what` has no number of days.
fn no_notice(cx: &Context, meeting: &Meeting, what: &str, key: &str) -> Finding {
    let d = Diagnostic::warning(format!(
        "no notice of {what} is set for the executive meeting on {}",
        day(meeting.date)
    ))
    .with_hint(format!("dossier knows the 28 days of SI 2012/2089 for England only: set `{key}` under [governance] in dossier.toml to your jurisdiction's or standing orders' notice"));
    Finding::new(
        "meeting-deadlines",
        Level::Warning,
        at_meeting(cx, meeting, "executive", d),
    )
}

/// Key decisions: when their notice is due, and whether it was given.
fn key_decisions(cx: &Context, rule: &Rule, meeting: &Meeting, findings: &mut Vec<Finding>) {
    let items = meeting.key_decisions();
    if items.is_empty() {
        return;
    }
    let Some(due) = meeting
        .executive_deadlines(&cx.site.config, &rule.wd)
        .key_decisions
    else {
        findings.push(no_notice(
            cx,
            meeting,
            "key decisions",
            "key_decision_notice_clear_days",
        ));
        return;
    };
    let (need, latest) = (due.clear, due.publish);
    if meeting.upcoming {
        let numbers: Vec<&str> = items.iter().map(|(i, _)| i.number.as_str()).collect();
        let plural = if numbers.len() == 1 {
            "decision"
        } else {
            "decisions"
        };
        let d = Diagnostic::warning(format!(
            "notice of the key {plural} at {} must be published by {} ({} before the meeting on {})",
            items_phrase(&numbers),
            day(latest),
            rule.days(need),
            day(meeting.date)
        ));
        findings.push(Finding::new(
            "meeting-deadlines",
            Level::Note,
            at_meeting(cx, meeting, "date", d),
        ));
    }
    for (item, key) in items {
        let file = written(meeting, &item.number);
        let span = |f: fn(&AgendaItem) -> Option<usize>| file.and_then(f);
        if key.special_urgency.is_some() {
            continue;
        }
        if let Some(given) = key.general_exception {
            let clear = rule.clear(given, meeting.date);
            if clear < GENERAL_EXCEPTION_CLEAR_DAYS {
                let d = Diagnostic::warning(format!(
                    "the general exception notice of item {} was given on {}, {} before the meeting on {}; it needs {GENERAL_EXCEPTION_CLEAR_DAYS}",
                    item.number,
                    day(given),
                    rule.days(clear),
                    day(meeting.date)
                ))
                .with_hint("if the decision cannot wait, take it under special urgency with the agreement of the chair of overview and scrutiny (`special_urgency = \"why it cannot wait\"`, reg 11), or defer it (see docs/deadlines.md)");
                let at = span(|i| i.general_exception.as_ref().map(|t| t.span().start));
                findings.push(Finding::new(
                    "key-decision-notice",
                    Level::Warning,
                    at_item(cx, meeting, &item.number, at, d),
                ));
            }
            continue;
        }
        let exceptions = format!(
            "if {need} days' notice was impracticable, the decision may be taken under the general exception (`general_exception = <the day the chair of overview and scrutiny was told>`, 5 clear days before, reg 10) or special urgency (`special_urgency = \"why it cannot wait\"`, reg 11); or defer it (see docs/deadlines.md)"
        );
        match key.notice {
            Some(given) => {
                let clear = rule.clear(given, meeting.date);
                if clear >= need {
                    continue;
                }
                let d = Diagnostic::warning(format!(
                    "the notice of the key decision at item {} was published on {}, {} before the meeting on {}; it needs {need}",
                    item.number,
                    day(given),
                    rule.days(clear),
                    day(meeting.date)
                ))
                .with_hint(format!("publish notice by {} for {}; {exceptions}", day(latest), rule.days(need)));
                let at = span(|i| i.key_decision_notice.as_ref().map(|t| t.span().start));
                findings.push(Finding::new(
                    "key-decision-notice",
                    Level::Warning,
                    at_item(cx, meeting, &item.number, at, d),
                ));
            }
            None if meeting.upcoming && cx.site.build_date > latest => {
                let d = Diagnostic::warning(format!(
                    "the last day to publish notice of the key decision at item {} was {}, and the item does not say it was published",
                    item.number,
                    day(latest)
                ))
                .with_hint(format!("if it was, say when: `key_decision_notice = {}`; {exceptions}", latest));
                let at = span(|i| i.key_decision.as_ref().map(|t| t.span().start));
                findings.push(Finding::new(
                    "key-decision-notice",
                    Level::Warning,
                    at_item(cx, meeting, &item.number, at, d),
                ));
            }
            None => {}
        }
    }
}

/// Meeting in private: when its notice is due, and whether it was given.
fn private_meeting(cx: &Context, rule: &Rule, meeting: &Meeting, findings: &mut Vec<Finding>) {
    let numbers: Vec<&str> = meeting
        .private_items()
        .iter()
        .map(|i| i.number.as_str())
        .collect();
    if numbers.is_empty() {
        return;
    }
    let Some(due) = meeting
        .executive_deadlines(&cx.site.config, &rule.wd)
        .private
    else {
        findings.push(no_notice(
            cx,
            meeting,
            "meeting in private",
            "private_meeting_notice_clear_days",
        ));
        return;
    };
    let (need, latest) = (due.clear, due.publish);
    let what = items_phrase(&numbers);
    if meeting.upcoming {
        let d = Diagnostic::warning(format!(
            "notice of the intention to meet in private ({what}) must be published by {} ({} before the meeting on {})",
            day(latest),
            rule.days(need),
            day(meeting.date)
        ));
        findings.push(Finding::new(
            "meeting-deadlines",
            Level::Note,
            at_meeting(cx, meeting, "date", d),
        ));
    }
    if meeting.file.private_urgency.is_some() {
        return;
    }
    let urgency = format!(
        "if {need} days' notice was impracticable, the private part may be held only if the chair of overview and scrutiny agrees it is urgent and cannot reasonably be deferred (`private_urgency = \"why\"`, reg 5(6)); or take the item at a later meeting (see docs/deadlines.md)"
    );
    match meeting.private_notice {
        Some(given) => {
            let clear = rule.clear(given, meeting.date);
            if clear >= need {
                return;
            }
            let d = Diagnostic::warning(format!(
                "the notice of meeting in private ({what}) was published on {}, {} before the meeting on {}; it needs {need}",
                day(given),
                rule.days(clear),
                day(meeting.date)
            ))
            .with_hint(format!("publish notice by {} for {}; {urgency}", day(latest), rule.days(need)));
            findings.push(Finding::new(
                "private-meeting-notice",
                Level::Warning,
                at_meeting(cx, meeting, "private_notice", d),
            ));
        }
        None if meeting.upcoming && cx.site.build_date > latest => {
            let d = Diagnostic::warning(format!(
                "the last day to publish notice of meeting in private ({what}) was {}, and the meeting does not say it was published",
                day(latest)
            ))
            .with_hint(format!("if it was, say when: `private_notice = {}`; {urgency}", latest));
            findings.push(Finding::new(
                "private-meeting-notice",
                Level::Warning,
                at_meeting(cx, meeting, "executive", d),
            ));
        }
        None => {}
    }
}

/// Run the executive notices' lints on every executive meeting that goes
/// ahead (not cancelled or postponed).
pub(crate) fn run(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    let config = &cx.site.config;
    let rule = Rule {
        wd: config.calendar.working_days(),
        counting: config.governance.executive_notice_counting,
    };
    for meeting in &cx.site.board.meetings {
        if !meeting.file.executive || !meeting.goes_ahead() {
            continue;
        }
        key_decisions(cx, &rule, meeting, &mut findings);
        private_meeting(cx, &rule, meeting, &mut findings);
    }
    findings
}
