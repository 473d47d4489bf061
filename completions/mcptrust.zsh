#compdef mcptrust

autoload -U is-at-least

_mcptrust() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_mcptrust_commands" \
"*::: :->mcptrust" \
&& ret=0
    case $state in
    (mcptrust)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:mcptrust-command-$line[1]:"
        case $line[1] in
            (scan)
_arguments "${_arguments_options[@]}" : \
'--files-from=[Also scan the paths listed in FILE (\`-\`\: standard input), one per line or NUL-separated (\`git ls-files -z\`, \`find -print0\`); each is taken as if named on the command line. Without PATHs, only these]:FILE|-:_files' \
'--stdin-filename=[The path of the config read from standard input (\`-\`)\: it decides its client and format, and it is reported (and fingerprinted) as that file. Without it, standard input is read as JSON named \`<stdin>\`]:PATH:_files' \
'*-f+[Output format \[default\: human\]. May repeat\: each -o takes the -f before it, a -f no -o takes goes to standard output (see \`-o\`)]:FORMAT:((human\:""
json\:""
sarif\:""
github\:"GitHub Actions workflow-command annotations"
jsonl\:"One JSON object per line, streamed as files finish (for sweeps)"
markdown\:"A summary table for a pull-request comment"
junit\:"JUnit XML for CI test views"
html\:"One self-contained HTML page (totals, charts, trust inventory, findings)"))' \
'*--format=[Output format \[default\: human\]. May repeat\: each -o takes the -f before it, a -f no -o takes goes to standard output (see \`-o\`)]:FORMAT:((human\:""
json\:""
sarif\:""
github\:"GitHub Actions workflow-command annotations"
jsonl\:"One JSON object per line, streamed as files finish (for sweeps)"
markdown\:"A summary table for a pull-request comment"
junit\:"JUnit XML for CI test views"
html\:"One self-contained HTML page (totals, charts, trust inventory, findings)"))' \
'*-o+[Write a report to FILE instead of standard output. May repeat\: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file]:FILE:_files' \
'*--output=[Write a report to FILE instead of standard output. May repeat\: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file]:FILE:_files' \
'--progress=[A progress display on standard error while scanning\: auto shows it when stderr is a terminal and the scan takes more than a moment (never with -q)]:WHEN:(auto always never)' \
'--color=[Colour for human output on standard output\: auto when it is a terminal and NO_COLOR is not set (CLICOLOR_FORCE forces it)]:WHEN:(auto always never)' \
'--fail-on=[Exit 1 when a finding is at or above this severity \[default\: the config'\''s \`fail-on\`, else low\]]:SEVERITY:(info low medium high critical)' \
'*--select=[Only these rules\: ids, slugs, categories or tags (e.g. MCP101, secret, MCP01\:2025)]:RULE:_default' \
'*--ignore=[Skip these rules\: ids, slugs, categories or tags]:RULE:_default' \
'*--rules=[Extra rule packs (a YAML file or a folder of them)]:FILE|DIR:_files' \
'*--include=[Also scan files matching this glob, whatever their name]:GLOB:_default' \
'*--exclude=[Skip files and folders matching this glob (what it skips is counted in the summary)]:GLOB:_default' \
'--max-filesize=[Skip (and report) candidate files larger than this\: bytes, or with a K, M or G suffix]:SIZE:_default' \
'--config=[Read this config instead of looking for \`mcptrust.toml\` above the first path]:FILE:_files' \
'--baseline=[Fail only on findings not recorded in this baseline (written by --write-baseline); report the fixed ones]:FILE:_files' \
'--write-baseline=[Record the current findings (fingerprints, no secrets) as a baseline]:FILE:_files' \
'-j+[Worker threads\: one per core when unset or 0; at most 64 (a larger N is capped at 64)]:N:_default' \
'--threads=[Worker threads\: one per core when unset or 0; at most 64 (a larger N is capped at 64)]:N:_default' \
'--shard=[Scan only shard K of N (K from 1 to N)\: N runs with K = 1..N read every file exactly once between them. Combine their reports with \`mcptrust merge\`]:K/N:_default' \
'--shard-by=[What \`--shard\` splits\: \`repo\`, the top-level entries under each scan root (another shard'\''s are not walked), or \`path\`, each file]:UNIT:((repo\:"The top-level entry under each scan root\: a repository of a sweep (its cross-file checks stay whole)"
path\:"Each file, by its path under the scan root\: an even split, but checks across files see only a shard"))' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'--user[Also scan the current user'\''s client configs where each client keeps them on this OS (~/.claude.json, VS Code'\''s user mcp.json and profiles, ~/.codex, Cline'\''s globalStorage, ...), honouring HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME and COPILOT_HOME. Nothing else is read (project folders that ~/.claude.json lists are not entered\: name them as PATHs). Without PATHs, only these are scanned]' \
'--follow[Also follow symbolic links whose target is outside the scan root (files and folders, one hop deep). Links inside the scan root are always followed; the others are listed as skipped]' \
'-v[Human output\: with --user, list every user location checked, found or absent]' \
'--verbose[Human output\: with --user, list every user location checked, found or absent]' \
'*-q[-q\: findings only (no summary, notes or warnings); -qq\: nothing on stdout or stderr, only the exit code (files named by -o are still written)]' \
'*--quiet[-q\: findings only (no summary, notes or warnings); -qq\: nothing on stdout or stderr, only the exit code (files named by -o are still written)]' \
'--statistics[Human output\: a count per rule (with its worst severity and category) instead of the findings]' \
'--inventory[JSON and JSONL reports\: add the trust inventory (every client → server relationship, as \`mcptrust inventory --format json\` lists it). Always on with --shard, so that \`merge --format html\` can show it]' \
'--exit-zero[Always exit 0 (errors are still reported)]' \
'--no-ignore[Do not respect .gitignore, .ignore and .mcptrustignore files]' \
'(--no-ignore)--respect-gitignore[Let ignore files hide known config locations too. By default .mcp.json, .vscode/mcp.json and every other known config location is scanned even when .gitignore, git'\''s excludes or a .mcptrustignore below the repository root match it, and marked (a gitignored one as not committed); an ignored folder is entered only when it is a client'\''s config folder (.vscode/, .claude/, ...), never node_modules/ or target/]' \
'--isolated[Read no config at all (not even --config or MCPTRUST_CONFIG)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::paths -- Files and folders to scan \[default\: `.`, or none with --user\]. A file named here is always scanned. `-` reads one config from standard input (see --stdin-filename):_files' \
&& ret=0
;;
(inventory)
_arguments "${_arguments_options[@]}" : \
'-f+[Output format]:FORMAT:(table json csv markdown)' \
'--format=[Output format]:FORMAT:(table json csv markdown)' \
'-o+[Write to FILE instead of standard output]:FILE:_files' \
'--output=[Write to FILE instead of standard output]:FILE:_files' \
'--server=[Only relationships with this server]:NAME:_default' \
'--client=[Only relationships of this client (\`claude-code\`, \`vscode\`, ...)]:NAME:_default' \
'--credential=[Only relationships that carry this credential (the \`credential_id\` findings print, or a prefix of it)]:ID:_default' \
'--expiring=[Only relationships whose approval expires within DAYS (or has expired)]:DAYS:_default' \
'--config=[Read this config instead of looking for \`mcptrust.toml\` above the first path]:FILE:_files' \
'*--exclude=[Skip files and folders matching this glob]:GLOB:_default' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'--user[Also read the current user'\''s client configs (as \`scan --user\`)]' \
'--write-policy[Write a draft \`mcptrust.toml\` with one \`\[\[trust\]\]\` entry per server found (owner = "TODO")]' \
'(--write-policy)--tasks[Show the task → server matrix\: every subagent, command, skill, prompt, profile, recipe and role, the servers it reaches, how many of their tools it sees (\`all\`, a count, \`-\`), and \`+auto\` where they run without confirmation]' \
'--unapproved[Only relationships no \`\[\[trust\]\]\` entry approves]' \
'--isolated[Read no config at all]' \
'--no-ignore[Do not respect .gitignore, .ignore and .mcptrustignore files]' \
'-h[Print help]' \
'--help[Print help]' \
'*::paths -- Files and folders to read \[default\: `.`, or none with --user\]:_files' \
&& ret=0
;;
(rules)
_arguments "${_arguments_options[@]}" : \
'*--rules=[Extra rule packs (a YAML file or a folder of them)]:FILE|DIR:_files' \
'--format=[Output format of the listing]:FORMAT:(human json)' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
":: :_mcptrust__subcmd__rules_commands" \
"*::: :->rules" \
&& ret=0

    case $state in
    (rules)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:mcptrust-rules-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'*--rules=[Extra rule packs (a YAML file or a folder of them)]:FILE|DIR:_files' \
'--format=[Output format of the listing]:FORMAT:(human json)' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(check)
_arguments "${_arguments_options[@]}" : \
'*--rules=[Extra rule packs (a YAML file or a folder of them)]:FILE|DIR:_files' \
'--format=[Output format of the listing]:FORMAT:(human json)' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
':shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(merge)
_arguments "${_arguments_options[@]}" : \
'-f+[Output format]:FORMAT:((human\:""
json\:""
sarif\:""
github\:"GitHub Actions workflow-command annotations"
jsonl\:"One JSON object per line, streamed as files finish (for sweeps)"
markdown\:"A summary table for a pull-request comment"
junit\:"JUnit XML for CI test views"
html\:"One self-contained HTML page (totals, charts, trust inventory, findings)"))' \
'--format=[Output format]:FORMAT:((human\:""
json\:""
sarif\:""
github\:"GitHub Actions workflow-command annotations"
jsonl\:"One JSON object per line, streamed as files finish (for sweeps)"
markdown\:"A summary table for a pull-request comment"
junit\:"JUnit XML for CI test views"
html\:"One self-contained HTML page (totals, charts, trust inventory, findings)"))' \
'-o+[Write the merged report to FILE instead of standard output]:FILE:_files' \
'--output=[Write the merged report to FILE instead of standard output]:FILE:_files' \
'*--rules=[Extra rule packs the shards were scanned with (a YAML file or a folder of them)\: a finding of a rule that is not known is refused]:FILE|DIR:_files' \
'--fail-on=[Exit 1 when a merged finding is at or above this severity]:SEVERITY:(info low medium high critical)' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'--exit-zero[Always exit 0 (errors are still reported)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::reports -- Shard reports (SARIF, JSON or JSONL, told apart by their content), as `scan --shard K/N` wrote them:_files' \
&& ret=0
;;
(generate)
_arguments "${_arguments_options[@]}" : \
'--out-dir=[The folder to write them under (the repository root)]:DIR:_files' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(config-schema)
_arguments "${_arguments_options[@]}" : \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
'*--rules=[Extra rule packs (a YAML file or a folder of them)]:FILE|DIR:_files' \
'--now=[Judge dates (token expiry, approval expiry) as of this day instead of today\: YYYY-MM-DD or an RFC 3339 time]:DATE:_default' \
'-h[Print help]' \
'--help[Print help]' \
':rule -- A rule id (MCP101) or slug (github-classic-pat):_default' \
&& ret=0
;;
        esac
    ;;
esac
}

(( $+functions[_mcptrust_commands] )) ||
_mcptrust_commands() {
    local commands; commands=(
'scan:Scan files and folders for MCP configs and report trust problems' \
'inventory:List every trust relationship\: client, server, launch, credentials, grants and policy status' \
'rules:List the rules, or check every rule against its own examples' \
'completions:Write shell completions to standard output (\`generate\` writes every shell'\''s to \`completions/\`)' \
'merge:Combine the reports of a sharded sweep (\`scan --shard K/N\`; SARIF, JSON or JSONL) into one' \
'generate:Write the generated files\: completions/, man/ and docs/rules/ (the committed copies are made with this)' \
'config-schema:Write the JSON schema of \`mcptrust.toml\` to standard output (\`mcptrust.schema.json\` is made with this)' \
'explain:Show the documentation of a rule' \
    )
    _describe -t commands 'mcptrust commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__completions_commands] )) ||
_mcptrust__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust completions commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__config-schema_commands] )) ||
_mcptrust__subcmd__config-schema_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust config-schema commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__explain_commands] )) ||
_mcptrust__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust explain commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__generate_commands] )) ||
_mcptrust__subcmd__generate_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust generate commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__inventory_commands] )) ||
_mcptrust__subcmd__inventory_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust inventory commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__merge_commands] )) ||
_mcptrust__subcmd__merge_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust merge commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__rules_commands] )) ||
_mcptrust__subcmd__rules_commands() {
    local commands; commands=(
'list:List every rule\: id, name, category, severity, tags (the default)' \
'check:Fail when a pattern misses a positive example or hits a negative one, or a rule'\''s docs Example does not trigger it (or its "Use instead" does)' \
    )
    _describe -t commands 'mcptrust rules commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__rules__subcmd__check_commands] )) ||
_mcptrust__subcmd__rules__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust rules check commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__rules__subcmd__list_commands] )) ||
_mcptrust__subcmd__rules__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust rules list commands' commands "$@"
}
(( $+functions[_mcptrust__subcmd__scan_commands] )) ||
_mcptrust__subcmd__scan_commands() {
    local commands; commands=()
    _describe -t commands 'mcptrust scan commands' commands "$@"
}

if [ "$funcstack[1]" = "_mcptrust" ]; then
    _mcptrust "$@"
else
    compdef _mcptrust mcptrust
fi
