// Package checks holds what blast builds on the outage core (package
// analyzer) to judge a system rather than one scenario: the resilience
// matrix (every region and zone taken down on its own), the check suite
// run on both sides of a change, their comparison (Compare), and the
// policies, suppressions and verdict of blast check (Evaluate).
//
// It imports analyzer and graph; analyzer never imports it. render draws
// what it computes, and only cmd calls it.
package checks
