package motoserver

import (
	"sync"
	"testing"
)

// Shared is one moto_server for a whole test package: the first test that
// asks starts it, every test gets it freshly reset, and TestMain stops it
// after m.Run. The zero value is ready to use.
//
//	var moto motoserver.Shared
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		moto.Stop()
//		os.Exit(code)
//	}
type Shared struct {
	once sync.Once
	srv  *Server
	stop func()
	err  error
}

// Server returns the package's server, reset for the calling test. It
// starts it on first use; when that fails every caller is skipped or failed
// as Use decides.
func (sh *Shared) Server(tb testing.TB) *Server {
	tb.Helper()
	sh.once.Do(func() { sh.srv, sh.stop, sh.err = StartMain() })
	s := Use(tb, sh.srv, sh.err)
	s.Reset(tb)
	return s
}

// Stop stops the server if it was started.
func (sh *Shared) Stop() {
	if sh.stop != nil {
		sh.stop()
	}
}
