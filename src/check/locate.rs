//! Pointing a finding in a built page back to the file a person edits.
//!
//! A rendered page is the theme's templates wrapped around the page's
//! Markdown body. A finding whose tag lies inside the body is looked up in
//! the content file (by the tag as written, for raw HTML, or by the text
//! the author typed: the image's address, the link's text, the heading);
//! a finding outside it is looked up in the templates by the tag's exact
//! text. When neither search finds it, the finding names the content file
//! without a line, or the built page in a note.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceText};
use crate::render::theme::TemplateSource;

/// Where one built page came from.
#[derive(Debug)]
pub(crate) struct PageOrigin {
    /// The site path ("/case-studies/x/"), for notes.
    pub(crate) url_path: String,
    /// The content file, if the page has one.
    pub(crate) content: Option<Content>,
}

/// A content file and the HTML its body became.
#[derive(Debug)]
pub(crate) struct Content {
    pub(crate) file: SourceText,
    /// Where the Markdown body starts in the file.
    pub(crate) body_offset: usize,
    /// The body's HTML, as inserted into the page.
    pub(crate) body_html: String,
}

/// Looks findings up in content files and templates.
pub(crate) struct Locator<'a> {
    templates: Vec<SourceText>,
    origins: &'a HashMap<String, PageOrigin>,
    /// How often a needle was already used on a page, so that the second
    /// "click here" on a page points at the second one in the file.
    used: HashMap<(String, String), usize>,
}

/// Where a finding was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the page's content file (with or without a line).
    Content,
    /// In a template, shared by every page that uses it.
    Template,
    /// Only the built page is known.
    Page,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(
        templates: &BTreeMap<String, TemplateSource>,
        origins: &'a HashMap<String, PageOrigin>,
    ) -> Self {
        // Project templates first: they override the theme's.
        let mut templates: Vec<SourceText> = templates
            .values()
            .map(|t| SourceText::new(t.shown_path.clone(), t.text.clone()))
            .collect();
        templates.sort_by_key(|t| t.path.starts_with("<built-in theme>"));
        Locator {
            templates,
            origins,
            used: HashMap::new(),
        }
    }

    /// Place `d`, found at `span` of the built page `out_file` (text `html`),
    /// using `needles`: the text the author probably typed, best first.
    pub(crate) fn place(
        &mut self,
        d: Diagnostic,
        out_file: &str,
        html: &str,
        span: Range<usize>,
        needles: &[String],
    ) -> (Diagnostic, Place) {
        let origin = self.origins.get(out_file);
        let url = origin.map_or_else(|| format!("/{out_file}"), |o| o.url_path.clone());
        let raw_tag = html.get(span.clone()).unwrap_or("").to_string();
        if let Some(content) = origin.and_then(|o| o.content.as_ref()) {
            let body = (!content.body_html.is_empty())
                .then(|| html.find(&content.body_html))
                .flatten()
                .map(|start| start..start + content.body_html.len());
            if body.is_some_and(|b| b.contains(&span.start)) {
                let body_text = &content.file.text[content.body_offset..];
                let candidates = std::iter::once(&raw_tag).chain(needles);
                for needle in candidates.filter(|n| !n.trim().is_empty()) {
                    let n = self
                        .used
                        .entry((out_file.to_string(), needle.clone()))
                        .or_default();
                    if let Some(at) =
                        nth_find(body_text, needle, *n).or_else(|| body_text.find(needle.as_str()))
                    {
                        *n += 1;
                        return (
                            d.at(&content.file, content.body_offset + at),
                            Place::Content,
                        );
                    }
                }
                return (d.in_file(content.file.path.clone()), Place::Content);
            }
        }
        if !raw_tag.is_empty() {
            for t in &self.templates {
                if let Some(at) = t.text.find(&raw_tag) {
                    return (
                        d.at(t, at).with_note(format!("seen on the page {url}")),
                        Place::Template,
                    );
                }
            }
        }
        let d = d.with_note(format!(
            "in the built page {url}, outside its Markdown text"
        ));
        match origin.and_then(|o| o.content.as_ref()) {
            Some(c) => (d.in_file(c.file.path.clone()), Place::Page),
            None => (d, Place::Page),
        }
    }
}

/// The byte offset of the `n`th (0-based) occurrence of `needle`.
fn nth_find(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.match_indices(needle).nth(n).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn origins() -> HashMap<String, PageOrigin> {
        let text = "+++\ntitle = \"T\"\n+++\n[here](/a/) and [here](/b/)\n".to_string();
        let body_offset = text.find("[here]").unwrap();
        HashMap::from([(
            "x/index.html".to_string(),
            PageOrigin {
                url_path: "/x/".into(),
                content: Some(Content {
                    file: SourceText::new("content/x.md", text),
                    body_offset,
                    body_html: "<p><a href=\"/a/\">here</a> and <a href=\"/b/\">here</a></p>"
                        .into(),
                }),
            },
        )])
    }

    #[test]
    fn points_repeated_findings_at_successive_occurrences() {
        let origins = origins();
        let templates = BTreeMap::from([(
            "base.html".to_string(),
            TemplateSource {
                text: "<html>\n<nav><a href=\"/more/\">More</a></nav>{{ content }}</html>".into(),
                shown_path: "templates/base.html".into(),
            },
        )]);
        let mut locator = Locator::new(&templates, &origins);
        let body = &origins["x/index.html"].content.as_ref().unwrap().body_html;
        let html = format!("<html>\n<nav><a href=\"/more/\">More</a></nav>{body}</html>");
        let first = html.find("<a href=\"/a/\">").unwrap();
        let second = html.find("<a href=\"/b/\">").unwrap();
        let needles = ["[here](".to_string()];
        let (a, pa) = locator.place(
            Diagnostic::warning("vague"),
            "x/index.html",
            &html,
            first..first + 14,
            &needles,
        );
        let (b, _) = locator.place(
            Diagnostic::warning("vague"),
            "x/index.html",
            &html,
            second..second + 14,
            &needles,
        );
        assert_eq!(pa, Place::Content);
        assert_eq!((a.line, a.col, b.line, b.col), (4, 1, 4, 17));
        let nav = html.find("<a href=\"/more/\">").unwrap();
        let (t, place) = locator.place(
            Diagnostic::warning("vague"),
            "x/index.html",
            &html,
            nav..nav + 17,
            &[],
        );
        assert_eq!(place, Place::Template);
        assert_eq!(
            (t.path.unwrap(), t.line),
            (PathBuf::from("templates/base.html"), 2)
        );
    }
}
