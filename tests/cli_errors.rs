//! Every kind of error: a clear message naming file, sheet, row and column; exit code 1 (2 for
//! usage); nothing written; inputs unchanged.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::Path;

use predicates::prelude::*;

use crate::common::{Sheet, copy_fixture, stderr_of, tiers};

const AS_OF: &str = "2026-06-30";

fn no_workbooks_in(dir: &Path) {
    let written: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.to_ascii_lowercase().ends_with(".xlsx") || n.contains(".tmp"))
        .collect();
    assert!(written.is_empty(), "files written on failure: {written:?}");
}

#[test]
fn a_bad_amount_is_a_warning_naming_line_and_column_and_a_data_issue() {
    let dir = copy_fixture("shop");
    let path = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "SO010,C003,2026-06-25,Tea,Beverages,50.00",
        "SO010,C003,2026-06-25,Tea,Beverages,12,5O",
    );
    // The comma splits the field: quote it as a spreadsheet export would.
    let text = text.replace(",12,5O,", ",\"12,5O\",");
    std::fs::write(&path, text).unwrap();
    let stderr = stderr_of(
        dir.path(),
        &["score", "customers.csv", "orders.csv", "--as-of", AS_OF],
        0,
    );
    assert!(
        stderr.contains(r#"warning: orders.csv, line 11, column "Amount" (F): expected an amount such as 1280.50, found "12,5O""#),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: 1 input row not used, listed in the Data issues sheet"),
        "{stderr}"
    );
    let issues = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Data issues");
    let row = issues.row("Value", "12,5O");
    assert_eq!(issues.number(row, "Row"), 11.0);
    assert_eq!(issues.text(row, "Column"), "Amount (F)");
    assert_eq!(issues.text(row, "Action"), "skipped");
    // C003's only order was skipped, so C003 has no counted orders.
    let customers = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    assert_eq!(customers.figure("C003", "Orders"), 0.0);
}

#[test]
fn strict_turns_a_bad_row_into_a_failure_and_writes_nothing() {
    let dir = copy_fixture("shop");
    let path = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("2026-06-25", "2026-13-45");
    std::fs::write(&path, &text).unwrap();
    let stderr = stderr_of(
        dir.path(),
        &[
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            AS_OF,
            "--strict",
        ],
        1,
    );
    assert_eq!(
        stderr,
        "error: 1 input row cannot be used (--strict), nothing written; the first: orders.csv, line 11, column \"Order Date\" (C): expected a date such as 2026-03-05, found \"2026-13-45\"\n"
    );
    no_workbooks_in(dir.path());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn unknown_status_is_a_data_issue_not_a_guess() {
    let dir = copy_fixture("shop");
    let path = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("50.00,Completed", "50.00,Lost in transit");
    std::fs::write(&path, text).unwrap();
    let stderr = stderr_of(dir.path(), &["score", "orders.csv", "--as-of", AS_OF], 0);
    assert!(
        stderr.contains(r#"orders.csv, line 11, column "Status" (G): unknown status"#),
        "{stderr}"
    );
}

#[test]
fn no_orders_table_lists_what_was_found() {
    let dir = copy_fixture("shop");
    let stderr = stderr_of(dir.path(), &["score", "customers.csv", "--as-of", AS_OF], 1);
    assert!(
        stderr.starts_with("error: no orders table found; expected headers such as"),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"customers.csv ("Customer ID", "Customer Name""#),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
}

/// A table whose only header tiers knows names the customer (transactions under headers of
/// their own): the message says which columns to name, and where.
#[test]
fn a_table_that_only_names_the_customer_says_which_columns_to_map() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tx.csv"),
        "customer_id,when,tran_total\nCS5295,2026-02-11,35\n",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "tx.csv", "--as-of", AS_OF], 1);
    assert!(
        stderr.contains(r#"tx.csv ("customer_id", "when", "tran_total": it names the customer but has no Order Date or 下单日期 (config key date), nor Amount"#),
        "{stderr}"
    );
    assert!(
        stderr.contains("name them under [columns.orders] in tiers.toml"),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
    // A script asking for JSON gets the failure as JSON on stdout too, and so it does for a
    // command line that does not parse (exit code 2).
    let error = |args: &[&str], code: i32| -> String {
        let run = tiers(dir.path()).args(args).assert().code(code);
        let object: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
        assert_eq!(object["ok"], false, "{object}");
        object["error"].as_str().unwrap().to_owned()
    };
    let failed = error(&["score", "tx.csv", "--as-of", AS_OF, "--json"], 1);
    assert!(failed.starts_with("no orders table found"), "{failed}");
    let unparsed = error(&["score", "tx.csv", "--as-of", "2026-13-01", "--json"], 2);
    assert!(
        unparsed.starts_with("invalid value '2026-13-01' for '--as-of <DATE>'"),
        "{unparsed}"
    );
}

#[test]
fn a_missing_date_column_names_the_sheet_and_lists_the_headers() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("订单").unwrap();
    for (col, header) in ["客户编号", "订单金额", "订单状态"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_row(1, 0, ["C1", "100", "已完成"]).unwrap();
    workbook.save(dir.path().join("shop.xlsx")).unwrap();
    let stderr = stderr_of(dir.path(), &["score", "shop.xlsx", "--as-of", AS_OF], 1);
    assert_eq!(
        stderr,
        "error: shop.xlsx, sheet \"订单\" looks like an orders table but has no Order Date or 下单日期 (config key date) column; headers found: \"客户编号\", \"订单金额\", \"订单状态\"\n"
    );
    assert!(!dir.path().join("shop.tiers.xlsx").exists());
}

#[test]
fn a_missing_amount_column_mentions_unit_price_and_quantity() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("o.csv"),
        "Customer ID,Order Date,Status\nA,2026-01-01,Completed\n",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "o.csv", "--as-of", AS_OF], 1);
    assert_eq!(
        stderr,
        "error: o.csv looks like an orders table but has no Amount or 金额 (config key amount; or Unit Price, 单价, with or without Quantity, 数量) column; headers found: \"Customer ID\", \"Order Date\", \"Status\"\n"
    );
}

#[test]
fn a_file_that_is_not_a_spreadsheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fake.xlsx"), b"this is not a zip archive").unwrap();
    let stderr = stderr_of(dir.path(), &["score", "fake.xlsx"], 1);
    assert!(
        stderr.starts_with("error: fake.xlsx: not a readable spreadsheet"),
        "{stderr}"
    );
    // What Excel writes for a password-protected workbook: an OLE container, not a zip.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.path().join("locked.xlsx"), ole).unwrap();
    let stderr = stderr_of(dir.path(), &["score", "locked.xlsx"], 1);
    assert!(
        stderr.starts_with("error: locked.xlsx: the workbook is encrypted or password-protected; save an unprotected copy"),
        "{stderr}"
    );
    let stderr = stderr_of(dir.path(), &["score", "missing.csv"], 1);
    assert_eq!(stderr, "error: missing.csv: no such file\n");
    std::fs::write(dir.path().join("notes.pdf"), b"%PDF").unwrap();
    let stderr = stderr_of(dir.path(), &["score", "notes.pdf"], 1);
    assert!(stderr.contains("unsupported file type"), "{stderr}");
    // What some ERPs call an Excel export: an HTML table.
    std::fs::write(
        dir.path().join("export.xls"),
        "\u{feff}<html><body><table><tr><td>客户编号</td></tr></table></body></html>",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "export.xls"], 1);
    assert!(
        stderr.starts_with("error: export.xls: a web page or XML file (HTML, XML Spreadsheet 2003) under a spreadsheet's name"),
        "{stderr}"
    );
    std::fs::copy(
        crate::common::fixtures().join("shop.ods"),
        dir.path().join("shop.csv"),
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "shop.csv"], 1);
    assert_eq!(
        stderr,
        "error: shop.csv: a workbook, not CSV text; give it its own extension (.xlsx or .xls)\n"
    );
    let shop = copy_fixture("shop");
    let stderr = stderr_of(
        shop.path(),
        &["score", "orders.csv", "customers.csv", "./orders.csv"],
        1,
    );
    assert_eq!(
        stderr,
        "error: ./orders.csv: given twice (also as orders.csv); every order in it would count twice\n"
    );
    no_workbooks_in(shop.path());
}

#[test]
fn a_bad_config_names_the_file_and_the_key() {
    let dir = copy_fixture("shop");
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[score]\nweigths = { recency = 1 }\n",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "orders.csv", "--as-of", AS_OF], 1);
    assert!(
        stderr.starts_with("error: invalid config tiers.toml: "),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `weigths`"), "{stderr}");
    no_workbooks_in(dir.path());
}

#[test]
fn a_config_column_that_is_not_there_is_an_error() {
    let dir = copy_fixture("shop");
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[columns.orders]\namount = \"Umsatz\"\n",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "orders.csv", "--as-of", AS_OF], 1);
    assert!(
        stderr.contains(
            "config columns.orders.amount names the column \"Umsatz\", which is not there"
        ),
        "{stderr}"
    );
}

/// A column the config names must be in every orders table that is whole, not only in one:
/// February's export, with an Amount where January's has the Net Total named, is refused
/// rather than graded by the Amount.
#[test]
fn a_config_column_one_export_lacks_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "jan.csv",
        "Order ID,Customer ID,Order Date,Net Total\nO1,C1,2026-03-01,100\n",
    );
    write(
        "feb.csv",
        "Order ID,Customer ID,Order Date,Amount\nO2,C1,2026-04-01,50\n",
    );
    write("tiers.toml", "[columns.orders]\namount = \"Net Total\"\n");
    let stderr = stderr_of(
        dir.path(),
        &["score", "jan.csv", "feb.csv", "--as-of", AS_OF],
        1,
    );
    assert!(
        stderr.contains("feb.csv: config columns.orders.amount names the column \"Net Total\", which is not there"),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
}

#[test]
fn usage_errors_exit_2() {
    let dir = copy_fixture("shop");
    tiers(dir.path())
        .arg("score")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("required"));
    let stderr = stderr_of(
        dir.path(),
        &["score", "orders.csv", "--as-of", "30/06/2026"],
        2,
    );
    assert!(
        stderr.contains("expected a date such as 2026-11-01"),
        "{stderr}"
    );
    let stderr = stderr_of(dir.path(), &["score", "orders.csv", "-o", "orders.csv"], 2);
    assert!(stderr.contains("is also an input"), "{stderr}");
    // Anything but .xlsx would be a workbook under a name no program, tiers included, reads
    // back as one.
    for output in ["out.xls", "out.ods", "out"] {
        let stderr = stderr_of(dir.path(), &["score", "orders.csv", "-o", output], 2);
        assert!(
            stderr.contains(&format!("the output {output} must be an .xlsx file")),
            "{stderr}"
        );
    }
    no_workbooks_in(dir.path());
}

#[test]
fn a_missing_output_directory_is_an_error_and_nothing_is_left() {
    let dir = copy_fixture("shop");
    let stderr = stderr_of(
        dir.path(),
        &[
            "score",
            "orders.csv",
            "-o",
            "no/such/dir/out.xlsx",
            "--as-of",
            AS_OF,
        ],
        1,
    );
    assert!(
        stderr.contains("the directory no/such/dir does not exist"),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
}

/// `1,200` unquoted in a CSV makes two fields: the row's fields after it are shifted, so the
/// row is not used, rather than read as an amount of 1.
#[test]
fn a_csv_line_with_more_fields_than_its_header_is_not_used() {
    let dir = copy_fixture("shop");
    let path = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // A trailing delimiter on the data lines (an empty field past the header) is harmless.
    let (header, lines) = text.split_once('\n').unwrap();
    let lines = lines
        .replace(
            "SO010,C003,2026-06-25,Tea,Beverages,50.00",
            "SO010,C003,2026-06-25,Tea,Beverages,1,200",
        )
        .replace('\n', ",\n");
    let text = format!("{header}\n{lines}");
    std::fs::write(&path, text).unwrap();
    let stderr = stderr_of(
        dir.path(),
        &["score", "customers.csv", "orders.csv", "--as-of", AS_OF],
        0,
    );
    assert!(
        stderr.contains(r#"warning: orders.csv, line 11: 10 fields where the header has 8, the first extra one in column I: a value holding the delimiter, such as 1,200, must be quoted, found "New""#),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: 1 input row not used, listed in the Data issues sheet"),
        "{stderr}"
    );
}

/// Orders that give no usable line (every amount unreadable, or no row below the header) are
/// a failure: graded, they would mark every customer of the living workbook as gone.
#[test]
fn orders_without_a_usable_line_are_an_error_and_the_workbook_stays() {
    let dir = copy_fixture("shop");
    let living = dir.path().join("shop.xlsx");
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            AS_OF,
            "-q",
            "-o",
        ])
        .arg(&living)
        .assert()
        .success();
    let written = std::fs::read(&living).unwrap();
    let path = dir.path().join("orders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header = text.lines().next().unwrap().to_owned();
    // No amount readable.
    let bad: String = text
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields: Vec<&str> = line.split(',').collect();
            fields[5] = "N/A";
            fields.join(",") + "\n"
        })
        .collect();
    std::fs::write(&path, format!("{header}\n{bad}")).unwrap();
    let failing = |command| {
        let args = [
            command,
            "customers.csv",
            "orders.csv",
            "--as-of",
            AS_OF,
            "-o",
            "shop.xlsx",
        ];
        stderr_of(dir.path(), &args, 1)
    };
    let stderr = failing("score");
    assert!(
        stderr.starts_with(r#"error: none of the order rows can be used, so there is nothing to grade (tiers check lists them all); the first: orders.csv, line 2, column "Amount" (F): expected an amount such as 1280.50, found "N/A""#),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&living).unwrap(),
        written,
        "the workbook was changed"
    );
    std::fs::write(&path, format!("{header}\n")).unwrap();
    let stderr = failing("check");
    assert!(
        stderr.contains("no order line to grade: orders.csv holds no rows below the header"),
        "{stderr}"
    );
}

/// A file of values with no header row, or with its columns separated by spaces (CDNOW's master
/// file as published), is refused with what to do about it, and nothing is written.
#[test]
fn a_file_without_headers_or_delimiters_says_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("CDNOW_master.txt"),
        "00001 19970101  1   11.77\n00002 19970112  1   12.00\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("values.csv"), "C001,2026-01-01,11.77\n").unwrap();
    let stderr = stderr_of(
        dir.path(),
        &["score", "CDNOW_master.txt", "-o", "a.xlsx"],
        1,
    );
    assert!(
        stderr.contains("its columns seem to be separated by spaces"),
        "{stderr}"
    );
    let stderr = stderr_of(dir.path(), &["score", "values.csv", "-o", "b.xlsx"], 1);
    assert!(
        stderr.contains("its first row holds values, not headers"),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
}

/// An export whose every status but an open order's is unknown would grade everyone
/// "ordinary" on nothing: the run fails, names the first row, and writes nothing.
#[test]
fn no_purchase_counted_and_rows_lost_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount,Status\nC1,2026-03-01,100,Zugestellt\nC2,2026-03-02,50,Zugestellt\nC3,2026-03-03,70,Pending\n",
    )
    .unwrap();
    let stderr = stderr_of(dir.path(), &["score", "orders.csv", "--as-of", AS_OF], 1);
    assert!(
        stderr
            .contains("error: no order line in the window counts, and 2 input rows cannot be used"),
        "{stderr}"
    );
    assert!(
        stderr.contains("orders.csv, line 2, column \"Status\" (D)"),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
}

/// An as-of date before every order (2020 typed for 2026) would grade every customer "not
/// bought yet": score fails and writes nothing, and check says score would fail.
#[test]
fn an_as_of_date_before_every_order_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount\nC1,2026-03-01,100\nC2,2026-03-02,50\n",
    )
    .unwrap();
    let stderr = stderr_of(
        dir.path(),
        &["score", "orders.csv", "--as-of", "2020-01-31"],
        1,
    );
    assert!(
        stderr.contains(
            "error: every order line is dated after the as-of date 2020-01-31 (the earliest on 2026-03-01)"
        ),
        "{stderr}"
    );
    no_workbooks_in(dir.path());
    let check = tiers(dir.path())
        .args(["check", "orders.csv", "--as-of", "2020-01-31"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "{check:?}");
}
