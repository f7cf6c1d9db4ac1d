//! The broken-project corpus: every case in `tests/fixtures/bad/cases/` is the
//! good project `tests/fixtures/bad/base/` with one defect. Each case must fail
//! with exactly the diagnostic in its `expected.txt` (file, line, column,
//! message, hint), with the expected exit code, without a panic, and must
//! leave the previous output folder byte-identical and no staging folder
//! behind. See tests/README.md for the layout of a case.

use std::path::{Path, PathBuf};

use crate::support::*;

/// A case's `case.toml`.
#[derive(Debug, Default)]
struct Case {
    name: String,
    dir: PathBuf,
    about: String,
    code: i32,
    args: Vec<String>,
    remove: Vec<String>,
    setup: Vec<String>,
}

fn load_case(dir: &Path) -> Case {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = read(dir.join("case.toml"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    for key in table.keys() {
        assert!(
            ["about", "code", "args", "remove", "setup"].contains(&key.as_str()),
            "{name}/case.toml: unknown key {key}"
        );
    }
    let list = |key: &str| -> Vec<String> {
        table
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let args = list("args");
    Case {
        about: table
            .get("about")
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{name}/case.toml needs about"))
            .to_string(),
        code: table
            .get("code")
            .and_then(|v| v.as_integer())
            .map_or(1, |c| c as i32),
        args: if args.is_empty() {
            vec!["build".into()]
        } else {
            args
        },
        remove: list("remove"),
        setup: list("setup"),
        name,
        dir: dir.to_path_buf(),
    }
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(rel, _)| rel).collect()
}

/// Apply one programmatic defect that cannot (or should not) be committed
/// as a file: huge files, links, permissions, byte-level encodings.
/// Returns false if the case cannot be checked on this machine.
fn apply_setup(case: &Case, step: &str, project: &Path, outside: &Path) -> bool {
    let overlay = case.dir.join("files");
    let overlaid = || {
        if overlay.is_dir() {
            files_below(&overlay)
        } else {
            Vec::new()
        }
    };
    let (op, arg) = step.split_once(' ').unwrap_or((step, ""));
    match op {
        // CRLF line endings in every overlaid file.
        "crlf" => {
            for rel in overlaid() {
                let p = project.join(&rel);
                let text = read(&p).replace("\r\n", "\n").replace('\n', "\r\n");
                std::fs::write(&p, text).unwrap();
            }
        }
        // A UTF-8 byte-order mark at the start of every overlaid file.
        "bom" => {
            for rel in overlaid() {
                let p = project.join(&rel);
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend(std::fs::read(&p).unwrap());
                std::fs::write(&p, bytes).unwrap();
            }
        }
        // `{E9}` in the overlaid files becomes the lone byte 0xE9.
        "latin1" => {
            for rel in overlaid() {
                let p = project.join(&rel);
                let bytes = std::fs::read(&p).unwrap();
                let text = String::from_utf8(bytes).unwrap();
                let mut out = Vec::new();
                for (i, part) in text.split("{E9}").enumerate() {
                    if i > 0 {
                        out.push(0xE9);
                    }
                    out.extend_from_slice(part.as_bytes());
                }
                std::fs::write(&p, out).unwrap();
            }
        }
        // `{BIG}` becomes 20 MB of Markdown paragraphs (never committed).
        "big" => {
            let para =
                "A long paragraph of board business, repeated to make a very large file.\n\n";
            let big = para.repeat(20 * 1024 * 1024 / para.len() + 1);
            for rel in overlaid() {
                let p = project.join(&rel);
                let text = read(&p);
                if text.contains("{BIG}") {
                    std::fs::write(&p, text.replace("{BIG}", &big)).unwrap();
                }
            }
        }
        // `{DEEP}` becomes a list nested 3,000 levels deep.
        "deep" => {
            let mut deep = String::new();
            for level in 0..3000 {
                deep.push_str(&"  ".repeat(level));
                deep.push_str("- item\n");
            }
            for rel in overlaid() {
                let p = project.join(&rel);
                let text = read(&p);
                if text.contains("{DEEP}") {
                    std::fs::write(&p, text.replace("{DEEP}", &deep)).unwrap();
                }
            }
        }
        // `symlink <path>`: <path> in the project links to a file outside it.
        #[cfg(unix)]
        "symlink" => {
            let target = outside.join("secret.md");
            std::fs::write(&target, "+++\ntitle = \"Outside\"\n+++\nSecret.\n").unwrap();
            std::os::unix::fs::symlink(&target, project.join(arg)).unwrap();
        }
        // `dangling <path>`: <path> links to nothing.
        #[cfg(unix)]
        "dangling" => {
            std::os::unix::fs::symlink(outside.join("gone.md"), project.join(arg)).unwrap();
        }
        // `unreadable <path>`: no read permission. Root reads it anyway, so
        // the case is skipped when running as root.
        #[cfg(unix)]
        "unreadable" => {
            use std::os::unix::fs::PermissionsExt;
            let p = project.join(arg);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
            if std::fs::read(&p).is_ok() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
                return false;
            }
        }
        // `dir <path>`: a folder where a file is expected (unreadable as a
        // file even for root).
        "dir" => {
            let p = project.join(arg);
            let _ = std::fs::remove_file(&p);
            std::fs::create_dir_all(p.join("inside")).unwrap();
        }
        other => panic!("{}: unknown setup step {other:?}", case.name),
    }
    true
}

/// Run one case; `Err` says what went wrong, `Ok(false)` that it was skipped.
fn run_case(
    case: &Case,
    previous: &[(String, Vec<u8>)],
    previous_dir: &Path,
) -> Result<bool, String> {
    let tmp = TempDir::new();
    let project = tmp.path().join("project");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    copy_dir(&repo_root().join("tests/fixtures/bad/base"), &project);
    if case.dir.join("files").is_dir() {
        copy_dir(&case.dir.join("files"), &project);
    }
    for rel in &case.remove {
        let p = project.join(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap();
        } else {
            std::fs::remove_file(&p).unwrap_or_else(|e| panic!("{}: remove {rel}: {e}", case.name));
        }
    }
    copy_dir(previous_dir, &project.join("public"));
    for step in &case.setup {
        if !apply_setup(case, step, &project, &outside) {
            eprintln!(
                "skipped {}: cannot be checked on this machine (running as root?)",
                case.name
            );
            return Ok(false);
        }
    }
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let run = dossier(&project, &args);
    // Progress lines come every five seconds of rendering: how many a slow
    // case prints depends on the machine, so they are left out.
    let stderr: String = run
        .stderr
        .lines()
        .filter(|l| !(l.starts_with("Rendering: ") && l.ends_with(" pages written so far")))
        .map(|l| format!("{l}\n"))
        .collect();
    let stderr = stderr
        .replace(&*outside.to_string_lossy(), "$OUTSIDE")
        .replace(&*project.to_string_lossy(), "$PROJECT");
    let mut problems = Vec::new();
    if stderr.contains("panicked") || run.code == 101 {
        problems.push(format!("dossier panicked:\n{stderr}"));
    }
    if run.code != case.code {
        problems.push(format!("exit code {} instead of {}", run.code, case.code));
    }
    let expected_path = case.dir.join("expected.txt");
    if std::env::var_os("DOSSIER_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&expected_path, &stderr).unwrap();
    } else {
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != stderr {
            problems.push(format!(
                "the diagnostic differs\n--- expected\n{expected}--- actual\n{stderr}---"
            ));
        }
    }
    let after = tree(&project.join("public"));
    if after != previous {
        problems.push("the previous output folder was changed".into());
    }
    let stray: Vec<String> = std::fs::read_dir(&project)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-staging") || n.contains("dossier-old"))
        .collect();
    if !stray.is_empty() {
        problems.push(format!("left behind: {stray:?}"));
    }
    if problems.is_empty() {
        Ok(true)
    } else {
        Err(format!(
            "{} ({}):\n{}",
            case.name,
            case.about,
            problems.join("\n")
        ))
    }
}

#[test]
fn every_broken_project_fails_clearly_and_keeps_the_previous_output() {
    // The previous output: a good build of the base project.
    let good = TempDir::new();
    copy_dir(&repo_root().join("tests/fixtures/bad/base"), good.path());
    let run = dossier(good.path(), &["build"]);
    assert_eq!(run.code, 0, "the base project must build: {}", run.stderr);
    let previous_dir = good.path().join("public");
    let previous = tree(&previous_dir);

    let cases_dir = repo_root().join("tests/fixtures/bad/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let cases: Vec<Case> = dirs.iter().map(|d| load_case(d)).collect();
    assert!(cases.len() >= 60, "only {} cases", cases.len());

    // Two workers: the cases are independent processes.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let r = run_case(case, &previous, &previous_dir);
                    results.lock().unwrap().push(r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
