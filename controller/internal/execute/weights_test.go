package execute_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func TestSetListenerWeights(t *testing.T) {
	f := newFixture(t)
	shift := reconcile.Action{
		Kind: reconcile.ActSetWeights, Listener: f.listener,
		Weights: map[string]int{f.blue: 90, f.green: 10}, ExpectWeights: map[string]int{f.blue: 100, f.green: 0},
	}
	f.mustApply(t, shift)
	truth := f.cloud.Truth()
	if got := truth.Listeners[f.listener]; !reflect.DeepEqual(got, map[string]int{f.blue: 90, f.green: 10}) {
		t.Fatalf("listener weights = %v", got)
	}
	if got := truth.Rules[f.rule]; !reflect.DeepEqual(got, map[string]int{f.blue: 100}) {
		t.Fatalf("rule touched: %v", got)
	}
	calls := f.calls(func() { f.mustApply(t, shift) })
	if calls["ModifyListener"] != 0 {
		t.Fatalf("re-apply wrote again: %v", calls)
	}
}

func TestSetWeightsDetectsForeignChange(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, reconcile.Action{Kind: reconcile.ActSetWeights, Listener: f.listener, Weights: map[string]int{f.blue: 50, f.green: 50}})
	next := reconcile.Action{
		Kind: reconcile.ActSetWeights, Listener: f.listener,
		Weights: map[string]int{f.blue: 0, f.green: 100}, ExpectWeights: map[string]int{f.blue: 90, f.green: 10},
	}
	var err error
	calls := f.calls(func() { _, err = f.apply(t, next) })
	if !errors.Is(err, execute.ErrPrecondition) {
		t.Fatalf("err = %v, want ErrPrecondition", err)
	}
	if calls["ModifyListener"] != 0 {
		t.Fatalf("wrote despite the conflict: %v", calls)
	}
	if got := f.cloud.Truth().Listeners[f.listener]; !reflect.DeepEqual(got, map[string]int{f.blue: 50, f.green: 50}) {
		t.Fatalf("weights = %v, want the other writer's 50/50", got)
	}
}

func TestSetRuleWeights(t *testing.T) {
	f := newFixture(t)
	shift := reconcile.Action{
		Kind: reconcile.ActSetWeights, Listener: f.listener, Rule: f.rule,
		Weights: map[string]int{f.blue: 0, f.green: 100}, ExpectWeights: map[string]int{f.blue: 100},
	}
	f.mustApply(t, shift, shift)
	truth := f.cloud.Truth()
	if got := truth.Rules[f.rule]; !reflect.DeepEqual(got, map[string]int{f.blue: 0, f.green: 100}) {
		t.Fatalf("rule weights = %v", got)
	}
	if got := truth.Listeners[f.listener]; !reflect.DeepEqual(got, map[string]int{f.blue: 100}) {
		t.Fatalf("listener touched: %v", got)
	}
}

func TestSameWeightsReadsMissingAsZero(t *testing.T) {
	if !execute.SameWeights(map[string]int{"a": 100}, map[string]int{"a": 100, "b": 0}) {
		t.Error("missing entry should read as 0")
	}
	if execute.SameWeights(map[string]int{"a": 100}, map[string]int{"a": 90, "b": 10}) {
		t.Error("different weights compared equal")
	}
}
