//! Every user-facing error text, pinned: what a board secretary sees when
//! something is wrong, and that all problems of a build come out together.

use crate::support::*;

#[test]
fn every_problem_in_a_broken_project_is_reported_in_one_run() {
    let dir = fixture("broken");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_snapshot("errors/broken.txt", &run.stderr);
    assert!(!dir.path().join("public").exists());
}

#[test]
fn missing_config_is_a_usage_error() {
    let dir = TempDir::new();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: no dossier.toml in ."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("dossier init <folder>"));
}

#[test]
fn config_errors_are_located_and_all_reported() {
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("dossier.toml"),
        "title = \"T\"\nbase_url = \"example.org\"\nlanguage = \"en GB\"\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_snapshot("errors/config.txt", &run.stderr);
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let dir = TempDir::new();
    std::fs::write(
        dir.path().join("dossier.toml"),
        "title = \"T\"\nbase_url = \"https://e.org/\"\nouptut_dir = \"x\"\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: unknown key `ouptut_dir`\n --> dossier.toml:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean `output_dir`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_errors_name_the_template_line_and_page() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/case_study.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.titel }}</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_snapshot("errors/template-undefined.txt", &run.stderr);

    std::fs::write(
        dir.path().join("templates/case_study.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_snapshot("errors/template-syntax.txt", &run.stderr);
}

#[test]
fn missing_theme_is_reported_with_the_choices() {
    let dir = fixture("minimal");
    let config =
        read(dir.path().join("dossier.toml")).replace("title =", "theme = \"fancy\"\ntitle =");
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: the theme \"fancy\" cannot be found"),
        "{}",
        run.stderr
    );
}

#[test]
fn alias_over_a_real_page_is_refused() {
    let dir = fixture("minimal");
    let page = read(dir.path().join("content/notes/first.md"))
        .replace("/old-first/", "/case-studies/one/");
    std::fs::write(dir.path().join("content/notes/first.md"), page).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: the alias /case-studies/one/ is already a page on this site"),
        "{}",
        run.stderr
    );
}

#[test]
fn alias_that_climbs_out_of_the_site_is_refused() {
    let dir = fixture("minimal");
    let page =
        read(dir.path().join("content/notes/first.md")).replace("/old-first/", "/../../etc/");
    std::fs::write(dir.path().join("content/notes/first.md"), page).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: \"/../../etc/\" is not a usable alias"),
        "{}",
        run.stderr
    );
}

#[test]
fn static_file_may_not_replace_a_page() {
    let dir = fixture("minimal");
    std::fs::create_dir_all(dir.path().join("static/notes")).unwrap();
    std::fs::write(dir.path().join("static/notes/index.html"), "mine").unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: static/notes/index.html would replace the generated page notes/index.html"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_source_date_epoch_is_a_usage_error() {
    let dir = fixture("minimal");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH is \"yesterday\""));
}

#[test]
fn invalid_utf8_is_located() {
    let dir = fixture("minimal");
    let mut bytes = b"+++\ntitle = \"Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\"\n+++\n");
    std::fs::write(dir.path().join("content/notes/first.md"), bytes).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: this file is not valid UTF-8 text\n --> content/notes/first.md:2:13"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_command_is_a_usage_error() {
    let run = dossier(&repo_root(), &["bulid"]);
    assert_eq!(run.code, 2);
}
