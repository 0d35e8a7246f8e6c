package domain

import (
	"errors"
	"fmt"
)

// Error codes. Each adapter maps them to its own world in one place (HTTP
// status codes, CLI exit codes).
const (
	ECONFLICT     = "conflict"     // the action conflicts with the current state
	EINTERNAL     = "internal"     // a bug or an unavailable dependency
	EINVALID      = "invalid"      // the input is not acceptable
	ENOTFOUND     = "not_found"    // the entity does not exist
	EUNAUTHORIZED = "unauthorized" // not signed in
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
)

// Error is an error whose Message is written for the person using performa,
// in Italian.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and an Italian message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so that no detail leaks to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Errore interno."
}
