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
        language: "en-GB",
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

/// A translation put into its source (`knowsley.cy.toml` into
/// `knowsley.toml`): the input is split at its first NUL byte into the
/// source and the translation, as text. Any problem found is rendered (it
/// slices the translation at the reported offset); a merge that succeeds
/// gives TOML that parses again.
pub fn translation(data: &[u8]) {
    let all = text(data);
    let (source, translation) = all.split_once('\0').unwrap_or((all.as_str(), ""));
    let file = SourceText::new("content/roles/fuzz.cy.toml", translation.to_string());
    let fields = crate::roles::inputs::text_fields(crate::roles::inputs::Kind::Role).1;
    let mut problems = Diagnostics::new();
    let merged = crate::load::translation::merge_toml(
        source,
        translation,
        &file,
        0,
        fields,
        "role",
        &mut problems,
    );
    for d in problems.into_sorted() {
        let _ = d.to_string();
    }
    if let Some(m) = merged {
        assert!(
            m.text.parse::<toml::Table>().is_ok(),
            "a merged translation is TOML: {:?}",
            m.text
        );
    }
}

/// The leak guard always catches a ten-word run of confidential text that
/// is put into a public file, in any of the encodings it undoes: HTML with
/// tags between the words or character references, an attribute value, an
/// HTML comment or a CDATA section, JSON `\u` escapes, folded calendar
/// lines, upper case, or a DOCX. The confidential text is
/// made from `data` (words of letters, at least ten of them); the first byte
/// picks the encoding, the second where the run starts.
pub fn leak_guard(data: &[u8]) {
    use crate::board::Withheld;
    use crate::board::leak::{LeakGuard, Shared};
    use crate::output::Sink;
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let Some((&start, rest)) = rest.split_first() else {
        return;
    };
    // Words of two to seven letters, one a byte pair of the input.
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzéøß".chars().collect();
    let words: Vec<String> = rest
        .chunks(2)
        .take(40)
        .map(|pair| {
            let n = 2 + usize::from(pair[0]) % 6;
            (0..n)
                .map(|i| letters[(usize::from(pair[i % pair.len()]) + i * 7) % letters.len()])
                .collect()
        })
        .collect();
    if words.len() < 10 {
        return;
    }
    let confidential = words.join(" ");
    let from = usize::from(start) % (words.len() - 9);
    let run = words[from..from + 10].join(" ");
    let (file, bytes): (&str, Vec<u8>) = match how % 10 {
        0 => (
            "a/index.html",
            format!("<p>Public text. {run} More.</p>").into_bytes(),
        ),
        1 => (
            "a/index.html",
            format!("<p>{}</p>", run.replace(' ', "<em> </em>")).into_bytes(),
        ),
        2 => (
            "a/index.html",
            run.chars()
                .map(|c| format!("&#{};", u32::from(c)))
                .collect::<String>()
                .into_bytes(),
        ),
        3 => (
            "search-index.json",
            format!(
                "{{\"text\":\"{}\"}}",
                run.chars()
                    .map(|c| format!("\\u{:04x}", u32::from(c)))
                    .collect::<String>()
            )
            .into_bytes(),
        ),
        4 => {
            let chars: Vec<char> = format!("DESCRIPTION:{run}").chars().collect();
            let folded: Vec<String> = chars.chunks(7).map(|c| c.iter().collect()).collect();
            ("meetings.ics", folded.join("\r\n ").into_bytes())
        }
        5 => ("notes.txt", run.to_uppercase().into_bytes()),
        6 => ("pay.docx", docx(&run)),
        7 => (
            "a/index.html",
            format!("<img src=\"x.png\" alt=\"{run}\">").into_bytes(),
        ),
        8 => (
            "a/index.html",
            format!("<p>Public.</p><!-- {run} -->").into_bytes(),
        ),
        _ => (
            "atom.xml",
            format!("<feed><content><![CDATA[{run}]]></content></feed>").into_bytes(),
        ),
    };
    let withheld = [Withheld {
        content_path: "papers/secret.md".into(),
        passages: vec![confidential],
        whole_file: true,
    }];
    let mut memory = crate::output::Memory::default();
    let mut guard = LeakGuard::new(&mut memory, &withheld, &Shared::default());
    guard.write(file, &bytes).expect("memory takes every file");
    assert!(
        !guard.leaks.is_empty(),
        "the run {run:?} in {file} was not found"
    );
}

/// A minimal DOCX whose one paragraph says `text` in two runs.
fn docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    let cut = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    let (first, second) = text.split_at(cut);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let body = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>{first}</w:t></w:r><w:r><w:t>{second}</w:t></w:r></w:p></w:body></w:document>"
    );
    let written = zip
        .start_file("word/document.xml", options)
        .and_then(|()| zip.write_all(body.as_bytes()).map_err(Into::into))
        .and_then(|()| zip.finish());
    written.expect("a zip in memory").into_inner()
}
