package web

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestIconsListed checks that every icon the pages name is in icons.txt,
// the list scripts/assets.sh copies into the sprite performa serves, and,
// when the assets were copied, in that sprite.
func TestIconsListed(t *testing.T) {
	data, err := os.ReadFile("icons.txt")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			listed[l] = true
		}
	}
	used := map[string]string{} // icon → where
	spriteRe := regexp.MustCompile(`sprite "([a-z0-9-]+)"`)
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		for _, m := range spriteRe.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range statuses {
		used[st.Icon] = "format.go"
	}
	if len(used) == 0 {
		t.Fatal("no icon found in the templates")
	}
	sprite, spriteErr := staticFS.ReadFile("static/" + spritesSVG)
	for icon, where := range used {
		if !listed[icon] {
			t.Errorf("%s uses the icon %q, missing from icons.txt", where, icon)
		}
		if spriteErr == nil && !strings.Contains(string(sprite), `id="it-`+icon+`"`) {
			t.Errorf("%s uses the icon %q, missing from %s: run scripts/assets.sh", where, icon, spritesSVG)
		}
	}
	for icon := range listed {
		if used[icon] == "" {
			t.Errorf("icons.txt lists %q, which no page uses", icon)
		}
	}
}
