//! A hard-coded credential of a kind that never expires on its own: a separate finding, so that
//! "static secret with no expiry" can be gated on apart from "secret present".

use super::{Check, Hit};
use crate::rules::{FileContext, Lifetime};

pub struct LongLivedCredential;

impl Check for LongLivedCredential {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        for secret in ctx.secrets.iter().filter(|s| s.lifetime == Lifetime::LongLived) {
            let site = secret.site.and_then(|i| ctx.model.map(|m| &m.sites[i]));
            emit(Hit::new(
                secret.span,
                site.map(|s| s.value.pointer.clone()).unwrap_or_default(),
                site.and_then(|s| s.server.clone()),
                format!(
                    "{} is a static credential with no expiry: it stays valid until someone revokes it",
                    secret.secret
                ),
            ));
        }
    }

    fn runs_without_model(&self) -> bool {
        true
    }
}
