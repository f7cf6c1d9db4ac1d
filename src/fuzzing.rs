//! Entry points for fuzzing: each takes arbitrary bytes and runs one stage of
//! the pipeline on them. The cargo-fuzz targets in `fuzz/` and the stable
//! random-input test (`tests/it/fuzz.rs`) call these same functions, so a
//! crash found by either is reproduced by both. Every function must return
//! normally for every input: a panic is a bug (never hidden by
//! `catch_unwind`).

use std::collections::BTreeSet;

use crate::board::meeting::Meeting;
use crate::config::RawHtml;
use crate::diagnostic::{Diagnostics, SourceText};
use crate::load::TomlFile;
use crate::markdown::ShortcodeHost;
use crate::markdown::shortcode::Shortcode;
use crate::roles::profile::RoleProfile;
use crate::site::page::PageFrontMatter;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Front matter splitting and parsing, and the rendering of any diagnostic
/// (which slices the source at the reported offset).
pub fn front_matter(data: &[u8]) {
    let file = SourceText::new("content/fuzz.md", text(data));
    match crate::source::split_front_matter(&file) {
        Ok(split) => {
            assert!(split.front_matter_offset <= split.body_offset);
            assert!(split.body_offset <= file.text.len());
            if let Err(d) = crate::source::parse_toml::<PageFrontMatter>(
                &file,
                split.front_matter,
                split.front_matter_offset,
            ) {
                let _ = d.to_string();
            }
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
}

/// A shortcode host that knows two shortcodes and echoes their arguments.
struct Host;

impl ShortcodeHost for Host {
    fn render(&self, sc: &Shortcode) -> Result<String, (String, String)> {
        match sc.name.as_str() {
            "pull_quote" | "figure" => Ok(format!(
                "<aside>{:?}{}</aside>",
                sc.args.keys().collect::<Vec<_>>(),
                sc.body.as_deref().unwrap_or("")
            )),
            other => Err((format!("unknown shortcode `{other}`"), String::new())),
        }
    }
}

/// Markdown with shortcodes to HTML, under both raw HTML policies. Under
/// `escape`, no tag from the input may reach the output.
pub fn markdown_html(data: &[u8]) {
    let src = text(data);
    let file = SourceText::new("content/fuzz.md", src.clone());
    for policy in [RawHtml::Allow, RawHtml::Escape] {
        let (_rendered, errors) = crate::markdown::render(&src, policy, &Host);
        for e in errors {
            let _ = crate::diagnostic::Diagnostic::error(e.message)
                .at(&file, e.offset)
                .to_string();
        }
    }
}

/// Markdown to Typst markup, at every heading offset used.
pub fn markdown_typst(data: &[u8]) {
    let src = text(data);
    for offset in 0..3 {
        let _ = crate::pdf::markup::markdown_to_typst(&src, offset);
    }
}

/// A role profile: parse, then every validation rule.
pub fn role(data: &[u8]) {
    let file = SourceText::new("content/roles/fuzz.toml", text(data));
    let value: RoleProfile = match crate::source::parse_toml(&file, &file.text, 0) {
        Ok(v) => v,
        Err(d) => {
            let _ = d.to_string();
            return;
        }
    };
    let organisations: BTreeSet<&str> = ["acme-council", "acme-nhs"].into_iter().collect();
    let case_studies: BTreeSet<String> = ["one".to_string()].into_iter().collect();
    let cx = crate::roles::RoleContext {
        organisations: &organisations,
        case_studies: &case_studies,
        build_date: crate::dates::Date::from_days(20_000),
        drafts: true,
        raw_html: RawHtml::Escape,
    };
    let mut problems = Diagnostics::new();
    let files = vec![TomlFile {
        file,
        content_path: "roles/fuzz.toml".into(),
        value,
    }];
    let _ = crate::roles::resolve_roles(files, &cx, &mut problems);
    for d in problems.into_sorted() {
        let _ = d.to_string();
    }
}

/// A meeting: parse, and render any diagnostic.
pub fn meeting(data: &[u8]) {
    let file = SourceText::new("content/meetings/fuzz.toml", text(data));
    if let Err(d) = crate::source::parse_toml::<Meeting>(&file, &file.text, 0) {
        let _ = d.to_string();
    }
}
