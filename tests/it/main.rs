//! dossier's integration tests: one binary, driving the real `dossier`
//! executable on small fixture projects (tests/fixtures/) and the example
//! project at the repository root.

#![allow(dead_code)]

mod architecture;
mod bad_input;
mod board;
mod build;
mod cache;
mod check;
mod ci_recipes;
mod deadlines;
mod errors;
mod executive;
mod faults;
mod fuzz;
mod hostile;
mod init;
mod languages;
mod leak;
mod leak_matrix;
mod minutes;
mod new_clean;
mod roles;
mod serve;
mod support;
