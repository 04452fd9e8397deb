package analyzer

import (
	"strconv"

	"github.com/blast-dev/blast/graph"
)

// The k-of-n rule of redundancy groups, in one place: a dependent that
// needs k of its n members fails when fewer than k serve, is degraded
// while any member is lost or degraded, and is healthy otherwise. A soft
// group (every member edge soft) never fails its dependent, it degrades
// it. Propagation (Run), the explanations and the inference of spreads
// all go through these functions.

// needed is how many of a group's n members must serve: the declared
// need, at most n and at least 1. An empty group needs one member, so
// it gives failed (degraded when soft) as soon as it is evaluated.
func needed(declared, n int) int {
	return max(min(declared, n), 1)
}

// needFrom reads the platform knowledge's need for a group of n members:
// "" or "1" (any one), "majority" (more than half), or a number; a
// number that is not positive reads as 1.
func needFrom(spec string, n int) int {
	switch spec {
	case "", "1":
		return 1
	case "majority":
		return needed(n/2+1, n)
	}
	k, err := strconv.Atoi(spec)
	if err != nil || k < 1 {
		return 1
	}
	return needed(k, n)
}

// groupState is the state a redundancy group of n members that needs
// need gives its dependent, with dead members failed and sick ones
// degraded: fewer live members than needed fails it (only degrades it
// for soft groups), any loss or degradation degrades it.
func groupState(kind graph.EdgeKind, n, need, dead, sick int) State {
	var s State
	switch {
	case n-dead < needed(need, n):
		s = Failed
	case dead > 0 || sick > 0:
		s = Degraded
	}
	if kind == graph.Soft && s == Failed {
		s = Degraded
	}
	return s
}
