//! Server manifests: the registry `server.json`, MCPB/DXT `manifest.json` and `smithery.yaml`.
//! Each describes one server.

pub mod mcpb;
pub mod registry;
pub mod smithery;
