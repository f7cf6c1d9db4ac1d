//! What a reader gets from each file the public build writes or copies, as
//! text for the leak guard to search:
//!
//! - HTML, XML and SVG: the text with tags removed and entities decoded;
//! - JSON: with string escapes undone (`\u0041` is `A`);
//! - ICS: with folded lines joined and escapes undone;
//! - CSS, JS, TXT, CSV, Markdown and any other UTF-8 text: as it is;
//! - PDF: the text of every page (see [`super::pdf`]);
//! - DOCX, XLSX, PPTX, ODT, ODS, ODP: the text of their XML parts;
//! - images, fonts, audio and video: no text (text drawn in an image is not
//!   read);
//! - anything else (an encrypted PDF, an unknown binary): unreadable, which
//!   the build reports.

use std::io::{Cursor, Read};

use roxmltree::Document;

/// What the guard can read of one file.
#[derive(Debug, PartialEq)]
pub(crate) enum Reading {
    /// Its text, in one or more pieces (the pages of a PDF, say).
    Text(Vec<String>),
    /// A kind of file that holds no text a reader gets (an image, a font).
    NoText,
    /// The file may hold text, but it cannot be read here: why.
    Unreadable(String),
}

/// The most of one XML part of an office file that is read (a guard against
/// a zip bomb); a part this long is far beyond any real document.
const MAX_PART: u64 = 256 << 20;

/// The share of a PDF's glyphs that may lack a Unicode meaning before its
/// text counts as unreadable (its fonts say nothing of what they show).
const MAX_UNMAPPED: f64 = 0.05;

/// Read `bytes`, the file at the site path `rel`, as a reader would.
pub(crate) fn read(rel: &str, bytes: &[u8]) -> Reading {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let text = || String::from_utf8_lossy(bytes);
    match ext.as_str() {
        "html" | "htm" | "xml" | "svg" | "xhtml" | "rss" | "atom" => {
            Reading::Text(vec![strip_tags(&text())])
        }
        "json" | "webmanifest" => Reading::Text(vec![unescape_json(&text())]),
        "ics" => Reading::Text(vec![unfold_ics(&text())]),
        "pdf" => read_pdf(bytes),
        "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" | "odg" | "docm" | "xlsm" | "pptm" => {
            match office_text(bytes) {
                Ok(t) => Reading::Text(vec![t]),
                Err(why) => {
                    Reading::Unreadable(format!("it cannot be opened as a document ({why})"))
                }
            }
        }
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "ico" | "bmp" | "woff" | "woff2"
        | "ttf" | "otf" | "eot" | "mp3" | "mp4" | "m4a" | "ogg" | "webm" | "wav" => Reading::NoText,
        _ => match std::str::from_utf8(bytes) {
            Ok(t) if !t.contains('\0') => Reading::Text(vec![t.to_string()]),
            _ => Reading::Unreadable("dossier cannot read this kind of file".into()),
        },
    }
}

fn read_pdf(bytes: &[u8]) -> Reading {
    use super::pdf::{PdfTextError, pdf_text};
    // hayro repairs damaged files rather than failing; a panic deep in a
    // hostile file must still not take the build down with it.
    let result = std::panic::catch_unwind(|| pdf_text(bytes.to_vec()));
    match result {
        Ok(Ok((pages, unmapped))) => {
            let chars: usize = pages.iter().map(|p| p.chars().count()).sum();
            if unmapped > 0 && unmapped as f64 > MAX_UNMAPPED * chars as f64 {
                return Reading::Unreadable(format!(
                    "{unmapped} of its {chars} characters have no meaning in its fonts"
                ));
            }
            Reading::Text(pdf_pieces(pages))
        }
        Ok(Err(PdfTextError::Encrypted)) => {
            Reading::Unreadable("it is encrypted with a password".into())
        }
        Ok(Err(PdfTextError::Invalid)) => Reading::Unreadable("it is not a readable PDF".into()),
        Err(_) => Reading::Unreadable("reading it failed".into()),
    }
}

/// What the guard reads of a PDF whose pages hold `pages`: each page as it
/// is, then each joined up again where a line-end hyphen split a word
/// ("organi-\nsations").
pub(crate) fn pdf_pieces(pages: Vec<String>) -> Vec<String> {
    let joined: Vec<String> = pages.iter().map(|p| dehyphenate(p)).collect();
    pages.into_iter().chain(joined).collect()
}

/// Hyphens at line ends (and soft hyphens) removed, so that a word broken
/// over two lines is whole again.
fn dehyphenate(text: &str) -> String {
    text.replace("-\n", "")
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
}

/// Text with tags removed (each tag counts as a space) and entities decoded,
/// keeping what a reader still gets from the markup: quoted attribute values
/// (`alt`, `title`, a meta description), comments (seen in the page source)
/// and CDATA sections. `<` and `>` are ASCII, so the text between tags is
/// copied a slice at a time (this runs over every page of a public build).
pub(crate) fn strip_tags(html: &str) -> String {
    strip(html, true)
}

/// Text with tags removed (each a space) and entities decoded, and nothing
/// of the markup kept: the words of a confidential passage rendered from
/// Markdown, without the ids its headings are given.
pub(crate) fn text_only(html: &str) -> String {
    strip(html, false)
}

fn strip(html: &str, markup_text: bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tag = &rest[open + 1..];
        if !markup_text {
            rest = tag.find('>').map_or("", |close| &tag[close + 1..]);
        } else if let Some(comment) = tag.strip_prefix("!--") {
            let end = comment.find("-->").unwrap_or(comment.len());
            out.push_str(&comment[..end]);
            out.push(' ');
            rest = comment.get(end + 3..).unwrap_or("");
        } else if let Some(data) = tag.strip_prefix("![CDATA[") {
            // What a CDATA section holds is read like the rest (a feed's
            // HTML inside it loses its tags too); its end `]]>` is no word.
            rest = data;
        } else {
            rest = attribute_values(tag, &mut out);
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Push the quoted attribute values of the tag `tag` opens (after its `<`),
/// each followed by a space, and return what follows the tag.
fn attribute_values<'a>(tag: &'a str, out: &mut String) -> &'a str {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return &tag[i + 1..],
            quote @ (b'"' | b'\'') => {
                let start = i + 1;
                let end = tag[start..]
                    .find(char::from(quote))
                    .map_or(tag.len(), |e| start + e);
                out.push_str(&tag[start..end]);
                out.push(' ');
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    ""
}

/// Character references (`&#65;`, `&#x41;`) and the named entities our
/// templates and Markdown write decoded.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // Bytes, not characters: `;` is ASCII, so where it is found is a
        // character boundary even if a multi-byte character follows `&`.
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "hellip" => Some('…'),
                    "pound" => Some('£'),
                    _ => None,
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JSON string escapes undone (`\"`, `\n`, `\u0041`, surrogate pairs), in
/// text that need not be whole JSON (a part of the search index).
pub(crate) fn unescape_json(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let hex4 = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Option<u32> {
        let h: String = (0..4).filter_map(|_| chars.next()).collect();
        (h.len() == 4)
            .then(|| u32::from_str_radix(&h, 16).ok())
            .flatten()
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'r' | 't' | 'b' | 'f') => out.push(' '),
            Some('u') => {
                let Some(hi) = hex4(&mut chars) else { continue };
                let code = if (0xd800..0xdc00).contains(&hi) && chars.peek() == Some(&'\\') {
                    chars.next();
                    chars.next();
                    match hex4(&mut chars) {
                        Some(lo) => {
                            0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff)
                        }
                        None => hi,
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or(' '));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// iCalendar text with folded lines joined (a line break followed by a
/// space or tab continues the line) and escapes undone.
pub(crate) fn unfold_ics(s: &str) -> String {
    s.replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
        .replace("\n\t", "")
        .replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// All character data of every `*.xml` part (body, headers, footers, notes,
/// comments, tracked deletions, shared strings, slides, metadata), with a
/// newline before each paragraph-like element. Runs are concatenated as-is, so
/// a word split over several `<w:r>`s stays whole.
fn office_text(data: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_owned();
        if !name.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        (&mut entry)
            .take(MAX_PART)
            .read_to_string(&mut xml)
            .map_err(|e| format!("{name}: {e}"))?;
        if xml.trim().is_empty() {
            continue; // LibreOffice writes empty Configurations2/*.xml
        }
        let doc = Document::parse(&xml).map_err(|e| format!("{name}: {e}"))?;
        for n in doc.descendants() {
            if n.is_text() {
                out.push_str(n.text().unwrap_or(""));
                continue;
            }
            match n.tag_name().name() {
                // w:p, text:p, text:h, a:p (pptx), si/c (xlsx strings, cells), w:tc
                "p" | "h" | "si" | "c" | "tc" | "br" | "cr" | "line-break" => out.push('\n'),
                "tab" | "s" => out.push(' '), // w:tab, text:tab, text:s
                _ => {}
            }
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_count_as_spaces_and_a_stray_angle_bracket_is_text() {
        assert_eq!(
            strip_tags("<p>The <em>panel</em></p> met &gt; 3 > 2"),
            " The  panel   met > 3 > 2"
        );
        assert_eq!(strip_tags("cut <a href=x"), "cut  ");
        assert_eq!(strip_tags("no tags"), "no tags");
    }

    #[test]
    fn attribute_values_comments_and_cdata_are_read() {
        assert_eq!(
            strip_tags("<img src=\"a.png\" alt='The panel &amp; board'>after"),
            " a.png The panel & board after"
        );
        assert_eq!(strip_tags("<meta content=\"x > y\">z"), " x > y z");
        assert_eq!(
            strip_tags("a<!-- the panel <b>met</b> -->b"),
            "a  the panel <b>met</b>  b"
        );
        assert_eq!(
            strip_tags("<c><![CDATA[<p>The panel</p>]]></c>"),
            "   The panel ]]> "
        );
        assert_eq!(strip_tags("<a title=\"unclosed"), " unclosed ");
    }

    #[test]
    fn character_references_are_decoded_and_stray_ampersands_kept() {
        assert_eq!(
            decode_entities("&#84;he &#x70;anel &amp; &lt;b&gt;"),
            "The panel & <b>"
        );
        assert_eq!(
            decode_entities("fish & chips &unknown; &"),
            "fish & chips &unknown; &"
        );
        // A multi-byte character right after `&` is not split.
        assert_eq!(decode_entities("&£££££££££££"), "&£££££££££££");
    }

    #[test]
    fn json_escapes_are_undone_in_part_of_a_file() {
        assert_eq!(
            unescape_json(r#""\u0054he \"panel\"\nmet""#),
            "\"The \"panel\" met\""
        );
        assert_eq!(unescape_json(r#"\ud83d\ude00 and \u00e9"#), "😀 and é");
        assert_eq!(unescape_json(r#"cut off \u00"#), "cut off ");
    }

    #[test]
    fn folded_calendar_lines_are_joined_and_escapes_undone() {
        assert_eq!(
            unfold_ics("DESCRIPTION:The pa\r\n nel met\\, and\\nagreed"),
            "DESCRIPTION:The panel met, and agreed"
        );
    }

    #[test]
    fn line_end_hyphens_and_soft_hyphens_are_joined() {
        assert_eq!(
            dehyphenate("organi-\nsations and back\u{ad}office"),
            "organisations and backoffice"
        );
    }

    #[test]
    fn images_hold_no_text_and_unknown_binaries_are_unreadable() {
        assert_eq!(
            read("logo.png", &[0x89, b'P', b'N', b'G', 0]),
            Reading::NoText
        );
        assert!(matches!(
            read("blob.bin", &[0, 1, 2]),
            Reading::Unreadable(_)
        ));
        assert!(matches!(
            read("broken.pdf", b"%PDF-1.7 nothing"),
            Reading::Unreadable(_)
        ));
        assert!(matches!(
            read("broken.docx", b"not a zip"),
            Reading::Unreadable(_)
        ));
        assert_eq!(
            read("notes", b"plain words"),
            Reading::Text(vec!["plain words".into()])
        );
    }
}
