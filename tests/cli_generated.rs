//! `tiers score` on a generated workbook (300 customers, 5,000 orders, skewed like a real
//! business), checked against an independent computation from the generator's own records.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use tiers::sample::{self, Lang, SampleData, SampleSpec};

use crate::common::{Sheet, assert_close, tiers};

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
}

fn generated(lang: Lang, messy: usize) -> (tempfile::TempDir, SampleData) {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = SampleSpec::new(300, 5000, 11, end());
    spec.lang = lang;
    spec.messy_rows = messy;
    let data = sample::generate(&spec);
    sample::write_xlsx(&data, &dir.path().join("shop.xlsx")).unwrap();
    (dir, data)
}

/// Orders and net spend per customer over the 12 months to `end`, straight from the records:
/// completed, shipped and processed lines count; returns subtract.
fn expected(data: &SampleData) -> HashMap<String, (u32, f64)> {
    let start = end().checked_sub_months(Months::new(12)).unwrap();
    let counted = [
        "Completed",
        "Shipped",
        "Processed",
        "已完成",
        "已发货",
        "已处理",
    ];
    let mut out: HashMap<String, (u32, f64)> = data
        .customers
        .iter()
        .map(|c| (c.id.clone(), (0, 0.0)))
        .collect();
    for order in data
        .orders
        .iter()
        .filter(|o| o.amount_text.is_none() && o.date_text.is_none())
    {
        if order.customer_id.is_empty() || !counted.contains(&order.status.as_str()) {
            continue;
        }
        if order.date <= start || order.date > end() {
            continue;
        }
        let entry = out.get_mut(&order.customer_id).unwrap();
        if order.kind == "Return" || order.kind == "退货" {
            entry.1 -= order.amount;
        } else {
            entry.0 += 1;
            entry.1 += order.amount;
        }
    }
    out
}

#[test]
fn net_spend_and_orders_match_the_records_for_every_customer() {
    let (dir, data) = generated(Lang::En, 0);
    tiers(dir.path())
        .args(["score", "shop.xlsx", "--as-of", "2026-10-31", "--strict"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
    assert_eq!(sheet.rows.len(), 300);
    for (id, (orders, net)) in expected(&data) {
        let row = sheet.row("Customer ID", &id);
        assert_eq!(
            sheet.number(row, "Orders"),
            f64::from(orders),
            "{id} orders"
        );
        assert_close(
            sheet.number(row, "Net spend"),
            net,
            &format!("{id} net spend"),
        );
    }
}

/// Each customer's preferred channel with its share of purchase value, from the records: all
/// counted purchases up to `end` (returns excluded), ties to the name first alphabetically.
fn expected_channels(data: &SampleData) -> HashMap<String, String> {
    let counted = ["Completed", "Shipped", "Processed"];
    let mut sums: HashMap<&str, HashMap<&str, f64>> = HashMap::new();
    for order in data.orders.iter().filter(|o| {
        o.amount_text.is_none()
            && o.date_text.is_none()
            && !o.customer_id.is_empty()
            && o.kind != "Return"
            && counted.contains(&o.status.as_str())
            && o.date <= end()
    }) {
        *sums
            .entry(&order.customer_id)
            .or_default()
            .entry(&order.channel)
            .or_default() += order.amount;
    }
    sums.into_iter()
        .map(|(id, by_channel)| {
            let total: f64 = by_channel.values().sum();
            let (channel, value) = by_channel
                .into_iter()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))
                .unwrap();
            (
                id.to_owned(),
                format!("{channel} {:.0}%", value / total * 100.0),
            )
        })
        .collect()
}

#[test]
fn preferred_channel_and_its_share_match_the_records() {
    let (dir, data) = generated(Lang::En, 0);
    tiers(dir.path())
        .args(["score", "shop.xlsx", "--as-of", "2026-10-31"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
    let expected = expected_channels(&data);
    assert!(expected.len() > 250, "{} customers bought", expected.len());
    for row in &sheet.rows {
        let id = sheet.text(row, "Customer ID");
        let want = expected.get(&id).cloned().unwrap_or_default();
        assert_eq!(sheet.text(row, "Preferred channel"), want, "{id}");
    }
    let orders = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Orders");
    assert_eq!(
        orders.text(&orders.rows[0], "Channel"),
        data.orders[0].channel
    );
}

#[test]
fn tiers_follow_the_shares_and_never_invert_scores() {
    let (dir, data) = generated(Lang::En, 0);
    tiers(dir.path())
        .args(["score", "shop.xlsx", "--as-of", "2026-10-31"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
    let active = expected(&data)
        .values()
        .filter(|(orders, _)| *orders > 0)
        .count();
    let names = ["diamond", "gold", "silver", "ordinary"];
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); 4];
    for row in &sheet.rows {
        let tier = names
            .iter()
            .position(|n| *n == sheet.text(row, "Tier"))
            .unwrap();
        let orders = sheet.number(row, "Orders");
        if orders == 0.0 {
            assert_eq!(tier, 3, "an inactive customer above ordinary");
        } else {
            scores[tier].push(sheet.number(row, "Score"));
        }
    }
    // Cumulative shares 5%, 20%, 50% of active customers, rounded (ties could only add more).
    let mut cumulative = 0;
    for (tier, share) in [0.05, 0.20, 0.50].iter().enumerate() {
        cumulative += scores[tier].len();
        let target = (active as f64 * share).round() as usize;
        assert!(
            cumulative >= target && cumulative <= target + 2,
            "tier {tier}: {cumulative} vs {target}"
        );
    }
    for pair in scores.windows(2) {
        let lowest_above = pair[0].iter().copied().fold(f64::INFINITY, f64::min);
        let highest_below = pair[1].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(
            lowest_above > highest_below,
            "{lowest_above} vs {highest_below}"
        );
    }
}

#[test]
fn chinese_workbook_with_messy_rows_reports_each_bad_row() {
    let (dir, data) = generated(Lang::Zh, 4);
    let output = tiers(dir.path())
        .args([
            "score",
            "shop.xlsx",
            "--as-of",
            "2026-10-31",
            "--lang",
            "zh",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The four messy rows follow the 5,000 orders and the header: rows 5002 to 5005, told
    // in Chinese as the workbook is.
    assert!(
        stderr.contains("警告: shop.xlsx 的“订单”表第 5002 行，“订单金额”列 (I)：应为金额"),
        "{stderr}"
    );
    assert!(
        stderr.contains("第 5003 行，“客户编号”列 (B)：客户编号为空"),
        "{stderr}"
    );
    assert!(
        stderr.contains("第 5004 行，“下单日期”列 (C)：应为日期"),
        "{stderr}"
    );
    assert!(
        stderr.contains("第 5005 行，“订单状态”列 (J)：未知状态"),
        "{stderr}"
    );
    assert!(stderr.contains("4 行输入未使用"), "{stderr}");
    let issues = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "数据问题");
    assert_eq!(issues.column("行号"), ["5002", "5003", "5004", "5005"]);
    let customers = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "客户");
    for (id, (orders, net)) in expected(&data) {
        let row = customers.row("客户编号", &id);
        assert_eq!(customers.number(row, "订单数"), f64::from(orders), "{id}");
        assert_close(customers.number(row, "净消费额"), net, &id);
    }
}
