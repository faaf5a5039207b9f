package so.rend.api.auth;

import so.rend.api.beacons.BeaconController;
import so.rend.api.openapi.OpenApiController;
import so.rend.api.uploads.DirectUploadPaths;

/**
 * The {@code /v1/} paths served without an API key, matched exactly (a path in any other spelling
 * is not public): the spec and its reference page, the players' QoE beacons, which a playback token
 * authorizes instead, and direct upload URLs, which carry their own capability.
 */
public final class PublicRoutes {

    private PublicRoutes() {}

    public static boolean isPublic(String path) {
        return OpenApiController.isPublic(path)
                || path.equals(BeaconController.PATH)
                || DirectUploadPaths.isPublic(path);
    }
}
