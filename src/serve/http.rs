//! The HTTP side of `dossier serve`: turning a request path into a file of
//! the in-memory site (strictly), content types, and the bits injected into
//! HTML pages in serve mode only (the live-reload script, the error overlay).
//!
//! Nothing here touches the disk: a request can only ever reach a file the
//! last good build put in memory, so `..`, encoded dots, absolute paths and
//! symlinks have nothing to escape to. They are refused with 400 all the
//! same, so that a mistake or a probe is visible as such.

use crate::diagnostic::Diagnostic;
use crate::render::emit::percent_decode;

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// A file of the site, relative to its root ("a/b/index.html").
    File(String),
    /// The path names a folder without its trailing slash: redirect here.
    Redirect(String),
    /// Not a path dossier will serve.
    BadRequest,
}

/// Map a request target ("/a/b/?x=1") to a file of the site in `has`.
pub(crate) fn resolve(target: &str, has: impl Fn(&str) -> bool) -> Wanted {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return Wanted::BadRequest;
    }
    let Some(decoded) = percent_decode(path) else {
        return Wanted::BadRequest;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with("//") {
        return Wanted::BadRequest;
    }
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    if parts
        .iter()
        .any(|p| *p == "." || *p == ".." || p.contains(':'))
    {
        return Wanted::BadRequest;
    }
    let joined = parts.join("/");
    if joined.is_empty() || decoded.ends_with('/') {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return Wanted::File(index);
    }
    if !has(&joined) && has(&format!("{joined}/index.html")) {
        return Wanted::Redirect(format!("/{joined}/"));
    }
    Wanted::File(joined)
}

/// The Content-Type for a file name.
pub(crate) fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if name.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// Add the live-reload script (and, after a failed build, the error
/// overlay) to an HTML page, just before `</body>`.
pub(crate) fn inject(html: &[u8], generation: u64, overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    let at = lower.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + 4096);
    out.push_str(&text[..at]);
    if let Some(overlay) = overlay {
        out.push_str(overlay);
    }
    out.push_str(&format!(
        "<script src=\"/__dossier/livereload.js\" data-generation=\"{generation}\"></script>\n"
    ));
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// The error overlay shown over every page while the last edit does not
/// build: the same text the terminal shows, escaped.
pub(crate) fn overlay(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    let text: String = diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        concat!(
            "<div id=\"dossier-error-overlay\" role=\"alertdialog\" aria-labelledby=\"dossier-error-title\" ",
            "style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;",
            "background:rgba(11,12,12,0.94);color:#fff;padding:2rem;font:16px/1.5 system-ui,sans-serif;text-align:left\">",
            "<p id=\"dossier-error-title\" style=\"font-size:1.5rem;font-weight:bold;margin:0 0 0.5rem\">",
            "The last change does not build ({count} {noun})</p>",
            "<p style=\"margin:0 0 1rem\">This is the last version that built. Fix the problem and save: ",
            "the page reloads by itself.</p>",
            "<pre style=\"white-space:pre-wrap;margin:0;padding:1rem;background:#0b0c0c;color:#fff;",
            "border-left:5px solid #d4351c;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace\">{text}</pre></div>\n"
        ),
        count = errors,
        noun = if errors == 1 { "error" } else { "errors" },
        text = crate::markdown::escape_attr(&text),
    )
}

/// A page for when there is no good build at all yet (or no 404.html).
pub(crate) fn bare_page(title: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{0}</title></head>\n<body>\n<h1>{0}</h1>\n</body>\n</html>\n",
        crate::markdown::escape_attr(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> bool {
        ["index.html", "a/index.html", "style.css", "a b/index.html"].contains(&name)
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        assert_eq!(resolve("/", site), Wanted::File("index.html".into()));
        assert_eq!(
            resolve("/a/?q=1", site),
            Wanted::File("a/index.html".into())
        );
        assert_eq!(resolve("/a", site), Wanted::Redirect("/a/".into()));
        assert_eq!(
            resolve("/a%20b/", site),
            Wanted::File("a b/index.html".into())
        );
        assert_eq!(
            resolve("/style.css#x", site),
            Wanted::File("style.css".into())
        );
        assert_eq!(resolve("/nope", site), Wanted::File("nope".into()));
    }

    #[test]
    fn refuses_traversal_and_absolute_paths() {
        for bad in [
            "/../dossier.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/dossier.toml",
            "/%2E%2E%2Fdossier.toml",
            "/a/%2e/b",
            "//etc/passwd",
            "/%2F%2Fetc/passwd",
            "/..%5c..%5cwindows",
            "/C:/windows",
            "http://127.0.0.1/",
            "*",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(bad, site), Wanted::BadRequest, "{bad}");
        }
    }

    #[test]
    fn injects_before_the_last_body_end_tag() {
        let out = inject(
            b"<html><body><p>x</p></BODY></html>",
            7,
            Some("<div>o</div>"),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><div>o</div><script src=\"/__dossier/livereload.js\" data-generation=\"7\"></script>\n</BODY></html>"
        );
    }

    #[test]
    fn overlay_escapes_the_diagnostics() {
        let o = overlay(&[Diagnostic::error("bad <tag> & \"quote\"")]);
        assert!(o.contains("error: bad &lt;tag&gt; &amp; &quot;quote&quot;"));
        assert!(o.contains("(1 error)"));
    }
}
