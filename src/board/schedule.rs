//! A meeting's schedule as written, checked: times of day (`14:00:00` or
//! `"14:00"`), when it ends, when its agenda and supplementary agendas went
//! out, whether it moved, and each item's urgency, withdrawal or deferral.

use crate::board::Item;
use crate::board::meeting::{AgendaItem, Meeting as MeetingFile};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};

/// How long a meeting with a start time and nothing else to go by lasts.
pub(crate) const DEFAULT_LENGTH_MINUTES: u32 = 120;

/// When a meeting ends: its `end`; else the end of its last agenda item
/// (withdrawn and deferred ones left out) with a time and a duration, or the start plus every item's duration;
/// else two hours after its start. None without a start time.
pub(super) fn meeting_end(
    f: &SourceText,
    m: &MeetingFile,
    start: Option<&str>,
    items: &[Item],
    problems: &mut Diagnostics,
) -> Option<String> {
    let start_min = minutes_of(start?)?;
    if let Some(end) = &m.end {
        let written = time_of(f, end, "end", problems)?;
        if minutes_of(&written)? <= start_min {
            problems.push(
                Diagnostic::error(format!(
                    "the meeting ends at {written}, not after it starts"
                ))
                .at(f, end.span().start)
                .with_hint("give `end` a time after `start` on the same day"),
            );
            return None;
        }
        return Some(written);
    }
    let mut end = start_min;
    let mut known = false;
    let mut clock = start_min;
    for item in items.iter().filter(|i| i.dropped.is_none()) {
        if let Some(t) = item.time.as_deref().and_then(minutes_of) {
            clock = t;
        }
        if let Some(d) = item.duration_minutes {
            clock += d;
            known = true;
        }
        end = end.max(clock);
    }
    if !known {
        end = start_min + DEFAULT_LENGTH_MINUTES;
    }
    let end = end.min(23 * 60 + 59);
    Some(format!("{:02}:{:02}", end / 60, end % 60))
}

/// An item's urgency, withdrawal or deferral, checked: each says why, an
/// item is not both withdrawn and deferred, and a supplement it names is
/// one of the meeting's.
pub(super) fn item_state(
    f: &SourceText,
    item: &AgendaItem,
    m: &MeetingFile,
    resolved: &mut Item,
    problems: &mut Diagnostics,
) {
    use crate::board::Dropped;
    let reason = |s: &toml::Spanned<String>, what: &str, problems: &mut Diagnostics| {
        let text = s.get_ref().trim();
        if text.is_empty() {
            problems.push(
                Diagnostic::error(format!("item {} is {what} without a reason", resolved.number))
                    .at(f, s.span().start)
                    .with_hint(match what {
                        "urgent" => "give the chair's reason it cannot wait, like `urgent = \"the contract must be signed by 31 December\"`: it is shown on the agenda and recorded in the minutes".to_string(),
                        _ => format!("say why, like `{what} = \"the report will come to the March meeting\"`"),
                    }),
            );
            None
        } else {
            Some(text.to_string())
        }
    };
    if let Some(u) = &item.urgent {
        resolved.urgent = reason(u, "urgent", problems);
    }
    match (&item.withdrawn, &item.deferred) {
        (Some(w), Some(_)) => problems.push(
            Diagnostic::error(format!("item {} is both withdrawn and deferred", resolved.number))
                .at(f, w.span().start)
                .with_hint("keep `deferred` if it goes to a later meeting, `withdrawn` if it will not come back"),
        ),
        (Some(w), None) => {
            resolved.dropped = reason(w, "withdrawn", problems).map(|r| (Dropped::Withdrawn, r));
        }
        (None, Some(d)) => {
            resolved.dropped = reason(d, "deferred", problems).map(|r| (Dropped::Deferred, r));
        }
        (None, None) => {}
    }
    if let Some(n) = &item.supplement
        && !m
            .supplement
            .iter()
            .any(|s| s.number.get_ref() == n.get_ref())
    {
        problems.push(
            Diagnostic::error(format!(
                "item {} is in supplementary agenda {}, which the meeting does not list",
                resolved.number,
                n.get_ref()
            ))
            .at(f, n.span().start)
            .with_hint(format!(
                "add `[[supplement]]` with `number = {}` and the day it was published, like `published = 2026-12-07`",
                n.get_ref()
            )),
        );
    }
}

/// The meeting's supplementary agendas, checked: numbered once each, and
/// published before the meeting.
pub(super) fn supplement_dates(
    f: &SourceText,
    m: &MeetingFile,
    date: Date,
    problems: &mut Diagnostics,
) -> Vec<(u32, Date)> {
    let mut out: Vec<(u32, Date)> = Vec::new();
    for s in &m.supplement {
        let n = *s.number.get_ref();
        let Some(day) =
            Date::from_toml(s.published.get_ref()).filter(|_| s.published.get_ref().time.is_none())
        else {
            problems.push(
                Diagnostic::error("a supplement's `published` must be a calendar date")
                    .at(f, s.published.span().start)
                    .with_hint("write it like `published = 2026-12-07`"),
            );
            continue;
        };
        if out.iter().any(|(k, _)| *k == n) {
            problems.push(
                Diagnostic::error(format!("supplementary agenda {n} is listed twice"))
                    .at(f, s.number.span().start)
                    .with_hint("number supplements 1, 2, ... once each"),
            );
            continue;
        }
        if day >= date {
            problems.push(
                Diagnostic::error(format!(
                    "supplementary agenda {n} is published on {}, not before the meeting on {}",
                    day.long(),
                    date.long()
                ))
                .at(f, s.published.span().start)
                .with_hint("business published on or after the day of the meeting cannot be on its agenda; take it at the next meeting"),
            );
        }
        out.push((n, day));
    }
    out.sort();
    out
}

/// A meeting's `published` and `previous_date`, checked: the agenda comes
/// out before the meeting; a moved meeting says where from, and only it.
pub(super) fn meeting_dates(
    f: &SourceText,
    m: &MeetingFile,
    date: Date,
    problems: &mut Diagnostics,
) -> (Option<Date>, Option<Date>) {
    use crate::board::meeting::MeetingStatus;
    let published = m.published.as_ref().and_then(|p| {
        let d = calendar_date(f, p, "published", problems)?;
        if d >= date {
            problems.push(
                Diagnostic::error(format!(
                    "the agenda is published on {}, not before the meeting on {}",
                    d.long(),
                    date.long()
                ))
                .at(f, p.span().start)
                .with_hint("`published` is the day the agenda and papers went out; correct it"),
            );
        }
        Some(d)
    });
    let previous = m
        .previous_date
        .as_ref()
        .and_then(|p| calendar_date(f, p, "previous_date", problems));
    if m.status == MeetingStatus::Moved && m.previous_date.is_none() {
        let at = f.text.find("status").unwrap_or(0);
        problems.push(
            Diagnostic::error("a moved meeting needs the date it was moved from")
                .at(f, at)
                .with_hint(
                    "add `previous_date = 2026-12-03` (the date first announced), and a `reason`",
                ),
        );
    }
    if let (Some(p), Some(written)) = (previous, &m.previous_date)
        && p == date
    {
        problems.push(
            Diagnostic::error("`previous_date` is the meeting's date")
                .at(f, written.span().start)
                .with_hint("give the date first announced, or remove `previous_date` if the meeting did not move"),
        );
    }
    (published, previous)
}

/// The date `key` gives, which must be a calendar date (no time).
pub(super) fn calendar_date(
    f: &SourceText,
    t: &toml::Spanned<toml::value::Datetime>,
    key: &str,
    problems: &mut Diagnostics,
) -> Option<Date> {
    let d = Date::from_toml(t.get_ref()).filter(|_| t.get_ref().time.is_none());
    if d.is_none() {
        problems.push(
            Diagnostic::error(format!("`{key}` must be a calendar date"))
                .at(f, t.span().start)
                .with_hint(format!("write it like `{key} = 2026-12-01`")),
        );
    }
    d
}

/// A time of day written as a TOML time (`14:00:00`) or a string
/// (`"14:00"`), as "14:00".
pub(super) fn time_of(
    f: &SourceText,
    t: &toml::Spanned<toml::Value>,
    key: &str,
    problems: &mut Diagnostics,
) -> Option<String> {
    let parsed = match t.get_ref() {
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (None, Some(time)) => Some((time.hour, time.minute)),
            _ => None,
        },
        toml::Value::String(s) => parse_hhmm(s),
        _ => None,
    };
    match parsed {
        Some((h, m)) => Some(format!("{h:02}:{m:02}")),
        None => {
            problems.push(
                Diagnostic::error(format!("`{key}` must be a time of day, like 14:00"))
                    .at(f, t.span().start)
                    .with_hint(format!(
                        "write it like `{key} = \"14:00\"` (24-hour clock) or `{key} = 14:00:00`"
                    )),
            );
            None
        }
    }
}

/// "9:30", "14:00" or "14:00:00" as (hour, minute).
fn parse_hhmm(s: &str) -> Option<(u8, u8)> {
    let mut parts = s.trim().split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    if let Some(sec) = parts.next()
        && (sec.len() != 2 || sec.parse::<u8>().ok()? > 59)
    {
        return None;
    }
    if parts.next().is_some() || !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Minutes since midnight of "14:00".
pub(crate) fn minutes_of(hhmm: &str) -> Option<u32> {
    let (h, m) = crate::calendar::zone::hh_mm(hhmm)?;
    Some(u32::from(h) * 60 + u32::from(m))
}
