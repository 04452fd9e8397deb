package explore

// The help of blast explore, kept with the page it describes (cmd
// stays thin).
const (
	// Short is the one-line help.
	Short = "Write a page to tick failure domains and watch the blast radius, offline"
	// Long is the full help.
	Long = `Write one self-contained HTML page of the system: tick failure domains
(providers, regions, zones, regional services, named scenarios) in any
combination and the page re-runs blast's own analysis, compiled to
WebAssembly, in the browser. No server and no network: open the file, or
attach it to a ticket.

The page shows the diagram of --format svg (the same clustering, colours
and collapse; a collapsed box lists its nodes on click), the counts, the
services, every impacted node and the resilience matrix (its first 300
rows, and how many more: blast matrix lists them all). The data panel
is whatif's Data section for the selection: each store whose primary goes
down is "data at risk", "unavailable" or "served from a copy", with its
copies, the surviving one and the loss window. The risk panel lists the
minimal risk groups of up to two domains and the shared fate, as blast
risk --order 2 does (computed when the page is written); picking a set
ticks it. On a node: its state, the why chain link by link, the
redundancy lost and left, its scope, placement and source; search by
address or name, and focus on a node's neighbourhood. "compare: B" keeps
a second selection and lists what B newly fails. The selection lives in
the URL fragment: a link reproduces the view. State is shown by word,
symbol and border as well as colour.

Secrets: the page holds identities, names and locations of the inputs,
never attribute values from state (blast.toml's [platform] and
[[scenario]] sections travel too, for the analysis).

--serve serves the same page on --addr (127.0.0.1 by default: this
machine only), read-only, GET only, until interrupted.`
	// Example shows the commands.
	Example = `  blast explore -o blast.html prod.tfstate services.toml
  blast explore -o blast.html states/                  # a whole directory
  blast explore --serve states/                        # http://127.0.0.1:8321/
  blast explore -o demo.html                           # the built-in demo system`
)

// DefaultAddr is where --serve listens unless told: this machine only.
const DefaultAddr = "127.0.0.1:8321"
