//! Render: tera set-up, our filters and functions, shortcodes, and turning
//! template errors into diagnostics that name the template and the page.
//!
//! Templates are tera 2: strict about undefined variables, with errors that
//! carry a line and column. The functions `get_page`, `get_organisation` and
//! `get_taxonomy` read site data that exists only after the model is built,
//! while shortcodes are rendered *during* model building; so the functions
//! are registered up front over a lookup table that is filled in later
//! ([`Renderer::set_lookups`]).

pub(crate) mod emit;
pub mod i18n;
pub(crate) mod ics;
pub(crate) mod jsonld;
pub(crate) mod search;
pub mod theme;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::{RawHtml, SiteConfig};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, SourceText, did_you_mean};
use crate::markdown::shortcode::Shortcode;
use crate::markdown::{self, ShortcodeHost};
use theme::{TemplateSource, Theme};

/// Site data that template functions look up, by key.
#[derive(Default)]
pub(crate) struct Lookups {
    /// Content path ("case-studies/knowsley.md") to a page summary.
    pub(crate) pages: HashMap<String, Value>,
    /// Organisation slug to its view.
    pub(crate) organisations: HashMap<String, Value>,
    /// Taxonomy name to its view.
    pub(crate) taxonomies: HashMap<String, Value>,
}

/// A configured template engine for one build.
pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, TemplateSource>,
    lookups: Arc<OnceLock<Lookups>>,
    site_value: Value,
    /// Papers by slug, for the `ref` shortcode.
    paper_refs: Arc<BTreeMap<String, crate::board::PaperRef>>,
    edition: crate::board::Edition,
    /// What shortcodes of pages rendered after the site is resolved use
    /// (see [`Renderer::keep_shortcode_view`]).
    shortcodes: Option<Box<Renderer>>,
}

/// What a renderer is made with besides the theme and the configuration:
/// decided before any Markdown is rendered, and fixed for the build.
pub struct RenderSetup {
    pub build_date: Date,
    pub edition: crate::board::Edition,
    /// Every paper a `ref` shortcode may name ([`crate::board::Agenda::refs`]).
    pub paper_refs: BTreeMap<String, crate::board::PaperRef>,
}

impl Renderer {
    /// Set up tera with the theme's templates and our filters and functions.
    /// Until [`Renderer::set_lookups`], the `site` value shortcodes see is
    /// the configuration only, since menus and taxonomies do not exist yet.
    pub fn new(
        theme: &Theme,
        config: &SiteConfig,
        setup: RenderSetup,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut renderer = Renderer::with_lookups(theme, config, Arc::new(OnceLock::new()))?;
        renderer.edition = setup.edition;
        renderer.paper_refs = Arc::new(setup.paper_refs);
        renderer.site_value = Value::from_serializable(&view::SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            build_date: setup.build_date,
            generator: view::GENERATOR,
            content_security_policy: &config.content_security_policy,
            organisation_styles: None,
            extra: &config.extra,
            menu: Vec::new(),
            taxonomies: Vec::new(),
        });
        Ok(renderer)
    }

    /// A renderer with new templates over the site data of `previous`
    /// (its look-ups, `site` value, edition and papers), for `serve` after a
    /// template edit: the site did not change, so nothing is computed again.
    pub(crate) fn with_site_of(
        theme: &Theme,
        config: &SiteConfig,
        previous: &Renderer,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut renderer = Renderer::with_lookups(theme, config, previous.lookups.clone())?;
        renderer.site_value = previous.site_value.clone();
        renderer.edition = previous.edition;
        renderer.paper_refs = previous.paper_refs.clone();
        Ok(renderer)
    }

    fn with_lookups(
        theme: &Theme,
        config: &SiteConfig,
        lookups: Arc<OnceLock<Lookups>>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        // Escape HTML and XML outputs; robots.txt and other text pass through.
        tera.autoescape_on([".html", ".xml"]);
        let raw_html = config.markdown.raw_html;
        register_filters(&mut tera, raw_html, &config.language);
        register_functions(&mut tera, config, &lookups);
        // The words of the site's language (the primary subtag of
        // `config.language`: a per-language build passes its own config).
        i18n::register(
            &mut tera,
            Arc::new(theme.strings.for_language(&config.language)),
        );

        let templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, src)| (name.as_str(), src.text.as_str()))
            .collect();
        let mut renderer = Renderer {
            tera,
            sources: theme.templates.clone(),
            lookups,
            site_value: Value::none(),
            paper_refs: Arc::new(BTreeMap::new()),
            edition: crate::board::Edition::Public,
            shortcodes: None,
        };
        if let Err(e) = renderer.tera.add_raw_templates(templates) {
            return Err(vec![renderer.template_error(&e, None)]);
        }
        Ok(renderer)
    }

    /// Keep what shortcodes see while the site is resolved (the preliminary
    /// `site` value, no look-ups, the papers `ref` may name) for pages whose
    /// Markdown is rendered later, as they are written: a page's output must
    /// not depend on when its Markdown was rendered. Call it before
    /// [`Renderer::set_lookups`].
    pub(crate) fn keep_shortcode_view(&mut self, config: &SiteConfig) {
        let mut tera = self.tera.clone();
        // The look-up functions see a table of their own, never filled.
        let lookups = Arc::new(OnceLock::new());
        register_functions(&mut tera, config, &lookups);
        self.shortcodes = Some(Box::new(Renderer {
            tera,
            sources: self.sources.clone(),
            lookups,
            site_value: self.site_value.clone(),
            paper_refs: self.paper_refs.clone(),
            edition: self.edition,
            shortcodes: None,
        }));
    }

    /// What renders the shortcodes of a page whose Markdown is rendered now:
    /// the view kept by [`Renderer::keep_shortcode_view`], or this renderer.
    pub fn shortcode_host(&self) -> &Renderer {
        self.shortcodes.as_deref().unwrap_or(self)
    }

    /// The summary value of each page of `site`, as `get_page` gives it
    /// (made once by [`crate::site::prepare`]; made here if it was not).
    pub(crate) fn summary_values(&self, site: &crate::model::Site) -> Vec<Value> {
        let made = self.lookups.get().map(|l| &l.pages);
        crate::par::map(&site.pages, |p| {
            made.and_then(|pages| pages.get(&p.content_path))
                .cloned()
                .unwrap_or_else(|| crate::render::view::page_summary_value(site, p))
        })
    }

    /// Provide the data behind `get_page` and friends, and the `site` value.
    pub(crate) fn set_lookups(&mut self, lookups: Lookups, site_value: Value) {
        let _ = self.lookups.set(lookups);
        self.site_value = site_value;
    }

    /// The papers `ref` shortcodes may name.
    pub fn paper_refs(&self) -> &BTreeMap<String, crate::board::PaperRef> {
        &self.paper_refs
    }

    /// A new context holding the shared `site` value and the page's paths.
    pub fn context(&self, config: &SiteConfig, path: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("current_path", &config.url(path));
        ctx.insert("current_url", &config.permalink(path));
        if config.pass.is_multilingual() {
            // The page in every language, for the switcher and hreflang
            // links; and whether this one shows the default language's text
            // for want of a translation.
            ctx.insert("translations", &config.pass.counterparts(path));
            ctx.insert("untranslated", &config.pass.untranslated.contains(path));
            ctx.insert("default_language", &config.pass.all[0].tag);
        }
        ctx
    }

    /// Render a template; `rendering` names the content file for diagnostics.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        rendering: Option<&str>,
    ) -> Result<String, Diagnostic> {
        let mut out = self
            .tera
            .render(template, ctx)
            .map_err(|e| self.template_error(&e, rendering))?;
        if template.ends_with(".html") || template.ends_with(".xml") {
            strip_controls(&mut out);
        }
        Ok(out)
    }

    /// A diagnostic for a tera error, located in the template's own file.
    pub(crate) fn template_error(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        tera_diagnostic(e, &self.sources, rendering)
    }
}

/// Remove C0 control characters other than tab, line feed and carriage
/// return. They can reach a page from any field (TOML's `\u0007`, a pasted
/// escape sequence) and make an XML feed or sitemap ill-formed, which feed
/// readers reject whole; in HTML they are parse errors. Nothing readable is
/// lost.
pub(crate) fn strip_controls(s: &mut String) {
    // Control characters are single bytes in UTF-8, and no byte of a
    // multi-byte character is below 0x80: scan bytes, a kilobyte at a time,
    // with byte arithmetic the compiler turns into vector instructions (this
    // runs over every page written).
    let control = |b: u8| {
        (u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r'))
            | u8::from(b == 0x7f)
    };
    let found = s
        .as_bytes()
        .chunks(1024)
        .any(|chunk| chunk.iter().fold(0, |seen, &b| seen | control(b)) != 0);
    if found {
        s.retain(|c| !c.is_ascii_control() || matches!(c, '\t' | '\n' | '\r'));
    }
}

/// A diagnostic for a tera error, located in the template's own file among
/// `sources` (template name to source).
pub(crate) fn tera_diagnostic(
    e: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
    rendering: Option<&str>,
) -> Diagnostic {
    let mut d = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                message.push_str(&format!(": {c}"));
                cause = c.source();
            }
            let d = Diagnostic::error(format!("template error: {message}"));
            match sources.get(r.filename()) {
                Some(src) => {
                    let file = SourceText::new(src.shown_path.clone(), src.text.clone());
                    let line_start = line_offset(&file.text, r.span().start_line);
                    let col_bytes: usize = file.text[line_start..]
                        .chars()
                        .take(r.span().start_col)
                        .map(char::len_utf8)
                        .sum();
                    d.at(&file, line_start + col_bytes)
                }
                None => d.in_file(format!("templates/{}", r.filename())),
            }
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(format!("the template \"{name}\" does not exist"))
            .with_hint("check the name in {% extends %} or {% include %}; templates are looked up in the project's templates/ and then the theme's"),
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "the template \"{current}\" extends \"{parent}\", which does not exist"
        )),
        _ => Diagnostic::error(format!("template error: {e}")),
    };
    if d.message.contains("is not defined") {
        d = d.with_hint("this variable is not available here: docs/templates.md lists the variables each template receives; test optional values with `{% if x %}`");
    }
    if let Some(page) = rendering {
        d = d.with_note(format!("while rendering {page}"));
    }
    d
}

fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

fn register_filters(tera: &mut Tera, raw_html: RawHtml, language: &str) {
    tera.register_filter("markdown", move |s: &str, _: Kwargs, _: &State| {
        Value::safe_string(&markdown::render_simple(s, raw_html))
    });
    tera.register_filter("slugify", |s: &str, _: Kwargs, _: &State| {
        markdown::slugify(s)
    });
    register_date_filter(tera, language);
}

/// The `date` filter, shared by the HTML and the PDF templates: an ISO date
/// as "long" (default), "short", "iso" or "rfc3339", in the site language.
pub(crate) fn register_date_filter(tera: &mut Tera, language: &str) {
    let language = language.to_string();
    tera.register_filter("date", move |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let Some(s) = v.as_str() else {
            return Err(tera::Error::message("the date filter needs a date such as \"2026-03-12\""));
        };
        let Some(date) = Date::parse_iso(s) else {
            return Err(tera::Error::message(format!("\"{s}\" is not a date (YYYY-MM-DD)")));
        };
        let format: Option<&str> = kwargs.get("format")?;
        Ok(match format.unwrap_or("long") {
            "long" => date.long_in(&language),
            "short" => date.short_in(&language),
            "iso" => date.to_string(),
            "rfc3339" => date.rfc3339(),
            other => {
                return Err(tera::Error::message(format!(
                    "unknown date format \"{other}\": use \"long\", \"short\", \"iso\" or \"rfc3339\""
                )));
            }
        }
        .into())
    });
}

fn register_functions(tera: &mut Tera, config: &SiteConfig, lookups: &Arc<OnceLock<Lookups>>) {
    // In a language's pass, a page's address is under the language's
    // folder; a static file's stays at the root (see `SiteConfig::url`).
    let base = config.base_path().to_string();
    let config_for_url = (!config.pass.is_default()).then(|| config.clone());
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            if path.contains("://") {
                return Ok(path.to_string());
            }
            Ok(match &config_for_url {
                Some(c) => c.url(path),
                None => format!("{base}{}", path.trim_start_matches('/')),
            })
        },
    );
    type Pick = fn(&Lookups) -> &HashMap<String, Value>;
    let lookup = |name: &'static str, key: &'static str, pick: Pick| {
        let lookups = lookups.clone();
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let wanted: &str = kwargs.must_get(key)?;
            let Some(all) = lookups.get() else {
                return Err(tera::Error::message(format!(
                    "{name} cannot be used inside shortcodes"
                )));
            };
            let table = pick(all);
            table.get(wanted).cloned().ok_or_else(|| {
                let close = did_you_mean(wanted, table.keys().map(String::as_str));
                tera::Error::message(match close {
                    Some(c) => {
                        format!("{name}: nothing is called \"{wanted}\"; did you mean \"{c}\"?")
                    }
                    None => format!("{name}: nothing is called \"{wanted}\""),
                })
            })
        }
    };
    tera.register_function("get_page", lookup("get_page", "path", |l| &l.pages));
    tera.register_function(
        "get_organisation",
        lookup("get_organisation", "slug", |l| &l.organisations),
    );
    tera.register_function(
        "get_taxonomy",
        lookup("get_taxonomy", "name", |l| &l.taxonomies),
    );
}

/// What the `ref` shortcode's template receives as `target`.
#[derive(serde::Serialize)]
struct RefTarget<'a> {
    #[serde(flatten)]
    paper: &'a crate::board::PaperRef,
    /// The board-pack page, filled in once the pack is typeset.
    pack_page: Option<String>,
}

impl Renderer {
    fn paper_target(&self, sc: &Shortcode) -> Result<serde_json::Value, (String, String)> {
        let Some(crate::markdown::shortcode::ArgValue::Str(slug)) = sc.args.get("paper") else {
            return Err((
                "the shortcode `ref` needs a paper".into(),
                "write {{ ref(paper=\"<slug of a file in content/papers/>\") }}".into(),
            ));
        };
        let refs = &self.paper_refs;
        let Some(paper) = refs.get(slug) else {
            let close = did_you_mean(slug, refs.keys().map(String::as_str));
            let hint = match close {
                Some(c) => format!(
                    "did you mean \"{c}\"? papers are named by their file name in content/papers/"
                ),
                None => "papers are named by their file name in content/papers/".into(),
            };
            return Err((format!("there is no paper \"{slug}\""), hint));
        };
        let target = RefTarget {
            paper,
            pack_page: (!paper.withheld && paper.item.is_some())
                .then(|| crate::board::pack_page_placeholder(slug)),
        };
        Ok(serde_json::to_value(&target).unwrap_or_default())
    }
}

impl ShortcodeHost for Renderer {
    fn render(&self, sc: &Shortcode) -> Result<String, (String, String)> {
        let template = format!("shortcodes/{}.html", sc.name);
        if !self.tera.contains_template(&template) {
            let known: Vec<&str> = self
                .tera
                .get_template_names()
                .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
                .collect();
            let mut known = known;
            known.sort_unstable();
            let close = did_you_mean(&sc.name, known.iter().copied());
            let mut hint = match close {
                Some(c) => format!("did you mean `{c}`? "),
                None => String::new(),
            };
            hint.push_str(&format!(
                "the shortcodes available are: {}; a shortcode `x` is the template templates/shortcodes/x.html",
                known.join(", ")
            ));
            return Err((format!("unknown shortcode `{}`", sc.name), hint));
        }
        if let Ok(used) = self.tera.get_template_variables(&template) {
            let mut used: Vec<&str> = used
                .into_iter()
                .filter(|v| !["site", "body", "edition", "target"].contains(v))
                .collect();
            // `ref` takes `paper`, which dossier turns into `target`.
            if sc.name == "ref" {
                used.push("paper");
            }
            used.sort_unstable();
            for arg in sc.args.keys() {
                if !used.contains(&arg.as_str()) {
                    let close = did_you_mean(arg, used.iter().copied());
                    let mut hint = match close {
                        Some(c) => format!("did you mean `{c}`? "),
                        None => String::new(),
                    };
                    hint.push_str(&format!(
                        "the arguments of `{}` are: {}",
                        sc.name,
                        used.join(", ")
                    ));
                    return Err((
                        format!("the shortcode `{}` has no argument `{arg}`", sc.name),
                        hint,
                    ));
                }
            }
        }
        let mut ctx = Context::new();
        for (k, v) in &sc.args {
            ctx.insert(k.clone(), v);
        }
        ctx.insert("body", sc.body.as_deref().unwrap_or(""));
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("edition", self.edition.as_str());
        if sc.name == "ref" {
            let target = self.paper_target(sc)?;
            ctx.insert("target", &target);
        }
        self.tera.render(&template, &ctx).map_err(|e| {
            let d = self.template_error(&e, None);
            let location = d.path.as_ref().map(|p| format!(" ({}:{}:{})", crate::diagnostic::display_path(p), d.line, d.col)).unwrap_or_default();
            let message = d.message.trim_start_matches("template error: ").to_string();
            (
                format!("the shortcode `{}` failed: {message}{location}", sc.name),
                "check the shortcode's arguments: a required argument may be missing or of the wrong kind".to_string(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped_and_tabs_and_line_breaks_kept() {
        let every_ascii: String = (0u8..=0x7f).map(char::from).collect();
        let mut s = every_ascii.clone();
        strip_controls(&mut s);
        let kept: String = every_ascii
            .chars()
            .filter(|c| !c.is_ascii_control() || matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert_eq!(s, kept);
        assert!(s.starts_with("\t\n\r "));

        // Past the first block of a kilobyte, after characters of every
        // length.
        let text = "é – 😀 ".repeat(200);
        assert!(text.len() > 2048);
        let mut long = format!("{text}end\u{7}.\n");
        strip_controls(&mut long);
        assert_eq!(long, format!("{text}end.\n"));
        let mut clean = "line one\r\n\tline two\n".repeat(10);
        let before = clean.clone();
        strip_controls(&mut clean);
        assert_eq!(clean, before);
    }
}
