//! The same board pack through dossier's in-process Typst and through the
//! `typst` command, for docs/performance.md.
//!
//! ```sh
//! cargo run --release --example typst_source -- PROJECT_DIR MEETING_SLUG OUT_DIR
//! typst compile --root OUT_DIR --font-path OUT_DIR/fonts --ignore-system-fonts \
//!     --pdf-standard ua-1,a-2a OUT_DIR/main.typ OUT_DIR/cli.pdf
//! ```
//!
//! Writes the generated Typst source of the meeting's board pack as
//! `OUT_DIR/main.typ`, the fonts dossier embeds (Noto Sans, DejaVu Sans) as
//! `OUT_DIR/fonts/`, and every file the pack's world may read (the theme's
//! and project's static files) under `OUT_DIR/`, so that the command sees
//! the very same document. Then it compiles that source in this process
//! six times and prints each time. The first starts cold (Typst's memoised
//! results forgotten; the fonts, loaded once per process, are already
//! loaded); later ones reuse the memoised results and say little about a
//! real build.

use std::path::PathBuf;
use std::time::Instant;

use dossier::build::{self, BuildSettings};
use dossier::render::theme::Origin;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, slug, out] = args.as_slice() else {
        eprintln!("usage: typst_source PROJECT_DIR MEETING_SLUG OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let settings = BuildSettings {
        root: PathBuf::from(root),
        output: None,
        base_url: None,
        drafts: false,
        source_date_epoch: Some("1795942800".into()),
        edition: dossier::board::Edition::Public,
        defer_pages: true,
        cache: None,
    };
    let Ok(prepared) = build::prepare(&settings) else {
        eprintln!("typst_source: the project does not build; run `dossier build` to see why");
        std::process::exit(1);
    };
    let site = &prepared.site;
    let Some(index) = site.board.meetings.iter().position(|m| &m.slug == slug) else {
        eprintln!("typst_source: there is no meeting {slug}");
        std::process::exit(2);
    };
    let views = dossier::render::view::Views::new(site);
    let refs = prepared.renderer.paper_refs();
    let (typeset, _) =
        dossier::board::pack::board_pack(site, &views, &prepared.packs, refs, index, None)
            .unwrap_or_else(|d| {
                eprintln!("typst_source: {}", d.message);
                std::process::exit(1);
            });

    std::fs::create_dir_all(out.join("fonts")).expect("create the output folder");
    std::fs::write(out.join("main.typ"), &typeset.source).expect("write main.typ");
    for (name, data) in dossier::pdf::embedded_fonts() {
        std::fs::write(out.join("fonts").join(name), data).expect("write a font");
    }
    let assets = &prepared.packs.assets;
    for (path, origin) in &assets.files {
        let bytes = match origin {
            Origin::Disk(rel) => std::fs::read(assets.root.join(rel)).expect("read a static file"),
            Origin::BuiltIn(bytes) => bytes.to_vec(),
        };
        let to = out.join(path);
        std::fs::create_dir_all(to.parent().expect("a file has a folder"))
            .expect("create a folder");
        std::fs::write(to, bytes).expect("write a static file");
    }

    let job = dossier::pdf::PdfJob {
        source: typeset.source.clone(),
        assets,
        today: site.build_date,
        ident: "board-pack".into(),
    };
    // Making the pack above already typeset it: forget Typst's memoised
    // results, so the first timed compile starts cold, as in `dossier pack`.
    typst::comemo::evict(0);
    for run in 1..=6 {
        let started = Instant::now();
        let pdf = dossier::pdf::compile(&job).unwrap_or_else(|e| {
            eprintln!("typst_source: {}", e[0].message);
            std::process::exit(1);
        });
        println!(
            "in-process compile {run}: {:>7.1} ms ({} bytes{})",
            started.elapsed().as_secs_f64() * 1e3,
            pdf.len(),
            if run == 1 { ", cold" } else { ", memoised" }
        );
    }
}
