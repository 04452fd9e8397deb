package explore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"
)

// Serve serves one written page on addr (Handler) until the process is
// interrupted, saying where on say; an address that is not loopback only
// is said as a warning.
func Serve(addr string, page []byte, say func(string)) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return serve(ctx, addr, page, say)
}

// serve is Serve until ctx is done.
func serve(ctx context.Context, addr string, page []byte, say func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if !Loopback(addr) {
		say("warning: --addr " + addr + " is reachable from other machines; the page shows the system's inventory")
	}
	say("serving the page on http://" + ln.Addr().String() + "/ (read-only; interrupt to stop)")
	srv := &http.Server{Handler: Handler(page), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	err = srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return fmt.Errorf("serve: %w", err)
}
