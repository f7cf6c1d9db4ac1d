//! A site in several languages (`languages = ["en-GB", "cy"]`): the
//! pipeline runs once per language, each pass reading the sources with that
//! language's translations put in (see [`crate::load::translation`]), and
//! writes the default language's pages at the root, each other's under its
//! folder (`cy/`, see [`super::render_into`]). The static files are written
//! once, at the root. Every problem of every pass is reported together,
//! once.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{BuildFailure, BuildSettings, Prepared, prepare_with, render_into};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output;

/// Every language's prepared pass, the default language's first.
pub(crate) struct Passes {
    pub(crate) each: Vec<Prepared>,
}

impl Passes {
    /// The default language's pass.
    pub(crate) fn default_language(&self) -> &Prepared {
        &self.each[0]
    }

    /// The warnings of every pass, each once.
    pub(crate) fn warnings(&mut self) -> Vec<Diagnostic> {
        once_each(
            self.each
                .iter_mut()
                .map(|p| std::mem::take(&mut p.problems).into_sorted())
                .collect(),
        )
    }
}

/// Prepare the pass of each of the project's languages. Fails with the
/// problems of every pass (a problem of the sources, found in each, once).
pub(crate) fn prepare_passes(
    settings: &BuildSettings,
    config: SiteConfig,
) -> Result<Passes, BuildFailure> {
    if !config.pass.is_multilingual() {
        return Ok(Passes {
            each: vec![prepare_with(settings, config)?],
        });
    }
    folders_left_free(&settings.root, &config)?;
    let mut outcomes = vec![prepare_with(
        settings,
        config.for_language(0, Arc::default()),
    )];
    let shared: Arc<BTreeSet<String>> = Arc::new(match &outcomes[0] {
        Ok(p) => crate::render::theme::with_project_static(&settings.root, &p.theme.static_files)
            .into_keys()
            .collect(),
        Err(_) => BTreeSet::new(),
    });
    // A translated page's text is the translation's, kept in memory and
    // rendered as it is loaded; an untranslated one's is read again from
    // its source as it is written, as in the default language's pass.
    for index in 1..config.pass.all.len() {
        outcomes.push(prepare_with(
            settings,
            config.for_language(index, shared.clone()),
        ));
    }
    gather(outcomes).map(|each| Passes { each })
}

/// A language's folder is its pages' alone: a folder of that name in
/// content/ or static/ would publish files where its pages go.
fn folders_left_free(root: &std::path::Path, config: &SiteConfig) -> Result<(), BuildFailure> {
    let mut problems = Diagnostics::new();
    for lang in &config.pass.all[1..] {
        let folder = lang.folder.trim_end_matches('/');
        for parent in ["content", "static"] {
            let taken = std::path::Path::new(parent).join(folder);
            if root.join(&taken).exists() {
                problems.push(
                    Diagnostic::error(format!(
                        "{parent}/{folder}/ would be published at /{folder}/, where the {} pages go",
                        lang.english_name()
                    ))
                    .in_file(&taken)
                    .with_hint(format!(
                        "rename the folder, or give the {} pages another folder in dossier.toml: [lang.{}] folder = \"...\"",
                        lang.english_name(),
                        lang.code
                    )),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BuildFailure {
            diagnostics: problems.into_sorted(),
            exit_code: 1,
        })
    }
}

/// The passes `dossier pack` needs for a pack in `language` (a code such
/// as "cy"; none for the default): every language's, as a build prepares
/// them, so that the leak guard knows what each withholds; and the index
/// of the one the pack is in.
pub(crate) fn prepare_for_pack(
    settings: &BuildSettings,
    config: SiteConfig,
    language: Option<&str>,
) -> Result<(Passes, usize), BuildFailure> {
    let all = &config.pass.all;
    let index = match language {
        None => 0,
        Some(code) => all
            .iter()
            .position(|l| l.code == code.to_ascii_lowercase() || l.tag == code)
            .ok_or_else(|| {
                let known: Vec<&str> = all.iter().map(|l| l.code.as_str()).collect();
                BuildFailure {
                    diagnostics: vec![crate::diagnostic::no_such(
                        "language",
                        code,
                        known.iter().copied(),
                        &format!(
                            "the site's languages are set by `languages` in dossier.toml: {}",
                            known.join(", ")
                        ),
                    )],
                    exit_code: 2,
                }
            })?,
    };
    Ok((prepare_passes(settings, config)?, index))
}

/// Render every pass into `sink`, each language's under its folder. The
/// leak guard of each knows what every language withholds, so that neither
/// a confidential paper nor its translation reaches any public page.
pub(crate) fn render_passes(
    settings: &BuildSettings,
    passes: &mut Passes,
    sink: &mut dyn output::Sink,
) -> Result<crate::site::Written, BuildFailure> {
    let written = render_each(settings, passes, sink);
    // Only a build that passed the leak guard puts its PDFs in the cache.
    if written.is_ok()
        && let Some(cache) = settings.pdf_cache()
    {
        cache.commit();
    }
    written
}

fn render_each(
    settings: &BuildSettings,
    passes: &mut Passes,
    sink: &mut dyn output::Sink,
) -> Result<crate::site::Written, BuildFailure> {
    if passes.each.len() == 1 {
        let p = &mut passes.each[0];
        let withheld = std::mem::take(&mut p.site.board.withheld);
        let written = render_into(settings, p, sink, &withheld);
        p.site.board.withheld = withheld;
        return written;
    }
    let withheld: Vec<crate::board::Withheld> = passes
        .each
        .iter()
        .flat_map(|p| p.site.board.withheld.iter().cloned())
        .collect();
    let mut outcomes = Vec::new();
    for p in &mut passes.each {
        outcomes.push(render_into(settings, p, sink, &withheld));
    }
    let mut all = gather(outcomes)?.into_iter();
    let mut first = all.next().expect("a site has a language");
    first.pages += all.map(|w| w.pages).sum::<usize>();
    Ok(first)
}

/// Every outcome's value, or the problems of all that failed, each once.
fn gather<T>(outcomes: Vec<Result<T, BuildFailure>>) -> Result<Vec<T>, BuildFailure> {
    if outcomes.iter().all(Result::is_ok) {
        return Ok(outcomes.into_iter().filter_map(Result::ok).collect());
    }
    let mut lists = Vec::new();
    let mut exit_code = 1;
    for outcome in outcomes {
        match outcome {
            Err(failure) => {
                exit_code = exit_code.max(failure.exit_code);
                lists.push(failure.diagnostics);
            }
            Ok(_) => lists.push(Vec::new()),
        }
    }
    Err(BuildFailure {
        diagnostics: once_each(lists),
        exit_code,
    })
}

/// The problems of each pass (the default language's first), each once. A
/// problem of a source is found by every pass that reads it; in another
/// language's pass it may be placed a line or two away (the source is read
/// with its translation's values in place), so a later pass's problem that
/// the default's already names, in the same file, is left out.
fn once_each(lists: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut lists = lists.into_iter();
    let first = lists.next().unwrap_or_default();
    let seen: BTreeSet<(Option<std::path::PathBuf>, String)> = first
        .iter()
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect();
    let mut all = Diagnostics::new();
    all.extend(first);
    for list in lists {
        all.extend(
            list.into_iter()
                .filter(|d| !seen.contains(&(d.path.clone(), d.message.clone()))),
        );
    }
    all.into_sorted()
}

/// Mark the pages of `site` whose sources (content paths in `untranslated`)
/// have no translation into the pass's language, and warn of each: their
/// pages show the default language's text, marked as being in it.
pub(super) fn mark_untranslated(
    site: &mut crate::model::Site,
    untranslated: &BTreeSet<String>,
    bodies: &BTreeSet<String>,
    problems: &mut Diagnostics,
) {
    if site.config.pass.is_default() {
        return;
    }
    let mut paths = BTreeSet::new();
    // A page whose translation has no body shows the source's text too.
    let mut mark = |content_path: &str, path: &str| {
        if untranslated.contains(content_path) || bodies.contains(content_path) {
            paths.insert(path.to_string());
        }
    };
    mark("_index.md", "/");
    for s in &site.sections {
        mark(&format!("{}/_index.md", s.folder), &s.path);
    }
    for p in &site.pages {
        mark(&p.content_path, &p.path);
    }
    for o in &site.organisations {
        mark(
            &format!("{}/{}.toml", crate::load::ORGANISATIONS, o.slug),
            &o.path,
        );
    }
    for r in &site.roles {
        mark(&r.content_path, &r.path);
    }
    for m in &site.board.meetings {
        mark(&m.content_path, &m.path);
    }
    for p in &site.board.papers {
        mark(&p.content_path, &p.path);
    }
    for m in &site.board.minutes {
        mark(&m.content_path, &m.path);
    }
    let pass = &site.config.pass;
    let language = pass.language();
    let (name, default) = (language.english_name(), pass.all[0].english_name());
    if language.title.is_none() {
        problems.push(untranslated_setting(
            name,
            "the site's title",
            format!(
                "add it to dossier.toml: [lang.{}] title = \"...\" (and description = \"...\"), in {name}",
                language.code
            ),
        ));
    }
    for content_path in untranslated {
        let translation = crate::load::translation::translation_path(content_path, &language.code);
        problems.push(
            Diagnostic::warning(format!("{} {name}", crate::load::translation::UNTRANSLATED))
                .in_file(crate::load::project_path(content_path))
                .with_note(format!(
                    "its page on the {name} site shows the {default}, marked as {default}, with a notice saying so"
                ))
                .with_hint(format!(
                    "write its {name} text in content/{translation}: the same keys of text, and the body, in {name}"
                )),
        );
    }
    let mut pass = site.config.pass.clone();
    pass.untranslated = Arc::new(paths);
    site.config.pass = pass;
}

/// Name the bodies that meet in the pass's language (`[lang.cy.bodies]`),
/// the same for each of a body's meetings; warn of each body without a
/// name in it.
pub(super) fn name_bodies(
    inputs: &mut crate::load::Inputs,
    pass: &crate::config::LanguagePass,
    problems: &mut Diagnostics,
) {
    if pass.is_default() {
        return;
    }
    let language = pass.language();
    let mut unnamed = BTreeSet::new();
    for m in &mut inputs.board.meetings {
        match language.bodies.get(&m.value.body) {
            Some(name) => m.value.body.clone_from(name),
            None => {
                unnamed.insert(m.value.body.clone());
            }
        }
    }
    let name = language.english_name();
    for body in unnamed {
        problems.push(untranslated_setting(
            name,
            &format!("the body \"{body}\""),
            format!(
                "name it in {name} in dossier.toml: [lang.{}.bodies] \"{body}\" = \"...\" (one name for all its meetings, so that their minutes and action log stay together)",
                language.code
            ),
        ));
    }
}

/// The warning that dossier.toml does not give `what` in `language`.
fn untranslated_setting(language: &str, what: &str, hint: String) -> Diagnostic {
    Diagnostic::warning(format!(
        "{} {language}: {what}",
        crate::load::translation::UNTRANSLATED
    ))
    .in_file(crate::config::CONFIG_FILE)
    .with_hint(hint)
}
