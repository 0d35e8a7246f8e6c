package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	if code, _, errs := runCmd(t, "import", seedtest.Path(t), "--db", dsn); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, getenv: func(string) string { return "" }}
		done <- run(ctx, e, []string{"serve", "--db", dsn, "--addr", addr})
	}()
	var body string
	for i := 0; i < 100; i++ {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Nobody signed in: the sign-in page, with the ente's name.
	if !strings.Contains(body, "Accedi") || !strings.Contains(body, "Comune di Montepulciano") {
		t.Errorf("sign-in page: %.300s (stderr %s)", body, errs.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d: %s", code, errs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
	if !strings.Contains(out.String(), "performa in ascolto su http://"+addr) {
		t.Errorf("serve output: %q", out.String())
	}
	// The first start made the administrator of the imported ente and
	// printed its one-time password; the next start does not.
	if !strings.Contains(out.String(), "Primo avvio: creato l'amministratore «admin» dell'ente «Comune di Montepulciano».") ||
		oneTimeRE.FindStringSubmatch(out.String()) == nil {
		t.Errorf("first start: %q", out.String())
	}
}
