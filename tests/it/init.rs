//! `dossier init`: a new project that builds, and never overwrites.

use crate::support::*;

#[test]
fn init_creates_a_project_that_builds_outside_the_repository() {
    let tmp = TempDir::new();
    let run = dossier(tmp.path(), &["init", "my-briefing"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let project = tmp.path().join("my-briefing");
    assert!(project.join("dossier.toml").is_file());
    assert!(project.join(".gitignore").is_file());
    let run = dossier(tmp.path(), &["build", "-C", "my-briefing"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        project
            .join("public/case-studies/example/index.html")
            .is_file()
    );
    assert!(project.join("public/style.css").is_file());
}

#[test]
fn init_never_overwrites_an_existing_folder() {
    let tmp = TempDir::new();
    std::fs::create_dir_all(tmp.path().join("mine")).unwrap();
    std::fs::write(tmp.path().join("mine/notes.md"), "keep").unwrap();
    let run = dossier(tmp.path(), &["init", "mine"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("already exists and is not an empty folder"),
        "{}",
        run.stderr
    );
    assert_eq!(read(tmp.path().join("mine/notes.md")), "keep");
}
