package io.fluxtap.tools.loadgen.source;

/**
 * Where request bodies come from. Implementations prepare their bodies ahead of the run so that producing
 * one during the run costs next to nothing: the generator must measure the server, not itself.
 * Called concurrently by every sender.
 */
public interface PayloadSource {

    /** The next body, carrying {@code maxItems} items or, when that is less than a full batch, exactly that many. */
    Payload next(int maxItems);

    /** What is being sent, for the summary (e.g. "loghub HDFS (2000 lines)"). */
    String description();
}
