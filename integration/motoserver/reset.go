package motoserver

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// resetTimeout bounds one reset request.
const resetTimeout = 10 * time.Second

// Reset empties every moto backend (POST /moto-api/reset), so the next test
// starts from a fresh account.
func (s *Server) Reset(tb testing.TB) {
	tb.Helper()
	if err := s.reset(); err != nil {
		tb.Fatalf("reset %s: %v\n%s", Binary, err, s.Tail())
	}
}

func (s *Server) reset() error {
	client := &http.Client{Timeout: resetTimeout}
	resp, err := client.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("POST /moto-api/reset: %s: %s", resp.Status, body)
	}
	return nil
}
