package scaling

import (
	"reflect"
	"slices"

	"github.com/asgctl/asgctl/controller/api"
)

// Changes is what makes a group carry the wanted configuration, every list
// sorted by name. The executor applies it in this order: put PutPolicies,
// and after each step or simple one its alarm (PutAlarmInput with the ARN
// the put returned); delete ResetActions, then put PutActions; delete
// last: DeletePolicies, DeleteAlarms, DeleteActions.
type Changes struct {
	// PutPolicies are the wanted policies the group lacks or carries in
	// another form.
	PutPolicies []Policy
	// DeletePolicies are policies the group carries and the spec does not
	// want.
	DeletePolicies []string
	// DeleteAlarms are the alarms of deleted step and simple policies, and
	// alarms a replaced policy used that the wanted one does not. An alarm
	// a wanted policy uses is never listed.
	DeleteAlarms []string
	// PutActions are the wanted scheduled actions the group lacks or
	// carries in another form.
	PutActions []api.ScheduledAction
	// ResetActions are the names of PutActions to delete before their put,
	// because a put keeps settings it does not state: the group's version
	// sets a size the wanted one leaves out, or cannot be expressed.
	ResetActions []string
	// DeleteActions are scheduled actions the group carries and the spec
	// does not want.
	DeleteActions []string
}

// Empty reports whether there is nothing to do.
func (c Changes) Empty() bool {
	return len(c.PutPolicies)+len(c.DeletePolicies)+len(c.DeleteAlarms)+
		len(c.PutActions)+len(c.ResetActions)+len(c.DeleteActions) == 0
}

// Diff lists what turns have into want; both describe the same group
// (Want and Have for it). The result is deterministic.
func Diff(want, have Config) Changes {
	want, have = canonConfig(want), canonConfig(have)
	var ch Changes
	ch.PutPolicies, ch.DeletePolicies, ch.DeleteAlarms = diffPolicies(want, have)
	ch.PutActions, ch.ResetActions, ch.DeleteActions = diffActions(want, have)
	return ch
}

func diffPolicies(want, have Config) (put []Policy, del, alarms []string) {
	current := map[string]Policy{}
	for _, p := range have.Policies {
		current[p.Name] = p
	}
	foreign := map[string]Foreign{}
	for _, f := range have.ForeignPolicies {
		foreign[f.Name] = f
	}
	wanted, keep := map[string]bool{}, map[string]bool{}
	for _, p := range want.Policies {
		wanted[p.Name], keep[p.AlarmName] = true, true
		h, ok := current[p.Name]
		if ok && reflect.DeepEqual(h, p) {
			continue
		}
		put = append(put, p)
		if ok && h.AlarmName != p.AlarmName {
			alarms = append(alarms, h.AlarmName)
		}
		alarms = append(alarms, foreign[p.Name].Alarms...)
	}
	for _, h := range have.Policies {
		if !wanted[h.Name] {
			del, alarms = append(del, h.Name), append(alarms, h.AlarmName)
		}
	}
	for _, f := range have.ForeignPolicies {
		if !wanted[f.Name] {
			del, alarms = append(del, f.Name), append(alarms, f.Alarms...)
		}
	}
	alarms = slices.DeleteFunc(alarms, func(a string) bool { return a == "" || keep[a] })
	return put, sortedUnique(del), sortedUnique(alarms)
}

func diffActions(want, have Config) (put []api.ScheduledAction, reset, del []string) {
	current := map[string]api.ScheduledAction{}
	for _, a := range have.Actions {
		current[a.Name] = a
	}
	wanted := map[string]bool{}
	for _, a := range want.Actions {
		wanted[a.Name] = true
		h, ok := current[a.Name]
		if ok && reflect.DeepEqual(h, a) {
			continue
		}
		put = append(put, a)
		if slices.Contains(have.ForeignActions, a.Name) || (ok && dropsSize(h, a)) {
			reset = append(reset, a.Name)
		}
	}
	for _, h := range have.Actions {
		if !wanted[h.Name] {
			del = append(del, h.Name)
		}
	}
	for _, name := range have.ForeignActions {
		if !wanted[name] {
			del = append(del, name)
		}
	}
	return put, sortedUnique(reset), sortedUnique(del)
}

// dropsSize reports whether want leaves out a size have sets.
func dropsSize(have, want api.ScheduledAction) bool {
	return (have.Min != nil && want.Min == nil) || (have.Max != nil && want.Max == nil) ||
		(have.Desired != nil && want.Desired == nil)
}

func sortedUnique(s []string) []string {
	s = sortedCopy(s)
	return slices.Compact(s)
}
