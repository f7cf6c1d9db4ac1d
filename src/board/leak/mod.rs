//! The leak guard: after a public build, no passage of a confidential paper
//! (or of a redacted passage) may appear anywhere in the output.
//!
//! The public model never holds confidential papers, so a leak can only come
//! from somewhere the model does not control: a project template or static
//! file with the text typed in, or an author who pasted confidential text
//! into a public page. Every file that passes the sink is read as a reader
//! would read it ([`read`]: HTML without tags, JSON and calendars unescaped,
//! PDFs by their text, office documents by their XML), and its path too; a
//! PDF dossier typesets is read through its Typst source as well. Text is
//! compared as lower-case letters and digits only, so escaping, markup, smart
//! quotes and line breaks do not hide a leak. A file that may hold text but
//! cannot be read (an encrypted PDF, an unknown binary) is listed in
//! [`LeakGuard::unreadable`], for the build to report.

mod pdf;
pub(crate) mod read;
mod runs;
mod shared;

use runs::{Runs, Source, words};

pub(crate) use shared::Shared;

use crate::board::Withheld;
use crate::output::{Placer, Sink};
use read::{Reading, decode_entities, text_only};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// Passages are compared as runs of this many words: long enough that a
/// match is not a coincidence of common phrasing, short enough to catch a
/// copied fragment of a sentence.
const WINDOW: usize = 10;
const _: () = assert!(WINDOW <= runs::MAX_RUN);

/// A run shorter than a full window (a short title) must still have this many
/// letters and digits to count ("Confidential item" does not).
const MIN_SHORT_RUN: usize = 24;

/// A leak found: which output file holds which withheld passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leak {
    pub(crate) file: String,
    pub(crate) content_path: String,
    pub(crate) passage: String,
}

/// A sink that scans everything written through it.
pub(crate) struct LeakGuard<'a> {
    inner: &'a mut dyn Sink,
    runs: Arc<Runs>,
    pub(crate) leaks: Vec<Leak>,
    /// Files that may hold text the guard cannot read, and why.
    pub(crate) unreadable: Vec<(String, String)>,
    /// For each file written a part at a time, the passages found in it so
    /// far (each is named once per file).
    appended: HashMap<String, BTreeSet<String>>,
    /// The inner sink's placer, scanning what the rendering threads put
    /// there in those threads (when something is withheld).
    placer: Option<Arc<ScanningPlacer>>,
    /// Where the text read from PDFs typeset in earlier builds is kept (by
    /// the PDF's exact bytes), so a PDF taken from the cache is not read
    /// again; `None`: every PDF is read.
    texts: Option<Arc<crate::pdf::cache::PdfCache>>,
}

/// What the guard found in one file.
#[derive(Debug, Default)]
struct Findings {
    leaks: Vec<Leak>,
    unreadable: Option<String>,
}

/// A [`Placer`] that scans each file in the thread that puts it, keeping
/// what it found until the file is recorded (so leaks are reported in the
/// order files are recorded, whichever thread was first).
struct ScanningPlacer {
    inner: Arc<dyn Placer>,
    runs: Arc<Runs>,
    found: Mutex<HashMap<String, Findings>>,
}

impl Placer for ScanningPlacer {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let findings = inspect(&self.runs, rel, bytes);
        self.found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string(), findings);
        self.inner.put(rel, bytes)
    }
}

impl<'a> LeakGuard<'a> {
    /// A guard over `inner` looking for every passage of `withheld` that is
    /// not `shared` phrasing.
    pub(crate) fn new(inner: &'a mut dyn Sink, withheld: &[Withheld], shared: &Shared) -> Self {
        let mut runs = Runs::default();
        for w in withheld {
            for text in &w.passages {
                for sentence in sentences(&plain(text)) {
                    let words = words(&sentence);
                    let long = words.len() >= WINDOW;
                    if !long && words.iter().map(String::len).sum::<usize>() < MIN_SHORT_RUN {
                        continue;
                    }
                    let source = runs.add_source(Source {
                        content_path: w.content_path.clone(),
                        shown: sentence.chars().take(80).collect(),
                    });
                    if long {
                        for run in words.windows(WINDOW) {
                            runs.insert(run, source);
                        }
                    } else {
                        runs.insert(&words, source);
                    }
                }
            }
        }
        shared.remove_from(&mut runs);
        let runs = Arc::new(runs);
        // Nothing withheld: nothing to look for, so the rendering threads
        // put files straight in place.
        let placer = match inner.files() {
            Some(files) if !runs.is_empty() => Some(Arc::new(ScanningPlacer {
                inner: files,
                runs: runs.clone(),
                found: Mutex::new(HashMap::new()),
            })),
            _ => None,
        };
        LeakGuard {
            inner,
            runs,
            leaks: Vec::new(),
            unreadable: Vec::new(),
            appended: HashMap::new(),
            placer,
            texts: None,
        }
    }

    /// Keep what is read from the PDFs dossier typesets in `cache`, and
    /// take it from there for a PDF whose bytes were read before.
    pub(crate) fn with_pdf_texts(
        mut self,
        cache: Option<Arc<crate::pdf::cache::PdfCache>>,
    ) -> Self {
        self.texts = cache;
        self
    }

    /// Scan a file written (or about to be) at `rel`: its path, and what a
    /// reader gets from it.
    fn inspect(&mut self, rel: &str, bytes: &[u8]) {
        let findings = inspect(&self.runs, rel, bytes);
        self.take(rel, findings);
    }

    fn take(&mut self, rel: &str, findings: Findings) {
        self.leaks.extend(findings.leaks);
        if let Some(why) = findings.unreadable {
            self.unreadable.push((rel.to_string(), why));
        }
    }
}

/// Scan the file `rel`: its path, and what a reader gets from it.
fn inspect(runs: &Runs, rel: &str, bytes: &[u8]) -> Findings {
    // Nothing withheld (no confidential paper, no redaction): nothing to
    // look for, so no file is decoded or copied.
    if runs.is_empty() {
        return Findings::default();
    }
    inspect_reading(runs, rel, read::read(rel, bytes))
}

/// What a reader gets from the PDF `bytes`: the text read from these exact
/// bytes in an earlier build when `cache` kept it, else read now (and
/// kept).
fn read_kept(cache: &crate::pdf::cache::PdfCache, rel: &str, bytes: &[u8]) -> Reading {
    if let Some(pieces) = cache.pdf_text(bytes) {
        return Reading::Text(pieces);
    }
    let reading = read::read(rel, bytes);
    if let Reading::Text(pieces) = &reading {
        cache.store_pdf_text(bytes, pieces);
    }
    reading
}

/// [`inspect`] with the file already read.
fn inspect_reading(runs: &Runs, rel: &str, reading: Reading) -> Findings {
    let mut findings = Findings::default();
    let mut found = BTreeSet::new();
    let leaks = &mut findings.leaks;
    scan(
        runs,
        leaks,
        &mut found,
        rel,
        &rel.replace(['/', '-', '_', '.'], " "),
    );
    match reading {
        Reading::Text(pieces) => {
            for text in pieces {
                scan(runs, leaks, &mut found, rel, &text);
            }
        }
        Reading::NoText => {}
        Reading::Unreadable(why) => findings.unreadable = Some(why),
    }
    findings
}

/// Record in `leaks` each withheld passage of `runs` found in `text` (part
/// of the file `rel`) and not already in `found`.
fn scan(runs: &Runs, leaks: &mut Vec<Leak>, found: &mut BTreeSet<String>, rel: &str, text: &str) {
    if runs.is_empty() {
        return;
    }
    runs.find(text, |_, _, source| {
        if found.insert(source.shown.clone()) {
            leaks.push(Leak {
                file: rel.to_string(),
                content_path: source.content_path.clone(),
                passage: source.shown.clone(),
            });
        }
    });
}

impl Sink for LeakGuard<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inspect(rel, bytes);
        self.inner.write(rel, bytes)
    }

    /// Files put by the rendering threads are scanned in those threads, and
    /// what was found is reported when they are recorded: a leak then still
    /// fails the build before anything is published, since the output is
    /// staged.
    fn files(&self) -> Option<Arc<dyn Placer>> {
        match &self.placer {
            Some(placer) => Some(placer.clone()),
            None => self.inner.files(),
        }
    }

    fn record(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let scanned = self.placer.as_ref().and_then(|p| {
            p.found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(rel)
        });
        match scanned {
            Some(findings) => self.take(rel, findings),
            None => self.inspect(rel, bytes),
        }
        self.inner.record(rel, bytes)
    }

    /// Each part is scanned as it passes: only JSON and text files are
    /// written in parts, and a withheld passage lies within one entry.
    fn append(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if !self.runs.is_empty()
            && let Reading::Text(pieces) = read::read(rel, bytes)
        {
            let found = self.appended.entry(rel.to_string()).or_default();
            for text in pieces {
                scan(&self.runs, &mut self.leaks, found, rel, &text);
            }
        }
        self.inner.append(rel, bytes)
    }

    /// Scanned as a part of `rel` is (each passage named once per file).
    fn scan_text(&mut self, rel: &str, text: &str) {
        if !self.runs.is_empty() {
            let found = self.appended.entry(rel.to_string()).or_default();
            scan(&self.runs, &mut self.leaks, found, rel, text);
        }
        self.inner.scan_text(rel, text);
    }

    /// A PDF dossier typeset is read by its text, as every PDF is, and by
    /// the Typst source it was made from. Its text is the text Typst laid
    /// out when it was typeset in this build (what its pages are written
    /// from: see `pdf::text`), else read from the PDF's bytes.
    fn write_pdf(
        &mut self,
        rel: &str,
        bytes: &[u8],
        typst_source: &str,
        text: Option<&[String]>,
    ) -> std::io::Result<()> {
        if !self.runs.is_empty() {
            let reading = match (text, &self.texts) {
                (Some(pages), cache) => {
                    let pieces = read::pdf_pieces(pages.to_vec());
                    if let Some(cache) = cache {
                        cache.store_pdf_text(bytes, &pieces);
                    }
                    Reading::Text(pieces)
                }
                (None, Some(cache)) => read_kept(cache, rel, bytes),
                (None, None) => read::read(rel, bytes),
            };
            let mut findings = inspect_reading(&self.runs, rel, reading);
            let mut found = findings.leaks.iter().map(|l| l.passage.clone()).collect();
            let source = strip_typst(typst_source);
            scan(&self.runs, &mut findings.leaks, &mut found, rel, &source);
            self.take(rel, findings);
        }
        self.inner.write(rel, bytes)
    }

    fn contains(&self, rel: &str) -> bool {
        self.inner.contains(rel)
    }
}

/// Markdown to plain text (shortcode tags left as text, which is what we want:
/// their arguments and bodies are withheld too).
fn plain(markdown: &str) -> String {
    let html = crate::markdown::render_simple(markdown, crate::config::RawHtml::Escape);
    decode_entities(&text_only(&html))
}

/// Split text into sentences (and list items, headings): at full stops,
/// question and exclamation marks followed by a space, and at line breaks.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let end = matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| n.is_whitespace())
            || c == '\n';
        if end {
            out.push(std::mem::take(&mut current).trim().to_string());
        }
    }
    out.push(current.trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// Lower-case letters and digits only.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        match c {
            // Case folding beyond lower case: "ß" is "SS" in upper case
            // (found by the fuzz target), and the ligatures a PDF may hold
            // are their letters.
            'ß' | 'ẞ' => out.push_str("ss"),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Drop Typst function names (`#emph[`, `#strong[`) so that markup inside a
/// sentence does not hide it.
fn strip_typst(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else if c == '#' {
            while chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '.' || *n == '_' || *n == '-')
            {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;

    fn guard_finds(passage: &str, file: &str, written: &str) -> bool {
        let mut memory = Memory::default();
        let withheld = [Withheld {
            content_path: "papers/secret.md".into(),
            passages: vec![passage.into()],
            whole_file: true,
        }];
        let mut guard = LeakGuard::new(&mut memory, &withheld, &Shared::default());
        if file.ends_with(".pdf") {
            guard.write_pdf(file, b"%PDF", written, None).unwrap();
        } else {
            guard.write(file, written.as_bytes()).unwrap();
        }
        !guard.leaks.is_empty()
    }

    #[test]
    fn finds_passages_through_markup_escaping_and_line_breaks() {
        let secret = "The panel recommends appointing the candidate from the county council.";
        assert!(guard_finds(
            secret,
            "a/index.html",
            "<p>The panel <em>recommends</em> appointing the\ncandidate from the county council.</p>"
        ));
        assert!(guard_finds(
            secret,
            "a.json",
            r#"{"text":"the panel recommends appointing the candidate from the county council"}"#
        ));
        assert!(guard_finds(
            secret,
            "a.pdf",
            "The panel #emph[recommends] appointing the candidate from the county council\\."
        ));
        assert!(!guard_finds(
            secret,
            "a/index.html",
            "<p>The panel met.</p>"
        ));
    }

    #[test]
    fn scans_a_file_written_in_parts_and_names_each_passage_once() {
        let secret = "The panel recommends appointing the candidate from the county council.";
        let mut memory = Memory::default();
        let withheld = [Withheld {
            content_path: "papers/secret.md".into(),
            passages: vec![secret.into()],
            whole_file: true,
        }];
        let mut guard = LeakGuard::new(&mut memory, &withheld, &Shared::default());
        let entry =
            r#"{"text":"the panel recommends appointing the candidate from the county council"}"#;
        for part in ["[", entry, ",", entry, "]"] {
            guard.append("search-index.json", part.as_bytes()).unwrap();
        }
        assert_eq!(guard.leaks.len(), 1, "{:?}", guard.leaks);
        assert_eq!(guard.leaks[0].file, "search-index.json");
        assert_eq!(
            memory.files["search-index.json"],
            format!("[{entry},{entry}]").into_bytes()
        );
    }

    #[test]
    fn finds_a_copied_fragment_of_a_sentence() {
        let secret = "The panel unanimously ranked the candidate currently serving as a consultant in public health first.";
        assert!(guard_finds(
            secret,
            "a/index.html",
            "<p>We hear the panel unanimously ranked the candidate currently serving as a consultant.</p>"
        ));
    }

    #[test]
    fn upper_case_and_ligatures_do_not_hide_a_passage() {
        let secret = "Die Sitzung in der Hauptstraße beschloss die Ernennung der Direktorin für öffentliche Gesundheit.";
        assert!(guard_finds(secret, "a.txt", &secret.to_uppercase()));
        let english =
            "The panel found the final candidate the most effective leader for the office.";
        assert!(guard_finds(
            english,
            "a.txt",
            "The panel found the ﬁnal candidate the most eﬀective leader for the oﬃce."
        ));
    }

    /// A sink whose rendering threads put files into a list.
    #[derive(Default)]
    struct Threaded {
        put: Arc<Listed>,
        recorded: Vec<String>,
    }

    #[derive(Default)]
    struct Listed(Mutex<Vec<String>>);

    impl Placer for Listed {
        fn put(&self, rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
            self.0.lock().unwrap().push(rel.to_string());
            Ok(())
        }
    }

    impl Sink for Threaded {
        fn write(&mut self, rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
            self.recorded.push(rel.to_string());
            Ok(())
        }
        fn append(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
            self.write(rel, bytes)
        }
        fn files(&self) -> Option<Arc<dyn Placer>> {
            Some(self.put.clone())
        }
        fn record(&mut self, rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
            self.recorded.push(rel.to_string());
            Ok(())
        }
        fn contains(&self, rel: &str) -> bool {
            self.recorded.iter().any(|r| r == rel)
        }
    }

    #[test]
    fn files_put_by_other_threads_are_scanned_there_and_reported_in_record_order() {
        let secret = "The panel recommends appointing the candidate from the county council.";
        let withheld = [Withheld {
            content_path: "papers/secret.md".into(),
            passages: vec![secret.into()],
            whole_file: true,
        }];
        let mut sink = Threaded::default();
        let mut guard = LeakGuard::new(&mut sink, &withheld, &Shared::default());
        let placer = guard.files().expect("a placer");
        let page = |n: usize| format!("<p>Page {n}: {secret}</p>");
        std::thread::scope(|s| {
            for n in [2, 1] {
                let placer = placer.clone();
                let text = page(n);
                s.spawn(move || placer.put(&format!("p{n}/index.html"), text.as_bytes()));
            }
        });
        for n in [1, 2] {
            guard
                .record(&format!("p{n}/index.html"), page(n).as_bytes())
                .unwrap();
        }
        // A file recorded without being put is scanned when recorded.
        guard.record("p3/index.html", page(3).as_bytes()).unwrap();
        let files: Vec<&str> = guard.leaks.iter().map(|l| l.file.as_str()).collect();
        assert_eq!(files, ["p1/index.html", "p2/index.html", "p3/index.html"]);
        drop(guard);
        assert_eq!(sink.put.0.lock().unwrap().len(), 2);
        assert_eq!(
            sink.recorded,
            ["p1/index.html", "p2/index.html", "p3/index.html"]
        );
    }

    #[test]
    fn short_common_passages_are_not_evidence() {
        assert!(!guard_finds(
            "Confidential item",
            "a/index.html",
            "<p>Confidential item</p>"
        ));
    }
}
