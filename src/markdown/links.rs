//! Internal `@/` links in rendered HTML: the placeholders the renderer
//! writes for them, and putting their resolved addresses in place.

use super::escape_attr;

/// The href written for the n-th internal link until it is resolved.
pub(crate) fn link_placeholder(n: usize) -> String {
    format!("dossier:link:{n}")
}

/// Put resolved addresses in place of the link placeholders of `html`, in
/// one pass: `hrefs[n]` is the address of the n-th internal link (`None`
/// leaves its placeholder, for a link that did not resolve). Addresses are
/// attribute-escaped here.
pub(crate) fn fill_links(html: &str, hrefs: &[Option<String>]) -> String {
    const OPEN: &str = "href=\"dossier:link:";
    let open = memchr::memmem::Finder::new(OPEN);
    let mut out = String::with_capacity(html.len() + hrefs.len() * 32);
    let mut rest = html;
    while let Some(at) = open.find(rest.as_bytes()) {
        let digits_start = at + OPEN.len();
        let digits = rest[digits_start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let close = digits_start + digits;
        let href = rest[digits_start..close]
            .parse::<usize>()
            .ok()
            .filter(|_| rest[close..].starts_with('"'))
            .and_then(|n| hrefs.get(n)?.as_deref());
        match href {
            Some(href) => {
                out.push_str(&rest[..at]);
                out.push_str("href=\"");
                out.push_str(&escape_attr(href));
                out.push('"');
                rest = &rest[close + 1..];
            }
            None => {
                out.push_str(&rest[..digits_start]);
                rest = &rest[digits_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How [`render_simple`] writes an `@/` link until it is resolved.
pub(super) const TARGET: &str = "dossier:target:";

/// Point the `@/` links of HTML made by [`render_simple`] at their pages:
/// `resolve` gives the address of a content path, or `None` for none (the
/// link is then left out, its text kept, and the content path returned).
pub(crate) fn fill_target_links(
    html: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> (String, Vec<String>) {
    const OPEN: &str = "href=\"dossier:target:";
    if !html.contains(OPEN) {
        return (html.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(html.len());
    let mut missing = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let start = at + OPEN.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        let written = &rest[start..start + len];
        let (target, fragment) = match written.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (written, None),
        };
        let target = target.replace("&amp;", "&");
        out.push_str(&rest[..at]);
        match resolve(&target) {
            Some(url) => {
                out.push_str("href=\"");
                out.push_str(&escape_attr(&url));
                if let Some(f) = fragment {
                    out.push('#');
                    out.push_str(f);
                }
                out.push('"');
            }
            None => {
                missing.push(target.clone());
                out.push_str("href=\"#\"");
            }
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    (out, missing)
}
