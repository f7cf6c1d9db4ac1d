//! Case studies: `content/case-studies/<slug>.md`.

use serde::Deserialize;
use toml::Spanned;

use crate::load::common::KeyFact;
use crate::load::common::OtherKeys;

/// The front matter of a case study.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseStudyFrontMatter {
    /// Required.
    pub(crate) title: String,
    /// Required: one plain-text sentence, shown in listings and feeds.
    pub(crate) summary: String,
    /// Required TOML date, e.g. `date = 2026-03-12`.
    pub(crate) date: Spanned<toml::value::Datetime>,
    /// Slugs of files in content/organisations/; each must exist. Default none.
    #[serde(default)]
    pub(crate) organisations: Vec<Spanned<String>>,
    /// `{ label, value }` pairs. Default none.
    #[serde(default)]
    pub(crate) key_facts: Vec<KeyFact>,
    /// Left out of builds unless `--drafts`. Default false.
    #[serde(default)]
    pub(crate) draft: bool,
    /// Orders case studies with the same date (lower first). Default none.
    pub(crate) weight: Option<i64>,
    /// Old URLs that redirect here. Default none.
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    /// Free-form data for templates.
    #[serde(default)]
    pub(crate) extra: toml::Table,
    /// Taxonomy lists (`themes`, `regions`, and any configured in dossier.toml).
    #[serde(flatten)]
    pub(crate) other: OtherKeys,
}

/// Every key a case study may have, for "did you mean" hints.
pub(crate) const KEYS: &[&str] = &[
    "title",
    "summary",
    "date",
    "organisations",
    "key_facts",
    "draft",
    "weight",
    "aliases",
    "extra",
];
