export { RendPlayer, type BootstrapSource } from "./element.js";
export { parseBootstrap, tokenOf, withToken, refreshDelayMs, type Bootstrap } from "./bootstrap.js";
import { RendPlayer } from "./element.js";

if (typeof customElements !== "undefined" && customElements.get("rend-player") === undefined) {
  customElements.define("rend-player", RendPlayer);
}
