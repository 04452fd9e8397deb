// Command blast is a dependency blast-radius analyzer for cloud systems.
package main

import (
	"os"

	"github.com/blast-dev/blast/cmd"
)

func main() { os.Exit(cmd.Execute()) }
