//! `dossier new <kind> <slug>`: start a content file from an archetype.
//!
//! An archetype is a commented template file named after the kind it makes:
//! `archetypes/<kind>.md` or `archetypes/<kind>.toml`. dossier looks in the
//! project's `archetypes/` first, then in `themes/<theme>/archetypes/`, then in
//! the built-in theme, so a project can change any archetype one file at a
//! time. The kinds on offer are the archetypes found: adding a kind (roles,
//! papers, meetings) is adding one file. A kind's file goes to
//! `content/<kind>s/<slug>.<ext>` (a kind ending in "y" becomes "ies":
//! `case-study` → `content/case-studies/`), except `page`, which goes to
//! `content/<slug>.md` and whose slug may name a folder (`about/contact`).
//!
//! Archetypes are filled by plain substitution, not by tera, so that the
//! braces of a content file's own shortcodes are left alone: `{{ title }}`
//! (from the slug), `{{ slug }}` and `{{ date }}` (today, or the day of
//! `SOURCE_DATE_EPOCH`). Nothing is ever overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, display_path};
use crate::render::theme::builtin_default;

/// The folder of archetypes, in a project or a theme.
pub(crate) const ARCHETYPES: &str = "archetypes";

/// What to create.
#[derive(Debug, Clone)]
pub(crate) struct NewSettings {
    pub(crate) root: PathBuf,
    pub(crate) kind: String,
    pub(crate) slug: String,
    /// The theme named in dossier.toml.
    pub(crate) theme: String,
    pub(crate) date: Date,
    /// More `{{ key }}` values the archetype is filled with (the
    /// `minutes` kind's agenda headings and attendance).
    pub(crate) extra: BTreeMap<String, String>,
}

/// An archetype found for a kind.
#[derive(Debug, Clone)]
struct Archetype {
    extension: String,
    text: String,
}

/// Write the new file; returns its project-relative path.
pub(crate) fn new_file(settings: &NewSettings) -> Result<PathBuf, Diagnostic> {
    let archetypes = find_archetypes(&settings.root, &settings.theme);
    let Some(archetype) = archetypes.get(&settings.kind) else {
        let known: Vec<&str> = archetypes.keys().map(String::as_str).collect();
        let mut hint = match crate::diagnostic::did_you_mean(&settings.kind, known.iter().copied())
        {
            Some(close) => format!("did you mean `{close}`? "),
            None => String::new(),
        };
        hint.push_str(&format!(
            "the kinds dossier can create are: {}; a kind `x` is the file archetypes/x.md or archetypes/x.toml",
            known.join(", ")
        ));
        return Err(
            Diagnostic::error(format!("dossier cannot create a \"{}\"", settings.kind))
                .with_hint(hint),
        );
    };
    check_slug(&settings.kind, &settings.slug)?;
    let rel = destination(&settings.kind, &settings.slug, &archetype.extension);
    let mut text = fill(&archetype.text, &settings.slug, settings.date);
    for (key, value) in &settings.extra {
        text = text.replace(&format!("{{{{ {key} }}}}"), value);
    }
    let path = settings.root.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(&rel, &e))?;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => Ok(rel),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Diagnostic::error(format!(
            "{} already exists",
            display_path(&rel)
        ))
        .with_hint(
            "dossier new never overwrites a file: choose another slug, or edit the existing file",
        )),
        Err(e) => Err(io_error(&rel, &e)),
    }
}

/// Every archetype available, by kind: built-in, then the project's theme,
/// then the project (later ones win).
fn find_archetypes(root: &Path, theme: &str) -> BTreeMap<String, Archetype> {
    let mut found = BTreeMap::new();
    let mut add = |name: &str, text: String| {
        if let Some((kind, extension)) = name.rsplit_once('.')
            && matches!(extension, "md" | "toml")
            && !kind.is_empty()
            && !kind.starts_with('.')
        {
            found.insert(
                kind.to_string(),
                Archetype {
                    extension: extension.to_string(),
                    text,
                },
            );
        }
    };
    for (path, bytes) in builtin_default() {
        if let Some(name) = path.strip_prefix("archetypes/")
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            add(name, text.to_string());
        }
    }
    let theme_dir = Path::new("themes").join(theme).join(ARCHETYPES);
    for dir in [theme_dir.as_path(), Path::new(ARCHETYPES)] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                add(&name, text);
            }
        }
    }
    found
}

/// Where a kind's file goes, relative to the project.
fn destination(kind: &str, slug: &str, extension: &str) -> PathBuf {
    let folder = match kind {
        "page" => String::new(),
        "minutes" => "minutes".to_string(),
        k => match k.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{k}s"),
        },
    };
    Path::new("content")
        .join(folder)
        .join(format!("{slug}.{extension}"))
}

/// Slugs become addresses and file names: lower-case letters, digits and
/// hyphens (and, for pages, `/` between folders).
fn check_slug(kind: &str, slug: &str) -> Result<(), Diagnostic> {
    let folders_allowed = kind == "page";
    let parts: Vec<&str> = slug.split('/').collect();
    let good_part = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('-')
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if parts.iter().all(good_part) && (folders_allowed || parts.len() == 1) && parts[0] != "_index"
    {
        return Ok(());
    }
    let suggestion: Vec<String> = parts
        .iter()
        .map(|p| crate::markdown::slugify(p))
        .filter(|p| !p.is_empty())
        .collect();
    let separator = if folders_allowed { "/" } else { "-" };
    let mut hint = String::from(
        "a slug is the last part of the page's address: lower-case letters, digits and hyphens",
    );
    if folders_allowed {
        hint.push_str(", with / between folders");
    }
    if !suggestion.is_empty() {
        hint.push_str(&format!(", e.g. `{}`", suggestion.join(separator)));
    }
    Err(Diagnostic::error(format!("\"{slug}\" is not a slug")).with_hint(hint))
}

fn fill(template: &str, slug: &str, date: Date) -> String {
    let last = slug.rsplit('/').next().unwrap_or(slug);
    let mut title = last.replace('-', " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    template
        .replace("{{ title }}", &title.replace('"', "\\\""))
        .replace("{{ slug }}", slug)
        .replace("{{ date }}", &date.to_string())
}

fn io_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot write {}: {}",
        display_path(rel),
        crate::source::io_reason(e)
    ))
    .with_hint("check that you may create files in the project folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_their_content_folders() {
        assert_eq!(
            destination("case-study", "knowsley", "md"),
            Path::new("content/case-studies/knowsley.md")
        );
        assert_eq!(
            destination("organisation", "nhs-x", "toml"),
            Path::new("content/organisations/nhs-x.toml")
        );
        assert_eq!(
            destination("role", "director", "toml"),
            Path::new("content/roles/director.toml")
        );
        assert_eq!(
            destination("page", "about/contact", "md"),
            Path::new("content/about/contact.md")
        );
    }

    #[test]
    fn slugs_are_checked_and_a_fix_suggested() {
        assert!(check_slug("case-study", "knowsley-2").is_ok());
        assert!(check_slug("page", "about/contact").is_ok());
        let e = check_slug("case-study", "about/contact").unwrap_err();
        assert_eq!(e.message, "\"about/contact\" is not a slug");
        let e = check_slug("case-study", "Knowsley Partnership").unwrap_err();
        assert!(e.hint.unwrap().ends_with("e.g. `knowsley-partnership`"));
        assert!(check_slug("page", "../escape").is_err());
        assert!(check_slug("page", "_index").is_err());
    }

    #[test]
    fn fills_title_slug_and_date() {
        let date = Date::parse_iso("2026-11-29").unwrap();
        assert_eq!(
            fill(
                "title = \"{{ title }}\" # {{ slug }}\ndate = {{ date }}\n{{ other }}",
                "about/joint-posts",
                date
            ),
            "title = \"Joint posts\" # about/joint-posts\ndate = 2026-11-29\n{{ other }}"
        );
    }
}
