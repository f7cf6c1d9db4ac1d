//! The search index: what each page offers a search (title, address, kind,
//! summary, terms and text cut at the configured limit), indexed on the
//! thread that renders the page, then written as a split index under
//! `search/` ([`index`]) as pages are written, so that a search downloads
//! only the words it looks for ([`words`] cuts words as `search.js` does).

mod index;
mod words;

pub(crate) use index::{IndexedPage, SearchIndex, write_search_index};

use crate::board::output::fill_pack_pages;
use crate::markdown::truncate_chars;
use crate::model::Site;
use std::collections::BTreeMap;

/// The entries of the search index: the pages first, in the order of
/// [`Site::pages`] (so page `i` is entry `i`), then open roles, then papers.
pub(crate) fn search_entries(
    site: &Site,
    pack_pages: &BTreeMap<String, usize>,
) -> Vec<IndexedPage> {
    let mut entries = crate::par::map(&site.pages, |p| search_entry(site, p, pack_pages));
    entries.extend(other_search_entries(site, pack_pages).map(|(entry, _)| entry));
    entries
}

/// The search index entries of what the products publish besides pages
/// (open roles, papers), each with the text it was made of.
pub(super) fn other_search_entries<'a>(
    site: &'a Site,
    pack_pages: &'a BTreeMap<String, usize>,
) -> impl Iterator<Item = (IndexedPage, &'a str)> + 'a {
    let c = &site.config;
    let limit = c.search.text_limit;
    let roles = crate::roles::searchable(&site.roles);
    let board = site.board.searchable(limit);
    roles.chain(board).map(move |s| {
        let entry = SearchEntry {
            title: s.title,
            url: c.url(s.path),
            kind: s.kind,
            summary: s.summary,
            text: s.text,
            terms: Vec::new(),
        };
        (entry.index(pack_pages), s.text)
    })
}

/// The search index entry of one page whose body is kept.
pub(crate) fn search_entry(
    site: &Site,
    p: &crate::model::Page,
    pack_pages: &BTreeMap<String, usize>,
) -> IndexedPage {
    page_entry(site, p, &p.body.plain_text).index(pack_pages)
}

/// What the search index holds of page `p` with the text `text`.
pub(super) fn page_entry<'a>(
    site: &Site,
    p: &'a crate::model::Page,
    text: &'a str,
) -> SearchEntry<'a> {
    let c = &site.config;
    SearchEntry {
        title: &p.title,
        url: c.url(&p.path),
        kind: p.kind.as_str(),
        summary: p.summary.as_deref().or(p.description.as_deref()),
        text: truncate_chars(text, c.search.text_limit),
        terms: p.terms.values().flatten().map(String::as_str).collect(),
    }
}

/// The file the leak guard names when a page's indexed text holds a
/// withheld passage: the word chunks are made of that text.
pub(crate) const SEARCH_WORDS: &str = "search/words/";

/// What the search index holds of one page, before it is indexed.
#[cfg_attr(test, derive(serde::Serialize))]
pub(crate) struct SearchEntry<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) kind: &'static str,
    pub(crate) summary: Option<&'a str>,
    /// The text, cut at `[search] text_limit`.
    pub(crate) text: &'a str,
    pub(crate) terms: Vec<&'a str>,
}

impl SearchEntry<'_> {
    /// The entry indexed, with board-pack page numbers where `ref`
    /// shortcodes left placeholders.
    pub(crate) fn index(&self, pack_pages: &BTreeMap<String, usize>) -> IndexedPage {
        let fill = |s: &str| -> Option<String> {
            memchr::memmem::find(s.as_bytes(), b"DOSSIERPACKPAGE")
                .map(|_| fill_pack_pages(s.to_string(), pack_pages))
        };
        let title = fill(self.title);
        let summary = self
            .summary
            .map(|s| fill(s).unwrap_or_else(|| s.to_string()));
        let text = fill(self.text);
        IndexedPage::new(
            title.as_deref().unwrap_or(self.title),
            &self.url,
            self.kind,
            summary.as_deref(),
            text.as_deref().unwrap_or(self.text),
            &self.terms,
        )
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`
/// with a backslash; control characters below 0x20 as `\b`, `\t`, `\n`,
/// `\f`, `\r` or `\u00xx`; every other character as it is.
pub(super) fn json_string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    out.push('"');
    let mut start = 0;
    // 16 bytes at a time: a run with nothing to escape is checked without
    // branches and skipped; only a run with something is looked at byte by
    // byte.
    for (n, chunk) in bytes.chunks(16).enumerate() {
        if !chunk.iter().fold(false, |seen, &b| seen | special(b)) {
            continue;
        }
        for (k, &b) in chunk.iter().enumerate() {
            if !special(b) {
                continue;
            }
            let at = n * 16 + k;
            // `at` is at an ASCII byte, so both slices end on characters.
            out.push_str(&s[start..at]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            start = at + 1;
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}
