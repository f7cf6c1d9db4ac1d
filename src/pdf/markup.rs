//! Markdown and plain text to Typst markup, with everything from content
//! escaped so that no Markdown or TOML value can run Typst code or read a
//! file.
//!
//! Escaping rule: in Typst markup a backslash followed by any character other
//! than whitespace or `u{` is that character, literally. So every ASCII
//! punctuation character of content text is written with a backslash in
//! front: `#`, `[`, `]`, `$`, `*`, `_`, `` ` ``, `<`, `>`, `@`, `=`, `-`,
//! `+`, `/`, `:` (no automatic links), `.` (no numbered lists) and the rest.
//! Structure (emphasis, lists, tables, links) is produced by this module as
//! function calls, never copied from the input.

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd,
};

/// Escape text for Typst markup mode.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == '\r' || (c.is_control() && c != '\n' && c != '\t') {
            // Control characters have no place in a document.
        } else {
            out.push(c);
        }
    }
    out
}

/// Escape text for the inside of a Typst string literal `"..."`.
pub(crate) fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Convert Markdown to Typst markup. `heading_offset` shifts heading levels
/// (a `##` in a paper body becomes a level-`2 + offset` heading). Raw HTML is
/// shown as text; images become their alt text (the PDF world only reads
/// theme and project files, named by templates, never by content).
pub fn markdown_to_typst(src: &str, heading_offset: u8) -> String {
    // Footnote definitions are collected first so references can inline them.
    let mut footnotes: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    {
        let mut current: Option<(String, Vec<Event>)> = None;
        for event in Parser::new_ext(src, crate::markdown::options()) {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    current = Some((label.to_string(), Vec::new()))
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, events)) = current.take() {
                        let mut w = Writer::new(heading_offset);
                        for e in events {
                            w.event(e, &std::collections::HashMap::new());
                        }
                        footnotes.insert(label, w.out.trim().to_string());
                    }
                }
                other => {
                    if let Some((_, events)) = &mut current {
                        events.push(other);
                    }
                }
            }
        }
    }
    let mut w = Writer::new(heading_offset);
    let mut in_definition = false;
    for event in Parser::new_ext(src, crate::markdown::options()) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition = true,
            Event::End(TagEnd::FootnoteDefinition) => in_definition = false,
            _ if in_definition => {}
            e => w.event(e, &footnotes),
        }
    }
    w.out.trim().to_string()
}

struct Writer {
    out: String,
    heading_offset: u8,
    /// Open lists: `Some(start)` for numbered ones.
    lists: Vec<Option<u64>>,
    /// Table alignments and whether we are in the header row.
    table: Option<(Vec<Alignment>, bool)>,
    /// Inside a link: URL.
    link: Vec<String>,
    in_image: usize,
    in_code_block: bool,
}

impl Writer {
    fn new(heading_offset: u8) -> Self {
        Writer {
            out: String::new(),
            heading_offset,
            lists: Vec::new(),
            table: None,
            link: Vec::new(),
            in_image: 0,
            in_code_block: false,
        }
    }

    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blank_line(&mut self) {
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn indent(&self) -> String {
        "  ".repeat(self.lists.len().saturating_sub(1))
    }

    fn event(&mut self, event: Event, footnotes: &std::collections::HashMap<String, String>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if self.in_code_block {
                    self.out.push_str(&escape_string(&t));
                } else {
                    self.out.push_str(&escape_markup(&t));
                }
            }
            Event::Code(t) => {
                self.out.push_str("#raw(\"");
                self.out.push_str(&escape_string(&t));
                self.out.push_str("\")");
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                // Raw HTML has no meaning in a PDF: keep any text, never markup.
                if t.trim() != "<!-- more -->" {
                    self.out.push_str(&escape_markup(&t));
                }
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str(" \\\n"),
            Event::Rule => {
                self.blank_line();
                self.out.push_str("#line(length: 100%)\n\n");
            }
            Event::FootnoteReference(label) => {
                let text = footnotes.get(label.as_ref()).cloned().unwrap_or_default();
                self.out.push_str("#footnote[");
                self.out.push_str(&text);
                self.out.push(']');
            }
            Event::TaskListMarker(done) => self.out.push_str(if done { "☒ " } else { "☐ " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.out.push_str(&escape_markup(&t)),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                if self.lists.is_empty() && self.table.is_none() {
                    self.blank_line();
                }
            }
            Tag::Heading { level, .. } => {
                self.blank_line();
                let n = heading_number(level) + self.heading_offset;
                self.out.push_str(&"=".repeat(usize::from(n.min(6))));
                self.out.push(' ');
            }
            Tag::BlockQuote(kind) => {
                self.blank_line();
                match kind {
                    Some(k) => {
                        let (title, colour) = match k {
                            BlockQuoteKind::Note => ("Note", "rgb(\"#1d4f91\")"),
                            BlockQuoteKind::Tip => ("Tip", "rgb(\"#00703c\")"),
                            BlockQuoteKind::Important => ("Important", "rgb(\"#5a2d82\")"),
                            BlockQuoteKind::Warning => ("Warning", "rgb(\"#8a4b00\")"),
                            BlockQuoteKind::Caution => ("Caution", "rgb(\"#b10e1e\")"),
                        };
                        self.out.push_str(&format!(
                            "#block(width: 100%, inset: 8pt, stroke: (left: 3pt + {colour}), fill: luma(245))[*{title}:* "
                        ));
                    }
                    None => self.out.push_str("#quote(block: true)["),
                }
            }
            Tag::CodeBlock(kind) => {
                self.blank_line();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.is_empty() => format!(
                        ", lang: \"{}\"",
                        escape_string(l.split_whitespace().next().unwrap_or(""))
                    ),
                    _ => String::new(),
                };
                self.out.push_str(&format!("#raw(block: true{lang}, \""));
                self.in_code_block = true;
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.blank_line();
                } else {
                    self.newline();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.newline();
                let indent = self.indent();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                self.out.push_str(&indent);
                self.out.push_str(&marker);
            }
            Tag::Table(alignments) => {
                self.blank_line();
                let cols = alignments.len().max(1);
                let align: Vec<&str> = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                        _ => "left",
                    })
                    .collect();
                self.out.push_str(&format!(
                    "#table(columns: {cols}, align: ({}), stroke: 0.5pt + luma(160), inset: 5pt,\n",
                    align.join(", ") + if cols == 1 { "," } else { "" }
                ));
                self.table = Some((alignments, false));
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.1 = true;
                }
                self.out.push_str("  table.header(");
            }
            Tag::TableRow => self.out.push_str("  "),
            Tag::TableCell => {
                let header = self.table.as_ref().is_some_and(|t| t.1);
                self.out.push_str(if header { "[*" } else { "[" });
            }
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                let external = crate::config::is_web_address(&url) || url.starts_with("mailto:");
                if external {
                    self.out
                        .push_str(&format!("#link(\"{}\")[", escape_string(&url)));
                } else {
                    self.out.push('[');
                }
                self.link.push(url);
            }
            Tag::Image { .. } => {
                self.in_image += 1;
                self.out.push_str("#emph[");
            }
            Tag::FootnoteDefinition(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {}
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.newline()
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.lists.is_empty() && self.table.is_none() {
                    self.blank_line();
                } else if !self.lists.is_empty() {
                    self.out.push(' ');
                }
            }
            TagEnd::Heading(_) => self.blank_line(),
            TagEnd::BlockQuote(_) => {
                let trimmed = self.out.trim_end().len();
                self.out.truncate(trimmed);
                self.out.push_str("]\n\n");
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.out.push_str("\")\n\n");
            }
            TagEnd::List(_) => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank_line();
                }
            }
            TagEnd::Item => {}
            TagEnd::Table => {
                self.out.push_str(")\n\n");
                self.table = None;
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.1 = false;
                }
                self.out.push_str("),\n");
            }
            TagEnd::TableRow => self.out.push('\n'),
            TagEnd::TableCell => {
                let header = self.table.as_ref().is_some_and(|t| t.1);
                self.out.push_str(if header { "*], " } else { "], " });
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => self.out.push(']'),
            TagEnd::Link => {
                self.link.pop();
                self.out.push(']');
            }
            TagEnd::Image => {
                self.in_image -= 1;
                self.out.push(']');
            }
            _ => {}
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_typst_special_character() {
        assert_eq!(
            escape_markup("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(
            escape_markup("a_b *c* $x$ <y> @z [w] = - + ` ~"),
            "a\\_b \\*c\\* \\$x\\$ \\<y\\> \\@z \\[w\\] \\= \\- \\+ \\` \\~"
        );
        assert_eq!(escape_markup("1. https://x"), "1\\. https\\:\\/\\/x");
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(escape_string("a \"b\" \\ c\n"), "a \\\"b\\\" \\\\ c\\n");
    }

    #[test]
    fn converts_structure_to_functions_and_escapes_text() {
        let t = markdown_to_typst(
            "## Role *purpose*\n\nLead **#1** services.\n\n- one\n- two\n",
            0,
        );
        assert_eq!(
            t,
            "== Role #emph[purpose]\n\nLead #strong[\\#1] services\\.\n\n- one\n- two"
        );
    }

    #[test]
    fn tables_links_and_footnotes() {
        let t = markdown_to_typst(
            "| A | B |\n|---|--:|\n| x | 1 |\n\nSee [site](https://e.org) and [page](/x/).[^1]\n\n[^1]: Note.\n",
            0,
        );
        assert!(
            t.contains("#table(columns: 2, align: (left, right), "),
            "{t}"
        );
        assert!(t.contains("table.header([*A*], [*B*], ),"), "{t}");
        assert!(t.contains("[x], [1], "), "{t}");
        assert!(t.contains("#link(\"https://e.org\")[site]"), "{t}");
        assert!(t.contains("[page]"), "{t}");
        assert!(t.contains("#footnote[Note\\.]"), "{t}");
    }

    #[test]
    fn raw_html_and_code_stay_inert() {
        let t = markdown_to_typst("<script>#read(\"x\")</script>\n\n`#eval(\"1\")`\n", 0);
        assert!(!t.contains("#read("), "{t}");
        assert!(t.contains("#raw(\"#eval(\\\"1\\\")\")"), "{t}");
    }
}
