package io.fluxtap.dist.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OTLP/gRPC client of another HTTP/2 implementation than grpc-java, run as a process: the gRPC C-core
 * (Debian's python3-grpcio) or Node's @grpc/grpc-js. Each sends the serialized request bytes the test wrote
 * through a generic unary call and prints the status it got.
 */
enum GrpcClient {

    /** The C-core, as the OpenTelemetry SDKs for Python, C++, Ruby and PHP use it. */
    C_CORE {
        @Override
        List<String> command() {
            return List.of("/usr/bin/python3", script("otlp_grpc_export.py").toString());
        }
    },

    /** Node's pure-JavaScript gRPC, as the OpenTelemetry JS exporter uses it. */
    GRPC_JS {
        @Override
        List<String> command() {
            Path dir = installGrpcJs();
            return List.of("node", dir.resolve("otlp_grpc_export.js").toString());
        }
    };

    private static final Path WORK = Path.of("target", "grpc-clients");
    private static final long NPM_TIMEOUT_SECONDS = 240;

    /** The status the server answered. */
    record Answer(String code, String details, String responseHex) {
    }

    abstract List<String> command();

    Answer export(String target, String fullMethodName, byte[] request, boolean gzip) {
        try {
            Files.createDirectories(WORK);
            Path file = Files.createTempFile(WORK, "request-", ".bin");
            Files.write(file, request);
            List<String> command = new ArrayList<>(command());
            command.addAll(List.of(target, "/" + fullMethodName, file.toString()));
            if (gzip) {
                command.add("gzip");
            }
            String out = run(command, 60);
            Files.deleteIfExists(file);
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            JsonNode json = TestHttp.JSON.readTree(last);
            return new Answer(json.get("code").asText(), json.get("details").asText(), json.get("response").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path script(String name) {
        try (InputStream in = GrpcClient.class.getResourceAsStream("/grpc-clients/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource grpc-clients/" + name + " is missing");
            }
            Files.createDirectories(WORK);
            Path target = WORK.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** npm-installs @grpc/grpc-js beside the script once per build (kept in target/). */
    private static Path installGrpcJs() {
        Path dir = WORK.resolve("grpc-js");
        try {
            Files.createDirectories(dir);
            Files.copy(script("package.json"), dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(script("otlp_grpc_export.js"), dir.resolve("otlp_grpc_export.js"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@grpc/grpc-js"))) {
            try {
                run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--prefix", dir.toString()),
                        NPM_TIMEOUT_SECONDS);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot npm-install @grpc/grpc-js into " + dir
                        + " (is the npm registry reachable?): " + e.getMessage(), e);
            }
        }
        return dir;
    }

    private static String run(List<String> command, long timeoutSeconds) {
        try {
            Files.createDirectories(WORK);
            Path log = Files.createTempFile(WORK, "client-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within "
                        + timeoutSeconds + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
