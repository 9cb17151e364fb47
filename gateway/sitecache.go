package gateway

import (
	"context"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// siteCache keeps sites for a short TTL so that each connection does not cost
// a query; settings changes reach every node within the TTL.
type siteCache struct {
	store Store
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	sites map[string]cachedSite
}

type cachedSite struct {
	site parley.Site
	at   time.Time
}

func newSiteCache(s Store, ttl time.Duration, now func() time.Time) *siteCache {
	return &siteCache{store: s, ttl: ttl, now: now, sites: make(map[string]cachedSite)}
}

func (c *siteCache) get(ctx context.Context, key string) (parley.Site, error) {
	c.mu.Lock()
	cs, ok := c.sites[key]
	c.mu.Unlock()
	if ok && c.now().Sub(cs.at) < c.ttl {
		return cs.site, nil
	}
	site, err := c.store.SiteByKey(ctx, key)
	if err != nil {
		return parley.Site{}, err
	}
	c.mu.Lock()
	if len(c.sites) > 10000 { // unbounded keys would be a memory leak
		clear(c.sites)
	}
	c.sites[key] = cachedSite{site: site, at: c.now()}
	c.mu.Unlock()
	return site, nil
}
