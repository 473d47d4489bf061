//! Goose `config.yaml`: `extensions:` map (`cmd`, `args`, `envs`, `uri`) and `GOOSE_MODE`.

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("extensions") {
        read_server_map(map, "/extensions", Client::Goose, model, "");
    }
    if let Some(mode) = root.get("GOOSE_MODE").filter(|m| m.as_str() == Some("auto")) {
        model.grants.push(Grant {
            kind: GrantKind::ApprovalMode,
            reach: Reach::Global,
            field: "GOOSE_MODE".into(),
            value: "auto".into(),
            server: None,
            tools: Vec::new(),
            span: mode.span,
            pointer: "/GOOSE_MODE".into(),
        });
    }
}
