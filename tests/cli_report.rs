//! `tiers report` on a generated shop graded twice into one management workbook. Every figure
//! is checked against a computation of its own from the sheets `tiers score` wrote (Customers,
//! Tier history, Orders, Data issues); the xlsx is read back, the HTML parsed.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;
use tiers::sample::{self, SampleSpec};

use crate::common::{Sheet, edit_workbook, number, sheet_names, tiers};

const TIERS: [&str; 4] = ["diamond", "gold", "silver", "ordinary"];
const THEN: &str = "2026-08-31";
const NOW: &str = "2026-10-31";
const SECTIONS: [&str; 12] = [
    "headline",
    "tiers",
    "concentration",
    "migration",
    "segments",
    "regions",
    "industries",
    "owners",
    "top",
    "at-risk",
    "new",
    "data-quality",
];

fn rank(tier: &str) -> usize {
    TIERS.iter().position(|t| *t == tier).unwrap()
}

/// A shop of 240 customers with a few bad rows, graded as of [`THEN`] and [`NOW`] into
/// `management.xlsx`; then owners typed in: every third customer Li's, every third Wang's.
fn shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = SampleSpec::new(
        240,
        5000,
        17,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    spec.messy_rows = 6;
    sample::write_xlsx(&sample::generate(&spec), &dir.path().join("shop.xlsx")).unwrap();
    for as_of in [THEN, NOW] {
        crate::common::score_into(dir.path(), "shop.xlsx", "management.xlsx", as_of);
    }
    edit_workbook(&dir.path().join("management.xlsx"), |sheets| {
        let customers = sheets.iter_mut().find(|s| s.name == "Customers").unwrap();
        let id = customers.col("Customer ID");
        let ids: Vec<String> = customers.rows[1..]
            .iter()
            .map(|r| r[id].to_string())
            .collect();
        for (k, id) in ids.iter().enumerate() {
            let owner = ["Li", "Wang", ""][k % 3];
            if !owner.is_empty() {
                customers.set("Customer ID", id, "Owner", Data::String(owner.into()));
            }
        }
    });
    dir
}

/// Every cell of a sheet, as the grid the sheet shows (row 0 is the sheet's row 1).
fn grid(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    let (top, left) = range.start().unwrap();
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; left as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    rows
}

/// Where a text cell is.
fn find(grid: &[Vec<Data>], text: &str) -> (usize, usize) {
    for (r, row) in grid.iter().enumerate() {
        if let Some(c) = row.iter().position(|d| *d == text) {
            return (r, c);
        }
    }
    panic!("no cell \"{text}\"");
}

fn cell(grid: &[Vec<Data>], r: usize, c: usize) -> &Data {
    grid.get(r)
        .and_then(|row| row.get(c))
        .unwrap_or(&Data::Empty)
}

/// The Tier history lines of one as-of date: id → tier.
fn snapshot(history: &Sheet, as_of: &str) -> BTreeMap<String, String> {
    history
        .rows
        .iter()
        .filter(|r| r[0].as_date().unwrap().to_string() == as_of)
        .map(|r| (r[1].to_string(), r[2].to_string()))
        .collect()
}

/// The Customers sheet as (id, tier, net spend), in its order.
fn customers(book: &Path) -> (Sheet, Vec<(String, usize, f64)>) {
    let sheet = Sheet::read(book, "Customers");
    let lines = sheet
        .rows
        .iter()
        .map(|r| {
            (
                sheet.text(r, "Customer ID"),
                rank(&sheet.text(r, "Tier")),
                sheet.number(r, "Net spend"),
            )
        })
        .collect();
    (sheet, lines)
}

fn digest(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn the_workbook_report_matches_the_management_workbook() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    let before = digest(&book);
    tiers(dir.path())
        .args(["report", "management.xlsx", "-o", "report.xlsx", "-q"])
        .assert()
        .success();
    assert_eq!(
        digest(&book),
        before,
        "the management workbook is never modified"
    );
    let report = dir.path().join("report.xlsx");
    assert_eq!(
        sheet_names(&report),
        [
            "Overview",
            "Concentration",
            "Migration",
            "Segments",
            "Regions",
            "Industries",
            "Owners",
            "Top customers",
            "At risk",
            "New customers",
            "Data quality"
        ]
    );
    let (sheet, lines) = customers(&book);
    let history = Sheet::read(&book, "Tier history");
    let (then, now) = (snapshot(&history, THEN), snapshot(&history, NOW));
    assert_eq!(now.len(), lines.len());
    let books = Books {
        book,
        report,
        sheet,
        lines,
        history,
        then,
        now,
    };

    headline(&books);
    concentration(&books);
    migration(&books);
    owners(&books);
    top(&books);
    at_risk(&books);
    new_customers(&books);
    data_quality(&books);
    xml(&books);
}

/// The management workbook read back, and the report written from it.
struct Books {
    book: std::path::PathBuf,
    report: std::path::PathBuf,
    /// Its Customers sheet.
    sheet: Sheet,
    /// (id, tier, net spend) per customer, from the Customers sheet.
    lines: Vec<(String, usize, f64)>,
    history: Sheet,
    /// The Tier history's snapshots: id → tier.
    then: BTreeMap<String, String>,
    now: BTreeMap<String, String>,
}

/// Headline figures and the tier table.
fn headline(b: &Books) {
    let Books {
        report,
        lines,
        history,
        then,
        ..
    } = b;
    // Headline: customers and net spend now and then.
    let overview = grid(report, "Overview");
    let (r, _) = find(&overview, "Customers");
    assert_eq!(number(cell(&overview, r, 1)), lines.len() as f64);
    assert_eq!(number(cell(&overview, r, 2)), then.len() as f64);
    let spend_then: f64 = history
        .rows
        .iter()
        .filter(|r| r[0].as_date().unwrap().to_string() == THEN)
        .map(|r| number(&r[5]))
        .sum();
    let spend_now: f64 = lines.iter().map(|l| l.2).sum();
    let (r, _) = find(&overview, "Net spend");
    crate::common::assert_close(number(cell(&overview, r, 1)), spend_now, "net spend now");
    crate::common::assert_close(number(cell(&overview, r, 2)), spend_then, "net spend then");
    // The tier table: customers per tier now and then.
    for (t, tier) in TIERS.iter().enumerate() {
        let (r, _) = find(&overview, tier);
        let count = lines.iter().filter(|l| l.1 == t).count();
        let count_then = then.values().filter(|v| *v == tier).count();
        assert_eq!(number(cell(&overview, r, 1)), count as f64, "{tier}");
        assert_eq!(
            number(cell(&overview, r, 3)),
            count_then as f64,
            "{tier} then"
        );
    }
}

/// The top 1/5/20% shares.
fn concentration(b: &Books) {
    let Books { report, lines, .. } = b;
    // Concentration: the top 1%, 5% and 20% by net spend (negative counted as zero).
    let mut spend: Vec<f64> = lines.iter().map(|l| l.2.max(0.0)).collect();
    spend.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = spend.iter().sum();
    let concentration = grid(report, "Concentration");
    for percent in [1usize, 5, 20] {
        let n = (lines.len() * percent).div_ceil(100);
        let share = spend[..n].iter().sum::<f64>() / total;
        let (r, _) = find(&concentration, &format!("Top {percent}%"));
        assert_eq!(number(cell(&concentration, r, 1)), n as f64);
        assert!(
            (number(cell(&concentration, r, 2)) - share).abs() < 1e-9,
            "top {percent}%"
        );
    }
}

/// The migration matrix and the list of movers.
fn migration(b: &Books) {
    let Books {
        report, then, now, ..
    } = b;
    // Migration: from the Tier history's two snapshots.
    let mut expected = vec![vec![0usize; 5]; 5];
    for (id, tier) in now {
        let from = then.get(id).map_or(4, |t| rank(t));
        expected[from][rank(tier)] += 1;
    }
    for (id, tier) in then {
        if !now.contains_key(id) {
            expected[rank(tier)][4] += 1;
        }
    }
    let migration = grid(report, "Migration");
    let (top, left) = find(&migration, "Then \\ now");
    for (i, row) in expected.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            if i == 4 && j == 4 {
                continue;
            }
            let found = number(cell(&migration, top + 1 + i, left + 1 + j));
            assert_eq!(found, count as f64, "migration {i} → {j}");
        }
    }
    let moved: usize = (0..5)
        .flat_map(|i| (0..5).map(move |j| (i, j)))
        .filter(|(i, j)| i != j)
        .map(|(i, j)| expected[i][j])
        .sum();
    assert!(moved > 0, "the fixture has customers who changed tier");
    let (header, _) = find(&migration, "Customer ID");
    let listed = (header + 1..migration.len())
        .filter(|&r| *cell(&migration, r, 2) != Data::Empty)
        .count();
    assert_eq!(listed, moved, "every mover is listed by name");
}

/// Customers by owner and tier.
fn owners(b: &Books) {
    let Books { report, lines, .. } = b;
    // Owners × tier, from the owners typed in.
    let owners = grid(report, "Owners");
    let owner_of = |k: usize| ["Li", "Wang", "(not given)"][k % 3];
    for name in ["Li", "Wang", "(not given)"] {
        let (r, c) = find(&owners, name);
        for t in 0..4 {
            let count = (0..lines.len())
                .filter(|&k| owner_of(k) == name && lines[k].1 == t)
                .count();
            assert_eq!(
                number(cell(&owners, r, c + 1 + t)),
                count as f64,
                "{name} {t}"
            );
        }
    }
}

/// The top 20 customers.
fn top(b: &Books) {
    let Books { report, lines, .. } = b;
    // The top 20 by net spend.
    let mut by_spend: Vec<&(String, usize, f64)> = lines.iter().collect();
    by_spend.sort_by(|a, b| b.2.total_cmp(&a.2));
    let top20 = Sheet::read_at(report, "Top customers", 2);
    let ids: Vec<String> = top20.column("Customer ID");
    let expected_ids: Vec<String> = by_spend.iter().take(20).map(|l| l.0.clone()).collect();
    assert_eq!(ids, expected_ids);
}

/// The valuable customers at risk.
fn at_risk(b: &Books) {
    let Books {
        report,
        sheet,
        then,
        ..
    } = b;
    // Valuable customers at risk: above ordinary now or then, and fallen, slipping or
    // unlikely to buy again.
    let at_risk: BTreeSet<String> = sheet
        .rows
        .iter()
        .filter(|r| {
            let id = sheet.text(r, "Customer ID");
            let tier = rank(&sheet.text(r, "Tier"));
            let was = then.get(&id).map(|t| rank(t));
            let valuable = tier < 3 || was.is_some_and(|w| w < 3);
            let fell = was.is_some_and(|w| w < tier);
            let slipping = sheet.text(r, "Segment") == "at risk";
            let p = &r[sheet.col("P(alive)")];
            let unlikely = *p != Data::Empty && number(p) < 0.5;
            valuable && (fell || slipping || unlikely)
        })
        .map(|r| sheet.text(r, "Customer ID"))
        .collect();
    assert!(!at_risk.is_empty());
    let found: BTreeSet<String> = Sheet::read_at(report, "At risk", 2)
        .column("Customer ID")
        .into_iter()
        .collect();
    assert_eq!(found, at_risk);
}

/// The new customers.
fn new_customers(b: &Books) {
    let Books { book, report, .. } = b;
    // New customers: first counted purchase after THEN, from the Orders sheet.
    let orders = Sheet::read(book, "Orders");
    let mut first: HashMap<String, NaiveDate> = HashMap::new();
    for r in &orders.rows {
        let counts = orders.text(r, "Counted") == "yes"
            || orders.text(r, "Not counted because") == "before the window";
        if counts && orders.text(r, "Type") != "return" {
            let date = r[orders.col("Order date")].as_date().unwrap();
            let entry = first.entry(orders.text(r, "Customer ID")).or_insert(date);
            *entry = (*entry).min(date);
        }
    }
    let since = NaiveDate::parse_from_str(THEN, "%Y-%m-%d").unwrap();
    let new: BTreeSet<String> = first
        .into_iter()
        .filter(|(_, d)| *d > since)
        .map(|(id, _)| id)
        .collect();
    let found = grid(report, "New customers");
    let found: BTreeSet<String> = if new.is_empty() {
        find(&found, "None.");
        BTreeSet::new()
    } else {
        Sheet::read_at(report, "New customers", 2)
            .column("Customer ID")
            .into_iter()
            .collect()
    };
    assert_eq!(found, new);
}

/// Rows not used, by reason.
fn data_quality(b: &Books) {
    let Books { book, report, .. } = b;
    // Data quality: the management workbook's Data issues, by reason.
    let issues = Sheet::read(book, "Data issues");
    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for r in &issues.rows {
        *by_reason.entry(issues.text(r, "Problem")).or_default() += 1;
    }
    assert!(!by_reason.is_empty(), "the fixture has bad rows");
    let quality = Sheet::read_at(report, "Data quality", 2);
    let found: BTreeMap<String, usize> = quality
        .rows
        .iter()
        .map(|r| {
            (
                quality.text(r, "Reason"),
                quality.number(r, "Rows") as usize,
            )
        })
        .collect();
    assert_eq!(found, by_reason);
}

/// Charts, conditional formats, notes and page setup, from the xlsx's XML.
fn xml(b: &Books) {
    let Books { report, .. } = b;
    // Native charts: two on the overview, the Pareto line, a stacked bar per group sheet;
    // the matrix heat-coloured, its cells annotated with names.
    let xml = crate::common::zip_entries(report);
    let charts = xml
        .keys()
        .filter(|k| k.starts_with("xl/charts/chart"))
        .count();
    assert_eq!(charts, 2 + 1 + 4);
    for (part, chart) in xml.iter().filter(|(k, _)| k.starts_with("xl/charts/chart")) {
        assert!(
            crate::common::chart_caches_complete(chart),
            "{part} caches every point of its data"
        );
    }
    // The Pareto chart's even line is in a hidden column, drawn all the same: the chart leaves
    // out `plotVisOnly` (plot visible cells only), which the other charts have.
    assert!(xml["xl/charts/chart3.xml"].contains("<c:scatterChart>"));
    assert!(!xml["xl/charts/chart3.xml"].contains("plotVisOnly"));
    assert!(xml["xl/charts/chart1.xml"].contains("plotVisOnly"));
    let migration_xml = &xml["xl/worksheets/sheet3.xml"];
    assert_eq!(migration_xml.matches("<conditionalFormatting").count(), 3);
    let notes: String = xml
        .iter()
        .filter(|(k, _)| k.starts_with("xl/comments"))
        .map(|(_, v)| v.as_str())
        .collect();
    let migration = grid(report, "Migration");
    let (r, _) = find(&migration, "Customer ID");
    let named = cell(&migration, r + 1, 3).to_string();
    assert!(notes.contains(&named), "the notes name {named}");
    for sheet in xml
        .iter()
        .filter(|(k, _)| k.starts_with("xl/worksheets/sheet"))
    {
        assert!(
            sheet.1.contains("<pageSetup"),
            "{} is set up to print",
            sheet.0
        );
    }
}

/// The contact details of every customer, from the Customers sheet.
fn contacts(book: &Path) -> Vec<String> {
    let sheet = Sheet::read(book, "Customers");
    let mut found = Vec::new();
    for header in ["Contact", "Phone", "Email"] {
        found.extend(sheet.column(header).into_iter().filter(|v| !v.is_empty()));
    }
    assert!(found.len() > 100, "the fixture has contact details");
    found
}

#[test]
fn the_html_report_has_every_section_and_redacts_contacts() {
    let dir = shop();
    let book = dir.path().join("management.xlsx");
    for (out, redact) in [("report.html", false), ("redacted.html", true)] {
        let mut cmd = tiers(dir.path());
        cmd.args(["report", "management.xlsx", "-o", out, "-q"]);
        if redact {
            cmd.arg("--redact");
        }
        cmd.assert().success();
        let bytes = std::fs::read_to_string(dir.path().join(out)).unwrap();
        let page = scraper::Html::parse_document(&bytes);
        assert!(page.errors.is_empty(), "{out}: {:?}", page.errors);
        for id in SECTIONS {
            let selector = scraper::Selector::parse(&format!("section#{id} h2")).unwrap();
            assert_eq!(page.select(&selector).count(), 1, "{out}: section {id}");
        }
        let svg = scraper::Selector::parse("svg").unwrap();
        assert!(page.select(&svg).count() >= 3, "{out}: the charts");
        assert!(!bytes.contains("<script"), "{out}: no scripts");
        let external = bytes
            .replace("http://www.w3.org/2000/svg", "")
            .contains("://");
        assert!(!external, "{out}: no external references");
        let shown: Vec<String> = contacts(&book)
            .into_iter()
            .filter(|c| bytes.contains(c.as_str()))
            .collect();
        if redact {
            assert!(shown.is_empty(), "{out} shows {shown:?}");
        } else {
            assert!(shown.len() >= 20, "{out} shows the top customers' contacts");
        }
    }
}

#[test]
fn plain_inputs_are_graded_as_of_both_dates() {
    let dir = shop();
    for (as_of, out) in [(THEN, "then.xlsx"), (NOW, "now.xlsx")] {
        crate::common::score_into(dir.path(), "shop.xlsx", out, as_of);
    }
    let output = tiers(dir.path())
        .args([
            "report",
            "shop.xlsx",
            "--as-of",
            NOW,
            "--compare",
            THEN,
            "-o",
            "r.xlsx",
            "--json",
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let tiers_of = |book: &str| -> BTreeMap<String, usize> {
        customers(&dir.path().join(book))
            .1
            .into_iter()
            .map(|(id, t, _)| (id, t))
            .collect()
    };
    let (then, now) = (tiers_of("then.xlsx"), tiers_of("now.xlsx"));
    // Customers whose first order came after THEN were not customers then: new.
    let book = Sheet::read(&dir.path().join("now.xlsx"), "Customers");
    let later: BTreeSet<String> = book
        .rows
        .iter()
        .filter(|r| {
            let first = &r[book.col("First order")];
            first
                .as_date()
                .is_some_and(|d| d.to_string().as_str() > THEN)
        })
        .map(|r| book.text(r, "Customer ID"))
        .collect();
    assert!(
        !later.is_empty(),
        "the fixture has customers new since {THEN}"
    );
    let mut expected = vec![vec![0u64; 5]; 5];
    for (id, &t) in &now {
        let from = if later.contains(id) {
            4
        } else {
            then.get(id).copied().unwrap_or(4)
        };
        expected[from][t] += 1;
    }
    let cells = &json["migration"]["cells"];
    for (i, row) in expected.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            let found = cells[i][j].as_array().unwrap().len() as u64;
            assert_eq!(found, count, "migration {i} → {j}");
        }
    }
    assert_eq!(json["headline"]["previous"]["as_of"], THEN);
    let new = json["new_customers"].as_array().unwrap().len();
    assert_eq!(
        new,
        later.len(),
        "the new customers are the matrix's new row"
    );
    assert_eq!(
        json["owners"],
        serde_json::Value::Null,
        "plain inputs name no owners"
    );
}

#[test]
fn chinese_report_and_usage_errors() {
    let dir = shop();
    tiers(dir.path())
        .args([
            "report",
            "management.xlsx",
            "--lang",
            "zh",
            "-o",
            "报告.xlsx",
            "-q",
        ])
        .assert()
        .success();
    let names = sheet_names(&dir.path().join("报告.xlsx"));
    assert_eq!(names[..3], ["概况", "集中度", "等级变动"]);
    for (args, why) in [
        (vec!["--compare", NOW], "is not before the as-of date"),
        (vec!["-o", "management.xlsx"], "is also an input"),
        (vec!["--format", "html", "-o", "r.xlsx"], "does not match"),
        (vec!["-o", "r.pdf"], "cannot tell the report's format"),
    ] {
        tiers(dir.path())
            .args(["report", "management.xlsx"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(why));
    }
}

#[test]
fn a_workbook_whose_data_issues_sheet_was_deleted_still_reports() {
    let dir = shop();
    edit_workbook(&dir.path().join("management.xlsx"), |sheets| {
        sheets.retain(|s| s.name != "Data issues");
    });
    tiers(dir.path())
        .args(["report", "management.xlsx", "-o", "r.xlsx"])
        .assert()
        .success()
        .stderr(predicates::str::contains("cannot be counted"));
    let output = tiers(dir.path())
        .args(["report", "management.xlsx", "-o", "r.html", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert!(
        json["data_quality_unknown"]
            .as_str()
            .unwrap()
            .contains("is missing")
    );
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(page.contains("The input rows not used cannot be told"));
    // The other commands that read the workbook back do not need that sheet.
    tiers(dir.path())
        .args(["revisit", "management.xlsx", "--month", "2026-11", "-q"])
        .assert()
        .success();
}
