//! Role profiles: `content/roles/<slug>.toml`, one per vacancy.
//!
//! The parsed form keeps spans on every value a later rule checks (shares,
//! salary, dates, slugs), so each broken rule points at its own line.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A vacancy as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleProfile {
    /// Required: the job title, e.g. "Director of Public Health".
    pub(crate) title: String,
    /// Required: the recruitment reference, e.g. "KNW-DPH-2026".
    pub(crate) reference: String,
    /// Required: one plain-text sentence for listings and search engines.
    pub(crate) summary: String,
    /// e.g. "Director (JNC)". Default none.
    pub(crate) grade: Option<String>,
    /// e.g. "Permanent", "Fixed term (two years)". Default none.
    pub(crate) contract: Option<String>,
    /// e.g. "Full-time (37 hours a week)". Default none.
    pub(crate) hours: Option<String>,
    /// Where the post is based. Default none.
    pub(crate) location: Option<Location>,
    /// Whether hybrid working is offered. Default none (not stated).
    pub(crate) hybrid: Option<bool>,
    /// A date, or text such as "Spring 2027". Default none.
    pub(crate) start_date: Option<Spanned<toml::Value>>,
    /// At least one; several make a joint appointment.
    pub(crate) employers: Option<Spanned<Vec<Spanned<Employer>>>>,
    /// Reporting lines. Default none.
    #[serde(default)]
    pub(crate) reports_to: Vec<ReportingLine>,
    /// Markdown: professional and managerial accountability. Default none.
    pub(crate) accountability: Option<String>,
    /// Pay. Default none.
    pub(crate) salary: Option<Spanned<Salary>>,
    /// A welcome letter. Default none.
    pub(crate) welcome: Option<Welcome>,
    /// Markdown. Default none.
    pub(crate) about_role: Option<String>,
    /// Markdown items. Default none.
    #[serde(default)]
    pub(crate) responsibilities: Vec<String>,
    /// Markdown items. Default none.
    #[serde(default)]
    pub(crate) key_relationships: Vec<String>,
    /// Markdown. Default none.
    pub(crate) how_to_apply: Option<String>,
    /// Markdown. Default none.
    pub(crate) equality_statement: Option<String>,
    /// The person specification. Default none.
    #[serde(default)]
    pub(crate) person_specification: Vec<Criterion>,
    /// Required: a TOML date, or a date and time.
    pub(crate) closing_date: Spanned<toml::value::Datetime>,
    /// Recruitment stages, in date order. Default none.
    #[serde(default)]
    pub(crate) timeline: Vec<Spanned<Stage>>,
    /// Where to apply. Default none.
    pub(crate) apply_url: Option<Spanned<String>>,
    /// People to talk to, by role. Default none.
    #[serde(default)]
    pub(crate) contacts: Vec<Contact>,
    /// Slugs of related case studies; each must exist. Default none.
    #[serde(default)]
    pub(crate) case_studies: Vec<Spanned<String>>,
    /// Left out of builds unless `--drafts`. Default false.
    #[serde(default)]
    pub(crate) draft: bool,
    /// Free-form data for templates.
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Location {
    /// Required: town or city.
    pub(crate) locality: String,
    pub(crate) region: Option<String>,
    pub(crate) postcode: Option<String>,
}

/// One employer of the post.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Employer {
    /// Slug of a file in content/organisations/.
    pub(crate) organisation: Spanned<String>,
    /// Per cent of the post's time; required for joint appointments.
    pub(crate) share: Option<Spanned<f64>>,
    /// The employing body of a joint appointment (exactly one).
    #[serde(default)]
    pub(crate) host: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportingLine {
    /// The role reported to, e.g. "Chief Executive".
    pub(crate) title: String,
    /// Slug of the organisation, if not obvious. Must exist.
    pub(crate) organisation: Option<Spanned<String>>,
}

/// How often a salary is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Period {
    #[default]
    Year,
    Month,
    Week,
    Day,
    Hour,
}

impl Period {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
            Period::Hour => "hour",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Salary {
    pub(crate) min: Spanned<f64>,
    pub(crate) max: Spanned<f64>,
    /// ISO 4217 code; default "GBP".
    #[serde(default = "gbp")]
    pub(crate) currency: Spanned<String>,
    /// Default "year".
    #[serde(default)]
    pub(crate) period: Period,
    /// e.g. the pension scheme. Default none.
    pub(crate) note: Option<String>,
}

fn gbp() -> Spanned<String> {
    Spanned::new(0..0, "GBP".to_string())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Welcome {
    /// A role title, e.g. "Chief Executive" (never a person's name).
    pub(crate) from: String,
    /// Markdown.
    pub(crate) body: String,
}

/// Whether a criterion must be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Essential,
    Desirable,
}

/// How a criterion is assessed. The variants are the words users write
/// (`assessed = ["interview", "assessment"]`), one of which is "assessment".
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Assessment {
    Application,
    Interview,
    Assessment,
    Presentation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Criterion {
    pub(crate) category: String,
    pub(crate) criterion: String,
    pub(crate) level: Level,
    #[serde(default)]
    pub(crate) assessed: Vec<Assessment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Stage {
    pub(crate) date: Spanned<toml::value::Datetime>,
    pub(crate) stage: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    /// A role title, e.g. "Head of Recruitment".
    pub(crate) role: String,
    pub(crate) email: Option<Spanned<String>>,
    pub(crate) phone: Option<String>,
}
