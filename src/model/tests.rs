//! Tests of resolving the model: terms, deferred pages, anchors and file changes during a build.

use super::*;
use std::path::Path;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::diagnostic::Diagnostics;
use crate::markdown::{self};

use std::path::PathBuf;

/// A project in a temporary folder named `name`, with `pages` (content
/// path, text) resolved with or without deferring page bodies.
fn resolved(name: &str, pages: &[(&str, &str)], defer_pages: bool) -> (PathBuf, Site, Diagnostics) {
    let dir = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("dossier.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    for (path, text) in pages {
        std::fs::write(dir.join("content").join(path), text).unwrap();
    }
    let config = SiteConfig::load(&dir).unwrap();
    let mut problems = Diagnostics::new();
    let mut inputs = crate::load::load(&dir, &[], !defer_pages, &mut problems);
    let options = ModelOptions {
        drafts: false,
        build_date: Date::parse_iso("2026-01-01").unwrap(),
        edition: crate::board::Edition::Public,
        defer_pages,
    };
    let agenda = crate::board::plan(
        std::mem::take(&mut inputs.board),
        &config,
        crate::board::BoardOptions {
            edition: options.edition,
            drafts: options.drafts,
            build_date: options.build_date,
        },
        &mut problems,
    );
    let site = resolve(
        &dir,
        config,
        inputs,
        agenda,
        &markdown::NoShortcodes,
        options,
        &mut problems,
    );
    (dir, site, problems)
}

#[test]
fn a_pages_terms_are_found_by_taxonomy_name_and_listed_in_name_order() {
    let other: crate::load::common::OtherKeys =
        toml::from_str("themes = [\"Governance\", \"Pooled budgets\"]\nregions = [\"London\"]\n")
            .unwrap();
    let t = terms(&other);
    assert_eq!(t.get("themes").unwrap(), &["Governance", "Pooled budgets"]);
    assert_eq!(t.get("regions").unwrap(), &["London"]);
    assert_eq!(t.get("topics"), None);
    let all: Vec<&String> = t.values().flatten().collect();
    assert_eq!(all, ["London", "Governance", "Pooled budgets"]);
}

const A: &str = "+++\ntitle = \"A\"\n+++\n## Part one\n\nSee [b](@/b.md#part) and [c](@/c.md).[^1]\n\n[^1]: A note.\n";
const B: &str = "+++\ntitle = \"B\"\n+++\n## Part\n\nBack to [a](@/a.md#part-one).\n";

#[test]
fn a_deferred_page_is_rendered_from_its_file_as_a_kept_page_is() {
    let pages = [("a.md", A), ("b.md", B)];
    let (kept_dir, kept, kept_problems) = resolved("kept", &pages, false);
    let (dir, site, problems) = resolved("deferred", &pages, true);
    // The link to @/c.md is reported while resolving when bodies are
    // kept, and when the page is rendered when they are deferred.
    let kept_problems = kept_problems.into_sorted();
    assert_eq!(kept_problems.len(), 1);
    assert!(problems.is_empty(), "{:?}", problems.into_sorted());
    for (i, page) in site.pages.iter().enumerate() {
        assert!(page.deferred && page.body.html.is_empty() && page.body.toc.is_empty());
        let body = site.render_deferred(i, &markdown::NoShortcodes).unwrap();
        let was = &kept.pages[i].body;
        assert_eq!(body.body.html, was.html);
        assert_eq!(body.body.toc, was.toc);
        assert_eq!(body.body.anchors, was.anchors);
        assert_eq!(body.body.plain_text, was.plain_text);
        let errors = body.problems.into_sorted();
        if page.content_path == "a.md" {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(
                errors[0].message,
                "this link points to @/c.md, which does not exist"
            );
            assert_eq!((errors[0].line, errors[0].col), (6, 26));
            assert_eq!(errors[0], kept_problems[0]);
            // Its link to a heading of b.md waits until b.md is rendered.
            assert_eq!(body.pending.len(), 1);
        } else {
            assert!(errors.is_empty(), "{errors:?}");
        }
    }
    assert!(body_has(&site, "a.md", "href=\"/b/#part\""));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&kept_dir);
}

fn body_has(site: &Site, content_path: &str, text: &str) -> bool {
    let i = site
        .pages
        .iter()
        .position(|p| p.content_path == content_path)
        .unwrap();
    site.render_deferred(i, &markdown::NoShortcodes)
        .unwrap()
        .body
        .html
        .contains(text)
}

#[test]
fn a_link_to_a_missing_heading_of_a_deferred_page_is_found_once_every_page_is_rendered() {
    let b = B.replace("## Part\n", "## Partly\n");
    // The home page is rendered while resolving: its link waits too.
    let home = "+++\ntitle = \"Home\"\n+++\nSee [b](@/b.md#partly) and [b](@/b.md#part).\n";
    let pages = [("a.md", A), ("b.md", &b), ("_index.md", home)];
    let (dir, site, problems) = resolved("anchors", &pages, true);
    assert!(problems.is_empty(), "{:?}", problems.into_sorted());
    let mut book = AnchorBook::new(&site);
    for i in 0..site.pages.len() {
        let body = site.render_deferred(i, &markdown::NoShortcodes).unwrap();
        book.add(i, &body.body.anchors, body.pending);
    }
    let mut problems = Diagnostics::new();
    book.check(&site, &markdown::NoShortcodes, &mut problems);
    let found = problems.into_sorted();
    assert_eq!(found.len(), 2, "{found:?}");
    for d in &found {
        assert_eq!(d.message, "@/b.md has no heading #part");
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean #partly? the headings of @/b.md have the ids: partly")
        );
    }
    assert_eq!(
        found[0].path.as_deref(),
        Some(Path::new("content/_index.md"))
    );
    assert_eq!((found[0].line, found[0].col), (4, 28));
    assert_eq!(found[1].path.as_deref(), Some(Path::new("content/a.md")));
    assert_eq!((found[1].line, found[1].col), (6, 5));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_link_to_a_heading_of_a_page_without_headings_says_so() {
    let (_, hint) = missing_anchor("about/glossary.md", "terms", &[]);
    assert_eq!(
        hint,
        "@/about/glossary.md has no headings or footnotes to link to; link to the page without #terms, or give it a heading"
    );
}

#[test]
fn a_deferred_page_saved_with_new_front_matter_before_it_is_written_is_an_error() {
    let (dir, site, _) = resolved("resaved", &[("a.md", A), ("b.md", B)], true);
    std::fs::write(dir.join("content/b.md"), B.replace("\"B\"", "\"Bee\"")).unwrap();
    let i = site
        .pages
        .iter()
        .position(|p| p.content_path == "b.md")
        .unwrap();
    let err = site
        .render_deferred(i, &markdown::NoShortcodes)
        .unwrap_err();
    assert_eq!(
        err.message,
        "this file changed while the site was being built"
    );
    assert_eq!(err.path.as_deref(), Some(Path::new("content/b.md")));
    // A change to the text alone is simply rendered.
    std::fs::write(dir.join("content/b.md"), B.replace("Back", "Go back")).unwrap();
    assert!(body_has(&site, "b.md", "Go back"));
    let _ = std::fs::remove_dir_all(&dir);
}
