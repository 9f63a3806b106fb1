//! `examples/cron/tiers-monthly.sh`, the monthly wrapper, run as cron would: on the shipped
//! sample two months running, and on an export without orders.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::Path;
use std::process::Output;

use crate::common::{Sheet, sheet_names};

/// The wrapper in `dir`, as of `as_of`, with no terminal and nothing but PATH from outside.
fn monthly(dir: &Path, as_of: &str, inputs: &[&str]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cron/tiers-monthly.sh");
    std::process::Command::new("bash")
        .arg(script)
        .args(inputs)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("TIERS_BIN", assert_cmd::cargo::cargo_bin!("tiers"))
        .env("TIERS_AS_OF", as_of)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn two_months_of_the_sample_grade_plan_and_report_with_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers.xlsx");
    std::fs::copy(sample, dir.path().join("export.xlsx")).unwrap();
    for (as_of, month) in [("2026-09-30", "2026-10"), ("2026-10-31", "2026-11")] {
        let run = monthly(dir.path(), as_of, &["export.xlsx"]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{as_of}: {stderr}");
        // cron mails whatever is printed: a good run prints nothing.
        assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{stderr}");
        let log =
            std::fs::read_to_string(dir.path().join(format!("logs/tiers-{month}.log"))).unwrap();
        for line in [
            format!("start: as of {as_of}, planning {month}"),
            "tiers score would succeed.".into(),
            "300 customers graded".into(),
            "done".into(),
        ] {
            assert!(log.contains(&line), "{line:?} not in the log:\n{log}");
        }
        let revisits = dir.path().join(format!("revisits/revisit-{month}.xlsx"));
        assert!(sheet_names(&revisits).len() >= 2, "{revisits:?}");
        let csv = std::fs::read_to_string(dir.path().join(format!("revisits/revisit-{month}.csv")))
            .unwrap();
        assert!(csv.lines().count() > 1, "{csv}");
        for report in ["xlsx", "html"] {
            let path = dir.path().join(format!("reports/report-{month}.{report}"));
            assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{path:?}");
        }
    }
    // One living workbook: both months are in its history.
    let book = dir.path().join("management.xlsx");
    assert_eq!(Sheet::read(&book, "Customers").rows.len(), 300);
    let history = Sheet::read(&book, "Tier history");
    let mut runs: Vec<String> = history.column("As of");
    runs.dedup();
    assert_eq!(runs.len(), 2, "{runs:?}");
}

/// A workbook graded in Chinese stays Chinese when the wrapper runs without `TIERS_LANG`, and
/// so are the month's revisit list and report.
#[test]
fn a_chinese_workbook_stays_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers-zh.xlsx");
    std::fs::copy(sample, dir.path().join("export.xlsx")).unwrap();
    crate::common::tiers(dir.path())
        .args([
            "score",
            "export.xlsx",
            "-o",
            "management.xlsx",
            "--lang",
            "zh",
        ])
        .args(["--as-of", "2026-09-30", "-q"])
        .assert()
        .success();
    let run = monthly(dir.path(), "2026-10-31", &["export.xlsx"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for book in [
        "management.xlsx",
        "revisits/revisit-2026-11.xlsx",
        "reports/report-2026-11.xlsx",
    ] {
        let names = sheet_names(&dir.path().join(book));
        assert!(
            names
                .iter()
                .any(|n| n == "客户" || n == "回访计划" || n == "概况"),
            "{book}: {names:?}"
        );
        assert!(
            !names.iter().any(|n| n == "Customers" || n == "Summary"),
            "{book}: {names:?}"
        );
    }
}

#[test]
fn a_failure_stops_the_run_is_printed_for_cron_and_logged() {
    let dir = crate::common::copy_fixture("shop");
    // The customers sheet alone: no orders to grade.
    let run = monthly(dir.path(), "2026-06-30", &["customers.csv"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    // The mail says why, in tiers' own words.
    assert!(
        stderr.starts_with(
            "tiers-monthly: failed (exit 1): error: tiers score would fail: no orders table found"
        ),
        "{stderr}"
    );
    let log = std::fs::read_to_string(dir.path().join("logs/tiers-2026-07.log")).unwrap();
    assert!(log.contains("no orders table found"), "{log}");
    assert!(log.contains("FAILED (exit 1)"), "{log}");
    assert!(!dir.path().join("management.xlsx").exists());
    // A second failure the same month is mailed with its own reason, not the first one's.
    let run = monthly(dir.path(), "2026-06-30", &["customers.csv", "ordres.csv"]);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("ordres.csv: no such file"), "{stderr}");
}
