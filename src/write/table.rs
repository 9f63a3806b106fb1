//! The tier summary as a terminal table (comfy-table).

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

use super::labels::{Labels, fill, labels, tier_name};
use super::{RunInfo, Summary, one_decimal, percent};
use crate::model::Lang;
use crate::pipeline::Graded;
use crate::pipeline::clv::{Backtest, BacktestRow, LAST_GROUP};
use crate::pipeline::segment::Change;

/// The summary table: tier, customers, share, net spend, share of spend, average score, and
/// the score the tier starts at.
pub fn render(summary: &Summary, info: &RunInfo<'_>) -> String {
    let l = labels(info.lang);
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(l.tier_table.iter().copied());
    for line in &summary.tiers {
        let level = &info.config.tiers.levels[line.tier];
        table.add_row(vec![
            Cell::new(tier_name(level, info.lang)),
            Cell::new(line.customers).set_alignment(CellAlignment::Right),
            Cell::new(percent(line.share)).set_alignment(CellAlignment::Right),
            Cell::new(money(line.net_spend)).set_alignment(CellAlignment::Right),
            Cell::new(percent(line.spend_share)).set_alignment(CellAlignment::Right),
            Cell::new(one_decimal(line.average_score)).set_alignment(CellAlignment::Right),
            Cell::new(line.score_from.map(one_decimal).unwrap_or_default())
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
    let (customer_share, spend_share) = summary.total_shares();
    table.add_row(vec![
        Cell::new(l.total),
        right(summary.customers.to_string()),
        right(percent(customer_share)),
        right(money(summary.net_spend)),
        right(percent(spend_share)),
        right(one_decimal(summary.average_score())),
        right(String::new()),
    ]);
    table.to_string()
}

/// How many customers each [`Change`] has, and the customers whose tier moved (or was held
/// or locked), in rank order.
pub fn moves(graded: &Graded) -> ([usize; 6], Vec<usize>) {
    let mut counts = [0usize; 6];
    let mut moved = Vec::new();
    for &i in &graded.ranking {
        let change = graded.changes[i];
        counts[change as usize] += 1;
        if change.is_a_move() {
            moved.push(i);
        }
    }
    (counts, moved)
}

/// What `--dry-run` shows: whose tier would change, and what the previous workbook carries.
pub fn changes(graded: &Graded, info: &RunInfo<'_>) -> String {
    let l = labels(info.lang);
    let levels = &info.config.tiers.levels;
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
        l.customer_head[1],
        l.customer_head[2],
        l.customer_tail[1],
        l.customer_tail[0],
        l.customer_tail[2],
    ]);
    let (counts, moved) = moves(graded);
    for i in moved {
        let customer = &graded.data.customers[i];
        let previous = graded.previous_tiers[i].map_or("", |t| tier_name(&levels[t], info.lang));
        table.add_row(vec![
            customer.id.as_str(),
            customer.name.as_str(),
            previous,
            tier_name(&levels[graded.tiers[i]], info.lang),
            l.change(graded.changes[i]),
        ]);
    }
    let tally: Vec<String> = Change::ALL
        .iter()
        .map(|&c| format!("{} {}", counts[c as usize], l.change(c)))
        .collect();
    let mut out = format!(
        "dry run, nothing written; tiers against the last run: {}\n",
        tally.join(", ")
    );
    if table.row_count() > 0 {
        out.push_str(&table.to_string());
        out.push('\n');
    }
    if let Some(previous) = info.previous {
        let filled = |r: &crate::pipeline::previous::PreviousRow| {
            r.values
                .iter()
                .filter(|v| **v != crate::model::Value::Empty)
                .count()
        };
        let values: usize = previous.rows.iter().map(filled).sum();
        let customers = previous.rows.iter().filter(|r| filled(r) > 0).count();
        let departed = previous
            .rows
            .iter()
            .filter(|r| graded.data.customer(&r.id).is_none())
            .count();
        let _ = write!(
            out,
            "{} of {} would be carried over from {}; {} no longer in the inputs would be kept as inactive",
            count(values, "manual value", "manual values"),
            count(customers, "customer", "customers"),
            previous.path.display(),
            count(departed, "customer", "customers"),
        );
    } else {
        out.push_str("no previous workbook at the output path: a new one would be written");
    }
    out
}

/// `1 row`, `2,500 rows`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", integer(n as u64), if n == 1 { one } else { many })
}

/// 1234567 → `1,234,567`.
pub fn integer(value: u64) -> String {
    group_digits(&value.to_string())
}

/// Commas between groups of three digits.
fn group_digits(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// 1234567.891 → `1,234,567.89`.
pub fn money(value: f64) -> String {
    let text = format!("{:.2}", super::round(value.abs(), 2));
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let grouped = group_digits(int);
    let sign = if value < 0.0 && text != "0.00" {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

/// The lifetime value backtest: predicted against actual purchases in the holdout period, by
/// repeat purchases before it.
pub fn backtest(backtest: &Backtest, lang: Lang) -> String {
    let l = labels(lang);
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(l.backtest_headers.iter().copied());
    for (label, row) in backtest_lines(backtest, l) {
        let n = row.customers.max(1) as f64;
        let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
        table.add_row(vec![
            Cell::new(label),
            right(row.customers.to_string()),
            right(format!("{:.2}", row.predicted / n)),
            right(format!("{:.2}", row.actual / n)),
            right(format!("{:.0}", row.predicted)),
            right(format!("{:.0}", row.actual)),
        ]);
    }
    format!("{}\n{table}", backtest_title(backtest, l))
}

/// The backtest's lines with their labels: 0, 1, ... 7+, then all.
pub fn backtest_lines(backtest: &Backtest, l: &Labels) -> Vec<(String, BacktestRow)> {
    backtest
        .rows
        .iter()
        .map(|row| {
            let plus = if row.repeat_purchases == LAST_GROUP {
                "+"
            } else {
                ""
            };
            (format!("{}{plus}", row.repeat_purchases), *row)
        })
        .chain([(l.backtest_all.to_owned(), backtest.total)])
        .collect()
}

/// The backtest's title line.
pub fn backtest_title(backtest: &Backtest, l: &Labels) -> String {
    let as_of = backtest.calibration_end + chrono::Days::new(backtest.holdout_days as u64);
    fill(
        l.backtest_title,
        &[
            ("end", &backtest.calibration_end),
            ("days", &backtest.holdout_days),
            ("as_of", &as_of),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1_234_567.891), "1,234,567.89");
        assert_eq!(money(999.5), "999.50");
        assert_eq!(money(-1000.0), "-1,000.00");
        assert_eq!(money(0.0), "0.00");
    }
}
