package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectUploadPathsTest {

    private static final UUID ID = UUID.fromString("0b6f3f0e-8a51-4c36-9a43-3f1d2f6b5e71");

    @Test
    void tokensAre256RandomBitsInBase64UrlAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = DirectUploadPaths.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void onlyTheExactSpellingIsPublicAndItNamesSessionAndToken() {
        String token = DirectUploadPaths.newToken();
        String path = DirectUploadPaths.path(ID, token);
        assertThat(DirectUploadPaths.parse(path))
                .isEqualTo(new DirectUploadPaths.Capability(ID, token));
        for (String odd :
                new String[] {
                    "/" + path,
                    path + "/",
                    path.replace("/v1/", "/v1//"),
                    path.replace("/v1/", "/V1/"),
                    path.replace(ID.toString(), ID.toString().toUpperCase()),
                    path.replace(ID + "/", ID + "%2F"),
                    path.replace(ID + "/", ID + "/./"),
                    path + "/../../../uploads/" + ID,
                    path + ";x=1",
                    path.substring(0, path.length() - 1),
                    "/v1/direct-uploads/" + ID,
                    "/v1/uploads/" + ID,
                }) {
            assertThat(DirectUploadPaths.isPublic(odd)).as(odd).isFalse();
            assertThat(DirectUploadPaths.parse(odd)).as(odd).isNull();
        }
    }

    @Test
    void aTokenMatchesOnlyItsOwnHash() {
        String token = DirectUploadPaths.newToken();
        byte[] stored = DirectUploadPaths.hash(token);
        assertThat(DirectUploadPaths.matches(token, stored)).isTrue();
        assertThat(DirectUploadPaths.matches(DirectUploadPaths.newToken(), stored)).isFalse();
        assertThat(DirectUploadPaths.matches(token.substring(1) + "A", stored)).isFalse();
    }

    @Test
    void redactionHidesTheTokenInAnySpellingOfThePath() {
        String token = DirectUploadPaths.newToken();
        for (String path :
                new String[] {
                    DirectUploadPaths.path(ID, token),
                    DirectUploadPaths.path(ID, token).replace("/v1/", "//v1/"),
                    "/v1/Direct-Uploads/" + ID + "%2F" + token,
                    "/v1/direct-uploads/" + token,
                }) {
            String redacted = DirectUploadPaths.redacted(path);
            assertThat(redacted).as(path).doesNotContain(token).endsWith("/***");
        }
        assertThat(DirectUploadPaths.redacted("/v1/assets/" + ID)).isEqualTo("/v1/assets/" + ID);
    }
}
