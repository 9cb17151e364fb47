package parley

import (
	"errors"
	"fmt"
)

// Error codes. The first group is the visitor protocol's `error.code` values;
// the second is used between packages and mapped to transports (HTTP status,
// protocol code) at the edges.
const (
	EBADFRAME     = "bad_frame"
	ETOOLARGE     = "too_large"
	ERATELIMITED  = "rate_limited"
	EUNAUTHORIZED = "unauthorized"
	EIDENTITY     = "identity_rejected"
	ENOTFOUND     = "not_found"
	EINTERNAL     = "internal"
	ECONFLICT     = "conflict"
	EINVALID      = "invalid"
	EFORBIDDEN    = "forbidden"
	EUNAVAILABLE  = "unavailable"
)

// Error is an error whose code and message may be shown to a client.
// Any other error is internal: logged, and shown only as "Internal error.".
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("parley: %s: %s", e.Code, e.Message) }

// Is lets errors.Is(err, &Error{Code: X}) match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound matches (with errors.Is) every not_found error.
var ErrNotFound = &Error{Code: ENOTFOUND}

// ErrConflict matches (with errors.Is) every conflict error.
var ErrConflict = &Error{Code: ECONFLICT}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
