package web

import "testing"

// TestPublicCacheBudget: the public answers are bounded in bytes, the
// least recently used dropped first (it kept 256 answers of any size).
func TestPublicCacheBudget(t *testing.T) {
	var c publicCache
	big := make([]byte, publicCacheBytes/3+1)
	c.put("a", publicAnswer{body: big})
	c.put("b", publicAnswer{body: big})
	if _, ok := c.get("a"); !ok { // a is now the more recent
		t.Fatal("a dropped too early")
	}
	c.put("c", publicAnswer{body: big})
	if _, ok := c.get("b"); ok {
		t.Error("b, the least recently used, was kept beyond the budget")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s dropped", k)
		}
	}
	if c.bytes > publicCacheBytes || c.bytes != 2*len(big) {
		t.Errorf("%d bytes kept, budget %d", c.bytes, publicCacheBytes)
	}
}
