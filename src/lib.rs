//! mcptrust: a static auditor of the trust between AI agents and the MCP servers they call.
//!
//! Data flows one way: `discover` → `parse` → `model` → `rules` → `report`.

pub mod cli;
pub mod clock;
pub mod discover;
pub mod fsread;
pub mod generate;
pub mod inventory;
pub mod merge;
pub mod model;
pub mod output;
pub mod parse;
pub mod policy;
pub mod report;
pub mod rules;
pub mod run;
pub mod scan;
pub mod shard;
