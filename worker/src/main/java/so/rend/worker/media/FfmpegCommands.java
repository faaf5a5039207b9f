package so.rend.worker.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import so.rend.worker.hls.HlsLadder;
import so.rend.worker.hls.Rendition;

/** The ffprobe and ffmpeg command lines of the pipeline, as plain functions of their inputs. */
public final class FfmpegCommands {

    private FfmpegCommands() {}

    /** ffprobe's verdict as JSON, opening {@code input} only as an allowed container. */
    public static List<String> probe(Path ffprobe, SourceInput input) {
        List<String> args = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
        args.addAll(input.options());
        args.addAll(
                List.of(
                        "-print_format",
                        "json",
                        "-show_format",
                        "-show_streams",
                        input.location()));
        return args;
    }

    /** The opener's frame size: the source scaled to the opener's short side, never up. */
    public static Rendition openerSize(SourceProbe probe, EncodingSettings settings) {
        int shortSide =
                Math.min(Math.min(probe.width(), probe.height()), settings.openerShortSide());
        return HlsLadder.scaled(
                probe.width(),
                probe.height(),
                shortSide - shortSide % 2,
                settings.openerVideoKbps());
    }

    /**
     * The first {@code openerSeconds} as a small faststart MP4: ultrafast, keyframes on the segment
     * grid, only that much of the source decoded. It needs no probe result (the scale is an
     * expression of the input size, audio is mapped when present), so it can run while ffprobe does
     * and read the source straight from a URL; with no container named yet, the same allow-list as
     * the probe's bounds what it opens. Nor has the probe's size been checked yet: the decoder
     * refuses frames of more than {@code maxPixels} ({@code -max_pixels}), so an oversized source
     * fails here at once instead of decoding its first seconds.
     */
    public static List<String> opener(
            Path ffmpeg, SourceInput input, EncodingSettings settings, long maxPixels, Path out) {
        int s = settings.openerShortSide() - settings.openerShortSide() % 2;
        String scale =
                "scale=w='if(gte(iw,ih),-2,trunc(min("
                        + s
                        + ",iw)/2)*2)'"
                        + ":h='if(gte(iw,ih),trunc(min("
                        + s
                        + ",ih)/2)*2,-2)',setsar=1";
        List<String> args = base(ffmpeg);
        args.addAll(input.options());
        args.addAll(
                List.of(
                        "-max_pixels",
                        Long.toString(Math.min(maxPixels, Integer.MAX_VALUE)),
                        "-t",
                        Integer.toString(settings.openerSeconds()),
                        "-i",
                        input.location(),
                        "-map",
                        "0:v:0",
                        "-map",
                        "0:a:0?",
                        "-vf",
                        scale,
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-b:v",
                        settings.openerVideoKbps() + "k",
                        "-maxrate",
                        settings.openerVideoKbps() * 107 / 100 + "k",
                        "-bufsize",
                        settings.openerVideoKbps() * 2 + "k",
                        "-force_key_frames",
                        "expr:gte(t,n_forced*" + settings.segmentSeconds() + ")",
                        "-sc_threshold",
                        "0"));
        args.addAll(audio(settings));
        args.addAll(
                List.of(
                        "-movflags",
                        "+faststart",
                        "-t",
                        Integer.toString(settings.openerSeconds()),
                        "-f",
                        "mp4",
                        out.toString()));
        return args;
    }

    /** One JPEG from a second in (or the middle of a shorter video). */
    public static List<String> thumbnail(
            Path ffmpeg,
            SourceInput source,
            SourceProbe probe,
            EncodingSettings settings,
            Path out) {
        int shortSide =
                Math.min(Math.min(probe.width(), probe.height()), settings.thumbnailShortSide());
        Rendition size =
                HlsLadder.scaled(probe.width(), probe.height(), shortSide - shortSide % 2, 0);
        double at = Math.min(1.0, probe.durationSeconds() / 2);
        List<String> args = base(ffmpeg);
        args.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", at)));
        args.addAll(source.options());
        args.addAll(
                List.of(
                        "-i",
                        source.location(),
                        "-map",
                        "0:v:0",
                        "-frames:v",
                        "1",
                        "-vf",
                        scale(size),
                        "-q:v",
                        "3",
                        "-f",
                        "image2",
                        out.toString()));
        return args;
    }

    /**
     * The whole ladder from one decode: the video is split once and scaled per rendition, each
     * rendition written by the hls muxer as 2 s CMAF (fMP4) segments with its own init segment and
     * media playlist under {@code hlsDir/<rendition>/}.
     */
    public static List<String> ladder(
            Path ffmpeg,
            SourceInput source,
            SourceProbe probe,
            List<Rendition> renditions,
            EncodingSettings settings,
            Path hlsDir) {
        List<String> args = base(ffmpeg);
        args.addAll(source.options());
        args.addAll(List.of("-i", source.location(), "-filter_complex", splitAndScale(renditions)));
        for (int i = 0; i < renditions.size(); i++) {
            args.addAll(renditionOutput(i, renditions.get(i), probe, settings, hlsDir));
        }
        return args;
    }

    /** One decode split into {@code [v0]…[vN]}, each scaled to its rendition. */
    private static String splitAndScale(List<Rendition> renditions) {
        StringBuilder graph = new StringBuilder("[0:v:0]split=").append(renditions.size());
        for (int i = 0; i < renditions.size(); i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < renditions.size(); i++) {
            graph.append(";[s")
                    .append(i)
                    .append(']')
                    .append(scale(renditions.get(i)))
                    .append("[v")
                    .append(i)
                    .append(']');
        }
        return graph.toString();
    }

    /** The output options of rendition {@code i}: its encode and its hls muxer. */
    private static List<String> renditionOutput(
            int i, Rendition r, SourceProbe probe, EncodingSettings settings, Path hlsDir) {
        Path dir = hlsDir.resolve(r.name());
        List<String> args = new ArrayList<>(List.of("-map", "[v" + i + "]"));
        if (probe.hasAudio()) {
            args.addAll(List.of("-map", "0:a:0"));
        }
        args.addAll(
                List.of(
                        "-c:v",
                        "libx264",
                        "-preset",
                        settings.ladderPreset(),
                        "-profile:v",
                        "high",
                        "-pix_fmt",
                        "yuv420p",
                        "-b:v",
                        r.videoKbps() + "k",
                        "-maxrate",
                        r.maxKbps() + "k",
                        "-bufsize",
                        r.videoKbps() * 2 + "k"));
        args.addAll(keyframes(probe, settings));
        if (probe.hasAudio()) {
            args.addAll(audio(settings));
        }
        args.addAll(
                List.of(
                        "-f",
                        "hls",
                        "-hls_time",
                        Integer.toString(settings.segmentSeconds()),
                        "-hls_playlist_type",
                        "vod",
                        "-hls_segment_type",
                        "fmp4",
                        "-hls_flags",
                        "independent_segments",
                        "-hls_fmp4_init_filename",
                        "init.mp4",
                        "-hls_segment_filename",
                        dir.resolve("segment_%05d.m4s").toString(),
                        dir.resolve("index.m3u8").toString()));
        return args;
    }

    private static List<String> base(Path ffmpeg) {
        return new ArrayList<>(
                List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    }

    private static String scale(Rendition size) {
        return "scale=" + size.width() + ":" + size.height() + ",setsar=1";
    }

    /**
     * A keyframe on every segment boundary and, with a known frame rate, closed GOPs of exactly
     * that length.
     */
    private static List<String> keyframes(SourceProbe probe, EncodingSettings settings) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-force_key_frames",
                                "expr:gte(t,n_forced*" + settings.segmentSeconds() + ")",
                                "-sc_threshold",
                                "0"));
        if (probe.frameRate() > 0) {
            String gop =
                    Long.toString(
                            Math.max(1, Math.round(probe.frameRate() * settings.segmentSeconds())));
            args.addAll(List.of("-g", gop, "-keyint_min", gop));
        }
        return args;
    }

    private static List<String> audio(EncodingSettings settings) {
        return List.of(
                "-c:a", "aac", "-b:a", settings.audioKbps() + "k", "-ac", "2", "-ar", "48000");
    }
}
