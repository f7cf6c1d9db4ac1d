//! The CI recipes users copy (docs/ci/github-actions.yml and
//! docs/ci/gitlab-ci.yml, see docs/ci.md): each is YAML, every `dossier`
//! command in them exists with the options they give it, and neither ever
//! builds the confidential edition.

use crate::support::*;

/// Every string of a YAML document (commands are in `run:` and `script:`).
fn strings(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| strings(v, out)),
        serde_yaml::Value::Mapping(map) => map.values().for_each(|v| strings(v, out)),
        serde_yaml::Value::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

/// The `dossier …` commands of a recipe, each as its words.
fn dossier_commands(path: &str) -> Vec<Vec<String>> {
    let text = read(repo_root().join(path));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"));
    let mut all = Vec::new();
    strings(&yaml, &mut all);
    let mut commands = Vec::new();
    for s in all {
        for line in s.lines() {
            // A command: `dossier` first on the line or after `$(`, `&&`,
            // `||`, `;` or `then`; its words up to a redirection or `||`.
            let Some(at) = line.match_indices("dossier ").map(|(i, _)| i).find(|&i| {
                let before = line[..i].trim_end();
                before.is_empty()
                    || ["$(", "&&", "||", ";", "then"]
                        .iter()
                        .any(|p| before.ends_with(p))
            }) else {
                continue;
            };
            let words: Vec<String> = line[at..]
                .split_whitespace()
                .take_while(|w| !matches!(*w, ">" | "||" | "&&" | "|" | ";"))
                .map(str::to_string)
                .collect();
            if words.len() > 1 && !words[1].starts_with('"') {
                commands.push(words);
            }
        }
    }
    commands
}

#[test]
fn every_dossier_command_in_the_ci_recipes_exists_with_its_options() {
    let dir = TempDir::new();
    for path in ["docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml"] {
        let commands = dossier_commands(path);
        let names: Vec<&str> = commands.iter().map(|c| c[1].as_str()).collect();
        for wanted in ["check", "build"] {
            assert!(
                names.contains(&wanted),
                "{path} has no `dossier {wanted}`: {commands:?}"
            );
        }
        for words in &commands {
            if words[1] == "--version" {
                continue;
            }
            let help = dossier(dir.path(), &[words[1].as_str(), "--help"]);
            assert_eq!(
                help.code, 0,
                "{path}: `dossier {}` is no command: {}",
                words[1], help.stderr
            );
            for option in words[2..].iter().filter(|w| w.starts_with("--")) {
                let option = option.split('=').next().unwrap();
                // The whole option: `--deny-warning` is not `--deny-warnings`.
                let named = help.stdout.match_indices(option).any(|(i, _)| {
                    !help.stdout[i + option.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                });
                assert!(
                    named,
                    "{path}: `dossier {}` has no option {option}:\n{}",
                    words[1], help.stdout
                );
            }
            assert!(
                !words.iter().any(|w| w == "--confidential"),
                "{path} builds the confidential edition: {words:?}"
            );
        }
    }
}
