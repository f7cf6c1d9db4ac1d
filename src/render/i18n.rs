//! The theme's words in each language: `i18n/<lang>.toml` files of flat
//! `key = "text"` strings, and the tera function `t(key="...")` that the
//! HTML and the PDF templates use to print them.
//!
//! A language's strings are, each key taking the last of these that has it:
//! the theme's `i18n/en.toml` (the reference: every key exists there), the
//! theme's `i18n/<lang>.toml`, then the project's `i18n/<lang>.toml`. So a
//! language the theme has no file for (`fr`) gets the English strings, and a
//! project file need hold only the keys it changes. `<lang>` is the primary
//! subtag of the site's language tag, lower-cased ("en-GB" -> "en").
//!
//! A string may hold placeholders, `{name}`, filled from the arguments of
//! the same name: `t(key="page_of", page=3, total=12)`. The string itself is
//! printed as it is written, like text in the template; the values put into
//! it are escaped like any printed value (HTML in pages, Typst in PDFs)
//! unless they are marked safe.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::diagnostic::{Diagnostic, SourceText, did_you_mean};

/// The language every other falls back to, whose file names every key.
pub(crate) const REFERENCE: &str = "en";

/// "en" for "en-GB", "cy" for "cy", "en" for an empty tag.
pub(crate) fn primary_language(tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
    if primary.is_empty() {
        REFERENCE.to_string()
    } else {
        primary.to_ascii_lowercase()
    }
}

/// One language's file, as read: key to text.
type Table = BTreeMap<String, String>;

/// Every strings file of a theme and of a project, checked: a build takes
/// one language from it ([`Catalogue::for_language`]).
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    /// The theme's files, by language.
    theme: BTreeMap<String, Table>,
    /// The project's `i18n/` files, by language.
    project: BTreeMap<String, Table>,
}

impl Catalogue {
    /// A catalogue of the theme's files (`(language, file)`); every key of
    /// a language other than the reference must be in the reference file.
    pub(crate) fn from_theme(
        files: Vec<(String, SourceText)>,
    ) -> Result<Catalogue, Vec<Diagnostic>> {
        let mut catalogue = Catalogue::default();
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for (lang, file) in files {
            match parse(&file) {
                Ok(entries) => parsed.push((lang, file, entries)),
                Err(d) => problems.push(d),
            }
        }
        // The reference first, so the others are checked against it.
        parsed.sort_by_key(|(lang, _, _)| lang != REFERENCE);
        for (lang, file, entries) in parsed {
            if lang == REFERENCE {
                let table = entries.into_iter().map(|(k, v, _)| (k, v)).collect();
                catalogue.theme.insert(lang, table);
            } else {
                let table = catalogue.checked(&file, entries, &mut problems);
                catalogue.theme.insert(lang, table);
            }
        }
        if problems.is_empty() {
            Ok(catalogue)
        } else {
            Err(problems)
        }
    }

    /// Add the project's `i18n/<lang>.toml` files: each key must be one the
    /// theme has.
    pub(crate) fn add_project(&mut self, files: Vec<(String, SourceText)>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (lang, file) in files {
            match parse(&file) {
                Ok(entries) => {
                    let table = self.checked(&file, entries, &mut problems);
                    self.project.insert(lang, table);
                }
                Err(d) => problems.push(d),
            }
        }
        problems
    }

    /// The entries whose key the reference file has; a diagnostic for each
    /// other, at its key.
    fn checked(
        &self,
        file: &SourceText,
        entries: Entries,
        problems: &mut Vec<Diagnostic>,
    ) -> Table {
        let empty = Table::new();
        let reference = self.theme.get(REFERENCE).unwrap_or(&empty);
        let mut table = Table::new();
        for (key, text, offset) in entries {
            if reference.contains_key(&key) {
                table.insert(key, text);
                continue;
            }
            let hint = match did_you_mean(&key, reference.keys().map(String::as_str)) {
                Some(close) => format!("did you mean \"{close}\"? "),
                None => String::new(),
            };
            problems.push(
                Diagnostic::error(format!("there is no string \"{key}\" in the theme"))
                    .at(file, offset)
                    .with_hint(format!(
                        "{hint}a strings file may hold only the keys of the theme's i18n/{REFERENCE}.toml, which lists them all"
                    )),
            );
        }
        table
    }

    /// The strings of the language of `tag` (a BCP 47 tag such as "en-GB"
    /// or "cy").
    pub fn for_language(&self, tag: &str) -> Strings {
        let language = primary_language(tag);
        let mut table = self.theme.get(REFERENCE).cloned().unwrap_or_default();
        for layer in [self.theme.get(&language), self.project.get(&language)]
            .into_iter()
            .flatten()
        {
            table.extend(layer.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Strings { language, table }
    }
}

/// Key, text and the key's offset in its file.
type Entries = Vec<(String, String, usize)>;

fn parse(file: &SourceText) -> Result<Entries, Diagnostic> {
    let map: BTreeMap<toml::Spanned<String>, toml::Spanned<String>> =
        crate::source::parse_toml(file, &file.text, 0)?;
    let mut entries: Entries = map
        .into_iter()
        .map(|(k, v)| {
            let offset = k.span().start;
            (k.into_inner(), v.into_inner(), offset)
        })
        .collect();
    entries.sort_by_key(|e| e.2);
    Ok(entries)
}

/// The strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// "en", "cy": the primary subtag of the site's language.
    language: String,
    table: Table,
}

impl Strings {
    /// The text of `key` with its placeholders filled by `fill` (which gets
    /// a placeholder's name and gives its text, or an error).
    fn text(
        &self,
        key: &str,
        mut fill: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<String, String> {
        let Some(text) = self.table.get(key) else {
            let close = did_you_mean(key, self.table.keys().map(String::as_str));
            return Err(match close {
                Some(c) => format!(
                    "t: no string \"{key}\" in {}; did you mean \"{c}\"?",
                    self.language
                ),
                None => format!("t: no string \"{key}\" in {}", self.language),
            });
        };
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if name_len > 0 && after[name_len..].starts_with('}') {
                let name = &after[..name_len];
                out.push_str(&fill(name).map_err(|e| {
                    format!(
                        "t: the string \"{key}\" in {} needs {name}=...: {e}",
                        self.language
                    )
                })?);
                rest = &after[name_len + 1..];
            } else {
                out.push('{');
                rest = after;
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The text of `key` as written, its placeholders unfilled.
    pub(crate) fn raw(&self, key: &str) -> Option<&str> {
        self.table.get(key).map(String::as_str)
    }

    /// The text of `key` with its placeholders filled from `values`.
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str, values: &[(&str, &str)]) -> Result<String, String> {
        self.text(key, |name| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_string())
                .ok_or_else(|| "no value given".to_string())
        })
    }
}

/// Register `t(key="...", placeholder=value, ...)` in `tera`.
pub(crate) fn register(tera: &mut Tera, strings: Arc<Strings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let key: &str = kwargs.must_get("key")?;
            let text = strings
                .text(key, |name| match kwargs.get::<Value>(name) {
                    Ok(Some(v)) => state.escape_if_needed(&v).map_err(|e| e.to_string()),
                    Ok(None) => Err("no value was given".to_string()),
                    Err(e) => Err(e.to_string()),
                })
                .map_err(tera::Error::message)?;
            Ok(Value::safe_string(&text))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(lang: &str) -> SourceText {
        let path = format!("i18n/{lang}.toml");
        let (_, bytes) = crate::render::theme::builtin_default()
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("the built-in theme has no {path}"));
        SourceText::new(
            format!("<built-in theme>/{path}"),
            String::from_utf8(bytes.to_vec()).unwrap(),
        )
    }

    fn builtin_catalogue() -> Catalogue {
        Catalogue::from_theme(vec![
            ("en".into(), builtin("en")),
            ("cy".into(), builtin("cy")),
        ])
        .unwrap()
    }

    #[test]
    fn english_and_welsh_have_the_same_keys() {
        let keys = |lang: &str| -> Vec<String> {
            parse(&builtin(lang))
                .unwrap()
                .into_iter()
                .map(|e| e.0)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let (en, cy) = (keys("en"), keys("cy"));
        let only_en: Vec<&String> = en.iter().filter(|k| !cy.contains(k)).collect();
        let only_cy: Vec<&String> = cy.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            only_en.is_empty(),
            "in en.toml but not cy.toml: {only_en:?}"
        );
        assert!(
            only_cy.is_empty(),
            "in cy.toml but not en.toml: {only_cy:?}"
        );
        assert!(en.len() > 100);
    }

    #[test]
    fn the_language_is_the_primary_subtag_and_others_fall_back_to_english() {
        assert_eq!(primary_language("en-GB"), "en");
        assert_eq!(primary_language("CY"), "cy");
        assert_eq!(primary_language("cy-GB"), "cy");
        assert_eq!(primary_language(""), "en");
        let c = builtin_catalogue();
        assert_eq!(c.for_language("cy").get("search", &[]).unwrap(), "Chwilio");
        assert_eq!(
            c.for_language("en-GB").get("search", &[]).unwrap(),
            "Search"
        );
        let fr = c.for_language("fr");
        assert_eq!(fr.get("search", &[]).unwrap(), "Search");
        assert_eq!(fr.language, "fr");
    }

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let c = builtin_catalogue();
        let cy = c.for_language("cy");
        assert_eq!(
            cy.get("page_of", &[("page", "3"), ("total", "12")])
                .unwrap(),
            "Tudalen 3 o 12"
        );
        let e = cy.get("page_of", &[("page", "3")]).unwrap_err();
        assert!(e.contains("needs total="), "{e}");
        let s = Strings {
            language: "en".into(),
            table: [("x".to_string(), "{a} {not closed {} {b-c}".to_string())].into(),
        };
        assert_eq!(s.get("x", &[("a", "A")]).unwrap(), "A {not closed {} {b-c}");
    }

    #[test]
    fn a_missing_key_is_an_error_naming_the_key_and_the_language() {
        let c = builtin_catalogue();
        let e = c.for_language("cy").get("closing_datee", &[]).unwrap_err();
        assert_eq!(
            e,
            "t: no string \"closing_datee\" in cy; did you mean \"closing_date\"?"
        );
        let mut tera = Tera::new();
        register(&mut tera, Arc::new(c.for_language("en-GB")));
        tera.add_raw_template("a.html", "{{ t(key=\"nope_nope\") }}")
            .unwrap();
        let err = tera.render("a.html", &tera::Context::new()).unwrap_err();
        let shown = format!("{err:?}");
        assert!(
            shown.contains("no string \\\"nope_nope\\\" in en"),
            "{shown}"
        );
    }

    #[test]
    fn t_escapes_values_but_not_the_string() {
        let s = Strings {
            language: "en".into(),
            table: [("k".to_string(), "Chair's {who}".to_string())].into(),
        };
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        register(&mut tera, Arc::new(s));
        tera.add_raw_template(
            "a.html",
            "{{ t(key=\"k\", who=name) }}|{{ t(key=\"k\", who=name | safe) }}|{{ t(key=\"k\", who=3) }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("name", "<b>A & B</b>");
        let out = tera.render("a.html", &ctx).unwrap();
        assert_eq!(
            out,
            "Chair's &lt;b&gt;A &amp; B&lt;&#x2F;b&gt;|Chair's <b>A & B</b>|Chair's 3"
                .replace("&#x2F;", &tera_slash())
        );
    }

    /// How tera's HTML escaping writes "/" (it depends on its features).
    fn tera_slash() -> String {
        let mut buf = Vec::new();
        tera::escape_html("/", &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn a_project_file_replaces_one_string_and_rejects_an_unknown_key() {
        let mut c = builtin_catalogue();
        let file = SourceText::new(
            "i18n/cy.toml",
            "# Our own words\nsearch = \"Chwilio'r wefan\"\n".to_string(),
        );
        assert!(c.add_project(vec![("cy".into(), file)]).is_empty());
        let cy = c.for_language("cy");
        assert_eq!(cy.get("search", &[]).unwrap(), "Chwilio'r wefan");
        assert_eq!(cy.get("closing_date", &[]).unwrap(), "Dyddiad cau");
        // English is untouched.
        assert_eq!(c.for_language("en").get("search", &[]).unwrap(), "Search");

        let bad = SourceText::new(
            "i18n/cy.toml",
            "search = \"Chwilio\"\nclosing_datee = \"Dyddiad cau\"\n".to_string(),
        );
        let problems = c.add_project(vec![("cy".into(), bad)]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let d = &problems[0];
        assert!(d.message.contains("\"closing_datee\""), "{}", d.message);
        assert_eq!(
            d.path.as_deref(),
            Some(std::path::Path::new("i18n/cy.toml"))
        );
        assert_eq!((d.line, d.col), (2, 1));
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean \"closing_date\"?"),
            "{:?}",
            d.hint
        );
    }
}
