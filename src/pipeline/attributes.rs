//! Step 6c: attribute classes, where the customers sheet allows: size (large / medium / small,
//! from a size column or else by net spend), local or remote against the configured home
//! region, and standard or custom needs. Region and industry themselves are shown as the
//! customers sheet has them.

use anyhow::{Result, bail};

use crate::config::{AttributeConfig, When};
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

/// "local" or "remote", in English or Chinese: `Some(true)` for local.
fn parse_location(text: &str) -> Option<bool> {
    let key = normalise(text);
    if ["local", "本地"].iter().any(|w| key.contains(w)) {
        Some(true)
    } else if ["remote", "外地", "异地"].iter().any(|w| key.contains(w)) {
        Some(false)
    } else {
        None
    }
}

/// Whether a needs text asks for custom work (定制, 非标).
fn is_custom(text: &str) -> bool {
    let key = normalise(text);
    ["custom", "定制", "非标", "bespoke"]
        .iter()
        .any(|w| key.contains(w))
}

/// "standard" or "custom" in a `when` table: `Some(true)` for custom.
fn parse_needs(text: &str) -> Option<bool> {
    let key = normalise(text);
    if is_custom(text) {
        Some(true)
    } else if ["standard", "标准", "常规"].iter().any(|w| key.contains(w)) {
        Some(false)
    } else {
        None
    }
}

/// Checks the words of a `when` table, so a typo is an error rather than a tier no one gets.
///
/// # Errors
/// Names the key and the value not understood.
pub fn check(when: &When, home_region: &str) -> Result<()> {
    let words = |key: &str, values: &[String], known: fn(&str) -> bool, expected: &str| match values
        .iter()
        .find(|v| !known(v))
    {
        Some(bad) => bail!("when.{key} = \"{bad}\": expected {expected}"),
        None => Ok(()),
    };
    words(
        "size",
        &when.size,
        |w| parse_size(w).is_some(),
        "large, medium or small",
    )?;
    words(
        "location",
        &when.location,
        |w| parse_location(w).is_some(),
        "local or remote",
    )?;
    words(
        "needs",
        &when.needs,
        |w| parse_needs(w).is_some(),
        "standard or custom",
    )?;
    if !when.location.is_empty() && home_region.trim().is_empty() {
        bail!("when.location needs attributes.home_region, the region customers are local to");
    }
    Ok(())
}

/// Whether customer `i` is of the classes `when` names.
pub fn admits(when: &When, data: &Dataset, i: usize, classes: &Classes) -> bool {
    let text_in = |wanted: &[String], field| {
        wanted.is_empty()
            || data.attribute(i as u32, field).is_some_and(|have| {
                let have = normalise(&have);
                wanted.iter().any(|w| normalise(w) == have)
            })
    };
    let class_in = |wanted: &[String], have: Option<bool>, parse: fn(&str) -> Option<bool>| {
        wanted.is_empty() || have.is_some_and(|h| wanted.iter().any(|w| parse(w) == Some(h)))
    };
    (when.size.is_empty()
        || classes
            .size
            .is_some_and(|(s, _)| when.size.iter().any(|w| parse_size(w) == Some(s))))
        && text_in(&when.region, Field::Region)
        && text_in(&when.industry, Field::Industry)
        && class_in(&when.location, classes.local, parse_location)
        && class_in(&when.needs, classes.custom, parse_needs)
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
                custom: text(Field::Needs).map(|t| is_custom(&t)),
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

    #[test]
    fn when_words_are_checked() {
        let when = |size: &str| When {
            size: vec![size.to_owned()],
            ..When::default()
        };
        assert!(check(&when("大"), "").is_ok());
        let err = check(&when("huge"), "").unwrap_err().to_string();
        assert_eq!(err, "when.size = \"huge\": expected large, medium or small");
        let local = When {
            location: vec!["本地".to_owned()],
            ..When::default()
        };
        assert!(check(&local, "").is_err());
        assert!(check(&local, "华东").is_ok());
    }
}
