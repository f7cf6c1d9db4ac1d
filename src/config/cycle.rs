//! The meeting cycle's settings: `[calendar]` (jurisdiction, time zone,
//! closed days) and `[governance]` (the notices and deadlines counted from
//! them). See docs/deadlines.md.

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// `[calendar]`: the days a body works and the time zone it keeps.
#[derive(Debug, Clone, Default)]
pub(crate) struct CalendarConfig {
    /// `jurisdiction`: whose bank holidays and statutory notice; default
    /// `"england"`.
    pub(crate) jurisdiction: crate::calendar::Jurisdiction,
    /// `timezone`: an IANA name; default `"Europe/London"`.
    pub(crate) zone: crate::calendar::zone::Zone,
    /// `extra_closed_days`: days the body is closed besides weekends and
    /// bank holidays (a council's Christmas closure).
    pub(crate) extra_closed_days: Vec<crate::dates::Date>,
}

impl CalendarConfig {
    /// The body's working days.
    pub(crate) fn working_days(&self) -> crate::calendar::WorkingDays {
        crate::calendar::WorkingDays::new(self.jurisdiction, &self.extra_closed_days)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCalendar {
    pub(super) jurisdiction: Option<crate::calendar::Jurisdiction>,
    pub(super) timezone: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) extra_closed_days: Vec<Spanned<toml::value::Datetime>>,
}

/// `[governance]`: the deadlines of a meeting cycle.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GovernanceConfig {
    /// Clear working days between publishing an agenda (and its papers) and
    /// the meeting; default the jurisdiction's statutory notice (England
    /// 5, Wales and Scotland 3; none for Northern Ireland, which must set
    /// it). A meeting may set its own.
    pub(crate) notice_clear_days: Option<u32>,
    /// Working days before the agenda's publication when authors' papers
    /// are due; default `0` (no report deadline).
    #[serde(default)]
    pub(crate) report_deadline_working_days: u32,
    /// Clear days' notice of a key decision an executive will take (SI
    /// 2012/2089 reg 9(2)); default 28 in England, none elsewhere.
    pub(crate) key_decision_notice_clear_days: Option<u32>,
    /// Clear days' notice of an executive's intention to meet in private
    /// (SI 2012/2089 reg 5(2)); default 28 in England, none elsewhere.
    pub(crate) private_meeting_notice_clear_days: Option<u32>,
    /// How the executive notices' clear days are counted: `"calendar"`
    /// (default) or `"working"` days (the regulations do not say).
    #[serde(default)]
    pub(crate) executive_notice_counting: crate::calendar::Counting,
}

impl GovernanceConfig {
    /// The clear days' notice of a key decision: set, else the
    /// jurisdiction's; none if neither.
    pub(crate) fn key_decision_notice(
        &self,
        jurisdiction: crate::calendar::Jurisdiction,
    ) -> Option<u32> {
        self.key_decision_notice_clear_days
            .or(jurisdiction.executive_notice_clear_days())
    }

    /// The clear days' notice of an executive's private meeting: set, else
    /// the jurisdiction's; none if neither.
    pub(crate) fn private_meeting_notice(
        &self,
        jurisdiction: crate::calendar::Jurisdiction,
    ) -> Option<u32> {
        self.private_meeting_notice_clear_days
            .or(jurisdiction.executive_notice_clear_days())
    }
}

/// `[calendar]` validated: a time zone the database has, days that are
/// dates.
pub(super) fn calendar_config(
    raw: &RawCalendar,
    file: &crate::diagnostic::SourceText,
    problems: &mut Diagnostics,
) -> CalendarConfig {
    use crate::calendar::zone::Zone;
    let zone = match &raw.timezone {
        None => Zone::default(),
        Some(name) => Zone::named(name.get_ref()).unwrap_or_else(|| {
            problems.push(
                Diagnostic::error(format!("\"{}\" is not a time zone", name.get_ref()))
                    .at(file, name.span().start)
                    .with_hint(
                        "use a name from the IANA time zone database, like \"Europe/London\"",
                    ),
            );
            Zone::default()
        }),
    };
    let mut extra_closed_days = Vec::new();
    for day in &raw.extra_closed_days {
        match (
            crate::dates::Date::from_toml(day.get_ref()),
            day.get_ref().time,
        ) {
            (Some(d), None) => extra_closed_days.push(d),
            _ => problems.push(
                Diagnostic::error("`extra_closed_days` must list calendar dates")
                    .at(file, day.span().start)
                    .with_hint("write them like `extra_closed_days = [2026-12-29, 2026-12-30]`"),
            ),
        }
    }
    CalendarConfig {
        jurisdiction: raw.jurisdiction.unwrap_or_default(),
        zone,
        extra_closed_days,
    }
}
