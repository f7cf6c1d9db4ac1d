//! Front-matter pieces every content kind shares: key facts and the keys
//! that are not part of any schema (taxonomy lists). Each kind's own typed
//! input lives with its product (`site::page`, `roles::profile`,
//! `board::paper`, ...), with `deny_unknown_fields` so a typo is an error.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A `{ label, value }` pair shown as a key fact.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyFact {
    pub(crate) label: String,
    pub(crate) value: String,
}

/// Front-matter keys that are not part of a schema: taxonomy lists named in
/// `[taxonomies]` of dossier.toml. Anything else found here is an unknown key.
pub(crate) type OtherKeys = BTreeMap<String, toml::Value>;

/// Keys every Markdown kind accepts besides its own.
pub(crate) const TAXONOMY_KEYS_ALWAYS_ALLOWED: [&str; 2] = ["themes", "regions"];
