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
    if let Some(function) = start.and_then(|s| s.get("commandFunction"))
        && let Some(server) = model.servers.last_mut()
        && server.command.is_none()
    {
        read_command_function(function, server);
    }
    if let Some(example) = start.and_then(|s| s.get("exampleConfig")) {
        examples(example, "/startCommand/exampleConfig", &name, model);
    }
}

/// The launch inside a `commandFunction` (a JavaScript arrow function returning `{command, args, env}`): the
/// string literals after `command:` and in the `args: [...]` array, read without running anything. The values
/// point at the whole function (its text is reindented in a block scalar, so offsets into it are not the
/// file's); a computed command or argument (`config.bin`, a template literal) is left out, never guessed.
fn read_command_function(function: &Node, server: &mut crate::model::Server) {
    let Some(code) = function.as_str() else { return };
    let pointer = "/startCommand/commandFunction".to_string();
    let at = |text: String| Str { text, span: function.span, pointer: pointer.clone() };
    if let Some(command) = after_key(code, "command").and_then(|rest| js_string(rest).map(|(s, _)| s)) {
        server.command = Some(at(command));
        server.args = after_key(code, "args").map(js_string_array).unwrap_or_default().into_iter().map(at).collect();
    }
}

/// The code after `key:` (the first property of that name), whitespace skipped.
fn after_key<'a>(code: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = code[from..].find(key) {
        let start = from + i;
        let before = code[..start].chars().next_back();
        let rest = code[start + key.len()..].trim_start();
        let is_property = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if is_property && let Some(value) = rest.strip_prefix(':') {
            return Some(value.trim_start());
        }
        from = start + key.len();
    }
    None
}

/// A JavaScript string literal in single or double quotes at the start of `code`, and the code after it.
/// Template literals and escapes other than `\'`, `\"` and `\\` are not values we can know: `None`.
fn js_string(code: &str) -> Option<(String, &str)> {
    let quote = code.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut text = String::new();
    let mut chars = code[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('\'' | '"' | '\\'))) => text.push(e),
                _ => return None,
            },
            c if c == quote => return Some((text, &code[1 + i + 1..])),
            '\n' => return None,
            c => text.push(c),
        }
    }
    None
}

/// The leading string literals of an array literal (`['-y', '@scope/pkg']`); stops at the first element that
/// is not a literal, so that no later argument is taken for an earlier one.
fn js_string_array(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(mut rest) = code.strip_prefix('[') else { return out };
    loop {
        rest = rest.trim_start();
        let Some((item, after)) = js_string(rest) else { break };
        out.push(item);
        rest = after.trim_start();
        match rest.strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_function_literals_are_read_and_computed_values_are_not() {
        let code =
            "(config) => ({\n  command: 'npx',\n  args: ['-y', \"@webclaw/mcp\", config.extra, 'late'],\n  env: {}\n})";
        assert_eq!(after_key(code, "command").and_then(js_string).map(|(s, _)| s), Some("npx".to_string()));
        assert_eq!(after_key(code, "args").map(js_string_array), Some(vec!["-y".to_string(), "@webclaw/mcp".into()]));
        // `subcommand:` is not `command:`, and a computed command is no command.
        assert_eq!(after_key("({subcommand: 'x'})", "command"), None);
        assert_eq!(after_key("({command: config.bin})", "command").and_then(js_string), None);
        assert_eq!(js_string("`npx ${x}`"), None);
        assert_eq!(js_string("'it\\'s'").map(|(s, _)| s), Some("it's".to_string()));
    }
}
