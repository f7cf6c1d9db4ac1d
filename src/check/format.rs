//! The four ways `dossier check` reports: `text` for people, `json` for
//! scripts (schema below, versioned), `github` for GitHub Actions
//! annotations and `sarif` (2.1.0) for code-scanning tools.
//!
//! The JSON schema, version 1:
//!
//! ```text
//! { "version": 1,
//!   "tool": "dossier 0.1.0",
//!   "summary": { "pages": 26, "errors": 0, "warnings": 2, "notes": 1 },
//!   "diagnostics": [
//!     { "severity": "error" | "warning" | "note",
//!       "rule": "link-text",            // see `dossier check --help`, docs/workflow.md
//!       "path": "content/x.md" | null,  // relative to the project, forward slashes
//!       "line": 12 | null, "column": 3 | null,   // 1-based, columns in characters
//!       "message": "...", "hint": "..." | null, "note": "..." | null,
//!       "source_line": "..." | null } ] }
//! ```

use serde_json::{Value, json};

use super::{Finding, Level, RULES, Summary};
use crate::diagnostic::display_path;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Github,
    Sarif,
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// The text form of one finding (as the build prints its diagnostics, with
/// "note" for links that could not be verified).
pub(crate) fn text(f: &Finding) -> String {
    let text = f.diagnostic.to_string();
    match f.level {
        Level::Note => text.replacen("warning", "note", 1),
        _ => text,
    }
}

/// The JSON document.
pub(crate) fn json(findings: &[Finding], summary: &Summary) -> String {
    let diagnostics: Vec<Value> = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            json!({
                "severity": level_name(f.level),
                "rule": f.rule,
                "path": d.path.as_deref().map(display_path),
                "line": (d.line > 0).then_some(d.line),
                "column": (d.col > 0).then_some(d.col),
                "message": d.message,
                "hint": d.hint,
                "note": d.note,
                "source_line": d.source_line,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "tool": crate::render::view::GENERATOR,
        "summary": {
            "pages": summary.pages,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "notes": summary.notes,
        },
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands: one `::error ...::message` line each.
pub(crate) fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let d = &f.diagnostic;
        let command = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(p) = &d.path {
            props.push(format!("file={}", escape_property(&display_path(p))));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
            }
            if d.col > 0 {
                props.push(format!("col={}", d.col));
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("dossier {}", f.rule))
        ));
        let mut message = d.message.clone();
        if let Some(note) = &d.note {
            message.push_str(&format!("\n{note}"));
        }
        if let Some(hint) = &d.hint {
            message.push_str(&format!("\nhint: {hint}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A SARIF 2.1.0 log with one run.
pub(crate) fn sarif(findings: &[Finding]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level_name(r.level) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            let mut text = d.message.clone();
            if let Some(note) = &d.note {
                text.push_str(&format!(" ({note})"));
            }
            if let Some(hint) = &d.hint {
                text.push_str(&format!(". Hint: {hint}"));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == f.rule).unwrap_or(0),
                "level": level_name(f.level),
                "message": { "text": text },
            });
            if let Some(p) = &d.path {
                let mut location = json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&display_path(p)), "uriBaseId": "%SRCROOT%" },
                    }
                });
                if d.line > 0 {
                    let mut region = json!({ "startLine": d.line });
                    if d.col > 0 {
                        region["startColumn"] = json!(d.col);
                    }
                    if let Some(s) = &d.source_line {
                        region["snippet"] = json!({ "text": s });
                    }
                    location["physicalLocation"]["region"] = region;
                }
                result["locations"] = json!([location]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dossier",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// A relative path as a URI reference: spaces and other reserved bytes
/// percent-encoded, slashes kept.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_newlines_commas_and_colons() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }

    #[test]
    fn uris_keep_slashes_and_encode_spaces() {
        assert_eq!(
            uri("content/case studies/x.md"),
            "content/case%20studies/x.md"
        );
    }
}
