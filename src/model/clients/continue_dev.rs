//! Continue: `config.yaml` and `.continue/mcpServers/*.yaml` blocks hold a *list* of servers;
//! the legacy `config.json` a map.

use crate::model::reader::{read_server_list, read_server_map};
use crate::model::{Client, Model};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    let Some(servers) = root.get("mcpServers") else {
        return;
    };
    if servers.is_array() {
        read_server_list(servers, "/mcpServers", Client::Continue, model);
    } else {
        read_server_map(servers, "/mcpServers", Client::Continue, model, "");
    }
}
