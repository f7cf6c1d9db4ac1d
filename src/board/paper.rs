//! Board papers: `content/papers/<slug>.md`, a cover sheet in the front
//! matter and the paper as the body.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Why a paper comes to the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Decision,
    Approval,
    Assurance,
    Discussion,
    Information,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Decision => "decision",
            Purpose::Approval => "approval",
            Purpose::Assurance => "assurance",
            Purpose::Discussion => "discussion",
            Purpose::Information => "information",
        }
    }

    /// "For decision".
    pub fn label(self) -> String {
        format!("For {}", self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssuranceLevel {
    Substantial,
    Reasonable,
    Limited,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    Approve,
    Endorse,
    Agree,
    Note,
    Discuss,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
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
pub enum Visibility {
    #[default]
    Public,
    Confidential,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub verb: Verb,
    pub text: String,
}

/// The implications a paper must consider, each Markdown. Shown in this order.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Implications {
    pub financial: Option<String>,
    pub legal: Option<String>,
    pub equality: Option<String>,
    pub quality: Option<String>,
    pub workforce: Option<String>,
    pub risk: Option<String>,
    pub data_protection: Option<String>,
    pub sustainability: Option<String>,
    pub health_inequalities: Option<String>,
    pub consultation: Option<String>,
}

impl Implications {
    /// (heading, text) in the fixed order of the cover sheet.
    pub fn listed(&self) -> Vec<(&'static str, &str)> {
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
pub struct PreviouslyConsidered {
    pub body: String,
    pub date: Spanned<toml::value::Datetime>,
    pub outcome: Option<String>,
}

/// The front matter of a board paper: its cover sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperFrontMatter {
    /// Required.
    pub title: String,
    /// Required: the date of the paper.
    pub date: Spanned<toml::value::Datetime>,
    /// Required: decision, approval, assurance, discussion or information.
    pub purpose: Spanned<Purpose>,
    /// Slug of the meeting (content/meetings/<slug>.toml) it goes to.
    pub meeting: Option<Spanned<String>>,
    /// Default: made from `[papers] reference_format`.
    pub reference: Option<String>,
    /// Role titles.
    pub author: Option<String>,
    pub sponsor: Option<String>,
    pub presenter: Option<String>,
    pub assurance_level: Option<AssuranceLevel>,
    /// At least one when the purpose is decision or approval.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub implications: Implications,
    #[serde(default)]
    pub strategic_objectives: Vec<String>,
    #[serde(default)]
    pub risks: Vec<String>,
    #[serde(default)]
    pub previously_considered: Vec<PreviouslyConsidered>,
    /// Default public.
    pub visibility: Option<Spanned<Visibility>>,
    /// Required when confidential: why, e.g. a Schedule 12A paragraph.
    pub exemption: Option<String>,
    /// What the public agenda shows; default "Confidential item".
    pub public_title: Option<String>,
    pub version: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: toml::Table,
}
