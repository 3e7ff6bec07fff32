package cli

import (
	"fmt"
	"io"
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// completionFlag, as the last argument, asks asgctl for the words that may
// come next instead of running a command. The shell scripts of `asgctl
// completion` pass the words typed so far, the word under the cursor (maybe
// empty) and then this flag.
const completionFlag = "--generate-bash-completion"

// isCompletionRequest reports whether args (program name first) ask for
// completion candidates.
func isCompletionRequest(args []string) bool {
	return len(args) > 1 && args[len(args)-1] == completionFlag
}

// answerCompletion prints the candidates for the words of args between the
// program name and the completion flag, one a line, and returns exit 0.
// It runs nothing and parses nothing through urfave/cli, whose own
// completion reads os.Args.
func answerCompletion(args []string, stdout io.Writer, deps Deps) int {
	app := newApp(io.Discard, io.Discard, deps.withDefaults(), new(bool))
	for _, c := range completions(app, args[1:len(args)-1]) {
		fmt.Fprintln(stdout, c)
	}
	return ExitOK
}

// completions returns what may replace the last of words (the word being
// typed, "" for a new one); the words before it are complete. It follows
// the commands named, skipping flags and their values, to the deepest one:
// a word starting with "-" completes to that command's flags and the global
// flags, any other word to its visible subcommands (the top-level commands
// before any). A word that is a flag's value, or follows "--", gets none.
func completions(app *ucli.App, words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	at := walkWords(app, words)
	partial := words[len(words)-1]
	switch {
	case at.none:
		return nil
	case strings.HasPrefix(partial, "-"):
		return withPrefix(flagWords(at.flags, app.Flags), partial)
	}
	var names []string
	for _, c := range at.subcommands {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	return withPrefix(names, partial)
}

// wordsAt is where the complete words lead: the subcommands and the flags
// of the deepest command named, and whether the last word gets no
// candidates (a flag's value, or after "--").
type wordsAt struct {
	subcommands []*ucli.Command
	flags       []ucli.Flag
	none        bool
}

// walkWords follows all but the last of words from the top level. After a
// positional argument no word is taken for a subcommand, as urfave/cli
// takes only a command's first argument for one.
func walkWords(app *ucli.App, words []string) wordsAt {
	at := wordsAt{subcommands: app.Commands, flags: app.Flags}
	last := len(words) - 1
	for i := 0; i < last; {
		switch {
		case words[i] == "--":
			return wordsAt{none: true}
		case isFlag(words[i]):
			known := append(append([]ucli.Flag{}, at.flags...), app.Flags...)
			n := flagTokens(known, words, i)
			if i+n > last {
				at.none = true
			}
			i += n
			continue
		}
		if c := findCommand(at.subcommands, words, i); c != nil {
			at.subcommands, at.flags = c.Subcommands, c.Flags
		} else {
			at.subcommands = nil
		}
		i++
	}
	return at
}

// flagWords lists the visible flags of a command, then the global ones, as
// typed (--name, or -n for a one-letter name), each once, and --help.
func flagWords(own, global []ucli.Flag) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range append(append([]ucli.Flag{}, own...), global...) {
		if v, ok := f.(ucli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			w := "--" + n
			if len(n) == 1 {
				w = "-" + n
			}
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return append(out, "--help")
}

// withPrefix keeps the words that start with prefix, in their order.
func withPrefix(words []string, prefix string) []string {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			out = append(out, w)
		}
	}
	return out
}

// completionScripts are the scripts `asgctl completion SHELL` prints, by
// shell. Each asks asgctl for the candidates of the word under the cursor
// and falls back to file names when there are none (a --file value, a path).
var completionScripts = map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}

// completionCommand is `asgctl completion SHELL`: the script for one shell
// on stdout, how to install it in --help.
func completionCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		UsageText: "asgctl completion bash|zsh|fish",
		Description: `Prints a script that completes asgctl's commands, subcommands and flags
in the shell named. To install it:

  bash  for this shell:      source <(asgctl completion bash)
        for every new shell: asgctl completion bash > ~/.local/share/bash-completion/completions/asgctl
                             (with the bash-completion package; or add the
                             source line to ~/.bashrc)
  zsh   for this shell:      source <(asgctl completion zsh)   (after compinit)
        for every new shell: asgctl completion zsh > ~/.zfunc/_asgctl
                             with fpath=(~/.zfunc $fpath) before compinit in
                             ~/.zshrc
  fish  for this shell:      asgctl completion fish | source
        for every new shell: asgctl completion fish > ~/.config/fish/completions/asgctl.fish

The scripts ask asgctl itself for the candidates, so they follow the
installed version's commands. Exit 2 for a shell not named above.`,
		Action: func(c *ucli.Context) error {
			shell := c.Args().First()
			script, ok := completionScripts[shell]
			switch {
			case c.NArg() > 1:
				return usagef("completion: name one shell, not %d: bash, zsh or fish", c.NArg())
			case shell == "":
				return usagef("completion: name the shell: bash, zsh or fish")
			case !ok:
				return usagef("completion: unknown shell %q: use bash, zsh or fish", shell)
			}
			if _, err := io.WriteString(c.App.Writer, script); err != nil {
				return failedf("write the completion script: %v", err)
			}
			return nil
		},
	}
}

const bashCompletion = `# bash completion for asgctl. Install: source <(asgctl completion bash)
# It asks asgctl for the candidates of the word under the cursor (the words
# before it, that word, then --generate-bash-completion) and falls back to
# file names when there are none.
_asgctl_complete() {
    local prog=${COMP_WORDS[0]/#\~/$HOME} line
    COMPREPLY=()
    while IFS= read -r line; do
        [ -n "$line" ] && COMPREPLY+=("$line")
    done < <("$prog" "${COMP_WORDS[@]:1:COMP_CWORD}" --generate-bash-completion 2>/dev/null)
    return 0
}
complete -o default -F _asgctl_complete asgctl
`

const zshCompletion = `#compdef asgctl
# zsh completion for asgctl. Install: source <(asgctl completion zsh), or
# save it as _asgctl in a directory on $fpath. It asks asgctl for the
# candidates of the word under the cursor (the words before it, that word,
# then --generate-bash-completion) and falls back to file names when there
# are none.
_asgctl() {
  local -a candidates
  candidates=("${(@f)$("${words[1]/#\~/$HOME}" "${(@Q)words[2,CURRENT]}" --generate-bash-completion 2>/dev/null)}")
  candidates=("${(@)candidates:#}")
  if (( ${#candidates} )); then
    compadd -- "${candidates[@]}"
  else
    _files
  fi
}
if [[ "${funcstack[1]}" == _asgctl ]]; then
  _asgctl "$@"
else
  compdef _asgctl asgctl
fi
`

const fishCompletion = `# fish completion for asgctl. Install: asgctl completion fish | source, or
# save it as ~/.config/fish/completions/asgctl.fish. It asks asgctl for the
# candidates of the token under the cursor (the tokens before it, that
# token, then --generate-bash-completion) and falls back to file names when
# there are none.
function __fish_asgctl_complete
    set -l args (commandline -opc)
    set -l prog $args[1]
    set -e args[1]
    set -l current (commandline -ct)
    set -l candidates ($prog $args "$current" --generate-bash-completion 2>/dev/null)
    if test (count $candidates) -gt 0
        printf '%s\n' $candidates
    else
        __fish_complete_path "$current"
    end
end
complete -c asgctl -f -a '(__fish_asgctl_complete)'
`
