//! Translations beside their source: `knowsley.cy.md` beside
//! `knowsley.md`, `dph.cy.toml` beside `dph.toml`. A translation holds only
//! the text of its source: the keys of its kind that are words a reader
//! reads (a title, a summary, a recommendation), each of which its source
//! has too. In the pass of its language the source is read with those
//! values put in place of its own (and, for Markdown, the translation's
//! body in place of the source's), so everything else (dates, slugs, who
//! employs, whether it is confidential) is the source's, by construction.

use toml_edit::{DocumentMut, ImDocument, Item, TableLike, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};

/// How every warning of something not yet translated begins (`check`
/// reports them under their own rule).
pub(crate) const UNTRANSLATED: &str = "not translated into";

/// If `content_path` names a translation into one of `codes`
/// ("case-studies/knowsley.cy.md"), its source's content path
/// ("case-studies/knowsley.md") and the code.
pub(crate) fn source_of<'a>(
    content_path: &str,
    codes: impl IntoIterator<Item = &'a str>,
) -> Option<(String, &'a str)> {
    let (folder, name) = match content_path.rsplit_once('/') {
        Some((f, n)) => (format!("{f}/"), n),
        None => (String::new(), content_path),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    if ext != "md" && ext != "toml" {
        return None;
    }
    let (base, code) = stem.rsplit_once('.')?;
    let code = codes.into_iter().find(|c| *c == code)?;
    (!base.is_empty()).then(|| (format!("{folder}{base}.{ext}"), code))
}

/// If `content_path` is named like a translation into some language
/// ("about.fr.md": a code of two or three lower-case letters), its source's
/// content path and the code, whatever the site's languages.
pub(crate) fn looks_like_translation(content_path: &str) -> Option<(String, &str)> {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let mut parts = name.rsplitn(3, '.');
    let (_ext, code) = (parts.next()?, parts.next()?);
    parts.next()?;
    if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    source_of(content_path, [code])
}

/// The content path of `source`'s translation into `code`.
pub(crate) fn translation_path(source: &str, code: &str) -> String {
    match source.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{code}.{ext}"),
        None => format!("{source}.{code}"),
    }
}

/// A source with its translation put in: the text to parse, and the text
/// fields of the source the translation leaves in the source's language.
#[derive(Debug)]
pub(crate) struct Merged {
    pub(crate) text: String,
    pub(crate) untranslated: Vec<String>,
}

/// Put the values of `translation` (TOML, at `offset` in `file`) in place
/// of those of `source` (TOML). `fields` are the dotted paths of the kind's
/// text fields (`recommendations.text`: lists of tables are walked
/// through). `None` when the translation has problems (in `problems`), or
/// when the source cannot be read as TOML (its own problem is reported when
/// it is parsed).
pub(crate) fn merge_toml(
    source: &str,
    translation: &str,
    file: &SourceText,
    offset: usize,
    fields: &[&str],
    kind: &str,
    problems: &mut Diagnostics,
) -> Option<Merged> {
    let mut merged: DocumentMut = source.parse().ok()?;
    let theirs = match ImDocument::parse(translation) {
        Ok(d) => d,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            problems.push(
                Diagnostic::error(format!("this translation is not valid TOML: {}", e.message()))
                    .at(file, offset + at)
                    .with_hint("a translation is written like its source: `key = \"text\"` lines, with [tables] as in the source"),
            );
            return None;
        }
    };
    let mut walk = Walk {
        file,
        offset,
        fields,
        kind,
        problems: Diagnostics::new(),
        translated: Vec::new(),
    };
    walk.table(merged.as_table_mut(), theirs.as_table(), "", "");
    let had_problems = !walk.problems.is_empty();
    let translated = std::mem::take(&mut walk.translated);
    problems.extend(walk.problems.into_sorted());
    if had_problems {
        return None;
    }
    let ours: DocumentMut = source.parse().ok()?;
    let mut untranslated = Vec::new();
    text_leaves(ours.as_table(), "", "", fields, &mut |path| {
        if !translated.iter().any(|t| t == path) {
            untranslated.push(path.to_string());
        }
    });
    Some(Merged {
        text: merged.to_string(),
        untranslated,
    })
}

/// A walk of a translation over its source.
struct Walk<'a> {
    file: &'a SourceText,
    offset: usize,
    fields: &'a [&'a str],
    kind: &'a str,
    problems: Diagnostics,
    /// Paths (with list positions, "recommendations[2].text") translated.
    translated: Vec<String>,
}

impl Walk<'_> {
    /// `path` is the dotted path without list positions (the kind's field
    /// names); `shown` the path with them, as the user would find it.
    fn table(&mut self, ours: &mut dyn TableLike, theirs: &dyn TableLike, path: &str, shown: &str) {
        for (key, item) in theirs.iter() {
            let field = join(path, key);
            let here = join(shown, key);
            let at = theirs
                .get_key_value(key)
                .and_then(|(k, _)| k.span())
                .map_or(0, |s| s.start);
            let Some(mine) = ours.get_mut(key) else {
                self.problem(
                    at,
                    format!("`{here}` is not in the source"),
                    "a translation holds the text of keys its source has; add the key to the source first, or remove it here (check its spelling)".to_string(),
                );
                continue;
            };
            self.item(mine, item, &field, &here, at);
        }
    }

    fn item(&mut self, mine: &mut Item, theirs: &Item, field: &str, shown: &str, at: usize) {
        let is_branch = self
            .fields
            .iter()
            .any(|f| f.starts_with(&format!("{field}.")));
        if is_branch {
            if let (Some(m), Some(t)) = (mine.as_table_like_mut(), theirs.as_table_like()) {
                return self.table(m, t, field, shown);
            }
            if let (Some(m), Some(t)) = (tables_of_mut(mine), tables_of(theirs)) {
                if m.len() != t.len() {
                    return self.problem(
                        at,
                        format!("`{shown}` has {} entries here and {} in the source", t.len(), m.len()),
                        "a translation has one entry for each of the source's, in the same order; a translated list of tables cannot add or leave out entries".to_string(),
                    );
                }
                for (i, (m, t)) in m.into_iter().zip(t).enumerate() {
                    self.table(m, t, field, &format!("{shown}[{}]", i + 1));
                }
                return;
            }
        }
        if !self.fields.contains(&field) {
            let text: Vec<&str> = self.fields.to_vec();
            let close = did_you_mean(field, text.iter().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            return self.problem(
                at,
                format!("`{shown}` is not text that is translated"),
                format!(
                    "{close}a translation of a {} holds only its text, which is: {}; everything else (dates, names of files, numbers, yes/no settings) comes from the source",
                    self.kind,
                    text.join(", ")
                ),
            );
        }
        match (mine.as_value(), theirs.as_value()) {
            (Some(m), Some(t)) if same_shape(m, t) => {
                let mut value = t.clone();
                *value.decor_mut() = m.decor().clone();
                *mine = Item::Value(value);
                self.translated.push(shown.to_string());
            }
            _ => self.problem(
                at,
                format!("`{shown}` must be text like the source's"),
                "write the translation as the source writes it: text in quotes, or a list of texts in [ ] if the source has a list".to_string(),
            ),
        }
    }

    fn problem(&mut self, at: usize, message: String, hint: String) {
        self.problems.push(
            Diagnostic::error(message)
                .at(self.file, self.offset + at)
                .with_hint(hint),
        );
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether a translated value has the source's shape: text for text, a
/// list of texts for a list of texts.
fn same_shape(mine: &Value, theirs: &Value) -> bool {
    let texts = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_str));
    (mine.is_str() && theirs.is_str()) || (texts(mine) && texts(theirs))
}

/// The tables of a list of tables (`[[x]]`) or of inline tables.
fn tables_of(item: &Item) -> Option<Vec<&dyn TableLike>> {
    if let Some(a) = item.as_array_of_tables() {
        return Some(a.iter().map(|t| t as &dyn TableLike).collect());
    }
    let a = item.as_array()?;
    a.iter()
        .map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
        .collect()
}

fn tables_of_mut(item: &mut Item) -> Option<Vec<&mut dyn TableLike>> {
    if item.is_array_of_tables() {
        let a = item.as_array_of_tables_mut()?;
        return Some(a.iter_mut().map(|t| t as &mut dyn TableLike).collect());
    }
    let a = item.as_array_mut()?;
    a.iter_mut()
        .map(|v| v.as_inline_table_mut().map(|t| t as &mut dyn TableLike))
        .collect()
}

/// Call `found` with the shown path of every text field of `fields` the
/// table has.
fn text_leaves(
    table: &dyn TableLike,
    path: &str,
    shown: &str,
    fields: &[&str],
    found: &mut dyn FnMut(&str),
) {
    for (key, item) in table.iter() {
        let field = join(path, key);
        let here = join(shown, key);
        if fields.contains(&field.as_str()) {
            let is_text = item.as_value().is_some_and(|v| same_shape(v, v));
            if is_text {
                found(&here);
            }
        } else if let Some(t) = item.as_table_like() {
            text_leaves(t, &field, &here, fields, found);
        } else if let Some(list) = tables_of(item) {
            for (i, t) in list.into_iter().enumerate() {
                text_leaves(t, &field, &format!("{here}[{}]", i + 1), fields, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["title", "summary", "recommendations.text", "welcome.body"];

    fn merge(source: &str, translation: &str) -> Result<Merged, Vec<(usize, String)>> {
        let file = SourceText::new("content/x.cy.toml", translation.to_string());
        let mut problems = Diagnostics::new();
        merge_toml(
            source,
            translation,
            &file,
            0,
            FIELDS,
            "paper",
            &mut problems,
        )
        .ok_or_else(|| {
            problems
                .into_sorted()
                .iter()
                .map(|d| (d.line, d.message.clone()))
                .collect()
        })
    }

    #[test]
    fn a_translation_replaces_only_the_text_it_gives() {
        let source = "title = \"Annual report\" # kept\ndate = 2026-03-12\nsummary = \"Summary\"\n\n[[recommendations]]\nverb = \"approve\"\ntext = \"Approve it\"\n\n[[recommendations]]\nverb = \"note\"\ntext = \"Note it\"\n";
        let translation = "title = \"Adroddiad blynyddol\"\n[[recommendations]]\ntext = \"Cymeradwyo\"\n[[recommendations]]\ntext = \"Nodi\"\n";
        let merged = merge(source, translation).unwrap();
        assert_eq!(
            merged.text,
            "title = \"Adroddiad blynyddol\" # kept\ndate = 2026-03-12\nsummary = \"Summary\"\n\n[[recommendations]]\nverb = \"approve\"\ntext = \"Cymeradwyo\"\n\n[[recommendations]]\nverb = \"note\"\ntext = \"Nodi\"\n"
        );
        assert_eq!(merged.untranslated, vec!["summary".to_string()]);
    }

    #[test]
    fn a_key_the_source_lacks_or_that_is_not_text_is_an_error_at_its_line() {
        let source = "title = \"T\"\ndate = 2026-03-12\n";
        let problems =
            merge(source, "title = \"T\"\nsumary = \"S\"\ndate = 2027-01-01\n").unwrap_err();
        assert_eq!(
            problems,
            vec![
                (2, "`sumary` is not in the source".to_string()),
                (3, "`date` is not text that is translated".to_string()),
            ]
        );
    }

    #[test]
    fn a_list_of_tables_must_keep_its_length() {
        let source = "[[recommendations]]\ntext = \"A\"\n[[recommendations]]\ntext = \"B\"\n";
        let problems = merge(source, "[[recommendations]]\ntext = \"Un\"\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .1
                .contains("has 1 entries here and 2 in the source"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_number_in_place_of_text_is_an_error() {
        let problems = merge("title = \"T\"\n", "title = 5\n").unwrap_err();
        assert_eq!(
            problems,
            vec![(1, "`title` must be text like the source's".to_string())]
        );
    }

    #[test]
    fn translation_files_are_told_from_sources_by_their_language_code() {
        let codes = ["cy"];
        assert_eq!(
            source_of("case-studies/knowsley.cy.md", codes),
            Some(("case-studies/knowsley.md".to_string(), "cy"))
        );
        assert_eq!(
            source_of("_index.cy.md", codes),
            Some(("_index.md".to_string(), "cy"))
        );
        assert_eq!(
            source_of("roles/dph.cy.toml", codes),
            Some(("roles/dph.toml".to_string(), "cy"))
        );
        assert_eq!(source_of("case-studies/knowsley.md", codes), None);
        assert_eq!(source_of("papers/v1.2.md", codes), None);
        assert_eq!(source_of("images/a.cy.png", codes), None);
        assert_eq!(
            translation_path("roles/dph.toml", "cy"),
            "roles/dph.cy.toml"
        );
    }
}
