//! The action log and the decision log as CSV (RFC 4180), for
//! spreadsheets: `actions/actions.csv` and `decisions/decisions.csv`. A
//! cell that a spreadsheet would take for a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, as
//! OWASP advises against CSV injection.

use super::view::{ActionView, BodyLog, DecisionView};

/// One CSV cell, quoted when it must be.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Rows as CSV, lines ending in CRLF.
fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `actions.csv`: every action of the log, one row each.
pub(crate) fn actions_csv(
    log: &[BodyLog<ActionView>],
    permalink: impl Fn(&str) -> String,
) -> String {
    let header = [
        "reference",
        "body",
        "meeting_date",
        "item",
        "action",
        "owner",
        "due",
        "status",
        "overdue",
        "latest_update",
        "minutes_url",
    ];
    let rows = log.iter().flat_map(|b| b.entries.iter()).map(|a| {
        vec![
            a.reference.clone(),
            a.meeting.body.clone(),
            a.meeting.date.to_string(),
            a.item.clone(),
            a.text.clone(),
            a.owner.clone(),
            a.due.to_string(),
            a.status_label.to_lowercase(),
            if a.overdue { "yes" } else { "no" }.to_string(),
            a.updates
                .last()
                .and_then(|u| u.note.clone())
                .unwrap_or_default(),
            permalink(&a.url),
        ]
    });
    csv(&header, rows)
}

/// `decisions.csv`: every decision of the log, one row each.
pub(crate) fn decisions_csv(
    log: &[BodyLog<DecisionView>],
    permalink: impl Fn(&str) -> String,
) -> String {
    let header = [
        "reference",
        "body",
        "meeting_date",
        "item",
        "decision",
        "paper_reference",
        "paper_url",
        "votes_for",
        "votes_against",
        "abstentions",
        "result",
        "minutes_url",
    ];
    let rows = log.iter().flat_map(|b| b.entries.iter()).map(|d| {
        let count = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        vec![
            d.reference.clone(),
            d.meeting.body.clone(),
            d.meeting.date.to_string(),
            d.item.clone(),
            d.text.clone(),
            d.paper
                .as_ref()
                .and_then(|p| p.reference.clone())
                .unwrap_or_default(),
            d.paper
                .as_ref()
                .map(|p| permalink(&p.url))
                .unwrap_or_default(),
            count(d.vote.as_ref().map(|v| v.for_)),
            count(d.vote.as_ref().map(|v| v.against)),
            count(d.vote.as_ref().map(|v| v.abstain)),
            d.vote
                .as_ref()
                .map(|v| v.result.to_string())
                .unwrap_or_default(),
            permalink(&d.url),
        ]
    });
    csv(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(cell("-1,2"), "\"'-1,2\"");
        assert_eq!(
            csv(&["a", "b"], [vec!["1".into(), "x\ny".into()]].into_iter()),
            "a,b\r\n1,\"x\ny\"\r\n"
        );
    }
}
