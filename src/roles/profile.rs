//! Role profiles: `content/roles/<slug>.toml`, one per vacancy.
//!
//! The parsed form keeps spans on every value a later rule checks (shares,
//! salary, dates, slugs), so each broken rule points at its own line.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A vacancy as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleProfile {
    /// Required: the job title, e.g. "Director of Public Health".
    pub title: String,
    /// Required: the recruitment reference, e.g. "KNW-DPH-2026".
    pub reference: String,
    /// Required: one plain-text sentence for listings and search engines.
    pub summary: String,
    /// e.g. "Director (JNC)". Default none.
    pub grade: Option<String>,
    /// e.g. "Permanent", "Fixed term (two years)". Default none.
    pub contract: Option<String>,
    /// e.g. "Full-time (37 hours a week)". Default none.
    pub hours: Option<String>,
    /// Where the post is based. Default none.
    pub location: Option<Location>,
    /// Whether hybrid working is offered. Default none (not stated).
    pub hybrid: Option<bool>,
    /// A date, or text such as "Spring 2027". Default none.
    pub start_date: Option<Spanned<toml::Value>>,
    /// At least one; several make a joint appointment.
    pub employers: Option<Spanned<Vec<Spanned<Employer>>>>,
    /// Reporting lines. Default none.
    #[serde(default)]
    pub reports_to: Vec<ReportingLine>,
    /// Markdown: professional and managerial accountability. Default none.
    pub accountability: Option<String>,
    /// Pay. Default none.
    pub salary: Option<Spanned<Salary>>,
    /// A welcome letter. Default none.
    pub welcome: Option<Welcome>,
    /// Markdown. Default none.
    pub about_role: Option<String>,
    /// Markdown items. Default none.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// Markdown items. Default none.
    #[serde(default)]
    pub key_relationships: Vec<String>,
    /// Markdown. Default none.
    pub how_to_apply: Option<String>,
    /// Markdown. Default none.
    pub equality_statement: Option<String>,
    /// The person specification. Default none.
    #[serde(default)]
    pub person_specification: Vec<Criterion>,
    /// Required: a TOML date, or a date and time.
    pub closing_date: Spanned<toml::value::Datetime>,
    /// Recruitment stages, in date order. Default none.
    #[serde(default)]
    pub timeline: Vec<Spanned<Stage>>,
    /// Where to apply. Default none.
    pub apply_url: Option<Spanned<String>>,
    /// People to talk to, by role. Default none.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Slugs of related case studies; each must exist. Default none.
    #[serde(default)]
    pub case_studies: Vec<Spanned<String>>,
    /// Left out of builds unless `--drafts`. Default false.
    #[serde(default)]
    pub draft: bool,
    /// Free-form data for templates.
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Required: town or city.
    pub locality: String,
    pub region: Option<String>,
    pub postcode: Option<String>,
}

/// One employer of the post.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// Slug of a file in content/organisations/.
    pub organisation: Spanned<String>,
    /// Per cent of the post's time; required for joint appointments.
    pub share: Option<Spanned<f64>>,
    /// The employing body of a joint appointment (exactly one).
    #[serde(default)]
    pub host: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingLine {
    /// The role reported to, e.g. "Chief Executive".
    pub title: String,
    /// Slug of the organisation, if not obvious. Must exist.
    pub organisation: Option<Spanned<String>>,
}

/// How often a salary is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    #[default]
    Year,
    Month,
    Week,
    Day,
    Hour,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
            Period::Hour => "hour",
        }
    }

    /// schema.org `unitText`.
    pub fn unit_text(self) -> &'static str {
        match self {
            Period::Year => "YEAR",
            Period::Month => "MONTH",
            Period::Week => "WEEK",
            Period::Day => "DAY",
            Period::Hour => "HOUR",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    /// ISO 4217 code; default "GBP".
    #[serde(default = "gbp")]
    pub currency: Spanned<String>,
    /// Default "year".
    #[serde(default)]
    pub period: Period,
    /// e.g. the pension scheme. Default none.
    pub note: Option<String>,
}

fn gbp() -> Spanned<String> {
    Spanned::new(0..0, "GBP".to_string())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Welcome {
    /// A role title, e.g. "Chief Executive" (never a person's name).
    pub from: String,
    /// Markdown.
    pub body: String,
}

/// Whether a criterion must be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Essential,
    Desirable,
}

/// How a criterion is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Assessment {
    Application,
    Interview,
    Assessment,
    Presentation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub category: String,
    pub criterion: String,
    pub level: Level,
    #[serde(default)]
    pub assessed: Vec<Assessment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub date: Spanned<toml::value::Datetime>,
    pub stage: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A role title, e.g. "Head of Recruitment".
    pub role: String,
    pub email: Option<Spanned<String>>,
    pub phone: Option<String>,
}
