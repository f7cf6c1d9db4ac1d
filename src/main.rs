//! The `dossier` command: parse arguments, run, exit with 0 (ok), 1 (problems
//! in the content) or 2 (usage or I/O problems).

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings on every core, where glibc's allocator spent
/// about a tenth of the time (see docs/performance.md). It is built without
/// transparent huge pages (the `no_thp` feature): with them a 10,000-page
/// build held 300 MiB instead of 270, and at 100,000 pages the kernel spent
/// seconds more compacting memory to find huge pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(dossier::run())
}
