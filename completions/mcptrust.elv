
use builtin;
use str;

set edit:completion:arg-completer[mcptrust] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mcptrust'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mcptrust'= {
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Scan files and folders for MCP configs and report trust problems'
            cand inventory 'List every trust relationship: client, server, launch, credentials, grants and policy status'
            cand rules 'List the rules, or check every rule against its own examples'
            cand completions 'Write shell completions to standard output (`generate` writes every shell''s to `completions/`)'
            cand merge 'Combine the reports of a sharded sweep (`scan --shard K/N`; SARIF, JSON or JSONL) into one'
            cand generate 'Write the generated files: completions/, man/ and docs/rules/ (the committed copies are made with this)'
            cand config-schema 'Write the JSON schema of `mcptrust.toml` to standard output (`mcptrust.schema.json` is made with this)'
            cand explain 'Show the documentation of a rule'
        }
        &'mcptrust;scan'= {
            cand --files-from 'Also scan the paths listed in FILE (`-`: standard input), one per line or NUL-separated (`git ls-files -z`, `find -print0`); each is taken as if named on the command line. Without PATHs, only these'
            cand --stdin-filename 'The path of the config read from standard input (`-`): it decides its client and format, and it is reported (and fingerprinted) as that file. Without it, standard input is read as JSON named `<stdin>`'
            cand -f 'Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to standard output (see `-o`)'
            cand --format 'Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to standard output (see `-o`)'
            cand -o 'Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file'
            cand --output 'Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file'
            cand --progress 'A progress display on standard error while scanning: auto shows it when stderr is a terminal and the scan takes more than a moment (never with -q)'
            cand --color 'Colour for human output on standard output: auto when it is a terminal and NO_COLOR is not set (CLICOLOR_FORCE forces it)'
            cand --fail-on 'Exit 1 when a finding is at or above this severity [default: the config''s `fail-on`, else low]'
            cand --select 'Only these rules: ids, slugs, categories or tags (e.g. MCP101, secret, MCP01:2025)'
            cand --ignore 'Skip these rules: ids, slugs, categories or tags'
            cand --rules 'Extra rule packs (a YAML file or a folder of them)'
            cand --include 'Also scan files matching this glob, whatever their name'
            cand --exclude 'Skip files and folders matching this glob (what it skips is counted in the summary)'
            cand --max-filesize 'Skip (and report) candidate files larger than this: bytes, or with a K, M or G suffix'
            cand --config 'Read this config instead of looking for `mcptrust.toml` above the first path'
            cand --baseline 'Fail only on findings not recorded in this baseline (written by --write-baseline); report the fixed ones'
            cand --write-baseline 'Record the current findings (fingerprints, no secrets) as a baseline'
            cand -j 'Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64)'
            cand --threads 'Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64)'
            cand --shard 'Scan only shard K of N (K from 1 to N): N runs with K = 1..N read every file exactly once between them. Combine their reports with `mcptrust merge`'
            cand --shard-by 'What `--shard` splits: `repo`, the top-level entries under each scan root (another shard''s are not walked), or `path`, each file'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand --user 'Also scan the current user''s client configs where each client keeps them on this OS (~/.claude.json, VS Code''s user mcp.json and profiles, ~/.codex, Cline''s globalStorage, ...), honouring HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME and COPILOT_HOME. Nothing else is read (project folders that ~/.claude.json lists are not entered: name them as PATHs). Without PATHs, only these are scanned'
            cand --follow 'Also follow symbolic links whose target is outside the scan root (files and folders, one hop deep). Links inside the scan root are always followed; the others are listed as skipped'
            cand -v 'Human output: with --user, list every user location checked, found or absent'
            cand --verbose 'Human output: with --user, list every user location checked, found or absent'
            cand -q '-q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code (files named by -o are still written)'
            cand --quiet '-q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code (files named by -o are still written)'
            cand --statistics 'Human output: a count per rule (with its worst severity and category) instead of the findings'
            cand --inventory 'JSON and JSONL reports: add the trust inventory (every client → server relationship, as `mcptrust inventory --format json` lists it). Always on with --shard, so that `merge --format html` can show it'
            cand --exit-zero 'Always exit 0 (errors are still reported)'
            cand --no-ignore 'Do not respect .gitignore, .ignore and .mcptrustignore files'
            cand --respect-gitignore 'Let ignore files hide known config locations too. By default .mcp.json, .vscode/mcp.json and every other known config location is scanned even when .gitignore, git''s excludes or a .mcptrustignore below the repository root match it, and marked (a gitignored one as not committed); an ignored folder is entered only when it is a client''s config folder (.vscode/, .claude/, ...), never node_modules/ or target/'
            cand --isolated 'Read no config at all (not even --config or MCPTRUST_CONFIG)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mcptrust;inventory'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write to FILE instead of standard output'
            cand --output 'Write to FILE instead of standard output'
            cand --server 'Only relationships with this server'
            cand --client 'Only relationships of this client (`claude-code`, `vscode`, ...)'
            cand --credential 'Only relationships that carry this credential (the `credential_id` findings print, or a prefix of it)'
            cand --expiring 'Only relationships whose approval expires within DAYS (or has expired)'
            cand --config 'Read this config instead of looking for `mcptrust.toml` above the first path'
            cand --exclude 'Skip files and folders matching this glob'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand --user 'Also read the current user''s client configs (as `scan --user`)'
            cand --write-policy 'Write a draft `mcptrust.toml` with one `[[trust]]` entry per server found (owner = "TODO")'
            cand --tasks 'Show the task → server matrix: every subagent, command, skill, prompt, profile, recipe and role, the servers it reaches, how many of their tools it sees (`all`, a count, `-`), and `+auto` where they run without confirmation'
            cand --unapproved 'Only relationships no `[[trust]]` entry approves'
            cand --isolated 'Read no config at all'
            cand --no-ignore 'Do not respect .gitignore, .ignore and .mcptrustignore files'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;rules'= {
            cand --rules 'Extra rule packs (a YAML file or a folder of them)'
            cand --format 'Output format of the listing'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List every rule: id, name, category, severity, tags (the default)'
            cand check 'Fail when a pattern misses a positive example or hits a negative one, or a rule''s docs Example does not trigger it (or its "Use instead" does)'
        }
        &'mcptrust;rules;list'= {
            cand --rules 'Extra rule packs (a YAML file or a folder of them)'
            cand --format 'Output format of the listing'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;rules;check'= {
            cand --rules 'Extra rule packs (a YAML file or a folder of them)'
            cand --format 'Output format of the listing'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;completions'= {
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;merge'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the merged report to FILE instead of standard output'
            cand --output 'Write the merged report to FILE instead of standard output'
            cand --rules 'Extra rule packs the shards were scanned with (a YAML file or a folder of them): a finding of a rule that is not known is refused'
            cand --fail-on 'Exit 1 when a merged finding is at or above this severity'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand --exit-zero 'Always exit 0 (errors are still reported)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mcptrust;generate'= {
            cand --out-dir 'The folder to write them under (the repository root)'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;config-schema'= {
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcptrust;explain'= {
            cand --rules 'Extra rule packs (a YAML file or a folder of them)'
            cand --now 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time'
            cand -h 'Print help'
            cand --help 'Print help'
        }
    ]
    $completions[$command]
}
