//! Working days: Christmas, Easter and substitute bank holidays by
//! jurisdiction, a body's closed days, and the years the shipped data covers.

use super::*;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

#[test]
fn christmas_and_its_substitute_day_are_not_clear_days_in_england() {
    let england = WorkingDays::new(Jurisdiction::England, &[]);
    // Papers out on Friday 18 December 2026 for Tuesday 29 December: 21 to
    // 24 December only (25th Christmas, 26th-27th a weekend, 28th the
    // substitute Boxing Day).
    assert_eq!(england.clear_days(d("2026-12-18"), d("2026-12-29")), 4);
    let latest = england.latest_publication(d("2026-12-29"), 5);
    assert_eq!(latest, d("2026-12-17"));
    assert_eq!(weekday_name(latest), "Thursday");
    assert_eq!(england.clear_days(latest, d("2026-12-29")), 5);
    assert_eq!(
        describe_skipped(&england.skipped(latest, d("2026-12-29"))),
        "25 and 28 December are bank holidays"
    );
    // 2027: Christmas and Boxing Day on a weekend, both made up on 27-28.
    assert_eq!(england.clear_days(d("2027-12-23"), d("2027-12-30")), 2);
}

#[test]
fn easter_counts_differ_by_jurisdiction() {
    let meeting = d("2027-04-01"); // Thursday after Easter
    let england = WorkingDays::new(Jurisdiction::England, &[]);
    let wales = WorkingDays::new(Jurisdiction::Wales, &[]);
    let scotland = WorkingDays::new(Jurisdiction::Scotland, &[]);
    // England, 5 clear days: 31, 30, 25, 24, 23 March (Good Friday 26th and
    // Easter Monday 29th skipped), so Monday 22 March.
    assert_eq!(england.latest_publication(meeting, 5), d("2027-03-22"));
    // Wales, 3: 31, 30, 25 March, so Wednesday 24 March.
    assert_eq!(wales.latest_publication(meeting, 3), d("2027-03-24"));
    // Scotland, 3: Easter Monday is a working day there (31, 30, 29), and
    // the day before, Good Friday, is not, so Thursday 25 March.
    assert_eq!(scotland.latest_publication(meeting, 3), d("2027-03-25"));
    assert_eq!(
        describe_skipped(&england.skipped(d("2027-03-22"), meeting)),
        "26 and 29 March are bank holidays"
    );
}

#[test]
fn a_bodys_closed_days_count_as_holidays_and_are_named_apart() {
    let closed = [d("2026-12-29"), d("2026-12-30"), d("2026-12-31")];
    let council = WorkingDays::new(Jurisdiction::England, &closed);
    assert_eq!(council.clear_days(d("2026-12-24"), d("2027-01-04")), 0);
    assert_eq!(
        describe_skipped(&council.skipped(d("2026-12-24"), d("2027-01-04"))),
        "25 and 28 December 2026 and 1 January 2027 are bank holidays; 29, 30 and 31 December are closed days"
    );
    assert_eq!(
        council.working_days_before(d("2027-01-04"), 1),
        d("2026-12-24")
    );
}

#[test]
fn the_shipped_holidays_cover_2018_to_2035_and_no_further() {
    let england = WorkingDays::new(Jurisdiction::England, &[]);
    assert!(england.covers(d("2018-01-01")) && england.covers(d("2035-12-31")));
    assert!(!england.covers(d("2036-01-01")) && !england.covers(d("2017-12-31")));
    assert_eq!(england.last_year(), 2035);
    // The one-off holidays of 2022 and 2023 are there.
    let nine_sept = d("2022-09-19"); // the State Funeral
    assert!(!england.is_working(nine_sept));
    assert!(!england.is_working(d("2023-05-08"))); // the Coronation
}

#[test]
fn statutory_notice_is_five_clear_days_in_england_and_three_in_wales_and_scotland() {
    assert_eq!(Jurisdiction::England.statutory_clear_days(), Some(5));
    assert_eq!(Jurisdiction::Wales.statutory_clear_days(), Some(3));
    assert_eq!(Jurisdiction::Scotland.statutory_clear_days(), Some(3));
    assert_eq!(Jurisdiction::NorthernIreland.statutory_clear_days(), None);
}

#[test]
fn executive_notices_count_calendar_days_and_publish_on_a_working_day() {
    let england = WorkingDays::new(Jurisdiction::England, &[]);
    let (from, meeting) = (d("2026-12-30"), d("2027-01-19"));
    // 31 December to 18 January: 19 days, of which 12 are working days.
    assert_eq!(england.clear_days_by(from, meeting, Counting::Calendar), 19);
    assert_eq!(england.clear_days_by(from, meeting, Counting::Working), 12);
    assert_eq!(
        england.clear_days_by(meeting, meeting, Counting::Calendar),
        0
    );
    // 28 clear days before Tuesday 19 January 2027: Monday 21 December.
    let latest = england.latest_publication_by(meeting, 28, Counting::Calendar);
    assert_eq!(latest, d("2026-12-21"));
    assert_eq!(
        england.clear_days_by(latest, meeting, Counting::Calendar),
        28
    );
    // Before Monday 24 May 2027 the 29th day back is Sunday 25 April: the
    // notice goes out on the Friday before.
    let latest = england.latest_publication_by(d("2027-05-24"), 28, Counting::Calendar);
    assert_eq!(latest, d("2027-04-23"));
    // In working days, the same as the agenda's count.
    assert_eq!(
        england.latest_publication_by(meeting, 28, Counting::Working),
        england.latest_publication(meeting, 28)
    );
    assert_eq!(Counting::Calendar.clear_days_phrase(1), "1 clear day");
    assert_eq!(
        Counting::Working.clear_days_phrase(28),
        "28 clear working days"
    );
}
