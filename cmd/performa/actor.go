package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
)

// Who runs a command, for the record. Every command that changes the store
// names a person: --by NOME, a user of the ente, else the operating
// system's user running performa. The audit log keeps the user's sign-in
// name; validations and sign-offs also keep the person's full name (the
// store finds it). This file is the one place that decides it.

// byFlag adds --by to a command.
func byFlag(fs *flag.FlagSet) *string {
	return fs.String("by", "", "chi esegue: il `NOME` utente di una persona dell'ente (predefinito: l'utente del sistema operativo)")
}

// osUser is the operating system's user running performa, "" if unknown.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\`); i >= 0 { // DOMAIN\name on Windows
			name = name[i+1:]
		}
		return name
	}
	for _, v := range []string{"USER", "LOGNAME"} {
		if n := os.Getenv(v); n != "" {
			return n
		}
	}
	return ""
}

// actorMode says how strict actorOf is with a name that is no user.
type actorMode int

const (
	// asUser: the name must be a user of the organization holding one of
	// the roles, once the organization has users at all.
	asUser actorMode = iota
	// asOperator: any name is recorded; a user's name acts as that user.
	// For the commands that must work to recover a lost administrator's
	// password (user, token).
	asOperator
)

// actor is who a command acts as.
type actor struct {
	Name string       // recorded as the actor: a user's sign-in name, or the name as given
	User *domain.User // nil when the name is no user of the organization
}

// Label is the person as an output line names them.
func (a actor) Label() string {
	if a.User != nil && a.User.FullName != "" {
		return a.User.FullName + " (" + a.User.Name + ")"
	}
	return a.Name
}

// actorOf says who runs a command for the organization orgID (0: it does
// not exist yet): by, else the operating system's user. In asUser mode the
// name must be an enabled user of the organization holding one of roles
// (any role when none is given); an organization without users yet (a
// fresh archive, before «performa serve» or «performa user add») records
// the name as given. Errors: EINVALID when there is no name or it is no
// user (exit 2), EFORBIDDEN when the user may not do this (exit 1).
func actorOf(ctx context.Context, e *env, st *store.Store, orgID int64, by string, mode actorMode, roles ...domain.Role) (actor, error) {
	name := domain.NormalizeUserName(by)
	if name == "" && e.user != nil {
		name = domain.NormalizeUserName(e.user())
	}
	if name == "" {
		return actor{}, domain.Errorf(domain.EINVALID, "indica chi esegue con --by NOME (un utente dell'ente).")
	}
	a := actor{Name: name}
	if orgID == 0 {
		return a, nil
	}
	u, err := st.UserByName(ctx, orgID, name)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if mode == asOperator {
			return a, nil
		}
		users, err := st.Users(ctx, orgID)
		if err != nil {
			return actor{}, err
		}
		if len(users) == 0 {
			return a, nil
		}
		return actor{}, domain.Errorf(domain.EINVALID,
			"«%s» non è un utente dell'ente: indica chi esegue con --by NOME (utenti: «performa user list»).", name)
	case err != nil:
		return actor{}, err
	}
	a.User = u
	if mode == asOperator {
		return a, nil
	}
	if u.Disabled {
		return actor{}, domain.Errorf(domain.EFORBIDDEN, "l'utente «%s» è disattivato.", u.Name)
	}
	if len(roles) > 0 && !hasRole(u, roles) {
		var labels []string
		for _, r := range roles {
			labels = append(labels, r.Label())
		}
		return actor{}, domain.Errorf(domain.EFORBIDDEN, "%s è %s: questa operazione spetta a: %s.",
			a.Label(), u.Role.Label(), strings.Join(labels, ", "))
	}
	return a, nil
}

func hasRole(u *domain.User, roles []domain.Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// exitCode is the exit status of a command that failed with err: 1 when
// the store refused the action (the state forbids it, or the person may
// not), 2 when the input was unusable.
func exitCode(err error) int {
	switch domain.ErrorCode(err) {
	case domain.ECONFLICT, domain.EFORBIDDEN:
		return 1
	}
	return 2
}

// fail prints why a command failed and returns its exit status.
func fail(e *env, cmd string, err error) int {
	fmt.Fprintf(e.stderr, "performa %s: %s\n", cmd, domain.ErrorMessage(err))
	if domain.ErrorCode(err) == domain.EINTERNAL {
		fmt.Fprintln(e.stderr, "dettaglio:", err)
	}
	return exitCode(err)
}
