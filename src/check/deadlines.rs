//! The deadlines of a meeting cycle, counted in clear working days
//! ([`crate::calendar`]): for each upcoming meeting, when its agenda must be
//! published and when its reports are due (notes, always printed); an agenda
//! or a paper published with less notice than the meeting needs (warnings,
//! with the dates and the holidays the count skipped). See docs/deadlines.md.

use crate::board::Meeting;
use crate::board::meeting::MeetingStatus;
use crate::calendar::{WorkingDays, describe_skipped, weekday_name};
use crate::dates::Date;
use crate::diagnostic::Diagnostic;

use super::governance::{Context, front_matter_key};
use super::{Finding, Level};

/// "Tuesday 29 December 2026".
pub(super) fn day(date: Date) -> String {
    format!("{} {}", weekday_name(date), date.long())
}

/// Byte offset of the line setting `key` at the top of a TOML file.
fn toml_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// A diagnostic placed at `key` of the meeting's file.
pub(super) fn at_meeting(cx: &Context, meeting: &Meeting, key: &str, d: Diagnostic) -> Diagnostic {
    match (cx.read)(&meeting.content_path) {
        Some(file) => {
            let at = toml_key(&file.text, key).unwrap_or(0);
            d.at(&file, at)
        }
        None => d.in_file(crate::load::project_path(&meeting.content_path)),
    }
}

/// " (5 clear working days; 25 and 28 December are bank holidays)".
fn because(clear: u32, skipped: &str) -> String {
    let days = if clear == 1 { "day" } else { "days" };
    if skipped.is_empty() {
        format!(" ({clear} clear working {days})")
    } else {
        format!(" ({clear} clear working {days}; {skipped})")
    }
}

/// "4 clear working days before the meeting on Tuesday 29 December 2026
/// (25 and 28 December are bank holidays)".
fn short_by(clear: u32, skipped: &str, what: &str, meeting: Date) -> String {
    let days = if clear == 1 { "day" } else { "days" };
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!(" ({skipped})")
    };
    format!(
        "{clear} clear working {days} before {what} on {}{skipped}",
        day(meeting)
    )
}

/// A warning when the shipped bank holidays do not reach `dates`.
fn beyond_holidays(wd: &WorkingDays, dates: &[Date]) -> Option<String> {
    dates.iter().any(|d| !wd.covers(*d)).then(|| {
        format!(
            "dossier knows bank holidays up to {} only, so this count skips weekends and your closed days alone; check it against the published list",
            wd.last_year()
        )
    })
}

/// For every upcoming meeting that goes ahead: when its agenda must be
/// published, and when its reports are due.
fn meeting_deadlines(cx: &Context, findings: &mut Vec<Finding>) {
    let wd = cx.site.config.calendar.working_days();
    for meeting in &cx.site.board.meetings {
        if !meeting.upcoming || !meeting.goes_ahead() {
            continue;
        }
        let Some(due) = meeting.deadlines(&cx.site.config, &wd) else {
            let d = Diagnostic::warning(format!(
                "no notice is set for the meeting on {}",
                day(meeting.date)
            ))
            .with_hint("dossier has no statutory notice for Northern Ireland built in: set `notice_clear_days` under [governance] in dossier.toml, or in the meeting file");
            findings.push(Finding::new(
                "meeting-deadlines",
                Level::Warning,
                at_meeting(cx, meeting, "date", d),
            ));
            continue;
        };
        let skipped = describe_skipped(&wd.skipped(due.publish, meeting.date));
        let mut message = format!(
            "agenda for {} must be published by {}{}",
            day(meeting.date),
            day(due.publish),
            because(due.clear, &skipped)
        );
        let mut dates = vec![due.publish, meeting.date];
        if let Some(reports) = due.reports_due {
            let n = cx.site.config.governance.report_deadline_working_days;
            dates.push(reports);
            message.push_str(&format!(
                "; reports are due by {} ({n} working {} before)",
                day(reports),
                if n == 1 { "day" } else { "days" }
            ));
        }
        findings.push(Finding::new(
            "meeting-deadlines",
            Level::Note,
            at_meeting(cx, meeting, "date", Diagnostic::warning(message)),
        ));
        // A count past the shipped holidays is not silently trusted.
        if let Some(why) = beyond_holidays(&wd, &dates) {
            let d = Diagnostic::warning(format!(
                "the deadlines of the meeting on {} may be wrong",
                day(meeting.date)
            ))
            .with_note(why)
            .with_hint("add that year's bank holidays to `extra_closed_days` under [calendar] in dossier.toml, or update dossier");
            findings.push(Finding::new(
                "meeting-deadlines",
                Level::Warning,
                at_meeting(cx, meeting, "date", d),
            ));
        }
    }
}

/// Meetings whose agenda was published (`published`) with less notice than
/// they need.
fn meeting_notice(cx: &Context, findings: &mut Vec<Finding>) {
    let wd = cx.site.config.calendar.working_days();
    for meeting in &cx.site.board.meetings {
        let (Some(published), Some(need)) = (meeting.published, meeting.notice(&cx.site.config))
        else {
            continue;
        };
        if meeting.file.status == MeetingStatus::Cancelled || published >= meeting.date {
            continue;
        }
        let clear = wd.clear_days(published, meeting.date);
        if clear >= need {
            continue;
        }
        let skipped = describe_skipped(&wd.skipped(published, meeting.date));
        let latest = wd.latest_publication(meeting.date, need);
        let mut d = Diagnostic::warning(format!(
            "the agenda was published on {}, {}; it needs {need}",
            day(published),
            short_by(clear, &skipped, "the meeting", meeting.date)
        ))
        .with_hint(format!(
            "publish by {} for {need} clear working days, or move the meeting; an item that cannot wait may be taken as urgent, with the chair's reason (see docs/deadlines.md)",
            day(latest)
        ));
        if let Some(warning) = beyond_holidays(&wd, &[published, meeting.date]) {
            d = d.with_note(warning);
        }
        findings.push(Finding::new(
            "meeting-notice",
            Level::Warning,
            at_meeting(cx, meeting, "published", d),
        ));
    }
}

/// Papers published with less notice than their meeting needs: published
/// on their own `published` date, else with the meeting's agenda, else (a
/// meeting that does not say) on the paper's date.
fn paper_notice(cx: &Context, findings: &mut Vec<Finding>) {
    let wd = cx.site.config.calendar.working_days();
    for paper in &cx.site.board.papers {
        let Some(meeting) = paper
            .meeting
            .as_ref()
            .and_then(|m| cx.site.board.meetings.iter().find(|x| &x.slug == m))
        else {
            continue;
        };
        let Some(need) = meeting.notice(&cx.site.config) else {
            continue;
        };
        if meeting.file.status == MeetingStatus::Cancelled {
            continue;
        }
        let item = meeting
            .items
            .iter()
            .find(|i| i.paper.as_deref() == Some(paper.slug.as_str()));
        // Urgent business is taken with the chair's reason, whatever its
        // notice; a withdrawn or deferred item is not taken.
        if item.is_some_and(|i| i.urgent.is_some() || i.dropped.is_some()) {
            continue;
        }
        let supplement = item
            .and_then(|i| i.supplement)
            .and_then(|n| meeting.supplements.iter().find(|s| s.0 == n))
            .map(|s| s.1);
        // A paper out with the agenda is the agenda's breach, reported once.
        let (published, key) = match (paper.published, supplement, meeting.published) {
            (Some(p), _, _) => (p, "published"),
            (None, Some(s), _) => (s, "supplement"),
            (None, None, Some(_)) => continue,
            (None, None, None) => (paper.date, "date"),
        };
        let clear = wd.clear_days(published, meeting.date);
        if clear >= need {
            continue;
        }
        let skipped = describe_skipped(&wd.skipped(published, meeting.date));
        let what = match key {
            "published" => "published",
            "supplement" => "published in a supplementary agenda on",
            _ => "dated",
        };
        let d = Diagnostic::warning(format!(
            "this paper is {what} {}, {}; the meeting needs {need}",
            day(published),
            short_by(clear, &skipped, "its meeting", meeting.date)
        ))
        .with_hint(format!(
            "papers should reach members by {} ({need} clear working days before); publish earlier, or take the item as urgent with the chair's reason; the notice is `notice_clear_days` under [governance] in dossier.toml (see docs/deadlines.md)",
            day(wd.latest_publication(meeting.date, need))
        ));
        let at_key = if key == "supplement" { "meeting" } else { key };
        let at = front_matter_key(&paper.file.text, at_key).unwrap_or(0);
        findings.push(Finding::new(
            "paper-notice",
            Level::Warning,
            d.at(&paper.file, at),
        ));
    }
}

/// Run every deadline lint.
pub(crate) fn run(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    meeting_deadlines(cx, &mut findings);
    meeting_notice(cx, &mut findings);
    paper_notice(cx, &mut findings);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_top_level_key_of_a_meeting_file_only() {
        let text = "title = \"T\"\n  date = 2026-12-10\n[[agenda]]\ndate = 1\n";
        assert_eq!(toml_key(text, "date"), Some(text.find("date").unwrap()));
        assert_eq!(toml_key(text, "published"), None);
        assert_eq!(toml_key("dated = 1\n", "date"), None);
    }
}
