//! dossier: briefing microsites, candidate packs and board packs from Markdown
//! and TOML.
//!
//! The pipeline is load ([`load`]) → model ([`model`]) → render ([`render`],
//! [`site`]) → write ([`output`]); [`build`] runs it. Each stage collects its
//! problems as [`diagnostic::Diagnostic`]s so that a user sees every problem of
//! a build at once.

pub mod board;
pub mod build;
pub(crate) mod calendar;
pub mod check;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod par;
pub mod pdf;
pub mod render;
pub mod roles;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod terminal;

pub use cli::run;
