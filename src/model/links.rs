//! Links: every URL the site will have, duplicate and clashing paths, and
//! `@/` links and anchors checked and filled in as site paths.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::load::ORGANISATIONS;
use crate::markdown::{self, Rendered};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::*;

/// Duplicate paths (two files giving one URL) and aliases that would overwrite pages.
pub(super) fn check_paths(site: &mut Site, files: &SourceFiles, problems: &mut Diagnostics) {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: &str, owner: &str, problems: &mut Diagnostics| {
        if let Some(first) = owners.get(path) {
            problems.push(
                Diagnostic::error(format!("two files make the same page {path}"))
                    .in_file(crate::load::project_path(owner))
                    .with_hint(format!(
                        "content/{first} already makes it; rename one of the files"
                    )),
            );
        } else {
            owners.insert(path.to_string(), owner.to_string());
        }
    };
    for p in &site.pages {
        claim(&p.path, &p.content_path, problems);
    }
    for s in &site.sections {
        claim(&s.path, &format!("{}/_index.md", s.folder), problems);
    }
    for o in &site.organisations {
        claim(
            &o.path,
            &format!("{ORGANISATIONS}/{}.toml", o.slug),
            problems,
        );
    }
    for r in &site.roles {
        claim(&r.path, &r.content_path, problems);
    }
    for (content_path, path, _) in site.board.addresses() {
        claim(path, content_path, problems);
    }
    for p in &site.pages {
        for alias in &p.aliases {
            let taken = owners.contains_key(alias)
                || site
                    .taxonomies
                    .iter()
                    .any(|t| &t.path == alias || t.terms.iter().any(|x| &x.path == alias))
                || ["/", "/search/", "/organisations/", "/roles/"]
                    .iter()
                    .chain(&crate::board::Board::LISTINGS)
                    .any(|listing| listing == alias);
            let file = files.get(&p.content_path);
            if taken || site.aliases.contains_key(alias) {
                let mut d = Diagnostic::error(format!(
                    "the alias {alias} is already a page on this site"
                ))
                .with_hint(
                    "an alias may not replace a real page; remove it or choose another old address",
                );
                let at = |f: &SourceText, _| f.text.find(alias.trim_matches('/')).unwrap_or(0);
                d = match file {
                    Some(file) => file.locate(d, at),
                    None => d.in_file(crate::load::project_path(&p.content_path)),
                };
                problems.push(d);
            } else {
                site.aliases.insert(alias.clone(), p.path.clone());
            }
        }
    }
}

/// The ids a link target's `#` may name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Anchors {
    /// A target without a body (an organisation, a role, a meeting).
    NoBody,
    /// The ids of its headings and footnotes.
    Known(Vec<String>),
    /// A deferred page: its ids are known once its Markdown is rendered,
    /// and a link to one of them is checked then (see [`PendingAnchor`]).
    Later,
}

/// What an `@/` link may point at: content path to (site path, its ids).
pub(crate) type LinkTargets = HashMap<String, (String, Anchors)>;

/// A link to a heading of a page not rendered yet, checked once every
/// page is (see [`AnchorBook`]).
#[derive(Debug, Clone)]
pub(crate) struct PendingAnchor {
    /// Content path of the file with the link.
    pub(crate) from: String,
    /// Byte offset of the link in that file, when known.
    pub(crate) offset: Option<usize>,
    /// Content path of the page linked to.
    pub(crate) target: String,
    pub(crate) fragment: String,
}

/// Every page, section, organisation, role, paper and meeting a link may name.
pub(crate) fn link_targets(site: &Site) -> LinkTargets {
    let mut targets: LinkTargets = HashMap::new();
    for p in &site.pages {
        let anchors = if p.deferred {
            Anchors::Later
        } else {
            Anchors::Known(p.body.anchors.clone())
        };
        targets.insert(p.content_path.clone(), (p.path.clone(), anchors));
    }
    for s in &site.sections {
        targets.insert(
            format!("{}/_index.md", s.folder),
            (s.path.clone(), Anchors::Known(s.body.anchors.clone())),
        );
    }
    targets.insert(
        "_index.md".into(),
        ("/".into(), Anchors::Known(site.home.body.anchors.clone())),
    );
    for o in &site.organisations {
        targets.insert(
            format!("{ORGANISATIONS}/{}.toml", o.slug),
            (o.path.clone(), Anchors::NoBody),
        );
    }
    for r in &site.roles {
        targets.insert(r.content_path.clone(), (r.path.clone(), Anchors::NoBody));
    }
    for (content_path, path, anchors) in site.board.addresses() {
        let anchors = anchors.map_or(Anchors::NoBody, |ids| Anchors::Known(ids.to_vec()));
        targets.insert(content_path.to_string(), (path.to_string(), anchors));
    }
    targets
}

/// Resolve every `@/` link against the pages' paths and anchors. Returns
/// the links to headings of deferred pages, to be checked later.
pub(super) fn resolve_links(
    site: &mut Site,
    targets: &LinkTargets,
    files: &SourceFiles,
    unparsed: &BTreeSet<String>,
    problems: &mut Diagnostics,
) -> Vec<PendingAnchor> {
    let config = site.config.clone();
    let mut pending = Vec::new();
    let mut fix = |content_path: &str, body: &mut Rendered, problems: &mut Diagnostics| {
        let (filled, found) = internal_links(
            &config,
            targets,
            unparsed,
            files.get(content_path),
            content_path,
            body,
            &mut pending,
        );
        problems.extend(found.into_sorted());
        if let Some(filled) = filled {
            filled.apply(body);
        }
    };
    // Pages are most of a site: resolve their links on all cores, a batch
    // at a time (so that few pages are held twice). Deferred pages have no
    // body yet: theirs are resolved as they are written.
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| !site.pages[i].deferred)
        .collect();
    for batch in indices.chunks(BATCH) {
        let pages = &site.pages;
        let filled = crate::par::map(batch, |&i| {
            let (path, body) = (&pages[i].content_path, &pages[i].body);
            let mut none = Vec::new();
            let found = internal_links(
                &config,
                targets,
                unparsed,
                files.get(path),
                path,
                body,
                &mut none,
            );
            debug_assert!(none.is_empty(), "no page is deferred when any is kept");
            found
        });
        for (&i, (filled, found)) in batch.iter().zip(filled) {
            problems.extend(found.into_sorted());
            if let Some(filled) = filled {
                filled.apply(&mut site.pages[i].body);
            }
        }
    }
    for s in &mut site.sections {
        fix(&format!("{}/_index.md", s.folder), &mut s.body, problems);
    }
    for (content_path, body) in site.board.bodies_mut() {
        fix(content_path, body, problems);
    }
    fix("_index.md", &mut site.home.body, problems);
    pending
}

/// Point the `@/` links of the Markdown in TOML text fields (a role's
/// sections, an organisation's `about`, a paper's recommendations and
/// implications) at their pages; a link to nothing is an error at its file.
pub(super) fn fill_field_links(site: &mut Site, targets: &LinkTargets, problems: &mut Diagnostics) {
    let config = site.config.clone();
    let resolve = |target: &str| targets.get(target).map(|(path, _)| config.url(path));
    let fill = |html: &mut String, content_path: &str, problems: &mut Diagnostics| {
        let (filled, missing) = crate::markdown::fill_target_links(html, &resolve);
        *html = filled;
        for target in missing {
            problems.push(
                Diagnostic::error(format!("this links to @/{target}, which does not exist"))
                    .in_file(crate::load::project_path(content_path))
                    .with_hint("a link written @/<path> names a file under content/ (e.g. @/case-studies/knowsley.md): correct the path, or remove the link"),
            );
        }
    };
    for r in &mut site.roles {
        let h = &mut r.html;
        let fields = [
            &mut h.accountability,
            &mut h.welcome,
            &mut h.about_role,
            &mut h.how_to_apply,
            &mut h.equality_statement,
        ];
        for html in fields.into_iter().flatten() {
            fill(html, &r.content_path, problems);
        }
        for html in h
            .responsibilities
            .iter_mut()
            .chain(&mut h.key_relationships)
        {
            fill(html, &r.content_path, problems);
        }
    }
    for o in &mut site.organisations {
        if let Some(html) = &mut o.about_html {
            fill(html, &format!("{ORGANISATIONS}/{}.toml", o.slug), problems);
        }
    }
    for p in &mut site.board.papers {
        let content_path = p.content_path.clone();
        for html in p.recommendations_html.iter_mut() {
            fill(html, &content_path, problems);
        }
        for (_, _, html) in p.implications.iter_mut() {
            fill(html, &content_path, problems);
        }
    }
}

/// A body's HTML with its `@/` links pointing at their pages.
pub(crate) struct Filled {
    pub(crate) html: String,
    pub(crate) summary_html: Option<String>,
}

impl Filled {
    pub(super) fn apply(self, body: &mut Rendered) {
        body.html = self.html;
        body.summary_html = self.summary_html;
    }
}

/// Point the `@/` links of one body at their pages, reporting each link to
/// something that does not exist (at `file` and body offset, when known).
/// Every target's ids must be known (no deferred pages).
pub(crate) fn fill_internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &mut Rendered,
    problems: &mut Diagnostics,
) {
    let mut pending = Vec::new();
    let (filled, found) = internal_links(
        config,
        targets,
        unparsed,
        file,
        content_path,
        body,
        &mut pending,
    );
    problems.extend(found.into_sorted());
    debug_assert!(pending.is_empty(), "no target is deferred");
    if let Some(filled) = filled {
        filled.apply(body);
    }
}

/// The message and hint for a link to `#fragment` of `target`, which has
/// the ids `list` and not that one.
pub(super) fn missing_anchor(target: &str, fragment: &str, list: &[String]) -> (String, String) {
    let message = format!("@/{target} has no heading #{fragment}");
    if list.is_empty() {
        let hint = format!(
            "@/{target} has no headings or footnotes to link to; link to the page without #{fragment}, or give it a heading"
        );
        return (message, hint);
    }
    let close = did_you_mean(fragment, list.iter().map(String::as_str));
    let hint = match close {
        Some(c) => format!("did you mean #{c}? "),
        None => String::new(),
    } + &format!(
        "the headings of @/{target} have the ids: {}",
        list.join(", ")
    );
    (message, hint)
}

/// [`fill_internal_links`] without changing the body: the filled HTML, if
/// any link was resolved, and the problems found. Links to the headings of
/// deferred pages are filled and added to `pending`, to be checked later.
pub(crate) fn internal_links(
    config: &SiteConfig,
    targets: &LinkTargets,
    unparsed: &BTreeSet<String>,
    file: Option<FileRef>,
    content_path: &str,
    body: &Rendered,
    pending: &mut Vec<PendingAnchor>,
) -> (Option<Filled>, Diagnostics) {
    let mut found = Diagnostics::new();
    let problems = &mut found;
    let mut replacements = Vec::new();
    for (n, link) in body.links.iter().enumerate() {
        let report = |message: String, hint: String, problems: &mut Diagnostics| {
            let d = Diagnostic::error(message).with_hint(hint);
            problems.push(match file {
                Some(file) => file.locate(d, |_, body_offset| body_offset + link.offset),
                None => d.in_file(crate::load::project_path(content_path)),
            });
        };
        let Some((path, anchors)) = targets.get(&link.target) else {
            if unparsed.contains(&link.target) {
                // The target has its own error already.
                continue;
            }
            let close = did_you_mean(&link.target, targets.keys().map(String::as_str));
            let hint = match close {
                Some(c) => format!("did you mean @/{c}? Links start with @/ and give the file's path under content/"),
                None => "internal links give a file's path under content/, like @/case-studies/knowsley.md (drafts are left out unless --drafts)".to_string(),
            };
            report(
                format!(
                    "this link points to @/{}, which does not exist",
                    link.target
                ),
                hint,
                problems,
            );
            continue;
        };
        let mut href = config.url(path);
        if let Some(fragment) = &link.fragment {
            match anchors {
                Anchors::Known(list) if !list.iter().any(|a| a == fragment) => {
                    let (message, hint) = missing_anchor(&link.target, fragment, list);
                    report(message, hint, problems);
                    continue;
                }
                Anchors::NoBody => {
                    report(
                        format!("@/{} has no headings to link to", link.target),
                        "link to the page without #...".to_string(),
                        problems,
                    );
                    continue;
                }
                Anchors::Later => pending.push(PendingAnchor {
                    from: content_path.to_string(),
                    offset: file.map(|f| f.body_offset() + link.offset),
                    target: link.target.clone(),
                    fragment: fragment.clone(),
                }),
                Anchors::Known(_) => {}
            }
            href.push('#');
            href.push_str(fragment);
        }
        replacements.push((n, href));
    }
    if replacements.is_empty() {
        return (None, found);
    }
    let mut hrefs = vec![None; body.links.len()];
    for (n, href) in replacements {
        hrefs[n] = Some(href);
    }
    let filled = Filled {
        html: markdown::fill_links(&body.html, &hrefs),
        summary_html: body
            .summary_html
            .as_deref()
            .map(|s| markdown::fill_links(s, &hrefs)),
    };
    (Some(filled), found)
}
