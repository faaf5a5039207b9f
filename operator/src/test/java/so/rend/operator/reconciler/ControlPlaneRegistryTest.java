package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ControlPlaneRegistryTest {
  @Test
  void readsRendApisRegistrationAnswer() {
    var healthy = ControlPlaneRegistry.parse("{\"edge_id\":\"n1\",\"healthy\":true,\"last_heartbeat_at\":\"2026-11-26T10:00:00Z\"}");
    assertThat(healthy.registered()).isTrue();
    assertThat(healthy.lastHeartbeatAt()).isEqualTo("2026-11-26T10:00:00Z");

    var stale = ControlPlaneRegistry.parse("{\"edge_id\":\"n1\",\"healthy\":false,\"last_heartbeat_at\":\"2026-11-20T10:00:00Z\"}");
    assertThat(stale.registered()).isFalse();
    assertThat(stale.lastHeartbeatAt()).isEqualTo("2026-11-20T10:00:00Z");
  }

  @Test
  void anythingElseIsUnknownNotUnregistered() throws Exception {
    assertThat(ControlPlaneRegistry.parse("<html>proxy error</html>").registered()).isNull();
    assertThat(ControlPlaneRegistry.parse("{\"status\":\"ok\"}").registered()).isNull();

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var unreachable = new ControlPlaneRegistry().lookup("http://127.0.0.1:" + closedPort, "token", "n1");
    assertThat(unreachable.registered()).isNull();
    assertThat(unreachable.problem()).startsWith("control plane unreachable");

    var noToken = new ControlPlaneRegistry().lookup("http://127.0.0.1:" + closedPort, null, "n1");
    assertThat(noToken.registered()).isNull();
    assertThat(noToken.problem()).contains("no internal token");
  }
}
