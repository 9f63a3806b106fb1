//! The tier summary as a terminal table (comfy-table).

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

use super::labels::{labels, tier_name};
use super::{RunInfo, Summary};

/// The summary table: tier, customers, share, net spend, share of spend, average score.
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
            Cell::new(format!("{:.1}%", line.share * 100.0)).set_alignment(CellAlignment::Right),
            Cell::new(money(line.net_spend)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}%", line.spend_share * 100.0))
                .set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}", line.average_score)).set_alignment(CellAlignment::Right),
        ]);
    }
    table.to_string()
}

/// 1234567.891 → `1,234,567.89`.
pub fn money(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text != "0.00" {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
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
