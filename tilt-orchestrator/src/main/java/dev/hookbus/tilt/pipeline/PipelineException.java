package dev.hookbus.tilt.pipeline;

/** A pipeline file that cannot be used, or a pipeline or step that does not exist; the message is one clear line. */
public class PipelineException extends RuntimeException {
    public PipelineException(String message) {
        super(message);
    }
}
