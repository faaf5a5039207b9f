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
