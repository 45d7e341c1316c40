package io.fluxtap.dist.ops;

/** The running Fluxtap's version, from its jar's manifest ({@code Implementation-Version}). */
final class FluxtapVersion {

    private FluxtapVersion() {
    }

    /** The version, or {@code development} when the classes do not come from a built jar (an IDE, a test). */
    static String current() {
        String version = FluxtapVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "development" : version;
    }
}
