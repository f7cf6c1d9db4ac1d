//! `dossier build`: run the pipeline and swap the result into the output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::board::Edition;
use crate::config::{SiteConfig, Unreadable};
use crate::dates::{self, Date};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::ModelOptions;
use crate::output::{self, FaultKind, OutputFault, Staging};
use crate::render::{RenderSetup, Renderer, theme};
use crate::{load, model, site};

mod pack;
mod passes;
pub(crate) use pack::{PackWhat, pack};
pub(crate) use passes::{prepare_passes, render_passes};

/// Validated settings for one build (from the command line).
#[derive(Debug, Clone)]
pub struct BuildSettings {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<String>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The value of SOURCE_DATE_EPOCH, if set.
    pub source_date_epoch: Option<String>,
    /// Which edition to build: decided here, once, and read from here (the
    /// confidential edition goes into `private_output_dir`).
    pub edition: Edition,
    /// Render the Markdown of pages and case studies as each page is
    /// written, keeping only their front matter until then, so that a
    /// build's memory grows with the site's front matter and not with its
    /// text (see [`crate::model::ModelOptions::defer_pages`]). `build` and
    /// `pack` do; `serve` and `check`, which keep every output file in
    /// memory anyway, do not.
    pub defer_pages: bool,
    /// Where PDFs already typeset are kept and taken from (`None`: typeset
    /// every one). Never used for the confidential edition.
    pub cache: Option<std::sync::Arc<crate::pdf::cache::PdfCache>>,
}

impl BuildSettings {
    /// Whether this build is of the confidential edition.
    pub(crate) fn confidential(&self) -> bool {
        self.edition == Edition::Confidential
    }

    /// The PDF cache this build uses: `cache`, unless it is of the
    /// confidential edition, whose PDFs are never kept anywhere but its
    /// own output folder.
    pub(crate) fn pdf_cache(&self) -> Option<&std::sync::Arc<crate::pdf::cache::PdfCache>> {
        self.cache.as_ref().filter(|_| !self.confidential())
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub(crate) pages: usize,
    pub(crate) output_dir: PathBuf,
    pub(crate) millis: u128,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Why a build failed, and the exit code that says so.
#[derive(Debug)]
pub struct BuildFailure {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// 1 for problems in the content, 2 for usage or I/O problems.
    pub(crate) exit_code: u8,
}

impl BuildFailure {
    fn content(problems: Diagnostics) -> Self {
        BuildFailure {
            diagnostics: problems.into_sorted(),
            exit_code: 1,
        }
    }

    fn usage(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: vec![d],
            exit_code: 2,
        }
    }
}

/// Load the configuration with command-line overrides applied.
pub fn load_config(settings: &BuildSettings) -> Result<SiteConfig, BuildFailure> {
    let root = &settings.root;
    if root.join(crate::config::CONFIG_FILE).is_dir() {
        return Err(BuildFailure::usage(
            Diagnostic::error(format!("{} is a folder, not a file", crate::config::CONFIG_FILE))
                .with_hint("dossier.toml must be a text file holding the site's settings; move the folder away"),
        ));
    }
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(BuildFailure::usage(
            Diagnostic::error(format!("no {} in {}", crate::config::CONFIG_FILE, root.display())).with_hint(
                "run dossier in the project folder (the one holding dossier.toml), pass it with --root, or create a project with `dossier init <folder>`",
            ),
        ));
    }
    let mut config = SiteConfig::load(root).map_err(BuildFailure::content)?;
    if let Some(url) = &settings.base_url {
        if !crate::config::is_web_address(url) {
            return Err(BuildFailure::usage(
                Diagnostic::error(format!("--base-url \"{url}\" is not a full web address"))
                    .with_hint("write it like --base-url https://www.example.org/"),
            ));
        }
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    // --output names the folder of the edition being built.
    if let Some(out) = &settings.output {
        if settings.confidential() {
            config.private_output_dir = out.clone();
        } else {
            config.output_dir = out.clone();
        }
    }
    Ok(config)
}

/// The build date: the day of SOURCE_DATE_EPOCH when set, else today, in
/// the project's time zone (`[calendar] timezone`).
pub fn build_date(settings: &BuildSettings, config: &SiteConfig) -> Result<Date, BuildFailure> {
    let instant = dates::build_instant(settings.source_date_epoch.as_deref()).map_err(|e| {
        BuildFailure::usage(
            Diagnostic::error(format!(
                "SOURCE_DATE_EPOCH is \"{}\", not a number of seconds",
                e.0
            ))
            .with_hint(
                "set it to seconds since 1970 (e.g. `git log -1 --format=%ct`), or unset it",
            ),
        )
    })?;
    Ok(config.calendar.zone.date_at(instant))
}

/// A loaded and resolved project, ready to be written.
pub struct Prepared {
    pub site: crate::model::Site,
    pub(crate) theme: theme::Theme,
    pub renderer: Renderer,
    pub packs: crate::pdf::pack::PackRenderer,
    /// Warnings found so far.
    pub(crate) problems: Diagnostics,
    /// A hash of the front matter of every page and case study, by content
    /// path: `serve` uses it to tell an edit of a page's text alone (which
    /// changes no listing) from one that changes what others show of it.
    pub(crate) front_matter: std::collections::HashMap<String, u64>,
}

/// Load, parse and resolve the project: everything short of writing. Fails
/// with every content problem found.
pub fn prepare(settings: &BuildSettings) -> Result<Prepared, BuildFailure> {
    prepare_with(settings, load_config(settings)?)
}

/// [`prepare`] with the configuration already loaded.
pub(crate) fn prepare_with(
    settings: &BuildSettings,
    config: SiteConfig,
) -> Result<Prepared, BuildFailure> {
    let root = &settings.root;
    let build_date = build_date(settings, &config)?;
    let mut problems = Diagnostics::new();
    let theme = theme::load(root, &config.theme).map_err(|ds| {
        let mut p = Diagnostics::new();
        p.extend(ds);
        BuildFailure::content(p)
    })?;
    let mut config = config;
    let strings = theme.strings.for_language(&config.language);
    config.pass.words = std::sync::Arc::new(
        crate::config::languages::BUILT_IN_NAMES
            .iter()
            .filter_map(|k| strings.raw(k).map(|w| (k.to_string(), w.to_string())))
            .collect(),
    );
    let mut packs =
        crate::pdf::pack::PackRenderer::new(&theme, root, &config.language).map_err(|ds| {
            let mut p = Diagnostics::new();
            p.extend(ds);
            BuildFailure::content(p)
        })?;
    packs.cache = settings.pdf_cache().cloned();
    let taxonomy_names: Vec<&str> = config.taxonomies.keys().map(String::as_str).collect();
    let pass = config.pass.clone();
    let mut inputs = load::load_in(
        root,
        &taxonomy_names,
        !settings.defer_pages,
        &pass,
        &mut problems,
    );
    // Only `serve` looks at these; a build that defers pages keeps its own.
    let untranslated = std::mem::take(&mut inputs.untranslated);
    let untranslated_bodies = std::mem::take(&mut inputs.untranslated_bodies);
    passes::name_bodies(&mut inputs, &pass, &mut problems);
    let front_matter = if settings.defer_pages {
        std::collections::HashMap::new()
    } else {
        inputs.front_matter_stamps()
    };
    let edition = settings.edition;
    // The board is planned before any Markdown is rendered, so that the
    // renderer is made knowing every paper a `ref` shortcode may name.
    inputs.board.organisation_slugs = inputs.organisation_slugs.clone();
    let agenda = crate::board::plan(
        std::mem::take(&mut inputs.board),
        &config,
        crate::board::BoardOptions {
            edition,
            drafts: settings.drafts,
            build_date,
        },
        &mut problems,
    );
    let setup = RenderSetup {
        build_date,
        edition,
        paper_refs: agenda.refs.clone(),
    };
    let mut renderer = Renderer::new(&theme, &config, setup).map_err(|ds| {
        problems.extend(ds);
        BuildFailure::content(std::mem::take(&mut problems))
    })?;
    let options = ModelOptions {
        drafts: settings.drafts,
        build_date,
        edition,
        defer_pages: settings.defer_pages,
    };
    let mut site = model::resolve(
        root,
        config,
        inputs,
        agenda,
        &renderer,
        options,
        &mut problems,
    );
    passes::mark_untranslated(
        &mut site,
        &untranslated,
        &untranslated_bodies,
        &mut problems,
    );
    if problems.has_errors() {
        // The pages' own problems are found as they are written; the build
        // stops here, so find them now and report everything together.
        model::check_deferred_pages(&site, &renderer, &mut problems);
        return Err(BuildFailure::content(problems));
    }
    if settings.defer_pages {
        renderer.keep_shortcode_view(&site.config);
    }
    site::prepare(&site, &mut renderer);
    Ok(Prepared {
        site,
        theme,
        renderer,
        packs,
        problems,
        front_matter,
    })
}

/// Render a prepared project into `sink`; says what was written. Fails
/// with every rendering problem found (nothing should then be published).
/// `withheld` is what the leak guard keeps out of the public edition: this
/// pass's withheld passages, and in a site of several languages every
/// language's.
pub(crate) fn render_into(
    settings: &BuildSettings,
    prepared: &mut Prepared,
    sink: &mut dyn output::Sink,
    withheld: &[crate::board::Withheld],
) -> Result<site::Written, BuildFailure> {
    let Prepared {
        site,
        theme,
        renderer,
        packs,
        problems,
        ..
    } = prepared;
    // The public edition goes through the leak guard: no withheld passage
    // may reach any file.
    let shared = crate::board::leak::Shared::gather(
        &settings.root,
        withheld,
        &site.config.leak_guard.shared_phrases,
    );
    let mut guard = crate::board::leak::LeakGuard::new(sink, withheld, &shared)
        .with_pdf_texts(packs.cache.clone());
    // A language other than the default is written under its folder (the
    // guard names the files as published).
    let folder = site.config.pass.language().folder.clone();
    let mut in_folder = crate::output::folder::InFolder::new(&mut guard, &folder);
    let written = site::write_site(
        &settings.root,
        site,
        renderer,
        packs,
        &theme.static_files,
        &mut in_folder,
        problems,
        &site::Selection::All,
    )
    .map_err(|e| output_failure(e, None))?;
    for leak in std::mem::take(&mut guard.leaks) {
        problems.push(
            Diagnostic::error(format!(
                "confidential text would be published in {}: \"{}\"",
                leak.file, leak.passage
            ))
            .in_file(crate::load::project_path(&leak.content_path))
            .with_note("the public build was stopped, and nothing was published")
            .with_hint("this passage is from a confidential paper or a redacted passage; remove it from the page, template or static file that prints it. If it is phrasing every paper shares (a heading, a standard sentence), declare it in dossier.toml: [leak_guard] shared_phrases = [\"...\"]"),
        );
    }
    let unreadable_is_error = site.config.leak_guard.unreadable == Unreadable::Error;
    for (file, why) in std::mem::take(&mut guard.unreadable) {
        let message = format!("the leak guard cannot read {file}: {why}");
        let d = if unreadable_is_error {
            Diagnostic::error(message)
                .with_note("the public build was stopped, and nothing was published")
        } else {
            Diagnostic::warning(message)
        };
        problems.push(d.with_hint(
            "check by hand that it holds nothing confidential, or publish it in a form the guard can read (an unencrypted PDF, a DOCX or ODT); set [leak_guard] unreadable = \"error\" in dossier.toml to stop public builds on such files",
        ));
    }
    if problems.has_errors() {
        return Err(BuildFailure::content(std::mem::take(problems)));
    }
    Ok(written)
}

/// Build the whole site in memory (for `check` and `serve`): nothing is
/// written to disk.
pub fn build_in_memory(
    settings: &BuildSettings,
) -> Result<(output::Memory, BuildReport), BuildFailure> {
    let started = Instant::now();
    let mut passes = prepare_passes(settings, load_config(settings)?)?;
    let mut memory = output::Memory::default();
    let pages = render_passes(settings, &mut passes, &mut memory)?.pages;
    let report = BuildReport {
        pages,
        output_dir: PathBuf::new(),
        millis: started.elapsed().as_millis(),
        warnings: passes.warnings(),
    };
    Ok((memory, report))
}

/// Build the site into its output folder, through a staging folder that is
/// swapped in only if everything succeeded, showing progress on standard error as `progress` says.
pub(crate) fn build_with_progress(
    settings: &BuildSettings,
    progress: crate::output::progress::Mode,
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    crate::pdf::evict_between_documents();
    let config = load_config(settings)?;
    let out_dir = edition_output_dir(settings, &config)?;
    // The lock on the output folder first, so that a second build fails at
    // once rather than after preparing everything. Dropping `staging` on
    // any failure below removes the staging folder and releases the lock.
    let staging = if settings.confidential() {
        Staging::begin_private(&out_dir)
    } else {
        Staging::begin(&out_dir)
    };
    let mut staging = staging.map_err(|e| output_failure(e, Some(&out_dir)))?;
    let mut passes = prepare_passes(settings, config)?;
    let mut sink = crate::output::progress::Progress::new(&mut staging, progress);
    let rendered = render_passes(settings, &mut passes, &mut sink);
    sink.finish();
    let pages = match rendered {
        Ok(written) => written.pages,
        Err(failure) => {
            staging.abandon();
            return Err(failure);
        }
    };
    staging
        .commit()
        .map_err(|e| output_failure(e, Some(&out_dir)))?;
    if let Some(cache) = settings.pdf_cache() {
        cache.prune(crate::pdf::cache::KEEP_UNUSED);
    }
    Ok(BuildReport {
        pages,
        output_dir: out_dir,
        millis: started.elapsed().as_millis(),
        warnings: passes.warnings(),
    })
}

/// An I/O failure while writing the output, in words a user can act on.
/// Errors from [`Staging`] carry their [`OutputFault`]; any other (a static
/// file that cannot be read, say) is reported as it is.
fn output_failure(e: std::io::Error, out_dir: Option<&Path>) -> BuildFailure {
    let Some(fault) = OutputFault::of(&e) else {
        let d = Diagnostic::error(format!("cannot write the output: {e}"));
        return BuildFailure::usage(match out_dir {
            Some(out) => d.with_hint(format!(
                "check that {} can be written to and the disk is not full",
                out.display()
            )),
            None => d,
        });
    };
    let folder = fault.folder.display();
    let parent = fault
        .folder
        .parent()
        .unwrap_or(Path::new("."))
        .display()
        .to_string();
    let hint = match &fault.kind {
        FaultKind::Busy => "wait until the other build has finished, then run this one again; if `dossier serve --write` is running for this project, it writes the site after every change, so let it finish or stop it (Ctrl+C) first".to_string(),
        FaultKind::DiskFull => format!(
            "free some space on the disk that holds {folder} (empty the wastebasket, remove files you no longer need), or set output_dir in dossier.toml (or use --output) to a folder on another disk, then build again"
        ),
        FaultKind::QuotaFull => "remove files you no longer need, or ask whoever manages this computer for more space, then build again".to_string(),
        FaultKind::FileTooLarge => "ask whoever manages this computer about the limit on file size, or set output_dir in dossier.toml (or use --output) to a folder on another disk, then build again".to_string(),
        FaultKind::ReadOnly => "set output_dir in dossier.toml (or use --output) to a folder on a disk you can write to, or ask whoever manages this computer to make this disk writable".to_string(),
        FaultKind::NoPermission => format!(
            "ask whoever manages this computer to let you change files in {parent}, or set output_dir in dossier.toml (or use --output) to a folder of your own"
        ),
        FaultKind::InTheWay(p) => format!(
            "move {} somewhere else (or delete it if nothing in it is needed), then build again",
            p.display()
        ),
        FaultKind::Other => format!(
            "check that {folder} can be written to and the disk is not full, then build again"
        ),
    };
    let mut d =
        Diagnostic::error(format!("cannot write the site to {folder}: {fault}")).with_hint(hint);
    if let (Some(os), false) = (fault.os_error(), fault.kind == FaultKind::Other) {
        d = d.with_note(format!("the system said: {os}"));
    }
    BuildFailure::usage(d)
}

/// The output folder of the edition being built. The public edition never
/// writes into the private folder, nor the confidential edition into the
/// public one (or into a folder holding the other).
fn edition_output_dir(
    settings: &BuildSettings,
    config: &SiteConfig,
) -> Result<PathBuf, BuildFailure> {
    let root = &settings.root;
    let public_dir = &config.output_dir;
    let private_dir = &config.private_output_dir;
    let public = output::resolve_output_dir(root, public_dir);
    let private = output::resolve_output_dir(root, private_dir);
    let (mine, other, other_name) = if settings.confidential() {
        (private, public, "public output folder (output_dir)")
    } else {
        (
            public,
            private,
            "confidential output folder (private_output_dir)",
        )
    };
    let mine = mine.map_err(BuildFailure::usage)?;
    if let Ok(other) = other
        && (mine.starts_with(&other) || other.starts_with(&mine))
    {
        let edition = if settings.confidential() {
            "confidential"
        } else {
            "public"
        };
        return Err(BuildFailure::usage(
            Diagnostic::error(format!("the {edition} edition may not be written to {}, which is or holds the {other_name}", mine.display()))
                .with_hint("keep output_dir and private_output_dir apart in dossier.toml (e.g. \"public\" and \"private\"), and never publish the private folder"),
        ));
    }
    Ok(mine)
}
