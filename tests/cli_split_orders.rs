//! Order exports split in two, as databases and ERPs write them: order rows (id, customer,
//! date) in one table and their lines (id, product, price, quantity, discount) in another,
//! joined by the order id. Expected figures are computed here from the generated lines.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rust_xlsxwriter::{Format, Workbook};

use crate::common::{Sheet, assert_close, tiers, write_ledger};

const AS_OF: &str = "2026-11-30";
const CUSTOMERS: [&str; 4] = ["ALFKI", "ANATR", "ANTON", "AROUT"];
const DISCOUNTS: [f64; 6] = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25];

/// One line of Northwind's Order Details: order id, product, unit price, quantity, discount.
type Line = (u32, u32, f64, f64, f64);

/// Forty orders from 2026-01-05 a week apart, of one to three lines each.
fn northwind() -> (Vec<(u32, &'static str, NaiveDate)>, Vec<Line>) {
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut orders = Vec::new();
    let mut lines = Vec::new();
    for k in 0..40_u32 {
        let id = 10_248 + k;
        let customer = CUSTOMERS[(k * 7 % 11 % 4) as usize];
        orders.push((id, customer, first + Days::new(u64::from(k) * 7)));
        for j in 0..=(k % 3) {
            let price = f64::from(5 + (k * (j + 3)) % 17) + 0.5;
            let quantity = f64::from(1 + (k + j) % 9);
            let discount = DISCOUNTS[((k + j) % 6) as usize];
            lines.push((id, 11 + j + k % 5, price, quantity, discount));
        }
    }
    (orders, lines)
}

#[test]
fn northwind_orders_and_order_details_are_joined_by_order_id() {
    let (orders, lines) = northwind();
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Customers").unwrap();
    sheet
        .write_row(
            0,
            0,
            ["CustomerID", "CompanyName", "ContactName", "Country"],
        )
        .unwrap();
    for (row, id) in CUSTOMERS.iter().enumerate() {
        let row = row as u32 + 1;
        sheet
            .write_row(row, 0, [*id, &format!("{id} Ltd"), "Maria", "Germany"])
            .unwrap();
    }
    let sheet = book.add_worksheet().set_name("Orders").unwrap();
    sheet
        .write_row(
            0,
            0,
            [
                "OrderID",
                "CustomerID",
                "EmployeeID",
                "OrderDate",
                "Freight",
            ],
        )
        .unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (row, (id, customer, day)) in orders.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_number(row, 0, *id).unwrap();
        sheet.write_string(row, 1, *customer).unwrap();
        sheet.write_number(row, 2, 5).unwrap();
        sheet
            .write_datetime_with_format(row, 3, day, &date)
            .unwrap();
        sheet.write_number(row, 4, 32.38).unwrap();
    }
    let sheet = book.add_worksheet().set_name("Order Details").unwrap();
    sheet
        .write_row(
            0,
            0,
            ["OrderID", "ProductID", "UnitPrice", "Quantity", "Discount"],
        )
        .unwrap();
    for (row, (id, product, price, quantity, discount)) in lines.iter().enumerate() {
        let row = row as u32 + 1;
        for (col, value) in [
            f64::from(*id),
            f64::from(*product),
            *price,
            *quantity,
            *discount,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number(row, col as u16, value).unwrap();
        }
    }
    book.save(dir.path().join("northwind.xlsx")).unwrap();

    // Every row used: --strict would fail on any row left out.
    tiers(dir.path())
        .args([
            "score",
            "northwind.xlsx",
            "--as-of",
            AS_OF,
            "--strict",
            "-q",
        ])
        .assert()
        .success();

    let customer_of: BTreeMap<u32, &str> = orders.iter().map(|(id, c, _)| (*id, *c)).collect();
    let mut spend: BTreeMap<&str, f64> = BTreeMap::new();
    for (id, _, price, quantity, discount) in &lines {
        *spend.entry(customer_of[id]).or_default() += price * quantity * (1.0 - discount);
    }
    let out = dir.path().join("northwind.tiers.xlsx");
    let customers = Sheet::read(&out, "Customers");
    for id in CUSTOMERS {
        let row = customers.row("Customer ID", id);
        let count = orders.iter().filter(|(_, c, _)| *c == id).count();
        assert_eq!(customers.number(row, "Orders"), count as f64, "{id}");
        assert_close(customers.number(row, "Net spend"), spend[id], id);
        assert_eq!(customers.text(row, "Name"), format!("{id} Ltd"));
    }
    let history = Sheet::read(&out, "Orders");
    assert_eq!(history.rows.len(), lines.len());
    // Each line carries its order's date and customer.
    let row = history.row("Order ID", "10250");
    assert_eq!(history.text(row, "Customer ID"), customer_of[&10_250]);
    assert_eq!(history.date(row, "Order date"), "2026-01-19");
}

#[test]
fn a_line_of_no_order_and_an_order_of_no_line_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("销售订单.csv"),
        "订单编号,客户编号,客户名称,下单日期,订单状态\nSO-1,K1,华兴贸易,2026-10-03,已完成\nSO-2,K2,东方超市,2026-10-08,已完成\nSO-3,K1,华兴贸易,2026-11-02,已取消\nSO-4,K2,东方超市,2026-11-05,已完成\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("订单明细.csv"),
        "订单编号,商品名称,单价,数量\nSO-1,绿茶,12.5,4\nSO-1,茶杯,8,2\nSO-2,绿茶,12.5,10\nSO-3,绿茶,12.5,1\nSO-9,茶壶,99,1\n",
    )
    .unwrap();
    tiers(dir.path())
        .args([
            "score",
            "销售订单.csv",
            "订单明细.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
            "--lang",
            "zh",
            "-q",
        ])
        .assert()
        .success();
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "客户");
    let spend = |id| customers.number(customers.row("客户编号", id), "净消费额");
    // SO-1: 12.5 × 4 + 8 × 2; SO-3 was cancelled.
    assert_close(spend("K1"), 66.0, "K1");
    assert_close(spend("K2"), 125.0, "K2");
    let issues = Sheet::read(&out, "数据问题");
    let listed: Vec<(String, String)> = issues
        .rows
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .collect();
    assert_eq!(
        listed,
        [
            ("订单明细.csv".to_owned(), "6".to_owned()),
            ("销售订单.csv".to_owned(), "5".to_owned()),
        ]
    );
    assert_eq!(
        issues.column("问题"),
        [
            "订单表中没有此订单编号（销售订单.csv）",
            "订单明细.csv 中没有此订单的明细；整单不计",
        ]
    );
    tiers(dir.path())
        .args(["score", "销售订单.csv", "订单明细.csv", "-o", "strict.xlsx"])
        .args(["--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .failure();
    assert!(!dir.path().join("strict.xlsx").exists());
    // Scripts can tell the two halves apart.
    let run = tiers(dir.path())
        .args(["check", "销售订单.csv", "订单明细.csv", "--json"])
        .args(["--as-of", AS_OF])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let parts: Vec<&str> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["part"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(parts, ["order_rows", "lines"]);
}

#[test]
fn olist_customers_are_graded_by_their_unique_id() {
    let dir = tempfile::tempdir().unwrap();
    // Olist gives every order a customer id of its own; customer_unique_id is the person.
    std::fs::write(
        dir.path().join("olist_customers_dataset.csv"),
        "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state\n\
         c1,u1,01001,sao paulo,SP\nc2,u2,20010,rio de janeiro,RJ\nc3,u1,01001,sao paulo,SP\n\
         c4,u1,01002,sao paulo,SP\nc5,u3,30110,belo horizonte,MG\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("olist_orders_dataset.csv"),
        "order_id,customer_id,order_status,order_purchase_timestamp\n\
         o1,c1,delivered,2026-03-01 10:00:00\no2,c2,delivered,2026-04-02 11:00:00\n\
         o3,c3,delivered,2026-06-03 12:00:00\no4,c4,canceled,2026-07-04 13:00:00\n\
         o5,c5,delivered,2026-08-05 14:00:00\no6,c5,unavailable,2026-09-01 10:00:00\n",
    )
    .unwrap();
    // o6 was never available, so it has no items; its 1-star review is still u3's complaint.
    std::fs::write(
        dir.path().join("olist_order_reviews_dataset.csv"),
        "review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,review_answer_timestamp\n\
         r1,o6,1,,nunca chegou,2026-09-20 00:00:00,2026-09-21 10:00:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("olist_order_items_dataset.csv"),
        "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value\n\
         o1,1,p1,s1,2026-03-05 10:00:00,100.00,10.00\no1,2,p2,s1,2026-03-05 10:00:00,50.00,5.00\n\
         o2,1,p1,s1,2026-04-06 11:00:00,80.00,8.00\no3,1,p3,s2,2026-06-07 12:00:00,120.00,12.00\n\
         o4,1,p1,s1,2026-07-08 13:00:00,999.00,9.00\no5,1,p2,s2,2026-08-09 14:00:00,60.00,6.00\n",
    )
    .unwrap();
    let run = tiers(dir.path())
        .args([
            "score",
            "olist_customers_dataset.csv",
            "olist_orders_dataset.csv",
        ])
        .args([
            "olist_order_items_dataset.csv",
            "olist_order_reviews_dataset.csv",
        ])
        .args(["-o", "out.xlsx", "--as-of", AS_OF])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("2 rows give another customer id to a customer listed above"),
        "{stderr}"
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    assert_eq!(customers.column("Customer ID"), ["u1", "u2", "u3"]);
    let figure = |id, header| customers.figure(id, header);
    // u1: o1 (100 + 50) and o3 (120) under c1 and c3; o4 under c4 was cancelled.
    assert_close(figure("u1", "Orders"), 2.0, "u1 orders");
    assert_close(figure("u1", "Net spend"), 270.0, "u1 spend");
    assert_close(figure("u2", "Net spend"), 80.0, "u2 spend");
    assert_close(figure("u3", "Net spend"), 60.0, "u3 spend");
    assert_close(figure("u3", "Complaints"), 1.0, "u3 complaints");
    let u1 = customers.row("Customer ID", "u1");
    assert_eq!(customers.text(u1, "customer_city"), "sao paulo");
    // The lines of o3 are u1's in the purchase history too.
    let orders = Sheet::read(&out, "Orders");
    let o3 = orders.row("Order ID", "o3");
    assert_eq!(orders.text(o3, "Customer ID"), "u1");
    // The only data issue is o6, an order row without lines; each customer gave an id.
    let issues = Sheet::read(&out, "Data issues");
    assert_eq!(issues.column("Value"), ["o6"]);
    // An order's customer id finds the customer it belongs to.
    let run = tiers(dir.path())
        .args([
            "explain",
            "c3",
            "olist_customers_dataset.csv",
            "olist_orders_dataset.csv",
        ])
        .args(["olist_order_items_dataset.csv", "--as-of", AS_OF])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(stdout.contains("u1"), "{stdout}");
}

/// A unique id that groups nothing says nothing: a "Master Customer ID" of 0 (none) for two
/// customers does not make them one, and one that stands for a single customer id each
/// leaves the customer ids as they are. By hand: Ann 100, Bob 200, Cat 150 + 200 (C3 and C4
/// under M9, graded as M9).
#[test]
fn a_unique_id_of_none_or_of_one_customer_id_each_names_nobody_new() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("customers.csv"),
        "Customer ID,Name,Master Customer ID\nC1,Ann,0\nC2,Bob,0\nC3,Cat,M9\nC4,Cat,M9\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Order ID,Customer ID,Order Date,Amount\nA1,C1,2026-03-01,100\nA2,C2,2026-04-01,200\nA3,C3,2026-05-01,150\nA4,C4,2026-06-01,200\n",
    )
    .unwrap();
    tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "-o", "out.xlsx"])
        .args(["--as-of", AS_OF, "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let spend = |id| customers.figure(id, "Net spend");
    assert_close(spend("C1"), 100.0, "Ann");
    assert_close(spend("C2"), 200.0, "Bob");
    assert_close(spend("M9"), 350.0, "Cat");
    std::fs::write(
        dir.path().join("customers.csv"),
        "Customer ID,Name,Master Customer ID\nC1,Ann,M1\nC2,Bob,M2\n",
    )
    .unwrap();
    tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "-o", "one.xlsx"])
        .args(["--as-of", AS_OF, "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("one.xlsx"), "Customers");
    assert_close(
        customers.figure("C1", "Net spend"),
        100.0,
        "Ann by her customer id",
    );
}

/// Adventure Works' `SalesOrderHeader` gives its status as a number: 5 is Shipped and 6
/// Cancelled, as its documentation names them, told by its `OnlineOrderFlag`. By hand: 11049's
/// order 43659 is 25.62 + 40.00; order 43660 (11050) was cancelled.
#[test]
fn adventure_works_numeric_statuses_are_read_by_their_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("SalesOrderHeader.csv"),
        "SalesOrderID,RevisionNumber,OrderDate,Status,OnlineOrderFlag,AccountNumber,CustomerID,SubTotal,TotalDue\n\
         43659,8,2026-03-22 00:00:00.000,5,1,10-4030-011049,11049,65.6215,72.18\n\
         43660,8,2026-04-02 00:00:00.000,6,1,10-4030-011050,11050,30.00,33.00\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("SalesOrderDetail.csv"),
        "SalesOrderID,SalesOrderDetailID,OrderQty,ProductID,UnitPrice,UnitPriceDiscount,LineTotal\n\
         43659,1,3,817,8.99,0.05,25.6215\n43659,2,1,818,40.00,0,40.00\n43660,3,1,817,30.00,0,30.00\n",
    )
    .unwrap();
    tiers(dir.path())
        .args(["score", "SalesOrderHeader.csv", "SalesOrderDetail.csv"])
        .args(["-o", "out.xlsx", "--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .success();
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let spend = |id| customers.figure(id, "Net spend");
    assert_close(spend("11049"), 65.6215, "11049");
    assert_close(spend("11050"), 0.0, "11050");
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.column("Status"), ["Shipped", "Shipped", "Cancelled"]);
}

/// A products sheet (商品资料: a product with its category and brand) beside orders that
/// name only the product: the lines take their product's category and brand, so breadth
/// counts. By hand: 华兴 bought 绿茶 and 茶杯 (茶叶, 茶具: two categories), 顺达 绿茶 twice.
#[test]
fn a_products_sheet_gives_order_lines_their_category_and_brand() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("销售明细").unwrap();
    sheet
        .write_row(0, 0, ["客户名称", "下单日期", "商品名称", "金额"])
        .unwrap();
    write_ledger(
        sheet,
        1,
        &[
            ("华兴", "2026-03-01", "绿茶", 100.0),
            ("华兴", "2026-04-01", "茶杯", 40.0),
            ("顺达", "2026-04-02", "绿茶", 300.0),
            ("顺达", "2026-05-02", "绿茶", 200.0),
        ],
    );
    let sheet = book.add_worksheet().set_name("商品资料").unwrap();
    sheet
        .write_row(0, 0, ["商品名称", "品类", "品牌", "单价"])
        .unwrap();
    sheet.write_row(1, 0, ["绿茶", "茶叶", "西湖"]).unwrap();
    sheet.write_number(1, 3, 100).unwrap();
    sheet.write_row(2, 0, ["茶杯", "茶具", "景德"]).unwrap();
    sheet.write_number(2, 3, 40).unwrap();
    // A stock list repeats a product per warehouse: alike, it is no issue.
    sheet.write_row(3, 0, ["茶杯", "茶具", "景德"]).unwrap();
    sheet.write_number(3, 3, 40).unwrap();
    book.save(dir.path().join("台账.xlsx")).unwrap();
    let run = tiers(dir.path())
        .args([
            "score",
            "台账.xlsx",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
            "--strict",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains(r#"4 order lines take their product's category or brand from 台账.xlsx, sheet "商品资料""#),
        "{stderr}"
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let categories = |name| customers.number(customers.row("Name", name), "Categories");
    assert_close(categories("华兴"), 2.0, "华兴's categories");
    assert_close(categories("顺达"), 1.0, "顺达's categories");
    let shunda = customers.row("Name", "顺达");
    assert_eq!(customers.text(shunda, "Top brand"), "西湖 100%");
}

/// classicmodels: orders with a status and comments, their lines in orderdetails
/// (quantityOrdered, priceEach), and payments received. By hand, as of 2024-12-31: 103's
/// 10100 is 10 × 50 + 2 × 100 = 700 and its 10101 (Resolved: a settled dispute) 5 × 50 =
/// 250, 950 in two orders; 112's 10102 was cancelled and its 10103 is 200. The payments
/// (700 and 200) would count each sale twice, so they are left out, with a note.
#[test]
fn classicmodels_orders_with_comments_and_their_payments() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "customers.csv",
            "customerNumber,customerName,city\n103,Atelier,Nantes\n112,Signal,Las Vegas\n",
        ),
        (
            "orders.csv",
            "orderNumber,orderDate,requiredDate,shippedDate,status,comments,customerNumber
10100,2024-03-01,2024-03-10,2024-03-05,Shipped,,103
10101,2024-04-01,2024-04-10,2024-04-05,Resolved,Customer disputed the invoice; settled.,103
10102,2024-05-01,2024-05-10,NULL,Cancelled,Customer cancelled.,112
10103,2024-06-01,2024-06-10,2024-06-02,Shipped,Check on availability.,112
",
        ),
        (
            "orderdetails.csv",
            "orderNumber,productCode,quantityOrdered,priceEach,orderLineNumber
10100,S10_1678,10,50.00,1
10100,S10_1949,2,100.00,2
10101,S10_1678,5,50.00,1
10102,S12_1099,3,200.00,1
10103,S12_1099,1,200.00,1
",
        ),
        (
            "payments.csv",
            "customerNumber,checkNumber,paymentDate,amount\n103,HQ336336,2024-03-20,700.00\n112,JM555205,2024-06-15,200.00\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let output = tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "orderdetails.csv",
            "payments.csv",
        ])
        .args(["-o", "out.xlsx", "--as-of", "2024-12-31", "--strict"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("payments.csv: holds payments received, not orders"),
        "{stderr}"
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let row = |id| customers.row("Customer ID", id);
    assert_eq!(customers.number(row("103"), "Orders"), 2.0);
    assert_close(customers.number(row("103"), "Net spend"), 950.0, "103");
    assert_eq!(customers.number(row("112"), "Orders"), 1.0);
    assert_close(customers.number(row("112"), "Net spend"), 200.0, "112");
}

/// The `BikeStores` sample: orders with numeric statuses, and order items whose price
/// (`list_price`, here renamed `item_price` to stand for a header no alias knows) is named in
/// the config although only the items table has it; a product's id wins over the line's
/// `item_id`. By hand: order 1 is 2 × 100.00 ×
/// (1 − 0.10) + 1 × 50.00 = 230.00 for customer 13; order 2 (status 3, rejected) counts
/// nothing for customer 11.
#[test]
fn a_config_column_only_the_lines_have_is_taken_from_them() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "orders.csv",
        "order_id,customer_id,order_status,order_date,required_date,shipped_date,store_id,staff_id\n\
         1,13,4,2026-09-02,2026-09-03,2026-09-05,1,2\n\
         2,11,3,2026-09-03,2026-09-05,,3,6\n",
    );
    write(
        "order_items.csv",
        "order_id,item_id,product_id,quantity,item_price,discount\n\
         1,1,76,2,100.00,0.10\n1,2,190,1,50.00,0\n2,1,76,1,100.00,0\n",
    );
    write(
        "tiers.toml",
        "[columns.orders]\nunit_price = \"item_price\"\n\n[input.status_aliases]\n\"1\" = \"pending\"\n\"2\" = \"pending\"\n\"3\" = \"cancelled\"\n\"4\" = \"completed\"\n",
    );
    tiers(dir.path())
        .args(["score", "orders.csv", "order_items.csv", "-o", "out.xlsx"])
        .args(["--as-of", AS_OF, "-q"])
        .assert()
        .success();
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let spend = |id| customers.figure(id, "Net spend");
    assert_close(spend("13"), 230.0, "13");
    assert_close(spend("11"), 0.0, "11");
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.column("Product"), ["76", "190", "76"]);
}
