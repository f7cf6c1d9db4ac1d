//! What `dossier new minutes <meeting-slug>` fills in: one heading per
//! agenda item, the attendance of the body's last minutes (people change
//! less often than agendas), and the actions still open, as commented
//! updates to fill in.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::Site;

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `present = [ ... ]` and the like, from the attendees of `list`.
fn people(key: &str, list: &[super::Attendee]) -> String {
    if list.is_empty() {
        return format!("{key} = []");
    }
    let mut out = format!("{key} = [\n");
    for p in list {
        let mut fields = Vec::new();
        for (k, v) in [
            ("name", &p.name),
            ("role", &p.role),
            ("organisation", &p.organisation),
            ("note", &p.note),
        ] {
            if let Some(v) = v {
                fields.push(format!("{k} = {}", quoted(v)));
            }
        }
        out.push_str(&format!("  {{ {} }},\n", fields.join(", ")));
    }
    out.push(']');
    out
}

/// The values `archetypes/minutes.md` is filled with for the meeting
/// `slug`: `{{ meeting_title }}`, `{{ attendance }}`, `{{ updates }}` and
/// `{{ headings }}`.
pub(crate) fn prefill(site: &Site, slug: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    let meetings = &site.board.meetings;
    let Some(index) = meetings.iter().position(|m| m.slug == slug) else {
        let known = meetings.iter().map(|m| m.slug.as_str());
        let mut hint = match did_you_mean(slug, known) {
            Some(close) => format!("did you mean `{close}`? "),
            None => String::new(),
        };
        hint.push_str("`dossier new minutes` takes the slug of a meeting, the name of its file content/meetings/<slug>.toml");
        return Err(Diagnostic::error(format!("there is no meeting \"{slug}\"")).with_hint(hint));
    };
    let meeting = &meetings[index];
    let last = site.board.minutes.iter().rfind(|n| {
        let m = &meetings[n.meeting];
        m.file.body == meeting.file.body && m.date < meeting.date
    });
    let attendance = match last {
        Some(n) => format!(
            "# Attendance as at the meeting on {}: correct it.\n{}\n{}\n{}",
            meetings[n.meeting].date.long(),
            people("present", &n.present),
            people("apologies", &n.apologies),
            people("in_attendance", &n.in_attendance)
        ),
        None => "# Each { role = \"...\", organisation = \"...\" } or { name = \"...\", role = \"...\" }.\npresent = []\napologies = []\nin_attendance = []".to_string(),
    };
    let mut updates = String::new();
    for a in super::pack::open_actions(site, index) {
        // A confidential item's action is named by its reference only: this
        // file is a public source, and text in two public sources counts as
        // shared phrasing, which the leak guard does not look for.
        let about = if a.confidential {
            "an action on a confidential item".to_string()
        } else {
            a.text.replace(['\n', '\r'], " ")
        };
        updates.push_str(&format!(
            "# [[action_updates]]\n# action = {}   # {} ({}, due {})\n# status = \"done\"   # or \"open\", \"closed\", \"superseded\"\n# note = \"\"\n#\n",
            quoted(&a.reference),
            about,
            a.owner,
            a.due.long()
        ));
    }
    let headings: Vec<String> = meeting
        .items
        .iter()
        .filter(|i| i.dropped.is_none())
        .map(|i| format!("## {}. {}\n", i.number, i.title))
        .collect();
    Ok(BTreeMap::from([
        (
            "meeting_title".to_string(),
            format!(
                "{}: {}, {}",
                meeting.file.body,
                meeting.file.title,
                meeting.date.long()
            ),
        ),
        ("attendance".to_string(), attendance),
        (
            "updates".to_string(),
            updates.trim_end_matches("#\n").to_string(),
        ),
        ("headings".to_string(), headings.join("\n")),
    ]))
}
