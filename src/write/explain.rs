//! `tiers explain` output: a readable breakdown for people, or JSON for scripts.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::labels::{favourites, fill, labels, tier_name};
use super::table::money;
use super::{one_decimal, reasons, round};
use crate::config::Config;
use crate::model::{Lang, OrderKind, Sym};
use crate::pipeline::Graded;
use crate::pipeline::behaviour::Why;
use crate::pipeline::explain::{Explanation, tiers_above};
use crate::pipeline::segment::Tier;

/// How many of the latest orders are listed.
const RECENT: usize = 5;

/// A count in the form for one or for many, e.g. `1 order`, `3 orders`.
fn count(forms: [&str; 2], n: f64) -> String {
    let form = forms[usize::from((n - 1.0).abs() >= f64::EPSILON)];
    fill(form, &[("n", &format!("{n:.0}"))])
}

fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// The breakdown as text.
pub fn text(graded: &Graded, i: usize, e: &Explanation, config: &Config, lang: Lang) -> String {
    let l = labels(lang);
    let words = &l.explain;
    let levels = &config.tiers.levels;
    let customer = &graded.data.customers[i];
    let tier = graded.tiers[i];
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(fill(
        words.heading,
        &[
            ("id", &customer.id),
            ("name", &customer.name),
            ("tier", &tier_name(&levels[tier], lang)),
            ("score", &one_decimal(e.score)),
        ],
    ));
    if graded.qualified[i] != tier {
        let qualified = tier_name(&levels[graded.qualified[i]], lang);
        line(fill(words.qualifies, &[("tier", &qualified)]));
    }
    let segment = &graded.segments[i];
    line(fill(
        words.segment,
        &[
            ("segment", &l.segment(segment.segment)),
            ("why", &reasons::render(&segment.why, lang)),
        ],
    ));
    line(fill(
        words.window,
        &[("start", &graded.window.start), ("end", &graded.window.end)],
    ));
    line(String::new());
    line(format!("{}\n", parts_table(graded, i, e, lang)));
    let cutoffs: Vec<String> = e
        .cutoffs
        .iter()
        .enumerate()
        .map(|(t, c)| {
            format!(
                "{} {}",
                tier_name(&levels[t], lang),
                c.map_or("–".to_owned(), one_decimal)
            )
        })
        .collect();
    line(fill(words.cutoffs, &[("list", &cutoffs.join(words.list))]));
    if !e.closed.is_empty() {
        let names: Vec<&str> = e
            .closed
            .iter()
            .map(|&t| tier_name(&levels[t], lang))
            .collect();
        line(fill(words.closed, &[("list", &names.join(words.list))]));
    }
    // Closed tiers above and none open: the line above says all there is.
    if e.next.is_some() || e.closed.is_empty() {
        line(gap_line(e, tier, config, lang));
    }
    let p = &graded.preferences[i];
    let symbols = &graded.data.symbols;
    for (items, template) in [
        (p.categories.as_slice(), words.favourite_categories),
        (p.products.as_slice(), words.favourite_products),
        (p.brand.as_slice(), words.favourite_brand),
        (p.channel.as_slice(), words.favourite_channel),
    ] {
        if !items.is_empty() {
            let list = favourites(items, symbols, lang);
            line(fill(template, &[("list", &list)]));
        }
    }
    if let (Some(cycle), Some(next)) = (p.cycle_days, p.next_expected) {
        line(fill(
            words.rhythm,
            &[
                ("cycle", &format!("{cycle:.0}")),
                ("next", &next),
                ("overdue", &if p.overdue { words.overdue } else { "" }),
            ],
        ));
    }
    if let Some(text) = lifetime_line(graded, i, config, lang) {
        line(text);
    }
    if let Some(table) = recent_table(graded, i, lang) {
        let _ = write!(out, "\n{}\n{table}", words.latest);
    }
    out
}

/// P(alive), expected orders and value, when lifetime value was fitted.
fn lifetime_line(graded: &Graded, i: usize, config: &Config, lang: Lang) -> Option<String> {
    let words = &labels(lang).explain;
    let v = graded.clv.values[i]?;
    let value = v.expected_value.map_or(String::new(), |amount| {
        fill(words.lifetime_value, &[("amount", &money(amount))])
    });
    Some(fill(
        words.lifetime,
        &[
            ("p_alive", &format!("{:.0}%", v.p_alive * 100.0)),
            ("orders", &one_decimal(v.expected_orders)),
            ("months", &config.clv.horizon_months),
            ("value", &value),
        ],
    ))
}

/// Each part of the score: raw value, component score, weight, points.
fn parts_table(graded: &Graded, i: usize, e: &Explanation, lang: Lang) -> Table {
    let words = &labels(lang).explain;
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(words.parts_headers);
    let contributions: Vec<f64> = e.parts.iter().map(|p| p.contribution).collect();
    let shown = shown_points(&contributions, e.score, e.penalty);
    for (part, points) in e.parts.iter().zip(shown) {
        let (row, value) = match part.component {
            "recency" => (
                0,
                part.value
                    .map(|days| fill(words.days_since, &[("days", &format!("{days:.0}"))])),
            ),
            "frequency" => (1, part.value.map(|n| count(words.orders, n))),
            "monetary" => (
                2,
                part.value
                    .map(|spend| fill(words.net_spend, &[("amount", &money(spend))])),
            ),
            "breadth" => (3, part.value.map(|n| count(words.categories, n))),
            _ => (
                6,
                part.value
                    .map(|value| fill(words.expected_value, &[("amount", &money(value))])),
            ),
        };
        table.add_row(vec![
            Cell::new(words.parts_rows[row]),
            Cell::new(value.unwrap_or_else(|| "–".to_owned())),
            // A part the score leaves out has no score to show, as in the Customers sheet.
            right(if part.weight > 0.0 {
                one_decimal(part.score)
            } else {
                "–".to_owned()
            }),
            right(format!("{:.0}", part.weight)),
            right(one_decimal(points)),
        ]);
    }
    let complaints = graded.metrics[i].complaints;
    let blank = || Cell::new("");
    table.add_row(vec![
        Cell::new(words.parts_rows[4]),
        Cell::new(complaints),
        blank(),
        blank(),
        // No complaints: 0.0, not -0.0.
        right(one_decimal(0.0 - e.penalty)),
    ]);
    table.add_row(vec![
        Cell::new(words.parts_rows[5]),
        blank(),
        blank(),
        blank(),
        right(one_decimal(e.score)),
    ]);
    table
}

/// What it takes to reach the next tier, in one line; for a customer who holds `tier` above
/// the score's, what it takes to earn a tier by the score that they hold already.
fn gap_line(e: &Explanation, tier: Tier, config: &Config, lang: Lang) -> String {
    let words = &labels(lang).explain;
    let Some(gap) = &e.next else {
        return words.top.to_owned();
    };
    let mut ways = Vec::new();
    if let Some(spend) = gap.more_net_spend {
        ways.push(fill(words.more_spend, &[("amount", &money(spend))]));
    }
    if let Some(orders) = gap.more_orders {
        ways.push(count(words.more_orders, f64::from(orders)));
    }
    let name = tier_name(&config.tiers.levels[gap.tier], lang);
    // Tiers are numbered from the top: one at or below the held tier is held already.
    let goal = if gap.tier >= tier {
        words.earn
    } else {
        words.reach
    };
    let goal = fill(goal, &[("tier", &name)]);
    let score = one_decimal;
    match (gap.score_needed, ways.is_empty()) {
        (None, true) => fill(words.nobody, &[("goal", &goal)]),
        (Some(s), true) => fill(words.not_one, &[("goal", &goal), ("score", &score(s))]),
        (needed, false) => {
            let needed = needed.map_or(String::new(), |s| {
                fill(words.needed, &[("score", &score(s))])
            });
            fill(
                words.ways,
                &[
                    ("goal", &goal),
                    ("needed", &needed),
                    ("ways", &ways.join(words.or)),
                ],
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

/// The latest orders, their type named in `lang`.
fn recent_orders(graded: &Graded, i: usize, lang: Lang) -> Vec<RecentOrder<'_>> {
    let data = &graded.data;
    let mut orders: Vec<_> = data
        .orders
        .iter()
        .filter(|o| o.customer as usize == i)
        .collect();
    orders.sort_by(|a, b| b.date.cmp(&a.date).then(b.row.cmp(&a.row)));
    let words = labels(lang);
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
            status: words.status(o, &data.symbols),
            kind: words.kind(o.kind),
        })
        .collect()
}

/// The latest orders, if any.
fn recent_table(graded: &Graded, i: usize, lang: Lang) -> Option<Table> {
    let recent = recent_orders(graded, i, lang);
    if recent.is_empty() {
        return None;
    }
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(labels(lang).explain.latest_headers);
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
    let w = &graded.weights;
    let total = w.total();
    let points = |weight: f64, score: f64| weight * score / total;
    let mut raw = vec![
        points(w.recency, s.recency),
        points(w.frequency, s.frequency),
        points(w.monetary, s.monetary),
        points(w.breadth, s.breadth),
    ];
    if w.value > 0.0 {
        raw.push(points(w.value, s.value));
    }
    let parts: Vec<String> = shown_points(&raw, s.total, s.penalty)
        .into_iter()
        .map(one_decimal)
        .collect();
    let value = |word: &str| {
        parts
            .get(4)
            .map_or_else(String::new, |part| format!(" + {word} {part}"))
    };
    let tier = tier_name(&levels[graded.tiers[i]], lang);
    let (open, closed) = tiers_above(graded, i, config);
    let next = open
        .last()
        .map(|&t| (tier_name(&levels[t], lang), cutoffs[t]));
    // With tiers above closed to the customer, theirs is the highest open to them.
    let (top_en, top_zh) = if closed.is_empty() {
        ("; the highest tier", "；已是最高等级")
    } else {
        (
            "; the highest tier open to this customer",
            "；已是该客户可达的最高等级",
        )
    };
    match lang {
        Lang::En => {
            let penalty = if s.penalty > 0.0 {
                format!(" − complaints {}", one_decimal(s.penalty))
            } else {
                String::new()
            };
            let mut text = format!(
                "{tier}: score {} = recency {} + frequency {} + monetary {} + breadth {}{}{penalty}",
                one_decimal(s.total),
                parts[0],
                parts[1],
                parts[2],
                parts[3],
                value("value")
            );
            match next {
                Some((name, Some(cut))) => {
                    let _ = write!(
                        text,
                        "; {} points below {name} ({})",
                        one_decimal((cut - s.total).max(0.0)),
                        one_decimal(cut)
                    );
                }
                Some((name, None)) => {
                    let _ = write!(text, "; nobody reached {name} this run");
                }
                None => text.push_str(top_en),
            }
            text
        }
        Lang::Zh => {
            let penalty = if s.penalty > 0.0 {
                format!(" − 投诉 {}", one_decimal(s.penalty))
            } else {
                String::new()
            };
            let mut text = format!(
                "{tier}：得分 {} = 最近购买 {} + 频次 {} + 金额 {} + 品类广度 {}{}{penalty}",
                one_decimal(s.total),
                parts[0],
                parts[1],
                parts[2],
                parts[3],
                value("价值")
            );
            match next {
                Some((name, Some(cut))) => {
                    let _ = write!(
                        text,
                        "；距{name}（{}）还差 {} 分",
                        one_decimal(cut),
                        one_decimal((cut - s.total).max(0.0))
                    );
                }
                Some((name, None)) => {
                    let _ = write!(text, "；本次无客户达到{name}");
                }
                None => text.push_str(top_zh),
            }
            text
        }
    }
}

/// The points of each part as shown, to a tenth, adding up to the score as shown with the
/// complaints taken off ([`tenths_adding_up`]), or each rounded alone where they cannot.
fn shown_points(points: &[f64], score: f64, penalty: f64) -> Vec<f64> {
    let total = round(score, 1) + round(penalty, 1);
    tenths_adding_up(points, total).unwrap_or_else(|| points.iter().map(|&p| round(p, 1)).collect())
}

/// `parts` rounded to tenths so that they add up to `total` (itself in tenths): each is
/// rounded down, and the tenths left over go to the parts that lost the most (the largest
/// remainder method). `None` when no such rounding exists, as when the score was held at 0.
fn tenths_adding_up(parts: &[f64], total: f64) -> Option<Vec<f64>> {
    let tenths: Vec<f64> = parts.iter().map(|p| p * 10.0).collect();
    let floors: Vec<f64> = tenths.iter().map(|t| t.floor()).collect();
    let left = (total * 10.0).round() - floors.iter().sum::<f64>();
    if !(0.0..=parts.len() as f64).contains(&left) {
        return None;
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| (tenths[b] - floors[b]).total_cmp(&(tenths[a] - floors[a])));
    let mut shown = floors;
    for &k in order.iter().take(left as usize) {
        shown[k] += 1.0;
    }
    Some(shown.into_iter().map(|t| t / 10.0).collect())
}

/// The breakdown as JSON.
pub fn json(graded: &Graded, i: usize, e: &Explanation, config: &Config) -> String {
    #[derive(Serialize)]
    struct Favourite<'a> {
        name: &'a str,
        share: f64,
    }
    #[derive(Serialize)]
    struct Favourites<'a> {
        categories: Vec<Favourite<'a>>,
        products: Vec<Favourite<'a>>,
        brand: Option<Favourite<'a>>,
        channel: Option<Favourite<'a>>,
        cycle_days: Option<f64>,
        next_expected: Option<String>,
        overdue: bool,
    }
    #[derive(Serialize)]
    struct Lifetime {
        p_alive: f64,
        expected_orders: f64,
        expected_value: Option<f64>,
        horizon_months: u32,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        id: &'a str,
        name: &'a str,
        as_of: String,
        window_start: String,
        tier: &'a str,
        qualified_tier: &'a str,
        segment: &'static str,
        segment_why: String,
        segment_reason: &'a Why,
        #[serde(flatten)]
        explanation: &'a Explanation,
        next_tier: Option<&'a str>,
        closed_tiers: Vec<&'a str>,
        preferences: Favourites<'a>,
        lifetime: Option<Lifetime>,
        recent_orders: Vec<RecentOrder<'a>>,
    }
    let levels = &config.tiers.levels;
    let customer = &graded.data.customers[i];
    let (p, symbols) = (&graded.preferences[i], &graded.data.symbols);
    let favourite = |&(sym, share): &(Sym, f64)| Favourite {
        name: symbols.get(sym),
        share,
    };
    let doc = Doc {
        id: &customer.id,
        name: &customer.name,
        as_of: graded.window.end.to_string(),
        window_start: graded.window.start.to_string(),
        tier: &levels[graded.tiers[i]].name,
        qualified_tier: &levels[graded.qualified[i]].name,
        segment: graded.segments[i].segment.key(),
        segment_why: reasons::render(&graded.segments[i].why, Lang::En),
        segment_reason: &graded.segments[i].why,
        explanation: e,
        next_tier: e.next.as_ref().map(|g| levels[g.tier].name.as_str()),
        closed_tiers: e.closed.iter().map(|&t| levels[t].name.as_str()).collect(),
        preferences: Favourites {
            categories: p.categories.iter().map(favourite).collect(),
            products: p.products.iter().map(favourite).collect(),
            brand: p.brand.as_ref().map(favourite),
            channel: p.channel.as_ref().map(favourite),
            cycle_days: p.cycle_days,
            next_expected: p.next_expected.map(|d| d.to_string()),
            overdue: p.overdue,
        },
        lifetime: graded.clv.values[i].map(|v| Lifetime {
            p_alive: v.p_alive,
            expected_orders: v.expected_orders,
            expected_value: v.expected_value,
            horizon_months: config.clv.horizon_months,
        }),
        recent_orders: recent_orders(graded, i, Lang::En),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::explain::Gap;

    fn explanation(next: Option<Gap>) -> Explanation {
        Explanation {
            parts: Vec::new(),
            penalty: 0.0,
            score: 50.0,
            cutoffs: Vec::new(),
            next,
            closed: Vec::new(),
        }
    }

    #[test]
    fn parts_as_shown_add_up_to_the_score_as_shown() {
        // 19.25 + 29.95 + 40.0 + 9.95 = 99.15, shown 99.2; each part rounded alone would show
        // 19.3 + 30.0 + 40.0 + 10.0 = 99.3.
        let parts = tenths_adding_up(&[19.25, 29.95, 40.0, 9.95], 99.2).unwrap();
        let sum: f64 = parts.iter().sum();
        assert!((sum - 99.2).abs() < 1e-9, "{parts:?}");
        assert!(
            parts
                .iter()
                .zip([19.25, 29.95, 40.0, 9.95])
                .all(|(p, r)| (p - r).abs() < 0.1)
        );
        // A score held at 0 by the complaints cannot be met: none.
        assert_eq!(tenths_adding_up(&[10.0, 10.0], 100.0), None);
    }

    #[test]
    fn the_way_to_gold_in_both_languages() {
        let e = explanation(Some(Gap {
            tier: 1,
            score_needed: Some(73.33),
            more_net_spend: Some(7300.0),
            more_orders: Some(2),
        }));
        let config = Config::default();
        assert_eq!(
            gap_line(&e, 3, &config, Lang::En),
            "to reach gold: a score of 73.3; 7,300.00 more net spend in the window, or 2 more orders (everyone else as they are)"
        );
        assert_eq!(
            gap_line(&e, 3, &config, Lang::Zh),
            "升至黄金：需得分73.3；评分期间内净消费额再增加7,300.00，或再增加2笔订单（其他客户不变）"
        );
    }

    #[test]
    fn no_way_up_in_both_languages() {
        let config = Config::default();
        let top = explanation(None);
        assert_eq!(
            gap_line(&top, 0, &config, Lang::Zh),
            "下一等级：无，已是最高等级"
        );
        let stuck = explanation(Some(Gap {
            tier: 2,
            score_needed: Some(71.7),
            more_net_spend: None,
            more_orders: None,
        }));
        assert_eq!(
            gap_line(&stuck, 3, &config, Lang::En),
            "to reach silver: a score of 71.7; more than one figure must improve"
        );
        assert_eq!(
            gap_line(&stuck, 3, &config, Lang::Zh),
            "升至白银：需得分71.7，仅提升单项指标无法达到"
        );
    }

    /// A customer held at silver whose score qualifies for ordinary is told what earns silver
    /// by the score, not how to reach the tier they hold.
    #[test]
    fn a_held_tier_is_earned_not_reached() {
        let config = Config::default();
        let held = explanation(Some(Gap {
            tier: 2,
            score_needed: Some(49.6),
            more_net_spend: Some(292.34),
            more_orders: Some(1),
        }));
        assert_eq!(
            gap_line(&held, 2, &config, Lang::En),
            "to earn silver by the score, not by the hold: a score of 49.6; 292.34 more net spend in the window, or 1 more order (everyone else as they are)"
        );
        assert_eq!(
            gap_line(&held, 2, &config, Lang::Zh),
            "凭得分（而非保留）达到白银：需得分49.6；评分期间内净消费额再增加292.34，或再增加1笔订单（其他客户不变）"
        );
    }

    #[test]
    fn one_and_many_take_their_own_forms() {
        let words = &labels(Lang::En).explain;
        assert_eq!(count(words.orders, 1.0), "1 order");
        assert_eq!(count(words.orders, 3.0), "3 orders");
        assert_eq!(count(labels(Lang::Zh).explain.orders, 3.0), "3笔订单");
    }
}
