package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/performa-pa/performa/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "serve [--db DSN] [--addr :8080]",
		"Avvia il server web: la pagina dei piani salvati e /healthz per il monitoraggio.\n"+
			"Si ferma con Ctrl+C.")
	db := dbFlag(fs)
	addr := fs.String("addr", ":8080", "`INDIRIZZO` e porta su cui ascoltare")
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
	err := srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		fmt.Fprintf(e.stdout, "performa in ascolto su http://%s (Ctrl+C per fermare)\n", displayAddr(a))
	})
	if err != nil {
		fmt.Fprintln(e.stderr, "performa serve:", err)
		return 2
	}
	return 0
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
