package config

import (
	"reflect"
	"testing"
)

func TestCommandSubstitutes(t *testing.T) {
	c := &Config{BasePort: 9001, Argv: []string{"bin/web", "--port={port}", "--id", "w{index}-{port}"},
		Supervisor: Supervisor{Unit: "web@{index}.service"}}
	got := c.Command(3, "/rel/r9")
	want := []string{"/rel/r9/bin/web", "--port=9004", "--id", "w3-9004"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Command = %v, want %v", got, want)
	}
	if c.Argv[1] != "--port={port}" {
		t.Fatal("Command modified the template")
	}
	if got := c.Env(3); !reflect.DeepEqual(got, []string{"PORT=9004", "ASGCTL_PROCESS_INDEX=3"}) {
		t.Fatalf("Env = %v", got)
	}
	if got := c.Unit(3); got != "web@3.service" {
		t.Fatalf("Unit = %s", got)
	}
}

func TestCommandAbsoluteProgramKept(t *testing.T) {
	c := &Config{BasePort: 8000, Argv: []string{"/usr/bin/node", "server.js"}}
	if got := c.Command(0, "/rel/r1"); !reflect.DeepEqual(got, []string{"/usr/bin/node", "server.js"}) {
		t.Fatalf("Command = %v", got)
	}
}
