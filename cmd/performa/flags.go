package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags makes a flag set with Italian help for a command.
func newFlags(e *env, name, use, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Uso: performa %s\n\n%s\n\nOpzioni:\n", use, about)
		printDefaults(w, fs)
	}
	return fs
}

// printDefaults lists the options in Italian style: "--db DSN  text".
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (predefinito: %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n      %s%s\n", f.Name, arg, text, def)
	})
}

// parseArgs parses flags wherever they stand — before or after the file, as
// people type them — and returns the positional arguments. It returns
// ok=false with the exit code when parsing failed or help was asked.
func parseArgs(fs *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, 0, false
			}
			return nil, 2, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, true
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), 0, true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// needArgs checks the number of positional arguments.
func needArgs(e *env, fs *flag.FlagSet, got []string, want int, what string) bool {
	if len(got) == want {
		return true
	}
	if len(got) < want {
		fmt.Fprintf(e.stderr, "performa %s: manca %s\n\n", fs.Name(), what)
	} else {
		fmt.Fprintf(e.stderr, "performa %s: troppi argomenti: %s\n\n", fs.Name(), strings.Join(got[want:], " "))
	}
	fs.Usage()
	return false
}

// writeJSON prints v as indented JSON, keeping <, > and & readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
