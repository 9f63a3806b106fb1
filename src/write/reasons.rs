//! A segment's reason in words: the pipeline's [`Why`] holds the facts, the label tables the
//! sentences of each language.

use super::labels::{fill, labels};
use super::table::money;
use crate::model::Lang;
use crate::pipeline::behaviour::Why;

/// `why` in `lang`, e.g. `2 orders, average order 750.00 (median 137.50)`.
pub fn render(why: &Why, lang: Lang) -> String {
    let t = &labels(lang).reasons;
    // English keeps the plain amounts it always wrote; Chinese groups thousands as the
    // workbook does.
    let amount = |value: f64| match lang {
        Lang::En => format!("{value:.2}"),
        Lang::Zh => money(value),
    };
    let percent = |trend: f64| format!("{:+.0}", trend * 100.0);
    match *why {
        Why::NeverBought => t.never_bought.to_owned(),
        Why::NoneInWindow { days } => fill(t.none_in_window, &[("days", &days)]),
        Why::LastPurchase { days } => fill(t.last_purchase, &[("days", &days)]),
        Why::Overdue { days, cycle_days } => fill(
            t.overdue,
            &[("days", &days), ("cycle", &format!("{cycle_days:.0}"))],
        ),
        Why::Trend { trend } => fill(t.trend, &[("trend", &percent(trend))]),
        Why::FirstPurchase { days } => fill(t.first_purchase, &[("days", &days)]),
        Why::FirstPurchaseLarge {
            days,
            average_order,
            median,
        } => fill(
            t.first_purchase_large,
            &[
                ("days", &days),
                ("average", &amount(average_order)),
                ("median", &amount(median)),
            ],
        ),
        Why::Growing {
            trend,
            median_spend,
        } => fill(
            t.growing,
            &[
                ("trend", &percent(trend)),
                ("median", &amount(median_spend)),
            ],
        ),
        Why::Orders {
            orders,
            average_order,
            median,
        } => fill(
            t.orders,
            &[
                ("orders", &orders),
                ("average", &amount(average_order)),
                ("median", &amount(median)),
            ],
        ),
        Why::Rfm(s) => fill(
            t.rfm,
            &[
                ("r", &s.r),
                ("f", &s.f),
                ("m", &s.m),
                ("score", &s.score()),
                ("days", &format!("{:.0}", s.recency_days)),
                ("lines", &s.count),
                ("amount", &amount(s.amount)),
            ],
        ),
        Why::NoOrder => t.no_order.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::rfm::Rfm;

    fn both(why: Why) -> (String, String) {
        (render(&why, Lang::En), render(&why, Lang::Zh))
    }

    #[test]
    fn an_overdue_customer_in_both_languages() {
        let (en, zh) = both(Why::Overdue {
            days: 23,
            cycle_days: 4.2,
        });
        assert_eq!(en, "23 days since the last purchase, against a cycle of 4");
        assert_eq!(zh, "距上次购买23天，超过其4天的购买周期");
    }

    #[test]
    fn amounts_are_grouped_in_chinese_and_plain_in_english() {
        let (en, zh) = both(Why::FirstPurchaseLarge {
            days: 12,
            average_order: 1480.0,
            median: 300.0,
        });
        assert_eq!(
            en,
            "first purchase 12 days ago, average order 1480.00 (median 300.00)"
        );
        assert_eq!(zh, "首次购买于12天前，平均订单金额1,480.00（中位数300.00）");
    }

    #[test]
    fn trends_are_signed_percentages() {
        let (en, zh) = both(Why::Trend { trend: -0.6 });
        assert_eq!(
            (en.as_str(), zh.as_str()),
            ("spend trend -60%", "消费趋势-60%")
        );
        let (en, zh) = both(Why::Growing {
            trend: 1.0,
            median_spend: 262.5,
        });
        assert_eq!(en, "spend trend +100%, net spend below the median 262.50");
        assert_eq!(zh, "消费趋势+100%，净消费额低于中位数262.50");
    }

    #[test]
    fn rfm_scores_in_both_languages() {
        let (en, zh) = both(Why::Rfm(Rfm {
            recency_days: 30.0,
            count: 12,
            amount: 1234.0,
            r: 5,
            f: 4,
            m: 3,
        }));
        assert_eq!(
            en,
            "R 5 F 4 M 3 (RFM score 543): 30 days since the last order, 12 order lines, 1234.00"
        );
        assert_eq!(
            zh,
            "R 5 F 4 M 3（RFM得分543）：距上次订单30天，订单行12条，金额1,234.00"
        );
    }

    #[test]
    fn every_reason_fills_every_value_in_both_languages() {
        let all = [
            Why::NeverBought,
            Why::NoneInWindow { days: 400 },
            Why::LastPurchase { days: 200 },
            Why::Overdue {
                days: 23,
                cycle_days: 4.0,
            },
            Why::Trend { trend: 0.5 },
            Why::FirstPurchase { days: 5 },
            Why::FirstPurchaseLarge {
                days: 5,
                average_order: 1.0,
                median: 1.0,
            },
            Why::Growing {
                trend: 0.5,
                median_spend: 1.0,
            },
            Why::Orders {
                orders: 2,
                average_order: 750.0,
                median: 137.5,
            },
            Why::Rfm(Rfm {
                recency_days: 1.0,
                count: 1,
                amount: 1.0,
                r: 1,
                f: 1,
                m: 1,
            }),
            Why::NoOrder,
        ];
        for why in all {
            let (en, zh) = both(why);
            assert!(!en.contains('{') && !zh.contains('{'), "{en} / {zh}");
            assert!(!zh.is_ascii(), "{zh}");
        }
        assert_eq!(
            both(Why::NoneInWindow { days: 400 }).1,
            "评分期间内无购买（上次购买在400天前）"
        );
    }
}
