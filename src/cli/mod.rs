//! The command line: clap definitions, turning flags into settings, and
//! printing diagnostics and summaries.

pub(crate) mod commands;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildSettings};
use crate::scaffold;
use crate::terminal::print_diagnostics;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Briefing microsites, candidate packs and board packs from Markdown and TOML"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Create a new project with a small example
    Init {
        /// The folder to create (it must not exist, or be empty)
        folder: PathBuf,
    },
    /// Serve the site on this computer, rebuilding and reloading on every change
    Serve(crate::cli::commands::ServeArgs),
    /// Check the project is fit to publish: build diagnostics, accessibility, links, governance
    Check(crate::cli::commands::CheckArgs),
    /// Create a content file from an archetype (case-study, organisation, page)
    New(crate::cli::commands::NewArgs),
    /// Remove the files dossier wrote to the output folder, and nothing else
    Clean(crate::cli::commands::CleanArgs),
    /// Build one pack as a PDF, quickly, without building the site
    Pack {
        #[command(subcommand)]
        kind: PackKind,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PackKind {
    /// The candidate information pack of a vacancy (content/roles/<slug>.toml)
    Role {
        /// The role's slug: its file name without .toml
        slug: String,
        /// Where to write the PDF (default: <slug>-candidate-pack.pdf here; an existing file is only replaced when named with -o)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// In which of the site's languages (its code, e.g. cy; default: the site's first)
        #[arg(long)]
        language: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// The board pack of a meeting (content/meetings/<slug>.toml)
    Meeting {
        /// The meeting's slug: its file name without .toml
        slug: String,
        /// Where to write the PDF (default: <slug>-board-pack.pdf here; an existing file is only replaced when named with -o)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The confidential edition, with papers taken in private
        #[arg(long)]
        confidential: bool,
        /// In which of the site's languages (its code, e.g. cy; default: the site's first)
        #[arg(long)]
        language: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
    },
}

/// Options shared by commands that read a project.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ProjectArgs {
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Include drafts
    #[arg(long)]
    pub(crate) drafts: bool,
    #[command(flatten)]
    pub(crate) cache: CacheArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Write the site here instead of output_dir from dossier.toml
    #[arg(long)]
    pub(crate) output: Option<String>,
    /// Use this base URL instead of base_url from dossier.toml
    #[arg(long = "base-url")]
    pub(crate) base_url: Option<String>,
    /// Include pages marked draft = true
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Print errors only
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Build the confidential edition, with papers taken in private, into
    /// private_output_dir (never publish that folder)
    #[arg(long)]
    pub(crate) confidential: bool,
    #[command(flatten)]
    pub(crate) cache: CacheArgs,
}

/// The one place build settings are made from the command line and the
/// environment (`SOURCE_DATE_EPOCH`): the public edition of the project at
/// `root`, written as `dossier build` writes it. Each command changes only
/// what its flags say.
pub(crate) fn settings(root: &std::path::Path, drafts: bool) -> BuildSettings {
    BuildSettings {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        edition: crate::board::Edition::Public,
        defer_pages: true,
        cache: CacheArgs::default().cache(root),
    }
}

/// Where a command keeps the PDFs it typesets (see `pdf::cache`).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct CacheArgs {
    /// Keep typeset PDFs in this folder (default: $DOSSIER_CACHE_DIR, else .dossier-cache in the project folder)
    #[arg(long = "cache-dir", value_name = "FOLDER")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Typeset every PDF again, neither using nor filling the cache
    #[arg(long = "no-cache", conflicts_with = "cache_dir")]
    pub(crate) no_cache: bool,
}

impl CacheArgs {
    /// The cache these flags ask for, for the project at `root`.
    pub(crate) fn cache(
        &self,
        root: &std::path::Path,
    ) -> Option<std::sync::Arc<crate::pdf::cache::PdfCache>> {
        (!self.no_cache).then(|| {
            std::sync::Arc::new(crate::pdf::cache::PdfCache::new(crate::pdf::cache::folder(
                root,
                self.cache_dir.as_deref(),
            )))
        })
    }
}

/// The edition the `--confidential` flag asks for.
fn edition_of(confidential: bool) -> crate::board::Edition {
    if confidential {
        crate::board::Edition::Confidential
    } else {
        crate::board::Edition::Public
    }
}

impl BuildArgs {
    fn settings(&self) -> BuildSettings {
        BuildSettings {
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            edition: edition_of(self.confidential),
            cache: self.cache.cache(&self.root),
            ..settings(&self.root, self.drafts)
        }
    }
}

/// Run the command line; returns the exit code.
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Pack { kind } => {
            let (what, slug, output, project, confidential, language) = match kind {
                PackKind::Role {
                    slug,
                    output,
                    language,
                    project,
                } => (
                    build::PackWhat::Role,
                    slug,
                    output,
                    project,
                    false,
                    language,
                ),
                PackKind::Meeting {
                    slug,
                    output,
                    project,
                    confidential,
                    language,
                } => (
                    build::PackWhat::Meeting,
                    slug,
                    output,
                    project,
                    confidential,
                    language,
                ),
            };
            let settings = BuildSettings {
                edition: edition_of(confidential),
                cache: project.cache.cache(&project.root),
                ..settings(&project.root, project.drafts)
            };
            match build::pack(
                &settings,
                what,
                &slug,
                output.as_deref(),
                language.as_deref(),
            ) {
                Ok(path) => {
                    println!("Wrote {}.", path.display());
                    0
                }
                Err(failure) => {
                    print_diagnostics(&failure.diagnostics);
                    failure.exit_code
                }
            }
        }
        Command::Init { folder } => match scaffold::init(&folder) {
            Ok(files) => {
                println!(
                    "Created a dossier project in {} ({files} files).",
                    folder.display()
                );
                println!("Next: cd {} && dossier build", folder.display());
                0
            }
            Err(d) => {
                print_diagnostics(&[d]);
                2
            }
        },
        Command::Serve(args) => crate::cli::commands::run_serve(&args),
        Command::Check(args) => crate::cli::commands::run_check(&args),
        Command::New(args) => crate::cli::commands::run_new(&args),
        Command::Clean(args) => crate::cli::commands::run_clean(&args),
    }
}

/// What the PDF cache did in a build: a line, unless `quiet`; a cache that
/// could not be written is said even then.
pub(crate) fn print_cache_summary(cache: &crate::pdf::cache::PdfCache, quiet: bool) {
    let counts = cache.counts();
    let folder = crate::pdf::cache::shown(cache.root());
    if let Some(why) = &counts.unwritable {
        eprintln!(
            "warning: the PDF cache in {folder} cannot be written ({why}), so the next build will typeset every PDF again\n  = hint: give --cache-dir (or DOSSIER_CACHE_DIR) a folder you may write to, or make this one writable"
        );
    }
    if quiet || counts.typeset + counts.reused == 0 {
        return;
    }
    let mut line = format!(
        "PDFs: {} typeset, {} taken from the cache in {folder}",
        counts.typeset, counts.reused
    );
    if counts.damaged > 0 {
        line.push_str(&format!(
            " ({} damaged cache {} found and replaced)",
            counts.damaged,
            if counts.damaged == 1 {
                "entry"
            } else {
                "entries"
            }
        ));
    }
    println!("{line}.");
}

fn run_build(args: &BuildArgs) -> u8 {
    let progress = crate::output::progress::Mode::detect(args.quiet);
    let settings = args.settings();
    match build::build_with_progress(&settings, progress) {
        Ok(report) => {
            if !args.quiet {
                print_diagnostics(&report.warnings);
                println!(
                    "Built {} pages into {} in {} ms.",
                    report.pages,
                    report.output_dir.display(),
                    report.millis
                );
            }
            if let Some(cache) = settings.pdf_cache() {
                print_cache_summary(cache, args.quiet);
            }
            if args.confidential {
                // Said even with --quiet: it is the one thing to know.
                println!(
                    "This is the confidential edition: {} is readable by you only. Never publish it or copy it to a web server.",
                    report.output_dir.display()
                );
            }
            0
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            let errors = failure
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .count();
            eprintln!(
                "Build failed with {errors} {}; the previous output was left as it was.",
                if errors == 1 { "error" } else { "errors" }
            );
            failure.exit_code
        }
    }
}
