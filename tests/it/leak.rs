//! The leak guard reads every public file as a reader would: escapes and
//! folding do not hide a passage; a file the guard cannot read is reported
//! (a warning, or an error with `[leak_guard] unreadable = "error"`);
//! phrasing papers share is not a leak unless only one public file has it;
//! the confidential edition is its owner's only. Every kind of output
//! against every way of leaking is in `leak_matrix.rs`.

use std::io::Write;
use std::path::Path;

use crate::support::*;

/// A sentence of the confidential paper of the board fixture.
pub(crate) const SECRET_SENTENCE: &str =
    "The panel unanimously ranked the candidate currently serving as a consultant";

/// The board fixture, built once, with the output as it was.
fn built_board() -> (TempDir, Vec<(String, Vec<u8>)>) {
    let dir = fixture("board");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&dir.path().join("public"));
    (dir, before)
}

/// The roles fixture with the board fixture's papers and meeting (so that
/// vacancies and a confidential paper are in one project), built once, with
/// the output as it was.
fn built_roles_and_board() -> (TempDir, Vec<(String, Vec<u8>)>) {
    let dir = fixture("roles");
    let board = repo_root().join("tests/fixtures/board/content");
    for folder in ["papers", "meetings"] {
        copy_dir(
            &board.join(folder),
            &dir.path().join("content").join(folder),
        );
    }
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&dir.path().join("public"));
    (dir, before)
}

/// The confidential board pack of the fixture: a real PDF holding the
/// confidential paper's text.
pub(crate) fn confidential_pack(dir: &Path) -> Vec<u8> {
    let out = dir.join("confidential-pack.pdf");
    let run = dossier(
        dir,
        &[
            "pack",
            "meeting",
            "jhwb-2026-12-10",
            "--confidential",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    bytes
}

/// A DOCX (a zip of XML) whose body says `text`, split over two runs as
/// word processors do.
pub(crate) fn docx(text: &str) -> Vec<u8> {
    let (first, second) = text.split_at(text.len() / 2);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    write!(
        zip,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{first}</w:t></w:r><w:r><w:t>{second}</w:t></w:r></w:p></w:body></w:document>"
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

fn assert_stopped(dir: &Path, before: &[(String, Vec<u8>)], file: &str) {
    let run = dossier(dir, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: confidential text would be published in {file}"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/papers/dph-appointment.md"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.join("public")), before);
}

#[test]
fn confidential_text_hidden_by_escapes_or_folding_is_still_found() {
    let (dir, before) = built_board();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    // JSON escapes: "The" as \u0054he, and the rest as it is.
    let escaped = format!("{{\"note\":\"\\u0054{}\"}}", &SECRET_SENTENCE[1..]);
    std::fs::write(dir.path().join("static/data.json"), escaped).unwrap();
    assert_stopped(dir.path(), &before, "data.json");

    std::fs::remove_file(dir.path().join("static/data.json")).unwrap();
    // A folded calendar line breaks a word in two.
    let (a, b) = SECRET_SENTENCE.split_at(20);
    let ics = format!("BEGIN:VCALENDAR\r\nDESCRIPTION:{a}\r\n {b}\r\nEND:VCALENDAR\r\n");
    std::fs::write(dir.path().join("static/extra.ics"), ics).unwrap();
    assert_stopped(dir.path(), &before, "extra.ics");

    std::fs::remove_file(dir.path().join("static/extra.ics")).unwrap();
    // Numeric character references in HTML.
    let html = format!("<p>&#84;{}</p>", &SECRET_SENTENCE[1..]);
    std::fs::write(dir.path().join("static/note.html"), html).unwrap();
    assert_stopped(dir.path(), &before, "note.html");
}

#[test]
fn a_public_file_the_guard_cannot_read_is_a_warning_or_an_error_when_configured() {
    let (dir, _) = built_board();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/blob.bin"),
        [0u8, 159, 146, 150, 0, 1],
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the leak guard cannot read blob.bin: dossier cannot read this kind of file"
        ),
        "{}",
        run.stderr
    );

    let config = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[leak_guard]\nunreadable = \"error\"\n"),
    )
    .unwrap();
    let before = tree(&dir.path().join("public"));
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the leak guard cannot read blob.bin"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);
}

#[test]
fn an_encrypted_pdf_is_reported_as_unreadable() {
    let (dir, _) = built_board();
    let plain = dir.path().join("plain.pdf");
    let run = dossier(
        dir.path(),
        &[
            "pack",
            "meeting",
            "jhwb-2026-12-10",
            "-o",
            plain.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let locked = dir.path().join("static/locked.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&plain)
        .arg(&locked)
        .status()
        .expect("qpdf is installed by scripts/test");
    assert!(status.success());
    std::fs::remove_file(&plain).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the leak guard cannot read locked.pdf: it is encrypted with a password"
        ),
        "{}",
        run.stderr
    );
}

/// Headings and standard sentences that every paper of a body repeats.
const BOILERPLATE: &str = "\n\n## Equality impact assessment\n\nMembers are asked to note the contents of this report and the risks it sets out.\n\n## Recommendations to the board\n\nThe board is asked to consider the proposals set out in this report.\n";

fn append(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{old}{text}")).unwrap();
}

#[test]
fn phrasing_a_confidential_paper_shares_with_public_papers_is_not_a_leak() {
    let dir = fixture("board");
    let papers = dir.path().join("content/papers");
    for paper in [
        "dph-appointment",
        "joint-appointments",
        "pooled-budget-finance",
    ] {
        append(&papers.join(format!("{paper}.md")), BOILERPLATE);
    }
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&dir.path().join("public"));

    // A distinctive passage of the same length pasted into one public page
    // still stops the build.
    append(
        &papers.join("joint-appointments.md"),
        "\n\nThe panel unanimously ranked the candidate currently serving as a consultant first.\n",
    );
    assert_stopped(dir.path(), &before, "papers/joint-appointments/index.html");
}

#[test]
fn a_heading_in_one_public_paper_is_shared_only_when_declared() {
    let dir = fixture("board");
    let papers = dir.path().join("content/papers");
    let heading = "\n\n## Workforce and organisational development implications\n\nNone.\n";
    append(&papers.join("dph-appointment.md"), heading);
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&dir.path().join("public"));
    append(&papers.join("joint-appointments.md"), heading);
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("[leak_guard] shared_phrases"),
        "the error says how to declare a phrase shared: {}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);

    append(
        &dir.path().join("dossier.toml"),
        "\n[leak_guard]\nshared_phrases = [\"Workforce and organisational development implications\"]\n",
    );
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn the_confidential_edition_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture("board");
    let run = dossier(dir.path(), &["build", "--confidential"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("is readable by you only. Never publish it"),
        "{}",
        run.stdout
    );
    let private = dir.path().join("private");
    let mut seen = 0;
    let mut stack = vec![private];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode() & 0o777;
        if meta.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            assert_eq!(mode, 0o600, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 10, "only {seen} files in the confidential edition");
    // The public edition keeps the usual permissions (a web server reads it).
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::metadata(dir.path().join("public/index.html")).unwrap();
    assert_ne!(index.permissions().mode() & 0o044, 0);
}

/// Regression (the first measurement of the leak-guard issue): a project's
/// candidate-pack template printing a confidential sentence was published,
/// since candidate packs were written without their Typst source and the
/// guard skipped every PDF that came that way.
#[test]
fn a_candidate_pack_whose_template_prints_confidential_text_stops_the_build() {
    let (dir, before) = built_roles_and_board();
    std::fs::create_dir_all(dir.path().join("templates/pdf")).unwrap();
    let leaky = format!(
        "{}\n\n{SECRET_SENTENCE}\n",
        read(repo_root().join("themes/default/pdf/candidate-pack.typ"))
    );
    std::fs::write(dir.path().join("templates/pdf/candidate-pack.typ"), leaky).unwrap();
    assert_stopped(dir.path(), &before, "roles/joint/candidate-pack.pdf");

    // `dossier pack role` refuses it too.
    let pack = dossier(dir.path(), &["pack", "role", "joint", "-o", "joint.pdf"]);
    assert_eq!(pack.code, 1, "{}", pack.stderr);
    assert!(
        pack.stderr
            .contains("confidential text would be published in the candidate pack"),
        "{}",
        pack.stderr
    );
    assert!(!dir.path().join("joint.pdf").exists());
}
