//! Typst for board documents: a typeset PDF with its source, and a
//! Markdown body (a paper's, a minute's) as Typst markup, its shortcodes
//! rendered for the PDF (`redact` by edition, `ref` with pack pages).

use std::collections::BTreeMap;

use crate::board::{Edition, PaperRef};
use crate::markdown::shortcode::{ArgValue, Shortcode};
use crate::pdf::markup::{escape_markup, escape_string, markdown_to_typst};

/// A typeset PDF with its Typst source (for the leak guard).
pub struct Typeset {
    pub(crate) pdf: Vec<u8>,
    pub source: String,
    /// The text of each page when it was typeset now (see
    /// [`crate::pdf::pack::Made`]).
    pub(crate) text: Option<Vec<String>>,
}

impl From<crate::pdf::pack::Made> for Typeset {
    /// What is written of a PDF the pack renderer made (its labels' pages,
    /// which only a board pack reads, are left out).
    fn from(made: crate::pdf::pack::Made) -> Self {
        Typeset {
            pdf: made.pdf,
            source: made.source,
            text: made.text,
        }
    }
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
/// the PDF (`redact` according to the edition). `in_pack` names the papers
/// of the pack the body is typeset in, if it is in one: a `ref` to one of
/// them prints the pack's own page; one to any other paper, the page of its
/// own pack from `pages`, when known.
pub(crate) fn body_typst(
    markdown: &str,
    edition: Edition,
    refs: &BTreeMap<String, PaperRef>,
    pages: &BTreeMap<String, usize>,
    in_pack: Option<&std::collections::BTreeSet<String>>,
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
    in_pack: Option<&std::collections::BTreeSet<String>>,
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
            // Inside a pack, a paper of the same pack by its label; any
            // other by the page of its own pack, when known.
            let page = if r.withheld || r.item.is_none() {
                None
            } else if in_pack.is_some_and(|papers| papers.contains(&r.slug)) {
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

/// What every board PDF template sees: `site`, `edition` and `build` (the
/// build date's parts).
pub(crate) fn base_context(
    site: &crate::model::Site,
    views: &crate::render::view::Views,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &views.site_view());
    ctx.insert("edition", site.edition.as_str());
    ctx.insert("build", &crate::pdf::pack::PackDate::from(site.build_date));
    ctx
}

/// Typeset the documents `0..count` on all cores and write each, in order,
/// as it is done, to `path(i)`; a document that cannot be typeset adds its
/// problem and the rest go on.
pub(crate) fn write_pdfs(
    count: usize,
    typeset: impl Fn(usize) -> Result<Typeset, crate::diagnostic::Diagnostic> + Sync,
    path: impl Fn(usize) -> String,
    sink: &mut dyn crate::output::Sink,
    problems: &mut crate::diagnostic::Diagnostics,
) -> std::io::Result<()> {
    let indices: Vec<usize> = (0..count).collect();
    crate::par::for_each_costly_in_order(
        &indices,
        |&i| typeset(i),
        |i, made| match made {
            Ok(t) => sink.write_pdf(&path(i), &t.pdf, &t.source, t.text.as_deref()),
            Err(d) => {
                problems.push(d);
                Ok(())
            }
        },
    )
}
