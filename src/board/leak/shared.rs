//! Shared phrasing: the headings and standard sentences every paper of a
//! body repeats ("Equality impact assessment", "Recommendations to the
//! board"). A confidential paper that uses them is not leaked by a public
//! paper that uses them too, so such runs are not looked for. A run counts
//! as shared when it is in the built-in theme's text, in a phrase declared
//! in `[leak_guard] shared_phrases`, or in **two or more** public content
//! files. One public file is not enough: that is what text pasted from a
//! confidential paper into one page looks like.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Runs;
use crate::board::Withheld;

/// The texts that decide what is shared phrasing.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The built-in theme's templates and strings: each counts alone.
    theme: Vec<String>,
    /// `[leak_guard] shared_phrases`: each counts alone.
    declared: Vec<String>,
    /// The public content files (project-relative), each with the passages
    /// to cut out of it (a paper's redactions) and the source it is of (its
    /// own content path, or its source's for a translation): a run must be
    /// in two sources, since a page and its translation are one document.
    /// Read when runs are removed, one at a time, so a large site's sources
    /// are not all held at once.
    public: Vec<(std::path::PathBuf, Vec<String>, String)>,
    /// The project folder the files are in.
    root: std::path::PathBuf,
}

impl Shared {
    /// Gather the theme's texts, the declared phrases and every content file
    /// (Markdown or TOML) of the project at `root` but confidential papers;
    /// a paper with redactions counts with its redacted passages cut out.
    pub(crate) fn gather(root: &Path, withheld: &[Withheld], declared: &[String]) -> Shared {
        if withheld.is_empty() {
            return Shared::default();
        }
        let theme = crate::render::theme::builtin_default()
            .iter()
            .filter(|(path, _)| {
                [".html", ".typ", ".xml", ".txt", ".toml"]
                    .iter()
                    .any(|e| path.ends_with(e))
            })
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        let confidential: BTreeSet<&str> = withheld
            .iter()
            .filter(|w| w.whole_file)
            .map(|w| w.content_path.as_str())
            .collect();
        // In a site of several languages each language's passes withhold
        // the same source's passages in its own words: all are cut.
        let mut redacted: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for w in withheld.iter().filter(|w| !w.whole_file) {
            redacted
                .entry(w.content_path.as_str())
                .or_default()
                .extend(w.passages.iter().cloned());
        }
        let content = Path::new("content");
        let public = crate::source::walk_files(root, content)
            .into_iter()
            .filter(|rel| rel.extension().is_some_and(|e| e == "md" || e == "toml"))
            .filter_map(|rel| {
                let content_path = rel
                    .strip_prefix(content)
                    .unwrap_or(&rel)
                    .to_string_lossy()
                    .replace('\\', "/");
                // A translation (`x.cy.md`) is its source's: a confidential
                // paper's translation is no public text either.
                let source = source_of_any_translation(&content_path);
                if confidential.contains(source.as_str()) {
                    return None;
                }
                let cut = redacted.get(source.as_str()).cloned().unwrap_or_default();
                Some((rel, cut, source))
            })
            .collect();
        Shared {
            theme,
            declared: declared.to_vec(),
            public,
            root: root.to_path_buf(),
        }
    }

    /// Remove from `runs` every run that is shared phrasing.
    pub(super) fn remove_from(&self, runs: &mut Runs) {
        if runs.is_empty() {
            return;
        }
        let mut shared: BTreeSet<(usize, String)> = BTreeSet::new();
        for text in self.theme.iter().chain(&self.declared) {
            shared.extend(found(runs, text));
        }
        // Each file read on its own thread; counts added up in file order.
        let found_in_files = crate::par::map(&self.public, |(rel, cut, _)| {
            let Ok(mut text) = std::fs::read_to_string(self.root.join(rel)) else {
                return BTreeSet::new();
            };
            for passage in cut {
                text = text.replace(passage.as_str(), " ");
            }
            found(runs, &text)
        });
        // Counted once per source: a run in a page and in its translation
        // is in one document.
        let mut by_source: BTreeMap<&str, BTreeSet<(usize, String)>> = BTreeMap::new();
        for ((_, _, source), runs) in self.public.iter().zip(found_in_files) {
            by_source.entry(source.as_str()).or_default().extend(runs);
        }
        let mut public: BTreeMap<(usize, String), usize> = BTreeMap::new();
        for run in by_source.into_values().flatten() {
            *public.entry(run).or_default() += 1;
        }
        shared.extend(public.into_iter().filter(|(_, n)| *n >= 2).map(|(r, _)| r));
        for (len, run) in shared {
            runs.remove(len, &run);
        }
    }
}

/// The runs of `runs` that `text` holds, once each.
fn found(runs: &Runs, text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    runs.find(text, |len, key, _| {
        out.insert((len, key.to_string()));
    });
    out
}

/// The source a content file would translate if it were a translation
/// (`papers/x.cy.md` gives `papers/x.md`), whatever the site's languages:
/// taking a file for a translation that is not one only makes the guard
/// stricter (its text no longer counts as public phrasing).
fn source_of_any_translation(content_path: &str) -> String {
    let (folder, name) = content_path
        .rsplit_once('/')
        .map_or(("", content_path), |(f, n)| (f, n));
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [stem, code, ext]
            if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            let file = format!("{stem}.{ext}");
            if folder.is_empty() {
                file
            } else {
                format!("{folder}/{file}")
            }
        }
        _ => content_path.to_string(),
    }
}
