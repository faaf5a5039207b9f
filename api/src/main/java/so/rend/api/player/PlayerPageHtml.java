package so.rend.api.player;

import java.util.UUID;

/** The harness page: the three-line embed of the README, pointed at the dev bootstrap. */
final class PlayerPageHtml {

    private PlayerPageHtml() {}

    /** {@code asset} is a parsed UUID, so it needs no escaping. */
    static String of(UUID asset) {
        return """
                <!doctype html>
                <html lang="en">
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Rend player: %1$s</title>
                <style>body{margin:0;background:#111;color:#ddd;font:14px system-ui,sans-serif}
                main{max-width:960px;margin:2rem auto;padding:0 1rem}
                rend-player{width:100%%}</style>
                <main>
                <script type="module" src="/player/rend-player.js"></script>
                <rend-player src="/player/bootstrap?asset_id=%1$s" controls autoplay muted></rend-player>
                <p>Asset <code>%1$s</code> (dev mode harness)</p>
                </main>
                </html>
                """
                .formatted(asset);
    }
}
