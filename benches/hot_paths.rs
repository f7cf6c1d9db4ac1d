//! Micro-benchmarks of the hot paths of a build, on the example project's
//! own text (the Knowsley case study, 5.9 kB, with one shortcode): front
//! matter split, Markdown to HTML (page bodies and the short strings of the
//! `markdown` filter, beside pulldown-cmark alone as the floor), one page
//! template render, and Markdown to Typst for packs.
//!
//! ```sh
//! cargo bench --bench hot_paths            # all
//! cargo bench --bench hot_paths -- render  # those whose name holds "render"
//! ```
//!
//! These measure; they never assert. Whole-build figures (dossier against
//! Hugo and the floor program) come from `scripts/bench`; see
//! docs/performance.md.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::build::{self, BuildSettings};
use dossier::config::RawHtml;
use dossier::diagnostic::SourceText;
use dossier::markdown::shortcode::Shortcode;
use dossier::markdown::{self, ShortcodeHost};
use dossier::render::view::Views;

/// A real case study of the example project: front matter, headings,
/// footnotes, links, a summary marker.
const CASE_STUDY: &str = include_str!("../content/case-studies/knowsley.md");

/// Stands in for the theme: every shortcode becomes a short fixed snippet,
/// so the benchmark measures Markdown, not templates.
struct FixedShortcodes;

impl ShortcodeHost for FixedShortcodes {
    fn render(&self, _: &Shortcode) -> Result<String, (String, String)> {
        Ok("<aside class=\"pull-quote\"><p>Quoted.</p></aside>".to_string())
    }
}

/// The options `dossier::markdown` gives pulldown-cmark.
const DOSSIER_OPTIONS: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
    .union(pulldown_cmark::Options::ENABLE_FOOTNOTES)
    .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
    .union(pulldown_cmark::Options::ENABLE_TASKLISTS)
    .union(pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION)
    .union(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES)
    .union(pulldown_cmark::Options::ENABLE_GFM);

fn body_of(text: &str) -> &str {
    let file = SourceText::new("content/case-studies/knowsley.md", text.to_string());
    let offset = dossier::source::split_front_matter(&file)
        .expect("the example has front matter")
        .body_offset;
    &text[offset..]
}

fn front_matter(c: &mut Criterion) {
    let file = SourceText::new("content/case-studies/knowsley.md", CASE_STUDY.to_string());
    let mut g = c.benchmark_group("front_matter");
    g.throughput(Throughput::Bytes(CASE_STUDY.len() as u64));
    g.bench_function("split", |b| {
        b.iter(|| dossier::source::split_front_matter(black_box(&file)).map(|s| s.body_offset))
    });
    g.bench_function("split_and_parse_toml", |b| {
        b.iter(|| {
            let s = dossier::source::split_front_matter(black_box(&file)).expect("split");
            toml::from_str::<toml::Table>(s.front_matter).expect("toml")
        })
    });
    g.bench_function("source_text_new", |b| {
        // Line index built for every file read, for diagnostics.
        b.iter(|| SourceText::new("content/a.md", black_box(CASE_STUDY).to_string()))
    });
    g.finish();
}

fn markdown_html(c: &mut Criterion) {
    let body = body_of(CASE_STUDY);
    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("render_page", |b| {
        b.iter(|| markdown::render(black_box(body), RawHtml::Allow, &FixedShortcodes))
    });
    g.bench_function("render_simple_page", |b| {
        b.iter(|| markdown::render_simple(black_box(body), RawHtml::Allow))
    });
    g.bench_function("pulldown_cmark_only", |b| {
        // The floor for the same text: the parser and HTML writer alone.
        b.iter(|| {
            let mut out = String::with_capacity(body.len() * 2);
            pulldown_cmark::html::push_html(
                &mut out,
                pulldown_cmark::Parser::new_ext(black_box(body), DOSSIER_OPTIONS),
            );
            out
        })
    });
    let short = "Our **joint** director reports to both boards; see the [annual report](https://example.org/report).";
    g.throughput(Throughput::Bytes(short.len() as u64));
    g.bench_function("render_simple_short", |b| {
        b.iter(|| markdown::render_simple(black_box(short), RawHtml::Allow))
    });
    g.finish();
}

fn template(c: &mut Criterion) {
    let settings = BuildSettings {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: None,
        base_url: None,
        drafts: false,
        source_date_epoch: Some("1767225600".into()),
        edition: dossier::board::Edition::Public,
        // Every body rendered and kept, so the page below has its content.
        defer_pages: false,
        cache: None,
    };
    let prepared = build::prepare(&settings).expect("the example project builds");
    let site = &prepared.site;
    let views = Views::new(site);
    let index = site
        .pages
        .iter()
        .position(|p| p.content_path == "case-studies/knowsley.md")
        .expect("the example has the Knowsley case study");
    let page = &site.pages[index];
    let mut g = c.benchmark_group("template");
    g.bench_function("page_view", |b| b.iter(|| views.page(black_box(index))));
    g.bench_function("page_view_to_value", |b| {
        b.iter(|| views.page_value(index, &views.page(black_box(index))))
    });
    let value = views.page_value(index, &views.page(index));
    g.bench_function("render_case_study", |b| {
        b.iter(|| {
            let mut ctx = prepared.renderer.context(&site.config, &page.path);
            ctx.insert_value("page", value.clone());
            prepared
                .renderer
                .render("case_study.html", &ctx, None)
                .expect("renders")
        })
    });
    g.finish();

    let mut g = c.benchmark_group("prepare");
    g.sample_size(20);
    g.bench_function("example_project", |b| {
        b.iter(|| build::prepare(&settings).map(|p| p.site.pages.len()).ok())
    });
    g.finish();
}

fn typst(c: &mut Criterion) {
    let body = body_of(CASE_STUDY);
    let mut g = c.benchmark_group("typst");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("markdown_to_typst_page", |b| {
        b.iter(|| dossier::pdf::markup::markdown_to_typst(black_box(body), 1))
    });
    g.finish();
}

criterion_group!(benches, front_matter, markdown_html, template, typst);
criterion_main!(benches);
