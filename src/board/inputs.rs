//! The board's content kinds: which files under content/ are board papers,
//! meetings and minutes, how each is parsed, and where it is kept until the board is
//! planned. A new kind of the board (a forward plan, say) is a row of [`KINDS`], a
//! variant of [`Kind`] and [`Loaded`], an arm in [`parse`] and [`BoardInputs::keep`],
//! and a field here; `load` needs no change.

use crate::board::meeting::Meeting;
use crate::board::minutes::file::MinutesFrontMatter;
use crate::board::paper::PaperFrontMatter;
use crate::diagnostic::{Diagnostics, SourceText};
use crate::load::parse::{MarkdownFile, TomlFile, strict_markdown, toml_file};

/// The folder that holds board papers.
pub(crate) const PAPERS: &str = "papers";
/// The folder that holds meetings.
pub(crate) const MEETINGS: &str = "meetings";
/// The folder that holds minutes.
pub(crate) const MINUTES: &str = "minutes";

/// A kind of board file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Paper,
    Meeting,
    Minutes,
}

/// The registration of the board's kinds: (folder under content/, file
/// extension, kind). `load` gives each file it finds in one of these
/// folders, with that extension, to [`parse`].
pub(crate) const KINDS: &[(&str, &str, Kind)] = &[
    (PAPERS, "md", Kind::Paper),
    (MEETINGS, "toml", Kind::Meeting),
    (MINUTES, "md", Kind::Minutes),
];

/// The text fields of each kind: what a translation (`<slug>.cy.md`) may
/// hold (see [`crate::load::translation`]). Names of people and bodies that
/// other files match on (a meeting's `body`, who owns an action) are not.
pub(crate) fn text_fields(kind: Kind) -> (&'static str, &'static [&'static str]) {
    match kind {
        Kind::Paper => (
            "paper",
            &[
                "title",
                "public_title",
                "author",
                "sponsor",
                "presenter",
                "exemption",
                "recommendations.text",
                "implications.financial",
                "implications.legal",
                "implications.equality",
                "implications.quality",
                "implications.workforce",
                "implications.risk",
                "implications.data_protection",
                "implications.sustainability",
                "implications.health_inequalities",
                "implications.consultation",
                "strategic_objectives",
                "risks",
                "previously_considered.outcome",
            ],
        ),
        Kind::Meeting => (
            "meeting",
            &[
                "title",
                "location",
                "reason",
                "chair",
                "private_urgency",
                "agenda.title",
                "agenda.lead",
                "agenda.special_urgency",
                "agenda.urgent",
                "agenda.withdrawn",
                "agenda.deferred",
            ],
        ),
        Kind::Minutes => (
            "minutes",
            &[
                "present.role",
                "present.note",
                "apologies.role",
                "apologies.note",
                "in_attendance.role",
                "in_attendance.note",
                "decisions.text",
                "actions.text",
                "action_updates.note",
                "interests.interest",
                "interests.action",
            ],
        ),
    }
}

/// One board file, parsed. (A value lives only from [`parse`] to
/// [`BoardInputs::keep`], so the variants' sizes do not matter.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Loaded {
    Paper(MarkdownFile<PaperFrontMatter>),
    Meeting(TomlFile<Meeting>),
    Minutes(MarkdownFile<MinutesFrontMatter>),
}

/// Read and parse one board file; `None` when it could not be (its problems
/// are in `problems`).
pub(crate) fn parse(
    kind: Kind,
    file: SourceText,
    content_path: String,
    problems: &mut Diagnostics,
) -> Option<Loaded> {
    Some(match kind {
        Kind::Paper => Loaded::Paper(strict_markdown(file, content_path, problems)?),
        Kind::Meeting => Loaded::Meeting(toml_file(file, content_path, problems)?),
        Kind::Minutes => Loaded::Minutes(strict_markdown(file, content_path, problems)?),
    })
}

/// The board's files, as loaded.
#[derive(Debug, Default)]
pub struct BoardInputs {
    pub(crate) papers: Vec<MarkdownFile<PaperFrontMatter>>,
    pub(crate) meetings: Vec<TomlFile<Meeting>>,
    pub(crate) minutes: Vec<MarkdownFile<MinutesFrontMatter>>,
    /// Slugs of every paper, meeting and minutes file found, parsed or not, so that a
    /// file with its own error does not also break every reference to it.
    pub(crate) paper_slugs: Vec<String>,
    pub(crate) meeting_slugs: Vec<String>,
    pub(crate) minutes_slugs: Vec<String>,
    /// Slugs of every organisation file, which a meeting's `organisation`
    /// may name.
    pub(crate) organisation_slugs: Vec<String>,
}

impl BoardInputs {
    /// Note a file of `kind` named `slug`, whether or not it parsed.
    pub(crate) fn found(&mut self, kind: Kind, slug: String) {
        match kind {
            Kind::Paper => self.paper_slugs.push(slug),
            Kind::Meeting => self.meeting_slugs.push(slug),
            Kind::Minutes => self.minutes_slugs.push(slug),
        }
    }

    /// Keep a parsed file.
    pub(crate) fn keep(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Paper(f) => self.papers.push(f),
            Loaded::Meeting(f) => self.meetings.push(f),
            Loaded::Minutes(f) => self.minutes.push(f),
        }
    }
}
