//! Every rule `dossier check` reports, with its level and what it means:
//! the list the JSON and SARIF forms and docs/workflow.md name.

use super::Level;

/// A rule `check` can report.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) id: &'static str,
    pub(crate) level: Level,
    pub(crate) summary: &'static str,
}

/// Every rule, in the order of docs/workflow.md.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "build",
        level: Level::Error,
        summary: "A problem the build reports: front matter, schemas, references, internal @/ links, templates.",
    },
    Rule {
        id: "internal-link",
        level: Level::Error,
        summary: "A link or asset address in a built page that points to no page or file of the site, or to a missing #anchor.",
    },
    Rule {
        id: "img-alt",
        level: Level::Warning,
        summary: "An image without alt text.",
    },
    Rule {
        id: "heading-order",
        level: Level::Warning,
        summary: "A heading more than one level below the heading before it.",
    },
    Rule {
        id: "link-text",
        level: Level::Warning,
        summary: "A link with no text, or text that means nothing out of context (\"click here\").",
    },
    Rule {
        id: "table-headers",
        level: Level::Warning,
        summary: "A table without header cells.",
    },
    Rule {
        id: "html-lang",
        level: Level::Warning,
        summary: "A page that does not declare its language (<html lang>).",
    },
    Rule {
        id: "untranslated",
        level: Level::Warning,
        summary: "In a site of several languages: a page, role, organisation, meeting, paper or minutes with no translation into a language, or text fields its translation leaves untranslated; and a language without its site title ([lang.<code>] title).",
    },
    Rule {
        id: "case-study-age",
        level: Level::Warning,
        summary: "A case study older than [check] case_study_max_age_years.",
    },
    Rule {
        id: "meeting-deadlines",
        level: Level::Note,
        summary: "For each upcoming meeting: the day its agenda must be published (and its reports are due), in clear working days; for an executive's, the days the notices of its key decisions and of meeting in private are due.",
    },
    Rule {
        id: "meeting-notice",
        level: Level::Warning,
        summary: "An agenda published (`published`) with fewer clear working days than the meeting's notice.",
    },
    Rule {
        id: "paper-notice",
        level: Level::Warning,
        summary: "A board paper published with fewer clear working days than its meeting's notice.",
    },
    Rule {
        id: "action-overdue",
        level: Level::Note,
        summary: "An action recorded in minutes that is still open after its due date.",
    },
    Rule {
        id: "minutes-approval",
        level: Level::Warning,
        summary: "Draft minutes of a meeting whose body has met again since without approving them.",
    },
    Rule {
        id: "minutes-decision",
        level: Level::Warning,
        summary: "An item for decision or approval whose minutes record no decision.",
    },
    Rule {
        id: "key-decision-notice",
        level: Level::Warning,
        summary: "A key decision of an executive whose notice (SI 2012/2089 reg 9, 28 clear days in England) was published late or is not said to be published by its last day, not taken under the general exception or special urgency.",
    },
    Rule {
        id: "private-meeting-notice",
        level: Level::Warning,
        summary: "An executive's meeting with confidential items whose notice of meeting in private (SI 2012/2089 reg 5, 28 clear days in England) was published late or is not said to be published by its last day, without the urgency agreed.",
    },
    Rule {
        id: "paper-recommendations",
        level: Level::Warning,
        summary: "A board paper with more recommendations than [check] paper_max_recommendations.",
    },
    Rule {
        id: "paper-length",
        level: Level::Warning,
        summary: "A board paper longer than [check] paper_max_words.",
    },
    Rule {
        id: "role-closed",
        level: Level::Warning,
        summary: "A vacancy closed more than [check] role_max_days_closed days ago that is still published.",
    },
    Rule {
        id: "external-link",
        level: Level::Warning,
        summary: "With --external: a web address that is broken (404, 410, no such host, a server error).",
    },
    Rule {
        id: "external-unverified",
        level: Level::Note,
        summary: "With --external: a web address that could not be verified (401, 403, 429, no answer).",
    },
];
