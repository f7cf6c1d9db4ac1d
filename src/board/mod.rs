//! Board papers and meetings, resolved and checked, for one edition.
//!
//! One source makes two editions. The **public** edition never holds a
//! confidential paper: such papers are kept out of the model altogether (only
//! their public title and exemption reach the agenda) and what they say is
//! kept aside as [`Withheld`] text, used by the leak guard alone. The
//! **confidential** edition holds everything, marked.

pub mod leak;
pub mod meeting;
pub mod output;
pub mod pack;
pub mod paper;
pub mod view;

use crate::board::meeting::Meeting as MeetingFile;
use crate::board::paper::PaperFrontMatter;
use crate::board::paper::Purpose;
use crate::dates::Date;
use crate::diagnostic::SourceText;
use crate::load::{MarkdownFile, TomlFile};
use crate::markdown::Rendered;

mod agenda;
pub use agenda::*;
mod papers;
pub use papers::*;

/// Which edition is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edition {
    /// The published site: no confidential paper anywhere.
    #[default]
    Public,
    /// For board members: everything, with confidential papers marked.
    Confidential,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Public => "public",
            Edition::Confidential => "confidential",
        }
    }
}

/// A paper, resolved for this edition.
#[derive(Debug)]
pub struct Paper {
    pub slug: String,
    pub path: String,
    pub content_path: String,
    pub fm: PaperFrontMatter,
    /// The file, for locating problems found later (broken links).
    pub file: SourceText,
    pub body_offset: usize,
    pub date: Date,
    pub confidential: bool,
    pub reference: Option<String>,
    /// Slug of the meeting whose agenda holds it, and the item number.
    pub meeting: Option<String>,
    pub item: Option<String>,
    pub body: Rendered,
    /// The Markdown body, for the PDF.
    pub body_markdown: String,
    /// Recommendations' text as HTML, in order.
    pub recommendations_html: Vec<String>,
    /// (heading, Markdown, HTML) in the fixed order.
    pub implications: Vec<(&'static str, String, String)>,
    /// Whether the paper has `redact` shortcodes (in the public edition: it
    /// was edited for publication).
    pub redacted: bool,
}

/// One agenda item, resolved.
#[derive(Debug, Clone)]
pub struct Item {
    pub number: String,
    pub title: String,
    /// Slug of a published paper (none for withheld papers).
    pub paper: Option<String>,
    pub lead: Option<String>,
    pub time: Option<String>,
    pub duration_minutes: Option<u32>,
    pub purpose: Option<Purpose>,
    /// The paper is confidential (in the public edition: not for publication).
    pub confidential: bool,
    pub exemption: Option<String>,
}

/// A meeting, resolved.
#[derive(Debug)]
pub struct Meeting {
    pub slug: String,
    pub path: String,
    pub content_path: String,
    pub file: MeetingFile,
    pub date: Date,
    pub start: Option<String>,
    pub items: Vec<Item>,
    pub upcoming: bool,
}

/// What a withheld paper says, for the leak guard: never rendered.
#[derive(Debug, Clone)]
pub struct Withheld {
    pub content_path: String,
    /// Passages (title, recommendations, sentences of the body) that must
    /// not appear in the public output.
    pub passages: Vec<String>,
}

/// Papers and meetings for one edition.
#[derive(Debug, Default)]
pub struct Board {
    pub papers: Vec<Paper>,
    pub meetings: Vec<Meeting>,
    /// Public edition only: confidential papers and redacted passages.
    pub withheld: Vec<Withheld>,
}

/// What a `ref` shortcode or an agenda needs to know about a paper.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PaperRef {
    pub slug: String,
    pub title: String,
    pub reference: Option<String>,
    pub item: Option<String>,
    /// Root-relative URL of the paper's page; none when withheld.
    pub url: Option<String>,
    pub withheld: bool,
}

/// The text put where a paper's pack page number goes until the board pack
/// has been typeset.
pub fn pack_page_placeholder(slug: &str) -> String {
    format!("DOSSIERPACKPAGE{}X", slug.replace('-', "Q"))
}

/// What is being built.
#[derive(Debug, Clone, Copy)]
pub struct BoardOptions {
    pub edition: Edition,
    pub drafts: bool,
    pub build_date: Date,
}

pub struct BoardInputs {
    pub papers: Vec<MarkdownFile<PaperFrontMatter>>,
    pub meetings: Vec<TomlFile<MeetingFile>>,
    pub paper_slugs: Vec<String>,
    pub meeting_slugs: Vec<String>,
}

impl BoardInputs {
    /// The board's files, taken out of everything that was loaded.
    pub fn take(inputs: &mut crate::load::Inputs) -> BoardInputs {
        BoardInputs {
            papers: std::mem::take(&mut inputs.papers),
            meetings: std::mem::take(&mut inputs.meetings),
            paper_slugs: std::mem::take(&mut inputs.paper_slugs),
            meeting_slugs: std::mem::take(&mut inputs.meeting_slugs),
        }
    }
}

#[cfg(test)]
mod tests;
