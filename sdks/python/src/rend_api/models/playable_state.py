from enum import StrEnum


class PlayableState(StrEnum):
    FAILED = "failed"
    HLS_READY = "hls_ready"
    NOT_PLAYABLE = "not_playable"
    OPENER_READY = "opener_ready"

    def __str__(self) -> str:
        return str(self.value)
