package so.rend.worker.hls;

/**
 * One rung of the HLS ladder: a name that is also its folder under {@code hls/}, the encoded frame
 * size and the video bitrate the encoder aims at.
 */
public record Rendition(String name, int width, int height, int videoKbps) {

    /**
     * The encoder's peak allowance: x264 keeps each 2 s window near this with -maxrate/-bufsize.
     */
    public int maxKbps() {
        return videoKbps * 107 / 100;
    }
}
