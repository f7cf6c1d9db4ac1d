//! Small rules of the model: where a content file's page lives, its date,
//! listing order, taxonomy terms and aliases, and checks of colours and
//! static paths.

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::load::MarkdownFile;
use crate::markdown::slugify;
use crate::site::page::PageFrontMatter;
use std::path::Path;

use super::*;

pub(super) fn page_date(
    f: &MarkdownFile<PageFrontMatter>,
    problems: &mut Diagnostics,
) -> Option<Date> {
    let d = f.front_matter.date.as_ref()?;
    let date = Date::from_toml(d.get_ref());
    if date.is_none() {
        problems.push(
            Diagnostic::error("`date` must be a calendar date")
                .at(&f.file, f.front_matter_offset + d.span().start)
                .with_hint("write it like `date = 2026-03-12`"),
        );
    }
    date
}

/// Case studies newest first, then by weight; other pages by weight, then newest.
pub(super) fn listing_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.weight.unwrap_or(i64::MAX);
    match a.kind {
        PageKind::CaseStudy => b.date.cmp(&a.date).then(weight(a).cmp(&weight(b))),
        PageKind::Page => weight(a)
            .cmp(&weight(b))
            .then(b.date.cmp(&a.date))
            .then(a.title.cmp(&b.title)),
    }
}

/// The terms among a page's other front matter keys (a sorted map).
pub(super) fn terms(other: &crate::load::common::OtherKeys) -> Terms {
    let list = other
        .iter()
        .map(|(k, v)| {
            let list = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (k.clone(), list)
        })
        .collect();
    Terms(list)
}

pub(super) fn aliases(
    file: &SourceText,
    offset: usize,
    raw: &[toml::Spanned<String>],
    problems: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for a in raw {
        match clean_site_path(a.get_ref()) {
            Some(p) => out.push(p),
            None => problems.push(
                Diagnostic::error(format!("\"{}\" is not a usable alias", a.get_ref()))
                    .at(file, offset + a.span().start)
                    .with_hint("an alias is an old address on this site, like \"/old/page/\"; it may not contain `..`, `\\` or a web address"),
            ),
        }
    }
    out
}

/// Normalise a user-written site path to "/a/b/", refusing anything that
/// could escape the output folder.
pub(crate) fn clean_site_path(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.contains("://") || raw.contains('\\') || raw.contains('\0') {
        return None;
    }
    let parts: Vec<&str> = raw.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == "." || *p == ".." || p.starts_with('.'))
    {
        return None;
    }
    Some(format!("/{}/", parts.join("/")))
}

/// Check a path under static/ exists and return it as a site path.
pub(super) fn static_path(root: &Path, raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_start_matches('/');
    if trimmed.is_empty()
        || trimmed.split('/').any(|p| p == ".." || p.is_empty())
        || raw.contains('\\')
    {
        return Err("give a path under static/, like \"/logos/council.svg\"".into());
    }
    if root.join("static").join(trimmed).is_file() {
        Ok(format!("/{trimmed}"))
    } else {
        Err(format!(
            "put the file at static/{trimmed}, or correct the path (it is relative to static/)"
        ))
    }
}

pub(super) fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

pub(super) fn stem_slug(content_path: &str) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    slugify(stem)
}

pub(super) fn parent_folder(content_path: &str) -> String {
    content_path
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

pub(super) fn folder_path(folder: &str) -> String {
    folder.split('/').map(slugify).collect::<Vec<_>>().join("/")
}
