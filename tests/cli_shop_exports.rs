//! Exports in the shapes shop systems and ERPs write, read with no configuration: Shopify's
//! orders export, Taobao's 已卖出的宝贝 export in GBK, WooCommerce's, JD's and Pinduoduo's
//! order exports, an accounting ERP's sales documents, and a type column that holds kinds of
//! business. Expected figures are worked out by hand in each test's comment.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::fmt::Write as _;

use crate::common::{Sheet, assert_close, tiers};

const AS_OF: &str = "2024-12-31";

/// Writes `bytes` as `name` in a new directory and scores it into `out.xlsx`.
fn score(name: &str, bytes: &[u8], extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    tiers(dir.path())
        .args(["score", name, "-o", "out.xlsx", "--as-of", AS_OF, "-q"])
        .args(extra)
        .assert()
        .success();
    dir
}

/// Each customer's net spend in the Customers sheet, by customer id.
fn spends(dir: &tempfile::TempDir) -> Vec<(String, f64)> {
    spend(dir, "Customers", "Customer ID", "Net spend")
}

/// A new directory holding `files` (name, text).
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The spend of each customer in the Customers sheet, by the id column `id`.
fn spend(dir: &tempfile::TempDir, sheet: &str, id: &str, spend: &str) -> Vec<(String, f64)> {
    let customers = Sheet::read(&dir.path().join("out.xlsx"), sheet);
    let mut rows: Vec<(String, f64)> = customers
        .rows
        .iter()
        .map(|r| (customers.text(r, id), customers.number(r, spend)))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// Shopify writes an order's total, status and billing name on its first line only, names
/// the order number "Name" and the customer by "Email". By hand: alice's #1001 is 67.40 over
/// two lines; erin's #1008 is 1,550.00 over four; bob's #1002 was refunded (nothing) and his
/// #1007 paid 20.00; carol's #1009 was partially refunded, so it still counts, 40.00.
#[test]
fn a_shopify_orders_export_is_read_order_by_order() {
    let csv = "\
Name,Email,Financial Status,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Billing Name
#1001,alice@example.com,paid,62.50,4.90,11.88,67.40,2024-03-05 14:22:01 +0100,2,Organic Tee - M,25.00,Alice Martin
#1001,alice@example.com,,,,,,2024-03-05 14:22:01 +0100,1,Enamel Mug,12.50,
#1002,bob@example.com,refunded,30.00,0.00,0.00,30.00,2024-04-10 09:00:00 +0100,1,Canvas Tote,30.00,Bob Stone
#1007,bob@example.com,paid,20.00,0.00,0.00,20.00,2024-12-20 10:00:00 +0100,1,Enamel Mug,20.00,Bob Stone
#1008,erin@example.com,paid,1550.00,0.00,247.48,1550.00,2024-09-09 12:00:00 +0200,10,Organic Tee - S,25.00,Erin Gray
#1008,erin@example.com,,,,,,2024-09-09 12:00:00 +0200,20,Enamel Mug,12.50,
#1008,erin@example.com,,,,,,2024-09-09 12:00:00 +0200,5,Hoodie - L,60.00,
#1008,erin@example.com,,,,,,2024-09-09 12:00:00 +0200,25,Canvas Tote,30.00,
#1009,carol@example.com,partially_refunded,40.00,0.00,0.00,40.00,2024-10-01 08:00:00 +0100,2,Organic Tee - M,20.00,Carol King
";
    let dir = score("orders_export_1.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [
            ("alice@example.com".to_owned(), 67.4),
            ("bob@example.com".to_owned(), 20.0),
            ("carol@example.com".to_owned(), 40.0),
            ("erin@example.com".to_owned(), 1550.0),
        ]
    );
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let erin = customers.row("Customer ID", "erin@example.com");
    assert_eq!(customers.number(erin, "Orders"), 1.0);
    assert_eq!(customers.text(erin, "Name"), "Erin Gray");
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.rows.len(), 9);
    let bob = orders.row("Order ID", "#1002");
    assert_eq!(orders.text(bob, "Not counted because"), "refunded");
}

/// Taobao's seller export, GBK: the buyer's account (买家会员名) is the customer, what they
/// paid (买家实际支付金额) the amount, not the 总金额 before it, and the statuses are its own
/// sentences. By hand: `tb_lin` paid 95.00 (shipped) + 53.00 (paid, not yet shipped) = 148.00;
/// `tb_wang`'s 1,280.00 order waits for payment and his 30.00 one was closed, so he has none.
#[test]
fn a_taobao_export_in_gbk_is_read_without_configuration() {
    let csv = "\
订单编号,买家会员名,总金额,买家实际支付金额,订单状态,订单创建时间,宝贝标题,宝贝总数量
\t2024110112345,tb_lin,100.00,95.00,卖家已发货，等待买家确认,2024-11-01 10:00:00,保温杯,1
\t2024110212345,tb_lin,53.00,53.00,买家已付款，等待卖家发货,2024-11-02 11:00:00,茶叶,2
\t2024110312345,tb_wang,1280.00,1280.00,等待买家付款,2024-11-03 12:00:00,茶具套装,1
\t2024110412345,tb_wang,30.00,0.00,交易关闭,2024-11-04 13:00:00,茶杯,1
";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(csv);
    assert!(!lossy);
    let dir = score("ExportOrderList20241231.csv", &gbk, &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("tb_lin".to_owned(), 148.0), ("tb_wang".to_owned(), 0.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let wang = customers.row("Customer ID", "tb_wang");
    assert_eq!(customers.number(wang, "Open orders"), 1.0);
}

/// An accounting ERP's sales documents: 往来单位 is the customer, 单据日期 the date, and
/// 单据类型 says 销售单 (a sale, which says nothing of new or repeat) or 销售退货单 (a
/// return). By hand: 华兴 bought 250 and returned 50, 200 net; 东方 bought 80.
#[test]
fn an_erp_s_sales_documents_and_their_returns_are_read() {
    let csv = "\
单据编号,单据日期,往来单位,商品名称,数量,单价,金额,单据类型
XS-2024-0001,2024-05-01,华兴贸易,A4打印纸,10,25.00,250.00,销售单
XS-2024-0002,2024-05-03,东方超市,订书机,2,40.00,80.00,销售单
XT-2024-0001,2024-05-05,华兴贸易,A4打印纸,2,25.00,50.00,销售退货单
";
    let dir = score(
        "销售单据.csv",
        csv.as_bytes(),
        &["--strict", "--lang", "zh"],
    );
    assert_eq!(
        spend(&dir, "客户", "客户编号", "净消费额"),
        [
            ("东方超市".to_owned(), 80.0),
            ("华兴贸易".to_owned(), 200.0)
        ]
    );
}

/// A type column holding kinds of business (Standard, Wholesale) classes those lines by their
/// history, with one note, where each line used to be refused. By hand: C1 1,000 + 200; C2
/// 300 − 80 (Return); C3 150.
#[test]
fn order_types_that_are_kinds_of_business_do_not_discard_the_sales() {
    let csv = "\
Order ID,Customer ID,Order Date,Amount,Status,Order Type
A1,C1,2024-05-01,1000,Completed,Standard
A2,C1,2024-05-10,200,Completed,Wholesale
A3,C2,2024-05-11,300,Completed,Retail
A4,C2,2024-05-12,80,Completed,Return
A5,C3,2024-05-13,150,Completed,Sales Order
";
    let dir = score("orders.csv", csv.as_bytes(), &["--strict"]);
    let spends = spend(&dir, "Customers", "Customer ID", "Net spend");
    for ((id, spent), expected) in spends.iter().zip([1200.0, 220.0, 150.0]) {
        assert_close(*spent, expected, id);
    }
    let rules = Sheet::read(&dir.path().join("out.xlsx"), "Rules");
    let noted = rules.rows.iter().any(|r| {
        r[1].to_string().starts_with(
            "orders.csv: column \"Order Type\" (F) says \"Standard\", \"Wholesale\", \"Retail\", \"Sales Order\" on 4 lines, not new, repeat or return",
        )
    });
    assert!(noted, "no note of the types in the Rules sheet");
}

/// Tableau's Superstore workbook: an Orders sheet and a Returns sheet that lists returned
/// orders (Returned, Order ID). By hand: CG-12520 bought CA-1 (100 + 50) and CA-2 (30), and
/// sent CA-1 back, 30 net over one order; DV-13045 bought CA-3 (80).
#[test]
fn superstore_s_returns_sheet_sends_its_orders_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let orders = book.add_worksheet().set_name("Orders").unwrap();
    let rows = [
        [
            "Row ID",
            "Order ID",
            "Order Date",
            "Customer ID",
            "Customer Name",
            "Sales",
        ],
        ["1", "CA-1", "2024-03-05", "CG-12520", "Claire Gute", "100"],
        ["2", "CA-1", "2024-03-05", "CG-12520", "Claire Gute", "50"],
        ["3", "CA-2", "2024-04-05", "CG-12520", "Claire Gute", "30"],
        [
            "4",
            "CA-3",
            "2024-05-05",
            "DV-13045",
            "Darrin Van Huff",
            "80",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        orders.write_row(r as u32, 0, *row).unwrap();
    }
    let returns = book.add_worksheet().set_name("Returns").unwrap();
    returns.write_row(0, 0, ["Returned", "Order ID"]).unwrap();
    returns.write_row(1, 0, ["Yes", "CA-1"]).unwrap();
    book.save(dir.path().join("Sample - Superstore.xlsx"))
        .unwrap();
    tiers(dir.path())
        .args(["score", "Sample - Superstore.xlsx", "-o", "out.xlsx"])
        .args(["--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let claire = customers.row("Customer ID", "CG-12520");
    assert_close(customers.number(claire, "Net spend"), 30.0, "CG-12520");
    assert_eq!(customers.number(claire, "Orders"), 1.0);
    let darrin = customers.row("Customer ID", "DV-13045");
    assert_close(customers.number(darrin, "Net spend"), 80.0, "DV-13045");
    let orders = Sheet::read(&dir.path().join("out.xlsx"), "Orders");
    for row in &orders.rows {
        let order = orders.text(row, "Order ID");
        let expected = if order == "CA-1" { "refunded" } else { "" };
        assert_eq!(orders.text(row, "Status"), expected, "{order}");
    }

    // Read back, the workbook grades the same: CA-1 stays sent back, not a return, and CA-2
    // (no status in the input) still counts.
    let output = tiers(dir.path())
        .args(["explain", "CG-12520", "out.xlsx", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let value = |part: &str| {
        let parts = json["parts"].as_array().unwrap();
        parts.iter().find(|p| p["component"] == part).unwrap()["value"].clone()
    };
    assert_eq!(value("monetary"), 30.0, "{json}");
    assert_eq!(value("frequency"), 1.0, "{json}");
}

/// WooCommerce's order export: the order's total and refund on every line of the order, a
/// Company (Billing) column blank for private buyers beside their Email (Billing), and their
/// first and last names apart. By hand:
/// jane's #1001 is 59 and #1003 85 less a 10 refund, 134 over 2 orders; bob's #1002 was
/// refunded and #1004 (Processing) is 19, 19 over 1 order.
#[test]
fn woocommerce_s_order_total_on_every_line_counts_once() {
    let csv = "\"Order Number\",\"Order Status\",\"Order Date\",\"First Name (Billing)\",\"Last Name (Billing)\",\"Company (Billing)\",\"Email (Billing)\",\"Order Refund Amount\",\"Order Total Amount\",\"Item Name\",\"Quantity (- Refund)\",\"Item Cost\"\n\
        \"1001\",\"Completed\",\"2024-08-01 10:00\",\"Jane\",\"Roe\",\"\",\"jane@example.com\",\"0.00\",\"59.00\",\"Hoodie\",\"1\",\"40.00\"\n\
        \"1001\",\"Completed\",\"2024-08-01 10:00\",\"Jane\",\"Roe\",\"\",\"jane@example.com\",\"0.00\",\"59.00\",\"Beanie\",\"1\",\"19.00\"\n\
        \"1002\",\"Refunded\",\"2024-09-01 11:00\",\"Bob\",\"Doe\",\"\",\"bob@shop.co.uk\",\"30.00\",\"30.00\",\"Mug\",\"2\",\"15.00\"\n\
        \"1003\",\"Completed\",\"2024-10-05 09:00\",\"Jane\",\"Roe\",\"\",\"jane@example.com\",\"10.00\",\"85.00\",\"Hoodie\",\"1\",\"40.00\"\n\
        \"1003\",\"Completed\",\"2024-10-05 09:00\",\"Jane\",\"Roe\",\"\",\"jane@example.com\",\"10.00\",\"85.00\",\"Mug\",\"3\",\"15.00\"\n\
        \"1004\",\"Processing\",\"2024-11-02 12:00\",\"Bob\",\"Doe\",\"\",\"bob@shop.co.uk\",\"0.00\",\"19.00\",\"Beanie\",\"1\",\"19.00\"\n";
    let dir = score("orders_export.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    for (id, name, orders, net) in [
        ("jane@example.com", "Jane Roe", 2.0, 134.0),
        ("bob@shop.co.uk", "Bob Doe", 1.0, 19.0),
    ] {
        let row = customers.row("Customer ID", id);
        assert_eq!(customers.text(row, "Name"), name);
        assert_eq!(customers.number(row, "Orders"), orders, "{id}");
        assert_close(customers.number(row, "Net spend"), net, id);
    }
}

/// JD.com's order export: 下单帐号 is the buyer, 订单金额 (before discounts) and 应付金额
/// (what was paid) stand on every line of an order, 锁定 is an order held for review. By
/// hand: `jd_138` paid 99 for J1 and 279 for J2, 378 over 2 orders; `jd_xyz`'s J3 is held, J4
/// paid 50.
#[test]
fn jd_s_paid_amount_on_every_line_counts_once() {
    let csv = "订单号,下单帐号,下单时间,商品名称,购买数量,订单金额,应付金额,订单状态\n\
        J1,jd_138,2024-09-01 10:00:00,手机壳,1,120.00,99.00,完成\n\
        J1,jd_138,2024-09-01 10:00:00,数据线,2,120.00,99.00,完成\n\
        J2,jd_138,2024-10-01 09:00:00,耳机,1,299.00,279.00,完成\n\
        J3,jd_xyz,2024-10-02 09:00:00,充电器,1,89.00,89.00,锁定\n\
        J4,jd_xyz,2024-11-02 09:00:00,手机壳,1,60.00,50.00,完成\n\
        J4,jd_xyz,2024-11-02 09:00:00,贴膜,3,60.00,50.00,完成\n";
    let dir = score("京东订单.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    for (id, orders, net) in [("jd_138", 2.0, 378.0), ("jd_xyz", 1.0, 50.0)] {
        let row = customers.row("Customer ID", id);
        assert_eq!(customers.number(row, "Orders"), orders, "{id}");
        assert_close(customers.number(row, "Net spend"), net, id);
    }
    let rules = Sheet::read(&dir.path().join("out.xlsx"), "Rules");
    assert!(
        rules.rows.iter().any(|r| r[1]
            .to_string()
            .contains("column \"应付金额\" (G) holds the order's total on each of its lines")),
        "no note in the Rules sheet"
    );
}

/// Pinduoduo's order export: one row an order, the buyer named only as the consignee
/// (收货人), the date under 支付时间, and a refund told by 售后状态 while 订单状态 still says
/// 已签收. By hand: 赵** kept P1 (18.80) and P3 (38.60), 57.40 over 2 orders, and was refunded
/// P2; 李*华's P4 is shipped (已发货，待签收), 78.80.
#[test]
fn pinduoduo_s_after_sales_refund_sends_the_order_back() {
    let csv = "商品,订单号,订单状态,用户实付金额(元),商品数量(件),收货人,支付时间,售后状态\n\
        抽纸,P1,已签收,18.80,1,赵**,2024-08-01 10:00:00,无售后或售后取消\n\
        抽纸,P2,已签收,58.40,3,赵**,2024-09-01 10:00:00,退款成功\n\
        纸巾,P3,已签收,38.60,2,赵**,2024-10-01 10:00:00,\n\
        湿巾,P4,已发货，待签收,78.80,4,李*华,2024-11-01 10:00:00,无售后或售后取消\n";
    let dir = score("拼多多订单.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    for (name, orders, net) in [("赵**", 2.0, 57.4), ("李*华", 1.0, 78.8)] {
        let row = customers.row("Name", name);
        assert_eq!(customers.number(row, "Orders"), orders, "{name}");
        assert_close(customers.number(row, "Net spend"), net, name);
    }
    let orders = Sheet::read(&dir.path().join("out.xlsx"), "Orders");
    let p2 = orders.row("Order ID", "P2");
    assert_eq!(orders.text(p2, "Status"), "退款成功");
    assert_eq!(orders.text(p2, "Counted"), "no");
}

/// 抖店 (Douyin shop): 主订单编号 is the order, 收件人 the customer, 订单提交时间 the date and
/// 订单应付金额 the amount; 已关闭 is a closed (cancelled) order, and an after-sales 退款成功
/// sends an order back. Ids carry the tab exports add to keep them text. By hand: 王芳 paid
/// 138.00 (two lines of one order, 79.00 and 59.00) and 99.90; her 199.00 order was closed.
/// 李强's 79.00 was refunded, and his 59.00 counts.
#[test]
fn a_douyin_shop_export_is_read_without_configuration() {
    let csv = "\
主订单编号,子订单编号,选购商品,商品数量,商品单价,订单应付金额,收件人,订单提交时间,订单状态,售后状态
\t6918001,\t6918001-1,纯棉T恤,1,79.00,79.00,王芳,2024/03/05 10:22:33,已完成,-
\t6918001,\t6918001-2,棒球帽,1,59.00,59.00,王芳,2024/03/05 10:22:33,已完成,-
\t6918002,\t6918002-1,帆布鞋,1,199.00,199.00,王芳,2024/04/01 09:00:00,已关闭,-
\t6918003,\t6918003-1,牛仔短裤,1,99.90,99.90,王芳,2024/06/18 20:15:00,已发货,-
\t6918004,\t6918004-1,纯棉T恤,1,79.00,79.00,李强,2024/05/02 11:00:00,已关闭,退款成功
\t6918005,\t6918005-1,棒球帽,1,59.00,59.00,李强,2024/07/07 08:30:00,已完成,-
";
    let dir = score("抖店订单.csv", csv.as_bytes(), &["--lang", "zh"]);
    assert_eq!(
        spend(&dir, "客户", "客户编号", "净消费额"),
        [("李强".to_owned(), 59.0), ("王芳".to_owned(), 237.9)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "客户");
    assert_eq!(
        customers.number(customers.row("客户编号", "王芳"), "订单数"),
        2.0
    );
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "数据问题");
    assert_eq!(issues.column("值"), ["已关闭"]);
}

/// Xero's invoice export: each line of an invoice carries the invoice's Total (with tax), so
/// it counts once; a Sales credit note is a return; an invoice Voided counts nothing. By
/// hand: Alice's INV-1 is 57.60 and her two-line INV-3 142.20; INV-5 was voided. Bob bought
/// 64.80 and 57.60 and was credited 57.60.
#[test]
fn xero_s_invoice_total_on_every_line_counts_once() {
    let csv = "\
ContactName,EmailAddress,InvoiceNumber,InvoiceDate,Total,Description,Quantity,UnitAmount,LineAmount,Type,Status
Alice Walker,alice@example.com,INV-1,14/07/2024,57.60,Ceramic Vase,1,48.00,48.00,Sales invoice,Paid
Alice Walker,alice@example.com,INV-3,02/12/2024,142.20,Ceramic Vase,2,48.00,96.00,Sales invoice,Paid
Alice Walker,alice@example.com,INV-3,02/12/2024,142.20,Linen Napkins,1,22.50,22.50,Sales invoice,Paid
Bob Chen,bob@example.com,INV-4,11/01/2024,64.80,Candle Set,3,18.00,54.00,Sales invoice,Paid
Bob Chen,bob@example.com,INV-2,20/02/2024,57.60,Ceramic Vase,1,48.00,48.00,Sales invoice,Paid
Bob Chen,bob@example.com,CN-1,25/02/2024,57.60,Ceramic Vase,1,48.00,48.00,Sales credit note,Paid
Alice Walker,alice@example.com,INV-5,09/08/2024,57.60,Ceramic Vase,1,48.00,48.00,Sales invoice,Voided
";
    let dir = score("Invoices_Export.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let figure = |name, header| customers.number(customers.row("Name", name), header);
    assert_close(figure("Alice Walker", "Net spend"), 199.8, "Alice");
    assert_close(figure("Alice Walker", "Orders"), 2.0, "Alice's orders");
    assert_close(figure("Bob Chen", "Net spend"), 64.8, "Bob");
}

/// Odoo's export of sales orders with their lines writes the order's reference, date,
/// customer, total and status on its first line only; the lines below are the order's, and
/// each line's "Order Lines/Subtotal" is its amount. A
/// BigCommerce-style guest (customer id 0) is the customer named, or the customer of that
/// name who has an id. A row of sums below the data, with no product, is no line. By hand:
/// Alice's S00003 is 118.50 over two lines, her S00001 48.00, and as a guest she paid 20.00
/// (S00005); the guest Erin paid 58.00.
#[test]
fn odoo_s_order_lines_below_their_order_and_guests_are_read() {
    let csv = "\
Order Reference,Order Date,Customer ID,Customer,Total,Status,Order Lines/Product,Order Lines/Quantity,Order Lines/Subtotal
S00001,2024-07-14 09:30:00,7,Alice Walker,48.00,Sales Order,[CERA] Ceramic Vase,1,48.00
S00003,2024-12-02 09:30:00,7,Alice Walker,118.50,Sales Order,[CERA] Ceramic Vase,2,96.00
,,,,,,[LINE] Linen Napkins,1,22.50
S00004,2024-08-30 10:00:00,0,Erin Moss,58.00,Sales Order,[CAND] Candle Set,2,58.00
S00005,2024-09-30 10:00:00,,Alice Walker,20.00,Sales Order,[CAND] Candle Set,1,20.00
,,,,244.50,,,7,
";
    let dir = score("Sales Order (sale.order).csv", csv.as_bytes(), &[]);
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let figure = |name, header| customers.number(customers.row("Name", name), header);
    assert_close(figure("Alice Walker", "Net spend"), 186.5, "Alice");
    assert_close(figure("Alice Walker", "Orders"), 3.0, "Alice's orders");
    assert_close(figure("Erin Moss", "Net spend"), 58.0, "Erin");
    assert_eq!(customers.rows.len(), 2);
    let issues = Sheet::read(&out, "Data issues");
    assert_eq!(issues.column("Row"), ["7"], "the row of sums");
    // The napkins are S00003's, so they are among Alice's goods.
    let orders = Sheet::read(&out, "Orders");
    let napkins = orders.row("Product", "[LINE] Linen Napkins");
    assert_eq!(orders.text(napkins, "Order ID"), "S00003");
    assert_eq!(orders.text(napkins, "Customer name"), "Alice Walker");
    // Each line counts its own subtotal, not its order's total.
    assert_close(orders.number(napkins, "Amount"), 22.5, "the napkins' line");
}

/// Etsy writes its sale dates with two-digit years, month first (03/15/24), and eBay with
/// the month in words (Mar-16-24): both are read once a date shows the month comes first.
#[test]
fn two_digit_years_of_us_marketplaces_are_read() {
    let csv = "\
Sale Date,Order ID,Buyer,Order Value
03/15/24,1001,ann1,20.00
04/02/24,1002,ann1,15.00
Mar-16-24,1003,bob2,30.00
";
    let dir = score("EtsySoldOrders2024.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let row = customers.row("Name", "ann1");
    assert_close(customers.number(row, "Net spend"), 35.0, "ann1");
    // 2024-04-02 to 2024-12-31: it is 04/02 month first, not 4 February.
    assert_close(
        customers.number(row, "Days since last order"),
        273.0,
        "ann1's last order",
    );
}

/// QuickBooks' Sales by Customer Detail report: three title rows, a header without a name
/// over its first column, each customer alone on a row above their transactions, a "Total
/// for …" row below them, a TOTAL and the report's footer. By hand: Alice bought 48.00 (1001)
/// and 118.50 (1002, two lines); Bob 54.00, less a credit memo of 18.00.
#[test]
fn a_quickbooks_report_grouped_by_customer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book
        .add_worksheet()
        .set_name("Sales by Customer Detail")
        .unwrap();
    sheet.write(0, 0, "Harbor Home Goods LLC").unwrap();
    sheet.write(1, 0, "Sales by Customer Detail").unwrap();
    sheet.write(2, 0, "January 1 - December 31, 2024").unwrap();
    let headers = [
        "Date",
        "Transaction Type",
        "Num",
        "Product/Service",
        "Memo/Description",
        "Qty",
        "Sales Price",
        "Amount",
    ];
    sheet.write_row(4, 1, headers).unwrap();
    let line = |sheet: &mut rust_xlsxwriter::Worksheet, row, text: [&str; 5], figures: [f64; 3]| {
        sheet.write_row(row, 1, text).unwrap();
        sheet.write_row(row, 6, figures).unwrap();
    };
    sheet.write(5, 0, "Alice Walker").unwrap();
    let vase = [
        "2024-07-14",
        "Invoice",
        "1001",
        "Ceramic Vase",
        "Ceramic Vase",
    ];
    line(sheet, 6, vase, [1.0, 48.0, 48.0]);
    let vases = [
        "2024-12-02",
        "Invoice",
        "1002",
        "Ceramic Vase",
        "Ceramic Vase",
    ];
    line(sheet, 7, vases, [2.0, 48.0, 96.0]);
    let napkins = [
        "2024-12-02",
        "Invoice",
        "1002",
        "Linen Napkins",
        "Linen Napkins",
    ];
    line(sheet, 8, napkins, [1.0, 22.5, 22.5]);
    sheet.write(9, 0, "Total for Alice Walker").unwrap();
    sheet.write(9, 8, 166.5).unwrap();
    sheet.write(10, 0, "Bob Chen").unwrap();
    let candles = ["2024-01-11", "Invoice", "1006", "Candle Set", "Candle Set"];
    line(sheet, 11, candles, [3.0, 18.0, 54.0]);
    let credit = [
        "2024-02-26",
        "Credit Memo",
        "1008",
        "Candle Set",
        "Returned",
    ];
    line(sheet, 12, credit, [-1.0, 18.0, -18.0]);
    sheet.write(13, 0, "Total for Bob Chen").unwrap();
    sheet.write(13, 8, 36.0).unwrap();
    sheet.write(14, 0, "TOTAL").unwrap();
    sheet.write(14, 8, 202.5).unwrap();
    sheet
        .write(
            16,
            0,
            "Cash Basis Monday, January 6, 2025 10:15 AM GMT-08:00",
        )
        .unwrap();
    book.save(dir.path().join("Sales by Customer Detail.xlsx"))
        .unwrap();
    tiers(dir.path())
        .args(["score", "Sales by Customer Detail.xlsx", "-o", "out.xlsx"])
        .args(["--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let figure = |name, header| customers.number(customers.row("Name", name), header);
    assert_close(figure("Alice Walker", "Net spend"), 166.5, "Alice");
    assert_close(figure("Alice Walker", "Orders"), 2.0, "Alice's orders");
    assert_close(figure("Bob Chen", "Net spend"), 36.0, "Bob");
    assert_close(figure("Bob Chen", "Orders"), 1.0, "Bob's orders");
    assert_eq!(customers.rows.len(), 2, "the footer names no customer");
}

/// Etsy's Sold Orders (one row an order, its total) beside its Sold Order Items (one row an
/// item): each order counts once, by its items, and takes the order row's status. By hand:
/// aliceshop12 bought 48.00 (order 1) and 96.00 + 22.50 (order 3); bobshop8's order 2 was
/// cancelled, so his 36.00 does not count.
#[test]
fn etsy_s_orders_and_their_items_count_each_order_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("EtsySoldOrders2024.csv"),
        "Sale Date,Order ID,Buyer User ID,Full Name,Number of Items,Order Value,Order Total,Status,SKU\n\
         07/14/2024,1,aliceshop12,Alice Walker,1,48.00,55.86,Completed,VASE-01\n\
         08/02/2024,2,bobshop8,Bob Chen,2,36.00,43.02,Canceled,CAND-02\n\
         11/15/2024,3,aliceshop12,Alice Walker,3,118.50,129.00,Completed,VASE-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("EtsySoldOrderItems2024.csv"),
        "Sale Date,Item Name,Buyer,Quantity,Price,Item Total,Order ID\n\
         07/14/2024,Ceramic Vase,aliceshop12,1,48.00,48.00,1\n\
         08/02/2024,Candle Set,bobshop8,2,18.00,36.00,2\n\
         11/15/2024,Ceramic Vase,aliceshop12,2,48.00,96.00,3\n\
         11/15/2024,Linen Napkins,aliceshop12,1,22.50,22.50,3\n",
    )
    .unwrap();
    tiers(dir.path())
        .args([
            "score",
            "EtsySoldOrders2024.csv",
            "EtsySoldOrderItems2024.csv",
        ])
        .args(["-o", "out.xlsx", "--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .success();
    let out = dir.path().join("out.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let figure = |id, header| customers.figure(id, header);
    assert_close(figure("aliceshop12", "Net spend"), 166.5, "Alice");
    assert_close(figure("aliceshop12", "Orders"), 2.0, "Alice's orders");
    assert_close(figure("bobshop8", "Net spend"), 0.0, "Bob");
    assert_eq!(
        customers.text(customers.row("Customer ID", "aliceshop12"), "Name"),
        "Alice Walker"
    );
    assert_eq!(Sheet::read(&out, "Data issues").rows.len(), 3);
}

/// Two systems that both number their orders from 1 (last year's till, this year's shop):
/// an order row and an order line with the same id but other customers are two orders, and
/// both count. By hand: C1..C3 bought 100, 40 + 60, 90; D1..D3 500, 700, 900.
#[test]
fn orders_of_two_systems_alike_only_in_their_ids_both_count() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("till.csv"),
        "Order ID,Customer,Date,Product,Amount\n1,C1,2024-03-01,Tea,100\n2,C2,2024-03-02,Cup,40\n2,C2,2024-03-02,Pot,60\n3,C3,2024-03-03,Tea,90\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("shop.csv"),
        "Order ID,Customer,Date,Amount,Status\n1,D1,2024-06-01,500,completed\n2,D2,2024-06-02,700,completed\n3,D3,2024-06-03,900,cancelled\n",
    )
    .unwrap();
    tiers(dir.path())
        .args(["score", "till.csv", "shop.csv", "-o", "out.xlsx"])
        .args(["--as-of", AS_OF, "--strict", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let spend = |id| customers.figure(id, "Net spend");
    assert_close(spend("C2"), 100.0, "C2");
    assert_close(spend("C3"), 90.0, "C3, not cancelled by D3's order 3");
    assert_close(spend("D1"), 500.0, "D1");
    assert_close(spend("D2"), 700.0, "D2");
}

/// 金蝶's 销售出库单 says a document is voided in 作废状态 beside 单据状态 (已审核 for every
/// line), and 销售易's orders say in 审批状态 whether one is approved. By hand: 华兴's
/// XS002 (900) is voided, so 华兴 counts XS001 only, 1,130 (价税合计 over 金额); 东方's
/// only document is voided, so 东方 bought nothing; 永盛's draft (5,000) and rejected (7,000)
/// orders do not count, its approved one does, 3,000; a yes under 是否作废 voids 顺达's 400.
#[test]
fn void_flags_and_approvals_beside_the_status_take_lines_out() {
    let kingdee = "\
单据编号,日期,客户,单据状态,作废状态,物料名称,实发数量,含税单价,金额,价税合计
XS001,2024-11-01,华兴,已审核,未作废,打印机,1,1130,1000,1130
XS002,2024-11-02,华兴,已审核,已作废,打印机,1,900,796.46,900
XS003,2024-11-03,东方,已审核,已作废,白板笔,10,5,44.25,50
";
    let dir = score("销售出库单.csv", kingdee.as_bytes(), &["--lang", "zh"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "客户");
    let row = |id| customers.row("客户编号", id);
    assert_close(customers.number(row("华兴"), "净消费额"), 1130.0, "华兴");
    assert_eq!(customers.number(row("华兴"), "订单数"), 1.0);
    assert_eq!(customers.number(row("东方"), "订单数"), 0.0);
    assert_eq!(customers.text(row("东方"), "客户类别"), "尚未购买");
    let orders = Sheet::read(&dir.path().join("out.xlsx"), "订单");
    let xs002 = orders.row("订单编号", "XS002");
    assert_eq!(orders.text(xs002, "状态"), "已作废");
    assert_eq!(orders.text(xs002, "是否计入"), "否");

    let crm = "\
订单编号,客户名称,订单金额,下单日期,审批状态
DD1,永盛,3000,2024-10-01,审批通过
DD2,永盛,5000,2024-10-05,草稿
DD3,永盛,7000,2024-10-09,已驳回
DD4,顺达,400,2024-10-10,审批通过
DD5,顺达,600,2024-10-11,审批通过
";
    let dir = score("订单.csv", crm.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("永盛".to_owned(), 3000.0), ("顺达".to_owned(), 1000.0)]
    );
    let ledger = "\
日期,客户名称,金额,是否作废
2024-10-01,顺达,400,是
2024-10-02,顺达,250,否
";
    let dir = score("台账.csv", ledger.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("顺达".to_owned(), 250.0)]
    );
}

/// A Salesforce opportunity report: the plain Stage is the deal's, the Close Date its day and
/// the Opportunity Name the sale. By hand, as of 2024-12-31: Acme won two deals closed on the
/// same day (1,000 and 2,500: two orders), lost one and has one open; Globex's won deal
/// was created in the window but closed in it too, 800; Initech's only won deal closed
/// before the window (created 2023-11-01, closed 2023-12-15), so it bought nothing in it.
#[test]
fn a_salesforce_opportunity_report_counts_won_deals_on_their_close_date() {
    let csv = "\
Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Probability (%),Close Date,Created Date
Ann,Acme,Acme - Renewal,Closed Won,\"USD 1,000.00\",100%,06/10/2024,05/01/2024
Ann,Acme,Acme - Add-on,Closed Won,\"USD 2,500.00\",100%,06/10/2024,05/20/2024
Ann,Acme,Acme - Upsell,Closed Lost,\"USD 9,000.00\",0%,07/01/2024,06/01/2024
Ann,Acme,Acme - Expansion,Proposal/Price Quote,\"USD 4,000.00\",50%,02/01/2025,11/01/2024
Bo,Globex,Globex - New,Closed Won,USD 800.00,100%,03/15/2024,01/10/2024
Bo,Initech,Initech - New,Closed Won,USD 700.00,100%,12/15/2023,11/01/2023
";
    let dir = score("opportunities.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let row = |id| customers.row("Customer ID", id);
    assert_eq!(customers.number(row("Acme"), "Orders"), 2.0);
    assert_close(customers.number(row("Acme"), "Net spend"), 3500.0, "Acme");
    assert_eq!(customers.date(row("Acme"), "Last order"), "2024-06-10");
    assert_close(
        customers.number(row("Globex"), "Net spend"),
        800.0,
        "Globex",
    );
    assert_eq!(customers.number(row("Initech"), "Orders"), 0.0);
}

/// A till's member transactions (客如云, 哗啦啦): 会员卡号 is the customer, 交易时间 the date,
/// 实收金额 (after the discount) the amount, and a 充值 (top-up of the card) no purchase,
/// while 储值消费 (spent from the card) is one. By hand: 66001's 消费 90 and 储值消费 200,
/// less a 退款 of 40, is 250 in two purchases; its 充值 1,000 and 充值赠送 100 are listed
/// as top-ups, which `--strict` lets pass. 66002 bought once, 55.
#[test]
fn a_till_s_top_ups_are_no_purchases() {
    let csv = "\
流水号,交易时间,会员卡号,会员姓名,交易类型,交易金额,优惠金额,实收金额
LS1,2024-10-01 12:00,66001,何军,消费,100,10,90
LS2,2024-10-02 12:00,66001,何军,充值,1000,0,1000
LS3,2024-10-02 12:01,66001,何军,充值赠送,100,0,100
LS4,2024-10-05 18:30,66001,何军,储值消费,200,0,200
LS5,2024-10-06 18:30,66001,何军,退款,40,0,40
LS6,2024-10-07 19:00,66002,周杰,消费,55,0,55
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("会员消费明细.csv"), csv).unwrap();
    let output = tiers(dir.path())
        .args([
            "score",
            "会员消费明细.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            AS_OF,
        ])
        .args(["--strict", "--lang", "zh"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("第 3 行，“交易类型”列 (E)：储值充值"),
        "{stderr}"
    );
    assert!(stderr.contains("2 行输入本身不含销售"), "{stderr}");
    assert_eq!(
        spend(&dir, "客户", "客户编号", "净消费额"),
        [("66001".to_owned(), 250.0), ("66002".to_owned(), 55.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "客户");
    assert_eq!(
        customers.number(customers.row("客户编号", "66001"), "订单数"),
        2.0
    );
    assert_eq!(
        customers.text(customers.row("客户编号", "66001"), "客户名称"),
        "何军"
    );
}

/// Ta-Feng's grocery data: `AMOUNT` is the number of items and `SALES_PRICE` the line's sales,
/// told by ASSET (the cost) beside them. By hand, as of 2001-02-28: 1499047's two lines of
/// 2000-11-20 (no order id: one order) are 387 + 60 = 447; 2134504's one line is 199.
#[test]
fn ta_feng_s_amount_is_a_quantity_and_its_sales_price_the_sales() {
    let csv = "\
TRANSACTION_DT,CUSTOMER_ID,AGE_GROUP,PIN_CODE,PRODUCT_SUBCLASS,PRODUCT_ID,AMOUNT,ASSET,SALES_PRICE
11/20/2000,1499047,>65,F,110411,4714075475112,3,310,387
11/20/2000,1499047,>65,F,110217,4714075475113,1,50,60
12/8/2000,2134504,40-44,105,110411,4715754456567,1,159,199
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ta_feng.csv"), csv).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "ta_feng.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            "2001-02-28",
        ])
        .args(["--strict", "-q"])
        .assert()
        .success();
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("1499047".to_owned(), 447.0), ("2134504".to_owned(), 199.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.figure("1499047", "Orders"), 1.0);
}

/// A Hong Kong shop's export in Big5 with traditional headers (訂單編號, 客戶名稱, 交易日期,
/// 金額) and amounts in HK$. By hand: 大華貿易 6,900 + 100 = 7,000; 新光 800.
#[test]
fn a_big5_export_with_traditional_headers_and_hk_dollars() {
    let text = "訂單編號,客戶名稱,交易日期,金額\nHK1,大華貿易,2024-05-01,\"HK$6,900.00\"\nHK2,大華貿易,2024-06-01,HK$100.00\nHK3,新光,2024-06-02,HK$800\n";
    let (bytes, _, faults) = encoding_rs::BIG5.encode(text);
    assert!(!faults);
    let dir = score("銷售記錄.csv", &bytes, &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("大華貿易".to_owned(), 7000.0), ("新光".to_owned(), 800.0)]
    );
}

/// Accounting systems' document lists. Dynamics GP's RM transactions: SLS a sale, RTN a
/// return, CR a credit memo, PMT a payment received (no sale), and Void Yes takes a document
/// out. Sage 50's sales journal flags a credit memo's lines with Credit Memo TRUE. By hand:
/// AARON's SLS 1,000 and 500 (a voided 700 left out), less an RTN of 100 and a CR of 50,
/// is 1,350; its PMT of 1,000 is listed, not used. Sage: CUST1 1,200 less its credit memo
/// of 200 is 1,000; CUST2 300.
#[test]
fn accounting_document_types_payments_and_credit_memo_flags() {
    let gp = "\
Customer Number,Customer Name,Document Type,Document Number,Document Date,Document Amount,Void
AARON,Aaron Fitz,SLS,SLS001,05/22/2024,\"$1,000.00\",No
AARON,Aaron Fitz,SLS,SLS002,06/01/2024,$500.00,No
AARON,Aaron Fitz,SLS,SLS003,06/02/2024,$700.00,Yes
AARON,Aaron Fitz,RTN,RTN001,06/10/2024,$100.00,No
AARON,Aaron Fitz,CR,CR001,06/11/2024,$50.00,No
AARON,Aaron Fitz,PMT,PMT001,06/30/2024,\"$1,000.00\",No
";
    let dir = score("rm_transactions.csv", gp.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("AARON".to_owned(), 1350.0)]
    );
    let sage = "\
Customer ID,Customer Name,Invoice/CM #,Credit Memo,Date,Quantity,Item ID,Unit Price,Amount
CUST1,Client 1,10301,FALSE,05/24/24,1,SVC,1200.00,1200.00
CUST1,Client 1,CM10302,TRUE,06/24/24,1,SVC,200.00,200.00
CUST2,Client 2,10303,FALSE,07/01/24,1,SVC,300.00,300.00
";
    let dir = score("sales_journal.csv", sage.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("CUST1".to_owned(), 1000.0), ("CUST2".to_owned(), 300.0)]
    );
}

/// 纷享销客's opportunities: 商机名称 each deal, 商机阶段 its stage, 结单日期 (given once it is
/// won or lost) its day, 商机金额 its value; open deals have no 结单日期 and are listed, not
/// lost, so `--strict` passes. By hand, as of 2024-12-31: 华兴 won 50,000 and 30,000 and
/// lost 20,000; 顺达's only deal is open, so 顺达 is no customer yet.
#[test]
fn a_chinese_crm_s_opportunities_count_their_won_deals() {
    let csv = "\
商机名称,客户名称,负责人,商机金额,商机阶段,赢率,结单日期,创建时间
华兴-设备项目,华兴,陈晨,50000,赢单,100%,2024-06-21,2024-05-25 00:00
华兴-耗材项目,华兴,陈晨,30000,赢单,100%,2024-09-01,2024-08-01 00:00
华兴-扩容项目,华兴,陈晨,20000,输单,0%,2024-10-01,2024-09-01 00:00
顺达-年度采购,顺达,王磊,80000,方案/报价,40%,,2024-11-01 00:00
";
    let dir = score("商机.csv", csv.as_bytes(), &["--strict", "--lang", "zh"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "客户");
    let row = |id| customers.row("客户编号", id);
    assert_eq!(customers.number(row("华兴"), "订单数"), 2.0);
    assert_close(customers.number(row("华兴"), "净消费额"), 80_000.0, "华兴");
    assert_eq!(customers.rows.len(), 1);
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "数据问题");
    assert_eq!(
        issues.column("问题"),
        ["无日期，且状态表明不计入（待处理或已取消）"]
    );
}

/// 金蝶精斗云's sales documents: 含税单价 × 数量 less 折扣额 (money off the line). By hand:
/// 华兴 15 × 1,299 − 1,948.50 = 17,536.50 and 11 × 1.8 = 19.80; 顺达 7 × 420 = 2,940.
#[test]
fn an_erp_s_money_off_each_line_is_taken_off() {
    let csv = "\
单据日期,单据编号,客户,商品名称,数量,含税单价,折扣率(%),折扣额
2024-12-30,XHD001,华兴,打印机,15,1299,10,1948.5
2024-12-30,XHD001,华兴,中性笔,11,1.8,0,0
2024-12-28,XHD002,顺达,办公椅,7,420,0,0
";
    let dir = score("销货单.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("华兴".to_owned(), 17_556.3), ("顺达".to_owned(), 2940.0)]
    );
}

/// The activity download of `PayPal`: Gross is the amount, Type says what each row is, and the
/// seller's own money moves (General Withdrawal, General Currency Conversion, with no name)
/// are listed as no sales, which `--strict` lets pass. By hand: Cameron 388.16 + 100.00 =
/// 488.16 in two payments; Brooklyn's 297.75 was refunded, 0.
#[test]
fn paypal_s_withdrawals_and_conversions_are_no_sales() {
    let csv = "\
\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"Transaction ID\"
\"11/13/2024\",\"17:00:00\",\"PST\",\"Cameron\",\"Express Checkout Payment\",\"Completed\",\"USD\",\"388.16\",\"-14.04\",\"374.12\",\"cam@example.com\",\"T1\"
\"04/01/2024\",\"11:00:00\",\"PST\",\"Brooklyn\",\"General Payment\",\"Completed\",\"USD\",\"297.75\",\"-10.88\",\"286.87\",\"bs@example.com\",\"T2\"
\"04/29/2024\",\"18:00:00\",\"PST\",\"Cameron\",\"Website Payment\",\"Completed\",\"USD\",\"100.00\",\"-3.20\",\"96.80\",\"cam@example.com\",\"T3\"
\"05/01/2024\",\"09:00:00\",\"PST\",\"\",\"General Currency Conversion\",\"Completed\",\"USD\",\"-50.00\",\"0.00\",\"-50.00\",\"\",\"T4\"
\"06/01/2024\",\"09:00:00\",\"PST\",\"Bank Account\",\"General Withdrawal\",\"Completed\",\"USD\",\"-500.00\",\"0.00\",\"-500.00\",\"\",\"T5\"
\"07/01/2024\",\"10:00:00\",\"PST\",\"Brooklyn\",\"Payment Refund\",\"Completed\",\"USD\",\"-297.75\",\"10.88\",\"-286.87\",\"bs@example.com\",\"T6\"
";
    let dir = score("Download.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("Brooklyn".to_owned(), 0.0), ("Cameron".to_owned(), 488.16)]
    );
}

/// Amazon's order report, tab-separated: item-price is the line's for all its quantity; a
/// cancelled line leaves it blank, which is no lost row; "Shipped - Delivered to Buyer" is
/// a sale. By hand: Emma 97.10; Sara 45.00.
#[test]
fn amazon_s_order_report_with_cancelled_lines_without_a_price() {
    let text = "amazon-order-id\tpurchase-date\torder-status\tproduct-name\tsku\titem-status\tquantity\tcurrency\titem-price\tbuyer-email\tbuyer-name
111-1\t2024-07-20T00:44:00+00:00\tShipped - Delivered to Buyer\tGrinder\tSKU1\tShipped\t2\tUSD\t97.10\temma@example.com\tEmma Wilson
111-2\t2024-08-01T10:00:00+00:00\tCancelled\tCable\tSKU2\tCancelled\t0\tUSD\t\temma@example.com\tEmma Wilson
111-3\t2024-09-01T10:00:00+00:00\tShipped\tCable\tSKU2\tShipped\t3\tUSD\t45.00\tsara@example.com\tSara Lee
";
    let dir = score("orders.txt", text.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let spend = |name| customers.number(customers.row("Name", name), "Net spend");
    assert_close(spend("Emma Wilson"), 97.10, "Emma");
    assert_close(spend("Sara Lee"), 45.0, "Sara");
    assert_eq!(
        customers.number(customers.row("Name", "Emma Wilson"), "Orders"),
        1.0
    );
}

/// A VAT invoice list (销项发票清单): 购方名称 the customer, 开票日期 the date, 价税合计 the
/// amount, 发票状态 作废 takes an invoice out, a 红字 invoice's negative amount is a return.
/// A receivables ledger whose 摘要 says 还款 or 预付款: payments, no sales. Recurly's
/// invoices: `account_code`, state, `total_in_cents`. By hand: 华兴 1,130; 明达 565 − 113 =
/// 452; 张记 380; 王姐 360; A1 120.00; A2 45.50.
#[test]
fn invoice_lists_ledgers_and_subscription_invoices() {
    let invoices = "\
发票号码,开票日期,购方名称,金额,税额,价税合计,发票状态
F1,2024-03-01,华兴,1000,130,1130,正常
F2,2024-03-05,华兴,2000,260,2260,作废
F3,2024-04-01,明达,500,65,565,正常
F4,2024-04-05,明达,-100,-13,-113,正常
";
    let dir = score("销项发票清单.csv", invoices.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("华兴".to_owned(), 1130.0), ("明达".to_owned(), 452.0)]
    );
    let ledger = "日期,客户名称,摘要,金额\n2024-03-01,张记,销售,380\n2024-03-10,张记,还款,380\n2024-04-01,王姐,销售,360\n2024-04-02,王姐,预付款,1000\n";
    let dir = score("往来台账.csv", ledger.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("张记".to_owned(), 380.0), ("王姐".to_owned(), 360.0)]
    );
    let recurly = "invoice_number,account_code,state,total_in_cents,created_at\n1001,A1,paid,12000,2024-03-01\n1002,A1,void,5000,2024-04-01\n1003,A2,failed,3000,2024-05-01\n1004,A2,paid,4550,2024-06-01\n";
    let dir = score("invoices.csv", recurly.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("A1".to_owned(), 120.0), ("A2".to_owned(), 45.5)]
    );
}

/// What review found the new readings took too far. A guest checkout's id "Guest" with the
/// buyer's name is that buyer; a remark saying how a sale was paid (Bank transfer) keeps the
/// sale; Xero's `AccountCode` (a revenue account) is no customer. By hand: Ann 100, Bob 200,
/// Cara 300; Acme 110, Beta 220.
#[test]
fn guests_payment_remarks_and_revenue_accounts_keep_their_sales() {
    let orders = "\
Order ID,Customer ID,Customer Name,Order Date,Amount,Remarks
1,Guest,Ann,2024-03-01,100,Bank transfer
2,Guest,Bob,2024-03-02,200,
3,C7,Cara,2024-03-03,300,Transfer
";
    let dir = score("orders.csv", orders.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Name", "Net spend"),
        [
            ("Ann".to_owned(), 100.0),
            ("Bob".to_owned(), 200.0),
            ("Cara".to_owned(), 300.0)
        ]
    );
    let xero = "ContactName,InvoiceNumber,InvoiceDate,Total,AccountCode\nAcme,INV-1,2024-03-01,110,200\nBeta,INV-2,2024-03-02,220,200\n";
    let dir = score("invoices.csv", xero.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("Acme".to_owned(), 110.0), ("Beta".to_owned(), 220.0)]
    );
}

/// Lightspeed's sales export gives each sale's own row (Line Type Sale, with its total), its
/// lines (Sale Line) and its payments (Payment, no total): only the lines count. By hand:
/// C1's receipt 10000 is 60 + 40 = 100; C2's 10001 (on account, closed) 55; C1's voided
/// 10002 counts nothing.
#[test]
fn lightspeed_s_sale_rows_beside_their_lines_count_once() {
    let csv = "\
Date,Receipt Number,Line Type,Customer Code,Customer Name,Quantity,Total,Paid,Details,Status
2024-03-01 10:00:00,10000,Sale,C1,Acme,2,100,100,,CLOSED
2024-03-01 10:00:00,10000,Sale Line,C1,Acme,1,60,,P1,CLOSED
2024-03-01 10:00:00,10000,Sale Line,C1,Acme,1,40,,P2,CLOSED
2024-03-01 10:00:00,10000,Payment,C1,Acme,,,100,Credit Card,CLOSED
2024-04-01 11:00:00,10001,Sale,C2,Beta,1,55,55,,ONACCOUNT_CLOSED
2024-04-01 11:00:00,10001,Sale Line,C2,Beta,1,55,,P3,ONACCOUNT_CLOSED
2024-05-01 12:00:00,10002,Sale,C1,Acme,1,70,70,,VOIDED
2024-05-01 12:00:00,10002,Sale Line,C1,Acme,1,70,,P4,VOIDED
";
    let dir = score("sales.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("C1".to_owned(), 100.0), ("C2".to_owned(), 55.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.figure("C1", "Orders"), 1.0);
}

/// Stripe's balance history: a "payment" with an amount is a sale paid by another method
/// (only Lightspeed's payment rows, with none, are no sales); a payout to the bank, with no
/// customer, is money moved. By hand: `cus_1` 100 + 50 = 150.
#[test]
fn a_payment_with_an_amount_is_a_sale() {
    let csv = "id,Type,Amount,Customer ID,Created (UTC)\ntxn_1,charge,100.00,cus_1,2024-03-01 10:00\ntxn_2,payment,50.00,cus_1,2024-04-01 10:00\ntxn_3,payout,-150.00,,2024-04-02 10:00\n";
    let dir = score("balance_history.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("cus_1".to_owned(), 150.0)]
    );
}

/// Zoho Books' invoice export writes the invoice's Total (with tax) on each of its lines
/// beside the line's own Item Total: the lines' figures are the sales, whatever the Total
/// says. By hand: Acme's INV-1 is 1,500 + 10,800 = 12,300 and INV-3 (the same item twice)
/// 200 + 200 = 400; Bowman's INV-2 is 90.
#[test]
fn zoho_s_item_totals_beside_the_invoice_total() {
    let csv = "\
Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer ID,Customer Name,SubTotal,Total,Balance,Item Name,Quantity,Item Total,Item Price
2024-10-22,4600001,INV-1,Paid,46001,Acme Ltd,12300.00,12915.00,0,Support plan,10.00,1500.00,150.00
2024-10-22,4600001,INV-1,Paid,46001,Acme Ltd,12300.00,12915.00,0,Consulting hours,9.00,10800.00,1200.00
2024-11-02,4600002,INV-2,Paid,46002,Bowman & Co,90.00,94.50,0,Support plan,1.00,90.00,90.00
2024-11-05,4600003,INV-3,Paid,46001,Acme Ltd,400.00,420.00,0,Licence,1.00,200.00,200.00
2024-11-05,4600003,INV-3,Paid,46001,Acme Ltd,400.00,420.00,0,Licence,1.00,200.00,200.00
";
    let dir = score("Invoice.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Name", "Net spend"),
        [
            ("Acme Ltd".to_owned(), 12_700.0),
            ("Bowman & Co".to_owned(), 90.0)
        ]
    );
}

/// Magento's order grid has one row per order, named by its ID: two orders of one day are
/// two orders, not one purchase. By hand: Veronica's 101 and 102 (same day) and 104, 204.00
/// over 3 orders; John's 103, 80.00.
#[test]
fn magento_s_order_grid_ids_keep_same_day_orders_apart() {
    let csv = "\
ID,Purchase Point,Purchase Date,Bill-to Name,Grand Total (Purchased),Status,Customer Email
000000101,Main Website,\"Nov 29, 2024 9:15:02 AM\",Veronica Costello,$54.00,complete,roni@example.com
000000102,Main Website,\"Nov 29, 2024 4:40:10 PM\",Veronica Costello,$70.00,complete,roni@example.com
000000103,Main Website,\"Dec 2, 2024 1:00:00 PM\",John Smith,$80.00,complete,john@example.com
000000104,Main Website,\"Dec 5, 2024 1:00:00 PM\",Veronica Costello,$80.00,complete,roni@example.com
";
    let dir = score("orders_export.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let figure = |email, header| customers.figure(email, header);
    assert_close(
        figure("roni@example.com", "Orders"),
        3.0,
        "Veronica's orders",
    );
    assert_close(figure("roni@example.com", "Net spend"), 204.0, "Veronica");
    assert_close(figure("john@example.com", "Net spend"), 80.0, "John");
}

/// A supermarket till's sales (思迅): a return written with positive figures is told by its
/// 销售方式 退货, and a sale with no member card is a walk-in's, noted (so `--strict` passes).
/// By hand: card 8800101 bought 14.00 + 20.70 and returned 20.70 (14.00 over 1 order); card
/// 8800035 bought 35.00.
#[test]
fn a_till_s_returns_by_sale_mode_and_walk_in_sales() {
    let csv = "\
流水号,销售时间,会员卡号,商品名称,数量,售价,销售金额,销售方式
A1,2024-01-12 11:39:00,8800101,纯牛奶,4,3.5,14.0,销售
A1,2024-01-12 11:39:00,8800101,可乐,3,6.9,20.7,销售
A2,2024-01-13 10:00:00,,面包,1,8.0,8.0,销售
A3,2024-01-14 09:30:00,8800101,可乐,3,6.9,20.7,退货
A4,2024-01-15 18:00:00,8800035,大米,1,35.0,35.0,销售
";
    let dir = score("销售流水.csv", csv.as_bytes(), &["--strict"]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let figure = |id, header| customers.figure(id, header);
    assert_close(figure("8800101", "Net spend"), 14.0, "8800101");
    assert_close(figure("8800101", "Orders"), 1.0, "8800101's orders");
    assert_close(figure("8800035", "Net spend"), 35.0, "8800035");
    assert_eq!(customers.rows.len(), 2, "no walk-in customer");
}

/// Square's transactions: a partial refund is its own column beside the sale's Net Sales, as
/// a negative amount, and comes off it. By hand: Olivia 1,125.00 − 562.50 = 562.50; Emma
/// 86.40 − 43.20 + 50.00 = 93.20.
#[test]
fn square_s_partial_refunds_come_off_the_sale() {
    let csv = "\
Date,Time,Gross Sales,Discounts,Net Sales,Tax,Partial Refunds,Total Collected,Transaction ID,Event Type,Customer ID,Customer Name
02/27/2024,06:08:00,\"$1,250.00\",-$125.00,\"$1,125.00\",$98.44,-$562.50,\"$1,223.44\",T1,Payment,MZ1,Olivia Martin
01/24/2024,10:48:00,$86.40,$-0.00,$86.40,$7.56,-$43.20,$93.96,T2,Payment,PY3,Emma Rossi
03/02/2024,12:00:00,$50.00,$0.00,$50.00,$4.38,$0.00,$54.38,T3,Payment,PY3,Emma Rossi
";
    let dir = score("transactions-2024.csv", csv.as_bytes(), &["--strict"]);
    assert_eq!(
        spend(&dir, "Customers", "Customer ID", "Net spend"),
        [("MZ1".to_owned(), 562.5), ("PY3".to_owned(), 93.2)]
    );
}

/// Ecwid's and Wix's exports name the buyer and their e-mail, and no customer id: the e-mail
/// tells apart two buyers of one name. By hand: Eva Rossi at e1@x.com paid 100.00 (order
/// 101; 102 awaits payment, 103 is an abandoned checkout, INCOMPLETE), and the Eva Rossi at
/// e2@y.it 50.00 (104).
#[test]
fn two_buyers_of_one_name_are_told_apart_by_their_e_mails() {
    let csv = "\
order_number;order_date;customer_email;customer_name;payment_status;order_total;refunded_amount
101;2024-03-05 10:00:00 +0000;e1@x.com;Eva Rossi;PAID;100.00;0.00
102;2024-04-05 10:00:00 +0000;e1@x.com;Eva Rossi;AWAITING_PAYMENT;200.00;0.00
103;2024-05-05 10:00:00 +0000;e1@x.com;Eva Rossi;INCOMPLETE;300.00;0.00
104;2024-06-05 10:00:00 +0000;E2@y.it;Eva Rossi;PAID;50.00;0.00
";
    let dir = score("orders_export.csv", csv.as_bytes(), &[]);
    assert_eq!(
        spends(&dir),
        [("e1@x.com".to_owned(), 100.0), ("e2@y.it".to_owned(), 50.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.column("Name"), ["Eva Rossi", "Eva Rossi"]);
}

/// Orders keyed by e-mail still find the customers of a customers sheet: by its e-mail
/// column, else by name. By hand: C1 Ann Lee 30 + 20 = 50 (her two addresses: the sheet lists
/// none, then only the first); C2 Bo Chen 70; Cy Dee, whom no sheet lists, 5 at cy@c.com.
#[test]
fn orders_keyed_by_e_mail_find_the_customers_sheet_by_e_mail_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "Order,Date,Name,Email,Total\n1,2026-03-05,Ann Lee,ann@a.com,30\n2,2026-04-05,Ann Lee,ann@work.com,20\n3,2026-04-06,Bo Chen,bo@b.com,70\n4,2026-04-07,Cy Dee,cy@c.com,5\n";
    std::fs::write(dir.path().join("orders.csv"), orders).unwrap();
    let expected = [
        ("C1".to_owned(), 50.0),
        ("C2".to_owned(), 70.0),
        ("cy@c.com".to_owned(), 5.0),
    ];
    for customers in [
        "Customer ID,Customer Name\nC1,Ann Lee\nC2,Bo Chen\n",
        "Customer ID,Customer Name,Email\nC1,Ann Lee,ann@a.com\nC2,Bo Chen,bo@b.com\n",
    ] {
        std::fs::write(dir.path().join("customers.csv"), customers).unwrap();
        tiers(dir.path())
            .args(["score", "customers.csv", "orders.csv", "-o", "out.xlsx"])
            .args(["--as-of", "2026-10-31", "-q", "--fresh"])
            .assert()
            .success();
        assert_eq!(spends(&dir), expected);
    }
}

/// A row with a blank e-mail is the buyer's whose name only one e-mail of the table goes
/// with, whichever row comes first; where two go with it, the row is a customer of its own.
/// Feedback that names a buyer two e-mails share is refused, not given to either. By hand:
/// Tom Hale 100 + 200 = 300 at tom@hale.net; Ann Li 10 at a@li.cn, 20 at b@li.cn and 40
/// under her name.
#[test]
fn a_blank_e_mail_and_a_shared_name_do_not_depend_on_row_order() {
    let rows = [
        "S1,2024-02-01,Tom Hale,tom@hale.net,100",
        "S2,2024-03-01,Tom Hale,,200",
        "S3,2024-03-02,Ann Li,a@li.cn,10",
        "S4,2024-03-03,Ann Li,,40",
        "S5,2024-03-04,Ann Li,b@li.cn,20",
    ];
    for reversed in [false, true] {
        let mut lines: Vec<&str> = rows.to_vec();
        if reversed {
            lines.reverse();
        }
        let csv = format!(
            "Order ID,Order Date,Customer Name,Email,Amount\n{}\n",
            lines.join("\n")
        );
        let dir = score("orders.csv", csv.as_bytes(), &[]);
        assert_eq!(
            spends(&dir),
            [
                ("Ann Li".to_owned(), 40.0),
                ("a@li.cn".to_owned(), 10.0),
                ("b@li.cn".to_owned(), 20.0),
                ("tom@hale.net".to_owned(), 300.0),
            ]
        );
    }
    let dir = dir_with(&[
        (
            "orders.csv",
            "Order ID,Order Date,Customer Name,Email,Amount\nS1,2026-02-01,Eva Rossi,e1@x.com,100\nS2,2026-03-01,Eva Rossi,e2@y.it,200\n",
        ),
        (
            "feedback.csv",
            "Customer Name,Date,Type,Content\nEva Rossi,2026-03-05,complaint,late\n",
        ),
    ]);
    let stderr = crate::common::stderr_of(
        dir.path(),
        &[
            "score",
            "orders.csv",
            "feedback.csv",
            "--as-of",
            "2026-10-31",
        ],
        0,
    );
    assert!(
        stderr.contains("more than one customer is named so (e1@x.com, e2@y.it)"),
        "{stderr}"
    );
}

/// Wix writes the order's Total on each of its item lines, beside the item's Qty and Price:
/// a Total that is not the line's price × quantity is the order's, counted once. By hand:
/// a@x.com's order 10001 is 60.00 (items 10 + 50) less 5.00 refunded, b@y.com's 10002 10.00.
#[test]
fn an_order_total_beside_each_item_s_price_is_counted_once() {
    let csv = "\
Order number,Date created,Contact email,Billing name,Payment status,Item,Qty,Price,Total,Refunded amount
10001,\"Mar 5, 2024\",a@x.com,Alex Kim,Partially refunded,Soap,1,$10.00,$60.00,$5.00
10001,\"Mar 5, 2024\",a@x.com,Alex Kim,Partially refunded,Gift Box,1,$50.00,$60.00,$5.00
10002,\"Apr 5, 2024\",b@y.com,Alex Kim,Paid,Soap,1,$10.00,$10.00,$0.00
";
    let dir = score("orders_wix.csv", csv.as_bytes(), &[]);
    assert_eq!(
        spends(&dir),
        [("a@x.com".to_owned(), 55.0), ("b@y.com".to_owned(), 10.0)]
    );
    // A shop's Total that is each line's price × quantity stays the line's: 2 × 10 + 50.
    let csv = "\
Order number,Date created,Contact email,Item,Qty,Price,Total
10001,2024-03-05,a@x.com,Soap,2,10.00,20.00
10001,2024-03-05,a@x.com,Gift Box,1,50.00,50.00
10002,2024-04-05,a@x.com,Soap,1,20.00,20.00
10002,2024-04-05,a@x.com,Mug,2,10.00,20.00
";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("a@x.com".to_owned(), 110.0)]);
    // A line's Total with its VAT is more than its price, and less than the order's lines
    // together: each line's, 4 × 14.40.
    let csv = "\
Order ID,Date,Customer,Product,Price,Qty,Total
1001,2024-03-01,Acme,Colombia 250g,12.00,1,14.40
1001,2024-03-01,Acme,Kenya 250g,12.00,1,14.40
1003,2024-04-01,Acme,Colombia 250g,12.00,1,14.40
1003,2024-04-01,Acme,Kenya 250g,12.00,1,14.40
";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("Acme".to_owned(), 57.6)]);
    // Squarespace's Total beside a Subtotal is the order's even where a discount makes it less
    // than its lines together: 80 - 20 + 6 tax = 66, once.
    let csv = "\
Order ID,Email,Subtotal,Discount Amount,Tax,Total,Lineitem quantity,Lineitem name,Lineitem price,Paid at
2001,d@x.com,80.00,20.00,6.00,66.00,1,Mug,50.00,2024-05-01
2001,d@x.com,80.00,20.00,6.00,66.00,1,Tote,30.00,2024-05-01
";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("d@x.com".to_owned(), 66.0)]);
}

/// A hand-kept ledger's Notes that say only "cancelled" void the line; an Access query's
/// `OrdStatus` is the status. By hand: Maple Dental 100 (INV-2 cancelled); customer 101 1,200
/// (the cancelled order and the quote do not count).
#[test]
fn english_notes_and_an_abbreviated_status_header_are_read() {
    let csv = "Date,Client,Invoice,Amount,Notes\n2024-03-05,Maple Dental,INV-1,100.00,\n2024-04-05,Maple Dental,INV-2,900.00,cancelled\n";
    let dir = score("ledger.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("Maple Dental".to_owned(), 100.0)]);
    let csv = "\"OrderNo\",\"CustID\",\"OrderDate\",\"OrdStatus\",\"OrderTotal\"
50001,101,\"2024-03-05 14:22:11\",\"Invoiced\",\"$1,200.00\"
50002,101,\"2024-04-05 09:00:00\",\"Cancelled\",\"$5,000.00\"
50003,101,\"2024-05-05 09:00:00\",\"Quote\",\"$7,500.00\"
";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("101".to_owned(), 1200.0)]);
}

/// Last year's ledger names Li Na alone; this year's shop export adds her e-mail: one
/// customer, whichever file comes first (300 + 100 + 50 = 450). A config that names the
/// customer column keys by it, e-mail or not: two Eva Rossi (e1, e2) are then one, 300.
#[test]
fn a_name_and_an_e_mail_of_one_buyer_meet_in_either_file_order_unless_the_config_says() {
    let dir = dir_with(&[
        ("ledger.csv", "Date,Customer,Amount\n2026-09-05,Li Na,300\n"),
        (
            "shop.csv",
            "Date,Customer,Email,Amount\n2026-10-05,Li Na,li@x.com,100\n2026-10-06,Li Na,li@x.com,50\n",
        ),
    ]);
    for files in [["ledger.csv", "shop.csv"], ["shop.csv", "ledger.csv"]] {
        tiers(dir.path())
            .args(["score", files[0], files[1], "-o", "out.xlsx"])
            .args(["--as-of", "2026-10-31", "-q", "--fresh"])
            .assert()
            .success();
        let customers = spends(&dir);
        assert_eq!(customers.len(), 1, "{files:?}: {customers:?}");
        assert_close(customers[0].1, 450.0, "Li Na");
    }
    std::fs::write(
        dir.path().join("shop.csv"),
        "Date,Customer,Email,Amount\n2026-10-05,Eva Rossi,e1@x.com,100\n2026-10-06,Eva Rossi,e2@y.it,200\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[columns.orders]\ncustomer_name = \"Customer\"\n",
    )
    .unwrap();
    tiers(dir.path())
        .args([
            "score",
            "shop.csv",
            "-o",
            "out.xlsx",
            "--config",
            "tiers.toml",
        ])
        .args(["--as-of", "2026-10-31", "-q", "--fresh"])
        .assert()
        .success();
    assert_eq!(spends(&dir), [("Eva Rossi".to_owned(), 300.0)]);
}

/// A shop's Notes beside its status are the buyer's words: "Refund" there changes nothing.
/// By hand: 200 + 150.
#[test]
fn a_shop_s_notes_beside_a_status_are_no_remark() {
    let csv = "Order ID,Customer ID,Date,Status,Amount,Notes\n1,C1,2024-05-01,paid,200,Refund\n2,C1,2024-06-01,paid,150,\n";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("C1".to_owned(), 350.0)]);
}

/// A workbook that knew its buyers by name (graded with `customer_name` mapped), graded again
/// with the e-mails as the key, warns that what the team wrote stays with the names.
#[test]
fn buyers_known_by_name_and_now_by_e_mail_are_warned_of() {
    let dir = dir_with(&[
        (
            "shop.csv",
            "Date,Customer,Email,Amount\n2026-10-05,Li Na,li@x.com,100\n",
        ),
        (
            "by-name.toml",
            "[columns.orders]\ncustomer_name = \"Customer\"\n",
        ),
    ]);
    tiers(dir.path())
        .args([
            "score",
            "shop.csv",
            "-o",
            "out.xlsx",
            "--config",
            "by-name.toml",
        ])
        .args(["--as-of", "2026-10-31", "-q"])
        .assert()
        .success();
    let stderr = crate::common::stderr_of(
        dir.path(),
        &[
            "score",
            "shop.csv",
            "-o",
            "out.xlsx",
            "--as-of",
            "2026-11-30",
        ],
        0,
    );
    assert!(
        stderr.contains("customer \"Li Na\" of the last workbook is \"li@x.com\" now:"),
        "{stderr}"
    );
}

/// Wix's Payment status Refunded, with no refund column: the order went back, so it counts
/// neither its money nor as an order. By hand: 40 from order 2 alone, one order.
#[test]
fn a_payment_status_that_says_refunded_takes_the_order_back() {
    let csv = "Order number,Date created,Contact email,Payment status,Total\n1,2024-05-01,a@x.com,Refunded,100\n2,2024-06-01,a@x.com,Paid,40\n";
    let dir = score("orders.csv", csv.as_bytes(), &[]);
    assert_eq!(spends(&dir), [("a@x.com".to_owned(), 40.0)]);
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.number(&customers.rows[0], "Orders"), 1.0);
}

/// QuickBooks' Transaction List by Date gives every transaction of the books, under title
/// rows and above its "Accrual Basis" footer. An invoice is the sale; the Payment of it is no
/// second sale, nor is an Estimate, a Deposit or a supplier's Bill. By hand: Freeman 1,050.75
/// less its credit memo of 50 is 1,000.75; Bill's Windsurf 120.50 (paid, not twice); Amy's
/// 225 (a sales receipt; its estimate of 5,000 left out); Norton Lumber, a supplier, is no
/// customer. Every row left out holds no sale, so `--strict` passes.
#[test]
fn quickbooks_transaction_list_counts_invoices_not_their_payments_or_estimates() {
    let list = "\
Craig's Design and Landscaping Services,,,,,,
Transaction List by Date,,,,,,
January - December 2024,,,,,,
,,,,,,
Date,Transaction Type,Num,Name,Memo/Description,Account,Amount
01/03/2024,Invoice,1023,Freeman Sporting Goods,Landscaping,Accounts Receivable (A/R),1050.75
01/07/2024,Invoice,1007,Bill's Windsurf Shop,Landscaping,Accounts Receivable (A/R),120.50
01/09/2024,Estimate,1001,Amy's Bird Sanctuary,Garden design,Estimates,5000.00
01/18/2024,Payment,,Bill's Windsurf Shop,,Undeposited Funds,120.50
01/31/2024,Payment,,Freeman Sporting Goods,,Undeposited Funds,1050.75
02/02/2024,Sales Receipt,1008,Amy's Bird Sanctuary,Pest control,Undeposited Funds,225.00
02/05/2024,Deposit,,,,Checking,1171.25
02/06/2024,Bill,,Norton Lumber,,Accounts Payable (A/P),205.00
03/01/2024,Credit Memo,1026,Freeman Sporting Goods,,Accounts Receivable (A/R),-50.00
,,,,,,
\"Accrual Basis Thursday, January 7, 2025  09:14 AM GMT-08:00\",,,,,,
";
    let dir = score("transactions.csv", list.as_bytes(), &["--strict"]);
    assert_eq!(
        spends(&dir),
        [
            ("Amy's Bird Sanctuary".to_owned(), 225.0),
            ("Bill's Windsurf Shop".to_owned(), 120.5),
            ("Freeman Sporting Goods".to_owned(), 1000.75),
        ]
    );
}

/// The same list sorted by type, its supplier's 1,001 Bills first: the Invoices far below
/// them still make the Bills and the Payment no sales. By hand: Freeman 1,050.75, paid once.
#[test]
fn a_transaction_list_sorted_by_type_reads_as_one_sorted_by_date() {
    let mut list = String::from("Date,Transaction Type,Num,Name,Amount\n");
    for day in 0..1001 {
        writeln!(
            list,
            "01/{:02}/2024,Bill,,Norton Lumber,10.00",
            day % 28 + 1
        )
        .unwrap();
    }
    list.push_str("01/03/2024,Invoice,1023,Freeman Sporting Goods,1050.75\n");
    list.push_str("01/31/2024,Payment,,Freeman Sporting Goods,1050.75\n");
    let dir = score("transactions.csv", list.as_bytes(), &["--strict"]);
    assert_eq!(
        spends(&dir),
        [("Freeman Sporting Goods".to_owned(), 1050.75)]
    );
}

/// Where no invoice is among the types, a Check, a Bill or a Sales Order is a sale (a
/// restaurant's check, a shop's bill); a check with no customer is a walk-in's, listed as a
/// row without a customer. By hand: T1 20 + 15 = 35; T2 40.
#[test]
fn checks_and_bills_are_sales_where_no_invoice_is_given() {
    let list = "\
Date,Type,Customer,Amount
2024-03-01,Check,T1,20
2024-03-02,Bill,T1,15
2024-03-03,Sales Order,T2,40
2024-03-04,Check,,9
";
    let dir = score("pos.csv", list.as_bytes(), &[]);
    assert_eq!(
        spends(&dir),
        [("T1".to_owned(), 35.0), ("T2".to_owned(), 40.0)]
    );
    let issues = Sheet::read(&dir.path().join("out.xlsx"), "Data issues");
    assert_eq!(issues.rows.len(), 1);
    assert_eq!(
        issues.text(&issues.rows[0], "Problem"),
        "empty customer name"
    );
}

/// 管家婆's 单据中心 lists every document: 销售单 the sale, 收款单 the money received for
/// it, 销售订单 the order a 销售单 later delivers, 销售退货单 a return. By hand: 华兴 1,000
/// less its return of 200 is 800 (its 收款单 of 1,000 is no sale); 顺达 800 once, by its
/// 销售单, not again by its 销售订单.
#[test]
fn an_erp_s_document_list_counts_sales_not_receipts_or_the_orders_they_deliver() {
    let list = "\
单据日期,单据编号,单据类型,往来单位,金额
2024-03-01,XS-001,销售单,华兴贸易,1000
2024-03-08,SK-001,收款单,华兴贸易,1000
2024-03-05,XD-001,销售订单,顺达,800
2024-03-06,XS-002,销售单,顺达,800
2024-03-09,XT-001,销售退货单,华兴贸易,200
";
    let dir = score("单据中心.csv", list.as_bytes(), &["--strict"]);
    assert_eq!(
        spends(&dir),
        [("华兴贸易".to_owned(), 800.0), ("顺达".to_owned(), 800.0)]
    );
}

/// 金蝶精斗云's 销货单 gives 销售金额 before its 优惠金额 and 优惠后金额 after it: the customer
/// pays the last. By hand: 华兴 1,000 − 50 + 2,500 = 3,450.
#[test]
fn the_amount_after_money_off_is_taken_over_the_one_before() {
    let list = "\
单据日期,单据编号,客户,销售金额,优惠金额,优惠后金额
2024-03-01,XHD001,华兴贸易,1000,50,950
2024-04-01,XHD002,华兴贸易,2500,0,2500
";
    let dir = score("销货单.csv", list.as_bytes(), &["--strict"]);
    assert_eq!(spends(&dir), [("华兴贸易".to_owned(), 3450.0)]);
}

/// Published transaction sets with headers of their own: Kaggle's `Retail_Data_Transactions`
/// (`trans_date` as 11-Feb-13, `tran_amount`) and H&M's transactions (`t_dat`, a price per
/// item, `article_id` the product, `sales_channel_id` the channel, lines of a day one order). By hand:
/// CS5295 35 + 39 = 74 in two orders; H&M's customer a1 0.05 + 0.03 = 0.08 in one order,
/// its top product 0663713001.
#[test]
fn published_transaction_sets_are_read_without_configuration() {
    let retail = "\
customer_id,trans_date,tran_amount
CS5295,11-Feb-13,35
CS5295,15-Mar-13,39
CS4768,15-Mar-13,20
";
    let dir = dir_with(&[("Retail_Data_Transactions.csv", retail)]);
    tiers(dir.path())
        .args(["score", "Retail_Data_Transactions.csv", "-o", "out.xlsx"])
        .args(["--as-of", "2013-03-31", "--strict", "-q"])
        .assert()
        .success();
    assert_eq!(
        spends(&dir),
        [("CS4768".to_owned(), 20.0), ("CS5295".to_owned(), 74.0)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    assert_eq!(customers.figure("CS5295", "Orders"), 2.0);
    let hm = "\
t_dat,customer_id,article_id,price,sales_channel_id
2020-09-20,a1,0663713001,0.05,2
2020-09-20,a1,0541518023,0.03,2
2020-09-21,b2,0663713001,0.02,1
";
    let dir = dir_with(&[("transactions_train.csv", hm)]);
    tiers(dir.path())
        .args(["score", "transactions_train.csv", "-o", "out.xlsx"])
        .args(["--as-of", "2020-09-22", "--strict", "-q"])
        .assert()
        .success();
    assert_eq!(
        spends(&dir),
        [("a1".to_owned(), 0.08), ("b2".to_owned(), 0.02)]
    );
    let customers = Sheet::read(&dir.path().join("out.xlsx"), "Customers");
    let a1 = customers.row("Customer ID", "a1");
    assert_eq!(customers.number(a1, "Orders"), 1.0);
    assert!(
        customers.text(a1, "Top products").starts_with("0663713001"),
        "{}",
        customers.text(a1, "Top products")
    );
}
