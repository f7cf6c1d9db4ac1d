//! Pages rendered as they are written: what a deferred page needs (its
//! source, the link targets) and the book of heading ids that links to
//! deferred pages are checked against once every page is rendered.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered, ShortcodeHost};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::*;

/// What rendering deferred pages needs: where links point, and the links to
/// their headings found while the rest of the site was resolved.
#[derive(Debug)]
pub(crate) struct Deferred {
    pub(super) root: std::path::PathBuf,
    pub(super) targets: LinkTargets,
    pub(super) unparsed: BTreeSet<String>,
    /// Each page's file (project-relative) and a hash of its front matter
    /// as it was read, to notice a file saved again during the build.
    pub(super) sources: HashMap<String, (std::path::PathBuf, u64)>,
    pub(super) pending: Vec<PendingAnchor>,
}

/// A deferred page's body, rendered: its links filled, its problems
/// located, and its links to headings of other deferred pages.
#[derive(Debug)]
pub struct PageBody {
    pub body: Rendered,
    pub(crate) problems: Diagnostics,
    pub(crate) pending: Vec<PendingAnchor>,
}

impl Site {
    /// Render the Markdown of deferred page `index` from its file, as
    /// [`resolve`] renders the bodies it keeps. Fails if the file cannot be
    /// read or its front matter changed since the site was resolved.
    pub fn render_deferred(
        &self,
        index: usize,
        host: &dyn ShortcodeHost,
    ) -> Result<PageBody, Diagnostic> {
        let page = &self.pages[index];
        let deferred = self
            .deferred
            .as_ref()
            .expect("a deferred page's site says how to render it");
        let (rel, stamp) = deferred
            .sources
            .get(&page.content_path)
            .expect("every deferred page was read");
        let file = crate::source::read_text(&deferred.root, rel)?;
        let split = crate::source::split_front_matter(&file)?;
        let front_matter = &file.text[split.front_matter_offset..split.body_offset];
        if crate::load::stamp(front_matter) != *stamp {
            return Err(
                Diagnostic::error("this file changed while the site was being built")
                    .in_file(rel)
                    .with_hint("build again once the file is saved"),
            );
        }
        let body_offset = split.body_offset;
        let (mut body, errors) = markdown::render(split.body, self.config.markdown.raw_html, host);
        let mut problems = Diagnostics::new();
        for e in errors {
            problems.push(
                Diagnostic::error(e.message)
                    .at(&file, body_offset + e.offset)
                    .with_hint(e.hint),
            );
        }
        let mut pending = Vec::new();
        let (filled, found) = internal_links(
            &self.config,
            &deferred.targets,
            &deferred.unparsed,
            Some(FileRef::Text(&file, body_offset)),
            &page.content_path,
            &body,
            &mut pending,
        );
        problems.extend(found.into_sorted());
        if let Some(filled) = filled {
            filled.apply(&mut body);
        }
        Ok(PageBody {
            body,
            problems,
            pending,
        })
    }
}

/// Render every deferred page's Markdown for its problems alone: when the
/// build stops before writing pages, these are still reported with the
/// rest, as a build that keeps every body reports them.
pub(crate) fn check_deferred_pages(
    site: &Site,
    host: &(dyn ShortcodeHost + Sync),
    problems: &mut Diagnostics,
) {
    let indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].deferred)
        .collect();
    let mut book = AnchorBook::new(site);
    for batch in indices.chunks(BATCH) {
        let bodies = crate::par::map(batch, |&i| site.render_deferred(i, host));
        for (&i, body) in batch.iter().zip(bodies) {
            match body {
                Ok(b) => {
                    problems.extend(b.problems.into_sorted());
                    book.add(i, &b.body.anchors, b.pending);
                }
                Err(d) => problems.push(d),
            }
        }
    }
    book.check(site, host, problems);
}

/// The ids of deferred pages' headings, noted as each page is rendered, and
/// the links to them waiting to be checked. Ids are kept as hashes (a few
/// bytes a page); the ids themselves are read again only for a hint.
pub(crate) struct AnchorBook {
    pub(super) ids: Vec<Box<[u64]>>,
    pub(super) pending: Vec<PendingAnchor>,
}

pub(super) fn id_hash(id: &str) -> u64 {
    crate::load::stamp(id)
}

impl AnchorBook {
    pub(crate) fn new(site: &Site) -> AnchorBook {
        AnchorBook {
            ids: vec![Box::default(); site.pages.len()],
            pending: site
                .deferred
                .as_ref()
                .map(|d| d.pending.clone())
                .unwrap_or_default(),
        }
    }

    /// Note what rendering deferred page `index` found.
    pub(crate) fn add(&mut self, index: usize, anchors: &[String], pending: Vec<PendingAnchor>) {
        self.ids[index] = anchors.iter().map(|a| id_hash(a)).collect();
        self.pending.extend(pending);
    }

    /// Check every waiting link against the ids noted (rendering a target
    /// again only to list its ids in a hint).
    pub(crate) fn check(self, site: &Site, host: &dyn ShortcodeHost, problems: &mut Diagnostics) {
        let Some(deferred) = &site.deferred else {
            return;
        };
        if self.pending.is_empty() {
            return;
        }
        let index: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_path.as_str(), i))
            .collect();
        for p in self.pending {
            let Some(&target) = index.get(p.target.as_str()) else {
                continue;
            };
            if self.ids[target].contains(&id_hash(&p.fragment)) {
                continue;
            }
            // Not rendered (its own error is reported), or no such id.
            let Ok(body) = site.render_deferred(target, host) else {
                continue;
            };
            if body.body.anchors.contains(&p.fragment) {
                continue;
            }
            let (message, hint) = missing_anchor(&p.target, &p.fragment, &body.body.anchors);
            let d = Diagnostic::error(message).with_hint(hint);
            let rel = match deferred.sources.get(&p.from) {
                Some((rel, _)) => rel.clone(),
                None => Path::new("content").join(&p.from),
            };
            let file = crate::source::read_text(&deferred.root, &rel).ok();
            problems.push(match (file, p.offset) {
                (Some(file), Some(offset)) if offset <= file.text.len() => d.at(&file, offset),
                _ => d.in_file(crate::load::project_path(&p.from)),
            });
        }
    }
}
