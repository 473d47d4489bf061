# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mcptrust_global_optspecs
    string join \n now= h/help V/version
end

function __fish_mcptrust_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mcptrust_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mcptrust_using_subcommand
    set -l cmd (__fish_mcptrust_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mcptrust -n "__fish_mcptrust_needs_command" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_needs_command" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -s V -l version -d 'Print version'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "scan" -d 'Scan files and folders for MCP configs and report trust problems'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "inventory" -d 'List every trust relationship: client, server, launch, credentials, grants and policy status'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "rules" -d 'List the rules, or check every rule against its own examples'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "completions" -d 'Write shell completions to standard output (`generate` writes every shell\'s to `completions/`)'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "merge" -d 'Combine the reports of a sharded sweep (`scan --shard K/N`; SARIF, JSON or JSONL) into one'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "generate" -d 'Write the generated files: completions/, man/ and docs/rules/ (the committed copies are made with this)'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "config-schema" -d 'Write the JSON schema of `mcptrust.toml` to standard output (`mcptrust.schema.json` is made with this)'
complete -c mcptrust -n "__fish_mcptrust_needs_command" -f -a "explain" -d 'Show the documentation of a rule'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l files-from -d 'Also scan the paths listed in FILE (`-`: standard input), one per line or NUL-separated (`git ls-files -z`, `find -print0`); each is taken as if named on the command line. Without PATHs, only these' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l stdin-filename -d 'The path of the config read from standard input (`-`): it decides its client and format, and it is reported (and fingerprinted) as that file. Without it, standard input is read as JSON named `<stdin>`' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s f -l format -d 'Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to standard output (see `-o`)' -r -f -a "human\t''
json\t''
sarif\t''
github\t'GitHub Actions workflow-command annotations'
jsonl\t'One JSON object per line, streamed as files finish (for sweeps)'
markdown\t'A summary table for a pull-request comment'
junit\t'JUnit XML for CI test views'
html\t'One self-contained HTML page (totals, charts, trust inventory, findings)'"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s o -l output -d 'Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l progress -d 'A progress display on standard error while scanning: auto shows it when stderr is a terminal and the scan takes more than a moment (never with -q)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l color -d 'Colour for human output on standard output: auto when it is a terminal and NO_COLOR is not set (CLICOLOR_FORCE forces it)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l fail-on -d 'Exit 1 when a finding is at or above this severity [default: the config\'s `fail-on`, else low]' -r -f -a "info\t''
low\t''
medium\t''
high\t''
critical\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l select -d 'Only these rules: ids, slugs, categories or tags (e.g. MCP101, secret, MCP01:2025)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l ignore -d 'Skip these rules: ids, slugs, categories or tags' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l rules -d 'Extra rule packs (a YAML file or a folder of them)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l include -d 'Also scan files matching this glob, whatever their name' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l exclude -d 'Skip files and folders matching this glob (what it skips is counted in the summary)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l max-filesize -d 'Skip (and report) candidate files larger than this: bytes, or with a K, M or G suffix' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l config -d 'Read this config instead of looking for `mcptrust.toml` above the first path' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l baseline -d 'Fail only on findings not recorded in this baseline (written by --write-baseline); report the fixed ones' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l write-baseline -d 'Record the current findings (fingerprints, no secrets) as a baseline' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s j -l threads -d 'Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l shard -d 'Scan only shard K of N (K from 1 to N): N runs with K = 1..N read every file exactly once between them. Combine their reports with `mcptrust merge`' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l shard-by -d 'What `--shard` splits: `repo`, the top-level entries under each scan root (another shard\'s are not walked), or `path`, each file' -r -f -a "repo\t'The top-level entry under each scan root: a repository of a sweep (its cross-file checks stay whole)'
path\t'Each file, by its path under the scan root: an even split, but checks across files see only a shard'"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l user -d 'Also scan the current user\'s client configs where each client keeps them on this OS (~/.claude.json, VS Code\'s user mcp.json and profiles, ~/.codex, Cline\'s globalStorage, ...), honouring HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME and COPILOT_HOME. Nothing else is read (project folders that ~/.claude.json lists are not entered: name them as PATHs). Without PATHs, only these are scanned'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l follow -d 'Also follow symbolic links whose target is outside the scan root (files and folders, one hop deep). Links inside the scan root are always followed; the others are listed as skipped'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s v -l verbose -d 'Human output: with --user, list every user location checked, found or absent'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s q -l quiet -d '-q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code (files named by -o are still written)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l statistics -d 'Human output: a count per rule (with its worst severity and category) instead of the findings'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l inventory -d 'JSON and JSONL reports: add the trust inventory (every client → server relationship, as `mcptrust inventory --format json` lists it). Always on with --shard, so that `merge --format html` can show it'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l exit-zero -d 'Always exit 0 (errors are still reported)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l no-ignore -d 'Do not respect .gitignore, .ignore and .mcptrustignore files'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l respect-gitignore -d 'Let ignore files hide known config locations too. By default .mcp.json, .vscode/mcp.json and every other known config location is scanned even when .gitignore, git\'s excludes or a .mcptrustignore below the repository root match it, and marked (a gitignored one as not committed); an ignored folder is entered only when it is a client\'s config folder (.vscode/, .claude/, ...), never node_modules/ or target/'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -l isolated -d 'Read no config at all (not even --config or MCPTRUST_CONFIG)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -s f -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -s o -l output -d 'Write to FILE instead of standard output' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l server -d 'Only relationships with this server' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l client -d 'Only relationships of this client (`claude-code`, `vscode`, ...)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l credential -d 'Only relationships that carry this credential (the `credential_id` findings print, or a prefix of it)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l expiring -d 'Only relationships whose approval expires within DAYS (or has expired)' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l config -d 'Read this config instead of looking for `mcptrust.toml` above the first path' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l exclude -d 'Skip files and folders matching this glob' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l user -d 'Also read the current user\'s client configs (as `scan --user`)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l write-policy -d 'Write a draft `mcptrust.toml` with one `[[trust]]` entry per server found (owner = "TODO")'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l tasks -d 'Show the task → server matrix: every subagent, command, skill, prompt, profile, recipe and role, the servers it reaches, how many of their tools it sees (`all`, a count, `-`), and `+auto` where they run without confirmation'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l unapproved -d 'Only relationships no `[[trust]]` entry approves'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l isolated -d 'Read no config at all'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -l no-ignore -d 'Do not respect .gitignore, .ignore and .mcptrustignore files'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand inventory" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -l rules -d 'Extra rule packs (a YAML file or a folder of them)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -l format -d 'Output format of the listing' -r -f -a "human\t''
json\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -f -a "list" -d 'List every rule: id, name, category, severity, tags (the default)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and not __fish_seen_subcommand_from list check" -f -a "check" -d 'Fail when a pattern misses a positive example or hits a negative one, or a rule\'s docs Example does not trigger it (or its "Use instead" does)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from list" -l rules -d 'Extra rule packs (a YAML file or a folder of them)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from list" -l format -d 'Output format of the listing' -r -f -a "human\t''
json\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from list" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from check" -l rules -d 'Extra rule packs (a YAML file or a folder of them)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from check" -l format -d 'Output format of the listing' -r -f -a "human\t''
json\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from check" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand rules; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand completions" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand completions" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -s f -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
github\t'GitHub Actions workflow-command annotations'
jsonl\t'One JSON object per line, streamed as files finish (for sweeps)'
markdown\t'A summary table for a pull-request comment'
junit\t'JUnit XML for CI test views'
html\t'One self-contained HTML page (totals, charts, trust inventory, findings)'"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -s o -l output -d 'Write the merged report to FILE instead of standard output' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -l rules -d 'Extra rule packs the shards were scanned with (a YAML file or a folder of them): a finding of a rule that is not known is refused' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -l fail-on -d 'Exit 1 when a merged finding is at or above this severity' -r -f -a "info\t''
low\t''
medium\t''
high\t''
critical\t''"
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -l exit-zero -d 'Always exit 0 (errors are still reported)'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand generate" -l out-dir -d 'The folder to write them under (the repository root)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand generate" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand generate" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand config-schema" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand config-schema" -s h -l help -d 'Print help'
complete -c mcptrust -n "__fish_mcptrust_using_subcommand explain" -l rules -d 'Extra rule packs (a YAML file or a folder of them)' -r -F
complete -c mcptrust -n "__fish_mcptrust_using_subcommand explain" -l now -d 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time' -r
complete -c mcptrust -n "__fish_mcptrust_using_subcommand explain" -s h -l help -d 'Print help'
