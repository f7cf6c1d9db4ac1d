//! The author's workflow on the command line: `serve`, `check`, `new` and
//! `clean`. Each command's flags become one settings value for its module;
//! the runners here print and choose the exit code (0 ok, 1 problems in the
//! content, 2 usage or I/O).

use std::path::PathBuf;

use crate::build::{self, BuildSettings};
use crate::check::format::{self, Format};
use crate::check::{self, CheckSettings, Level};
use crate::diagnostic::{Diagnostic, display_path};
use crate::output::{self, clean};
use crate::scaffold::new;
use crate::terminal::{colour_stderr, eprint_labelled, print_diagnostics};

/// `check` and `serve` keep every output in memory anyway, so they render
/// every page's Markdown while resolving rather than deferring it.
fn build_settings(root: &std::path::Path, drafts: bool) -> BuildSettings {
    BuildSettings {
        defer_pages: false,
        ..super::settings(root, drafts)
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Include pages marked draft = true
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Fail (exit 1) on warnings as well as errors
    #[arg(long = "deny-warnings")]
    pub(crate) deny_warnings: bool,
    /// Also check the web addresses the site links to (needs the network)
    #[arg(long)]
    pub(crate) external: bool,
    /// How to report: text for people, json, github (Actions annotations) or sarif
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// Print errors only (text format)
    #[arg(short, long)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) cache: super::CacheArgs,
}

/// `dossier check`.
pub(crate) fn run_check(args: &CheckArgs) -> u8 {
    let settings = CheckSettings {
        build: BuildSettings {
            cache: args.cache.cache(&args.root),
            ..build_settings(&args.root, args.drafts)
        },
        deny_warnings: args.deny_warnings,
        external: args.external,
    };
    let outcome = check::check(&settings);
    let s = outcome.summary;
    match args.format {
        Format::Text => {
            let colour = colour_stderr();
            for f in &outcome.findings {
                if args.quiet && f.level != Level::Error {
                    continue;
                }
                let text = format::text(f);
                let (label, code) = match f.level {
                    Level::Error => ("error", "1;31"),
                    Level::Warning => ("warning", "1;33"),
                    Level::Note => ("note", "1;36"),
                };
                eprint_labelled(&text, label, code, colour);
            }
            if !args.quiet || outcome.exit_code != 0 {
                let plural = |n: usize, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                let mut line = format!(
                    "Checked {}: {}, {}",
                    plural(s.pages, "page", "pages"),
                    plural(s.errors, "error", "errors"),
                    plural(s.warnings, "warning", "warnings")
                );
                if s.unverified > 0 {
                    line.push_str(&format!(
                        ", {}",
                        plural(s.unverified, "link not verified", "links not verified")
                    ));
                }
                if s.deadlines > 0 {
                    line.push_str(&format!(
                        ", {}",
                        plural(s.deadlines, "meeting's deadlines", "meetings' deadlines")
                    ));
                }
                line.push_str(match outcome.exit_code {
                    0 => ".",
                    1 if s.errors == 0 => " (--deny-warnings).",
                    _ => ".",
                });
                eprintln!("{line}");
            }
        }
        Format::Json => print!("{}", format::json(&outcome.findings, &s)),
        Format::Github => print!("{}", format::github(&outcome.findings)),
        Format::Sarif => print!("{}", format::sarif(&outcome.findings)),
    }
    outcome.exit_code
}

#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// What to create: case-study, organisation or page (or any archetype the project or theme adds)
    pub(crate) kind: String,
    /// Its slug, the last part of its address, e.g. knowsley-partnership (for a page, folders too: about/contact)
    pub(crate) slug: String,
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
}

/// `dossier new`.
pub(crate) fn run_new(args: &NewArgs) -> u8 {
    let settings = build_settings(&args.root, false);
    let config = match build::load_config(&settings) {
        Ok(c) => c,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            return failure.exit_code;
        }
    };
    let date = match build::build_date(&settings, &config) {
        Ok(d) => d,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            return failure.exit_code;
        }
    };
    // Minutes start from their meeting's agenda and the body's last
    // attendance, read from the project as a build reads it.
    let mut extra = std::collections::BTreeMap::new();
    if args.kind == "minutes" {
        let settings = BuildSettings {
            drafts: true,
            edition: crate::board::Edition::Confidential,
            ..settings.clone()
        };
        let prepared = match build::prepare_with(&settings, config.clone()) {
            Ok(p) => p,
            Err(failure) => {
                print_diagnostics(&failure.diagnostics);
                eprintln!(
                    "dossier new minutes reads the meeting's agenda from the project: fix the problems above first."
                );
                return failure.exit_code;
            }
        };
        match crate::board::minutes::archetype::prefill(&prepared.site, &args.slug) {
            Ok(values) => extra = values,
            Err(d) => {
                print_diagnostics(&[d]);
                return 2;
            }
        }
    }
    let new_settings = new::NewSettings {
        root: args.root.clone(),
        kind: args.kind.clone(),
        slug: args.slug.clone(),
        theme: config.theme.clone(),
        date,
        extra,
    };
    match new::new_file(&new_settings) {
        Ok(rel) => {
            println!("Created {}.", display_path(&rel));
            let text = std::fs::read_to_string(args.root.join(&rel)).unwrap_or_default();
            if text.lines().any(|l| l.trim() == "draft = true") {
                println!(
                    "It is a draft: see it with `dossier serve --drafts`, and remove `draft = true` to publish it."
                );
            }
            0
        }
        Err(d) => {
            print_diagnostics(&[d]);
            2
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct CleanArgs {
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Clean this folder instead of output_dir from dossier.toml
    #[arg(long)]
    pub(crate) output: Option<String>,
    /// Also remove dossier's cache (typeset PDFs, external-link verdicts)
    #[arg(long)]
    pub(crate) cache: bool,
    /// The cache folder, with --cache (default: $DOSSIER_CACHE_DIR, else .dossier-cache in the project folder)
    #[arg(long = "cache-dir", value_name = "FOLDER", requires = "cache")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Print errors only
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// `dossier clean`.
pub(crate) fn run_clean(args: &CleanArgs) -> u8 {
    let mut settings = build_settings(&args.root, false);
    settings.output = args.output.clone();
    let config = match build::load_config(&settings) {
        Ok(c) => c,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            return failure.exit_code;
        }
    };
    let out = match output::resolve_output_dir(&args.root, &config.output_dir) {
        Ok(out) => out,
        Err(d) => {
            print_diagnostics(&[refused_clean(d)]);
            return 2;
        }
    };
    let shown = std::path::Path::new(&config.output_dir);
    match clean::clean(&out) {
        Ok(report) => {
            for (entry, why) in &report.skipped {
                eprintln!("warning: left {entry} in place: {why}");
            }
            if !args.quiet {
                println!("{}", clean::summary(shown, &report));
            }
        }
        Err(d) => {
            print_diagnostics(&[d]);
            return 2;
        }
    }
    if !args.cache {
        return 0;
    }
    let cache = crate::pdf::cache::folder(&args.root, args.cache_dir.as_deref());
    match clean::clean_cache(&cache) {
        Ok(report) => {
            if !args.quiet {
                println!("{}", clean::cache_summary(&cache, &report));
            }
            0
        }
        Err(d) => {
            print_diagnostics(&[d]);
            2
        }
    }
}

fn refused_clean(d: Diagnostic) -> Diagnostic {
    if d.message.ends_with("was not made by dossier") {
        Diagnostic {
            message: format!("{}; nothing was removed", d.message),
            hint: Some("dossier clean only removes files listed in the .dossier-manifest of a folder dossier built".into()),
            ..d
        }
    } else {
        d
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The project folder (holding dossier.toml)
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// The address to listen on; anything but a loopback address (127.0.0.1, ::1) lets other computers read the site
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Include pages marked draft = true
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Open the site in a browser
    #[arg(long)]
    pub(crate) open: bool,
    /// Also write each good build to the output folder (with this server's address as base_url)
    #[arg(long)]
    pub(crate) write: bool,
    /// Print errors only
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Serve the confidential edition, with papers taken in private (only on
    /// this computer: a non-loopback --bind is refused)
    #[arg(long)]
    pub(crate) confidential: bool,
    #[command(flatten)]
    pub(crate) cache: super::CacheArgs,
}

/// `dossier serve`.
pub(crate) fn run_serve(args: &ServeArgs) -> u8 {
    let mut build = build_settings(&args.root, args.drafts);
    build.edition = super::edition_of(args.confidential);
    build.cache = args.cache.cache(&args.root);
    crate::serve::serve(crate::serve::ServeSettings {
        build,
        bind: args.bind,
        port: args.port,
        open: args.open,
        write: args.write,
        quiet: args.quiet,
    })
}
