//! The text a reader gets from a PDF, for the leak guard: every page's
//! glyphs mapped to Unicode (ToUnicode maps and font encodings) by
//! hayro-interpret, which the Typst tree already builds. Spaces are put where
//! glyphs are visibly apart (PDFs need not have space glyphs), line breaks
//! where the baseline moves. Text that a reader cannot select or see is out
//! of reach: clip-only text, hidden optional content, ActualText spans.
use crate::pdf::text::separate;
use hayro_interpret::font::{FontData, Glyph};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect, Vec2};
use std::sync::Arc;

#[derive(Debug)]
pub(crate) enum PdfTextError {
    /// Encrypted with a user password (or an unsupported/invalid scheme).
    Encrypted,
    /// Not a PDF, or damaged beyond hayro's xref repair.
    Invalid,
}

/// The text of every page, in content-stream order, one string per page.
/// A space is inserted where glyphs are visibly apart, a newline where the
/// baseline changes. `unmapped` counts glyphs with no Unicode (no ToUnicode
/// and no usable encoding): if it is high, the text cannot be checked.
pub(crate) fn pdf_text(data: Vec<u8>) -> Result<(Vec<String>, usize), PdfTextError> {
    let pdf = Pdf::new(data).map_err(|e| match e {
        LoadPdfError::Decryption(_) => PdfTextError::Encrypted,
        LoadPdfError::Invalid => PdfTextError::Invalid,
    })?;
    let cache = InterpreterCache::new();
    let settings = InterpreterSettings {
        // Non-embedded fonts (the standard 14, Arial...) need *some* font
        // program or hayro drops their text; the glyph shapes do not matter.
        font_resolver: Arc::new(|_| Some((Arc::new(dejavu::sans::regular()) as FontData, 0))),
        render_annotations: true, // form fields, stamps
        ..InterpreterSettings::default()
    };
    let mut out = TextSink {
        text: String::new(),
        last: None,
        unmapped: 0,
    };
    let mut pages = Vec::new();
    for page in pdf.pages().iter() {
        let mut ctx = Context::new(
            Affine::IDENTITY,
            Rect::new(0.0, 0.0, 1.0, 1.0),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        interpret_page(page, &mut ctx, &mut out);
        pages.push(std::mem::take(&mut out.text));
        out.last = None;
    }
    Ok((pages, out.unmapped))
}

struct TextSink {
    text: String,
    /// Previous glyph: its origin, pen position after it, baseline direction, em size.
    last: Option<(Point, Point, Vec2, f64)>,
    unmapped: usize,
}

impl Device<'_> for TextSink {
    fn draw_glyph(
        &mut self,
        g: &Glyph<'_>,
        t: Affine,
        gt: Affine,
        _: &Paint<'_>,
        _: &GlyphDrawMode,
    ) {
        let m = t * gt; // glyph space (1000 units per em) -> user space
        let origin = m * Point::ORIGIN;
        let adv = match g {
            Glyph::Outline(o) => o.advance_width().unwrap_or(500.0) as f64,
            Glyph::Type3(_) => 500.0,
        };
        let end = m * Point::new(adv, 0.0);
        let em = (m * Point::new(0.0, 1000.0) - origin).hypot().max(0.01);
        let dir = (m * Point::new(1000.0, 0.0) - origin) / em;
        if let Some((p0, pen, d, size)) = self.last {
            let across = (origin - p0).cross(d).abs() / size; // baseline shift
            let along = (origin - pen).dot(d) / size; // gap after previous glyph
            separate(&mut self.text, across, along);
        }
        match g.as_unicode() {
            Some(BfString::Char(c)) => self.text.push(c),
            Some(BfString::String(s)) => self.text.push_str(&s),
            None => {
                self.unmapped += 1;
                self.text.push('\u{FFFD}');
            }
        }
        self.last = Some((origin, end, dir, em));
    }
    fn set_soft_mask(&mut self, _: Option<SoftMask<'_>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'_>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'_>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'_, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

#[cfg(test)]
mod tests {
    use crate::pdf::{Assets, PdfJob, compile_with_pages};

    fn words(pages: &[String]) -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| super::super::words(&super::super::read::pdf_pieces(vec![p.clone()])[1]))
            .collect()
    }

    /// The text dossier takes from a document it typesets (`pdf::text`)
    /// holds every word the PDF's reader gets, in the same order: the same
    /// words for text, and an SVG image's words too.
    #[test]
    fn reads_the_words_a_reader_of_the_pdf_gets() {
        let body = "#set document(title: [Test], date: datetime(year: 2026, month: 12, day: 7))\n\
            #set page(width: 8cm, height: auto, margin: 1cm)\n\
            #set text(lang: \"en\", hyphenate: true)\n#set par(justify: true)\n\
            = Remuneration\nThe panel *ranked* the candidate currently serving as an \
            interim consultant in organisational transformation, and considered \
            _remuneration_ benchmarks for comparable appointments.\n\
            #table(columns: 2, [Item], [Cost], [Pay award], [1.5])\n";
        let svg = "#image(bytes(\"<svg xmlns='http://www.w3.org/2000/svg' width='120' \
            height='20'><text x='0' y='15' font-size='12'>Secret logo words</text></svg>\"), \
            width: 3cm, alt: \"A logo\")\n";
        let assets = Assets::default();
        for (source, with_image) in [(body.to_string(), false), (format!("{body}{svg}"), true)] {
            let job = PdfJob {
                source,
                assets: &assets,
                today: crate::dates::Date::parse_iso("2026-12-07").unwrap(),
                ident: "test".into(),
            };
            let typeset = compile_with_pages(&job, &[]).expect("typesets");
            let laid_out = words(&typeset.text.expect("no PDF image"));
            let (read, _) = super::pdf_text(typeset.pdf).expect("readable");
            let read = words(&read);
            assert!(read.len() > 20, "{read:?}");
            assert!(
                laid_out.iter().any(|w| w == "organisational"),
                "{laid_out:?}"
            );
            if with_image {
                assert!(read.windows(3).any(|w| w == ["secret", "logo", "words"]));
                let mut rest = laid_out.iter();
                let missing: Vec<&String> =
                    read.iter().filter(|w| !rest.any(|x| x == *w)).collect();
                assert!(missing.is_empty(), "{missing:?} not in {laid_out:?}");
            } else {
                assert_eq!(laid_out, read);
            }
        }
    }
}
