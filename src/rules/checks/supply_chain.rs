//! What a server runs and where it comes from: package runners without a pinned version, container
//! images without a tag or digest, git sources without a commit, and `curl | sh`.

use std::sync::LazyLock;

use anyhow::Result;
use regex::Regex;
use serde::Deserialize;

use super::launch::{command_line, launch};
use super::{Check, Hit};
use crate::model::{Server, Str};
use crate::rules::{FileContext, Severity};

static PIPE_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(curl|wget|iwr|invoke-webrequest)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da)?sh\b|\|\s*iex\b")
        .expect("pipe regex")
});

use crate::model::launch::PINNED_GIT;
pub use crate::model::launch::{Spec, judge, package_spec};

/// `npx`/`bunx`/`pnpm dlx`/`uvx`/`pipx run` without an exact version.
pub struct UnpinnedPackage;

impl Check for UnpinnedPackage {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some(l) = launch(server) else { continue };
            let Some((ecosystem, spec)) = package_spec(&l.program, &l.args) else { continue };
            if let Spec::Unpinned { spec, why } = judge(ecosystem, spec) {
                emit(Hit::new(
                    spec.span,
                    spec.pointer.clone(),
                    Some(server.name.clone()),
                    format!(
                        "`{} {}` has {why}: each start runs whatever the {} serves that day",
                        if l.program == "uv" { "uv tool run" } else { l.program.as_str() },
                        spec.text,
                        if why.contains("URL") { "URL" } else { "registry" }
                    ),
                ));
            }
        }
    }
}

/// Packages from publishers outside the config's `trusted-publishers` (prefixes such as
/// `@modelcontextprotocol/`). Off until the config names them: an inventory, not a verdict.
pub struct PublisherAllowlist;

impl Check for PublisherAllowlist {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let (Some(model), Some(publishers)) = (ctx.model, &ctx.settings.trusted_publishers) else { return };
        for server in &model.servers {
            let Some(l) = launch(server) else { continue };
            let Some((ecosystem, spec)) = package_spec(&l.program, &l.args) else { continue };
            if matches!(judge(ecosystem, spec), Spec::NotAPackage)
                || publishers.iter().any(|p| spec.text.starts_with(p.as_str()))
            {
                continue;
            }
            emit(Hit::new(
                spec.span,
                spec.pointer.clone(),
                Some(server.name.clone()),
                format!(
                    "`{}` comes from a publisher outside the allowlist: whoever publishes it decides what this server runs",
                    spec.text
                ),
            ));
        }
    }
}

/// `git+https://...` (or `github:`) sources without a commit.
pub struct UnpinnedGit;

impl Check for UnpinnedGit {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            for arg in &server.args {
                let t = arg.text.trim();
                let git = t.starts_with("git+")
                    || t.starts_with("github:")
                    || (t.contains("github.com/") && t.ends_with(".git"));
                if git && !PINNED_GIT.is_match(t) {
                    emit(Hit::new(
                        arg.span,
                        arg.pointer.clone(),
                        Some(server.name.clone()),
                        format!("`{t}` names no commit: the branch or tag it follows can be moved to other code"),
                    ));
                }
            }
        }
    }
}

/// Container images: no tag or `:latest` (the rule's severity), or a tag without a digest (`tag_severity`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ImageParams {
    /// Severity for an image pinned by tag but not by digest; `None` reports only missing tags.
    tag_severity: Option<Severity>,
}

pub struct UnpinnedImage {
    params: ImageParams,
}

impl UnpinnedImage {
    pub fn new(params: &serde_json::Value) -> Result<Self> {
        Ok(UnpinnedImage { params: super::params(params)? })
    }
}

/// `docker run` flags that take a value when not written with `=`.
const DOCKER_VALUED: &[&str] = &[
    "-e",
    "--env",
    "-v",
    "--volume",
    "-p",
    "--publish",
    "--name",
    "--network",
    "--net",
    "-w",
    "--workdir",
    "--mount",
    "--entrypoint",
    "-u",
    "--user",
    "--env-file",
    "-l",
    "--label",
    "--add-host",
    "--cap-add",
    "--cap-drop",
    "--device",
    "--platform",
    "--pull",
    "-m",
    "--memory",
    "--cpus",
    "--security-opt",
    "--tmpfs",
    "--ulimit",
    "--log-driver",
    "--hostname",
    "-h",
    "--restart",
    "--runtime",
    "--gpus",
    "--ipc",
    "--pid",
    "--shm-size",
    "--stop-signal",
    "--group-add",
    "--dns",
    "--label-file",
    "--cidfile",
    "--volumes-from",
    "--userns",
    "--uts",
    "--cgroupns",
];

/// For `docker run` / `podman run`: the image argument and the flags before it.
pub fn docker_run(server: &Server) -> Option<(&Str, &[Str])> {
    let l = launch(server)?;
    if !matches!(l.program.as_str(), "docker" | "podman" | "nerdctl") {
        return None;
    }
    // Only a launch spelled in `command`/`args` (not inside a shell's `-c` line) has places of its own to point at.
    let std::borrow::Cow::Borrowed(all) = l.args else { return None };
    let start = match (all.first().map(|a| a.text.as_str()), all.get(1).map(|a| a.text.as_str())) {
        (Some("run"), _) => 1,
        (Some("container"), Some("run")) => 2,
        _ => return None,
    };
    let args = &all[start..];
    let mut i = 0;
    while i < args.len() {
        let a = &args[i].text;
        if a.starts_with('-') {
            i += if DOCKER_VALUED.contains(&a.as_str()) { 2 } else { 1 };
            continue;
        }
        return Some((&args[i], &args[..i]));
    }
    None
}

/// Docker Hub's official images (docker-library/official-images, `library/`): the only one-word names a
/// registry serves. Any other one-word name (`fidora-app`, `mcp-server-fetch`) can only be an image built on
/// this machine (`docker build -t fidora-app .`): it runs whatever was built last, not whatever a registry says.
#[rustfmt::skip]
const OFFICIAL_IMAGES: &[&str] = &[
    "adminer", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto", "amazonlinux", "api-firewall",
    "arangodb", "archlinux", "backdrop", "bash", "bonita", "buildpack-deps", "busybox", "caddy", "cassandra",
    "chronograf", "cirros", "clearlinux", "clefos", "clickhouse", "clojure", "composer", "convertigo",
    "couchbase", "couchdb", "crate", "dart", "debian", "docker", "drupal", "eclipse-mosquitto",
    "eclipse-temurin", "eggdrop", "elasticsearch", "elixir", "emqx", "erlang", "fedora", "flink", "fluentd",
    "friendica", "gazebo", "gcc", "geonetwork", "ghost", "golang", "gradle", "groovy", "haproxy", "haskell",
    "haxe", "hello-world", "hitch", "httpd", "hylang", "ibm-semeru-runtimes", "ibmjava", "influxdb", "irssi",
    "jetty", "joomla", "jruby", "julia", "kapacitor", "kibana", "kong", "krakend", "liquibase", "logstash",
    "mageia", "mariadb", "matomo", "maven", "mediawiki", "memcached", "mongo", "mongo-express", "monica",
    "mono", "mysql", "nats", "neo4j", "neurodebian", "nextcloud", "nginx", "node", "notary", "odoo",
    "open-liberty", "openjdk", "oraclelinux", "orientdb", "percona", "perl", "photon", "php", "phpmyadmin",
    "plone", "postfixadmin", "postgres", "pypy", "python", "r-base", "rabbitmq", "rakudo-star", "redis",
    "redmine", "registry", "rethinkdb", "rocket.chat", "rockylinux", "ros", "ruby", "rust", "sapmachine",
    "satosa", "silverpeas", "sl", "solr", "sonarqube", "spiped", "storm", "swift", "swipl", "teamspeak",
    "telegraf", "tomcat", "tomee", "traefik", "ubuntu", "unit", "varnish", "websphere-liberty", "wordpress",
    "xwiki", "yourls", "znc", "zookeeper",
];

/// An image this machine builds or already holds: run with `--pull=never`, or a one-word name no registry
/// serves. `flags` are the `docker run` flags before the image.
fn is_local_image(flags: &[Str], image: &str) -> bool {
    let never_pull = flags.iter().enumerate().any(|(i, f)| {
        f.text == "--pull=never" || (f.text == "--pull" && flags.get(i + 1).is_some_and(|v| v.text == "never"))
    });
    let name = image.split(':').next().unwrap_or(image);
    never_pull || (!name.contains('/') && !OFFICIAL_IMAGES.contains(&name.to_ascii_lowercase().as_str()))
}

impl Check for UnpinnedImage {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some((image, flags)) = docker_run(server) else { continue };
            let text = image.text.as_str();
            if text.contains("@sha256:") || text.contains('$') || is_local_image(flags, text) {
                continue;
            }
            let last = text.rsplit('/').next().unwrap_or(text);
            let (message, severity) = match last.split_once(':') {
                None => (format!("image `{text}` has no tag: it runs whatever `latest` is at start-up"), None),
                Some((_, "latest")) => (format!("image `{text}` runs whatever `latest` is at start-up"), None),
                Some(_) => match self.params.tag_severity {
                    Some(s) => (
                        format!("image `{text}` is pinned by tag, not digest: the tag can be moved to other content"),
                        Some(s),
                    ),
                    None => continue,
                },
            };
            let mut hit = Hit::new(image.span, image.pointer.clone(), Some(server.name.clone()), message);
            hit.severity = severity;
            emit(hit);
        }
    }
}

/// A command line that downloads a script and pipes it into a shell.
pub struct PipeToShell;

impl Check for PipeToShell {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            if PIPE_TO_SHELL.is_match(&command_line(server)) {
                let at = server.args.iter().find(|a| PIPE_TO_SHELL.is_match(&a.text)).or(server.command.as_ref());
                let (span, pointer) =
                    at.map(|a| (a.span, a.pointer.clone())).unwrap_or((server.name_span, server.pointer.clone()));
                emit(Hit::new(
                    span,
                    pointer,
                    Some(server.name.clone()),
                    format!(
                        "server `{}` pipes a downloaded script into a shell: what runs is whatever that URL serves",
                        server.name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Span;

    fn s(t: &str) -> Str {
        Str { text: t.into(), span: Span::default(), pointer: String::new() }
    }

    fn pinned(eco: &str, spec: &str) -> bool {
        matches!(judge(eco, &s(spec)), Spec::Pinned)
    }

    #[test]
    fn local_images_are_not_registry_images() {
        let local =
            |flags: &[&str], image: &str| is_local_image(&flags.iter().map(|f| s(f)).collect::<Vec<_>>(), image);
        assert!(local(&[], "fidora-app"));
        assert!(local(&[], "mcp-server-fetch:latest"));
        assert!(local(&["--pull=never"], "mcp/fetch"));
        assert!(local(&["--pull", "never"], "ghcr.io/acme/srv:latest"));
        // Docker Hub serves these: `latest` there is whatever the registry says today.
        assert!(!local(&[], "python"));
        assert!(!local(&[], "Node:latest"));
        assert!(!local(&[], "mcp/fetch"));
        assert!(!local(&["--pull", "always"], "ghcr.io/github/github-mcp-server"));
    }

    #[test]
    fn versions() {
        assert!(pinned("npm", "@acme/x@1.4.2"));
        assert!(pinned("npm", "x@0.6.2"));
        assert!(!pinned("npm", "@modelcontextprotocol/server-filesystem"));
        assert!(!pinned("npm", "@upstash/context7-mcp@latest"));
        assert!(!pinned("npm", "x@^1.2.0"));
        assert!(pinned("pypi", "mcp-server-git==2025.7.1"));
        assert!(pinned("pypi", "awslabs.cdk-mcp-server@1.0.3"));
        assert!(!pinned("pypi", "awslabs.cdk-mcp-server"));
        assert!(!pinned("pypi", "awslabs.eks-mcp-server@latest"));
        assert!(matches!(judge("pypi", &s("git+https://github.com/a/b")), Spec::Git { .. }));
        assert!(pinned("pypi", "git+https://github.com/a/b@0123456789abcdef0123456789abcdef01234567"));
    }

    #[test]
    fn runner_flags() {
        let args = [s("-y"), s("@acme/x@1.0.0"), s("--stdio")];
        assert_eq!(package_spec("npx", &args).unwrap().1.text, "@acme/x@1.0.0");
        let args = [s("--from"), s("pkg==1.0"), s("pkg-cli")];
        assert_eq!(package_spec("uvx", &args).unwrap().1.text, "pkg==1.0");
        let args = [s("--directory"), s("{env:HOME}/Notes"), s("mcp-obsidian")];
        assert_eq!(package_spec("uvx", &args).unwrap().1.text, "mcp-obsidian");
        let args = [s("dlx"), s("pkg")];
        assert_eq!(package_spec("pnpm", &args).unwrap().1.text, "pkg");
        assert!(package_spec("node", &args).is_none());
    }
}
