//! Vacancies: role pages, structured data, calendars and candidate packs.

use crate::support::*;

fn built_roles() -> TempDir {
    let dir = fixture("roles");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// The text of a PDF, via poppler's pdftotext (installed by scripts/test).
fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect(
            "pdftotext is needed for PDF tests: run scripts/test, which installs poppler-utils",
        );
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    // Typst puts a word joiner before outline page numbers.
    String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{2060}', "")
}

fn pdf_pages(path: &std::path::Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

fn json_ld(html: &str) -> Option<serde_json::Value> {
    let start = html.find("<script type=\"application/ld+json\">")?
        + "<script type=\"application/ld+json\">".len();
    let end = html[start..].find("</script>")? + start;
    Some(serde_json::from_str(&html[start..end]).expect("JSON-LD parses"))
}

#[test]
fn role_rules_are_all_reported_with_locations() {
    let dir = fixture("broken-roles");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_snapshot("errors/roles.txt", &run.stderr);
}

#[test]
fn listing_separates_open_and_recently_closed_roles() {
    let dir = built_roles();
    let html = read(dir.path().join("public/roles/index.html"));
    let open = html.find("Open vacancies").unwrap();
    let closed = html.find("Recently closed").expect("closed section");
    let joint = html.find("Director of Public Health").unwrap();
    let finance = html.find("Head of Finance").unwrap();
    assert!(open < joint && joint < closed && closed < finance, "{html}");
}

#[test]
fn joint_appointment_page_shows_employers_host_split_and_reporting() {
    let dir = built_roles();
    let html = read(dir.path().join("public/roles/joint/index.html"));
    assert_snapshot("roles/joint/index.html", &html);
    assert!(html.contains("50% of the post · employing body"));
    assert!(html.contains("<th scope=\"row\">Acme NHS Trust</th><td>50%</td><td>No</td>"));
    assert!(html.contains("Chief Executive, Acme Council"));
    // The employer's colour is a class of organisations.css, not an inline
    // style (which the theme's Content-Security-Policy would block).
    assert!(html.contains("role-employer org-colour-005eb8"));
    assert!(!html.contains(" style="));
    let styles = read(dir.path().join("public/organisations.css"));
    assert!(styles.contains(".org-colour-005eb8 { --org-colour: #005eb8; }"));
}

#[test]
fn open_role_has_job_posting_json_ld() {
    let dir = built_roles();
    let html = read(dir.path().join("public/roles/joint/index.html"));
    let ld = json_ld(&html).expect("JSON-LD on an open role");
    assert_eq!(ld["@type"], "JobPosting");
    assert_eq!(ld["title"], "Director of Public Health");
    assert_eq!(ld["identifier"]["value"], "ACME-DPH-1");
    assert_eq!(ld["datePosted"], "2026-11-01");
    assert_eq!(ld["validThrough"], "2026-12-15T23:59:59+00:00");
    assert_eq!(ld["employmentType"], serde_json::json!(["FULL_TIME"]));
    assert_eq!(ld["hiringOrganization"]["name"], "Acme Council");
    assert_eq!(ld["jobLocation"]["address"]["postalCode"], "AC1 1AA");
    assert_eq!(ld["baseSalary"]["currency"], "GBP");
    assert_eq!(ld["baseSalary"]["value"]["minValue"], 100000.0);
    assert_eq!(ld["baseSalary"]["value"]["unitText"], "YEAR");
    assert_eq!(ld["applicationContact"]["email"], "jobs@example.org");
    assert!(!html.contains("noindex"));
}

#[test]
fn closed_role_has_a_banner_noindex_and_no_job_posting() {
    let dir = built_roles();
    let html = read(dir.path().join("public/roles/closed/index.html"));
    assert!(json_ld(&html).is_none());
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.contains("This vacancy has closed."));
    let sitemap = read(dir.path().join("public/sitemap.xml"));
    assert!(sitemap.contains("/roles/joint/") && !sitemap.contains("/roles/closed/"));
}

#[test]
fn timeline_calendar_is_valid_icalendar() {
    let dir = built_roles();
    let ics = read(dir.path().join("public/roles/joint/timeline.ics"));
    assert!(ics.ends_with("\r\n"));
    let lines: Vec<&str> = ics.split("\r\n").collect();
    for l in &lines {
        assert!(l.len() <= 75, "line over 75 octets: {l:?}");
        assert!(!l.contains('\n') && !l.contains('\r'));
    }
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 3);
    assert!(lines.contains(&"UID:joint-2026-12-15-closing-date@example.org-briefing"));
    assert!(lines.contains(&"DTSTAMP:20261129T000000Z"));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20261215"));
    assert!(lines.contains(&"SUMMARY:Director of Public Health: Closing date"));
    let all = read(dir.path().join("public/roles/roles.ics"));
    assert!(all.contains("Director of Public Health") && !all.contains("Head of Finance"));
}

#[test]
fn roles_index_json_lists_every_role() {
    let dir = built_roles();
    let index: serde_json::Value =
        serde_json::from_str(&read(dir.path().join("public/roles/index.json"))).unwrap();
    let roles = index["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 2);
    assert_eq!(roles[0]["slug"], "closed");
    assert_eq!(roles[0]["status"], "closed");
    assert_eq!(roles[1]["status"], "open");
    assert_eq!(roles[1]["joint"], true);
    assert_eq!(roles[1]["employers"][0]["host"], true);
    assert_eq!(
        roles[1]["pack_url"],
        "/briefing/roles/joint/candidate-pack.pdf"
    );
}

#[test]
fn candidate_pack_pdf_has_the_sections_in_real_text() {
    let dir = built_roles();
    let pdf = dir.path().join("public/roles/joint/candidate-pack.pdf");
    let text = pdf_text(&pdf);
    for heading in [
        "Candidate information pack",
        "Director of Public Health",
        "Contents",
        "Welcome",
        "About the employers",
        "The role",
        "A joint appointment",
        "Key responsibilities",
        "Person specification",
        "Remuneration and terms",
        "Timetable",
        "How to apply",
        "Related case studies",
    ] {
        assert!(text.contains(heading), "missing {heading:?} in:\n{text}");
    }
    assert!(text.contains("ACME-DPH-1"));
    assert!(text.contains("Registered public health specialist"));
    let pages = pdf_pages(&pdf);
    assert!(pages >= 5, "{pages} pages");
    assert!(text.contains(&format!("Page 2 of {pages}")), "{text}");
}

#[test]
fn pack_command_builds_one_pack_to_a_chosen_file() {
    let dir = fixture("roles");
    let run = dossier(dir.path(), &["pack", "role", "joint", "-o", "dph.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = dir.path().join("dph.pdf");
    assert!(pdf_text(&built).contains("Director of Public Health"));
    assert!(!dir.path().join("public").exists());
    // The same bytes as the pack the full build makes.
    assert_eq!(dossier(dir.path(), &["build"]).code, 0);
    assert_eq!(
        std::fs::read(built).unwrap(),
        std::fs::read(dir.path().join("public/roles/joint/candidate-pack.pdf")).unwrap()
    );

    let run = dossier(dir.path(), &["pack", "role", "jiont"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no role \"jiont\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"joint\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_values_stay_literal_in_html_json_ld_ics_and_pdf() {
    let dir = fixture("roles");
    let hostile =
        r#"#read("/etc/passwd") <script>alert(1)</script> "quoted" *bold* [link](x) $x$ `code`"#;
    let role = read(dir.path().join("content/roles/joint.toml"))
        .replace(
            "title = \"Director of Public Health\"",
            &format!("title = '{hostile}'"),
        )
        .replace(
            "about_role = \"Lead **population health** across both bodies.\"",
            &format!("about_role = '''{hostile}\n\n#import \"/etc/passwd\"'''"),
        );
    std::fs::write(dir.path().join("content/roles/joint.toml"), role).unwrap();
    // Markdown fields may carry raw HTML only under the "allow" policy; the
    // hostile case is a project that chose "escape".
    let config = read(dir.path().join("dossier.toml")) + "\n[markdown]\nraw_html = \"escape\"\n";
    std::fs::write(dir.path().join("dossier.toml"), config).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let html = read(dir.path().join("public/roles/joint/index.html"));
    assert!(!html.contains("<script>alert"), "raw script in HTML");
    assert!(
        html.contains("<h1>#read(&quot;/etc/passwd&quot;) &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let ld = json_ld(&html).unwrap();
    assert_eq!(ld["title"], hostile);

    let ics = read(dir.path().join("public/roles/joint/timeline.ics")).replace("\r\n ", "");
    assert!(ics.contains("SUMMARY:#read(\"/etc/passwd\") <script>alert(1)</script> \"quoted\" *bold* [link](x) $x$ `code`: Closing date"));

    let text = pdf_text(&dir.path().join("public/roles/joint/candidate-pack.pdf"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(r#"#read("/etc/passwd") <script>alert(1)</script> "quoted" *bold*"#),
        "{flat}"
    );
    // Markdown fields keep their Markdown meaning (smart quotes, emphasis)
    // but Typst syntax in them stays text.
    assert!(
        flat.contains("#import \u{201c}/etc/passwd\u{201d}"),
        "{flat}"
    );
    assert!(
        flat.contains("#read(\u{201c}/etc/passwd\u{201d}) <script>alert(1)</script>"),
        "{flat}"
    );
    assert!(!text.contains("root:x:0:0"));
}

/// The text of one page of a PDF.
fn page_text(path: &std::path::Path, page: usize) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            path.to_str().unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn candidate_pack_sections_follow_each_other_and_the_contents_give_their_pages() {
    let dir = built_roles();
    let pdf = dir.path().join("public/roles/joint/candidate-pack.pdf");
    let pages = pdf_pages(&pdf);
    // Cover, contents, welcome letter, then the sections on as few pages as
    // they need: not one page each (13 sections).
    assert!(pages <= 6, "{pages} pages");
    let contents = page_text(&pdf, 2).replace('\u{2060}', "");
    assert!(contents.contains("Contents"), "{contents}");
    let welcome = page_text(&pdf, 3);
    assert!(welcome.starts_with("Welcome"), "{welcome}");
    assert!(welcome.contains("Yours sincerely,"), "{welcome}");
    // Each entry of the contents names the page its section starts on.
    for section in [
        "About the employers",
        "The role",
        "Person specification",
        "How to apply",
    ] {
        let line = contents
            .lines()
            .find(|l| l.starts_with(section))
            .unwrap_or_else(|| panic!("{section} in {contents}"));
        let page: usize = line
            .rsplit(['.', ' '])
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(
            page_text(&pdf, page).lines().any(|l| l.trim() == section),
            "{section} on page {page}"
        );
    }
    // Two sections share page 4.
    let four = page_text(&pdf, 4);
    assert!(
        four.contains("About the employers") && four.contains("The role"),
        "{four}"
    );
}

#[test]
fn an_internal_link_in_a_roles_text_points_at_its_page_and_a_broken_one_is_an_error() {
    let dir = fixture("roles");
    let role = dir.path().join("content/roles/joint.toml");
    let text = std::fs::read_to_string(&role).unwrap().replace(
        "about_role = \"Lead **population health** across both bodies.\"",
        "about_role = \"Lead **population health** across both bodies, as [the case study](@/case-studies/one.md#governance) tells.\"",
    );
    std::fs::write(&role, &text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("public/roles/joint/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"/briefing/case-studies/one/#governance\">the case study</a>"),
        "{page}"
    );
    assert!(!page.contains("dossier:"), "{page}");
    std::fs::write(
        &role,
        text.replace("@/case-studies/one.md", "@/case-studies/none.md"),
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: this links to @/case-studies/none.md, which does not exist\n --> content/roles/joint.toml"),
        "{}",
        run.stderr
    );
}
