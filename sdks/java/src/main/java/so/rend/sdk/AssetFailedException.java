package so.rend.sdk;

/**
 * The asset will not become playable: processing failed ({@code code} is its failure code) or it
 * was deleted ({@code code} is {@code asset_deleted}).
 */
public class AssetFailedException extends RuntimeException {
    private final String assetId;
    private final String code;

    public AssetFailedException(String assetId, String code, String message) {
        super("asset " + assetId + " will not play: " + code + ": " + message);
        this.assetId = assetId;
        this.code = code;
    }

    public String assetId() {
        return assetId;
    }

    public String code() {
        return code;
    }
}
