//! `dossier pack role|meeting <slug>`: one pack, without building the site.

use std::path::PathBuf;

use super::{BuildFailure, BuildSettings, load_config, passes};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output;

/// What `dossier pack` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PackWhat {
    /// A candidate pack (`pack role`).
    Role,
    /// A board pack (`pack meeting`).
    Meeting,
}

/// `dossier pack role|meeting <slug>`: build one pack. Writes to `output`
/// (replacing it) or to `<slug>-candidate-pack.pdf` / `<slug>-board-pack.pdf`
/// in the current folder (never replacing an existing file). A confidential
/// board pack goes through no leak guard: it is for board members only.
pub(crate) fn pack(
    settings: &BuildSettings,
    what: PackWhat,
    slug: &str,
    output: Option<&std::path::Path>,
    language: Option<&str>,
) -> Result<PathBuf, BuildFailure> {
    crate::pdf::evict_between_documents();
    let (passes, language_index) =
        passes::prepare_for_pack(settings, load_config(settings)?, language)?;
    let prepared = &passes.each[language_index];
    let site = &prepared.site;
    let (kind, folder, known, suffix): (&str, &str, Vec<&str>, &str) = match what {
        PackWhat::Role => (
            "role",
            "content/roles/",
            site.roles.iter().map(|r| r.slug.as_str()).collect(),
            "candidate-pack",
        ),
        PackWhat::Meeting => (
            "meeting",
            "content/meetings/",
            site.board
                .meetings
                .iter()
                .map(|m| m.slug.as_str())
                .collect(),
            "board-pack",
        ),
    };
    let Some(index) = known.iter().position(|k| *k == slug) else {
        let naming = format!(
            "{kind}s are named by their file name in {folder}; known: {}",
            known.join(", ")
        );
        return Err(BuildFailure::usage(crate::diagnostic::no_such(
            kind,
            slug,
            known.iter().copied(),
            &naming,
        )));
    };
    let (path, replace) = match output {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(format!("{slug}-{suffix}.pdf")), false),
    };
    if !replace && path.exists() {
        return Err(BuildFailure::usage(
            Diagnostic::error(format!("{} already exists", path.display())).with_hint(
                "name the file to write with -o to replace it, or move the old one away",
            ),
        ));
    }
    let views = crate::render::view::Views::new(site);
    let typeset = match what {
        PackWhat::Role => crate::roles::pack::candidate_pack(site, &views, &prepared.packs, index),
        PackWhat::Meeting => {
            let refs = prepared.renderer.paper_refs();
            crate::board::pack::board_pack(site, &views, &prepared.packs, refs, index, None)
                .map(|(typeset, _)| typeset)
        }
    };
    // A pack of the public edition goes through the leak guard, as it would
    // in a build (in the confidential edition nothing is withheld).
    let made = typeset
        .and_then(|typeset| {
            let mut memory = output::Memory::default();
            // What every language withholds, as in a build.
            let withheld: Vec<crate::board::Withheld> = passes
                .each
                .iter()
                .flat_map(|p| p.site.board.withheld.iter().cloned())
                .collect();
            let shared = crate::board::leak::Shared::gather(
                &settings.root,
                &withheld,
                &site.config.leak_guard.shared_phrases,
            );
            let mut guard = crate::board::leak::LeakGuard::new(&mut memory, &withheld, &shared)
                .with_pdf_texts(prepared.packs.cache.clone());
            output::Sink::write_pdf(
                &mut guard,
                "pack.pdf",
                &typeset.pdf,
                &typeset.source,
                typeset.text.as_deref(),
            )
            .ok();
            match guard.leaks.first() {
                Some(leak) => Err(Diagnostic::error(format!(
                    "confidential text would be published in the {}: \"{}\"",
                    suffix.replace('-', " "),
                    leak.passage
                ))
                .in_file(crate::load::project_path(&leak.content_path))),
                None => {
                    if let Some(cache) = settings.pdf_cache() {
                        cache.commit();
                    }
                    Ok(typeset.pdf)
                }
            }
        })
        .map_err(|d| {
            let mut p = Diagnostics::new();
            p.push(d);
            BuildFailure::content(p)
        })?;
    std::fs::write(&path, made).map_err(|e| {
        BuildFailure::usage(Diagnostic::error(format!(
            "cannot write {}: {}",
            path.display(),
            crate::source::io_reason(&e)
        )))
    })?;
    Ok(path)
}
