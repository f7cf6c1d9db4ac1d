//! What dossier prints to the terminal, in one place: whether standard error
//! is a terminal that takes colour or in-place progress, and diagnostics
//! with their coloured labels. `cli`, `serve` and the progress display all
//! print through here, so every command looks the same.

use std::io::IsTerminal;

use crate::diagnostic::{Diagnostic, Severity};

/// Whether standard error takes colour: a terminal, and `NO_COLOR` unset.
pub(crate) fn colour_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether progress may be drawn in place: a terminal outside CI.
pub(crate) fn interactive_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

/// Print `text`, which starts with `label` ("error", "warning", "note"), to
/// standard error, the label in the ANSI colour `code` when `colour`.
pub(crate) fn eprint_labelled(text: &str, label: &str, code: &str, colour: bool) {
    match text.strip_prefix(label) {
        Some(rest) if colour => eprintln!("\x1b[{code}m{label}\x1b[0m{rest}"),
        _ => eprintln!("{text}"),
    }
}

/// Print diagnostics to standard error, coloured on a terminal unless NO_COLOR.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let colour = colour_stderr();
    for d in diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        eprint_labelled(&d.to_string(), label, code, colour);
    }
}
