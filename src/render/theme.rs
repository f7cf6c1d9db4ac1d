//! Themes: where templates and theme static files come from.
//!
//! Precedence, highest first: the project's `templates/` (single templates by
//! name), a `themes/<name>/` folder in the project, then the built-in default
//! theme embedded in the binary (so an installed dossier works anywhere).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::walk_files;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub(crate) use embedded::SCAFFOLD;

/// The built-in theme's files, relative to its folder.
pub(crate) fn builtin_default() -> &'static [(&'static str, &'static [u8])] {
    embedded::DEFAULT_THEME
}

/// Where a template or static file came from, for diagnostics and copying.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file in the project, with its project-relative path.
    Disk(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

/// One template's source.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    pub(crate) text: String,
    /// The path shown in diagnostics.
    pub(crate) shown_path: PathBuf,
}

/// A theme with the project's overrides applied.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name ("page.html", "shortcodes/figure.html") to source.
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// Output path ("style.css") to file.
    pub static_files: BTreeMap<String, Origin>,
    /// Typst templates for PDFs ("candidate-pack.typ"), from the theme's
    /// `pdf/` folder and the project's `templates/pdf/`.
    pub(crate) pdf_templates: BTreeMap<String, TemplateSource>,
    /// The words of the templates in each language: the theme's `i18n/`
    /// files with the project's `i18n/` over them (see [`super::i18n`]).
    pub strings: super::i18n::Catalogue,
}

/// Load the theme named in the config, then the project's `templates/`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut problems = Vec::new();
    let folder = Path::new("themes").join(name);
    if root.join(&folder).is_dir() {
        load_folder(root, &folder.join("templates"), &mut theme, &mut problems);
        load_pdf_folder(root, &folder.join("pdf"), &mut theme, &mut problems);
        // A theme without its own English strings (one copied before
        // dossier had them) uses the built-in theme's words.
        let i18n = folder.join("i18n");
        if root.join(i18n.join("en.toml")).is_file() {
            let files = strings_files(root, &i18n, &mut problems);
            match super::i18n::Catalogue::from_theme(files) {
                Ok(c) => theme.strings = c,
                Err(d) => problems.extend(d),
            }
        } else {
            builtin_strings(&mut theme, &mut problems);
        }
        for rel in walk_files(root, &folder.join("static")) {
            let out = rel.strip_prefix(folder.join("static")).unwrap_or(&rel);
            theme
                .static_files
                .insert(slashes(out), Origin::Disk(rel.clone()));
        }
    } else if name == "default" {
        builtin_strings(&mut theme, &mut problems);
        for (path, bytes) in builtin_default() {
            if let Some(t) = path.strip_prefix("templates/") {
                match std::str::from_utf8(bytes) {
                    Ok(text) => {
                        theme.templates.insert(
                            t.to_string(),
                            TemplateSource {
                                text: text.to_string(),
                                shown_path: PathBuf::from(format!(
                                    "<built-in theme>/templates/{t}"
                                )),
                            },
                        );
                    }
                    Err(_) => problems.push(Diagnostic::error(format!(
                        "built-in template {t} is not UTF-8"
                    ))),
                }
            } else if let Some(t) = path.strip_prefix("pdf/") {
                if let Ok(text) = std::str::from_utf8(bytes) {
                    theme.pdf_templates.insert(
                        t.to_string(),
                        TemplateSource {
                            text: text.to_string(),
                            shown_path: PathBuf::from(format!("<built-in theme>/pdf/{t}")),
                        },
                    );
                }
            } else if let Some(s) = path.strip_prefix("static/") {
                theme
                    .static_files
                    .insert(s.to_string(), Origin::BuiltIn(bytes));
            }
        }
    } else {
        let found: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut hint = format!(
            "create the folder themes/{name}/ with templates/ inside, or set theme = \"default\" in dossier.toml for the built-in theme"
        );
        if !found.is_empty() {
            hint.push_str(&format!("; themes in this project: {}", found.join(", ")));
        }
        problems.push(
            Diagnostic::error(format!("the theme \"{name}\" cannot be found"))
                .in_file("dossier.toml")
                .with_hint(hint),
        );
        return Err(problems);
    }
    load_folder(root, Path::new("templates"), &mut theme, &mut problems);
    load_pdf_folder(root, Path::new("templates/pdf"), &mut theme, &mut problems);
    let project = strings_files(root, Path::new("i18n"), &mut problems);
    let unknown = theme.strings.add_project(project);
    problems.extend(unknown);
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// The theme's static files with the project's `static/` folder over them
/// (a project file replaces the theme's file of the same path).
pub(crate) fn with_project_static(
    root: &Path,
    theme_static: &BTreeMap<String, Origin>,
) -> BTreeMap<String, Origin> {
    let mut files = theme_static.clone();
    for rel in walk_files(root, Path::new("static")) {
        let out = slashes(rel.strip_prefix("static").unwrap_or(&rel));
        files.insert(out, Origin::Disk(rel));
    }
    files
}

fn load_folder(root: &Path, dir: &Path, theme: &mut Theme, problems: &mut Vec<Diagnostic>) {
    for rel in walk_files(root, dir) {
        let name = slashes(rel.strip_prefix(dir).unwrap_or(&rel));
        if name.starts_with("pdf/") {
            continue;
        }
        match crate::source::read_text(root, &rel) {
            Ok(file) => {
                theme.templates.insert(
                    name,
                    TemplateSource {
                        text: file.text,
                        shown_path: rel,
                    },
                );
            }
            Err(d) => problems.push(d),
        }
    }
}

fn load_pdf_folder(root: &Path, dir: &Path, theme: &mut Theme, problems: &mut Vec<Diagnostic>) {
    for rel in walk_files(root, dir) {
        let name = slashes(rel.strip_prefix(dir).unwrap_or(&rel));
        match crate::source::read_text(root, &rel) {
            Ok(file) => {
                theme.pdf_templates.insert(
                    name,
                    TemplateSource {
                        text: file.text,
                        shown_path: rel,
                    },
                );
            }
            Err(d) => problems.push(d),
        }
    }
}

/// The built-in theme's `i18n/<lang>.toml` files.
fn builtin_strings(theme: &mut Theme, problems: &mut Vec<Diagnostic>) {
    let files = builtin_default()
        .iter()
        .filter_map(|(path, bytes)| {
            let lang = path.strip_prefix("i18n/")?.strip_suffix(".toml")?;
            let text = String::from_utf8_lossy(bytes).into_owned();
            let shown = PathBuf::from(format!("<built-in theme>/{path}"));
            Some((
                lang.to_string(),
                crate::diagnostic::SourceText::new(shown, text),
            ))
        })
        .collect();
    match super::i18n::Catalogue::from_theme(files) {
        Ok(c) => theme.strings = c,
        Err(d) => problems.extend(d),
    }
}

/// The `<lang>.toml` files directly in `dir`, by language.
fn strings_files(
    root: &Path,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, crate::diagnostic::SourceText)> {
    let mut files = Vec::new();
    for rel in walk_files(root, dir) {
        let Some(lang) = rel
            .strip_prefix(dir)
            .ok()
            .and_then(|r| r.to_str())
            .and_then(|r| r.strip_suffix(".toml"))
            .filter(|l| !l.contains(['/', '\\']))
        else {
            continue;
        };
        match crate::source::read_text(root, &rel) {
            Ok(file) => files.push((lang.to_ascii_lowercase(), file)),
            Err(d) => problems.push(d),
        }
    }
    files
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
