// Command external-dns is upstream external-dns (sigs.k8s.io/external-dns, its own main), built by
// scripts/k8s-test-binaries.sh for Rend's operator tests, which run it with the crd source and the
// inmemory provider beside the test API server. go.mod says why it is wrapped in a module.
package main

import (
	_ "k8s.io/client-go/plugin/pkg/client/auth"

	"sigs.k8s.io/external-dns/controller"
)

func main() {
	controller.Execute()
}
