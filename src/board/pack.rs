//! Board packs and paper PDFs, from the theme's `pdf/board-pack.typ` and
//! `pdf/board-paper.typ`.
//!
//! The board pack is typeset first: Typst itself resolves the agenda's page
//! column and `ref` shortcodes inside the pack (by labels), and dossier reads
//! back the page where each paper starts, so the web agenda, `ref`s in web
//! pages and the single-paper PDFs print the same numbers as the pack.

use std::collections::BTreeMap;

use tera::{Context, Value};

use crate::board::view::MeetingView;
use crate::board::{Edition, PaperRef};
use crate::diagnostic::Diagnostic;
use crate::markdown::shortcode::{ArgValue, Shortcode};
use crate::model::Site;
use crate::pdf::markup::{escape_markup, escape_string, markdown_to_typst};
use crate::render::view::Views;

use crate::pdf::pack::PackRenderer;

pub(crate) const PACK_TEMPLATE: &str = "board-pack.typ";
pub(crate) const PAPER_TEMPLATE: &str = "board-paper.typ";

/// A typeset PDF with its Typst source (for the leak guard).
pub struct Typeset {
    pub(crate) pdf: Vec<u8>,
    pub source: String,
}

/// The words a `ref` shortcode stands for: "item 7, paper BP/26/12/7 (pack
/// page 43)". `page` is Typst markup or text for the page number.
pub(crate) fn ref_words(r: &PaperRef, page: Option<&str>) -> (String, Option<String>) {
    if r.withheld {
        let item = r
            .item
            .as_ref()
            .map_or(String::new(), |i| format!("item {i}, "));
        return (format!("{item}{} (not for publication)", r.title), None);
    }
    let mut parts = Vec::new();
    if let Some(i) = &r.item {
        parts.push(format!("item {i}"));
    }
    parts.push(match &r.reference {
        Some(reference) => format!("paper {reference}"),
        None => r.title.clone(),
    });
    (parts.join(", "), page.map(|p| format!("pack page {p}")))
}

/// Typst markup for a paper body: Markdown converted, shortcodes rendered for
/// the PDF (`redact` according to the edition).
pub(crate) fn body_typst(
    markdown: &str,
    edition: Edition,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    in_pack: bool,
    assets: &crate::pdf::Assets,
) -> String {
    let (shortcodes, _) = crate::markdown::shortcode::find(markdown, &[]);
    let mut text = String::with_capacity(markdown.len());
    let mut last = 0;
    for (n, sc) in shortcodes.iter().enumerate() {
        text.push_str(&markdown[last..sc.range.start]);
        text.push_str(&format!("DOSSIERPDFSC{n}X"));
        last = sc.range.end;
    }
    text.push_str(&markdown[last..]);
    let mut out = markdown_to_typst(&text, 1);
    for (n, sc) in shortcodes.iter().enumerate().rev() {
        let rendered = shortcode_typst(sc, edition, refs, pages, in_pack, assets);
        out = out.replacen(&format!("DOSSIERPDFSC{n}X"), &rendered, 1);
    }
    out
}

fn arg<'a>(sc: &'a Shortcode, name: &str) -> Option<&'a str> {
    match sc.args.get(name) {
        Some(ArgValue::Str(s)) => Some(s),
        _ => None,
    }
}

fn shortcode_typst(
    sc: &Shortcode,
    edition: Edition,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    in_pack: bool,
    assets: &crate::pdf::Assets,
) -> String {
    let body = sc.body.as_deref().unwrap_or("");
    match sc.name.as_str() {
        "redact" => match edition {
            Edition::Public => format!(
                "\\[Redacted: {}\\]",
                escape_markup(arg(sc, "reason").unwrap_or("exempt information"))
            ),
            Edition::Confidential => format!(
                "#highlight(fill: rgb(\"#fdecea\"))[{}] #text(size: 8pt, fill: rgb(\"#b10e1e\"))[\\[redacted in the public edition: {}\\]]",
                markdown_to_typst(body.trim(), 2).replace("\n\n", " "),
                escape_markup(arg(sc, "reason").unwrap_or("exempt information"))
            ),
        },
        "pull_quote" => {
            let attribution = arg(sc, "attribution")
                .map(|a| format!("attribution: [{}], ", escape_markup(a)))
                .unwrap_or_default();
            format!(
                "#quote(block: true, {attribution})[#strong[{}]]",
                escape_markup(arg(sc, "text").unwrap_or(""))
            )
        }
        "figure" => {
            let src = arg(sc, "src").unwrap_or("").trim_start_matches('/');
            let alt = arg(sc, "alt").unwrap_or("");
            let caption = arg(sc, "caption").map(escape_markup).unwrap_or_default();
            let image = if assets.files.contains_key(src) {
                format!(
                    "image(\"/{}\", alt: \"{}\", width: 80%)",
                    escape_string(src),
                    escape_string(alt)
                )
            } else {
                format!("[#emph[{}]]", escape_markup(alt))
            };
            format!(
                "#figure({image}, caption: [{caption} {}])",
                markdown_to_typst(body.trim(), 2)
            )
        }
        "ref" => {
            let Some(r) = arg(sc, "paper").and_then(|s| refs.get(s)) else {
                return String::new();
            };
            let page = if r.withheld || r.item.is_none() {
                None
            } else if in_pack {
                Some(format!(
                    "#context counter(page).at(<paper-{}>).first()",
                    r.slug
                ))
            } else {
                pages.get(&r.slug).map(|p| p.to_string())
            };
            let (words, _) = ref_words(r, None);
            match page {
                Some(p) => format!("{} \\(pack page {p}\\)", escape_markup(&words)),
                None => escape_markup(&words),
            }
        }
        _ => escape_markup(body),
    }
}

fn base_context(site: &Site, views: &Views) -> Context {
    let d = site.build_date;
    let mut ctx = Context::new();
    ctx.insert("site", &views.site_view());
    ctx.insert("edition", site.edition.as_str());
    ctx.insert("build", &crate::pdf::pack::PackDate::from(d));
    ctx
}

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
    let meeting = &site.board.meetings[index];
    let view = pack_view(views.meeting(index, &BTreeMap::new()), supplement);
    let mut papers = Vec::new();
    let mut bodies = BTreeMap::new();
    for item in &meeting.items {
        if item.supplement != supplement || item.dropped.is_some() {
            continue;
        }
        let Some(slug) = &item.paper else { continue };
        let Some(i) = site.board.papers.iter().position(|p| &p.slug == slug) else {
            continue;
        };
        let paper = &site.board.papers[i];
        papers.push(views.paper(i));
        let body = body_typst(
            &paper.body_markdown,
            site.edition,
            refs,
            &BTreeMap::new(),
            true,
            &packs.assets,
        );
        bodies.insert(slug.clone(), Value::safe_string(&body));
    }
    let labels: Vec<String> = papers.iter().map(|p| format!("paper-{}", p.slug)).collect();
    let mut ctx = base_context(site, views);
    ctx.insert("meeting", &view);
    ctx.insert("papers", &papers);
    ctx.insert_value("bodies", Value::from(bodies));
    let file = match supplement {
        Some(n) => format!("supplement-{n}.pdf"),
        None => "board-pack.pdf".to_string(),
    };
    let ident = site
        .config
        .permalink(&format!("{}{file}#{}", meeting.path, site.edition.as_str()));
    let (pdf, source, found) = packs.pdf_with_pages(
        PACK_TEMPLATE,
        &ctx,
        site.build_date,
        &ident,
        &format!("content/{}", meeting.content_path),
        &labels,
    )?;
    let pages = found
        .into_iter()
        .map(|(label, page)| (label.trim_start_matches("paper-").to_string(), page))
        .collect();
    Ok((Typeset { pdf, source }, pages))
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
        &paper.body_markdown,
        site.edition,
        refs,
        pages,
        false,
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
    let (pdf, source, _) = packs.pdf_with_pages(
        PAPER_TEMPLATE,
        &ctx,
        site.build_date,
        &ident,
        &format!("content/{}", paper.content_path),
        &[],
    )?;
    Ok(Typeset { pdf, source })
}
