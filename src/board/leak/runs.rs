//! The runs of words the guard looks for, and finding them in a text in one
//! pass. Every word of a text is normalised (lower-case letters and digits)
//! and hashed once; a run of N words is found by a rolling hash over the
//! last N word hashes, looked up in a table, and confirmed by comparing the
//! words themselves. So a text is read once for every run length, with no
//! string made per position: a 10,000-page site's guard costs a little more
//! than reading its words.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::normalise;

/// Where a withheld run of words comes from.
#[derive(Debug, Clone)]
pub(super) struct Source {
    pub(super) content_path: String,
    pub(super) shown: String,
}

/// A [`Source`] as [`Runs`] holds it: the many runs of one sentence share
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SourceId(u32);

/// The runs looked for. Held for the whole of a public build, so kept
/// compact: each run's words once, its source by number, and the index a
/// number a hash (a confidential paper of a few thousand words is a few
/// thousand runs; a body's archive has one in every meeting).
#[derive(Debug, Default)]
pub(super) struct Runs {
    /// The run lengths looked for, in words, each with how many runs have it.
    lens: BTreeMap<usize, usize>,
    runs: Vec<Run>,
    sources: Vec<Source>,
    /// (length, rolling hash of its words) to the first run with them, the
    /// others chained through [`Run::next`]. The key is a hash already,
    /// looked up at every word of every public file, so it is not hashed
    /// again (SipHash was most of the guard's time).
    index: HashMap<(usize, u64), u32, BuildHasherDefault<KeyHasher>>,
    /// A bit for each word of any run (by its hash, [`WORD_BITS`] bits): a
    /// window is looked up only when each of its words has its bit set, so
    /// most windows of a public text cost no look-up.
    words: Vec<u64>,
    /// A bit for each run (by its length and rolling hash, [`RUN_BITS`]
    /// bits), tested before the index is.
    run_bits: Vec<u64>,
}

/// One run of words looked for.
#[derive(Debug)]
struct Run {
    /// Its normalised words joined by spaces ("the panel met ...").
    words: Box<str>,
    source: SourceId,
    /// The next run with the same length and hash ([`NONE`]: none).
    next: u32,
    /// No longer looked for (shared phrasing, see [`Runs::remove`]).
    removed: bool,
}

/// The end of a chain of [`Run::next`].
const NONE: u32 = u32::MAX;

/// The size of [`Runs::run_bits`]: 1 Mi bits is 128 KiB, for a few
/// thousand runs (a long paper) few false positives.
const RUN_BITS: u64 = 1 << 20;

/// The size of [`Runs::words`] in bits: 64 Ki bits is 8 KiB, which stays in
/// the processor's nearest cache.
const WORD_BITS: u64 = 1 << 16;

/// Where a word's bit is in [`Runs::words`]: (index, mask).
fn word_bit(hash: u64) -> (usize, u64) {
    // The high bits: FNV's low bits mix least.
    let bit = (hash >> 40) % WORD_BITS;
    ((bit / 64) as usize, 1 << (bit % 64))
}

/// A hasher for keys that are hashes already: mixes them, no more.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(29) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// The longest run looked for, in words (a power of two, so that finding a
/// word among the last few is a mask, not a division).
pub(super) const MAX_RUN: usize = 16;

/// The multiplier of the rolling hash (odd, so it is invertible mod 2^64).
const BASE: u64 = 0x100_0000_01b3;

/// FNV-1a of a normalised word, never zero.
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h | 1
}

/// The rolling hash of a sequence of word hashes.
fn run_hash(words: impl Iterator<Item = u64>) -> u64 {
    words.fold(0, |h, w| h.wrapping_mul(BASE).wrapping_add(w))
}

/// The normalised words of `text`: text is split at anything but a letter,
/// digit or apostrophe, so markup, escapes and JSON quoting between words do
/// not matter.
pub(super) fn words(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .map(|(_, at)| normalise(&text[at]))
        .collect()
}

/// Each word of `text` as the hash of its normalised form (the same as
/// [`word_hash`] of [`normalise`]) and where it is, made without a string
/// per word: this runs over every byte a public build writes.
fn tokens(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    each_token(text, |hash, at| out.push((hash, at)));
    out
}

/// Call `word` with each word of `text` as [`tokens`] lists them, with no
/// list made (the guard keeps only the last few).
fn each_token(text: &str, mut word: impl FnMut(u64, Range<usize>)) {
    const START: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hash = START;
    let mut fed = false;
    let mut start = 0;
    let feed = |hash: &mut u64, bytes: &[u8]| {
        for &b in bytes {
            *hash = (*hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    let mut end_word = |hash: &mut u64, fed: &mut bool, start: usize, end: usize| {
        if *fed {
            word(*hash | 1, start..end);
        }
        *hash = START;
        *fed = false;
    };
    let mut buf = [0u8; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, most of any text, a byte at a time.
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                if !fed && hash == START {
                    start = i;
                }
                hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01b3);
                fed = true;
            } else if b != b'\'' {
                end_word(&mut hash, &mut fed, start, i);
            } else if !fed {
                start = i;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let here = i;
        i += c.len_utf8();
        if c == '\u{2019}' {
            if !fed {
                start = here;
            }
            continue;
        }
        if !c.is_alphanumeric() {
            end_word(&mut hash, &mut fed, start, here);
            continue;
        }
        if !fed {
            start = here;
        }
        for folded in normalise(c.encode_utf8(&mut buf)).chars() {
            feed(&mut hash, folded.encode_utf8(&mut [0u8; 4]).as_bytes());
        }
        fed = true;
    }
    end_word(&mut hash, &mut fed, start, text.len());
}

impl Runs {
    pub(super) fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Keep `source`, for the runs of one passage to name.
    pub(super) fn add_source(&mut self, source: Source) -> SourceId {
        self.sources.push(source);
        SourceId(u32::try_from(self.sources.len() - 1).expect("fewer than 2^32 passages"))
    }

    /// The runs with `len` words and rolling hash `hash`, by number.
    fn chain(&self, len: usize, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.index.get(&(len, hash)).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            let at = next;
            (at != NONE).then(|| {
                next = self.runs[at as usize].next;
                at
            })
        })
    }

    /// Look for `words` (normalised), from `source`, unless they are looked
    /// for already.
    pub(super) fn insert(&mut self, words: &[String], source: SourceId) {
        assert!(words.len() <= MAX_RUN, "a run of {} words", words.len());
        let key = words.join(" ");
        let len = words.len();
        let hash = run_hash(words.iter().map(|w| word_hash(w)));
        let same = self
            .chain(len, hash)
            .find(|&at| *self.runs[at as usize].words == *key);
        if let Some(at) = same {
            let run = &mut self.runs[at as usize];
            if run.removed {
                run.removed = false;
                run.source = source;
                *self.lens.entry(len).or_default() += 1;
            }
            return;
        }
        if self.words.is_empty() {
            self.words = vec![0; (WORD_BITS / 64) as usize];
        }
        for w in words {
            let (i, mask) = word_bit(word_hash(w));
            self.words[i] |= mask;
        }
        if self.run_bits.is_empty() {
            self.run_bits = vec![0; (RUN_BITS / 64) as usize];
        }
        let (i, mask) = run_bit(len, hash);
        self.run_bits[i] |= mask;
        let at = u32::try_from(self.runs.len()).expect("fewer than 2^32 runs");
        let next = self.index.insert((len, hash), at).unwrap_or(NONE);
        self.runs.push(Run {
            words: key.into_boxed_str(),
            source,
            next,
            removed: false,
        });
        *self.lens.entry(len).or_default() += 1;
    }

    /// Stop looking for the run `key` of `len` words.
    pub(super) fn remove(&mut self, len: usize, key: &str) {
        let hash = run_hash(key.split(' ').map(word_hash));
        let found = self
            .chain(len, hash)
            .find(|&at| *self.runs[at as usize].words == *key);
        let Some(at) = found else { return };
        let run = &mut self.runs[at as usize];
        if run.removed {
            return;
        }
        run.removed = true;
        if let Some(n) = self.lens.get_mut(&len) {
            *n -= 1;
            if *n == 0 {
                self.lens.remove(&len);
            }
        }
    }

    /// Call `found` with (length, run, source) for each run found in `text`,
    /// as often as it occurs.
    pub(super) fn find(&self, text: &str, mut found: impl FnMut(usize, &str, &Source)) {
        if self.is_empty() {
            return;
        }
        // Every run length in one pass: (length, BASE^length). The hash of
        // the last `len` words is the difference of two prefix hashes, so it
        // is made only for a window whose words all pass the word test.
        let lens: Vec<(usize, u64)> = self
            .lens
            .keys()
            .map(|&len| (len, BASE.wrapping_pow(len as u32)))
            .collect();
        let shortest = lens.first().map_or(usize::MAX, |l| l.0);
        // The prefix hash after each of the last RING words, and where each
        // word is, at `i % RING` (a window reaches one word further back
        // than its length).
        const RING: usize = 2 * MAX_RUN;
        let mut prefix = [0u64; RING];
        let mut at: [Range<usize>; RING] = std::array::from_fn(|_| 0..0);
        let mut hash = 0u64;
        let mut i = 0;
        // How many words in a row, up to this one, may be in a run.
        let mut streak = 0;
        each_token(text, |w, range| {
            hash = hash.wrapping_mul(BASE).wrapping_add(w);
            prefix[i % RING] = hash;
            at[i % RING] = range;
            let (bit, mask) = word_bit(w);
            streak = if self.words[bit] & mask != 0 {
                streak + 1
            } else {
                0
            };
            if streak >= shortest {
                for &(len, top) in &lens {
                    if len > streak {
                        break;
                    }
                    let before = if i >= len {
                        prefix[(i - len) % RING]
                    } else {
                        0
                    };
                    let run = hash.wrapping_sub(before.wrapping_mul(top));
                    if !self.may_have(len, run) {
                        continue;
                    }
                    let window = (i + 1 - len..i + 1).map(|j| &at[j % RING]);
                    for n in self.chain(len, run) {
                        let candidate = &self.runs[n as usize];
                        if candidate.removed {
                            continue;
                        }
                        let same = candidate
                            .words
                            .split(' ')
                            .zip(window.clone())
                            .all(|(a, at)| *a == normalise(&text[at.clone()]));
                        if same {
                            found(
                                len,
                                &candidate.words,
                                &self.sources[candidate.source.0 as usize],
                            );
                        }
                    }
                }
            }
            i += 1;
        });
    }

    /// Whether a run of `len` words with rolling hash `hash` may be looked
    /// for: a bit per run in [`Runs::run_bits`], so that most windows of a
    /// public text that pass the word test need no look-up in the index.
    fn may_have(&self, len: usize, hash: u64) -> bool {
        let (i, mask) = run_bit(len, hash);
        self.run_bits[i] & mask != 0
    }
}

/// Where a run's bit is in [`Runs::run_bits`]: (index, mask).
fn run_bit(len: usize, hash: u64) -> (usize, u64) {
    let mixed = (hash ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xff51_afd7_ed55_8ccd);
    let bit = (mixed >> 44) % RUN_BITS;
    ((bit / 64) as usize, 1 << (bit % 64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_hash_is_the_hash_of_the_normalised_word() {
        let text = "Die STRASSE, l'équipe’s <b>ﬁnal</b> 42-Year plan: naïve—Œuvre ’tis.";
        let tokens = tokens(text);
        let expected: Vec<String> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
            .map(normalise)
            .filter(|w| !w.is_empty())
            .collect();
        let got: Vec<String> = tokens
            .iter()
            .map(|(_, at)| normalise(&text[at.clone()]))
            .collect();
        assert_eq!(got, expected);
        for ((hash, _), word) in tokens.iter().zip(&expected) {
            assert_eq!(*hash, word_hash(word), "{word}");
        }
    }

    #[test]
    fn a_run_is_found_wherever_it_starts_and_only_whole() {
        let mut runs = Runs::default();
        let words: Vec<String> = "one two three".split(' ').map(String::from).collect();
        let source = runs.add_source(Source {
            content_path: "p.md".into(),
            shown: "One two three".into(),
        });
        runs.insert(&words, source);
        let count = |text: &str| {
            let mut n = 0;
            runs.find(text, |_, _, _| n += 1);
            n
        };
        assert_eq!(count("One two three"), 1);
        assert_eq!(count("zero one TWO three one two three four"), 2);
        assert_eq!(count("one two threefold"), 0);
        assert_eq!(count("one two"), 0);
    }

    #[test]
    fn runs_of_every_length_are_found_in_one_pass_among_look_alike_words() {
        let mut runs = Runs::default();
        let words = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
        for run in [
            "equality impact",
            "the panel ranked the candidate currently serving as a consultant",
            "ranked the candidate",
        ] {
            let source = runs.add_source(Source {
                content_path: "p.md".into(),
                shown: run.into(),
            });
            runs.insert(&words(run), source);
        }
        let found = |text: &str| {
            let mut out = Vec::new();
            runs.find(text, |len, key, _| out.push((len, key.to_string())));
            out
        };
        // The words of the runs, in another order: no run.
        assert!(found("candidate the ranked panel the impact equality serving").is_empty());
        let text =
            "Equality impact: the panel ranked the candidate currently serving as a consultant.";
        assert_eq!(
            found(text),
            [
                (2, "equality impact".to_string()),
                (3, "ranked the candidate".to_string()),
                (
                    10,
                    "the panel ranked the candidate currently serving as a consultant".to_string()
                ),
            ]
        );
        // Runs longer than the text, or cut by a word no run has, are not found.
        assert_eq!(
            found("the panel ranked the candidate currently serving as a"),
            [(3, "ranked the candidate".to_string())]
        );
        assert_eq!(
            found("the panel ranked the candidate currently serving as an consultant"),
            [(3, "ranked the candidate".to_string())]
        );
    }

    #[test]
    fn a_removed_run_is_no_longer_found_and_the_runs_of_its_passage_still_are() {
        let mut runs = Runs::default();
        let words = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
        let source = runs.add_source(Source {
            content_path: "p.md".into(),
            shown: "the panel met twice".into(),
        });
        runs.insert(&words("the panel met"), source);
        runs.insert(&words("panel met twice"), source);
        // The same words again are one run, found once.
        runs.insert(&words("the panel met"), source);
        let found = |runs: &Runs, text: &str| {
            let mut out = Vec::new();
            runs.find(text, |_, key, source| {
                out.push((key.to_string(), source.shown.clone()));
            });
            out
        };
        assert_eq!(found(&runs, "The panel met twice.").len(), 2);
        runs.remove(3, "the panel met");
        assert_eq!(
            found(&runs, "The panel met twice."),
            [(
                "panel met twice".to_string(),
                "the panel met twice".to_string()
            )]
        );
        runs.remove(3, "panel met twice");
        assert!(runs.is_empty());
        assert!(found(&runs, "The panel met twice.").is_empty());
    }
}
