//! The `dossier` command: parse arguments, run, exit with 0 (ok), 1 (problems
//! in the content) or 2 (usage or I/O problems).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(dossier::run())
}
