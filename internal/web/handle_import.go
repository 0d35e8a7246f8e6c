package web

import "net/http"

// handleImport will take a workbook, show the check report and store the
// plan on confirmation.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "placeholder.html", s.newPage(r, "Importa", "/importa",
		"Qui si caricherà il foglio di calcolo del piano: performa mostrerà il rapporto di controllo e salverà il piano solo dopo la conferma. Per ora: performa import FILE da riga di comando."))
}
