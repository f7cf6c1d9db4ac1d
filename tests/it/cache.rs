//! The PDF cache: a PDF whose input has not changed is taken from the
//! cache, byte-identical; one whose input changed (its text, a logo it
//! shows) is typeset again; a damaged entry is found and replaced; the
//! confidential edition never touches it; `clean --cache` removes only
//! what the cache made.

use crate::support::*;
use std::path::Path;

/// The "PDFs: N typeset, M taken from the cache" counts of a build.
fn pdf_counts(run: &Run) -> (usize, usize) {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("PDFs: "))
        .unwrap_or_else(|| panic!("no PDFs line in:\n{}", run.stdout));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn build(dir: &Path, out: &str) -> Run {
    let run = dossier(dir, &["build", "--output", out]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

fn pdfs(tree: &[(String, Vec<u8>)]) -> usize {
    tree.iter().filter(|(p, _)| p.ends_with(".pdf")).count()
}

/// The cache entries in a project's default cache folder.
fn entries(project: &Path) -> Vec<std::path::PathBuf> {
    let pdf = project.join(".dossier-cache/pdf");
    if !pdf.is_dir() {
        return Vec::new();
    }
    files_below(&pdf)
}

#[test]
fn a_second_build_takes_every_pdf_from_the_cache_and_writes_the_same_bytes() {
    let project = fixture("board");
    let first = build(project.path(), "one");
    let (typeset, reused) = pdf_counts(&first);
    assert!(typeset > 0, "{}", first.stdout);
    assert_eq!(reused, 0);
    let second = build(project.path(), "two");
    assert_eq!(pdf_counts(&second), (0, typeset), "{}", second.stdout);
    let one = tree(&project.path().join("one"));
    let two = tree(&project.path().join("two"));
    assert!(pdfs(&one) > 0);
    assert!(one == two, "the cached build differs from the typeset one");
    assert!(project.path().join(".dossier-cache/CACHEDIR.TAG").is_file());
    assert_eq!(
        read(project.path().join(".dossier-cache/.gitignore"))
            .lines()
            .last(),
        Some("*"),
        "the cache is ignored by git whatever the project says"
    );
}

#[test]
fn editing_one_paper_typesets_only_the_pdfs_that_show_it() {
    let project = fixture("board");
    let (all, _) = pdf_counts(&build(project.path(), "one"));
    let paper = project.path().join("content/papers/joint-appointments.md");
    let text = read(&paper) + "\nA sentence added after the first build.\n";
    std::fs::write(&paper, text).unwrap();
    let run = build(project.path(), "two");
    let (typeset, reused) = pdf_counts(&run);
    // The paper's own PDF and its meeting's board pack.
    assert_eq!(typeset, 2, "{}", run.stdout);
    assert_eq!(reused, all - 2);
    let pdf = tree(&project.path().join("two"))
        .into_iter()
        .filter(|(p, _)| p.ends_with("board-pack.pdf"))
        .count();
    assert!(pdf > 0);
}

#[test]
fn a_changed_logo_typesets_the_packs_that_show_it_again() {
    let project = fixture("roles");
    let org = project.path().join("content/organisations/acme-nhs.toml");
    std::fs::create_dir_all(project.path().join("static/logos")).unwrap();
    let logo = project.path().join("static/logos/acme-nhs.svg");
    let svg = |fill: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\" viewBox=\"0 0 200 80\"><title>Acme NHS Trust</title><rect width=\"200\" height=\"80\" fill=\"{fill}\"/></svg>"
        )
    };
    std::fs::write(&logo, svg("#005eb8")).unwrap();
    let toml = read(&org).replace("kind = ", "logo = \"/logos/acme-nhs.svg\"\nkind = ");
    std::fs::write(&org, toml).unwrap();
    let (typeset, _) = pdf_counts(&build(project.path(), "one"));
    assert!(typeset > 0);
    std::fs::write(&logo, svg("#d5281b")).unwrap();
    let run = build(project.path(), "two");
    let (again, _) = pdf_counts(&run);
    assert!(
        again > 0,
        "a pack showing the logo was taken from the cache"
    );
    let before = tree(&project.path().join("one"));
    let after = tree(&project.path().join("two"));
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|((p, a), (_, b))| p.ends_with(".pdf") && a != b)
        .map(|((p, _), _)| p.as_str())
        .collect();
    assert_eq!(
        changed.len(),
        again,
        "each PDF typeset again shows the new logo: {changed:?}"
    );
}

#[test]
fn a_damaged_or_truncated_entry_is_typeset_again_and_replaced() {
    let project = fixture("board");
    let (all, _) = pdf_counts(&build(project.path(), "one"));
    let found = entries(project.path());
    assert_eq!(found.len(), all);
    let truncated = &found[0];
    let bytes = std::fs::read(truncated).unwrap();
    std::fs::write(truncated, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = &found[found.len() - 1];
    let mut bytes = std::fs::read(flipped).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(flipped, &bytes).unwrap();
    let run = build(project.path(), "two");
    assert_eq!(pdf_counts(&run), (2, all - 2), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("2 damaged cache entries found and replaced")
    );
    assert!(
        tree(&project.path().join("one")) == tree(&project.path().join("two")),
        "the output is the same as from whole entries"
    );
    let third = build(project.path(), "three");
    assert_eq!(pdf_counts(&third), (0, all), "the entries were replaced");
}

#[test]
fn the_confidential_edition_neither_reads_nor_fills_the_cache() {
    let project = fixture("board");
    let run = dossier(project.path(), &["build", "--confidential"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("PDFs: "), "{}", run.stdout);
    assert!(!project.path().join(".dossier-cache").exists());
}

#[test]
fn the_cache_moves_with_the_flag_or_the_environment_and_no_cache_turns_it_off() {
    let project = fixture("board");
    let run = dossier(project.path(), &["build", "--cache-dir", "elsewhere"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.path().join("elsewhere/pdf").is_dir());
    assert!(!project.path().join(".dossier-cache").exists());
    let env = dossier_with_env(
        project.path(),
        &["build", "--output", "two"],
        &[("DOSSIER_CACHE_DIR", "elsewhere")],
    );
    assert_eq!(pdf_counts(&env).0, 0, "{}", env.stdout);
    let off = dossier(
        project.path(),
        &["build", "--output", "three", "--no-cache"],
    );
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(!off.stdout.contains("PDFs: "));
    assert!(!project.path().join(".dossier-cache").exists());
}

#[test]
fn two_builds_sharing_the_cache_at_once_both_succeed_with_the_same_output() {
    let project = fixture("board");
    let spawn = |out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "-q", "--output", out])
            .current_dir(project.path())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("a"), spawn("b"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let c = build(project.path(), "c");
    assert_eq!(pdf_counts(&c).0, 0, "{}", c.stdout);
    let a = tree(&project.path().join("a"));
    assert!(a == tree(&project.path().join("b")));
    assert!(a == tree(&project.path().join("c")));
}

#[test]
fn clean_with_cache_removes_what_the_cache_made_and_nothing_else() {
    let project = fixture("board");
    build(project.path(), "public");
    let notes = project.path().join(".dossier-cache/my-notes.txt");
    std::fs::write(&notes, "mine").unwrap();
    let run = dossier(project.path(), &["clean", "--cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("kept 1 file dossier did not make"),
        "{}",
        run.stdout
    );
    assert!(entries(project.path()).is_empty());
    assert_eq!(read(&notes), "mine");
    assert!(!project.path().join("public").exists());
    std::fs::remove_file(&notes).unwrap();
    build(project.path(), "public");
    let run = dossier(project.path(), &["clean", "--cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !project.path().join(".dossier-cache").exists(),
        "{}",
        run.stdout
    );
}

#[test]
fn a_build_stopped_by_the_leak_guard_leaves_nothing_in_the_cache() {
    let project = fixture("board");
    let paper = project.path().join("content/papers/joint-appointments.md");
    // A confidential paper's sentence pasted into a public paper: its PDF
    // is typeset, then the leak guard stops the build.
    let text = read(&paper)
        + "\nThe panel unanimously ranked the candidate currently serving as a consultant in public health in a neighbouring authority first.\n";
    std::fs::write(&paper, text).unwrap();
    let run = dossier(project.path(), &["build"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("confidential text would be published"));
    assert!(
        entries(project.path()).is_empty(),
        "{:?}",
        entries(project.path())
    );
}

#[test]
fn a_pdf_taken_from_the_cache_is_still_read_by_the_leak_guard() {
    let project = fixture("board");
    let sentence = "The shared finance officer will report quarterly on the pooled budget to both governing bodies.";
    let public = project.path().join("content/papers/joint-appointments.md");
    std::fs::write(&public, read(&public) + "\n" + sentence + "\n").unwrap();
    build(project.path(), "one");
    // The sentence becomes withheld: the public paper's PDF is unchanged,
    // so it comes from the cache, and still may not be published.
    let confidential = project.path().join("content/papers/dph-appointment.md");
    std::fs::write(&confidential, read(&confidential) + "\n" + sentence + "\n").unwrap();
    let run = dossier(project.path(), &["build", "--output", "two"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("joint-appointments") && run.stderr.contains(".pdf"),
        "{}",
        run.stderr
    );
    assert!(!project.path().join("two").exists());
}
