{{/* Name of the operator's objects: <release>-operator (so two releases do not collide). */}}
{{- define "rend.operator.name" -}}
{{- printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rend.labels" -}}
app.kubernetes.io/name: rend-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "rend.selectorLabels" -}}
app.kubernetes.io/name: rend-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
What rend-operator needs in each namespace it reconciles: its custom resources, what it runs for
them, and the Secrets and pods it reads. Cluster-wide (watchNamespaces empty) or in a Role per
watched namespace.
*/}}
{{- define "rend.operator.namespacedRules" -}}
# The three custom resources, their status, and the RendEdgeNode finalizer.
- apiGroups: ["rend.so"]
  resources: ["rendregions", "rendedgenodes", "rendencodingpools"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["rend.so"]
  resources: ["rendregions/status", "rendedgenodes/status", "rendencodingpools/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["rend.so"]
  resources: ["rendedgenodes/finalizers"]
  verbs: ["update"]
# Edge DaemonSets, worker and API Deployments, and their Services.
- apiGroups: ["apps"]
  resources: ["daemonsets", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Events on the custom resources: what kubectl describe shows of a rollout.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# The API Deployment's PodDisruptionBudget (read from a watch, like every owned kind).
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Edge pods: readiness drives DNS; the rollout deletes a withdrawn node's pod.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete"]
# The internal token (to warm edges and ask the control plane) and the queue's database URL.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# GeoDNS records for external-dns, and KEDA ScaledObjects.
- apiGroups: ["externaldns.k8s.io"]
  resources: ["dnsendpoints"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["keda.sh"]
  resources: ["scaledobjects"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end -}}

{{/* What it needs of cluster-scoped objects, whatever namespaces it watches. */}}
{{- define "rend.operator.clusterRules" -}}
# RendEdgeNode labels (and optionally taints) its Node.
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get", "list", "watch", "patch", "update"]
# Whether external-dns' and KEDA's CRDs are installed.
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get"]
{{- end -}}
