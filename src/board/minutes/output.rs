//! What minutes publish: a page per meeting's minutes (and its
//! `minutes.json`, see [`open_data`], and `minutes.pdf`), and, once any
//! meeting has minutes, the action log (`/actions/`, `actions.csv`), the
//! decision log (`/decisions/`, `decisions.csv`) and the declarations of
//! interest (`/declarations/`).

use crate::diagnostic::Diagnostics;
use crate::model::Site;
use crate::output::Sink;
use crate::render::emit::{Emit, Selection, v};

use super::{logs, open_data, pack, view};

/// What typesetting minutes needs: the views, the pack renderer, the
/// papers `ref` shortcodes name, and the pages of the packs.
pub(crate) struct Pdfs<'a> {
    pub(crate) views: &'a crate::render::view::Views<'a>,
    pub(crate) packs: &'a crate::pdf::pack::PackRenderer,
    pub(crate) refs: &'a std::collections::BTreeMap<String, crate::board::PaperRef>,
    pub(crate) pack_pages: &'a std::collections::BTreeMap<String, usize>,
}

/// Write the minutes pages and the logs.
pub(crate) fn write(
    site: &Site,
    pdf: &Pdfs,
    emit: &mut Emit,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
    selection: &Selection,
) -> std::io::Result<()> {
    if site.board.minutes.is_empty() {
        return Ok(());
    }
    let c = &site.config;
    let absolute = |url: &str| crate::board::open_data::absolute(&c.base_url, url);
    for (i, n) in site.board.minutes.iter().enumerate() {
        let minutes = view::minutes(site, i);
        emit(
            &n.path,
            "minutes.html",
            &[("minutes", v(&minutes))],
            Some(format!("content/{}", n.content_path)),
            sink,
            problems,
        )?;
        if selection.all() {
            let m = &site.board.meetings[n.meeting];
            let start = c.calendar.zone.stamp(m.date, m.start.as_deref());
            let data = open_data::minutes_data(&minutes, &absolute, &start);
            let mut json = serde_json::to_vec_pretty(&data).map_err(std::io::Error::other)?;
            json.push(b'\n');
            sink.write(
                &format!("{}minutes.json", m.path.trim_start_matches('/')),
                &json,
            )?;
        }
    }
    if selection.all() {
        // minutes.pdf of each, typeset on all cores, written in order.
        crate::board::typst::write_pdfs(
            site.board.minutes.len(),
            |i| pack::minutes_pdf(site, pdf.views, pdf.packs, pdf.refs, pdf.pack_pages, i),
            |i| {
                let m = &site.board.meetings[site.board.minutes[i].meeting];
                format!("{}minutes.pdf", m.path.trim_start_matches('/'))
            },
            sink,
            problems,
        )?;
    }
    let actions = view::action_log(site);
    let decisions = view::decision_log(site);
    let declarations = view::declarations(site);
    emit(
        "/actions/",
        "actions.html",
        &[("log", v(&actions))],
        None,
        sink,
        problems,
    )?;
    emit(
        "/decisions/",
        "decisions.html",
        &[("log", v(&decisions))],
        None,
        sink,
        problems,
    )?;
    emit(
        "/declarations/",
        "declarations.html",
        &[("log", v(&declarations))],
        None,
        sink,
        problems,
    )?;
    if !selection.all() {
        return Ok(());
    }
    sink.write(
        "actions/actions.csv",
        logs::actions_csv(&actions, absolute).as_bytes(),
    )?;
    sink.write(
        "decisions/decisions.csv",
        logs::decisions_csv(&decisions, absolute).as_bytes(),
    )
}
