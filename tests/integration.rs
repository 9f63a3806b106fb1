//! The integration tests, linked into one test binary: each module runs the real `tiers`
//! binary (or the library's fuzz targets) on real files. One binary instead of one per file
//! keeps the debug build small enough for CI's disk and links once instead of two dozen times.

mod common;

mod cli_attributes;
mod cli_backtest;
mod cli_check;
mod cli_clv;
mod cli_cron;
mod cli_errors;
mod cli_explain;
mod cli_explain_workbook;
mod cli_faults;
mod cli_generated;
mod cli_hostile;
mod cli_init;
mod cli_inputs;
mod cli_living;
mod cli_messy;
mod cli_report;
mod cli_revisit;
mod cli_score;
mod cli_segments;
mod cli_shell;
mod cli_shop_exports;
mod cli_split_orders;
mod cli_terminal;
mod fuzz_replay;
mod properties;
