//! The one place pulldown-cmark is configured and Markdown becomes HTML.
//!
//! Every caller (pages, organisation `about` text, the `markdown` template
//! filter) goes through here, so Markdown means the same thing everywhere:
//! tables, footnotes, strikethrough, smart punctuation, heading ids (explicit
//! `{#id}` or generated, unique per page), GitHub-style alerts as callouts, a
//! table of contents, a summary split at `<!-- more -->`, shortcodes, the raw
//! HTML policy, and internal `@/` links left as numbered placeholders for the
//! model to resolve once every page's headings are known.

pub mod shortcode;

use std::cell::Cell;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::RawHtml;
use shortcode::Shortcode;

mod links;
mod text;
pub(crate) use links::*;
pub(crate) use text::*;

/// Whether `text` holds `{{` or `{%`, the openers of every shortcode, well
/// formed or not. Most pages have neither, and this runs on every page.
pub(crate) fn may_have_shortcodes(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}

fn shortcode_placeholder(n: usize) -> String {
    format!("DOSSIERSHORTCODE{n}X")
}

/// The one set of pulldown-cmark options: web pages and PDFs read Markdown
/// alike (the PDF markup in `pdf::markup` uses this too).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders shortcodes for the Markdown renderer; implemented by the theme layer.
pub trait ShortcodeHost {
    /// HTML for one shortcode, or (message, hint) when it cannot be rendered.
    fn render(&self, shortcode: &Shortcode) -> Result<String, (String, String)>;
}

/// The host for text with no shortcodes, for tests.
#[cfg(test)]
pub(crate) struct NoShortcodes;

#[cfg(test)]
impl ShortcodeHost for NoShortcodes {
    fn render(&self, shortcode: &Shortcode) -> Result<String, (String, String)> {
        Err((
            format!("the shortcode `{}` cannot be used here", shortcode.name),
            "shortcodes work in the text of pages, case studies and papers".to_string(),
        ))
    }
}

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<Heading>,
}

/// An `@/path#fragment` link found in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    /// Path relative to content/, e.g. "case-studies/knowsley.md".
    pub(crate) target: String,
    pub(crate) fragment: Option<String>,
    /// Byte offset of the link in the Markdown given to [`render`].
    pub(crate) offset: usize,
}

/// Markdown rendered to HTML, with what the rest of the build needs to know.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub(crate) html: String,
    /// The part before `<!-- more -->`, if the marker is present.
    pub(crate) summary_html: Option<String>,
    pub(crate) toc: Vec<Heading>,
    /// Every id a link may point at: headings and footnotes.
    pub(crate) anchors: Vec<String>,
    /// Internal links, numbered as their placeholders in `html`.
    pub(crate) links: Vec<InternalLink>,
    pub(crate) word_count: usize,
    /// The text without markup, for the search index (pages and case
    /// studies in the model keep only its first `[search] text_limit`
    /// characters).
    pub(crate) plain_text: String,
}

/// A problem in the Markdown, at a byte offset of the text given to [`render`].
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) hint: String,
}

/// Render a page body. Problems (bad shortcodes) are returned beside the
/// rendering rather than instead of it, so that the rest of the page (its
/// links, say) is still checked in the same run.
pub fn render(
    src: &str,
    raw_html: RawHtml,
    host: &dyn ShortcodeHost,
) -> (Rendered, Vec<MarkdownError>) {
    // Finding code spans takes a full parse; a page with no `{{` or `{%`
    // has no shortcodes to protect from it, so most pages skip it.
    // Without either opener there is no shortcode, well formed or not.
    let (shortcodes, bad) = if may_have_shortcodes(src) {
        shortcode::find(src, &code_ranges(src))
    } else {
        Default::default()
    };
    let mut errors = Vec::new();
    errors.extend(bad.into_iter().map(|e| MarkdownError {
        offset: e.offset,
        message: e.message,
        hint: e.hint,
    }));
    // Placeholders stand in for shortcodes while pulldown-cmark runs; their
    // HTML goes back in afterwards, so Markdown never mangles it.
    let mut outputs = Vec::with_capacity(shortcodes.len());
    for sc in &shortcodes {
        match host.render(sc) {
            Ok(html) => outputs.push(html),
            Err((message, hint)) => {
                errors.push(MarkdownError {
                    offset: sc.range.start,
                    message,
                    hint,
                });
                outputs.push(String::new());
            }
        }
    }
    let (text, map) = substitute(src, &shortcodes);
    let mut rendered = render_events(&text, raw_html, &map);
    if !outputs.is_empty() {
        rendered.html = restore_shortcodes(rendered.html, &outputs);
        rendered.summary_html = rendered
            .summary_html
            .map(|s| restore_shortcodes(s, &outputs));
    }
    for n in 0..outputs.len() {
        let ph = shortcode_placeholder(n);
        if rendered.plain_text.contains(&ph) {
            rendered.plain_text = rendered.plain_text.replacen(&ph, "", 1);
            rendered.word_count = rendered.word_count.saturating_sub(1);
        }
    }
    (rendered, errors)
}

/// Render a short Markdown string (organisation descriptions, template
/// filters): same options and policy, but no shortcodes or internal links.
pub fn render_simple(src: &str, raw_html: RawHtml) -> String {
    let rendered = render_events(src, raw_html, &OffsetMap::default());
    if rendered.links.is_empty() {
        return rendered.html;
    }
    // Its `@/` links name their targets, for [`fill_target_links`] once
    // every page's address is known.
    let hrefs: Vec<Option<String>> = rendered
        .links
        .iter()
        .map(|l| {
            Some(match &l.fragment {
                Some(f) => format!("{TARGET}{}#{f}", l.target),
                None => format!("{TARGET}{}", l.target),
            })
        })
        .collect();
    fill_links(&rendered.html, &hrefs)
}

/// Byte ranges of code spans and code blocks.
fn code_ranges(src: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Maps offsets in the text with placeholders back to the original source.
#[derive(Debug, Default)]
struct OffsetMap {
    /// (start in new text, placeholder length, start in source, source length)
    segments: Vec<(usize, usize, usize, usize)>,
}

impl OffsetMap {
    fn original(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= offset);
        if i == 0 {
            return offset;
        }
        let (new_start, new_len, old_start, old_len) = self.segments[i - 1];
        if offset < new_start + new_len {
            old_start
        } else {
            offset - (new_start + new_len) + old_start + old_len
        }
    }
}

fn substitute(src: &str, shortcodes: &[Shortcode]) -> (String, OffsetMap) {
    let mut out = String::with_capacity(src.len());
    let mut map = OffsetMap::default();
    let mut last = 0;
    for (n, sc) in shortcodes.iter().enumerate() {
        out.push_str(&src[last..sc.range.start]);
        let ph = shortcode_placeholder(n);
        map.segments
            .push((out.len(), ph.len(), sc.range.start, sc.range.len()));
        out.push_str(&ph);
        last = sc.range.end;
    }
    out.push_str(&src[last..]);
    (out, map)
}

fn restore_shortcodes(html: String, outputs: &[String]) -> String {
    let mut html = html;
    for (n, out) in outputs.iter().enumerate().rev() {
        let ph = shortcode_placeholder(n);
        // A shortcode alone on its line is a block: replace the paragraph
        // pulldown-cmark wrapped around it, so no <p> holds a <figure>.
        let block = format!("<p>{ph}</p>\n");
        if html.contains(&block) {
            html = html.replacen(&block, &format!("{}\n", out.trim_end()), 1);
        } else {
            html = html.replacen(&ph, out.trim(), 1);
        }
    }
    html
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn render_events(src: &str, raw_html: RawHtml, map: &OffsetMap) -> Rendered {
    // Events go straight from the parser to the HTML writer; only a
    // heading's inner events wait (its id comes from its whole text).
    let mut found = PageFindings {
        // Plain text is a little shorter than the source.
        plain: String::with_capacity(src.len()),
        ..PageFindings::default()
    };
    let written = Cell::new(0);
    let summary_at = Cell::new(None);
    let mut html = String::with_capacity(src.len() * 3 / 2);
    let events = Events {
        parser: Parser::new_ext(src, options()).into_offset_iter(),
        raw_html,
        map,
        found: &mut found,
        heading: None,
        waiting: Vec::new(),
        written: &written,
        summary_at: &summary_at,
    };
    let writer = Counted {
        html: &mut html,
        written: &written,
    };
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(writer, events);
    let summary_html = summary_at
        .get()
        .map(|at: usize| align_by_class(html[..at].to_string()));
    Rendered {
        summary_html,
        html: align_by_class(html),
        toc: nest(found.flat_toc),
        anchors: found.anchors,
        links: found.links,
        word_count: found.words,
        plain_text: found.plain,
    }
}

/// A table column's alignment as a class (`<td class="align-right">`), not
/// the inline style the HTML writer gives it: the default theme's
/// Content-Security-Policy lets no inline style apply.
///
/// Each table also goes in a region that scrolls sideways when a narrow
/// screen cannot fit it, so that no word of a cell is broken to make it fit
/// (a data table keeps its two dimensions: WCAG 1.4.10's exception); the
/// region can take the keyboard focus, to scroll it without a mouse.
fn align_by_class(html: String) -> String {
    const STYLE: &str = " style=\"text-align: ";
    let has = |s: &str, part: &str| memchr::memmem::find(s.as_bytes(), part.as_bytes()).is_some();
    let html = if has(&html, "<table>") {
        let html = replace_all(
            &html,
            "<table>",
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>",
        );
        replace_all(&html, "</table>", "</table></div>")
    } else {
        html
    };
    if !has(&html, STYLE) {
        return html;
    }
    ["left", "center", "right"].iter().fold(html, |html, side| {
        replace_all(
            &html,
            &format!("{STYLE}{side}\">"),
            &format!(" class=\"align-{side}\">"),
        )
    })
}

/// `s` with every `from` replaced by `to`, as [`str::replace`] does, found
/// with SIMD (`memchr`): the standard library's search was a tenth of a
/// 10,000-page build's time in this function alone.
fn replace_all(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut last = 0;
    for at in memchr::memmem::find_iter(s.as_bytes(), from.as_bytes()) {
        out.push_str(&s[last..at]);
        out.push_str(to);
        last = at + from.len();
    }
    out.push_str(&s[last..]);
    out
}

/// What the event stream learns about a page on its way to the writer.
#[derive(Default)]
struct PageFindings {
    links: Vec<InternalLink>,
    anchors: Vec<String>,
    flat_toc: Vec<Heading>,
    used_ids: HashSet<String>,
    words: usize,
    plain: String,
}

/// The HTML writer's output, counting what has been written so far, so the
/// event stream can note where `<!-- more -->` falls.
struct Counted<'h> {
    html: &'h mut String,
    written: &'h Cell<usize>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// pulldown-cmark's events, as dossier renders them: internal links as
/// placeholders, headings with unique ids, alerts as callouts, raw HTML
/// after the policy, and the summary marker taken out.
struct Events<'a, 'f> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    raw_html: RawHtml,
    map: &'f OffsetMap,
    found: &'f mut PageFindings,
    heading: Option<OpenHeading<'a>>,
    /// Events ready to hand on, last first (a finished heading).
    waiting: Vec<Event<'a>>,
    written: &'f Cell<usize>,
    summary_at: &'f Cell<Option<usize>>,
}

impl<'a> Iterator for Events<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.waiting.pop() {
                return Some(event);
            }
            let (event, range) = self.parser.next()?;
            // The summary marker, wherever the raw HTML policy would put it.
            // Everything before it has been written when it arrives.
            if let Event::Html(html) = &event
                && self.summary_at.get().is_none()
                && html.trim() == "<!-- more -->"
            {
                self.summary_at.set(Some(self.written.get()));
                continue;
            }
            let event = self.rewrite(event, range.start);
            let found = &mut *self.found;
            if let Event::Text(t) | Event::Code(t) = &event {
                found.words += count_words(t);
                if !found.plain.is_empty() && !found.plain.ends_with(' ') {
                    found.plain.push(' ');
                }
                found.plain.push_str(t);
            }
            match event {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let classes = classes.iter().map(|c| c.to_string()).collect();
                    self.heading = Some((
                        level_number(level),
                        id.map(|i| i.to_string()),
                        classes,
                        Vec::new(),
                    ));
                }
                Event::End(TagEnd::Heading(_)) => {
                    let Some((level, explicit, classes, inner)) = self.heading.take() else {
                        continue;
                    };
                    let title: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(
                        explicit.unwrap_or_else(|| slugify(&title)),
                        &mut found.used_ids,
                    );
                    let class_attr = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                    };
                    self.waiting
                        .push(Event::Html(format!("</h{level}>\n").into()));
                    self.waiting.extend(inner.into_iter().rev());
                    self.waiting.push(Event::Html(
                        format!("<h{level} id=\"{}\"{class_attr}>", escape_attr(&id)).into(),
                    ));
                    found.anchors.push(id.clone());
                    found.flat_toc.push(Heading {
                        level,
                        id,
                        title,
                        children: Vec::new(),
                    });
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = callout(kind);
                    return Some(Event::Html(
                        format!("<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    return Some(Event::Html("</aside>\n".into()));
                }
                Event::Start(Tag::FootnoteDefinition(ref label)) => {
                    found.anchors.push(label.to_string());
                    return Some(event);
                }
                other => match &mut self.heading {
                    Some((.., inner)) => inner.push(other),
                    None => return Some(other),
                },
            }
        }
    }
}

impl<'a> Events<'a, '_> {
    /// Raw HTML after the policy, and `@/` links as numbered placeholders.
    fn rewrite(&mut self, event: Event<'a>, at: usize) -> Event<'a> {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if self.raw_html == RawHtml::Escape => {
                Event::Text(h)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let (target, fragment) = match dest_url.split_once('#') {
                    Some((t, f)) => (t[2..].to_string(), Some(f.to_string())),
                    None => (dest_url[2..].to_string(), None),
                };
                let n = self.found.links.len();
                self.found.links.push(InternalLink {
                    target,
                    fragment,
                    offset: self.map.original(at),
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(link_placeholder(n)),
                    title,
                    id,
                })
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests;
