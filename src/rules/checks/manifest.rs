//! Server manifests (registry `server.json`, MCPB `manifest.json`): published packages pinned to exact
//! versions and digests, inputs that hold secrets declared as such, and no broad directory defaults.

use std::sync::LazyLock;

use regex::Regex;

use super::supply_chain::{Spec, judge};
use super::{Check, Hit};
use crate::rules::FileContext;

static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(token|secret|passw(or)?d|api[_-]?key|apikey|private[_-]?key|credential|access[_-]?key|client[_-]?secret)")
        .expect("secret name regex")
});

/// Inputs that name or locate a secret rather than hold it (`TOKEN_HEADER`, `KEY_PATH`, `SECRET_NAME`).
static NAMES_NOT_VALUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[_\-.]?(header|name|url|uri|path|file|dir|id|type|mode|env|var|length|expiry)$")
        .expect("suffix regex")
});

/// A published package whose version is missing, `latest` or a range.
pub struct ManifestUnpinnedPackage;

impl Check for ManifestUnpinnedPackage {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for p in &model.packages {
            if !matches!(p.registry_type.as_str(), "npm" | "pypi" | "nuget") {
                continue;
            }
            let (span, pointer, why) = match &p.version {
                None => (p.identifier.span, p.identifier.pointer.clone(), "has no version".to_string()),
                Some(v) => match judge("npm", &crate::model::Str { text: format!("x@{}", v.text), ..v.clone() }) {
                    Spec::Unpinned { .. } => {
                        (v.span, v.pointer.clone(), format!("is published without an exact version (`{}`)", v.text))
                    }
                    _ => continue,
                },
            };
            emit(Hit::new(
                span,
                pointer,
                None,
                format!("package `{}` {why}: installs get whatever the registry serves", p.identifier.text),
            ));
        }
    }
}

/// An OCI package without a digest, and an `mcpb` package without `fileSha256`.
pub struct ManifestPackageDigest;

impl Check for ManifestPackageDigest {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for p in &model.packages {
            let message = match p.registry_type.as_str() {
                "oci" if !p.identifier.text.contains("@sha256:") => {
                    format!(
                        "OCI image `{}` is not pinned by digest: the tag can be moved to other content",
                        p.identifier.text
                    )
                }
                "mcpb" if !p.has_digest => {
                    format!(
                        "MCPB bundle `{}` has no `fileSha256`: clients cannot check they got the bundle that was reviewed",
                        p.identifier.text
                    )
                }
                _ => continue,
            };
            emit(Hit::new(p.identifier.span, p.identifier.pointer.clone(), None, message));
        }
    }
}

/// An input named like a secret that the manifest does not declare secret (`isSecret`, `sensitive`).
pub struct UndeclaredSecretInput;

impl Check for UndeclaredSecretInput {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for input in &model.inputs {
            if input.declared_secret
                || !SECRET_NAME.is_match(&input.name.text)
                || NAMES_NOT_VALUES.is_match(&input.name.text)
            {
                continue;
            }
            emit(Hit::new(
                input.name.span,
                input.name.pointer.clone(),
                Some(input.server.clone()),
                format!(
                    "input `{}` looks like a secret but is not declared one: clients show it, log it and store it in plain text",
                    input.name.text
                ),
            ));
        }
    }
}

/// A `directory` input whose default is the whole disk or the home folder.
pub struct BroadDirectoryDefault;

impl Check for BroadDirectoryDefault {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for input in &model.inputs {
            let Some(default) = &input.default else { continue };
            let d = default.text.trim();
            let broad = ["/", "~", "${HOME}", "$HOME", "${HOME}/", "C:\\", "C:/", "${DOCUMENTS}/.."].contains(&d);
            if input.kind.as_deref() == Some("directory") && broad {
                emit(Hit::new(
                    default.span,
                    default.pointer.clone(),
                    Some(input.server.clone()),
                    format!(
                        "directory input `{}` defaults to `{d}`: accepting the default exposes the whole folder",
                        input.name.text
                    ),
                ));
            }
        }
    }
}
