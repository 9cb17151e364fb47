package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/parley-chat/parley"
)

// status maps error codes to HTTP statuses.
var status = map[string]int{
	parley.EINVALID: http.StatusBadRequest, parley.EBADFRAME: http.StatusBadRequest,
	parley.EUNAUTHORIZED: http.StatusUnauthorized, parley.EFORBIDDEN: http.StatusForbidden,
	parley.ENOTFOUND: http.StatusNotFound, parley.ECONFLICT: http.StatusConflict,
	parley.ERATELIMITED: http.StatusTooManyRequests, parley.ETOOLARGE: http.StatusRequestEntityTooLarge,
	parley.EUNAVAILABLE: http.StatusServiceUnavailable, parley.EINTERNAL: http.StatusInternalServerError,
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers err; internal errors are logged, never shown.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := parley.ErrorCode(err)
	if code == parley.EINTERNAL {
		log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var b errorBody
	b.Error.Code, b.Error.Message = code, parley.ErrorMessage(err)
	st, ok := status[code]
	if !ok {
		st = http.StatusInternalServerError
	}
	writeJSON(w, st, b)
}

// respond writes v with status st, or err when there is one.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, err error, st int, v any) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, st, v)
}

// remove deletes what the path's param names with del, audits it as action
// and answers 204 No Content.
func (s *Server) remove(w http.ResponseWriter, r *http.Request, param, action string, del func(ctx context.Context, key string) error) {
	key := r.PathValue(param)
	if err := del(r.Context(), key); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, action, key, nil)
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, st int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	_ = json.NewEncoder(w).Encode(v)
}

// maxBody bounds request bodies: the API takes small JSON documents.
const maxBody = 1 << 20

// decode reads the request body as a T (readJSON); false when it has
// answered the error.
func decode[T any](s *Server, w http.ResponseWriter, r *http.Request) (T, bool) {
	var v T
	if err := readJSON(r, &v); err != nil {
		s.fail(w, r, err)
		return v, false
	}
	return v, true
}

// readJSON decodes a request body strictly: unknown fields and trailing
// data are errors that say what was wrong.
func readJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && ct != "application/json" && ct != "application/json; charset=utf-8" {
		return parley.Errorf(parley.EINVALID, "Content-Type must be application/json")
	}
	// No ResponseWriter to tell: the server discards or cuts what is left.
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var me *http.MaxBytesError
		switch {
		case errors.As(err, &me):
			return parley.Errorf(parley.ETOOLARGE, "request body is larger than %d bytes", me.Limit)
		case errors.Is(err, io.EOF):
			return parley.Errorf(parley.EINVALID, "request body is empty; send a JSON object")
		case errors.As(err, &se):
			return parley.Errorf(parley.EINVALID, "request body is not valid JSON (at byte %d)", se.Offset)
		case errors.As(err, &te):
			return parley.Errorf(parley.EINVALID, "field %q has the wrong type", te.Field)
		}
		return parley.Errorf(parley.EINVALID, "request body: %s", err.Error())
	}
	if dec.More() {
		return parley.Errorf(parley.EINVALID, "request body has data after the JSON object")
	}
	return nil
}
