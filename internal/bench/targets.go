package bench

// Status is what checking a target found.
type Status int

// The statuses of a target: met, missed, or not checked (its cases did
// not run, or it does not apply to this run).
const (
	Met Status = iota
	Missed
	NotChecked
)

func (s Status) String() string {
	switch s {
	case Met:
		return "met"
	case Missed:
		return "missed"
	default:
		return "not checked"
	}
}

// Verdict is the outcome of one target: its status and the value measured
// (or why nothing was).
type Verdict struct {
	Status   Status
	Measured string
}

// Target is a goal that a run's results are checked against.
type Target struct {
	Name  string
	Check func(results []Result) Verdict
}

// Outcome is a target checked.
type Outcome struct {
	Target string
	Verdict
}

// Evaluate checks the results against each target, in order.
func Evaluate(targets []Target, results []Result) []Outcome {
	out := make([]Outcome, 0, len(targets))
	for _, t := range targets {
		out = append(out, Outcome{Target: t.Name, Verdict: t.Check(results)})
	}
	return out
}
