//! An executive's notices in England (SI 2012/2089): 28 clear days' notice
//! of key decisions (reg 9) and of meeting in private (reg 5), the general
//! exception (reg 10) and special urgency (regs 5(6) and 11), counted in
//! calendar days by default or working days when the body says so. The
//! build date of every run is 29 November 2026.

use std::path::Path;

use crate::support::*;

/// A confidential paper for the cabinet's private item.
const LAND_PAPER: &str = "+++\ntitle = \"Disposal of the depot site\"\ndate = 2026-12-01\npurpose = \"decision\"\nmeeting = \"cabinet\"\nauthor = \"Head of Property\"\nvisibility = \"confidential\"\nexemption = \"Schedule 12A, paragraph 3: financial or business affairs\"\npublic_title = \"Disposal of a council property\"\nrecommendations = [{ verb = \"approve\", text = \"the disposal.\" }]\n+++\n\nThe bids received.\n";

/// A cabinet on Tuesday 19 January 2027 with four key decisions (notice
/// late, notice in time, general exception too late, special urgency) and
/// a private item whose notice was late.
const CABINET: &str = r#"body = "Cabinet"
title = "Cabinet, January 2027"
date = 2027-01-19
start = "18:00"
location = "Committee Room 1, Town Hall"
executive = true
private_notice = 2027-01-05

[[agenda]]
item = "1"
title = "Apologies"

[[agenda]]
item = "2"
title = "Leisure centres: new operator"
key_decision = true
key_decision_notice = 2026-12-30

[[agenda]]
item = "3"
title = "Highways capital programme 2027/28"
key_decision = true
key_decision_notice = 2026-12-01

[[agenda]]
item = "4"
title = "Home care framework"
key_decision = true
general_exception = 2027-01-15

[[agenda]]
item = "5"
title = "Flood recovery grant"
key_decision = true
special_urgency = "the grant must be accepted by 22 January"

[[agenda]]
item = "6"
paper = "depot"
"#;

/// A cabinet on Tuesday 15 December 2026 whose key decision's last day for
/// notice (Monday 16 November) has passed without the item saying when.
const DECEMBER: &str = r#"body = "Cabinet"
title = "Cabinet, December 2026"
date = 2026-12-15
location = "Committee Room 1, Town Hall"
executive = true

[[agenda]]
item = "1"
title = "Budget consultation"
key_decision = true
"#;

fn project(config: &str) -> TempDir {
    let dir = fixture("board");
    let write = |path: &str, text: &str| std::fs::write(dir.path().join(path), text).unwrap();
    write("content/meetings/cabinet.toml", CABINET);
    write("content/meetings/cabinet-december.toml", DECEMBER);
    write("content/papers/depot.md", LAND_PAPER);
    let path = dir.path().join("dossier.toml");
    let old = read(&path);
    std::fs::write(&path, format!("{old}\n{config}\n")).unwrap();
    dir
}

fn check(dir: &Path) -> String {
    dossier(dir, &["check"]).stderr
}

#[test]
fn an_executives_late_notices_are_warned_about_at_their_lines() {
    let dir = project("");
    let e = check(dir.path());
    // 28 clear calendar days before Tuesday 19 January 2027: 21 December
    // 2026 to 18 January 2027, so the last day is Monday 21 December.
    assert!(e.contains("note: notice of the key decisions at items 2, 3, 4 and 5 must be published by Monday 21 December 2026 (28 clear days before the meeting on Tuesday 19 January 2027)\n --> content/meetings/cabinet.toml:3:1"), "{e}");
    assert!(e.contains("note: notice of the intention to meet in private (item 6) must be published by Monday 21 December 2026 (28 clear days before the meeting on Tuesday 19 January 2027)"), "{e}");
    // Item 2: 31 December to 18 January is 19 clear days.
    assert!(e.contains("warning: the notice of the key decision at item 2 was published on Wednesday 30 December 2026, 19 clear days before the meeting on Tuesday 19 January 2027; it needs 28\n  --> content/meetings/cabinet.toml:17:23"), "{e}");
    assert!(
        e.contains("= hint: publish notice by Monday 21 December 2026 for 28 clear days; if 28 days' notice was impracticable, the decision may be taken under the general exception"),
        "{e}"
    );
    // Item 3 gave 48 days; item 5 is under special urgency.
    assert!(!e.contains("item 3 was"), "{e}");
    assert!(!e.contains("item 5"), "{e}");
    // Item 4: 16, 17 and 18 January are 3 clear days of the 5 reg 10 needs.
    assert!(e.contains("warning: the general exception notice of item 4 was given on Friday 15 January 2027, 3 clear days before the meeting on Tuesday 19 January 2027; it needs 5\n  --> content/meetings/cabinet.toml:29:21"), "{e}");
    // The private item: 6 to 18 January is 13 clear days.
    assert!(e.contains("warning: the notice of meeting in private (item 6) was published on Tuesday 5 January 2027, 13 clear days before the meeting on Tuesday 19 January 2027; it needs 28\n --> content/meetings/cabinet.toml:7:1"), "{e}");
    // December: the last day (Monday 16 November) is before the build date.
    assert!(e.contains("warning: the last day to publish notice of the key decision at item 1 was Monday 16 November 2026, and the item does not say it was published\n  --> content/meetings/cabinet-december.toml:10:16"), "{e}");
    assert!(
        e.contains("= hint: if it was, say when: `key_decision_notice = 2026-11-16`"),
        "{e}"
    );
    // Rule ids in the JSON form.
    let json = dossier(dir.path(), &["check", "--format", "json"]).stdout;
    for rule in ["\"key-decision-notice\"", "\"private-meeting-notice\""] {
        assert!(json.contains(rule), "{rule} in {json}");
    }
}

#[test]
fn counting_working_days_or_another_notice_moves_the_last_day() {
    // 28 clear working days before 19 January 2027 skip the weekends, 25
    // and 28 December and 1 January: the 28th is Monday 7 December, so the
    // last day is Friday 4 December.
    let dir = project("[governance]\nexecutive_notice_counting = \"working\"");
    let e = check(dir.path());
    assert!(e.contains("note: notice of the key decisions at items 2, 3, 4 and 5 must be published by Friday 4 December 2026 (28 clear working days before the meeting on Tuesday 19 January 2027)"), "{e}");
    assert!(
        e.contains("was published on Wednesday 30 December 2026, 12 clear working days before"),
        "{e}"
    );

    // A body's own figures; outside England none is built in.
    let dir = project("[governance]\nkey_decision_notice_clear_days = 10");
    let e = check(dir.path());
    assert!(e.contains("must be published by Friday 8 January 2027 (10 clear days before the meeting on Tuesday 19 January 2027)"), "{e}");
    assert!(!e.contains("item 2 was published"), "{e}");
    let dir = project("[calendar]\njurisdiction = \"wales\"");
    let e = check(dir.path());
    assert!(e.contains("warning: no notice of key decisions is set for the executive meeting on Tuesday 19 January 2027\n --> content/meetings/cabinet.toml:6:1"), "{e}");
    assert!(
        e.contains("set `key_decision_notice_clear_days` under [governance]"),
        "{e}"
    );
    assert!(
        e.contains("warning: no notice of meeting in private is set"),
        "{e}"
    );
}

#[test]
fn key_decisions_show_on_the_agenda_in_open_data_and_in_the_officers_calendar() {
    let dir = project("");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(dir.path().join("public/meetings/cabinet/index.html"));
    assert!(
        page.contains("<strong>Key decision.</strong></span>"),
        "{page}"
    );
    assert!(page.contains("<strong>Key decision.</strong> Taken under the general exception: notice given on 15 January 2027."), "{page}");
    assert!(page.contains("<strong>Key decision.</strong> Taken under special urgency, with the agreement of the chair of overview and scrutiny: the grant must be accepted by 22 January"), "{page}");
    let data: serde_json::Value = serde_json::from_str(&read(
        dir.path().join("public/meetings/cabinet/meeting.json"),
    ))
    .unwrap();
    let notes = &data["agenda"][1]["notes"];
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "Key decision"),
        "{notes}"
    );
    // Unfolded (RFC 5545 folds lines at 75 octets).
    let ics = read(dir.path().join("public/meetings/deadlines.ics")).replace("\r\n ", "");
    for wanted in [
        "UID:key-decisions-cabinet@example.org-briefing\r\nDTSTAMP:20261129T000000Z\r\nDTSTART;VALUE=DATE:20261221\r\n",
        "SUMMARY:Last day to give notice of key decisions: Cabinet: Cabinet\\, January 2027\r\n",
        "UID:private-cabinet@example.org-briefing\r\n",
        "DESCRIPTION:Cabinet: Cabinet\\, January 2027\\, 19 January 2027 at Committee Room 1\\, Town Hall. 28 clear days' notice.\r\n",
    ] {
        assert!(ics.contains(wanted), "{wanted:?} in {ics}");
    }
}

#[test]
fn executive_keys_are_checked_where_they_are_written() {
    let dir = fixture("board");
    let meeting = r#"body = "Board"
title = "Meeting"
date = 2027-01-19
location = "Room 1"
private_notice = 2026-12-01

[[agenda]]
item = "1"
title = "A decision"
key_decision = true

[[agenda]]
item = "2"
title = "Another"
special_urgency = "soon"
"#;
    std::fs::write(dir.path().join("content/meetings/board.toml"), meeting).unwrap();
    let executive = r#"body = "Cabinet"
title = "Cabinet"
date = 2027-01-19
location = "Room 1"
executive = true
private_urgency = " "

[[agenda]]
item = "1"
title = "A decision"
key_decision = true
key_decision_notice = 2027-01-20
special_urgency = ""
"#;
    std::fs::write(dir.path().join("content/meetings/cabinet.toml"), executive).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for wanted in [
        "error: `private_notice` is set, but the meeting is not a meeting of an executive\n --> content/meetings/board.toml:5:18",
        "error: item 1 is a key decision, but the meeting is not a meeting of an executive\n  --> content/meetings/board.toml:10:16",
        "= hint: key decisions and the notice of meeting in private belong to meetings of an executive (a cabinet): add `executive = true` to the meeting if it is one, or remove the key",
        "error: item 2 has `special_urgency` but is not a key decision\n  --> content/meetings/board.toml:15:19",
        "error: `private_urgency` gives no reason\n --> content/meetings/cabinet.toml:6:19",
        "error: the notice of the key decision at item 1 is dated 20 January 2027, not before the meeting on 19 January 2027\n  --> content/meetings/cabinet.toml:12:23",
        "error: item 1 is taken under special urgency without a reason\n  --> content/meetings/cabinet.toml:13:19",
    ] {
        assert!(e.contains(wanted), "{wanted:?} in {e}");
    }
}
