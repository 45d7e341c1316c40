package io.fluxtap.storage.duck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMigrationsTest {

    private static final Migration V2 = new Migration(2, "extra", "CREATE TABLE extra (x INTEGER); INSERT INTO extra VALUES (42);");

    @TempDir
    Path tmp;

    @Test
    void appliesOnlyTheMigrationsNewerThanTheFile() throws Exception {
        try (Connection c = connect()) {
            List<Migration> v1Only = List.of(SchemaMigrations.ALL.getFirst());
            assertEquals(List.of(1), SchemaMigrations.apply(c, v1Only));
            assertEquals(List.of(), SchemaMigrations.apply(c, v1Only));
            assertEquals(List.of(2), SchemaMigrations.apply(c, List.of(V2, SchemaMigrations.ALL.getFirst())));
            assertEquals(List.of(), SchemaMigrations.apply(c, List.of(SchemaMigrations.ALL.getFirst(), V2)));
            assertEquals(2, SchemaMigrations.currentVersion(c));
            assertEquals(1, count(c, "SELECT count(*) FROM extra"), "V2's insert ran once");
            assertTrue(c.getAutoCommit(), "the caller's auto-commit mode is restored");
        }
    }

    @Test
    void aFailingMigrationLeavesTheFileAtTheLastGoodVersion() throws Exception {
        Migration broken = new Migration(2, "broken", "CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;");
        try (Connection c = connect()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> SchemaMigrations.apply(c, List.of(SchemaMigrations.ALL.getFirst(), broken)));
            assertTrue(e.getMessage().startsWith("migration V2 (broken) failed"), e.getMessage());
            assertEquals(1, SchemaMigrations.currentVersion(c));
            assertEquals(0, count(c, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'"),
                    "the failed migration's first statement was rolled back");
            assertEquals(List.of(2), SchemaMigrations.apply(c, List.of(SchemaMigrations.ALL.getFirst(), V2)));
        }
    }

    @Test
    void theShippedMigrationsApplyInOrderOnAFreshFile() throws Exception {
        try (Connection c = connect()) {
            List<Integer> expected = SchemaMigrations.ALL.stream().map(Migration::version).toList();
            assertEquals(expected, SchemaMigrations.apply(c, SchemaMigrations.ALL));
            assertEquals(expected.getLast(), SchemaMigrations.currentVersion(c));
        }
    }

    @Test
    void versionsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Migration(0, "zero", "SELECT 1"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("m.duckdb"));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
