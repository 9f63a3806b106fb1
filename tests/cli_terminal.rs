//! On a terminal and off it: colour only on a terminal and never with `NO_COLOR`, progress only on
//! a terminal, only for long work, and never with --quiet. The terminal is a pseudo-terminal
//! made by util-linux `script`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::Path;

use crate::common::{copy_fixture, tiers};

/// Runs `tiers ARGS` in `dir` on a pseudo-terminal; returns what the terminal showed.
fn on_a_terminal(dir: &Path, args: &str, no_color: bool) -> String {
    on_a_terminal_with(dir, args, no_color, &[])
}

/// The same, with more environment variables.
fn on_a_terminal_with(dir: &Path, args: &str, no_color: bool, env: &[(&str, &str)]) -> String {
    let command = format!(
        "{} {args}",
        assert_cmd::cargo::cargo_bin!("tiers").display()
    );
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    if no_color {
        script.env("NO_COLOR", "1");
    }
    script.envs(env.iter().copied());
    let out = script.output().expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The shop with an order line whose amount is not a number: one warning.
fn shop_with_a_warning() -> tempfile::TempDir {
    let dir = copy_fixture("shop");
    let orders = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&orders).unwrap();
    std::fs::write(
        &orders,
        format!(
            "{}\nSO013,C001,2026-05-01,Tea,Beverages,abc,Completed,Repeat\n",
            text.trim_end()
        ),
    )
    .unwrap();
    dir
}

const SCORE: &str = "score customers.csv orders.csv -o book.xlsx --as-of 2026-06-30";

#[test]
fn warnings_are_coloured_on_a_terminal_unless_no_color() {
    let dir = shop_with_a_warning();
    let shown = on_a_terminal(dir.path(), SCORE, false);
    assert!(
        shown.contains("\x1b[1;33mwarning\x1b[0m: orders.csv, line 14"),
        "{shown:?}"
    );
    let shown = on_a_terminal(dir.path(), SCORE, true);
    assert!(shown.contains("warning: orders.csv, line 14"), "{shown:?}");
    assert!(!shown.contains("\x1b[1;33m"), "{shown:?}");
}

#[test]
fn off_a_terminal_there_is_no_colour() {
    let dir = shop_with_a_warning();
    let run = tiers(dir.path()).args(SCORE.split(' ')).assert().success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("warning: orders.csv, line 14"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

#[test]
fn long_work_shows_progress_on_a_terminal_only_and_never_with_quiet() {
    // Enough lines that grading takes a while (about 3 s in a debug build here, 0.3 s
    // optimised), and the spinner asked for at once.
    let dir = tempfile::tempdir().unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let data = tiers::sample::generate(&tiers::sample::SampleSpec::new(6_000, 60_000, 7, end));
    tiers::sample::write_csv(&data, dir.path()).unwrap();
    let score = "score customers.csv orders.csv -o book.xlsx --as-of 2026-10-31 --no-history";
    let at_once = [("TIERS_PROGRESS_DELAY_MS", "0")];
    let shown = on_a_terminal_with(dir.path(), score, false, &at_once);
    let steps = ["reading the inputs", "grading", "writing book.xlsx"];
    assert!(steps.iter().any(|s| shown.contains(s)), "{shown:?}");
    assert!(shown.contains("6,000 customers graded"), "{shown:?}");
    let shown = on_a_terminal_with(dir.path(), &format!("{score} --quiet"), false, &at_once);
    assert!(shown.is_empty(), "{shown:?}");
    let run = tiers(dir.path()).args(score.split(' ')).assert().success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(!steps.iter().any(|s| stderr.contains(s)), "{stderr:?}");
}
