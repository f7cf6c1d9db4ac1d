//! Writing rendered templates to a sink: what a partial rebuild renders
//! (`Selection`), the file name of a site path, a URL path decoded, and one
//! template to one file.

use crate::diagnostic::Diagnostics;
use crate::model::Site;
use crate::output::Sink;
use crate::render::Renderer;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

/// What [`crate::site::write_site`] renders.
pub enum Selection<'a> {
    /// Everything: pages, packs, calendars, indexes and static files.
    All,
    /// Only the outputs of these templates, with board-pack page numbers
    /// from an earlier build (for `serve`, after a template edit).
    Templates {
        names: &'a std::collections::BTreeSet<String>,
        pack_pages: &'a BTreeMap<String, usize>,
    },
}

impl Selection<'_> {
    /// Whether outputs not made by an HTML or XML template are made.
    pub(crate) fn all(&self) -> bool {
        matches!(self, Selection::All)
    }

    /// Whether the output of `template` is made.
    pub(crate) fn wants(&self, template: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Templates { names, .. } => names.contains(template),
        }
    }
}

pub(crate) fn v<T: Serialize + ?Sized>(value: &T) -> Value {
    Value::from_serializable(value)
}

/// Render a template to a file path rather than a page folder.
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit_file(
    path: &str,
    template: &str,
    vars: &[(&str, Value)],
    renderer: &Renderer,
    site: &Site,
    sink: &mut dyn Sink,
    problems: &mut Diagnostics,
) -> std::io::Result<()> {
    let c = &site.config;
    let mut ctx = renderer.context(c, path);
    for (k, v) in vars {
        ctx.insert_value(k.to_string(), v.clone());
    }
    match renderer.render(template, &ctx, None) {
        Ok(text) => sink.write(path.trim_start_matches('/'), text.as_bytes()),
        Err(d) => {
            problems.push(d);
            Ok(())
        }
    }
}

/// The domain part of calendar UIDs: the base URL without its scheme, with
/// `/` made `-` ("example.org-briefing"), so UIDs stay stable and unique.
pub(crate) fn uid_host(config: &crate::config::SiteConfig) -> String {
    config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("dossier")
        .trim_end_matches('/')
        .replace('/', "-")
}

/// The file written for a site path: "/a/b/" gives "a/b/index.html".
pub(crate) fn file_for(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// Render one template into one file of the sink (a closure over the
/// renderer and the selection, made by [`crate::site::write_site`]).
pub(crate) type Emit<'a> = dyn FnMut(
        &str,
        &str,
        &[(&str, Value)],
        Option<String>,
        &mut dyn Sink,
        &mut Diagnostics,
    ) -> std::io::Result<()>
    + 'a;

pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
