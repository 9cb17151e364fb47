package gateway

import "syscall"

// smallSocket gives a test client's socket a small receive buffer and an
// Ethernet-sized segment: with loopback's 64 KiB segments, a receive buffer
// smaller than a segment never reopens its window.
func smallSocket(_, _ string, rc syscall.RawConn) error {
	var err error
	cerr := rc.Control(func(fd uintptr) {
		if err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 1460); err == nil {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, smallBuffer)
		}
	})
	if cerr != nil {
		return cerr
	}
	return err
}
