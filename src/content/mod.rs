//! Typed inputs, in the users' words: what a content file may say.
//!
//! These are the *parsed* forms of the files under `content/`: exactly the
//! keys a user may write, with `deny_unknown_fields` so a typo is an error, and
//! spans kept where a later check (a missing organisation, say) must point
//! back into the file. Resolution against the rest of the site happens in
//! [`crate::model`], never here.

pub mod case_study;
pub mod meeting;
pub mod organisation;
pub mod page;
pub mod paper;
pub mod role;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use case_study::CaseStudyFrontMatter;
pub use meeting::Meeting;
pub use organisation::{Organisation, OrganisationKind};
pub use page::PageFrontMatter;
pub use paper::PaperFrontMatter;
pub use role::RoleProfile;

/// A `{ label, value }` pair shown as a key fact.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KeyFact {
    pub label: String,
    pub value: String,
}

/// Front-matter keys that are not part of a schema: taxonomy lists named in
/// `[taxonomies]` of dossier.toml. Anything else found here is an unknown key.
pub type OtherKeys = BTreeMap<String, toml::Value>;

/// Keys every Markdown kind accepts besides its own.
pub const TAXONOMY_KEYS_ALWAYS_ALLOWED: [&str; 2] = ["themes", "regions"];
