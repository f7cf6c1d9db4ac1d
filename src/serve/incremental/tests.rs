//! Tests of serve's incremental rebuilds: what each kind of edit rebuilds.

use super::*;

/// A copy of the example project (the repository root) in a temporary
/// folder, and its build settings.
fn example() -> (PathBuf, BuildSettings) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!(
        "dossier-incremental-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for entry in walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(repo.join("static")))
    {
        let entry = entry.unwrap();
        let to = dir.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::copy(repo.join("dossier.toml"), dir.join("dossier.toml")).unwrap();
    let settings = BuildSettings {
        root: dir.clone(),
        output: None,
        base_url: None,
        drafts: false,
        source_date_epoch: Some("1795942800".into()),
        edition: crate::board::Edition::Public,
        defer_pages: false,
        cache: None,
    };
    (dir, settings)
}

/// What a fresh `dossier build` of the project on disk makes.
fn fresh(settings: &BuildSettings) -> BTreeMap<String, Vec<u8>> {
    build::build_in_memory(settings).unwrap().0.files
}

fn as_vecs(files: &BuiltFiles) -> BTreeMap<String, Vec<u8>> {
    files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    PathBuf::from(rel)
}

#[test]
fn an_edit_of_a_case_study_text_renders_only_its_page_the_feed_and_the_search_index() {
    let (root, settings) = example();
    let mut session = Session::new(settings.clone());
    session.rebuild(&[]).unwrap();
    let changed = edit(
        &root,
        "content/case-studies/knowsley.md",
        "## Lessons for other boards",
        "## Lessons for other boards\n\nA sentence added while serving.",
    );
    let rebuilt = session.rebuild(&[changed]).unwrap();
    // Past the first 3,000 characters, which the search index holds: no
    // search file changes.
    assert_eq!(
        rebuilt.rerendered.as_deref(),
        Some(
            &[
                "atom.xml".to_string(),
                "case-studies/knowsley/index.html".to_string(),
            ][..]
        )
    );
    let page = &rebuilt.files["case-studies/knowsley/index.html"];
    assert!(String::from_utf8_lossy(page).contains("A sentence added while serving."));
    // Byte for byte what a whole build of the edited project makes.
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));

    // A new word at the start of the text: the chunk it falls in changes
    // (and the table of contents, if it starts a chunk), not the others.
    let chunks = |files: &BuiltFiles| {
        files
            .keys()
            .filter(|n| n.starts_with("search/words/"))
            .count()
    };
    let before = chunks(&rebuilt.files);
    let changed = edit(
        &root,
        "content/case-studies/knowsley.md",
        "In Knowsley, the primary care trust",
        "In Knowsley, the zyxwordservedfresh primary care trust",
    );
    let rebuilt = session.rebuild(&[changed]).unwrap();
    let names = rebuilt.rerendered.clone().unwrap();
    let search: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("search/words/"))
        .collect();
    assert!(
        before >= 2 && search.len() == 1,
        "{before} chunks: {names:?}"
    );
    assert!(
        String::from_utf8_lossy(&rebuilt.files[search[0].as_str()])
            .contains("\"zyxwordservedfresh\"")
    );
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn edits_that_change_what_others_show_of_a_page_build_everything() {
    let (root, settings) = example();
    let mut session = Session::new(settings.clone());
    session.rebuild(&[]).unwrap();
    // A title is shown by listings, neighbours and the home page.
    let title = edit(
        &root,
        "content/case-studies/knowsley.md",
        "title = \"",
        "title = \"Retitled: ",
    );
    let rebuilt = session.rebuild(&[title]).unwrap();
    assert!(rebuilt.rerendered.is_none());
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    // A new heading id may be what another page links to.
    let heading = edit(
        &root,
        "content/case-studies/knowsley.md",
        "## Lessons for other boards",
        "## Lessons for every board",
    );
    let rebuilt = session.rebuild(&[heading]).unwrap();
    assert!(rebuilt.rerendered.is_none());
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_broken_link_in_an_edited_page_is_reported_as_by_a_whole_build() {
    let (root, settings) = example();
    let mut session = Session::new(settings.clone());
    session.rebuild(&[]).unwrap();
    let changed = edit(
        &root,
        "content/case-studies/knowsley.md",
        "## Lessons for other boards",
        "## Lessons for other boards\n\nSee [the missing page](@/case-studies/nowhere.md).",
    );
    let failure = match session.rebuild(std::slice::from_ref(&changed)) {
        Err(f) => f,
        Ok(_) => panic!("a broken link must fail the rebuild"),
    };
    let whole = build::build_in_memory(&settings).unwrap_err();
    let messages = |f: &BuildFailure| -> Vec<String> {
        f.diagnostics.iter().map(|d| d.message.clone()).collect()
    };
    assert_eq!(messages(&failure), messages(&whole));
    assert!(messages(&failure)[0].contains("@/case-studies/nowhere.md"));
    // Once fixed, the next edit builds from what is on disk.
    let fixed = edit(
        &root,
        "content/case-studies/knowsley.md",
        "(@/case-studies/nowhere.md)",
        "(@/case-studies/blackburn-with-darwen.md)",
    );
    let rebuilt = session.rebuild(&[fixed]).unwrap();
    assert!(rebuilt.rerendered.is_none());
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    std::fs::remove_dir_all(&root).unwrap();
}

/// The built-in theme's source of `template`.
fn builtin(template: &str) -> String {
    let path = format!("templates/{template}");
    let (_, bytes) = crate::render::theme::builtin_default()
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn write_template(root: &Path, template: &str, text: &str) -> PathBuf {
    let rel = PathBuf::from("templates").join(template);
    std::fs::create_dir_all(root.join(rel.parent().unwrap())).unwrap();
    std::fs::write(root.join(&rel), text).unwrap();
    rel
}

#[test]
fn a_template_edit_renders_only_the_pages_made_with_it() {
    let (root, settings) = example();
    let mut session = Session::new(settings.clone());
    session.rebuild(&[]).unwrap();
    // A project override of page.html: only generic pages use it.
    let marked = builtin("page.html").replacen("<article", "<article data-edited", 1);
    assert!(marked.contains("data-edited"));
    let changed = write_template(&root, "page.html", &marked);
    let rebuilt = session.rebuild(&[changed]).unwrap();
    let files = rebuilt.rerendered.clone().expect("the quick path");
    assert!(!files.is_empty());
    assert!(files.iter().all(|f| f.ends_with("index.html")), "{files:?}");
    assert!(files.contains(&"about/how-to-use/index.html".to_string()));
    assert!(
        !files.iter().any(|f| f.starts_with("case-studies/")),
        "{files:?}"
    );
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));

    // base.html is extended by every page template: all of them, and
    // nothing that is not made by one (the sitemap, calendars, PDFs).
    let base = builtin("base.html").replacen("<body", "<body data-edited", 1);
    let changed = write_template(&root, "base.html", &base);
    let rebuilt = session.rebuild(&[changed]).unwrap();
    let files = rebuilt.rerendered.clone().expect("the quick path");
    assert!(files.contains(&"case-studies/knowsley/index.html".to_string()));
    assert!(files.contains(&"index.html".to_string()));
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".xml") || f.ends_with(".pdf") || f.ends_with(".ics"))
    );
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_shortcode_template_edit_builds_everything() {
    let (root, settings) = example();
    let mut session = Session::new(settings.clone());
    session.rebuild(&[]).unwrap();
    let quote = builtin("shortcodes/pull_quote.html").replacen("<", "<span></span><", 1);
    let changed = write_template(&root, "shortcodes/pull_quote.html", &quote);
    let rebuilt = session.rebuild(&[changed]).unwrap();
    assert!(rebuilt.rerendered.is_none());
    assert!(as_vecs(&rebuilt.files) == fresh(&settings));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn templates_named_by_a_variable_cannot_be_followed() {
    assert_eq!(
        referenced_templates(
            r#"{% extends "base.html" %}{%- include 'a.html' -%}{% import `m.html` as m %}"#
        ),
        Some(vec!["base.html".into(), "a.html".into(), "m.html".into()])
    );
    assert_eq!(referenced_templates("{% include name %}"), None);
}
