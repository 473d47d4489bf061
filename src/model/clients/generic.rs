//! The `mcpServers` shape shared by most clients, and shape detection for files of no known client.

use super::Client;
use crate::model::Model;
use crate::model::reader::{read_server_list, read_server_map};
use crate::parse::Node;

/// `{"mcpServers": {name: server}}` (Claude, Cursor, Windsurf, Cline, Roo, Kiro, Gemini, Junie, LM Studio, ...).
/// Plugin-style files that hold the server map at the top level are read too.
pub fn read_mcp_servers(client: Client, root: &Node, model: &mut Model) {
    match root.get("mcpServers") {
        Some(map) if map.is_array() => read_server_list(map, "/mcpServers", client, model),
        Some(map) => read_server_map(map, "/mcpServers", client, model, ""),
        None if looks_like_server_map(root) => read_server_map(root, "", client, model, ""),
        None => {}
    }
    // Kiro writes the servers of installed Powers beside the user's own, under `powers.mcpServers`: they run
    // with the same trust, so they are servers of this file like any other.
    if client == Client::Kiro
        && let Some(map) = root.get("powers").and_then(|p| p.get("mcpServers")).filter(|m| m.is_object())
    {
        read_server_map(map, "/powers/mcpServers", client, model, "");
    }
}

/// For files found by content: read whichever MCP shape the file has.
pub fn read_any_shape(root: &Node, model: &mut Model) {
    let client = Client::Generic;
    if let Some(map) = root.get("mcpServers") {
        if map.is_array() {
            read_server_list(map, "/mcpServers", client, model);
        } else {
            read_server_map(map, "/mcpServers", client, model, "");
        }
    } else if let Some(map) = root.get("servers").filter(|m| m.is_object()) {
        read_server_map(map, "/servers", client, model, "");
    } else if let Some(map) = root.get("context_servers") {
        read_server_map(map, "/context_servers", client, model, "");
    } else if let Some(map) = root.get("mcp_servers") {
        read_server_map(map, "/mcp_servers", client, model, "");
    } else if let Some(map) = root.get("mcp").and_then(|m| m.get("servers")) {
        read_server_map(map, "/mcp/servers", client, model, "");
    }
}

/// A top-level map whose every value is an object with `command` or `url`.
fn looks_like_server_map(root: &Node) -> bool {
    let entries = root.entries();
    !entries.is_empty()
        && entries
            .iter()
            .all(|e| e.value.get("command").is_some() || e.value.get("url").is_some() || e.value.get("type").is_some())
}
