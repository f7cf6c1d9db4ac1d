//! The roles' content kind: which files under content/ are role profiles,
//! how each is parsed, and where they are kept until they are resolved. A
//! new kind of this product is a row of [`KINDS`], a variant of [`Kind`]
//! and [`Loaded`], an arm in [`parse`] and [`RoleInputs::keep`], and a
//! field here; `load` needs no change.

use crate::diagnostic::{Diagnostics, SourceText};
use crate::load::parse::{TomlFile, toml_file};
use crate::roles::profile::RoleProfile;

/// The folder that holds role profiles (vacancies).
pub(crate) const ROLES: &str = "roles";

/// A kind of roles file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Role,
}

/// The registration of the roles' kinds: (folder under content/, file
/// extension, kind).
pub(crate) const KINDS: &[(&str, &str, Kind)] = &[(ROLES, "toml", Kind::Role)];

/// The text fields of each kind: what a translation (`<slug>.cy.toml`) may
/// hold (see [`crate::load::translation`]).
pub(crate) fn text_fields(kind: Kind) -> (&'static str, &'static [&'static str]) {
    match kind {
        Kind::Role => (
            "role",
            &[
                "title",
                "summary",
                "grade",
                "contract",
                "hours",
                "start_date",
                "location.locality",
                "location.region",
                "reports_to.title",
                "accountability",
                "salary.note",
                "welcome.from",
                "welcome.body",
                "about_role",
                "responsibilities",
                "key_relationships",
                "how_to_apply",
                "equality_statement",
                "person_specification.category",
                "person_specification.criterion",
                "timeline.stage",
                "contacts.role",
            ],
        ),
    }
}

/// One roles file, parsed.
pub(crate) enum Loaded {
    Role(TomlFile<RoleProfile>),
}

/// Read and parse one roles file; `None` when it could not be (its problems
/// are in `problems`).
pub(crate) fn parse(
    kind: Kind,
    file: SourceText,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<Loaded> {
    Some(match kind {
        Kind::Role => Loaded::Role(toml_file(file, content_path, problems)?),
    })
}

/// The roles' files, as loaded.
#[derive(Debug, Default)]
pub struct RoleInputs {
    pub(crate) roles: Vec<TomlFile<RoleProfile>>,
}

impl RoleInputs {
    /// Keep a parsed file.
    pub(crate) fn keep(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Role(f) => self.roles.push(f),
        }
    }
}
