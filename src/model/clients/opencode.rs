//! opencode `opencode.json[c]`: `mcp` map with `local` (command array, `environment`) and `remote` servers.

use crate::model::reader::read_server_map;
use crate::model::{Client, Model};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcp") {
        read_server_map(map, "/mcp", Client::Opencode, model, "");
    }
}
