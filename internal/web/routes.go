package web

import "net/http"

// route is one entry of the route table: a ServeMux pattern (method and
// path), the rule deciding who may use it, and its handler.
type route struct {
	pattern string
	rule    rule
	handler http.HandlerFunc
	// beforePasswordChange lets a user holding a one-time password through:
	// every other page sends them to change it first.
	beforePasswordChange bool
	// anonymous routes never look at who asks: static files and the health
	// check cost no session lookup.
	anonymous bool
}

// routeTable is every route of performa, with its rule: the one place that
// decides who may do what. A route registered without a rule refuses
// everyone, and TestRouteRoles (which walks every route × every role)
// fails until its rule and its expected outcome are written down.
func (s *Server) routeTable() []route {
	return []route{
		// Infrastructure.
		{pattern: "GET /healthz", rule: public, handler: s.handleHealth, anonymous: true},
		{pattern: "GET /static/", rule: public, handler: s.handleStatic, anonymous: true},
		{pattern: "GET /", rule: public, handler: s.handleNotFound, beforePasswordChange: true},

		// Signing in and out, one's own password.
		{pattern: "GET /accedi", rule: public, handler: s.handleSignInForm, beforePasswordChange: true},
		{pattern: "POST /accedi", rule: public, handler: s.handleSignIn, beforePasswordChange: true},
		{pattern: "POST /esci", rule: signedIn, handler: s.handleSignOut, beforePasswordChange: true},
		{pattern: "GET /profilo/password", rule: signedIn, handler: s.handlePasswordForm, beforePasswordChange: true},
		{pattern: "POST /profilo/password", rule: signedIn, handler: s.handlePassword, beforePasswordChange: true},

		// Pages.
		{pattern: "GET /{$}", rule: signedIn, handler: s.handleDashboard},
		{pattern: "GET /piano", rule: signedIn, handler: s.handlePlan},
		{pattern: "GET /monitoraggio", rule: managerOrAdmin, handler: s.handleMonitoring},
		{pattern: "GET /monitoraggio/unita/{unit}", rule: managerOfUnit("unit"), handler: s.handleMonitoringUnit},
		{pattern: "GET /validazione", rule: evaluatorOrAdmin, handler: s.handleValidation},
		{pattern: "GET /importa", rule: adminOnly, handler: s.handleImport},
		{pattern: "GET /amministrazione/utenti", rule: adminOnly, handler: s.handleUsers},
		{pattern: "POST /amministrazione/utenti", rule: adminOnly, handler: s.handleUserAdd},
		{pattern: "GET /amministrazione/utenti/{user}", rule: adminOnly, handler: s.handleUserForm},
		{pattern: "POST /amministrazione/utenti/{user}", rule: adminOnly, handler: s.handleUserEdit},
		{pattern: "POST /amministrazione/utenti/{user}/password", rule: adminOnly, handler: s.handleUserPasswordReset},

		// JSON API (docs: GET /api/v1/openapi.json).
		{pattern: "GET /api/v1/openapi.json", rule: public, handler: s.handleOpenAPI},
		{pattern: "GET /api/v1/plans", rule: signedIn, handler: s.handleAPIPlans},
		{pattern: "GET /api/v1/plans/{id}", rule: signedIn, handler: s.handleAPIPlan},
	}
}

// RouteInfo describes a registered route, for tests and documentation.
type RouteInfo struct {
	Pattern string // "GET /piano"
	Rule    string // "signed-in"
}

// Routes lists every registered route with its rule's name.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, rt := range s.routes {
		out[i] = RouteInfo{rt.pattern, rt.rule.name}
	}
	return out
}
