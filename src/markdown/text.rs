//! Text helpers of rendering: reading-time word counts, heading ids made
//! unique and nested into a contents list, slugs, and attribute escaping.

use pulldown_cmark::Event;
use std::collections::HashSet;

use super::*;

/// Words in `t`, as `t.split_whitespace().count()`, over bytes for ASCII
/// text (nearly all of it), in a form the compiler turns into vector
/// instructions: a word starts at each non-space byte after a space.
pub(super) fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    // The ASCII characters that `char::is_whitespace` accepts: space, and
    // tab, line feed, vertical tab, form feed and carriage return (9..=13).
    let space = |c: u8| (c == b' ') | (c.wrapping_sub(b'\t') < 5);
    let b = t.as_bytes();
    let Some(&first) = b.first() else { return 0 };
    let mut words = usize::from(!space(first));
    // Counted in u8 a chunk at a time (at most 128 starts, no overflow).
    for (before, at) in b[..b.len() - 1].chunks(128).zip(b[1..].chunks(128)) {
        let mut starts: u8 = 0;
        for (&x, &y) in before.iter().zip(at) {
            starts += u8::from(space(x) & !space(y));
        }
        words += usize::from(starts);
    }
    words
}

/// A heading being collected: level, explicit id, classes, inner events.
pub(super) type OpenHeading<'a> = (u8, Option<String>, Vec<String>, Vec<Event<'a>>);

pub(super) fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Nest a flat list of headings by level.
pub(super) fn nest(flat: Vec<Heading>) -> Vec<Heading> {
    let mut roots: Vec<Heading> = Vec::new();
    for h in flat {
        insert(&mut roots, h);
    }
    roots
}

pub(super) fn insert(siblings: &mut Vec<Heading>, h: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < h.level => insert(&mut last.children, h),
        _ => siblings.push(h),
    }
}

/// Lower-case words joined by `-`: used for heading ids, taxonomy terms and
/// slugs. Letters and digits of any script are kept.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out
}

/// Escape text for an HTML attribute value in double quotes.
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Keep of `rendered`'s plain text only the first `limit` characters, as
/// far as the search index reads it: the model holds every page and paper
/// for the whole build.
pub(crate) fn keep_searchable_text(rendered: &mut super::Rendered, limit: usize) {
    let kept = truncate_chars(&rendered.plain_text, limit).len();
    if kept < rendered.plain_text.len() {
        rendered.plain_text.truncate(kept);
        rendered.plain_text.shrink_to_fit();
    }
}

/// `s` cut after `limit` characters (not bytes).
pub(crate) fn truncate_chars(s: &str, limit: usize) -> &str {
    // A text has at least as many bytes as characters.
    if s.len() <= limit {
        return s;
    }
    // A character starts at every byte that is not a continuation byte
    // (0b10xxxxxx). Count the starts a block at a time (the compiler turns
    // the count into vector instructions), then find the one that begins
    // the character past the limit in its block.
    let is_start = |b: u8| (b as i8) >= -0x40;
    let mut chars = 0;
    let mut at = 0;
    for block in s.as_bytes().chunks(256) {
        let starts = block.iter().filter(|&&b| is_start(b)).count();
        if chars + starts > limit {
            for (k, &b) in block.iter().enumerate() {
                if is_start(b) {
                    if chars == limit {
                        return &s[..at + k];
                    }
                    chars += 1;
                }
            }
        }
        chars += starts;
        at += block.len();
    }
    s
}
