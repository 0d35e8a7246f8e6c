// Command performa keeps the plan of objectives (Piano degli obiettivi) of an
// Italian local authority: it reads the workbooks comuni already keep, stores
// the plan, follows it through the year and gives it back as data.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // Italian time on machines without a time zone database
)

// command is one subcommand: its name, a line of Italian help and the
// function that runs it, returning the exit code.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a command may touch: arguments aside, the streams and the
// environment, so that tests run commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	user   func() string    // the operating system's user (actorOf); nil: none
	now    func() time.Time // the clock; nil: time.Now
}

// clock is the time now, as the command's clock says.
func (e *env) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

var commands []command

func init() {
	commands = []command{
		{"check", "legge un piano e ne mostra il riepilogo e le segnalazioni, senza salvare nulla", runCheck},
		{"import", "legge un piano e lo salva nell'archivio (una sola transazione)", runImport},
		{"export", "stampa il piano salvato (JSON performa.plan/v1)", runExport},
		{"diff", "confronta due versioni del piano: obiettivi aggiunti, tolti e modificati", runDiff},
		{"serve", "avvia il server web", runServe},
		{"user", "gestisce gli utenti: add, edit, passwd, list", runUser},
		{"token", "crea un token per l'API JSON: create", runToken},
		{"rule", "mostra come è compreso il testo di un target", runRule},
		{"measure", "registra una misurazione di un indicatore", runMeasure},
		{"validate", "registra la % validata dal Nucleo di Valutazione, conferma il calcolato o neutralizza", runValidate},
		{"objective", "nella bozza del piano aggiunge, modifica o elimina un obiettivo: add, edit, remove", runObjective},
		{"indicator", "nella bozza del piano aggiunge, modifica o elimina un indicatore: add, edit, remove", runIndicator},
		{"cycle", "il ciclo: approve, variation, signoff, reopen, show", runCycle},
		{"score", "calcola i punteggi di obiettivi, unità, ente e responsabili", runScore},
		{"report", "produce in PDF il Piano, la Relazione sulla performance o il documento di validazione", runReport},
		{"rate", "registra la valutazione dei comportamenti di un responsabile", runRate},
		{"smvp", "esporta o importa il sistema di misurazione e valutazione (SMVP)", runSMVP},
		{"staff", "il personale: import (dal foglio di calcolo), list", runStaff},
		{"scheda", "le schede di valutazione: create, show, rate, deliver, acknowledge, review, finalise, list", runScheda},
		{"rewards", "distribuisce il fondo per la produttività dalle schede definitive", runRewards},
		{"publish", "pubblica in Amministrazione trasparente il Piano, la Relazione o i premi di un anno: piano, relazione, premi", runPublish},
		{"unpublish", "ritira dalla pubblicazione il Piano, la Relazione o i premi di un anno", runUnpublish},
		{"audit", "controlla che il registro delle modifiche sia integro: verify", runAudit},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, user: osUser, now: time.Now}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand. Exit codes: 0 done, 1 refused (the
// reason in Italian on the standard error; nothing changed) or, for check,
// errors in the plan, 2 unusable input or wrong usage.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "performa: comando sconosciuto %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "performa — il ciclo della performance degli enti locali")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Uso: performa COMANDO [opzioni]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Comandi:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "«performa COMANDO --help» mostra le opzioni di un comando.")
	fmt.Fprintln(w, "L'archivio è indicato da --db o dalla variabile PERFORMA_DB: un URL postgres://")
	fmt.Fprintln(w, "per PostgreSQL, altrimenti un file SQLite (predefinito: ./performa.db).")
}
