package auth

import (
	"sync"
	"time"
)

// Throttle counts failed sign-ins per key (a user, an IP address) in a
// fixed window and refuses further attempts for a key that reached the
// limit, until its window ends.
//
// It lives in memory, not in the store: checking it costs no database
// write on the sign-in path (SQLite has a single writer), an attacker's
// failures cannot grow a table, and no row would lack the organization
// key (an address belongs to no organization). The price: the counts reset
// when performa restarts, and each process of a multi-instance deployment
// counts on its own, so the effective limit is multiplied by the number of
// instances. Each guess also costs an argon2id hash, which bounds the rate
// anyway.
//
// A throttle made by NewSlowdown does not lock a key out: past the limit it
// lets one attempt through every interval. That is the throttle of an
// address, which a whole office behind NAT may share.
type Throttle struct {
	limit  int
	window time.Duration
	slow   time.Duration // past the limit, one attempt every slow (0: none until the window ends)
	now    func() time.Time

	mu      sync.Mutex
	entries map[string]*throttleEntry
}

type throttleEntry struct {
	failures int
	start    time.Time
	last     time.Time // of the last failure
}

// maxThrottleEntries bounds the memory a flood of distinct keys can take:
// past it, expired entries are swept, and if none expired the oldest half
// goes.
const maxThrottleEntries = 100_000

// NewThrottle allows limit failures per key in each window.
func NewThrottle(limit int, window time.Duration) *Throttle {
	return &Throttle{limit: limit, window: window, now: time.Now, entries: map[string]*throttleEntry{}}
}

// NewSlowdown allows limit failures per key in each window, and past them
// one attempt every interval until the window ends.
func NewSlowdown(limit int, window, interval time.Duration) *Throttle {
	t := NewThrottle(limit, window)
	t.slow = interval
	return t
}

// Blocked reports whether key reached its limit and, if so, for how long it
// stays blocked.
func (t *Throttle) Blocked(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if !ok {
		return false, 0
	}
	now := t.now()
	left := e.start.Add(t.window).Sub(now)
	if left <= 0 {
		delete(t.entries, key)
		return false, 0
	}
	if t.slow > 0 {
		wait := e.last.Add(t.slow).Sub(now)
		return e.failures >= t.limit && wait > 0, wait
	}
	return e.failures >= t.limit, left
}

// ResetBefore forgets key's failures if they were counted from before at:
// an administrator unlocked the key then.
func (t *Throttle) ResetBefore(key string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok && !at.Before(e.start) {
		delete(t.entries, key)
	}
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	e, ok := t.entries[key]
	if !ok || now.Sub(e.start) >= t.window {
		if len(t.entries) >= maxThrottleEntries {
			t.sweep(now)
		}
		e = &throttleEntry{start: now}
		t.entries[key] = e
	}
	e.failures++
	e.last = now
}

// Reset forgets key's failures: a user who signed in starts afresh.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}

func (t *Throttle) sweep(now time.Time) {
	var oldest time.Time
	for k, e := range t.entries {
		if now.Sub(e.start) >= t.window {
			delete(t.entries, k)
		} else if oldest.IsZero() || e.start.Before(oldest) {
			oldest = e.start
		}
	}
	if len(t.entries) < maxThrottleEntries {
		return
	}
	mid := oldest.Add(now.Sub(oldest) / 2)
	for k, e := range t.entries {
		if !e.start.After(mid) {
			delete(t.entries, k)
		}
	}
}
