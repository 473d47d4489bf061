
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mcptrust' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mcptrust'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mcptrust' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan files and folders for MCP configs and report trust problems')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'List every trust relationship: client, server, launch, credentials, grants and policy status')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rules, or check every rule against its own examples')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write shell completions to standard output (`generate` writes every shell''s to `completions/`)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine the reports of a sharded sweep (`scan --shard K/N`; SARIF, JSON or JSONL) into one')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write the generated files: completions/, man/ and docs/rules/ (the committed copies are made with this)')
            [CompletionResult]::new('config-schema', 'config-schema', [CompletionResultType]::ParameterValue, 'Write the JSON schema of `mcptrust.toml` to standard output (`mcptrust.schema.json` is made with this)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show the documentation of a rule')
            break
        }
        'mcptrust;scan' {
            [CompletionResult]::new('--files-from', '--files-from', [CompletionResultType]::ParameterName, 'Also scan the paths listed in FILE (`-`: standard input), one per line or NUL-separated (`git ls-files -z`, `find -print0`); each is taken as if named on the command line. Without PATHs, only these')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The path of the config read from standard input (`-`): it decides its client and format, and it is reported (and fingerprinted) as that file. Without it, standard input is read as JSON named `<stdin>`')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to standard output (see `-o`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to standard output (see `-o`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit), else human. Colour never goes into a file')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'A progress display on standard error while scanning: auto shows it when stderr is a terminal and the scan takes more than a moment (never with -q)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour for human output on standard output: auto when it is a terminal and NO_COLOR is not set (CLICOLOR_FORCE forces it)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding is at or above this severity [default: the config''s `fail-on`, else low]')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Only these rules: ids, slugs, categories or tags (e.g. MCP101, secret, MCP01:2025)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Skip these rules: ids, slugs, categories or tags')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs (a YAML file or a folder of them)')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Also scan files matching this glob, whatever their name')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files and folders matching this glob (what it skips is counted in the summary)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip (and report) candidate files larger than this: bytes, or with a K, M or G suffix')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config instead of looking for `mcptrust.toml` above the first path')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Fail only on findings not recorded in this baseline (written by --write-baseline); report the fixed ones')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Record the current findings (fingerprints, no secrets) as a baseline')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Scan only shard K of N (K from 1 to N): N runs with K = 1..N read every file exactly once between them. Combine their reports with `mcptrust merge`')
            [CompletionResult]::new('--shard-by', '--shard-by', [CompletionResultType]::ParameterName, 'What `--shard` splits: `repo`, the top-level entries under each scan root (another shard''s are not walked), or `path`, each file')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Also scan the current user''s client configs where each client keeps them on this OS (~/.claude.json, VS Code''s user mcp.json and profiles, ~/.codex, Cline''s globalStorage, ...), honouring HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME and COPILOT_HOME. Nothing else is read (project folders that ~/.claude.json lists are not entered: name them as PATHs). Without PATHs, only these are scanned')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Also follow symbolic links whose target is outside the scan root (files and folders, one hop deep). Links inside the scan root are always followed; the others are listed as skipped')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Human output: with --user, list every user location checked, found or absent')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Human output: with --user, list every user location checked, found or absent')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, '-q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code (files named by -o are still written)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, '-q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code (files named by -o are still written)')
            [CompletionResult]::new('--statistics', '--statistics', [CompletionResultType]::ParameterName, 'Human output: a count per rule (with its worst severity and category) instead of the findings')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'JSON and JSONL reports: add the trust inventory (every client → server relationship, as `mcptrust inventory --format json` lists it). Always on with --shard, so that `merge --format html` can show it')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Always exit 0 (errors are still reported)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and .mcptrustignore files')
            [CompletionResult]::new('--respect-gitignore', '--respect-gitignore', [CompletionResultType]::ParameterName, 'Let ignore files hide known config locations too. By default .mcp.json, .vscode/mcp.json and every other known config location is scanned even when .gitignore, git''s excludes or a .mcptrustignore below the repository root match it, and marked (a gitignored one as not committed); an ignored folder is entered only when it is a client''s config folder (.vscode/, .claude/, ...), never node_modules/ or target/')
            [CompletionResult]::new('--isolated', '--isolated', [CompletionResultType]::ParameterName, 'Read no config at all (not even --config or MCPTRUST_CONFIG)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mcptrust;inventory' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Only relationships with this server')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only relationships of this client (`claude-code`, `vscode`, ...)')
            [CompletionResult]::new('--credential', '--credential', [CompletionResultType]::ParameterName, 'Only relationships that carry this credential (the `credential_id` findings print, or a prefix of it)')
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Only relationships whose approval expires within DAYS (or has expired)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config instead of looking for `mcptrust.toml` above the first path')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files and folders matching this glob')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Also read the current user''s client configs (as `scan --user`)')
            [CompletionResult]::new('--write-policy', '--write-policy', [CompletionResultType]::ParameterName, 'Write a draft `mcptrust.toml` with one `[[trust]]` entry per server found (owner = "TODO")')
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'Show the task → server matrix: every subagent, command, skill, prompt, profile, recipe and role, the servers it reaches, how many of their tools it sees (`all`, a count, `-`), and `+auto` where they run without confirmation')
            [CompletionResult]::new('--unapproved', '--unapproved', [CompletionResultType]::ParameterName, 'Only relationships no `[[trust]]` entry approves')
            [CompletionResult]::new('--isolated', '--isolated', [CompletionResultType]::ParameterName, 'Read no config at all')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and .mcptrustignore files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;rules' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs (a YAML file or a folder of them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the listing')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, name, category, severity, tags (the default)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Fail when a pattern misses a positive example or hits a negative one, or a rule''s docs Example does not trigger it (or its "Use instead" does)')
            break
        }
        'mcptrust;rules;list' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs (a YAML file or a folder of them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the listing')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;rules;check' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs (a YAML file or a folder of them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the listing')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;completions' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;merge' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the merged report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the merged report to FILE instead of standard output')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs the shards were scanned with (a YAML file or a folder of them): a finding of a rule that is not known is refused')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a merged finding is at or above this severity')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Always exit 0 (errors are still reported)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mcptrust;generate' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The folder to write them under (the repository root)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;config-schema' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcptrust;explain' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule packs (a YAML file or a folder of them)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339 time')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
