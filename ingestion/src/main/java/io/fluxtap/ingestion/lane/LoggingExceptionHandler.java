package io.fluxtap.ingestion.lane;

import com.lmax.disruptor.ExceptionHandler;
import io.fluxtap.api.Lane;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Reports a failure inside the lane consumer and keeps the consumer running. */
final class LoggingExceptionHandler implements ExceptionHandler<RecordEvent> {

    private static final Logger LOG = System.getLogger(LoggingExceptionHandler.class.getName());

    private final Lane lane;

    LoggingExceptionHandler(Lane lane) {
        this.lane = lane;
    }

    @Override
    public void handleEventException(Throwable ex, long sequence, RecordEvent event) {
        LOG.log(Level.ERROR, "lane " + lane + ": unexpected failure in the consumer at sequence " + sequence, ex);
    }

    @Override
    public void handleOnStartException(Throwable ex) {
        LOG.log(Level.ERROR, "lane " + lane + ": the consumer failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
        LOG.log(Level.ERROR, "lane " + lane + ": the consumer failed to shut down cleanly", ex);
    }
}
