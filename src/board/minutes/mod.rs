//! Minutes, decisions, actions and declarations of interest: what follows a
//! meeting, from `content/minutes/<meeting-slug>.md` (see docs/minutes.md).
//!
//! [`plan`] checks them against the meetings; [`render`] renders each
//! item's minute and, in the public edition, keeps a confidential item's
//! minute, and the decisions, actions and declarations on it, out of the
//! model (kept aside as [`Withheld`] text for the leak guard, like a
//! confidential paper).

pub(crate) mod archetype;
pub(crate) mod file;
pub(crate) mod logs;
pub(crate) mod open_data;
pub(crate) mod output;
pub(crate) mod pack;
mod plan;
mod sections;
pub(crate) mod view;

use crate::board::{Edition, Meeting, Withheld};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::markdown::{self, Rendered, ShortcodeHost};

pub(crate) use file::{ActionStatus, Attendee, MinutesStatus, RecordedVote, Vote};
pub(crate) use plan::{PlannedMinutes, plan};

/// A resolution on an agenda item.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    /// "JHWB/26/12/D2".
    pub(crate) reference: String,
    pub(crate) item: String,
    pub(crate) text: String,
    pub(crate) vote: Option<Vote>,
    pub(crate) recorded_votes: Vec<RecordedVote>,
    /// On a confidential item.
    pub(crate) confidential: bool,
}

/// An action, with what later minutes said of it.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    /// "JHWB/26/12/A3".
    pub(crate) reference: String,
    pub(crate) item: String,
    pub(crate) owner: String,
    pub(crate) due: Date,
    pub(crate) text: String,
    /// The meeting (slug) that set it.
    pub(crate) meeting: String,
    /// Its status after every update.
    pub(crate) status: ActionStatus,
    /// Updates from later minutes, in meeting order.
    pub(crate) updates: Vec<ActionUpdate>,
    pub(crate) confidential: bool,
    /// Where its `text` is, in its minutes file (for `check`).
    pub(crate) at: usize,
}

/// News of an action, given at a later meeting.
#[derive(Debug, Clone)]
pub(crate) struct ActionUpdate {
    pub(crate) action: String,
    pub(crate) status: ActionStatus,
    pub(crate) note: Option<String>,
    /// The meeting (slug and date) that heard it.
    pub(crate) meeting: String,
    pub(crate) date: Date,
    /// An update of an action on a confidential item.
    pub(crate) confidential: bool,
}

/// A declaration of interest.
#[derive(Debug, Clone)]
pub(crate) struct Interest {
    pub(crate) item: String,
    pub(crate) member: String,
    pub(crate) interest: String,
    pub(crate) kind: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) confidential: bool,
}

/// The minute of one agenda item.
#[derive(Debug)]
pub(crate) struct MinuteSection {
    pub(crate) item: String,
    /// As the minutes' heading gives it; the agenda's title when the item
    /// has no narrative, and in the public edition for a withheld item.
    pub(crate) title: String,
    /// The narrative; none when the item has none, or is withheld.
    pub(crate) body: Option<Rendered>,
    /// Its Markdown, for the PDF.
    pub(crate) markdown: Option<String>,
    /// Public edition: a confidential item's minute, not for publication.
    pub(crate) withheld: bool,
    /// Confidential edition: a confidential item's minute, marked.
    pub(crate) confidential: bool,
}

/// A meeting's minutes, for one edition.
#[derive(Debug)]
pub(crate) struct Minutes {
    /// Index of the meeting in the board's meetings.
    pub(crate) meeting: usize,
    pub(crate) path: String,
    pub(crate) content_path: String,
    pub(crate) file: SourceText,
    pub(crate) body_offset: usize,
    pub(crate) status: MinutesStatus,
    pub(crate) approved_at: Option<String>,
    pub(crate) present: Vec<Attendee>,
    pub(crate) apologies: Vec<Attendee>,
    pub(crate) in_attendance: Vec<Attendee>,
    /// What comes before the first item's heading, rendered and as
    /// Markdown (for the PDF).
    pub(crate) preamble: Option<Rendered>,
    pub(crate) preamble_markdown: Option<String>,
    /// In agenda order: every item with a minute, a decision, an action or
    /// a declaration.
    pub(crate) sections: Vec<MinuteSection>,
    pub(crate) decisions: Vec<Decision>,
    pub(crate) actions: Vec<Action>,
    /// Updates given at this meeting to actions of earlier minutes.
    pub(crate) updates: Vec<ActionUpdate>,
    pub(crate) interests: Vec<Interest>,
    /// The ids a link into the page may name: `item-<n>` per section.
    pub(crate) anchors: Vec<String>,
    /// The front matter's `[extra]`, for templates.
    pub(crate) extra: toml::Table,
    /// "Minutes: Joint Health and Wellbeing Board, 8 October 2026", and the
    /// text of this edition's minutes, for the search index.
    pub(crate) title: String,
    pub(crate) plain_text: String,
}

/// A reference as a key that orders its numbers by value: "JHWB/26/10/A2"
/// before "JHWB/26/10/A10".
pub(crate) fn reference_key(reference: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in reference.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// The id of an item's minute: "item-7-1" for item 7.1.
pub(crate) fn item_anchor(item: &str) -> String {
    format!("item-{}", item.replace('.', "-"))
}

/// Render the part `range` of a minutes body, its problems placed in the
/// file.
fn render_part(
    body: &str,
    range: std::ops::Range<usize>,
    f: &crate::load::MarkdownFile<file::MinutesFrontMatter>,
    raw_html: crate::config::RawHtml,
    host: &(dyn ShortcodeHost + Sync),
    problems: &mut Diagnostics,
) -> Rendered {
    let (rendered, errors) = markdown::render(&body[range.clone()], raw_html, host);
    for e in errors {
        problems.push(
            Diagnostic::error(e.message)
                .at(&f.file, f.body_offset + range.start + e.offset)
                .with_hint(e.hint),
        );
    }
    rendered
}

/// Render every planned minutes file for `edition`: each item's minute,
/// with a confidential item's withheld from the public edition (its text
/// added to `withheld`).
pub(crate) fn render(
    planned: Vec<PlannedMinutes>,
    meetings: &[Meeting],
    edition: Edition,
    raw_html: crate::config::RawHtml,
    host: &(dyn ShortcodeHost + Sync),
    (withheld, (pass, language)): (&mut Vec<Withheld>, &(crate::config::LanguagePass, String)),
    problems: &mut Diagnostics,
) -> Vec<Minutes> {
    let public = edition == Edition::Public;
    let mut out = Vec::new();
    for p in planned {
        let meeting = &meetings[p.meeting];
        let f = &p.source;
        let body = f.body().to_string();
        let split = sections::split(&body, meeting, &f.file, f.body_offset, problems);
        let mut passages = Vec::new();
        let mut rendered = Vec::new();
        for item in &meeting.items {
            let written = split.sections.iter().find(|s| s.item == item.number);
            let on_item = p.decisions.iter().any(|d| d.item == item.number)
                || p.actions.iter().any(|a| a.item == item.number)
                || p.interests.iter().any(|i| i.item == item.number);
            if written.is_none() && !on_item {
                continue;
            }
            let hidden = public && item.confidential;
            if hidden {
                passages.extend(written.map(|w| body[w.range.clone()].to_string()));
            }
            let title = match written {
                Some(w) if !hidden => w.title.clone(),
                _ => item.title.clone(),
            };
            let shown = written.filter(|_| !hidden).map(|w| w.content.clone());
            rendered.push(MinuteSection {
                item: item.number.clone(),
                title,
                markdown: shown.clone().map(|range| body[range].to_string()),
                body: shown.map(|range| render_part(&body, range, f, raw_html, host, problems)),
                withheld: hidden,
                confidential: item.confidential && !public,
            });
        }
        let preamble_markdown = split.preamble.clone().map(|range| body[range].to_string());
        let preamble = split
            .preamble
            .map(|range| render_part(&body, range, f, raw_html, host, problems));
        let keep = |confidential: bool| !(public && confidential);
        if public {
            // Passages redacted from public items' minutes, as from papers.
            passages.extend(crate::board::redacted_passages(&body));
            passages.extend(
                p.decisions
                    .iter()
                    .filter(|d| d.confidential)
                    .map(|d| d.text.clone()),
            );
            passages.extend(
                p.actions
                    .iter()
                    .filter(|a| a.confidential)
                    .map(|a| a.text.clone()),
            );
            passages.extend(
                p.interests
                    .iter()
                    .filter(|i| i.confidential)
                    .map(|i| i.interest.clone()),
            );
            passages.extend(
                p.updates
                    .iter()
                    .filter(|u| u.confidential)
                    .filter_map(|u| u.note.clone()),
            );
            passages.retain(|s| !s.trim().is_empty());
            if !passages.is_empty() {
                withheld.push(Withheld {
                    content_path: f.content_path.clone(),
                    passages,
                    whole_file: false,
                });
            }
        }
        let mut plain_text = String::new();
        for s in &rendered {
            plain_text.push_str(&format!("{}. {}\n", s.item, s.title));
            if let Some(b) = &s.body {
                plain_text.push_str(&b.plain_text);
                plain_text.push('\n');
            }
        }
        for d in p.decisions.iter().filter(|d| keep(d.confidential)) {
            plain_text.push_str(&d.text);
            plain_text.push('\n');
        }
        let kind = if p.status == MinutesStatus::Draft {
            pass.word("draft_minutes", "Draft minutes")
        } else {
            pass.word("minutes", "Minutes")
        };
        let title = format!(
            "{kind}: {}, {}",
            meeting.file.body,
            meeting.date.long_in(language)
        );
        let fm = &f.front_matter;
        let people =
            |list: &[toml::Spanned<Attendee>]| list.iter().map(|a| a.get_ref().clone()).collect();
        out.push(Minutes {
            meeting: p.meeting,
            path: format!("{}minutes/", meeting.path),
            content_path: f.content_path.clone(),
            body_offset: f.body_offset,
            status: p.status,
            approved_at: p.approved_at,
            present: people(&fm.present),
            apologies: people(&fm.apologies),
            in_attendance: people(&fm.in_attendance),
            extra: fm.extra.clone(),
            title,
            plain_text,
            preamble,
            preamble_markdown,
            anchors: rendered.iter().map(|s| item_anchor(&s.item)).collect(),
            sections: rendered,
            decisions: p
                .decisions
                .into_iter()
                .filter(|d| keep(d.confidential))
                .collect(),
            actions: p
                .actions
                .into_iter()
                .filter(|a| keep(a.confidential))
                .collect(),
            updates: p
                .updates
                .into_iter()
                .filter(|u| keep(u.confidential))
                .collect(),
            interests: p
                .interests
                .into_iter()
                .filter(|i| keep(i.confidential))
                .collect(),
            file: p.source.file,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_order_their_numbers_by_value() {
        use super::reference_key as k;
        assert!(k("JHWB/26/10/A2") < k("JHWB/26/10/A10"));
        assert!(k("JHWB/26/07/A9") < k("JHWB/26/10/A1"));
    }
}
