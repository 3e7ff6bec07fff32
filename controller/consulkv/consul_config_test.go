package consulkv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeToken writes a token file and returns its path.
func writeToken(t *testing.T, name, token string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConsulTokenPrecedence(t *testing.T) {
	cfgFile := writeToken(t, "cfg", "  from-cfg-file\n")
	envFile := writeToken(t, "env", "from-env-file")
	tests := []struct {
		name             string
		cfg              ConsulConfig
		envToken, envTok string // CONSUL_HTTP_TOKEN, CONSUL_HTTP_TOKEN_FILE
		want             string
	}{
		{"nothing: anonymous", ConsulConfig{}, "", "", ""},
		{"env token", ConsulConfig{}, "from-env", "", "from-env"},
		{"env file beats env token", ConsulConfig{}, "from-env", envFile, "from-env-file"},
		{"config token beats env", ConsulConfig{Token: "from-cfg"}, "from-env", envFile, "from-cfg"},
		{"config file beats config token", ConsulConfig{Token: "from-cfg", TokenFile: cfgFile}, "from-env", envFile, "from-cfg-file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CONSUL_HTTP_TOKEN", tc.envToken)
			t.Setenv("CONSUL_HTTP_TOKEN_FILE", tc.envTok)
			got, err := resolveToken(tc.cfg)
			if err != nil || got != tc.want {
				t.Fatalf("token = %q, %v; want %q", got, err, tc.want)
			}
			c, err := NewConsul(tc.cfg)
			if err != nil || c.token != tc.want {
				t.Fatalf("NewConsul: %v", err)
			}
		})
	}
}

func TestConsulBadTokenFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	empty := writeToken(t, "empty", " \n")
	for name, cfg := range map[string]ConsulConfig{
		"missing":   {TokenFile: missing},
		"directory": {TokenFile: dir},
		"empty":     {TokenFile: empty},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("CONSUL_HTTP_TOKEN", "would-be-fallback")
			_, err := NewConsul(cfg)
			if err == nil || !strings.Contains(err.Error(), cfg.TokenFile) || !strings.Contains(err.Error(), "token file") {
				t.Fatalf("NewConsul = %v; want an error naming the token file", err)
			}
		})
	}
	t.Run("missing env file", func(t *testing.T) {
		t.Setenv("CONSUL_HTTP_TOKEN_FILE", missing)
		if _, err := NewConsul(ConsulConfig{}); err == nil || !strings.Contains(err.Error(), missing) {
			t.Fatalf("NewConsul = %v; want an error naming %s", err, missing)
		}
	})
}

func TestConsulAddressFromEnv(t *testing.T) {
	t.Setenv("CONSUL_HTTP_ADDR", "127.0.0.1:1")
	c, err := NewConsul(ConsulConfig{})
	if err != nil || c.Address() != "127.0.0.1:1" {
		t.Fatalf("NewConsul = %v, %v", c, err)
	}
	c, err = NewConsul(ConsulConfig{Address: "127.0.0.1:2"})
	if err != nil || c.Address() != "127.0.0.1:2" {
		t.Fatalf("explicit address: %v, %v", c, err)
	}
	// Nothing listens on port 1: the error names the key, and is not
	// mistaken for an ACL or session problem.
	_, _, err = c.Get(context.Background(), "asgctl/x", nil)
	if err == nil || !strings.Contains(err.Error(), `consul get "asgctl/x"`) {
		t.Fatalf("Get from nowhere: %v", err)
	}
}
