//! iCalendar (RFC 5545) files: CRLF line endings, lines folded at 75
//! octets, text escaped, stable UIDs, and DTSTAMP from the build date so that
//! the same sources give the same bytes. A timed event (a meeting) is written
//! in UTC, converted from the project's time zone, so every calendar app
//! shows it at the right hour on either side of a clock change; an all-day
//! event (a closing date) is a date.

use crate::calendar::zone::Zone;
use crate::dates::Date;

/// One event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Unique and stable across builds, e.g. "role-slug-2026-12-01-closing-date@example.org".
    pub(crate) uid: String,
    pub(crate) date: Date,
    /// Start time "14:00" (local, in the project's time zone); none for an
    /// all-day event.
    pub(crate) start: Option<String>,
    /// End time "16:00", the same day; none for an event with no length.
    pub(crate) end: Option<String>,
    pub(crate) summary: String,
    pub(crate) description: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) location: Option<String>,
    /// `CONFIRMED`, `TENTATIVE` or `CANCELLED`.
    pub(crate) status: Option<&'static str>,
    /// Raised on each change, so apps replace what they hold.
    pub(crate) sequence: Option<u32>,
    /// Shown as busy time (a meeting), not free (a deadline).
    pub(crate) busy: bool,
}

impl Event {
    /// An all-day event shown as free time.
    pub(crate) fn all_day(uid: String, date: Date, summary: String) -> Event {
        Event {
            uid,
            date,
            start: None,
            end: None,
            summary,
            description: None,
            url: None,
            location: None,
            status: None,
            sequence: None,
            busy: false,
        }
    }
}

/// A whole calendar; times are in `zone`.
pub(crate) fn calendar(name: &str, stamp: Date, zone: &Zone, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//dossier//{}//EN", crate::render::view::GENERATOR),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape_text(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}T000000Z", compact(stamp)));
        let utc = |t: &str| {
            crate::calendar::zone::hh_mm(t).and_then(|(h, m)| zone.utc_compact(e.date, h, m))
        };
        match e.start.as_deref().and_then(utc) {
            Some(start) => {
                line(&mut out, &format!("DTSTART:{start}"));
                if let Some(end) = e.end.as_deref().and_then(utc) {
                    line(&mut out, &format!("DTEND:{end}"));
                }
            }
            None => {
                line(&mut out, &format!("DTSTART;VALUE=DATE:{}", compact(e.date)));
                let next = Date::from_days(e.date.to_days() + 1);
                line(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(next)));
            }
        }
        if let Some(n) = e.sequence {
            line(&mut out, &format!("SEQUENCE:{n}"));
        }
        line(&mut out, &format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(l) = &e.location {
            line(&mut out, &format!("LOCATION:{}", escape_text(l)));
        }
        if let Some(s) = e.status {
            line(&mut out, &format!("STATUS:{s}"));
        }
        if let Some(d) = &e.description {
            line(&mut out, &format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(u) = &e.url {
            line(
                &mut out,
                &format!(
                    "URL:{}",
                    u.chars().filter(|c| !c.is_control()).collect::<String>()
                ),
            );
        }
        line(
            &mut out,
            if e.busy {
                "TRANSP:OPAQUE"
            } else {
                "TRANSP:TRANSPARENT"
            },
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// Escape a TEXT value: backslash, semicolon, comma and newlines; other
/// control characters are dropped.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line, folded so no line is longer than 75 octets, never
/// splitting a UTF-8 character, each ending with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_at_75_octets_without_splitting_characters() {
        let e = Event::all_day(
            "x@example.org".into(),
            Date::parse_iso("2026-12-01").unwrap(),
            "é".repeat(60),
        );
        let cal = calendar(
            "Roles",
            Date::parse_iso("2026-11-29").unwrap(),
            &Zone::default(),
            &[e],
        );
        for l in cal.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        assert!(!cal.replace("\r\n", "").contains('\n'));
        assert!(cal.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
    }

    #[test]
    fn a_meeting_is_busy_time_in_utc_with_its_end_place_status_and_sequence() {
        let meeting = |date: &str, status| Event {
            start: Some("14:00".into()),
            end: Some("16:30".into()),
            location: Some("Council Chamber, Huyton".into()),
            status: Some(status),
            sequence: Some(2),
            busy: true,
            ..Event::all_day(
                "meeting-x@example.org".into(),
                Date::parse_iso(date).unwrap(),
                "Board".into(),
            )
        };
        let stamp = Date::parse_iso("2026-11-29").unwrap();
        let cal = calendar(
            "Meetings",
            stamp,
            &Zone::default(),
            &[
                meeting("2026-12-10", "CONFIRMED"),
                meeting("2027-07-08", "CANCELLED"),
            ],
        );
        for wanted in [
            "DTSTART:20261210T140000Z\r\nDTEND:20261210T163000Z\r\n",
            "DTSTART:20270708T130000Z\r\nDTEND:20270708T153000Z\r\n",
            "SEQUENCE:2\r\n",
            "LOCATION:Council Chamber\\, Huyton\r\n",
            "STATUS:CONFIRMED\r\n",
            "STATUS:CANCELLED\r\n",
            "TRANSP:OPAQUE\r\n",
        ] {
            assert!(cal.contains(wanted), "{wanted:?} in {cal}");
        }
        assert!(!cal.contains("TRANSPARENT"));
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text("a;b,c\\d\ne\u{7}"), "a\\;b\\,c\\\\d\\ne");
    }
}
