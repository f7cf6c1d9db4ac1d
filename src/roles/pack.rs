//! The candidate information pack: one PDF per vacancy, from the theme's
//! `pdf/candidate-pack.typ`.

use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::view::Views;

use crate::pdf::pack::PackRenderer;

/// The template that makes candidate packs.
pub(crate) const TEMPLATE: &str = "candidate-pack.typ";

/// Make the candidate pack of the role at `index` in `site.roles`.
pub(crate) fn candidate_pack(
    site: &Site,
    views: &Views,
    packs: &PackRenderer,
    index: usize,
) -> Result<crate::board::pack::Typeset, Diagnostic> {
    let role = views.role(index);
    let d = site.build_date;
    let mut ctx = Context::new();
    ctx.insert("site", &views.site_view());
    ctx.insert("role", &role);
    ctx.insert("build", &crate::pdf::pack::PackDate::from(d));
    let source = format!("content/{}", site.roles[index].content_path);
    let ident = site
        .config
        .permalink(&format!("{}candidate-pack.pdf", site.roles[index].path));
    let made = packs.pdf_with_pages(TEMPLATE, &ctx, d, &ident, &source, &[])?;
    // With its Typst source, so the leak guard reads what a template put in.
    Ok(made.into())
}
