package cli

import (
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// maxWriteAttempts bounds how often a request verb decides again after
// losing the check-and-set on the desired request to another writer.
const maxWriteAttempts = 10

// decideAndWrite reads the service's state, decides, and writes the
// desired request the decision asks for (nil: nothing) with check-and-set
// on the index it read. When another writer got there first it reads and
// decides again, so concurrent callers converge on one request.
func decideAndWrite[T any](e *env, svc string, decide func(serviceState) (T, *api.Desired)) (T, error) {
	var zero T
	for attempt := 0; attempt < maxWriteAttempts; attempt++ {
		st, err := e.state(e.ctx, svc)
		if err != nil {
			return zero, failed("read state", err)
		}
		dec, write := decide(st)
		if write == nil {
			return dec, nil
		}
		_, err = e.store.PutDesired(e.ctx, svc, write, st.DesiredIndex)
		if errors.Is(err, consulkv.ErrConflict) {
			e.log.DebugContext(e.ctx, "lost the desired request race; deciding again", "service", svc, "error", err)
			continue
		}
		if err != nil {
			return zero, failed("write "+api.KeyDesired(svc), err)
		}
		return dec, nil
	}
	return zero, failed("write "+api.KeyDesired(svc),
		fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}
