//! Generic pages and section indexes: any other Markdown under content/.

use serde::Deserialize;
use toml::Spanned;

use crate::load::common::OtherKeys;

/// The front matter of a generic page, a section's `_index.md` or the home page.
#[derive(Debug, Clone, Deserialize)]
pub struct PageFrontMatter {
    /// Required.
    pub(crate) title: String,
    /// Optional TOML date.
    pub(crate) date: Option<Spanned<toml::value::Datetime>>,
    /// Optional meta description and listing text.
    pub(crate) description: Option<String>,
    /// Left out of builds unless `--drafts`. Default false.
    #[serde(default)]
    pub(crate) draft: bool,
    /// Orders pages in a section (lower first). Default none.
    pub(crate) weight: Option<i64>,
    /// Old URLs that redirect here. Default none.
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    /// Free-form data for templates.
    #[serde(default)]
    pub(crate) extra: toml::Table,
    /// Taxonomy lists.
    #[serde(flatten)]
    pub(crate) other: OtherKeys,
}

/// Every key a page may have, for "did you mean" hints.
pub(crate) const KEYS: &[&str] = &[
    "title",
    "date",
    "description",
    "draft",
    "weight",
    "aliases",
    "extra",
];
