package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
)

// runUser dispatches the user subcommands: add, passwd, list.
func runUser(ctx context.Context, e *env, args []string) int {
	sub := map[string]func(context.Context, *env, []string) int{
		"add": runUserAdd, "passwd": runUserPasswd, "list": runUserList, "unlock": runUserUnlock,
	}
	if len(args) > 0 {
		if fn, ok := sub[args[0]]; ok {
			return fn(ctx, e, args[1:])
		}
	}
	w := e.stderr
	code := 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa user: comando sconosciuto %q\n\n", args[0])
	}
	fmt.Fprintln(w, "Uso:")
	fmt.Fprintln(w, "  performa user add NOME --role admin|manager|evaluator|reader [--unit UNITÀ]... [--full-name NOME] [--password-stdin] [--organization NOME]")
	fmt.Fprintln(w, "  performa user passwd NOME [--password-stdin] [--organization NOME]")
	fmt.Fprintln(w, "  performa user list [--organization NOME]")
	fmt.Fprintln(w, "  performa user unlock NOME [--organization NOME]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Ruoli: admin (amministratore), manager (responsabile delle unità indicate con --unit),")
	fmt.Fprintln(w, "evaluator (Nucleo di Valutazione / OIV), reader (lettore).")
	return code
}

// stringList is a flag that may be repeated.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// readPassword reads one line from standard input: the password, for
// scripts (echo … | performa user add … --password-stdin).
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", domain.Errorf(domain.EINVALID, "nessuna password sullo standard input.")
	}
	return line, nil
}

// userContext opens the store and finds the organization for a user
// subcommand.
func userContext(ctx context.Context, e *env, dsn, orgName string) (*store.Store, *domain.Organization, bool) {
	st, ok := openStore(ctx, e, dsn)
	if !ok {
		return nil, nil, false
	}
	org, ok := pickOrganization(ctx, e, st, orgName)
	if !ok {
		st.Close()
		return nil, nil, false
	}
	return st, org, true
}

func runUserAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user add", "user add NOME --role RUOLO [--unit UNITÀ]... [--full-name NOME] [--password-stdin] [--organization NOME]",
		"Aggiunge un utente all'ente. NOME è il nome con cui accede (lettere minuscole, cifre, . _ - @).\n"+
			"Senza --password-stdin performa crea una password monouso, la stampa una sola volta e la fa\n"+
			"cambiare al primo accesso. Un responsabile (manager) ha una o più unità, indicate per nome come\n"+
			"nel piano: il nome resta valido anche quando il piano viene reimportato.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	role := fs.String("role", "", "ruolo: `RUOLO` admin, manager, evaluator o reader")
	fullName := fs.String("full-name", "", "`NOME` e cognome della persona")
	var units stringList
	fs.Var(&units, "unit", "`UNITÀ` di cui l'utente è responsabile (ripetibile; solo per manager)")
	stdin := fs.Bool("password-stdin", false, "legge la password dalla prima riga dello standard input")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	if *role == "" {
		fmt.Fprintln(e.stderr, "performa user add: manca --role (admin, manager, evaluator o reader)")
		return 2
	}
	password, oneTime := auth.GeneratePassword(), true
	if *stdin {
		p, err := readPassword(e.stdin)
		if err != nil {
			fmt.Fprintln(e.stderr, "performa user add:", domain.ErrorMessage(err))
			return 2
		}
		password, oneTime = p, false
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	u := &domain.User{OrganizationID: o.ID, Name: rest[0], FullName: *fullName, Role: domain.Role(*role), Units: units}
	if err := auth.New(st).CreateUser(ctx, u, password, oneTime, "cli"); err != nil {
		fmt.Fprintln(e.stderr, "performa user add:", domain.ErrorMessage(err))
		return 2
	}
	what := u.Role.Label()
	if len(u.Units) > 0 {
		what += ": " + strings.Join(u.Units, ", ")
	}
	fmt.Fprintf(e.stdout, "Utente «%s» (%s) aggiunto all'ente «%s».\n", u.Name, what, o.Name)
	if oneTime {
		printOneTime(e.stdout, password)
	}
	return 0
}

func printOneTime(w io.Writer, password string) {
	fmt.Fprintf(w, "Password monouso: %s\n", password)
	fmt.Fprintln(w, "Comunicarla all'interessato: non sarà più mostrata, e al primo accesso va cambiata.")
}

func runUserPasswd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user passwd", "user passwd NOME [--password-stdin] [--organization NOME]",
		"Reimposta la password di un utente e chiude tutte le sue sessioni. Senza --password-stdin\n"+
			"performa crea una password monouso, la stampa una sola volta e la fa cambiare al primo accesso.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	stdin := fs.Bool("password-stdin", false, "legge la nuova password dalla prima riga dello standard input")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	password, oneTime := auth.GeneratePassword(), true
	if *stdin {
		p, err := readPassword(e.stdin)
		if err != nil {
			fmt.Fprintln(e.stderr, "performa user passwd:", domain.ErrorMessage(err))
			return 2
		}
		password, oneTime = p, false
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	u, err := st.UserByName(ctx, o.ID, rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "performa user passwd: utente «%s» non trovato nell'ente «%s».\n", rest[0], o.Name)
		return 2
	}
	revoked, err := auth.New(st).SetPassword(ctx, u, password, oneTime, "cli")
	if err != nil {
		fmt.Fprintln(e.stderr, "performa user passwd:", domain.ErrorMessage(err))
		return 2
	}
	tokens := ""
	switch revoked {
	case 0:
	case 1:
		tokens = " e il suo token API revocato"
	default:
		tokens = fmt.Sprintf(" e i suoi %d token API revocati", revoked)
	}
	fmt.Fprintf(e.stdout, "Password di «%s» reimpostata; le sue sessioni sono state chiuse%s.\n", u.Name, tokens)
	if oneTime {
		printOneTime(e.stdout, password)
	}
	return 0
}

func runUserList(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user list", "user list [--organization NOME]", "Elenca gli utenti dell'ente con ruolo, unità e stato.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	users, err := st.Users(ctx, o.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa user list:", domain.ErrorMessage(err))
		return 2
	}
	fmt.Fprintf(e.stdout, "Utenti dell'ente «%s»: %d\n\n", o.Name, len(users))
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NOME\tNOME COMPLETO\tRUOLO\tUNITÀ\tSTATO")
	for _, u := range users {
		state := "attivo"
		switch {
		case u.Disabled:
			state = "disattivato"
		case u.MustChangePassword:
			state = "password monouso da cambiare"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.FullName, u.Role.Label(), strings.Join(u.Units, ", "), state)
	}
	tw.Flush()
	return 0
}

func runUserUnlock(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user unlock", "user unlock NOME [--organization NOME]",
		"Sblocca un utente bloccato da troppi tentativi di accesso non riusciti (o di cambio password):\n"+
			"può riprovare subito, anche sul server già avviato. Lo sblocco resta nel registro.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	u, err := st.UserByName(ctx, o.ID, rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "performa user unlock: utente «%s» non trovato nell'ente «%s».\n", rest[0], o.Name)
		return 2
	}
	if err := auth.New(st).Unlock(ctx, u, "cli"); err != nil {
		fmt.Fprintln(e.stderr, "performa user unlock:", domain.ErrorMessage(err))
		return 2
	}
	fmt.Fprintf(e.stdout, "Utente «%s» sbloccato: può accedere di nuovo subito.\n", u.Name)
	return 0
}
