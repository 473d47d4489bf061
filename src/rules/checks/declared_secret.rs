//! A manifest declares a value secret (`isSecret`, `sensitive`) and then ships a literal default for it.

use super::{Check, Hit};
use crate::model::Role;
use crate::rules::FileContext;
use crate::rules::engine::describe_site;
use crate::rules::mask::mask;
use crate::rules::secrets::is_placeholder;

pub struct DeclaredSecretDefault;

impl Check for DeclaredSecretDefault {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for site in &model.sites {
            if !site.declared_secret || !matches!(site.role, Role::Default | Role::Env | Role::Header | Role::Arg) {
                continue;
            }
            let literal = site.value.literal_view();
            let value = literal.trim();
            if value.is_empty() || is_placeholder(value) {
                continue;
            }
            let start = literal.find(value).unwrap_or(0);
            let span = site.value.sub_span(ctx.source, start..start + value.len());
            let mut hit = Hit::new(
                span,
                site.value.pointer.clone(),
                site.server.clone(),
                format!("value declared secret but shipped {}: {}", describe_site(site), mask(value)),
            );
            hit.secret = Some(span);
            emit(hit);
        }
    }
}
