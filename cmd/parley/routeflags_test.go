package main

import (
	"strings"
	"testing"
	"time"
)

func TestRouteFlags(t *testing.T) {
	c, err := parseTest(t, nil, map[string]string{"PARLEY_ROUTE_LANGUAGE_WAIT": "45s", "PARLEY_ROUTE_ACCEPT_REQUIRED": "true"})
	if err != nil {
		t.Fatal(err)
	}
	if c.RouteLanguageWait != 45*time.Second || !c.RouteAcceptRequired || acceptTimeout(c) != 30*time.Second || c.RoutePace != 10*time.Second {
		t.Errorf("route settings %+v", c)
	}
	if d, _ := parseTest(t, nil, nil); acceptTimeout(d) != 0 || d.RouteLanguageWait != 2*time.Minute {
		t.Errorf("defaults: accept timeout %s, language wait %s", acceptTimeout(d), d.RouteLanguageWait)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--route-pace", "-1s"}, "--route-pace"},
		{[]string{"--route-language-wait", "-2m"}, "--route-language-wait"},
		{[]string{"--route-accept-required", "--route-accept-timeout", "0s"}, "--route-accept-timeout"},
	} {
		if _, err := parseTest(t, tt.args, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err %v, want it to name %s", tt.args, err, tt.want)
		}
	}
}
