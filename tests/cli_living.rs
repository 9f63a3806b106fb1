//! The management workbook as a living file: twelve monthly re-gradings with people's edits in
//! between, the refusals that protect it, and its backups.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, DataType};
use chrono::{Months, NaiveDate};
use tiers::sample::{self, SampleSpec};

use crate::common::{EditSheet, Sheet, edit_workbook, hidden_sheets, stderr_of, tiers};

const TIERS: [&str; 4] = ["diamond", "gold", "silver", "ordinary"];

fn rank(tier: &str) -> usize {
    TIERS
        .iter()
        .position(|t| *t == tier)
        .unwrap_or_else(|| panic!("tier {tier}"))
}

/// A generated shop (200 customers, 4,000 orders over two years to 2026-10-31).
fn shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = sample::generate(&SampleSpec::new(
        200,
        4000,
        5,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    ));
    sample::write_xlsx(&data, &dir.path().join("shop.xlsx")).unwrap();
    dir
}

fn score(dir: &Path, as_of: NaiveDate) {
    crate::common::score_into(dir, "shop.xlsx", "management.xlsx", &as_of.to_string());
}

/// Grades shop.xlsx into management.xlsx in `dir` as of `as_of`, expecting exit `code`: what
/// it printed on stderr.
fn regrade(dir: &Path, as_of: &str, code: i32) -> String {
    stderr_of(
        dir,
        &[
            "score",
            "shop.xlsx",
            "-o",
            "management.xlsx",
            "--as-of",
            as_of,
        ],
        code,
    )
}

fn customers_sheet(sheets: &mut [EditSheet]) -> &mut EditSheet {
    sheets.iter_mut().find(|s| s.name == "Customers").unwrap()
}

#[test]
fn twelve_monthly_regradings_keep_every_edit_and_build_the_history() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    // Month ends from 2025-11-30 to 2026-10-31.
    let first_of_next = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    // What people typed, by (customer, header); checked after every run.
    let mut typed: HashMap<(String, String), String> = HashMap::new();
    let mut locked: Option<(String, String)> = None;
    let mut last_tiers: HashMap<String, String> = HashMap::new();
    for month in 0..12u32 {
        let as_of = first_of_next
            .checked_add_months(Months::new(month))
            .unwrap()
            .pred_opt()
            .unwrap();
        score(dir.path(), as_of);
        let sheet = Sheet::read(&book, "Customers");
        assert_eq!(sheet.rows.len(), 200, "month {month}");

        // Every edit survived, whatever was done to rows and columns.
        for ((id, header), value) in &typed {
            assert_eq!(
                &sheet.text(sheet.row("Customer ID", id), header),
                value,
                "month {month}: {id} {header}"
            );
        }
        // What the score alone qualified each customer for, this month and last.
        let history = Sheet::read(&book, "Tier history");
        let qualified_on = |date: NaiveDate| -> HashMap<String, String> {
            history
                .rows
                .iter()
                .filter(|r| r[0].as_date() == Some(date))
                .map(|r| {
                    (
                        history.text(r, "Customer ID"),
                        history.text(r, "Qualified for"),
                    )
                })
                .collect()
        };
        let qualified = qualified_on(as_of);
        let qualified_before = qualified_on(
            first_of_next
                .checked_add_months(Months::new(month))
                .unwrap()
                .checked_sub_months(Months::new(1))
                .unwrap()
                .pred_opt()
                .unwrap(),
        );
        // Changes against last month's tiers, read independently from last month's workbook.
        for row in &sheet.rows {
            let id = sheet.text(row, "Customer ID");
            let (tier, change) = (sheet.text(row, "Tier"), sheet.text(row, "Change"));
            match last_tiers.get(&id) {
                None => assert_eq!(change, "first graded", "month {month}: {id}"),
                Some(before) => {
                    assert_eq!(&sheet.text(row, "Previous tier"), before);
                    let below_now = rank(&qualified[&id]) > rank(before);
                    let expected = match (rank(&tier), rank(before)) {
                        _ if locked.as_ref().is_some_and(|(l, _)| *l == id) => "locked",
                        (now, then) if now < then => "up",
                        (now, then) if now > then => "down",
                        // Qualified lower, but this is the first month of it: kept.
                        _ if below_now => "held (protected)",
                        _ => "same",
                    };
                    assert_eq!(change, expected, "month {month}: {id} {before} → {tier}");
                    if change == "down" {
                        // A fall takes two months below, and is one tier at most.
                        assert_eq!(
                            rank(&tier),
                            (rank(before) + 1).min(rank(&qualified[&id])),
                            "{id}"
                        );
                        let last = &qualified_before[&id];
                        assert!(rank(last) > rank(before), "{id} fell after one month below");
                    }
                }
            }
        }
        if let Some((id, tier)) = &locked {
            assert_eq!(&sheet.text(sheet.row("Customer ID", id), "Tier"), tier);
        }
        // One snapshot per customer per month.
        assert_eq!(
            history.rows.len(),
            200 * (month as usize + 1),
            "month {month}"
        );
        assert_eq!(migration_total(&book), 200.0, "month {month}");
        last_tiers = sheet
            .rows
            .iter()
            .map(|r| (sheet.text(r, "Customer ID"), sheet.text(r, "Tier")))
            .collect();

        // Between runs, people work in the workbook.
        let ids: Vec<String> = sheet.column("Customer ID");
        edit_as_people_do(&book, month, &ids, &mut typed, &mut locked);
    }
}

/// Runs score against an existing management.xlsx and expects a refusal naming `why`, with
/// the file left exactly as it was.
fn refused(dir: &Path, why: &str) {
    let book = dir.join("management.xlsx");
    let before = std::fs::read(&book).unwrap();
    let output = tiers(dir)
        .args([
            "score",
            "shop.xlsx",
            "-o",
            "management.xlsx",
            "--as-of",
            "2026-10-31",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: management.xlsx: "), "{stderr}");
    assert!(stderr.contains(why), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(
        std::fs::read(&book).unwrap(),
        before,
        "the workbook changed"
    );
    let backups = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("backup")
        })
        .count();
    assert_eq!(backups, 0, "a backup was made");
}

#[test]
fn a_workbook_tiers_did_not_write_is_refused() {
    let dir = shop();
    std::fs::copy(
        dir.path().join("shop.xlsx"),
        dir.path().join("management.xlsx"),
    )
    .unwrap();
    refused(dir.path(), "it was not written by tiers");
}

#[test]
fn a_duplicated_manual_header_is_refused() {
    let dir = shop();
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    edit_workbook(&dir.path().join("management.xlsx"), |sheets| {
        let customers = customers_sheet(sheets);
        customers.add_column("Wechat");
        customers.add_column("Wechat");
    });
    refused(dir.path(), "the column \"Wechat\" appears twice");
}

#[test]
fn a_deleted_id_column_is_refused() {
    let dir = shop();
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    edit_workbook(&dir.path().join("management.xlsx"), |sheets| {
        let customers = customers_sheet(sheets);
        let id = customers.col("Customer ID");
        for row in &mut customers.rows {
            row.remove(id);
        }
    });
    refused(dir.path(), "the id column \"Customer ID\" is missing");
}

#[test]
fn a_workbook_open_in_excel_is_refused() {
    let dir = shop();
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    std::fs::write(dir.path().join("~$management.xlsx"), b"lock").unwrap();
    refused(dir.path(), "it is open in Excel");
    // LibreOffice's lock.
    std::fs::remove_file(dir.path().join("~$management.xlsx")).unwrap();
    std::fs::write(dir.path().join(".~lock.management.xlsx#"), b"lock").unwrap();
    refused(dir.path(), "it is open in Excel or another program (");
    // Marked read-only.
    std::fs::remove_file(dir.path().join(".~lock.management.xlsx#")).unwrap();
    let book = dir.path().join("management.xlsx");
    let mut permissions = std::fs::metadata(&book).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&book, permissions).unwrap();
    refused(dir.path(), "it is marked read-only");
    let stderr = stderr_of(
        dir.path(),
        &["score", "shop.xlsx", "-o", "management.xlsx", "--fresh"],
        1,
    );
    assert!(
        stderr.contains("it is marked read-only"),
        "--fresh: {stderr}"
    );
    // A dry run writes nothing, so it may look.
    stderr_of(
        dir.path(),
        &["score", "shop.xlsx", "-o", "management.xlsx", "--dry-run"],
        0,
    );
}

#[test]
fn a_corrupt_workbook_is_refused() {
    let dir = shop();
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    let book = dir.path().join("management.xlsx");
    let mut bytes = std::fs::read(&book).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&book, bytes).unwrap();
    refused(dir.path(), "cannot read it back");
}

#[test]
fn the_backup_is_the_replaced_file_and_a_rerun_replaces_its_snapshot() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let first = std::fs::read(&book).unwrap();
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("management.backup-")
        })
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(
        std::fs::read(&backups[0]).unwrap() == first,
        "the backup differs from the file it replaced"
    );
    // The same as-of twice: one snapshot per customer, not two.
    assert_eq!(Sheet::read(&book, "Tier history").rows.len(), 200);
}

#[test]
fn dry_run_shows_changes_and_writes_nothing() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
    let before = std::fs::read(&book).unwrap();
    let output = tiers(dir.path())
        .args([
            "score",
            "shop.xlsx",
            "-o",
            "management.xlsx",
            "--as-of",
            "2026-10-31",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .starts_with("dry run, nothing written; tiers against the last run: 0 first graded, "),
        "{stdout}"
    );
    assert!(
        stdout.contains(" up, ") && stdout.contains("customers no longer in the inputs"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&book).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "only shop.xlsx and management.xlsx"
    );
    // For scripts: the same as JSON, and nothing at all with --quiet.
    let dry = |extra: &str| {
        let output = tiers(dir.path())
            .args(["score", "shop.xlsx", "-o", "management.xlsx"])
            .args(["--as-of", "2026-10-31", "--dry-run", extra])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(dry("--quiet"), "");
    let json: serde_json::Value = serde_json::from_str(&dry("--json")).unwrap();
    assert_eq!(json["dry_run"], true);
    // The changes the real run then writes in the Customers sheet, counted there.
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let changes = Sheet::read(&book, "Customers").column("Change");
    for (key, label) in [
        ("up", "up"),
        ("down", "down"),
        ("same", "same"),
        ("held", "held (protected)"),
    ] {
        let written = changes.iter().filter(|c| *c == label).count();
        assert_eq!(json["changes"][key], written, "{key}");
    }
    let moved = json["moved"].as_array().unwrap();
    let written_moves = changes
        .iter()
        .filter(|c| ["up", "down", "held (protected)", "locked"].contains(&c.as_str()))
        .count();
    assert_eq!(moved.len(), written_moves);
    assert!(
        moved
            .iter()
            .all(|m| m["previous_tier"] != m["tier"] || m["change"] != "up")
    );
}

#[test]
fn a_customer_gone_from_the_inputs_keeps_their_row_and_notes() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    // Someone adds a row by hand for a customer the inputs never had, with a note.
    edit_workbook(&book, |sheets| {
        let customers = customers_sheet(sheets);
        let mut row = vec![Data::Empty; customers.rows[0].len()];
        row[customers.col("Customer ID")] = Data::String("X999".into());
        row[customers.col("Notes")] = Data::String("met at the fair".into());
        customers.rows.push(row);
    });
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let sheet = Sheet::read(&book, "Customers");
    let row = sheet.row("Customer ID", "X999");
    assert_eq!(sheet.text(row, "Notes"), "met at the fair");
    assert_eq!(
        sheet.text(row, "Listed in"),
        "inactive: no longer in the inputs"
    );
}

/// One month's edits: an owner and a note, a Wechat column (added in month 2) with a value,
/// a tier locked (month 4), rows sorted by region and the Notes column moved to the front.
fn edit_as_people_do(
    book: &Path,
    month: u32,
    ids: &[String],
    typed: &mut HashMap<(String, String), String>,
    locked: &mut Option<(String, String)>,
) {
    edit_workbook(book, |sheets| {
        let customers = customers_sheet(sheets);
        let id = &ids[(month as usize * 7) % ids.len()];
        customers.set(
            "Customer ID",
            id,
            "Owner",
            Data::String(format!("Rep {month}")),
        );
        typed.insert((id.clone(), "Owner".into()), format!("Rep {month}"));
        customers.set(
            "Customer ID",
            id,
            "Notes",
            Data::String(format!("Called in month {month}")),
        );
        typed.insert(
            (id.clone(), "Notes".into()),
            format!("Called in month {month}"),
        );
        if month == 2 {
            customers.add_column("Wechat");
        }
        if month >= 2 {
            let other = &ids[(month as usize * 13 + 5) % ids.len()];
            customers.set(
                "Customer ID",
                other,
                "Wechat",
                Data::String(format!("wx{month}")),
            );
            typed.insert((other.clone(), "Wechat".into()), format!("wx{month}"));
        }
        if month == 4 {
            let id = ids.last().unwrap().clone();
            customers.set(
                "Customer ID",
                &id,
                "Locked tier",
                Data::String("gold".into()),
            );
            *locked = Some((id, "gold".into()));
        }
        // Sort the rows by region, as a person would, and move the Notes column first.
        let region = customers.col("Region");
        let notes = customers.col("Notes");
        let (header, body) = customers.rows.split_at_mut(1);
        body.sort_by_key(|r| r.get(region).map(ToString::to_string).unwrap_or_default());
        for row in header.iter_mut().chain(body.iter_mut()) {
            if row.len() > notes {
                let cell = row.remove(notes);
                row.insert(0, cell);
            }
        }
    });
}

/// The sum of the Summary's migration matrix over this run's tiers: every customer once.
fn migration_total(book: &Path) -> f64 {
    let summary = Sheet::read(book, "Summary");
    let start = summary
        .rows
        .iter()
        .position(|r| r[0].to_string().starts_with("Tier changes"))
        .unwrap();
    summary.rows[start + 2..start + 7]
        .iter()
        .flat_map(|r| r[1..=4].iter().map(crate::common::number))
        .sum()
}

#[test]
fn the_revisit_log_the_team_keeps_survives_regrading() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    score(dir.path(), day("2026-09-30"));
    // A new workbook has an empty log with its headers.
    let log = Sheet::read(&book, "Revisit log");
    assert_eq!(
        log.headers,
        ["Date", "Customer ID", "Customer name", "Outcome", "Notes"]
    );
    assert!(log.rows.is_empty());
    // A rep records two visits and adds a column of their own.
    let visit = |date: f64, id: &str, outcome: &str| {
        vec![
            Data::DateTime(calamine::ExcelDateTime::new(
                date,
                calamine::ExcelDateTimeType::DateTime,
                false,
            )),
            Data::String(id.into()),
            Data::String(String::new()),
            Data::String(outcome.into()),
            Data::String("asked about the new catalogue".into()),
            Data::String("call again in May".into()),
        ]
    };
    edit_workbook(&book, |sheets| {
        let log = sheets.iter_mut().find(|s| s.name == "Revisit log").unwrap();
        log.add_column("Next step");
        // Excel counts 2026-01-01 as day 46,023, so 46,300 is 2026-10-05.
        log.rows.push(visit(46_300.0, "C0001", "ordered"));
        log.rows.push(visit(46_301.0, "C0002", "no answer"));
    });
    score(dir.path(), day("2026-10-31"));
    let log = Sheet::read(&book, "Revisit log");
    assert_eq!(log.headers[5], "Next step");
    assert_eq!(log.rows.len(), 2);
    assert_eq!(log.date(&log.rows[0], "Date"), "2026-10-05");
    assert_eq!(log.text(&log.rows[1], "Customer ID"), "C0002");
    assert_eq!(log.text(&log.rows[1], "Outcome"), "no answer");
    assert_eq!(log.text(&log.rows[0], "Next step"), "call again in May");
}

#[test]
fn an_owner_column_in_the_customers_input_fills_owner_and_the_teams_notes_survive_an_input_notes_column()
 {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("customers.csv"),
        "Customer ID,Name,Sales Rep,Notes\nC1,Acme,Ann,from the CRM\nC2,Bolt,,from the CRM\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Order ID,Customer ID,Order Date,Amount\nO1,C1,2026-09-05,100\nO2,C2,2026-10-05,200\n",
    )
    .unwrap();
    let grade = || {
        tiers(dir.path())
            .args(["score", "customers.csv", "orders.csv", "-o", "book.xlsx"])
            .args(["--as-of", "2026-10-31", "-q"])
            .assert()
            .success();
    };
    grade();
    let book = dir.path().join("book.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    // The input's Notes is kept beside the team's, not in its place; Sales Rep is the Owner.
    assert_eq!(sheet.column("Notes (input)"), ["from the CRM"; 2]);
    assert_eq!(sheet.text(sheet.row("Customer ID", "C1"), "Owner"), "Ann");
    assert!(
        !sheet.headers.iter().any(|h| h == "Sales Rep"),
        "{:?}",
        sheet.headers
    );
    edit_workbook(&book, |sheets| {
        let customers = customers_sheet(sheets);
        customers.set(
            "Customer ID",
            "C1",
            "Notes",
            Data::String("call in May".into()),
        );
        customers.set("Customer ID", "C1", "Owner", Data::String("Zed".into()));
        customers.set("Customer ID", "C2", "Owner", Data::String("Bea".into()));
    });
    grade();
    let sheet = Sheet::read(&book, "Customers");
    let (c1, c2) = (
        sheet.row("Customer ID", "C1"),
        sheet.row("Customer ID", "C2"),
    );
    assert_eq!(sheet.text(c1, "Notes"), "call in May");
    assert_eq!(sheet.text(c1, "Notes (input)"), "from the CRM");
    // The input names C1's owner, so it wins; C2's is empty there, so the team's stays.
    assert_eq!(sheet.text(c1, "Owner"), "Ann");
    assert_eq!(sheet.text(c2, "Owner"), "Bea");
    let (stdout, _) = revisit_november(dir.path(), &[]);
    assert!(stdout.contains("without an owner: 0"), "{stdout}");
    // An owner no customer has is named, with the owners there are.
    let (_, stderr) = revisit_november(dir.path(), &["--owner", "Zed"]);
    assert!(
        stderr.contains(r#"no customer has the owner "Zed" (owners: Ann, Bea)"#),
        "{stderr}"
    );
}

#[test]
fn an_owner_written_as_a_number_plans_visits_by_that_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let customers = book.add_worksheet().set_name("Customers").unwrap();
    customers
        .write_row(0, 0, ["Customer ID", "Name", "Sales Rep"])
        .unwrap();
    for (row, (id, rep)) in [("C1", 1023.0), ("C2", 2047.0)].into_iter().enumerate() {
        let row = row as u32 + 1;
        customers.write_string(row, 0, id).unwrap();
        customers
            .write_string(row, 1, format!("Shop {id}"))
            .unwrap();
        customers.write_number(row, 2, rep).unwrap();
    }
    let orders = book.add_worksheet().set_name("Orders").unwrap();
    orders
        .write_row(0, 0, ["Order ID", "Customer ID", "Order Date", "Amount"])
        .unwrap();
    orders
        .write_row(1, 0, ["O1", "C1", "2026-09-05", "100"])
        .unwrap();
    orders
        .write_row(2, 0, ["O2", "C2", "2026-10-05", "200"])
        .unwrap();
    book.save(dir.path().join("shop.xlsx")).unwrap();
    crate::common::score_into(dir.path(), "shop.xlsx", "book.xlsx", "2026-10-31");
    let (stdout, stderr) = revisit_november(dir.path(), &["--owner", "1023"]);
    assert!(!stderr.contains("no customer has the owner"), "{stderr}");
    assert!(
        stdout.contains("visits planned for 2026-11: 1;"),
        "{stdout}"
    );
}

/// `tiers revisit book.xlsx --month 2026-11` with `more`: its stdout and stderr.
fn revisit_november(dir: &Path, more: &[&str]) -> (String, String) {
    let run = tiers(dir)
        .args(["revisit", "book.xlsx", "--month", "2026-11"])
        .args(more)
        .assert()
        .success();
    let output = run.get_output();
    (
        String::from_utf8(output.stdout.clone()).unwrap(),
        String::from_utf8(output.stderr.clone()).unwrap(),
    )
}

/// A Chinese workbook stays Chinese: a later run, the revisit plan and the report that give
/// no `--lang` follow the workbook's language; `--lang en` switches it.
#[test]
fn commands_without_lang_follow_the_workbook_s_language() {
    let dir = shop();
    let run = |args: &[&str]| {
        tiers(dir.path())
            .args(args)
            .args(["--as-of", "2026-06-30", "-q"])
            .assert()
            .success();
    };
    run(&["score", "shop.xlsx", "-o", "mgmt.xlsx", "--lang", "zh"]);
    run(&["score", "shop.xlsx", "-o", "mgmt.xlsx"]);
    let mgmt = dir.path().join("mgmt.xlsx");
    assert_eq!(crate::common::sheet_names(&mgmt)[1], "客户");
    run(&["report", "mgmt.xlsx", "-o", "report.xlsx"]);
    assert_eq!(
        crate::common::sheet_names(&dir.path().join("report.xlsx"))[0],
        "概况"
    );
    run(&[
        "revisit",
        "mgmt.xlsx",
        "--month",
        "2026-07",
        "-o",
        "plan.xlsx",
    ]);
    let plan = crate::common::sheet_names(&dir.path().join("plan.xlsx"));
    assert!(plan.iter().all(|s| !s.is_ascii()), "{plan:?}");
    run(&["score", "shop.xlsx", "-o", "mgmt.xlsx", "--lang", "en"]);
    assert_eq!(crate::common::sheet_names(&mgmt)[1], "Customers");
}

/// A formula a program wrote into the Notes column without a value (openpyxl saves none;
/// `rust_xlsxwriter` here saves an empty one) reads as nothing: the run says which cell, and
/// that the backup keeps it. A typed note beside it is kept.
#[test]
fn a_team_formula_never_calculated_is_named() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    edit_workbook(&book, |sheets| {
        let customers = customers_sheet(sheets);
        let notes = customers.col("Notes") as u16;
        customers.set(
            "Customer ID",
            "C0001",
            "Notes",
            Data::String("typed".into()),
        );
        customers.uncalculated.push((
            4,
            notes,
            "=HYPERLINK(\"http://crm.local/4\",\"CRM\")".to_owned(),
        ));
    });
    let stderr = regrade(dir.path(), "2026-10-31", 0);
    assert!(
        stderr.contains("management.xlsx: row 5, column \"Notes\" of the Customers sheet holds a formula with no value saved"),
        "{stderr}"
    );
    let customers = Sheet::read(&book, "Customers");
    assert_eq!(
        customers.text(customers.row("Customer ID", "C0001"), "Notes"),
        "typed"
    );
}

/// Sheets the team adds to the workbook (targets with a formula) are written back at the next
/// run with their values and formulas, and the Revisit log they renamed is still read as the
/// log; the run says both.
#[test]
fn sheets_the_team_added_are_kept() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    let nine = calamine::ExcelDateTime::new(0.375, calamine::ExcelDateTimeType::DateTime, false);
    edit_workbook(&book, |sheets| {
        let log = sheets.iter_mut().find(|s| s.name == "Revisit log").unwrap();
        log.name = "Visits".to_owned();
        log.rows.push(
            ["2026-10-02", "C0001", "Ann", "called", "wants a quote"]
                .map(|t| Data::String(t.to_owned()))
                .to_vec(),
        );
        let targets = EditSheet {
            name: "My targets".to_owned(),
            hidden: false,
            rows: vec![
                vec![Data::String("Rep".into()), Data::String("Target".into())],
                vec![Data::String("Bob".into()), Data::Float(1000.0)],
            ],
            formulas: vec![(1, 2, "=B2*2".to_owned())],
            uncalculated: Vec::new(),
        };
        // A sheet of rates the formulas look up, hidden from the team's view, with the time
        // of day the rates change.
        let rates = EditSheet {
            name: "Rates".to_owned(),
            hidden: true,
            rows: vec![
                vec![Data::String("Rate".into()), Data::String("From".into())],
                vec![Data::Float(0.05), Data::DateTime(nine)],
            ],
            formulas: Vec::new(),
            uncalculated: Vec::new(),
        };
        let at = sheets.len() - 1;
        sheets.insert(at, rates);
        sheets.insert(at, targets);
    });
    let stderr = regrade(dir.path(), "2026-10-31", 0);
    assert!(
        stderr.contains("kept the sheets the team added (\"My targets\", \"Rates\")"),
        "{stderr}"
    );
    // A sheet the team hid stays hidden (beside tiers' own marker); theirs that showed still
    // show.
    assert_eq!(hidden_sheets(&book), ["Rates", "_tiers"]);
    // The renamed Revisit log is still the log: its visit is read, and it is written back
    // under its name.
    assert!(
        stderr.contains("the sheet \"Visits\" is the Revisit log renamed"),
        "{stderr}"
    );
    let visits = Sheet::read(&book, "Revisit log");
    assert_eq!(visits.column("Notes"), ["wants a quote"]);
    assert!(!crate::common::sheet_names(&book).contains(&"Visits".to_owned()));
    let targets = Sheet::read(&book, "My targets");
    assert_eq!(targets.column("Rep"), ["Bob"]);
    assert_eq!(targets.column("Target"), ["1000"]);
    let xml = &crate::common::zip_entries(&book);
    let part = xml
        .iter()
        .find(|(_, text)| text.contains("<f>B2*2</f>"))
        .map(|(name, _)| name.clone());
    assert!(part.is_some(), "the formula is written back");
    // And again: kept sheets stay the team's.
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    assert_eq!(Sheet::read(&book, "My targets").column("Rep"), ["Bob"]);
    assert_eq!(hidden_sheets(&book), ["Rates", "_tiers"]);
    let rates = Sheet::read(&book, "Rates");
    assert_eq!(rates.column("Rate"), ["0.05"]);
    // The time of day is still 09:00, shown as a time, not as a date-time of 1899.
    assert_eq!(rates.rows[0][1], Data::DateTime(nine));
    let styles = &crate::common::zip_entries(&book)["xl/styles.xml"];
    assert!(styles.contains("formatCode=\"hh:mm\""), "{styles}");
}

/// A customer dropped from the customers sheet who still orders, by id alone, keeps the name
/// the last workbook gave them, for the revisit list and `tiers explain`.
#[test]
fn a_customer_dropped_from_the_customers_sheet_keeps_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "customers.csv",
        "Customer ID,Customer Name\nC1,Alpha Ltd\nC2,Beta Ltd\n",
    );
    write(
        "orders.csv",
        "Order ID,Customer ID,Order Date,Amount\nO1,C1,2026-09-05,100\nO2,C2,2026-09-06,50\nO3,C2,2026-10-06,70\n",
    );
    let run = || {
        tiers(dir.path())
            .args(["score", "customers.csv", "orders.csv", "-o", "m.xlsx"])
            .args(["--as-of", "2026-10-31", "-q"])
            .assert()
            .success();
    };
    run();
    write("customers.csv", "Customer ID,Customer Name\nC1,Alpha Ltd\n");
    run();
    let customers = Sheet::read(&dir.path().join("m.xlsx"), "Customers");
    assert_eq!(
        customers.text(customers.row("Customer ID", "C2"), "Name"),
        "Beta Ltd"
    );
    let explain = tiers(dir.path())
        .args(["explain", "Beta", "m.xlsx"])
        .output()
        .unwrap();
    assert!(explain.status.success(), "{explain:?}");
    // Gone from the orders too: kept as inactive, and explain says so.
    write(
        "orders.csv",
        "Order ID,Customer ID,Order Date,Amount\nO1,C1,2026-09-05,100\n",
    );
    run();
    let explain = tiers(dir.path())
        .args(["explain", "C2", "m.xlsx"])
        .output()
        .unwrap();
    assert_eq!(explain.status.code(), Some(1));
    let stderr = String::from_utf8(explain.stderr).unwrap();
    assert!(
        stderr.contains("C2 Beta Ltd is no longer in the inputs the workbook was graded from"),
        "{stderr}"
    );
}

/// A customer whose id the inputs now write in another case (C2 became c2) is a new customer:
/// the run warns, naming both ids, so the team's notes are not silently left behind.
#[test]
fn an_id_whose_case_changed_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let write = |text: &str| std::fs::write(dir.path().join("orders.csv"), text).unwrap();
    let run = || {
        let output = tiers(dir.path())
            .args([
                "score",
                "orders.csv",
                "-o",
                "m.xlsx",
                "--as-of",
                "2026-10-31",
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    write("Customer ID,Order Date,Amount\nC1,2026-09-05,100\nC2,2026-09-06,50\n");
    run();
    write("Customer ID,Order Date,Amount\nC1,2026-09-05,100\nc2,2026-09-06,50\n");
    let stderr = run();
    assert!(
        stderr.contains("customer \"C2\" of the last workbook is \"c2\" in the inputs"),
        "{stderr}"
    );
}

/// Grading an earlier as-of date into a workbook graded later warns that its Customers sheet
/// goes back (the later snapshot stays in the Tier history), a deleted Tier history is warned
/// of, and a workbook that can no longer be read is refused with its newest backup named.
#[test]
fn going_back_in_time_warns_and_a_broken_workbook_names_its_backup() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let stderr = regrade(dir.path(), "2026-08-31", 0);
    assert!(
        stderr.contains("management.xlsx was last graded as of 2026-10-31, after this run's as-of date 2026-08-31"),
        "{stderr}"
    );
    let history = Sheet::read(&book, "Tier history");
    assert!(
        history
            .rows
            .iter()
            .any(|r| history.date(r, "As of") == "2026-10-31"),
        "the later snapshot kept"
    );
    // The Tier history deleted: the run says what is lost.
    edit_workbook(&book, |sheets| sheets.retain(|s| s.name != "Tier history"));
    let stderr = regrade(dir.path(), "2026-10-31", 0);
    assert!(
        stderr.contains("has lost its Tier history sheet"),
        "{stderr}"
    );
    std::fs::write(&book, b"not a workbook any more").unwrap();
    let stderr = regrade(dir.path(), "2026-10-31", 1);
    assert!(
        stderr.contains("its newest backup is management.backup-"),
        "{stderr}"
    );
}

/// A totals row the team typed below the Customers table is no customer next run (it was
/// kept as an inactive customer "Total").
#[test]
fn a_totals_row_typed_below_the_customers_is_no_customer() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    edit_workbook(&book, |sheets| {
        let customers = customers_sheet(sheets);
        let (id, spend) = (customers.col("Customer ID"), customers.col("Net spend"));
        let mut total = vec![Data::Empty; spend.max(id) + 1];
        total[id] = Data::String("Total".into());
        total[spend] = Data::Float(123_456.0);
        customers.rows.push(total);
    });
    score(dir.path(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    let ids = Sheet::read(&book, "Customers").column("Customer ID");
    assert!(!ids.iter().any(|id| id == "Total"), "{ids:?}");
    assert_eq!(ids.len(), 200);
}

/// A workbook from a `tiers` that kept a name's final full stop or double space in the id
/// ("Globex Ltd.") is re-graded with names keyed as now ("Globex Ltd"): the customer keeps
/// the team's notes and the tier history, no second row is left behind, and a note says so.
#[test]
fn a_name_id_from_an_earlier_tiers_keeps_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer Name,Order Date,Amount\nGlobex Ltd.,2026-09-05,100\nInitech,2026-10-05,200\n",
    )
    .unwrap();
    let score = || {
        stderr_of(
            dir.path(),
            &[
                "score",
                "orders.csv",
                "-o",
                "book.xlsx",
                "--as-of",
                "2026-10-31",
            ],
            0,
        )
    };
    score();
    let book = dir.path().join("book.xlsx");
    // As the earlier tiers wrote it: the id with its full stop, in Customers and Tier history.
    edit_workbook(&book, |sheets| {
        for sheet in sheets.iter_mut() {
            for row in &mut sheet.rows {
                for cell in row.iter_mut() {
                    if *cell == "Globex Ltd" {
                        *cell = Data::String("Globex Ltd.".into());
                    }
                }
            }
        }
        customers_sheet(sheets).set(
            "Customer ID",
            "Globex Ltd.",
            "Notes",
            Data::String("call in May".into()),
        );
    });
    let stderr = score();
    assert!(
        stderr.contains("customer \"Globex Ltd.\" of the last workbook is \"Globex Ltd\" now"),
        "{stderr}"
    );
    let sheet = Sheet::read(&book, "Customers");
    assert_eq!(sheet.column("Customer ID"), ["Initech", "Globex Ltd"]);
    assert_eq!(
        sheet.text(sheet.row("Customer ID", "Globex Ltd"), "Notes"),
        "call in May"
    );
    let history = Sheet::read(&book, "Tier history");
    assert!(
        history
            .column("Customer ID")
            .iter()
            .all(|id| id != "Globex Ltd.")
    );
}
