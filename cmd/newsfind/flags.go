package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// errUsage means the flags were wrong and the usage has been printed.
var errUsage = errors.New("usage")

// helpError is help that was asked for: run prints it to stdout and
// exits 0, as a help a user pipes into less must be.
type helpError struct{ text string }

func (h *helpError) Error() string { return "help" }

// flagSet is a command's flags, with where each came from: the command
// line or a NEWSFIND_<NAME> variable (an error names the one it was).
type flagSet struct {
	*flag.FlagSet
	fromEnv map[string]bool
}

// newFlagSet returns a flag set whose flags also read NEWSFIND_<NAME>
// environment variables (after parse, for flags not given on the line).
func newFlagSet(name, synopsis string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: newsfind %s\n\nFlags (each also from the environment variable shown):\n", synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" && f.DefValue != "[]" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "  --%-12s %s%s\n  %14s$%s\n", f.Name, f.Usage, def, "", envName(f.Name))
		})
	}
	return &flagSet{FlagSet: fs, fromEnv: map[string]bool{}}
}

func envName(flagName string) string {
	return "NEWSFIND_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// origin says where a flag's value came from: "--name", "$NEWSFIND_NAME",
// or "" when it has its default.
func (fs *flagSet) origin(name string) string {
	switch {
	case fs.fromEnv[name]:
		return "$" + envName(name)
	case fs.given(name):
		return "--" + name
	}
	return ""
}

// given reports whether a flag was set, on the line or from the environment.
func (fs *flagSet) given(name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseFlags parses args, flags and positional arguments in any order
// (`search 'rare earth' --country KZ` works), then fills the flags not
// given from the environment. The positional arguments are returned;
// everything after "--" is positional.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	return parseArgs(fs, args, false)
}

// parseQuery is parseFlags for a command whose positional arguments are
// a query: a word with one leading "-" that is no flag of the command is
// a word of the query (`search -opec oil` excludes opec), since the query
// language reads "-" as NOT. A "--name" that is no flag stays an error:
// it is a mistyped flag far more often than a word.
func parseQuery(fs *flagSet, args []string) ([]string, error) {
	return parseArgs(fs, args, true)
}

func parseArgs(fs *flagSet, args []string, dashWords bool) ([]string, error) {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f := fs.Lookup(name)
		if f == nil && (name == "h" || name == "help") {
			var b bytes.Buffer
			out := fs.Output()
			fs.SetOutput(&b)
			fs.Usage()
			fs.SetOutput(out)
			return nil, &helpError{b.String()}
		}
		if f == nil && dashWords && !strings.HasPrefix(a, "--") {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, errUsage
	}
	positional = append(positional, fs.Args()...) // a flag's missing value, said by Parse
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if fs.given(f.Name) || err != nil {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("$%s: %v", envName(f.Name), e)
			}
			fs.fromEnv[f.Name] = true
		}
	})
	return positional, err
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}
