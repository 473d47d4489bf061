//! A server that some grant trusts wholesale but that is not limited to a list of tools: whatever tools it
//! ships, today or after its next update, run unconfirmed.

use super::{Check, Hit};
use std::collections::HashMap;

use crate::model::{Grant, Reach};
use crate::rules::FileContext;

pub struct UnscopedServer;

impl Check for UnscopedServer {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        // Server name -> the first grant that trusts it wholesale (one pass: files can hold 100,000 servers).
        let mut wholesale: HashMap<&str, &Grant> = HashMap::new();
        for g in model.grants.iter().filter(|g| matches!(g.reach, Reach::Server | Reach::Wildcard)) {
            if let Some(server) = &g.server {
                wholesale.entry(server.as_str()).or_insert(g);
            }
        }
        for server in &model.servers {
            let Some(grant) = wholesale.get(server.name.as_str()) else { continue };
            // An allowlist, or a deny list that takes tools away, scopes the grant.
            let scoped =
                |list: &Option<Box<crate::model::ToolList>>| list.as_ref().is_some_and(|l| !l.items.is_empty());
            if scoped(&server.tools_allow) || scoped(&server.tools_deny) {
                continue;
            }
            let mut hit = Hit::new(
                server.name_span,
                server.pointer.clone(),
                Some(server.name.clone()),
                format!(
                    "server `{}` is trusted wholesale (`{}`) but has no tool allowlist: every tool it ships, now or after an update, runs unconfirmed",
                    server.name, grant.field
                ),
            );
            // The grant's own finding says "wholesale" already: this adds the scope to it (one place, one finding).
            hit.merge_into = Some(grant.pointer.clone());
            hit.merge_note = Some(
                "and the server has no tool allowlist, so tools it adds in any later version run unconfirmed too"
                    .into(),
            );
            emit(hit);
        }
    }
}

/// OAuth scopes wider than any one server needs: `*`, `admin`, `repo`, `write:*`, cloud-wide scopes.
pub struct BroadOauthScope;

pub fn is_broad_scope(scope: &str) -> bool {
    let s = scope.to_ascii_lowercase();
    s == "*"
        || s == "repo"
        || s == "all"
        || s.ends_with(":*")
        || s.ends_with(".*")
        || s.contains("admin")
        || s.contains("full_access")
        || s.ends_with("/auth/cloud-platform")
        || s == "delete_repo"
}

impl Check for BroadOauthScope {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            for scope in server.scopes.iter().filter(|s| is_broad_scope(&s.text)) {
                emit(Hit::new(
                    scope.span,
                    scope.pointer.clone(),
                    Some(server.name.clone()),
                    format!(
                        "server `{}` asks for the OAuth scope `{}`: every token it gets can do far more than its tools need",
                        server.name, scope.text
                    ),
                ));
            }
        }
    }
}
