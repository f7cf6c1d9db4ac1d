//! iCalendar (RFC 5545) files: all-day events with CRLF line endings, lines
//! folded at 75 octets, text escaped, stable UIDs, and DTSTAMP from the build
//! date so that the same sources give the same bytes.

use crate::dates::Date;

/// One all-day event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Unique and stable across builds, e.g. "role-slug-2026-12-01-closing-date@example.org".
    pub(crate) uid: String,
    pub(crate) date: Date,
    /// Start time "14:00" (local, floating); none for an all-day event.
    pub(crate) start: Option<String>,
    pub(crate) summary: String,
    pub(crate) description: Option<String>,
    pub(crate) url: Option<String>,
}

/// A whole calendar.
pub(crate) fn calendar(name: &str, stamp: Date, events: &[Event]) -> String {
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
        match e.start.as_deref().and_then(hhmm) {
            Some((h, m)) => line(
                &mut out,
                &format!("DTSTART:{}T{h:02}{m:02}00", compact(e.date)),
            ),
            None => {
                line(&mut out, &format!("DTSTART;VALUE=DATE:{}", compact(e.date)));
                let next = Date::from_days(e.date.to_days() + 1);
                line(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(next)));
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape_text(&e.summary)));
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
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn hhmm(s: &str) -> Option<(u8, u8)> {
    let (h, m) = s.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
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
        let e = Event {
            uid: "x@example.org".into(),
            date: Date::parse_iso("2026-12-01").unwrap(),
            start: None,
            summary: "é".repeat(60),
            description: None,
            url: None,
        };
        let cal = calendar("Roles", Date::parse_iso("2026-11-29").unwrap(), &[e]);
        for l in cal.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        assert!(!cal.replace("\r\n", "").contains('\n'));
        assert!(cal.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text("a;b,c\\d\ne\u{7}"), "a\\;b\\,c\\\\d\\ne");
    }
}
