//! `dossier new` and `dossier clean`: they create and remove exactly what
//! they should, never overwrite, and never delete what dossier did not write.

use crate::support::*;

#[test]
fn new_writes_each_kind_from_its_archetype_and_the_result_builds() {
    let dir = fixture("minimal");
    for (kind, slug, path) in [
        (
            "case-study",
            "joint-director",
            "content/case-studies/joint-director.md",
        ),
        (
            "organisation",
            "nhs-acme",
            "content/organisations/nhs-acme.toml",
        ),
        ("page", "notes/contact-us", "content/notes/contact-us.md"),
    ] {
        let run = dossier(dir.path(), &["new", kind, slug]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.starts_with(&format!("Created {path}.")),
            "{}",
            run.stdout
        );
        assert!(dir.path().join(path).is_file());
    }
    let case_study = read(dir.path().join("content/case-studies/joint-director.md"));
    assert!(case_study.contains("title = \"Joint director\""));
    assert!(
        case_study.contains("date = 2026-11-29"),
        "today, from SOURCE_DATE_EPOCH"
    );
    assert!(case_study.contains("draft = true"));
    assert!(
        read(dir.path().join("content/organisations/nhs-acme.toml"))
            .contains("name = \"Nhs acme\"")
    );
    // Drafts are left out until published; with --drafts everything builds.
    let run = dossier(dir.path(), &["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.path()
            .join("public/case-studies/joint-director/index.html")
            .is_file()
    );
    assert!(
        dir.path()
            .join("public/organisations/nhs-acme/index.html")
            .is_file()
    );
}

#[test]
fn new_never_overwrites_and_explains_bad_kinds_and_slugs() {
    let dir = fixture("minimal");
    let existing = dir.path().join("content/case-studies/one.md");
    let before = read(&existing);
    let run = dossier(dir.path(), &["new", "case-study", "one"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: content/case-studies/one.md already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&existing), before);

    let run = dossier(dir.path(), &["new", "case-studdy", "x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: dossier cannot create a \"case-studdy\"")
    );
    assert!(
        run.stderr.contains("did you mean `case-study`?"),
        "{}",
        run.stderr
    );

    let run = dossier(dir.path(), &["new", "case-study", "Joint Director"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("e.g. `joint-director`"),
        "{}",
        run.stderr
    );
    let run = dossier(dir.path(), &["new", "page", "../outside"]);
    assert_eq!(run.code, 2);
    assert!(!dir.path().join("outside.md").exists());
}

#[test]
fn a_project_archetype_overrides_the_theme_and_adds_kinds() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.path().join("archetypes")).unwrap();
    std::fs::write(
        dir.path().join("archetypes/case-study.md"),
        "+++\ntitle = \"{{ title }}\"\nsummary = \"Ours.\"\ndate = {{ date }}\n+++\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("archetypes/briefing-note.md"),
        "+++\ntitle = \"{{ title }}\"\n+++\n",
    )
    .unwrap();
    assert_eq!(dossier(dir.path(), &["new", "case-study", "ours"]).code, 0);
    assert!(read(dir.path().join("content/case-studies/ours.md")).contains("summary = \"Ours.\""));
    let run = dossier(dir.path(), &["new", "briefing-note", "q3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("content/briefing-notes/q3.md").is_file());
}

#[test]
fn clean_removes_only_what_dossier_wrote() {
    let dir = fixture("minimal");
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let public = dir.path().join("public");
    // Files dossier did not write: a deploy repository, a hand-made file in
    // a folder dossier also uses, and a symlink where a page was.
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: main").unwrap();
    std::fs::write(public.join("notes/keep-me.txt"), "mine").unwrap();
    let outside = TempDir::new();
    std::fs::write(outside.path().join("precious.html"), "elsewhere").unwrap();
    #[cfg(unix)]
    {
        // The search page's folder, which holds the search index too.
        std::fs::remove_dir_all(public.join("search")).unwrap();
        std::os::unix::fs::symlink(outside.path(), public.join("search")).unwrap();
        std::fs::copy(
            outside.path().join("precious.html"),
            outside.path().join("index.html"),
        )
        .unwrap();
    }

    let run = dossier(dir.path(), &["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Removed "), "{}", run.stdout);
    assert!(run.stdout.contains("kept"), "{}", run.stdout);
    let left: Vec<String> = tree(&public).into_iter().map(|(p, _)| p).collect();
    #[cfg(unix)]
    assert_eq!(
        left,
        [
            ".git/HEAD",
            "notes/keep-me.txt",
            "search/index.html",
            "search/precious.html"
        ],
        "the symlinked folder (read through) is left as it is"
    );
    assert_eq!(read(outside.path().join("precious.html")), "elsewhere");
    #[cfg(unix)]
    assert_eq!(
        read(outside.path().join("index.html")),
        "elsewhere",
        "nothing behind a symlink is removed"
    );
    assert!(!public.join("case-studies").exists(), "emptied folders go");

    // A second clean has no manifest to go by, and removes nothing.
    let run = dossier(dir.path(), &["clean"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("was not made by dossier; nothing was removed"),
        "{}",
        run.stderr
    );
    assert_eq!(read(public.join("notes/keep-me.txt")), "mine");
}

#[test]
fn clean_of_a_fresh_build_removes_the_output_folder_and_refuses_foreign_folders() {
    let dir = fixture("minimal");
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    let run = dossier(dir.path(), &["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("(and the empty folder).\n"),
        "{}",
        run.stdout
    );
    assert!(!dir.path().join("public").exists());
    // Nothing to clean is fine.
    assert_eq!(dossier(dir.path(), &["clean"]).code, 0);

    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/report.pdf"), "pdf").unwrap();
    let run = dossier(dir.path(), &["clean", "--output", "mine"]);
    assert_eq!(run.code, 2);
    assert_eq!(read(dir.path().join("mine/report.pdf")), "pdf");
    let run = dossier(dir.path(), &["clean", "--output", "content"]);
    assert_eq!(run.code, 2);
    assert!(dir.path().join("content/notes/first.md").is_file());
}

#[test]
fn new_role_paper_and_meeting_build_as_drafts() {
    let tmp = TempDir::new();
    assert_eq!(dossier(tmp.path(), &["init", "p"]).code, 0);
    let project = tmp.path().join("p");
    for kind in ["role", "paper", "meeting"] {
        let run = dossier(&project, &["new", kind, &format!("test-{kind}")]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    }
    let role = read(project.join("content/roles/test-role.toml"))
        .replace("organisation-slug", "example-council");
    std::fs::write(project.join("content/roles/test-role.toml"), role).unwrap();
    let run = dossier(&project, &["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        project
            .join("public/roles/test-role/candidate-pack.pdf")
            .is_file()
    );
    assert!(
        project
            .join("public/meetings/test-meeting/board-pack.pdf")
            .is_file()
    );
    assert!(project.join("public/papers/test-paper/paper.pdf").is_file());
}
