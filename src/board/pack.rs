//! Board packs and paper PDFs, from the theme's `pdf/board-pack.typ` and
//! `pdf/board-paper.typ`.
//!
//! The board pack is typeset first: Typst itself resolves the agenda's page
//! column and `ref` shortcodes inside the pack (by labels), and dossier reads
//! back the page where each paper starts, so the web agenda, `ref`s in web
//! pages and the single-paper PDFs print the same numbers as the pack.

use std::collections::BTreeMap;

use tera::Value;

use crate::board::PaperRef;
use crate::board::view::MeetingView;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::view::Views;

pub use crate::board::typst::Typeset;
use crate::board::typst::base_context;
pub(crate) use crate::board::typst::body_typst;

use crate::pdf::pack::PackRenderer;

pub(crate) const PACK_TEMPLATE: &str = "board-pack.typ";
pub(crate) const PAPER_TEMPLATE: &str = "board-paper.typ";

/// The meeting's view as one pack shows it: the main pack the items of
/// the agenda as published (not the supplements'), a supplement's pack its
/// own items, titled "Supplementary agenda 1"; the resolution to exclude
/// the public before the first confidential item of those.
fn pack_view(mut view: MeetingView, supplement: Option<u32>) -> MeetingView {
    view.items.retain(|i| i.supplement == supplement);
    let first = view.items.iter().position(|i| i.not_for_publication);
    for (k, item) in view.items.iter_mut().enumerate() {
        item.exclusion_before = first == Some(k);
    }
    if let Some(n) = supplement {
        view.title = format!("{}: supplementary agenda {n}", view.title);
        if let Some(s) = view.supplements.iter().find(|s| s.number == n) {
            view.pack_url = s.pack_url.clone();
        }
    }
    view
}

/// Typeset the board pack of the meeting at `index` (or its supplementary
/// agenda `supplement`); returns the PDF and the page where each paper
/// starts. Withdrawn and deferred items are on its agenda, marked, without
/// their papers.
pub fn board_pack(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    refs: &BTreeMap<String, PaperRef>,
    index: usize,
    supplement: Option<u32>,
) -> Result<(Typeset, BTreeMap<String, usize>), Diagnostic> {
    use crate::board::minutes::pack as minutes;
    let meeting = &site.board.meetings[index];
    let view = pack_view(views.meeting(index, &BTreeMap::new()), supplement);
    let mut papers = Vec::new();
    let mut bodies = BTreeMap::new();
    // Papers and minutes in agenda order, for the pack's body.
    let mut documents = Vec::new();
    let mut labels = Vec::new();
    let taken =
        |item: &&crate::board::Item| item.supplement == supplement && item.dropped.is_none();
    // The papers of this pack, which a `ref` names by their label.
    let pack_papers: std::collections::BTreeSet<String> = meeting
        .items
        .iter()
        .filter(taken)
        .filter_map(|i| i.paper.clone())
        .filter(|slug| site.board.papers.iter().any(|p| &p.slug == slug))
        .collect();
    for item in &meeting.items {
        if item.supplement != supplement || item.dropped.is_some() {
            continue;
        }
        if let Some(n) = item.minutes.as_ref().and_then(|slug| {
            site.board
                .minutes
                .iter()
                .position(|n| site.board.meetings[n.meeting].slug == *slug)
        }) {
            let pack =
                minutes::pack_minutes(site, packs, refs, &BTreeMap::new(), n, Some(&pack_papers));
            labels.push(format!("minutes-{}", pack.slug));
            documents.push(PackDocument::Minutes {
                item: item.number.clone(),
                pack: Box::new(pack),
            });
            continue;
        }
        let Some(slug) = &item.paper else { continue };
        let Some(i) = site.board.papers.iter().position(|p| &p.slug == slug) else {
            continue;
        };
        let paper = &site.board.papers[i];
        labels.push(format!("paper-{slug}"));
        documents.push(PackDocument::Paper { slug: slug.clone() });
        papers.push(views.paper(i));
        let body = body_typst(
            paper.body_markdown(),
            site.edition,
            refs,
            &BTreeMap::new(),
            Some(&pack_papers),
            &packs.assets,
        );
        bodies.insert(slug.clone(), Value::safe_string(&body));
    }
    let mut ctx = base_context(site, views);
    ctx.insert("meeting", &view);
    ctx.insert("papers", &papers);
    ctx.insert("documents", &documents);
    // The action log goes in the pack of the agenda as published.
    let action_log = match supplement {
        None => minutes::open_actions(site, index),
        Some(_) => Vec::new(),
    };
    ctx.insert("action_log", &action_log);
    ctx.insert_value("bodies", Value::from(bodies));
    let file = match supplement {
        Some(n) => format!("supplement-{n}.pdf"),
        None => "board-pack.pdf".to_string(),
    };
    let ident = site
        .config
        .permalink(&format!("{}{file}#{}", meeting.path, site.edition.as_str()));
    let mut made = packs.pdf_with_pages(
        PACK_TEMPLATE,
        &ctx,
        site.build_date,
        &ident,
        &format!("content/{}", meeting.content_path),
        &labels,
    )?;
    let pages = std::mem::take(&mut made.pages)
        .into_iter()
        .map(|(label, page)| match label.strip_prefix("minutes-") {
            Some(slug) => (crate::board::minutes_page_key(slug), page),
            None => (label.trim_start_matches("paper-").to_string(), page),
        })
        .collect();
    Ok((made.into(), pages))
}

/// What a board pack holds after its agenda, in agenda order.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum PackDocument {
    /// A paper, by slug (its view is in `papers`, its text in `bodies`).
    Paper { slug: String },
    /// Earlier minutes an item takes.
    Minutes {
        item: String,
        pack: Box<crate::board::minutes::pack::PackMinutes>,
    },
}

/// Typeset one paper on its own, with `ref` page numbers from the packs.
pub(crate) fn paper_pdf(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    index: usize,
) -> Result<Typeset, Diagnostic> {
    let paper = &site.board.papers[index];
    let body = body_typst(
        paper.body_markdown(),
        site.edition,
        refs,
        pages,
        None,
        &packs.assets,
    );
    let mut ctx = base_context(site, views);
    ctx.insert("paper", &views.paper(index));
    ctx.insert_value("body", Value::safe_string(&body));
    let ident = site.config.permalink(&format!(
        "{}paper.pdf#{}",
        paper.path,
        site.edition.as_str()
    ));
    let made = packs.pdf_with_pages(
        PAPER_TEMPLATE,
        &ctx,
        site.build_date,
        &ident,
        &format!("content/{}", paper.content_path),
        &[],
    )?;
    Ok(made.into())
}
