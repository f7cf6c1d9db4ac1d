//! Where a build's time goes, stage by stage, in one process.
//!
//! ```sh
//! cargo run --release --example phases -- PROJECT_DIR [OUT_DIR] [--probe]
//! ```
//!
//! Runs the stages of `dossier build` one after the other, as
//! `build::prepare_with` and `build::build_with_progress` do, and prints the
//! wall time and memory (resident, and the peak so far) of each: theme and templates, reading and parsing content
//! (`load`), resolving the model (Markdown rendering, links, taxonomies),
//! the template lookups, rendering every page into memory, and writing the
//! result to OUT_DIR (a fresh folder; default: none, nothing is written).
//! A profiling aid for docs/performance.md, not part of dossier; if the
//! pipeline changes, change this with it.
//!
//! `--probe` then measures what running the two big stages on every core
//! would give, without changing dossier: every page body through
//! `markdown::render`, and every page through its view and template, once on
//! one thread and once on all, with plain scoped threads over an atomic
//! counter (what a rayon `par_iter` would do).

use std::path::PathBuf;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use dossier::build::{self, BuildSettings};
use dossier::diagnostic::Diagnostics;
use dossier::output::{Memory, Sink};
use dossier::render::{Renderer, theme};
use dossier::{load, model, site};

// The allocator of the dossier binary, so memory figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let probe = args.iter().any(|a| a == "--probe");
    let mut positional = args.iter().filter(|a| *a != "--probe").map(PathBuf::from);
    let Some(root) = positional.next() else {
        eprintln!("usage: phases PROJECT_DIR [OUT_DIR] [--probe]");
        std::process::exit(2);
    };
    let out = positional.next();
    let settings = BuildSettings {
        root: root.clone(),
        output: None,
        base_url: None,
        drafts: false,
        source_date_epoch: Some("1767225600".into()),
        edition: dossier::board::Edition::Public,
        defer_pages: true,
        cache: None,
    };
    let started = Instant::now();
    let mut last = started;
    let mut lap = |what: &str| {
        let now = Instant::now();
        println!(
            "{what:<34} {:>8.1} ms   rss {:>5} MiB (peak {:>5})",
            now.duration_since(last).as_secs_f64() * 1e3,
            memory("VmRSS:"),
            memory("VmHWM:")
        );
        last = now;
    };
    let fail = |what: &str| -> ! {
        eprintln!("phases: {what} failed; run `dossier build` to see why");
        std::process::exit(1);
    };

    let config = build::load_config(&settings).unwrap_or_else(|_| fail("configuration"));
    let build_date = build::build_date(&settings, &config).unwrap_or_else(|_| fail("build date"));
    let theme = theme::load(&root, &config.theme).unwrap_or_else(|_| fail("theme"));
    let packs = dossier::pdf::pack::PackRenderer::new(&theme, &root, &config.language)
        .unwrap_or_else(|_| fail("PDF templates"));
    lap("theme, templates");

    let mut problems = Diagnostics::new();
    let taxonomy_names: Vec<&str> = config.taxonomies.keys().map(String::as_str).collect();
    let mut inputs = load::load(&root, &taxonomy_names, !settings.defer_pages, &mut problems);
    lap("load (read, split, parse TOML)");

    let edition = dossier::board::Edition::Public;
    let agenda = dossier::board::plan(
        std::mem::take(&mut inputs.board),
        &config,
        dossier::board::BoardOptions {
            edition,
            drafts: false,
            build_date,
        },
        &mut problems,
    );
    let setup = dossier::render::RenderSetup {
        build_date,
        edition,
        paper_refs: agenda.refs.clone(),
    };
    let mut renderer = Renderer::new(&theme, &config, setup).unwrap_or_else(|_| fail("templates"));
    lap("board agenda, templates");

    let options = model::ModelOptions {
        drafts: false,
        build_date,
        edition,
        defer_pages: settings.defer_pages,
    };
    let site = model::resolve(
        &root,
        config,
        inputs,
        agenda,
        &renderer,
        options,
        &mut problems,
    );
    if problems.has_errors() {
        fail("resolving the model");
    }
    lap("resolve (Markdown, links, model)");

    site::prepare(&site, &mut renderer);
    lap("template lookups");

    let mut memory = Memory::default();
    let pages = site::write_site(
        &root,
        &site,
        &renderer,
        &packs,
        &theme.static_files,
        &mut memory,
        &mut problems,
        &site::Selection::All,
    )
    .unwrap_or_else(|_| fail("rendering"))
    .pages;
    if problems.has_errors() {
        fail("rendering");
    }
    let bytes: usize = memory.files.values().map(Vec::len).sum();
    lap(&format!("render {pages} pages to memory"));

    if let Some(out) = out {
        let mut staging = dossier::output::Staging::begin(&out).unwrap_or_else(|_| fail("staging"));
        for (rel, data) in &memory.files {
            staging.write(rel, data).unwrap_or_else(|_| fail("writing"));
        }
        staging.commit().unwrap_or_else(|_| fail("writing"));
        lap(&format!("write {} files", memory.files.len()));
    }
    println!(
        "{:<34} {:>8.1} ms ({} files, {:.1} MiB)",
        "total",
        started.elapsed().as_secs_f64() * 1e3,
        memory.files.len(),
        bytes as f64 / 1_048_576.0
    );
    let mut largest: Vec<(&String, usize)> =
        memory.files.iter().map(|(k, v)| (k, v.len())).collect();
    largest.sort_by_key(|f| std::cmp::Reverse(f.1));
    for (name, size) in largest.iter().take(3) {
        println!("  largest: {name} {:.1} MiB", *size as f64 / 1_048_576.0);
    }
    if probe {
        parallel_probe(&root, &site, &renderer);
    }
}

/// A figure of /proc/self/status (Linux), in MiB; 0 elsewhere.
fn memory(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// Run `work(i)` for every i below `n` on `threads` threads; wall time in ms.
fn timed_on(threads: usize, n: usize, work: &(dyn Fn(usize) + Sync)) -> f64 {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    work(i);
                }
            });
        }
    });
    started.elapsed().as_secs_f64() * 1e3
}

fn parallel_probe(root: &std::path::Path, site: &model::Site, renderer: &Renderer) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("\nparallel probe ({cores} cores): one thread, then {cores}");

    let mut problems = Diagnostics::new();
    let names: Vec<&str> = site.config.taxonomies.keys().map(String::as_str).collect();
    let inputs = load::load(root, &names, true, &mut problems);
    let bodies: Vec<&str> = inputs
        .pages
        .iter()
        .map(|f| f.body())
        .chain(inputs.case_studies.iter().map(|f| f.body()))
        .collect();
    let raw = site.config.markdown.raw_html;
    let markdown = |i: usize| {
        std::hint::black_box(dossier::markdown::render(bodies[i], raw, renderer));
    };
    let one = timed_on(1, bodies.len(), &markdown);
    let all = timed_on(cores, bodies.len(), &markdown);
    println!(
        "{:<34} {one:>8.1} ms -> {all:>7.1} ms ({:.2}x)",
        format!("markdown::render, {} bodies", bodies.len()),
        one / all
    );

    let views = dossier::render::view::Views::new(site);
    // Deferred pages' bodies are rendered first, outside the timing.
    let rendered: Vec<Option<dossier::markdown::Rendered>> = (0..site.pages.len())
        .map(|i| {
            site.pages[i]
                .deferred
                .then(|| {
                    site.render_deferred(i, renderer.shortcode_host())
                        .ok()
                        .map(|b| b.body)
                })
                .flatten()
        })
        .collect();
    let page = |i: usize| {
        let p = &site.pages[i];
        let template = match p.kind {
            model::PageKind::CaseStudy => "case_study.html",
            model::PageKind::Page => "page.html",
        };
        let view = views.page_with(i, rendered[i].as_ref().unwrap_or(&p.body));
        let mut ctx = renderer.context(&site.config, &p.path);
        ctx.insert_value("page", views.page_value(i, &view));
        let html = renderer.render(template, &ctx, None);
        std::hint::black_box(html.map(|h| h.len()).ok());
    };
    let one = timed_on(1, site.pages.len(), &page);
    let all = timed_on(cores, site.pages.len(), &page);
    println!(
        "{:<34} {one:>8.1} ms -> {all:>7.1} ms ({:.2}x)",
        format!("view + template, {} pages", site.pages.len()),
        one / all
    );
}
