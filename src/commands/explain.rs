//! `tiers explain`: grade the inputs, find one customer, print why they have their tier.

use anyhow::{Result, bail};

use super::{Messages, print_stdout};
use crate::cli::ExplainArgs;
use crate::config::Config;
use crate::pipeline::{self, Graded, explain, read};
use crate::write::explain as render;

pub(super) fn run(args: &ExplainArgs) -> Result<()> {
    let (config, _) = Config::load(args.common.config.as_deref())?;
    let as_of = args
        .common
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let messages = Messages::new(args.common.quiet || args.common.json);
    let tables = read::read_inputs(&args.inputs)?;
    let graded = pipeline::grade(&tables, &config, as_of, None)?;
    for notice in &graded.data.notices {
        messages.note(notice);
    }
    let i = find(&graded, &args.customer)?;
    let explanation = explain::explain(&graded, i, &config);
    let text = if args.common.json {
        render::json(&graded, i, &explanation, &config)
    } else {
        render::text(&graded, i, &explanation, &config, args.common.lang)
    };
    print_stdout(&text)
}

/// The customer `query` names: an exact id or name, else the only one whose id or name
/// contains it (ignoring case).
fn find(graded: &Graded, query: &str) -> Result<usize> {
    let customers = &graded.data.customers;
    let query = query.trim();
    if let Some(i) = graded.data.customer(query) {
        return Ok(i as usize);
    }
    if let Some(i) = customers.iter().position(|c| c.name == query) {
        return Ok(i);
    }
    let lower = query.to_lowercase();
    let matches: Vec<usize> = (0..customers.len())
        .filter(|&i| {
            let c = &customers[i];
            c.id.to_lowercase().contains(&lower) || c.name.to_lowercase().contains(&lower)
        })
        .collect();
    match matches.as_slice() {
        [i] => Ok(*i),
        [] => bail!(
            "no customer matches \"{query}\" among {} customers",
            customers.len()
        ),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(10)
                .map(|&i| {
                    format!("{} {}", customers[i].id, customers[i].name)
                        .trim_end()
                        .to_owned()
                })
                .collect();
            let more = if many.len() > 10 {
                format!(" and {} more", many.len() - 10)
            } else {
                String::new()
            };
            bail!(
                "\"{query}\" matches {} customers: {}{more}; give more of the id or name",
                many.len(),
                names.join(", ")
            )
        }
    }
}
