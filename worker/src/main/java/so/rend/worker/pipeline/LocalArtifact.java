package so.rend.worker.pipeline;

import java.nio.file.Path;

/** An artifact the pipeline wrote to its work directory, and the row it gets once uploaded. */
record LocalArtifact(Artifact artifact, Path file) {}
