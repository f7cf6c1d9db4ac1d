//! Meetings: `content/meetings/<slug>.toml`, a meeting and its agenda.

use serde::Deserialize;
use toml::Spanned;

use super::paper::Purpose;

/// One agenda item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgendaItem {
    /// "7" or "7.1": unique, in order.
    pub(crate) item: Spanned<String>,
    /// Required unless the item has a paper (which gives it).
    pub(crate) title: Option<String>,
    /// Slug of a paper in content/papers/.
    pub(crate) paper: Option<Spanned<String>>,
    /// A role title.
    pub(crate) lead: Option<String>,
    /// Start time, e.g. 14:20:00.
    pub(crate) time: Option<Spanned<toml::value::Datetime>>,
    pub(crate) duration_minutes: Option<u32>,
    /// Default: the paper's purpose.
    pub(crate) purpose: Option<Purpose>,
}

/// A meeting as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Meeting {
    /// Required, e.g. "Joint Health and Wellbeing Board".
    pub(crate) body: String,
    /// Short code used in paper references, e.g. "JHWB".
    pub(crate) body_code: Option<String>,
    /// Required, e.g. "Meeting in public, December 2026".
    pub(crate) title: String,
    /// Required.
    pub(crate) date: Spanned<toml::value::Datetime>,
    /// Start time, e.g. 14:00:00.
    pub(crate) start: Option<Spanned<toml::value::Datetime>>,
    /// Required.
    pub(crate) location: String,
    /// A role title.
    pub(crate) chair: Option<String>,
    #[serde(default)]
    pub(crate) agenda: Vec<Spanned<AgendaItem>>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}
