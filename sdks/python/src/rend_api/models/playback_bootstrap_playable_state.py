from enum import StrEnum


class PlaybackBootstrapPlayableState(StrEnum):
    HLS_READY = "hls_ready"
    OPENER_READY = "opener_ready"

    def __str__(self) -> str:
        return str(self.value)
