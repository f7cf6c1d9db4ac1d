//! The search index: one JSON entry per page (title, path, summary and text cut
//! at the configured limit), written a part at a time as pages are written,
//! with JSON escaping done by hand on the hot path.

use crate::board::output::fill_pack_pages;
use crate::markdown::truncate_chars;
use crate::model::Site;
use crate::output::Sink;
use std::collections::BTreeMap;

/// `search-index.json`, written a part at a time as entries come:
/// `{"pages":[entry,entry,...]}`.
pub(super) struct SearchIndex {
    /// Whether this build writes it.
    pub(super) on: bool,
    pub(super) part: String,
    /// Bytes gathered before a part is written.
    pub(super) part_size: usize,
    pub(super) first: bool,
}

impl SearchIndex {
    const FILE: &str = "search-index.json";
    /// Bytes gathered before a part is written to a folder.
    pub(super) const PART: usize = 4 << 20;

    pub(super) fn new(on: bool, part_size: usize) -> SearchIndex {
        SearchIndex {
            on,
            part: String::new(),
            part_size,
            first: true,
        }
    }

    pub(super) fn begin(&mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if self.on {
            sink.append(Self::FILE, b"{\"pages\":[")?;
        }
        Ok(())
    }

    pub(super) fn push(&mut self, entry: &str, sink: &mut dyn Sink) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        if !std::mem::take(&mut self.first) {
            self.part.push(',');
        }
        self.part.push_str(entry);
        if self.part.len() >= self.part_size {
            sink.append(Self::FILE, self.part.as_bytes())?;
            self.part.clear();
        }
        Ok(())
    }

    pub(super) fn end(&mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if self.on {
            self.part.push_str("]}");
            sink.append(Self::FILE, self.part.as_bytes())?;
            self.part = String::new();
        }
        Ok(())
    }
}

/// The entries of the search index, each as JSON: the pages first, in the
/// order of [`Site::pages`] (so page `i` is entry `i`), then open roles,
/// then papers.
pub(crate) fn search_entries(site: &Site) -> Vec<String> {
    let mut entries = crate::par::map(&site.pages, |p| search_entry(site, p));
    entries.extend(other_search_entries(site));
    entries
}

/// The search index entries of what the products publish besides pages
/// (open roles, papers), as JSON.
pub(super) fn other_search_entries(site: &Site) -> impl Iterator<Item = String> + '_ {
    let c = &site.config;
    let limit = c.search.text_limit;
    let roles = crate::roles::searchable(&site.roles);
    let board = site.board.searchable(limit);
    roles.chain(board).map(|s| {
        SearchEntry {
            title: s.title,
            url: c.url(s.path),
            kind: s.kind,
            summary: s.summary,
            text: s.text,
            terms: Vec::new(),
        }
        .json()
    })
}

/// The search index entry of one page whose body is kept, as JSON.
pub(crate) fn search_entry(site: &Site, p: &crate::model::Page) -> String {
    search_entry_with(site, p, &p.body.plain_text)
}

/// The search index entry of page `p` with the text `text`, as JSON.
pub(super) fn search_entry_with(site: &Site, p: &crate::model::Page, text: &str) -> String {
    let c = &site.config;
    SearchEntry {
        title: &p.title,
        url: c.url(&p.path),
        kind: p.kind.as_str(),
        summary: p.summary.as_deref().or(p.description.as_deref()),
        text: truncate_chars(text, c.search.text_limit),
        terms: p.terms.values().flatten().map(String::as_str).collect(),
    }
    .json()
}

/// `search-index.json` from its entries: `{"pages":[entry,entry,...]}`.
pub(crate) fn join_search_index(
    entries: &[String],
    pack_pages: &BTreeMap<String, usize>,
) -> String {
    let index = format!("{{\"pages\":[{}]}}", entries.join(","));
    fill_pack_pages(index, pack_pages)
}

/// One entry of `search-index.json`. Written by hand as serde_json would
/// write it (tests compare the two): the index escapes megabytes of page
/// text, and a scan of 16 bytes at a time for the few that need escaping is
/// several times cheaper than serde_json's table lookup per byte.
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct SearchEntry<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) kind: &'static str,
    pub(super) summary: Option<&'a str>,
    pub(super) text: &'a str,
    pub(super) terms: Vec<&'a str>,
}

impl SearchEntry<'_> {
    pub(super) fn json(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 256);
        out.push_str("{\"title\":");
        json_string(&mut out, self.title);
        out.push_str(",\"url\":");
        json_string(&mut out, &self.url);
        out.push_str(",\"kind\":");
        json_string(&mut out, self.kind);
        out.push_str(",\"summary\":");
        match self.summary {
            Some(summary) => json_string(&mut out, summary),
            None => out.push_str("null"),
        }
        out.push_str(",\"text\":");
        json_string(&mut out, self.text);
        out.push_str(",\"terms\":[");
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, term);
        }
        out.push_str("]}");
        out
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
