//! Words as the theme's `search.js` reads a query: lower-case, NFD with the
//! combining marks U+0300–U+036F dropped (so "Café" is "cafe"), split on
//! every character other than `a`–`z`, `0`–`9` and U+00C0 upward. The index
//! and the script must cut words the same way, or a word typed exactly as
//! printed finds nothing; `search.js` says the same in its `normalise`.
//!
//! Most text is ASCII: a run of ASCII letters and digits is lower-cased in
//! place and never normalised, which keeps indexing a 10,000-page site
//! cheaper than escaping its text into JSON was.

use std::borrow::Cow;
use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

/// Whether `c` belongs to a word once lower-cased and normalised.
fn is_word_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c >= '\u{c0}'
}

/// Whether `c` may belong to a word before lower-casing: a letter of `A`–`Z`
/// becomes one, and a combining mark joins the letters either side of it
/// (the script drops it before splitting).
fn may_be_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c >= '\u{c0}'
}

/// Call `f` with each word of `text`, in order (repeats included): a part
/// of `text` where it is one already (most words), else a new string.
///
/// Read a byte at a time while the text is ASCII, decoding a character only
/// where it is not: every page's text passes here.
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip what is not a word's, to the start of a run.
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !may_be_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // The run: as far as the characters may be a word's.
        let start = i;
        let (mut ascii, mut upper) = (true, false);
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                upper |= b.is_ascii_uppercase();
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !may_be_word_char(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        let run = &text[start..i];
        if ascii {
            if upper {
                f(Cow::Owned(run.to_ascii_lowercase()));
            } else {
                f(Cow::Borrowed(run));
            }
            continue;
        }
        fold(run, |word| f(Cow::Owned(word.to_string())));
    }
}

/// Call `f` with each word of `run` (characters that may be a word's, not
/// all ASCII) once lower-cased, decomposed and without its marks, split
/// again: a decomposition can hold a character that is not a word's (U+1FED
/// has U+00A8), which splits the word as it splits the query.
fn fold(run: &str, mut f: impl FnMut(&str)) {
    let folded: String = run
        .to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    for word in folded.split(|c: char| !is_word_char(c)) {
        if !word.is_empty() {
            f(word);
        }
    }
}

/// Compare two words as JavaScript compares strings (by UTF-16 code
/// units), so that the script's binary search agrees with the index's
/// order; differs from Rust's order only past U+E000.
pub(crate) fn js_order(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.into_owned()));
        out
    }

    #[test]
    fn words_are_lower_case_without_accents_split_on_punctuation() {
        assert_eq!(
            words("Café-society: Pooled budgets, 2025/26 (ÀÉÎ)"),
            ["cafe", "society", "pooled", "budgets", "2025", "26", "aei"]
        );
    }

    #[test]
    fn welsh_circumflexes_fold_as_the_script_folds_them() {
        assert_eq!(
            words("Ŵyr a ŷd, Gwasanaethau"),
            ["wyr", "a", "yd", "gwasanaethau"]
        );
    }

    #[test]
    fn a_combining_mark_joins_and_a_decomposed_separator_splits() {
        // "e" + U+0301 is "e"; U+1FED decomposes to U+00A8 U+0300, and
        // U+00A8 is not a word's character.
        assert_eq!(words("cafe\u{301}s x\u{1fed}y"), ["cafes", "x", "y"]);
    }

    #[test]
    fn characters_past_u00c0_are_word_characters_and_symbols_below_are_not() {
        assert_eq!(words("a×b ½c £d"), ["a×b", "c", "d"]);
    }

    #[test]
    fn order_is_javascripts_past_the_basic_plane() {
        // U+FF41 (fullwidth a) sorts after an astral character in Rust's
        // order and before it in JavaScript's.
        assert_eq!(js_order("\u{ff41}", "\u{1f600}"), Ordering::Greater);
        assert_eq!("\u{ff41}".cmp("\u{1f600}"), Ordering::Less);
        assert_eq!(js_order("ab", "b"), Ordering::Less);
    }

    #[test]
    fn the_byte_reader_cuts_words_as_the_character_split_does() {
        // The way the words were cut before the byte-at-a-time reader.
        fn by_chars(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            for run in text.split(|c: char| !may_be_word_char(c)) {
                if !run.is_empty() {
                    fold(run, |w| out.push(w.to_string()));
                }
            }
            out
        }
        for text in [
            "",
            "   ",
            "Pooled budgets, 2025/26: £1.5m (½ of it) to ŴYR—and\u{a0}more…",
            "a×b ½c £d x\u{1fed}y cafe\u{301}s",
            "Ŵyr a ŷd, Gwasanaethau 🙂 end",
            "ends with a word",
            "ends with é",
        ] {
            assert_eq!(words(text), by_chars(text), "{text}");
        }
    }
}
