//! `smithery.yaml`, both shapes: legacy `startCommand{type, configSchema, commandFunction, exampleConfig}`
//! and the newer `runtime:` with `env:`. Values in `exampleConfig` ship with the server's docs.

use crate::model::reader::read_server;
use crate::model::{Client, Model, Role, Site, Str, Transport};
use crate::parse::tree::pointer_push;
use crate::parse::{Node, Span, Value};

pub fn read(root: &Node, model: &mut Model) {
    let name = root.get("name").and_then(Node::as_str).unwrap_or("server").to_string();
    let name_span = root.get("name").map(|n| n.span).unwrap_or(Span::new(0, 0));
    let mut shape = Vec::new();
    if let Some(env) = root.get("env") {
        shape.push(crate::parse::tree::Entry { key: "env".into(), key_span: env.span, value: env.clone() });
    }
    let synthetic = Node::new(root.span, Value::Object(shape));
    read_server(name.clone(), name_span, &synthetic, String::new(), Client::Smithery, model);
    let start = root.get("startCommand");
    if let Some(server) = model.servers.last_mut() {
        server.transport = match start.and_then(|s| s.get("type")).and_then(Node::as_str) {
            Some("http") => Transport::Http,
            Some("stdio") => Transport::Stdio,
            _ => Transport::Unknown,
        };
    }
    if let Some(example) = start.and_then(|s| s.get("exampleConfig")) {
        examples(example, "/startCommand/exampleConfig", &name, model);
    }
}

fn examples(node: &Node, pointer: &str, server: &str, model: &mut Model) {
    for entry in node.entries() {
        let ptr = pointer_push(pointer, &entry.key);
        match &entry.value.value {
            Value::Object(_) => examples(&entry.value, &ptr, server, model),
            _ => {
                if let Some(value) = Str::from_node(&entry.value, ptr) {
                    model.sites.push(Site {
                        role: Role::Example,
                        key: Some(entry.key.clone()),
                        value,
                        server: Some(server.to_string()),
                        declared_secret: false,
                    });
                }
            }
        }
    }
}
