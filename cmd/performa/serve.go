package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "serve [--db DSN] [--addr :8080] [--organization NOME] [--cookie-secure]",
		"Avvia il server web: le pagine per chi ha un utente, l'API JSON sotto /api/v1/ e /healthz\n"+
			"per il monitoraggio. Si ferma con Ctrl+C.\n\n"+
			"Al primo avvio, su un archivio senza utenti, crea l'amministratore «admin» e ne stampa la\n"+
			"password monouso, da cambiare al primo accesso. L'amministratore appartiene all'ente indicato\n"+
			"con --organization (creato se manca), altrimenti all'unico ente dell'archivio, altrimenti a\n"+
			"un nuovo ente «Il mio ente».")
	db := dbFlag(fs)
	addr := fs.String("addr", ":8080", "`INDIRIZZO` e porta su cui ascoltare")
	org := fs.String("organization", "", "`NOME` dell'ente del primo amministratore (solo al primo avvio)")
	secure := fs.Bool("cookie-secure", false, "marca i cookie Secure anche su HTTP (dietro un proxy TLS che non invia X-Forwarded-Proto)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	st, ok := openStore(ctx, e, *db)
	if !ok {
		return 2
	}
	defer st.Close()
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv := web.NewServer(st, st.Dialect(), logger)
	srv.SecureCookies = *secure
	if web.VendorAssetsMissing() {
		fmt.Fprintln(e.stderr, "performa serve: attenzione: questo programma è stato compilato senza i file di Bootstrap Italia:\n"+
			"le pagine non avranno stile. Eseguire scripts/assets.sh prima di go build.")
	}
	first, err := srv.Auth.Bootstrap(ctx, *org)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa serve:", domain.ErrorMessage(err))
		return 2
	}
	if first != nil {
		fmt.Fprintf(e.stdout, "Primo avvio: creato l'amministratore «%s» dell'ente «%s».\n", first.User.Name, first.Organization.Name)
		fmt.Fprintf(e.stdout, "Password monouso: %s\n", first.Password)
		fmt.Fprintln(e.stdout, "Annotarla ora: non sarà più mostrata, e al primo accesso va cambiata.")
		fmt.Fprintln(e.stdout, "(Se si perde: performa user passwd admin.)")
	}
	go purgeSessions(ctx, st, logger)
	err = srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		fmt.Fprintf(e.stdout, "performa in ascolto su http://%s (Ctrl+C per fermare)\n", displayAddr(a))
	})
	if err != nil {
		fmt.Fprintln(e.stderr, "performa serve:", err)
		return 2
	}
	return 0
}

// purgeSessions deletes expired sessions every hour while serving.
func purgeSessions(ctx context.Context, st *store.Store, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := st.PurgeSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			logger.Warn("sessioni scadute non cancellate", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// displayAddr turns ":8080" (all interfaces) into something to click.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
