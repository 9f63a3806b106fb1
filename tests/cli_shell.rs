//! `tiers completions`, `tiers man`, and the examples in every command's `--help`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use crate::common::tiers;

const COMMANDS: [&str; 8] = [
    "score",
    "explain",
    "revisit",
    "report",
    "init",
    "check",
    "completions",
    "man",
];

fn stdout_of(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let run = tiers(dir.path()).args(args).assert().success();
    String::from_utf8(run.get_output().stdout.clone()).unwrap()
}

#[test]
fn completions_for_each_shell_know_the_commands_and_their_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        // fish writes options without their dashes (`-l no-history`).
        for word in COMMANDS.iter().chain(&["no-history", "redact", "as-of"]) {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn the_bash_completion_is_a_script_bash_accepts_and_completes_with() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("tiers.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();
    // Load it, then ask for the completions of `tiers re` as bash would at a prompt (the
    // function gets the command, the word and the word before).
    let ask = format!(
        "source {}; COMP_WORDS=(tiers re); COMP_CWORD=1; _tiers tiers re tiers; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &ask])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut words: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    words.sort();
    assert_eq!(words, ["report", "revisit"]);
}

#[test]
fn man_pages_for_tiers_and_each_command() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH tiers 1"), "{page}");
    for command in &COMMANDS[..6] {
        assert!(page.contains(&format!("tiers\\-{command}(1)")), "{command}");
        let page = stdout_of(&["man", command]);
        assert!(page.contains(&format!(".TH tiers-{command} 1")), "{page}");
        assert!(page.contains(&format!("\\fBtiers {command}\\fR")), "{page}");
        assert!(page.contains("Examples:"), "{command}: {page}");
    }
    assert!(stdout_of(&["man", "report"]).contains("\\-\\-redact"));
}

#[test]
fn man_for_an_unknown_command_names_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let run = tiers(dir.path()).args(["man", "scroe"]).assert().code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(r#"no command "scroe"; the commands are score, explain, revisit, report"#),
        "{stderr}"
    );
}

#[test]
fn every_command_help_ends_with_examples_of_itself() {
    for command in COMMANDS {
        let help = stdout_of(&[command, "--help"]);
        let examples = help
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("{command} --help has no examples:\n{help}"))
            .1;
        assert!(
            examples
                .lines()
                .all(|l| l.trim_start().starts_with("tiers ")
                    || l.trim_start().starts_with("mkdir")
                    || l.starts_with("    ")),
            "{command}: {examples}"
        );
        assert!(examples.contains(&format!("tiers {command}")), "{command}");
    }
}

#[test]
fn version_is_the_crate_version() {
    assert_eq!(
        stdout_of(&["--version"]).trim(),
        format!("tiers {}", env!("CARGO_PKG_VERSION"))
    );
}
