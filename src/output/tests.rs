//! Tests of the staging folder, the lock, recovery after a killed build, and fault kinds.

use super::*;

fn project() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dossier-output-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    dir
}

#[test]
fn refuses_output_folders_that_hold_sources() {
    let root = project();
    for bad in [
        ".",
        "",
        "content",
        "content/x",
        "..",
        "static/out",
        "themes",
    ] {
        assert!(
            resolve_output_dir(&root, bad).is_err(),
            "{bad} should be refused"
        );
    }
    assert!(resolve_output_dir(&root, "public").is_ok());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn refuses_a_folder_dossier_did_not_make() {
    let root = project();
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::write(root.join("public/notes.txt"), "mine").unwrap();
    let e = resolve_output_dir(&root, "public").unwrap_err();
    assert_eq!(
        e.message,
        "the output folder \"public\" already exists and was not made by dossier"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_file_appended_to_holds_its_parts_in_order_and_other_files_may_come_between() {
    let root = project();
    let out = root.join("public");
    let mut s = Staging::begin(&out).unwrap();
    let mut memory = Memory::default();
    for sink in [&mut s as &mut dyn Sink, &mut memory] {
        sink.append("search/index.json", b"{\"pages\":[").unwrap();
        assert!(sink.contains("search/index.json"));
        sink.append("search/index.json", b"1,2").unwrap();
        sink.write("a/index.html", b"page a").unwrap();
        sink.append("search/index.json", b",3").unwrap();
        sink.append("search/index.json", b"]}").unwrap();
    }
    s.commit().unwrap();
    let written = std::fs::read(out.join("search/index.json")).unwrap();
    assert_eq!(written, b"{\"pages\":[1,2,3]}");
    assert_eq!(memory.files["search/index.json"], written);
    assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"page a");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn files_put_from_other_threads_are_published_once_recorded() {
    let root = project();
    let out = root.join("public");
    let mut s = Staging::begin(&out).unwrap();
    let files = s
        .files()
        .expect("a staging folder takes files from any thread");
    std::thread::scope(|scope| {
        for n in 0..4 {
            let files = files.clone();
            scope.spawn(move || {
                files
                    .put(&format!("section/page-{n}/index.html"), b"page")
                    .unwrap()
            });
        }
    });
    for n in 0..4 {
        let rel = format!("section/page-{n}/index.html");
        assert!(!s.contains(&rel));
        s.record(&rel, b"page").unwrap();
        assert!(s.contains(&rel));
    }
    s.commit().unwrap();
    for n in 0..4 {
        let page = out.join(format!("section/page-{n}/index.html"));
        assert_eq!(std::fs::read(page).unwrap(), b"page");
    }
    assert!(Memory::default().files().is_none());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn commit_swaps_in_and_keeps_dotfiles() {
    let root = project();
    let out = root.join("public");
    let mut s = Staging::begin(&out).unwrap();
    s.write("a/index.html", b"one").unwrap();
    s.commit().unwrap();
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
    let mut s = Staging::begin(&out).unwrap();
    s.write("b/index.html", b"two").unwrap();
    s.commit().unwrap();
    assert!(!out.join("a/index.html").exists());
    assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
    assert_eq!(std::fs::read(out.join(".git/HEAD")).unwrap(), b"ref");
    assert!(
        std::fs::read_to_string(out.join(MANIFEST))
            .unwrap()
            .contains("b/index.html\n")
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// Every file below `dir` (relative path, bytes), dotfiles included.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn put(dir: &Path, rel: &str, bytes: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn manifest_of(files: &[&str]) -> String {
    let mut m = format!("{MANIFEST_HEADER}\n");
    for f in files {
        m.push_str(f);
        m.push('\n');
    }
    m
}

/// The names dossier uses beside `out` that are still there.
fn leftovers(out: &Path) -> Vec<String> {
    let b = Beside::of(out);
    [b.staging, b.old]
        .into_iter()
        .filter(|p| exists(p))
        .map(|p| p.display().to_string())
        .collect()
}

/// A previous output in `out`: a page, its manifest and a deploy `.git`.
fn previous_output(out: &Path) {
    put(out, "a/index.html", "old page");
    put(out, MANIFEST, &manifest_of(&["a/index.html"]));
    put(out, ".git/HEAD", "ref: refs/heads/main");
}

#[test]
fn a_build_killed_between_the_two_renames_gets_the_previous_output_back() {
    let root = project();
    let out = root.join("public");
    let beside = Beside::of(&out);
    // Killed after `public` became `.public.dossier-old`, before the
    // staging folder (complete, with its manifest) became `public`.
    previous_output(&beside.old);
    let before = files(&beside.old);
    put(&beside.staging, "b/index.html", "new page");
    put(&beside.staging, MANIFEST, &manifest_of(&["b/index.html"]));
    assert!(!out.exists());

    let mut s = Staging::begin(&out).unwrap();
    assert_eq!(files(&out), before, "the previous output is back");
    assert!(!beside.old.exists());
    assert_eq!(
        files(&beside.staging).into_keys().collect::<Vec<_>>(),
        [STAGING_MARKER],
        "the leftover staging folder was replaced by a fresh one"
    );
    s.write("c/index.html", b"newer page").unwrap();
    s.commit().unwrap();
    assert_eq!(
        std::fs::read(out.join(".git/HEAD")).unwrap(),
        b"ref: refs/heads/main"
    );
    assert!(!out.join("a/index.html").exists());
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_build_killed_while_carrying_dotfiles_over_loses_none_of_them() {
    let root = project();
    let out = root.join("public");
    let beside = Beside::of(&out);
    // Killed after the swap: `.well-known` was carried over, `.git` and
    // `.deploy` were not yet. `.nojekyll` is in both (the new build
    // wrote its own): the new one stays.
    previous_output(&beside.old);
    put(&beside.old, ".deploy", "token-free settings");
    put(&beside.old, ".nojekyll", "old");
    put(&out, "b/index.html", "new page");
    put(&out, MANIFEST, &manifest_of(&["b/index.html", ".nojekyll"]));
    put(&out, ".nojekyll", "new");
    put(&out, ".well-known/security.txt", "Contact: x");

    let s = Staging::begin(&out).unwrap();
    drop(s);
    let after = files(&out);
    let names: Vec<&str> = after.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            ".deploy",
            ".dossier-manifest",
            ".git/HEAD",
            ".nojekyll",
            ".well-known/security.txt",
            "b/index.html"
        ]
    );
    assert_eq!(after[".nojekyll"], b"new");
    assert_eq!(
        after[MANIFEST],
        manifest_of(&["b/index.html", ".nojekyll"]).as_bytes()
    );
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_staging_folder_left_at_any_moment_is_recognised_and_removed() {
    let root = project();
    let out = root.join("public");
    let beside = Beside::of(&out);
    previous_output(&out);
    let before = files(&out);
    let moments: [(&str, &[(&str, &str)]); 5] = [
        ("created, before its marker", &[]),
        (
            "while writing",
            &[(STAGING_MARKER, ""), ("x/index.html", "x")],
        ),
        (
            "with its manifest written, marker still there",
            &[
                (STAGING_MARKER, ""),
                ("x/index.html", "x"),
                (MANIFEST, "# dossier"),
            ],
        ),
        (
            "after its marker went",
            &[("x/index.html", "x"), (MANIFEST, "# dossier")],
        ),
        ("while it was being removed", &[(MANIFEST, "# dossier")]),
    ];
    for (moment, contents) in moments {
        std::fs::create_dir_all(&beside.staging).unwrap();
        for (rel, text) in contents {
            put(&beside.staging, rel, text);
        }
        let s = Staging::begin(&out).unwrap_or_else(|e| panic!("{moment}: {e}"));
        assert_eq!(
            files(&beside.staging).into_keys().collect::<Vec<_>>(),
            [STAGING_MARKER],
            "{moment}"
        );
        s.abandon();
        assert!(!beside.staging.exists(), "{moment}");
        assert_eq!(files(&out), before, "{moment}");
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn folders_beside_the_output_that_dossier_did_not_make_are_left_alone() {
    let root = project();
    let out = root.join("public");
    let beside = Beside::of(&out);
    previous_output(&out);
    for foreign in [&beside.staging, &beside.old] {
        put(foreign, "notes.txt", "someone's notes");
        let e = Staging::begin(&out).err().expect("refused");
        let fault = OutputFault::of(&e).expect("a fault");
        assert_eq!(fault.kind, FaultKind::InTheWay(foreign.clone()));
        assert_eq!(
            std::fs::read(foreign.join("notes.txt")).unwrap(),
            b"someone's notes"
        );
        assert!(out.join("a/index.html").is_file());
        std::fs::remove_dir_all(foreign).unwrap();
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_second_staging_of_the_same_folder_is_refused_until_the_first_ends() {
    let root = project();
    let out = root.join("public");
    let mut first = Staging::begin(&out).unwrap();
    first.write("a/index.html", b"one").unwrap();
    let e = Staging::begin(&out).err().expect("the second is refused");
    assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
    assert_eq!(OutputFault::of(&e).unwrap().kind, FaultKind::Busy);
    assert_eq!(
        e.to_string(),
        "another dossier build, or a `dossier serve --write`, is writing to it right now"
    );
    // The refused one touched nothing of the first.
    first.write("b/index.html", b"two").unwrap();
    first.commit().unwrap();
    assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
    // Committed: the lock is free again.
    Staging::begin(&out).unwrap().abandon();
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_failed_commit_keeps_the_previous_output_and_removes_the_staging_folder() {
    let root = project();
    let out = root.join("public");
    let beside = Beside::of(&out);
    previous_output(&out);
    let before = files(&out);
    let mut s = Staging::begin(&out).unwrap();
    s.write("b/index.html", b"new").unwrap();
    // Something in the way of the first rename (made after the
    // recovery, so it is not cleared): the swap cannot start.
    put(&beside.old, "blocker.txt", "in the way");
    let e = s.commit().expect_err("the commit fails");
    assert!(OutputFault::of(&e).is_some());
    assert_eq!(files(&out), before);
    assert!(!beside.staging.exists());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_dropped_staging_removes_its_folder_and_frees_the_lock() {
    let root = project();
    let out = root.join("public");
    let mut s = Staging::begin(&out).unwrap();
    s.write("a/index.html", b"one").unwrap();
    drop(s);
    assert!(!Beside::of(&out).staging.exists());
    assert!(!out.exists());
    Staging::begin(&out).unwrap().commit().unwrap();
    assert!(out.join(MANIFEST).is_file());
    std::fs::remove_dir_all(&root).unwrap();
}
