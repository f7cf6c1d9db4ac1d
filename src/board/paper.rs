//! Board papers: `content/papers/<slug>.md`, a cover sheet in the front
//! matter and the paper as the body.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Why a paper comes to the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Purpose {
    Decision,
    Approval,
    Assurance,
    Discussion,
    Information,
}

impl Purpose {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Purpose::Decision => "decision",
            Purpose::Approval => "approval",
            Purpose::Assurance => "assurance",
            Purpose::Discussion => "discussion",
            Purpose::Information => "information",
        }
    }

    /// "For decision".
    pub(crate) fn label(self) -> String {
        format!("For {}", self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum AssuranceLevel {
    Substantial,
    Reasonable,
    Limited,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verb {
    Approve,
    Endorse,
    Agree,
    Note,
    Discuss,
}

impl Verb {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verb::Approve => "approve",
            Verb::Endorse => "endorse",
            Verb::Agree => "agree",
            Verb::Note => "note",
            Verb::Discuss => "discuss",
        }
    }
}

/// Who may see a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Visibility {
    #[default]
    Public,
    Confidential,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Recommendation {
    pub(crate) verb: Verb,
    pub(crate) text: String,
}

/// The implications a paper must consider, each Markdown. Shown in this order.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Implications {
    pub(crate) financial: Option<String>,
    pub(crate) legal: Option<String>,
    pub(crate) equality: Option<String>,
    pub(crate) quality: Option<String>,
    pub(crate) workforce: Option<String>,
    pub(crate) risk: Option<String>,
    pub(crate) data_protection: Option<String>,
    pub(crate) sustainability: Option<String>,
    pub(crate) health_inequalities: Option<String>,
    pub(crate) consultation: Option<String>,
}

impl Implications {
    /// (heading, text) in the fixed order of the cover sheet.
    pub(crate) fn listed(&self) -> Vec<(&'static str, &str)> {
        [
            ("Financial", &self.financial),
            ("Legal", &self.legal),
            ("Equality", &self.equality),
            ("Quality", &self.quality),
            ("Workforce", &self.workforce),
            ("Risk", &self.risk),
            ("Data protection", &self.data_protection),
            ("Sustainability", &self.sustainability),
            ("Health inequalities", &self.health_inequalities),
            ("Consultation", &self.consultation),
        ]
        .into_iter()
        .filter_map(|(h, t)| t.as_deref().map(|t| (h, t)))
        .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PreviouslyConsidered {
    pub(crate) body: String,
    pub(crate) date: Spanned<toml::value::Datetime>,
    pub(crate) outcome: Option<String>,
}

/// The front matter of a board paper: its cover sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperFrontMatter {
    /// Required.
    pub(crate) title: String,
    /// Required: the date of the paper.
    pub(crate) date: Spanned<toml::value::Datetime>,
    /// When it was published, if not with its meeting's agenda (a paper
    /// added late): checked against the meeting's notice.
    pub(crate) published: Option<Spanned<toml::value::Datetime>>,
    /// Required: decision, approval, assurance, discussion or information.
    pub(crate) purpose: Spanned<Purpose>,
    /// Slug of the meeting (content/meetings/<slug>.toml) it goes to.
    pub(crate) meeting: Option<Spanned<String>>,
    /// Default: made from `[papers] reference_format`.
    pub(crate) reference: Option<String>,
    /// Role titles.
    pub(crate) author: Option<String>,
    pub(crate) sponsor: Option<String>,
    pub(crate) presenter: Option<String>,
    pub(crate) assurance_level: Option<AssuranceLevel>,
    /// At least one when the purpose is decision or approval.
    #[serde(default)]
    pub(crate) recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub(crate) implications: Implications,
    #[serde(default)]
    pub(crate) strategic_objectives: Vec<String>,
    #[serde(default)]
    pub(crate) risks: Vec<String>,
    #[serde(default)]
    pub(crate) previously_considered: Vec<PreviouslyConsidered>,
    /// Default public.
    pub(crate) visibility: Option<Spanned<Visibility>>,
    /// Required when confidential: why, e.g. a Schedule 12A paragraph.
    pub(crate) exemption: Option<String>,
    /// What the public agenda shows; default "Confidential item".
    pub(crate) public_title: Option<String>,
    pub(crate) version: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}
