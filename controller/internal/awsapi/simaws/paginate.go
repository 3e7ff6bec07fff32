package simaws

import (
	"encoding/base64"
	"errors"
	"sort"
	"strings"
)

var errBadToken = errors.New("invalid pagination token")

// paginate returns the page of items that follows token, at most limit
// items (limit <= 0: all), and the token for the next page ("" when this is
// the last). items must be sorted by key, ascending and unique. A token
// holds the key of the last item returned, so resources created or deleted
// between pages never make a page repeat or skip a survivor. scope ties a
// token to one operation.
func paginate[T any](items []T, key func(T) string, scope, token string, limit int) ([]T, string, error) {
	start := 0
	if token != "" {
		last, err := decodeToken(scope, token)
		if err != nil {
			return nil, "", err
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > last })
	}
	rest := items[start:]
	if limit <= 0 || len(rest) <= limit {
		return rest, "", nil
	}
	page := rest[:limit]
	return page, encodeToken(scope, key(page[len(page)-1])), nil
}

func encodeToken(scope, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(scope + "\x00" + key))
}

func decodeToken(scope, token string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", errBadToken
	}
	got, key, ok := strings.Cut(string(raw), "\x00")
	if !ok || got != scope {
		return "", errBadToken
	}
	return key, nil
}

// pageLimit validates a requested page size: nil gives def, out of [1, max]
// is an error.
func pageLimit(requested *int32, def, max int) (int, bool) {
	if requested == nil {
		return def, true
	}
	n := int(*requested)
	return n, n >= 1 && n <= max
}
