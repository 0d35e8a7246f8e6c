package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
)

// runUser dispatches the user subcommands: add, passwd, list.
func runUser(ctx context.Context, e *env, args []string) int {
	sub := map[string]func(context.Context, *env, []string) int{
		"add": runUserAdd, "edit": runUserEdit, "passwd": runUserPasswd, "list": runUserList, "unlock": runUserUnlock,
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
	fmt.Fprintln(w, "  performa user add NOME --role admin|manager|evaluator|reader [--unit UNITÀ]... [--full-name NOME] [--matricola M] [--password-stdin] [--organization NOME]")
	fmt.Fprintln(w, "  performa user edit NOME [--unit UNITÀ]... [--role RUOLO] [--full-name NOME] [--matricola M] [--organization NOME]")
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
	fs := newFlags(e, "user add", "user add NOME --role RUOLO [--unit UNITÀ]... [--full-name NOME] [--matricola M] [--password-stdin] [--organization NOME]",
		"Aggiunge un utente all'ente. NOME è il nome con cui accede (lettere minuscole, cifre, . _ - @).\n"+
			"Senza --password-stdin performa crea una password monouso, la stampa una sola volta e la fa\n"+
			"cambiare al primo accesso. Un responsabile (manager) ha una o più unità del piano in vigore,\n"+
			"indicate con il nome o con una parte che ne indichi una sola («Polizia»): l'unità trovata è\n"+
			"detta per esteso; un nome che indica più unità, o nessuna, è rifiutato con l'elenco. L'unità\n"+
			"resta assegnata nelle variazioni, nelle reimportazioni e nei cicli seguenti.\n"+
			"Esce con 0 se l'utente è aggiunto, 1 se è rifiutato, 2 se il comando non è usabile.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	role := fs.String("role", "", "ruolo: `RUOLO` admin, manager, evaluator o reader")
	fullName := fs.String("full-name", "", "`NOME` e cognome della persona")
	matricola := fs.String("matricola", "", "matricola `M` della persona nel personale: vede la propria scheda e il proprio premio")
	var units stringList
	fs.Var(&units, "unit", "`UNITÀ` di cui l'utente è responsabile (ripetibile; solo per manager)")
	stdin := fs.Bool("password-stdin", false, "legge la password dalla prima riga dello standard input")
	by := byFlag(fs)
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
	who, err := actorOf(ctx, e, st, o.ID, *by, asOperator)
	if err != nil {
		return fail(e, "user add", err)
	}
	refs, ok := resolveUnits(ctx, e, "user add", st, o.ID, units, nil)
	if !ok {
		return 1
	}
	u := &domain.User{OrganizationID: o.ID, Name: rest[0], FullName: *fullName, Role: domain.Role(*role), Units: refs, Matricola: *matricola}
	if err := auth.New(st).CreateUser(ctx, u, password, oneTime, who.Name); err != nil {
		fmt.Fprintln(e.stderr, "performa user add:", domain.ErrorMessage(err))
		return refusal(err)
	}
	fmt.Fprintf(e.stdout, "Utente «%s» (%s) aggiunto all'ente «%s».\n", u.Name, userWhat(u), o.Name)
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
	by := byFlag(fs)
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
	who, err := actorOf(ctx, e, st, o.ID, *by, asOperator)
	if err != nil {
		return fail(e, "user passwd", err)
	}
	revoked, err := auth.New(st).SetPassword(ctx, u, password, oneTime, who.Name)
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
		var units []string
		for _, r := range u.Units {
			if r.ID == 0 {
				r.Name += " (non è un'unità del piano: correggere con user edit)"
			}
			units = append(units, r.Name)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.FullName, u.Role.Label(), strings.Join(units, ", "), state)
	}
	tw.Flush()
	return 0
}

// resolveUnits finds the units typed (--unit) among the units of the plan
// in force, saying back on stdout each one found from a part of its name;
// kept are units the user already has (they may be named as listed). It
// prints the refusal and returns false when a unit is ambiguous or
// unknown.
func resolveUnits(ctx context.Context, e *env, cmd string, st *store.Store, orgID int64, typed []string, kept []domain.UnitRef) ([]domain.UnitRef, bool) {
	if len(typed) == 0 {
		return nil, true
	}
	choices, err := st.UnitChoices(ctx, orgID)
	if err != nil {
		fmt.Fprintf(e.stderr, "performa %s: %s\n", cmd, domain.ErrorMessage(err))
		return nil, false
	}
	var out []domain.UnitRef
	for _, t := range typed {
		r, exact, err := domain.ResolveUnit(choices, t)
		if err != nil {
			// A unit the user already has, named as listed, stays.
			if i := slices.IndexFunc(kept, func(k domain.UnitRef) bool { return k.Name == strings.TrimSpace(t) }); i >= 0 {
				out = append(out, kept[i])
				continue
			}
			fmt.Fprintf(e.stderr, "performa %s: %s\n", cmd, domain.ErrorMessage(err))
			return nil, false
		}
		if !exact {
			fmt.Fprintf(e.stdout, "Unità «%s»: trovata «%s».\n", strings.TrimSpace(t), r.Name)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, true
}

// userWhat is a user's role and units, for a message.
func userWhat(u *domain.User) string {
	what := u.Role.Label()
	if len(u.Units) > 0 {
		what += ": " + strings.Join(u.UnitNames(), ", ")
	}
	if u.Matricola != "" {
		what += ", matricola " + u.Matricola
	}
	return what
}

// refusal is the exit code of a refused user command: 2 for input that
// cannot be used (a bad name or role) and internal errors, 1 for a refusal
// of the store's state (a name taken).
func refusal(err error) int {
	switch domain.ErrorCode(err) {
	case domain.EINTERNAL, domain.EINVALID:
		return 2
	}
	return 1
}

func runUserEdit(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user edit", "user edit NOME [--unit UNITÀ]... [--role RUOLO] [--full-name NOME] [--matricola M] [--organization NOME]",
		"Cambia il ruolo, il nome completo, la matricola o le unità di un utente. Con --unit le unità indicate\n"+
			"sostituiscono quelle che l'utente aveva, e come per user add ognuna dev'essere un'unità\n"+
			"del piano in vigore (il nome o una parte che ne indichi una sola). --role diverso da manager\n"+
			"toglie le unità. Esce con 0 se l'utente è modificato, 1 se è rifiutato, 2 se il comando non è usabile.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	role := fs.String("role", "", "nuovo ruolo: `RUOLO` admin, manager, evaluator o reader")
	fullName := fs.String("full-name", "", "nuovo `NOME` e cognome della persona")
	matricola := fs.String("matricola", "", "matricola `M` della persona nel personale (vuota: nessuna)")
	var units stringList
	fs.Var(&units, "unit", "`UNITÀ` di cui l'utente è responsabile (ripetibile): sostituiscono quelle che aveva")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	setName, setMatricola := false, false
	fs.Visit(func(f *flag.Flag) {
		setName = setName || f.Name == "full-name"
		setMatricola = setMatricola || f.Name == "matricola"
	})
	if *role == "" && !setName && !setMatricola && len(units) == 0 {
		fmt.Fprintln(e.stderr, "performa user edit: niente da cambiare: indicare --unit, --role, --full-name o --matricola.")
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	u, err := st.UserByName(ctx, o.ID, rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "performa user edit: utente «%s» non trovato nell'ente «%s».\n", rest[0], o.Name)
		return 1
	}
	upd := *u
	if *role != "" {
		upd.Role = domain.Role(*role)
		if upd.Role != domain.RoleManager {
			upd.Units = nil
		}
	}
	if setName {
		upd.FullName = *fullName
	}
	if setMatricola {
		upd.Matricola = *matricola
	}
	if len(units) > 0 {
		if upd.Units, ok = resolveUnits(ctx, e, "user edit", st, o.ID, units, u.Units); !ok {
			return 1
		}
	}
	if err := st.UpdateUser(ctx, &upd, "cli"); err != nil {
		fmt.Fprintln(e.stderr, "performa user edit:", domain.ErrorMessage(err))
		return refusal(err)
	}
	fmt.Fprintf(e.stdout, "Utente «%s» modificato: %s.\n", upd.Name, userWhat(&upd))
	return 0
}

func runUserUnlock(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user unlock", "user unlock NOME [--organization NOME]",
		"Sblocca un utente bloccato da troppi tentativi di accesso non riusciti (o di cambio password):\n"+
			"può riprovare subito, anche sul server già avviato. Lo sblocco resta nel registro.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	by := byFlag(fs)
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
	who, err := actorOf(ctx, e, st, o.ID, *by, asOperator)
	if err != nil {
		return fail(e, "user unlock", err)
	}
	if err := auth.New(st).Unlock(ctx, u, who.Name); err != nil {
		fmt.Fprintln(e.stderr, "performa user unlock:", domain.ErrorMessage(err))
		return 2
	}
	fmt.Fprintf(e.stdout, "Utente «%s» sbloccato: può accedere di nuovo subito.\n", u.Name)
	return 0
}
