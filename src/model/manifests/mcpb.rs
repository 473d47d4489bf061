//! MCPB (formerly DXT) `manifest.json`: `server.mcp_config` says how the server starts, and `user_config`
//! declares the values a user supplies (`sensitive: true` for secrets).

use crate::model::reader::read_server;
use crate::model::{Client, Input, Model, Role, Site, Str};
use crate::parse::tree::pointer_push;
use crate::parse::{Node, Span, Value};

pub fn read(root: &Node, model: &mut Model) {
    let name = root.get("name").and_then(Node::as_str).unwrap_or("server").to_string();
    let name_span = root.get("name").map(|n| n.span).unwrap_or(Span::new(0, 0));
    let empty = Node::new(root.span, Value::Object(Vec::new()));
    let config = root.get("server").and_then(|s| s.get("mcp_config")).unwrap_or(&empty);
    read_server(name.clone(), name_span, config, "/server/mcp_config".into(), Client::Mcpb, model);

    for entry in root.get("user_config").map(Node::entries).unwrap_or_default() {
        let ptr = pointer_push("/user_config", &entry.key);
        let sensitive = entry.value.get("sensitive").and_then(Node::as_bool) == Some(true);
        model.inputs.push(Input {
            name: Str { text: entry.key.clone(), span: entry.key_span, pointer: ptr.clone() },
            declared_secret: sensitive,
            kind: entry.value.get("type").and_then(Node::as_str).map(str::to_string),
            default: entry.value.get("default").and_then(|d| Str::from_node(d, pointer_push(&ptr, "default"))),
            server: name.clone(),
        });
        if let Some(default) = entry.value.get("default")
            && let Some(value) = Str::from_node(default, pointer_push(&ptr, "default"))
        {
            model.sites.push(Site {
                role: Role::Default,
                key: Some(entry.key.clone()),
                value,
                server: Some(name.clone()),
                declared_secret: sensitive,
            });
        }
    }
}
