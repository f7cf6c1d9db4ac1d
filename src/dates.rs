//! Calendar dates: whole days (publication dates, closing dates, meeting
//! days), the build's instant that honours `SOURCE_DATE_EPOCH` for
//! reproducible builds, and English and Welsh date formatting. Local time
//! and time zones are [`crate::calendar::zone`]'s. The civil-date arithmetic is Howard
//! Hinnant's well-known algorithm, so no large date crate is pulled in.

use std::fmt;

use serde::Serialize;

/// A day in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date part of a TOML datetime, if it has one.
    pub(crate) fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        let d = value.date?;
        Some(Date {
            year: i32::from(d.year),
            month: d.month,
            day: d.day,
        })
    }

    /// Parse `YYYY-MM-DD` (the form templates pass to filters).
    pub(crate) fn parse_iso(s: &str) -> Option<Date> {
        let s = s.get(..10)?;
        let mut parts = s.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(date)
    }

    /// Days since 1970-01-01.
    pub(crate) fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// "12 March 2026".
    pub(crate) fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// The long form in a language: Welsh ("cy") month names for Welsh
    /// sites, English otherwise.
    pub(crate) fn long_in(self, language: &str) -> String {
        if is_welsh(language) {
            format!(
                "{} {} {}",
                self.day,
                MONTHS_CY[usize::from(self.month - 1)],
                self.year
            )
        } else {
            self.long()
        }
    }

    /// The short form in a language (Welsh months are not abbreviated).
    pub(crate) fn short_in(self, language: &str) -> String {
        if is_welsh(language) {
            self.long_in(language)
        } else {
            self.short()
        }
    }

    /// "12 Mar 2026".
    pub(crate) fn short(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            &MONTHS[usize::from(self.month - 1)][..3],
            self.year
        )
    }

    /// "2026-03-12T00:00:00Z", for feeds.
    pub(crate) fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

fn is_welsh(language: &str) -> bool {
    language == "cy" || language.starts_with("cy-")
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why the build date could not be worked out.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadEpoch(pub String);

/// The instant of this build in seconds since 1970 (UTC): `SOURCE_DATE_EPOCH`
/// when set, so that rebuilding old sources gives the same bytes; otherwise
/// now. Its date is taken in the project's time zone
/// ([`crate::calendar::zone::Zone::date_at`]).
pub(crate) fn build_instant(source_date_epoch: Option<&str>) -> Result<i64, BadEpoch> {
    let seconds = match source_date_epoch {
        Some(raw) => raw
            .trim()
            .parse::<i64>()
            .map_err(|_| BadEpoch(raw.to_string()))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days_across_leap_years_and_eras() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_000, 20_512, 2_932_896] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn source_date_epoch_sets_the_build_date() {
        assert_eq!(build_instant(Some(" 1795942800 ")), Ok(1_795_942_800));
        assert_eq!(build_instant(Some("soon")), Err(BadEpoch("soon".into())));
    }

    #[test]
    fn formats_english_dates() {
        let d = Date::parse_iso("2026-03-02").unwrap();
        assert_eq!(d.long(), "2 March 2026");
        assert_eq!(d.short(), "2 Mar 2026");
        assert_eq!(d.rfc3339(), "2026-03-02T00:00:00Z");
        assert_eq!(Date::parse_iso("2026-02-30"), None);
        assert_eq!(d.long_in("cy-GB"), "2 Mawrth 2026");
        assert_eq!(d.long_in("en-GB"), "2 March 2026");
    }
}
