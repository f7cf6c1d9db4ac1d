//! Organisations: `content/organisations/<slug>.toml`, the employers and
//! partners that case studies, roles and papers refer to by slug.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// What sort of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum OrganisationKind {
    Nhs,
    LocalAuthority,
    CareTrust,
    Partnership,
    Charity,
    Other,
}

impl OrganisationKind {
    /// The label shown to readers.
    pub(crate) fn label(self) -> &'static str {
        match self {
            OrganisationKind::Nhs => "NHS body",
            OrganisationKind::LocalAuthority => "Local authority",
            OrganisationKind::CareTrust => "Care trust",
            OrganisationKind::Partnership => "Partnership",
            OrganisationKind::Charity => "Charity",
            OrganisationKind::Other => "Other",
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Nhs => "nhs",
            OrganisationKind::LocalAuthority => "local-authority",
            OrganisationKind::CareTrust => "care-trust",
            OrganisationKind::Partnership => "partnership",
            OrganisationKind::Charity => "charity",
            OrganisationKind::Other => "other",
        }
    }
}

/// An organisation file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Organisation {
    /// Required: the full name, e.g. "Knowsley Metropolitan Borough Council".
    pub(crate) name: String,
    /// Optional short name for badges; default none.
    pub(crate) short_name: Option<String>,
    /// Optional; default `other`.
    pub(crate) kind: Option<OrganisationKind>,
    /// Optional web address.
    pub(crate) website: Option<Spanned<String>>,
    /// Optional logo: a path under static/, e.g. "/logos/council.svg".
    pub(crate) logo: Option<Spanned<String>>,
    /// Optional brand colour as `#rrggbb`.
    pub(crate) colour: Option<Spanned<String>>,
    /// Optional Markdown description.
    pub(crate) about: Option<String>,
    /// Optional one-line postal address.
    pub(crate) address: Option<String>,
    /// Free-form data for templates.
    #[serde(default)]
    pub(crate) extra: toml::Table,
}
