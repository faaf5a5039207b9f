package so.rend.operator.customresource;

/** Who scales a pool: KEDA where its CRD is installed, the operator's built-in scaler otherwise. */
public enum ScalerKind {
    Auto,
    Keda,
    BuiltIn
}
