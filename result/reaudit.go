package result

import "time"

// Reaudit describes a run made since an earlier one (granska audit
// --since): pages whose HTML and every resource they loaded were unchanged
// kept their earlier outcomes (Page.Reused).
type Reaudit struct {
	// Since is the ID (RunID) of the run compared with.
	Since string `json:"since"`
	// Full is true when every page was audited afresh; Reason says why
	// (the engine or the rules changed, the Nth run, asked for).
	Full   bool   `json:"full"`
	Reason string `json:"reason,omitempty"`
	// Incremental counts the runs since the last full one, this one
	// included; 0 for a full run.
	Incremental int `json:"incremental"`
	// Reused and Audited count the pages.
	Reused  int `json:"reused"`
	Audited int `json:"audited"`
}

// Reused says where a page's outcomes come from.
type Reused struct {
	// From is the ID (RunID) of the run that measured the outcomes: the
	// run compared with, or the run it had them from in turn.
	From string `json:"from"`
	// Checked says how the page was found unchanged: "validators" when the
	// server answered every conditional request with 304 Not Modified,
	// "hashes" when at least one body had to be hashed.
	Checked string `json:"checked"`
}

// RunID identifies a run: its start time, in UTC to the nanosecond.
func (r *Run) RunID() string { return r.Started.UTC().Format(time.RFC3339Nano) }
