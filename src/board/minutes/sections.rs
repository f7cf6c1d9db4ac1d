//! The narrative of minutes cut into one section per agenda item at its
//! level-2 heading (`## 4. Joint appointments`), checked: every heading
//! names an item of the meeting's agenda, once.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::board::Meeting;
use crate::board::agenda::item_key;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};

/// One item's minute in the Markdown.
#[derive(Debug)]
pub(super) struct Written {
    pub(super) item: String,
    /// The heading's text after the number.
    pub(super) title: String,
    /// The heading and its text, in the body.
    pub(super) range: Range<usize>,
    /// The text after the heading.
    pub(super) content: Range<usize>,
}

/// The body, cut.
#[derive(Debug, Default)]
pub(super) struct Split {
    /// Text before the first heading, if there is any.
    pub(super) preamble: Option<Range<usize>>,
    pub(super) sections: Vec<Written>,
}

/// "4. Joint appointments" as ("4", "Joint appointments"); none when the
/// heading does not start with an item number.
pub(super) fn item_heading(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let (first, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let number = first.trim_end_matches(['.', ':']);
    item_key(number)?;
    Some((number.to_string(), rest.trim().to_string()))
}

/// Cut `body` (at `body_offset` of `file`) at its level-2 headings.
pub(super) fn split(
    body: &str,
    meeting: &Meeting,
    file: &SourceText,
    body_offset: usize,
    problems: &mut Diagnostics,
) -> Split {
    let mut headings: Vec<(Range<usize>, String)> = Vec::new();
    // Headings of other levels, which must not look like an item's.
    let mut others: Vec<(usize, String)> = Vec::new();
    let mut other: Option<(usize, String)> = None;
    let mut current: Option<(usize, String)> = None;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((range.start, String::new())),
            Event::Start(Tag::Heading { .. }) => other = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut().or(other.as_mut()) {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, text)) = current.take() {
                    headings.push((start..range.end, text));
                }
            }
            Event::End(TagEnd::Heading(_)) => others.extend(other.take()),
            _ => {}
        }
    }
    // An item's heading at another level, or with no space after its #s,
    // would put that item's minute (a confidential one, say) under the
    // item before it: both are errors.
    let numbers_here: Vec<&str> = meeting.items.iter().map(|i| i.number.as_str()).collect();
    for (start, text) in &others {
        if item_heading(text).is_some_and(|(n, _)| numbers_here.contains(&n.as_str())) {
            problems.push(
                Diagnostic::error(format!("the heading \"{}\" names an agenda item but is not a level-2 heading", text.trim()))
                    .at(file, body_offset + start)
                    .with_hint("write an item's heading with two #, like `## 5. Joint appointments`; headings inside an item's minute (###) do not start with an item number"),
            );
        }
    }
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let rest = line.trim_start_matches('#');
        if line.starts_with('#') && rest.starts_with(|c: char| c.is_ascii_digit()) {
            problems.push(
                Diagnostic::error(format!("\"{}\" is not a heading", line.trim_end()))
                    .at(file, body_offset + offset)
                    .with_hint("put a space after the #s, like `## 5. Joint appointments`"),
            );
        }
        offset += line.len();
    }
    let mut split = Split::default();
    let first = headings.first().map_or(body.len(), |(r, _)| r.start);
    if !body[..first].trim().is_empty() {
        split.preamble = Some(0..first);
    }
    let numbers: Vec<&str> = meeting.items.iter().map(|i| i.number.as_str()).collect();
    for (k, (heading, text)) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(body.len(), |(r, _)| r.start);
        let at = body_offset + heading.start;
        let Some((item, title)) = item_heading(text) else {
            problems.push(
                Diagnostic::error(format!("the heading \"{}\" names no agenda item", text.trim()))
                    .at(file, at)
                    .with_hint(format!(
                        "start each item's heading with its number, like `## 4. Joint appointments`; use `###` for headings inside an item; the agenda has items {}",
                        numbers.join(", ")
                    )),
            );
            continue;
        };
        if !numbers.contains(&item.as_str()) {
            problems.push(
                Diagnostic::error(format!(
                    "the heading \"{}\" names item {item}, which is not on the agenda of the meeting on {}",
                    text.trim(),
                    meeting.date.long()
                ))
                .at(file, at)
                .with_hint(format!("the agenda has items {}", numbers.join(", "))),
            );
            continue;
        }
        if split.sections.iter().any(|s| s.item == item) {
            problems.push(
                Diagnostic::error(format!("item {item} is minuted twice"))
                    .at(file, at)
                    .with_hint(
                        "put all of an item's minute under one heading; use `###` for parts of it",
                    ),
            );
            continue;
        }
        split.sections.push(Written {
            item,
            title,
            range: heading.start..end,
            content: heading.end..end,
        });
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_heading_starts_with_its_number() {
        assert_eq!(
            item_heading("4. Joint appointments"),
            Some(("4".into(), "Joint appointments".into()))
        );
        assert_eq!(
            item_heading("7.1 Finance"),
            Some(("7.1".into(), "Finance".into()))
        );
        assert_eq!(item_heading("12"), Some(("12".into(), String::new())));
        assert_eq!(item_heading("Joint appointments"), None);
        assert_eq!(item_heading("4a. Other"), None);
    }
}
