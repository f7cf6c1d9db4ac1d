//! Meetings: `content/meetings/<slug>.toml`, a meeting and its agenda.

use serde::Deserialize;
use toml::Spanned;

use super::paper::Purpose;

/// One agenda item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// "7" or "7.1": unique, in order.
    pub item: Spanned<String>,
    /// Required unless the item has a paper (which gives it).
    pub title: Option<String>,
    /// Slug of a paper in content/papers/.
    pub paper: Option<Spanned<String>>,
    /// A role title.
    pub lead: Option<String>,
    /// Start time, e.g. 14:20:00.
    pub time: Option<Spanned<toml::value::Datetime>>,
    pub duration_minutes: Option<u32>,
    /// Default: the paper's purpose.
    pub purpose: Option<Purpose>,
}

/// A meeting as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Required, e.g. "Joint Health and Wellbeing Board".
    pub body: String,
    /// Short code used in paper references, e.g. "JHWB".
    pub body_code: Option<String>,
    /// Required, e.g. "Meeting in public, December 2026".
    pub title: String,
    /// Required.
    pub date: Spanned<toml::value::Datetime>,
    /// Start time, e.g. 14:00:00.
    pub start: Option<Spanned<toml::value::Datetime>>,
    /// Required.
    pub location: String,
    /// A role title.
    pub chair: Option<String>,
    #[serde(default)]
    pub agenda: Vec<Spanned<AgendaItem>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: toml::Table,
}
