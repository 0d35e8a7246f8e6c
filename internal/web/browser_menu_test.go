package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMenu: on a small screen the main menu folds behind its button
// (performa.js): it opens with the focus inside it, is accessible open,
// and closes with Escape, the focus back on the button.
func TestBrowserMenu(t *testing.T) {
	ctx := tab(t)
	f := seedFixture(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, f, "admin", password(admin))
	toggle := `button[data-bs-target="#menu-principale"]`
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(toggle)),
		chromedp.Click(chromedp.CSS(toggle)),
		chromedp.WaitVisible(chromedp.CSS(`#menu-principale.expanded .navbar-nav a`)),
		chromedp.Sleep(400*time.Millisecond), // the slide-in transition
	); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[
			document.querySelector('#menu-principale').classList.contains('expanded'),
			document.querySelector('`+toggle+`').getAttribute('aria-expanded'),
			document.querySelector('#menu-principale').contains(document.activeElement)].join(' ')`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := state(); got != "true true true" {
		t.Errorf("open menu: expanded, aria-expanded, focus inside = %s", got)
	}
	axeCheck(t, ctx, "open menu")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b"), chromedp.Sleep(400*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != "false false false" {
		t.Errorf("after Escape: %s", got)
	}
	onToggle, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector('`+toggle+`')`))
	if err != nil || !onToggle {
		t.Errorf("after Escape the focus is not on the menu button (%v)", err)
	}
}
