//! Hostile input cannot escape: a value with `<script>`, quotes,
//! `</script>`, `]]>`, CRLF, control characters and Typst code, put in every
//! kind of field of every kind of file, ends up inert in every output format
//! (HTML, JSON-LD, JSON, XML, ICS, PDF). Complements the role-only test in
//! roles.rs (`hostile_values_stay_literal_in_html_json_ld_ics_and_pdf`).

use std::path::Path;

use crate::support::*;

/// The payload as a TOML basic string body (escapes are TOML's).
const PAYLOAD_TOML: &str = r#"<script>alert(1)</script> \"dq\" 'sq' </script> ]]> \u0007bell\u0001\u001b[31m\r\nX-INJECTED:1 #read(\"/etc/passwd\") $x$ {{ config.title }}"#;

fn payload(s: &str) -> String {
    format!("\"{PAYLOAD_TOML} {s}\"")
}

/// The base project with the payload in every text field we can reach.
fn hostile_project() -> TempDir {
    let dir = TempDir::new();
    copy_dir(&repo_root().join("tests/fixtures/bad/base"), dir.path());
    let edit = |rel: &str, pairs: &[(&str, String)]| {
        let p = dir.path().join(rel);
        let mut text = read(&p);
        for (old, new) in pairs {
            assert!(text.contains(old), "{rel}: {old}");
            text = text.replacen(old, new, 1);
        }
        std::fs::write(&p, text).unwrap();
    };
    edit(
        "dossier.toml",
        &[
            ("\"Minimal & <Test> briefing\"", payload("site title")),
            ("\"A small fixture site.\"", payload("site description")),
        ],
    );
    // Markdown fields (an organisation's `about`) follow the raw HTML
    // policy: with "allow" an author's tag is kept on purpose.
    let config = read(dir.path().join("dossier.toml")) + "\n[markdown]\nraw_html = \"escape\"\n";
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    edit(
        "content/notes/first.md",
        &[
            ("\"First note\"", payload("page title")),
            (
                "themes = [\"Joint appointments\"]",
                format!("themes = [{}]", payload("term")),
            ),
        ],
    );
    edit(
        "content/case-studies/one.md",
        &[
            ("\"One <joint> post\"", payload("case study title")),
            (
                "\"A council and an NHS body share a director.\"",
                payload("summary"),
            ),
            ("value = \"50/50\"", format!("value = {}", payload("fact"))),
        ],
    );
    edit(
        "content/organisations/acme-council.toml",
        &[
            ("\"Acme Council\"", payload("organisation name")),
            ("\"A *council*.\"", payload("about")),
        ],
    );
    edit(
        "content/roles/joint.toml",
        &[
            ("\"Director of Public Health\"", payload("role title")),
            ("\"Lead the needs assessment.\"", payload("responsibility")),
            (
                "stage = \"Interviews\"",
                format!("stage = {}", payload("stage")),
            ),
            ("\"Recruitment team\"", payload("contact")),
        ],
    );
    edit(
        "content/meetings/jhwb-2026-12-10.toml",
        &[
            (
                "\"Meeting in public, December 2026\"",
                payload("meeting title"),
            ),
            (
                "\"Council Chamber, Municipal Buildings, Huyton\"",
                payload("location"),
            ),
            ("\"Any other business\"", payload("agenda item")),
        ],
    );
    edit(
        "content/papers/joint-appointments.md",
        &[
            (
                "\"Joint appointments: governing joined-up public services\"",
                payload("paper title"),
            ),
            ("\"Head of Policy and Partnerships\"", payload("author")),
            (
                "\"Blurred accountability for shared budgets\"",
                payload("risk"),
            ),
        ],
    );
    dir
}

fn c0_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let end = after.find("</script>").expect("closed JSON-LD block");
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

#[test]
fn hostile_values_in_every_field_stay_inert_in_every_format() {
    let dir = hostile_project();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public");
    let mut seen_json_ld = 0;
    let mut checked = 0;
    for (rel, bytes) in tree(&public) {
        if rel.ends_with(".pdf") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
        checked += 1;
        // Markup matters in HTML and XML; in JSON and ICS it is plain data.
        if rel.ends_with(".html") || rel.ends_with(".xml") {
            assert!(!text.contains("<script>alert"), "{rel}: a raw script tag");
        }
        // In HTML, XML and JSON a line break is only whitespace; in a
        // calendar it would start a new property.
        if rel.ends_with(".ics") {
            assert!(
                !text.contains("\nX-INJECTED") && !text.contains("\rX-INJECTED"),
                "{rel}: CRLF started a new line"
            );
        }
        if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".ics") {
            assert_eq!(
                c0_controls(&text),
                Vec::<char>::new(),
                "{rel}: control characters"
            );
        }
        if rel.ends_with(".xml") {
            assert!(!text.contains("]]>"), "{rel}: ]]> unescaped in XML");
            assert!(!text.contains("</script>"), "{rel}: raw tag in XML");
        }
        if rel.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
        }
        if rel.ends_with(".html") {
            for block in json_ld_blocks(&text) {
                seen_json_ld += 1;
                let v: serde_json::Value = serde_json::from_str(block).unwrap_or_else(|e| {
                    panic!("{rel}: JSON-LD cut short or invalid: {e}\n{block}")
                });
                assert!(!block.contains("</"), "{rel}: `</` inside JSON-LD");
                drop(v);
            }
        }
    }
    assert!(
        checked > 20 && seen_json_ld > 0,
        "{checked} files, {seen_json_ld} JSON-LD blocks"
    );
    // The PDFs were typeset with the Typst code as literal text.
    let pack = public.join("meetings/jhwb-2026-12-10/board-pack.pdf");
    let text = pdf_text(&pack);
    assert!(text.contains("#read("), "{text}");
    assert!(!text.contains("root:x:0:0"), "a PDF read /etc/passwd");
}

fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn raw_html_escape_leaves_no_tag_from_markdown_in_any_page() {
    let dir = TempDir::new();
    copy_dir(&repo_root().join("tests/fixtures/bad/base"), dir.path());
    let config = read(dir.path().join("dossier.toml")) + "\n[markdown]\nraw_html = \"escape\"\n";
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    let body = "\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\nInline <iframe src=\"//evil\"></iframe> and <!-- comment --> and <![CDATA[ x ]]>.\n\n<div\nonclick=alert(3)>multi-line</div>\n";
    for rel in [
        "content/notes/first.md",
        "content/case-studies/one.md",
        "content/papers/pooled-budget-finance.md",
    ] {
        let p = dir.path().join(rel);
        std::fs::write(&p, read(&p) + body).unwrap();
    }
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (rel, bytes) in tree(&dir.path().join("public")) {
        // The search index (search/) holds the pages' titles, summaries and
        // words, where tags are text; the theme's search.js writes them with
        // textContent only.
        if !rel.ends_with(".html") && !rel.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for tag in [
            "<script>alert",
            "<img src=x",
            "<iframe",
            "<div\nonclick",
            "<!-- comment",
            "<![CDATA[",
        ] {
            assert!(!text.contains(tag), "{rel}: raw {tag:?}");
        }
    }
}

#[test]
fn content_paths_cannot_reach_outside_the_project() {
    // Aliases, logos and figure images that climb out are refused; the
    // exact messages are pinned in the broken-project corpus. Here: a figure
    // shortcode pointing out of static/ never copies the file.
    let dir = TempDir::new();
    copy_dir(&repo_root().join("tests/fixtures/bad/base"), dir.path());
    let p = dir.path().join("content/notes/first.md");
    std::fs::write(
        &p,
        read(&p) + "\n{{ figure(src=\"/../../../../etc/passwd\", alt=\"x\") }}\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    if run.code == 0 {
        for (rel, bytes) in tree(&dir.path().join("public")) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("root:x:0:0"),
                "{rel} holds /etc/passwd"
            );
        }
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
