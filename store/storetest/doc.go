// Package storetest is the conformance suite every Parley store passes: the
// embedded default (store/sqlite) and PostgreSQL (store/postgres). Store (in
// contract.go) is the contract, with the semantics in its comments; Run
// checks each of them in a named subtest; RunNodes checks the desk's claims
// racing through two stores on one database, as two nodes do.
//
// A store's own test calls Run with a constructor for fresh, empty stores.
// Subtests run in parallel, each on its own store, and several race many
// goroutines against one store, so run it with -race. The suite never sleeps:
// concurrent cases start together on a closed channel and wait on a WaitGroup.
//
// It imports the root package and the standard library only, so a store's
// tests can import it without cycles; production code never does.
package storetest
