package sampleapp

import (
	"encoding/json"
	"net/http"
	"os"
)

// addProbes adds the endpoints tests use to see what the process sees:
// /headers (the request headers, as JSON), /env?name=X (the value of X in
// the process's environment, 404 when unset) and /read?path=P (200 when
// the process can read P, 403 with the error when it cannot).
func addProbes(mux *http.ServeMux) {
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(r.Header)
	})
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
		v, ok := os.LookupEnv(r.URL.Query().Get("name"))
		if !ok {
			http.Error(w, "unset", http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(v))
	})
	mux.HandleFunc("/read", func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.ReadFile(r.URL.Query().Get("path")); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte("readable"))
	})
}
