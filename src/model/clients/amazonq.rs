//! Amazon Q Developer: `mcp.json` (`mcpServers`) and agent files whose `allowedTools` may name whole servers.

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", Client::AmazonQ, model, "");
    }
    let Some(allowed) = root.get("allowedTools") else {
        return;
    };
    for (i, item) in allowed.items().iter().enumerate() {
        let Some(text) = item.as_str() else { continue };
        // `@server` trusts every tool of the server; `@server/tool` one tool; `*` everything.
        let (reach, server, tools) = match text.strip_prefix('@') {
            Some(rest) => match rest.split_once('/') {
                None => (Reach::Server, Some(rest.to_string()), Vec::new()),
                Some((s, "*")) => (Reach::Server, Some(s.to_string()), Vec::new()),
                Some((s, t)) if t.contains('*') => (Reach::Wildcard, Some(s.to_string()), vec![t.to_string()]),
                Some((s, t)) => (Reach::Tools, Some(s.to_string()), vec![t.to_string()]),
            },
            None if text == "*" => (Reach::Global, None, Vec::new()),
            None => continue,
        };
        model.grants.push(Grant {
            kind: GrantKind::ToolAutoApprove,
            reach,
            field: "allowedTools".into(),
            value: text.to_string(),
            server,
            tools,
            span: item.span,
            pointer: format!("/allowedTools/{i}"),
        });
    }
}
