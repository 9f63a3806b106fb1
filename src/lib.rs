//! tiers: grade customers from spreadsheets and write a customer-level management workbook.
//!
//! The modules follow the pipeline: [`pipeline`] reads the inputs, recognises their columns,
//! classifies orders, aggregates per customer, scores and assigns tiers; [`write`](mod@write) turns the
//! result into the workbook, the terminal table and JSON; [`commands`] glue the two for each
//! subcommand. [`config`] holds the scoring rules, [`model`] the shared domain types.

pub mod cli;
pub mod commands;
pub mod config;
pub mod issues;
pub mod location;
pub mod model;
pub mod pipeline;
pub mod sample;
mod threads;
pub mod write;

#[cfg(test)]
mod test_support;

pub use cli::Cli;
pub use commands::run;
