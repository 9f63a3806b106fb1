//! tiers: grade customers from spreadsheets.
