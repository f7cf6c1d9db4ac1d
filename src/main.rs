//! The `dossier` command: parse arguments, run, exit with 0 (ok), 1 (problems
//! in the content) or 2 (usage or I/O problems).

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings on every core, where glibc's allocator spent
/// about a tenth of the time (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(dossier::run())
}
