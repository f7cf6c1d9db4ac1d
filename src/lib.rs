//! dossier: briefing microsites, candidate packs and board packs from Markdown and TOML.
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod markdown;
pub mod shortcode;
pub mod source;
