package so.rend.worker.queue;

/** Error text cut to fit a column, an event or a log line. */
final class ErrorText {

    private ErrorText() {}

    /**
     * The last {@code max} characters (ffmpeg's last lines say what went wrong), "…" marking a cut.
     */
    static String tail(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }
}
