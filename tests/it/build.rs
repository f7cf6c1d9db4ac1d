//! Building sites: what is written, and the guarantees around the output folder.

use crate::support::*;

fn build_fixture(name: &str) -> (TempDir, Run) {
    let dir = fixture(name);
    let run = dossier(dir.path(), &["build"]);
    (dir, run)
}

#[test]
fn example_project_builds_every_page() {
    let out = TempDir::new();
    let target = out.path().join("site");
    let run = dossier(
        &repo_root(),
        &["build", "--output", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "index.html",
        "case-studies/index.html",
        "case-studies/knowsley/index.html",
        "case-studies/waltham-forest/index.html",
        "case-studies/blackburn-with-darwen/index.html",
        "organisations/index.html",
        "organisations/knowsley-council/index.html",
        "about/how-to-use/index.html",
        "themes/index.html",
        "regions/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "search/index.json",
        "search/words/0.json",
        "search/pages/0.json",
        "style.css",
        "search.js",
        "favicon.svg",
    ] {
        assert!(target.join(page).is_file(), "missing {page}");
    }
    // Every internal link in the example resolved to a real page.
    for (rel, bytes) in tree(&target) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("dossier:link:"), "unresolved link in {rel}");
        assert!(
            !text.contains("DOSSIERSHORTCODE"),
            "unrendered shortcode in {rel}"
        );
        // Every PDF is set in the embedded Noto Sans alone: no letter of
        // the example falls back to DejaVu Sans or one of Typst's fonts.
        if rel.ends_with(".pdf") {
            let fonts = pdf_fonts(&target.join(&rel));
            assert!(
                !fonts.is_empty() && fonts.iter().all(|f| f.starts_with("NotoSans-")),
                "{rel}: {fonts:?}"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let dir = fixture("minimal");
    assert_eq!(dossier(dir.path(), &["build", "--output", "a"]).code, 0);
    assert_eq!(dossier(dir.path(), &["build", "--output", "b"]).code, 0);
    let a = tree(&dir.path().join("a"));
    let b = tree(&dir.path().join("b"));
    assert!(a.len() > 10);
    assert_eq!(a, b);
}

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let dir = fixture("minimal");
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let before = tree(&dir.path().join("public"));
    std::fs::write(
        dir.path().join("content/notes/first.md"),
        "+++\ntitle = \"First note\"\ndate = \"not a date\"\n+++\nBroken.\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the previous output was left as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);
    // No staging folder is left behind (the empty lock file,
    // `.public.dossier-lock`, stays by design: see src/output/mod.rs).
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-") && !n.ends_with(".dossier-lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rebuild_replaces_old_pages_and_keeps_deploy_dotfiles() {
    let dir = fixture("minimal");
    let extra = dir.path().join("content/notes/second.md");
    std::fs::write(&extra, "+++\ntitle = \"Second\"\n+++\nSoon gone.\n").unwrap();
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let public = dir.path().join("public");
    assert!(public.join("notes/second/index.html").exists());
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::remove_file(extra).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!public.join("notes/second/index.html").exists());
    assert_eq!(read(public.join(".git/HEAD")), "ref: refs/heads/gh-pages\n");
}

#[test]
fn refuses_to_replace_a_folder_dossier_did_not_make() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/precious.txt"), "keep me").unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("already exists and was not made by dossier"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path().join("public/precious.txt")), "keep me");
}

#[test]
fn refuses_output_folders_that_hold_sources() {
    let dir = fixture("minimal");
    for bad in [".", "content", "static", "..", "content/sub"] {
        let run = dossier(dir.path(), &["build", "--output", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(
            run.stderr.contains("the output folder"),
            "{bad}: {}",
            run.stderr
        );
    }
    assert!(dir.path().join("content/_index.md").is_file());
}

#[test]
fn case_study_page_matches_snapshot() {
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/case-studies/one/index.html"));
    assert_snapshot("minimal/case-studies/one/index.html", &html);
}

#[test]
fn listings_feeds_and_sitemap_match_snapshots() {
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "index.html",
        "notes/index.html",
        "organisations/acme-council/index.html",
        "themes/joint-appointments/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "search/index.json",
        "search/words/0.json",
        "search/pages/0.json",
    ] {
        assert_snapshot(
            &format!("minimal/{file}"),
            &read(dir.path().join("public").join(file)),
        );
    }
}

#[test]
fn markdown_features_render_in_pages() {
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/case-studies/one/index.html"));
    assert!(html.contains("<h2 id=\"governance\">Governance</h2>"));
    assert!(html.contains("<aside class=\"callout callout-note\" role=\"note\">"));
    assert!(html.contains("class=\"footnote-definition\""));
    assert!(html.contains("<table>"));
    // Shortcode arguments are escaped by the template.
    assert!(
        html.contains("Quotes &quot;work&quot; &amp; &lt;escape&gt;")
            || html.contains("Quotes \u{201c}work\u{201d}"),
        "{html}"
    );
    // Shortcodes inside code are shown, not run.
    assert!(html.contains("<code>{{ not_a_shortcode() }}</code>"));
    // Internal links resolve under the base path, with anchors.
    assert!(html.contains("href=\"/briefing/notes/first/\""));
    let home = read(dir.path().join("public/index.html"));
    assert!(home.contains("href=\"/briefing/case-studies/one/#governance\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = fixture("minimal");
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    assert!(!dir.path().join("public/notes/secret/index.html").exists());
    let index = SearchIndex::read(&dir.path().join("public"));
    assert!(
        !index.titles().contains(&"Draft note"),
        "{:?}",
        index.titles()
    );
    assert_eq!(
        dossier(
            dir.path(),
            &["build", "--drafts", "--output", "with-drafts"]
        )
        .code,
        0
    );
    assert!(
        dir.path()
            .join("with-drafts/notes/secret/index.html")
            .exists()
    );
}

#[test]
fn aliases_write_redirect_pages() {
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/old-first/index.html"));
    assert!(
        html.contains("https://example.org/briefing/notes/first/"),
        "{html}"
    );
    assert!(html.contains("http-equiv=\"refresh\""), "{html}");
}

#[test]
fn raw_html_escape_policy_leaves_no_raw_tag() {
    let dir = fixture("minimal");
    let config = read(dir.path().join("dossier.toml")) + "\n[markdown]\nraw_html = \"escape\"\n";
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    std::fs::write(
        dir.path().join("content/notes/first.md"),
        "+++\ntitle = \"First note\"\n+++\n\n<script>alert(1)</script>\n\nInline <b>bold</b>.\n",
    )
    .unwrap();
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let html = read(dir.path().join("public/notes/first/index.html"));
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>bold"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[test]
fn base_url_flag_changes_every_link() {
    let dir = fixture("minimal");
    let run = dossier(
        dir.path(),
        &["build", "--base-url", "https://preview.example.net/pr-7"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/case-studies/one/index.html"));
    assert!(html.contains("href=\"/pr-7/notes/first/\""), "{html}");
    assert!(html.contains("https://preview.example.net/pr-7/case-studies/one/"));
    let sitemap = read(dir.path().join("public/sitemap.xml"));
    assert!(!sitemap.contains("example.org/briefing"));
}

#[test]
fn static_files_are_copied_and_project_templates_override_the_theme() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }}</p>{% endblock content %}",
    )
    .unwrap();
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    assert_eq!(read(dir.path().join("public/hello.txt")), "plain file\n");
    let html = read(dir.path().join("public/notes/first/index.html"));
    assert!(
        html.contains("<p class=\"custom\">First note</p>"),
        "{html}"
    );
}

#[test]
fn crlf_and_bom_files_build() {
    let dir = fixture("minimal");
    std::fs::write(
        dir.path().join("content/notes/first.md"),
        "\u{feff}+++\r\ntitle = \"Windows note\"\r\ndate = 2026-01-02\r\n+++\r\n\r\n## Heading\r\n\r\nText.\r\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/notes/first/index.html"));
    assert!(html.contains("Windows note"));
    assert!(html.contains("<h2 id=\"heading\">Heading</h2>"));
}

#[test]
fn search_index_lists_every_published_page() {
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = SearchIndex::read(&dir.path().join("public"));
    assert_eq!(index.titles(), ["One <joint> post", "First note"]);
    assert_eq!(
        index.pages[0],
        serde_json::json!([
            "One <joint> post",
            "/briefing/case-studies/one/",
            "case-study",
            "A council and an NHS body share a director."
        ])
    );
    // Title, terms, summary and text, as pages' fields ("First note" has
    // the term "Joint appointments" too).
    assert_eq!(index.words["joint"], [(0, 1 | 2), (1, 2)]);
    assert_eq!(index.words["director"], [(0, 4)]);
    assert_eq!(index.words["footnote"], [(0, 8)]);
}

#[test]
fn dates_are_written_in_the_site_language() {
    let dir = fixture("minimal");
    let config =
        read(dir.path().join("dossier.toml")).replace("title =", "language = \"cy\"\ntitle =");
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/case-studies/one/index.html"));
    assert!(html.contains("<html lang=\"cy\""), "{html}");
    assert!(html.contains(">12 Mawrth 2026</time>"), "{html}");
}

#[test]
fn the_feed_keeps_the_most_recent_pages_and_the_search_index_the_start_of_each_text() {
    let dir = fixture("minimal");
    let config = dir.path().join("dossier.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[feed]\nlimit = 1\n\n[search]\ntext_limit = 12\n");
    std::fs::write(&config, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public");
    let feed = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    // The newer of the fixture's two dated pages (2026-03-12, not 2026-01-02).
    let entry_link = |page: &str| {
        format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/briefing/{page}/\"/>"
        )
    };
    assert!(feed.contains(&entry_link("case-studies/one")), "{feed}");
    assert!(!feed.contains(&entry_link("notes/first")), "{feed}");
    // "First paragraph with a footnote" cut at 12 characters: "First
    // paragr", whose words are prefixes of the text's.
    let index = SearchIndex::read(&public);
    let text_words: Vec<&str> = index
        .words
        .iter()
        .filter(|(_, pages)| pages.iter().any(|&(page, bits)| page == 0 && bits & 8 != 0))
        .map(|(w, _)| w.as_str())
        .collect();
    assert_eq!(text_words, ["first", "paragr"]);
}

/// `dossier build` keeps only each page's front matter until it writes the
/// page, then reads its file again and renders its Markdown, while `serve`
/// and `check` render every body first and keep it. Both must give the same
/// files, byte for byte.
#[test]
fn pages_rendered_as_they_are_written_match_a_build_that_keeps_every_body() {
    let out = TempDir::new();
    let target = out.path().join("site");
    let args = ["build", "--quiet", "--output", target.to_str().unwrap()];
    let run = dossier(&repo_root(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut built: Vec<(String, Vec<u8>)> = tree(&target)
        .into_iter()
        .filter(|(path, _)| path != ".dossier-manifest")
        .collect();
    built.sort();

    let settings = dossier::build::BuildSettings {
        root: repo_root(),
        output: None,
        base_url: None,
        drafts: false,
        source_date_epoch: Some(EPOCH.to_string()),
        edition: dossier::board::Edition::Public,
        defer_pages: false,
        cache: None,
    };
    let (kept, _) = dossier::build::build_in_memory(&settings).expect("the example builds");
    assert!(built.len() > 30);
    assert_eq!(
        built.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        kept.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        assert!(
            *bytes == kept.files[path],
            "{path} differs between the two ways of rendering"
        );
    }
}

/// A page is read again when it is written, from the path it was found at:
/// a file name that is not UTF-8 (possible on Linux) builds, as it did when
/// every page was rendered while loading.
#[cfg(unix)]
#[test]
fn a_page_whose_file_name_is_not_utf8_builds() {
    use std::os::unix::ffi::OsStrExt;
    let dir = fixture("minimal");
    let name = std::ffi::OsStr::from_bytes(b"odd\xffname.md");
    std::fs::write(
        dir.path().join("content").join(name),
        "+++\ntitle = \"Odd name\"\n+++\nThe text of the oddly named page.\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = tree(&dir.path().join("public"));
    assert!(
        built
            .iter()
            .any(|(path, bytes)| path.ends_with("/index.html")
                && String::from_utf8_lossy(bytes).contains("The text of the oddly named page.")),
        "no page holds the text"
    );
}

/// Shortcodes see the site as it is while it is being resolved (no menu,
/// no taxonomies, no `get_page`), as docs/templates.md says, whether a
/// page's Markdown is rendered then (`serve`, `check`) or as the page is
/// written (`build`): the same page must not come out differently.
#[test]
fn shortcodes_see_the_same_site_however_late_their_page_is_rendered() {
    let dir = fixture("minimal");
    let shortcodes = dir.path().join("templates/shortcodes");
    std::fs::create_dir_all(&shortcodes).unwrap();
    std::fs::write(
        shortcodes.join("site_facts.html"),
        "[menu {{ site.menu | length }}, taxonomies {{ site.taxonomies | length }}]",
    )
    .unwrap();
    let note = dir.path().join("content/notes/first.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\n{{{{ site_facts() }}}}\n")).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = std::fs::read_to_string(dir.path().join("public/notes/first/index.html")).unwrap();
    assert!(
        built.contains("[menu 0, taxonomies 0]"),
        "the shortcode saw the finished site: {built}"
    );

    // A look-up is refused the same way.
    std::fs::write(
        shortcodes.join("site_facts.html"),
        "{% set p = get_page(path=\"notes/first.md\") %}{{ p.title }}",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("get_page cannot be used inside shortcodes")
            && run.stderr.contains("content/notes/first.md"),
        "{}",
        run.stderr
    );
}

/// Regression: an organisation's and a section's `[extra]` tables were
/// accepted (docs/project.md: "Your own data") but never reached templates;
/// the dead-code lint found both once modules were crate-private.
#[test]
fn extra_tables_of_organisations_and_sections_reach_their_templates() {
    let dir = fixture("minimal");
    let root = dir.path();
    std::fs::write(
        root.join("content/organisations/acme-council.toml"),
        "name = \"Acme Council\"\n\n[extra]\nmotto = \"Serving Acme since 1974\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/notes/_index.md"),
        "+++\ntitle = \"Notes\"\n\n[extra]\nbanner = \"Working notes banner\"\n+++\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/organisation.html"),
        "<p>{{ organisation.extra.motto }}</p>\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/section.html"),
        "<p>{{ section.extra.banner | default(value=\"none\") }}</p>\n",
    )
    .unwrap();
    let run = dossier(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root.join("public/organisations/acme-council/index.html")),
        "<p>Serving Acme since 1974</p>\n"
    );
    assert_eq!(
        read(root.join("public/notes/index.html")),
        "<p>Working notes banner</p>\n"
    );
}

/// Every page declares the default theme's Content-Security-Policy, which
/// dossier.toml can replace or turn off; a policy over two lines is an error
/// at its place in the file.
#[test]
fn pages_declare_a_content_security_policy_that_the_project_can_set() {
    let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let (dir, run) = build_fixture("minimal");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "index.html",
        "case-studies/one/index.html",
        "404.html",
        "old-first/index.html",
    ] {
        let html = read(dir.path().join("public").join(page));
        assert!(
            html.contains(&format!("{meta}default-src &#39;self&#39;;")),
            "{page}: {html}"
        );
        assert!(!html.contains(" style="), "{page} has an inline style");
    }

    let config = dir.path().join("dossier.toml");
    let original = read(&config);
    let set = |line: &str| {
        let (head, tail) = original.split_once("\n[taxonomies]").unwrap();
        std::fs::write(&config, format!("{head}\n{line}\n[taxonomies]{tail}")).unwrap();
        dossier(dir.path(), &["build"])
    };
    let run = set(
        "content_security_policy = \"default-src 'self'; frame-src https://video.example.org\"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/index.html"));
    assert!(
        html.contains("frame-src https://video.example.org\">"),
        "{html}"
    );

    let run = set("content_security_policy = \"\"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!read(dir.path().join("public/index.html")).contains("Content-Security-Policy"));

    let run = set("content_security_policy = \"default-src 'self';\\nimg-src 'self'\"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: content_security_policy must be one line")
            && run.stderr.contains("--> dossier.toml:5:27"),
        "{}",
        run.stderr
    );
}
