package io.fluxtap.ingestion.otlp.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.otlp.http.OtlpHttpServiceTest;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP/gRPC server as the application runs it: up with the container (after the lanes), serving a
 * grpc-java client, and closed when the container stops, before the lanes drain, so nothing arrives while they do.
 */
class OtlpGrpcServerCdiTest {

    private final List<String> lifecycle = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lifecycle.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger serverLog = Logger.getLogger(OtlpGrpcServer.class.getName());
    private final Logger lanesLog = Logger.getLogger("io.fluxtap.ingestion.lane.LaneRouter");

    @TempDir
    Path dataDir;
    private SeContainer container;

    @BeforeEach
    void boot() {
        serverLog.addHandler(capture);
        lanesLog.addHandler(capture);
        TestServerConfig.register(dataDir, Map.of());
        container = SeContainerInitializer.newInstance().addBeanClasses(InMemoryRecordSink.class).initialize();
    }

    @AfterEach
    void shutDown() {
        if (container != null && container.isRunning()) {
            container.close();
        }
        TestServerConfig.release();
        serverLog.removeHandler(capture);
        lanesLog.removeHandler(capture);
    }

    @Test
    void servesWithTheApplicationAndStopsBeforeTheLanesDrain() throws Exception {
        int port = container.select(OtlpGrpcServer.class).get().port();
        InMemoryRecordSink sink = container.select(InMemoryRecordSink.class).get();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create())
                .build();
        try {
            ExportLogsServiceResponse response = LogsServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .export(OtlpHttpServiceTest.request("over grpc-java"));
            assertEquals(ExportLogsServiceResponse.getDefaultInstance(), response);
            sink.awaitRecords(1, Duration.ofSeconds(20));
            assertEquals("over grpc-java", sink.records().getFirst().body());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        container.close();
        int stopped = indexOf("OTLP/gRPC receiver stopped");
        int drained = indexOf("lanes drained");
        assertTrue(stopped >= 0 && drained >= 0 && stopped < drained, "gRPC stops before the lanes drain: " + lifecycle);
        assertThrows(ConnectException.class, () -> {
            try (Socket ignored = new Socket("localhost", port)) {
                throw new AssertionError("port " + port + " still accepts connections");
            }
        });
    }

    private int indexOf(String prefix) {
        for (int i = 0; i < lifecycle.size(); i++) {
            if (lifecycle.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
