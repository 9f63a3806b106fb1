//! Step 6c: attribute classes, where the customers sheet allows: size (large / medium / small,
//! from a size column or else by net spend), local or remote against the configured home
//! region, and standard or custom needs. Region and industry themselves are shown as the
//! customers sheet has them.

use crate::config::AttributeConfig;
use crate::pipeline::aggregate::Metrics;
use crate::pipeline::columns::values::normalise;
use crate::pipeline::columns::{Dataset, Field};

/// Customer size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Large (大).
    Large,
    /// Medium (中).
    Medium,
    /// Small (小).
    Small,
}

/// A customer's attribute classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes {
    /// Size, with whether it came from the size column (else from net spend).
    pub size: Option<(Size, bool)>,
    /// Whether the region is the home region; `None` without a home region or a region.
    pub local: Option<bool>,
    /// Whether the customer needs custom work; `None` without a needs column.
    pub custom: Option<bool>,
}

/// A size written in the size column, in English or Chinese.
fn parse_size(text: &str) -> Option<Size> {
    let key = normalise(text);
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if key == "l" || has(&["large", "big", "大"]) {
        Some(Size::Large)
    } else if key == "m" || has(&["medium", "mid", "中"]) {
        Some(Size::Medium)
    } else if key == "s" || has(&["small", "小", "微"]) {
        Some(Size::Small)
    } else {
        None
    }
}

/// Every customer's classes.
pub fn classes(data: &Dataset, metrics: &[Metrics], config: &AttributeConfig) -> Vec<Classes> {
    // By spend: the top `large_share` of active customers are large, the next `medium_share`
    // medium, everyone else small.
    let mut ranked: Vec<usize> = (0..metrics.len())
        .filter(|&i| metrics[i].is_active())
        .collect();
    ranked.sort_by(|&a, &b| {
        metrics[b]
            .net_spend()
            .total_cmp(&metrics[a].net_spend())
            .then(a.cmp(&b))
    });
    let n = ranked.len() as f64;
    let large = (n * config.large_share).round() as usize;
    let medium = (n * (config.large_share + config.medium_share)).round() as usize;
    let mut by_spend = vec![Size::Small; metrics.len()];
    for (rank, &i) in ranked.iter().enumerate() {
        by_spend[i] = if rank < large {
            Size::Large
        } else if rank < medium {
            Size::Medium
        } else {
            Size::Small
        };
    }
    let home = normalise(&config.home_region);
    (0..data.customers.len())
        .map(|i| {
            let text = |field| {
                data.attribute(i as u32, field)
                    .filter(|t| !t.trim().is_empty())
            };
            let written = text(Field::Size).and_then(|t| parse_size(&t));
            Classes {
                size: Some(written.map_or((by_spend[i], false), |s| (s, true))),
                local: text(Field::Region)
                    .filter(|_| !home.is_empty())
                    .map(|r| normalise(&r) == home),
                custom: text(Field::Needs).map(|t| {
                    let key = normalise(&t);
                    ["custom", "定制", "非标", "bespoke"]
                        .iter()
                        .any(|w| key.contains(w))
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_english_and_chinese() {
        assert_eq!(parse_size("大型"), Some(Size::Large));
        assert_eq!(parse_size("Medium"), Some(Size::Medium));
        assert_eq!(parse_size("小微企业"), Some(Size::Small));
        assert_eq!(parse_size("L"), Some(Size::Large));
        assert_eq!(parse_size("unknown"), None);
    }
}
