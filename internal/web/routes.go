package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

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
	// maxBody bounds the request body (0: maxFormBody).
	maxBody int64
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
		{pattern: "GET /profilo/token", rule: signedIn, handler: s.handleTokens},
		{pattern: "POST /profilo/token/{token}/revoca", rule: signedIn, handler: s.handleTokenRevoke},

		// Pages.
		{pattern: "GET /{$}", rule: signedIn, handler: s.handleDashboard},
		{pattern: "GET /piano", rule: signedIn, handler: s.handlePlan},
		{pattern: "GET /piano/obiettivi/{objective}", rule: signedIn, handler: s.handleObjective},
		{pattern: "GET /piano/confronto", rule: signedIn, handler: s.handleDiff},
		{pattern: "GET /piano/obiettivi/{objective}/modifica", rule: managerOfObjective("objective"), handler: s.handleObjectiveForm},
		{pattern: "POST /piano/obiettivi/{objective}/modifica", rule: managerOfObjective("objective"), handler: s.handleObjectiveSave},
		{pattern: "GET /piano/indicatori/{indicator}/modifica", rule: managerOfIndicator("indicator"), handler: s.handleIndicatorForm},
		{pattern: "POST /piano/indicatori/{indicator}/modifica", rule: managerOfIndicator("indicator"), handler: s.handleIndicatorSave},
		{pattern: "GET /piano/unita/{unit}/obiettivi/nuovo", rule: managerOfUnit("unit"), handler: s.handleObjectiveNewForm},
		{pattern: "POST /piano/unita/{unit}/obiettivi/nuovo", rule: managerOfUnit("unit"), handler: s.handleObjectiveNew},
		{pattern: "GET /piano/obiettivi/{objective}/indicatori/nuovo", rule: managerOfObjective("objective"), handler: s.handleIndicatorNewForm},
		{pattern: "POST /piano/obiettivi/{objective}/indicatori/nuovo", rule: managerOfObjective("objective"), handler: s.handleIndicatorNew},
		{pattern: "GET /piano/obiettivi/{objective}/elimina", rule: managerOfObjective("objective"), handler: s.handleObjectiveRemoveForm},
		{pattern: "POST /piano/obiettivi/{objective}/elimina", rule: managerOfObjective("objective"), handler: s.handleObjectiveRemove},
		{pattern: "GET /piano/indicatori/{indicator}/elimina", rule: managerOfIndicator("indicator"), handler: s.handleIndicatorRemoveForm},
		{pattern: "POST /piano/indicatori/{indicator}/elimina", rule: managerOfIndicator("indicator"), handler: s.handleIndicatorRemove},
		{pattern: "GET /monitoraggio", rule: managerOrAdmin, handler: s.handleMonitoring},
		{pattern: "GET /monitoraggio/unita/{unit}", rule: managerOfUnit("unit"), handler: s.handleMonitoringUnit},
		{pattern: "POST /monitoraggio/unita/{unit}", rule: managerOfUnit("unit"), handler: s.handleMonitoringUnitSave},
		{pattern: "GET /validazione", rule: evaluatorOrAdmin, handler: s.handleValidation},
		{pattern: "POST /validazione/chiusura", rule: evaluatorOrAdmin, handler: s.handleSignOff},
		{pattern: "GET /validazione/unita/{unit}", rule: evaluatorOrAdmin, handler: s.handleValidationUnit},
		{pattern: "POST /validazione/unita/{unit}", rule: evaluatorOrAdmin, handler: s.handleValidationUnitSave},
		{pattern: "GET /documenti", rule: signedIn, handler: s.handleDocuments},
		{pattern: "GET /documenti/{document}", rule: signedIn, handler: s.handleDocument}, // the internal edition: internalEdition
		{pattern: "GET /piano/esporta", rule: signedIn, handler: s.handlePlanExport},
		{pattern: "GET /importa", rule: adminOnly, handler: s.handleImport},
		{pattern: "POST /importa", rule: adminOnly, handler: s.handleImportUpload, maxBody: maxUpload},
		{pattern: "GET /importa/{upload}", rule: adminOnly, handler: s.handleImportReport},
		{pattern: "POST /importa/{upload}/conferma", rule: adminOnly, handler: s.handleImportConfirm},
		{pattern: "POST /importa/{upload}/annulla", rule: adminOnly, handler: s.handleImportCancel},
		{pattern: "GET /registro", rule: evaluatorOrAdmin, handler: s.handleAudit},
		{pattern: "GET /personale", rule: staffViewers, handler: s.handleStaff},
		{pattern: "POST /personale", rule: staffViewers, handler: s.handleStaffCreate},
		{pattern: "GET /personale/{matricola}", rule: signedIn, handler: s.handleScheda},
		{pattern: "POST /personale/{matricola}", rule: signedIn, handler: s.handleSchedaAction},
		{pattern: "GET /personale/{matricola}/pdf", rule: signedIn, handler: s.handleSchedaPDF},
		{pattern: "GET /la-mia-scheda", rule: person, handler: s.handleMyScheda},
		{pattern: "GET /premi", rule: adminOrPerson, handler: s.handleRewards},
		{pattern: "POST /premi", rule: adminOnly, handler: s.handleRewardsSave},
		{pattern: "GET /premi/foglio", rule: adminOnly, handler: s.handleRewardsXLSX},
		{pattern: "GET /amministrazione", rule: adminOnly, handler: s.handleAdmin},
		{pattern: "GET /amministrazione/ciclo", rule: adminOnly, handler: s.handleCycle},
		{pattern: "POST /amministrazione/ciclo/versioni/{version}/approva", rule: adminOnly, handler: s.handleApproveVersion},
		{pattern: "POST /amministrazione/ciclo/{cycle}/variazione", rule: adminOnly, handler: s.handleVariation},
		{pattern: "POST /amministrazione/ciclo/{cycle}/stato", rule: adminOnly, handler: s.handleCycleStatus},
		{pattern: "POST /amministrazione/ciclo/{cycle}/riapertura", rule: adminOnly, handler: s.handleReopenYear},
		{pattern: "GET /amministrazione/utenti", rule: adminOnly, handler: s.handleUsers},
		{pattern: "POST /amministrazione/utenti", rule: adminOnly, handler: s.handleUserAdd},
		{pattern: "GET /amministrazione/utenti/{user}", rule: adminOnly, handler: s.handleUserForm},
		{pattern: "POST /amministrazione/utenti/{user}", rule: adminOnly, handler: s.handleUserEdit},
		{pattern: "POST /amministrazione/utenti/{user}/password", rule: adminOnly, handler: s.handleUserPasswordReset},
		{pattern: "POST /amministrazione/utenti/{user}/sblocca", rule: adminOnly, handler: s.handleUserUnlock},

		// Amministrazione trasparente › Performance: what is published, for
		// anyone, without a session (handle_public.go, handle_opendata.go).
		{pattern: "GET /trasparenza", rule: public, handler: s.handleTransparencyIndex, anonymous: true},
		{pattern: "GET /trasparenza/{$}", rule: public, handler: s.handleTransparencyIndex, anonymous: true},
		{pattern: "GET /trasparenza/{ente}", rule: public, handler: s.handleTransparencyRedirect, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/{$}", rule: public, handler: s.handleTransparency, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/piano/{anno}", rule: public, handler: s.handlePublicPlan, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/piano/{anno}/pdf", rule: public, handler: s.handlePublicPDF(domain.PublishPiano), anonymous: true},
		{pattern: "GET /trasparenza/{ente}/relazione/{anno}", rule: public, handler: s.handlePublicResults, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/relazione/{anno}/pdf", rule: public, handler: s.handlePublicPDF(domain.PublishRelazione), anonymous: true},
		{pattern: "GET /trasparenza/{ente}/premi/{anno}", rule: public, handler: s.handlePublicPremi, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/premi/{anno}/pdf", rule: public, handler: s.handlePublicPDF(domain.PublishPremi), anonymous: true},
		{pattern: "GET /trasparenza/{ente}/dati/{$}", rule: public, handler: s.handleOpenData, anonymous: true},
		{pattern: "GET /trasparenza/{ente}/dati/{file}", rule: public, handler: s.handleOpenDataFile, anonymous: true},
		{pattern: "GET /amministrazione/pubblicazione", rule: adminOnly, handler: s.handlePublication},
		{pattern: "POST /amministrazione/pubblicazione", rule: adminOnly, handler: s.handlePublicationSave},

		// JSON API (docs: GET /api/v1/openapi.json).
		{pattern: "GET /api/v1/openapi.json", rule: public, handler: s.handleOpenAPI},
		{pattern: "GET /api/v1/plans", rule: signedIn, handler: s.handleAPIPlans},
		{pattern: "POST /api/v1/plans", rule: adminOnly, handler: s.handleAPIImport, maxBody: maxUpload},
		{pattern: "GET /api/v1/plans/{id}", rule: signedIn, handler: s.handleAPIPlan},
		{pattern: "GET /api/v1/plans/{id}/measurements", rule: signedIn, handler: s.handleAPIMeasurements},
		{pattern: "GET /api/v1/plans/{id}/scores", rule: signedIn, handler: s.handleAPIScores},
		{pattern: "POST /api/v1/indicators/{indicator}/measurements", rule: managerOfIndicator("indicator"), handler: s.handleAPIAddMeasurement},
		{pattern: "POST /api/v1/objectives/{objective}/validations", rule: evaluatorOrAdmin, handler: s.handleAPIAddValidation},
		{pattern: "POST /api/v1/objectives/{objective}/confirmations", rule: evaluatorOrAdmin, handler: s.handleAPIConfirm},
		{pattern: "POST /api/v1/objectives/{objective}/neutralisations", rule: evaluatorOrAdmin, handler: s.handleAPINeutralise},
		{pattern: "POST /api/v1/plans/{id}/signoffs", rule: evaluatorOrAdmin, handler: s.handleAPISignOff},
		{pattern: "POST /api/v1/plans/{id}/reopenings", rule: adminOnly, handler: s.handleAPIReopen},
		{pattern: "POST /api/v1/units/{unit}/objectives", rule: managerOfUnit("unit"), handler: s.handleAPIAddObjective},
		{pattern: "PATCH /api/v1/objectives/{objective}", rule: managerOfObjective("objective"), handler: s.handleAPIUpdateObjective},
		{pattern: "DELETE /api/v1/objectives/{objective}", rule: managerOfObjective("objective"), handler: s.handleAPIRemoveObjective},
		{pattern: "POST /api/v1/objectives/{objective}/indicators", rule: managerOfObjective("objective"), handler: s.handleAPIAddIndicator},
		{pattern: "PATCH /api/v1/indicators/{indicator}", rule: managerOfIndicator("indicator"), handler: s.handleAPIUpdateIndicator},
		{pattern: "DELETE /api/v1/indicators/{indicator}", rule: managerOfIndicator("indicator"), handler: s.handleAPIRemoveIndicator},
		{pattern: "GET /api/v1/schede", rule: signedIn, handler: s.handleAPISchede},
		{pattern: "POST /api/v1/schede", rule: signedIn, handler: s.handleAPISchedaAction},
		{pattern: "GET /api/v1/schede/{matricola}", rule: signedIn, handler: s.handleAPIScheda},
		{pattern: "POST /api/v1/schede/{matricola}/ratings", rule: signedIn, handler: s.handleAPISchedaAction},
		{pattern: "POST /api/v1/schede/{matricola}/steps", rule: signedIn, handler: s.handleAPISchedaAction},
		{pattern: "POST /api/v1/schede/{matricola}/evaluator", rule: adminOnly, handler: s.handleAPISchedaAction},
		{pattern: "GET /api/v1/rewards", rule: adminOrPerson, handler: s.handleAPIRewards},
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
