//! Board papers, meetings and board packs, in public and confidential
//! editions.

use std::path::Path;

use crate::support::*;

const SECRET_TITLE: &str =
    "Joint Director of Public Health: recommendation of the appointment panel";
const SECRET_RECOMMENDATION: &str =
    "the appointment of the candidate ranked first by the joint panel";
const SECRET_SENTENCE: &str =
    "The panel unanimously ranked the candidate currently serving as a consultant";
const REDACTED: &str = "£212 per standard bed";

/// All text of a PDF, or of one page of it, via poppler's pdftotext.
pub(crate) fn pdf_text(path: &Path, page: Option<usize>) -> String {
    let mut cmd = std::process::Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{2060}', "")
}

fn pages_of(path: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

pub(crate) fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file of a built site as text: PDFs through pdftotext.
pub(crate) fn all_text(dir: &Path) -> Vec<(String, String)> {
    tree(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let text = if rel.ends_with(".pdf") {
                pdf_text(&dir.join(&rel), None)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (rel, flat(&text))
        })
        .collect()
}

fn build(dir: &Path, args: &[&str]) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = dossier(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn public_build_holds_no_trace_of_the_confidential_paper() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let public = dir.path().join("public");
    assert!(!public.join("papers/dph-appointment").exists());
    for (rel, text) in all_text(&public) {
        for secret in [
            SECRET_TITLE,
            SECRET_RECOMMENDATION,
            SECRET_SENTENCE,
            REDACTED,
        ] {
            assert!(!text.contains(secret), "{secret:?} leaked into {rel}");
        }
        assert!(
            !text.contains("dph-appointment"),
            "the confidential paper's address is in {rel}"
        );
    }
    let agenda = read(public.join("meetings/jhwb-2026-12-10/index.html"));
    assert!(agenda.contains("Appointment of the joint Director of Public Health"));
    assert!(agenda.contains(
        "Not for publication: Schedule 12A, paragraph 1: information relating to an individual"
    ));
    let resolution = agenda
        .find("Resolution to exclude the public.")
        .expect("exclusion resolution");
    assert!(resolution < agenda.find("Appointment of the joint Director").unwrap());
    assert!(resolution > agenda.find("Any other business").unwrap());
}

#[test]
fn confidential_build_holds_the_paper_marked_on_every_page() {
    let dir = fixture("board");
    build(dir.path(), &["--confidential"]);
    let private = dir.path().join("private");
    assert!(!dir.path().join("public").exists());
    let html = read(private.join("papers/dph-appointment/index.html"));
    assert!(html.contains("CONFIDENTIAL: not for publication."));
    assert!(html.contains(SECRET_SENTENCE));
    let pack = private.join("meetings/jhwb-2026-12-10/board-pack.pdf");
    let agenda = read(private.join("meetings/jhwb-2026-12-10/index.html"));
    let start: usize = page_in_agenda(&agenda, "7");
    for page in start..=pages_of(&pack) {
        assert!(
            pdf_text(&pack, Some(page)).contains("CONFIDENTIAL"),
            "page {page} of the confidential paper is not marked"
        );
    }
    let paper_pdf = private.join("papers/dph-appointment/paper.pdf");
    for page in 1..=pages_of(&paper_pdf) {
        assert!(pdf_text(&paper_pdf, Some(page)).contains("CONFIDENTIAL"));
    }
    assert!(flat(&pdf_text(&pack, None)).contains(REDACTED));
}

/// The pack page printed for an agenda item on the web agenda.
pub(crate) fn page_in_agenda(html: &str, item: &str) -> usize {
    let row = html
        .find(&format!("<th scope=\"row\">{item}</th>"))
        .expect("agenda row");
    let rest = &html[row..];
    let end = rest.find("</tr>").unwrap();
    let cells: Vec<&str> = rest[..end].split("<td>").collect();
    cells
        .last()
        .unwrap()
        .trim_end_matches("</td>")
        .trim()
        .trim_end_matches("</td>")
        .parse()
        .expect("a page number")
}

#[test]
fn pack_page_numbers_on_the_web_agenda_match_the_pdf() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let public = dir.path().join("public");
    let agenda = read(public.join("meetings/jhwb-2026-12-10/index.html"));
    let pack = public.join("meetings/jhwb-2026-12-10/board-pack.pdf");
    for (item, title) in [
        ("4", "Item 4: Joint appointments"),
        ("5", "Item 5: Pooled budget"),
    ] {
        let page = page_in_agenda(&agenda, item);
        let text = flat(&pdf_text(&pack, Some(page)));
        assert!(
            text.contains(title),
            "page {page} should start {title:?}: {text}"
        );
        assert!(text.contains(&format!("Page {page} of {}", pages_of(&pack))));
    }
    // The `ref` shortcode prints the same page in the web page and the PDFs.
    let five = page_in_agenda(&agenda, "5");
    let words = format!("item 5, paper JHWB/26/12/5 (pack page {five})");
    assert!(read(public.join("papers/joint-appointments/index.html")).contains(&words));
    assert!(flat(&pdf_text(&pack, None)).contains(&words));
    assert!(
        flat(&pdf_text(
            &public.join("papers/joint-appointments/paper.pdf"),
            None
        ))
        .contains(&words)
    );
}

#[test]
fn board_pack_has_a_bookmark_for_every_item() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let out = std::process::Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(
            dir.path()
                .join("public/meetings/jhwb-2026-12-10/board-pack.pdf"),
        )
        .output()
        .expect("qpdf (scripts/test installs it)");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut titles = Vec::new();
    fn walk(v: &serde_json::Value, titles: &mut Vec<String>) {
        for o in v.as_array().into_iter().flatten() {
            titles.push(o["title"].as_str().unwrap_or("").to_string());
            walk(&o["kids"], titles);
        }
    }
    walk(&json["outlines"], &mut titles);
    for item in 1..=7 {
        assert!(
            titles
                .iter()
                .any(|t| t.starts_with(&format!("Item {item}:"))),
            "no bookmark for item {item}: {titles:?}"
        );
    }
}

#[test]
fn redaction_shows_the_reason_in_public_and_the_text_in_confidence() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let html = read(
        dir.path()
            .join("public/papers/pooled-budget-finance/index.html"),
    );
    assert!(html.contains("[Redacted: commercially sensitive: Schedule 12A, paragraph 3]"));
    assert!(html.contains("This paper has been edited for publication"));
    let pdf = flat(&pdf_text(
        &dir.path()
            .join("public/papers/pooled-budget-finance/paper.pdf"),
        None,
    ));
    assert!(pdf.contains("[Redacted: commercially sensitive: Schedule 12A, paragraph 3]"));
    assert!(!pdf.contains(REDACTED));

    build(dir.path(), &["--confidential"]);
    let html = read(
        dir.path()
            .join("private/papers/pooled-budget-finance/index.html"),
    );
    assert!(html.contains(REDACTED));
    assert!(!html.contains("edited for publication"));
}

#[test]
fn leak_guard_stops_a_public_build_whose_template_prints_confidential_text() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let before = tree(&dir.path().join("public"));
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let leaky = read(repo_root().join("themes/default/templates/404.html")).replace(
        "{% endblock content %}",
        &format!("<p>Board to approve {SECRET_RECOMMENDATION}.</p>{{% endblock content %}}"),
    );
    std::fs::write(dir.path().join("templates/404.html"), leaky).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: confidential text would be published in 404.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/papers/dph-appointment.md"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);
}

#[test]
fn leak_guard_stops_an_author_pasting_confidential_text_into_a_public_paper() {
    let dir = fixture("board");
    let paper = read(dir.path().join("content/papers/joint-appointments.md"))
        + &format!("\n{SECRET_SENTENCE} in public health.\n");
    std::fs::write(
        dir.path().join("content/papers/joint-appointments.md"),
        paper,
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "confidential text would be published in papers/joint-appointments/index.html"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("public").exists());
}

/// Pages are written by the threads that render them; the leak guard must
/// still see every one before anything is published.
#[test]
fn leak_guard_stops_a_public_build_whose_page_quotes_confidential_text() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let before = tree(&dir.path().join("public"));
    for n in 0..20 {
        let text = if n == 13 {
            format!("We hear that {SECRET_SENTENCE} in public health.")
        } else {
            format!("Note {n} about the partnership's pooled budget.")
        };
        std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
        std::fs::write(
            dir.path().join(format!("content/notes/note-{n:02}.md")),
            format!("+++\ntitle = \"Note {n}\"\n+++\n{text}\n"),
        )
        .unwrap();
    }
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("confidential text would be published in notes/note-13/index.html"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);
}

#[test]
fn editions_never_write_into_each_other() {
    let dir = fixture("board");
    let run = dossier(
        dir.path(),
        &["build", "--confidential", "--output", "public"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the confidential edition may not be written to"),
        "{}",
        run.stderr
    );
    let run = dossier(dir.path(), &["build", "--output", "private/site"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the public edition may not be written to"),
        "{}",
        run.stderr
    );
}

#[test]
fn board_rules_are_all_reported_with_locations() {
    let dir = fixture("broken-board");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_snapshot("errors/board.txt", &run.stderr);
}

#[test]
fn meeting_pack_command_and_calendar() {
    let dir = fixture("board");
    let run = dossier(
        dir.path(),
        &["pack", "meeting", "jhwb-2026-12-10", "-o", "pack.pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = flat(&pdf_text(&dir.path().join("pack.pdf"), None));
    assert!(text.contains("Public edition") && !text.contains(SECRET_TITLE));
    let run = dossier(
        dir.path(),
        &[
            "pack",
            "meeting",
            "jhwb-2026-12-10",
            "--confidential",
            "-o",
            "private-pack.pdf",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(flat(&pdf_text(&dir.path().join("private-pack.pdf"), None)).contains(SECRET_TITLE));

    build(dir.path(), &[]);
    let ics = read(dir.path().join("public/meetings/meetings.ics"));
    // UTC times (14:00 in London in December is 14:00Z), the end from the
    // agenda (item 7 at 15:30 for 20 minutes), the place, busy time.
    for line in [
        "DTSTART:20261210T140000Z\r\nDTEND:20261210T155000Z\r\nSEQUENCE:0\r\n",
        "LOCATION:Council Chamber\\, Municipal Buildings\\, Huyton\r\n",
        "STATUS:CONFIRMED\r\n",
        "TRANSP:OPAQUE\r\n",
    ] {
        assert!(ics.contains(line), "{line:?} in {ics}");
    }
    let own = read(
        dir.path()
            .join("public/meetings/jhwb-2026-12-10/meeting.ics"),
    );
    assert_eq!(own.matches("BEGIN:VEVENT").count(), 1);
    assert!(own.contains("UID:meeting-jhwb-2026-12-10@"), "{own}");
    assert!(
        ics.contains(
            "SUMMARY:Joint Health and Wellbeing Board: Meeting in public\\, December 2026\r\n"
        ),
        "{ics}"
    );
}

#[test]
fn two_builds_of_both_editions_are_byte_identical() {
    let dir = fixture("board");
    build(dir.path(), &["--output", "a"]);
    build(dir.path(), &["--output", "b"]);
    assert_eq!(tree(&dir.path().join("a")), tree(&dir.path().join("b")));
    build(dir.path(), &["--confidential", "--output", "c"]);
    build(dir.path(), &["--confidential", "--output", "d"]);
    assert_eq!(tree(&dir.path().join("c")), tree(&dir.path().join("d")));
}

#[test]
fn check_warns_about_late_long_and_over_recommended_papers_and_stale_roles() {
    let dir = fixture("board");
    let paper = read(dir.path().join("content/papers/pooled-budget-finance.md"))
        .replace("date = 2026-11-27", "date = 2026-12-08")
        .replace(
            "recommendations = [",
            "recommendations = [\n  { verb = \"note\", text = \"one\" },\n  { verb = \"note\", text = \"two\" },\n",
        );
    std::fs::write(
        dir.path().join("content/papers/pooled-budget-finance.md"),
        paper,
    )
    .unwrap();
    let config = read(dir.path().join("dossier.toml")) + "\n[check]\npaper_max_words = 200\n";
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("content/roles")).unwrap();
    std::fs::create_dir_all(dir.path().join("content/organisations")).unwrap();
    std::fs::write(
        dir.path().join("content/organisations/acme.toml"),
        "name = \"Acme\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/roles/old.toml"),
        "title = \"Old post\"\nreference = \"OLD\"\nsummary = \"Long closed.\"\nclosing_date = 2026-01-05\nemployers = [{ organisation = \"acme\" }]\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(e.contains("warning: this paper is dated Tuesday 8 December 2026, 1 clear working day before its meeting on Thursday 10 December 2026; the meeting needs 5\n --> content/papers/pooled-budget-finance.md:3:1"), "{e}");
    assert!(e.contains("note: agenda for Thursday 10 December 2026 must be published by Wednesday 2 December 2026 (5 clear working days)\n --> content/meetings/jhwb-2026-12-10.toml:4:1"), "{e}");
    assert!(
        e.contains("warning: this paper makes 4 recommendations; the limit is 3"),
        "{e}"
    );
    assert!(e.contains("warning: this paper runs to"), "{e}");
    assert!(e.contains("warning: this vacancy closed on 5 January 2026, 328 days ago, and is still published\n --> content/roles/old.toml:4:1"), "{e}");
}

/// The sitemap lists the public papers (with their dates) and meetings,
/// and never a confidential paper.
#[test]
fn the_sitemap_lists_public_papers_and_meetings_only() {
    let dir = fixture("board");
    build(dir.path(), &[]);
    let sitemap = read(dir.path().join("public/sitemap.xml"));
    for wanted in [
        "<loc>https://example.org/briefing/papers/</loc>",
        "<loc>https://example.org/briefing/papers/joint-appointments/</loc>",
        "<loc>https://example.org/briefing/meetings/jhwb-2026-12-10/</loc>",
    ] {
        assert!(sitemap.contains(wanted), "{wanted} in {sitemap}");
    }
    assert!(sitemap.contains("<lastmod>2026-11-2"), "{sitemap}");
    assert!(!sitemap.contains("dph-appointment"), "{sitemap}");
}

#[test]
fn a_board_packs_cover_shows_the_bodys_organisation_and_an_unknown_one_is_an_error() {
    let dir = fixture("board");
    let meeting = dir.path().join("content/meetings/jhwb-2026-12-10.toml");
    std::fs::create_dir_all(dir.path().join("content/organisations")).unwrap();
    std::fs::write(
        dir.path().join("content/organisations/acme-council.toml"),
        "name = \"Acme Council\"\nkind = \"local-authority\"\ncolour = \"#1d4f91\"\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(&meeting).unwrap().replace(
        "body_code = \"JHWB\"\n",
        "body_code = \"JHWB\"\norganisation = \"acme-council\"\n",
    );
    std::fs::write(&meeting, &text).unwrap();
    build(dir.path(), &[]);
    let cover = pdf_text(
        &dir.path()
            .join("public/meetings/jhwb-2026-12-10/board-pack.pdf"),
        Some(1),
    );
    assert!(cover.contains("Acme Council"), "{cover}");

    std::fs::write(
        &meeting,
        text.replace("\"acme-council\"", "\"acme-councl\""),
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: there is no organisation \"acme-councl\"\n --> content/meetings/jhwb-2026-12-10.toml:3:16"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"acme-council\"?"),
        "{}",
        run.stderr
    );
}
