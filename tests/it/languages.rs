//! A site in two languages from one source: `languages = ["en-GB", "cy"]`,
//! translations beside their sources (tests/fixtures/bilingual: a case
//! study, two organisations, a joint role with its pack, a meeting with a
//! public and a confidential paper, all translated into Welsh but the
//! "About" page, and one field of the role).

use std::path::Path;

use crate::board::pdf_text;
use crate::support::*;

fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = dossier(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn built() -> TempDir {
    let dir = fixture("bilingual");
    build(dir.path(), &[]);
    dir
}

#[test]
fn the_default_language_is_at_the_root_and_welsh_under_cy_with_its_own_text() {
    let dir = built();
    let en = read(
        dir.path()
            .join("public/case-studies/joint-finance/index.html"),
    );
    let cy = read(
        dir.path()
            .join("public/cy/case-studies/joint-finance/index.html"),
    );
    assert!(en.contains("<html lang=\"en-GB\">"), "{en}");
    assert!(cy.contains("<html lang=\"cy\">"), "{cy}");
    assert!(en.contains("A joint Director of Finance"));
    assert!(!en.contains("Cyfarwyddwr Cyllid"));
    assert!(cy.contains("Cyfarwyddwr Cyllid ar y cyd"), "{cy}");
    assert!(cy.contains("Mae cyd-bwyllgor yn goruchwylio"), "{cy}");
    // The key fact's label and value are the translation's; the date and
    // organisations the source's, named in Welsh.
    assert!(
        cy.contains("Rhaniad") && cy.contains("Cyfrannau cyfartal"),
        "{cy}"
    );
    assert!(cy.contains("Cyngor Sir Enghreifftiol"), "{cy}");
    // The site's title in Welsh ([lang.cy] in dossier.toml).
    assert!(
        cy.contains(
            "<title>Cyfarwyddwr Cyllid ar y cyd – Bwrdd Iechyd Prifysgol Enghreifftiol</title>"
        ),
        "{cy}"
    );
    // Links stay within the language; static files are the root's.
    assert!(
        cy.contains("href=\"/cy/organisations/example-council/\""),
        "{cy}"
    );
    assert!(cy.contains("href=\"/style.css\""), "{cy}");
    assert!(!dir.path().join("public/cy/style.css").exists());
    assert!(!dir.path().join("public/cy/sitemap.xml").exists());
    assert!(!dir.path().join("public/cy/robots.txt").exists());
}

#[test]
fn every_page_links_to_its_counterpart_both_ways() {
    let dir = built();
    let en = read(
        dir.path()
            .join("public/roles/director-of-finance/index.html"),
    );
    let cy = read(
        dir.path()
            .join("public/cy/roles/director-of-finance/index.html"),
    );
    for page in [&en, &cy] {
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://example.org/roles/director-of-finance/\">"), "{page}");
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/cy/roles/director-of-finance/\">"), "{page}");
    }
    // The switcher names the other language in itself, and links to it.
    assert!(
        en.contains(
            "<a href=\"/cy/roles/director-of-finance/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"
        ),
        "{en}"
    );
    assert!(
        cy.contains(
            "<a href=\"/roles/director-of-finance/\" hreflang=\"en-GB\" lang=\"en-GB\">English</a>"
        ),
        "{cy}"
    );
}

#[test]
fn the_sitemap_lists_each_page_in_both_languages_with_its_alternates() {
    let dir = built();
    let sitemap = read(dir.path().join("public/sitemap.xml"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    for loc in [
        "https://example.org/papers/annual-plan/",
        "https://example.org/cy/papers/annual-plan/",
    ] {
        let entry = sitemap
            .split("<url>")
            .find(|u| u.contains(&format!("<loc>{loc}</loc>")))
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap:\n{sitemap}"));
        assert!(entry.contains("<xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://example.org/papers/annual-plan/\"/>"), "{entry}");
        assert!(entry.contains("<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/cy/papers/annual-plan/\"/>"), "{entry}");
    }
}

#[test]
fn search_feeds_and_calendars_are_per_language() {
    let dir = built();
    let index = SearchIndex::read(&dir.path().join("public"));
    let cy_index = SearchIndex::read(&dir.path().join("public/cy"));
    assert!(index.titles().contains(&"Annual plan 2027 to 2028"));
    assert!(!index.has("cynllun") && !index.has("blynyddol"));
    let plan = cy_index
        .pages
        .iter()
        .find(|p| p[0] == "Cynllun blynyddol 2027 i 2028")
        .unwrap_or_else(|| panic!("{:?}", cy_index.titles()));
    assert_eq!(plan[1], "/cy/papers/annual-plan/");
    assert!(cy_index.has("cynllun"));
    let feed = read(dir.path().join("public/cy/atom.xml"));
    assert!(feed.contains("Cyfarwyddwr Cyllid ar y cyd"), "{feed}");
    assert!(
        feed.contains("https://example.org/cy/case-studies/joint-finance/"),
        "{feed}"
    );
    let calendar = read(dir.path().join("public/cy/meetings/meetings.ics"));
    assert!(calendar.contains("Ystafell y bwrdd"), "{calendar}");
    assert!(
        calendar.contains("X-WR-CALNAME:Bwrdd Iechyd Prifysgol Enghreifftiol: cyfarfodydd"),
        "{calendar}"
    );
    assert!(
        calendar.contains(
            "DESCRIPTION:Agenda a phapurau: https://example.org/cy/meetings/board-2027-0"
        ),
        "{calendar}"
    );
    let deadlines = read(dir.path().join("public/cy/meetings/deadlines.ics"));
    assert!(
        deadlines.contains("SUMMARY:Y diwrnod olaf i gyhoeddi'r agenda: "),
        "{deadlines}"
    );
    let timeline = read(
        dir.path()
            .join("public/cy/roles/director-of-finance/timeline.ics"),
    );
    assert!(
        timeline.contains("SUMMARY:Cyfarwyddwr Cyllid ar y Cyd: Dyddiad cau"),
        "{timeline}"
    );
    assert!(timeline.contains("amserlen recriwtio"), "{timeline}");
    let data = read(
        dir.path()
            .join("public/cy/roles/director-of-finance/index.html"),
    );
    // JobPosting JSON-LD in the page's language.
    assert!(
        data.contains("\"title\":\"Cyfarwyddwr Cyllid ar y Cyd\""),
        "{data}"
    );
}

#[test]
fn an_untranslated_page_shows_the_english_marked_as_english_with_a_welsh_notice() {
    let dir = built();
    let cy = read(dir.path().join("public/cy/about/index.html"));
    assert!(cy.contains("<html lang=\"cy\">"), "{cy}");
    assert!(cy.contains("lang=\"en-GB\""), "{cy}");
    assert!(
        cy.contains("The board meets in public six times a year."),
        "{cy}"
    );
    assert!(
        cy.contains("Nid yw'r dudalen hon ar gael yn Gymraeg eto"),
        "{cy}"
    );
    // A translated page has no such notice, nor does the English page.
    let translated = read(
        dir.path()
            .join("public/cy/case-studies/joint-finance/index.html"),
    );
    assert!(!translated.contains("ar gael yn Gymraeg eto"));
    let en = read(dir.path().join("public/about/index.html"));
    assert!(!en.contains("ar gael yn Gymraeg eto"));
}

#[test]
fn the_welsh_candidate_pack_holds_the_welsh_text_with_every_circumflexed_letter() {
    let dir = built();
    let pack = dir
        .path()
        .join("public/cy/roles/director-of-finance/candidate-pack.pdf");
    let text = pdf_text(&pack, None);
    assert!(text.contains("Cyfarwyddwr Cyllid ar y Cyd"), "{text}");
    // Every accented letter of Welsh, set in the embedded Noto Sans (a
    // letter it lacked would come from a fallback font, DejaVu Sans, or
    // not at all).
    for letters in ["Ŵ Ŷ ŵ ŷ", "â ê î ô û", "ẁ ẃ ẅ", "ỳ ý ÿ", "ï", "dŵr, tŷ"]
    {
        assert!(
            text.contains(letters),
            "{letters} is not in the pack:\n{text}"
        );
    }
    let fonts = pdf_fonts(&pack);
    assert!(
        !fonts.is_empty() && fonts.iter().all(|n| n.starts_with("NotoSans-")),
        "{fonts:?}"
    );
    let english = pdf_text(
        &dir.path()
            .join("public/roles/director-of-finance/candidate-pack.pdf"),
        None,
    );
    assert!(english.contains("Joint Director of Finance"));
    assert!(!english.contains("Cyfarwyddwr"));
}

#[test]
fn check_lists_what_is_not_translated_and_deny_warnings_fails_on_it() {
    let dir = fixture("bilingual");
    let run = dossier(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: not translated into Welsh\n --> content/about.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: not translated into Welsh: equality_statement\n --> content/roles/director-of-finance.cy.toml"), "{}", run.stderr);
    let json = dossier(dir.path(), &["check", "--format", "json"]);
    assert!(
        json.stdout.contains("\"rule\": \"untranslated\""),
        "{}",
        json.stdout
    );
    let strict = dossier(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn a_translated_key_that_is_not_text_or_not_in_the_source_is_an_error_at_its_line() {
    let dir = built();
    let before = tree(&dir.path().join("public"));
    let role = dir.path().join("content/roles/director-of-finance.cy.toml");
    let mut text = read(&role);
    text = text.replace(
        "title = \"Cyfarwyddwr Cyllid ar y Cyd\"\n",
        "title = \"Cyfarwyddwr Cyllid ar y Cyd\"\nclosing_date = 2027-02-01\nsumary = \"Crynodeb\"\n",
    );
    std::fs::write(&role, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: `closing_date` is not text that is translated\n --> content/roles/director-of-finance.cy.toml:5:1"), "{}", run.stderr);
    assert!(run.stderr.contains("everything else (dates, names of files, numbers, yes/no settings) comes from the source"), "{}", run.stderr);
    assert!(run.stderr.contains("error: `sumary` is not in the source\n --> content/roles/director-of-finance.cy.toml:6:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Build failed with 2 errors"),
        "{}",
        run.stderr
    );
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "the previous output is kept"
    );
}

#[test]
fn a_translation_without_its_source_is_an_error() {
    let dir = fixture("bilingual");
    std::fs::write(
        dir.path().join("content/contact.cy.md"),
        "+++\ntitle = \"Cysylltu\"\n+++\nCysylltwch â ni.\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: this translation has no source: there is no content/contact.md\n --> content/contact.cy.md"), "{}", run.stderr);
}

#[test]
fn a_problem_in_a_translations_body_is_placed_in_the_translation() {
    let dir = fixture("bilingual");
    let path = dir.path().join("content/case-studies/joint-finance.cy.md");
    let text = read(&path).replace(
        "## Llywodraethu",
        "## Llywodraethu\n\nGweler [y papur](@/papers/dim-papur.md).",
    );
    std::fs::write(&path, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = read(&path)
        .lines()
        .position(|l| l.contains("dim-papur"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!(
            "--> content/case-studies/joint-finance.cy.md:{line}:"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_confidential_papers_translation_is_confidential_too() {
    let dir = built();
    let all = crate::board::all_text(&dir.path().join("public"));
    for secret in [
        "The preferred bidder has offered",
        "cynigydd a ffefrir wedi cynnig",
    ] {
        for (file, text) in &all {
            assert!(!text.contains(secret), "{secret} was published in {file}");
        }
    }
    // Its public title is published, in each language.
    let agenda = read(
        dir.path()
            .join("public/cy/meetings/board-2027-01-28/index.html"),
    );
    assert!(agenda.contains("Gwaredu safle dros ben"), "{agenda}");
    // Welsh confidential text pasted into an English page stops the build.
    let before = tree(&dir.path().join("public"));
    let about = dir.path().join("content/about.md");
    let pasted = format!(
        "{}\nMae'r cynigydd a ffefrir wedi cynnig pris uwchlaw amcangyfrif y prisiwr dosbarth.\n",
        read(&about)
    );
    std::fs::write(&about, pasted).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("confidential text would be published in about/index.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/papers/estates-disposal.md"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir.path().join("public")), before);
    // The confidential edition has the Welsh text, in the Welsh pack.
    std::fs::write(&about, "+++\ntitle = \"About\"\n+++\nAbout.\n").unwrap();
    build(dir.path(), &["--confidential"]);
    let pack = pdf_text(
        &dir.path()
            .join("private/cy/meetings/board-2027-01-28/board-pack.pdf"),
        None,
    );
    assert!(
        pack.replace('\n', " ")
            .contains("cynigydd a ffefrir wedi cynnig pris"),
        "{pack}"
    );
}

#[test]
fn a_project_listing_one_language_builds_byte_for_byte_as_one_without_the_list() {
    let plain = fixture("roles");
    build(plain.path(), &[]);
    let listed = fixture("roles");
    let config = listed.path().join("dossier.toml");
    let text = read(&config);
    std::fs::write(&config, format!("languages = [\"en-GB\"]\n{text}")).unwrap();
    build(listed.path(), &[]);
    assert!(tree(&plain.path().join("public")) == tree(&listed.path().join("public")));
}

#[test]
fn language_settings_that_cannot_work_are_errors_at_their_line() {
    let dir = fixture("bilingual");
    let config = dir.path().join("dossier.toml");
    let text = read(&config).replace(
        "languages = [\"en-GB\", \"cy\"]",
        "languages = [\"en-GB\", \"cy\", \"en\"]",
    );
    std::fs::write(&config, format!("{text}\n[lang.fr]\ntitle = \"Conseil\"\n")).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: \"en\" is listed twice in languages\n --> dossier.toml:5:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: [lang.fr] names a language that is not one of languages"),
        "{}",
        run.stderr
    );
}

#[test]
fn pack_makes_a_pack_in_any_of_the_sites_languages() {
    let dir = fixture("bilingual");
    let run = dossier(
        dir.path(),
        &[
            "pack",
            "role",
            "director-of-finance",
            "--language",
            "cy",
            "-o",
            "cy.pdf",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&dir.path().join("cy.pdf"), None);
    assert!(text.contains("Pecyn gwybodaeth i ymgeiswyr"), "{text}");
    assert!(text.contains("Ŵ Ŷ ŵ ŷ"), "{text}");
    let run = dossier(
        dir.path(),
        &[
            "pack",
            "meeting",
            "board-2027-01-28",
            "--language",
            "cy",
            "-o",
            "board.pdf",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&dir.path().join("board.pdf"), None);
    assert!(text.contains("Cynllun blynyddol 2027 i 2028"), "{text}");
    assert!(
        !text.contains("cynigydd a ffefrir"),
        "the public pack withholds the Welsh confidential text"
    );
    let wrong = dossier(
        dir.path(),
        &["pack", "role", "director-of-finance", "--language", "cym"],
    );
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("error: there is no language \"cym\""),
        "{}",
        wrong.stderr
    );
    assert!(
        wrong.stderr.contains("did you mean \"cy\"?"),
        "{}",
        wrong.stderr
    );
}

/// The Welsh text of the confidential paper (tests/fixtures/bilingual).
const WELSH_SECRET: &str = "Mae'r cynigydd a ffefrir wedi cynnig pris uwchlaw amcangyfrif y prisiwr dosbarth, yn amodol ar ganiatâd cynllunio ar gyfer tai.";

#[test]
fn a_pack_in_the_default_language_is_guarded_against_every_languages_confidential_text() {
    let dir = fixture("bilingual");
    let role = dir.path().join("content/roles/director-of-finance.toml");
    let text = read(&role).replace(
        "how_to_apply = \"Apply online with a CV and a supporting statement.\"",
        &format!("how_to_apply = \"{WELSH_SECRET}\""),
    );
    std::fs::write(&role, text).unwrap();
    let run = dossier(
        dir.path(),
        &["pack", "role", "director-of-finance", "-o", "r.pdf"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("confidential text would be published in the candidate pack"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("r.pdf").exists());
}

#[test]
fn confidential_text_in_a_page_and_its_translation_is_no_shared_phrasing() {
    let dir = fixture("bilingual");
    let secret = "The preferred bidder has offered a price above the district valuer's estimate, conditional on planning consent for housing.";
    let about = dir.path().join("content/about.md");
    std::fs::write(&about, format!("{}\n{secret}\n", read(&about))).unwrap();
    std::fs::write(
        dir.path().join("content/about.cy.md"),
        format!("+++\ntitle = \"Am y bwrdd\"\n+++\n{secret}\n"),
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("confidential text would be published in about/index.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("confidential text would be published in cy/about/index.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sources_problem_is_reported_once_at_its_place_in_the_source() {
    let dir = fixture("bilingual");
    let role = dir.path().join("content/roles/director-of-finance.toml");
    std::fs::write(
        &role,
        read(&role).replace("closing_date = 2027-01-29", "closing_date = \"soon\""),
    )
    .unwrap();
    // A translated value over several lines moves the source's later lines
    // in the text the Welsh pass reads.
    let cy = dir.path().join("content/roles/director-of-finance.cy.toml");
    std::fs::write(
        &cy,
        read(&cy).replace(
            "summary = \"Un cyfarwyddwr cyllid i'r bwrdd iechyd a'r cyngor sir.\"",
            "summary = \"\"\"Un cyfarwyddwr cyllid\ni'r bwrdd iechyd\na'r cyngor sir.\"\"\"",
        ),
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = read(&role)
        .lines()
        .position(|l| l.starts_with("closing_date"))
        .unwrap()
        + 1;
    assert_eq!(
        run.stderr.matches("director-of-finance.toml:").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "--> content/roles/director-of-finance.toml:{line}:"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn an_urgent_items_reason_is_translated_with_the_agenda() {
    let dir = fixture("bilingual");
    let meeting = dir.path().join("content/meetings/board-2027-01-28.toml");
    std::fs::write(
        &meeting,
        format!("{}\n[[agenda]]\nitem = \"4\"\ntitle = \"Winter pressures\"\nurgent = \"The winter plan must be agreed before the next meeting.\"\n", read(&meeting)),
    )
    .unwrap();
    let cy = dir.path().join("content/meetings/board-2027-01-28.cy.toml");
    std::fs::write(
        &cy,
        format!("{}\n[[agenda]]\ntitle = \"Pwysau'r gaeaf\"\nurgent = \"Rhaid cytuno ar gynllun y gaeaf cyn y cyfarfod nesaf.\"\n", read(&cy)),
    )
    .unwrap();
    build(dir.path(), &[]);
    let agenda = read(
        dir.path()
            .join("public/cy/meetings/board-2027-01-28/index.html"),
    );
    assert!(
        agenda.contains("Rhaid cytuno ar gynllun y gaeaf"),
        "{agenda}"
    );
    assert!(
        !agenda.contains("The winter plan must be agreed"),
        "{agenda}"
    );
}

#[test]
fn a_folder_named_like_a_languages_is_an_error() {
    let dir = fixture("bilingual");
    std::fs::create_dir_all(dir.path().join("content/cy")).unwrap();
    std::fs::write(
        dir.path().join("content/cy/about.md"),
        "+++\ntitle = \"About\"\n+++\nText.\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: content/cy/ would be published at /cy/, where the Welsh pages go\n --> content/cy"), "{}", run.stderr);
    assert!(run.stderr.contains("[lang.cy] folder"), "{}", run.stderr);
}

#[test]
fn a_translation_of_the_front_matter_alone_shows_the_source_text_marked_as_such() {
    let dir = fixture("bilingual");
    std::fs::write(
        dir.path().join("content/about.cy.md"),
        "+++\ntitle = \"Am y bwrdd\"\ndescription = \"Sut mae'r bwrdd iechyd yn cael ei redeg.\"\n+++\n",
    )
    .unwrap();
    let run = build(dir.path(), &[]);
    assert!(run.stderr.contains("warning: not translated into Welsh: the text (this file has no body)\n --> content/about.cy.md"), "{}", run.stderr);
    let page = read(dir.path().join("public/cy/about/index.html"));
    assert!(page.contains("Am y bwrdd"), "{page}");
    assert!(
        page.contains("The board meets in public six times a year."),
        "{page}"
    );
    assert!(
        page.contains("Nid yw'r dudalen hon ar gael yn Gymraeg eto"),
        "{page}"
    );
}

#[test]
fn a_file_named_like_a_translation_into_another_language_is_warned_of() {
    let dir = fixture("bilingual");
    std::fs::write(
        dir.path().join("content/about.fr.md"),
        "+++\ntitle = \"Le conseil\"\n+++\nTexte.\n",
    )
    .unwrap();
    let run = build(dir.path(), &[]);
    assert!(run.stderr.contains("warning: this is named like a translation into \"fr\", which is not one of the site's languages\n --> content/about.fr.md"), "{}", run.stderr);
}

#[test]
fn check_places_a_welsh_pages_problem_in_its_translation_and_an_untranslated_ones_once() {
    let dir = fixture("bilingual");
    std::fs::write(
        dir.path().join("content/about.cy.md"),
        "+++\ntitle = \"Am y bwrdd\"\n+++\nGweler [coll](/cy/dim-yma/).\n",
    )
    .unwrap();
    let run = dossier(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: the link /cy/dim-yma/ points to a page that does not exist\n --> content/about.cy.md:4:14"), "{}", run.stderr);

    let dir = fixture("bilingual");
    let about = dir.path().join("content/about.md");
    std::fs::write(&about, format!("{}\n[bad](/nope-english/)\n", read(&about))).unwrap();
    let run = dossier(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error: the link /nope-english/").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> content/about.md:"),
        "{}",
        run.stderr
    );
}
