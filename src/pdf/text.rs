//! The text of a typeset document, page by page, for the leak guard: every
//! run of text Typst laid out, in the order the PDF writer draws them (the
//! order of the frames), with a space where two runs are visibly apart and a
//! line break where the baseline moves, as the guard's PDF reader
//! (`board::leak::pdf`) places them.
//!
//! The PDF's text is written from exactly these runs: each glyph's Unicode
//! meaning in the PDF is the part of its run's text it was shaped from
//! (a hyphen added at a line break is a soft hyphen, U+00AD, in both). An
//! SVG image (a logo) is drawn into the PDF with its text as text, so its
//! text nodes are read from its source, where it stands. A PDF image, or an
//! SVG that is not plain XML or holds an image of its own, cannot be read
//! here: a document with one is read from its PDF.
//!
//! So the guard reads a PDF dossier has just typeset from here, before it is
//! written, instead of interpreting the PDF's pages again, which was a tenth
//! of a body's archive's build time. A PDF taken from the cache, and every
//! PDF dossier did not make, is still read from its bytes. A test holds the
//! two readings to the same words (`reads_the_words_a_reader_of_the_pdf_gets`
//! in `board::leak::pdf`).

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;

/// The text of each page of `document`, or `None` if a page shows an image
/// whose text only the PDF tells (see the module's notes).
pub(crate) fn page_texts(document: &PagedDocument) -> Option<Vec<String>> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut lines = Lines::default();
            walk(&page.frame, Transform::identity(), &mut lines).then_some(lines.text)
        })
        .collect()
}

/// A page's text so far.
#[derive(Default)]
struct Lines {
    text: String,
    /// The last run: where it ends, its baseline's height and its size.
    last: Option<(Point, Abs, Abs)>,
}

/// Every piece of text in the SVG `data` (its text nodes, entities decoded,
/// in document order, a line each), or `None` if it is not XML this can read
/// (a compressed SVG, say) or it embeds an image (which may hold text of its
/// own): then the PDF is read instead.
fn svg_text(data: &[u8]) -> Option<String> {
    let source = std::str::from_utf8(data).ok()?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(source, options).ok()?;
    if document
        .descendants()
        .any(|n| n.tag_name().name() == "image")
    {
        return None;
    }
    let mut text = String::new();
    for node in document.descendants().filter(|n| n.is_text()) {
        text.push_str(node.text().unwrap_or(""));
        text.push('\n');
    }
    Some(text)
}

/// Read `frame` into `lines`; `false` if it shows an image whose text only
/// the PDF tells.
fn walk(frame: &Frame, ts: Transform, lines: &mut Lines) -> bool {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                if !walk(&group.frame, ts, lines) {
                    return false;
                }
            }
            FrameItem::Text(text) => {
                let start = pos.transform(ts);
                let end = Point::new(pos.x + text.width(), pos.y).transform(ts);
                lines.push(text, start, end);
            }
            FrameItem::Image(image, ..) => match image.kind() {
                ImageKind::Svg(svg) => match svg_text(svg.data().as_slice()) {
                    Some(text) => lines.push_apart(&text),
                    None => return false,
                },
                ImageKind::Pdf(_) => return false,
                ImageKind::Raster(_) => {}
            },
            FrameItem::Shape(..) | FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
    true
}

impl Lines {
    /// `text` on lines of its own (an image's), the next run after it too.
    fn push_apart(&mut self, text: &str) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(text);
        self.text.push('\n');
        self.last = None;
    }

    fn push(&mut self, run: &TextItem, start: Point, end: Point) {
        if let Some((pen, baseline, size)) = self.last {
            let em = size.to_pt().max(0.01);
            let across = (start.y - baseline).to_pt().abs() / em;
            let along = (start.x - pen.x).to_pt() / em;
            separate(&mut self.text, across, along);
        }
        self.text.push_str(&run.text);
        self.last = Some((end, start.y, run.size));
    }
}

/// End `text` with a line break or a space where the next glyphs stand
/// `across` ems off the last baseline and `along` ems after the pen (both
/// readers of a PDF's text place them so): half an em off the baseline, or
/// an em back, is a new line; a sixth of an em of gap is a space.
pub(crate) fn separate(text: &mut String, across: f64, along: f64) {
    let sep = if across > 0.5 || along < -1.0 {
        Some('\n')
    } else if along > 0.15 {
        Some(' ')
    } else {
        None
    };
    if let Some(c) = sep
        && !text.ends_with(char::is_whitespace)
    {
        text.push(c);
    }
}
