//! Governance lints: rules about the content itself rather than its HTML,
//! read from the resolved site with thresholds from `[check]` in
//! dossier.toml. They are warnings: a stale case study is worth a reviewer's
//! attention, not a failed build (unless `--deny-warnings`).
//!
//! Each lint is one function in [`LINTS`]. Board papers, meetings and roles
//! bring their own rules (papers published fewer than N clear days before
//! their meeting, too many recommendations, an over-long paper, a role whose
//! timeline is out of order or whose closing date has passed while it is
//! listed as open): each is one more entry here, with its threshold in
//! [`crate::config::CheckConfig`], once that content exists in the model.

use crate::config::CheckConfig;
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::model::{PageKind, Site};

use super::{Finding, Level};

/// What a governance lint may read.
pub(crate) struct Context<'a> {
    pub(crate) site: &'a Site,
    pub(crate) config: &'a CheckConfig,
    /// Reads a content file (path relative to content/), for locating.
    pub(crate) read: &'a dyn Fn(&str) -> Option<SourceText>,
}

/// A governance lint: its rule id (as shown in JSON and SARIF) and the
/// function that runs it.
pub(crate) type Lint = (&'static str, fn(&Context, &mut Vec<Finding>));

/// Every governance lint, in the order they run.
pub(crate) const LINTS: &[Lint] = &[
    ("case-study-age", case_study_age),
    ("paper-recommendations", paper_recommendations),
    ("paper-length", paper_length),
    ("role-closed", role_closed),
];

/// A warning located at `key` in a paper's front matter.
fn paper_warning(paper: &crate::board::Paper, key: &str, d: Diagnostic) -> Diagnostic {
    let at = front_matter_key(&paper.file.text, key).unwrap_or(0);
    d.at(&paper.file, at)
}

/// Papers with more than `paper_max_recommendations` recommendations.
fn paper_recommendations(cx: &Context, findings: &mut Vec<Finding>) {
    let max = cx.config.paper_max_recommendations as usize;
    if max == 0 {
        return;
    }
    for paper in &cx.site.board.papers {
        let n = paper.fm.recommendations.len();
        if n <= max {
            continue;
        }
        let d = Diagnostic::warning(format!("this paper makes {n} recommendations; the limit is {max}"))
            .with_hint("fewer, clearer recommendations help the board decide; combine some, or change `paper_max_recommendations` under [check] (0 turns this off)");
        findings.push(Finding::new(
            "paper-recommendations",
            Level::Warning,
            paper_warning(paper, "recommendations", d),
        ));
    }
}

/// Papers whose text runs to more than `paper_max_words` words.
fn paper_length(cx: &Context, findings: &mut Vec<Finding>) {
    let max = cx.config.paper_max_words as usize;
    if max == 0 {
        return;
    }
    for paper in &cx.site.board.papers {
        let n = paper.body.word_count;
        if n <= max {
            continue;
        }
        let d = Diagnostic::warning(format!("this paper runs to {n} words; the limit is {max}"))
            .with_hint("move detail into appendices or a separate paper, or change `paper_max_words` under [check] (0 turns this off)");
        findings.push(Finding::new(
            "paper-length",
            Level::Warning,
            paper_warning(paper, "title", d),
        ));
    }
}

/// Vacancies closed more than `role_max_days_closed` days ago that are still
/// published. (Whether a role is listed as open is worked out from its
/// closing date, so a role past its closing date is never listed as open.)
fn role_closed(cx: &Context, findings: &mut Vec<Finding>) {
    let max = i64::from(cx.config.role_max_days_closed);
    if max == 0 {
        return;
    }
    let today = cx.site.build_date;
    for role in &cx.site.roles {
        let days = today.to_days() - role.closing.to_days();
        if days <= max {
            continue;
        }
        let d = Diagnostic::warning(format!("this vacancy closed on {}, {days} days ago, and is still published", role.closing.long()))
            .with_hint("remove the role file, or set draft = true; or change `role_max_days_closed` under [check] (0 turns this off)");
        let d = match (cx.read)(&role.content_path) {
            Some(file) => {
                let at = front_matter_key(&file.text, "closing_date").unwrap_or(0);
                d.at(&file, at)
            }
            None => d.in_file(crate::load::project_path(&role.content_path)),
        };
        findings.push(Finding::new("role-closed", Level::Warning, d));
    }
}

/// Run every governance lint.
pub(crate) fn run(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (_, lint) in LINTS {
        lint(cx, &mut findings);
    }
    findings
}

/// A case study whose date is more than `case_study_max_age_years` before
/// the build date.
fn case_study_age(cx: &Context, findings: &mut Vec<Finding>) {
    let years = cx.config.case_study_max_age_years;
    if years == 0 {
        return;
    }
    let today = cx.site.build_date;
    let limit = years_before(today, years);
    for page in &cx.site.pages {
        let (PageKind::CaseStudy, Some(date)) = (page.kind, page.date) else {
            continue;
        };
        if date >= limit {
            continue;
        }
        let d = Diagnostic::warning(format!(
            "this case study is dated {}, more than {years} {} before {}",
            date.long(),
            if years == 1 { "year" } else { "years" },
            today.long()
        ))
        .with_hint(format!(
            "check the facts are still true and update the date, or retire the case study; the limit is `case_study_max_age_years = {years}` under [check] in dossier.toml (0 turns this off)"
        ));
        let d = match (cx.read)(&page.content_path) {
            Some(file) => {
                let at = front_matter_key(&file.text, "date").unwrap_or(0);
                d.at(&file, at)
            }
            None => d.in_file(crate::load::project_path(&page.content_path)),
        };
        findings.push(Finding::new("case-study-age", Level::Warning, d));
    }
}

/// The same day `years` years earlier (29 February becomes 28 February).
fn years_before(date: Date, years: u32) -> Date {
    let year = date.year - years as i32;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = if date.month == 2 && date.day == 29 && !leap {
        28
    } else {
        date.day
    };
    Date {
        year,
        month: date.month,
        day,
    }
}

/// Byte offset of the line setting `key` in a file's `+++` front matter.
pub(crate) fn front_matter_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if i > 0 && trimmed == "+++" {
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before_handles_leap_days() {
        let d = Date::parse_iso("2028-02-29").unwrap();
        assert_eq!(years_before(d, 3).to_string(), "2025-02-28");
        assert_eq!(years_before(d, 4).to_string(), "2024-02-29");
    }

    #[test]
    fn finds_a_front_matter_key_but_not_in_the_body() {
        let text = "+++\ntitle = \"T\"\n  date = 2020-01-01\n+++\ndate = no\n";
        assert_eq!(
            front_matter_key(text, "date"),
            Some(text.find("date").unwrap())
        );
        assert_eq!(front_matter_key("+++\n+++\ndate = 1\n", "date"), None);
    }
}
