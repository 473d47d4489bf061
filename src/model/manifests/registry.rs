//! Official registry `server.json`, in the current camelCase schema and the older snake_case one.

use crate::model::reader::read_server;
use crate::model::{Client, Input, KeyValue, Model, Package, Role, Site, Str, Transport};
use crate::parse::tree::pointer_push;
use crate::parse::{Node, Span};

/// The field as spelled in either schema generation.
fn field<'a>(node: &'a Node, camel: &'a str, snake: &'a str) -> Option<(&'a str, &'a Node)> {
    node.get_any(&[camel, snake])
}

pub fn read(root: &Node, model: &mut Model) {
    let name = root.get("name").and_then(Node::as_str).unwrap_or("server").to_string();
    let name_span = root.get("name").map(|n| n.span).unwrap_or(Span::new(0, 0));
    // The server itself: read like a client entry so every rule sees it the same way.
    let empty = Node::new(root.span, crate::parse::Value::Object(Vec::new()));
    read_server(name.clone(), name_span, &empty, String::new(), Client::RegistryServer, model);
    for (i, package) in root.get("packages").map(Node::items).unwrap_or_default().iter().enumerate() {
        let ptr = format!("/packages/{i}");
        if let Some(identifier) =
            package.get("identifier").and_then(|n| Str::from_node(n, pointer_push(&ptr, "identifier")))
        {
            model.packages.push(Package {
                registry_type: field(package, "registryType", "registry_type")
                    .and_then(|(_, n)| n.as_str())
                    .unwrap_or("")
                    .to_ascii_lowercase(),
                identifier,
                version: package.get("version").and_then(|n| Str::from_node(n, pointer_push(&ptr, "version"))),
                has_digest: field(package, "fileSha256", "file_sha256").is_some(),
                pointer: ptr.clone(),
            });
        }
        let server = model.servers.last_mut().expect("pushed above");
        if server.command.is_none() {
            server.command = field(package, "runtimeHint", "runtime_hint")
                .and_then(|(k, n)| Str::from_node(n, pointer_push(&ptr, k)));
            server.transport = Transport::Stdio;
        }
        if let Some((k, vars)) = field(package, "environmentVariables", "environment_variables") {
            for (j, var) in vars.items().iter().enumerate() {
                inputs(var, &format!("{ptr}/{k}/{j}"), &name, Role::Env, model);
            }
        }
        for key in ["runtimeArguments", "runtime_arguments", "packageArguments", "package_arguments"] {
            for (j, arg) in package.get(key).map(Node::items).unwrap_or_default().iter().enumerate() {
                inputs(arg, &format!("{ptr}/{key}/{j}"), &name, Role::Arg, model);
            }
        }
        if let Some(transport) = package.get("transport") {
            for (j, header) in transport.get("headers").map(Node::items).unwrap_or_default().iter().enumerate() {
                inputs(header, &format!("{ptr}/transport/headers/{j}"), &name, Role::Header, model);
            }
        }
    }
    for (i, remote) in root.get("remotes").map(Node::items).unwrap_or_default().iter().enumerate() {
        let ptr = format!("/remotes/{i}");
        let server = model.servers.last_mut().expect("pushed above");
        if server.url.is_none() {
            server.url = remote.get("url").and_then(|u| Str::from_node(u, pointer_push(&ptr, "url")));
            server.transport = match remote.get("type").and_then(Node::as_str) {
                Some("sse") => Transport::Sse,
                _ => Transport::Http,
            };
            if let Some(url) = server.url.clone() {
                model.sites.push(Site {
                    role: Role::Url,
                    key: None,
                    value: url,
                    server: Some(name.clone()),
                    declared_secret: false,
                });
            }
        }
        for (j, header) in remote.get("headers").map(Node::items).unwrap_or_default().iter().enumerate() {
            inputs(header, &format!("{ptr}/headers/{j}"), &name, Role::Header, model);
        }
    }
}

/// A KeyValueInput (`name`, `isSecret`, `default`, `value`): its literal values are sites.
fn inputs(input: &Node, pointer: &str, server: &str, role: Role, model: &mut Model) {
    let key = input.get("name").and_then(Node::as_str).map(str::to_string);
    let declared_secret = field(input, "isSecret", "is_secret").and_then(|(_, n)| n.as_bool()) == Some(true);
    if let Some(name) = input.get("name").and_then(|n| Str::from_node(n, pointer_push(pointer, "name"))) {
        model.inputs.push(Input {
            name,
            declared_secret,
            kind: input.get("format").and_then(Node::as_str).map(str::to_string),
            default: input.get("default").and_then(|n| Str::from_node(n, pointer_push(pointer, "default"))),
            server: server.to_string(),
        });
    }
    for value_key in ["value", "default"] {
        let Some(node) = input.get(value_key) else {
            continue;
        };
        let Some(value) = Str::from_node(node, pointer_push(pointer, value_key)) else {
            continue;
        };
        let role = if value_key == "default" { Role::Default } else { role };
        if (role == Role::Env || role == Role::Header)
            && let (Some(k), Some(server)) = (&key, model.servers.last_mut())
        {
            let kv = KeyValue { key: k.clone(), key_span: input.span, value: value.clone() };
            if role == Role::Env { server.env.push(kv) } else { server.headers.push(kv) }
        }
        model.sites.push(Site { role, key: key.clone(), value, server: Some(server.to_string()), declared_secret });
    }
}
