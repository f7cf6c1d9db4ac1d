//! An executive's notices as written, checked: key decisions on its agenda
//! and the notice of meeting in private (the Local Authorities (Executive
//! Arrangements) (Meetings and Access to Information) (England)
//! Regulations 2012, SI 2012/2089; see docs/deadlines.md). Whether each
//! notice was given in time is `dossier check`'s (check/executive.rs).

use toml::Spanned;
use toml::value::Datetime;

use crate::board::KeyDecision;
use crate::board::meeting::{AgendaItem, Meeting as MeetingFile};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};

use super::schedule::calendar_date;

/// "a meeting of an executive", for hints.
const NOT_EXECUTIVE_HINT: &str = "key decisions and the notice of meeting in private belong to meetings of an executive (a cabinet): add `executive = true` to the meeting if it is one, or remove the key";

/// A notice's date, checked: a calendar date before the meeting on `date`.
fn notice_date(
    f: &SourceText,
    t: &Spanned<Datetime>,
    key: &str,
    what: &str,
    date: Date,
    problems: &mut Diagnostics,
) -> Option<Date> {
    let d = calendar_date(f, t, key, problems)?;
    if d >= date {
        problems.push(
            Diagnostic::error(format!(
                "{what} is dated {}, not before the meeting on {}",
                d.long(),
                date.long()
            ))
            .at(f, t.span().start)
            .with_hint(format!(
                "`{key}` is the day the notice was published; correct it"
            )),
        );
    }
    Some(d)
}

/// A reason that must say something.
fn reason(
    f: &SourceText,
    s: &Spanned<String>,
    message: String,
    hint: &str,
    problems: &mut Diagnostics,
) -> Option<String> {
    let text = s.get_ref().trim();
    if text.is_empty() {
        problems.push(
            Diagnostic::error(message)
                .at(f, s.span().start)
                .with_hint(hint),
        );
        None
    } else {
        Some(text.to_string())
    }
}

/// Item `number`'s key decision, checked: only on an executive's agenda,
/// its notice keys only on a key decision, each date before the meeting,
/// special urgency with its reason.
pub(super) fn key_decision(
    f: &SourceText,
    item: &AgendaItem,
    number: &str,
    m: &MeetingFile,
    date: Date,
    problems: &mut Diagnostics,
) -> Option<KeyDecision> {
    let marked = item.key_decision.as_ref();
    let notices = [
        (
            "key_decision_notice",
            item.key_decision_notice.as_ref().map(|t| t.span().start),
        ),
        (
            "general_exception",
            item.general_exception.as_ref().map(|t| t.span().start),
        ),
        (
            "special_urgency",
            item.special_urgency.as_ref().map(|t| t.span().start),
        ),
    ];
    if marked.is_none_or(|k| !*k.get_ref()) {
        for (key, at) in notices {
            if let Some(at) = at {
                problems.push(
                    Diagnostic::error(format!(
                        "item {number} has `{key}` but is not a key decision"
                    ))
                    .at(f, at)
                    .with_hint(format!(
                        "add `key_decision = true` to the item, or remove `{key}`"
                    )),
                );
            }
        }
        return None;
    }
    let marked = marked?;
    if !m.executive {
        problems.push(
            Diagnostic::error(format!(
                "item {number} is a key decision, but the meeting is not a meeting of an executive"
            ))
            .at(f, marked.span().start)
            .with_hint(NOT_EXECUTIVE_HINT),
        );
        return None;
    }
    let notice = item.key_decision_notice.as_ref().and_then(|t| {
        let what = format!("the notice of the key decision at item {number}");
        notice_date(f, t, "key_decision_notice", &what, date, problems)
    });
    let general_exception = item.general_exception.as_ref().and_then(|t| {
        let what = format!("the general exception notice of item {number}");
        notice_date(f, t, "general_exception", &what, date, problems)
    });
    let special_urgency = item.special_urgency.as_ref().and_then(|s| {
        reason(
            f,
            s,
            format!("item {number} is taken under special urgency without a reason"),
            "give the reason it cannot wait, which the chair of overview and scrutiny agreed, like `special_urgency = \"the grant must be accepted by 31 December\"`",
            problems,
        )
    });
    Some(KeyDecision {
        notice,
        general_exception,
        special_urgency,
    })
}

/// The meeting's notice of meeting in private, checked: only for an
/// executive, before the meeting, urgency with its reason. Returns the
/// day the notice went out.
pub(super) fn private_notice(
    f: &SourceText,
    m: &MeetingFile,
    date: Date,
    problems: &mut Diagnostics,
) -> Option<Date> {
    if !m.executive {
        let keys = [
            (
                "private_notice",
                m.private_notice.as_ref().map(|t| t.span().start),
            ),
            (
                "private_urgency",
                m.private_urgency.as_ref().map(|t| t.span().start),
            ),
        ];
        for (key, at) in keys {
            if let Some(at) = at {
                problems.push(
                    Diagnostic::error(format!(
                        "`{key}` is set, but the meeting is not a meeting of an executive"
                    ))
                    .at(f, at)
                    .with_hint(NOT_EXECUTIVE_HINT),
                );
            }
        }
        return None;
    }
    if let Some(s) = &m.private_urgency {
        reason(
            f,
            s,
            "`private_urgency` gives no reason".to_string(),
            "give the reason the private part cannot wait, which the chair of overview and scrutiny agreed, like `private_urgency = \"the bid closes on 20 January\"`",
            problems,
        );
    }
    m.private_notice.as_ref().and_then(|t| {
        notice_date(
            f,
            t,
            "private_notice",
            "the notice of meeting in private",
            date,
            problems,
        )
    })
}
