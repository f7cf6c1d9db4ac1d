//! The working-day calendar a board secretary counts deadlines in: a day is
//! a working day unless it is a Saturday, a Sunday, a bank holiday of the
//! project's jurisdiction, or a day the body is closed
//! (`[calendar] extra_closed_days`). Clear days are the working days between
//! two dates, neither of them counted.
//!
//! The bank holidays are shipped with dossier (`data/uk-bank-holidays.json`,
//! 2018 to 2035, substitute days and one-off holidays included; see
//! docs/deadlines.md for where they come from). A date outside those years
//! cannot be counted truthfully, so [`WorkingDays::covers`] says so and the
//! callers warn instead of guessing.

pub(crate) mod zone;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::dates::Date;

/// The UK's bank holidays by division, as shipped.
const BANK_HOLIDAYS: &str = include_str!("../../data/uk-bank-holidays.json");

/// Where a body is, which decides its bank holidays and its statutory
/// notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Jurisdiction {
    #[default]
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

impl Jurisdiction {
    /// The division of `data/uk-bank-holidays.json` that holds its holidays.
    fn division(self) -> &'static str {
        match self {
            Jurisdiction::England | Jurisdiction::Wales => "england-and-wales",
            Jurisdiction::Scotland => "scotland",
            Jurisdiction::NorthernIreland => "northern-ireland",
        }
    }

    /// The clear days' notice of a meeting the law sets, where dossier knows
    /// it: England five (Local Government Act 1972 s100B(3), as amended for
    /// England by SI 2002/715), Wales three (s100B(3) as it stands in
    /// Wales), Scotland three (Local Government (Scotland) Act 1973 s50B(3)).
    /// None for Northern Ireland: set `[governance] notice_clear_days`.
    pub(crate) fn statutory_clear_days(self) -> Option<u32> {
        match self {
            Jurisdiction::England => Some(5),
            Jurisdiction::Wales | Jurisdiction::Scotland => Some(3),
            Jurisdiction::NorthernIreland => None,
        }
    }

    /// The clear days' notice an executive gives of a key decision and of
    /// a meeting in private, where dossier knows it: England 28 (the Local
    /// Authorities (Executive Arrangements) (Meetings and Access to
    /// Information) (England) Regulations 2012, SI 2012/2089, regs 5(2)
    /// and 9(2)). None elsewhere: those regulations are England's.
    pub(crate) fn executive_notice_clear_days(self) -> Option<u32> {
        match self {
            Jurisdiction::England => Some(28),
            _ => None,
        }
    }
}

/// How clear days are counted: every day, or working days only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Counting {
    /// Every day between the two dates counts.
    #[default]
    Calendar,
    /// Only working days between the two dates count.
    Working,
}

impl Counting {
    /// "clear days", "clear working days".
    pub(crate) fn clear_days_phrase(self, n: u32) -> String {
        let days = if n == 1 { "day" } else { "days" };
        match self {
            Counting::Calendar => format!("{n} clear {days}"),
            Counting::Working => format!("{n} clear working {days}"),
        }
    }
}

#[derive(Deserialize)]
struct Shipped {
    divisions: BTreeMap<String, Vec<Holiday>>,
}

#[derive(Deserialize)]
struct Holiday {
    date: String,
    title: String,
}

/// The shipped holidays of each division, read once.
fn shipped() -> &'static BTreeMap<String, Vec<(Date, String)>> {
    static SHIPPED: OnceLock<BTreeMap<String, Vec<(Date, String)>>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let shipped: Shipped =
            serde_json::from_str(BANK_HOLIDAYS).expect("data/uk-bank-holidays.json is valid");
        shipped
            .divisions
            .into_iter()
            .map(|(division, days)| {
                let days = days
                    .into_iter()
                    .map(|h| {
                        let date = Date::parse_iso(&h.date).expect("holiday dates are ISO dates");
                        (date, h.title)
                    })
                    .collect();
                (division, days)
            })
            .collect()
    })
}

/// Why a weekday is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Closed {
    /// A bank holiday, with its name ("Boxing Day (substitute day)").
    BankHoliday(String),
    /// One of `[calendar] extra_closed_days`.
    Body,
}

/// Working days of one jurisdiction, with the body's own closed days.
#[derive(Debug, Clone)]
pub(crate) struct WorkingDays {
    closed: BTreeMap<Date, Closed>,
    /// The first and last day of the years the shipped holidays cover.
    first: Date,
    last: Date,
}

/// Monday 0 to Sunday 6.
pub(crate) fn weekday(date: Date) -> i64 {
    // 1970-01-01 was a Thursday.
    (date.to_days() + 3).rem_euclid(7)
}

/// "Monday" to "Sunday".
pub(crate) fn weekday_name(date: Date) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][weekday(date) as usize]
}

impl WorkingDays {
    pub(crate) fn new(jurisdiction: Jurisdiction, extra_closed: &[Date]) -> WorkingDays {
        let days = &shipped()[jurisdiction.division()];
        let mut closed: BTreeMap<Date, Closed> = days
            .iter()
            .map(|(d, title)| (*d, Closed::BankHoliday(title.clone())))
            .collect();
        for d in extra_closed {
            closed.entry(*d).or_insert(Closed::Body);
        }
        let year = |d: Option<&(Date, String)>| d.map_or(0, |(d, _)| d.year);
        WorkingDays {
            closed,
            first: Date {
                year: year(days.first()),
                month: 1,
                day: 1,
            },
            last: Date {
                year: year(days.last()),
                month: 12,
                day: 31,
            },
        }
    }

    /// Whether the shipped bank holidays cover `date`'s year.
    pub(crate) fn covers(&self, date: Date) -> bool {
        (self.first..=self.last).contains(&date)
    }

    /// The last year the shipped bank holidays cover.
    pub(crate) fn last_year(&self) -> i32 {
        self.last.year
    }

    /// Why `date`, a weekday, is not a working day; none for a working day
    /// or a weekend.
    pub(crate) fn closed(&self, date: Date) -> Option<&Closed> {
        self.closed.get(&date).filter(|_| weekday(date) < 5)
    }

    pub(crate) fn is_working(&self, date: Date) -> bool {
        weekday(date) < 5 && !self.closed.contains_key(&date)
    }

    /// The clear working days between `from` and `to`, neither counted.
    pub(crate) fn clear_days(&self, from: Date, to: Date) -> u32 {
        (from.to_days() + 1..to.to_days())
            .filter(|&d| self.is_working(Date::from_days(d)))
            .count() as u32
    }

    /// The last working day on which something can be published to give
    /// `clear` clear working days before `day`: the day before the
    /// `clear`-th working day counted back from the day before `day`, or
    /// the working day before that if it is not one.
    pub(crate) fn latest_publication(&self, day: Date, clear: u32) -> Date {
        let mut d = day.to_days() - 1;
        let mut counted = 0;
        while counted < clear {
            if self.is_working(Date::from_days(d)) {
                counted += 1;
            }
            d -= 1;
        }
        while !self.is_working(Date::from_days(d)) {
            d -= 1;
        }
        Date::from_days(d)
    }

    /// The clear days between `from` and `to` (neither counted), counted
    /// as `counting` says.
    pub(crate) fn clear_days_by(&self, from: Date, to: Date, counting: Counting) -> u32 {
        match counting {
            Counting::Working => self.clear_days(from, to),
            Counting::Calendar => (to.to_days() - from.to_days() - 1).max(0) as u32,
        }
    }

    /// The last working day on which something can be published to give
    /// `clear` clear days before `day`, counted as `counting` says (in
    /// calendar days, the working day on or before the last such day: an
    /// office publishes on a working day).
    pub(crate) fn latest_publication_by(&self, day: Date, clear: u32, counting: Counting) -> Date {
        match counting {
            Counting::Working => self.latest_publication(day, clear),
            Counting::Calendar => {
                let mut d = day.to_days() - i64::from(clear) - 1;
                while !self.is_working(Date::from_days(d)) {
                    d -= 1;
                }
                Date::from_days(d)
            }
        }
    }

    /// The working day `n` working days before `day` (`day` not counted).
    pub(crate) fn working_days_before(&self, day: Date, n: u32) -> Date {
        let mut d = day.to_days();
        let mut counted = 0;
        while counted < n {
            d -= 1;
            if self.is_working(Date::from_days(d)) {
                counted += 1;
            }
        }
        Date::from_days(d)
    }

    /// The weekdays between `from` and `to` (neither counted) that are not
    /// working days, with why: what a count of clear days skipped.
    pub(crate) fn skipped(&self, from: Date, to: Date) -> Vec<(Date, &Closed)> {
        (from.to_days() + 1..to.to_days())
            .map(Date::from_days)
            .filter_map(|d| self.closed(d).map(|why| (d, why)))
            .collect()
    }
}

/// "25 and 28 December are bank holidays", "29 December is a closed day":
/// the days a count skipped, for a message; empty if none.
pub(crate) fn describe_skipped(skipped: &[(Date, &Closed)]) -> String {
    let mut parts = Vec::new();
    for (bank, one, many) in [
        (true, "is a bank holiday", "are bank holidays"),
        (false, "is a closed day", "are closed days"),
    ] {
        let days: Vec<Date> = skipped
            .iter()
            .filter(|(_, why)| matches!(why, Closed::BankHoliday(_)) == bank)
            .map(|(d, _)| *d)
            .collect();
        if days.is_empty() {
            continue;
        }
        let verb = if days.len() == 1 { one } else { many };
        parts.push(format!("{} {verb}", list_days(&days)));
    }
    parts.join("; ")
}

/// "25 December", "25 and 28 December", "31 March, 3 and 6 April",
/// "30 December 2026 and 1 January 2027".
fn list_days(days: &[Date]) -> String {
    let years_differ = days.iter().any(|d| d.year != days[0].year);
    let mut groups: Vec<(String, Vec<u8>)> = Vec::new();
    for d in days {
        let long = d.long(); // "25 December 2026"
        let month_year = long.split_once(' ').map_or("", |(_, rest)| rest);
        let key = if years_differ {
            month_year.to_string()
        } else {
            month_year
                .rsplit_once(' ')
                .map_or(month_year, |(m, _)| m)
                .to_string()
        };
        match groups.last_mut() {
            Some((k, ds)) if *k == key => ds.push(d.day),
            _ => groups.push((key, vec![d.day])),
        }
    }
    let groups: Vec<String> = groups
        .into_iter()
        .map(|(key, ds)| {
            format!(
                "{} {key}",
                and_list(&ds.iter().map(u8::to_string).collect::<Vec<_>>())
            )
        })
        .collect();
    and_list(&groups)
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests;
