//! The canary matrix of the leak guard: for every kind of file a public
//! build writes, and each way confidential text gets into one (a project
//! template override, as text, in an attribute or in a comment; a static
//! file in text, PDF or DOCX form, or named after the passage; text pasted
//! into a public source), a build holding a confidential paper's sentence
//! ends with exit 1, names the leaking file and the paper, and leaves the
//! previous output byte-identical.
//!
//! The kinds are not a hand-kept list: they are read from what a clean
//! build of a project with every kind of content writes, so a kind of
//! output added later fails [`every_kind_of_output_is_caught_by_some_leak`]
//! until some row of the matrix catches it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::leak::{SECRET_SENTENCE, confidential_pack, docx};
use crate::support::*;

/// The confidential paper the canary is from.
const PAPER: &str = "content/papers/dph-appointment.md";

/// The kind of an output file: its path with every folder between the first
/// and the file name (folders named after content: a role's slug, a
/// meeting's date) as `*`: "roles/*/candidate-pack.pdf".
/// The search index's numbered files are a kind each folder: its page
/// details ("search/*/N.json"), and its words, which hold no passage to
/// find: the guard reads the text they are cut from and names their
/// folder, "search/words/" (the table of contents, holding the first word
/// of each chunk, is of that kind too).
fn kind(rel: &str) -> String {
    if rel == "search/index.json" || rel.starts_with("search/words/") {
        return "search/words/".to_string();
    }
    if let Some(name) = rel.strip_prefix("search/pages/")
        && name
            .trim_end_matches(".json")
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return "search/pages/N.json".to_string();
    }
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.len() <= 2 {
        return rel.to_string();
    }
    format!("{}/*/{}", parts[0], parts[parts.len() - 1])
}

/// A project with every kind of content (pages, a section, case studies,
/// taxonomies, organisations, vacancies, public and confidential papers,
/// meetings, minutes, static files), built once: the roles fixture with the
/// minutes fixture's papers, meetings and minutes.
struct Project {
    built: TempDir,
    before: Vec<(String, Vec<u8>)>,
}

impl Project {
    fn new() -> Project {
        let built = fixture("roles");
        let board = repo_root().join("tests/fixtures/minutes/content");
        for folder in ["papers", "meetings", "minutes"] {
            copy_dir(
                &board.join(folder),
                &built.path().join("content").join(folder),
            );
        }
        let run = dossier(built.path(), &["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let before = tree(&built.path().join("public"));
        Project { built, before }
    }

    /// The files a public build names as leaking when `edit` is made to a
    /// copy of the project (its output included). The build must stop with
    /// exit 1, name the confidential paper, and leave the output as it was.
    fn leaks(&self, edit: impl FnOnce(&Path)) -> BTreeSet<String> {
        let copy = TempDir::new();
        copy_dir(self.built.path(), copy.path());
        edit(copy.path());
        let run = dossier(copy.path(), &["build"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {PAPER}")),
            "the paper is named: {}",
            run.stderr
        );
        assert_eq!(
            tree(&copy.path().join("public")),
            self.before,
            "the previous output is intact"
        );
        run.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("error: confidential text would be published in "))
            .filter_map(|l| l.split_once(": ").map(|(file, _)| file.to_string()))
            .collect()
    }
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn replace_line(path: &Path, starts: &str, with: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(starts) {
                with.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(path, changed.join("\n") + "\n").unwrap();
}

/// Override every template of the built-in theme that makes an output (not
/// one that extends another, nor a partial) with `insert` put in: before
/// `</body>` in a page, at the end of anything else.
fn override_templates(root: &Path, insert: &str) {
    let theme = repo_root().join("themes/default");
    for (folder, into) in [("templates", "templates"), ("pdf", "templates/pdf")] {
        for entry in std::fs::read_dir(theme.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                continue;
            }
            let text = read(&path);
            let name = path.file_name().unwrap();
            let changed = if text.contains("{% extends") {
                continue;
            } else if text.contains("</body>") {
                text.replace("</body>", &format!("{insert}</body>"))
            } else if path.extension().is_some_and(|e| e == "html") {
                continue;
            } else {
                format!("{text}\n\n{SECRET_SENTENCE}\n")
            };
            write(&root.join(into).join(name), changed);
        }
    }
}

/// Every kind of output a clean build writes is caught by at least one way
/// of leaking, and each way stops the build naming the files it reached.
#[test]
fn every_kind_of_output_is_caught_by_some_leak() {
    let project = Project::new();
    let mut caught: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut note = |way: &'static str, files: BTreeSet<String>| {
        assert!(!files.is_empty(), "{way} named no file");
        for file in files {
            caught.entry(kind(&file)).or_default().insert(way);
        }
    };

    // A project template override, with the sentence as text, in an
    // attribute and in a comment.
    note(
        "template text",
        project.leaks(|root| override_templates(root, &format!("<p>{SECRET_SENTENCE}</p>"))),
    );
    let attribute = project.leaks(|root| {
        override_templates(
            root,
            &format!("<img src=\"x.png\" alt=\"{SECRET_SENTENCE}\">"),
        )
    });
    let comment =
        project.leaks(|root| override_templates(root, &format!("<!-- {SECRET_SENTENCE} -->")));
    assert!(attribute.contains("index.html") && comment.contains("index.html"));
    note("template attribute", attribute);
    note("template comment", comment);

    // Static files: each one the build copies, with the sentence added;
    // new ones in text, PDF and DOCX form; one named after the sentence.
    let statics: Vec<String> = project
        .before
        .iter()
        .map(|(rel, _)| rel.clone())
        .filter(|rel| {
            project.built.path().join("static").join(rel).exists()
                || repo_root().join("themes/default/static").join(rel).exists()
        })
        .collect();
    assert!(statics.len() >= 4, "{statics:?}");
    note(
        "static file copied",
        project.leaks(|root| {
            for (rel, bytes) in &project.before {
                if statics.contains(rel) {
                    let mut changed = bytes.clone();
                    changed.extend_from_slice(format!("\n{SECRET_SENTENCE}\n").as_bytes());
                    write(&root.join("static").join(rel), changed);
                }
            }
        }),
    );
    let pack = confidential_pack(project.built.path());
    let added = project.leaks(|root| {
        write(&root.join("static/appendix.pdf"), &pack);
        write(
            &root.join("static/pay.docx"),
            docx(&format!(
                "Note for members: {SECRET_SENTENCE} in public health."
            )),
        );
        write(&root.join("static/notes.txt"), SECRET_SENTENCE);
    });
    assert_eq!(added, set(&["appendix.pdf", "notes.txt", "pay.docx"]));
    let name = SECRET_SENTENCE.to_lowercase().replace(' ', "-");
    let named = project.leaks(|root| write(&root.join(format!("static/{name}.txt")), "minutes"));
    assert_eq!(named, set(&[&format!("{name}.txt")]));

    // Text pasted into each kind of public source.
    for (way, files) in pasted(&project) {
        note(way, files);
    }

    // The build's own list of what it wrote holds only paths (each read as
    // a file name above); it is the one dot file.
    let kinds: BTreeSet<String> = project
        .before
        .iter()
        .map(|(rel, _)| kind(rel))
        .filter(|k| k != ".dossier-manifest")
        .collect();
    assert!(kinds.iter().all(|k| !k.starts_with('.')), "{kinds:?}");
    let missed: Vec<&String> = kinds.iter().filter(|k| !caught.contains_key(*k)).collect();
    assert!(
        missed.is_empty(),
        "no way of leaking reaches these kinds of output: add a row to tests/it/leak_matrix.rs \
         that puts the canary into each, and make the guard catch it: {missed:?}\n\
         the matrix so far: {caught:#?}"
    );
}

fn set(files: &[&str]) -> BTreeSet<String> {
    files.iter().map(|f| f.to_string()).collect()
}

/// Text pasted into a role, a meeting, a case study and a public paper (its
/// text and its title) is named in every output that carries it: pages,
/// listings, the home page, the search index, atom.xml, every calendar,
/// roles/index.json, the meetings' and papers' open data and each kind of
/// PDF.
fn pasted(project: &Project) -> Vec<(&'static str, BTreeSet<String>)> {
    let role = project.leaks(|root| {
        replace_line(
            &root.join("content/roles/joint.toml"),
            "summary = ",
            &format!("summary = \"{SECRET_SENTENCE} first.\""),
        )
    });
    assert_eq!(
        role,
        set(&[
            "roles/index.html",
            "roles/index.json",
            "roles/joint/candidate-pack.pdf",
            "roles/joint/index.html",
            "roles/joint/timeline.ics",
            "roles/roles.ics",
            "search/pages/0.json",
        ])
    );
    let meeting = project.leaks(|root| {
        replace_line(
            &root.join("content/meetings/jhwb-2026-12-10.toml"),
            "location = ",
            &format!("location = \"{SECRET_SENTENCE}\""),
        )
    });
    assert_eq!(
        meeting,
        set(&[
            "meetings/deadlines.ics",
            "meetings/index.html",
            "meetings/index.json",
            "meetings/jhwb-2026-12-10/board-pack.pdf",
            "meetings/jhwb-2026-12-10/index.html",
            "meetings/jhwb-2026-12-10/meeting.ics",
            "meetings/jhwb-2026-12-10/meeting.json",
            "meetings/meetings.ics",
        ])
    );
    let case_study = project.leaks(|root| {
        write(
            &root.join("content/case-studies/two.md"),
            format!("+++\ntitle = \"Note\"\ndate = 2026-11-30\nsummary = \"{SECRET_SENTENCE}.\"\n+++\n\nText.\n"),
        )
    });
    assert_eq!(
        case_study,
        set(&[
            "atom.xml",
            "case-studies/index.html",
            "case-studies/two/index.html",
            "index.html",
            "search/pages/0.json",
        ])
    );
    let paper = project.leaks(|root| {
        let path = root.join("content/papers/joint-appointments.md");
        let text = read(&path);
        write(&path, format!("{text}\n{SECRET_SENTENCE} first.\n"));
    });
    assert_eq!(
        paper,
        set(&[
            "meetings/jhwb-2026-12-10/board-pack.pdf",
            "papers/joint-appointments/index.html",
            "papers/joint-appointments/paper.pdf",
            "search/words/",
        ])
    );
    // A paper's title is in the listings and open data, not only its page.
    let title = project.leaks(|root| {
        replace_line(
            &root.join("content/papers/joint-appointments.md"),
            "title = ",
            &format!("title = \"{SECRET_SENTENCE}\""),
        )
    });
    for file in [
        "papers/index.json",
        "papers/index.html",
        "meetings/jhwb-2026-12-10/meeting.json",
        "meetings/jhwb-2026-12-10/index.html",
    ] {
        assert!(title.contains(file), "{file} not in {title:?}");
    }
    // Minutes: a public item's minute, decision, action and declaration.
    let minutes = project.leaks(|root| {
        let path = root.join("content/minutes/jhwb-2026-07-09.md");
        let text = read(&path)
            .replace(
                "text = \"Publish the candidate information pack and advertise the joint post.\"",
                &format!("text = \"{SECRET_SENTENCE}: the action.\""),
            )
            .replace(
                "text = \"That the outturn of the pooled budget for 2025 to 2026 be noted.\"",
                &format!("text = \"{SECRET_SENTENCE}: the decision.\""),
            )
            .replace(
                "interest = \"A close relative works in the council's public health team\"",
                &format!("interest = \"{SECRET_SENTENCE}: the interest.\""),
            );
        write(&path, format!("{text}\n{SECRET_SENTENCE}: the minute.\n"));
    });
    assert_eq!(
        minutes,
        set(&[
            "actions/actions.csv",
            "actions/index.html",
            "decisions/decisions.csv",
            "decisions/index.html",
            "declarations/index.html",
            "meetings/jhwb-2026-07-09/minutes.json",
            "meetings/jhwb-2026-07-09/minutes.pdf",
            "meetings/jhwb-2026-07-09/minutes/index.html",
            // October's pack takes July's minutes and carries their actions.
            "meetings/jhwb-2026-10-08/board-pack.pdf",
            "search/words/",
        ])
    );
    vec![
        ("pasted into minutes", minutes),
        ("pasted into a paper's title", title),
        ("pasted into a role", role),
        ("pasted into a meeting", meeting),
        ("pasted into a case study", case_study),
        ("pasted into a paper", paper),
    ]
}
