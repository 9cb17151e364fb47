//go:build !unix

package bench

import (
	"math"
	"time"
)

func openFileLimit() int { return math.MaxInt32 }

func selfCPU() time.Duration { return 0 }
