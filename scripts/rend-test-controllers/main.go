// Command rend-test-controllers runs some of kube-controller-manager's controllers — the garbage
// collector and the DaemonSet, Deployment and ReplicaSet controllers — against the API server of a
// kubeconfig. For Rend's tests on a bare kube-apiserver: kube-controller-manager itself cannot be
// built from the Go module proxy (its module k8s.io/endpointslice is not served there), but these
// controllers' packages can. scripts/k8s-test-binaries.sh copies this file into a throwaway module
// that requires k8s.io/kubernetes and builds it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/controller-manager/pkg/informerfactory"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/controller/daemon"
	"k8s.io/kubernetes/pkg/controller/deployment"
	"k8s.io/kubernetes/pkg/controller/garbagecollector"
	"k8s.io/kubernetes/pkg/controller/replicaset"
)

// Set by the build script: the hash of this file and the Kubernetes release it is built against.
var revision, kubernetesVersion = "dev", "unknown"

type controllers struct {
	config    *rest.Config
	informers informers.SharedInformerFactory
}

// client gives each controller its own user agent, as kube-controller-manager's ClientBuilder
// does, so the API server's logs and audit events name the controller.
func (c controllers) client(name string) kubernetes.Interface {
	return kubernetes.NewForConfigOrDie(rest.AddUserAgent(c.config, name))
}

func (c controllers) daemonSet(ctx context.Context) {
	apps := c.informers.Apps().V1()
	dsc, err := daemon.NewDaemonSetsController(ctx, apps.DaemonSets(), apps.ControllerRevisions(),
		c.informers.Core().V1().Pods(), c.informers.Core().V1().Nodes(),
		c.client("daemon-set-controller"), flowcontrol.NewBackOff(time.Second, 15*time.Minute))
	if err != nil {
		klog.Fatalf("daemonset controller: %v", err)
	}
	go dsc.Run(ctx, 2)
}

func (c controllers) deployment(ctx context.Context) {
	apps := c.informers.Apps().V1()
	dc, err := deployment.NewDeploymentController(ctx, apps.Deployments(), apps.ReplicaSets(),
		c.informers.Core().V1().Pods(), c.client("deployment-controller"))
	if err != nil {
		klog.Fatalf("deployment controller: %v", err)
	}
	go dc.Run(ctx, 2)
}

func (c controllers) replicaSet(ctx context.Context) {
	rsc := replicaset.NewReplicaSetController(ctx, c.informers.Apps().V1().ReplicaSets(),
		c.informers.Core().V1().Pods(), c.client("replicaset-controller"), replicaset.BurstReplicas)
	go rsc.Run(ctx, 2)
}

// garbageCollector deletes what a deleted owner owned; it starts watching once started is closed.
func (c controllers) garbageCollector(ctx context.Context, started <-chan struct{},
	metadataInformers metadatainformer.SharedInformerFactory, syncPeriod time.Duration) {
	client := c.client("generic-garbage-collector")
	metadataClient := metadata.NewForConfigOrDie(rest.AddUserAgent(c.config, "generic-garbage-collector"))
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(client.Discovery()))
	go wait.Until(mapper.Reset, syncPeriod, ctx.Done())
	ignored := map[schema.GroupResource]struct{}{{Group: "", Resource: "events"}: {}}
	gc, err := garbagecollector.NewGarbageCollector(ctx, client, metadataClient, mapper, ignored,
		informerfactory.NewInformerFactory(c.informers, metadataInformers), started)
	if err != nil {
		klog.Fatalf("garbage collector: %v", err)
	}
	go gc.Run(ctx, 4, 30*time.Second)
	go gc.Sync(ctx, client.Discovery(), syncPeriod)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server")
	enabled := flag.String("controllers", "garbagecollector,daemonset,deployment,replicaset",
		"comma-separated controllers to run")
	syncPeriod := flag.Duration("sync-period", 2*time.Second,
		"how often the garbage collector picks up newly served resources (CRDs)")
	version := flag.Bool("version", false, "print the version and exit")
	klog.InitFlags(nil)
	flag.Parse()
	if *version {
		fmt.Printf("rend-test-controllers %s (k8s.io/kubernetes %s)\n", revision, kubernetesVersion)
		return
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.Fatalf("kubeconfig: %v", err)
	}
	config.QPS, config.Burst = 100, 200
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	c := controllers{config: config}
	c.informers = informers.NewSharedInformerFactory(c.client("shared-informers"), 0)
	metadataInformers := metadatainformer.NewSharedInformerFactory(
		metadata.NewForConfigOrDie(rest.AddUserAgent(config, "shared-informers")), 0)
	started := make(chan struct{})
	for _, name := range strings.Split(*enabled, ",") {
		switch strings.TrimSpace(name) {
		case "garbagecollector":
			c.garbageCollector(ctx, started, metadataInformers, *syncPeriod)
		case "daemonset":
			c.daemonSet(ctx)
		case "deployment":
			c.deployment(ctx)
		case "replicaset":
			c.replicaSet(ctx)
		default:
			klog.Fatalf("unknown controller %q", name)
		}
		klog.Infof("started %s", name)
	}
	c.informers.Start(ctx.Done())
	metadataInformers.Start(ctx.Done())
	close(started)
	<-ctx.Done()
}
