//! After the meeting: minutes as content (attendance, each item's minute,
//! decisions, actions, updates, declarations), the pages and logs that
//! follow from them, a confidential item's minute kept out of the public
//! edition, and every rule reported at its line. The fixture
//! (tests/fixtures/minutes) has a July meeting with approved minutes and an
//! October meeting with draft minutes and a confidential item; the build
//! date is 29 November 2026.

use std::path::Path;

use crate::support::*;

/// Every file of the output, as text where it is text.
fn all_output(dir: &Path) -> String {
    let mut out = String::new();
    for entry in files_below(dir) {
        out.push_str(&String::from_utf8_lossy(&std::fs::read(&entry).unwrap()));
    }
    out
}

fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = dossier(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn the_minutes_page_shows_each_items_minute_with_its_decisions_and_actions() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let page = read(
        dir.path()
            .join("public/meetings/jhwb-2026-10-08/minutes/index.html"),
    );
    assert!(
        page.contains(
            "<span class=\"status-tag status-draft\">Draft</span> Minutes of the meeting on"
        ),
        "{page}"
    );
    assert!(page.contains("These minutes are a draft."), "{page}");
    // Attendance, by role and organisation.
    assert!(
        page.contains("<li>Chief Executive, Knowsley Council</li>"),
        "{page}"
    );
    assert!(
        page.contains("<li>Democratic Services Officer: minutes</li>"),
        "{page}"
    );
    // Item 4's minute, its resolution and its action, in agenda order.
    let item4 = page
        .find("<section id=\"item-4\"")
        .expect("item 4's minute");
    let item3 = page
        .find("<section id=\"item-3\"")
        .expect("item 3's minute");
    assert!(item3 < item4);
    assert!(page[item4..].contains(
        "<h2 id=\"item-4-title\">4. Health and wellbeing strategy: priorities for 2027</h2>"
    ));
    assert!(
        page[item4..]
            .contains("go to consultation. <span class=\"agenda-ref\">JHWB/26/10/D2</span>")
    );
    assert!(
        page[item4..].contains("<tr><th scope=\"row\">JHWB/26/10/A1</th><td>Run the consultation")
    );
    // Item 2 has neither minute nor decision: no section.
    assert!(!page.contains("id=\"item-2\""), "{page}");
    // Updates to July's actions.
    assert!(
        page.contains("JHWB/26/07/A1</a></th><td class=\"wide-only\">Done</td><td><span class=\"narrow-only\"><strong>Done.</strong> </span>The candidate pack was published"),
        "{page}"
    );

    let july = read(
        dir.path()
            .join("public/meetings/jhwb-2026-07-09/minutes/index.html"),
    );
    assert!(july.contains("Approved as a correct record at the meeting on <a href=\"/briefing/meetings/jhwb-2026-10-08/\">"), "{july}");
    assert!(
        july.contains("(For 7, against 0, abstentions 1: carried.)"),
        "{july}"
    );
    assert!(july.contains("Cabinet Member for Adult Social Care: A close relative works in the council&#39;s public health team (Non-registrable interest); took part in the discussion but not in the decision."), "{july}");
    // The meeting page and the listing link to the minutes.
    let meeting = read(
        dir.path()
            .join("public/meetings/jhwb-2026-10-08/index.html"),
    );
    assert!(
        meeting
            .contains("<a href=\"/briefing/meetings/jhwb-2026-10-08/minutes/\">Draft minutes</a>"),
        "{meeting}"
    );
    let list = read(dir.path().join("public/meetings/index.html"));
    assert!(
        list.contains("<a href=\"/briefing/actions/\">Action log</a>"),
        "{list}"
    );
}

#[test]
fn the_action_and_decision_logs_follow_from_every_meetings_minutes() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    // Overdue first (due 20 November, before the build date), then open,
    // then done.
    let csv = read(dir.path().join("public/actions/actions.csv"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "reference,body,meeting_date,item,action,owner,due,status,overdue,latest_update,minutes_url"
    );
    assert_eq!(
        lines[1],
        "JHWB/26/07/A2,Joint Health and Wellbeing Board,2026-07-09,4,Bring a recovery plan for community equipment spending to the board.,Joint Director of Finance,2026-11-20,open,yes,The recovery plan is in the month 7 finance report to the December meeting.,https://example.org/briefing/meetings/jhwb-2026-07-09/minutes/#item-4"
    );
    assert!(lines[2].starts_with("JHWB/26/10/A1,"), "{csv}");
    assert!(
        lines[3].starts_with("JHWB/26/07/A1,") && lines[3].contains(",done,no,"),
        "{csv}"
    );
    // The confidential item's action is not in the public log.
    assert_eq!(lines.len(), 5, "{csv}");
    let page = read(dir.path().join("public/actions/index.html"));
    assert!(
        page.contains("<tr id=\"jhwb-26-07-a2\" class=\"action-overdue\">"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"status-tag status-overdue\">Overdue</span>"),
        "{page}"
    );

    let csv = read(dir.path().join("public/decisions/decisions.csv"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    // Latest meeting first; October's confidential decision left out.
    assert_eq!(
        lines[1],
        "JHWB/26/10/D1,Joint Health and Wellbeing Board,2026-10-08,3,That the minutes of the meeting held on 9 July 2026 be approved as a correct record.,,,,,,,https://example.org/briefing/meetings/jhwb-2026-10-08/minutes/#item-3"
    );
    assert!(
        lines[3].starts_with("JHWB/26/07/D1,") && lines[3].contains(",7,0,1,carried,"),
        "{csv}"
    );
    assert_eq!(lines.len(), 6, "{csv}");
    let declarations = read(dir.path().join("public/declarations/index.html"));
    assert!(
        declarations.contains("<th scope=\"row\">Cabinet Member for Adult Social Care</th>"),
        "{declarations}"
    );
}

/// Words of October's confidential item: its minute, decision and action.
const CANARIES: [&str; 3] = [
    "balance of public health and NHS experience",
    "longlist of six applicants and the two-day assessment plan be agreed",
    "Invite the six longlisted applicants",
];

#[test]
fn a_confidential_items_minute_is_in_the_confidential_edition_only() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let public = all_output(&dir.path().join("public"));
    for canary in CANARIES {
        assert!(
            !public.contains(canary),
            "{canary:?} leaked into the public edition"
        );
    }
    let page = read(
        dir.path()
            .join("public/meetings/jhwb-2026-10-08/minutes/index.html"),
    );
    assert!(page.contains("<h2 id=\"item-5-title\">5. Appointment of the joint Director of Public Health: progress</h2>\n    <p class=\"agenda-note\">The minute of this item is not for publication: Schedule 12A, paragraph 1: information relating to an individual.</p>"), "{page}");

    build(dir.path(), &["--confidential", "--output", "members"]);
    let page = read(
        dir.path()
            .join("members/meetings/jhwb-2026-10-08/minutes/index.html"),
    );
    assert!(
        page.contains("<strong>CONFIDENTIAL</strong>: Schedule 12A, paragraph 1"),
        "{page}"
    );
    for canary in CANARIES {
        assert!(
            page.contains(canary),
            "{canary:?} in the confidential edition"
        );
    }
    assert!(read(dir.path().join("members/actions/actions.csv")).contains("JHWB/26/10/A2"));
}

#[test]
fn a_confidential_minute_pasted_into_a_public_page_fails_the_public_build() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let before = all_output(&dir.path().join("public"));
    let page = dir.path().join("content/_index.md");
    let text = read(&page);
    std::fs::write(&page, format!("{text}\nMembers discussed the balance of public health and NHS experience among the six applicants.\n")).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/minutes/jhwb-2026-10-08.md"),
        "{}",
        run.stderr
    );
    assert_eq!(
        all_output(&dir.path().join("public")),
        before,
        "the previous output is kept"
    );
}

/// The fixture with `minutes` written over October's minutes.
fn with_october(front: &str, body: &str) -> TempDir {
    let dir = fixture("minutes");
    std::fs::write(
        dir.path().join("content/minutes/jhwb-2026-10-08.md"),
        format!("+++\n{front}+++\n{body}"),
    )
    .unwrap();
    dir
}

#[test]
fn minutes_rules_are_reported_at_their_lines() {
    let front = r#"meeting = "jhwb-2026-10-08"
status = "approved"
present = [{ organisation = "Knowsley Council" }]

[[decisions]]
item = "9"
text = "That something be done."

[[actions]]
item = "4"
text = "Nobody owns this."

[[action_updates]]
action = "JHWB/26/07/A9"
status = "done"
"#;
    let body = "\n## Any other business\n\nNone.\n\n## 7. Not on the agenda\n\n## 4. Strategy\n\nText.\n\n## 4. Strategy again\n";
    let dir = with_october(front, body);
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for wanted in [
        "error: approved minutes need the meeting that approved them\n --> content/minutes/jhwb-2026-10-08.md:3:10",
        "error: an attendee with neither a name nor a role\n --> content/minutes/jhwb-2026-10-08.md:4:12",
        "error: a decision is on item \"9\", which is not on the agenda of the meeting on 8 October 2026\n --> content/minutes/jhwb-2026-10-08.md:7:8",
        "= hint: use one of the agenda's items: 1, 2, 3, 4, 5",
        "error: action JHWB/26/10/A1 has no owner\n  --> content/minutes/jhwb-2026-10-08.md:10:1",
        "error: action JHWB/26/10/A1 has no due date\n  --> content/minutes/jhwb-2026-10-08.md:10:1",
        "error: there is no action \"JHWB/26/07/A9\"\n  --> content/minutes/jhwb-2026-10-08.md:15:10",
        "= hint: did you mean \"JHWB/26/07/A1\"?",
        "error: the heading \"Any other business\" names no agenda item\n  --> content/minutes/jhwb-2026-10-08.md:19:1",
        "error: the heading \"7. Not on the agenda\" names item 7, which is not on the agenda of the meeting on 8 October 2026\n  --> content/minutes/jhwb-2026-10-08.md:23:1",
        "error: item 4 is minuted twice\n  --> content/minutes/jhwb-2026-10-08.md:29:1",
    ] {
        assert!(e.contains(wanted), "{wanted:?} in {e}");
    }
}

#[test]
fn minutes_of_meetings_not_held_or_approved_out_of_order_are_errors() {
    // Minutes of the December meeting, after the build date; July's
    // approved at July itself; an update to an action already done.
    let dir = fixture("minutes");
    std::fs::write(
        dir.path().join("content/minutes/jhwb-2026-12-10.md"),
        "+++\nmeeting = \"jhwb-2026-12-10\"\n+++\n",
    )
    .unwrap();
    let july = dir.path().join("content/minutes/jhwb-2026-07-09.md");
    let text = read(&july)
        .replace(
            "approved_at = \"jhwb-2026-10-08\"",
            "approved_at = \"jhwb-2026-07-09\"",
        )
        .replace(
            "spending to the board.\"\n+++",
            "spending to the board.\"\n\n[[action_updates]]\naction = \"JHWB/26/10/A1\"\nstatus = \"open\"\n+++",
        );
    std::fs::write(&july, text).unwrap();
    let october = dir.path().join("content/minutes/jhwb-2026-10-08.md");
    let text = read(&october).replace("action = \"JHWB/26/07/A2\"", "action = \"JHWB/26/07/A1\"");
    std::fs::write(&october, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for wanted in [
        "error: the meeting on 10 December 2026 has not happened yet, so it has no minutes\n --> content/minutes/jhwb-2026-12-10.md:2:11",
        "error: these minutes are approved at the meeting on 9 July 2026, which is not after the meeting they minute (9 July 2026)\n --> content/minutes/jhwb-2026-07-09.md:4:15",
        "error: action JHWB/26/07/A1 was already marked done at the meeting on 8 October 2026",
        "error: action JHWB/26/10/A1 was set at the meeting on 8 October 2026, not before this one",
        "= hint: an action is finished once; if more is to be done, record a new action",
    ] {
        assert!(e.contains(wanted), "{wanted:?} in {e}");
    }
}

#[test]
fn check_reports_overdue_actions_unapproved_minutes_and_missing_decisions() {
    let dir = fixture("minutes");
    // July's decision on item 3 (a decision) left out.
    let july = dir.path().join("content/minutes/jhwb-2026-07-09.md");
    let text = read(&july).replace(
        "[[decisions]]\nitem = \"3\"\n",
        "[[decisions]]\nitem = \"4\"\n",
    );
    std::fs::write(&july, text).unwrap();
    let e = dossier(dir.path(), &["check"]).stderr;
    assert!(e.contains("note: action JHWB/26/07/A2 (Joint Director of Finance) was due on Friday 20 November 2026 and is still open\n  --> content/minutes/jhwb-2026-07-09.md:46:8"), "{e}");
    assert!(e.contains("warning: item 3 (Joint Director of Public Health: how the post will be filled) was for decision, but the minutes record no decision on it\n --> content/minutes/jhwb-2026-07-09.md:2:1"), "{e}");
    assert!(!e.contains("still a draft"), "{e}");
    // After the December meeting, October's draft minutes are overdue for
    // approval. (15 December 2026.)
    let e = dossier_with_env(
        dir.path(),
        &["check"],
        &[("SOURCE_DATE_EPOCH", "1797292800")],
    )
    .stderr;
    assert!(e.contains("warning: the minutes of the meeting on Thursday 8 October 2026 are still a draft, though the Joint Health and Wellbeing Board met again on Thursday 10 December 2026\n --> content/minutes/jhwb-2026-10-08.md:3:1"), "{e}");
    assert!(
        e.contains("set `status = \"approved\"` and `approved_at = \"jhwb-2026-12-10\"`"),
        "{e}"
    );
}

#[test]
fn minutes_open_data_reads_back_with_votes_as_popolo_vote_events() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let json =
        |p: &str| -> serde_json::Value { serde_json::from_str(&read(dir.path().join(p))).unwrap() };
    let july = json("public/meetings/jhwb-2026-07-09/minutes.json");
    assert_eq!(july["status"], "approved");
    assert_eq!(
        july["approved_at"],
        "https://example.org/briefing/meetings/jhwb-2026-10-08/"
    );
    let vote = &july["decisions"][0]["vote_event"];
    assert_eq!(
        vote["organization"]["name"],
        "Joint Health and Wellbeing Board"
    );
    assert_eq!(vote["result"], "pass");
    assert_eq!(vote["start_date"], "2026-07-09T14:00:00+01:00");
    assert_eq!(
        vote["counts"][0],
        serde_json::json!({ "option": "yes", "value": 7 })
    );
    assert_eq!(
        vote["counts"][2],
        serde_json::json!({ "option": "abstain", "value": 1 })
    );
    assert_eq!(july["actions"][1]["identifier"], "JHWB/26/07/A2");
    assert_eq!(july["actions"][1]["overdue"], true);
    // October's: the confidential item's decision and action are not here.
    let october = json("public/meetings/jhwb-2026-10-08/minutes.json");
    let ids: Vec<&str> = october["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["JHWB/26/10/D1", "JHWB/26/10/D2"]);
    assert_eq!(october["action_updates"][0]["status"], "done");
    // The meeting's Event links to them.
    let event = json("public/meetings/jhwb-2026-10-08/meeting.json");
    let docs = event["documents"].as_array().unwrap();
    let minutes = docs
        .iter()
        .find(|d| d["note"] == "Draft minutes")
        .expect("minutes in documents");
    assert_eq!(
        minutes["links"][1]["url"],
        "https://example.org/briefing/meetings/jhwb-2026-10-08/minutes.json"
    );
}

#[test]
fn the_next_meetings_pack_holds_the_minutes_and_the_actions_still_open() {
    use crate::board::{flat, page_in_agenda, pdf_text};
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let public = dir.path().join("public");
    let agenda = read(public.join("meetings/jhwb-2026-12-10/index.html"));
    // Item 3 links to October's minutes, and gives their page in the pack.
    assert!(agenda.contains("<a href=\"/briefing/meetings/jhwb-2026-10-08/minutes/\">Minutes of the meeting held on 8 October 2026</a> <span class=\"agenda-ref\">(draft)</span>"), "{agenda}");
    let pack = public.join("meetings/jhwb-2026-12-10/board-pack.pdf");
    let page = page_in_agenda(&agenda, "3");
    let text = flat(&pdf_text(&pack, Some(page)));
    assert!(
        text.contains("Item 3: Draft minutes: Joint Health and Wellbeing Board, 8 October 2026"),
        "page {page}: {text}"
    );
    assert!(
        text.contains("That the three priorities for 2027"),
        "{text}"
    );
    assert!(
        text.contains("The minute of this item is not for publication"),
        "{text}"
    );
    // The action log: July's A2 (overdue by 10 December) and October's A1,
    // not July's A1 (done in October), nor October's confidential A2.
    let all = flat(&pdf_text(&pack, None));
    let start = all
        .find("Action log Actions of earlier meetings")
        .expect("the action log");
    let end = start
        + all[start..]
            .find("Item 3: Draft minutes")
            .expect("the minutes");
    let log = &all[start..end];
    assert!(log.contains("JHWB/26/07/A2"), "{log}");
    assert!(log.contains("Overdue"), "{log}");
    assert!(log.contains("JHWB/26/10/A1"), "{log}");
    assert!(!log.contains("JHWB/26/07/A1"), "{log}");
    for canary in CANARIES {
        assert!(!all.contains(canary), "{canary:?} in the public pack");
    }
    // minutes.pdf of each minutes, the confidential item withheld.
    let october = flat(&pdf_text(
        &public.join("meetings/jhwb-2026-10-08/minutes.pdf"),
        None,
    ));
    assert!(october.contains("DRAFT"), "{october}");
    assert!(october.contains("JHWB/26/10/A1"), "{october}");
    for canary in CANARIES {
        assert!(
            !october.contains(canary),
            "{canary:?} in the public minutes.pdf"
        );
    }
    build(dir.path(), &["--confidential", "--output", "members"]);
    let october = flat(&pdf_text(
        &dir.path()
            .join("members/meetings/jhwb-2026-10-08/minutes.pdf"),
        None,
    ));
    assert!(october.contains("CONFIDENTIAL"), "{october}");
    assert!(october.contains(CANARIES[0]), "{october}");
}

#[test]
fn an_item_taking_minutes_is_checked_where_it_is_written() {
    let dir = fixture("minutes");
    let path = dir.path().join("content/meetings/jhwb-2026-07-09.toml");
    let text = read(&path);
    std::fs::write(&path, format!("{text}\n[[agenda]]\nitem = \"5\"\nminutes = \"jhwb-2026-10-08\"\n\n[[agenda]]\nitem = \"6\"\nminutes = \"jhwb-2026-07-0\"\n")).unwrap();
    let path = dir.path().join("content/meetings/jhwb-2026-12-10.toml");
    let text = read(&path).replace(
        "minutes = \"jhwb-2026-10-08\"",
        "minutes = \"jhwb-2026-07-09\"",
    );
    std::fs::write(&path, text).unwrap();
    // Two later meetings: one of the board takes October's draft minutes,
    // which December takes already; a cabinet takes July's.
    let later = |body: &str, minutes: &str| {
        format!(
            "body = \"{body}\"\ntitle = \"Later\"\ndate = 2027-01-20\nlocation = \"Room 1\"\n\n[[agenda]]\nitem = \"1\"\nminutes = \"{minutes}\"\n"
        )
    };
    std::fs::write(
        dir.path().join("content/meetings/jhwb-2027-01-20.toml"),
        later("Joint Health and Wellbeing Board", "jhwb-2026-10-08"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/meetings/cabinet-2027-01-20.toml"),
        later("Cabinet", "jhwb-2026-07-09"),
    )
    .unwrap();
    let path = dir.path().join("content/meetings/jhwb-2026-12-10.toml");
    let text = read(&path).replace(
        "minutes = \"jhwb-2026-07-09\"",
        "minutes = \"jhwb-2026-10-08\"",
    );
    std::fs::write(&path, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for wanted in [
        "error: item 5 takes the minutes of the meeting \"jhwb-2026-10-08\", which is not before this one\n  --> content/meetings/jhwb-2026-07-09.toml:34:11",
        "error: there is no minutes \"jhwb-2026-07-0\"\n  --> content/meetings/jhwb-2026-07-09.toml:38:11",
        "= hint: did you mean \"jhwb-2026-07-09\"?",
        "error: item 1 takes the minutes of a meeting of the Joint Health and Wellbeing Board, not of the Cabinet\n --> content/meetings/cabinet-2027-01-20.toml:8:11",
        "already item 3 of the meeting \"jhwb-2026-12-10\"",
    ] {
        assert!(e.contains(wanted), "{wanted:?} in {e}");
    }

    // July's minutes say October approved them: no other meeting may.
    let dir = fixture("minutes");
    let path = dir.path().join("content/meetings/jhwb-2026-12-10.toml");
    let text = read(&path).replace(
        "minutes = \"jhwb-2026-10-08\"",
        "minutes = \"jhwb-2026-07-09\"",
    );
    std::fs::write(&path, text).unwrap();
    let path = dir.path().join("content/meetings/jhwb-2026-10-08.toml");
    let text = read(&path).replace("minutes = \"jhwb-2026-07-09\"\n", "");
    std::fs::write(&path, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: the minutes \"jhwb-2026-07-09\" say they were approved at the meeting \"jhwb-2026-10-08\", not at this one\n  --> content/meetings/jhwb-2026-12-10.toml:25:11"), "{}", run.stderr);
}

#[test]
fn new_minutes_start_from_the_agenda_the_last_attendance_and_the_open_actions() {
    let dir = fixture("minutes");
    // 15 December 2026, after the December meeting.
    let after = [("SOURCE_DATE_EPOCH", "1797292800")];
    let run = dossier_with_env(dir.path(), &["new", "minutes", "jhwb-2026-12-10"], &after);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "Created content/minutes/jhwb-2026-12-10.md.\n");
    let text = read(dir.path().join("content/minutes/jhwb-2026-12-10.md"));
    for wanted in [
        "meeting = \"jhwb-2026-12-10\"\nstatus = \"draft\"",
        "# Attendance as at the meeting on 8 October 2026: correct it.\npresent = [\n  { role = \"Chair of the Board (Cabinet Member for Health and Wellbeing)\", organisation = \"Knowsley Council\" },",
        "  { role = \"Head of Human Resources\", note = \"item 5\" },",
        "# action = \"JHWB/26/07/A2\"   # Bring a recovery plan for community equipment spending to the board. (Joint Director of Finance, due 20 November 2026)",
        "+++\n\n## 1. Welcome and apologies for absence\n\n## 2. Declarations of interest\n\n## 3. Minutes of the meeting held on 8 October 2026\n",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in {text}");
    }
    assert!(
        !text.contains("JHWB/26/07/A1"),
        "a done action is not offered: {text}"
    );
    // A confidential item's action by its reference only: this file is a
    // public source, and must not make its text look like shared phrasing.
    assert!(text.contains("# action = \"JHWB/26/10/A2\"   # an action on a confidential item (Head of Human Resources, due 13 November 2026)"), "{text}");
    assert!(!text.contains(CANARIES[2]), "{text}");
    // The file builds as it is, and is never overwritten.
    let run = dossier_with_env(dir.path(), &["build"], &after);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = dossier_with_env(dir.path(), &["new", "minutes", "jhwb-2026-12-10"], &after);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("content/minutes/jhwb-2026-12-10.md already exists"),
        "{}",
        run.stderr
    );
    // A meeting that does not exist.
    let run = dossier_with_env(dir.path(), &["new", "minutes", "jhwb-2026-12-01"], &after);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: there is no meeting \"jhwb-2026-12-01\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `jhwb-2026-12-10`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn minutes_are_searchable_without_their_confidential_items() {
    let dir = fixture("minutes");
    build(dir.path(), &[]);
    let index = SearchIndex::read(&dir.path().join("public"));
    let minutes = index
        .titles()
        .iter()
        .position(|t| *t == "Draft minutes: Joint Health and Wellbeing Board, 8 October 2026")
        .unwrap_or_else(|| panic!("no minutes in {:?}", index.titles()));
    // A public item's minute: "reach young parents through the family hubs".
    for word in ["parents", "family", "hubs"] {
        assert!(
            index.words[word].iter().any(|&(page, _)| page == minutes),
            "{word} is not a word of the minutes"
        );
    }
    // The confidential item's minute ("longlist of six applicants", "the
    // six longlisted applicants") gives the index no word.
    for canary in ["longlist", "longlisted"] {
        assert!(!index.has(canary), "{canary:?} in the search index");
    }
}

#[test]
fn a_redacted_or_mistitled_confidential_minute_is_caught() {
    // A passage redacted from a public item's minute, pasted elsewhere.
    let dir = fixture("minutes");
    let october = dir.path().join("content/minutes/jhwb-2026-10-08.md");
    let text = read(&october).replace(
        "Members asked that the\nconsultation reach young parents through the family hubs.",
        "{% redact(reason=\"personal information\") %}The parent who wrote to the board lives in Page Moss.{% end %}",
    );
    std::fs::write(&october, &text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!all_output(&dir.path().join("public")).contains("lives in Page Moss"));
    let home = dir.path().join("content/_index.md");
    let page = read(&home);
    std::fs::write(
        &home,
        format!("{page}\nThe parent who wrote to the board lives in Page Moss.\n"),
    )
    .unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/minutes/jhwb-2026-10-08.md"),
        "{}",
        run.stderr
    );

    // An item's heading at the wrong level, or without its space.
    let dir = fixture("minutes");
    let october = dir.path().join("content/minutes/jhwb-2026-10-08.md");
    let text = read(&october)
        .replace("## 5. Joint Director", "### 5. Joint Director")
        .replace("## 4. Health", "##4. Health");
    std::fs::write(&october, &text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: the heading \"5. Joint Director of Public Health: the longlist\" names an agenda item but is not a level-2 heading"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: \"##4. Health and wellbeing strategy: priorities for 2027\" is not a heading"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_draft_confidential_paper_keeps_its_item_confidential() {
    let dir = fixture("minutes");
    let paper = dir.path().join("content/papers/dph-longlist.md");
    let text = read(&paper).replacen("+++\n", "+++\ndraft = true\n", 1);
    std::fs::write(&paper, text).unwrap();
    build(dir.path(), &[]);
    let public = all_output(&dir.path().join("public"));
    for canary in CANARIES {
        assert!(!public.contains(canary), "{canary:?} published");
    }
    let page = read(
        dir.path()
            .join("public/meetings/jhwb-2026-10-08/minutes/index.html"),
    );
    assert!(
        page.contains("5. Appointment of the joint Director of Public Health: progress</h2>"),
        "{page}"
    );
}

#[test]
fn earlier_minutes_citing_a_paper_go_into_a_later_pack_and_equal_votes_follow_the_casting_vote() {
    use crate::board::{flat, pdf_text};
    let dir = fixture("minutes");
    let july = dir.path().join("content/minutes/jhwb-2026-07-09.md");
    let text = read(&july)
        .replace(
            "equipment spending above plan for the second year running.",
            "equipment spending above plan for the second year running, as {{ ref(paper=\"pooled-budget-finance\") }} will show.",
        )
        .replace("vote = { for = 7, against = 0, abstain = 1 }", "vote = { for = 4, against = 4, casting = \"for\" }");
    std::fs::write(&july, text).unwrap();
    build(dir.path(), &[]);
    let pack = flat(&pdf_text(
        &dir.path()
            .join("public/meetings/jhwb-2026-10-08/board-pack.pdf"),
        None,
    ));
    assert!(
        pack.contains("as item 5, paper JHWB/26/12/5 will show"),
        "{pack}"
    );
    let page = read(
        dir.path()
            .join("public/meetings/jhwb-2026-07-09/minutes/index.html"),
    );
    assert!(
        page.contains("(For 4, against 4, abstentions 0: carried on the chair's casting vote.)"),
        "{page}"
    );
    let data: serde_json::Value = serde_json::from_str(&read(
        dir.path()
            .join("public/meetings/jhwb-2026-07-09/minutes.json"),
    ))
    .unwrap();
    assert_eq!(data["decisions"][0]["vote_event"]["result"], "pass");
}

#[test]
fn a_later_meeting_in_the_same_month_or_day_gets_references_of_its_own() {
    let dir = fixture("minutes");
    let meeting = |title: &str| {
        format!(
            "body = \"Joint Health and Wellbeing Board\"\nbody_code = \"JHWB\"\ntitle = \"{title}\"\ndate = 2026-10-20\nlocation = \"Room 1\"\n\n[[agenda]]\nitem = \"1\"\ntitle = \"Business\"\n"
        )
    };
    let minutes = |slug: &str| {
        format!(
            "+++\nmeeting = \"{slug}\"\n\n[[actions]]\nitem = \"1\"\nowner = \"Chair\"\ndue = 2027-01-31\ntext = \"An action of {slug}.\"\n+++\n"
        )
    };
    for slug in ["jhwb-2026-10-20", "jhwb-2026-10-20-extra"] {
        std::fs::write(
            dir.path().join(format!("content/meetings/{slug}.toml")),
            meeting(slug),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(format!("content/minutes/{slug}.md")),
            minutes(slug),
        )
        .unwrap();
    }
    build(dir.path(), &[]);
    let csv = read(dir.path().join("public/actions/actions.csv"));
    assert!(
        csv.contains("JHWB/26/10/A1,"),
        "the first keeps its own: {csv}"
    );
    assert!(csv.contains("JHWB/26/10-20/A1,Joint Health and Wellbeing Board,2026-10-20,1,An action of jhwb-2026-10-20."), "{csv}");
    assert!(csv.contains("JHWB/26/10-20-2/A1,Joint Health and Wellbeing Board,2026-10-20,1,An action of jhwb-2026-10-20-extra."), "{csv}");
}
