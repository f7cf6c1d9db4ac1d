//! Minutes on paper: `minutes.pdf` per meeting (the theme's
//! `pdf/minutes.typ`), the minutes an agenda item takes inside that
//! meeting's board pack, and the action log a pack carries: every action of
//! the body's earlier meetings still open when the meeting is held.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::board::PaperRef;
use crate::board::typst::{Typeset, body_typst};
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::pdf::pack::PackRenderer;
use crate::render::view::Views;

use super::ActionStatus;
use super::view::{self, ActionView, MinutesView};

pub(crate) const MINUTES_TEMPLATE: &str = "minutes.typ";

/// Minutes as a PDF shows them: the view, and each item's minute (and the
/// preamble) as Typst markup.
#[derive(Serialize)]
pub(crate) struct PackMinutes {
    pub(crate) slug: String,
    pub(crate) minutes: MinutesView,
    pub(crate) texts: BTreeMap<String, Value>,
    pub(crate) preamble: Option<Value>,
    /// Confidential edition: some item's minute is confidential (the pack's
    /// running header says so on their pages).
    pub(crate) has_confidential: bool,
}

/// Minutes `index` for a PDF; `in_pack` the papers of the board pack they
/// are typeset in, if any (a `ref` to one of them prints the pack's page).
pub(crate) fn pack_minutes(
    site: &Site,
    packs: &PackRenderer,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    index: usize,
    in_pack: Option<&std::collections::BTreeSet<String>>,
) -> PackMinutes {
    let n = &site.board.minutes[index];
    let typst = |md: &str| {
        Value::safe_string(&body_typst(
            md,
            site.edition,
            refs,
            pages,
            in_pack,
            &packs.assets,
        ))
    };
    PackMinutes {
        slug: site.board.meetings[n.meeting].slug.clone(),
        minutes: view::minutes(site, index),
        texts: n
            .sections
            .iter()
            .map(|s| (s.item.clone(), typst(s.markdown.as_deref().unwrap_or(""))))
            .collect(),
        preamble: n.preamble_markdown.as_deref().map(typst),
        has_confidential: n.sections.iter().any(|s| s.confidential),
    }
}

/// Every action of the body's earlier meetings still open when the meeting
/// at `meeting_index` is held (updates given at earlier meetings applied),
/// overdue if due before it; in the order of the action log.
pub(crate) fn open_actions(site: &Site, meeting_index: usize) -> Vec<ActionView> {
    let meeting = &site.board.meetings[meeting_index];
    let mut open = Vec::new();
    for n in &site.board.minutes {
        let set_at = &site.board.meetings[n.meeting];
        if set_at.file.body != meeting.file.body || set_at.date >= meeting.date {
            continue;
        }
        for a in &n.actions {
            let status = a
                .updates
                .iter()
                .rfind(|u| u.date < meeting.date)
                .map_or(ActionStatus::Open, |u| u.status);
            if status != ActionStatus::Open {
                continue;
            }
            let mut v = view::action_view(site, a);
            v.updates.retain(|u| u.meeting.date < meeting.date);
            v.status = status;
            v.status_label = status.label();
            v.overdue = a.due < meeting.date;
            open.push(v);
        }
    }
    open.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(a.due.cmp(&b.due))
            .then(super::reference_key(&a.reference).cmp(&super::reference_key(&b.reference)))
    });
    open
}

/// Typeset `minutes.pdf` of minutes `index`.
pub(crate) fn minutes_pdf(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    index: usize,
) -> Result<Typeset, Diagnostic> {
    let n = &site.board.minutes[index];
    let mut ctx = crate::board::typst::base_context(site, views);
    ctx.insert("pack", &pack_minutes(site, packs, refs, pages, index, None));
    let ident = site.config.permalink(&format!(
        "{}minutes.pdf#{}",
        site.board.meetings[n.meeting].path,
        site.edition.as_str()
    ));
    let made = packs.pdf_with_pages(
        MINUTES_TEMPLATE,
        &ctx,
        site.build_date,
        &ident,
        &format!("content/{}", n.content_path),
        &[],
    )?;
    Ok(made.into())
}
