//! `tiers explain` output: a readable breakdown for people, or JSON for scripts.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::labels::{labels, tier_name};
use super::reasons;
use super::table::money;
use crate::config::Config;
use crate::model::{Lang, OrderKind};
use crate::pipeline::Graded;
use crate::pipeline::behaviour::Why;
use crate::pipeline::explain::Explanation;
use crate::pipeline::preferences::Preferences;

/// How many of the latest orders are listed.
const RECENT: usize = 5;

/// `1 order`, `3 orders`.
fn plural(n: f64, one: &str, many: &str) -> String {
    format!(
        "{n:.0} {}",
        if (n - 1.0).abs() < f64::EPSILON {
            one
        } else {
            many
        }
    )
}

fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// The breakdown as text.
pub fn text(graded: &Graded, i: usize, e: &Explanation, config: &Config, lang: Lang) -> String {
    let l = labels(lang);
    let levels = &config.tiers.levels;
    let customer = &graded.data.customers[i];
    let tier = graded.tiers[i];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}, score {:.1}",
        customer.id,
        customer.name,
        tier_name(&levels[tier], lang),
        e.score
    );
    if graded.qualified[i] != tier {
        let _ = writeln!(
            out,
            "(the score alone qualifies for {})",
            tier_name(&levels[graded.qualified[i]], lang)
        );
    }
    let segment = &graded.segments[i];
    let _ = writeln!(
        out,
        "segment: {} ({})",
        l.segment(segment.segment),
        reasons::render(&segment.why, lang)
    );
    let _ = writeln!(
        out,
        "window: {} – {}\n",
        graded.window.start, graded.window.end
    );
    let _ = writeln!(out, "{}\n", parts_table(graded, i, e));
    let cutoffs: Vec<String> = e
        .cutoffs
        .iter()
        .enumerate()
        .map(|(t, c)| {
            format!(
                "{} {}",
                tier_name(&levels[t], lang),
                c.map_or("–".to_owned(), |c| format!("{c:.1}"))
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "tier cut-offs (lowest score in each tier this run): {}",
        cutoffs.join(", ")
    );
    let _ = writeln!(out, "{}", gap_line(e, config, lang));
    let p = &graded.preferences[i];
    let symbols = &graded.data.symbols;
    if !p.categories.is_empty() {
        let _ = writeln!(
            out,
            "favourite categories: {}",
            Preferences::describe(&p.categories, symbols)
        );
    }
    if !p.products.is_empty() {
        let _ = writeln!(
            out,
            "favourite products: {}",
            Preferences::describe(&p.products, symbols)
        );
    }
    if let (Some(cycle), Some(next)) = (p.cycle_days, p.next_expected) {
        let overdue = if p.overdue { ", overdue" } else { "" };
        let _ = writeln!(
            out,
            "buys every {cycle:.0} days; next order expected {next}{overdue}"
        );
    }
    if let Some(table) = recent_table(graded, i) {
        let _ = write!(out, "\nlatest orders:\n{table}");
    }
    out
}

/// Each part of the score: raw value, component score, weight, points.
fn parts_table(graded: &Graded, i: usize, e: &Explanation) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
        "",
        "value",
        "score (0–100)",
        "weight",
        "points",
    ]);
    for part in &e.parts {
        let value = match (part.component, part.value) {
            (_, None) => "–".to_owned(),
            ("recency", Some(days)) => format!("{days:.0} days since the last order"),
            ("frequency", Some(n)) => plural(n, "order", "orders"),
            ("monetary", Some(spend)) => format!("{} net spend", money(spend)),
            (_, Some(n)) => plural(n, "category", "categories"),
        };
        table.add_row(vec![
            Cell::new(part.component),
            Cell::new(value),
            right(format!("{:.1}", part.score)),
            right(format!("{:.0}", part.weight)),
            right(format!("{:.1}", part.contribution)),
        ]);
    }
    let complaints = graded.metrics[i].complaints;
    let blank = || Cell::new("");
    table.add_row(vec![
        Cell::new("complaints"),
        Cell::new(complaints),
        blank(),
        blank(),
        right(format!("-{:.1}", e.penalty)),
    ]);
    table.add_row(vec![
        Cell::new("score"),
        blank(),
        blank(),
        blank(),
        right(format!("{:.1}", e.score)),
    ]);
    table
}

/// What it takes to reach the next tier, in one line.
fn gap_line(e: &Explanation, config: &Config, lang: Lang) -> String {
    let Some(gap) = &e.next else {
        return "next tier: none, this is the highest".to_owned();
    };
    let mut ways = Vec::new();
    if let Some(spend) = gap.more_net_spend {
        ways.push(format!("{} more net spend in the window", money(spend)));
    }
    if let Some(orders) = gap.more_orders {
        ways.push(plural(f64::from(orders), "more order", "more orders"));
    }
    let name = tier_name(&config.tiers.levels[gap.tier], lang);
    match (gap.score_needed, ways.is_empty()) {
        (None, true) => format!("to reach {name}: no customer has that tier this run"),
        (Some(s), true) => {
            format!("to reach {name}: a score of {s:.1}; more than one figure must improve")
        }
        (needed, false) => {
            let needed = needed.map_or(String::new(), |s| format!("a score of {s:.1}; "));
            format!(
                "to reach {name}: {needed}{} (everyone else as they are)",
                ways.join(", or ")
            )
        }
    }
}

/// One of the latest orders, for display.
#[derive(Debug, Serialize)]
struct RecentOrder<'a> {
    date: chrono::NaiveDate,
    product: Option<&'a str>,
    amount: f64,
    status: Option<&'a str>,
    kind: &'static str,
}

fn recent_orders(graded: &Graded, i: usize) -> Vec<RecentOrder<'_>> {
    let data = &graded.data;
    let mut orders: Vec<_> = data
        .orders
        .iter()
        .filter(|o| o.customer as usize == i)
        .collect();
    orders.sort_by(|a, b| b.date.cmp(&a.date).then(b.row.cmp(&a.row)));
    let words = labels(Lang::En);
    orders
        .into_iter()
        .take(RECENT)
        .map(|o| RecentOrder {
            date: o.date,
            product: o.product.map(|s| data.symbols.get(s)),
            amount: if o.kind == OrderKind::Return {
                -o.amount
            } else {
                o.amount
            },
            status: o.status_text.map(|s| data.symbols.get(s)),
            kind: words.kind(o.kind),
        })
        .collect()
}

/// The latest orders, if any.
fn recent_table(graded: &Graded, i: usize) -> Option<Table> {
    let recent = recent_orders(graded, i);
    if recent.is_empty() {
        return None;
    }
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(vec!["date", "product", "amount", "status", "type"]);
    for o in recent {
        table.add_row(vec![
            Cell::new(o.date.to_string()),
            Cell::new(o.product.unwrap_or_default()),
            right(money(o.amount)),
            Cell::new(o.status.unwrap_or_default()),
            Cell::new(o.kind),
        ]);
    }
    Some(table)
}

/// The explanation in one sentence, for the Customers sheet: the score's parts and the points
/// short of the next tier.
pub fn sentence(
    graded: &Graded,
    i: usize,
    cutoffs: &[Option<f64>],
    config: &Config,
    lang: Lang,
) -> String {
    let levels = &config.tiers.levels;
    let s = &graded.scores[i];
    let w = &config.score.weights;
    let total = w.recency + w.frequency + w.monetary + w.breadth;
    let points = |weight: f64, score: f64| weight * score / total;
    let parts = [
        points(w.recency, s.recency),
        points(w.frequency, s.frequency),
        points(w.monetary, s.monetary),
        points(w.breadth, s.breadth),
    ];
    let tier = tier_name(&levels[graded.tiers[i]], lang);
    let qualified = graded.qualified[i];
    let next = qualified
        .checked_sub(1)
        .map(|t| (tier_name(&levels[t], lang), cutoffs[t]));
    match lang {
        Lang::En => {
            let penalty = if s.penalty > 0.0 {
                format!(" − complaints {:.1}", s.penalty)
            } else {
                String::new()
            };
            let mut text = format!(
                "{tier}: score {:.1} = recency {:.1} + frequency {:.1} + monetary {:.1} + breadth {:.1}{penalty}",
                s.total, parts[0], parts[1], parts[2], parts[3]
            );
            match next {
                Some((name, Some(cut))) => {
                    let _ = write!(
                        text,
                        "; {:.1} points below {name} ({cut:.1})",
                        (cut - s.total).max(0.0)
                    );
                }
                Some((name, None)) => {
                    let _ = write!(text, "; nobody reached {name} this run");
                }
                None => text.push_str("; the highest tier"),
            }
            text
        }
        Lang::Zh => {
            let penalty = if s.penalty > 0.0 {
                format!(" − 投诉 {:.1}", s.penalty)
            } else {
                String::new()
            };
            let mut text = format!(
                "{tier}：得分 {:.1} = 最近购买 {:.1} + 频次 {:.1} + 金额 {:.1} + 品类广度 {:.1}{penalty}",
                s.total, parts[0], parts[1], parts[2], parts[3]
            );
            match next {
                Some((name, Some(cut))) => {
                    let _ = write!(
                        text,
                        "；距{name}（{cut:.1}）还差 {:.1} 分",
                        (cut - s.total).max(0.0)
                    );
                }
                Some((name, None)) => {
                    let _ = write!(text, "；本次无客户达到{name}");
                }
                None => text.push_str("；已是最高等级"),
            }
            text
        }
    }
}

/// The breakdown as JSON.
pub fn json(graded: &Graded, i: usize, e: &Explanation, config: &Config) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        id: &'a str,
        name: &'a str,
        tier: &'a str,
        qualified_tier: &'a str,
        segment: &'static str,
        segment_why: String,
        segment_reason: &'a Why,
        #[serde(flatten)]
        explanation: &'a Explanation,
        next_tier: Option<&'a str>,
        recent_orders: Vec<RecentOrder<'a>>,
    }
    let levels = &config.tiers.levels;
    let customer = &graded.data.customers[i];
    let doc = Doc {
        id: &customer.id,
        name: &customer.name,
        tier: &levels[graded.tiers[i]].name,
        qualified_tier: &levels[graded.qualified[i]].name,
        segment: graded.segments[i].segment.key(),
        segment_why: reasons::render(&graded.segments[i].why, Lang::En),
        segment_reason: &graded.segments[i].why,
        explanation: e,
        next_tier: e.next.as_ref().map(|g| levels[g.tier].name.as_str()),
        recent_orders: recent_orders(graded, i),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
