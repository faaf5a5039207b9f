package so.rend.operator.customresource;

public enum ImagePullPolicy {
    Always,
    IfNotPresent,
    Never
}
