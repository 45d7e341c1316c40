package io.fluxtap.alerting.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which rule files {@code fluxtap.alerting.rule-files} names: a comma-separated list of files and globs
 * ({@code *}, {@code ?}, {@code [...]} in any path element, as Go's {@code filepath.Glob}), relative ones resolved
 * against the installation ({@code fluxtap.home}) when it is set, else the working directory. As Prometheus'
 * {@code rule_files}, a pattern that matches nothing (a missing file too) gives no file, not an error.
 */
public final class RuleFiles {

    private RuleFiles() {
    }

    /**
     * @param patterns the key's value
     * @param home     {@code fluxtap.home}, null or blank when not set
     * @return the files, each once, in pattern order and, within a pattern, in name order
     * @throws UncheckedIOException when a directory cannot be listed
     */
    public static List<Path> resolve(String patterns, String home) {
        Set<Path> files = new LinkedHashSet<>();
        for (String raw : patterns.split(",")) {
            String pattern = raw.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            Path path = Path.of(pattern);
            if (!path.isAbsolute() && home != null && !home.isBlank()) {
                path = Path.of(home).resolve(path);
            }
            files.addAll(glob(path.normalize()));
        }
        return List.copyOf(files);
    }

    private static boolean isGlob(String element) {
        return element.contains("*") || element.contains("?") || element.contains("[");
    }

    private static List<Path> glob(Path path) {
        // The longest prefix without glob characters is where the search starts.
        Path base = path.getRoot();
        int first = 0;
        for (; first < path.getNameCount(); first++) {
            String element = path.getName(first).toString();
            if (isGlob(element)) {
                break;
            }
            base = base == null ? Path.of(element) : base.resolve(element);
        }
        if (first == path.getNameCount()) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        Path start = base == null ? Path.of("") : base;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        int depth = path.getNameCount() - first;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path.subpath(first, path.getNameCount()));
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start, depth)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> start.relativize(p).getNameCount() == depth)
                    .filter(p -> matcher.matches(start.relativize(p)))
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
        return found;
    }
}
