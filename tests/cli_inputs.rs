//! Inputs in the shapes real exports come in: Chinese headers and values, GBK encoding,
//! semicolons, title rows above the header, text dates and amounts, workbooks with one sheet
//! per table. Each is the shop fixture in another form, so the expected figures are those
//! computed by hand in `cli_score.rs`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use crate::common::{Sheet, assert_close, copy_fixture, fixtures, stderr_of, tiers};

const AS_OF: &str = "2026-06-30";

/// Writes each (name, text) to a new directory and scores those files in order, with `extra`
/// arguments; the run must succeed.
fn score_files(files: &[(&str, &str)], extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["score"];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        args.push(name);
    }
    args.extend(["--as-of", AS_OF]);
    args.extend(extra);
    tiers(dir.path()).args(&args).assert().success();
    dir
}

/// The shop fixture's orders with Chinese headers and values.
fn chinese_orders() -> String {
    let text = std::fs::read_to_string(fixtures().join("shop/orders.csv")).unwrap();
    let mut lines = text.lines();
    lines.next();
    let mut out =
        String::from("订单编号,客户编号,下单日期,产品,品类,订单金额(元),订单状态,订单类型\n");
    for line in lines {
        let line = line
            .replace("Completed", "已完成")
            .replace("Shipped", "已发货")
            .replace("Processed", "已处理")
            .replace("Pending", "待处理")
            .replace("Cancelled", "已取消")
            .replace(",New", ",新订单")
            .replace(",Repeat", ",续订")
            .replace(",Return", ",退货")
            .replace("Beverages", "饮料")
            .replace("Snacks", "零食")
            .replace("Household", "家居");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn c001_and_c002(
    sheet: &Sheet,
    id_header: &str,
    net_header: &str,
    tier_header: &str,
) -> [(String, f64); 2] {
    ["C001", "C002"].map(|id| {
        let row = sheet.row(id_header, id);
        (sheet.text(row, tier_header), sheet.number(row, net_header))
    })
}

#[test]
fn gbk_csv_with_chinese_headers_gives_the_same_grades() {
    let dir = tempfile::tempdir().unwrap();
    let orders = chinese_orders();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&orders);
    assert!(!unmappable);
    std::fs::write(dir.path().join("订单.csv"), &gbk).unwrap();
    let feedback = "客户编号,反馈日期,反馈类型,内容\nC002,2026-05-31,投诉,送货太慢\n";
    std::fs::write(
        dir.path().join("反馈.csv"),
        encoding_rs::GBK.encode(feedback).0,
    )
    .unwrap();
    tiers(dir.path())
        .args([
            "score",
            "订单.csv",
            "反馈.csv",
            "--as-of",
            AS_OF,
            "--lang",
            "zh",
        ])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("订单.tiers.xlsx"), "客户");
    // Without the customers sheet, C004 is unknown; the four buyers grade as in cli_score.rs.
    let [c001, c002] = c001_and_c002(&sheet, "客户编号", "净消费额", "等级");
    assert_eq!(c001.0, "黄金");
    assert_close(c001.1, 450.0, "C001");
    assert_eq!(c002.0, "白银");
    assert_close(c002.1, 1500.0, "C002");
    assert_eq!(sheet.rows.len(), 4);
    let orders = Sheet::read(&dir.path().join("订单.tiers.xlsx"), "订单");
    assert_eq!(orders.text(orders.row("订单编号", "SO001"), "品类"), "饮料");
}

#[test]
fn utf8_bom_semicolons_text_dates_and_amounts_are_read() {
    let dir = copy_fixture("shop");
    let text = std::fs::read_to_string(dir.path().join("orders.csv")).unwrap();
    let mut out = String::from("\u{feff}");
    for (i, line) in text.lines().enumerate() {
        let mut fields: Vec<String> = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        for f in &rdr.records().next().unwrap().unwrap() {
            fields.push(f.to_owned());
        }
        if i > 0 {
            // 2026-03-10 → 2026年3月10日; 300.00 → ¥300.00
            let (y, rest) = fields[2].split_once('-').unwrap();
            let (m, d) = rest.split_once('-').unwrap();
            fields[2] = format!(
                "{y}年{}月{}日",
                m.trim_start_matches('0'),
                d.trim_start_matches('0')
            );
            fields[5] = format!("¥{}", fields[5]);
        }
        out.push_str(&fields.join(";"));
        out.push('\n');
    }
    std::fs::write(dir.path().join("orders.csv"), out).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "feedback.csv",
            "--as-of",
            AS_OF,
            "--strict",
        ])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    let [c001, c002] = c001_and_c002(&sheet, "Customer ID", "Net spend", "Tier");
    assert_eq!((c001.0.as_str(), c002.0.as_str()), ("gold", "silver"));
    assert_close(c001.1, 450.0, "C001");
    assert_close(c002.1, 1500.0, "C002");
}

#[test]
fn one_workbook_with_a_title_row_and_a_sheet_per_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for name in ["customers", "orders", "feedback"] {
        let text = std::fs::read_to_string(fixtures().join(format!("shop/{name}.csv"))).unwrap();
        let sheet = workbook.add_worksheet().set_name(name).unwrap();
        // A merged title above the header, as many exports have.
        sheet
            .merge_range(
                0,
                0,
                0,
                4,
                &format!("2026年{name}表"),
                &rust_xlsxwriter::Format::new(),
            )
            .unwrap();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for (r, record) in rdr.records().enumerate() {
            for (c, field) in record.unwrap().iter().enumerate() {
                let (row, col) = (r as u32 + 2, c as u16);
                if let Ok(d) = chrono::NaiveDate::parse_from_str(field, "%Y-%m-%d") {
                    sheet.write_date_with_format(row, col, d, &date).unwrap();
                } else if let Ok(n) = field.replace(',', "").parse::<f64>() {
                    sheet.write_number(row, col, n).unwrap();
                } else {
                    sheet.write_string(row, col, field).unwrap();
                }
            }
        }
    }
    workbook.save(dir.path().join("shop.xlsx")).unwrap();
    tiers(dir.path())
        .args(["score", "shop.xlsx", "--as-of", AS_OF, "--strict"])
        .assert()
        .success();
    let out = dir.path().join("shop.tiers.xlsx");
    let sheet = Sheet::read(&out, "Customers");
    let [c001, c002] = c001_and_c002(&sheet, "Customer ID", "Net spend", "Tier");
    assert_eq!((c001.0.as_str(), c002.0.as_str()), ("gold", "silver"));
    assert_close(c001.1, 450.0, "C001");
    // The order rows are numbered as the sheet shows them: title row 1, header row 3, SO005 on 8.
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.number(orders.row("Order ID", "SO005"), "Row"), 8.0);
    assert_eq!(
        orders.text(orders.row("Order ID", "SO005"), "Source"),
        "shop.xlsx [orders]"
    );
}

#[test]
fn ods_and_xls_workbooks_give_the_same_grades() {
    // tests/fixtures/shop.ods and shop.xls: the shop CSVs as sheets, saved by LibreOffice;
    // and names that do not say what the file is, as ERPs and hands leave them: the .xls
    // renamed .xlsx, and the orders csv called .xls.
    for (name, files) in [
        ("shop.ods", &[("shop.ods", "shop.ods")][..]),
        ("shop.xls", &[("shop.xls", "shop.xls")]),
        ("shop.xls as .xlsx", &[("shop.xls", "shop.xlsx")]),
        (
            "csv as .xls",
            &[
                ("shop/customers.csv", "customers.csv"),
                ("shop/orders.csv", "shop.xls"),
                ("shop/feedback.csv", "feedback.csv"),
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for (from, to) in files {
            std::fs::copy(fixtures().join(from), dir.path().join(to)).unwrap();
        }
        tiers(dir.path())
            .arg("score")
            .args(files.iter().map(|(_, to)| to))
            .args(["-o", "shop.tiers.xlsx", "--as-of", AS_OF, "--strict"])
            .assert()
            .success();
        let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
        let [c001, c002] = c001_and_c002(&sheet, "Customer ID", "Net spend", "Tier");
        assert_eq!(
            (c001.0.as_str(), c002.0.as_str()),
            ("gold", "silver"),
            "{name}"
        );
        assert_close(c001.1, 450.0, name);
        assert_close(c002.1, 1500.0, name);
        assert_eq!(
            sheet.number(sheet.row("Customer ID", "C002"), "Complaints"),
            1.0,
            "{name}"
        );
    }
}

#[test]
fn day_first_dates_are_recognised_from_one_telling_value_far_down() {
    let dir = tempfile::tempdir().unwrap();
    // 20,000 lines of 05/03/2026 (ambiguous), then one 25/03/2026 that can only be day first.
    let mut text = String::from("Customer,Date,Amount\n");
    for _ in 0..20_000 {
        text.push_str("Ann,05/03/2026,1\n");
    }
    text.push_str("Bob,25/03/2026,1\n");
    std::fs::write(dir.path().join("orders.csv"), text).unwrap();
    tiers(dir.path())
        .args(["score", "orders.csv", "--as-of", AS_OF, "--strict"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("orders.tiers.xlsx"), "Customers");
    // Day first: 5 March, not 3 May.
    assert_eq!(
        sheet.date(sheet.row("Customer ID", "Ann"), "Last order"),
        "2026-03-05"
    );
}

#[test]
fn crlf_line_ends_lose_no_row_and_keep_line_numbers() {
    let dir = copy_fixture("shop");
    for name in ["customers.csv", "orders.csv"] {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace('\n', "\r\n");
        std::fs::write(&path, text).unwrap();
    }
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            AS_OF,
            "--strict",
        ])
        .assert()
        .success();
    let out = dir.path().join("customers.tiers.xlsx");
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.rows.len(), 12);
    // SO005 is on line 6 of orders.csv, SO001 on line 2.
    assert_eq!(orders.number(orders.row("Order ID", "SO005"), "Row"), 6.0);
    assert_eq!(orders.number(orders.row("Order ID", "SO001"), "Row"), 2.0);
    let customers = Sheet::read(&out, "Customers");
    assert_eq!(
        customers.text(customers.row("Customer ID", "C001"), "Name"),
        "Harbor Foods Ltd"
    );
}

#[test]
fn orders_that_name_customers_match_a_customers_sheet_with_ids() {
    let dir = score_files(
        &[
            (
                "customers.csv",
                "Customer ID,Customer Name,Region\nC1,Acme Ltd,North\nC2,Beta Co,South\n",
            ),
            (
                "orders.csv",
                "Customer,Order Date,Amount,Quantity\nAcme Ltd,2026-01-05,100,2\nBeta Co,2026-02-05,200,3件\nAcme Ltd,2026-03-05,300,1\n",
            ),
        ],
        &[],
    );
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    // Two customers, not four: Acme Ltd is C1 (100 + 300), Beta Co is C2 (200; its
    // quantity "3件" is unreadable, but the amount is there, so the order counts).
    assert_eq!(sheet.rows.len(), 2);
    assert_close(
        sheet.number(sheet.row("Customer ID", "C1"), "Net spend"),
        400.0,
        "C1",
    );
    assert_close(
        sheet.number(sheet.row("Customer ID", "C2"), "Net spend"),
        200.0,
        "C2",
    );
    let issues = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Data issues");
    assert_eq!(issues.text(issues.row("Value", "3件"), "Action"), "used");
}

#[test]
fn repeated_customer_headers_stay_separate_columns() {
    let dir = score_files(
        &[
            (
                "customers.csv",
                "Customer ID,Name,Note,Note\nA1,Acme,first note,second note\n",
            ),
            (
                "orders.csv",
                "Customer ID,Order Date,Amount\nA1,2026-03-05,100\n",
            ),
        ],
        &[],
    );
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    let notes: Vec<usize> = sheet
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == "Note")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(notes.len(), 2);
    let row = sheet.row("Customer ID", "A1");
    assert_eq!(
        [row[notes[0]].to_string(), row[notes[1]].to_string()],
        ["first note", "second note"]
    );
    assert_eq!(sheet.text(row, "Name"), "Acme");
}

#[test]
fn a_management_workbook_given_as_input_is_refused() {
    let dir = copy_fixture("shop");
    tiers(dir.path())
        .args(["score", "orders.csv", "--as-of", AS_OF])
        .assert()
        .success();
    tiers(dir.path())
        .args([
            "score",
            "orders.tiers.xlsx",
            "-o",
            "again.xlsx",
            "--as-of",
            AS_OF,
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "orders.tiers.xlsx: this is a management workbook tiers wrote, not an input",
        ));
    assert!(!dir.path().join("again.xlsx").exists());
}

#[test]
fn text_longer_than_an_excel_cell_is_cut_with_a_note() {
    let long = "x".repeat(40_000);
    let dir = score_files(
        &[
            (
                "customers.csv",
                &format!("Customer ID,Name,Remarks\nA1,Acme,{long}\n"),
            ),
            (
                "orders.csv",
                &format!("Customer ID,Order Date,Amount,Product\nA1,2026-03-05,100,{long}\n"),
            ),
        ],
        &["--strict"],
    );
    let out = dir.path().join("customers.tiers.xlsx");
    let customers = Sheet::read(&out, "Customers");
    assert_eq!(
        customers
            .text(customers.row("Customer ID", "A1"), "Remarks")
            .chars()
            .count(),
        32_767
    );
    let issues = Sheet::read(&out, "Data issues");
    assert_eq!(issues.column("Column"), ["Remarks (C)", "Product (D)"]);
    assert_eq!(issues.column("Action"), ["used", "used"]);
}

#[test]
fn a_customer_cell_merged_over_its_orders_applies_to_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("订单").unwrap();
    sheet
        .write_row(0, 0, ["客户名称", "下单日期", "订单金额"])
        .unwrap();
    // 华兴贸易 written once, merged over its three orders (rows 2–4); 东方超市 on row 5.
    sheet
        .merge_range(1, 0, 3, 0, "华兴贸易", &rust_xlsxwriter::Format::new())
        .unwrap();
    for (row, (date, amount)) in [
        ("2026-03-01", 100.0),
        ("2026-04-01", 200.0),
        ("2026-05-01", 300.0),
        ("2026-05-02", 50.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(row as u32 + 1, 1, *date).unwrap();
        sheet.write_number(row as u32 + 1, 2, *amount).unwrap();
    }
    sheet.write_string(4, 0, "东方超市").unwrap();
    workbook.save(dir.path().join("orders.xlsx")).unwrap();
    tiers(dir.path())
        .args(["score", "orders.xlsx", "--as-of", AS_OF, "--strict"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("orders.tiers.xlsx"), "Customers");
    // 100 + 200 + 300 in three orders, not one order and two rows without a customer.
    let row = customers.row("Customer ID", "华兴贸易");
    assert_eq!(customers.number(row, "Orders"), 3.0);
    assert_close(customers.number(row, "Net spend"), 600.0, "华兴贸易");
}

#[test]
fn size_and_needs_columns_of_the_customers_sheet_are_classes() {
    let dir = score_files(
        &[
            (
                "customers.csv",
                "客户编号,客户名称,规模,需求类型\nK1,华兴贸易,大型企业,定制\nK2,东方超市,小型,标准品\n",
            ),
            (
                "orders.csv",
                "客户编号,下单日期,订单金额\nK1,2026-03-05,100\nK2,2026-03-06,900\n",
            ),
        ],
        &["--lang", "zh"],
    );
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "客户");
    let cell = |id, header| sheet.text(sheet.row("客户编号", id), header);
    // The written size wins over net spend (K2 spent more but is written as small).
    assert_eq!(
        (
            cell("K1", "规模分类").as_str(),
            cell("K2", "规模分类").as_str()
        ),
        ("大", "小")
    );
    assert_eq!(
        (
            cell("K1", "需求分类").as_str(),
            cell("K2", "需求分类").as_str()
        ),
        ("定制", "标准")
    );
}

/// Two exports that overlap (January to March, then March on) hold the same order lines: the
/// copy is counted once, listed in Data issues, and told on stderr and in the Rules sheet,
/// where a cron job's reader sees it; a return that carries its purchase's order id is not
/// taken for a copy. A line whose status moved on (pending or shipped, then completed) is one
/// line with the later export's status. By hand: C2 bought SO3 (50), SO4 (70) and SO5 (30,
/// completed in the second export), 150 net over 3 orders, not 200; C1 bought SO1 (100,
/// returned) and SO6 (500), 500 net, not 1000.
#[test]
fn order_lines_two_exports_both_hold_are_counted_once() {
    let header = "Order ID,Customer ID,Order Date,Amount,Status\n";
    let first = format!(
        "{header}SO1,C1,2026-01-05,100,completed\nSO3,C2,2026-03-05,50,completed\nSO5,C2,2026-05-05,30,pending\nSO6,C1,2026-03-28,500,shipped\n"
    );
    let second = format!(
        "{header}SO3,C2,2026-03-05,50,completed\nSO1,C1,2026-01-05,-100,returned\nSO4,C2,2026-04-05,70,completed\nSO5,C2,2026-05-05,30,completed\nSO6,C1,2026-03-28,500,completed\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q1.csv"), &first).unwrap();
    std::fs::write(dir.path().join("q2.csv"), &second).unwrap();
    let run = tiers(dir.path())
        .args([
            "score", "q1.csv", "q2.csv", "--as-of", AS_OF, "-o", "out.xlsx", "--strict",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    let note = "3 order lines appear in two orders tables";
    assert!(stderr.contains(&format!("note: {note}")), "{stderr}");
    assert!(
        stderr.contains("(the first: q2.csv, row 2, as q1.csv, row 3): the exports overlap, and each such line is counted once"),
        "{stderr}"
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let c2 = customers.row("Customer ID", "C2");
    assert_eq!(customers.number(c2, "Net spend"), 150.0);
    assert_eq!(customers.number(c2, "Orders"), 3.0);
    let c1 = customers.row("Customer ID", "C1");
    assert_eq!(customers.number(c1, "Net spend"), 500.0);
    assert_eq!(customers.number(c2, "Open orders"), 0.0);
    let issues = Sheet::read(&out, "Data issues");
    assert_eq!(issues.rows.len(), 3);
    // The copy is counted with the rows its table could not use.
    let run = tiers(dir.path())
        .args(["check", "q1.csv", "q2.csv"])
        .assert()
        .success();
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let q2 = stdout.lines().find(|l| l.contains("q2.csv ")).unwrap();
    assert!(q2.ends_with("┆         4 ┆             1 │"), "{stdout}");
    let rules = Sheet::read(&out, "Rules");
    let at = rules
        .rows
        .iter()
        .position(|r| r[0] == "Notes on the inputs")
        .expect("a notes section");
    let noted = rules.rows[at + 1][1].to_string();
    assert!(noted.starts_with(note), "{noted}");
}

/// A line a later export holds twice and an earlier one once is two lines: each copy pairs
/// with one line of the earlier export, not every copy with the same one. By hand: C001
/// bought SO-100's pen line twice (15 each) and SO-101 (5), 35 net.
#[test]
fn a_line_a_later_export_holds_twice_is_counted_twice() {
    let header = "Order ID,Customer ID,Order Date,Product,Quantity,Amount\n";
    let dir = score_files(
        &[
            (
                "orders-11.csv",
                &format!(
                    "{header}SO-100,C001,2026-05-30,Pen,6,15.00\nSO-099,C002,2026-05-29,Stapler,1,40.00\n"
                ),
            ),
            (
                "orders-12.csv",
                &format!(
                    "{header}SO-100,C001,2026-05-30,Pen,6,15.00\nSO-100,C001,2026-05-30,Pen,6,15.00\nSO-101,C001,2026-06-02,Eraser,5,5.00\n"
                ),
            ),
        ],
        &["-o", "out.xlsx"],
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    assert_close(customers.figure("C001", "Net spend"), 35.0, "C001");
    let issues = Sheet::read(&out, "Data issues");
    let listed: Vec<(String, String)> = issues
        .rows
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .collect();
    assert_eq!(listed, [("orders-12.csv".to_owned(), "2".to_owned())]);
}

/// Orders without a category column give every customer the same breadth: the score leaves
/// breadth out (as it leaves out lifetime value it cannot fit), and says so. By hand, with
/// two customers every part is 0 or 100: A is the more recent (recency 100), B bought more
/// often and more (frequency and monetary 100); over the weights 20 + 30 + 40 = 90, A scores
/// 2000 / 90 = 22.2222 and B 7000 / 90 = 77.7778 (with breadth at 50 for both, they would be
/// 25 and 75).
#[test]
fn without_a_category_column_breadth_is_left_out_of_the_score() {
    let dir = score_files(
        &[(
            "orders.csv",
            "Customer ID,Order Date,Amount\nA,2026-06-20,100\nB,2026-03-01,150\nB,2026-04-01,150\n",
        )],
        &["-o", "out.xlsx"],
    );
    let sheet = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let score = |id| sheet.number(sheet.row("Customer ID", id), "Score");
    assert_close(score("A"), 2000.0 / 90.0, "A");
    assert_close(score("B"), 7000.0 / 90.0, "B");
    assert_eq!(sheet.column("Breadth score"), ["", ""]);
    let rules = Sheet::read(&dir.path().join("out.xlsx"), "Rules");
    assert!(
        rules.rows.iter().any(|r| r[1]
            .to_string()
            .starts_with("no order line has a category, so the score leaves breadth")),
        "no note in the Rules sheet"
    );
}

/// The layout of the UCI Online Retail dataset (Chen et al. 2012): no amount column, so the
/// amount is `Quantity` × `UnitPrice`; a cancellation is an invoice starting with C and a negative
/// quantity; dates are US month first with a time; some lines have no `CustomerID`; some
/// lines repeat one of their invoice exactly. By hand: 17850 bought 6 × 2.55 + 6 × 3.39 +
/// 6 × 3.39 (the repeated line counts, noted) = 55.98 on invoice 536365 and cancelled
/// 1 × 3.39, so its net spend is 52.59 over one order; 13047 bought 32 × 1.69 = 54.08.
#[test]
fn the_online_retail_layout_is_read_as_its_authors_mean_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("online_retail.csv"),
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
             536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n\
             536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n\
             536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n\
             536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom\n\
             C536379,71053,WHITE METAL LANTERN,-1,12/1/2010 9:41,3.39,17850,United Kingdom\n\
             536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n",
    )
    .unwrap();
    let run = tiers(dir.path())
        .args([
            "score",
            "online_retail.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            "2010-12-31",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("online_retail.csv: 1 line repeats an earlier line of its order in every figure (product, quantity, amount, status): each counts"),
        "{stderr}"
    );
    // Its blank customers are an export's, with invoice numbers: nothing to fill down.
    assert!(!stderr.contains("fill the column down"), "{stderr}");
    let book = dir.path().join("out.xlsx");
    let customers = Sheet::read(&book, "Customers");
    let row = customers.row("Customer ID", "17850");
    assert_close(customers.number(row, "Net spend"), 52.59, "17850");
    assert_eq!(customers.text(row, "Orders"), "1");
    let row = customers.row("Customer ID", "13047");
    assert_close(customers.number(row, "Net spend"), 54.08, "13047");
    assert_eq!(customers.rows.len(), 2);
    // The cancellation is a return, negative in quantity and amount alike.
    let orders = Sheet::read(&book, "Orders");
    let row = orders.row("Order ID", "C536379");
    assert_eq!(orders.text(row, "Type"), "return");
    assert_close(orders.number(row, "Quantity"), -1.0, "quantity");
    assert_close(orders.number(row, "Amount"), -3.39, "amount");
    // 12/1/2010 is month first, as the dataset's authors wrote it.
    assert_eq!(
        calamine::DataType::as_date(&row[orders.col("Order date")]),
        chrono::NaiveDate::from_ymd_opt(2010, 12, 1)
    );
    // The line without a customer is listed, not dropped in silence.
    let issues = Sheet::read(&book, "Data issues");
    assert_eq!(issues.rows.len(), 1);
    assert!(
        issues
            .text(&issues.rows[0], "Problem")
            .contains("empty customer id")
    );
}

/// Two exports appended into one CSV, as Kaggle's copy of Online Retail II joins its two
/// years (both hold a week of December 2010; here in March 2026): the orders written twice,
/// line for line and cell for cell, two or more in a row, count once and are listed; a line
/// repeated within its own order still counts. By hand: 17850 has 536365 (2 × 6 × 2.55 +
/// 6 × 3.39 = 50.94, the repeated first line counting) and 536366 (2 × 1.85 = 3.70), each
/// written twice, so 54.64 over two orders; 13047 has 536367 (32 × 1.69 = 54.08) and, in
/// the second export only, 536368 (4 × 2.10 = 8.40): 62.48.
#[test]
fn orders_a_csv_writes_twice_count_once() {
    let head = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
    let first = "536365,85123A,HEART,6,2026-03-01 08:26,2.55,17850,UK\n\
                 536365,85123A,HEART,6,2026-03-01 08:26,2.55,17850,UK\n\
                 536365,71053,LANTERN,6,2026-03-01 08:26,3.39,17850,UK\n\
                 536366,22633,WARMER,2,2026-03-01 08:28,1.85,17850,UK\n\
                 536367,84879,BIRD,32,2026-03-01 08:34,1.69,13047,UK\n";
    let second = "536365,85123A,HEART,6,2026-03-01 08:26,2.55,17850,UK\n\
                  536365,71053,LANTERN,6,2026-03-01 08:26,3.39,17850,UK\n\
                  536365,85123A,HEART,6,2026-03-01 08:26,2.55,17850,UK\n\
                  536366,22633,WARMER,2,2026-03-01 08:28,1.85,17850,UK\n\
                  536368,22745,FRAME,4,2026-03-02 09:10,2.10,13047,UK\n";
    let dir = score_files(
        &[("online_retail_II.csv", &format!("{head}{first}{second}"))],
        &["-o", "out.xlsx"],
    );
    let book = dir.path().join("out.xlsx");
    let customers = Sheet::read(&book, "Customers");
    let row = customers.row("Customer ID", "17850");
    assert_close(customers.number(row, "Net spend"), 54.64, "17850");
    assert_eq!(customers.text(row, "Orders"), "2");
    let row = customers.row("Customer ID", "13047");
    assert_close(customers.number(row, "Net spend"), 62.48, "13047");
    // The four copies (CSV lines 7 to 10) are listed, each naming the line it copies.
    let issues = Sheet::read(&book, "Data issues");
    let rows: Vec<String> = issues.column("Row");
    assert_eq!(rows, ["7", "8", "9", "10"]);
    assert!(
        issues
            .text(&issues.rows[0], "Problem")
            .contains("the table writes this order twice, so it is counted once"),
        "{:?}",
        issues.rows[0]
    );
    assert_eq!(Sheet::read(&book, "Orders").rows.len(), 6);
}

/// An order's lines apart are its own where nothing says they were written twice: one
/// order's copy alone between others (a list sorted by product), and lines apart in a cell
/// no figure maps (two payments of one order in a list sorted by payment method). By hand:
/// every line counts, K1 100 and Alice 100.
#[test]
fn an_order_s_lines_apart_are_its_own() {
    let sorted = score_files(
        &[(
            "lines.csv",
            "Order ID,Customer ID,Order Date,Product,Amount\n\
             A1,K1,2026-03-01,Chair,50\nB1,K2,2026-03-01,Desk,80\nA1,K1,2026-03-01,Chair,50\n",
        )],
        &["-o", "out.xlsx"],
    );
    let customers = Sheet::read(&sorted.path().join("out.xlsx"), "Customers");
    assert_close(customers.figure("K1", "Net spend"), 100.0, "K1");
    let paid = score_files(
        &[(
            "payments.csv",
            "Order ID,Customer ID,Order Date,Amount,Payment Method\n\
             1001,Alice,2026-03-01,50,card\n1002,Bob,2026-03-01,30,card\n\
             1001,Alice,2026-03-01,50,gift card\n1002,Bob,2026-03-01,30,gift card\n",
        )],
        &["-o", "out.xlsx"],
    );
    let customers = Sheet::read(&paid.path().join("out.xlsx"), "Customers");
    assert_close(customers.figure("Alice", "Net spend"), 100.0, "Alice");
}

/// A data warehouse's sales facts (Contoso's `FactOnlineSales`) read without config: the
/// customer's key, the day's key, the sales order number and the product's key. The amount
/// returned is taken off only when mapped as the refund (a table may give its returns rows of
/// their own). By hand: 24924's order 20260301001 is 100 + (50 − 20 returned) = 130; 24925's
/// is 80.
#[test]
fn a_warehouse_s_sales_facts_are_read_without_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("FactOnlineSales.csv"),
        "OnlineSalesKey,DateKey,StoreKey,ProductKey,CustomerKey,SalesOrderNumber,SalesOrderLineNumber,SalesQuantity,SalesAmount,ReturnQuantity,ReturnAmount\n\
         1,2026-03-01,306,319,24924,20260301001,1,2,100,0,0\n\
         2,2026-03-01,306,320,24924,20260301001,2,1,50,1,20\n\
         3,2026-04-01,306,319,24925,20260401002,1,1,80,0,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[columns.orders]\nrefund = \"ReturnAmount\"\n",
    )
    .unwrap();
    tiers(dir.path())
        .args([
            "score",
            "FactOnlineSales.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
            "--strict",
        ])
        .assert()
        .success();
    let book = dir.path().join("out.xlsx");
    let customers = Sheet::read(&book, "Customers");
    let row = customers.row("Customer ID", "24924");
    assert_close(customers.number(row, "Net spend"), 130.0, "24924");
    assert_eq!(customers.text(row, "Orders"), "1");
    let row = customers.row("Customer ID", "24925");
    assert_close(customers.number(row, "Net spend"), 80.0, "24925");
    let orders = Sheet::read(&book, "Orders");
    assert_eq!(
        orders.column("Order ID"),
        ["20260301001", "20260301001", "20260401002"]
    );
    assert_eq!(orders.column("Product"), ["319", "320", "319"]);
}

/// A Chinese workbook says in Chinese why rows were not used, and `tiers report` reading it
/// back still tells a totals row (which held no data) from a row that was lost: with the
/// totals row alone, `--strict` passes.
#[test]
fn data_issues_are_written_in_the_workbook_s_language() {
    let dir = score_files(
        &[(
            "订单.csv",
            "客户编号,下单日期,订单金额,订单状态\nK1,2026-03-05,100,已完成\n,2026-03-06,50,已完成\nK2,2026-13-45,50,已完成\nK2,2026-03-07,abc,已完成\nK2,2026-03-08,60,在路上\n合计,,360,\n",
        )],
        &["-o", "out.xlsx", "--lang", "zh"],
    );
    let out = dir.path().join("out.xlsx");
    let issues = Sheet::read(&out, "数据问题");
    assert_eq!(
        issues.column("问题"),
        [
            "客户编号为空",
            "应为日期，如 2026-03-05",
            "应为金额，如 1280.50",
            "未知状态（可在 tiers.toml 的 input.status_aliases 中添加）；应为已完成、已发货、已处理、待处理、已取消、退货或已退款（completed, shipped, processed, pending, cancelled, returned, refunded）",
            "合计行，不是客户",
        ]
    );
    // So are the notes on the inputs.
    let rules = Sheet::read(&out, "规则");
    assert!(
        rules.rows.iter().any(|r| r[1]
            .to_string()
            .starts_with("没有订单行有品类，所以得分不计品类广度")),
        "no Chinese note in the Rules sheet"
    );
    let table = rules.rows.iter().find(|r| r[0] == "订单.csv").unwrap();
    assert!(
        table[1]
            .to_string()
            .starts_with("订单；表头在第 1 行；使用 1 行，跳过 5 行；"),
        "{table:?}"
    );
    std::fs::write(
        dir.path().join("totals.csv"),
        "客户编号,下单日期,订单金额\nK1,2026-03-05,100\n合计,,100\n",
    )
    .unwrap();
    // The report reads the Data issues sheet back from the workbook.
    for args in [
        ["score", "totals.csv", "-o", "totals.xlsx", "--lang", "zh"],
        ["report", "totals.xlsx", "-o", "report.xlsx", "--lang", "zh"],
    ] {
        tiers(dir.path())
            .args(args)
            .args(["--as-of", AS_OF, "--strict", "-q"])
            .assert()
            .success();
    }
}

/// A sales ledger without order ids (销售明细: one row per product sold): a customer's lines
/// of one day are one purchase, with a note. By hand: 张三 bought three products on 03-05 and
/// one on 04-01, 2 orders and 60 + 25 + 15 + 40 = 140; 李四 two products on 03-05, 1 order
/// and 30 + 20 = 50.
#[test]
fn a_ledger_without_order_ids_counts_a_customer_s_day_as_one_order() {
    let dir = score_files(
        &[(
            "销售明细.csv",
            "客户,日期,产品,金额\n张三,2026-03-05,茶叶,60\n张三,2026-03-05,茶杯,25\n李四,2026-03-05,茶叶,30\n张三,2026-03-05,茶盘,15\n李四,2026-03-05,茶杯,20\n张三,2026-04-01,茶叶,40\n",
        )],
        &["-o", "out.xlsx"],
    );
    let sheet = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    for (name, orders, spend) in [("张三", 2.0, 140.0), ("李四", 1.0, 50.0)] {
        let row = sheet.row("Name", name);
        assert_eq!(sheet.number(row, "Orders"), orders, "{name}");
        assert_close(sheet.number(row, "Net spend"), spend, name);
    }
    let rules = Sheet::read(&dir.path().join("out.xlsx"), "Rules");
    assert!(
        rules.rows.iter().any(|r| r[1].to_string().ends_with(
            "5 lines without an order id share their customer's day with another; a customer's lines of one day without an id count as one order"
        )),
        "no note in the Rules sheet"
    );
}

/// A customers sheet writes its ids with leading zeros (00017, as text), while the orders
/// workbook holds them as numbers (17: Excel drops the zeros of an id typed as a number).
/// By hand: 17's two orders (100 + 50) and 18's one (70) are theirs, with their names; 19 is
/// no listed customer and stays 19.
#[test]
fn ids_written_with_leading_zeros_match_the_numbers_excel_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("customers.csv"),
        "Customer ID,Customer Name\n00017,Atelier\n00018,Signal\n",
    )
    .unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Orders").unwrap();
    sheet
        .write_row(0, 0, ["Customer ID", "Order Date", "Amount"])
        .unwrap();
    for (row, (id, date, amount)) in (1..).zip([
        (17.0, "2026-03-01", 100.0),
        (17.0, "2026-04-01", 50.0),
        (18.0, "2026-05-01", 70.0),
        (19.0, "2026-05-02", 30.0),
    ]) {
        sheet.write_number(row, 0, id).unwrap();
        sheet.write(row, 1, date).unwrap();
        sheet.write_number(row, 2, amount).unwrap();
    }
    book.save(dir.path().join("orders.xlsx")).unwrap();
    // The same orders as a CSV Excel saved: the ids are digits without their zeros.
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount\n17,2026-03-01,100\n17,2026-04-01,50\n18,2026-05-01,70\n19,2026-05-02,30\n",
    )
    .unwrap();
    for orders in ["orders.xlsx", "orders.csv"] {
        let output = tiers(dir.path())
            .args([
                "score",
                "customers.csv",
                orders,
                "-o",
                "out.xlsx",
                "--fresh",
            ])
            .args(["--as-of", "2026-06-30"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("3 order rows give the customer id without the leading zeros"),
            "{orders}: {stderr}"
        );
        let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
        let row = |id| customers.row("Customer ID", id);
        assert_eq!(customers.number(row("00017"), "Orders"), 2.0);
        assert_eq!(customers.number(row("00017"), "Net spend"), 150.0);
        assert_eq!(customers.text(row("00017"), "Name"), "Atelier");
        assert_eq!(customers.number(row("00018"), "Net spend"), 70.0);
        assert_eq!(customers.number(row("19"), "Net spend"), 30.0);
        assert_eq!(customers.rows.len(), 3, "{orders}");
    }
}

/// Orders that name their customer only: a name two customers of the customers sheet share
/// says nothing of whose the order is (listed, not given to the first 张伟), and a name typed
/// in full-width letters (ＴＣＬ商贸) is the customers sheet's TCL商贸.
#[test]
fn a_shared_name_is_nobody_s_and_full_width_names_match() {
    let dir = score_files(
        &[
            ("c.csv", "客户编号,客户名称\nC1,张伟\nC2,张伟\nK1,TCL商贸\n"),
            (
                "o.csv",
                "客户名称,下单日期,订单金额\n张伟,2026-01-05,100\n张伟,2026-02-05,5000\nＴＣＬ商贸,2026-02-06,300\nTCL商贸,2026-02-07,200\n",
            ),
        ],
        &["--lang", "en"],
    );
    let book = dir.path().join("c.tiers.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    assert_eq!(sheet.rows.len(), 3, "C1, C2 and K1, no customer added");
    assert_close(
        sheet.number(sheet.row("Customer ID", "K1"), "Net spend"),
        500.0,
        "K1",
    );
    for id in ["C1", "C2"] {
        assert_close(
            sheet.number(sheet.row("Customer ID", id), "Net spend"),
            0.0,
            id,
        );
    }
    let issues = Sheet::read(&book, "Data issues");
    let reasons = issues.column("Problem");
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].contains("more than one customer is named so (C1, C2)"),
        "{reasons:?}"
    );
}

/// A discount typed with a Chinese input method's full-width percent sign (１５％) is 15%, as
/// 15% and "10 %" are. By hand: C1 paid 100 × 0.85 + 100 × 0.90 = 175, C2 100 × 0.8 = 80.
#[test]
fn full_width_percent_discounts() {
    let dir = score_files(
        &[(
            "disc.csv",
            "Order ID,Customer ID,Order Date,Unit Price,Quantity,Discount\nA1,C1,2026-03-01,100,1,１５％\nA2,C1,2026-03-02,100,1,10 %\nA3,C2,2026-03-03,100,1,0.2\n",
        )],
        &["--strict"],
    );
    let sheet = Sheet::read(&dir.path().join("disc.tiers.xlsx"), "Customers");
    assert_close(
        sheet.number(sheet.row("Customer ID", "C1"), "Net spend"),
        175.0,
        "C1",
    );
    assert_close(
        sheet.number(sheet.row("Customer ID", "C2"), "Net spend"),
        80.0,
        "C2",
    );
}

/// A CSV with a two-row header whose second row is the shorter (客户,下单,订单金额 over
/// 编号,日期, as a merged header saves): its lines are as wide as the header, not "fields
/// beyond the header". By hand: C1 100, C2 50.
#[test]
fn a_csv_s_shorter_second_header_row() {
    let dir = score_files(
        &[(
            "tworow.csv",
            "客户,下单,订单金额\n编号,日期\nC1,2026-01-05,100\nC2,2026-01-06,50\n",
        )],
        &["--strict", "--lang", "en"],
    );
    let sheet = Sheet::read(&dir.path().join("tworow.tiers.xlsx"), "Customers");
    assert_close(
        sheet.number(sheet.row("Customer ID", "C1"), "Net spend"),
        100.0,
        "C1",
    );
    assert_close(
        sheet.number(sheet.row("Customer ID", "C2"), "Net spend"),
        50.0,
        "C2",
    );
}

/// Amounts in several currencies in one column are added as they are, and the run says so,
/// naming the currencies; one currency throughout says nothing.
#[test]
fn several_currencies_in_one_column_are_noted() {
    let stderr = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("orders.csv"), text).unwrap();
        let output = tiers(dir.path())
            .args(["score", "orders.csv", "--as-of", AS_OF])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let mixed = stderr(
        "Customer ID,Order Date,Amount,Currency\nC1,2026-03-01,100,USD\nC1,2026-03-02,100,USD\nC2,2026-03-03,9000,JPY\nC3,2026-03-04,50,usd\n",
    );
    assert!(
        mixed.contains("holds several currencies (USD, JPY)"),
        "{mixed}"
    );
    let single = stderr(
        "Customer ID,Order Date,Amount,Currency\nC1,2026-03-01,100,USD\nC2,2026-03-03,90,USD\n",
    );
    assert!(!single.contains("currencies"), "{single}");
}

/// A table's notes count the rows it used: of a returns file's three lines, two with no
/// amount are listed, and the note speaks of the one taken as a return.
#[test]
fn notes_count_only_the_rows_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount\nC1,2026-01-05,100\nC2,2026-01-06,200\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("returns_x.csv"),
        "Customer ID,Return Date,Amount\nC1,2026-02-05,40\nC1,2026-02-06,abc\nC2,2026-02-07,xyz\n",
    )
    .unwrap();
    let stderr = stderr_of(
        dir.path(),
        &["score", "orders.csv", "returns_x.csv", "--as-of", AS_OF],
        0,
    );
    assert!(
        stderr.contains("so its 1 line is taken as a return"),
        "{stderr}"
    );
}

/// A plain "ID" in a table of lines is no order id (only Magento's grid names its orders so):
/// a customer's three lines of one day stay one purchase. By hand: C1 bought 20 × 3 = 60 in
/// one order.
#[test]
fn a_plain_id_column_is_no_order_id() {
    let dir = score_files(
        &[(
            "lines.csv",
            "ID,Customer ID,Order Date,Product,Quantity,Amount\n1,C1,2026-03-01,Tea,1,20\n2,C1,2026-03-01,Cup,1,20\n3,C1,2026-03-01,Pot,1,20\n4,C2,2026-03-02,Tea,1,20\n",
        )],
        &[],
    );
    let sheet = Sheet::read(&dir.path().join("lines.tiers.xlsx"), "Customers");
    assert_close(
        sheet.number(sheet.row("Customer ID", "C1"), "Orders"),
        1.0,
        "C1's orders",
    );
    assert_close(
        sheet.number(sheet.row("Customer ID", "C1"), "Net spend"),
        60.0,
        "C1",
    );
}

/// Orders naming their customer only by name find the one customers sheet customer of that
/// name, whether a table of orders by id (whose customer of the same name is added from the
/// orders) is read before or after. By hand: C1 Acme 100 + 400.
#[test]
fn a_name_is_found_whatever_the_order_of_the_tables() {
    let files = [
        ("customers.csv", "Customer ID,Customer Name\nC1,Acme\n"),
        (
            "by_id.csv",
            "Customer ID,Customer Name,Order Date,Amount\nC1,Acme,2026-03-01,100\nC9,Acme,2026-03-02,70\n",
        ),
        (
            "by_name.csv",
            "Customer Name,Order Date,Amount\nAcme,2026-03-03,400\n",
        ),
    ];
    for order in [[0, 1, 2], [0, 2, 1]] {
        let dir = score_files(&order.map(|k| files[k]), &["--strict", "-o", "out.xlsx"]);
        let sheet = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
        assert_close(
            sheet.number(sheet.row("Customer ID", "C1"), "Net spend"),
            500.0,
            "C1",
        );
    }
}
