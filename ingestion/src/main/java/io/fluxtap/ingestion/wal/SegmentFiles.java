package io.fluxtap.ingestion.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Naming and listing of segment files. */
final class SegmentFiles {

    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.wal");

    private SegmentFiles() {
    }

    static Path path(Path directory, long firstLsn) {
        return directory.resolve(String.format("%020d.wal", firstLsn));
    }

    record Segment(long firstLsn, Path path) {
    }

    /** The directory's segments, oldest first. Other files are left alone. */
    static List<Segment> list(Path directory) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    segments.add(new Segment(Long.parseLong(m.group(1)), file));
                }
            });
        }
        segments.sort((a, b) -> Long.compare(a.firstLsn(), b.firstLsn()));
        return segments;
    }

    /** Makes a created or deleted directory entry durable, not only the file contents. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
