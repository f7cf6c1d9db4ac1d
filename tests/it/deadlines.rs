//! The meeting cycle: notice counted in clear working days by jurisdiction,
//! the deadlines `check` prints, late agendas, meeting status, and calendars
//! that calendar apps read correctly (UTC times, end, place, status,
//! sequence).

use std::path::Path;

use crate::board::{flat, pdf_text};
use crate::support::*;

/// The board fixture with `meetings` added (file stem, TOML) and `config`
/// appended to dossier.toml.
fn project(meetings: &[(&str, &str)], config: &str) -> TempDir {
    let dir = fixture("board");
    for (slug, toml) in meetings {
        std::fs::write(
            dir.path().join(format!("content/meetings/{slug}.toml")),
            toml,
        )
        .unwrap();
    }
    let path = dir.path().join("dossier.toml");
    let old = read(&path);
    std::fs::write(&path, format!("{old}\n{config}\n")).unwrap();
    dir
}

fn meeting(date: &str, extra: &str) -> String {
    format!(
        "body = \"Board\"\ntitle = \"Meeting\"\ndate = {date}\nstart = \"14:00\"\nlocation = \"Room 1, Town Hall\"\n{extra}\n[[agenda]]\nitem = \"1\"\ntitle = \"Apologies\"\n"
    )
}

fn check(dir: &Path) -> Run {
    dossier(dir, &["check"])
}

#[test]
fn an_agenda_published_before_christmas_is_a_day_short_in_england_but_not_in_wales() {
    let late = meeting("2026-12-29", "published = 2026-12-18");
    let dir = project(&[("xmas", &late)], "");
    let run = check(dir.path());
    let e = &run.stderr;
    assert!(e.contains("warning: the agenda was published on Friday 18 December 2026, 4 clear working days before the meeting on Tuesday 29 December 2026 (25 and 28 December are bank holidays); it needs 5\n --> content/meetings/xmas.toml:6:1"), "{e}");
    assert!(
        e.contains("= hint: publish by Thursday 17 December 2026 for 5 clear working days"),
        "{e}"
    );
    assert!(e.contains("note: agenda for Tuesday 29 December 2026 must be published by Thursday 17 December 2026 (5 clear working days; 25 and 28 December are bank holidays)\n --> content/meetings/xmas.toml:3:1"), "{e}");

    let dir = project(&[("xmas", &late)], "[calendar]\njurisdiction = \"wales\"");
    let e = check(dir.path()).stderr;
    assert!(!e.contains("the agenda was published"), "{e}");
    assert!(e.contains("note: agenda for Tuesday 29 December 2026 must be published by Monday 21 December 2026 (3 clear working days; 25 and 28 December are bank holidays)"), "{e}");
}

#[test]
fn closed_days_a_meetings_own_notice_and_report_deadlines_move_the_dates() {
    let own = meeting("2027-01-12", "notice_clear_days = 7");
    let dir = project(
        &[("january", &own)],
        "[calendar]\nextra_closed_days = [2026-12-29, 2026-12-30, 2026-12-31]\n[governance]\nreport_deadline_working_days = 3",
    );
    let e = check(dir.path()).stderr;
    // Seven clear working days before Tuesday 12 January 2027: 11, 8, 7, 6,
    // 5, 4 January and 24 December (the closure and the holidays skipped).
    assert!(e.contains("note: agenda for Tuesday 12 January 2027 must be published by Wednesday 23 December 2026 (7 clear working days; 25 and 28 December 2026 and 1 January 2027 are bank holidays; 29, 30 and 31 December are closed days); reports are due by Friday 18 December 2026 (3 working days before)"), "{e}");
    // The same dates in the officers' calendar.
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ics = read(dir.path().join("public/meetings/deadlines.ics"));
    for wanted in [
        "UID:reports-january@example.org-briefing\r\nDTSTAMP:20261129T000000Z\r\nDTSTART;VALUE=DATE:20261218\r\n",
        "UID:agenda-january@example.org-briefing\r\nDTSTAMP:20261129T000000Z\r\nDTSTART;VALUE=DATE:20261223\r\n",
        "SUMMARY:Reports due: Board: Meeting\r\n",
    ] {
        assert!(ics.contains(wanted), "{wanted:?} in {ics}");
    }
}

#[test]
fn a_deadline_past_the_shipped_bank_holidays_is_a_warning() {
    let far = meeting("2036-03-06", "");
    let dir = project(&[("far", &far)], "");
    let e = check(dir.path()).stderr;
    assert!(e.contains("warning: the deadlines of the meeting on Thursday 6 March 2036 may be wrong\n --> content/meetings/far.toml:3:1"), "{e}");
    assert!(
        e.contains("dossier knows bank holidays up to 2035 only"),
        "{e}"
    );
}

#[test]
fn calendar_and_notice_settings_are_checked_where_they_are_written() {
    let dir = project(
        &[],
        "[calendar]\ntimezone = \"Europe/Huyton\"\n[check]\npaper_min_clear_days = 3",
    );
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("error: \"Europe/Huyton\" is not a time zone\n  --> dossier.toml:10:12"),
        "{e}"
    );
    assert!(
        e.contains("use a name from the IANA time zone database, like \"Europe/London\""),
        "{e}"
    );
    assert!(
        e.contains(
            "error: `paper_min_clear_days` under [check] has moved\n  --> dossier.toml:12:1"
        ),
        "{e}"
    );
    assert!(
        e.contains("set `notice_clear_days` under [governance]"),
        "{e}"
    );

    let dir = project(&[], "[calendar]\nextra_closed_days = [2026-12-29T09:00:00]");
    let e = dossier(dir.path(), &["build"]).stderr;
    assert!(
        e.contains("error: `extra_closed_days` must list calendar dates\n  --> dossier.toml:10:22"),
        "{e}"
    );
}

#[test]
fn meeting_rules_are_reported_at_their_lines() {
    let moved = meeting("2026-12-17", "status = \"moved\"");
    let late = meeting("2026-12-17", "published = 2026-12-18");
    let clock = meeting("2026-12-17", "end = \"25:00\"");
    let dir = project(&[("moved", &moved), ("late", &late), ("clock", &clock)], "");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(e.contains("error: a moved meeting needs the date it was moved from\n --> content/meetings/moved.toml:6:1"), "{e}");
    assert!(e.contains("error: the agenda is published on 18 December 2026, not before the meeting on 17 December 2026\n --> content/meetings/late.toml:6:13"), "{e}");
    assert!(
        e.contains(
            "error: `end` must be a time of day, like 14:00\n --> content/meetings/clock.toml:6:7"
        ),
        "{e}"
    );
}

#[test]
fn a_cancelled_or_moved_meeting_shows_as_such_in_every_calendar() {
    let cancelled = meeting(
        "2027-07-08",
        "status = \"cancelled\"\nreason = \"The meeting is not quorate\"",
    );
    let moved = meeting(
        "2027-03-18",
        "status = \"moved\"\nprevious_date = 2027-03-11\nrevision = 1",
    );
    let dir = project(&[("july", &cancelled), ("march", &moved)], "");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public/meetings");
    let july = read(public.join("july/meeting.ics"));
    for line in [
        // 14:00 in London in July is 13:00 UTC; no end, items or durations:
        // two hours.
        "DTSTART:20270708T130000Z\r\nDTEND:20270708T150000Z\r\nSEQUENCE:1\r\n",
        "SUMMARY:Cancelled: Board: Meeting\r\n",
        "STATUS:CANCELLED\r\n",
        "TRANSP:TRANSPARENT\r\n",
        "DESCRIPTION:This meeting has been cancelled: The meeting is not quorate.",
    ] {
        assert!(july.contains(line), "{line:?} in {july}");
    }
    let march = read(public.join("march/meeting.ics"));
    assert!(march.contains("DTSTART:20270318T140000Z\r\n"), "{march}");
    assert!(
        march.contains("SEQUENCE:2\r\nSUMMARY:Board: Meeting\r\n"),
        "{march}"
    );
    assert!(march.contains("STATUS:CONFIRMED\r\n"), "{march}");
    let all = read(public.join("meetings.ics"));
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 3);

    let page = read(public.join("july/index.html"));
    assert!(page.contains("<p class=\"meeting-status\" role=\"note\">This meeting has been cancelled: The meeting is not quorate.</p>"), "{page}");
    assert!(
        page.contains("\"eventStatus\":\"https://schema.org/EventCancelled\""),
        "{page}"
    );
    assert!(
        page.contains("\"startDate\":\"2027-07-08T14:00:00+01:00\""),
        "{page}"
    );
    let page = read(public.join("march/index.html"));
    assert!(
        page.contains("This meeting has been moved from 11 March 2027."),
        "{page}"
    );
    assert!(
        page.contains("\"previousStartDate\":\"2027-03-11\""),
        "{page}"
    );
    let list = read(public.join("index.html"));
    assert!(
        list.contains("<span class=\"status-tag status-cancelled\">Cancelled</span>"),
        "{list}"
    );
}

/// The meetings' open data parsed back: an Open Civic Data Event per
/// meeting with offsets on its times, its agenda in order with the papers'
/// links, and listings of meetings and papers that leave the confidential
/// paper out.
#[test]
fn open_meeting_data_reads_back_and_holds_no_confidential_paper() {
    let dir = project(&[], "");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public");
    let json = |rel: &str| -> serde_json::Value {
        serde_json::from_str(&read(public.join(rel))).expect("JSON")
    };
    let event = json("meetings/jhwb-2026-12-10/meeting.json");
    assert_eq!(event["_type"], "event");
    assert_eq!(event["start_date"], "2026-12-10T14:00:00+00:00");
    assert_eq!(event["end_date"], "2026-12-10T15:50:00+00:00");
    assert_eq!(event["timezone"], "Europe/London");
    assert_eq!(event["status"], "confirmed");
    let agenda = event["agenda"].as_array().unwrap();
    let orders: Vec<&str> = agenda
        .iter()
        .map(|i| i["order"].as_str().unwrap())
        .collect();
    assert_eq!(orders, ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(
        agenda[3]["related_papers"][0]["links"][1]["url"],
        "https://example.org/briefing/papers/joint-appointments/paper.pdf"
    );
    // The confidential item: its public title and why, no paper.
    assert!(agenda[6]["related_papers"].as_array().unwrap().is_empty());
    assert!(
        agenda[6]["notes"][1]
            .as_str()
            .unwrap()
            .starts_with("Not for publication")
    );

    let meetings = json("meetings/index.json");
    assert_eq!(
        meetings[0]["data_url"],
        "https://example.org/briefing/meetings/jhwb-2026-12-10/meeting.json"
    );
    let papers = json("papers/index.json");
    let slugs: Vec<&str> = papers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["pooled-budget-finance", "joint-appointments"]);
    assert_eq!(papers[0]["status"], "edited for publication");
    let all = read(public.join("meetings/jhwb-2026-12-10/meeting.json"))
        + &read(public.join("papers/index.json"));
    assert!(!all.contains("dph-appointment"), "{all}");
}

/// Late, urgent, withdrawn and deferred items: each says why; a
/// supplementary agenda is published before the meeting and gets its own
/// PDF, and the main pack keeps its pages.
#[test]
fn supplementary_urgent_withdrawn_and_deferred_items() {
    let agenda = |items: &str, supplements: &str| {
        format!(
            "body = \"Board\"\ntitle = \"Meeting\"\ndate = 2026-12-17\nstart = \"14:00\"\nlocation = \"Room 1\"\n{supplements}\n{items}"
        )
    };
    let bad = agenda(
        "[[agenda]]\nitem = \"1\"\ntitle = \"A\"\nurgent = \" \"\n\n[[agenda]]\nitem = \"2\"\ntitle = \"B\"\nwithdrawn = \"gone\"\ndeferred = \"later\"\n\n[[agenda]]\nitem = \"3\"\ntitle = \"C\"\nsupplement = 2\n",
        "[[supplement]]\nnumber = 1\npublished = 2026-12-17\n",
    );
    let dir = project(&[("bad", &bad)], "");
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    for wanted in [
        "error: item 1 is urgent without a reason\n  --> content/meetings/bad.toml:13:10",
        "hint: give the chair's reason it cannot wait",
        "error: item 2 is both withdrawn and deferred\n  --> content/meetings/bad.toml:18:13",
        "error: item 3 is in supplementary agenda 2, which the meeting does not list\n  --> content/meetings/bad.toml:24:14",
        "error: supplementary agenda 1 is published on 17 December 2026, not before the meeting on 17 December 2026\n --> content/meetings/bad.toml:8:13",
    ] {
        assert!(e.contains(wanted), "{wanted:?} in {e}");
    }

    // The board fixture's meeting with its finance paper moved to a
    // supplement as urgent business, and the other paper deferred.
    let dir = fixture("board");
    let path = dir.path().join("content/meetings/jhwb-2026-12-10.toml");
    let text = read(&path)
        .replace(
            "paper = \"pooled-budget-finance\"",
            "paper = \"pooled-budget-finance\"\nsupplement = 1\nurgent = \"the forecast changed after the agenda went out\"",
        )
        .replace(
            "paper = \"joint-appointments\"",
            "paper = \"joint-appointments\"\ndeferred = \"the report will come to the February meeting\"",
        )
        + "\n[[supplement]]\nnumber = 1\npublished = 2026-12-08\n";
    std::fs::write(&path, text).unwrap();
    let run = dossier(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("public/meetings/jhwb-2026-12-10");
    let main = flat(&pdf_text(&folder.join("board-pack.pdf"), None));
    let supplement = flat(&pdf_text(&folder.join("supplement-1.pdf"), None));
    assert!(
        supplement.contains("supplementary agenda 1"),
        "{supplement}"
    );
    assert!(
        supplement.contains("Urgent business: the forecast changed after the agenda went out"),
        "{supplement}"
    );
    assert!(
        supplement.contains("Recovery actions"),
        "the paper is in the supplement: {supplement}"
    );
    assert!(
        !main.contains("Recovery actions"),
        "and not in the main pack: {main}"
    );
    assert!(main.contains("Deferred: Joint appointments"), "{main}");
    assert!(
        !main.contains("Why joint posts are spreading"),
        "a deferred paper is not in the pack: {main}"
    );
    let page = read(folder.join("index.html"));
    assert!(
        page.contains("<h2 id=\"supplement-1\">Supplementary agenda 1</h2>"),
        "{page}"
    );
    assert!(
        page.contains("Deferred: the report will come to the February meeting"),
        "{page}"
    );
    // Urgent business is taken whatever its notice: no warning for it.
    let check = dossier(dir.path(), &["check"]);
    assert!(
        !check.stderr.contains("pooled-budget-finance.md"),
        "{}",
        check.stderr
    );
}
