package main

import (
	"context"
	"io"

	loadgen "github.com/parley-chat/parley/bench"
)

// bench is `parley bench`, the load generator (docs/performance.md).
func bench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return loadgen.Main(ctx, args, stdout, stderr)
}
