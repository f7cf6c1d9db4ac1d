//! Rendering the papers of a planned agenda, and keeping confidential papers
//! and redacted passages out of the public edition (what the leak guard
//! then looks for).

use crate::board::paper::Visibility;
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, ShortcodeHost};

use super::*;

/// Render the papers of `agenda` and keep confidential ones out of the
/// public edition, collecting every problem.
pub(crate) fn render(
    agenda: Agenda,
    raw_html: crate::config::RawHtml,
    host: &(dyn ShortcodeHost + Sync),
    text_limit: usize,
    problems: &mut Diagnostics,
) -> Board {
    let Agenda {
        papers: papers_in,
        meetings,
        minutes,
        placed,
        references,
        options:
            BoardOptions {
                edition,
                build_date,
                ..
            },
        words,
        ..
    } = agenda;
    let mut papers = Vec::new();
    let mut withheld = Vec::new();
    for p in papers_in {
        let slug = stem(&p.content_path);
        let fm = &p.front_matter;
        let confidential = fm
            .visibility
            .as_ref()
            .is_some_and(|v| *v.get_ref() == Visibility::Confidential);
        let body_markdown = p.body();
        let redactions = redacted_passages(body_markdown);
        if confidential && edition == Edition::Public {
            let mut passages = vec![fm.title.clone()];
            passages.extend(fm.recommendations.iter().map(|r| r.text.clone()));
            passages.extend(
                fm.implications
                    .listed()
                    .into_iter()
                    .map(|(_, t)| t.to_string()),
            );
            passages.push(body_markdown.to_string());
            withheld.push(Withheld {
                content_path: p.content_path.clone(),
                passages,
                whole_file: true,
            });
            continue;
        }
        if edition == Edition::Public && !redactions.is_empty() {
            withheld.push(Withheld {
                content_path: p.content_path.clone(),
                passages: redactions.clone(),
                whole_file: false,
            });
        }
        let (mut body, errors) = markdown::render(body_markdown, raw_html, host);
        markdown::keep_searchable_text(&mut body, text_limit);
        for e in errors {
            problems.push(
                Diagnostic::error(e.message)
                    .at(&p.file, p.body_offset + e.offset)
                    .with_hint(e.hint),
            );
        }
        let placement = placed.get(&slug).cloned();
        papers.push(Paper {
            path: format!("/papers/{slug}/"),
            content_path: p.content_path.clone(),
            date: Date::from_toml(fm.date.get_ref()).unwrap_or(build_date),
            published: fm
                .published
                .as_ref()
                .and_then(|p| Date::from_toml(p.get_ref())),
            confidential,
            reference: references.get(&slug).cloned().flatten(),
            meeting: placement.as_ref().map(|(m, _)| m.clone()),
            item: placement.map(|(_, i)| i),
            recommendations_html: fm
                .recommendations
                .iter()
                .map(|r| markdown::render_simple(&r.text, raw_html))
                .collect(),
            implications: fm
                .implications
                .listed()
                .into_iter()
                .map(|(h, t)| (h, t.to_string(), markdown::render_simple(t, raw_html)))
                .collect(),
            redacted: !redactions.is_empty(),
            body,
            slug,
            body_offset: p.body_offset,
            file: p.file,
            fm: p.front_matter,
        });
    }
    papers.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
    let minutes = super::minutes::render(
        minutes,
        &meetings,
        edition,
        raw_html,
        host,
        (&mut withheld, &words),
        problems,
    );
    Board {
        papers,
        meetings,
        minutes,
        withheld,
    }
}

/// The passages a body hides with `redact` shortcodes: what the public
/// edition prints as "[Redacted: ...]", and the leak guard looks for.
pub(crate) fn redacted_passages(markdown: &str) -> Vec<String> {
    let (shortcodes, _) = crate::markdown::shortcode::find(markdown, &[]);
    shortcodes
        .into_iter()
        .filter(|s| s.name == "redact")
        .filter_map(|s| s.body)
        .collect()
}
