#!/usr/bin/env python3
"""Generates a deterministic audit-sweep tree: REPOS repositories, each with ordinary source files, data
files a scanner has to sniff and reject, a small .git folder, and MCP configs in hidden folders (some with
fake credentials). Same arguments, same bytes."""
import argparse
import json
import os
import random
import string

ALNUM = string.ascii_letters + string.digits


def words(rng, n):
    vocab = ["config", "server", "value", "index", "render", "client", "token", "stream", "buffer", "parse",
             "handler", "request", "result", "error", "context", "module", "export", "import", "return"]
    return " ".join(rng.choice(vocab) for _ in range(n))


def source_file(rng, ext):
    lines = []
    for i in range(rng.randint(15, 90)):
        if ext == "py":
            lines.append(f"def f_{i}(x):\n    return x + {i}  # {words(rng, 4)}")
        elif ext in ("js", "ts"):
            lines.append(f"export function f{i}(x) {{ return x + {i}; }} // {words(rng, 4)}")
        elif ext == "rs":
            lines.append(f"pub fn f{i}(x: u32) -> u32 {{ x + {i} }} // {words(rng, 4)}")
        else:
            lines.append(f"{words(rng, 12)}.")
    return "\n".join(lines) + "\n"


def lockfile(rng):
    deps = {}
    for i in range(rng.randint(200, 900)):
        name = f"pkg-{rng.randint(0, 10**6)}"
        deps[f"node_modules/{name}"] = {
            "version": f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
            "resolved": f"https://registry.npmjs.org/{name}/-/{name}.tgz",
            "integrity": "sha512-" + "".join(rng.choice(ALNUM) for _ in range(86)) + "==",
        }
    return json.dumps({"name": "app", "lockfileVersion": 3, "packages": deps}, indent=2)


def mcp_configs(rng, repo):
    files = {}
    token = "ghp_" + "".join(rng.choice(ALNUM) for _ in range(36))
    servers = {
        "docs": {"command": "npx", "args": ["-y", f"@acme/docs-mcp@{rng.randint(1, 4)}.0.{rng.randint(0, 9)}"]},
        "github": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN",
                                                 "ghcr.io/github/github-mcp-server"],
                   "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": token if rng.random() < 0.3 else "${GITHUB_TOKEN}"}},
    }
    if rng.random() < 0.5:
        servers["fs"] = {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]}
    files[".mcp.json"] = json.dumps({"mcpServers": servers}, indent=2)
    if rng.random() < 0.6:
        files[".claude/settings.json"] = json.dumps(
            {"permissions": {"allow": ["mcp__docs", "Bash(npm test)"]}, "enableAllProjectMcpServers": rng.random() < 0.3},
            indent=2)
    if rng.random() < 0.5:
        files[".vscode/mcp.json"] = "{\n  // team servers\n  " + json.dumps(
            {"servers": {"docs": {"command": "npx", "args": ["-y", "@acme/docs-mcp@1.0.0"]}}}, indent=2)[1:]
    if rng.random() < 0.4:
        files[".cursor/mcp.json"] = json.dumps({"mcpServers": {"linear": {"url": "https://mcp.linear.app/sse"}}})
    if rng.random() < 0.3:
        files[".codex/config.toml"] = (
            'approval_policy = "on-request"\n\n[mcp_servers.docs]\ncommand = "npx"\n'
            f'args = ["-y", "@acme/docs-mcp@2.0.{repo % 10}"]\n')
    if rng.random() < 0.2:
        files[".continue/mcpServers/db.yaml"] = (
            "name: db\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: db\n    command: npx\n    args:\n"
            '      - "-y"\n      - "@modelcontextprotocol/server-postgres@0.6.2"\n'
            f'      - "postgresql://app:{"".join(rng.choice(ALNUM) for _ in range(16))}@db.internal/app"\n')
    return files


def task_files(rng):
    """Per-task files (subagents, commands, prompts, custom agents), from their own random stream so that the
    rest of the tree keeps the bytes it had before they were added."""
    files = {}
    files[".claude/agents/reviewer.md"] = (
        "---\nname: reviewer\ndescription: Review diffs\ntools: Read, Grep, mcp__github__get_pull_request\n---\n"
        + "Review the diff and report.\n" * rng.randint(5, 40))
    if rng.random() < 0.5:
        files[".claude/commands/ship.md"] = (
            "---\ndescription: Ship\nallowed-tools: Bash(git push:*), mcp__docs\n---\nBranch: !`git branch`\n")
    if rng.random() < 0.3:
        files[".github/prompts/fix.prompt.md"] = "---\ndescription: Fix\ntools: ['github/get_issue']\n---\nFix it.\n"
    if rng.random() < 0.3:
        files[".github/agents/triage.agent.md"] = "---\ndescription: Triage\n---\nTriage issues.\n"
    return files


def generate(out, repos, files_per_repo):
    for repo in range(repos):
        rng = random.Random(repo)
        root = os.path.join(out, f"repo-{repo:04d}")
        files = {}
        for i in range(files_per_repo):
            ext = rng.choice(["py", "js", "ts", "rs", "md", "md"])
            files[f"src/mod{i // 40}/file{i}.{ext}"] = source_file(rng, ext)
        files["package.json"] = json.dumps({"name": f"repo-{repo}", "version": "1.0.0", "scripts": {"test": "jest"}})
        files["package-lock.json"] = lockfile(rng)
        files["tsconfig.json"] = json.dumps({"compilerOptions": {"strict": True, "target": "es2022"}})
        files[".github/workflows/ci.yml"] = "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n"
        files["config/app.yaml"] = "server:\n  port: 8080\n  host: 0.0.0.0\nlogging:\n  level: info\n"
        files["pyproject.toml"] = '[project]\nname = "app"\nversion = "1.0.0"\n'
        files[".git/HEAD"] = "ref: refs/heads/main\n"
        files[".git/config"] = "[core]\n\trepositoryformatversion = 0\n"
        for i in range(20):
            files[f".git/objects/{i:02x}/{rng.getrandbits(128):032x}"] = "".join(rng.choice(ALNUM) for _ in range(2048))
        files.update(mcp_configs(rng, repo))
        files.update(task_files(random.Random(10**6 + repo)))
        for rel, content in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(content)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repos", type=int, required=True)
    p.add_argument("--files-per-repo", type=int, default=170)
    p.add_argument("out")
    a = p.parse_args()
    generate(a.out, a.repos, a.files_per_repo)
