//! The messy-workbook corpus (tests/fixtures/messy, written by its make.py): the shop's data in
//! the shapes real exports come in. Each file must grade its customers exactly as the shop's
//! plain csv files do, or fail with a message that names the cell; what was not used is named.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::{Path, PathBuf};

use calamine::DataType;

use crate::common::{Sheet, fixtures, tiers, write_ledger};

const AS_OF: &str = "2026-06-30";

fn messy(name: &str) -> PathBuf {
    fixtures().join("messy").join(name)
}

fn shop(name: &str) -> PathBuf {
    fixtures().join("shop").join(name)
}

/// Grades `inputs` into `out.xlsx` in `dir`; returns the workbook's path and stderr.
fn grade(dir: &Path, inputs: &[PathBuf]) -> (PathBuf, String) {
    let out = dir.join("out.xlsx");
    let run = tiers(dir)
        .arg("score")
        .args(inputs)
        .args(["--as-of", AS_OF, "-o"])
        .arg(&out)
        // A sheet that makes the reader loop must fail the test, not hang it.
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    (
        out,
        String::from_utf8(run.get_output().stderr.clone()).unwrap(),
    )
}

/// Each customer's grade as the Customers sheet shows it: id, tier, net spend, score, orders,
/// first order, days since the last.
fn grades(workbook: &Path) -> Vec<[String; 7]> {
    let sheet = Sheet::read(workbook, "Customers");
    let mut grades: Vec<[String; 7]> = sheet
        .rows
        .iter()
        .map(|row| {
            [
                sheet.text(row, "Customer ID"),
                sheet.text(row, "Tier"),
                format!("{:.2}", sheet.number(row, "Net spend")),
                format!("{:.4}", sheet.number(row, "Score")),
                sheet.text(row, "Orders"),
                // Empty for C004, who never ordered.
                row[sheet.col("First order")]
                    .as_date()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                sheet.text(row, "Days since last order"),
            ]
        })
        .collect();
    grades.sort();
    grades
}

/// The grades of the shop's plain csv files (no feedback), whose net spend is checked by hand.
fn shop_grades() -> Vec<[String; 7]> {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = grade(dir.path(), &[shop("customers.csv"), shop("orders.csv")]);
    let grades = grades(&out);
    // By hand (tests/cli_score.rs): C001 bought 600 and returned 150, C002 1,200 + 300.
    let net: Vec<(&str, &str)> = grades
        .iter()
        .map(|g| (g[0].as_str(), g[2].as_str()))
        .collect();
    assert_eq!(
        net,
        [
            ("C001", "450.00"),
            ("C002", "1500.00"),
            ("C003", "50.00"),
            ("C004", "0.00"),
            ("C005", "75.00"),
        ]
    );
    grades
}

/// Grades `inputs` and requires the shop's grades; returns stderr and the workbook's directory.
fn grades_as_the_shop(inputs: &[PathBuf]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (out, stderr) = grade(dir.path(), inputs);
    assert_eq!(grades(&out), shop_grades(), "{inputs:?}");
    (stderr, dir)
}

/// Writes `text` as `name` in a new directory and scores it into `out.xlsx` as of
/// 2025-06-30 with `extra` flags; the run must succeed. The directory, and what went to stderr.
fn score_text(name: &str, text: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let run = tiers(dir.path())
        .args(["score", name, "-o", "out.xlsx", "--as-of", "2025-06-30"])
        .args(extra)
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    (dir, stderr)
}

/// Runs `tiers score` on a messy file that must be refused: exit 1 and nothing written;
/// returns stderr.
fn refused(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let run = tiers(dir.path())
        .arg("score")
        .arg(messy(name))
        .args(["--as-of", AS_OF, "-o", "out.xlsx"])
        .assert()
        .code(1);
    assert!(!dir.path().join("out.xlsx").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    String::from_utf8(run.get_output().stderr.clone()).unwrap()
}

#[test]
fn hidden_rows_are_orders_and_a_hidden_list_sheet_is_named_and_ignored() {
    let (stderr, _dir) = grades_as_the_shop(&[messy("hidden.xlsx")]);
    assert!(
        stderr.contains(
            r#"sheet "Lists": not recognised as orders, customers, feedback or products, ignored"#
        ),
        "{stderr}"
    );
}

#[test]
fn formulas_count_by_their_saved_values_and_the_total_row_is_no_customer() {
    let (stderr, dir) = grades_as_the_shop(&[messy("formulas.xlsx")]);
    assert!(
        stderr.contains(
            r#"sheet "Orders", row 14, column "Order ID" (A): total row, not a customer, found "Total""#
        ),
        "{stderr}"
    );
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "Data issues");
    assert_eq!(issues.rows.len(), 2, "the total row and C005's note");
    // A totals row held no data: --strict lets it pass.
    tiers(dir.path())
        .arg("score")
        .arg(messy("formulas.xlsx"))
        .args(["--as-of", AS_OF, "-o", "strict.xlsx", "--strict", "-q"])
        .assert()
        .success();
}

#[test]
fn formulas_never_calculated_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xlsx");
    // No amount has a saved value, so no line can be used: a failure, with nothing written.
    let run = tiers(dir.path())
        .arg("score")
        .arg(messy("formulas-unsaved.xlsx"))
        .args(["--as-of", AS_OF, "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("none of the order rows can be used")
            && stderr.contains(
                r#"sheet "Orders", row 2, column "Amount" (H): formula with no saved value"#
            ),
        "{stderr}"
    );
    assert!(stderr.contains(r#"found "=F2*G2""#), "{stderr}");
    assert!(!stderr.contains("empty cell"), "{stderr}");
    assert!(!out.exists());
    // All twelve lines and the total row are listed by check, none is counted.
    let run = tiers(dir.path())
        .arg("check")
        .arg(messy("formulas-unsaved.xlsx"))
        .args(["--as-of", AS_OF])
        .assert()
        .code(1);
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let (listed, _) = stdout.split_once("tiers score would fail").unwrap();
    assert!(listed.contains("Rows not used (13):"), "{stdout}");
    assert_eq!(
        listed.matches("formula with no saved value").count(),
        12,
        "{stdout}"
    );
}

/// `shared-formula-crafted.xlsx` (made by hand from the shop's orders): F2:F3 hold one
/// formula filled down, never calculated, under the shared index 3000000000. Expanding it the
/// way calamine does asked for a table of 3 billion entries and aborted tiers.
#[test]
fn a_filled_down_formula_never_calculated_is_named_cell_by_cell_whatever_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = grade(dir.path(), &[messy("shared-formula-crafted.xlsx")]);
    for (row, formula) in [(2, "=D2*0+1"), (3, "=D3*0+1")] {
        let line = amount_warning(&stderr, row);
        assert!(line.contains("formula with no saved value"), "{line}");
        assert!(line.ends_with(&format!(r#"found "{formula}""#)), "{line}");
    }
}

/// The crafted workbook with its filled-down formula made 5,000 characters long: each cell
/// shows the formula's beginning only, as each is an issue of its own and a file can name one
/// long formula from any number of cells at a few bytes each.
#[test]
fn a_long_formula_filled_down_is_shown_cut() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("long-formula.xlsx");
    let long = format!("D2*0+LEN(\"{}\")", "a".repeat(5_000));
    rewrite_part(
        &messy("shared-formula-crafted.xlsx"),
        &book,
        "xl/worksheets/sheet2.xml",
        |xml| xml.replace(">D2*0+1</f>", &format!(">{long}</f>")),
    );
    let (_, stderr) = grade(dir.path(), &[book]);
    for row in [2, 3] {
        let line = amount_warning(&stderr, row);
        assert!(line.contains("formula with no saved value"), "{line}");
        let found = line.split_once("found \"").unwrap().1.trim_end_matches('"');
        assert!(
            found.starts_with(&format!("=D{row}*0+LEN(\"aaa")),
            "{found}"
        );
        assert_eq!(found.chars().count(), 1 + 200 + 1, "{found}");
        assert!(found.ends_with('…'), "{found}");
    }
}

/// The warning about the Amount cell (column F) of `row`.
fn amount_warning(stderr: &str, row: u32) -> &str {
    stderr
        .lines()
        .find(|l| l.contains(&format!(r#"row {row}, column "Amount" (F)"#)))
        .unwrap_or_else(|| panic!("row {row} not named:\n{stderr}"))
}

/// Copies the xlsx at `from` to `to` with one part's XML changed.
fn rewrite_part(from: &Path, to: &Path, part: &str, change: impl Fn(&str) -> String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        if name == part {
            bytes = change(std::str::from_utf8(&bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &bytes).unwrap();
    }
    out.finish().unwrap();
}

/// The same workbook with the shared index `x`: calamine refuses to read such a formula, while
/// its plain cell reader never looks at it. The sheet must still grade, the two cells named as
/// empty (their formula cannot be told).
#[test]
fn a_filled_down_formula_with_a_broken_index_still_grades() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stderr) = grade(dir.path(), &[messy("shared-formula-bad-index.xlsx")]);
    for row in [2, 3] {
        let line = amount_warning(&stderr, row);
        assert!(line.contains("empty cell"), "{line}");
    }
    assert_eq!(Sheet::read(&out, "Customers").rows.len(), 5, "{stderr}");
}

#[test]
fn error_cells_skip_their_rows_with_the_error_named() {
    let (stderr, _dir) = grades_as_the_shop(&[messy("errors.xlsx")]);
    assert!(
        stderr.contains(r#"row 14, column "Amount" (F): error value #DIV/0!"#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"row 15, column "Order Date" (C): error value #N/A"#),
        "{stderr}"
    );
}

#[test]
fn a_date_column_in_seven_shapes_reads_every_date() {
    grades_as_the_shop(&[messy("mixed-dates.xlsx")]);
}

#[test]
fn trailing_formatted_cells_a_blank_row_and_an_empty_sheet_lose_nothing() {
    let (_stderr, dir) = grades_as_the_shop(&[messy("trailing-empty.xlsx")]);
    let orders = Sheet::read(&dir.path().join("out.xlsx"), "Orders");
    assert_eq!(orders.rows.len(), 12);
}

#[test]
fn orders_on_one_sheet_per_year_are_one_history() {
    grades_as_the_shop(&[messy("yearly-sheets.xlsx")]);
}

#[test]
fn a_workbook_of_only_an_empty_sheet_is_an_error_naming_it() {
    let stderr = refused("only-empty.xlsx");
    assert!(stderr.contains("no orders table found"), "{stderr}");
    assert!(stderr.contains(r#"sheet "Sheet1" (empty)"#), "{stderr}");
}

#[test]
fn excel_unicode_text_and_tab_separated_orders() {
    // Excel's "Unicode Text": UTF-16LE with a BOM, tabs, CRLF, saved as .txt.
    grades_as_the_shop(&[shop("customers.csv"), messy("orders-unicode.txt")]);
    grades_as_the_shop(&[shop("customers.csv"), messy("orders.tsv")]);
}

#[test]
fn line_breaks_inside_quotes_keep_the_text_and_the_line_numbers() {
    let (stderr, dir) = grades_as_the_shop(&[shop("customers.csv"), messy("quoted-newlines.csv")]);
    // Two quoted line breaks above it put SO013 on line 16 of the file, not 14.
    assert!(
        stderr.contains(r#"quoted-newlines.csv, line 16, column "Amount" (F)"#),
        "{stderr}"
    );
    let orders = Sheet::read(&dir.path().join("out.xlsx"), "Orders");
    let so002 = orders.row("Order ID", "SO002");
    assert_eq!(orders.text(so002, "Product"), "Tea\n(gift box)");
}

#[test]
fn dates_no_value_tells_are_read_month_first_with_a_note_saying_how_to_change_it() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("orders.csv");
    std::fs::write(
        &orders,
        "Order ID,Customer ID,Order Date,Amount\nA1,C1,05/01/2026,10\nA2,C1,06/02/2026,20\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), std::slice::from_ref(&orders));
    assert!(
        stderr.contains(
            r#"orders.csv, column "Order Date": dates such as 05/01/2026 may be day or month first"#
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"set date_order = "dmy" under [input]"#),
        "{stderr}"
    );
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(sheet.date(&sheet.rows[0], "First order"), "2026-05-01");

    // With the setting the note names, they are day first and nothing is noted.
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[input]\ndate_order = \"dmy\"\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), &[orders]);
    assert!(!stderr.contains("may be day or month first"), "{stderr}");
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(sheet.date(&sheet.rows[0], "First order"), "2026-01-05");
}

#[test]
fn a_column_showing_a_decimal_comma_reads_dots_as_thousands() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("orders.csv");
    // 1.280,50 shows a decimal comma, so 2.500 in the same column is 2500, not 2.5.
    std::fs::write(
        &orders,
        "Order ID;Customer ID;Order Date;Amount\nA1;C1;2026-01-05;2.500\nA2;C1;2026-02-06;1.280,50\nA3;C2;2026-02-07;99,90\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), std::slice::from_ref(&orders));
    assert!(!stderr.contains("decimal point or a thousands"), "{stderr}");
    let sheet = Sheet::read(&out, "Customers");
    let c1 = sheet.row("Customer ID", "C1");
    assert_eq!(sheet.number(c1, "Net spend"), 2500.0 + 1280.5);
    let c2 = sheet.row("Customer ID", "C2");
    assert_eq!(sheet.number(c2, "Net spend"), 99.9);

    // A second table whose amounts leave it open follows the first, with a note.
    let more = dir.path().join("more-orders.csv");
    std::fs::write(
        &more,
        "Order ID;Customer ID;Order Date;Amount\nB1;C2;2026-03-01;1.500\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), &[orders.clone(), more.clone()]);
    assert!(
        stderr.contains(r#"more-orders.csv, column "Amount": amounts such as 1.500 may have a decimal point or a thousands separator; read as 1500, as "#)
            && stderr.contains(r#"/orders.csv, column "Amount" shows a decimal comma"#),
        "{stderr}"
    );
    let sheet = Sheet::read(&out, "Customers");
    let c2 = sheet.row("Customer ID", "C2");
    assert_eq!(sheet.number(c2, "Net spend"), 99.9 + 1500.0);

    // Alone, it is read with a decimal point, and the note says how to read it otherwise.
    let (out, stderr) = grade(dir.path(), std::slice::from_ref(&more));
    assert!(
        stderr.contains(r#"no amount in the column tells; read as 1.5 (set decimal_mark = "comma" under [input] in tiers.toml to read it as 1500)"#),
        "{stderr}"
    );
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "C2"), "Net spend"),
        1.5
    );
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[input]\ndecimal_mark = \"comma\"\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), &[more]);
    assert!(!stderr.contains("decimal point or a thousands"), "{stderr}");
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "C2"), "Net spend"),
        1500.0
    );
    // A point where a comma is set is refused, and the message says what the column holds.
    let odd = dir.path().join("odd.csv");
    std::fs::write(
        &odd,
        "Order ID;Customer ID;Order Date;Amount\nB1;C2;2026-03-01;1.500\nB2;C2;2026-03-02;12.50\n",
    )
    .unwrap();
    let (_, stderr) = grade(dir.path(), &[odd]);
    assert!(
        stderr.contains(r#"line 3, column "Amount" (D): expected an amount with a decimal comma, as this column has, such as 1.280,50, found "12.50""#),
        "{stderr}"
    );
}

#[test]
fn feedback_ratings_are_shown_out_of_five_and_low_ones_are_complaints() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("orders.csv");
    std::fs::write(
        &orders,
        "Order ID,Customer ID,Order Date,Amount\nA1,C1,2026-01-05,10\nA2,C2,2026-01-06,20\nA3,C3,2026-01-07,30\n",
    )
    .unwrap();
    let feedback = dir.path().join("feedback.csv");
    std::fs::write(
        &feedback,
        "Customer ID,Date,Rating,Comment\nC1,2026-02-01,2/5,slow\nC2,2026-02-02,★★★★☆,fine\nC3,2026-02-03,8/10,good\n",
    )
    .unwrap();
    let (out, _) = grade(dir.path(), &[orders, feedback]);
    let sheet = Sheet::read(&out, "Feedback");
    assert_eq!(sheet.column("Customer ID"), ["C1", "C2", "C3"]);
    // 2/5 is 2, four stars 4, 8/10 is 4 of 5; a rating of 2 or less is a complaint.
    let ratings: Vec<f64> = sheet
        .rows
        .iter()
        .map(|r| sheet.number(r, "Rating (of 5)"))
        .collect();
    assert_eq!(ratings, [2.0, 4.0, 4.0]);
    assert_eq!(sheet.column("Complaint"), ["yes", "no", "no"]);
}

#[test]
fn ids_written_as_pandas_or_excel_text_tricks_write_them_name_the_same_customer() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("customers.csv");
    std::fs::write(
        &customers,
        "CustomerID,Name\n17850,Alice Ltd\n00123,Bob Co\n",
    )
    .unwrap();
    let orders = dir.path().join("orders.csv");
    // 17850.0 as pandas writes an id column with a blank; ="00123" and '00123 as exports
    // keep leading zeros.
    std::fs::write(
        &orders,
        "InvoiceNo,CustomerID,InvoiceDate,Amount\n=\"536365\",17850.0,2026-03-01,100\n536366,=\"00123\",2026-03-02,50\n536367,'00123,2026-03-03,25\n",
    )
    .unwrap();
    let (out, stderr) = grade(dir.path(), &[customers, orders]);
    assert!(!stderr.contains("used with a note"), "{stderr}");
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "17850"), "Net spend"),
        100.0
    );
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "00123"), "Net spend"),
        75.0
    );
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.column("Order ID"), ["536365", "536366", "536367"]);
}

#[test]
fn a_two_row_header_is_read_by_its_second_row() {
    // 金额 over 应付金额 | 实付金额, the other headers merged down over both rows.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("订单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("订单").unwrap();
    let plain = rust_xlsxwriter::Format::new();
    for (col, header) in [
        (0, "订单号"),
        (1, "客户名称"),
        (2, "下单日期"),
        (5, "订单状态"),
    ] {
        sheet.merge_range(0, col, 1, col, header, &plain).unwrap();
    }
    sheet.merge_range(0, 3, 0, 4, "金额", &plain).unwrap();
    sheet.write_string(1, 3, "应付金额").unwrap();
    sheet.write_string(1, 4, "实付金额").unwrap();
    for (row, (id, name, date, due, paid)) in [
        ("D1", "华兴", "2026-03-01", 1000.0, 900.0),
        ("D2", "东方", "2026-03-02", 500.0, 450.0),
    ]
    .into_iter()
    .enumerate()
    {
        let row = row as u32 + 2;
        sheet.write_string(row, 0, id).unwrap();
        sheet.write_string(row, 1, name).unwrap();
        sheet.write_string(row, 2, date).unwrap();
        sheet.write_number(row, 3, due).unwrap();
        sheet.write_number(row, 4, paid).unwrap();
        sheet.write_string(row, 5, "已完成").unwrap();
    }
    book.save(&path).unwrap();
    let (out, stderr) = grade(dir.path(), &[path]);
    assert!(!stderr.contains("warning"), "{stderr}");
    // What was paid, not what was due; the second header row is no bad data row.
    let sheet = Sheet::read(&out, "Customers");
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "华兴"), "Net spend"),
        900.0
    );
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "东方"), "Net spend"),
        450.0
    );
}

#[test]
fn a_stray_mark_in_the_last_cell_of_a_sheet_is_refused_by_name() {
    let stderr = refused("stray-cell.xlsx");
    assert!(
        stderr.contains(r#"stray-cell.xlsx, sheet "Orders": cannot read the sheet"#),
        "{stderr}"
    );
    assert!(
        stderr.contains("spans A1:XFD1048576 (17179869184 cells)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("its cell XFD1048576 lies far from the rest"),
        "{stderr}"
    );
}

#[test]
fn a_note_merged_to_the_last_cell_of_a_sheet_grades_at_once() {
    grades_as_the_shop(&[messy("merged-column.xlsx")]);
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_unpacked() {
    let stderr = refused("zip-bomb.xlsx");
    assert!(
        stderr.contains(
            "zip-bomb.xlsx: the workbook unpacks to 7.5 GB, more than tiers reads (4 GB)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_cell_numbered_past_the_last_row_is_a_damaged_file_not_a_crash() {
    // Crafted: a row numbered 4294967295, then a row without a number, then A1.
    let stderr = refused("row-past-the-end.xlsx");
    assert!(
        stderr.contains("a cell lies past Excel's last cell XFD1048576 (row 4294967295, column 1); the file is damaged"),
        "{stderr}"
    );
}

/// A hidden sheet of orders is read like any other, and the note says it was hidden: it may
/// be there to be out of view, or out of date. A very hidden one is named so, with where to
/// show it. By hand: C1 bought 100 on the visible sheet, 40 on the hidden one and 7 on the
/// very hidden one, 147.
#[test]
fn a_hidden_sheet_of_orders_is_read_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, amount) in [("Orders", "100"), ("Old orders", "40"), ("tmp", "7")] {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        sheet
            .write_row(0, 0, ["Customer ID", "Order Date", "Amount"])
            .unwrap();
        sheet.write_row(1, 0, ["C1", "2026-03-05", amount]).unwrap();
        match name {
            "Old orders" => sheet.set_hidden(true),
            "tmp" => sheet.set_very_hidden(true),
            _ => sheet,
        };
    }
    book.save(dir.path().join("shop.xlsx")).unwrap();
    let (out, stderr) = grade(dir.path(), &[dir.path().join("shop.xlsx")]);
    assert!(
        stderr.contains(r#"sheet "Old orders" is hidden in its workbook; its rows are read"#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"sheet "tmp" is hidden in its workbook (very hidden: Excel's Unhide does not list it; the Visual Basic editor shows it"#),
        "{stderr}"
    );
    let customers = Sheet::read(&out, "Customers");
    let c1 = customers.row("Customer ID", "C1");
    assert_eq!(customers.number(c1, "Net spend"), 147.0);
}

/// A hand-kept sheet signed off below its data (制表人, 审核, 打印日期, 备注): those rows are
/// named as notes, not lost orders, so `--strict` passes.
#[test]
fn notes_signing_off_a_sheet_are_no_lost_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("2026年销售明细").unwrap();
    sheet.write_row(0, 0, ["XX贸易有限公司销售明细表"]).unwrap();
    sheet
        .write_row(1, 0, ["客户名称", "下单日期", "产品", "金额"])
        .unwrap();
    write_ledger(
        sheet,
        2,
        &[
            ("华兴", "2026-03-01", "绿茶", 100.0),
            ("顺达", "2026-04-01", "红茶", 200.0),
            ("华兴", "2026-05-01", "绿茶", 150.0),
        ],
    );
    sheet.write(5, 0, "合计").unwrap();
    sheet.write(5, 3, 450).unwrap();
    sheet.write(7, 0, "制表人：张三").unwrap();
    sheet.write(7, 2, "审核：李四").unwrap();
    sheet.write(8, 2, "打印日期：2026-06-01").unwrap();
    sheet.write(9, 0, "备注：以上金额含税").unwrap();
    // In the date's column, where a sheet with the date first signs off.
    sheet.write(10, 1, "复核：王五").unwrap();
    book.save(dir.path().join("台账.xlsx")).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "台账.xlsx",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
            "--strict",
        ])
        .args(["--lang", "zh", "-q"])
        .assert()
        .success();
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "客户");
    let spend = |name| customers.number(customers.row("客户名称", name), "净消费额");
    assert_eq!(spend("华兴"), 250.0);
    assert_eq!(spend("顺达"), 200.0);
    let issues = Sheet::read(&out, "数据问题");
    let rows: Vec<String> = issues.rows.iter().map(|r| r[2].to_string()).collect();
    assert_eq!(rows, ["6", "8", "9", "10", "11"]);
    let footer = "表格下方的落款或说明（制表人、打印日期、备注等），不是客户";
    assert_eq!(
        issues.column("问题"),
        ["合计行，不是客户", footer, footer, footer, footer]
    );
}

/// A sheet kept for returns (退货记录) with the same headers as the sales: its lines are
/// returns, taken off the customer's spend, not more sales.
#[test]
fn a_sheet_named_for_returns_takes_its_lines_off_the_spend() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let headers = ["客户名称", "日期", "产品", "金额"];
    let sheet = book.add_worksheet().set_name("销售记录").unwrap();
    sheet.write_row(0, 0, headers).unwrap();
    write_ledger(
        sheet,
        1,
        &[
            ("华兴", "2026-03-01", "绿茶", 100.0),
            ("华兴", "2026-04-01", "红茶", 200.0),
            ("顺达", "2026-04-02", "绿茶", 300.0),
        ],
    );
    let sheet = book.add_worksheet().set_name("退货记录").unwrap();
    sheet.write_row(0, 0, headers).unwrap();
    sheet
        .write_row(1, 0, ["华兴", "2026-04-10", "红茶"])
        .unwrap();
    sheet.write_number(1, 3, 200).unwrap();
    book.save(dir.path().join("台账.xlsx")).unwrap();
    let run = tiers(dir.path())
        .args(["score", "台账.xlsx", "-o", "out.xlsx", "--as-of", AS_OF])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains(r#"sheet "退货记录": its name says it holds returns, so its 1 line is taken as a return"#),
        "{stderr}"
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let spend = |name| customers.number(customers.row("Name", name), "Net spend");
    // 华兴: 100 + 200 bought, 200 returned.
    assert_eq!(spend("华兴"), 100.0);
    assert_eq!(spend("顺达"), 300.0);
    let orders = Sheet::read(&out, "Orders");
    let types: Vec<String> = orders.column("Type");
    assert_eq!(types, ["new", "repeat", "new", "return"]);
}

/// A ledger without a status column voids a line in its remark (备注: 作废): the line is
/// cancelled, not counted, and the run says how many.
#[test]
fn a_remark_that_voids_a_line_leaves_it_uncounted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("销售台账.csv"),
        "客户名称,日期,产品,金额,备注\n老周五金店,2026-03-01,螺丝,750,\n老周五金店,2026-05-30,扳手,450,作废\n华兴,2026-04-01,钳子,300,送货上门\n",
    )
    .unwrap();
    let run = tiers(dir.path())
        .args(["score", "销售台账.csv", "-o", "out.xlsx", "--as-of", AS_OF])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            r#"1 line whose remark in column "备注" (E) says only 作废 or void is cancelled"#
        ),
        "{stderr}"
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let row = customers.row("Name", "老周五金店");
    assert_eq!(customers.number(row, "Net spend"), 750.0);
    assert_eq!(customers.number(row, "Orders"), 1.0);
    // As of 2026-06-30, the last counted order is 2026-03-01's.
    assert_eq!(customers.number(row, "Days since last order"), 121.0);
}

/// A Chinese report grouped by customer (客户销售明细表): each customer on a row of their own
/// after a label (客户：华兴贸易), their lines below, a 小计 row after them, a 合计 and a 制表人 at
/// the end. By hand: 华兴贸易 bought 100 and 40 in two documents, 顺达商行 300 in one.
#[test]
fn a_report_grouped_under_customer_labels_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("客户销售明细表").unwrap();
    sheet.write(0, 0, "客户销售明细表").unwrap();
    sheet.write(1, 0, "期间：2026-01-01 至 2026-06-30").unwrap();
    sheet
        .write_row(2, 0, ["日期", "单据号", "商品名称", "数量", "单价", "金额"])
        .unwrap();
    let line = |sheet: &mut rust_xlsxwriter::Worksheet, row, text: [&str; 3], figures: [f64; 3]| {
        sheet.write_row(row, 0, text).unwrap();
        sheet.write_row(row, 3, figures).unwrap();
    };
    sheet.write(3, 0, "客户：华兴贸易").unwrap();
    line(
        sheet,
        4,
        ["2026-03-01", "XS001", "绿茶"],
        [2.0, 50.0, 100.0],
    );
    line(sheet, 5, ["2026-04-01", "XS002", "茶杯"], [1.0, 40.0, 40.0]);
    sheet.write(6, 0, "小计").unwrap();
    sheet.write(6, 5, 140).unwrap();
    sheet.write(7, 0, "客户：顺达商行").unwrap();
    line(
        sheet,
        8,
        ["2026-04-02", "XS003", "绿茶"],
        [6.0, 50.0, 300.0],
    );
    sheet.write(9, 0, "小计").unwrap();
    sheet.write(9, 5, 300).unwrap();
    sheet.write(10, 0, "合计").unwrap();
    sheet.write(10, 5, 440).unwrap();
    sheet.write(11, 0, "制表人：张三").unwrap();
    book.save(dir.path().join("客户销售明细表.xlsx")).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "客户销售明细表.xlsx",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
        ])
        .args(["--strict", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let figure = |name, header| customers.number(customers.row("Name", name), header);
    assert_eq!(figure("华兴贸易", "Net spend"), 140.0);
    assert_eq!(figure("华兴贸易", "Orders"), 2.0);
    assert_eq!(figure("顺达商行", "Net spend"), 300.0);
    assert_eq!(customers.rows.len(), 2);
}

/// A ledger kept in 万元 says so in its header, 销售额（万元）: 1.2 there is 12,000 yuan.
/// By hand: 华兴 1.2 + 0.35 = 15,500; 顺达 0.05 = 500.
#[test]
fn amounts_in_ten_thousands_are_read_as_yuan() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("2026年销售").unwrap();
    sheet
        .write_row(0, 0, ["客户名称", "下单日期", "产品", "销售额（万元）"])
        .unwrap();
    write_ledger(
        sheet,
        1,
        &[
            ("华兴", "2026-03-01", "设备", 1.2),
            ("顺达", "2026-04-01", "配件", 0.05),
            ("华兴", "2026-05-01", "设备", 0.35),
        ],
    );
    book.save(dir.path().join("台账.xlsx")).unwrap();
    let output = tiers(dir.path())
        .args(["score", "台账.xlsx", "-o", "out.xlsx", "--as-of", AS_OF])
        .args(["--strict", "--lang", "zh"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("表头注明金额单位为万元，每个值乘以 10000"),
        "{stderr}"
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "客户");
    let spend = |id| customers.number(customers.row("客户编号", id), "净消费额");
    assert!((spend("华兴") - 15_500.0).abs() < 1e-6, "{}", spend("华兴"));
    assert!((spend("顺达") - 500.0).abs() < 1e-6, "{}", spend("顺达"));
}

/// Headers of two rows. A Chinese ledger merges 日期 and 客户名称 down over both rows and 金额
/// across 含税 | 不含税: the amount with tax is read, and the second header row is no data.
/// An English report puts Order, Customer and Amount over ID | Date, ID | Name and Net |
/// Gross: each column is named by both. By hand: 华兴 113 + 56.5 = 169.5, 顺达 226; C1 100
/// and C2 50 (net).
#[test]
fn headers_of_two_rows_name_each_column_by_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let blank = rust_xlsxwriter::Format::new();
    let sheet = book.add_worksheet().set_name("2026年3月").unwrap();
    sheet
        .merge_range(0, 0, 0, 3, "2026年销售明细", &blank)
        .unwrap();
    sheet.merge_range(1, 0, 2, 0, "日期", &blank).unwrap();
    sheet.merge_range(1, 1, 2, 1, "客户名称", &blank).unwrap();
    sheet.merge_range(1, 2, 1, 3, "金额", &blank).unwrap();
    sheet.write_row(2, 2, ["含税", "不含税"]).unwrap();
    for (row, (date, customer, gross, net)) in (3..).zip([
        ("2026-03-01", "华兴", 113.0, 100.0),
        ("2026-04-01", "顺达", 226.0, 200.0),
        ("2026-05-01", "华兴", 56.5, 50.0),
    ]) {
        sheet.write_row(row, 0, [date, customer]).unwrap();
        sheet.write_row(row, 2, [gross, net]).unwrap();
    }
    let sheet = book.add_worksheet().set_name("Sales").unwrap();
    sheet.merge_range(0, 0, 0, 1, "Order", &blank).unwrap();
    sheet.merge_range(0, 2, 0, 3, "Customer", &blank).unwrap();
    sheet.merge_range(0, 4, 0, 5, "Amount", &blank).unwrap();
    sheet
        .write_row(1, 0, ["ID", "Date", "ID", "Name", "Net", "Gross"])
        .unwrap();
    sheet
        .write_row(2, 0, ["SO1", "2026-03-01", "C1", "Acme"])
        .unwrap();
    sheet.write_row(2, 4, [100.0, 120.0]).unwrap();
    sheet
        .write_row(3, 0, ["SO2", "2026-04-01", "C2", "Beta"])
        .unwrap();
    sheet.write_row(3, 4, [50.0, 60.0]).unwrap();
    book.save(dir.path().join("ledger.xlsx")).unwrap();
    tiers(dir.path())
        .args(["score", "ledger.xlsx", "-o", "out.xlsx", "--as-of", AS_OF])
        .args(["--strict", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let spend = |id| customers.figure(id, "Net spend");
    assert!((spend("华兴") - 169.5).abs() < 1e-9, "{}", spend("华兴"));
    assert!((spend("顺达") - 226.0).abs() < 1e-9, "{}", spend("顺达"));
    assert!((spend("C1") - 100.0).abs() < 1e-9, "{}", spend("C1"));
    assert!((spend("C2") - 50.0).abs() < 1e-9, "{}", spend("C2"));
    assert_eq!(
        customers.text(customers.row("Customer ID", "C1"), "Name"),
        "Acme"
    );
}

/// Columns that name a field only where nothing names it better, and names that say little.
/// By hand, as of 2024-12-31: a till's serial number (流水号) beside 订单号 is no order id:
/// D1's two lines are one order; a card number (会员卡号) beside 客户编号 is no customer id;
/// a Close Date beside the Order Date is not the order's day (O1 of 2023 is out of the
/// window); an Asset column does not make Amount a quantity; a file named for payments that
/// holds orders (with an order id) is orders; a refund in 万元 is taken off in 万元.
#[test]
fn weak_columns_and_names_give_way_to_the_real_ones() {
    let grade = |files: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        tiers(dir.path())
            .arg("score")
            .args(&names)
            .args(["-o", "out.xlsx", "--as-of", "2024-12-31", "-q"])
            .assert()
            .success();
        let sheet = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
        let mut rows: Vec<(String, f64, f64)> = sheet
            .rows
            .iter()
            .map(|r| {
                let id = sheet.text(r, "Customer ID");
                (id, sheet.number(r, "Orders"), sheet.number(r, "Net spend"))
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    let serial =
        "流水号,订单号,客户编号,下单日期,金额\n1,D1,C1,2024-01-05,100\n2,D1,C1,2024-01-05,50\n";
    assert_eq!(grade(&[("a.csv", serial)]), [("C1".into(), 1.0, 150.0)]);
    let card =
        "会员卡号,客户编号,消费时间,金额\n88001,C1,2024-01-05,100\n88002,C1,2024-02-05,200\n";
    assert_eq!(grade(&[("a.csv", card)]), [("C1".into(), 2.0, 300.0)]);
    let close = "Customer ID,Order ID,Order Date,Close Date,Amount\nC1,O1,2023-01-05,2024-02-05,100\nC1,O2,2024-02-05,2024-02-20,200\n";
    assert_eq!(grade(&[("a.csv", close)]), [("C1".into(), 1.0, 200.0)]);
    let asset =
        "customer_id,order_id,date,asset,amount,unit_price\nC1,O1,2024-01-05,Laptop,1200,1200\n";
    assert_eq!(grade(&[("a.csv", asset)]), [("C1".into(), 1.0, 1200.0)]);
    let orders = "Customer ID,Order ID,Order Date,Amount\nC1,O1,2024-01-05,100\n";
    let awaiting = "Customer ID,Order ID,Order Date,Amount\nC2,O2,2024-02-05,70\n";
    assert_eq!(
        grade(&[
            ("orders.csv", orders),
            ("orders_awaiting_payment.csv", awaiting)
        ]),
        [("C1".into(), 1.0, 100.0), ("C2".into(), 1.0, 70.0)]
    );
    let wan = "客户编号,订单号,下单日期,金额（万元）,退款金额（万元）\nC1,D1,2024-01-05,1.5,0.5\n";
    assert_eq!(grade(&[("a.csv", wan)]), [("C1".into(), 1.0, 10_000.0)]);
}

/// A ledger that closes each month with a dated 本月合计 or 4月合计 row, and books a till's
/// anonymous sales to 散客: neither is a customer, both are listed, `--strict` passes. By
/// hand: 华兴 100 + 150 = 250; 顺达 200; two customers, not four.
#[test]
fn dated_month_totals_and_walk_in_sales_are_no_customers() {
    let (dir, _) = score_text(
        "台账.csv",
        "客户名称,日期,金额\n华兴,2025-03-05,100\n顺达,2025-03-20,200\n本月合计,2025-03-31,300\n散客,2025-04-02,50\n华兴,2025-04-10,150\n4月合计,2025-04-30,200\n",
        &["--strict", "-q"],
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.rows.len(), 2);
    let spend = |id| customers.figure(id, "Net spend");
    assert!((spend("华兴") - 250.0).abs() < 1e-9);
    assert!((spend("顺达") - 200.0).abs() < 1e-9);
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "Data issues");
    assert_eq!(issues.column("Value"), ["本月合计", "散客", "4月合计"]);
}

/// A ledger that writes each customer once, above their other rows, without merging the
/// cells: the rows below are not guessed, but the note says how to fill the column down.
#[test]
fn a_customer_written_once_above_their_rows_is_pointed_out() {
    let (dir, stderr) = score_text(
        "台账.csv",
        "客户名称,日期,金额\n华兴,2025-03-05,100\n,2025-03-06,50\n,2025-03-07,20\n顺达,2025-03-08,80\n",
        &[],
    );
    assert!(
        stderr.contains(r#"2 rows have a date and an amount but nothing in column "客户名称" (A), and are not used: if the customer is written once above the rows that are theirs, fill the column down"#),
        "{stderr}"
    );
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "Data issues");
    assert_eq!(issues.rows.len(), 2);
}

/// A name a lookup failed to find (`#N/A` from `VLOOKUP` of the name by the id) is no name:
/// the customer is known by the id, and the Name cell stays empty.
#[test]
fn a_failed_lookup_of_the_name_names_nobody() {
    let (dir, _) = score_text(
        "orders.csv",
        "客户编号,客户名称,日期,金额\nK01,华兴,2025-03-05,100\nK99,#N/A,2025-03-06,50\n",
        &["--strict", "-q"],
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(
        customers.text(customers.row("Customer ID", "K99"), "Name"),
        ""
    );
    assert_eq!(
        customers.text(customers.row("Customer ID", "K01"), "Name"),
        "华兴"
    );
}

/// A receivables ledger closes each customer's month with an undated row that keeps the
/// customer and says 本月合计 or 本年累计 in its 摘要: a total, listed, and `--strict` passes.
/// By hand: 华兴 2,500 + 1,000 = 3,500.
#[test]
fn undated_period_totals_under_the_customer_are_totals() {
    let (dir, _) = score_text(
        "明细账.csv",
        "日期,客户,摘要,金额\n2025-01-26,华兴,销售货款,2500\n,华兴,本月合计,2500\n2025-02-10,华兴,销售货款,1000\n,华兴,本月合计,1000\n,华兴,本年累计,3500\n",
        &["--strict", "-q"],
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.rows.len(), 1);
    let spend = customers.figure("华兴", "Net spend");
    assert!((spend - 3500.0).abs() < 1e-9, "{spend}");
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "Data issues");
    assert_eq!(issues.column("Value"), ["本月合计", "本月合计", "本年累计"]);
}
