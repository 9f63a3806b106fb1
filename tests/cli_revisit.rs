//! `tiers revisit` on a management workbook whose owners, last contacts and revisit log are
//! set by hand, so that who is due and on which day is known by construction.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use calamine::Data;
use chrono::NaiveDate;
use tiers::sample::{self, SampleSpec};

use crate::common::{Sheet, edit_workbook, stderr_of, tiers};

/// Five visits a day at most would hide the capacity rule; one a day shows it.
const CONFIG: &str = "[revisit]\nper_day = 1\np_alive_below = 0.0\ncomplaint_days = 0\n";

fn excel_date(date: &str) -> Data {
    let days = (NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
        - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
    .num_days();
    Data::DateTime(calamine::ExcelDateTime::new(
        days as f64,
        calamine::ExcelDateTimeType::DateTime,
        false,
    ))
}

/// Wang's five customers, by what was set for them.
struct Wang {
    never: String,
    recent: String,
    logged: String,
    later: String,
}

/// A graded shop where Li owns every customer but five, Wang's, whose last contacts are set
/// by hand (one only in the Revisit log); returns the directory, Wang's customers and the
/// number of customers.
/// A generated shop graded as of 2026-10-31 into `management.xlsx`, with `revisit.toml`.
fn graded_shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = SampleSpec::new(
        200,
        4000,
        21,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    sample::write_xlsx(&sample::generate(&spec), &dir.path().join("shop.xlsx")).unwrap();
    crate::common::score_into(dir.path(), "shop.xlsx", "management.xlsx", "2026-10-31");
    std::fs::write(dir.path().join("revisit.toml"), CONFIG).unwrap();
    dir
}

fn shop_with_owners() -> (tempfile::TempDir, Wang, usize) {
    let dir = graded_shop();
    let book = dir.path().join("management.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    // Customers whose cadence is their tier's alone (a segment without its own cadence) and
    // with no reason to be due now (not overdue on their cycle, no tier drop on a first run).
    let quiet = |tier: &str| {
        sheet
            .rows
            .iter()
            .filter(|r| sheet.text(r, "Tier") == tier)
            .filter(|r| ["regular", "potential"].contains(&sheet.text(r, "Segment").as_str()))
            .filter(|r| sheet.text(r, "Overdue") != "yes")
            .map(|r| sheet.text(r, "Customer ID"))
            .collect::<Vec<String>>()
    };
    let (gold, silver) = (quiet("gold"), quiet("silver"));
    let (never, recent, logged, not_due, later) =
        (&gold[0], &gold[1], &gold[2], &silver[0], &silver[1]);
    edit_workbook(&book, |sheets| {
        let customers = sheets.iter_mut().find(|s| s.name == "Customers").unwrap();
        let rows: Vec<String> = customers.rows[1..]
            .iter()
            .map(|r| r[customers.col("Customer ID")].to_string())
            .collect();
        for id in &rows {
            customers.set("Customer ID", id, "Owner", Data::String("Li".into()));
        }
        for id in [never, recent, logged, not_due, later] {
            customers.set("Customer ID", id, "Owner", Data::String("Wang".into()));
        }
        // Gold every 30 days: seen 2026-11-04, due 2026-12-04 (a Friday).
        customers.set(
            "Customer ID",
            recent,
            "Last contact",
            excel_date("2026-11-04"),
        );
        // The column says October, the Revisit log says 2026-11-20: due 2026-12-20, a Sunday,
        // so the Monday after.
        customers.set(
            "Customer ID",
            logged,
            "Last contact",
            excel_date("2026-10-01"),
        );
        // Silver every 91 days: seen 2026-11-25, not due in December.
        customers.set(
            "Customer ID",
            not_due,
            "Last contact",
            excel_date("2026-11-25"),
        );
        let log = sheets.iter_mut().find(|s| s.name == "Revisit log").unwrap();
        log.rows.push(vec![
            excel_date("2026-11-20"),
            Data::String(logged.clone()),
            Data::String(String::new()),
            Data::String("ordered".into()),
        ]);
    });
    let wang = Wang {
        never: never.clone(),
        recent: recent.clone(),
        logged: logged.clone(),
        later: later.clone(),
    };
    (dir, wang, sheet.rows.len())
}

/// The December plan of one owner, as `--json` gives it.
fn plan(dir: &std::path::Path, owner: &str) -> serde_json::Value {
    let output = tiers(dir)
        .args([
            "revisit",
            "management.xlsx",
            "--month",
            "2026-12",
            "-c",
            "revisit.toml",
        ])
        .args(["--owner", owner, "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn due_customers_get_the_days_their_cadence_and_capacity_give() {
    let (dir, w, _) = shop_with_owners();
    let (never, recent, logged, later) = (&w.never, &w.recent, &w.logged, &w.later);
    let wang = plan(dir.path(), "Wang");
    let visits: Vec<(String, String)> = wang["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["customer_id"].as_str().unwrap().to_owned(),
                v["date"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Never contacted: due at once, gold before silver, one a day.
    assert_eq!(
        visits,
        [
            (never.clone(), "2026-12-01".to_owned()),
            (later.clone(), "2026-12-02".to_owned()),
            (recent.clone(), "2026-12-04".to_owned()),
            (logged.clone(), "2026-12-21".to_owned()),
        ]
    );
    assert_eq!(wang["visits"][0]["why"], "no contact on record");
    // Talking points: the tier and score, and products from the customer's favourite
    // categories that they never bought.
    let points = wang["visits"][0]["talking_points"].as_str().unwrap();
    assert!(points.starts_with("gold, score "), "{points}");
    let book = dir.path().join("management.xlsx");
    let customers = Sheet::read(&book, "Customers");
    let favourite = customers.text(customers.row("Customer ID", never), "Top categories");
    let orders = Sheet::read(&book, "Orders");
    let suggested = points
        .split("not bought yet: ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap();
    for product in suggested.split(", ") {
        let lines: Vec<&Vec<Data>> = orders
            .rows
            .iter()
            .filter(|r| orders.text(r, "Product") == product)
            .collect();
        assert!(!lines.is_empty(), "{product} is sold");
        let category = orders.text(lines[0], "Category");
        assert!(
            favourite.contains(&category),
            "{product} ({category}) not in {favourite}"
        );
        assert!(
            lines
                .iter()
                .all(|r| orders.text(r, "Customer ID") != *never),
            "{never} bought {product}"
        );
    }
    assert_eq!(
        wang["visits"][3]["why"],
        "every 30 days, last contact 2026-11-20: due 2026-12-20"
    );
}

#[test]
fn what_does_not_fit_the_month_is_listed_not_dropped() {
    let (dir, _, customers) = shop_with_owners();
    // Li's 195 customers, never contacted, one a day: 23 working days in December 2026, the
    // rest reported as past capacity.
    let li = plan(dir.path(), "Li");
    let total = customers - 5;
    assert_eq!(li["scheduled"], 23);
    assert_eq!(li["overflow"], total - 23);
    assert_eq!(li["visits"].as_array().unwrap().len(), total);

    // The workbook: the plan, one sheet for the owner, and what was not scheduled.
    let out = dir.path().join("management.revisit-2026-12.xlsx");
    assert_eq!(
        crate::common::sheet_names(&out),
        ["Revisit plan", "Li", "Not scheduled"]
    );
    let not_scheduled = Sheet::read(&out, "Not scheduled");
    assert_eq!(not_scheduled.rows.len(), total - 23);
    assert_eq!(
        not_scheduled.text(&not_scheduled.rows[0], "Status"),
        "past the owner's capacity this month"
    );
}

#[test]
fn a_file_that_is_not_a_management_workbook_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount\n",
    )
    .unwrap();
    let output = tiers(dir.path())
        .args(["revisit", "orders.csv", "--month", "2026-12"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: orders.csv: not a management workbook tiers wrote; grade the inputs with `tiers score` first\n"
    );
}

#[test]
fn the_calendar_has_one_event_per_visit_with_stable_uids() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    let (dir, w, _) = shop_with_owners();
    let ics = || {
        tiers(dir.path())
            .args([
                "revisit",
                "management.xlsx",
                "--month",
                "2026-12",
                "-c",
                "revisit.toml",
            ])
            .args(["--owner", "Wang", "--ics", "wang.ics", "-q"])
            .assert()
            .success();
        std::fs::read_to_string(dir.path().join("wang.ics")).unwrap()
    };
    let first = ics();
    assert_eq!(first, ics(), "the same plan gives the same file");
    assert!(first.starts_with("BEGIN:VCALENDAR\r\n"));
    let calendar: Calendar = first.parse().unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 4);
    let first_event = events[0];
    assert_eq!(
        first_event.get_uid(),
        Some(format!("revisit-2026-12-{}@tiers", w.never).as_str())
    );
    assert_eq!(
        first_event.get_start(),
        Some(DatePerhapsTime::Date(
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        ))
    );
    // All day: DTEND is exclusive, the next day (RFC 5545, 3.6.1).
    assert_eq!(
        first_event.get_end(),
        Some(DatePerhapsTime::Date(
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        ))
    );
    assert!(first_event.get_summary().unwrap().starts_with(&w.never));
    assert!(events.iter().all(|e| e.get_timestamp().is_some()));
}

/// A workbook in which nobody has an owner plans no visit, and says why and what to do,
/// on stderr and atop the plan sheet; every customer due is in Not scheduled.
#[test]
fn a_plan_without_owners_says_how_to_name_them() {
    let dir = crate::common::copy_fixture("shop");
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            "2026-06-30",
            "-q",
        ])
        .assert()
        .success();
    let stderr = stderr_of(
        dir.path(),
        &[
            "revisit",
            "customers.tiers.xlsx",
            "--month",
            "2026-07",
            "-o",
            "plan.xlsx",
        ],
        0,
    );
    assert!(
        stderr.contains("note: No visit could be planned: none of the customers due has an owner"),
        "{stderr}"
    );
    let plan = dir.path().join("plan.xlsx");
    let mut book = calamine::open_workbook_auto(&plan).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Revisit plan").unwrap();
    let note = sheet.get_value((2, 0)).unwrap().to_string();
    assert!(note.contains("Owner column"), "{note}");
    let rest = Sheet::read(&plan, "Not scheduled");
    assert!(!rest.rows.is_empty());
    assert!(rest.column("Status").iter().all(|s| s == "no owner"));
}

/// A customer whose tier is locked above what the score gives is talked of as locked, not as
/// kept by a score they do not have, and the next tier named is the one above the locked
/// tier.
#[test]
fn a_locked_customer_s_talking_points_say_so() {
    let dir = graded_shop();
    let book = dir.path().join("management.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    let ordinary = sheet
        .rows
        .iter()
        .find(|r| sheet.text(r, "Tier") == "ordinary" && sheet.number(r, "Orders") > 0.0)
        .map(|r| sheet.text(r, "Customer ID"))
        .unwrap();
    edit_workbook(&book, |sheets| {
        let customers = sheets.iter_mut().find(|s| s.name == "Customers").unwrap();
        customers.set(
            "Customer ID",
            &ordinary,
            "Owner",
            Data::String("Zhao".into()),
        );
        customers.set(
            "Customer ID",
            &ordinary,
            "Locked tier",
            Data::String("gold".into()),
        );
    });
    crate::common::score_into(dir.path(), "shop.xlsx", "management.xlsx", "2026-10-31");
    let zhao = plan(dir.path(), "Zhao");
    let visit = zhao["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["customer_id"] == ordinary.as_str())
        .unwrap();
    let points = visit["talking_points"].as_str().unwrap();
    assert!(points.starts_with("gold, score "), "{points}");
    assert!(
        points.contains("(locked by hand), diamond from "),
        "{points}"
    );
    assert!(!points.contains("gold from"), "{points}");
}

/// A month that ended before the workbook's as-of date (2020-01 for 2026-01) is planned, with a
/// warning that the visits are in the past.
#[test]
fn a_month_before_the_grades_is_warned_of() {
    let (dir, _, _) = shop_with_owners();
    let stderr = stderr_of(
        dir.path(),
        &[
            "revisit",
            "management.xlsx",
            "--month",
            "2020-01",
            "-c",
            "revisit.toml",
        ],
        0,
    );
    assert!(
        stderr.contains("2020-01 ended before the workbook's as-of date 2026-10-31"),
        "{stderr}"
    );
}

/// Scripts read the same tier and segment names from a Chinese workbook's plan and report as
/// from `score --json`; the Chinese words come beside them.
#[test]
fn json_names_tiers_as_score_does_whatever_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers-zh.xlsx");
    std::fs::copy(sample, dir.path().join("订单.xlsx")).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "订单.xlsx",
            "-o",
            "m.xlsx",
            "--lang",
            "zh",
            "--as-of",
            "2026-10-31",
            "-q",
        ])
        .assert()
        .success();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = tiers(dir.path()).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let plan = json(&[
        "revisit",
        "m.xlsx",
        "--month",
        "2026-11",
        "--as-of",
        "2026-10-31",
        "--json",
        "-o",
        "r.xlsx",
    ]);
    let visits = plan["visits"].as_array().unwrap();
    assert!(!visits.is_empty());
    let names = [
        ("diamond", "钻石"),
        ("gold", "黄金"),
        ("silver", "白银"),
        ("ordinary", "普通"),
    ];
    for visit in visits {
        let pair = (
            visit["tier"].as_str().unwrap(),
            visit["tier_label"].as_str().unwrap(),
        );
        assert!(names.contains(&pair), "{visit}");
        assert!(visit["segment"].as_str().unwrap().is_ascii(), "{visit}");
    }
    let report = json(&["report", "m.xlsx", "--json", "-o", "rep.xlsx"]);
    let tiers_named: Vec<(String, String)> = report["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_owned(),
                t["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        tiers_named,
        names.map(|(k, n)| (k.to_owned(), n.to_owned()))
    );
    for customer in report["top"].as_array().unwrap() {
        assert!(
            customer["segment"].as_str().unwrap().is_ascii(),
            "{customer}"
        );
        assert!(
            !customer["segment_label"].as_str().unwrap().is_ascii(),
            "{customer}"
        );
    }
}
