//! The split search index under `search/`: what a search downloads is a
//! small table of contents, the few word chunks its words fall in, and the
//! details of the twenty pages it shows, never the whole site's text.
//!
//! - `search/index.json`: `{"version":1,"edition":E,"pages":N,
//!   "per_fragment":F,"chunks":[first word of each chunk]}`, `E` a hash of
//!   the other files (fetched as `words/K.json?v=E`, so that a browser
//!   holding an older chunk in its cache fetches the new one).
//! - `search/words/K.json`: `[[word, postings], ...]`, words in JavaScript's
//!   order, each chunk at most [`CHUNK_BYTES`] (a word whose postings are
//!   longer has a chunk of its own), cut where the words say
//!   ([`starts_chunk`]).
//! - `search/pages/K.json`: `[[title, url, kind, summary], ...]` for pages
//!   `K*F` to `K*F+F-1`.
//!
//! Postings list the pages a word is in, in order: each as one number, the
//! gap from the page before (the first from -1) times 16 plus the fields it
//! is in ([`TITLE`], [`TERMS`], [`SUMMARY`], [`TEXT`]), written in base 32
//! with the digits of [`DIGITS`]: the first 32 carry five bits and mean "more
//! digits follow", the last 32 end the number. A word on every page costs
//! one character a page.
//!
//! Pages are added in order as the build writes them; their details are
//! written a fragment at a time, so only the words' postings (a few bytes a
//! page and word) are kept until the end.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Maps of words, with [`WordHasher`].
type Words<V> = HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// One page's words, most of them parts of its text.
type PageWords<'a> = HashMap<Cow<'a, str>, u8, BuildHasherDefault<WordHasher>>;

use super::words::{for_each_word, js_order};
use super::{SEARCH_WORDS, json_string};
use crate::output::Sink;

/// Field bits of a posting.
pub(crate) const TITLE: u8 = 1;
pub(crate) const TERMS: u8 = 2;
pub(crate) const SUMMARY: u8 = 4;
pub(crate) const TEXT: u8 = 8;

/// Posting digits: `DIGITS[d]` for a digit `d` that more digits follow,
/// `DIGITS[32 + d]` for the last.
pub(crate) const DIGITS: &[u8; 64] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// A word chunk's size bound, in bytes.
pub(crate) const CHUNK_BYTES: usize = 16 * 1024;

/// Pages a details fragment holds: twenty results fetch at most twenty
/// fragments, each a few kilobytes.
pub(crate) const PER_FRAGMENT: usize = 8;

/// The folder the index is written to.
pub(crate) const FOLDER: &str = "search";

/// One page as the index holds it, made on the thread that renders it.
#[derive(Debug, Clone)]
pub(crate) struct IndexedPage {
    /// `[title, url, kind, summary]` as JSON.
    pub(crate) details: String,
    /// Its distinct words, in no order, each followed by one byte of field
    /// bits (as a `char` below 16) and no separator.
    words: String,
}

impl IndexedPage {
    /// The page with these fields (`text` already cut to the limit).
    pub(crate) fn new(
        title: &str,
        url: &str,
        kind: &str,
        summary: Option<&str>,
        text: &str,
        terms: &[&str],
    ) -> IndexedPage {
        let mut details = String::with_capacity(64 + title.len() + url.len());
        details.push('[');
        json_string(&mut details, title);
        details.push(',');
        json_string(&mut details, url);
        details.push(',');
        json_string(&mut details, kind);
        details.push(',');
        match summary {
            Some(s) => json_string(&mut details, s),
            None => details.push_str("null"),
        }
        details.push(']');

        let mut found = PageWords::with_capacity_and_hasher(512, Default::default());
        gather(&mut found, title, TITLE);
        for term in terms {
            gather(&mut found, term, TERMS);
        }
        gather(&mut found, summary.unwrap_or(""), SUMMARY);
        gather(&mut found, text, TEXT);
        // In the map's order: the index sorts the words it writes, and
        // each word's postings are in page order whatever order a page's
        // words come in.
        let mut words = String::with_capacity(found.keys().map(|w| w.len() + 1).sum());
        for (word, bits) in found {
            words.push_str(&word);
            words.push(char::from(bits));
        }
        IndexedPage { details, words }
    }

    /// Its words and their field bits.
    fn words(&self) -> impl Iterator<Item = (&str, u8)> {
        let bytes = self.words.as_bytes();
        let mut start = 0;
        (0..bytes.len()).filter_map(move |i| {
            let b = bytes[i];
            (b < 16).then(|| {
                let word = &self.words[start..i];
                start = i + 1;
                (word, b)
            })
        })
    }
}

/// Note each word of `text` in `found` as being in `field`.
fn gather<'a>(found: &mut PageWords<'a>, text: &'a str, field: u8) {
    // One look-up a word: most words are borrowed, so the key costs
    // nothing to make.
    for_each_word(text, |w| *found.entry(w).or_default() |= field);
}

/// A word's postings so far.
#[derive(Default)]
struct Postings {
    /// The last page it is in, plus one (0: none yet).
    next: u32,
    digits: Vec<u8>,
}

impl Postings {
    fn add(&mut self, page: u32, bits: u8) {
        let gap = u64::from(page + 1 - self.next);
        self.next = page + 1;
        push_number(&mut self.digits, (gap << 4) | u64::from(bits));
    }
}

/// `n` in posting digits.
fn push_number(out: &mut Vec<u8>, n: u64) {
    let mut shift = 0;
    while n >> (shift + 5) != 0 {
        shift += 5;
    }
    while shift > 0 {
        out.push(DIGITS[((n >> shift) & 31) as usize]);
        shift -= 5;
    }
    out.push(DIGITS[32 + (n & 31) as usize]);
}

/// The index being written, a page at a time.
pub(crate) struct SearchIndex {
    /// Whether this build writes it.
    on: bool,
    pages: u32,
    words: Words<Postings>,
    /// The details fragment being filled.
    fragment: String,
    /// A hash of every file written so far, which names this edition of
    /// the index in its table of contents.
    hash: Fnv,
}

impl SearchIndex {
    pub(crate) fn new(on: bool) -> SearchIndex {
        SearchIndex {
            on,
            pages: 0,
            words: Words::default(),
            fragment: String::new(),
            hash: Fnv::default(),
        }
    }

    /// Add the next page, made of `text`: the index holds it as sorted
    /// words, where the leak guard could find no passage, so the guard
    /// reads the text itself, as part of [`SEARCH_WORDS`].
    pub(crate) fn push_with_text(
        &mut self,
        page: &IndexedPage,
        text: &str,
        sink: &mut dyn Sink,
    ) -> std::io::Result<()> {
        if self.on {
            sink.scan_text(SEARCH_WORDS, text);
        }
        self.push(page, sink)
    }

    /// Add the next page (whose text the leak guard has read).
    pub(crate) fn push(&mut self, page: &IndexedPage, sink: &mut dyn Sink) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        let n = self.pages;
        self.pages += 1;
        for (word, bits) in page.words() {
            match self.words.get_mut(word) {
                Some(p) => p.add(n, bits),
                None => {
                    let mut p = Postings::default();
                    p.add(n, bits);
                    self.words.insert(word.into(), p);
                }
            }
        }
        self.fragment
            .push(if self.fragment.is_empty() { '[' } else { ',' });
        self.fragment.push_str(&page.details);
        if (self.pages as usize).is_multiple_of(PER_FRAGMENT) {
            self.write_fragment(sink)?;
        }
        Ok(())
    }

    fn write_fragment(&mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if self.fragment.is_empty() {
            return Ok(());
        }
        self.fragment.push(']');
        let k = (self.pages as usize - 1) / PER_FRAGMENT;
        self.hash.add(self.fragment.as_bytes());
        sink.write(
            &format!("{FOLDER}/pages/{k}.json"),
            self.fragment.as_bytes(),
        )?;
        self.fragment.clear();
        Ok(())
    }

    /// Write the last fragment, the word chunks and the table of contents.
    pub(crate) fn end(mut self, sink: &mut dyn Sink) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        self.write_fragment(sink)?;
        let mut words: Vec<(Box<str>, Postings)> = self.words.into_iter().collect();
        words.sort_unstable_by(|a, b| js_order(&a.0, &b.0));
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = String::new();
        let mut hash = self.hash;
        let mut flush = |chunk: &mut String, sink: &mut dyn Sink, k: usize| {
            chunk.push(']');
            hash.add(chunk.as_bytes());
            let written = sink.write(&format!("{FOLDER}/words/{k}.json"), chunk.as_bytes());
            chunk.clear();
            written
        };
        for (word, postings) in &words {
            let size = word.len() + postings.digits.len() + 8;
            let full = chunk.len() + size > CHUNK_BYTES;
            if !chunk.is_empty() && (full || starts_chunk(word, chunk.len())) {
                flush(&mut chunk, sink, firsts.len() - 1)?;
            }
            if chunk.is_empty() {
                firsts.push(word);
                chunk.push('[');
            } else {
                chunk.push(',');
            }
            chunk.push('[');
            json_string(&mut chunk, word);
            chunk.push_str(",\"");
            // Posting digits need no escaping.
            chunk.push_str(std::str::from_utf8(&postings.digits).expect("ASCII digits"));
            chunk.push_str("\"]");
        }
        if !chunk.is_empty() {
            flush(&mut chunk, sink, firsts.len() - 1)?;
        }
        // The script fetches the other files with this edition's name in
        // their address, so that a browser never mixes chunks of two builds.
        let mut toc = format!(
            "{{\"version\":1,\"edition\":\"{:016x}\",\"pages\":{},\"per_fragment\":{PER_FRAGMENT},\"chunks\":[",
            hash.0, self.pages
        );
        for (i, first) in firsts.iter().enumerate() {
            if i > 0 {
                toc.push(',');
            }
            json_string(&mut toc, first);
        }
        toc.push_str("]}");
        sink.write(&format!("{FOLDER}/index.json"), toc.as_bytes())
    }
}

/// Whether `word` starts a new chunk after one of `len` bytes. Chunks end
/// where the words say, not only where they are full: a word added to one
/// chunk then changes that chunk alone, not every chunk after it (so `dossier
/// serve` replaces one file, and browsers keep the rest cached). Past half
/// the bound, about one word in 64 starts a chunk, by a hash of its bytes.
fn starts_chunk(word: &str, len: usize) -> bool {
    if len < CHUNK_BYTES / 2 {
        return false;
    }
    let mut hash = Fnv::default();
    hash.add(word.as_bytes());
    hash.0.is_multiple_of(64)
}

/// FNV-1a, 64 bits: the same on every machine and in every run.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The hasher of word maps: eight bytes a step (a word is one or two),
/// several times cheaper than the standard SipHash for words of a few
/// bytes; a site's text is its authors', not an attacker's. In the manner
/// of rustc's FxHash.
#[derive(Default)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The table takes its buckets from the low bits, which a multiply
        // mixes least.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let n = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            let n = u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59);
            self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(K);
        }
    }
}

/// Write the whole index of `pages` (for `dossier serve`, which keeps them).
pub(crate) fn write_search_index(
    pages: &[IndexedPage],
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let mut index = SearchIndex::new(true);
    for page in pages {
        index.push(page, sink)?;
    }
    index.end(sink)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
