package so.rend.operator.customresource;

/**
 * What an image field of Rend's resources accepts: a reference pinned by a tag or a digest, never a
 * bare name (which means {@code latest}) or {@code :latest}, so that what runs is what was tested
 * and a change of image is a change of the pod template (which rolls the pods).
 */
final class ImageReference {
    /**
     * [registry[:port]/]path[:tag][@sha256:digest], with a tag or a digest or both (RE2, as the API
     * server matches it).
     */
    static final String PINNED =
            "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?"
                    + "|@sha256:[a-f0-9]{64})$";

    static final String NOT_LATEST = "!self.endsWith(':latest')";
    static final String NOT_LATEST_MESSAGE =
            "pin the image with a version tag or a digest, not :latest";

    private ImageReference() {}
}
