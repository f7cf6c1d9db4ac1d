//! Local time in the project's time zone (`[calendar] timezone`, default
//! `Europe/London`), from the time zone database bundled with dossier
//! (jiff's copy of the IANA database), so every machine gives the same
//! answer whatever its own tzdata: the build date ("today"), a vacancy's
//! closing time with its UTC offset, and calendar times in UTC.

use jiff::civil;
use jiff::tz::TimeZone;

use crate::dates::Date;

/// A time zone by its IANA name.
#[derive(Debug, Clone)]
pub(crate) struct Zone {
    name: String,
    tz: TimeZone,
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::named(DEFAULT_ZONE).expect("the bundled database has Europe/London")
    }
}

/// A time of day written "14:00" (as dossier keeps them) as (14, 0).
pub(crate) fn hh_mm(time: &str) -> Option<(u8, u8)> {
    let (h, m) = time.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// The default time zone.
pub(crate) const DEFAULT_ZONE: &str = "Europe/London";

impl Zone {
    /// The zone called `name` ("Europe/London"), if the database has it.
    pub(crate) fn named(name: &str) -> Option<Zone> {
        let tz = jiff::tz::db().get(name).ok()?;
        Some(Zone {
            name: name.to_string(),
            tz,
        })
    }

    /// Its IANA name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The local date at `seconds` since 1970 (UTC).
    pub(crate) fn date_at(&self, seconds: i64) -> Date {
        let Ok(instant) = jiff::Timestamp::from_second(seconds) else {
            return Date::from_days(seconds.div_euclid(86_400));
        };
        let d = instant.to_zoned_datetime(self.tz.clone()).date();
        Date {
            year: i32::from(d.year()),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }

    /// The instant of a local date and time (a time that a clock change
    /// skips or repeats is taken as the earlier reading, as RFC 5545 does).
    fn zoned(&self, date: Date, hour: u8, minute: u8) -> Option<jiff::ZonedDateTime> {
        let local = civil::DateTime::new(
            i16::try_from(date.year).ok()?,
            i8::try_from(date.month).ok()?,
            i8::try_from(date.day).ok()?,
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            0,
            0,
        )
        .ok()?;
        local.to_zoned_datetime(self.tz.clone()).ok()
    }

    /// A local date and time as an RFC 5545 UTC time: "20261210T140000Z".
    pub(crate) fn utc_compact(&self, date: Date, hour: u8, minute: u8) -> Option<String> {
        let utc = self.zoned(date, hour, minute)?.timestamp();
        Some(utc.strftime("%Y%m%dT%H%M%SZ").to_string())
    }

    /// A local date at a time of day ("14:00") with its offset, for data
    /// (JSON-LD, open data): "2026-12-10T14:00:00+00:00"; the date alone
    /// ("2026-12-10") without a time.
    pub(crate) fn stamp(&self, date: Date, time: Option<&str>) -> String {
        time.and_then(hh_mm)
            .and_then(|(h, m)| self.rfc3339(date, h, m, 0))
            .unwrap_or_else(|| date.to_string())
    }

    /// A local date and time with its offset: "2027-01-15T12:00:00+00:00".
    pub(crate) fn rfc3339(&self, date: Date, hour: u8, minute: u8, second: u8) -> Option<String> {
        let z = self.zoned(date, hour, minute)?;
        let z = if second > 0 {
            z.checked_add(jiff::SignedDuration::from_secs(i64::from(second)))
                .ok()?
        } else {
            z
        };
        Some(z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn london_times_are_an_hour_ahead_of_utc_in_summer_only() {
        let london = Zone::default();
        assert_eq!(
            london.utc_compact(d("2026-07-09"), 14, 0).unwrap(),
            "20260709T130000Z"
        );
        assert_eq!(
            london.utc_compact(d("2026-12-10"), 14, 0).unwrap(),
            "20261210T140000Z"
        );
        assert_eq!(
            london.rfc3339(d("2027-01-15"), 12, 0, 0).unwrap(),
            "2027-01-15T12:00:00+00:00"
        );
        assert_eq!(
            london.rfc3339(d("2027-06-15"), 23, 59, 59).unwrap(),
            "2027-06-15T23:59:59+01:00"
        );
    }

    #[test]
    fn the_build_date_is_the_local_date() {
        let london = Zone::default();
        // 2026-07-09T23:30:00Z is half past midnight on the 10th in London.
        assert_eq!(london.date_at(1_783_639_800).to_string(), "2026-07-10");
        // 2026-12-09T23:30:00Z is still the 9th.
        assert_eq!(london.date_at(1_796_859_000).to_string(), "2026-12-09");
        assert!(Zone::named("Europe/Nowhere").is_none());
    }
}
