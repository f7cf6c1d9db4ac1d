//! Reading rendered HTML for `dossier check`: one pass of a WHATWG tokenizer
//! (html5gum) over each page, collecting accessibility problems, the page's
//! ids (for anchor checks) and its links.
//!
//! A tokenizer, not a tree builder, is enough: every lint here follows the
//! document order (a heading after a heading, the text inside a link, a cell
//! inside a table), and dossier's own pages are well-formed. Every finding
//! keeps the byte span of its tag in the page, so the caller can tell
//! whether it came from the Markdown body or from the theme's templates.

use std::collections::BTreeSet;
use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// An accessibility problem found in one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Issue {
    /// `<img>` with no `alt` attribute.
    ImageWithoutAlt { src: String },
    /// A heading more than one level below the heading before it.
    SkippedHeading { from: u8, to: u8, text: String },
    /// A link with no text for screen readers.
    EmptyLink { href: String },
    /// A link whose text says nothing out of context.
    VagueLink { href: String, text: String },
    /// A `<table>` with no `<th>` cell.
    TableWithoutHeaders { first_cell: String },
    /// `<html>` with no `lang`, or no `<html>` at all.
    MissingLang,
}

/// An issue and where its tag is in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlFinding {
    pub(crate) issue: Issue,
    /// The byte span of the tag that starts the element.
    pub(crate) span: Range<usize>,
}

/// A link, image, stylesheet or script address in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) url: String,
    /// The visible text of an `<a>` (empty for other tags).
    pub(crate) text: String,
    pub(crate) span: Range<usize>,
}

/// What one page says.
#[derive(Debug, Default)]
pub(crate) struct PageFacts {
    pub(crate) issues: Vec<HtmlFinding>,
    /// Every `id` (and `<a name>`), for `#fragment` checks.
    pub(crate) ids: BTreeSet<String>,
    pub(crate) links: Vec<Link>,
}

/// Link texts that mean nothing when read out of context, as in a screen
/// reader's list of links (compared after lower-casing and trimming
/// punctuation).
pub(crate) const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "link",
    "this link",
    "learn more",
    "more information",
    "more info",
    "this page",
    "go",
];

/// An element whose text is being collected.
struct Open {
    kind: OpenKind,
    span: Range<usize>,
    text: String,
}

enum OpenKind {
    Heading(u8),
    Link { href: String, label: Option<String> },
}

struct Table {
    span: Range<usize>,
    has_header: bool,
    first_cell: Option<String>,
    in_cell: bool,
}

/// Tokenize `html` and collect its facts.
pub(crate) fn read_page(html: &str) -> PageFacts {
    let mut facts = PageFacts::default();
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut saw_html = false;
    let mut last_heading = 0u8;
    let mut open: Vec<Open> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();

    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = tag.span.start..tag.span.end;
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                if let Some(id) = attr("id") {
                    facts.ids.insert(id);
                }
                match name.as_str() {
                    "html" => {
                        saw_html = true;
                        if attr("lang").is_none_or(|l| l.trim().is_empty()) {
                            facts.issues.push(HtmlFinding {
                                issue: Issue::MissingLang,
                                span,
                            });
                        }
                    }
                    "img" => {
                        let src = attr("src").unwrap_or_default();
                        let hidden = attr("aria-hidden").as_deref() == Some("true")
                            || matches!(attr("role").as_deref(), Some("presentation" | "none"));
                        if attr("alt").is_none() && !hidden {
                            facts.issues.push(HtmlFinding {
                                issue: Issue::ImageWithoutAlt { src: src.clone() },
                                span: span.clone(),
                            });
                        }
                        // An image inside a link speaks for the link.
                        let alt = attr("alt").unwrap_or_default();
                        for o in &mut open {
                            o.text.push(' ');
                            o.text.push_str(&alt);
                        }
                        for t in &mut tables {
                            if t.in_cell {
                                t.first_cell.get_or_insert_with(String::new).push_str(&alt);
                            }
                        }
                        if !src.is_empty() {
                            facts.links.push(Link {
                                url: src,
                                text: String::new(),
                                span,
                            });
                        }
                    }
                    "a" => {
                        if let Some(name) = attr("name") {
                            facts.ids.insert(name);
                        }
                        if let Some(href) = attr("href") {
                            let label = attr("aria-label")
                                .or_else(|| attr("aria-labelledby").map(|_| "labelled".into()));
                            open.push(Open {
                                kind: OpenKind::Link { href, label },
                                span,
                                text: String::new(),
                            });
                        }
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        let level = name.as_bytes()[1] - b'0';
                        open.push(Open {
                            kind: OpenKind::Heading(level),
                            span,
                            text: String::new(),
                        });
                    }
                    "link" | "script" | "source" | "iframe" => {
                        let key = if name == "link" { "href" } else { "src" };
                        if let Some(url) = attr(key) {
                            facts.links.push(Link {
                                url,
                                text: String::new(),
                                span,
                            });
                        }
                    }
                    "table" => tables.push(Table {
                        span,
                        has_header: false,
                        first_cell: None,
                        in_cell: false,
                    }),
                    "th" => {
                        if let Some(t) = tables.last_mut() {
                            t.has_header = true;
                        }
                    }
                    "td" => {
                        if let Some(t) = tables.last_mut() {
                            t.in_cell = t.first_cell.as_ref().is_none_or(|c| c.trim().is_empty());
                        }
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "a" => {
                        if let Some(i) = open
                            .iter()
                            .rposition(|o| matches!(o.kind, OpenKind::Link { .. }))
                        {
                            let o = open.remove(i);
                            finish_link(o, &mut facts);
                        }
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        if let Some(i) = open
                            .iter()
                            .rposition(|o| matches!(o.kind, OpenKind::Heading(_)))
                        {
                            let o = open.remove(i);
                            let OpenKind::Heading(level) = o.kind else {
                                unreachable!()
                            };
                            if level > last_heading + 1 {
                                facts.issues.push(HtmlFinding {
                                    issue: Issue::SkippedHeading {
                                        from: last_heading,
                                        to: level,
                                        text: squash(&o.text),
                                    },
                                    span: o.span,
                                });
                            }
                            last_heading = level;
                        }
                    }
                    "td" => {
                        if let Some(t) = tables.last_mut() {
                            t.in_cell = false;
                        }
                    }
                    "table" => {
                        if let Some(t) = tables.pop()
                            && !t.has_header
                        {
                            facts.issues.push(HtmlFinding {
                                issue: Issue::TableWithoutHeaders {
                                    first_cell: squash(&t.first_cell.unwrap_or_default()),
                                },
                                span: t.span,
                            });
                        }
                    }
                    _ => {}
                }
            }
            Token::String(s) => {
                let text = String::from_utf8_lossy(&s.value);
                for o in &mut open {
                    o.text.push_str(&text);
                }
                for t in &mut tables {
                    if t.in_cell {
                        t.first_cell.get_or_insert_with(String::new).push_str(&text);
                    }
                }
            }
            _ => {}
        }
    }
    // Links left open at the end of the file still count.
    for o in open.drain(..) {
        if matches!(o.kind, OpenKind::Link { .. }) {
            finish_link(o, &mut facts);
        }
    }
    if !saw_html {
        facts.issues.push(HtmlFinding {
            issue: Issue::MissingLang,
            span: 0..0,
        });
    }
    facts
}

fn finish_link(o: Open, facts: &mut PageFacts) {
    let OpenKind::Link { href, label } = o.kind else {
        return;
    };
    let text = squash(&o.text);
    let spoken = label.clone().unwrap_or_else(|| text.clone());
    if spoken.is_empty() {
        facts.issues.push(HtmlFinding {
            issue: Issue::EmptyLink { href: href.clone() },
            span: o.span.clone(),
        });
    } else if is_vague(&spoken) {
        facts.issues.push(HtmlFinding {
            issue: Issue::VagueLink {
                href: href.clone(),
                text: spoken,
            },
            span: o.span.clone(),
        });
    }
    facts.links.push(Link {
        url: href,
        text,
        span: o.span,
    });
}

/// Whether link text is one of [`VAGUE_LINK_TEXTS`].
pub(crate) fn is_vague(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace() || c == '…')
        .to_lowercase();
    VAGUE_LINK_TEXTS.contains(&t.as_str())
}

/// Collapse runs of whitespace, as a browser shows text.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(html: &str) -> Vec<Issue> {
        read_page(html)
            .issues
            .into_iter()
            .map(|f| f.issue)
            .collect()
    }

    const OK: &str = "<!DOCTYPE html><html lang=\"en-GB\"><body><h1>T</h1><h2>S</h2>\
        <p><a href=\"/x/\">The <em>joint</em> posts</a> <img src=\"a.png\" alt=\"\"></p>\
        <table><tr><th>A</th></tr><tr><td>1</td></tr></table></body></html>";

    #[test]
    fn a_good_page_has_no_issues() {
        assert_eq!(issues(OK), []);
        let facts = read_page(OK);
        assert_eq!(facts.links[0].text, "The joint posts");
        assert_eq!(facts.links[1].url, "a.png");
    }

    #[test]
    fn finds_each_accessibility_problem() {
        let html = "<html><body><h1>T</h1><h3 id=\"x\">Deep &amp; low</h3>\
            <a href=\"/a/\">Click here!</a><a href=\"/b/\"> </a><a href=\"/c/\"><img src=\"i.png\"></a>\
            <a href=\"/d/\" aria-label=\"Annual report 2025\">here</a>\
            <table><tr><td>Council</td><td>50%</td></tr></table></body></html>";
        assert_eq!(
            issues(html),
            [
                Issue::MissingLang,
                Issue::SkippedHeading {
                    from: 1,
                    to: 3,
                    text: "Deep & low".into()
                },
                Issue::VagueLink {
                    href: "/a/".into(),
                    text: "Click here!".into()
                },
                Issue::EmptyLink { href: "/b/".into() },
                Issue::ImageWithoutAlt {
                    src: "i.png".into()
                },
                Issue::EmptyLink { href: "/c/".into() },
                Issue::TableWithoutHeaders {
                    first_cell: "Council".into()
                },
            ]
        );
        assert!(read_page(html).ids.contains("x"));
    }

    #[test]
    fn text_inside_scripts_is_not_markup() {
        let html = "<html lang=\"en\"><script>if (a <h3) {}</script><h1>T</h1></html>";
        assert_eq!(issues(html), []);
    }

    #[test]
    fn vague_text_ignores_case_and_punctuation() {
        assert!(is_vague("Read more…"));
        assert!(is_vague(" HERE. "));
        assert!(!is_vague("Read more about the Knowsley partnership"));
    }
}
