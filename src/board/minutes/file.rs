//! Minutes as written: `content/minutes/<meeting-slug>.md`, TOML front
//! matter for what is structured (attendance, decisions, actions, updates
//! to earlier actions, declarations of interest) and Markdown for the
//! narrative, one `## <item>. <title>` section per agenda item.

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

/// The front matter of a minutes file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MinutesFrontMatter {
    /// The meeting minuted (its slug); must be the file's name.
    pub(crate) meeting: Spanned<String>,
    #[serde(default)]
    pub(crate) status: Option<Spanned<MinutesStatus>>,
    /// The meeting, by slug, that approved them (approved minutes only).
    pub(crate) approved_at: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) present: Vec<Spanned<Attendee>>,
    #[serde(default)]
    pub(crate) apologies: Vec<Spanned<Attendee>>,
    #[serde(default)]
    pub(crate) in_attendance: Vec<Spanned<Attendee>>,
    #[serde(default)]
    pub(crate) decisions: Vec<Spanned<DecisionFile>>,
    #[serde(default)]
    pub(crate) actions: Vec<Spanned<ActionFile>>,
    #[serde(default)]
    pub(crate) action_updates: Vec<Spanned<ActionUpdateFile>>,
    #[serde(default)]
    pub(crate) interests: Vec<Spanned<InterestFile>>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

/// Draft until the next meeting approves them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MinutesStatus {
    #[default]
    Draft,
    Approved,
}

/// Someone present, apologising or in attendance: a name or a role title.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attendee {
    pub(crate) name: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) organisation: Option<String>,
    pub(crate) note: Option<String>,
}

/// `[[decisions]]`: a resolution on an agenda item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionFile {
    pub(crate) item: Spanned<String>,
    pub(crate) text: Spanned<String>,
    pub(crate) vote: Option<Vote>,
    #[serde(default)]
    pub(crate) recorded_votes: Vec<RecordedVote>,
}

/// How many voted each way.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vote {
    #[serde(rename = "for")]
    pub(crate) for_: u32,
    pub(crate) against: u32,
    #[serde(default)]
    pub(crate) abstain: u32,
    /// When the votes are equal: how the chair's casting vote went.
    pub(crate) casting: Option<VoteOption>,
}

impl Vote {
    /// Whether the motion was carried: more for than against, or equal and
    /// the chair's casting vote for it (without one, an equal vote is lost).
    pub(crate) fn carried(&self) -> bool {
        match self.for_.cmp(&self.against) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => self.casting == Some(VoteOption::For),
        }
    }
}

/// How one member voted, when the vote was recorded.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordedVote {
    pub(crate) member: String,
    pub(crate) vote: VoteOption,
}

/// A member's vote.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum VoteOption {
    For,
    Against,
    Abstain,
}

/// `[[actions]]`: something to be done, by whom, by when.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionFile {
    pub(crate) item: Spanned<String>,
    /// A role title.
    pub(crate) owner: Option<Spanned<String>>,
    pub(crate) due: Option<Spanned<Datetime>>,
    pub(crate) text: Spanned<String>,
}

/// `[[action_updates]]`: news of an action from earlier minutes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionUpdateFile {
    /// Its reference, like "JHWB/26/12/A3".
    pub(crate) action: Spanned<String>,
    pub(crate) status: Spanned<ActionStatus>,
    pub(crate) note: Option<String>,
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ActionStatus {
    #[default]
    Open,
    Done,
    Closed,
    Superseded,
}

impl ActionStatus {
    /// Whether nothing more is to be done.
    pub(crate) fn is_finished(self) -> bool {
        !matches!(self, ActionStatus::Open)
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::Done => "Done",
            ActionStatus::Closed => "Closed",
            ActionStatus::Superseded => "Superseded",
        }
    }
}

/// `[[interests]]`: a declaration of interest made at the meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InterestFile {
    pub(crate) item: Spanned<String>,
    /// A name or a role title.
    pub(crate) member: String,
    pub(crate) interest: String,
    /// E.g. "disclosable pecuniary", "other registrable", "non-registrable".
    pub(crate) kind: Option<String>,
    /// What the member did: "left the room", "did not vote".
    pub(crate) action: Option<String>,
}
