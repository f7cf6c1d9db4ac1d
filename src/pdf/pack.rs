//! Packs: print-ready PDFs assembled from the model through the theme's
//! Typst templates (`pdf/*.typ`), typeset by [`crate::pdf`].
//!
//! The templates run in their own tera instance whose autoescape is *Typst*
//! escaping: `{{ role.title }}` in a `.typ` template is inert text whatever
//! the title holds. Markdown goes through the `typst_markdown` filter, paths
//! and URLs inside Typst strings through `typst_string`; both mark their
//! output safe.

use tera::{Context, Kwargs, State, Tera, Value};

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::pdf::cache::PdfCache;
use crate::pdf::{self, Assets, PdfJob, markup};
use crate::render::theme::{TemplateSource, Theme};

fn typst_escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(markup::escape_markup(input).as_bytes())
}

/// The build date as pack templates see it (`build.year`, `build.month`,
/// `build.day`, and `build.iso` for the date filter).
#[derive(serde::Serialize)]
pub(crate) struct PackDate {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
    pub(crate) iso: Date,
}

impl From<Date> for PackDate {
    fn from(d: Date) -> Self {
        PackDate {
            year: d.year,
            month: d.month,
            day: d.day,
            iso: d,
        }
    }
}
/// Typst templates and the assets packs may use.
pub struct PackRenderer {
    tera: Tera,
    sources: std::collections::BTreeMap<String, TemplateSource>,
    pub assets: Assets,
    /// Where PDFs already typeset are kept (`None`: typeset every one).
    pub cache: Option<std::sync::Arc<PdfCache>>,
}

impl PackRenderer {
    pub fn new(
        theme: &Theme,
        root: &std::path::Path,
        language: &str,
    ) -> Result<PackRenderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".typ"]);
        tera.set_escape_fn(typst_escape);
        tera.register_filter(
            "typst_markdown",
            |s: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
                let offset: Option<i64> = kwargs.get("heading_offset")?;
                let offset = u8::try_from(offset.unwrap_or(0).clamp(0, 5)).unwrap_or(0);
                Ok(Value::safe_string(&markup::markdown_to_typst(s, offset)))
            },
        );
        // A label name: letters, digits, - and _ only, so `<paper-{{ slug | typst_label }}>`
        // is always a label.
        tera.register_filter("typst_label", |s: &str, _: Kwargs, _: &State| {
            let clean: String = s
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            Value::safe_string(&clean)
        });
        tera.register_filter("typst_string", |s: &str, _: Kwargs, _: &State| {
            Value::safe_string(&markup::escape_string(s))
        });
        crate::render::register_date_filter(&mut tera, language);
        crate::render::i18n::register(
            &mut tera,
            std::sync::Arc::new(theme.strings.for_language(language)),
        );
        let templates: Vec<(&str, &str)> = theme
            .pdf_templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.text.as_str()))
            .collect();
        let mut renderer = PackRenderer {
            tera,
            sources: theme.pdf_templates.clone(),
            assets: Assets {
                root: root.to_path_buf(),
                files: crate::render::theme::with_project_static(root, &theme.static_files),
            },
            cache: None,
        };
        if let Err(e) = renderer.tera.add_raw_templates(templates) {
            return Err(vec![renderer.template_error(&e, None)]);
        }
        Ok(renderer)
    }

    fn template_error(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        crate::render::tera_diagnostic(e, &self.sources, rendering)
    }

    /// Render and typeset, returning the PDF, its Typst source, the page of
    /// each of `labels` and, when it was typeset now, its text.
    pub(crate) fn pdf_with_pages(
        &self,
        template: &str,
        ctx: &Context,
        today: Date,
        ident: &str,
        rendering: &str,
        labels: &[String],
    ) -> Result<Made, Diagnostic> {
        if !self.tera.contains_template(template) {
            return Err(Diagnostic::error(format!("the theme has no PDF template {template}"))
                .with_hint(format!("add pdf/{template} to the theme, or templates/pdf/{template} to the project")));
        }
        let source = self
            .tera
            .render(template, ctx)
            .map_err(|e| self.template_error(&e, Some(rendering)))?;
        let job = PdfJob {
            source,
            assets: &self.assets,
            today,
            ident: ident.to_string(),
        };
        let cached = self.cache.as_deref().map(|cache| {
            let key = cache.key(&job.source, ident, &today.to_string(), labels);
            (cache, key)
        });
        if let Some((cache, key)) = cached
            && let Some((pdf, pages)) = cache.load(key, &self.assets)
        {
            return Ok(Made {
                pdf,
                source: job.source,
                pages,
                text: None,
            });
        }
        match pdf::compile_with_pages(&job, labels) {
            Ok(typeset) => {
                if let Some((cache, key)) = cached {
                    cache.store(key, &typeset.read, &typeset.pdf, &typeset.pages);
                }
                Ok(Made {
                    pdf: typeset.pdf,
                    source: job.source,
                    pages: typeset.pages,
                    text: typeset.text,
                })
            }
            Err(errors) => Err(self.typeset_error(template, rendering, errors)),
        }
    }

    fn typeset_error(
        &self,
        template: &str,
        rendering: &str,
        errors: Vec<pdf::PdfError>,
    ) -> Diagnostic {
        let shown = self
            .sources
            .get(template)
            .map(|s| s.shown_path.clone())
            .unwrap_or_default();
        let first = errors.into_iter().next().unwrap_or(pdf::PdfError {
            line: 0,
            col: 0,
            message: "unknown error".into(),
            hints: Vec::new(),
            source_line: String::new(),
        });
        let generated = SourceText::new(
            format!(
                "{} (generated Typst)",
                crate::diagnostic::display_path(&shown)
            ),
            String::new(),
        );
        let mut d = Diagnostic::error(format!("the PDF could not be typeset: {}", first.message))
            .in_file(generated.path.clone())
            .with_note(format!("while making the PDF for {rendering}"));
        d.line = first.line;
        d.col = first.col;
        d.source_line = Some(first.source_line);
        let mut hint = first.hints.join("; ");
        if hint.is_empty() {
            hint = format!(
                "the line shown is Typst generated by {}: check that template",
                crate::diagnostic::display_path(&shown)
            );
        }
        d.with_hint(hint)
    }
}

/// A PDF made by [`PackRenderer::pdf_with_pages`].
pub(crate) struct Made {
    pub(crate) pdf: Vec<u8>,
    /// The Typst source it was made from.
    pub(crate) source: String,
    /// The page (1-based) on which each label asked for stands.
    pub(crate) pages: pdf::LabelPages,
    /// The text of each page when it was typeset now, for the leak guard
    /// (`None`: it was taken from the cache).
    pub(crate) text: Option<Vec<String>>,
}
